"""The city ledger's layout (批次台账): column tables, looks and the table-sheet helper every sheet module uses.

Cell addresses are part of the contract: ``greendiag ledger import`` (``generator.ledger_entries``) reads the
officer's input cells at :data:`FIRST_ROW` + row index in the columns of :data:`LIST_COL` / :data:`TRACK_COL`.
Styles are the kit's named styles (:mod:`greendiag.workbooks.kit`), in the ledger's colours (green headers).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.fills import DEFAULT_EMPTY_FILL
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from greendiag.rules.indicators import MIN_SCORED
from greendiag.workbooks import kit
from greendiag.workbooks.kit import Look
from greendiag.workbooks.text import xml_safe

LEDGER_MARKER = "greendiag-ledger"
"""Written into the ledger's document properties (keywords) so a later batch skips it."""

LEDGER_STEM = "绿色诊断批次台账"

LIST_SHEET = "批次工作清单"
SANCTION_SHEET = "资格与限制"
SHEETS = (LIST_SHEET, "奖励测算", "奖励汇总", "服务商动态管理", SANCTION_SHEET, "问题清单", "跟踪", "说明")

HEADER_ROW = 4
FIRST_ROW = 5

GREEN = "375623"
LIGHT = "E2EFDA"
DATE = "yyyy-mm-dd"
DATE0 = "yyyy-mm-dd;;"  # a date, 0 shown blank
AMOUNT = "0.00"

# 批次工作清单 columns: (key, header, width).  Keys name CaseRow fields or derived values.
LIST_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("seq", "序号", 6),
    ("file", "文件", 28),
    ("district", "所属区", 10),
    ("unit", "被诊断单位", 30),
    ("kind", "类型", 6),
    ("credit_code", "统一社会信用代码", 21),
    ("provider", "服务商", 28),
    ("intended_provider", "意向服务商", 28),
    ("diagnosis_year", "诊断年份", 9),
    ("year", "计入年度", 9),
    ("output_value", "上一年度产值（万元）\n企业产值/园区工业产值", 16),
    ("level_or_nature", "园区级别/企业性质", 12),
    ("industry", "所属行业", 14),
    ("contact", "联系人", 14),
    ("contact_mobile", "联系人手机", 15),
    ("onsite_start", "现场诊断开始", 12),
    ("onsite_end", "现场诊断结束", 12),
    ("onsite_workdays", "现场工作日", 9),
    ("team_check", "工作组\n（规则第十一条）", 24),
    ("onsite_check", "现场诊断天数\n（规则第十二条）", 24),
    ("basic_check", "基础性要求\n（附件2-1-1）", 20),
    ("park_score", "园区诊断评分\n（最近一年）", 13),
    ("score_coverage", f"参与评分指标\n（少于{MIN_SCORED}项不可比）", 17),
    ("report_date", "报告提交日期", 12),
    ("meeting_date", "报告会日期", 12),
    ("satisfaction", "满意度评价", 10),
    ("evaluation_date", "满意度评价日期", 12),
    ("review_result", "评审结果", 9),
    ("review_date", "评审日期", 12),
    ("materials_ok", "证明材料符合要求", 10),
    ("reward_tier", "奖励上限（万元）\n第十九条", 11),
    ("approved_amount", "核定奖励金额（万元）\n不超过上限，空 = 未核定", 13),
    ("fee_charged", "收取费用\n（第二十二条第1项）", 9),
    ("application_fraud", "申报弄虚作假\n（第二十二条第2项）", 10),
    ("funds_fraud", "骗取财政资金\n（第二十一条）", 10),
    ("serious_impact", "严重不良影响\n（第二十二条第5项）", 10),
    ("finding_date", "违规认定日期", 12),
    ("decision_date", "处理决定日期\n（市经信局，填写后自该日起算）", 14),
    ("provider_block", "服务商限制\n（第二十一、二十二条）", 26),
    ("unit_flag", "本单位资金限制\n（第二十一条）", 26),
    ("duplicate", "重复", 26),
    ("duplicate_resolved", "重复核实\n（非重复/空）", 10),
    ("status", "读取状态", 16),
)
LIST_COL = {key: i + 1 for i, (key, _, _) in enumerate(LIST_COLUMNS)}
LIST_INPUTS = ("satisfaction", "evaluation_date", "review_result", "review_date", "materials_ok", "approved_amount",
               "fee_charged", "application_fraud", "funds_fraud", "serious_impact", "finding_date", "decision_date",
               "duplicate_resolved")
