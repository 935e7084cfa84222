"""The case workbook's layout, measured in the saved file: header texts and notes are not clipped;
参数 shows only what the workbook's kind uses.

A wrapped text fits its cell when its lines, at least, fit the row height: the lines are counted
from the text's width (a CJK or full-width character is one em, any other character 0.55 em; a
column of width w is 7·w pixels less the cell's margins) and each line of CJK text is 1.4 em high
(Noto Sans CJK, which LibreOffice and WPS use beside Calibri, is 1.45 em).  This is a lower bound
of what Excel, WPS and LibreOffice need, so a failure here is a header one sees cut; the real-window
screenshots (tests/test_workbook_window.py) show the rest.  Formula headers (第1年（2023年）) are
not measured: their text is not in the file.
"""

from __future__ import annotations

import math
import re
import unicodedata

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from greendiag.rules.models import CaseKind
from greendiag.workbooks import spec as S
from greendiag.workbooks.kit import HEADER_FILL

DEFAULT_WIDTH, DEFAULT_HEIGHT = 8.43, 15.0


def _text_px(text: str, size: float) -> float:
    em = size * 4 / 3
    return sum(em if unicodedata.east_asian_width(ch) in "WF" else 0.55 * em for ch in text)


def _min_height(ws, cell, width_px: float) -> float:
    """Points a wrapped cell needs at least (see the module's docstring)."""
    size = cell.font.sz or 11
    usable = width_px - 5
    lines = sum(max(1, math.ceil(_text_px(part, size) / usable)) for part in str(cell.value).split("\n"))
    return lines * 1.4 * size


def _span(ws, cell):
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng.min_col, rng.max_col, rng.min_row, rng.max_row
    return cell.column, cell.column, cell.row, cell.row


