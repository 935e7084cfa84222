"""Nothing cut: every visible text of a sheet fits its cell (issue 24 item 5).

:func:`fit_workbook` grows, on every visible sheet, each row to its wrapped texts (every wrapped cell,
inputs included: ``kit.fit_rows(all_wrapped=True)``, capped at the largest row height Excel allows)
and each column to its one-line texts that would run into a filled or bordered neighbour and to the
longest choice of its dropdown lists.  Measured as ``kit.wrapped_lines`` measures (a CJK character one
em, any other 0.6 em, 5 px of margins); tests/test_workbook_layout.py checks the result with its own
lower-bound metric.

:func:`fit_page` lays each visible sheet out for A4 (issue 24 item 6): its printed text never below
:data:`MIN_PRINT_PT` (the scale a sheet may be shrunk to is ``MIN_PRINT_PT`` over its smallest font),
wrapped columns narrowed proportionally where the printed range would be wider than the paper at that
scale (never below what their one-line texts, numbers and list choices need), and a sheet that fits on
one page at that scale, in either orientation, printed on one page.  The widths are LibreOffice's (a
column of width w prints 5.55·w pt wide; Excel prints it narrower, 5.25·w).  These bounds are
greendiag's own layout method, not the documents'.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.workbooks import kit as K

MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height (points)."""
MAX_WIDTH = 60.0
"""Widest column this pass makes (characters); longer one-line texts should wrap instead."""


@functools.lru_cache(maxsize=16384)
def text_width(text: str, size: float = 11) -> float:
    """Column width (characters of 7 px) a one-line ``text`` needs at ``size`` pt, margins included
    (remembered per process: a build measures the same texts many times)."""
    em = size * 4 / 3
    px = max(sum(em if unicodedata.east_asian_width(ch) in "WFA" else 0.6 * em for ch in part)
             for part in str(text).split("\n"))
    return (px + 8) / 7


def _merged_starts(ws: Worksheet) -> tuple[set, set]:
    starts = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges}
    inside = {(row, col) for r in ws.merged_cells.ranges for row, col in r.cells}
    return starts, inside


def _width(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return dim.width if dim is not None and dim.width else K._DEFAULT_COL_WIDTH


def _widen(ws: Worksheet, col: int, width: float) -> None:
    dim = ws.column_dimensions[get_column_letter(col)]
    if (dim.width or K._DEFAULT_COL_WIDTH) < width:
        dim.width = round(min(width, MAX_WIDTH), 1)


MIN_WIDTH = 5.0
"""Narrowest column :func:`fit_page` makes (characters)."""
_NUMBER_WIDTHS = (("yy", 11.0), ("#,##0", 12.0), ("0", 8.0))
"""Width an empty or formula cell of a number format needs (a date, an amount, another number)."""


@functools.lru_cache(maxsize=16384)
def _unbreakable(text: str, size: float) -> float:
    """Width of the longest run of ``text`` a wrapped cell cannot break (a Latin word or number, else one character)."""
    runs = [r for r in "".join(ch if ch.isascii() and not ch.isspace() else " " for ch in text).split() if r]
    longest = max(runs, key=len, default="")
    return max(text_width(longest, size) if longest else 0.0, text_width("字", size))


def _cell_floor(ws: Worksheet, c) -> float:
    """Width cell ``c`` needs so that nothing of it is cut: a one-line text meeting a filled or bordered
    neighbour its width (text runs on over empty cells), a wrapped text its longest unbreakable run, a number
    or date its digits; an empty input or a formula the width of its number format."""
    v = c.value
    size, wrap, right_border, locked, fmt, _ = K.look_of(c)
    if isinstance(v, str) and v.strip() and not v.startswith("="):
        if wrap:
            return _unbreakable(v, size)
        right = ws._cells.get((c.row, c.column + 1))  # looked up, not made: a made cell widens the printed range
        return text_width(v, size) if (right is not None and right.value is not None) or right_border else 0.0
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return text_width(f"{v:,.2f}" if isinstance(v, float) else str(v), size)
    if v is not None and not isinstance(v, str):  # a date or time
        return text_width("2026-12-31", size)
    if v is None and locked:  # an empty locked cell shows nothing
        return 0.0
    return next((w for key, w in _NUMBER_WIDTHS if key in fmt), 8.0 if v is None and not wrap else 0.0)


def _floors(ws: Worksheet) -> dict[int, float]:
    """``{column: width}`` each column needs at least (:func:`_cell_floor` over its cells outside merged ranges,
    and the longest choice of each dropdown list on it)."""
    starts, inside = _merged_starts(ws)
    spans = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges if r.max_col > r.min_col}
    out: dict[int, float] = {}
    # the cells that exist (an absent one, like an unstyled empty one, is locked and empty: it needs nothing)
    for key, c in list(ws._cells.items()):
        if (key in inside and key not in starts) or key in spans:
            continue
        need = _cell_floor(ws, c)
        if need > out.get(c.column, 0.0):
            out[c.column] = need
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
                    out[col] = max(out.get(col, 0.0), longest)
    return out


