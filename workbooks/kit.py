"""The workbook kit: looks (named styles), validations, conditional formats, row fitting, protection,
print set-up and typing values — what every sheet of the case workbook is built with.

A look is a named style registered once per workbook (:func:`style` registers it on first use), so a
cell gets its font, fill, border, alignment, protection and number format in one assignment and the
file carries one style per look (Excel: 开始 → 单元格样式 lists them as “绿色诊断·…”).  The colours:
yellow input cells (unlocked), green formulas (locked), blue headers; red/green/grey status by
conditional format (:func:`status_cf`).  Only the sheet modules of ``greendiag.workbooks`` use it.
"""

from __future__ import annotations

import functools
import unicodedata
import weakref
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.fills import DEFAULT_EMPTY_FILL
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules.models import CaseKind
from greendiag.workbooks import spec as S

# ── colours and parts of looks ─────────────────────────────────────────────
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: type here
CALC_FILL = PatternFill("solid", fgColor="E2EFDA")  # green: computed, locked
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # blue: headers
MISSING_FILL = PatternFill("solid", bgColor="F8CBAD")  # red-orange: required but empty (CF uses bgColor)
BAD_FILL = PatternFill("solid", bgColor="FFC7CE")
BAD_FONT = Font(color="9C0006", bold=True)
CHECK_FILL = PatternFill("solid", bgColor="FFD966")  # amber: please confirm (0.85 in a percentage indicator)
OK_FILL = PatternFill("solid", bgColor="C6EFCE")
OK_FONT = Font(color="006100", bold=True)
PENDING_FILL = PatternFill("solid", bgColor="EDEDED")
PENDING_FONT = Font(color="595959")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
CITE_FONT = Font(color="666666", size=9)

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"

PENDING = "待填写"
"""Status of a check whose inputs are still empty: neutral grey, not a red 不符合."""

DATE_MIN = int(to_excel(date(S.MIN_YEAR, 1, 1)))
DATE_MAX = int(to_excel(date(S.MAX_YEAR, 12, 31)))
"""Excel serials of the first and last day a date cell accepts (``spec.MIN_YEAR``–``MAX_YEAR``)."""


# ── looks: named styles ────────────────────────────────────────────────────
@dataclass(frozen=True)
class Look:
    """A named style: what :func:`style` gives a cell in one assignment.  Unset parts are Excel's
    defaults (Calibri 11, no fill, no border, general alignment, locked, General)."""

    name: str
    font: Font = DEFAULT_FONT
    fill: PatternFill = DEFAULT_EMPTY_FILL
    border: Border = DEFAULT_BORDER
    alignment: Alignment | None = None
    protection: Protection | None = None
    number_format: str = "General"

    def formatted(self, fmt: str) -> Look:
        """This look with number format ``fmt`` (its own named style, e.g. “绿色诊断·公式 0.00”)."""
        if fmt == self.number_format:
            return self
        key = (self.name, fmt)
        look = _FORMATTED.get(key)
        if look is None:
            look = _FORMATTED[key] = replace(self, name=f"{self.name} {fmt}", number_format=fmt)
        return look

    def named_style(self) -> NamedStyle:
        return NamedStyle(self.name, font=self.font, fill=self.fill, border=self.border, alignment=self.alignment,
                          protection=self.protection, number_format=self.number_format)


_FORMATTED: dict[tuple[str, str], Look] = {}


HEADER = Look("绿色诊断·表头", font=BOLD, fill=HEADER_FILL, border=BORDER, alignment=CENTER)
CALC = Look("绿色诊断·公式", fill=CALC_FILL, border=BORDER, alignment=CENTER)
CALC_WRAP = Look("绿色诊断·公式 换行", fill=CALC_FILL, border=BORDER, alignment=WRAP)  # a long status text
CALC_BOLD = Look("绿色诊断·公式 加粗", font=BOLD, fill=CALC_FILL, border=BORDER, alignment=CENTER)
CALC_LARGE = Look("绿色诊断·公式 醒目", font=Font(bold=True, size=12), fill=CALC_FILL, border=BORDER, alignment=CENTER)
INPUT = Look("绿色诊断·填写", fill=INPUT_FILL, border=BORDER, alignment=TOP, protection=UNLOCKED)
INPUT_TEXT = Look("绿色诊断·填写 文本", fill=INPUT_FILL, border=BORDER, alignment=WRAP, protection=UNLOCKED,
                  number_format="@")  # phone numbers and codes stay text
