"""The built ``greendiag.xlam``: a valid add-in package whose ribbon calls a procedure that exists
in its VBA project (read with oletools), whose VBA is the template's with greendiag's own name and
settings, and whose configuration sheet ``greendiag.conf`` points xlwings at ``greendiag.addin.udfs``."""

from __future__ import annotations

import importlib
import re
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from defusedxml import ElementTree as ET

from greendiag.addin import build, functions_vba
from greendiag.addin.build import ADDIN_CONTENT_TYPE, build_addin

olevba = pytest.importorskip("oletools.olevba", reason="oletools is in the test extras")

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
UI = "{http://schemas.microsoft.com/office/2006/01/customui}"

_PROC = re.compile(
    r"^[ \t]*(?:(Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?(Sub|Function)[ \t]+(\w+)[ \t]*\(([^)]*)\)",
    re.M | re.I,
)


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="module")
def vba(addin) -> dict[str, str]:
    """VBA source of every module of the add-in's ``xl/vbaProject.bin``: {module name: code}."""
    with zipfile.ZipFile(addin) as zf:
        data = zf.read("xl/vbaProject.bin")
    parser = olevba.VBA_Parser("vbaProject.bin", data=data)
    try:
        modules = {
            vba_filename.rsplit(".", 1)[0]: code
            for _f, _s, vba_filename, code in parser.extract_macros()
        }
    finally:
        parser.close()
    assert modules, "oletools found no VBA modules"
    return modules


def procedures(code: str) -> dict[str, tuple[str, str]]:
    """{procedure name: (visibility, parameter list)} declared in one VBA module."""
    return {m.group(3): ((m.group(1) or "Public").capitalize(), m.group(4)) for m in _PROC.finditer(code)}


def project_name(vba: dict[str, str]) -> str:
    found = {m for code in vba.values() for m in re.findall(r'Const\s+PROJECT_NAME\s+As\s+String\s*=\s*"([^"]+)"', code)}
    assert len(found) == 1, found
    return found.pop()


def _xml(addin: Path, part: str):
    with zipfile.ZipFile(addin) as zf:
        return ET.fromstring(zf.read(part))


