"""Build ``greendiag.xlam``: the classic xlwings ribbon add-in for Windows desktop Excel.

The add-in is made from the BSD-licensed custom add-in template that ships inside the
*installed* xlwings package (``quickstart_addin_ribbon.xlam``, the file
``xlwings quickstart NAME --addin --ribbon`` copies), so its VBA always matches the user's
xlwings version.  Nothing of xlwings is copied into this repository.

The build works at the zip level and rewrites only these parts (openpyxl refuses ``.xlam``
packages, so it is not used here):

* ``xl/vbaProject.bin``: the module ``xlwings`` (VBA source, patched by :func:`patch_xlwings_vba`
  and written back by :mod:`greendiag.addin.vba`): ``PROJECT_NAME = "greendiag"``, so the add-in
  reads its own ``greendiag.conf`` sheet and ``%USERPROFILE%\\.greendiag\\greendiag.conf``, not
  those of every other default xlwings add-in (``myaddin``); settings never come from the active
  workbook's sheets or its folder (a workbook someone sends cannot choose the interpreter or
  the modules); Python starts with ``-P`` (no current folder on ``sys.path``); and a ribbon
  callback ``GreendiagGenerate`` refuses politely with no workbook open or in Protected View,
  then runs ``greendiag.addin.ribbon.main()``;
* ``customUI/customUI.xml``: a 绿色诊断 tab with the 生成文书 button calling ``GreendiagGenerate``;
  ``_rels/.rels``: its relationship type matches the part's namespace ([MS-OI29500] 3.4.1.3);
* ``xl/workbook.xml``: the template's disabled configuration sheet ``_myaddin.conf`` becomes
  ``greendiag.conf``; that sheet's XML holds the settings (:func:`conf_entries`);
* ``docProps/core.xml``: title and description, which Excel's add-ins dialog shows.

Everything else (``[Content_Types].xml``, styles, the other VBA modules) is copied byte for byte.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeET

from greendiag.addin import functions_vba
from greendiag.files import atomic_path

ADDIN_FILE_NAME = "greendiag.xlam"
"""File name of the built add-in; ``RunMain`` imports the module named like the file."""

PROJECT_NAME = "greendiag"
"""The add-in's VBA ``PROJECT_NAME``: its settings sheet ``greendiag.conf`` and user file
``%USERPROFILE%\\.greendiag\\greendiag.conf``."""

CONF_SHEET = f"{PROJECT_NAME}.conf"

RIBBON_CALLBACK = "GreendiagGenerate"
"""VBA procedure (module ``xlwings``) the 生成文书 button calls."""

ENTRY_COMMAND = "import greendiag.addin.ribbon as ribbon; ribbon.main()"
"""What ``GreendiagGenerate`` hands to ``RunPython``."""

NO_WORKBOOK_MESSAGE = "请先打开（或切换到）案例工作簿，再点击“绿色诊断 → 生成文书”。"
PROTECTED_VIEW_MESSAGE = "工作簿在“受保护的视图”中打开：请先点击黄色提示栏中的“启用编辑”，再点击“生成文书”。"

UDF_MODULES = "greendiag.addin.udfs"
"""Value of the add-in's ``UDF Modules`` setting: the module holding the Excel functions."""

TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
CUSTOMUI_PARTS = ("customUI/customUI.xml", "customUI/customUI14.xml")
CUSTOMUI_NS = {
    "customUI/customUI.xml": "http://schemas.microsoft.com/office/2006/01/customui",
    "customUI/customUI14.xml": "http://schemas.microsoft.com/office/2009/07/customui",
}
CUSTOMUI_REL = {  # [MS-OI29500] 3.4.1.3 / 3.4.1.4: the relationship type that goes with each namespace
    "http://schemas.microsoft.com/office/2006/01/customui": "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2009/07/customui": "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

ADDIN_TITLE = "greendiag 绿色诊断"
ADDIN_DESCRIPTION = "绿色诊断 Excel 函数（政策条款计算）与“生成文书”按钮（xlwings 自定义加载项）"
"""Shown by Excel's add-ins dialog (文件 → 选项 → 加载项 → 转到): ``docProps/core.xml`` title and comments."""

GENERATE_LABEL = "生成文书"
GENERATE_IMAGE = "FileSaveAsWordDocx"
GENERATE_SCREENTIP = "生成全部文书（Word 附件）"
GENERATE_SUPERTIP = (
    "保存当前案例工作簿并校验：有错误时写入“校验结果”工作表并附单元格链接；"
    "无错误时在工作簿旁新建“工作簿名_文书”文件夹，生成全部附件及清单后打开该文件夹。"
)


class AddinBuildError(Exception):
    """The xlwings template is missing or not shaped as expected (message in Chinese)."""


@dataclass(frozen=True)
class TemplateInfo:
    """What the build reads from the installed xlwings template."""

    path: Path
    project_name: str
    """VBA ``PROJECT_NAME`` as implied by the template's configuration sheet (``myaddin``)."""
    conf_sheet_part: str
    """Zip part of the configuration sheet, e.g. ``xl/worksheets/sheet1.xml``."""
    template_conf_sheet_name: str
    """Name of that sheet in the template (``_myaddin.conf``: disabled by the underscore)."""
    run_main_action: str
    """The template ribbon's callback for its Run button, e.g. ``RibbonMyAddin.RunMain``."""

    @property
    def conf_sheet_name(self) -> str:
        """Name under which the VBA reads the sheet: ``<PROJECT_NAME>.conf``."""
        return f"{self.project_name}.conf"


def template_path() -> Path:
    """The ribbon add-in template of the installed xlwings package.

    Raises :class:`AddinBuildError` if xlwings is not installed or does not ship it.
    """
    try:
        import xlwings
    except ImportError as exc:  # pragma: no cover - xlwings is a dependency
        raise AddinBuildError("未安装 xlwings：请先运行 pip install xlwings") from exc
    path = Path(xlwings.__file__).resolve().parent / TEMPLATE_NAME
    if not path.is_file():
        raise AddinBuildError(
            f"已安装的 xlwings {getattr(xlwings, '__version__', '?')} 中找不到加载项模板 {TEMPLATE_NAME}"
        )
    return path


def read_template(path: Path | None = None) -> TemplateInfo:
    """Inspect the template: its configuration sheet, VBA project name and ribbon callback.

    Raises :class:`AddinBuildError` (Chinese message) if a part is missing or unexpected.
    """
    path = template_path() if path is None else Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for part in ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                         "xl/vbaProject.bin", "customUI/customUI.xml"):
                if part not in names:
                    raise AddinBuildError(f"加载项模板 {path} 缺少 {part}")
            types = zf.read("[Content_Types].xml").decode("utf-8")
            workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
            rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            ui = SafeET.fromstring(zf.read("customUI/customUI.xml"))
    except zipfile.BadZipFile as exc:
        raise AddinBuildError(f"加载项模板 {path} 不是有效的压缩包") from exc
    if ADDIN_CONTENT_TYPE not in types:
        raise AddinBuildError(f"加载项模板 {path} 的内容类型不是宏加载项（{ADDIN_CONTENT_TYPE}）")

    conf = [s for s in workbook.iter(f"{{{_MAIN_NS}}}sheet") if s.get("name", "").endswith(".conf")]
    if len(conf) != 1:
        raise AddinBuildError(f"加载项模板 {path} 应恰有一张 *.conf 配置工作表，实际 {len(conf)} 张")
    sheet_name = conf[0].get("name")
    rid = conf[0].get(f"{{{_REL_NS}}}id")
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    if rid not in targets:
        raise AddinBuildError(f"加载项模板 {path}：找不到工作表 {sheet_name} 的关系 {rid}")
    part = str(PurePosixPath("xl") / targets[rid]) if not targets[rid].startswith("/") else targets[rid][1:]

    actions = [el.get("onAction") for el in ui.iter() if el.get("onAction")]
    run_main = [a for a in actions if a.split(".")[-1] == "RunMain"]
    if not run_main:
        raise AddinBuildError(f"加载项模板 {path} 的功能区中没有 RunMain 回调")
    return TemplateInfo(
        path=path,
        project_name=sheet_name.lstrip("_")[: -len(".conf")],
        conf_sheet_part=part,
        template_conf_sheet_name=sheet_name,
        run_main_action=run_main[0],
    )


