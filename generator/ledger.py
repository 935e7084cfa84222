"""The city batch ledger (批次台账): rows per case, reward and provider aggregation, the workbook.

Pure logic first, Excel last:

* :class:`CaseRow` — the flat, picklable facts the ledger shows about one case workbook
  (built by :func:`case_row` from a ``Case`` and its ``CaseAssessment``; a file that could not
  be read is a row with ``ok=False``).
* :func:`compute_ledger` — duplicates, reward allocation under the annual cap, provider
  dynamic management, follow-up; returns a :class:`Ledger` of plain values.
* :func:`write_ledger` — the styled openpyxl workbook, written atomically.  Totals are native
  formulas over the ledger's own tables (SUMIFS / MIN / COUNTIFS / EDATE) so that an officer
  who corrects a review result sees the totals follow; :class:`Ledger` holds the same numbers
  computed in Python (a LibreOffice recalculation test compares the two).

Rules the ledger applies (also printed on the sheet 说明):

* **Year of a case (计入年度)** — the year of the review date (评审日期), else of the report
  date (提交诊断评估报告日期), else the diagnosis year: rewards are paid per year after the
  review (《北京市制造业绿色诊断工作规则》第十八、二十条), and “一年内” of 第二十二条 is counted
  per calendar year of the same date.
* **Reward per case (计奖金额)** — the cap of 第十九条 for the case's type and output value
  (园区 20 万元; 企业 ≥ 10 亿元 12 万元, < 10 亿元 8 万元) when the review result is 合格 and the
  materials are in order; 0 when 不合格 or materials not in order (第十九条), when not yet
  reviewed (待评审, not payable before the review of 第十八条) and when the case is flagged for
  fraud (弄虚作假: funds are recovered, 第二十一条).
* **Annual cap (第二十条)** — per provider and year the payable total is MIN(300, sum).  The
  excess is taken off in case order: cases are ordered by report date (blank last), then
  file name; the case whose amount crosses the cap is paid the remainder, later ones 0.
  The per-case 应拨付 column therefore sums to the capped total.
* **Provider status (第二十二条)** — per provider and year: 不满意 ≥ 3 or 不合格 ≥ 2, or any case
  flagged for charging fees, fraud or serious impact, disqualifies (取消资格).  The
  triggering event is the case that reaches the count (or the flagged case); its date is its
  review date, else report date, else 31 December of its year.  No re-entry for 3 years from
  that date (第二十二条); for fraud also no city funding for 5 years (第二十一条).  A
  disqualification still running on 1 January of a later year is carried into that year.
* **Duplicates (重复)** — the same unit twice: equal names after NFKC normalisation with
  whitespace and punctuation removed, or equal 统一社会信用代码 where both are given.
* **Follow-up (跟踪)** — due one year after the report (《北京市工业园区绿色诊断工作指南》六;
  《规则》第十五条4 asks the same of enterprise cases); overdue when due before the as-of date
  and no feedback date is entered.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from greendiag.files import atomic_path

RULES_DOC = "北京市制造业绿色诊断工作规则"
GUIDE_DOC = "北京市工业园区绿色诊断工作指南"

LEDGER_MARKER = "greendiag-ledger"
"""Written into the ledger's document properties (keywords) so a later batch skips it."""

LEDGER_STEM = "绿色诊断批次台账"

SHEETS = ("批次工作清单", "奖励测算", "奖励汇总", "服务商动态管理", "问题清单", "跟踪", "说明")

