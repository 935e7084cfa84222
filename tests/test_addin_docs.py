"""docs/excel.md stays in step with the code: its function list is generated from
``greendiag.addin.udfs.CATALOGUE`` (regenerate with ``python tests/test_addin_docs.py``), and the names it
tells users to look for (sheet, procedure, settings, commands) are the ones the code uses."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "excel.md"
BEGIN, END = "<!-- FUNCTIONS:BEGIN -->", "<!-- FUNCTIONS:END -->"


def function_section() -> str:
    """Markdown of every catalogue function, grouped, with argument help and citations."""
    from greendiag.addin.udfs import CATALOGUE

    groups: dict[str, list] = {}
    for entry in CATALOGUE.values():
        groups.setdefault(entry.group, []).append(entry)
    lines: list[str] = []
    for group, entries in groups.items():
        lines += [f"### {group}", ""]
        for e in entries:
            lines.append(f"- **`={e.signature}`** — {e.summary}。依据：{'；'.join(e.citations)}。")
            for name, doc in e.args:
                lines.append(f"  - `{name}`：{doc}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _current_block(text: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n") + "\n"


def test_function_list_is_generated_from_the_catalogue():
    text = DOC.read_text(encoding="utf-8")
    assert _current_block(text) == function_section(), "run: python tests/test_addin_docs.py"


def test_every_catalogue_function_and_citation_is_in_the_docs():
    from greendiag.addin.udfs import CATALOGUE

    text = DOC.read_text(encoding="utf-8")
    for name, entry in CATALOGUE.items():
        assert f"`={name}(" in text, name
        for cite in entry.citations:
            assert cite in text, (name, cite)


def test_docs_name_what_the_code_uses():
    from greendiag.addin.build import ADDIN_FILE_NAME, CONF_SHEET, GENERATE_LABEL, PROJECT_NAME, UDF_MODULES
    from greendiag.addin.ribbon import OUTPUT_SUFFIX, RESULT_SHEET

    text = DOC.read_text(encoding="utf-8")
    for needle in (
        ADDIN_FILE_NAME,
        GENERATE_LABEL,
        UDF_MODULES,
        CONF_SHEET,  # greendiag.conf: the sheet/file name the patched VBA reads
        f"%USERPROFILE%\\.{PROJECT_NAME}\\{CONF_SHEET}",
        "ImportPythonUDFsToAddin",
        "Interpreter_Win",
        "AccessVBOM",
        "#NAME?",
        RESULT_SHEET,
        OUTPUT_SUFFIX,
        "greendiag addin install",
        "greendiag addin build",
        "xlwings addin install -f",
    ):
        assert needle in text, needle
    # the functions come with the add-in: the docs never ask for access to the VBA project
    assert "信任对 VBA 工程对象模型的访问" not in text
    # the doc says plainly what was verified only on Linux
    assert re.search(r"尚未在装有 Excel 的 Windows 电脑上验证", text)


def _section(text: str, number: int) -> str:
    start = text.index(f"\n## {number}. ")
    return text[start:text.index("\n## ", start + 1)]


def test_workbook_labels_in_the_docs_are_the_workbooks(tmp_path):
    """§8 (the workbook without Python) names labels a person looks for: each quoted one is written
    in a park or enterprise workbook (a cell, a sheet name, a validation text), and the dropdowns it
    lists are the workbook's lists.  (It named a switch “使用 Python 函数（xlwings）” and cells showing
    “未启用” after both had been renamed.)"""
    import openpyxl

    from greendiag.workbooks import build_template
    from greendiag.workbooks import spec as S

    texts: list[str] = []
    for kind in ("park", "enterprise"):
        wb = openpyxl.load_workbook(build_template(kind, tmp_path / f"{kind}.xlsx"))
        texts += wb.sheetnames
        for ws in wb.worksheets:
            texts += [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
            texts += [t for dv in ws.data_validations.dataValidation
                      for t in (dv.prompt, dv.error, dv.promptTitle, dv.errorTitle) if t]
    written = "\n".join(texts)
    section = _section(DOC.read_text(encoding="utf-8"), 8)
    for label in re.findall(r"“([^”]+)”", section):
        assert label in written, f"docs/excel.md §8 names “{label}”, which no workbook shows"
    lists = re.search(r"下拉列表（([^）]+)）", section).group(1).removesuffix("等")
    for name in lists.split("、"):
        assert name in S.LISTS, f"docs/excel.md §8 lists the dropdown “{name}”, not one of {list(S.LISTS)}"


if __name__ == "__main__":  # regenerate the function list in docs/excel.md
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + function_section() + text[end:], encoding="utf-8")
    print(f"updated {DOC}")