INPUT_NUMBER = Look("绿色诊断·填写 数据", fill=INPUT_FILL, border=BORDER, protection=UNLOCKED,
                    alignment=Alignment(horizontal="right", vertical="center"))
INPUT_PLAIN = Look("绿色诊断·填写 表格", fill=INPUT_FILL, border=BORDER, protection=UNLOCKED)
LABEL = Look("绿色诊断·项目", font=BOLD, border=BORDER, alignment=WRAP)
TEXT = Look("绿色诊断·说明 边框", border=BORDER, alignment=WRAP)
CITE = Look("绿色诊断·依据 边框", font=CITE_FONT, border=BORDER, alignment=WRAP)
CITE_NOTE = Look("绿色诊断·依据", font=CITE_FONT, alignment=WRAP)
NOTE = Look("绿色诊断·说明", alignment=WRAP)
HINT = Look("绿色诊断·提示", font=PENDING_FONT, alignment=WRAP)
CENTERED = Look("绿色诊断·居中", alignment=CENTER)
CENTERED_BOXED = Look("绿色诊断·居中 边框", border=BORDER, alignment=CENTER)
BOXED = Look("绿色诊断·边框", border=BORDER)
TITLE = Look("绿色诊断·标题", font=TITLE_FONT)
SUBTITLE = Look("绿色诊断·小标题", font=Font(bold=True, size=12))
STRONG = Look("绿色诊断·加粗", font=BOLD)
STRONG_CENTERED = Look("绿色诊断·加粗 居中", font=BOLD, alignment=CENTER)

_INPUT_LOOK: dict[str, tuple[Look, str]] = {
    S.TEXT: (INPUT_TEXT, "@"),
    S.LONGTEXT: (INPUT_TEXT, "@"),
    S.DATE: (INPUT, DATE_FORMAT),
    S.AMOUNT: (INPUT, AMOUNT_FORMAT),
    S.INT: (INPUT, "0"),
    S.YEAR: (INPUT, "0"),
}

_registered: weakref.WeakKeyDictionary[Workbook, dict[str, StyleArray]] = weakref.WeakKeyDictionary()
_last: list = [None, None]
"""The workbook :func:`style` served last (a weak reference) and its registered looks: one workbook
is built at a time, and a weak-dictionary look-up per cell was a tenth of a park build."""


def _looks_of(wb: Workbook) -> dict[str, StyleArray]:
    ref = _last[0]
    if ref is not None and ref() is wb:
        return _last[1]
    arrays = _registered.get(wb)
    if arrays is None:
        arrays = _registered[wb] = {}
    _last[0], _last[1] = weakref.ref(wb), arrays
    return arrays


def style(c: Cell, look: Look, fmt: str | None = None) -> Cell:
    """Give cell ``c`` the look (and number format ``fmt``, if any); registers the named style in the
    cell's workbook the first time.  Returns ``c``.

    The same as ``c.style = name`` (openpyxl's named-style assignment, which looks the name up in a
    list twice per cell): the registered style's array of indices is copied into the cell.
    """
    if fmt:
        look = look.formatted(fmt)
    if look.fill is HEADER_FILL or look.protection is UNLOCKED:
        _mark(c, look)
    wb = c.parent.parent
    arrays = _looks_of(wb)
    arr = arrays.get(look.name)
    if arr is None:
        if look.name not in wb.named_styles:
            wb.add_named_style(look.named_style())
        c.style = look.name
        arrays[look.name] = StyleArray(c._style)
    else:
        c._style = StyleArray(arr)
    return c