def test_is_a_valid_macro_enabled_addin_package(addin):
    assert addin.name == "greendiag.xlam"
    with zipfile.ZipFile(addin) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
    types = _xml(addin, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/xl/workbook.xml"] == ADDIN_CONTENT_TYPE == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    # every declared part is in the package, and the ribbon is wired from the root relationships
    for part in overrides:
        assert part.lstrip("/") in names
    rels = _xml(addin, "_rels/.rels")
    ui = [r.get("Target") for r in rels.iter(f"{PKG}Relationship") if r.get("Type").endswith("/ui/extensibility")]  # one ribbon
    assert ui == ["customUI/customUI.xml"]
    # the workbook is still hidden (an add-in) and every rewritten part parses
    wb = _xml(addin, "xl/workbook.xml")
    assert wb.find(f"{MAIN}bookViews/{MAIN}workbookView").get("visibility") == "hidden"


def test_only_ribbon_workbook_conf_sheet_and_vba_differ_from_the_installed_template(addin):
    info = build.read_template()
    changed = {"customUI/customUI.xml", "_rels/.rels", "xl/workbook.xml", info.conf_sheet_part,
               "docProps/core.xml", "xl/vbaProject.bin"}
    with zipfile.ZipFile(info.path) as tpl, zipfile.ZipFile(addin) as out:
        assert sorted(tpl.namelist()) == sorted(out.namelist())
        for name in tpl.namelist():
            same = tpl.read(name) == out.read(name)
            assert same is (name not in changed), name
        assert out.namelist()[0] == "[Content_Types].xml"


def test_ribbon_relationship_type_matches_the_ribbon_namespace(addin):
    """[MS-OI29500] 3.4.1.3: a customUI part in the 2006/01 namespace is the target of .../2006/relationships/ui/extensibility."""
    rels = _xml(addin, "_rels/.rels")
    ui = {r.get("Target").lstrip("/"): r.get("Type") for r in rels.iter(f"{PKG}Relationship") if "/ui/" in r.get("Type")}
    assert ui == {"customUI/customUI.xml": "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"}
    assert _xml(addin, "customUI/customUI.xml").tag == f"{UI}customUI"  # 2006/01 namespace


def test_add_ins_dialog_shows_a_chinese_title_and_description(addin):
    core = _xml(addin, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}title").text == "greendiag 绿色诊断"
    assert "生成文书" in core.find(f"{dc}description").text


def test_ribbon_has_the_greendiag_tab_and_generate_button(addin):
    ui = _xml(addin, "customUI/customUI.xml")
    assert ui.tag == f"{UI}customUI"
    tabs = list(ui.iter(f"{UI}tab"))
    assert [t.get("label") for t in tabs] == ["绿色诊断"]
    buttons = list(ui.iter(f"{UI}button"))
    assert [b.get("label") for b in buttons] == ["生成文书"]
    button = buttons[0]
    assert button.get("imageMso") == "FileSaveAsWordDocx"
    assert "文书" in button.get("screentip") and "校验结果" in button.get("supertip")
    assert len(button.get("supertip")) <= 1024 and len(button.get("screentip")) <= 1024  # Office limits
    ids = [el.get("id") for el in ui.iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def test_every_on_action_names_a_ribbon_callback_in_the_vba_project(addin, vba):
    ui = _xml(addin, "customUI/customUI.xml")
    actions = [el.get("onAction") for el in ui.iter() if el.get("onAction") is not None]
    assert actions == ["GreendiagGenerate"] == [build.RIBBON_CALLBACK]
    for action in actions:
        module, _, proc = action.rpartition(".")
        candidates = {module: vba[module]} if module else vba
        assert module == "" or module in vba, f"VBA module {module} missing: {sorted(vba)}"
        found = [procedures(code)[proc] for code in candidates.values() if proc in procedures(code)]
        assert len(found) == 1, f"{action}: no such procedure (or more than one)"
        visibility, params = found[0]
        assert visibility == "Public"
        # a button's onAction callback must take exactly the ribbon control
        assert re.fullmatch(r"\s*(ByRef\s+|ByVal\s+)?control\s+As\s+IRibbonControl\s*", params, re.I), params


def _body(code: str, name: str) -> str:
    start = code.index(f"Sub {name}(")
    return code[start: code.index("End Sub", start)]


def test_the_button_refuses_without_an_editable_workbook_then_runs_the_ribbon_module(vba):
    body = _body(vba["xlwings"], build.RIBBON_CALLBACK)
    protected = body.index("If Not Application.ActiveProtectedViewWindow Is Nothing Then")
    no_book = body.index("If ActiveWorkbook Is Nothing Then")
    run = body.index(f'RunPython "{build.ENTRY_COMMAND}"')
    assert protected < no_book < run
    assert body.count("Exit Sub") == 2 and body.count("MsgBox GetConfig(") == 2
    # the messages are Chinese text in the add-in's settings sheet (VBA source is single-byte text)
    assert 'GetConfig("GREENDIAG_PROTECTED_VIEW"' in body and 'GetConfig("GREENDIAG_NO_WORKBOOK"' in body
    # the title 绿色诊断 is built with ChrW
    assert "ChrW(&H7EFF) & ChrW(&H8272) & ChrW(&H8BCA) & ChrW(&H65AD)" in body
    # the command names a module and function that exist
    module = importlib.import_module("greendiag.addin.ribbon")
    assert build.ENTRY_COMMAND == "import greendiag.addin.ribbon as ribbon; ribbon.main()" and callable(module.main)


def test_settings_come_from_the_add_in_alone(vba):
    """GetConfig reads the add-in's own sheet and the user's file, never the active workbook's sheet or folder."""
    code = vba["xlwings"]
    assert project_name(vba) == "greendiag"
    get_config = code[code.index("Function GetConfig("): code.index("End Function", code.index("Function GetConfig("))]
    assert "SheetExists(ActiveWorkbook" not in get_config and "GetFullName(ActiveWorkbook)" not in get_config
    assert get_config.count("If False Then ' greendiag:") == 2
    assert "SheetExists(ThisWorkbook, PROJECT_NAME & \".conf\")" in get_config  # the add-in's own sheet
    assert "GetConfigFilePath()" in get_config  # %USERPROFILE%\.greendiag\greendiag.conf
    # Python never puts the current folder on sys.path (-P), for RunPython and for the function server
    assert code.count('" -B -P -c ""') == 1 and code.count('" -B -P -X utf8=0 -c ""') == 1 and '" -B -c ""' not in code


def test_only_the_xlwings_module_changes_and_every_stream_keeps_its_size(addin):
    import olefile

    from greendiag.addin import vba as ovba

    with zipfile.ZipFile(build.read_template().path) as zf:
        before = zf.read("xl/vbaProject.bin")
    with zipfile.ZipFile(addin) as zf:
        after = zf.read("xl/vbaProject.bin")
    assert len(before) == len(after)
    with olefile.OleFileIO(before) as a, olefile.OleFileIO(after) as b:
        streams = ["/".join(e) for e in a.listdir()]
        assert streams == ["/".join(e) for e in b.listdir()]
        changed = [n for n in streams if a.openstream(n).read() != b.openstream(n).read()]
        assert changed == ["VBA/xlwings"]
        assert all(a.get_size(n) == b.get_size(n) for n in streams)
    # oletools (the reference decompressor) reads back what the build patched: the same statements
    # (only whole-line comments may be dropped to make room, and one is added to fill the stream)
    stream = ovba_stream(after)
    got = bytes(olevba.decompress_stream(bytearray(stream)))
    assert got == ovba.decompress(stream)
    patched = build.patch_xlwings_vba(ovba.module_source(before, "xlwings").decode(ovba.CODEPAGE))
    functions = functions_vba.xlwings_import(build.UDF_MODULES, build.ADDIN_FILE_NAME)
    carried = functions_vba.registration_sub() + "\n" + functions_vba.wrappers(functions["vba"])

    def statements(text: str) -> list[str]:  # indentation and Mac-only branches may go to make room as well
        text = ovba.without_mac_branches(text)
        return [line.strip() for line in text.split("\n") if line.strip() and not line.lstrip().startswith("'")]

    assert statements(got.decode(ovba.CODEPAGE)) == statements(patched + carried)
    assert got.decode(ovba.CODEPAGE).startswith(patched[: patched.index("#If VBA7")])  # licence header kept


def ovba_stream(vba_project: bytes) -> bytes:
    import olefile

    with olefile.OleFileIO(vba_project) as ole:
        return ole.openstream("VBA/xlwings").read()


def test_vba_matches_the_installed_xlwings_version(vba):
    """The VBA declares the xlwings DLL of its own version: it must be the installed one."""
    import xlwings

    code = vba["xlwings"]
    assert re.search(rf'XLWINGS_VERSION As String = "{re.escape(xlwings.__version__)}"', code)
    assert f'Lib "xlwings64-{xlwings.__version__}.dll"' in code


def _sheet_cells(addin: Path, sheet_name: str) -> dict[str, str]:
    wb = _xml(addin, "xl/workbook.xml")
    sheets = {s.get("name"): s.get(f"{REL}id") for s in wb.iter(f"{MAIN}sheet")}
    assert sheet_name in sheets, sorted(sheets)
    rels = _xml(addin, "xl/_rels/workbook.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PKG}Relationship")}[sheets[sheet_name]]
    sheet = _xml(addin, str(PurePosixPath("xl") / target))
    with zipfile.ZipFile(addin) as zf:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{MAIN}t"))
            for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")
        ]
    cells = {}
    for c in sheet.iter(f"{MAIN}c"):
        if c.get("t") == "inlineStr":
            value = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
        elif c.get("t") == "s":
            value = shared[int(c.find(f"{MAIN}v").text)]
        else:
            v = c.find(f"{MAIN}v")
            value = None if v is None else v.text
        cells[c.get("r")] = value
    return cells


