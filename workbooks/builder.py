"""Template builder: the case workbook (openpyxl), and :func:`fill_case` that types a case into it.

The workbook guides the person filling it without Python: data validation on every input cell
(lists from the hidden sheet 列表, numeric/date ranges, Chinese input and error messages),
conditional formatting (required cells empty, fixed assets > total investment, percentages
> 100, failing team / on-site checks), protected sheets with unlocked input cells (no password),
frozen headers, A4 print set-up with repeated titles, and native formulas for indicator scores,
park scores, the reward cap and the checks of 《北京市制造业绿色诊断工作规则》第十一、十二、十九条.
Parameters (leading values, caps, thresholds) are read from ``rules/params/*.toml`` onto the sheet
参数 and every formula refers to them there.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.files import atomic_path
from greendiag.rules import INDICATORS
from greendiag.rules.citations import load_params
from greendiag.rules.diagnosis import BASIC_REQUIREMENTS, UNIT_ROLE, onsite_min_workdays, reward_tiers_text
from greendiag.rules.holidays import MAKEUP, HolidayCalendar
from greendiag.rules.ledger import SANCTION_FLAGS
from greendiag.rules.models import NOT_APPLICABLE, Case, CaseKind
from greendiag.workbooks import spec as S
from greendiag.workbooks.calendar import add_calendar_sheet
from greendiag.workbooks.marker import mark_case_workbook

# ── look ──────────────────────────────────────────────────────────────────
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: type here
CALC_FILL = PatternFill("solid", fgColor="E2EFDA")  # green: computed, locked
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")  # blue: headers
MISSING_FILL = PatternFill("solid", bgColor="F8CBAD")  # red-orange: required but empty (CF uses bgColor)
BAD_FILL = PatternFill("solid", bgColor="FFC7CE")
BAD_FONT = Font(color="9C0006", bold=True)
CHECK_FILL = PatternFill("solid", bgColor="FFD966")  # amber: please confirm (0.85 in a percentage indicator)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"

RETROFIT_HEADER = 4

_DATE_MIN = int(to_excel(date(S.MIN_YEAR, 1, 1)))
_DATE_MAX = int(to_excel(date(S.MAX_YEAR, 12, 31)))


# ── parameters (参数 sheet) ───────────────────────────────────────────────
_RULE_PARAMS = (
    "team_min_members",
    "team_min_senior_related",
    "team_min_project_leaders",
    "team_min_unit_members",
    "onsite_min_workdays_park",
    "onsite_min_workdays_enterprise",
    "reward_cap_park",
    "reward_output_threshold",
    "reward_cap_enterprise_large",
    "reward_cap_enterprise_small",
    "reward_none",
)
_NOT_FOR: dict[CaseKind, frozenset[str]] = {
    CaseKind.PARK: frozenset({"onsite_min_workdays_enterprise", "reward_output_threshold",
                              "reward_cap_enterprise_large", "reward_cap_enterprise_small"}),
    CaseKind.ENTERPRISE: frozenset({"onsite_min_workdays_park", "reward_cap_park"}),
}
"""Rule parameters of the other kind, left off a workbook's 参数 (its formulas never use them)."""
PARAM_FIRST_ROW = 4
PYTHON_SWITCH_LABELS: dict[CaseKind, str] = {
    CaseKind.PARK: "用加载项函数核对评分和奖励上限",
    CaseKind.ENTERPRISE: "用加载项函数核对奖励上限",
}
"""Label of the add-in switch on 参数: the park workbook checks PARK_SCORE (评价指标) and
REWARD_CAP (奖励测算), the enterprise workbook REWARD_CAP only."""

PARAMS_TITLE: dict[CaseKind, str] = {
    CaseKind.PARK: "参数（引领值、奖励上限、工作组与现场诊断要求）",
    CaseKind.ENTERPRISE: "参数（奖励上限、工作组与现场诊断要求）",
}


def param_keys(kind: CaseKind) -> tuple[str, ...]:
    """The parameters on a workbook's 参数, in order: for a park the 31 leading values (indicator_01…31),
    the indicator score cap and the minimum of scored indicators (评价指标 uses them), then the rule
    parameters of its kind, then the add-in switch ``use_python``."""
    park = (*(f"indicator_{ind.number:02d}" for ind in INDICATORS), "max_indicator_score", "min_scored_indicators")
    rules = tuple(k for k in _RULE_PARAMS if k not in _NOT_FOR[kind])
    return (*(park if kind == CaseKind.PARK else ()), *rules, "use_python")


def param_rows(kind: CaseKind) -> dict[str, int]:
    """Row of each parameter on 参数 (column C holds the value), from :func:`param_keys`."""
    return {key: PARAM_FIRST_ROW + i for i, key in enumerate(param_keys(kind))}


PARAM_ROWS: dict[CaseKind, dict[str, int]] = {kind: param_rows(kind) for kind in CaseKind}


def pref(key: str, kind: CaseKind) -> str:
    """Absolute reference to a parameter value on the 参数 of a ``kind`` workbook, e.g. ``参数!$C$4``."""
    return f"'{S.PARAMS}'!$C${PARAM_ROWS[kind][key]}"


# ── helpers ────────────────────────────────────────────────────────────────
def _q(sheet: str) -> str:
    return f"'{sheet}'"


