"""The city batch ledger (批次台账): the workbook that lays out the city ledger's rules.

Every rule lives in :mod:`greendiag.rules.ledger` (rewards, the annual cap, duplicates, counts
within any 12 months, bans and their periods, each cited); this module only

* flattens a case into a :class:`CaseRow` (:func:`case_row`: the facts of
  :class:`greendiag.rules.ledger.LedgerCase` plus what the work list displays),
* collects the rules' results into a :class:`Ledger` (:func:`compute_ledger`), and
* writes the styled workbook (:func:`write_ledger`), whose totals, counts, bans and payable amounts
  are native formulas over the ledger's own tables (COUNTIFS / SUMIFS / EDATE / SUMPRODUCT), so
  that an officer who enters a review result, a decided amount (核定奖励金额) or a decision date
  sees everything follow.  :class:`Ledger` holds the same numbers computed by the rules; a
  LibreOffice recalculation test compares the two.

The rules as printed on the sheet 说明: :func:`EXPLANATION`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from greendiag.files import atomic_path
from greendiag.rules import ledger as L
from greendiag.rules.diagnosis import ENTERPRISE_FOLLOW_UP_NOTE
from greendiag.rules.indicators import MIN_SCORED, MIN_SCORED_CITE
from greendiag.rules.ledger import (
    LedgerCase,
    ProviderYear,
    RewardLine,
    RewardTotal,
    Sanction,
    find_duplicates,
    normalize_code,
    normalize_name,
)
from greendiag.workbooks.text import xml_safe

RULES_DOC = "北京市制造业绿色诊断工作规则"
GUIDE_DOC = "北京市工业园区绿色诊断工作指南"

LEDGER_MARKER = "greendiag-ledger"
"""Written into the ledger's document properties (keywords) so a later batch skips it."""

LEDGER_STEM = "绿色诊断批次台账"

SANCTION_SHEET = "资格与限制"
SHEETS = ("批次工作清单", "奖励测算", "奖励汇总", "服务商动态管理", SANCTION_SHEET, "问题清单", "跟踪", "说明")

# --------------------------------------------------------------------------------------------
# Parameters (values live in rules/params, read through the rules package)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerParams:
    """Rule parameters the ledger prints as editable cells, each with its citation text.

    ``annual_cap`` 万元 per provider per year (第二十条); ``unsatisfied_limit`` / ``failed_limit``
    counts within ``window_months`` (第二十二条第3、4项, any 12 months); ``requalify_years`` no
    re-entry (第二十二条; ``fraud_requalify_years`` after 第二十一条); ``funding_ban_years`` no city
    funding after fraud for funds (第二十一条); ``follow_up_years`` (指南六).  No defaults: the values
    and citations come only from the cited parameters (:func:`load_ledger_params`).
    """

    annual_cap: float
    annual_cap_cite: str
    unsatisfied_limit: int
    failed_limit: int
    window_months: int
    window_cite: str
    status_cite: str
    requalify_years: int
    fraud_requalify_years: int
    funding_ban_years: int
    funding_ban_cite: str
    period_cite: str
    reward_cite: str
    follow_up_cite: str
    follow_up_years: int
    enterprise_follow_up_note: str


def load_ledger_params() -> LedgerParams:
    """The ledger's parameters from ``rules/params/bj_diagnosis.toml`` and ``bj_park_guide.toml``."""
    from greendiag.rules import load_params

    d = load_params("bj_diagnosis")
    g = load_params("bj_park_guide")
    return LedgerParams(
        annual_cap=L.ANNUAL_CAP,
        annual_cap_cite=str(L.CITE_20),
        unsatisfied_limit=L.UNSATISFIED_LIMIT,
        failed_limit=L.FAILED_LIMIT,
        window_months=L.WINDOW_MONTHS,
        window_cite=str(L.CITE_WINDOW),
        status_cite=str(L.CITE_22),
        requalify_years=L.REQUALIFY_YEARS,
        fraud_requalify_years=L.FRAUD_REQUALIFY_YEARS,
        funding_ban_years=L.FUNDING_BAN_YEARS,
        funding_ban_cite=str(L.CITE_21),
        period_cite=str(L.CITE_PERIOD),
        reward_cite=str(d["reward_cap_park"].cite),
        follow_up_cite=str(g["follow_up_years"].cite),
        follow_up_years=int(g["follow_up_years"].value),
        enterprise_follow_up_note=ENTERPRISE_FOLLOW_UP_NOTE,
    )


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemRow:
    """One line of 问题清单: a reader problem (or a failure to open a file)."""

    file: str
    sheet: str = ""
    cell: str = ""
    value: str = ""
    message: str = ""
    level: str = "错误"


