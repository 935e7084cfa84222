"""The VBA module xlwings writes for the Excel functions compiles: argument names are VBA identifiers.

``ImportPythonUDFs`` (``xlwings.udfs.import_udfs``) writes one VBA module ``xlwings_udfs`` with a
wrapper ``Function NAME(arg1, Optional arg2 …)`` per Python function, using the Python argument
names as VBA parameter names.  One name VBA cannot take (``end``, ``date``, ``string`` …) and the
module does not compile: none of the functions reach Excel.  Here xlwings' own ``import_udfs`` runs
in a subprocess with pywin32 stubbed (the workbook is a mock whose ``VBComponents.Import`` keeps the
file xlwings wrote), and the module is parsed with a maintained VBA grammar (PyPI ``antlr4-vba``),
and every argument name is checked against the reserved identifiers of the VBA language
specification, the identifiers xlwings' wrapper itself uses, and Excel's function names.
"""

from __future__ import annotations

import gc
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

antlr4 = pytest.importorskip("antlr4", reason="antlr4-vba is in the test extras")
from antlr4.error.ErrorListener import ErrorListener  # noqa: E402
from antlr4_vba.vba_ccLexer import vba_ccLexer  # noqa: E402
from antlr4_vba.vba_ccParser import vba_ccParser  # noqa: E402
from antlr4_vba.vbaLexer import vbaLexer  # noqa: E402
from antlr4_vba.vbaParser import vbaParser  # noqa: E402

import greendiag.addin.udfs as udfs  # noqa: E402

UDFS_SOURCE = Path(udfs.__file__)

# [MS-VBAL] VBA Language Specification 1.0, 3.3.5.2 "Reserved Identifiers and IDENTIFIER": a
# reserved identifier is none of the following (case-insensitive).
VBA_RESERVED = frozenset(
    w.lower()
    for w in """
    Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng DefLngLng DefLngPtr
    DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase Event Exit For Friend Function Get
    Global GoSub GoTo If Implements Input Let Lock Loop LSet Next On Open Option Print Private Public Put
    RaiseEvent ReDim Resume Return RSet Seek Select Set Static Stop Sub Type Unlock Wend While With Write
    Rem
    Any As ByRef ByVal Each In New Shared Until WithEvents Optional ParamArray Preserve Spc Tab Then To
    AddressOf And Eqv Imp Is Like Mod Not Or TypeOf Xor
    Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr Date Debug DoEvents
    Fix Int Len LenB Me PSet Scale Sgn String
    Array Circle InputB LBound UBound
    Boolean Byte Currency Double Integer Long LongLong LongPtr Single Variant
    True False Nothing Empty Null
    Attribute LINEINPUT VB_Base VB_Control VB_Creatable VB_Customizable VB_Description VB_Exposed VB_Ext_KEY
    VB_GlobalNameSpace VB_HelpID VB_Invoke_Func VB_Invoke_Property VB_Invoke_PropertyPut
    VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId VB_ProcData VB_TemplateDerived
    VB_UserMemId VB_VarDescription VB_VarHelpID VB_VarMemberFlags VB_VarProcData VB_VarUserMemId
    CDecl Decimal DefDec
    """.split()
)
VBA_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,254}")  # [MS-VBAL] 3.3.5: letter, then letters/digits/_

_PROBE = r"""
import importlib, importlib.util, json, sys
from pathlib import Path
from unittest import mock

for name in ("pythoncom", "pywintypes", "win32api", "win32con", "win32com", "win32com.client"):
    sys.modules[name] = mock.MagicMock(name=name)
sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
import xlwings
import xlwings.udfs as u

xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = u.xlfunc, u.xlarg, u.xlret, u.xlsub
module_name, source = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location(module_name, source)
module = importlib.util.module_from_spec(spec)
sys.modules[module_name] = module
spec.loader.exec_module(module)
u.__pro__ = False  # no embedded-code look-up in the (mock) workbook
u.udf_modules[module_name] = {"module": module, "filetime": None, "filename": source}
imported, options = [], []
book = mock.MagicMock()
book.Name = "greendiag.xlam"
book.Application.Version = "16.0"
book.VBProject.VBComponents.Import.side_effect = lambda path: imported.append(Path(path).read_text())
book.Application.MacroOptions.side_effect = lambda macro, **kw: options.append({"macro": macro, **kw})
u.import_udfs(module_name, book)
print(json.dumps({"vba": imported[0], "macro_options": options}, ensure_ascii=False))
"""


