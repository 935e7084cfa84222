"""评价指标 (park): 附件2-1-2 工业园区绿色诊断评价表 — three years of the 31 indicators (data, note,
native score), the park score per year, its change and coverage; printed one year per A4 page.
The scoring method is greendiag's (see the sheet's note and ``rules.scoring``)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break, ColBreak
from openpyxl.worksheet.worksheet import Worksheet

from greendiag.rules import INDICATORS
from greendiag.rules.indicators import QUALITATIVE_SCORES_KEY, Indicator
from greendiag.rules.models import NOT_APPLICABLE, Case, CaseKind
from greendiag.workbooks import kit as K
from greendiag.workbooks import spec as S
from greendiag.workbooks.sheets.params import pref, state_points_range


def shown_percent(ref: str) -> str:
    """Formula for the percent number a percentage-indicator cell shows: 85 for 85 and for 85 % alike.

    A person who types ``85%`` gets the value 0.85 in a percent format (Excel, WPS and LibreOffice
    all do this); the cell then shows 85%, and this reading, like the reader's, counts it as 85.
    ``CELL("format")`` starts with ``P`` for percent formats (Excel: P0/P2; LibreOffice alike).
    See docs/excel.md, “百分比指标怎样填写”.
    """
    return f'IF(IFERROR(LEFT(CELL("format",{ref}),1)="P",FALSE),100*{ref},{ref})'


_NOTE = S.FieldSpec("note", "说明")
_UNIT_COL = 4
"""Column of 指标单位 (D)."""
_PERIODS = ((0, 1), (1, 2))
"""The two changes: year 2 against year 1, year 3 against year 2."""


def indicator_sheet(wb: Workbook, lists: dict[str, str], year_ref: str) -> Worksheet:
    """Add 评价指标: note, two header rows (year headings from ``year_ref``, the 诊断实施年份 cell),
    one row per indicator, the park scores and the add-in rows below; protected."""
    ws = wb.create_sheet(S.INDICATORS)
    K.style(ws.cell(1, 1, "附件2-1-2 工业园区绿色诊断评价表（三年指标数据与得分）"), K.TITLE)
    K.style(ws.cell(2, 1), K.NOTE).value = (
        "注：1.单项指标最高得分不超过120分；2.年份1至年份3原则上为绿色诊断实施年份的前三年。"
        "百分比指标填写 85 或 85%（都表示 85%），0.85 表示 0.85%（黄色提示请核对）；无法获得的填“不适用”，不计入评分。"
        "以下为 greendiag 的评分方法（指南只规定指标、单位和单项最高120分；逐项公式和默认引领值依工信厅节函〔2016〕586号拟定，未经存档文本核实）："
        "越大越好指标 =100×数据/引领值；越小越好指标（23、24）=100×引领值/数据（数据≤0 记120分）；定性指标与引领值相同记100分，否则0分；"
        "园区诊断评分为已填写指标得分的算术平均，参与评分的指标少于“参数”表最少项数时为不可比。"
    )
    # over the columns of the first screen (A–E and the first year, about 1000 px), its height from
    # its length (kit.fit_rows): lines wider than the window had to be scrolled to be read
    K.merge(ws, start_row=2, start_column=1, end_row=2, end_column=S.year_columns(0)[2])
    first = S.INDICATOR_FIRST_ROW
    last = first + len(INDICATORS) - 1
    c1, c2 = _headers(ws, year_ref)
    dvs = _validations(ws, first)
    groups: dict[str, list[int]] = {}
    for k, ind in enumerate(INDICATORS):
        groups.setdefault(ind.group, []).append(first + k)
        _indicator_row(ws, first + k, ind, lists, dvs, c1)
    for rows in groups.values():
        K.merge(ws, start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    _percent_checks(ws, first, last)
    pr = _score_rows(ws, first, last, c1)
    _indicator_layout(ws, first, last, pr, c1, c2)
    K.protect(ws)
    return ws


def _headers(ws: Worksheet, year_ref: str) -> tuple[int, int]:
    """Header rows 3–4: fixed columns merged over both rows, each year's data/note/score under its
    heading, the two change columns; returns the change columns."""
    h1, h2 = 3, 4
    for col, label in enumerate(S.INDICATOR_FIXED_HEADERS, start=1):
        K.header(ws.cell(h1, col, label))
        K.merge(ws, start_row=h1, start_column=col, end_row=h2, end_column=col)
    for i in range(3):
        d, n, s = S.year_columns(i)
        off = 3 - i
        K.header(ws.cell(h1, d, f'="第{i + 1}年（"&IF(ISNUMBER({year_ref}),({year_ref}-{off})&"年","    年")&"）"'))
        K.merge(ws, start_row=h1, start_column=d, end_row=h1, end_column=s)
        K.header(ws.cell(h2, d, S.INDICATOR_DATA_LABEL))
        K.header(ws.cell(h2, n, S.INDICATOR_NOTE_LABELS[i]))
        K.header(ws.cell(h2, s, S.INDICATOR_SCORE_LABEL))
    c1, c2 = S.year_columns(2)[2] + 1, S.year_columns(2)[2] + 2
    K.header(ws.cell(h1, c1, "指标数据变化"))
    K.merge(ws, start_row=h1, start_column=c1, end_row=h1, end_column=c2)
    K.header(ws.cell(h2, c1, "第2年较第1年"))
    K.header(ws.cell(h2, c2, "第3年较第2年"))
    return c1, c2


def _validations(ws: Worksheet, first: int) -> dict[str, DataValidation]:
    """The sheet's shared validations: ``num`` (a number or 不适用), ``pct`` (0–100 or 不适用), ``note``."""
    # custom formulas are relative to the first (top-left) cell of their range: F of the first
    # numeric row for ordinary numbers, F of the first % row for percentages
    first_num = first + next(k for k, i in enumerate(INDICATORS) if i.direction != "qualitative" and i.unit != "%")
    first_pct = first + next(k for k, i in enumerate(INDICATORS) if i.unit == "%")
    num = K.validation(
        ws, type="custom", allow_blank=True,
        formula1=f'OR(ISNUMBER(F{first_num}),F{first_num}="{NOT_APPLICABLE}")',
        errorTitle="指标数据无效", error=f"请填写数字（按指标单位），或填写“{NOT_APPLICABLE}”",
        promptTitle="指标数据", prompt=f"填写数字（按指标单位）；无法获得填“{NOT_APPLICABLE}”",
    )
    # percentages: 85 and 85% both mean 85 % (see shown_percent); 0.85 means 0.85 %
    pct = K.validation(
        ws, type="custom", allow_blank=True,
        formula1=f'OR(AND(ISNUMBER(F{first_pct}),F{first_pct}<=100),F{first_pct}="{NOT_APPLICABLE}")',
        errorTitle="百分比无效",
        error=f"百分比指标请填写 0–100 的百分数，如 85 或 85%（都表示 85%）；无法获得的填写“{NOT_APPLICABLE}”",
        promptTitle="百分比指标", prompt=f"填写 85 或 85%（都表示 85%）；0.85 表示 0.85%；无法获得填“{NOT_APPLICABLE}”",
    )
    note = K.validation(
        ws, type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True,
        errorTitle="内容过长", error="此处最多填写 500 个字符",
        promptTitle="说明", prompt="证明材料索引 / 评价情况说明",
    )
    return {"num": num, "pct": pct, "note": note}