@dataclass(frozen=True)
class CaseRow(LedgerCase):
    """What the ledger shows about one case workbook: the rules' facts (:class:`LedgerCase`) plus
    display fields; plain values only (picklable).

    Amounts in 万元, dates as ``date``.  ``ok`` is False for a file that gave no case (then
    only ``file`` and ``status`` are meaningful).
    """

    status: str = "已读取"
    district: str = ""
    intended_provider: str = ""
    output_value: float | None = None
    level_or_nature: str = ""
    industry: str = ""
    contact: str = ""
    contact_mobile: str = ""
    onsite_end: date | None = None
    onsite_workdays: int | None = None
    team_check: str = ""
    onsite_check: str = ""
    basic_check: str = ""
    park_score: float | None = None
    """园区诊断评分 of the latest yearly table of 附件2-1-2 (park only; ``None`` without data)."""
    score_coverage: str = ""
    """How many of the 31 indicators that score covers, e.g. ``"12/31项，不可比"`` (park only)."""
    score_comparable: bool = True
    """False when the rules find the latest score covers fewer than the minimum (:func:`greendiag.rules.score_coverage`)."""
    meeting_date: date | None = None
    follow_up_due: date | None = None
    follow_up_feedback: date | None = None
    """反馈日期 an officer entered on 跟踪 (kept in the registry; ``None`` until then)."""
    problem_count: int = 0


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def case_row(case: Any, assessment: Any, file: str, *, problem_count: int = 0) -> CaseRow:
    """Flatten a ``greendiag.rules.models.Case`` and its ``rules.CaseAssessment`` into a :class:`CaseRow`.

    ``reward_tier`` is ``greendiag.rules.reward_cap(kind, output_value)`` (《规则》第十九条, the cap
    the case can reach; ``None`` when it cannot be determined).
    """
    from greendiag import rules

    app = case.application
    kind = str(case.kind.value if hasattr(case.kind, "value") else case.kind)
    is_park = kind == "园区"
    output = getattr(app, "industrial_output", None) if is_park else getattr(app, "output_value", None)
    if is_park:
        level_or_nature = _text(getattr(app, "level", None))
        industry = ""
    else:
        nature = _text(getattr(app, "nature", None))
        if nature == "其它" and getattr(app, "nature_other", ""):
            nature = f"其它（{app.nature_other}）"
        level_or_nature = nature
        industry = getattr(app, "industry", "")
    review = case.review
    try:  # the 档次 the case can reach (review_result None = not reviewed yet)
        tier: float | None = float(rules.reward_cap(case.kind, getattr(app, "output_value", None), None, True))
    except (ValueError, TypeError):
        tier = None
    process = case.process
    basic = getattr(assessment, "basic", None)
    latest = assessment.years[-1] if is_park and getattr(assessment, "years", None) else None
    if latest is not None and latest.scored_count:
        coverage = f"{latest.year}年 {latest.scored_count}/31项" + ("" if latest.comparable else "，不可比")
    else:
        coverage = "无指标数据" if is_park else ""
    return CaseRow(
        file=file,
        district=app.district,
        unit=app.name,
        kind=kind,
        credit_code=app.credit_code,
        provider=case.provider.name,
        intended_provider=app.intended_provider,
        diagnosis_year=case.diagnosis_year,
        output_value=output,
        level_or_nature=level_or_nature,
        industry=industry,
        contact=app.contact,
        contact_mobile=app.contact_mobile,
        onsite_start=process.onsite_start,
        onsite_end=process.onsite_end,
        onsite_workdays=assessment.onsite_workdays,
        team_check=assessment.team.text,
        onsite_check=assessment.onsite.text,
        basic_check=basic.text if basic is not None else ("" if not is_park else "—"),
        park_score=latest.park_score if latest is not None else None,
        score_coverage=coverage,
        score_comparable=latest.comparable if latest is not None else True,
        report_date=process.report_date,
        meeting_date=process.meeting_date,
        satisfaction=_text(case.satisfaction.level),
        evaluation_date=case.satisfaction.evaluation_date,
        review_result=review.result or "",
        review_date=review.review_date,
        materials_ok=review.materials_ok,
        fee_charged=review.fee_charged,
        application_fraud=review.application_fraud,
        funds_fraud=review.funds_fraud,
        serious_impact=review.serious_impact,
        finding_date=review.finding_date,
        decision_date=review.decision_date,
        reward_tier=tier,
        approved_amount=review.approved_amount,
        follow_up_due=assessment.follow_up_due,
        problem_count=problem_count,
    )


# --------------------------------------------------------------------------------------------
# The ledger: the rules' results for the rows shown
# --------------------------------------------------------------------------------------------


@dataclass
class Ledger:
    """Everything the ledger workbook shows, computed by :mod:`greendiag.rules.ledger`.

    ``outcomes`` by row index (reward counted, note, hold, duplicate, unit flag); ``sanctions`` by
    row index (the bans a row triggers); ``others`` rows of other years (year-filtered ledger) whose
    dates and bans still count, with their sanctions ``other_sanctions`` by index into ``others``.
    """

    rows: list[CaseRow]
    problems: list[ProblemRow]
    duplicates: dict[int, str]
    reward_lines: list[RewardLine]
    reward_totals: list[RewardTotal]
    providers: list[ProviderYear]
    as_of: date
    year: int | None
    params: LedgerParams
    sources: int = 0
    outcomes: dict[int, L.CaseOutcome] = field(default_factory=dict)
    sanctions: dict[int, Sanction] = field(default_factory=dict)
    others: list[CaseRow] = field(default_factory=list)
    other_sanctions: dict[int, Sanction] = field(default_factory=dict)
    generated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    @property
    def overdue(self) -> list[int]:
        """Indices of rows whose follow-up is due before ``as_of``."""
        return [i for i, r in enumerate(self.rows)
                if r.ok and r.follow_up_due and r.follow_up_due < self.as_of and r.follow_up_feedback is None]

    @property
    def provisional(self) -> bool:
        """Some payable total still counts a case at its cap (no 核定奖励金额 yet)."""
        return any(t.provisional for t in self.reward_totals)


def one_provider_name(rows: list[CaseRow]) -> tuple[list[CaseRow], list[ProblemRow]]:
    """Rows with one name per provider (the first spelling of each :func:`greendiag.rules.identity.normalise_name`
    key), so that caps, counts and bans see one provider; a 提示 on 问题清单 for each row renamed and for each
    pair of names that are close but not the same key (:func:`greendiag.rules.identity.doubtful`: an officer
    decides, nothing is merged)."""
    from greendiag.rules.identity import doubtful

    first: dict[str, str] = {}
    out, notes = [], []
    for row in rows:
        if not row.ok or not row.provider:
            out.append(row)
            continue
        name = first.setdefault(normalize_name(row.provider), row.provider)
        if name != row.provider:
            notes.append(ProblemRow(row.file, value=row.provider, level="提示",
                                    message=f"服务商名称写法不同（括号、全角半角或空格），按同一服务商“{name}”计"))
            row = replace(row, provider=name)
        out.append(row)
    names = list(first.values())
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if doubtful(a, b):
                notes.append(ProblemRow("", value=f"{a}；{b}", level="提示",
                                        message="疑似同一服务商（名称相近）：未合并，请核实；如为同一服务商，请统一名称"))
    return out, notes