def _conf_as_vba_reads_it(cells: dict[str, str]) -> dict[str, str]:
    """What the VBA ``GetConfigFromSheet`` reads: A1 down to the last contiguous key, upper-cased."""
    out, row = {}, 1
    while cells.get(f"A{row}"):
        out[cells[f"A{row}"].upper()] = cells.get(f"B{row}")
        row += 1
    return out


def test_conf_sheet_sets_udf_modules_under_the_name_the_vba_reads(addin, vba):
    name = project_name(vba) + ".conf"
    assert name == build.CONF_SHEET == "greendiag.conf"
    conf = _conf_as_vba_reads_it(_sheet_cells(addin, name))
    assert conf == {
        "UDF MODULES": "greendiag.addin.udfs",
        "ADD_WORKBOOK_TO_PYTHONPATH": "false",
        "GREENDIAG_NO_WORKBOOK": build.NO_WORKBOOK_MESSAGE,
        "GREENDIAG_PROTECTED_VIEW": build.PROTECTED_VIEW_MESSAGE,
    }
    # the interpreter is left to the user's machine: no (empty) key that would shadow ~/.greendiag/greendiag.conf
    assert "INTERPRETER_WIN" not in conf
    assert conf["UDF MODULES"] == build.UDF_MODULES  # importability: tests/test_addin_udfs_catalogue.py
    assert "受保护的视图" in conf["GREENDIAG_PROTECTED_VIEW"] and "案例工作簿" in conf["GREENDIAG_NO_WORKBOOK"]