"""Work-list columns an officer may enter or correct: everything else follows by formula."""

REWARD_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("seq", "清单序号", 8),
    ("provider", "服务商", 28),
    ("year", "计入年度", 9),
    ("report_date", "报告提交日期", 12),
    ("file", "文件", 28),
    ("unit", "被诊断单位", 30),
    ("kind", "类型", 6),
    ("output_value", "上一年度产值（万元）", 14),
    ("review_result", "评审结果", 9),
    ("materials_ok", "证明材料符合要求", 10),
    ("reward_tier", "奖励上限（万元）\n第十九条", 12),
    ("approved_amount", "核定奖励金额（万元）", 12),
    ("basis", "计奖依据", 13),
    ("reward_amount", "计奖金额（万元）", 12),
    ("hold", "不予计奖（限制/重复）", 40),
    ("reward_note", "计奖说明（生成台账时）", 30),
    ("payable", "应拨付（万元）\n第二十条", 12),
    ("cut", "核减（万元）", 10),
    ("duplicate_rank", "重复组内序位", 8),
    ("duplicate", "重复", 20),
)
REWARD_COL = {key: i + 1 for i, (key, _, _) in enumerate(REWARD_COLUMNS)}

TOTAL_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("provider", "服务商", 30),
    ("year", "年度", 8),
    ("cases", "案例数", 8),
    ("total", "计奖合计（万元）", 14),
    ("cap", "年度上限（万元）\n第二十条", 14),
    ("payable", "可拨付（万元）", 14),
    ("excess", "超出上限核减（万元）", 16),
    ("payable_check", "逐案应拨付合计（万元）", 16),
    ("provisional", "按上限暂计的案例数", 12),
    ("state", "金额状态", 10),
    ("cite", "依据", 62),
)
TOTAL_COL = {key: i + 1 for i, (key, _, _) in enumerate(TOTAL_COLUMNS)}

PROVIDER_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("provider", "服务商", 30),
    ("year", "年度", 8),
    ("cases", "案例数", 8),
    ("unsatisfied", "本年“不满意”次数", 10),
    ("failed", "本年“不合格”次数", 10),
    ("fee_charged", "收取费用（件）", 10),
    ("application_fraud", "申报弄虚作假（件）", 10),
    ("funds_fraud", "骗取财政资金（件）", 10),
    ("serious_impact", "严重不良影响（件）", 10),
    ("status", "状态", 10),
    ("carried", "往年取消资格延续", 30),
    ("reasons", "取消资格理由（生成台账时）", 40),
    ("start", "起始日（生成台账时）", 12),
    ("last_day", "不得重新入围最后一日", 14),
    ("first_allowed", "可重新入围首日", 14),
    ("funding_last_day", "不得申请资金支持最后一日\n（第二十一条）", 16),
    ("funding_first_allowed", "可申请资金支持首日", 14),
    ("cite", "依据", 36),
)
PROVIDER_COL = {key: i + 1 for i, (key, _, _) in enumerate(PROVIDER_COLUMNS)}