def compute_ledger(
    rows: list[CaseRow],
    problems: list[ProblemRow],
    *,
    params: LedgerParams | None = None,
    year: int | None = None,
    as_of: date | None = None,
) -> Ledger:
    """Apply the ledger rules (:func:`greendiag.rules.ledger.settle`) and collect a :class:`Ledger`.

    With ``year`` only cases of that 计入年度 are listed (unreadable files stay listed: their
    year is unknown); the other years' cases still count for “一年内” and their bans carry over.
    """
    params = params or load_ledger_params()
    as_of = as_of or date.today()
    rows, notes = one_provider_name(rows)
    problems = list(problems) + notes
    all_sanctions = L.sanction_periods(rows)
    all_providers = L.provider_years(rows, all_sanctions)
    if year is not None:
        keep_idx = [i for i, r in enumerate(rows) if not r.ok or r.year == year]
        keep = [rows[i] for i in keep_idx]
        other_idx = [i for i, r in enumerate(rows) if r.ok and r.year != year]
        providers = [p for p in all_providers if p.year == year]
        kept_files = {r.file for r in keep}
        problems = [p for p in problems if p.file in kept_files]
    else:
        keep_idx, keep, other_idx = list(range(len(rows))), list(rows), []
        providers = all_providers
    where = {i: k for k, i in enumerate(keep_idx)}
    other_where = {i: k for k, i in enumerate(other_idx)}
    settlement = L.settle(keep, all_sanctions.values())
    return Ledger(
        rows=keep,
        problems=list(problems),
        duplicates=find_duplicates(keep),
        reward_lines=settlement.lines,
        reward_totals=settlement.totals,
        providers=providers,
        as_of=as_of,
        year=year,
        params=params,
        sources=len(rows),
        outcomes=settlement.outcomes,
        sanctions={where[i]: s for i, s in all_sanctions.items() if i in where},
        others=[rows[i] for i in other_idx],
        other_sanctions={other_where[i]: s for i, s in all_sanctions.items() if i in other_where},
    )


# --------------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------------

HEADER_ROW = 4
FIRST_ROW = 5

_GREEN = "375623"
_LIGHT = "E2EFDA"
_DATE = "yyyy-mm-dd"
_DATE0 = "yyyy-mm-dd;;"  # a date, 0 shown blank
_AMOUNT = "0.00"

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


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _list_value(ledger: Ledger, i: int, key: str) -> Any:
    row = ledger.rows[i]
    if key == "seq":
        return i + 1
    if key == "year":
        return row.year if row.ok else None
    if key == "duplicate":
        return ledger.duplicates.get(i, "")
    if key == "status":
        if not row.ok or row.status != "已读取":
            return row.status
        return f"已读取（{row.problem_count} 条提示）" if row.problem_count else "已读取"
    if not row.ok and key not in ("file",):
        return None
    if key == "duplicate_resolved":
        return "非重复" if row.duplicate_resolved else None
    value = getattr(row, key)
    if key in ("materials_ok",):
        return "符合" if value else "不符合"
    if key in ("fee_charged", "application_fraud", "funds_fraud", "serious_impact"):
        return _yes(value)
    if value == "":
        return None
    return value


class F(str):
    """A formula written by the ledger itself; any other text starting with “=” is stored as text."""

