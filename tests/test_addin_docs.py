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
        "信任对 VBA 工程对象模型的访问",
        "#NAME?",
        RESULT_SHEET,
        OUTPUT_SUFFIX,
        "greendiag addin install",
        "greendiag addin build",
        "xlwings addin install -f",
    ):
        assert needle in text, needle
    # the doc says plainly what was verified only on Linux
    assert re.search(r"尚未在装有 Excel 的 Windows 电脑上验证", text)


if __name__ == "__main__":  # regenerate the function list in docs/excel.md
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + function_section() + text[end:], encoding="utf-8")
    print(f"updated {DOC}")