def styled_row(ws: Worksheet, row: int, col: int, values: tuple, looks: tuple[Look, ...]) -> None:
    """Cells ``col``, ``col`` + 1 … of ``row`` holding ``values`` (``None``: empty), each in its look of
    ``looks`` (:meth:`Look.formatted` for a number format): the cells ``style(ws.cell(row, c, v), look)``
    makes, made at once (long input tables such as 节假日安排's)."""
    arrays = _looks_of(ws.parent)
    for k, (value, look) in enumerate(zip(values, looks)):
        arr = arrays.get(look.name)
        if arr is None:  # first use in this workbook: register it
            style(ws.cell(row, col + k, value), look)
            continue
        c = Cell(ws, row=row, column=col + k, value=value, style_array=StyleArray(arr))
        ws._add_cell(c)
        if look.fill is HEADER_FILL or look.protection is UNLOCKED:
            _mark(c, look)


@dataclass
class _Marks:
    headers: set[tuple[int, int]]
    inputs: set[tuple[int, int]]


_marks: weakref.WeakKeyDictionary[Worksheet, _Marks] = weakref.WeakKeyDictionary()


def _mark(c: Cell, look: Look) -> None:
    """Remember a header or input cell of its sheet (for :func:`fit_rows` and :func:`first_input`)."""
    marks = _marks.get(c.parent)
    if marks is None:
        marks = _marks[c.parent] = _Marks(set(), set())
    (marks.headers if look.fill is HEADER_FILL else marks.inputs).add((c.row, c.column))


def first_input(ws: Worksheet, max_row: int = 80) -> str:
    """The first input (yellow, unlocked) cell the kit made on ``ws`` in reading order within the first
    ``max_row`` rows, outside merged ranges; else ``"A1"``."""
    marks = _marks.get(ws)
    for row, col in sorted(marks.inputs if marks else ()):
        if row > max_row:
            break
        ref = f"{get_column_letter(col)}{row}"
        if ref not in ws.merged_cells:
            return ref
    return "A1"


def header(c: Cell) -> Cell:
    """A blue header cell (bold, centred, wrapped, bordered)."""
    return style(c, HEADER)


def calc(c: Cell, fmt: str | None = None) -> Cell:
    """A green formula cell (locked, centred), number format ``fmt`` if given."""
    return style(c, CALC, fmt)


def input_cell(c: Cell, f: S.FieldSpec) -> Cell:
    """A yellow input cell (unlocked) for field ``f``: text kept as text (``@``, wrapped), dates, amounts
    and whole numbers in their formats."""
    look, fmt = _INPUT_LOOK.get(f.kind, (INPUT, "General"))
    return style(c, look, fmt)


# ── merged ranges ──────────────────────────────────────────────────────────
_MERGE_SIDES = ("top", "left", "right", "bottom")
_merge_steps: weakref.WeakKeyDictionary[Workbook, dict[tuple, StyleArray]] = weakref.WeakKeyDictionary()