# --------------------------------------------------------------------------------------------
# Parameters (values live in rules/params, read through the rules package)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerParams:
    """Rule parameters the ledger uses, each with its citation text.

    ``annual_cap`` 万元 per provider per year (第二十条); ``unsatisfied_limit`` / ``failed_limit``
    counts within one year (第二十二条3、4); ``requalify_years`` no re-entry (第二十二条);
    ``funding_ban_years`` no city funding after fraud (第二十一条); ``follow_up_years`` (指南六).
    """

    annual_cap: float = 300.0
    annual_cap_cite: str = f"《{RULES_DOC}》第二十条"
    unsatisfied_limit: int = 3
    failed_limit: int = 2
    status_cite: str = f"《{RULES_DOC}》第二十二条"
    requalify_years: int = 3
    funding_ban_years: int = 5
    funding_ban_cite: str = f"《{RULES_DOC}》第二十一条"
    reward_cite: str = f"《{RULES_DOC}》第十九条"
    follow_up_cite: str = f"《{GUIDE_DOC}》六"


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
class CaseRow:
    """What the ledger shows about one case workbook; plain values only (picklable).

    Amounts in 万元, dates as ``date``.  ``ok`` is False for a file that gave no case (then
    only ``file`` and ``status`` are meaningful).  ``reward_tier`` is the 第十九条 cap for the
    type (None when it cannot be determined), ``reward_amount`` what is counted towards the
    provider's year (see module doc), ``reward_note`` why.
    """

    file: str
    ok: bool = True
    status: str = "已读取"
    district: str = ""
    unit: str = ""
    kind: str = ""
    credit_code: str = ""
    provider: str = ""
    intended_provider: str = ""
    diagnosis_year: int | None = None
    output_value: float | None = None
    level_or_nature: str = ""
    industry: str = ""
    contact: str = ""
    contact_mobile: str = ""
    onsite_start: date | None = None
    onsite_end: date | None = None
    onsite_workdays: int | None = None
    team_check: str = ""
    onsite_check: str = ""
    basic_check: str = ""
    report_date: date | None = None
    meeting_date: date | None = None
    satisfaction: str = ""
    review_result: str = ""
    review_date: date | None = None
    materials_ok: bool = True
    fee_charged: bool = False
    fraud: bool = False
    serious_impact: bool = False
    reward_tier: float | None = None
    reward_amount: float = 0.0
    reward_note: str = ""
    follow_up_due: date | None = None
    problem_count: int = 0

    @property
    def year(self) -> int | None:
        """计入年度: review date's year, else report date's, else the diagnosis year."""
        if self.review_date is not None:
            return self.review_date.year
        if self.report_date is not None:
            return self.report_date.year
        return self.diagnosis_year

    @property
    def event_date(self) -> date | None:
        """Date of the case as a management event: review date, else report date, else 31 Dec."""
        if self.review_date is not None:
            return self.review_date
        if self.report_date is not None:
            return self.report_date
        if self.diagnosis_year is not None:
            return date(self.diagnosis_year, 12, 31)
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def case_row(case: Any, assessment: Any, file: str, *, problem_count: int = 0) -> CaseRow:
    """Flatten a ``greendiag.rules.models.Case`` and its ``rules.CaseAssessment`` into a :class:`CaseRow`.

    The reward columns follow the module doc: ``assessment.reward_cap`` is counted only for a
    case reviewed 合格 with materials in order and not flagged for fraud; the tier (档次) is
    ``greendiag.rules.reward_cap(kind, output_value)`` of 《北京市制造业绿色诊断工作规则》第十九条.
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
    result = review.result or ""
    try:  # the 档次 the case can reach (review_result None = not reviewed yet)
        tier: float | None = float(rules.reward_cap(case.kind, output, None, True))
    except (ValueError, TypeError):
        tier = None
    if review.fraud:
        amount, note = 0.0, "弄虚作假，不予奖励并追回资金（第二十一条）"
    elif not result:
        amount, note = 0.0, "未评审，暂不计入（第十八条）"
    elif result == "不合格":
        amount, note = 0.0, "评审不合格，不予奖励（第十九条）"
    elif not review.materials_ok:
        amount, note = 0.0, "证明材料不符合要求，不予奖励（第十九条）"
    elif tier is None or assessment.reward_cap is None:
        amount, note = 0.0, "企业上一年度产值缺失，无法确定奖励档次（第十九条）"
    else:
        amount = float(assessment.reward_cap)
        note = "评审合格（第十九条）"
    process = case.process
    basic = getattr(assessment, "basic", None)
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
        report_date=process.report_date,
        meeting_date=process.meeting_date,
        satisfaction=_text(case.satisfaction.level),
        review_result=result,
        review_date=review.review_date,
        materials_ok=review.materials_ok,
        fee_charged=review.fee_charged,
        fraud=review.fraud,
        serious_impact=review.serious_impact,
        reward_tier=tier,
        reward_amount=amount,
        reward_note=note,
        follow_up_due=assessment.follow_up_due,
        problem_count=problem_count,
    )


# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_name(name: str) -> str:
    """Name key for duplicate detection: NFKC, case-folded, whitespace and punctuation removed."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def normalize_code(code: str) -> str:
    """统一社会信用代码 key: NFKC, upper-case, whitespace and dashes removed ('' when blank)."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", code or "")).upper()


def find_duplicates(rows: list[CaseRow]) -> dict[int, str]:
    """Index → note for every readable row that has a duplicate (same name or credit code).

    The note names the other rows (1-based 序号 of the list) and why, e.g.
    ``"重复：同名（序号 3）；同信用代码（序号 7）"``.
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if not row.ok:
            continue
        key = normalize_name(row.unit)
        if key:
            by_name[key].append(i)
        code = normalize_code(row.credit_code)
        if code:
            by_code[code].append(i)
    notes: dict[int, list[str]] = defaultdict(list)
    for label, groups in (("同名", by_name), ("同信用代码", by_code)):
        for members in groups.values():
            if len(members) < 2:
                continue
            for i in members:
                others = "、".join(str(j + 1) for j in members if j != i)
                notes[i].append(f"{label}（序号 {others}）")
    return {i: "重复：" + "；".join(parts) for i, parts in notes.items()}