def fit_columns(ws: Worksheet, floors: dict[int, float] | None = None) -> None:
    """Widen each column to what its cells and dropdown lists need (:func:`_floors`, or ``floors`` when the
    caller has them): one-line texts that meet a filled or bordered neighbour (text runs on over empty cells,
    so those need nothing), numbers, the longest choice of each list."""
    for col, need in (_floors(ws) if floors is None else floors).items():
        _widen(ws, col, need)


# ── print: A4, text never below 9 pt ───────────────────────────────────────
MIN_PRINT_PT = 9.0
"""Smallest printed text size (points): issue 24 item 6 (greendiag's own layout bound)."""
A4_PT = (595.3, 841.9)
PT_PER_WIDTH = 5.55
"""Printed width (points) of one unit of column width, as LibreOffice prints it (Excel: 5.25)."""
PRINT_SAFETY = 0.96
"""Share of the paper's printable width or height :func:`fit_page` plans to fill (rounding, grid lines)."""


def print_box(ws: Worksheet) -> tuple[list[int], list[int]]:
    """The rows and columns ``ws`` prints (its print area, else its used range), hidden ones left out."""
    if ws.print_area:
        from openpyxl.utils.cell import range_boundaries

        c0, r0, c1, r1 = range_boundaries(str(ws.print_area).split(",")[0].rsplit("!", 1)[-1].replace("$", ""))
    else:
        c0, r0, c1, r1 = 1, 1, ws.max_column, ws.max_row
    rows = [r for r in range(r0, r1 + 1) if not (r in ws.row_dimensions and ws.row_dimensions[r].hidden)]
    cols = [c for c in range(c0, c1 + 1) if not ws.column_dimensions[get_column_letter(c)].hidden]
    return rows, cols


def printable(ws: Worksheet, landscape: bool) -> tuple[float, float]:
    """(width, height) in points of A4 inside ``ws``'s margins."""
    m = ws.page_margins
    w, h = (A4_PT[1], A4_PT[0]) if landscape else A4_PT
    return w - 72 * ((m.left or 0) + (m.right or 0)), h - 72 * ((m.top or 0) + (m.bottom or 0))


def smallest_font(ws: Worksheet, rows: list[int], cols: list[int]) -> float:
    """Smallest font size (points) of a non-empty cell among ``rows`` × ``cols``."""
    if not rows or not cols:
        return 11.0
    r0, r1, c0, c1 = rows[0], rows[-1], cols[0], cols[-1]
    sizes = [K.look_of(c).size for (r, col), c in ws._cells.items()  # the cells there are (none made for empty places)
             if r0 <= r <= r1 and c0 <= col <= c1 and c.value not in (None, "")]
    return min(sizes, default=11.0)


def _narrow(ws: Worksheet, cols: list[int], target: float, floors: dict[int, float]) -> None:
    """Narrow ``cols`` by one factor (each no narrower than it needs, ``floors`` from :func:`_floors`, nor
    :data:`MIN_WIDTH`) so that together they are at most ``target`` wide, as far as their floors allow."""
    widths = {c: _width(ws, c) for c in cols}
    low = {c: min(widths[c], max(floors.get(c, 0.0), MIN_WIDTH)) for c in cols}

    def total(f: float) -> float:
        return sum(max(low[c], widths[c] * f) for c in cols)

    if total(1.0) <= target:
        return
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) <= target else (lo, mid)
    for c in cols:
        ws.column_dimensions[get_column_letter(c)].width = round(max(low[c], widths[c] * lo) - 0.05, 1)


def _row_height(ws: Worksheet, r: int, cols: list[int]) -> float:
    """Printed height (points) of row ``r``: its own, else one line of its largest typed text as LibreOffice sizes
    a row of Chinese text (:func:`kit.needed_height`), else the default (a row of formulas only: a table's
    empty rows, whose 序号 formula shows nothing)."""
    if r in ws.row_dimensions and ws.row_dimensions[r].height:
        return ws.row_dimensions[r].height
    cells = (ws._cells.get((r, col)) for col in range(cols[0], cols[-1] + 1))  # looked up, not made
    sizes = [K.look_of(c).size for c in cells
             if c is not None and c.value not in (None, "") and not (isinstance(c.value, str) and c.value.startswith("="))]
    return K.needed_height(1, max(sizes)) if sizes else K.DEFAULT_ROW_HEIGHT