SANCTION_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("seq", "清单序号", 8),
    ("provider", "服务商", 26),
    ("unit", "被诊断单位", 26),
    ("name_key", "单位名称键", 16),
    ("code_key", "信用代码键", 16),
    ("event", "评审事件日期", 12),
    ("begin", "诊断开始日期", 12),
    ("u_date", "“不满意”日期", 12),
    ("u_end", "“不满意”满一年日", 12),
    ("u_hit", "“不满意”达到次数日", 12),
    ("f_date", "“不合格”日期", 12),
    ("f_end", "“不合格”满一年日", 12),
    ("f_hit", "“不合格”达到次数日", 12),
    ("v_date", "违规认定日", 12),
    ("start", "取消资格起始日", 12),
    ("last_day", "不得重新入围最后一日", 13),
    ("funding_start", "资金限制起始日\n（第二十一条）", 13),
    ("funding_last_day", "不得申请资金支持最后一日", 13),
    ("first_allowed", "可重新入围首日", 12),
    ("funding_first_allowed", "可申请资金支持首日", 12),
    ("provider_block", "服务商限制", 30),
    ("unit_flag", "本单位资金限制", 30),
)
SANCTION_COL = {key: i + 1 for i, (key, _, _) in enumerate(SANCTION_COLUMNS)}
SANCTION_DATES = ("event", "begin", "u_date", "u_end", "u_hit", "f_date", "f_end", "f_hit", "v_date", "start", "last_day",
                  "funding_start", "funding_last_day", "first_allowed", "funding_first_allowed")
"""Date columns of 资格与限制: 0 (shown blank) where there is no date, so that MIN/MAX/COUNTIFS work on them."""

PROBLEM_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("seq", "序号", 6),
    ("file", "文件", 32),
    ("sheet", "工作表", 16),
    ("cell", "单元格", 9),
    ("value", "值", 20),
    ("message", "问题说明", 60),
    ("level", "级别", 8),
)

TRACK_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("seq", "清单序号", 8),
    ("provider", "服务商", 28),
    ("unit", "被诊断单位", 30),
    ("kind", "类型", 6),
    ("district", "所属区", 10),
    ("report_date", "报告提交日期", 12),
    ("due", "跟踪反馈到期日\n（指南六：诊断完成一年后）", 18),
    ("days", "距到期（天）", 10),
    ("state", "状态", 10),
    ("feedback", "反馈日期（填写）", 14),
    ("remark", "备注", 30),
)
TRACK_COL = {key: i + 1 for i, (key, _, _) in enumerate(TRACK_COLUMNS)}


def col(n: int) -> str:
    """Column letter of column number ``n`` (1 = A)."""
    return get_column_letter(n)


def ref(sheet: str, column: int, row: int, absolute: bool = False) -> str:
    """A reference to one cell of another sheet: ``'sheet'!A5`` (``$A$5`` when ``absolute``)."""
    d = "$" if absolute else ""
    return f"'{sheet}'!{d}{col(column)}{d}{row}"


class F(str):
    """A formula written by the ledger itself; any other text starting with “=” is stored as text."""


# ── looks (named styles, the ledger's colours) ───────────────────────────────
WARN_FILL = PatternFill("solid", fgColor="FCE4D6")
BAD_FILL = PatternFill("solid", fgColor="F8CBAD")
GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LIGHT_FILL = PatternFill("solid", fgColor=LIGHT)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")

TITLE = Look("台账·标题", font=Font(size=14, bold=True, color=GREEN))
META = Look("台账·说明行", font=Font(size=9, color="595959"))
HEADER = Look("台账·表头", font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor=GREEN), border=_BORDER,
              alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
PARAM = Look("台账·参数", font=Font(bold=True), fill=LIGHT_FILL)
"""A parameter an officer may change (bold on light green)."""
STRONG = kit.STRONG
NOTE = kit.NOTE

_FILLS = {"warn": WARN_FILL, "bad": BAD_FILL, "grey": GREY_FILL, "input": INPUT_FILL}
_FILL_NAMES = {"warn": "提示", "bad": "限制", "grey": "未读取", "input": "录入"}


@cache
def cell_look(wrap: bool, fill: str | None = None, bold: bool = False) -> Look:
    """The look of a table cell: bordered, top-aligned (wrapped when ``wrap``), ``fill`` one of
    ``warn`` / ``bad`` / ``grey`` / ``input`` (or none), bold for totals."""
    name = "台账·表格" + (" 换行" if wrap else "") + (f" {_FILL_NAMES[fill]}" if fill else "") + (" 加粗" if bold else "")
    return Look(name, font=Font(bold=True) if bold else DEFAULT_FONT, fill=_FILLS[fill] if fill else DEFAULT_EMPTY_FILL,
                border=_BORDER, alignment=WRAP if wrap else _TOP)