class _Sheet:
    """Helper that writes one styled table sheet (title, meta line, header, rows)."""

    def __init__(self, wb: Any, title: str, columns: tuple[tuple[str, str, float], ...], heading: str, meta: str):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = wb.create_sheet(title)
        self.columns = columns
        self.thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=self.thin, right=self.thin, top=self.thin, bottom=self.thin)
        ws = self.ws
        ws["A1"] = heading
        ws["A1"].font = Font(size=14, bold=True, color=_GREEN)
        ws["A3"] = meta
        ws["A3"].font = Font(size=9, color="595959")
        header_font = Font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor=_GREEN)
        for c, (_, header, width) in enumerate(columns, start=1):
            cell = ws.cell(HEADER_ROW, c, header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = self.border
            ws.column_dimensions[_col(c)].width = width
        ws.row_dimensions[HEADER_ROW].height = 56
        ws.freeze_panes = ws.cell(FIRST_ROW, 3 if len(columns) > 8 else 1)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")

    def put(self, r: int, c: int, value: Any, fmt: str | None = None) -> Any:
        cell = self.ws.cell(r, c)
        value = xml_safe(value) if type(value) is str else value  # file names, values found in cases
        if isinstance(value, F):
            cell.value = str(value)
        elif isinstance(value, str) and value.startswith("="):
            cell.value = value  # user data such as “=1+1” typed into a case workbook: keep as text
            cell.data_type = "s"
        else:
            cell.value = value
        cell.border = self.border
        cell.alignment = self.wrap if isinstance(value, str) and len(value) > 12 else self.top
        if fmt:
            cell.number_format = fmt
        elif isinstance(value, date):
            cell.number_format = _DATE
        return cell

    def finish(self, last_row: int, *, landscape: bool = True) -> None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.ws
        last_col = _col(len(self.columns))
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


LIST_SHEET = "批次工作清单"
_NO_DATE = 2958465  # 9999-12-31, larger than any date: MIN ignores it


def _ref(sheet: str, col: int, row: int, absolute: bool = False) -> str:
    d = "$" if absolute else ""
    return f"'{sheet}'!{d}{_col(col)}{d}{row}"


def _sanction_formulas(r: int, ref: dict[str, str], rng: dict[str, str]) -> dict[str, F]:
    """Formulas of one 资格与限制 row ``r`` (the same row as the case on 批次工作清单).

    Mirrors :mod:`greendiag.rules.ledger`: event/begin dates, 不满意/不合格 counts within any 12 months,
    violation date, periods from the condition (or decision) date, the blocks on rewards and units.
    """
    def li(key: str) -> str:
        return _ref(LIST_SHEET, LIST_COL[key], r)

    c = {key: f"{_col(col)}{r}" for key, col in SANCTION_COL.items()}
    rev, rep, dy, on = li("review_date"), li("report_date"), li("diagnosis_year"), li("onsite_start")
    keys = ("event", "begin", "u_date", "f_date", "v_date", "start", "last_day", "funding_start", "funding_last_day")
    E, G, H, K, N, O, P, Q, R = (c[k] for k in keys)  # noqa: E741 - the sheet's column letters
    J, M = c["u_hit"], c["f_hit"]
    funds = li("funds_fraud")
    dec = li("decision_date")
    pb, pfb, pdb = c["provider"], L.PROVIDER_FUNDING_BLOCK, L.PROVIDER_DISQUALIFIED_BLOCK

    def hit(date_cell: str, key: str, end_key: str, limit: str) -> F:
        return F(f'=IF({date_cell}=0,0,IF(COUNTIFS({rng["provider"]},{pb},{rng[key]},"<="&{date_cell},'
                 f'{rng[end_key]},">="&{date_cell})>={limit},{date_cell},0))')

    def within(key: str, end_key: str, day: str) -> str:
        """COUNTIFS criteria: a period (start in ``key``, last day in ``end_key``) that contains ``day``."""
        return f'{rng[key]},">0",{rng[key]},"<="&{day},{rng[end_key]},">="&{day})'

    big = str(_NO_DATE)
    return {
        "event": F(f'=IF({rev}<>"",{rev},IF({rep}<>"",{rep},IF(ISNUMBER({dy}),DATE({dy},12,31),0)))'),
        "begin": F(f'=IF({on}<>"",{on},IF({rep}<>"",{rep},IF({rev}<>"",{rev},IF(ISNUMBER({dy}),DATE({dy},1,1),0))))'),
        "u_date": F(f'=IF({li("satisfaction")}="不满意",IF({li("evaluation_date")}<>"",{li("evaluation_date")},{E}),0)'),
        "u_end": F(f"=IF({H}=0,0,EDATE({H},{ref['window']}))"),
        "u_hit": hit(H, "u_date", "u_end", ref["u_limit"]),
        "f_date": F(f'=IF({li("review_result")}="不合格",{E},0)'),
        "f_end": F(f"=IF({K}=0,0,EDATE({K},{ref['window']}))"),
        "f_hit": hit(K, "f_date", "f_end", ref["f_limit"]),
        "v_date": F(f'=IF(OR({li("fee_charged")}="是",{li("application_fraud")}="是",{funds}="是",'
                    f'{li("serious_impact")}="是"),IF({li("finding_date")}<>"",{li("finding_date")},{E}),0)'),
        "start": F(f'=IF({J}+{M}+{N}=0,0,IF({dec}<>"",{dec},MIN(IF({J}>0,{J},{big}),IF({M}>0,{M},{big}),'
                   f'IF({N}>0,{N},{big}))))'),
        "last_day": F(f'=IF({O}=0,0,EDATE({O},12*IF({funds}="是",{ref["fraud_years"]},{ref["years"]})))'),
        "funding_start": F(f'=IF({funds}="是",IF({dec}<>"",{dec},{N}),0)'),
        "funding_last_day": F(f"=IF({Q}=0,0,EDATE({Q},12*{ref['funding_years']}))"),
        "first_allowed": F(f"=IF({P}=0,0,{P}+1)"),
        "funding_first_allowed": F(f"=IF({R}=0,0,{R}+1)"),
        "provider_block": F(
            f'=IF(COUNTIFS({rng["provider"]},{pb},{within("funding_start", "funding_last_day", E)}>0,"{pfb}",'
            f'IF(COUNTIFS({rng["provider"]},{pb},{within("start", "last_day", G)}>0,"{pdb}",""))'
        ),
        "unit_flag": F(
            f'=IF({G}=0,"",IF(OR(AND({c["name_key"]}<>"",COUNTIFS({rng["name_key"]},{c["name_key"]},'
            f'{within("funding_start", "funding_last_day", G)}>0),AND({c["code_key"]}<>"",COUNTIFS({rng["code_key"]},'
            f'{c["code_key"]},{within("funding_start", "funding_last_day", G)}>0)),"{L.UNIT_FUNDING_FLAG}",""))'
        ),
    }


def _sanction_values(row: CaseRow, s: Sanction | None) -> dict[str, Any]:
    """Values of a 资格与限制 row for a case not on the work list (another year): its dates and bans still count."""
    name, code = L.unit_keys(row)
    u, f = L.unsatisfied_date(row), L.failed_date(row)

    def d(x: date | None) -> Any:
        return x if x is not None else 0

    v: dict[str, Any] = {
        "seq": f"{row.year}年", "provider": row.provider, "unit": row.unit, "name_key": name, "code_key": code or None,
        "event": d(L.event_date(row)), "begin": d(L.diagnosis_date(row)),
        "u_date": d(u), "u_end": d(L.window_end(u) if u else None), "f_date": d(f),
        "f_end": d(L.window_end(f) if f else None),
        "u_hit": 0, "f_hit": 0, "v_date": d(L.violation_date(row)), "start": 0, "last_day": 0, "funding_start": 0,
        "funding_last_day": 0, "first_allowed": 0, "funding_first_allowed": 0, "provider_block": None, "unit_flag": None,
    }
    if s is not None:
        v.update(u_hit=d(s.unsatisfied_hit), f_hit=d(s.failed_hit), start=s.start, last_day=s.last_day,
                 first_allowed=s.first_allowed, funding_start=d(s.funding_start), funding_last_day=d(s.funding_last_day),
                 funding_first_allowed=d(s.funding_first_allowed))
    return v


def build_workbook(ledger: Ledger) -> Any:
    """The ledger as an openpyxl ``Workbook`` (not saved).  Sheets: see :data:`SHEETS`."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    p = ledger.params
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = LEDGER_STEM
    wb.properties.keywords = LEDGER_MARKER
    wb.properties.creator = "greendiag"
    scope = f"{ledger.year}年度" if ledger.year is not None else "全部年度"
    meta = (
        f"生成时间 {ledger.generated:%Y-%m-%d %H:%M}；范围：{scope}；来源文件 {ledger.sources} 个；"
        f"统计截止日 {ledger.as_of.isoformat()}"
    )
    warn_fill = PatternFill("solid", fgColor="FCE4D6")
    bad_fill = PatternFill("solid", fgColor="F8CBAD")
    grey_fill = PatternFill("solid", fgColor="D9D9D9")
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    bold = Font(bold=True)
    n_rows = len(ledger.rows)
    last_list = FIRST_ROW + n_rows - 1
    end = max(last_list, FIRST_ROW)
    send = max(FIRST_ROW + n_rows + len(ledger.others) - 1, FIRST_ROW)  # 资格与限制: the list's rows, then others

    def list_range(key: str) -> str:
        col = _col(LIST_COL[key])
        return f"'{LIST_SHEET}'!${col}${FIRST_ROW}:${col}${end}"

    def sanction_range(key: str) -> str:
        col = _col(SANCTION_COL[key])
        return f"'{SANCTION_SHEET}'!${col}${FIRST_ROW}:${col}${send}"

    # ---- 批次工作清单 ------------------------------------------------------------------------
    s = _Sheet(
        wb, LIST_SHEET, LIST_COLUMNS, f"绿色诊断批次工作清单（{scope}）",
        meta + "；依据《北京市制造业绿色诊断工作规则》第六至八条；浅黄底纹列可录入或修改，其余各表随之重算",
    )
    for i in range(n_rows):
        r = FIRST_ROW + i
        ok = ledger.rows[i].ok
        for key, c in LIST_COL.items():
            if key in ("provider_block", "unit_flag"):
                value: Any = F(f"={_ref(SANCTION_SHEET, SANCTION_COL[key], r)}") if ok else None
            else:
                value = _list_value(ledger, i, key)
                value = None if value == "" else value
            fmt = "#,##0.00" if key in ("output_value", "reward_tier", "approved_amount", "park_score") else None
            cell = s.put(r, c, value, fmt)
            if key == "duplicate" and value:
                cell.fill = warn_fill
            elif key in ("park_score", "score_coverage") and ok and not ledger.rows[i].score_comparable:
                cell.fill = warn_fill
            elif key in LIST_INPUTS and ok:
                cell.fill = input_fill
        if not ok:
            for c in range(1, len(LIST_COLUMNS) + 1):
                s.ws.cell(r, c).fill = grey_fill
    validations = (
        ("satisfaction", '"非常满意,满意,一般,不满意"', "满意度评价只能是 非常满意/满意/一般/不满意（附件1-3）"),
        ("review_result", '"合格,不合格"', "评审结果只能是 合格/不合格（规则第十九条）"),
        ("materials_ok", '"符合,不符合"', "请选择 符合/不符合（规则第十九条）"),
        ("fee_charged", '"是,否"', "请选择 是/否（规则第二十二条第1项）"),
        ("application_fraud", '"是,否"', "请选择 是/否（规则第二十二条第2项：申报过程中弄虚作假）"),
        ("funds_fraud", '"是,否"', "请选择 是/否（规则第二十一条：恶意串通、弄虚作假等骗取财政资金）"),
        ("serious_impact", '"是,否"', "请选择 是/否（规则第二十二条第5项）"),
        ("duplicate_resolved", '"非重复"', "经核实不是重复案例的选“非重复”，否则留空"),
    )
    for key, formula, message in validations:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        dv.error = message
        dv.errorTitle = "输入有误"
        col = _col(LIST_COL[key])
        dv.add(f"{col}{FIRST_ROW}:{col}{end}")
        s.ws.add_data_validation(dv)
    for key in ("evaluation_date", "review_date", "finding_date", "decision_date"):
        col = _col(LIST_COL[key])
        dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73415", allow_blank=True,
                            showErrorMessage=True, errorTitle="日期无效", error="请填写日期，如 2026-03-02")
        dv.add(f"{col}{FIRST_ROW}:{col}{end}")
        s.ws.add_data_validation(dv)
    ap, tier = _col(LIST_COL["approved_amount"]), _col(LIST_COL["reward_tier"])
    dv = DataValidation(
        type="custom", formula1=f"AND(ISNUMBER({ap}{FIRST_ROW}),{ap}{FIRST_ROW}>=0,OR(NOT(ISNUMBER({tier}{FIRST_ROW})),"
        f"{ap}{FIRST_ROW}<={tier}{FIRST_ROW}))", allow_blank=True, showErrorMessage=True, errorTitle="核定金额无效",
        error="核定奖励金额请填写不小于0、且不超过本行奖励上限的万元数（规则第十九条：不超过）",
    )
    dv.add(f"{ap}{FIRST_ROW}:{ap}{end}")
    s.ws.add_data_validation(dv)
    for key in ("team_check", "onsite_check", "basic_check"):
        col = _col(LIST_COL[key])
        s.ws.conditional_formatting.add(
            f"{col}{FIRST_ROW}:{col}{end}",
            FormulaRule(formula=[f'LEFT({col}{FIRST_ROW},3)="不符合"'], fill=warn_fill),
        )
    for key in ("provider_block", "unit_flag"):
        col = _col(LIST_COL[key])
        s.ws.conditional_formatting.add(
            f"{col}{FIRST_ROW}:{col}{end}", FormulaRule(formula=[f'{col}{FIRST_ROW}<>""'], fill=bad_fill),
        )
    s.finish(last_list)
    s.ws.page_setup.fitToWidth = 3
    s.ws.print_title_cols = "A:D"

    # ---- 奖励测算 -------------------------------------------------------------------------
    s = _Sheet(
        wb, "奖励测算", REWARD_COLUMNS, f"奖励测算（逐案，{scope}）",
        "计奖金额 = 核定奖励金额；未核定的暂按第十九条上限计（计奖依据“上限（暂定）”）。服务商在限制期内、重复案例（组内第二个起，"
        "未核实为“非重复”）不予计奖。超出年度上限的部分按服务商、年度内的报告提交日期（空白在后）再按文件名先后核减。"
        "评审结果、证明材料、核定金额、计奖金额、应拨付均为公式：在“批次工作清单”中录入后自动重算。",
    )
    ws = s.ws
    ws["A2"] = "服务商年度奖励总额上限（万元）"
    ws["A2"].font = bold
    ws["D2"] = p.annual_cap
    ws["D2"].font = bold
    ws["D2"].fill = PatternFill("solid", fgColor=_LIGHT)
    ws["E2"] = p.annual_cap_cite
    cap_ref = "'奖励测算'!$D$2"
    lines = ledger.reward_lines
    rc = {key: _col(c) for key, c in REWARD_COL.items()}
    for k, line in enumerate(lines):
        r = FIRST_ROW + k
        row = ledger.rows[line.index]
        out = ledger.outcomes[line.index]
        lr = FIRST_ROW + line.index

        def in_list(key: str, row: int = lr) -> str:
            return f"'{LIST_SHEET}'!${_col(LIST_COL[key])}${row}"

        res_ref, mat_ref, funds_ref = in_list("review_result"), in_list("materials_ok"), in_list("funds_fraud")
        appr, amt, K, hold = f"{rc['approved_amount']}{r}", f"{rc['reward_amount']}{r}", f"{rc['reward_tier']}{r}", f"{rc['hold']}{r}"
        blk = _ref(SANCTION_SHEET, SANCTION_COL["provider_block"], lr)
        values = {
            "seq": line.index + 1,
            "provider": row.provider,
            "year": row.year,
            "report_date": row.report_date,
            "file": row.file,
            "unit": row.unit,
            "kind": row.kind,
            "output_value": row.output_value,
            "review_result": F(f'=IF({res_ref}="","未评审",{res_ref})'),
            "materials_ok": F(f'=IF({mat_ref}="","",{mat_ref})'),
            "reward_tier": row.reward_tier,
            "approved_amount": F(f'=IF({in_list("approved_amount")}="","",{in_list("approved_amount")})'),
            "basis": F(f'=IF({amt}=0,"",IF({appr}="","{L.BASIS_CAP}","{L.BASIS_APPROVED}"))'),
            "reward_amount": F(
                f'=IF(OR({res_ref}<>"合格",{mat_ref}<>"符合",{funds_ref}="是",{K}="",{hold}<>""),0,'
                f'IF({appr}="",{K},IF(AND(ISNUMBER({appr}),{appr}>=0,{appr}<={K}),{appr},0)))'
            ),
            "hold": F(
                f'=IF({blk}<>"",{blk},IF(AND(N({rc["duplicate_rank"]}{r})>1,{in_list("duplicate_resolved")}<>"非重复"),'
                f'"{L.DUPLICATE_BLOCK}",""))'
            ),
            "reward_note": out.note,
            "payable": F(
                f"=MAX(0,MIN({amt},$D$2-SUMIFS({rc['reward_amount']}${HEADER_ROW}:{rc['reward_amount']}{r - 1},"
                f"{rc['provider']}${HEADER_ROW}:{rc['provider']}{r - 1},{rc['provider']}{r},"
                f"{rc['year']}${HEADER_ROW}:{rc['year']}{r - 1},{rc['year']}{r})))"
            ),
            "cut": F(f"={amt}-{rc['payable']}{r}"),
            "duplicate_rank": out.duplicate_rank or None,
            "duplicate": ledger.duplicates.get(line.index, ""),
        }
        for key, c in REWARD_COL.items():
            fmt = _AMOUNT if key in ("output_value", "reward_tier", "approved_amount", "reward_amount", "payable", "cut") else None
            cell = s.put(r, c, values[key] if values[key] != "" else None, fmt)
            if key == "duplicate" and values[key]:
                cell.fill = warn_fill
    last_reward = FIRST_ROW + len(lines) - 1
    rend = max(last_reward, FIRST_ROW)
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(REWARD_COLUMNS))}{rend}",
        FormulaRule(formula=[f"${rc['cut']}{FIRST_ROW}>0"], fill=warn_fill),
    )
    ws.conditional_formatting.add(
        f"{rc['hold']}{FIRST_ROW}:{rc['hold']}{rend}", FormulaRule(formula=[f'{rc["hold"]}{FIRST_ROW}<>""'], fill=bad_fill),
    )
    s.finish(last_reward)

    def reward_range(key: str) -> str:
        col = _col(REWARD_COL[key])
        return f"'奖励测算'!${col}${FIRST_ROW}:${col}${rend}"

    # ---- 奖励汇总 -------------------------------------------------------------------------
    s = _Sheet(
        wb, "奖励汇总", TOTAL_COLUMNS, f"奖励汇总（服务商 × 年度，{scope}）",
        f"计奖合计、可拨付与核减均为公式，引用“奖励测算”表；年度上限见“奖励测算”!D2（{p.annual_cap_cite}）。"
        "含未核定金额（按上限暂计）案例的，金额状态为“暂定”：市经济和信息化局核定后在“批次工作清单”录入核定奖励金额。",
    )
    tc = {key: _col(c) for key, c in TOTAL_COL.items()}
    for k, t in enumerate(ledger.reward_totals):
        r = FIRST_ROW + k
        crit = f"{reward_range('provider')},{tc['provider']}{r},{reward_range('year')},{tc['year']}{r}"
        values = {
            "provider": t.provider,
            "year": t.year,
            "cases": F(f"=COUNTIFS({crit})"),
            "total": F(f"=SUMIFS({reward_range('reward_amount')},{crit})"),
            "cap": F(f"={cap_ref}"),
            "payable": F(f"=MIN({tc['cap']}{r},{tc['total']}{r})"),
            "excess": F(f"={tc['total']}{r}-{tc['payable']}{r}"),
            "payable_check": F(f"=SUMIFS({reward_range('payable')},{crit})"),
            "provisional": F(f'=COUNTIFS({crit},{reward_range("basis")},"{L.BASIS_CAP}")'),
            "state": F(f'=IF({tc["provisional"]}{r}>0,"暂定","确定")'),
            "cite": f"{p.reward_cite}；{p.annual_cap_cite}",
        }
        for key, c in TOTAL_COL.items():
            fmt = _AMOUNT if key in ("total", "cap", "payable", "excess", "payable_check") else None
            s.put(r, c, values[key], fmt)
    last_total = FIRST_ROW + len(ledger.reward_totals) - 1
    tend = max(last_total, FIRST_ROW)
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(TOTAL_COLUMNS))}{tend}",
        FormulaRule(formula=[f"${tc['excess']}{FIRST_ROW}>0"], fill=warn_fill),
    )
    s.ws.conditional_formatting.add(
        f"{tc['state']}{FIRST_ROW}:{tc['state']}{tend + 1}", FormulaRule(formula=[f'{tc["state"]}{FIRST_ROW}="暂定"'], fill=warn_fill),
    )
    if ledger.reward_totals:
        r = last_total + 1
        s.put(r, 1, "合计").font = bold
        for key in ("cases", "total", "payable", "excess", "payable_check", "provisional"):
            c = TOTAL_COL[key]
            fmt = None if key in ("cases", "provisional") else _AMOUNT
            s.put(r, c, F(f"=SUM({_col(c)}{FIRST_ROW}:{_col(c)}{last_total})"), fmt).font = bold
        s.put(r, TOTAL_COL["state"], F(f'=IF({tc["provisional"]}{r}>0,"暂定","确定")')).font = bold
    s.finish(last_total)
    s.ws.auto_filter.ref = f"A{HEADER_ROW}:{_col(len(TOTAL_COLUMNS))}{tend}"

    # ---- 服务商动态管理 --------------------------------------------------------------------
    s = _Sheet(
        wb, "服务商动态管理", PROVIDER_COLUMNS, f"服务商动态管理（{scope}）",
        f"次数为本计入年度的公式计数（COUNTIFS，引用“批次工作清单”）；状态与期间为公式，引用“{SANCTION_SHEET}”表："
        f"一年内（任意12个月）“不满意”“不合格”累计达到次数，或收取费用、申报弄虚作假、造成严重不良影响（{p.status_cite}），"
        f"或骗取财政资金（{p.funding_ban_cite}）的，自条件成立日（或处理决定日）起取消资格；"
        f"期间的最后一日为N年后的对应日，其次日起可重新入围/申请（{p.period_cite}）。",
    )
    pc = {key: _col(c) for key, c in PROVIDER_COL.items()}
    for k, py in enumerate(ledger.providers):
        r = FIRST_ROW + k
        crit = f"{list_range('provider')},{pc['provider']}{r},{list_range('year')},{pc['year']}{r}"
        values: dict[str, Any] = {
            "provider": py.provider,
            "year": py.year,
            "cases": F(f"=COUNTIFS({crit})"),
            "unsatisfied": F(f'=COUNTIFS({crit},{list_range("satisfaction")},"不满意")'),
            "failed": F(f'=COUNTIFS({crit},{list_range("review_result")},"不合格")'),
            "carried": py.carried_from or None,
            "reasons": "；".join(py.reasons) or None,
            "start": py.start,
            "cite": f"{p.status_cite}；{p.funding_ban_cite}" if py.funding_last_day else p.status_cite,
        }
        for key in ("fee_charged", "application_fraud", "funds_fraud", "serious_impact"):
            values[key] = F(f'=COUNTIFS({crit},{list_range(key)},"是")')
        if py.year is not None:
            y0, y1 = f"DATE({py.year},1,1)", f"DATE({py.year},12,31)"
            who = f"({sanction_range('provider')}={pc['provider']}{r})"

            def latest(start_key: str, last_key: str, who: str = who, y0: str = y0, y1: str = y1) -> F:
                """The latest last day of the provider's periods that overlap the year (0: none)."""
                return F(f"=SUMPRODUCT(MAX({who}*({sanction_range(start_key)}>0)*({sanction_range(start_key)}<={y1})"
                         f"*({sanction_range(last_key)}>={y0})*{sanction_range(last_key)}))")

            values["status"] = F(
                f'=IF(COUNTIFS({sanction_range("provider")},{pc["provider"]}{r},{sanction_range("start")},">0",'
                f'{sanction_range("start")},"<="&{y1},{sanction_range("last_day")},">="&{y0})>0,"{L.STATUS_OUT}",'
                f'IF(COUNTIFS({sanction_range("provider")},{pc["provider"]}{r},{sanction_range("funding_start")},">0",'
                f'{sanction_range("funding_start")},"<="&{y1},{sanction_range("funding_last_day")},">="&{y0})>0,'
                f'"{L.STATUS_FUNDING}","{L.STATUS_OK}"))'
            )
            values["last_day"] = latest("start", "last_day")
            values["first_allowed"] = F(f'=IF({pc["last_day"]}{r}=0,0,{pc["last_day"]}{r}+1)')
            values["funding_last_day"] = latest("funding_start", "funding_last_day")
            values["funding_first_allowed"] = F(f'=IF({pc["funding_last_day"]}{r}=0,0,{pc["funding_last_day"]}{r}+1)')
        else:
            values.update(status=py.status, last_day=None, first_allowed=None, funding_last_day=None,
                          funding_first_allowed=None)
        for key, c in PROVIDER_COL.items():
            fmt = _DATE0 if key in ("start", "last_day", "first_allowed", "funding_last_day", "funding_first_allowed") else None
            s.put(r, c, values[key], fmt)
    last_prov = FIRST_ROW + len(ledger.providers) - 1
    pend = max(last_prov, FIRST_ROW)
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(PROVIDER_COLUMNS))}{pend}",
        FormulaRule(formula=[f'${pc["status"]}{FIRST_ROW}="取消资格"'], fill=bad_fill),
    )
    s.finish(last_prov)

    # ---- 资格与限制 ---------------------------------------------------------------------
    s = _Sheet(
        wb, SANCTION_SHEET, SANCTION_COLUMNS, f"资格与限制期间（逐案，{scope}）",
        "每行对应“批次工作清单”同一行的案例（其后为其他年度仍计入的案例，数值）。“一年内”按任意12个月：某次日期不晚于前次满一年日"
        f"（{p.window_cite}）；触发案例的取消资格起始日为条件成立日，填写处理决定日期的自该日起算；最后一日为N年后的对应日"
        f"（{p.period_cite}）。日期为 0 的显示为空。",
    )
    ws = s.ws
    sc = {key: _col(c) for key, c in SANCTION_COL.items()}
    ws["A2"] = "参数（绿色底纹，可修改）："
    ws["A2"].font = bold
    params_row = {
        "u_end": (p.window_months, '0"个月"'),
        "u_hit": (p.unsatisfied_limit, '"不满意"0"次"'),
        "f_hit": (p.failed_limit, '"不合格"0"次"'),
        "start": (p.fraud_requalify_years, '"第二十一条"0"年"'),
        "last_day": (p.requalify_years, '"第二十二条"0"年"'),
        "funding_last_day": (p.funding_ban_years, '"资金"0"年"'),
    }
    for key, (value, fmt) in params_row.items():
        cell = ws[f"{sc[key]}2"]
        cell.value = value
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=_LIGHT)
        cell.number_format = fmt
    ref = {
        "window": f"${sc['u_end']}$2", "u_limit": f"${sc['u_hit']}$2", "f_limit": f"${sc['f_hit']}$2",
        "fraud_years": f"${sc['start']}$2", "years": f"${sc['last_day']}$2", "funding_years": f"${sc['funding_last_day']}$2",
    }
    rng = {key: f"${sc[key]}${FIRST_ROW}:${sc[key]}${send}" for key in SANCTION_COL}
    for i, row in enumerate(ledger.rows):
        r = FIRST_ROW + i
        if row.ok:
            name, code = L.unit_keys(row)
            values = {"seq": i + 1, "provider": row.provider, "unit": row.unit, "name_key": name, "code_key": code or None}
            values.update(_sanction_formulas(r, ref, rng))
        else:
            values = {key: (0 if key in SANCTION_DATES else None) for key in SANCTION_COL}
            values["seq"] = i + 1
        for key, c in SANCTION_COL.items():
            s.put(r, c, values[key], _DATE0 if key in SANCTION_DATES else None)
    for k, other in enumerate(ledger.others):
        r = FIRST_ROW + n_rows + k
        values = _sanction_values(other, ledger.other_sanctions.get(k))
        for key, c in SANCTION_COL.items():
            cell = s.put(r, c, values[key], _DATE0 if key in SANCTION_DATES else None)
            cell.fill = grey_fill
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(SANCTION_COLUMNS))}{send}",
        FormulaRule(formula=[f"${sc['start']}{FIRST_ROW}>0"], fill=bad_fill),
    )
    for key in ("name_key", "code_key"):  # matching keys for the formulas, not for reading
        ws.column_dimensions[sc[key]].hidden = True
    s.finish(send)
    s.ws.page_setup.fitToWidth = 2
    s.ws.print_title_cols = "A:C"

    # ---- 问题清单 -------------------------------------------------------------------------
    s = _Sheet(wb, "问题清单", PROBLEM_COLUMNS, f"问题清单（{scope}）", meta + "；每个文件的读取问题，一个文件出错不影响其他文件")
    for k, prob in enumerate(ledger.problems):
        r = FIRST_ROW + k
        for c, value in enumerate(
            (k + 1, prob.file, prob.sheet, prob.cell, prob.value, prob.message, prob.level), start=1
        ):
            s.put(r, c, value if value != "" else None)
    last_prob = FIRST_ROW + len(ledger.problems) - 1
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:G{max(last_prob, FIRST_ROW)}",
        FormulaRule(formula=[f'$G{FIRST_ROW}="错误"'], fill=warn_fill),
    )
    s.finish(last_prob)

    # ---- 跟踪 ---------------------------------------------------------------------------
    s = _Sheet(
        wb, "跟踪", TRACK_COLUMNS, f"后续跟踪（{scope}）",
        f"到期日 = 报告提交日期 + {p.follow_up_years} 年（园区：{p.follow_up_cite}；{p.enterprise_follow_up_note}）；"
        "到期日早于统计截止日（B2）且未填反馈日期的行标红。修改 B2 可按其他日期查看。",
    )
    ws = s.ws
    ws["A2"] = "统计截止日"
    ws["A2"].font = bold
    ws["B2"] = ledger.as_of
    ws["B2"].number_format = _DATE
    ws["B2"].font = bold
    ws["B2"].fill = PatternFill("solid", fgColor=_LIGHT)
    tracked = [i for i, row in enumerate(ledger.rows) if row.ok]
    col = {key: _col(c) for key, c in TRACK_COL.items()}
    for k, i in enumerate(tracked):
        r = FIRST_ROW + k
        row = ledger.rows[i]
        due, fb = f"{col['due']}{r}", f"{col['feedback']}{r}"
        values = {
            "seq": i + 1,
            "provider": row.provider,
            "unit": row.unit,
            "kind": row.kind,
            "district": row.district or None,
            "report_date": row.report_date,
            "due": row.follow_up_due,
            "days": F(f'=IF({due}="","",{due}-$B$2)'),
            "state": F(f'=IF({due}="","无报告日期",IF({fb}<>"","已反馈",IF({due}<$B$2,"已逾期","未到期")))'),
            "feedback": row.follow_up_feedback,
            "remark": None,
        }
        for key, c in TRACK_COL.items():
            fmt = "0" if key == "days" else (_DATE if key in ("report_date", "due", "feedback") else None)
            s.put(r, c, values[key], fmt)
    last_track = FIRST_ROW + len(tracked) - 1
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(TRACK_COLUMNS))}{max(last_track, FIRST_ROW)}",
        FormulaRule(
            formula=[f'AND(${col["due"]}{FIRST_ROW}<>"",${col["feedback"]}{FIRST_ROW}="",${col["due"]}{FIRST_ROW}<$B$2)'],
            fill=bad_fill,
            font=Font(bold=True, color="9C0006"),
        ),
    )
    s.finish(last_track)

    # ---- 说明 ---------------------------------------------------------------------------
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 110
    ws["A1"] = "台账说明"
    ws["A1"].font = Font(size=14, bold=True, color=_GREEN)
    for k, text in enumerate(EXPLANATION(p), start=3):
        cell = ws.cell(k, 1, text)
        cell.alignment = s.wrap
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return wb