def test_interpreter_is_written_only_when_given(tmp_path):
    exe = r"C:\Users\张三\AppData\Local\greendiag\venv\Scripts\python.exe"
    path = build_addin(tmp_path, interpreter=exe)
    conf = _conf_as_vba_reads_it(_sheet_cells(path, "greendiag.conf"))
    assert conf["INTERPRETER_WIN"] == exe and conf["UDF MODULES"] == "greendiag.addin.udfs"


def test_refuses_to_overwrite_without_force_and_leaves_no_temp_files(tmp_path):
    path = build_addin(tmp_path)
    path.write_bytes(b"user's copy")
    with pytest.raises(FileExistsError, match="已存在.*--force"):
        build_addin(tmp_path)
    assert path.read_bytes() == b"user's copy"
    assert build_addin(tmp_path, force=True) == path
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["greendiag.xlam"]


def test_missing_template_is_a_chinese_error(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "TEMPLATE_NAME", "no_such_template.xlam")
    with pytest.raises(build.AddinBuildError, match="找不到加载项模板"):
        build_addin(tmp_path)
    assert not list(tmp_path.iterdir())


def test_the_patched_procedures_parse_with_the_vba_grammar(vba):
    """GreendiagGenerate and the patched GetConfig are valid VBA (antlr4-vba grammar)."""
    pytest.importorskip("antlr4_vba", reason="antlr4-vba is in the test extras")
    from tests.test_addin_udfs_vba import vba_syntax_errors

    code = vba["xlwings"]
    generate = code.index(f"Sub {build.RIBBON_CALLBACK}(")

    def function(name: str) -> str:
        start = code.index(f"Function {name}(")
        return code[start: code.index("End Function", start) + len("End Function")] + "\n\n"

    module = (
        'Attribute VB_Name = "greendiag_check"\n#Const App = "Microsoft Excel"\n'
        + code[generate: code.index("End Sub", generate) + len("End Sub")] + "\n\n"
        + function("GetConfig") + function("GetConfigFromFile") + function("GreendiagUtf8Config")
    )
    assert vba_syntax_errors(module) == []
    broken = module.replace("If ActiveWorkbook Is Nothing Then", "If ActiveWorkbook Is Nothing")
    assert vba_syntax_errors(broken) != []