def _width_px(ws, c0: int, c1: int) -> float:
    total = 0.0
    for c in range(c0, c1 + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        if dim is not None and dim.hidden:
            continue
        total += 7 * (dim.width if dim is not None and dim.width else DEFAULT_WIDTH)
    return total


def _height(ws, r0: int, r1: int) -> float:
    return sum(ws.row_dimensions[r].height or DEFAULT_HEIGHT for r in range(r0, r1 + 1))


def clipped(ws, all_wrapped: bool = False) -> list[str]:
    """Header cells (blue) and wrapped notes over several columns (``all_wrapped``: every wrapped
    cell) whose text is taller than their cell."""
    out = []
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if not isinstance(v, str) or not v.strip() or v.startswith("="):
                continue
            c0, c1, r0, r1 = _span(ws, cell)
            if (c0, r0) != (cell.column, cell.row):
                continue
            header = cell.fill is not None and cell.fill.fgColor.rgb == HEADER_FILL.fgColor.rgb
            note = bool(cell.alignment.wrap_text) and (c1 > c0 or all_wrapped)
            if not (header or note):
                continue
            need = _min_height(ws, cell, _width_px(ws, c0, c1))
            have = _height(ws, r0, r1)
            if need > have + 0.5:
                out.append(f"{ws.title}!{cell.coordinate} “{v[:20]}” needs ≥{need:.0f} pt, has {have:.0f}")
    return out


@pytest.fixture(scope="module")
def workbooks(sample_workbooks):
    return {
        "park-blank": sample_workbooks["park_blank"],
        "park-demo": sample_workbooks["park"],
        "enterprise-blank": sample_workbooks["enterprise_blank"],
        "enterprise-demo": sample_workbooks["enterprise_large"],
    }


@pytest.mark.parametrize("which", ["park-blank", "park-demo", "enterprise-blank", "enterprise-demo"])
def test_headers_and_notes_are_not_clipped(workbooks, which):
    wb = openpyxl.load_workbook(workbooks[which])
    bad = [msg for ws in wb.worksheets if ws.sheet_state == "visible" for msg in clipped(ws)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("which", ["park-blank", "enterprise-blank"])
def test_params_texts_are_not_clipped(workbooks, which):
    """参数's rows (long 名称, 依据 and 说明 texts, wrapped in one column) are tall enough to read."""
    ws = openpyxl.load_workbook(workbooks[which])[S.PARAMS]
    bad = [m for m in clipped(ws, all_wrapped=True) if int("".join(ch for ch in m.split("!")[1].split(" ")[0] if ch.isdigit())) >= 4]
    assert not bad, "\n".join(bad)


def test_indicator_note_reads_without_scrolling(workbooks):
    """评价指标's note (row 2) lies over the columns of the first screen, not over all sixteen:
    its lines were wider than a window and had to be scrolled to be read."""
    ws = openpyxl.load_workbook(workbooks["park-blank"])[S.INDICATORS]
    c0, c1, _, _ = _span(ws, ws["A2"])
    assert c0 == 1 and _width_px(ws, c0, c1) <= 1100  # a 1366-px laptop screen less row numbers and panes


@pytest.mark.parametrize("which", ["park-blank", "enterprise-blank"])
def test_params_sheet_shows_only_its_kind(workbooks, which):
    """参数 names no sheet the workbook lacks (an enterprise workbook has no 评价指标) and holds no
    parameter its formulas do not use (leading values, min_scored_indicators, the other kind's caps)."""
    kind = CaseKind.PARK if which.startswith("park") else CaseKind.ENTERPRISE
    other = CaseKind.ENTERPRISE if kind == CaseKind.PARK else CaseKind.PARK
    wb = openpyxl.load_workbook(workbooks[which])
    absent = set(S.sheets_for(other)) - set(wb.sheetnames)
    assert absent  # 评价指标 and 基础性要求 / the enterprise sheets
    ws = wb[S.PARAMS]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    texts += [t for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error) if t]
    named = sorted({name for name in absent for t in texts if name in t})
    assert not named, f"参数 names {named}, not in this workbook"
    keys = {ws.cell(r, 1).value for r in range(4, ws.max_row + 1)} - {None}
    park_only = {k for k in keys if k.startswith("indicator_")} | (keys & {"max_indicator_score", "min_scored_indicators"})
    if kind == CaseKind.ENTERPRISE:
        assert not park_only and not {k for k in keys if k.endswith("_park")}, keys
    else:
        assert len(park_only) == 33 and not {k for k in keys if "enterprise" in k or k == "reward_output_threshold"}, keys
    # every parameter left is used by a formula of the workbook
    formulas = " ".join(str(c.value) for w in wb.worksheets for row in w.iter_rows() for c in row
                        if isinstance(c.value, str) and c.value.startswith("="))
    # … as its cell ('参数'!$C$r) or as a row of a looked-up table ('参数'!$A$m:$C$n, the qualitative states' points)
    tables = [range(int(m), int(n) + 1) for m, n in re.findall(rf"'{S.PARAMS}'!\$A\$(\d+):\$C\$(\d+)", formulas)]
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, 1).value:
            used = f"'{S.PARAMS}'!$C${r}" in formulas or any(r in t for t in tables)
            assert used, (ws.cell(r, 1).value, r)


@pytest.mark.parametrize("which", ["park-blank", "enterprise-blank"])
def test_no_text_points_to_a_sheet_the_workbook_lacks(workbooks, which):
    """说明, hints and prompts name only sheets of this workbook: an enterprise workbook has no
    评价指标 or 基础性要求 (its 诊断实施年份 and 报告正文 hints are the enterprise's, 规则第十二、十三条)."""
    kind = CaseKind.PARK if which.startswith("park") else CaseKind.ENTERPRISE
    other = CaseKind.ENTERPRISE if kind == CaseKind.PARK else CaseKind.PARK
    wb = openpyxl.load_workbook(workbooks[which])
    absent = set(S.sheets_for(other)) - set(wb.sheetnames)
    found = []
    for ws in wb.worksheets:
        texts = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        texts += [(f"数据验证 {dv.sqref}", t) for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error) if t]
        found += [f"{ws.title}!{ref}: {name}" for ref, t in texts for name in absent if f"“{name}”" in t or f"{name}的" in t]
    assert not found, found


def _fits_on_one_line(ws, cell) -> str:
    """'' when a text cell that does not wrap shows whole: its text fits its (merged) width, or runs on
    over empty cells to its right as Excel and LibreOffice let text do."""
    c0, c1, _, _ = _span(ws, cell)
    size = cell.font.sz or 11
    need = max(_text_px(part, size) for part in str(cell.value).split("\n")) + 5
    have, c = _width_px(ws, c0, c1), c1
    while need > have and c < c1 + 10 and ws.cell(cell.row, c + 1).value is None and not cell.border.right.style:
        c += 1
        have += _width_px(ws, c, c)
    return "" if need <= have + 0.5 else f"{ws.title}!{cell.coordinate} “{str(cell.value)[:20]}” needs {need:.0f} px, has {have:.0f}"