def _indicator_row(ws: Worksheet, r: int, ind: Indicator, lists: dict[str, str], dvs: dict[str, DataValidation],
                   c1: int) -> None:
    """Row ``r`` of indicator ``ind``: group, number, name, unit, leading value (from 参数), then per year
    the data (validated; % cells coloured by :func:`_percent_checks`), the note and the native score; the
    two changes."""
    cap = pref("max_indicator_score", CaseKind.PARK)
    K.style(ws.cell(r, 1, f"{ind.group_name}\n（{ind.group}）"), K.CENTERED_BOXED)
    K.style(ws.cell(r, 2, ind.number), K.CENTERED_BOXED)
    K.style(ws.cell(r, 3, ind.name), K.TEXT)
    K.style(ws.cell(r, _UNIT_COL, ind.unit), K.CENTERED_BOXED)
    K.calc(ws.cell(r, 5, f"={pref(f'indicator_{ind.number:02d}', CaseKind.PARK)}"))
    qual = None
    if ind.direction == "qualitative":
        states = S.qualitative_choices(ind.number)
        qual = K.validation(
            ws, type="list", formula1=lists[f"指标{ind.number}"], allow_blank=True,
            errorTitle="指标数据无效", error=f"指标{ind.number}“{K.trim(ind.name, 20)}”请从下拉列表选择：" + "/".join(states),
            promptTitle=f"指标{ind.number}（定性）", prompt=f"从下拉列表选择：{'/'.join(states)}；与引领值相同记100分，其余按“参数”表定性指标状态得分折算",
        )
    for i in range(3):
        d, n, s = (get_column_letter(x) for x in S.year_columns(i))
        v = f"{d}{r}"
        K.style(ws.cell(r, S.year_columns(i)[0]), K.INPUT_NUMBER)
        K.input_cell(ws.cell(r, S.year_columns(i)[1]), _NOTE)
        dvs["note"].add(f"{n}{r}")
        if qual is not None:
            qual.add(v)
            # the leading state (引领值, column E from 参数) scores 100, another state 100 × its points ÷ the
            # leading state's points (参数 qualitative_scores), capped; as rules.indicators._score
            f = (f'=IF(OR(TRIM({v})="",TRIM({v})="{NOT_APPLICABLE}"),"",IF(TRIM({v})=TRIM($E{r}),100,'
                 f'IFERROR(MIN({cap},MAX(0,100*{_points(v)}/{_points(f"$E{r}")})),"")))')
        else:
            dvs["pct" if ind.unit == "%" else "num"].add(v)
            x = shown_percent(v) if ind.unit == "%" else v
            if ind.direction == "higher":
                f = f'=IF(ISNUMBER({v}),IFERROR(MIN({cap},MAX(0,100*{x}/$E{r})),""),"")'
            else:
                f = f'=IF(ISNUMBER({v}),IF({x}<=0,{cap},IFERROR(MIN({cap},MAX(0,100*$E{r}/{x})),"")),"")'
        K.calc(ws.cell(r, S.year_columns(i)[2], f), K.SCORE_FORMAT)
    for j, (a, b) in enumerate(_PERIODS):
        x, y = get_column_letter(S.year_columns(a)[0]), get_column_letter(S.year_columns(b)[0])
        xa, yb = f"{x}{r}", f"{y}{r}"
        if ind.unit == "%":
            xa, yb = shown_percent(xa), shown_percent(yb)
        K.calc(ws.cell(r, c1 + j, f'=IF(AND(ISNUMBER({x}{r}),ISNUMBER({y}{r})),{yb}-{xa},"")'), "0.00")