@dataclass(frozen=True)
class RewardLine:
    """One row of 奖励测算: ``index`` into the case rows, ``payable`` after the annual cap."""

    index: int
    provider: str
    year: int | None
    amount: float
    payable: float

    @property
    def cut(self) -> float:
        return round(self.amount - self.payable, 6)


@dataclass(frozen=True)
class RewardTotal:
    """One row of 奖励汇总: per provider and year, amounts in 万元 (第二十条)."""

    provider: str
    year: int | None
    cases: int
    total: float
    payable: float
    excess: float


def _order_key(rows: list[CaseRow], i: int) -> tuple:
    row = rows[i]
    return (
        row.provider,
        row.year if row.year is not None else 0,
        row.report_date is None,
        row.report_date or date.min,
        row.file,
    )


def allocate_rewards(rows: list[CaseRow], params: LedgerParams) -> tuple[list[RewardLine], list[RewardTotal]]:
    """Apply the annual cap of 第二十条 in case order (report date, then file name).

    Returns the per-case lines (sorted by provider, year, report date, file) and the
    per-provider-year totals.  Sum of ``payable`` per provider and year = MIN(cap, total).
    """
    order = sorted((i for i, r in enumerate(rows) if r.ok), key=lambda i: _order_key(rows, i))
    lines: list[RewardLine] = []
    used: dict[tuple[str, int | None], float] = defaultdict(float)
    for i in order:
        row = rows[i]
        key = (row.provider, row.year)
        remaining = params.annual_cap - used[key]
        payable = max(0.0, min(row.reward_amount, remaining))
        used[key] += row.reward_amount
        lines.append(RewardLine(i, row.provider, row.year, row.reward_amount, round(payable, 6)))
    totals: list[RewardTotal] = []
    grouped: dict[tuple[str, int | None], list[RewardLine]] = {}
    for line in lines:
        grouped.setdefault((line.provider, line.year), []).append(line)
    for (provider, year), group in grouped.items():
        total = round(sum(g.amount for g in group), 6)
        payable = min(params.annual_cap, total)
        totals.append(RewardTotal(provider, year, len(group), total, payable, round(total - payable, 6)))
    return lines, totals