class TableSheet:
    """One table sheet of the ledger: title (A1), meta line (A3), header row :data:`HEADER_ROW`, rows from
    :data:`FIRST_ROW` (:meth:`put`), filter and A3 print set-up (:meth:`finish`)."""

    def __init__(self, wb: Any, title: str, columns: tuple[tuple[str, str, float], ...], heading: str, meta: str):
        self.ws = ws = wb.create_sheet(title)
        self.columns = columns
        kit.style(ws["A1"], TITLE).value = heading
        kit.style(ws["A3"], META).value = meta
        for c, (_, text, width) in enumerate(columns, start=1):
            kit.style(ws.cell(HEADER_ROW, c, text), HEADER)
            ws.column_dimensions[col(c)].width = width
        ws.row_dimensions[HEADER_ROW].height = 56
        ws.freeze_panes = ws.cell(FIRST_ROW, 3 if len(columns) > 8 else 1)

    def put(self, r: int, c: int, value: Any, fmt: str | None = None, *, fill: str | None = None,
            bold: bool = False) -> Any:
        """Write ``value`` at row ``r``, column ``c``: an :class:`F` as formula, other text starting with “=”
        as text; bordered, wrapped when longer than 12 characters, number format ``fmt`` (dates
        ``yyyy-mm-dd`` by default).  Returns the cell."""
        cell = self.ws.cell(r, c)
        value = xml_safe(value) if type(value) is str else value  # file names, values found in cases
        if isinstance(value, F):
            cell.value = str(value)
        elif isinstance(value, str) and value.startswith("="):
            cell.value = value  # user data such as “=1+1” typed into a case workbook: keep as text
            cell.data_type = "s"
        else:
            cell.value = value
        if not fmt and isinstance(value, date):
            fmt = DATE
        kit.style(cell, cell_look(isinstance(value, str) and len(value) > 12, fill, bold), fmt)
        return cell

    def finish(self, last_row: int, *, landscape: bool = True) -> None:
        """Filter over the table, header row repeated, A3 one page wide."""
        ws = self.ws
        last_col = col(len(self.columns))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{max(last_row, HEADER_ROW)}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.print_area = f"A1:{last_col}{max(last_row, HEADER_ROW)}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A3
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddHeader.right.text = "&A"


class Book:
    """What every sheet of one ledger needs: the ledger (``generator.ledger.Ledger``: ``rows``, ``params``,
    ``reward_lines`` …), its scope text, meta line and the row ranges the cross-sheet formulas use."""

    def __init__(self, ledger: Any):
        self.ledger = ledger
        self.p = ledger.params
        self.scope = f"{ledger.year}年度" if ledger.year is not None else "全部年度"
        self.meta = (
            f"生成时间 {ledger.generated:%Y-%m-%d %H:%M}；范围：{self.scope}；来源文件 {ledger.sources} 个；"
            f"统计截止日 {ledger.as_of.isoformat()}"
        )
        self.n_rows = len(ledger.rows)
        self.last_list = FIRST_ROW + self.n_rows - 1
        self.end = max(self.last_list, FIRST_ROW)
        self.send = max(FIRST_ROW + self.n_rows + len(ledger.others) - 1, FIRST_ROW)  # the list's rows, then others
        self.rend = max(FIRST_ROW + len(ledger.reward_lines) - 1, FIRST_ROW)

    def list_range(self, key: str) -> str:
        """Column ``key`` of 批次工作清单 over the list's rows (absolute)."""
        c = col(LIST_COL[key])
        return f"'{LIST_SHEET}'!${c}${FIRST_ROW}:${c}${self.end}"

    def sanction_range(self, key: str) -> str:
        """Column ``key`` of 资格与限制 over its rows (the list's, then other years')."""
        c = col(SANCTION_COL[key])
        return f"'{SANCTION_SHEET}'!${c}${FIRST_ROW}:${c}${self.send}"

    def reward_range(self, key: str) -> str:
        """Column ``key`` of 奖励测算 over its rows."""
        c = col(REWARD_COL[key])
        return f"'奖励测算'!${c}${FIRST_ROW}:${c}${self.rend}"