def EXPLANATION(p: LedgerParams) -> list[str]:
    """The rules of the ledger in Chinese, as printed on the sheet 说明: :func:`greendiag.rules.ledger.rules_text`
    plus how the workbook shows them."""
    return [
        *L.rules_text(),
        f"园区诊断评分：取案例工作簿最近一年“评价指标”（附件2-1-2）的园区诊断评分；“参与评分指标”列为31项指标中参与评分的项数，"
        f"少于{MIN_SCORED}项的标为“不可比”（{MIN_SCORED_CITE}），不宜与其他园区比较。",
        "问题清单：列出每个文件读取时发现的全部问题；无法读取的文件在“批次工作清单”中以灰色行列出，不计入奖励与动态管理。",
        "公式：“批次工作清单”中浅黄底纹的列（满意度及其评价日期、评审结果及日期、证明材料、核定奖励金额、收取费用、申报弄虚作假、"
        "骗取财政资金、严重不良影响、违规认定日期、处理决定日期、重复核实）可录入或修改；计奖金额、应拨付、合计、可拨付、次数、状态、"
        f"取消资格与资金限制期间（“{SANCTION_SHEET}”表）均为 Excel 公式，随之重算（计入年度、计奖说明、取消资格理由与起始日为生成台账时的值）；"
        "同样的数值由 greendiag 以 Python 计算并经 LibreOffice 重算核对。",
        "录入的保存：以 greendiag batch --registry（或 greendiag ledger import）处理本台账时，浅黄底纹列和“跟踪”表的反馈日期中"
        "与生成时不同的单元格作为工作人员的录入记入登记库（附来源：台账文件、工作表、单元格），此后生成的台账均在原处显示；"
        "任一录入单元格无效时整本台账不导入。请勿修改文件、被诊断单位、服务商、诊断年份各列，以免无法对应到案例。",
    ]


def write_ledger(ledger: Ledger, path: Path | str, *, force: bool = False) -> Path:
    """Write the ledger workbook to ``path`` atomically (temp file + ``os.replace``).

    Raises ``FileExistsError`` (Chinese message) when ``path`` exists and ``force`` is False.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"台账文件已存在：{path}（如需覆盖请加 --force）")
    from greendiag.generator.ledger_entries import add_baseline

    wb = build_workbook(ledger)
    add_baseline(wb, ledger)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


__all__ = [
    "CaseRow",
    "Ledger",
    "LedgerParams",
    "ProblemRow",
    "ProviderYear",
    "RewardLine",
    "RewardTotal",
    "case_row",
    "compute_ledger",
    "find_duplicates",
    "load_ledger_params",
    "normalize_code",
    "normalize_name",
    "replace",
    "write_ledger",
]