def ribbon_xml(run_main_action: str, namespace: str = CUSTOMUI_NS["customUI/customUI.xml"]) -> str:
    """The ribbon: a 绿色诊断 tab, group 文书, large button 生成文书 calling ``run_main_action``."""
    button = (
        f'<button id="greendiagGenerate" label={quoteattr(GENERATE_LABEL)} size="large"'
        f" imageMso={quoteattr(GENERATE_IMAGE)} screentip={quoteattr(GENERATE_SCREENTIP)}"
        f" supertip={quoteattr(GENERATE_SUPERTIP)} onAction={quoteattr(run_main_action)} />"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<customUI xmlns="{namespace}">\n'
        "  <ribbon>\n"
        "    <tabs>\n"
        '      <tab id="greendiagTab" label="绿色诊断">\n'
        '        <group id="greendiagDocuments" label="文书">\n'
        f"          {button}\n"
        "        </group>\n"
        "      </tab>\n"
        "    </tabs>\n"
        "  </ribbon>\n"
        "</customUI>\n"
    )


def conf_entries(interpreter: str | None = None) -> list[tuple[str, str]]:
    """Rows of the add-in's configuration sheet ``greendiag.conf`` (key in column A, value in B).

    ``UDF Modules``; ``ADD_WORKBOOK_TO_PYTHONPATH`` false (a ``greendiag.py`` beside a received
    workbook is never imported); ``Interpreter_Win`` only when given (an empty key would shadow
    the user's file); and the two messages ``GreendiagGenerate`` shows (VBA source is
    single-byte text, a cell holds Chinese).
    """
    rows = [("UDF Modules", UDF_MODULES), ("ADD_WORKBOOK_TO_PYTHONPATH", "false")]
    if interpreter:
        rows.append(("Interpreter_Win", interpreter))
    rows += [("GREENDIAG_NO_WORKBOOK", NO_WORKBOOK_MESSAGE), ("GREENDIAG_PROTECTED_VIEW", PROTECTED_VIEW_MESSAGE)]
    return rows


def _vba_text(text: str) -> str:
    """A VBA expression for ``text`` (ASCII literals and ``ChrW``), as module source is cp1252."""
    parts: list[str] = []
    for ch in text:
        if ch.isascii() and ch != '"':
            if parts and parts[-1].startswith('"'):
                parts[-1] = parts[-1][:-1] + ch + '"'
            else:
                parts.append(f'"{ch}"')
        else:
            parts.append(f"ChrW(&H{ord(ch):04X})")
    return " & ".join(parts) or '""'


PYTHON_START = "import sys, os; os.chdir(os.path.dirname(sys.executable)); "
"""Python code both starts run first: a fixed working folder, that of ``python.exe``."""

NO_EMPTY_PATH = "sys.path[:] = filter(None, sys.path);"
"""Python code both starts run right after ``xlwings.utils.prepare_sys_path``: no ``""`` on ``sys.path``."""