def cut_cells(ws) -> list[str]:
    """Every visible text cell (not a formula) whose text is cut: wrapped text taller than its row(s)
    (:func:`clipped` with every wrapped cell), one-line text wider than its column(s)."""
    out = clipped(ws, all_wrapped=True)
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if not isinstance(v, str) or not v.strip() or v.startswith("=") or cell.alignment.wrap_text:
                continue
            c0, _c1, r0, _r1 = _span(ws, cell)
            if (c0, r0) == (cell.column, cell.row) and (why := _fits_on_one_line(ws, cell)):
                out.append(why)
    return out


def list_values_cut(ws) -> list[str]:
    """Every cell with a dropdown list whose longest choice is wider than the cell."""
    wb = ws.parent
    out = []
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list" or not dv.formula1:
            continue
        ref = dv.formula1.lstrip("=")
        if "!" in ref:
            sheet, rng = ref.rsplit("!", 1)
            cells = wb[sheet.strip("'")][rng.replace("$", "")]
            values = [c.value for row in (cells if isinstance(cells, tuple) else ((cells,),)) for c in row]
        else:
            values = ref.strip('"').split(",")
        longest = max((str(v) for v in values if v), key=lambda t: _text_px(t, 11), default="")
        for rng in dv.sqref.ranges:
            cell = ws.cell(rng.min_row, rng.min_col)
            c0, c1, _, _ = _span(ws, cell)
            need = _text_px(longest, cell.font.sz or 11) + 5
            width = _width_px(ws, c0, c1)
            if cell.alignment.wrap_text:
                lines = max(1, math.ceil((need - 5) / max(width - 5, 1)))
                if lines * 1.4 * (cell.font.sz or 11) > _height(ws, rng.min_row, rng.min_row) + 0.5:
                    out.append(f"{ws.title}!{cell.coordinate} list value “{longest}” needs {lines} lines")
            elif need > width + 0.5:
                out.append(f"{ws.title}!{cell.coordinate} list value “{longest}” needs {need:.0f} px, has {width:.0f}")
    return out


@pytest.mark.parametrize("which", ["enterprise-blank", "enterprise-demo", "park-blank", "park-demo"])
def test_workbook_nothing_is_cut(workbooks, which):
    """Every visible text and every list value of the enterprise and park workbooks shows whole (issue 24 item 5;
    both fitted by workbooks.fit).  评价指标 keeps its own measured layout (one year per printed page; its
    headers and notes: test_headers_and_notes_are_not_clipped) and is not measured here."""
    wb = openpyxl.load_workbook(workbooks[which])
    bad = [m for ws in wb.worksheets if ws.sheet_state == "visible" and ws.title != S.INDICATORS
           for m in cut_cells(ws) + list_values_cut(ws)]
    assert not bad, "\n".join(bad)


DEVELOPER_WORDS = ("greendiag", "chinesecalendar", "openpyxl", "xlwings", "pydantic", "docxtpl")


@pytest.mark.parametrize("which", ["enterprise-blank", "enterprise-demo"])
def test_no_tool_or_library_name_on_a_visible_sheet(workbooks, which):
    wb = openpyxl.load_workbook(workbooks[which])
    found = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        texts += [(f"数据验证 {dv.sqref}", t) for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error) if t]
        found += [f"{ws.title}!{ref}: {w}" for ref, t in texts for w in DEVELOPER_WORDS if w in t.lower()]
    assert not found, "\n".join(found)


def test_hints_name_both_programs_keys(workbooks):
    """Where Excel and LibreOffice differ (a hyperlink: click / Ctrl+click; a line break in a cell:
    Alt+Enter / Ctrl+Enter), the hint names both."""
    wb = openpyxl.load_workbook(workbooks["enterprise-blank"])
    texts = [c.value for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    for t in texts:
        if "Alt+Enter" in t:
            assert "LibreOffice 按 Ctrl+Enter" in t, t
        if "单击跳转" in t:
            assert "LibreOffice 按住 Ctrl 单击" in t, t
    assert any("Alt+Enter" in t for t in texts) and any("单击跳转" in t for t in texts)