def _trim(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _style_header(c: Cell) -> None:
    c.font = BOLD
    c.fill = HEADER_FILL
    c.alignment = CENTER
    c.border = BORDER


# ── wrapped text that fits its cell ────────────────────────────────────────
DEFAULT_ROW_HEIGHT = 15.0
"""Excel's row height for 11 pt Calibri (points): one line of text, Chinese included."""
_DEFAULT_COL_WIDTH = 8.43
_CLOSING = set("）》」』】〕〉，。、；：？！”’)]}.,;:?!%")
_OPENING = set("（《「『【〔〈“‘([{")


def _wrapped_lines(text: str, width: float, size: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide at ``size`` pt.

    Pixels as Excel at 96 dpi: a column of width w is 7·w px less 5 px of margins; a CJK,
    full-width or ambiguous-width character is one em (``size``·4/3 px), any other 0.6 em.  Lines
    fill greedily; a word of Latin letters or digits does not break, a closing mark stays with
    the character before it and an opening mark with the one after (as Excel, WPS and LibreOffice
    break lines).
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


def _needed_height(lines: int, size: float) -> float:
    """Row height (points) for ``lines`` lines at ``size`` pt: a line of Chinese text is about
    1.45 em high (Noto Sans CJK, which LibreOffice and WPS use beside Calibri; Excel's 等线 a little
    less), plus the cell's margins."""
    return lines * 1.45 * size + 3


def _fit_rows(ws: Worksheet, rows: list[int] | None = None, *, all_wrapped: bool = False) -> None:
    """Grow rows so that their wrapped texts show whole: header cells (blue) and wrapped notes
    merged over several columns (with ``all_wrapped``, every wrapped cell, e.g. the rows of a
    table of texts), measured against their final column widths (merged ranges: the sum of their
    columns and rows; a shortfall goes to the range's last row).  Rows only grow; formula headers
    are not measured (their text is not known here); a single line needs nothing.
    """
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    inside = {(row, col) for r in ws.merged_cells.ranges for row, col in r.cells} - set(spans)
    wanted = set(rows) if rows is not None else None

    def col_width(c: int) -> float:
        dim = ws.column_dimensions.get(get_column_letter(c))
        if dim is not None and dim.hidden:
            return 0.0
        return dim.width if dim is not None and dim.width else _DEFAULT_COL_WIDTH

    def height(r: int) -> float:
        return ws.row_dimensions[r].height or DEFAULT_ROW_HEIGHT

    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if not isinstance(v, str) or not v.strip() or v.startswith("=") or (c.row, c.column) in inside:
                continue
            if wanted is not None and c.row not in wanted:
                continue
            rng = spans.get((c.row, c.column))
            c0, c1, r0, r1 = (rng.min_col, rng.max_col, rng.min_row, rng.max_row) if rng else (c.column, c.column, c.row, c.row)
            header = c.fill is not None and c.fill.fgColor.rgb == HEADER_FILL.fgColor.rgb
            if not (header or (c.alignment.wrap_text and (c1 > c0 or all_wrapped))):
                continue
            size = c.font.sz or 11
            lines = _wrapped_lines(v, sum(col_width(k) for k in range(c0, c1 + 1)), size)
            if lines < 2:
                continue
            short = _needed_height(lines, size) - sum(height(r) for r in range(r0, r1 + 1))
            if short > 0:
                ws.row_dimensions[r1].height = round(height(r1) + short, 1)


def _calc(c: Cell, fmt: str | None = None) -> None:
    c.fill = CALC_FILL
    c.border = BORDER
    c.alignment = CENTER
    if fmt:
        c.number_format = fmt


def _print_setup(ws: Worksheet, title_rows: str, landscape: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True


def _protect(ws: Worksheet) -> None:
    """Protect without password; allow resizing rows/columns (False = allowed in OOXML)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


class _Validations:
    """One DataValidation per distinct rule on a sheet, cells added as they are made."""

    def __init__(self, ws: Worksheet, lists: dict[str, str]):
        self.ws = ws
        self.lists = lists
        self._dvs: dict[tuple, DataValidation] = {}

    def _get(self, key: tuple, **kw) -> DataValidation:
        dv = self._dvs.get(key)
        if dv is None:
            dv = DataValidation(showErrorMessage=True, showInputMessage=True, errorStyle="stop", **kw)
            self.ws.add_data_validation(dv)
            self._dvs[key] = dv
        return dv

    def add(self, f: S.FieldSpec, ref: str) -> None:
        prompt = _trim(f.requirement, 250)
        title = _trim(f.label, 30)
        k = f.kind
        if k in (S.CHOICE, S.BOOL):
            name = "是否" if k == S.BOOL else f.choices
            dv = self._get(
                ("list", name, f.label), type="list", formula1=self.lists[name], allow_blank=True,
                errorTitle="无效选项", error=_trim(f"“{f.label}”只能从下拉列表选择：{'/'.join(f.allowed)}", 220),
                promptTitle=title, prompt=prompt,
            )
        elif k == S.AMOUNT:
            dv = self._get(
                ("amount", f.label), type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                errorTitle="金额无效", error=_trim(f"“{f.label}”请填写不小于0的数字，单位：万元（不要带“万元”字样）", 220),
                promptTitle=title, prompt=prompt,
            )
        elif k == S.NUMBER:
            dv = self._get(
                ("number", f.label), type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                allow_blank=True, errorTitle="数值无效", error=_trim(f"“{f.label}”请填写数字{('（单位：' + f.unit + '）') if f.unit else ''}", 220),
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
                ("date", f.label), type="date", operator="between", formula1=str(_DATE_MIN), formula2=str(_DATE_MAX),
                allow_blank=True, errorTitle="日期无效",
                error=f"“{f.label}”请填写日期，如 2026-03-02（{S.MIN_YEAR}–{S.MAX_YEAR}年）",
                promptTitle=title, prompt=prompt,
            )
        else:  # text / longtext
            limit = 32000 if k == S.LONGTEXT else 500
            dv = self._get(
                ("text", limit, f.label), type="textLength", operator="lessThanOrEqual", formula1=str(limit),
                allow_blank=True, errorTitle="内容过长", error=f"“{_trim(f.label, 40)}”最多填写 {limit} 个字符",
                promptTitle=title, prompt=prompt,
            )
        dv.add(ref)


def _input(c: Cell, f: S.FieldSpec) -> None:
    c.fill = INPUT_FILL
    c.border = BORDER
    c.protection = UNLOCKED
    c.alignment = WRAP if f.kind in (S.TEXT, S.LONGTEXT) else Alignment(vertical="top")
    if f.kind in (S.TEXT, S.LONGTEXT):
        c.number_format = "@"  # phone numbers and codes stay text
    elif f.kind == S.DATE:
        c.number_format = DATE_FORMAT
    elif f.kind == S.AMOUNT:
        c.number_format = AMOUNT_FORMAT
    elif f.kind == S.NUMBER:
        c.number_format = "General"
    elif f.kind in (S.INT, S.YEAR):
        c.number_format = "0"


def shown_percent(ref: str) -> str:
    """Formula for the percent number a percentage-indicator cell shows: 85 for 85 and for 85 % alike.

    A person who types ``85%`` gets the value 0.85 in a percent format (Excel, WPS and LibreOffice
    all do this); the cell then shows 85%, and this reading, like the reader's, counts it as 85.
    ``CELL("format")`` starts with ``P`` for percent formats (Excel: P0/P2; LibreOffice alike).
    See docs/excel.md, “百分比指标怎样填写”.
    """
    return f'IF(IFERROR(LEFT(CELL("format",{ref}),1)="P",FALSE),100*{ref},{ref})'


PENDING = "待填写"
"""Status of a check whose inputs are still empty: neutral grey, not a red 不符合."""

SANCTIONS: tuple[tuple[str, str, str, str], ...] = tuple(
    (f.field, f.status, f.payable, str(f.cite)) for f in SANCTION_FLAGS
)
"""The 奖励测算 flags (field path, the provider's status when 是, payable cap when 是, article), in
priority order, as the sheet's formulas use them: laid out from ``rules.ledger.SANCTION_FLAGS``, where
the articles and their years live."""

OK_FILL = PatternFill("solid", bgColor="C6EFCE")
OK_FONT = Font(color="006100", bold=True)
PENDING_FILL = PatternFill("solid", bgColor="EDEDED")
PENDING_FONT = Font(color="595959")


def _status_cf(ws: Worksheet, ref: str) -> None:
    """符合 green, 待填写/未填写完整 grey, anything starting with 不符合 red."""
    first = ref.split(":")[0].replace("$", "")
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'LEFT({first},3)="不符合"'], fill=BAD_FILL, font=BAD_FONT))
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'{first}="符合"'], fill=OK_FILL, font=OK_FONT))
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'OR({first}="{PENDING}",{first}="未填写完整")'],
                                                   fill=PENDING_FILL, font=PENDING_FONT))


def _required_cf(ws: Worksheet, ref: str) -> None:
    first = ref.split(":")[0].replace("$", "")
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'LEN(TRIM({first}))=0'], fill=MISSING_FILL, stopIfTrue=False))


def _bad_cf(ws: Worksheet, ref: str, formula: str) -> None:
    ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=BAD_FILL, font=BAD_FONT))


# ── sheets ─────────────────────────────────────────────────────────────────
def _lists_sheet(wb: Workbook) -> tuple[dict[str, str], dict[str, str]]:
    """Hidden sheet 列表: allowed values, title/field keywords.

    Returns (``{list name: range}``, ``{name: range or cell}`` for the keywords).
    """
    ws = wb.create_sheet(S.LISTS_SHEET)
    ws.sheet_state = "hidden"
    refs: dict[str, str] = {}
    col = 1
    for name, values in S.LISTS.items():
        letter = get_column_letter(col)
        ws.cell(1, col, name).font = BOLD
        for i, v in enumerate(values, start=2):
            ws.cell(i, col, v)
        refs[name] = f"{_q(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        col += 1
    # one list per qualitative indicator of 附件2-1-2 (its own states only)
    for ind in INDICATORS:
        if ind.direction == "qualitative":
            values = S.qualitative_choices(ind.number)
            letter = get_column_letter(col)
            ws.cell(1, col, f"指标{ind.number}").font = BOLD
            for i, v in enumerate(values, start=2):
                ws.cell(i, col, v)
            refs[f"指标{ind.number}"] = f"{_q(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            col += 1
    extra: dict[str, str] = {}
    p = load_params("bj_diagnosis")
    for key, title in (
        ("senior_titles", S.TITLE_LIST),
        ("related_field_keywords", "相关专业关键词"),
    ):
        letter = get_column_letter(col)
        ws.cell(1, col, title).font = BOLD
        values = list(p[key].value)
        for i, v in enumerate(values, start=2):
            ws.cell(i, col, v)
        # the title list keeps 20 blank rows for titles an officer adds (a blank never equals a title);
        # keywords do not (FIND of a blank keyword would match every specialty)
        spare = 20 if key == "senior_titles" else 0
        extra[key] = f"{_q(S.LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1 + spare}"
        col += 1
    for c in range(1, col):
        ws.column_dimensions[get_column_letter(c)].width = 16
    _protect(ws)
    return refs, extra


def _params_sheet(wb: Workbook, kind: CaseKind) -> None:
    """参数: the parameters of ``kind`` only (:func:`param_keys`), each with its value, unit and article."""
    ws = wb.create_sheet(S.PARAMS)
    rows = PARAM_ROWS[kind]
    # column A (the parameter keys) is hidden: the title and the note start in B
    ws["B1"] = PARAMS_TITLE[kind]
    ws["B1"].font = TITLE_FONT
    ws["B2"] = (
        "本表受保护以防误改（无密码）：如需按现行文件修改，请“审阅→撤销工作表保护”后修改“值”一列；修改后各表公式随之更新。"
        "注意：用绿色诊断程序检查或生成文书时，按程序内置的参数重新计算，并提示与内置值不同的参数。"
    )
    ws["B2"].alignment = WRAP
    ws.merge_cells("B2:F2")
    ws.row_dimensions[2].height = 45
    for col, h in enumerate(("键", "名称", "值", "单位", "依据", "说明"), start=1):
        _style_header(ws.cell(3, col, h))
    ind_params = load_params("indicators")
    rule_params = load_params("bj_diagnosis")
    for ind in INDICATORS if kind == CaseKind.PARK else ():
        key = f"indicator_{ind.number:02d}"
        vals = (key, f"{ind.number}. {ind.name}（引领值）", ind.leading_value, ind.unit, str(ind.cite), ind.note or ind.direction_text)
        for col, v in enumerate(vals, start=1):
            ws.cell(rows[key], col, None if v == "" else v)
    for key in param_keys(kind):
        if key.startswith("indicator_") or key == "use_python":
            continue
        p = ind_params[key] if key in ind_params else rule_params[key]
        name = p.note.split("，")[0] if p.note else key
        for col, v in enumerate((key, _trim(name, 60), p.value, p.unit, str(p.cite), p.note), start=1):
            ws.cell(rows[key], col, None if v == "" else v)
    r = rows["use_python"]
    shown = "“评价指标”“奖励测算”" if kind == CaseKind.PARK else "“奖励测算”"
    for col, v in enumerate(
        ("use_python", PYTHON_SWITCH_LABELS[kind], S.NO, "是/否", "绿色诊断加载项",
         f"选“是”并在 Windows 版 Excel 中安装绿色诊断加载项后，{shown}另显示加载项函数的结果以便核对；"
         "选“否”时只用本表内置公式（WPS、LibreOffice 同样可用）"),
        start=1,
    ):
        ws.cell(r, col, v)
    sw = ws.cell(r, 3)
    sw.fill = INPUT_FILL
    sw.protection = UNLOCKED
    dv = DataValidation(type="list", formula1=f"{_q(S.LISTS_SHEET)}!$A$2:$A$3", showErrorMessage=True,
                        showInputMessage=True, errorTitle="无效选项", error="请选择“是”或“否”",
                        promptTitle="加载项核对", prompt="是：另显示加载项函数的结果（需 Windows 版 Excel 和绿色诊断加载项）；否：仅内置公式")
    ws.add_data_validation(dv)
    dv.add(sw.coordinate)
    for row in ws.iter_rows(min_row=4, max_row=r, max_col=6):
        for c in row:
            c.border = BORDER
            c.alignment = WRAP
    for col, w in zip("ABCDEF", (26, 40, 12, 12, 40, 60)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A4"
    ws.column_dimensions["A"].hidden = True  # parameter keys: for the program, not for the reader of the sheet
    _fit_rows(ws, list(range(4, r + 1)), all_wrapped=True)  # long 名称, 依据 and 说明 show whole
    _print_setup(ws, "3:3", landscape=True)
    ws.print_area = f"A1:F{r - 1}"  # the add-in switch does not print
    _protect(ws)


def _form_sheet(wb: Workbook, form: S.FormSheet, lists: dict[str, str], kind: CaseKind,
                values: dict[str, object], overrides: dict[str, DataValidation] | None = None) -> Worksheet:
    ws = wb.create_sheet(form.name)
    ws["A1"] = form.heading
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:D1")
    for col, h in enumerate(("项目", "填写内容", "要求与单位", "依据"), start=1):
        _style_header(ws.cell(2, col, h))
    dvs = _Validations(ws, lists)
    for f in form.fields:
        r = form.row_of(f.path)
        a = ws.cell(r, 1, f.label)
        a.font = BOLD
        a.alignment = WRAP
        a.border = BORDER
        b = ws.cell(r, 2)
        if f.kind == S.FIXED:
            b.value = kind.value
            _calc(b)
        else:
            _input(b, f)
            if overrides and f.path in overrides:
                ws.add_data_validation(overrides[f.path])
                overrides[f.path].add(b.coordinate)
            else:
                dvs.add(f, b.coordinate)
            if f.required or f.expected:
                _required_cf(ws, b.coordinate)
            if f.path in values and values[f.path] is not None:
                b.value = values[f.path]
        c = ws.cell(r, 3, f.requirement)
        c.alignment = WRAP
        c.border = BORDER
        d = ws.cell(r, 4, f.cite)
        d.alignment = WRAP
        d.border = BORDER
        d.font = Font(color="666666", size=9)
        if f.kind == S.LONGTEXT:
            ws.row_dimensions[r].height = 120
        elif len(f.requirement) > 22 or len(f.cite) > 24 or len(f.label) > 14:
            ws.row_dimensions[r].height = 32
    for col, w in zip("ABCD", (30, 48, 36, 40)):  # 依据 (9 pt) on one line up to about 24 characters
        ws.column_dimensions[col].width = w
    if form.name == S.NARRATIVE:
        ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A3"
    _print_setup(ws, "1:2", landscape=True)
    _protect(ws)
    return ws


def _table(ws: Worksheet, t: S.TableSpec, header_row: int, lists: dict[str, str],
           overrides: dict[str, DataValidation] | None = None) -> None:
    ws.cell(header_row - 1, 1, t.heading).font = Font(bold=True, size=12)
    for col, label in enumerate(t.labels, start=1):
        _style_header(ws.cell(header_row, col, label))
    ws.row_dimensions[header_row].height = 36
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 8)
    dvs = _Validations(ws, lists)
    first, last = header_row + 1, header_row + t.capacity
    key_col = get_column_letter(2 + [c.path for c in t.columns].index(t.key))
    for r in range(first, last + 1):
        n = ws.cell(r, 1, f'=IF(LEN(TRIM({key_col}{r}))=0,"",COUNTIF(${key_col}${first}:{key_col}{r},"?*"))')
        _calc(n)
        for j, f in enumerate(t.columns, start=2):
            _input(ws.cell(r, j), f)
    for j, f in enumerate(t.columns, start=2):
        letter = get_column_letter(j)
        if overrides and f.path in overrides:
            ws.add_data_validation(overrides[f.path])
            overrides[f.path].add(f"{letter}{first}:{letter}{last}")
        else:
            dvs.add(f, f"{letter}{first}:{letter}{last}")
        if f.width:
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, f.width)
        if f.required and f.path != t.key:  # e.g. 成员类别 of a named member
            _bad_cf(ws, f"{letter}{first}:{letter}{last}", f'AND(LEN(TRIM(${key_col}{first}))>0,LEN(TRIM({letter}{first}))=0)')


def _provider_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind,
                    extra: dict) -> tuple[Worksheet, int]:
    """The form 服务商信息, then the roster on its own sheet (see :func:`_team_sheet`)."""
    _form_sheet(wb, forms[S.PROVIDER], lists, kind, {})
    return _team_sheet(wb, lists, extra)


TEAM_HEADER = 4


def _team_sheet(wb: Workbook, lists: dict[str, str], extra: dict) -> tuple[Worksheet, int]:
    """附件2-1 绿色诊断工作组成员表: title, the check of 第十一条第2项 (row 2, filled by
    :func:`_checks_beside_data`), the header frozen at row 4, two locked helper columns (who counts as
    senior/related and as project leader) outside the print area."""
    ws = wb.create_sheet(S.TEAM.sheet)
    ws["A1"] = "附件2-1 绿色诊断工作组成员表"
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:G1")
    header = TEAM_HEADER
    _table(ws, S.TEAM, header, lists)
    hint = ws.cell(header - 1, 1, "每位成员一行；成员类别从下拉列表选择；职称、从事专业按证书填写（用于核对高级职称和相关专业）。")
    hint.font = Font(color="595959")
    hint.alignment = WRAP
    ws.row_dimensions[header - 1].height = 20
    ws.merge_cells(start_row=header - 1, start_column=1, end_row=header - 1, end_column=7)
    # helper columns: who counts for 第十一条第2项 (same logic as rules.is_senior_title / is_related_field)
    h1, h2 = 2 + len(S.TEAM.columns), 3 + len(S.TEAM.columns)
    _style_header(ws.cell(header, h1, "相关专业高级职称（自动）"))
    _style_header(ws.cell(header, h2, "主导过绿色制造项目（自动）"))
    cols = {c.path: get_column_letter(2 + i) for i, c in enumerate(S.TEAM.columns)}
    for r in range(header + 1, header + S.TEAM.capacity + 1):
        name, title, spec_, led = (f"{cols[k]}{r}" for k in ("name", "title", "specialty", "led_projects"))
        t = f'SUBSTITUTE(SUBSTITUTE({title}," ",""),"\u3000","")'
        # exact names, not a substring; a blank title never matches the list's blank spare rows
        senior = f"LEN({t})>0,SUMPRODUCT(--({extra['senior_titles']}={t}))>0"
        related = f"SUMPRODUCT(--ISNUMBER(FIND({extra['related_field_keywords']},SUBSTITUTE({spec_},\" \",\"\"))))>0"
        _calc(ws.cell(r, h1, f'=IF(LEN(TRIM({name}))=0,"",IF(AND({senior},{related}),1,0))'))
        _calc(ws.cell(r, h2, f'=IF(LEN(TRIM({name}))=0,"",IF(AND(ISNUMBER({led}),{led}>=1),1,0))'))
    ws.column_dimensions["A"].width = 6
    for c in (h1, h2):  # outside the print area; wide enough for their headers on two lines
        ws.column_dimensions[get_column_letter(c)].width = 16
    ws.freeze_panes = f"A{header + 1}"
    _print_setup(ws, f"{header}:{header}", landscape=True)
    ws.print_area = f"A1:{get_column_letter(h1 - 1)}{header + S.TEAM.capacity}"
    _protect(ws)
    return ws, header


def _process_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind) -> Worksheet:
    form = forms[S.PROCESS]
    s, e = form.cell_of("process.onsite_start"), form.cell_of("process.onsite_end")
    end_spec = next(f for f in form.fields if f.path == "process.onsite_end")
    # the end date may not precede the start date
    dv = DataValidation(type="date", operator="greaterThanOrEqual", formula1=f"MAX({_DATE_MIN},{s})",
                        showErrorMessage=True, showInputMessage=True, allow_blank=True, errorTitle="日期无效",
                        error="现场诊断结束日期不能早于开始日期", promptTitle="现场诊断结束日期",
                        prompt=_trim(end_spec.requirement, 250))
    ws = _form_sheet(wb, form, lists, kind, {}, {"process.onsite_end": dv})
    _bad_cf(ws, e, f"AND(ISNUMBER({s}),ISNUMBER({e}),{e}<{s})")
    return ws


def _basic_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    ws = wb.create_sheet(S.BASIC)
    ws["A1"] = "附件2-1-1 工业园区绿色诊断基础性要求诊断表"
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:D1")
    for col, h in enumerate(S.BASIC_HEADERS, start=1):
        _style_header(ws.cell(2, col, h))
    dvs = _Validations(ws, lists)
    comply = S.FieldSpec("complies", "是否符合", S.BOOL, hint="第1–6项为必须符合项，第7–8项为鼓励项")
    evidence = S.FieldSpec("evidence", "证明材料索引")
    for i, req in enumerate(BASIC_REQUIREMENTS):
        r = 3 + i
        _calc(ws.cell(r, 1, req.number))
        b = ws.cell(r, 2, req.text + ("" if req.required else "（鼓励项）"))
        b.alignment = WRAP
        b.border = BORDER
        _input(ws.cell(r, 3), comply)
        _input(ws.cell(r, 4), evidence)
        ws.row_dimensions[r].height = 48
        if req.required:
            _required_cf(ws, f"C{r}")
            _bad_cf(ws, f"C{r}", f'C{r}="{S.NO}"')
    last = 2 + len(BASIC_REQUIREMENTS)
    dvs.add(comply, f"C3:C{last}")
    dvs.add(evidence, f"D3:D{last}")
    r = last + 2
    ws.cell(r, 1, "基础性要求核对（自动）").font = BOLD
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    req_rows = [3 + i for i, q in enumerate(BASIC_REQUIREMENTS) if q.required]
    blanks = "+".join(f'(C{x}="")' for x in req_rows)
    nos = "+".join(f'(C{x}="{S.NO}")' for x in req_rows)
    c = ws.cell(r, 3, f'=IF(({nos})>0,"不符合",IF(({blanks})={len(req_rows)},"{PENDING}",IF(({blanks})>0,"未填写完整","符合")))')
    _calc(c)
    _status_cf(ws, c.coordinate)
    ws.cell(r, 4, str(BASIC_REQUIREMENTS[0].cite)).alignment = WRAP
    for col, w in zip("ABCD", (8, 70, 12, 36)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A3"
    _print_setup(ws, "1:2", landscape=True)
    _protect(ws)
    return ws


def _indicator_sheet(wb: Workbook, lists: dict[str, str], year_ref: str) -> Worksheet:
    ws = wb.create_sheet(S.INDICATORS)
    ws["A1"] = "附件2-1-2 工业园区绿色诊断评价表（三年指标数据与得分）"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        "注：1.单项指标最高得分不超过120分；2.年份1至年份3原则上为绿色诊断实施年份的前三年。"
        "百分比指标填写 85 或 85%（都表示 85%），0.85 表示 0.85%（黄色提示请核对）；无法获得的填“不适用”，不计入评分。"
        "以下为 greendiag 的评分方法（指南只规定指标、单位和单项最高120分；逐项公式和默认引领值依工信厅节函〔2016〕586号拟定，未经存档文本核实）："
        "越大越好指标 =100×数据/引领值；越小越好指标（23、24）=100×引领值/数据（数据≤0 记120分）；定性指标与引领值相同记100分，否则0分；"
        "园区诊断评分为已填写指标得分的算术平均，参与评分的指标少于“参数”表最少项数时为不可比。"
    )
    ws["A2"].alignment = WRAP
    # over the columns of the first screen (A–E and the first year, about 1000 px), its height from
    # its length (_fit_rows): lines wider than the window had to be scrolled to be read
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=S.year_columns(0)[2])
    h1, h2, first = 3, 4, S.INDICATOR_FIRST_ROW
    last = first + len(INDICATORS) - 1
    for col, label in enumerate(S.INDICATOR_FIXED_HEADERS, start=1):
        _style_header(ws.cell(h1, col, label))
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    for i in range(3):
        d, n, s = S.year_columns(i)
        off = 3 - i
        _style_header(ws.cell(h1, d, f'="第{i + 1}年（"&IF(ISNUMBER({year_ref}),({year_ref}-{off})&"年","    年")&"）"'))
        ws.merge_cells(start_row=h1, start_column=d, end_row=h1, end_column=s)
        _style_header(ws.cell(h2, d, S.INDICATOR_DATA_LABEL))
        _style_header(ws.cell(h2, n, S.INDICATOR_NOTE_LABELS[i]))
        _style_header(ws.cell(h2, s, S.INDICATOR_SCORE_LABEL))
    c1, c2 = S.year_columns(2)[2] + 1, S.year_columns(2)[2] + 2
    _style_header(ws.cell(h1, c1, "指标数据变化"))
    ws.merge_cells(start_row=h1, start_column=c1, end_row=h1, end_column=c2)
    _style_header(ws.cell(h2, c1, "第2年较第1年"))
    _style_header(ws.cell(h2, c2, "第3年较第2年"))
    # custom formulas are relative to the first (top-left) cell of their range: F of the first
    # numeric row for ordinary numbers, F of the first % row for percentages
    first_num = first + next(k for k, i in enumerate(INDICATORS) if i.direction != "qualitative" and i.unit != "%")
    first_pct = first + next(k for k, i in enumerate(INDICATORS) if i.unit == "%")
    dv_num = DataValidation(
        type="custom", allow_blank=True, showErrorMessage=True, showInputMessage=True,
        formula1=f'OR(ISNUMBER(F{first_num}),F{first_num}="{NOT_APPLICABLE}")',
        errorTitle="指标数据无效", error=f"请填写数字（按指标单位），或填写“{NOT_APPLICABLE}”",
        promptTitle="指标数据", prompt=f"填写数字（按指标单位）；无法获得填“{NOT_APPLICABLE}”",
    )
    dv_note = DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True, showErrorMessage=True,
        showInputMessage=True, errorTitle="内容过长", error="此处最多填写 500 个字符",
        promptTitle="说明", prompt="证明材料索引 / 评价情况说明",
    )
    # percentages: 85 and 85% both mean 85 % (see shown_percent); 0.85 means 0.85 %
    dv_pct = DataValidation(
        type="custom", allow_blank=True, showErrorMessage=True, showInputMessage=True,
        formula1=f'OR(AND(ISNUMBER(F{first_pct}),F{first_pct}<=100),F{first_pct}="{NOT_APPLICABLE}")',
        errorTitle="百分比无效",
        error=f"百分比指标请填写 0–100 的百分数，如 85 或 85%（都表示 85%）；无法获得的填写“{NOT_APPLICABLE}”",
        promptTitle="百分比指标", prompt=f"填写 85 或 85%（都表示 85%）；0.85 表示 0.85%；无法获得填“{NOT_APPLICABLE}”",
    )
    for dv in (dv_num, dv_pct, dv_note):
        ws.add_data_validation(dv)
    note_spec = S.FieldSpec("note", "说明")
    num_spec = S.FieldSpec("value", "指标数据", S.AMOUNT)
    groups: dict[str, list[int]] = {}
    cap = pref("max_indicator_score", CaseKind.PARK)
    for k, ind in enumerate(INDICATORS):
        r = first + k
        groups.setdefault(ind.group, []).append(r)
        ws.cell(r, 1, f"{ind.group_name}\n（{ind.group}）").alignment = CENTER
        ws.cell(r, 2, ind.number).alignment = CENTER
        ws.cell(r, 3, ind.name).alignment = WRAP
        ws.cell(r, 4, ind.unit).alignment = CENTER
        _calc(ws.cell(r, 5, f"={pref(f'indicator_{ind.number:02d}', CaseKind.PARK)}"))
        for col in range(1, 5):
            ws.cell(r, col).border = BORDER
        dv_qual = None
        if ind.direction == "qualitative":
            own = lists[f"指标{ind.number}"]
            states = S.qualitative_choices(ind.number)
            dv_qual = DataValidation(
                type="list", formula1=own, allow_blank=True, showErrorMessage=True, showInputMessage=True,
                errorTitle="指标数据无效", error=f"指标{ind.number}“{_trim(ind.name, 20)}”请从下拉列表选择：" + "/".join(states),
                promptTitle=f"指标{ind.number}（定性）", prompt=f"从下拉列表选择：{'/'.join(states)}；与引领值相同记100分，其余记0分",
            )
            ws.add_data_validation(dv_qual)
        for i in range(3):
            d, n, s = (get_column_letter(x) for x in S.year_columns(i))
            v = f"{d}{r}"
            dc = ws.cell(r, S.year_columns(i)[0])
            _input(dc, num_spec)
            dc.number_format = "General"
            dc.alignment = Alignment(horizontal="right", vertical="center")
            _input(ws.cell(r, S.year_columns(i)[1]), note_spec)
            dv_note.add(f"{n}{r}")
            if dv_qual is not None:
                dv_qual.add(v)
                # the leading state (引领值, column E from 参数) scores 100, any other state 0 (as rules)
                f = f'=IF(OR(TRIM({v})="",TRIM({v})="{NOT_APPLICABLE}"),"",IF(TRIM({v})=TRIM($E{r}),100,0))'
            else:
                (dv_pct if ind.unit == "%" else dv_num).add(v)
                x = shown_percent(v) if ind.unit == "%" else v
                if ind.direction == "higher":
                    f = f'=IF(ISNUMBER({v}),IFERROR(MIN({cap},MAX(0,100*{x}/$E{r})),""),"")'
                else:
                    f = f'=IF(ISNUMBER({v}),IF({x}<=0,{cap},IFERROR(MIN({cap},MAX(0,100*$E{r}/{x})),"")),"")'
                if ind.unit == "%":
                    _bad_cf(ws, v, f"AND(ISNUMBER({v}),{x}>100)")
                    ws.conditional_formatting.add(v, FormulaRule(formula=[f"AND(ISNUMBER({v}),{x}>0,{x}<=1)"], fill=CHECK_FILL))
            _calc(ws.cell(r, S.year_columns(i)[2], f), SCORE_FORMAT)
        for j, (a, b) in enumerate(((0, 1), (1, 2))):
            x, y = get_column_letter(S.year_columns(a)[0]), get_column_letter(S.year_columns(b)[0])
            xa, yb = f"{x}{r}", f"{y}{r}"
            if ind.unit == "%":
                xa, yb = shown_percent(xa), shown_percent(yb)
            _calc(ws.cell(r, c1 + j, f'=IF(AND(ISNUMBER({x}{r}),ISNUMBER({y}{r})),{yb}-{xa},"")'), "0.00")
    for rows in groups.values():
        ws.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    # park scores and their change
    pr = last + 1
    ws.cell(pr, 3, S.PARK_SCORE_LABEL).font = BOLD
    ws.cell(pr, 4, "分").alignment = CENTER
    scores = []
    for i in range(3):
        s = get_column_letter(S.year_columns(i)[2])
        c = ws.cell(pr, S.year_columns(i)[2], f'=IF(COUNT({s}{first}:{s}{last})=0,"",AVERAGE({s}{first}:{s}{last}))')
        _calc(c, SCORE_FORMAT)
        c.font = BOLD
        scores.append(f"{s}{pr}")
    for j, (a, b) in enumerate(((0, 1), (1, 2))):
        _calc(ws.cell(pr, c1 + j, f'=IF(AND(ISNUMBER({scores[a]}),ISNUMBER({scores[b]})),{scores[b]}-{scores[a]},"")'), "0.00")
    # optional: the registered Python function beside the native formula (IF is lazy: no #NAME? when off)
    ur = pr + 1
    ws.cell(ur, 3, "园区诊断评分（加载项函数核对，见“参数”表）").alignment = WRAP
    for i in range(3):
        d = get_column_letter(S.year_columns(i)[0])
        c = ws.cell(ur, S.year_columns(i)[2],
                    f'=IF({pref("use_python", CaseKind.PARK)}="{S.YES}",PARK_SCORE({d}{first}:{d}{last},$E${first}:$E${last}),"")')
        _calc(c, SCORE_FORMAT)
    _score_coverage_rows(ws, ur + 1, first, last, scores)
    ws.row_dimensions[ur].height = 30
    _indicator_layout(ws, first, last, pr, c1, c2)
    _protect(ws)
    return ws


INDICATOR_NAME_WIDTH, INDICATOR_NOTE_WIDTH, CHANGE_WIDTH = 38, 48, 16
"""Column widths (characters) of 二级指标 and of the notes: the longest name on one line, a note of
about 22 Chinese characters on one line; of the two 指标数据变化 columns: 第2年较第1年 on one line."""


def _fit_indicator_row(ws: Worksheet, r: int) -> None:
    """Row height of an indicator row from its longest wrapped text (name, the three notes), so that
    a long note wraps and shows whole (a fixed height cut it off; LibreOffice does not grow rows)."""
    def lines(text: object, width: float) -> int:
        n = sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text or ""))
        return max(1, -(-n // int(width - 2)))

    need = lines(ws.cell(r, 3).value, INDICATOR_NAME_WIDTH)
    for i in range(3):
        need = max(need, lines(ws.cell(r, S.year_columns(i)[1]).value, INDICATOR_NOTE_WIDTH))
    ws.row_dimensions[r].height = 17 if need == 1 else 15 * need + 3


INDICATOR_PRINT_SCALE = 85
"""Print scale of 评价指标 (%): the body's 11 pt prints at 9.35 pt, one year per A4 landscape page."""


def _indicator_layout(ws: Worksheet, first: int, last: int, score_row: int, c1: int, c2: int) -> None:
    """Column widths, row heights and print set-up of 评价指标.

    Printed on A4 landscape at a fixed 85 % (body ≥ 9 pt): columns A–E (indicator, unit, leading
    value) on every page, one year (data, note, score) per page, then a page of the two change
    columns; header rows 3–4 repeated; the sheet title goes into the page header.  Rows have no
    fixed height so that a long note wraps and its row grows instead of being cut.  The add-in
    row under the park scores is outside the print area.
    """
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    for col, w in zip("ABCDE", (11, 5, INDICATOR_NAME_WIDTH, 10, 8)):  # 指标单位 on one line
        ws.column_dimensions[col].width = w
    for i in range(3):
        d, n, s = (get_column_letter(x) for x in S.year_columns(i))
        ws.column_dimensions[d].width = 11
        ws.column_dimensions[n].width = INDICATOR_NOTE_WIDTH
        ws.column_dimensions[s].width = 8
    ws.column_dimensions[get_column_letter(c1)].width = CHANGE_WIDTH
    ws.column_dimensions[get_column_letter(c2)].width = CHANGE_WIDTH
    for r in range(first, last + 1):
        _fit_indicator_row(ws, r)
    ws.row_dimensions[score_row].height = 20
    ws.freeze_panes = ws.cell(first, S.year_columns(0)[0]).coordinate
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = INDICATOR_PRINT_SCALE
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.55
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "3:4"
    ws.print_title_cols = "A:E"
    ws.print_area = f"A3:{get_column_letter(c2)}{score_row}"
    ws.oddHeader.center.text = "附件2-1-2 工业园区绿色诊断评价表"
    ws.oddHeader.center.size = 12
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.col_breaks = ColBreak()
    for i in range(3):  # after each year's score column: year 1, 2, 3, then the two change columns
        ws.col_breaks.append(Break(id=S.year_columns(i)[2]))


def _score_coverage_rows(ws: Worksheet, row: int, first: int, last: int, scores: list[str]) -> None:
    """Two rows under the park scores: how many of the 31 indicators each score covers, and whether
    that reaches 参数 min_scored_indicators (greendiag's default, not the guide's)."""
    need = pref("min_scored_indicators", CaseKind.PARK)
    ws.cell(row, 3, "参与评分的指标数（项，共31项）").alignment = WRAP
    ws.cell(row + 1, 3, "园区诊断评分可比性（参与评分少于参数表最少项数为不可比；greendiag 默认值）").alignment = WRAP
    ws.row_dimensions[row + 1].height = 45
    for i in range(3):
        s = get_column_letter(S.year_columns(i)[2])
        _calc(ws.cell(row, S.year_columns(i)[2], f"=COUNT({s}{first}:{s}{last})"), "0")
        c = ws.cell(row + 1, S.year_columns(i)[2],
                    f'=IF(COUNT({s}{first}:{s}{last})=0,"",IF(COUNT({s}{first}:{s}{last})<{need},"不可比","可比"))')
        _calc(c)
        _bad_cf(ws, c.coordinate, f'{c.coordinate}="不可比"')
        _bad_cf(ws, scores[i], f'{c.coordinate}="不可比"')


def _retrofit_sheet(wb: Workbook, lists: dict[str, str]) -> Worksheet:
    ws = wb.create_sheet(S.RETROFIT)
    ws["A1"] = "附件2-1-3 绿色化改造提升建议表"
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:F1")
    ws["A2"] = "填写说明：近期如对该项目有实施意愿，请在备注栏中填写拟实施的时间。备注中请一并填写其他需要说明的事项。金额单位：万元。"
    ws["A2"].alignment = WRAP
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 30
    header = RETROFIT_HEADER
    first, last = header + 1, header + S.RETROFITS.capacity
    dv = DataValidation(type="custom", formula1=f"AND(ISNUMBER(D{first}),D{first}>=0,OR(NOT(ISNUMBER(C{first})),D{first}<=C{first}))",
                        allow_blank=True, showErrorMessage=True, showInputMessage=True, errorTitle="金额无效",
                        error="其中固定资产投资应为不小于0的数字（万元），且不能大于总投资", promptTitle="其中固定资产投资",
                        prompt="万元，不大于总投资")
    _table(ws, S.RETROFITS, header, lists, {"fixed_asset_investment": dv})
    _bad_cf(ws, f"D{first}:D{last}", f"AND(ISNUMBER(C{first}),ISNUMBER(D{first}),D{first}>C{first})")
    tr = last + 1
    ws.cell(tr, 1, "合计").font = BOLD
    for col in ("C", "D"):
        _calc(ws[f"{col}{tr}"], AMOUNT_FORMAT)
        ws[f"{col}{tr}"] = f"=SUM({col}{first}:{col}{last})"
    # the check of the totals beside them, on the 合计 row (附件2-1-3: 其中固定资产投资 ≤ 总投资, per row);
    # nothing typed below 合计, where the reader reports stray content
    over = f"SUMPRODUCT(ISNUMBER(C{first}:C{last})*ISNUMBER(D{first}:D{last})*(D{first}:D{last}>C{first}:C{last}))"
    chk = ws.cell(tr, 5, f'=IF(COUNTA(B{first}:B{last})=0,"{PENDING}",IF({over}>0,"不符合："&{over}&"行其中固定资产投资大于总投资","符合"))')
    _calc(chk)
    _status_cf(ws, chk.coordinate)
    ws.cell(tr, 6, "投资核对：《北京市工业园区绿色诊断工作指南》附件2-1-3").font = Font(color="666666", size=9)
    ws.cell(tr, 6).alignment = WRAP
    ws.row_dimensions[tr].height = 30
    ws.freeze_panes = f"A{first}"
    _print_setup(ws, f"{header}:{header}", landscape=True)
    _protect(ws)
    return ws


def _approved_at_most_cap(ws: Worksheet, cell: str, cap: str) -> None:
    """核定奖励金额 ≤ the 第十九条 cap computed on the sheet: the field's amount validation becomes a custom one."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            dv.type, dv.operator, dv.formula2 = "custom", None, None
            dv.formula1 = f"AND(ISNUMBER({cell}),{cell}>=0,OR(NOT(ISNUMBER({cap})),{cell}<={cap}))"
            dv.error = "核定奖励金额请填写不小于0、且不超过下方“奖励金额上限”的数字，单位：万元（规则第十九条：不超过）"
            return


def _reward_sheet(wb: Workbook, forms: dict[str, S.FormSheet], lists: dict[str, str], kind: CaseKind,
                  team_header: int, extra: dict) -> tuple[Worksheet, dict[str, int]]:
    form = forms[S.REWARD]
    ws = _form_sheet(wb, form, lists, kind, {})
    app = forms[S.APPLICATION]
    res = form.cell_of("review.result")
    mat = form.cell_of("review.materials_ok")
    r = form.last_row + 2
    ws.cell(r, 1, "自动计算（本区为公式，请勿修改）").font = Font(bold=True, size=12)
    r += 1
    rows: dict[str, int] = {}

    def put(key: str, label: str, formula: str, note: str, cite: str, fmt: str | None = None) -> None:
        nonlocal r
        rows[key] = r
        ws.cell(r, 1, label).font = BOLD
        ws.cell(r, 1).border = BORDER
        ws.cell(r, 1).alignment = WRAP
        ws.row_dimensions[r].height = 32 if len(note) <= 36 else 48
        _calc(ws.cell(r, 2, formula), fmt)
        ws.cell(r, 3, note).alignment = WRAP
        ws.cell(r, 4, cite or None).alignment = WRAP
        ws.cell(r, 4).font = Font(color="666666", size=9)
        r += 1

    rule = load_params("bj_diagnosis")
    none = pref("reward_none", kind)
    stop = f'OR({res}="不合格",{mat}="{S.NO}")'
    if kind == CaseKind.PARK:
        put("cap", "奖励金额上限（万元）", f"=IF({stop},{none},{pref('reward_cap_park', kind)})",
            reward_tiers_text() + "；评审不合格或证明材料不符合要求的不予奖励", str(rule["reward_cap_park"].cite), "0.##")
    else:
        out = f"'{S.APPLICATION}'!{app.cell_of('application.output_value')}"
        put("output", "企业上一年度产值（万元）", f'=IF(ISNUMBER({out}),{out},"")', "取自“申请表”", str(rule["reward_output_threshold"].cite), AMOUNT_FORMAT)
        o = f"B{rows['output']}"
        put("cap", "奖励金额上限（万元）",
            f'=IF(NOT(ISNUMBER({o})),"请填写产值",IF({stop},{none},IF({o}>={pref("reward_output_threshold", kind)},'
            f'{pref("reward_cap_enterprise_large", kind)},{pref("reward_cap_enterprise_small", kind)})))',
            reward_tiers_text() + "；评审不合格或证明材料不符合要求的不予奖励",
            str(rule["reward_cap_park"].cite), "0.##")
    _approved_at_most_cap(ws, form.cell_of("review.approved_amount"), f"$B${rows['cap']}")
    # working group (第十一条第2项)
    h1 = get_column_letter(2 + len(S.TEAM.columns))
    h2 = get_column_letter(3 + len(S.TEAM.columns))
    cols = {c.path: get_column_letter(2 + i) for i, c in enumerate(S.TEAM.columns)}
    f0, f1 = team_header + 1, team_header + S.TEAM.capacity
    team = f"'{S.TEAM.sheet}'!"
    tcite = str(rule["team_min_members"].cite)
    put("members", "工作组成员数（人）", f'=SUMPRODUCT(--(LEN(TRIM({team}{cols["name"]}{f0}:{cols["name"]}{f1}))>0))',
        f"“{S.TEAM.sheet}”表中填写了姓名的成员", tcite, "0")
    put("senior", "相关专业高级职称人数", f"=SUM({team}{h1}{f0}:{h1}{f1})", "能源、环境、生态、低碳、生命周期评价等相关专业高级职称", tcite, "0")
    put("leaders", "主导过绿色制造相关项目人数", f"=SUM({team}{h2}{f0}:{h2}{f1})", "主导绿色制造相关项目数≥1", tcite, "0")
    cat = UNIT_ROLE[kind]
    put("unit", f"{cat}人数", f'=COUNTIFS({team}{cols["name"]}{f0}:{cols["name"]}{f1},"?*",{team}{cols["category"]}{f0}:{cols["category"]}{f1},"{cat}")',
        f"成员类别为“{cat}”的成员（“{'园区工作人员' if kind == CaseKind.PARK else '企业人员'}”不计）", tcite, "0")
    b = {k: f"B{v}" for k, v in rows.items()}
    put("team_ok", "工作组要求",
        f'=IF(AND({b["members"]}>={pref("team_min_members", kind)},OR({b["senior"]}>={pref("team_min_senior_related", kind)},'
        f'{b["leaders"]}>={pref("team_min_project_leaders", kind)}),{b["unit"]}>={pref("team_min_unit_members", kind)}),"符合",IF({b["members"]}=0,"{PENDING}","不符合"))',
        f"不少于{rule['team_min_members'].value}人；相关专业高级职称不少于{rule['team_min_senior_related'].value}人"
        f"或主导过绿色制造相关项目的人员不少于{rule['team_min_project_leaders'].value}人；"
        f"至少{rule['team_min_unit_members'].value}名{cat}", tcite)
    # on-site working days (第十二条), statutory calendar on the editable sheet 节假日安排
    pr = forms[S.PROCESS]
    s = f"'{S.PROCESS}'!{pr.cell_of('process.onsite_start')}"
    e = f"'{S.PROCESS}'!{pr.cell_of('process.onsite_end')}"
    put("workdays", "现场诊断工作日（个）",
        f'=IF(OR(NOT(ISNUMBER({s})),NOT(ISNUMBER({e}))),"",IF({e}<{s},"结束早于开始",'
        f'IF(OR(COUNTIF({extra["years"]},YEAR({s}))=0,COUNTIF({extra["years"]},YEAR({e}))=0),"无该年节假日数据",'
        f'NETWORKDAYS({s},{e},{extra["dates"]})+COUNTIFS({extra["dates"]},">="&{s},{extra["dates"]},"<="&{e},'
        f'{extra["kinds"]},"{MAKEUP}"))))',
        f"按“{S.CALENDAR}”表（国务院办公厅节假日安排通知）计算，含首尾两日；无该年数据时请在该表补录",
        str(rule["onsite_min_workdays_park"].cite), "0")
    need = pref("onsite_min_workdays_park" if kind == CaseKind.PARK else "onsite_min_workdays_enterprise", kind)
    wd = f"B{rows['workdays']}"
    put("onsite_ok", "现场诊断时间要求",
        f'=IF(ISNUMBER({wd}),IF({wd}>={need},"符合","不符合"),IF({wd}="","{PENDING}","不符合"))',
        f"{kind.value}现场诊断不应少于{onsite_min_workdays(kind)}个工作日",
        str(rule["onsite_min_workdays_park"].cite))
    # 第二十一条 / 第二十二条: the flags above change the provider's status and what is payable
    flags = {path: f"{form.cell_of(path)}" for path, *_ in SANCTIONS}
    status = '"无取消资格情形"'
    payable = f"B{rows['cap']}"
    for path, text, pay, _cite in reversed(SANCTIONS):
        status = f'IF({flags[path]}="{S.YES}","{text}",{status})'
        payable = f'IF({flags[path]}="{S.YES}",{pay if pay == "0" else chr(34) + pay + chr(34)},{payable})'
    put("provider_status", "服务商资格", f"={status}",
        "由上方“收取费用”“弄虚作假”“骗取财政资金”“严重不良影响”各项决定", "、".join(dict.fromkeys(c for *_, c in SANCTIONS)))
    put("payable", "应付奖励上限（万元）", f"={payable}",
        "骗取财政资金的不予奖励并追回（第二十一条）；有第二十二条所列情形的取消服务商资格，本案奖励由市经济和信息化局核定",
        str(rule["reward_cap_park"].cite) + "、第二十一条、第二十二条", "0.##")
    _bad_cf(ws, f"B{rows['provider_status']}", f'B{rows["provider_status"]}<>"无取消资格情形"')
    _bad_cf(ws, f"B{rows['payable']}", f'AND(B{rows["payable"]}<>B{rows["cap"]},B{rows["payable"]}<>"")')
    for key in ("team_ok", "onsite_ok"):
        _status_cf(ws, f"B{rows[key]}")
    ws.row_dimensions[rows["cap"]].height = 48
    ws[f"B{rows['cap']}"].font = Font(bold=True, size=12)
    ws[f"B{rows['payable']}"].font = Font(bold=True, size=12)
    ws.print_area = f"A1:D{r - 1}"  # the add-in row below does not print
    # optional: the add-in's function beside the native formula (IF is lazy: no #NAME? when off)
    put("cap_py", "奖励金额上限（加载项函数核对，见“参数”表）",
        f'=IF({pref("use_python", kind)}="{S.YES}",REWARD_CAP("{kind.value}",'
        + (f"B{rows['output']}" if kind == CaseKind.ENTERPRISE else '""') + f',{res},{mat}<>"{S.NO}"),"")',
        "“参数”表中选“是”并已安装绿色诊断加载项时显示，用于核对", "", "0.##")
    return ws, rows


def _checks_beside_data(wb: Workbook, forms: dict[str, S.FormSheet], kind: CaseKind, rows: dict[str, int]) -> None:
    """Each rule's status where its inputs are typed (the 奖励测算 sheet keeps the summary).

    工作组成员 row 2: 第十一条第2项 with the counts; 诊断过程 below the dates: working days and
    第十二条.  Grey 待填写 while the inputs are empty, green 符合, red 不符合.
    """
    rule = load_params("bj_diagnosis")
    rw = f"'{S.REWARD}'!"
    b = {k: f"{rw}$B${v}" for k, v in rows.items()}
    ws = wb[S.TEAM.sheet]
    ws["A2"] = "核对"
    ws["A2"].font = BOLD
    ws["A2"].alignment = CENTER
    ws["B2"] = f"={b['team_ok']}"
    _calc(ws["B2"])
    _status_cf(ws, "B2")
    cat = "园区工作人员" if kind == CaseKind.PARK else "企业人员"
    ws["C2"] = (f'="成员"&{b["members"]}&"人（不少于{rule["team_min_members"].value}人）；相关专业高级职称"&{b["senior"]}'
                f'&"人（不少于{rule["team_min_senior_related"].value}人）或主导过绿色制造项目"&{b["leaders"]}'
                f'&"人（不少于{rule["team_min_project_leaders"].value}人）；{cat}"&{b["unit"]}'
                f'&"人（至少{rule["team_min_unit_members"].value}人）。依据：{rule["team_min_members"].cite}"')
    ws["C2"].alignment = WRAP
    ws.merge_cells("C2:G2")
    ws.row_dimensions[2].height = 34
    ws = wb[S.PROCESS]
    r = forms[S.PROCESS].last_row + 2
    cite = str(rule["onsite_min_workdays_park"].cite)
    for label, key, note in (
        ("现场诊断工作日（自动）", "workdays", "按国务院公布的法定节假日及调休安排计算（含首尾两日）"),
        ("现场诊断时间要求", "onsite_ok", f"{kind.value}现场诊断不应少于{onsite_min_workdays(kind)}个工作日"),
    ):
        ws.cell(r, 1, label).font = BOLD
        ws.cell(r, 1).border = BORDER
        ws.cell(r, 1).alignment = WRAP
        _calc(ws.cell(r, 2, f"={b[key]}"), "0")
        ws.cell(r, 3, note).alignment = WRAP
        ws.cell(r, 4, cite).alignment = WRAP
        ws.cell(r, 4).font = Font(color="666666", size=9)
        ws.row_dimensions[r].height = 32
        r += 1
    _status_cf(ws, f"B{r - 1}")


def _readme_sheet(wb: Workbook, kind: CaseKind) -> Worksheet:
    ws = wb.create_sheet(S.README, 0)
    unit = "工业园区" if kind == CaseKind.PARK else "企业"
    ws["A1"] = f"绿色诊断案例工作簿（{unit}）"
    ws["A1"].font = Font(bold=True, size=16)
    lines = [
        "填写方法",
        "1. 只在黄色单元格填写；绿色单元格为公式（自动计算），蓝色为表头，其余为说明文字。各表已保护（无密码），防止误改公式。",
        "2. 单击（选中）黄色单元格时显示填写说明；下拉单元格请从列表选择；填错时弹出提示，按“确定”后重新填写。",
        "3. 金额一律以“万元”为单位填写数字（如 12000，不要写“1.2亿元”或“12000万元”）；日期填写为 2026-03-02 或 2026/3/2。",
        "4. “评价指标”中百分比指标填写 85 或 85%，两者都表示 85%；0.85 表示 0.85%（单元格变黄提示核对）；无法获得的指标填“不适用”，不计入评分。"
        if kind == CaseKind.PARK else
        "4. “合规性”逐项选择 符合/不符合/不适用；“对标分析”按所列单位填写数值，差距（%）自动计算。",
        "5. 核对结果显示在填写处旁边：灰色“待填写”表示还缺内容，绿色“符合”，红色“不符合”并说明原因；“奖励测算”表汇总全部核对结果。",
        "",
        "本工作簿自己能做什么（不需要安装任何程序，Excel、WPS、LibreOffice 都可以）",
        "· 检查填写：下拉列表、数字和日期范围，填错当场提示；",
        "· 自动计算：" + ("指标得分和园区诊断评分" if kind == CaseKind.PARK else "合规性否决项、对标差距、分级评价结果")
        + "、工作组人数与组成要求、现场诊断工作日（含法定节假日和调休）、奖励金额上限；",
        "· 打印：各表已设好纸张和标题行" + ("，“评价指标”每年一页（A4 横向）。" if kind == CaseKind.PARK else "。"),
        "安装“绿色诊断”程序后另外可以",
        "· Windows 版 Excel 加载项：功能区“绿色诊断 → 生成文书”，一次检查全部内容，没有错误时生成全部 Word 附件；",
        "· 不用加载项（如 WPS）：在文件资源管理器中右键本工作簿 → 发送到 →“绿色诊断：生成文书”，效果相同；",
        "· 检查发现的问题逐条列出工作表、单元格和原因，改正后再生成。",
        "",
        "颜色说明",
    ]
    r = 3
    for line in lines:
        ws.cell(r, 1, line or None).font = BOLD if line in ("填写方法", "颜色说明") or line.startswith(("本工作簿", "安装")) else Font()
        r += 1
    for fill, text in ((INPUT_FILL, "填写单元格"), (CALC_FILL, "公式（自动计算，勿改）"), (HEADER_FILL, "表头"),
                       (PatternFill("solid", fgColor="F8CBAD"), "必填项未填写"), (PatternFill("solid", fgColor="FFC7CE"), "核对不通过")):
        ws.cell(r, 1).fill = fill
        ws.cell(r, 2, text)
        r += 1
    r += 1
    ws.cell(r, 1, "各工作表用途").font = BOLD
    r += 1
    for col, h in enumerate(("工作表", "对应文件 / 附件"), start=1):
        _style_header(ws.cell(r, col, h))
    r += 1
    forms = S.forms_for(kind)
    serves = {name: f.serves for name, f in forms.items()}
    serves[S.PROVIDER] = "附件2-1 基本信息表二（服务商信息）"
    serves[S.TEAM.sheet] = "附件2-1 绿色诊断工作组成员表；工作组要求核对（第十一条第2项）"
    serves[S.BASIC] = "附件2-1-1 工业园区绿色诊断基础性要求诊断表"
    serves[S.INDICATORS] = "附件2-1-2 工业园区绿色诊断评价表（三年数据、单项得分、园区诊断评分）"
    serves[S.RETROFIT] = "附件2-1-3 绿色化改造提升建议表"
    serves[S.PARAMS] = PARAMS_TITLE[kind].removeprefix("参数（").removesuffix("）") + "及其依据（受保护，无密码）"
    serves[S.CALENDAR] = "法定节假日放假和调休上班日期（国务院办公厅通知）；新一年的安排公布后在此补录，现场诊断工作日随之计算"
    serves[S.README] = "本说明"
    from greendiag.workbooks.enterprise import SERVES

    serves.update(SERVES)
    for name in (*S.sheets_for(kind), S.CALENDAR):
        ws.cell(r, 1, name).border = BORDER
        c = ws.cell(r, 2, serves.get(name, ""))
        c.border = BORDER
        c.alignment = WRAP
        r += 1
    r += 1
    c = ws.cell(r, 1, "依据：《北京市制造业绿色诊断工作规则》《北京市工业园区绿色诊断工作指南》。")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    c.alignment = WRAP
    start = ws.cell(2, 1, f"→ 从这里开始填写：“{S.APPLICATION}”表（单击跳转）")
    start.hyperlink = Hyperlink(ref=start.coordinate, location=f"'{S.APPLICATION}'!{S.forms_for(kind)[S.APPLICATION].cell_of(S.YEAR_FIELD.path)}", display=start.value)
    start.font = Font(bold=True, color="0563C1", underline="single")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    _print_setup(ws, "1:1", landscape=True)
    _protect(ws)
    return ws


def _build(kind: CaseKind, name: str | None, year: int | None,
           calendar: HolidayCalendar | None = None) -> tuple[Workbook, dict]:
    wb = Workbook()
    wb.remove(wb.active)
    lists, extra = _lists_sheet(wb)
    extra.update(add_calendar_sheet(wb, calendar))
    forms = S.forms_for(kind)
    app_values: dict[str, object] = {"diagnosis_year": year, "application.name": name}
    _form_sheet(wb, forms[S.APPLICATION], lists, kind, app_values)
    _, team_header = _provider_sheet(wb, forms, lists, kind, extra)
    _process_sheet(wb, forms, lists, kind)
    if kind == CaseKind.PARK:
        _basic_sheet(wb, lists)
        _indicator_sheet(wb, lists, f"'{S.APPLICATION}'!{forms[S.APPLICATION].cell_of('diagnosis_year')}")
    from greendiag.workbooks import enterprise as E  # enterprise sheets and 现场照片 (uses this module's helpers)

    year_ref = f"'{S.APPLICATION}'!{forms[S.APPLICATION].cell_of('diagnosis_year')}"
    E.build_sheets(wb, forms, lists, kind, year_ref, "before_retrofit")
    _retrofit_sheet(wb, lists)
    E.build_sheets(wb, forms, lists, kind, year_ref, "after_retrofit")
    _form_sheet(wb, forms[S.SATISFACTION], lists, kind, {})
    _, checks = _reward_sheet(wb, forms, lists, kind, team_header, extra)
    _checks_beside_data(wb, forms, kind, checks)
    _form_sheet(wb, forms[S.NARRATIVE], lists, kind, {})
    _params_sheet(wb, kind)
    _readme_sheet(wb, kind)
    # 节假日安排 after 参数; lists sheet after the visible ones; xlwings.conf last (hidden)
    wb.move_sheet(S.CALENDAR, offset=wb.sheetnames.index(S.PARAMS) - wb.sheetnames.index(S.CALENDAR))
    wb.move_sheet(S.LISTS_SHEET, offset=len(wb.sheetnames))
    conf = wb.create_sheet(S.XLWINGS_CONF)
    conf["A1"] = "UDF Modules"
    conf["B1"] = "greendiag.addin.udfs"
    conf.sheet_state = "hidden"
    _first_run(wb)
    wb.calculation.fullCalcOnLoad = True
    mark_case_workbook(wb, kind.value)  # the ribbon button acts only on marked workbooks
    return wb, {"team_header": team_header, "forms": forms}


def _first_input(ws: Worksheet) -> str:
    """The first unlocked (yellow) cell of a sheet in reading order, else A1."""
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 80)):
        for c in row:
            if c.protection is not None and c.protection.locked is False and c.coordinate not in ws.merged_cells:
                return c.coordinate
    return "A1"


def _first_run(wb: Workbook) -> None:
    """How the workbook opens: on 说明; every sheet's active cell at its first input; titles,
    headers and notes unclipped (:func:`_fit_rows`, after every column has its width)."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        size = max(ws[c].font.sz or 11 for c in ("A1", "B1"))
        ws.row_dimensions[1].height = max(ws.row_dimensions[1].height or 0, round(size * 1.9))
        _fit_rows(ws)
        cell = _first_input(ws)
        ws.sheet_view.selection[0].activeCell = cell
        ws.sheet_view.selection[0].sqref = cell
        ws.sheet_view.tabSelected = False
    wb.active = 0
    wb.worksheets[0].sheet_view.tabSelected = True


def parse_kind(kind: CaseKind | str) -> CaseKind:
    """``park``/``园区``/``工业园区`` → PARK, ``enterprise``/``企业`` → ENTERPRISE; else ``ValueError``."""
    if isinstance(kind, CaseKind):
        return kind
    k = str(kind).strip().lower()
    if k in ("park", "园区", "工业园区"):
        return CaseKind.PARK
    if k in ("enterprise", "企业"):
        return CaseKind.ENTERPRISE
    raise ValueError(f"案例类型 {kind!r} 无效：应为 park（园区）或 enterprise（企业）")


def _save(wb: Workbook, out: Path | str, overwrite: bool) -> Path:
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ValueError(f"输出文件 {out} 应以 .xlsx 结尾")
    if out.exists() and not overwrite:
        raise FileExistsError(f"文件 {out} 已存在：如需覆盖请使用 --force")
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def build_template(kind: CaseKind | str, out: Path | str, *, name: str | None = None, year: int | None = None,
                   overwrite: bool = False) -> Path:
    """Write an empty case workbook for ``kind`` (园区/park or 企业/enterprise) to ``out``; returns the path.

    ``name`` pre-fills the unit name, ``year`` the 诊断实施年份 (the indicator years are the three
    years before it, 《北京市工业园区绿色诊断工作指南》附件2-1-2 注2).  Written atomically; raises
    ``FileExistsError`` if ``out`` exists and not ``overwrite``, ``ValueError`` for an unknown kind,
    a year outside 2000–2100 or an output name not ending in .xlsx.
    """
    k = parse_kind(kind)
    if year is not None and not (S.MIN_YEAR <= int(year) <= S.MAX_YEAR):
        raise ValueError(f"诊断实施年份 {year} 无效：应为 {S.MIN_YEAR}–{S.MAX_YEAR}")
    wb, _ = _build(k, name, year)
    return _save(wb, out, overwrite)


# ── fill_case: type a case in, as a person would ───────────────────────────
def _typed(value: object) -> object:
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


def _put(c: Cell, value: object) -> None:
    v = _typed(value)
    if v is None or v == "":
        return
    c.value = v
    if isinstance(v, str) and v.startswith("="):
        c.data_type = "s"  # typed with a leading apostrophe: text, not a formula
        c.quotePrefix = True


def _get(obj: object, path: str) -> object:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def fill_case(case: Case, out: Path | str, *, overwrite: bool = False) -> Path:
    """Build the template for ``case.kind`` and type every value of ``case`` into its input cells.

    Strings as text, amounts and indicator data as numbers, dates as dates, booleans as 是/否,
    不适用 for entries marked not applicable.  Returns the path; errors as :func:`build_template`,
    plus ``ValueError`` for a team or retrofit list longer than the rows the template prepares
    (``spec.TEAM.capacity`` / ``spec.RETROFITS.capacity``) or a park case without 3 indicator years.
    """
    wb, info = _build(case.kind, None, None, case.calendar)
    forms: dict[str, S.FormSheet] = info["forms"]
    from greendiag.workbooks import enterprise as E

    E.fill(wb, case)
    for name, form in forms.items():
        ws = wb[name]
        for f in form.fields:
            if f.kind == S.FIXED:
                continue
            _put(ws[form.cell_of(f.path)], _get(case, f.path))
    for t, header in ((S.TEAM, info["team_header"]), (S.RETROFITS, RETROFIT_HEADER)):
        rows = getattr(case, t.path)
        if len(rows) > t.capacity:
            raise ValueError(f"{t.heading}模板预设 {t.capacity} 行（公式与数据验证覆盖的行），案例有 {len(rows)} 行")
        ws = wb[t.sheet]
        for i, rec in enumerate(rows):
            for j, col in enumerate(t.columns, start=2):
                _put(ws.cell(header + 1 + i, j), getattr(rec, col.path))
    if case.kind == CaseKind.PARK:
        ws = wb[S.BASIC]
        for e in case.basic_requirements:
            if not 1 <= e.number <= S.BASIC_ROWS:
                raise ValueError(f"基础性要求序号 {e.number} 无效")
            _put(ws.cell(2 + e.number, 3), e.complies)
            _put(ws.cell(2 + e.number, 4), e.evidence)
        if case.indicator_years and len(case.indicator_years) != 3:
            raise ValueError(f"评价指标应为3个年份，案例有 {len(case.indicator_years)} 个")
        ws = wb[S.INDICATORS]
        for i, year in enumerate(case.indicator_years):
            d, n, _s = S.year_columns(i)
            for e in year.entries:
                r = S.INDICATOR_FIRST_ROW + e.number - 1
                _put(ws.cell(r, d), NOT_APPLICABLE if e.not_applicable and e.value is None else e.value)
                _put(ws.cell(r, n), e.note)
        for r in range(S.INDICATOR_FIRST_ROW, S.INDICATOR_FIRST_ROW + len(INDICATORS)):
            _fit_indicator_row(ws, r)
    return _save(wb, out, overwrite)


__all__ = ["build_template", "fill_case", "parse_kind", "PARAM_ROWS", "pref"]
