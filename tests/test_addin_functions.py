"""The Excel functions come with the add-in: no 「信任对 VBA 工程对象模型的访问」, no import step.

The built ``greendiag.xlam`` is decoded with oletools; its ``xlwings`` module must carry, text for
text, the wrappers xlwings' own ``import_udfs`` writes for the 33 functions (run independently
here, :func:`tests.test_addin_udfs_vba.import_udfs`), and an ``Auto_Open`` that hands each
function's description, category and argument help from the add-in's settings sheet to
``Application.MacroOptions`` as xlwings' import does.  The whole module, as VBA compiles it for
64-bit Excel on Windows, parses with the antlr4-vba grammar.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from greendiag.addin import build, functions_vba
from greendiag.addin import udfs as udfs_module
from tests.test_addin_build import _sheet_cells, procedures
from tests.test_addin_udfs_vba import UDFS_SOURCE, _parse, import_udfs, vba_syntax_errors

olevba = pytest.importorskip("oletools.olevba", reason="oletools is in the test extras")
pytest.importorskip("antlr4_vba", reason="antlr4-vba is in the test extras")
from antlr4_vba.vbaLexer import vbaLexer  # noqa: E402
from antlr4_vba.vbaParser import vbaParser  # noqa: E402


@pytest.fixture(scope="module")
def addin(tmp_path_factory):
    return build.build_addin(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="module")
def module(addin) -> str:
    """The add-in's ``xlwings`` module as oletools decodes it."""
    with zipfile.ZipFile(addin) as zf:
        data = zf.read("xl/vbaProject.bin")
    parser = olevba.VBA_Parser("vbaProject.bin", data=data)
    try:
        modules = {name.rsplit(".", 1)[0]: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()
    return modules["xlwings"].replace("\r\n", "\n")


@pytest.fixture(scope="module")
def xlwings_wrote() -> dict:
    """What ``ImportPythonUDFsToAddin`` writes into greendiag.xlam (xlwings' import_udfs, COM stubbed)."""
    return import_udfs(UDFS_SOURCE)


def test_the_add_in_carries_exactly_the_wrappers_xlwings_import_writes(module, xlwings_wrote):
    header, body = xlwings_wrote["vba"].split("\n", 3)[:3], xlwings_wrote["vba"].split("\n", 3)[3]
    assert header == list(functions_vba.HEADER)
    assert body.strip("\n") in module  # one contiguous text, as xlwings wrote it
    names = set(udfs_module.CATALOGUE)
    assert len(names) == 33
    for name in names:
        assert len(re.findall(rf"^Function {name}\(", module, re.M)) == 1, name
    # the wrappers call XLPy of this module, under the #Const App the module sets at its top
    assert module.startswith('Attribute VB_Name = "xlwings"\n#Const App = "Microsoft Excel"')
    assert "Function XLPy()" in module


def test_no_procedure_name_is_declared_twice(module):
    """In the module as Excel on Windows compiles it (xlwings declares some twice, for Mac and Windows)."""
    resolved = resolve_for_windows_excel(module)
    found = re.findall(r"^[ \t]*(?:(?:Public|Private|Friend)[ \t]+)?(?:Sub|Function)[ \t]+(\w+)", resolved, re.M | re.I)
    assert len(found) == len({f.lower() for f in found})


def test_descriptions_are_registered_when_the_add_in_loads_as_xlwings_import_registers_them(addin, module, xlwings_wrote):
    """``Auto_Open`` reads columns D: of greendiag.conf; those cells are xlwings' MacroOptions arguments."""
    assert procedures(module)["Auto_Open"] == ("Public", "")
    start = module.index("Sub Auto_Open()")
    body = module[start: module.index("End Sub", start)]
    columns = [int(c) for c in re.findall(r"sht\.Cells\(r, (\d+)\)", body)]
    name_col, count_col = columns[0], columns[1]
    macro = re.search(r"m = \"'\" & ThisWorkbook\.Name & \"'!\" & sht\.Cells\(r, (\d+)\)\.Value\n"
                      r"(?:.*\n){5}"
                      r"\s*Application\.MacroOptions Macro:=m, Description:=sht\.Cells\(r, (\d+)\)\.Value, _\n"
                      r"\s*Category:=sht\.Cells\(r, (\d+)\)\.Value, ArgumentDescriptions:=args\n", body)
    assert macro, body
    assert int(macro[1]) == name_col
    # a function without arguments gets no (stale) argument help
    assert re.search(rf"Else\n\s*Application\.MacroOptions Macro:=m, Description:=sht\.Cells\(r, {macro[2]}\)\.Value, _\n"
                     rf"\s*Category:=sht\.Cells\(r, {macro[3]}\)\.Value\n\s*End If", body)
    assert re.search(rf"args\(k - 1\) = sht\.Cells\(r, {count_col} \+ k\)\.Value", body)
    assert 'Set sht = ThisWorkbook.Sheets(PROJECT_NAME & ".conf")' in body and "ThisWorkbook.Saved = True" in body

    cells = _sheet_cells(addin, build.CONF_SHEET)

    def col(n: int) -> str:
        return chr(ord("A") + n - 1)

    registered, r = [], 1
    while cells.get(f"{col(name_col)}{r}"):  # as Auto_Open reads them
        n = int(cells[f"{col(count_col)}{r}"])
        registered.append({
            "macro": f"'{build.ADDIN_FILE_NAME}'!{cells[f'{col(name_col)}{r}']}",
            "Description": cells[f"{col(int(macro[2]))}{r}"], "Category": cells[f"{col(int(macro[3]))}{r}"],
            "ArgumentDescriptions": [cells[f"{col(count_col + k)}{r}"] for k in range(1, n + 1)],
        })
        r += 1
    expected = [{k: o[k] for k in ("macro", "Description", "Category", "ArgumentDescriptions")}
                for o in xlwings_wrote["macro_options"]]
    assert registered == expected and len(registered) == 33
    assert all("greendiag 绿色诊断" == o["Category"] for o in registered)
    # xlwings passes nothing else that Auto_Open leaves out
    for o in xlwings_wrote["macro_options"]:
        assert {k for k, v in o.items() if v not in (None, False)} == {"macro", "Description", "Category", "ArgumentDescriptions"}


_WINDOWS_EXCEL = {"App": "Microsoft Excel", "Mac": False, "VBA7": True, "Win64": True, "MAC_OFFICE_VERSION": 0}


def _condition(text: str) -> bool:
    expr = re.sub(r"'.*$", "", text).strip()
    expr = re.sub(r"\s+Then$", "", expr)
    expr = re.sub(r"(?<![<>=])=(?!=)", "==", expr).replace("Not ", "not ")
    return bool(eval(expr, {"__builtins__": {}}, dict(_WINDOWS_EXCEL)))


def resolve_for_windows_excel(code: str) -> str:
    """The module as VBA compiles it in 64-bit Excel on Windows ([MS-VBAL] 3.4 conditional compilation)."""
    out, stack = [], []  # (this branch active, some branch already taken)
    for line in code.split("\n"):
        s = line.strip()
        if s.startswith("#Const "):
            continue
        if m := re.match(r"#If (.*)", s):
            active = _condition(m[1])
            stack.append([active, active])
        elif m := re.match(r"#ElseIf (.*)", s):
            active = not stack[-1][1] and _condition(m[1])
            stack[-1] = [active, stack[-1][1] or active]
        elif re.match(r"#Else\b", s):
            stack[-1] = [not stack[-1][1], True]
        elif re.match(r"#End If\b", s):
            stack.pop()
        else:
            assert not s.startswith("#"), line
            if all(a for a, _ in stack):
                out.append(line)
    assert not stack
    return "\n".join(out) + "\n"


_COMMENT_LINE = re.compile(r"^[ \t]*'(?!.* _$).*$", re.M)
"""A line that is only a comment (not one continued by `` _``): VBA ignores it; the grammar predicts
each line of a comment block with lookahead to the block's end, seconds for xlwings' licence."""


@pytest.mark.slow  # the antlr4 Python runtime takes half a minute over the 40 kB module
def test_the_whole_module_parses_as_excel_compiles_it(module):
    resolved = resolve_for_windows_excel(module)
    assert "Function REWARD_CAP(" in resolved and "Sub Auto_Open()" in resolved and "#If" not in resolved
    assert 'PtrSafe Function XLPyDLLActivateAuto Lib "xlwings64-' in resolved
    assert _parse(_COMMENT_LINE.sub("", resolved), vbaLexer, vbaParser) == []


def test_the_carried_procedures_parse_with_conditional_compilation(module):
    """Auto_Open, GreendiagGenerate and the wrappers with their #If blocks (the vba_cc grammar)."""
    start = module.index("Sub Auto_Open()")
    ours = 'Attribute VB_Name = "greendiag_check"\n#Const App = "Microsoft Excel"\n' + module[start:]
    ours = re.sub(r"(?m)^' greendiag [A-Za-z0-9]+$", "", ours)  # the padding comment
    assert vba_syntax_errors(ours) == []
    assert vba_syntax_errors(ours.replace("ReDim args(0 To n - 1)", "ReDim args(0 To n - 1")) != []