def import_udfs(source: Path) -> dict:
    """Run xlwings' ``import_udfs`` over the module at ``source``: {vba: module text, macro_options: [...]}."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, "greendiag.addin.udfs", str(source)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])  # xlwings prints a line of its own first


class _Errors(ErrorListener):
    def __init__(self):
        self.errors: list[str] = []

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):
        self.errors.append(f"line {line}:{column}: {msg}")


def _parse(code: str, lexer_class, parser_class) -> list[str]:
    errors = _Errors()
    lexer = lexer_class(antlr4.InputStream(code))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = parser_class(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    # the antlr4 runtime makes millions of short-lived objects: the cyclic garbage collector's passes
    # over them cost about a fifth of a parse; what the parse leaves is collected once afterwards
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser.startRule()
    finally:
        if collecting:
            gc.enable()
    return errors.errors


_CC_CONST = re.compile(r'^#Const (\w+) = "([^"]*)".*$', re.M)
_CC_IF = re.compile(r'^\s*#If (\w+) = "([^"]*)" Then\s*$')


def resolve_conditional_compilation(code: str) -> str:
    """The module as VBA compiles it ([MS-VBAL] 3.4): ``#Const`` applied, inactive ``#If`` branches dropped.

    Handles only what xlwings writes (``#Const App = "…"``, ``#If App = "…" Then`` / ``#Else`` /
    ``#End If``); any other directive fails the test rather than being guessed at.
    """
    consts = dict(_CC_CONST.findall(code))
    out, stack = [], []  # stack of "is this branch active"
    for line in _CC_CONST.sub("", code).splitlines():
        stripped = line.strip()
        if m := _CC_IF.match(line):
            stack.append(consts.get(m[1]) == m[2])
        elif stripped == "#Else":
            stack[-1] = not stack[-1]
        elif stripped == "#End If":
            stack.pop()
        else:
            assert not stripped.startswith("#"), f"conditional compilation not handled here: {line}"
            if all(stack):
                out.append(line)
    assert not stack, "unterminated #If"
    return "\n".join(out) + "\n"


def vba_syntax_errors(code: str) -> list[str]:
    """Syntax errors of a VBA module per the ``antlr4-vba`` grammars (empty: it parses).

    First the conditional-compilation layer (``vba_cc`` grammar; one procedure at a time, as
    that grammar is slow on long modules), then the module VBA compiles for Excel
    (``App = "Microsoft Excel"``) with the ``vba`` grammar.
    """
    header, *procedures = re.split(r"(?m)^(?=Function |Sub )", code)
    errors = [e for p in procedures for e in _parse(header + p, vba_ccLexer, vba_ccParser)]
    return errors or _parse(resolve_conditional_compilation(code), vbaLexer, vbaParser)


def only(code: str, names: set[str]) -> str:
    """The module with only the procedures ``names`` (keeps its header)."""
    header, *procedures = re.split(r"(?m)^(?=Function |Sub )", code)
    return header + "".join(p for p in procedures if re.match(r"\w+ (\w+)", p)[1] in names)


_FUNCTION = re.compile(r"^Function (\w+)\(([^)]*)\)\n(.*?)^End Function", re.M | re.S)


def wrappers(code: str) -> dict[str, tuple[list[str], str]]:
    """{function: (parameter names in order, body)} of the generated module."""
    out = {}
    for name, params, body in _FUNCTION.findall(code):
        names = [p.split()[-1].removesuffix("()") for p in params.split(",") if p.strip()]
        out[name] = (names, body)
    return out


def wrapper_identifiers(code: str) -> set[str]:
    """Identifiers xlwings' wrapper bodies use besides the parameters (Application, XLPy, Array, Err …)."""
    found: set[str] = set()
    for name, (params, body) in wrappers(code).items():
        body = re.sub(r'"[^"]*"', "", body)  # string literals
        body = re.sub(r"'.*$", "", body, flags=re.M)  # comments
        found |= {w.lower() for w in re.findall(r"[A-Za-z_]\w*", body)} - {p.lower() for p in params} - {name.lower()}
    return found


def name_problems(code: str) -> list[str]:
    """Argument names Excel's VBA cannot take or that clash with VBA, xlwings' wrapper or Excel."""
    from openpyxl.utils.formulas import FORMULAE  # Excel's built-in function names

    taken = wrapper_identifiers(code)
    problems = []
    for function, (params, _body) in wrappers(code).items():
        for p in params:
            if not VBA_IDENTIFIER.fullmatch(p):
                problems.append(f"{function}({p}): not a VBA identifier")
            if p.lower() in VBA_RESERVED:
                problems.append(f"{function}({p}): VBA reserved identifier")
            if p.lower() in taken:
                problems.append(f"{function}({p}): used by xlwings' wrapper code")
            if p.upper() in FORMULAE:
                problems.append(f"{function}({p}): an Excel function name")
            if p.lower() == function.lower():
                problems.append(f"{function}({p}): same as the function")
        if len({p.lower() for p in params}) != len(params):
            problems.append(f"{function}: duplicate argument names (VBA ignores case)")
    return problems


@pytest.fixture(scope="module")
def generated() -> dict:
    return import_udfs(UDFS_SOURCE)


def test_the_generated_module_parses_with_the_vba_grammar(generated):
    assert vba_syntax_errors(generated["vba"]) == []


def test_argument_names_are_valid_and_clash_with_nothing(generated):
    assert name_problems(generated["vba"]) == []


def test_every_function_of_the_catalogue_is_generated_with_its_arguments_in_order(generated):
    found = wrappers(generated["vba"])
    assert set(found) == set(udfs.CATALOGUE)
    for name in udfs.CATALOGUE:
        assert found[name][0] == list(inspect.signature(getattr(udfs, name)).parameters), name


def test_excel_gets_one_description_per_argument(generated):
    options = {o["macro"].rsplit("!", 1)[1]: o for o in generated["macro_options"]}
    assert set(options) == set(udfs.CATALOGUE)
    for name, o in options.items():
        assert o["macro"] == f"'greendiag.xlam'!{name}"
        assert len(o["ArgumentDescriptions"]) == len(inspect.signature(getattr(udfs, name)).parameters), name


# Positions are the contract with existing formulas: renaming an argument must keep its place.
POSITIONS = {
    "ONSITE_WORKDAYS": ["start_date", "end_date", "calendar_table"],
    "ONSITE_CHECK": ["unit_type", "start_date", "end_date", "calendar_table"],
    "BJ_CHANGE_DUE": ["handled_date", "calendar_table"],
    "INDICATOR_SCORE": ["number", "indicator_value", "leading_value"],
    "HLJ_DEADLINE": ["item", "calendar_year"],
    "GZ_DEADLINE": ["item", "calendar_year"],
    "HLJ_PUBLICITY_END": ["start_date"],
    "GZ_PUBLICITY_END": ["start_date"],
}


def test_renamed_arguments_keep_their_positions():
    for name, args in POSITIONS.items():
        assert list(inspect.signature(getattr(udfs, name)).parameters)[: len(args)] == args, name


def test_renaming_an_argument_back_to_end_is_caught(tmp_path):
    """The checks are not vacuous: ``end_date`` renamed back to ``end`` fails both of them.

    The mutant is the module that defines the ONSITE functions (``udfs_rules``), imported by xlwings
    in the place of ``greendiag.addin.udfs``."""
    mutant = tmp_path / "udfs_end.py"
    source = Path(sys.modules[udfs.ONSITE_WORKDAYS.__module__].__file__).read_text(encoding="utf-8")
    assert "end_date" in source
    mutant.write_text(re.sub(r"\bend_date\b", "end", source), encoding="utf-8")
    code = import_udfs(mutant)["vba"]
    assert "Function ONSITE_WORKDAYS(start_date, end, Optional calendar_table)" in code
    errors = vba_syntax_errors(only(code, {"ONSITE_WORKDAYS", "ONSITE_CHECK"}))
    assert errors and any("ONSITE" in e for e in errors), errors
    assert vba_syntax_errors(only(code, {"REWARD_CAP", "TEAM_CHECK"})) == []  # the rest is fine
    assert "ONSITE_WORKDAYS(end): VBA reserved identifier" in name_problems(code)