def _percent_checks(ws: Worksheet, first: int, last: int) -> None:
    """Each year's data column: a percentage (指标单位 %) red above 100, amber at 0–1 (0.85 typed for 85 %?).
    One rule per column over all indicator rows, relative to its first row (a rule per cell made a park
    build a tenth slower)."""
    unit = get_column_letter(_UNIT_COL)
    for i in range(3):
        d = get_column_letter(S.year_columns(i)[0])
        v, x = f"{d}{first}", shown_percent(f"{d}{first}")
        pct = f'${unit}{first}="%"'
        K.bad_cf(ws, f"{d}{first}:{d}{last}", f"AND({pct},ISNUMBER({v}),{x}>100)")
        K.check_cf(ws, f"{d}{first}:{d}{last}", f"AND({pct},ISNUMBER({v}),{x}>0,{x}<=1)")


def _points(cell: str) -> str:
    """Formula text: the points of the state in ``cell`` on 参数 (``qualitative_scores``)."""
    return f'VLOOKUP("{QUALITATIVE_SCORES_KEY}:"&TRIM({cell}),{state_points_range()},3,FALSE)'


def _score_rows(ws: Worksheet, first: int, last: int, c1: int) -> int:
    """Under the indicators: the park score per year and its changes, the add-in's PARK_SCORE row (blank
    unless 参数 use_python is 是; IF is lazy, no #NAME? when off) and the coverage rows; returns the
    park score row."""
    pr = last + 1
    K.style(ws.cell(pr, 3, S.PARK_SCORE_LABEL), K.STRONG)
    K.style(ws.cell(pr, 4, "分"), K.CENTERED)
    scores = []
    for i in range(3):
        s = get_column_letter(S.year_columns(i)[2])
        c = ws.cell(pr, S.year_columns(i)[2], f'=IF(COUNT({s}{first}:{s}{last})=0,"",AVERAGE({s}{first}:{s}{last}))')
        K.style(c, K.CALC_BOLD, K.SCORE_FORMAT)
        scores.append(f"{s}{pr}")
    for j, (a, b) in enumerate(_PERIODS):
        K.calc(ws.cell(pr, c1 + j, f'=IF(AND(ISNUMBER({scores[a]}),ISNUMBER({scores[b]})),{scores[b]}-{scores[a]},"")'), "0.00")
    ur = pr + 1
    K.style(ws.cell(ur, 3, "园区诊断评分（加载项函数核对，见“参数”表）"), K.NOTE)
    for i in range(3):
        d = get_column_letter(S.year_columns(i)[0])
        c = ws.cell(ur, S.year_columns(i)[2],
                    f'=IF({pref("use_python", CaseKind.PARK)}="{S.YES}",PARK_SCORE({d}{first}:{d}{last},$E${first}:$E${last}),"")')
        K.calc(c, K.SCORE_FORMAT)
    _score_coverage_rows(ws, ur + 1, first, last, scores)
    ws.row_dimensions[ur].height = 30
    return pr