_VBA_PATCHES = (  # (what the template says, what the add-in says, how many times)
    ('Public Const PROJECT_NAME As String = "myaddin"', f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"', 1),
    # settings from the add-in alone: not from the active workbook's sheet ...
    ('If SheetExists(ActiveWorkbook, PROJECT_NAME & ".conf") = True Then',
     "If False Then ' greendiag: never from the active workbook's sheet", 1),
    # ... nor from a file in its folder
    ('If GetFullName(ActiveWorkbook) <> "" Then',
     "If False Then ' greendiag: never from the active workbook's folder", 1),
    # the workbook's full name never reaches xlwings.utils.prepare_sys_path: it splits its argument
    # at ";", so a folder named "a;;;;;C:\…" would put a path of the sender's choosing on sys.path
    ('PYTHONPATH = AddExcelDir & ";" & ActiveFullName & ";" & ThisFullName & ";" & GetConfig("ONEDRIVE_CONSUMER_WIN")',
     'PYTHONPATH = AddExcelDir & ";;;" & GetConfig("ONEDRIVE_CONSUMER_WIN")', 1),
    ('PYTHONPATH = AddExcelDir & ";" & ActiveWorkbook.FullName & ";" & ThisWorkbook.FullName & ";" & GetConfig("ONEDRIVE_CONSUMER_WIN")',
     'PYTHONPATH = AddExcelDir & ";;;" & GetConfig("ONEDRIVE_CONSUMER_WIN")', 1),
    # both Python starts (the button's RunPython, the functions' server): -P (3.11+) keeps the current
    # folder off sys.path at start; the working folder becomes python.exe's own (the server otherwise
    # inherits Excel's, which follows File → Open); prepare_sys_path adds "" (the current folder) when
    # the PYTHONPATH setting is empty, so empty entries are removed right after it.  The button's Python
    # writes its errors in the ANSI code page (-X utf8=0: UTF-8 mode is the default from Python 3.15):
    # xlwings' VBA reads that log file as ANSI text
    ('RunCommand = CondaCmd & PythonInterpreter & " -B -c ""import xlwings.utils;'
     'xlwings.utils.prepare_sys_path(\\""" & PYTHONPATH & "\\""); " & PythonCommand',
     f'RunCommand = CondaCmd & PythonInterpreter & " -B -P -X utf8=0 -c ""{PYTHON_START}import xlwings.utils;'
     f'xlwings.utils.prepare_sys_path(\\""" & PYTHONPATH & "\\""); {NO_EMPTY_PATH} " & PythonCommand', 1),
    # the user's settings file saved as UTF-8 (Notepad's default) with a Chinese path: read as UTF-8
    # (:data:`UTF8_CONFIG`), an ANSI file as before
    ("GetConfigFromFile = False\n",
     "GetConfigFromFile = False\n  Dim greendiagFound As Boolean\n"
     "  If GreendiagUtf8Config(sFile, sName, sValue, greendiagFound) Then\n"
     "    GetConfigFromFile = greendiagFound\n    Exit Function\n  End If\n", 1),
    ('tail = " -B -c ""import sys, os;" & LicenseKeyEnvString & "import xlwings.utils;'
     'xlwings.utils.prepare_sys_path(\\""" & PYTHONPATH & "\\"");import xlwings;',
     f'tail = " -B -P -c ""{PYTHON_START}" & LicenseKeyEnvString & "import xlwings.utils;'
     f'xlwings.utils.prepare_sys_path(\\""" & PYTHONPATH & "\\""); {NO_EMPTY_PATH} import xlwings;', 1),
)


UTF8_CONFIG = """
Function GreendiagUtf8Config(sFile As String, sName As String, sValue As String, found As Boolean) As Boolean
    ' greendiag: a settings file in UTF-8 (with or without BOM) is read as UTF-8; False: not UTF-8, read it as ANSI
    Dim b() As Byte, i As Long, n As Long, utf8 As Boolean, st As Object, ln As Variant, p As Long
    On Error GoTo done
    If Not FileExists(sFile) Then Exit Function
    i = FreeFile
    Open sFile For Binary Access Read As #i
    If LOF(i) = 0 Then
        Close #i
        Exit Function
    End If
    ReDim b(0 To LOF(i) - 1)
    Get #i, , b
    Close #i
    For i = 0 To UBound(b)
        If n > 0 Then
            If (b(i) And &HC0) <> &H80 Then Exit Function
            n = n - 1
        ElseIf b(i) >= &HC2 And b(i) <= &HF4 Then
            n = 1 - (b(i) >= &HE0) - (b(i) >= &HF0)
            utf8 = True
        ElseIf b(i) >= &H80 Then
            Exit Function
        End If
    Next i
    If n > 0 Or Not utf8 Then Exit Function
    Set st = CreateObject("ADODB.Stream")
    st.Type = 2
    st.Charset = "utf-8"
    st.Open
    st.LoadFromFile sFile
    For Each ln In Split(Replace(Replace(st.ReadText, vbCr, ""), ChrW(&HFEFF), ""), vbLf)
        p = InStr(ln, ",")
        If p > 0 Then
            If LCase(Trim(Replace(Left(ln, p - 1), \"\"\"\", \"\"))) = LCase(sName) Then
                sValue = Trim(Replace(Mid(ln, p + 1), \"\"\"\", \"\"))
                found = True
                Exit For
            End If
        End If
    Next ln
    st.Close
    GreendiagUtf8Config = True
done:
End Function
"""
"""VBA: ``GetConfigFromFile`` for a UTF-8 file (every byte sequence valid UTF-8, at least one not ASCII).

Such a file (``"key","value"`` lines, as xlwings' ``Input #`` reads them) is decoded with
``ADODB.Stream``; any other file is left to xlwings' ANSI reader.  Returns True when it read the file.
"""


def _generate_sub() -> str:
    title = _vba_text("绿色诊断")
    return "\n".join([
        "",
        f"Sub {RIBBON_CALLBACK}(control As IRibbonControl)",
        "    ' greendiag: the ribbon button; no Python is started without an editable workbook",
        "    If Not Application.ActiveProtectedViewWindow Is Nothing Then",
        f'        MsgBox GetConfig("GREENDIAG_PROTECTED_VIEW", "Protected View: click Enable Editing first."), vbInformation, {title}',
        "        Exit Sub",
        "    End If",
        "    If ActiveWorkbook Is Nothing Then",
        f'        MsgBox GetConfig("GREENDIAG_NO_WORKBOOK", "Open a case workbook first."), vbInformation, {title}',
        "        Exit Sub",
        "    End If",
        f'    RunPython "{ENTRY_COMMAND}"',
        "End Sub",
        "",
    ])


def patch_xlwings_vba(source: str) -> str:
    """The template's ``xlwings`` module as greendiag's add-in runs it (see the module docstring).

    Applies :data:`_VBA_PATCHES` and adds ``GreendiagGenerate``; raises :class:`AddinBuildError`
    when the template does not read as expected (another xlwings version: nothing is guessed).
    """
    out = source
    for old, new, count in _VBA_PATCHES:
        if out.count(old) != count:
            raise AddinBuildError(f"加载项模板的 VBA 与预期不同（找到 {out.count(old)} 处“{old}”，应为 {count} 处）")
        out = out.replace(old, new)
    if f"Sub {RIBBON_CALLBACK}(" in out:
        raise AddinBuildError(f"加载项模板的 VBA 中已有 {RIBBON_CALLBACK}")
    return out.rstrip("\n") + "\n" + _generate_sub() + UTF8_CONFIG


def _vba_project(template_bin: bytes, registration: str = "", wrappers: str = "") -> bytes:
    """``xl/vbaProject.bin`` with the patched ``xlwings`` module, then ``registration`` and ``wrappers`` (VBA)."""
    from greendiag.addin import vba

    try:
        source = vba.module_source(template_bin, "xlwings").decode(vba.CODEPAGE)
        size = vba.module_size(template_bin, "xlwings") - 32
        patched = _make_room(patch_xlwings_vba(source) + registration, size, "\n" + wrappers) + "\n" + wrappers
        patched = patched.encode(vba.CODEPAGE)
        out = vba.replace_module_source(template_bin, "xlwings", patched)
        if not vba.module_source(out, "xlwings").startswith(patched.rstrip(b"\n")):  # read back what was written
            raise AddinBuildError("写入加载项 VBA 后读回的内容不一致")
    except vba.VBAError as exc:
        raise AddinBuildError(f"无法修改加载项模板的 VBA：{exc}") from exc
    return out


def _make_room(source: str, size: int, tail: str = "") -> str:
    """``source`` reduced as little as needed for ``source + tail`` to compress to at most ``size`` bytes.

    The module stream keeps its size (see :mod:`greendiag.addin.vba`).  First whole-line comments are
    dropped from the end of the module up; if that is not enough, blank lines, then every line's
    indentation (VBA ignores both), then the Mac-only branches (:func:`greendiag.addin.vba.without_mac_branches`:
    nothing Excel for Windows compiles).  Never touched: the licence header before the first
    statement, and ``tail`` (the functions' wrappers, kept as xlwings wrote them).
    """
    from greendiag.addin import vba

    lines = source.split("\n")
    head = 0
    while head < len(lines) and (not lines[head].strip() or lines[head].startswith(("'", "Attribute", "#Const"))):
        head += 1
    comments = [i for i in range(head, len(lines)) if lines[i].lstrip().startswith("'")][::-1]

    def fits(text: str) -> bool:
        return len(vba.compress((text + tail).encode(vba.CODEPAGE))) <= size

    def without(k: int) -> str:
        drop = set(comments[:k])
        return "\n".join(line for i, line in enumerate(lines) if i not in drop)

    if not fits(without(len(comments))):
        body = [line for line in without(len(comments)).split("\n")[head:] if line.strip()]
        stripped = [line.strip() for line in body]
        for candidate in (body, stripped, vba.without_mac_branches("\n".join(stripped)).split("\n")):
            text = "\n".join(lines[:head] + candidate) + "\n"
            if fits(text):
                return text
        raise AddinBuildError("加载项模板的 VBA 模块没有足够的空间容纳 greendiag 的修改")
    low, high = 0, len(comments)  # smallest k that fits (size grows with k dropped comments: monotone)
    while low < high:
        mid = (low + high) // 2
        if fits(without(mid)):
            high = mid
        else:
            low = mid + 1
    return without(low)


def _rels_xml(template_xml: str, part: str, namespace: str) -> str:
    """Give the package relationship to the ribbon part the type that matches its namespace."""
    pattern = re.compile(r'(<Relationship\b[^>]*?\bType=")([^"]*)("[^>]*?\bTarget="/?' + re.escape(part) + '")')
    out, n = pattern.subn(lambda m: m[1] + CUSTOMUI_REL[namespace] + m[3], template_xml)
    if n != 1:
        raise AddinBuildError(f"加载项模板的 _rels/.rels 中找不到指向 {part} 的关系")
    return out


def _conf_sheet_xml(template_xml: str, rows: list[tuple[str, str]], functions: list[list[str]] = ()) -> str:
    """Replace the template sheet's data by ``rows`` in A:B and ``functions`` from column D (inline strings)."""
    from openpyxl.utils import get_column_letter

    cells = []
    for i in range(1, max(len(rows), len(functions)) + 1):
        values = list(rows[i - 1]) if i <= len(rows) else ["", ""]
        values += [""] * (functions_vba.FIRST_COLUMN - 3) + (list(functions[i - 1]) if i <= len(functions) else [])
        row = "".join(
            f'<c r="{get_column_letter(j)}{i}" s="1" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for j, v in enumerate(values, start=1) if v
        )
        cells.append(f'<row r="{i}">{row}</row>')
    width = max([2] + [functions_vba.FIRST_COLUMN - 1 + len(f) for f in functions])
    data = "<sheetData>" + "".join(cells) + "</sheetData>"
    out, n = re.subn(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", lambda _m: data, template_xml, count=1, flags=re.S)
    if n != 1:
        raise AddinBuildError("加载项模板的配置工作表中没有 sheetData")
    last = f"{get_column_letter(width)}{max(len(rows), len(functions))}"
    out = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}" />', out, count=1)
    # the template's column B is narrow: widen it so the value is readable when the sheet is shown
    out = out.replace('<col min="2" max="2" width="9.25"', '<col min="2" max="2" width="40"', 1)
    return out


def _workbook_xml(template_xml: str, old_name: str, new_name: str) -> str:
    """Rename the configuration sheet in ``xl/workbook.xml`` (a targeted edit keeps every namespace)."""
    old = f"name={quoteattr(old_name)}"
    if template_xml.count(old) != 1:
        raise AddinBuildError(f"加载项模板的 workbook.xml 中找不到工作表 {old_name}")
    return template_xml.replace(old, f"name={quoteattr(new_name)}", 1)


def _core_xml(template_xml: str) -> str:
    """Set the package title and description (left empty by the template) for Excel's add-ins dialog."""
    out = template_xml
    for tag, text in (("dc:title", ADDIN_TITLE), ("dc:description", ADDIN_DESCRIPTION)):
        out = re.sub(rf"<{tag}\s*/>|<{tag}>[^<]*</{tag}>", lambda _m, tag=tag, text=text: f"<{tag}>{escape(text)}</{tag}>", out, count=1)
    return out


def build_addin(out_dir: str | os.PathLike[str], *, force: bool = False, interpreter: str | None = None) -> Path:
    """Build ``<out_dir>/greendiag.xlam`` from the installed xlwings ribbon add-in template.

    ``interpreter``: optional full path of ``python.exe`` on the user's PC, written as
    ``Interpreter_Win``; by default it is left to the user's machine (``python`` on ``PATH``
    or ``%USERPROFILE%\\.greendiag\\greendiag.conf``).

    Returns the path of the add-in.  Writes atomically (temp file + ``os.replace``).
    Raises ``FileExistsError`` (Chinese message) if the add-in exists and ``force`` is false,
    :class:`AddinBuildError` if the template is missing or not as expected.
    """
    out_dir = Path(out_dir)
    target = out_dir / ADDIN_FILE_NAME
    if target.exists() and not force:
        raise FileExistsError(f"{target} 已存在；如需覆盖请加 --force")
    info = read_template()
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(info.path) as src:
        names = src.namelist()
        wb_xml = src.read("xl/workbook.xml").decode("utf-8")
        replaced["xl/workbook.xml"] = _workbook_xml(wb_xml, info.template_conf_sheet_name, CONF_SHEET).encode("utf-8")
        functions = functions_vba.xlwings_import(UDF_MODULES, ADDIN_FILE_NAME)
        replaced["xl/vbaProject.bin"] = _vba_project(
            src.read("xl/vbaProject.bin"), functions_vba.registration_sub(), functions_vba.wrappers(functions["vba"])
        )
        sheet_xml = src.read(info.conf_sheet_part).decode("utf-8")
        replaced[info.conf_sheet_part] = _conf_sheet_xml(
            sheet_xml, conf_entries(interpreter), functions_vba.description_rows(functions["macro_options"])
        ).encode("utf-8")
        if "docProps/core.xml" in names:
            replaced["docProps/core.xml"] = _core_xml(src.read("docProps/core.xml").decode("utf-8")).encode("utf-8")
        rels = src.read("_rels/.rels").decode("utf-8")
        for part in CUSTOMUI_PARTS:
            if part in names:
                replaced[part] = ribbon_xml(RIBBON_CALLBACK, CUSTOMUI_NS[part]).encode("utf-8")
                rels = _rels_xml(rels, part, CUSTOMUI_NS[part])
        replaced["_rels/.rels"] = rels.encode("utf-8")
        for name, data in replaced.items():  # every rewritten XML part must still be well-formed
            if name.endswith((".xml", ".rels")):
                SafeET.fromstring(data)

        with atomic_path(target) as tmp:
            # [Content_Types].xml first, as Office writes it; everything else in template order
            order = sorted(names, key=lambda n: n != "[Content_Types].xml")
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as dst:
                for name in order:
                    info_in = src.getinfo(name)
                    data = replaced.get(name, None)
                    if data is None:
                        data = src.read(name)
                    zi = zipfile.ZipInfo(name, date_time=info_in.date_time)
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zi.external_attr = info_in.external_attr
                    dst.writestr(zi, data)
    return target


# --------------------------------------------------------------------------- installation

IMPORT_FUNCTIONS_HELP = """\
Excel 函数随加载项一起安装：重新打开 Excel 后即可在单元格中写 =REWARD_CAP("企业", 120000) 等函数，
  “插入函数”（Shift+F3）的类别“greendiag 绿色诊断”中有中文说明。不需要导入，也不需要在信任中心改动任何设置。
  升级 greendiag 后重新运行 install.cmd（或 greendiag addin install），新的加载项带着新的函数。
Python 解释器：加载项用 Interpreter_Win 中的 python.exe 完整路径（install.cmd 和 greendiag addin install 写入）；
  要换一个，用 --interpreter 重新构建/安装，或在 %USERPROFILE%\\.greendiag\\greendiag.conf 中写一行
  "Interpreter_Win","C:\\…\\python.exe"。
详见 docs/excel.md。"""


def install_plan(addin_path: str | os.PathLike[str] = ADDIN_FILE_NAME) -> list[str]:
    """What ``greendiag addin install`` does on Windows, step by step (Chinese)."""
    return [
        f"用已安装的 xlwings 模板构建加载项 {addin_path}（同 greendiag addin build）；",
        f"运行 xlwings addin install -f {addin_path}：把它复制到 Excel 的 XLSTART 文件夹，Excel 每次启动都会加载；",
        "Excel 函数已在加载项中（构建时由 xlwings 生成包装代码），不需要导入。",
    ]


def install_addin(addin_path: str | os.PathLike[str]) -> str:
    """Install a built add-in with xlwings' own ``xlwings addin install -f <path>`` (Windows).

    Returns xlwings' output.  Raises ``RuntimeError`` (Chinese message with xlwings' output)
    when xlwings does not report success — its CLI prints errors but exits 0, so the output
    is checked.
    """
    import subprocess
    import sys

    cmd = [
        sys.executable,
        "-c",
        "import sys, xlwings.cli; sys.argv[0] = 'xlwings'; xlwings.cli.main()",
        "addin",
        "install",
        "-f",
        str(Path(addin_path).resolve()),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0 or "Successfully installed" not in output:
        lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
        reason = lines[-1] if lines else f"退出码 {proc.returncode}"  # the error, not xlwings' traceback
        raise RuntimeError(f"xlwings 未能安装加载项：{reason}（若 Excel 正在运行，请先关闭 Excel 后重试）")
    return output.strip()