def _add_years(day: date, years: int) -> date:
    """Same day ``years`` later (29 February → 28 February), as Excel's EDATE does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ProviderYear:
    """One row of 服务商动态管理 (《北京市制造业绿色诊断工作规则》第二十一、二十二条)."""

    provider: str
    year: int | None
    cases: int
    unsatisfied: int
    failed: int
    fee_charged: int
    fraud: int
    serious_impact: int
    disqualified: bool
    reasons: tuple[str, ...]
    trigger_date: date | None
    requalify_until: date | None
    funding_ban_until: date | None
    carried_from: str = ""
    fraud_date: date | None = None

    @property
    def status(self) -> str:
        return "取消资格" if self.disqualified or self.carried_from else "正常"


def _nth_date(rows: list[CaseRow], idx: list[int], n: int) -> date | None:
    dates = sorted(d for d in (rows[i].event_date for i in idx) if d is not None)
    return dates[n - 1] if len(dates) >= n else None


def _status_reasons(unsat: int, failed: int, fee: bool, fraud: bool, serious: bool) -> tuple[str, ...]:
    """Reasons, each with its article, from ``greendiag.rules.provider_status`` (第二十一、二十二条)."""
    from greendiag import rules

    status = rules.provider_status(unsat, failed, fee_charged=fee, serious_impact=serious, funds_fraud=fraud)
    return tuple(status.reasons)


def provider_years(rows: list[CaseRow], params: LedgerParams) -> list[ProviderYear]:
    """Per provider and year: counts, status, trigger date and end dates (第二十一、二十二条).

    Reasons are the rules package's (``greendiag.rules.provider_status``) where it is available.
    """
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.ok:
            groups[(row.provider, row.year)].append(i)
    result: list[ProviderYear] = []
    running: dict[str, tuple[date, int | None]] = {}  # provider → (until, year of trigger)
    for provider, year in sorted(groups, key=lambda k: (k[0], k[1] if k[1] is not None else 0)):
        idx = groups[(provider, year)]
        unsat = [i for i in idx if rows[i].satisfaction == "不满意"]
        failed = [i for i in idx if rows[i].review_result == "不合格"]
        fee = [i for i in idx if rows[i].fee_charged]
        fraud = [i for i in idx if rows[i].fraud]
        serious = [i for i in idx if rows[i].serious_impact]
        triggers: list[date] = []
        if len(unsat) >= params.unsatisfied_limit:
            triggers.append(_nth_date(rows, unsat, params.unsatisfied_limit))
        if len(failed) >= params.failed_limit:
            triggers.append(_nth_date(rows, failed, params.failed_limit))
        for flagged in (fee, fraud, serious):
            if flagged:
                triggers.append(_nth_date(rows, flagged, 1))
        triggers = [t for t in triggers if t is not None]
        reasons = list(_status_reasons(len(unsat), len(failed), bool(fee), bool(fraud), bool(serious)))
        disq = bool(reasons)
        trigger = min(triggers) if triggers else None
        requalify = _add_years(trigger, params.requalify_years) if trigger else None
        fraud_date = _nth_date(rows, fraud, 1)
        ban = _add_years(fraud_date, params.funding_ban_years) if fraud_date else None
        carried = ""
        if not disq and provider in running and year is not None:
            until, from_year = running[provider]
            if until >= date(year, 1, 1):
                carried = f"{from_year}年取消资格，{until.isoformat()}前不得重新入围"
                requalify = until
        if disq and requalify is not None and (provider not in running or requalify > running[provider][0]):
            running[provider] = (requalify, year)
        result.append(
            ProviderYear(
                provider=provider,
                year=year,
                cases=len(idx),
                unsatisfied=len(unsat),
                failed=len(failed),
                fee_charged=len(fee),
                fraud=len(fraud),
                serious_impact=len(serious),
                disqualified=disq,
                reasons=tuple(reasons),
                trigger_date=trigger,
                requalify_until=requalify if (disq or carried) else None,
                funding_ban_until=ban,
                carried_from=carried,
                fraud_date=fraud_date,
            )
        )
    return result


@dataclass
class Ledger:
    """Everything the ledger workbook shows, computed in Python (the workbook adds formulas)."""

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
    generated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    @property
    def overdue(self) -> list[int]:
        """Indices of rows whose follow-up is due before ``as_of``."""
        return [i for i, r in enumerate(self.rows) if r.ok and r.follow_up_due and r.follow_up_due < self.as_of]


def compute_ledger(
    rows: list[CaseRow],
    problems: list[ProblemRow],
    *,
    params: LedgerParams | None = None,
    year: int | None = None,
    as_of: date | None = None,
) -> Ledger:
    """Aggregate case rows into a :class:`Ledger`.

    With ``year`` only cases of that 计入年度 are kept (unreadable files stay listed: their
    year is unknown); disqualifications of earlier years are still carried into it.
    """
    params = params or load_ledger_params()
    as_of = as_of or date.today()
    all_providers = provider_years(rows, params)
    if year is not None:
        keep = [r for r in rows if not r.ok or r.year == year]
        providers = [p for p in all_providers if p.year == year]
        kept_files = {r.file for r in keep}
        problems = [p for p in problems if p.file in kept_files]
    else:
        keep = list(rows)
        providers = all_providers
    lines, totals = allocate_rewards(keep, params)
    return Ledger(
        rows=keep,
        problems=list(problems),
        duplicates=find_duplicates(keep),
        reward_lines=lines,
        reward_totals=totals,
        providers=providers,
        as_of=as_of,
        year=year,
        params=params,
        sources=len(rows),
    )


def load_ledger_params() -> LedgerParams:
    """The ledger's parameters from ``rules/params/bj_diagnosis.toml`` and ``bj_park_guide.toml``.

    Keys: ``provider_annual_reward_cap`` (第二十条), ``disqualify_unsatisfied_count``,
    ``disqualify_failed_count``, ``disqualify_ban_years`` (第二十二条), ``fraud_funding_ban_years``
    (第二十一条), ``reward_cap_park`` (第十九条), ``follow_up_years`` (指南六).
    """
    from greendiag.rules import load_params

    d = load_params("bj_diagnosis")
    g = load_params("bj_park_guide")

    return LedgerParams(
        annual_cap=float(d["provider_annual_reward_cap"].value),
        annual_cap_cite=str(d["provider_annual_reward_cap"].cite),
        unsatisfied_limit=int(d["disqualify_unsatisfied_count"].value),
        failed_limit=int(d["disqualify_failed_count"].value),
        status_cite=str(d["disqualify_ban_years"].cite),
        requalify_years=int(d["disqualify_ban_years"].value),
        funding_ban_years=int(d["fraud_funding_ban_years"].value),
        funding_ban_cite=str(d["fraud_funding_ban_years"].cite),
        reward_cite=str(d["reward_cap_park"].cite),
        follow_up_cite=str(g["follow_up_years"].cite),
    )


# --------------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------------

HEADER_ROW = 4
FIRST_ROW = 5

_GREEN = "375623"
_LIGHT = "E2EFDA"
_DATE = "yyyy-mm-dd"
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
    ("report_date", "报告提交日期", 12),
    ("meeting_date", "报告会日期", 12),
    ("satisfaction", "满意度评价", 10),
    ("review_result", "评审结果", 9),
    ("review_date", "评审日期", 12),
    ("materials_ok", "证明材料符合要求", 10),
    ("fee_charged", "收取费用", 8),
    ("fraud", "弄虚作假", 8),
    ("serious_impact", "严重不良影响", 8),
    ("duplicate", "重复", 26),
    ("status", "读取状态", 16),
)
LIST_COL = {key: i + 1 for i, (key, _, _) in enumerate(LIST_COLUMNS)}

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
    ("reward_tier", "奖励档次上限（万元）\n第十九条", 14),
    ("reward_amount", "计奖金额（万元）", 12),
    ("reward_note", "计奖说明（生成台账时）", 30),
    ("payable", "应拨付（万元）\n第二十条", 12),
    ("cut", "核减（万元）", 10),
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
    ("cite", "依据", 62),
)
TOTAL_COL = {key: i + 1 for i, (key, _, _) in enumerate(TOTAL_COLUMNS)}

PROVIDER_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("provider", "服务商", 30),
    ("year", "年度", 8),
    ("cases", "案例数", 8),
    ("unsatisfied", "“不满意”次数", 10),
    ("failed", "“不合格”次数", 10),
    ("fee_charged", "收取费用（件）", 10),
    ("fraud", "弄虚作假（件）", 10),
    ("serious_impact", "严重不良影响（件）", 10),
    ("carried", "往年取消资格延续", 30),
    ("status", "状态", 10),
    ("reasons", "取消资格理由", 40),
    ("trigger", "触发日期", 12),
    ("requalify_until", "不得重新入围截至\n（第二十二条，3年）", 16),
    ("funding_ban_until", "不得申请资金支持截至\n（第二十一条，5年）", 16),
    ("cite", "依据", 36),
)
PROVIDER_COL = {key: i + 1 for i, (key, _, _) in enumerate(PROVIDER_COLUMNS)}

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
        if not row.ok:
            return row.status
        return f"已读取（{row.problem_count} 条提示）" if row.problem_count else "已读取"
    if not row.ok and key not in ("file",):
        return None
    value = getattr(row, key)
    if key in ("materials_ok",):
        return "符合" if value else "不符合"
    if key in ("fee_charged", "fraud", "serious_impact"):
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
    bold = Font(bold=True)

    # ---- 批次工作清单 ------------------------------------------------------------------------
    s = _Sheet(wb, "批次工作清单", LIST_COLUMNS, f"绿色诊断批次工作清单（{scope}）", meta + "；依据《北京市制造业绿色诊断工作规则》第六至八条")
    n_rows = len(ledger.rows)
    for i in range(n_rows):
        r = FIRST_ROW + i
        for key, c in LIST_COL.items():
            value = _list_value(ledger, i, key)
            fmt = "#,##0.00" if key == "output_value" else None
            cell = s.put(r, c, value, fmt)
            if key == "duplicate" and value:
                cell.fill = warn_fill
        if not ledger.rows[i].ok:
            for c in range(1, len(LIST_COLUMNS) + 1):
                s.ws.cell(r, c).fill = grey_fill
    last_list = FIRST_ROW + n_rows - 1
    end = max(last_list, FIRST_ROW)
    validations = (
        ("satisfaction", '"非常满意,满意,一般,不满意"', "满意度评价只能是 非常满意/满意/一般/不满意（附件1-3）"),
        ("review_result", '"合格,不合格"', "评审结果只能是 合格/不合格（规则第十九条）"),
        ("materials_ok", '"符合,不符合"', "请选择 符合/不符合（规则第十九条）"),
        ("fee_charged", '"是,否"', "请选择 是/否（规则第二十二条1）"),
        ("fraud", '"是,否"', "请选择 是/否（规则第二十一条）"),
        ("serious_impact", '"是,否"', "请选择 是/否（规则第二十二条5）"),
    )
    for key, formula, message in validations:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        dv.error = message
        dv.errorTitle = "输入有误"
        col = _col(LIST_COL[key])
        dv.add(f"{col}{FIRST_ROW}:{col}{end}")
        s.ws.add_data_validation(dv)
    for key in ("team_check", "onsite_check", "basic_check"):
        col = _col(LIST_COL[key])
        s.ws.conditional_formatting.add(
            f"{col}{FIRST_ROW}:{col}{end}",
            FormulaRule(formula=[f'LEFT({col}{FIRST_ROW},3)="不符合"'], fill=warn_fill),
        )
    s.finish(last_list)
    # 32 columns: two A3 pages wide, with 序号…被诊断单位 repeated on the second
    s.ws.page_setup.fitToWidth = 2
    s.ws.print_title_cols = "A:D"

    def list_range(key: str) -> str:
        col = _col(LIST_COL[key])
        return f"'批次工作清单'!${col}${FIRST_ROW}:${col}${end}"

    # ---- 奖励测算 -------------------------------------------------------------------------
    s = _Sheet(
        wb, "奖励测算", REWARD_COLUMNS, f"奖励测算（逐案，{scope}）",
        "超出年度上限的部分按服务商、年度内的报告提交日期（空白在后）再按文件名先后核减：越过上限的案例部分拨付，其后案例为 0。"
        "评审结果、证明材料、计奖金额、应拨付均为公式：在“批次工作清单”中录入或修改评审结果、证明材料、弄虚作假后自动重算。",
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
    L = _col(REWARD_COL["reward_amount"])
    B = _col(REWARD_COL["provider"])
    C = _col(REWARD_COL["year"])
    N = _col(REWARD_COL["payable"])
    K = _col(REWARD_COL["reward_tier"])
    for k, line in enumerate(lines):
        r = FIRST_ROW + k
        row = ledger.rows[line.index]
        lr = FIRST_ROW + line.index

        def in_list(key: str, row: int = lr) -> str:
            return f"'批次工作清单'!${_col(LIST_COL[key])}${row}"

        res_ref, mat_ref, fraud_ref = in_list("review_result"), in_list("materials_ok"), in_list("fraud")
        values = {
            "seq": line.index + 1,
            "provider": row.provider,
            "year": row.year,
            "report_date": row.report_date,
            "file": row.file,
            "unit": row.unit,
            "kind": row.kind,
            "output_value": row.output_value,
            # review result, materials and fraud follow the work list, so that an officer who
            # enters the city's review there sees the reward, the cap and the totals follow
            "review_result": F(f'=IF({res_ref}="","未评审",{res_ref})'),
            "materials_ok": F(f'=IF({mat_ref}="","",{mat_ref})'),
            "reward_tier": row.reward_tier,
            "reward_amount": F(f'=IF(AND({res_ref}="合格",{mat_ref}="符合",{fraud_ref}<>"是",{K}{r}<>""),{K}{r},0)'),
            "reward_note": row.reward_note,
            "payable": F(
                f"=MAX(0,MIN({L}{r},$D$2-SUMIFS({L}${HEADER_ROW}:{L}{r - 1},"
                f"{B}${HEADER_ROW}:{B}{r - 1},{B}{r},{C}${HEADER_ROW}:{C}{r - 1},{C}{r})))"
            ),
            "cut": F(f"={L}{r}-{N}{r}"),
            "duplicate": ledger.duplicates.get(line.index, ""),
        }
        for key, c in REWARD_COL.items():
            fmt = _AMOUNT if key in ("output_value", "reward_tier", "reward_amount", "payable", "cut") else None
            cell = s.put(r, c, values[key] if values[key] != "" else None, fmt)
            if key == "duplicate" and values[key]:
                cell.fill = warn_fill
    last_reward = FIRST_ROW + len(lines) - 1
    rend = max(last_reward, FIRST_ROW)
    cut_col = _col(REWARD_COL["cut"])
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(REWARD_COLUMNS))}{rend}",
        FormulaRule(formula=[f"${cut_col}{FIRST_ROW}>0"], fill=warn_fill),
    )
    s.finish(last_reward)

    def reward_range(key: str) -> str:
        col = _col(REWARD_COL[key])
        return f"'奖励测算'!${col}${FIRST_ROW}:${col}${rend}"

    # ---- 奖励汇总 -------------------------------------------------------------------------
    s = _Sheet(
        wb, "奖励汇总", TOTAL_COLUMNS, f"奖励汇总（服务商 × 年度，{scope}）",
        f"计奖合计、可拨付与核减均为公式，引用“奖励测算”表；年度上限见“奖励测算”!D2（{p.annual_cap_cite}）。",
    )
    for k, t in enumerate(ledger.reward_totals):
        r = FIRST_ROW + k
        A, Bc = _col(TOTAL_COL["provider"]), _col(TOTAL_COL["year"])
        crit = f"{reward_range('provider')},{A}{r},{reward_range('year')},{Bc}{r}"
        values = {
            "provider": t.provider,
            "year": t.year,
            "cases": F(f"=COUNTIFS({crit})"),
            "total": F(f"=SUMIFS({reward_range('reward_amount')},{crit})"),
            "cap": F(f"={cap_ref}"),
            "payable": F(f"=MIN({_col(TOTAL_COL['cap'])}{r},{_col(TOTAL_COL['total'])}{r})"),
            "excess": F(f"={_col(TOTAL_COL['total'])}{r}-{_col(TOTAL_COL['payable'])}{r}"),
            "payable_check": F(f"=SUMIFS({reward_range('payable')},{crit})"),
            "cite": f"{p.reward_cite}；{p.annual_cap_cite}",
        }
        for key, c in TOTAL_COL.items():
            fmt = _AMOUNT if key in ("total", "cap", "payable", "excess", "payable_check") else None
            s.put(r, c, values[key], fmt)
    last_total = FIRST_ROW + len(ledger.reward_totals) - 1
    tend = max(last_total, FIRST_ROW)
    ex = _col(TOTAL_COL["excess"])
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(TOTAL_COLUMNS))}{tend}",
        FormulaRule(formula=[f"${ex}{FIRST_ROW}>0"], fill=warn_fill),
    )
    if ledger.reward_totals:
        r = last_total + 1
        s.put(r, 1, "合计").font = bold
        for key in ("cases", "total", "payable", "excess", "payable_check"):
            c = TOTAL_COL[key]
            cell = s.put(r, c, F(f"=SUM({_col(c)}{FIRST_ROW}:{_col(c)}{last_total})"), None if key == "cases" else _AMOUNT)
            cell.font = bold
    s.finish(last_total)
    s.ws.auto_filter.ref = f"A{HEADER_ROW}:{_col(len(TOTAL_COLUMNS))}{tend}"

    # ---- 服务商动态管理 --------------------------------------------------------------------
    s = _Sheet(
        wb, "服务商动态管理", PROVIDER_COLUMNS, f"服务商动态管理（{scope}）",
        f"次数为公式（COUNTIFS，引用“批次工作清单”）；状态按{p.status_cite}：一年内“不满意”“不合格”累计达到第 2 行的次数，"
        f"或收取费用、弄虚作假、造成严重不良影响，即取消资格，自触发日起按第 2 行年数不得重新入围；"
        f"弄虚作假另按第 2 行年数不得申请资金支持（{p.funding_ban_cite}）。",
    )
    ws = s.ws
    pcol = {key: _col(c) for key, c in PROVIDER_COL.items()}
    ws["A2"] = "参数（绿色底纹，可修改）："
    ws["A2"].font = bold
    limits = {
        "unsatisfied": p.unsatisfied_limit,
        "failed": p.failed_limit,
        "requalify_until": p.requalify_years,
        "funding_ban_until": p.funding_ban_years,
    }
    for key, value in limits.items():  # each parameter sits right above the column it governs
        vcell = ws[f"{pcol[key]}2"]
        vcell.value = value
        vcell.font = bold
        vcell.fill = PatternFill("solid", fgColor=_LIGHT)
        vcell.number_format = '0"次"' if key in ("unsatisfied", "failed") else '0"年"'
    ref = {key: f"${pcol[key]}$2" for key in limits}
    for k, py in enumerate(ledger.providers):
        r = FIRST_ROW + k
        A, Bc = _col(PROVIDER_COL["provider"]), _col(PROVIDER_COL["year"])
        crit = f"{list_range('provider')},{A}{r},{list_range('year')},{Bc}{r}"
        col = pcol
        status = F(
            f'=IF(OR({col["unsatisfied"]}{r}>={ref["unsatisfied"]},{col["failed"]}{r}>={ref["failed"]},'
            f'{col["fee_charged"]}{r}>0,{col["fraud"]}{r}>0,{col["serious_impact"]}{r}>0,{col["carried"]}{r}<>""),'
            '"取消资格","正常")'
        )
        if py.trigger_date is not None:
            requalify: Any = F(f'=IF({col["trigger"]}{r}="","",EDATE({col["trigger"]}{r},12*{ref["requalify_until"]}))')
        else:
            requalify = py.requalify_until
        funding: Any = None
        if py.fraud_date is not None:
            d = py.fraud_date
            funding = F(f'=EDATE(DATE({d.year},{d.month},{d.day}),12*{ref["funding_ban_until"]})')

        values = {
            "provider": py.provider,
            "year": py.year,
            "cases": F(f"=COUNTIFS({crit})"),
            "unsatisfied": F(f'=COUNTIFS({crit},{list_range("satisfaction")},"不满意")'),
            "failed": F(f'=COUNTIFS({crit},{list_range("review_result")},"不合格")'),
            "fee_charged": F(f'=COUNTIFS({crit},{list_range("fee_charged")},"是")'),
            "fraud": F(f'=COUNTIFS({crit},{list_range("fraud")},"是")'),
            "serious_impact": F(f'=COUNTIFS({crit},{list_range("serious_impact")},"是")'),
            "carried": py.carried_from or None,
            "status": status,
            "reasons": "；".join(py.reasons) or None,
            "trigger": py.trigger_date,
            "requalify_until": requalify,
            "funding_ban_until": funding,
            "cite": f"{p.status_cite}；{p.funding_ban_cite}" if py.fraud else p.status_cite,
        }
        for key, c in PROVIDER_COL.items():
            fmt = _DATE if key in ("trigger", "requalify_until", "funding_ban_until") else None
            s.put(r, c, values[key], fmt)
    last_prov = FIRST_ROW + len(ledger.providers) - 1
    pend = max(last_prov, FIRST_ROW)
    st = _col(PROVIDER_COL["status"])
    s.ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{_col(len(PROVIDER_COLUMNS))}{pend}",
        FormulaRule(formula=[f'${st}{FIRST_ROW}="取消资格"'], fill=bad_fill),
    )
    s.finish(last_prov)

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
        f"到期日 = 报告提交日期 + 1 年（{p.follow_up_cite}；《{RULES_DOC}》第十五条4）；"
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
            "feedback": None,
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
    """The rules of the ledger in Chinese, as printed on the sheet 说明."""
    from greendiag.rules import reward_tiers_text

    return [
        "计入年度：评审日期所在年度；未评审的按报告提交日期所在年度；均无的按诊断实施年份。"
        f"奖励按年度拨付（{p.annual_cap_cite}），“一年内”的次数（{p.status_cite}）也按该年度统计。",
        f"计奖金额：评审“合格”且证明材料符合要求的，按{p.reward_cite}的档次上限计"
        f"（{reward_tiers_text()}）；"
        "评审“不合格”或证明材料不符合要求的为 0（第十九条）；未评审的暂为 0；"
        f"弄虚作假的为 0 并追回资金（{p.funding_ban_cite}）。",
        f"年度上限：每家服务商每年可拨付合计不超过 {p.annual_cap:g} 万元（{p.annual_cap_cite}）。"
        "超出部分的核减规则：同一服务商同一年度内，案例按报告提交日期先后（无日期的在后）、再按文件名排序；"
        "越过上限的案例只拨付剩余额度，其后案例为 0。“奖励测算”中“应拨付”列之和等于“奖励汇总”中的“可拨付”。",
        f"服务商动态管理：一年内“不满意”累计达到 {p.unsatisfied_limit} 次、“不合格”累计达到 {p.failed_limit} 次，"
        f"或收取费用、弄虚作假、造成严重不良影响的，取消诊断资格，{p.requalify_years} 年内不得重新入围（{p.status_cite}）；"
        f"触发日期为达到次数的那一案例（或被标记案例）的评审日期（无则报告日期，再无则该年 12 月 31 日）。"
        f"弄虚作假的另 {p.funding_ban_years} 年内不得申请市经济和信息化局资金支持（{p.funding_ban_cite}），"
        "相关园区、企业同样受限。往年的取消资格在截至日前延续到以后年度。",
        "重复：被诊断单位名称（去除空格和标点、全角半角统一后）相同，或统一社会信用代码相同（均填写时）的案例互相标记，"
        "由工作人员核实；台账不自动剔除。",
        f"跟踪：到期日为报告提交日期后一年（{p.follow_up_cite}），到期未反馈的在“跟踪”表中标红。",
        "问题清单：列出每个文件读取时发现的全部问题；无法读取的文件在“批次工作清单”中以灰色行列出，不计入奖励与动态管理。",
        "公式：计奖金额、应拨付、计奖合计、可拨付、核减、次数与状态均为 Excel 公式：在“批次工作清单”中录入或修改满意度、"
        "评审结果、证明材料、收取费用、弄虚作假、严重不良影响后自动重算（计入年度与计奖说明为生成台账时的值）；同样的数值由 greendiag 以 Python 计算并经 LibreOffice 重算核对。",
    ]


def write_ledger(ledger: Ledger, path: Path | str, *, force: bool = False) -> Path:
    """Write the ledger workbook to ``path`` atomically (temp file + ``os.replace``).

    Raises ``FileExistsError`` (Chinese message) when ``path`` exists and ``force`` is False.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"台账文件已存在：{path}（如需覆盖请加 --force）")
    wb = build_workbook(ledger)
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
    "allocate_rewards",
    "case_row",
    "compute_ledger",
    "find_duplicates",
    "load_ledger_params",
    "normalize_code",
    "normalize_name",
    "provider_years",
    "replace",
    "write_ledger",
]