INDICATOR_NAME_WIDTH, INDICATOR_NOTE_WIDTH, CHANGE_WIDTH = 38, 48, 16
"""Column widths (characters) of 二级指标 and of the notes: the longest name on one line, a note of
about 22 Chinese characters on one line; of the two 指标数据变化 columns: 第2年较第1年 on one line."""


def fit_indicator_row(ws: Worksheet, r: int) -> None:
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
        fit_indicator_row(ws, r)
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
    K.style(ws.cell(row, 3, f"参与评分的指标数（项，共{len(INDICATORS)}项）"), K.NOTE)
    K.style(ws.cell(row + 1, 3, "园区诊断评分可比性（参与评分少于参数表最少项数为不可比；greendiag 默认值）"), K.NOTE)
    ws.row_dimensions[row + 1].height = 45
    for i in range(3):
        s = get_column_letter(S.year_columns(i)[2])
        K.calc(ws.cell(row, S.year_columns(i)[2], f"=COUNT({s}{first}:{s}{last})"), "0")
        c = K.calc(ws.cell(row + 1, S.year_columns(i)[2],
                           f'=IF(COUNT({s}{first}:{s}{last})=0,"",IF(COUNT({s}{first}:{s}{last})<{need},"不可比","可比"))'))
        K.bad_cf(ws, c.coordinate, f'{c.coordinate}="不可比"')
        K.bad_cf(ws, scores[i], f'{c.coordinate}="不可比"')


def fill(ws: Worksheet, case: Case) -> None:
    """Type the case's three indicator years (data or 不适用, notes) and fit the rows to the notes;
    ``ValueError`` unless there are 3 years (or none)."""
    if case.indicator_years and len(case.indicator_years) != 3:
        raise ValueError(f"评价指标应为3个年份，案例有 {len(case.indicator_years)} 个")
    for i, year in enumerate(case.indicator_years):
        d, n, _s = S.year_columns(i)
        for e in year.entries:
            r = S.INDICATOR_FIRST_ROW + e.number - 1
            K.put(ws.cell(r, d), NOT_APPLICABLE if e.not_applicable and e.value is None else e.value)
            K.put(ws.cell(r, n), e.note)
    for r in range(S.INDICATOR_FIRST_ROW, S.INDICATOR_FIRST_ROW + len(INDICATORS)):
        fit_indicator_row(ws, r)