def merge(ws: Worksheet, range_string: str | None = None, *, start_row: int | None = None, start_column: int | None = None,
          end_row: int | None = None, end_column: int | None = None) -> None:
    """Merge a range as ``ws.merge_cells`` does (same arguments; the same cells and styles in the file).

    openpyxl gives each covered cell its edge of the top-left cell's border and a copy of its
    protection, assigning a new style object per cell (most of a park build's merging time); here
    each distinct step (a cell's style indices, the edge or protection added) is done once per
    workbook by openpyxl itself and its resulting indices are copied to the other cells.
    """
    if range_string is None:
        range_string = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    mcr = MergedCellRange(ws, range_string)  # the top-left cell takes the bottom-right cell's right/bottom border
    ws.merged_cells.add(mcr)
    cells = ws._cells
    first = (mcr.min_row, mcr.min_col)
    for rc in mcr.cells:
        if rc != first:
            cells[rc] = MergedCell(ws, *rc)
    start = mcr.start_cell
    steps = _merge_steps.get(ws.parent)
    if steps is None:
        steps = _merge_steps[ws.parent] = {}

    def step(cell: Cell, key: tuple, apply) -> None:
        key = (*key, None if cell._style is None else tuple(cell._style))
        arr = steps.get(key)
        if arr is None:
            apply(cell)
            steps[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(arr)

    edges = start.border  # one style proxy, read four times
    for name in _MERGE_SIDES:  # as MergedCellRange.format, in its order
        side = getattr(edges, name)
        if side and side.style is None:
            continue
        key = ("border", start._style.borderId, name)

        def add_border(cell: Cell, name: str = name, side: Side = side) -> None:  # made only for a new step
            cell.border += Border(**{name: side})

        for rc in getattr(mcr, name):
            step(cells[rc], key, add_border)

    def protect_cell(cell: Cell) -> None:
        cell.protection = copy(start.protection)

    key = ("protection", start._style.protectionId)
    for rc in mcr.cells:
        step(cells[rc], key, protect_cell)


# ── small text helpers ─────────────────────────────────────────────────────
def quote(sheet: str) -> str:
    """A sheet name quoted for a formula: ``'申请表'``."""
    return f"'{sheet}'"


def trim(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters with an ellipsis (Excel's limits on validation texts)."""
    return text if len(text) <= n else text[: n - 1] + "…"


# ── validations ────────────────────────────────────────────────────────────
class _Cells(MultiCellRange):
    """openpyxl's ``MultiCellRange`` (a validation's ``sqref``: same ranges, same file) whose :meth:`add` finds a
    cell already covered at once: openpyxl compares each new cell with every range added before (quadratic
    over a long table's cells, a tenth of a park build)."""

    def __init__(self, ranges: object = ()) -> None:
        super().__init__(ranges)
        self._wide = [r for r in self.ranges if _wide(r)]

    def add(self, coord: CellRange | str) -> None:
        new = CellRange(coord) if isinstance(coord, str) else coord
        if not isinstance(new, CellRange):
            raise ValueError("You can only add CellRanges")
        if new in self.ranges or any(new <= r for r in self._wide):  # as openpyxl: a covered cell is not added
            return
        self.ranges.add(new)
        if _wide(new):
            self._wide.append(new)

    def remove(self, coord: CellRange | str) -> None:
        super().remove(coord)
        self._wide = [r for r in self.ranges if _wide(r)]


def _wide(r: CellRange) -> bool:
    return r.min_row != r.max_row or r.min_col != r.max_col


def validation(ws: Worksheet, ref: str | None = None, **kw: object) -> DataValidation:
    """A data validation on ``ws`` that shows its error (``showErrorMessage``: Excel otherwise accepts
    anything) and its prompt; ``ref`` cells added if given."""
    dv = DataValidation(showErrorMessage=True, showInputMessage=True, **kw)
    dv.sqref = _Cells(dv.sqref.ranges)
    ws.add_data_validation(dv)
    if ref:
        dv.add(ref)
    return dv


class Validations:
    """One data validation per distinct rule on a sheet, cells added as they are made
    (:meth:`add` for a field of the spec; lists from the hidden sheet 列表)."""

    def __init__(self, ws: Worksheet, lists: dict[str, str]):
        self.ws = ws
        self.lists = lists
        self._dvs: dict[tuple, DataValidation] = {}

    def _get(self, key: tuple, **kw) -> DataValidation:
        dv = self._dvs.get(key)
        if dv is None:
            dv = self._dvs[key] = validation(self.ws, errorStyle="stop", **kw)
        return dv

    def add(self, f: S.FieldSpec, ref: str) -> None:
        """Validate ``ref`` (a cell or range) as field ``f``: its list, number range, date range or text length,
        with the field's requirement as prompt and a Chinese error naming the field."""
        prompt = trim(f.requirement, 250)
        title = trim(f.label, 30)
        k = f.kind
        if k in (S.CHOICE, S.BOOL):
            name = "是否" if k == S.BOOL else f.choices
            dv = self._get(
                ("list", name, f.label), type="list", formula1=self.lists[name], allow_blank=True,
                errorTitle="无效选项", error=trim(f"“{f.label}”只能从下拉列表选择：{'/'.join(f.allowed)}", 220),
                promptTitle=title, prompt=prompt,
            )
        elif k == S.AMOUNT:
            dv = self._get(
                ("amount", f.label), type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                errorTitle="金额无效", error=trim(f"“{f.label}”请填写不小于0的数字，单位：万元（不要带“万元”字样）", 220),
                promptTitle=title, prompt=prompt,
            )
        elif k == S.NUMBER:
            dv = self._get(
                ("number", f.label), type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                allow_blank=True, errorTitle="数值无效", error=trim(f"“{f.label}”请填写数字{('（单位：' + f.unit + '）') if f.unit else ''}", 220),
                promptTitle=title, prompt=prompt,
            )
        elif k == S.INT:
            dv = self._get(
                ("int", f.label), type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                errorTitle="数值无效", error=f"“{f.label}”请填写不小于0的整数",
                promptTitle=title, prompt=prompt,
            )
        elif k == S.YEAR:
            dv = self._get(
                ("year", f.label), type="whole", operator="between", formula1=str(S.MIN_YEAR), formula2=str(S.MAX_YEAR),
                allow_blank=True, errorTitle="年份无效", error=f"请填写四位年份（{S.MIN_YEAR}–{S.MAX_YEAR}），如 2026",
                promptTitle=title, prompt=prompt,
            )
        elif k == S.DATE:
            dv = self._get(
                ("date", f.label), type="date", operator="between", formula1=str(DATE_MIN), formula2=str(DATE_MAX),
                allow_blank=True, errorTitle="日期无效",
                error=f"“{f.label}”请填写日期，如 2026-03-02（{S.MIN_YEAR}–{S.MAX_YEAR}年）",
                promptTitle=title, prompt=prompt,
            )
        else:  # text / longtext
            limit = 32000 if k == S.LONGTEXT else 500
            dv = self._get(
                ("text", limit, f.label), type="textLength", operator="lessThanOrEqual", formula1=str(limit),
                allow_blank=True, errorTitle="内容过长", error=f"“{trim(f.label, 40)}”最多填写 {limit} 个字符",
                promptTitle=title, prompt=prompt,
            )
        dv.add(ref)


# ── conditional formats ────────────────────────────────────────────────────
_DXFS: dict[tuple[int, int], DifferentialStyle] = {}


def _rule(formula: str, fill: PatternFill, font: Font | None = None, stop: bool | None = None) -> Rule:
    """openpyxl's ``FormulaRule(formula=[formula], fill=fill, font=font, stopIfTrue=stop)`` with one shared
    differential style per (fill, font) of this module: saving compares each rule's style with the
    workbook's list of styles, at once when it is the same object (same file)."""
    rule = Rule(type="expression", formula=[formula], stopIfTrue=stop)
    key = (id(fill), id(font))
    dxf = _DXFS.get(key)
    if dxf is None:
        dxf = _DXFS[key] = DifferentialStyle(font=font, fill=fill)
    rule.dxf = dxf
    return rule


def status_cf(ws: Worksheet, ref: str) -> None:
    """A check's status: 符合 green, 待填写/未填写完整 grey, anything starting with 不符合 red."""
    first = ref.split(":")[0].replace("$", "")
    ws.conditional_formatting.add(ref, _rule(f'LEFT({first},3)="不符合"', BAD_FILL, BAD_FONT))
    ws.conditional_formatting.add(ref, _rule(f'{first}="符合"', OK_FILL, OK_FONT))
    ws.conditional_formatting.add(ref, _rule(f'OR({first}="{PENDING}",{first}="未填写完整")', PENDING_FILL, PENDING_FONT))


def required_cf(ws: Worksheet, ref: str) -> None:
    """Red-orange while the (first) cell of ``ref`` is empty."""
    first = ref.split(":")[0].replace("$", "")
    ws.conditional_formatting.add(ref, _rule(f'LEN(TRIM({first}))=0', MISSING_FILL, stop=False))


def bad_cf(ws: Worksheet, ref: str, formula: str) -> None:
    """Red (bold dark-red text) where ``formula`` is true."""
    ws.conditional_formatting.add(ref, _rule(formula, BAD_FILL, BAD_FONT))


def check_cf(ws: Worksheet, ref: str, formula: str) -> None:
    """Amber (please confirm) where ``formula`` is true."""
    ws.conditional_formatting.add(ref, _rule(formula, CHECK_FILL))


# ── wrapped text that fits its cell ────────────────────────────────────────
DEFAULT_ROW_HEIGHT = 15.0
"""Excel's row height for 11 pt Calibri (points): one line of text, Chinese included."""
_DEFAULT_COL_WIDTH = 8.43
_CLOSING = set("）》」』】〕〉，。、；：？！”’)]}.,;:?!%")
_OPENING = set("（《「『【〔〈“‘([{")


@functools.lru_cache(maxsize=8192)
def wrapped_lines(text: str, width: float, size: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide at ``size`` pt.

    Pixels as Excel at 96 dpi: a column of width w is 7·w px less 5 px of margins; a CJK,
    full-width or ambiguous-width character is one em (``size``·4/3 px), any other 0.6 em.  Lines
    fill greedily; a word of Latin letters or digits does not break, a closing mark stays with
    the character before it and an opening mark with the one after (as Excel, WPS and LibreOffice
    break lines).  Remembered per process (a pure function; the template's texts recur in every build).
    """
    em = size * 4 / 3
    usable = max(7 * width - 5, em)
    total = 0
    for part in str(text).split("\n"):
        tokens: list[str] = []
        for ch in part:
            if tokens and (ch in _CLOSING or tokens[-1][-1] in _OPENING
                           or (ch.isascii() and ch.isalnum() and tokens[-1][-1].isascii() and tokens[-1][-1].isalnum())):
                tokens[-1] += ch
            else:
                tokens.append(ch)
        lines, x = 1, 0.0
        for tok in tokens:
            w = sum(em if unicodedata.east_asian_width(ch) in "WFA" else 0.6 * em for ch in tok)
            if x and x + w > usable:
                lines, x = lines + 1, 0.0
            x += w
        total += lines
    return total


def needed_height(lines: int, size: float) -> float:
    """Row height (points) for ``lines`` lines at ``size`` pt: a line of Chinese text is about
    1.45 em high (Noto Sans CJK, which LibreOffice and WPS use beside Calibri; Excel's 等线 a little
    less), plus the cell's margins."""
    return lines * 1.45 * size + 3


class CellLook(NamedTuple):
    """What measuring a cell needs of its style (:func:`look_of`)."""

    size: float
    wrap: bool
    right_border: bool
    locked: bool
    number_format: str
    fill_rgb: object


_cell_looks: weakref.WeakKeyDictionary[Workbook, dict] = weakref.WeakKeyDictionary()


def look_of(c: Cell) -> CellLook:
    """Font size (11 if unset), wrapping, a right border, locked, number format and fill colour of cell ``c``,
    read once per distinct style of its workbook (openpyxl makes a style proxy per attribute read: most of
    the time :func:`fit_rows` and ``workbooks.fit`` spent)."""
    looks = _cell_looks.get(c.parent.parent)
    if looks is None:
        looks = _cell_looks[c.parent.parent] = {}
    key = tuple(c._style) if c._style is not None else None
    look = looks.get(key)
    if look is None:
        fill = c.fill
        look = looks[key] = CellLook(c.font.sz or 11, bool(c.alignment.wrap_text), bool(c.border.right.style),
                                     bool(c.protection.locked), c.number_format or "General",
                                     fill.fgColor.rgb if fill is not None else None)
    return look


class WrappedText(NamedTuple):
    """A text :func:`fit_rows` measures: its value, font size and the columns and rows it spans."""

    text: str
    size: float
    c0: int
    c1: int
    r0: int
    r1: int


def wrapped_texts(ws: Worksheet, rows: list[int] | None = None, *, all_wrapped: bool = False) -> list[WrappedText]:
    """The texts :func:`fit_rows` measures on ``ws`` (see there), in reading order; they depend on the cells,
    their styles and the merged ranges, not on column widths or row heights."""
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    inside = {(row, col) for r in ws.merged_cells.ranges for row, col in r.cells} - set(spans)
    header_rgb = HEADER_FILL.fgColor.rgb
    out: list[WrappedText] = []
    for c in _texts(ws, rows, all_wrapped, spans):
        v = c.value
        if not isinstance(v, str) or not v.strip() or v.startswith("=") or (c.row, c.column) in inside:
            continue
        rng = spans.get((c.row, c.column))
        c0, c1, r0, r1 = (rng.min_col, rng.max_col, rng.min_row, rng.max_row) if rng else (c.column, c.column, c.row, c.row)
        look = look_of(c)
        if look.fill_rgb == header_rgb or (look.wrap and (c1 > c0 or all_wrapped)):
            out.append(WrappedText(v, look.size, c0, c1, r0, r1))
    return out


def fit_rows(ws: Worksheet, rows: list[int] | None = None, *, all_wrapped: bool = False,
             texts: list[WrappedText] | None = None) -> None:
    """Grow rows so that their wrapped texts show whole: header cells (blue) and wrapped notes
    merged over several columns (with ``all_wrapped``, every wrapped cell, e.g. the rows of a
    table of texts), measured against their final column widths (merged ranges: the sum of their
    columns and rows; a shortfall goes to the range's last row).  Rows only grow; formula headers
    are not measured (their text is not known here); a single line needs nothing.  ``texts``: the
    sheet's :func:`wrapped_texts` for these arguments when the caller has them (fitting a sheet again
    after changing only its widths).
    """
    def col_width(c: int) -> float:
        dim = ws.column_dimensions.get(get_column_letter(c))
        if dim is not None and dim.hidden:
            return 0.0
        return dim.width if dim is not None and dim.width else _DEFAULT_COL_WIDTH

    def height(r: int) -> float:  # looked up, not made (openpyxl makes a row's dimension on first access)
        dim = ws.row_dimensions.get(r)
        return dim.height if dim is not None and dim.height else DEFAULT_ROW_HEIGHT

    for t in wrapped_texts(ws, rows, all_wrapped=all_wrapped) if texts is None else texts:
        lines = wrapped_lines(t.text, sum(col_width(k) for k in range(t.c0, t.c1 + 1)), t.size)
        if lines < 2:
            continue
        short = needed_height(lines, t.size) - sum(height(r) for r in range(t.r0, t.r1 + 1))
        if short > 0:
            ws.row_dimensions[t.r1].height = round(height(t.r1) + short, 1)


def _texts(ws: Worksheet, rows: list[int] | None, all_wrapped: bool, spans: dict) -> list[Cell]:
    """The cells :func:`fit_rows` measures, in reading order: with ``all_wrapped`` every cell of ``rows``;
    else the header cells the kit made and the first cells of merged ranges (in ``rows`` if given)."""
    if all_wrapped:  # the cells that exist (an absent one holds no text), not every position of the box
        wanted = set(rows) if rows else None
        return [c for (r, _), c in sorted(ws._cells.items()) if wanted is None or r in wanted]
    marks = _marks.get(ws)
    coords = set(spans) | (marks.headers if marks else set())
    if rows is not None:
        coords = {rc for rc in coords if rc[0] in set(rows)}
    return [ws.cell(r, c) for r, c in sorted(coords)]


# ── print and protection ───────────────────────────────────────────────────
def print_setup(ws: Worksheet, title_rows: str, landscape: bool | None = False, *, centered: bool = True) -> None:
    """A4 with narrow margins, one page wide, ``title_rows`` (e.g. ``"3:3"``) repeated on every page, centred
    across the page unless not ``centered``; ``landscape`` None leaves the orientation to the printer (portrait)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    m = ws.page_margins  # inches, no header or footer (Excel's 窄 is 0.25 / 0.75)
    m.left = m.right = m.top = m.bottom = 0.4
    m.header = m.footer = 0.2
    if landscape is not None:
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    if centered:
        ws.print_options.horizontalCentered = True


def protect(ws: Worksheet) -> None:
    """Protect without password; allow resizing rows/columns (False = allowed in OOXML)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


# ── typing values in, as a person would ────────────────────────────────────
def typed(value: object) -> object:
    """Python value → what a person types: text, number, date, 是/否."""
    if value is None:
        return None
    if isinstance(value, bool):
        return S.YES if value else S.NO
    if isinstance(value, CaseKind):
        return value.value
    if isinstance(value, datetime):
        return value.date()
    return value


def put(c: Cell, value: object) -> None:
    """Type ``value`` into ``c`` (:func:`typed`); nothing for None or ""; a text starting with ``=``
    stays text (as typed with a leading apostrophe), never a formula."""
    v = typed(value)
    if v is None or v == "":
        return
    c.value = v
    if isinstance(v, str) and v.startswith("="):
        c.data_type = "s"
        c.quotePrefix = True
