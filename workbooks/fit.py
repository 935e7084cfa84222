"""Nothing cut: every visible text of a sheet fits its cell (issue 24 item 5).

:func:`fit_workbook` grows, on every visible sheet, each row to its wrapped texts (every wrapped cell,
inputs included: ``kit.fit_rows(all_wrapped=True)``, capped at the largest row height Excel allows)
and each column to its one-line texts that would run into a filled or bordered neighbour and to the
longest choice of its dropdown lists.  Measured as ``kit.wrapped_lines`` measures (a CJK character one
em, any other 0.6 em, 5 px of margins); tests/test_workbook_layout.py checks the result with its own
lower-bound metric.
"""

from __future__ import annotations

import unicodedata

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.workbooks import kit as K

MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height (points)."""
MAX_WIDTH = 60.0
"""Widest column this pass makes (characters); longer one-line texts should wrap instead."""


def text_width(text: str, size: float = 11) -> float:
    """Column width (characters of 7 px) a one-line ``text`` needs at ``size`` pt, margins included."""
    em = size * 4 / 3
    px = max(sum(em if unicodedata.east_asian_width(ch) in "WFA" else 0.6 * em for ch in part)
             for part in str(text).split("\n"))
    return (px + 8) / 7


def _merged_starts(ws: Worksheet) -> tuple[set, set]:
    starts = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges}
    inside = {(row, col) for r in ws.merged_cells.ranges for row, col in r.cells}
    return starts, inside


def _widen(ws: Worksheet, col: int, width: float) -> None:
    dim = ws.column_dimensions[get_column_letter(col)]
    if (dim.width or K._DEFAULT_COL_WIDTH) < width:
        dim.width = round(min(width, MAX_WIDTH), 1)


def fit_columns(ws: Worksheet) -> None:
    """Widen each column to its one-line texts that meet a filled or bordered neighbour (text runs on
    over empty cells, so those need nothing), and to the longest choice of each dropdown list."""
    starts, inside = _merged_starts(ws)
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if not isinstance(v, str) or not v.strip() or v.startswith("=") or c.alignment.wrap_text:
                continue
            if (c.row, c.column) in inside:
                continue
            right = ws.cell(c.row, c.column + 1)
            if right.value is None and not c.border.right.style:
                continue
            _widen(ws, c.column, text_width(v, c.font.sz or 11))
    wb = ws.parent
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list" or not dv.formula1 or "!" not in dv.formula1:
            continue
        sheet, rng = dv.formula1.lstrip("=").rsplit("!", 1)
        cells = wb[sheet.strip("'")][rng.replace("$", "")]
        values = [x.value for line in cells for x in line] if isinstance(cells, tuple) else [cells.value]
        longest = max((text_width(str(x)) for x in values if x), default=0)
        for r in dv.sqref.ranges:
            for col in range(r.min_col, r.max_col + 1):
                if (r.min_row, col) not in inside or (r.min_row, col) in starts:
                    _widen(ws, col, longest)


def fit_workbook(wb: Workbook) -> None:
    """:func:`fit_columns` then every wrapped text's row (see the module docstring) on each visible sheet."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        fit_columns(ws)
        K.fit_rows(ws, all_wrapped=True)
        for dim in list(ws.row_dimensions.values()):
            if dim.height and dim.height > MAX_ROW_HEIGHT:
                dim.height = MAX_ROW_HEIGHT


ON_REQUEST = ("打印整个工作簿时本表只打印标题和说明；需要打印全表时，选中表格区域后选择“打印选定区域”（Excel）"
              "或“所选单元格”（LibreOffice）。")


def print_on_request(ws: Worksheet, note: str, last_col: str) -> None:
    """A reference sheet (节假日安排, 参数) prints only its title and note (``note``: the note's cell, e.g.
    ``"A2"``, its text extended with how to print the table on request), so the whole workbook prints in
    a few pages."""
    c = ws[note]
    if ON_REQUEST not in (c.value or ""):
        c.value = f"{c.value or ''}{ON_REQUEST}"
    merged = next((r for r in ws.merged_cells.ranges if c.coordinate in r), None)
    if merged is not None:  # the whole note, however wide its merged range has become
        last_col = get_column_letter(max(merged.max_col, ws[f"{last_col}1"].column))
    ws.print_area = f"A1:{last_col}{c.row}"
    ws.page_setup.orientation = "landscape"  # the wide note at a readable size
    K.fit_rows(ws, [c.row])