def _one_page(ws: Worksheet, rows: list[int], cols: list[int], landscape: bool, scale: float) -> bool:
    """Whether ``rows`` × ``cols`` print on one A4 page in that orientation at a scale of ``scale`` or more."""
    wide = sum(_width(ws, c) for c in cols) * PT_PER_WIDTH
    tall = sum(_row_height(ws, r, cols) for r in rows)
    w, h = printable(ws, landscape)
    return min(1.0, w * PRINT_SAFETY / wide, h * PRINT_SAFETY / tall) >= scale


def _layout(ws: Worksheet) -> tuple[dict[str, float | None], dict[int, float | None]]:
    return ({k: d.width for k, d in ws.column_dimensions.items()},
            {r: d.height for r, d in ws.row_dimensions.items()})


def _restore(ws: Worksheet, saved: tuple[dict[str, float | None], dict[int, float | None]]) -> None:
    widths, heights = saved
    for k, d in ws.column_dimensions.items():
        d.width = widths.get(k)
    for r, d in ws.row_dimensions.items():
        d.height = heights.get(r)


def _fits_to_page(ws: Worksheet) -> bool:
    return ws.sheet_properties.pageSetUpPr is not None and bool(ws.sheet_properties.pageSetUpPr.fitToPage)


def fit_page(ws: Worksheet, floors: dict[int, float] | None = None) -> None:
    """Lay ``ws`` out for A4 so that nothing prints below :data:`MIN_PRINT_PT` (see the module docstring):
    on one page if narrowing its wrapped columns (and growing its rows) makes it fit there in its orientation
    or the other; else its columns narrowed to one page width in its orientation, as many pages tall as needed.
    A sheet with its own print scale (``fitToPage`` off, 评价指标) is left as it is.  ``floors``: the sheet's
    :func:`_floors` when the caller has them (they depend on its cells, not on its column widths or row heights)."""
    if not _fits_to_page(ws):
        return
    rows, cols = print_box(ws)
    if not rows or not cols:
        return
    if floors is None:
        floors = _floors(ws)
    scale = min(1.0, MIN_PRINT_PT / smallest_font(ws, rows, cols))
    landscape = ws.page_setup.orientation == "landscape"
    saved = _layout(ws)
    texts = K.wrapped_texts(ws, all_wrapped=True)  # the same in each pass: only widths and heights change
    for orientation in (landscape, not landscape, landscape):
        width, _ = printable(ws, orientation)
        _narrow(ws, cols, width * PRINT_SAFETY / scale / PT_PER_WIDTH, floors)
        K.fit_rows(ws, texts=texts)
        if _one_page(ws, rows, cols, orientation, scale):
            ws.page_setup.orientation = "landscape" if orientation else "portrait"
            ws.page_setup.fitToHeight = 1
            return
        if orientation != landscape:
            _restore(ws, saved)
    ws.page_setup.fitToHeight = 0  # the third pass: narrowed for its own orientation, several pages tall


def fit_workbook(wb: Workbook, sheets: Iterable[Worksheet] | None = None) -> None:
    """:func:`fit_columns`, then :func:`fit_page` (see the module docstring) on each visible sheet (of ``sheets``
    when given); fit_page grows every wrapped text's row to its narrowed columns (rows only grow and columns only
    narrow there, so growing them before it as well changed nothing: these sheets have no merged range over
    several rows)."""
    for ws in wb.worksheets if sheets is None else sheets:
        if ws.sheet_state != "visible" or not _fits_to_page(ws):
            continue  # hidden, or a sheet with its own measured print layout (评价指标: one year per page)
        floors = _floors(ws)  # once per sheet: fit_page's narrowing passes need the same
        fit_columns(ws, floors)
        fit_page(ws, floors)
        for dim in list(ws.row_dimensions.values()):
            if dim.height and dim.height > MAX_ROW_HEIGHT:
                dim.height = MAX_ROW_HEIGHT


ON_REQUEST = ("打印整个工作簿时本表只打印标题和说明；需要打印全表时，选中表格区域后选择“打印选定区域”（Excel）"
              "或“所选单元格”（LibreOffice）。")


def contents(ws: Worksheet) -> frozenset:
    """What of ``ws`` fitting depends on besides its layout: each cell's position and value (to tell the
    sheets a filling changed)."""
    return frozenset((rc, c.value) for rc, c in ws._cells.items() if c.value is not None)


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