def test_a_utf8_settings_file_is_read_as_utf8_and_any_other_as_before(vba):
    """GetConfigFromFile asks GreendiagUtf8Config first; only a file it did not read goes to xlwings' ANSI reader."""
    code = vba["xlwings"]
    start = code.index("Function GetConfigFromFile(")
    body = code[start: code.index("End Function", start)]
    first = body.index("If GreendiagUtf8Config(sFile, sName, sValue, greendiagFound) Then")
    assert first < body.index("GetConfigFromFile = greendiagFound") < body.index("Exit Function") < body.index("Open sFile For Input")
    utf8 = code[code.index("Function GreendiagUtf8Config("):]
    assert 'st.Charset = "utf-8"' in utf8 and "ChrW(&HFEFF)" in utf8  # a BOM is dropped, not part of the first key
    assert utf8.index("If n > 0 Or Not utf8 Then Exit Function") < utf8.index('CreateObject("ADODB.Stream")')


def test_mac_branches_go_only_as_windows_compiles_them():
    """vba.without_mac_branches keeps exactly what 64-bit Excel on Windows compiles (checked on the template)."""
    from greendiag.addin import vba as ovba
    from tests.test_addin_functions import resolve_for_windows_excel

    with zipfile.ZipFile(build.read_template().path) as zf:
        source = ovba.module_source(zf.read("xl/vbaProject.bin"), "xlwings").decode(ovba.CODEPAGE)
    reduced = ovba.without_mac_branches(source)
    assert "#If Mac" not in reduced and "#If Not Mac" not in reduced and len(reduced) < len(source) - 5000
    assert resolve_for_windows_excel(reduced) == resolve_for_windows_excel(source)
    sample = "a\n#If Mac Then\nm\n#If App = 1 Then\nx\n#End If\n#Else\nw\n#If App = 1 Then\ny\n#End If\n#End If\nb"
    assert ovba.without_mac_branches(sample) == "a\nw\n#If App = 1 Then\ny\n#End If\nb"
    assert ovba.without_mac_branches("#If Not Mac Then\nw\n#Else\nm\n#End If") == "w"
    with pytest.raises(ovba.VBAError):
        ovba.without_mac_branches("#If Mac Then\nm\n#ElseIf Win64 Then\nx\n#End If")
    with pytest.raises(ovba.VBAError):
        ovba.without_mac_branches("#If Mac Then\nm\n")


def test_make_room_drops_comments_then_layout_then_mac_branches_never_the_tail():
    from greendiag.addin import vba as ovba

    with zipfile.ZipFile(build.read_template().path) as zf:
        source = ovba.module_source(zf.read("xl/vbaProject.bin"), "xlwings").decode(ovba.CODEPAGE)
    tail = "\nFunction KEEP_ME(x)\n    KEEP_ME = x\nEnd Function\n"
    full = len(ovba.compress((source + tail).encode(ovba.CODEPAGE)))
    states = []
    for size in range(full, 0, -400):
        try:
            out = build._make_room(source, size, tail)
        except build.AddinBuildError:
            break
        assert len(ovba.compress((out + tail).encode(ovba.CODEPAGE))) <= size
        assert out.startswith(source[: source.index("#If VBA7")])  # the licence header
        state = ("indented" if "\n    " in out else "mac" if "#If Mac Then" in out else "windows only")
        if not states or states[-1] != state:
            states.append(state)
    assert states == ["indented", "mac", "windows only"]
    with pytest.raises(build.AddinBuildError, match="没有足够的空间"):
        build._make_room(source, 5000, tail)
