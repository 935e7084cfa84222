"""The city batch ledger (批次台账): the workbook that lays out the city ledger's rules.

Every rule lives in :mod:`greendiag.rules.ledger` (rewards, the annual cap, duplicates, counts
within any 12 months, bans and their periods, each cited); this module only

* flattens a case into a :class:`CaseRow` (:func:`case_row`: the facts of
  :class:`greendiag.rules.ledger.LedgerCase` plus what the work list displays),
* collects the rules' results into a :class:`Ledger` (:func:`compute_ledger`), and
* writes the workbook (:func:`write_ledger`) laid out by :mod:`greendiag.workbooks.ledger`, whose totals,
  counts, bans and payable amounts are native formulas over the ledger's own tables (COUNTIFS / SUMIFS /
  EDATE / SUMPRODUCT), so that an officer who enters a review result, a decided amount (核定奖励金额) or
  a decision date sees everything follow.  :class:`Ledger` holds the same numbers computed by the rules;
  a LibreOffice recalculation test compares the two.

The rules as printed on the sheet 说明: :func:`greendiag.workbooks.ledger.explanation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from greendiag.files import atomic_path
from greendiag.rules import CaseAssessment
from greendiag.rules import ledger as L
from greendiag.rules.citations import Edition, stamped_edition, using
from greendiag.rules.diagnosis import ENTERPRISE_FOLLOW_UP_NOTE
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
from greendiag.rules.models import Case
from greendiag.workbooks.ledger import build_workbook

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


def case_row(case: Case, assessment: CaseAssessment | None, file: str, *, problem_count: int = 0) -> CaseRow:
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
        tier: float | None = float(rules.reward_cap(case.kind, getattr(app, "output_value", None), None, True,
                                                    edition=stamped_edition(getattr(case, "edition", None))))
    except (ValueError, TypeError):
        tier = None
    process = case.process
    basic = getattr(assessment, "basic", None)
    latest = assessment.years[-1] if is_park and getattr(assessment, "years", None) else None
    if latest is not None and latest.scored_count:
        coverage = f"{latest.year}年 {latest.scored_count}/{rules.indicator_count()}项" + ("" if latest.comparable else "，不可比")
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
    key), so that caps, counts and bans see one provider; a 提示 on 问题清单 for each row renamed.  Names that are
    close but not the same key: :func:`doubtful_parties`."""
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
    return out, notes


DOUBTFUL_NOTE = {
    "provider": "疑似同一服务商（名称相近）：“{a}”（{fa}）与“{b}”（{fb}）未合并，按两家服务商计（年度上限、次数、限制各自计算），"
                "请核实；如为同一服务商，请在案例工作簿中统一名称",
    "unit": "疑似同一被诊断单位（名称相近）：“{a}”（{fa}）与“{b}”（{fb}）未合并，按两个单位计（重复案例、资金支持限制各自判断），"
            "请核实；如为同一单位，请在案例工作簿中统一名称或填写统一社会信用代码",
}
DOUBTFUL_PREFIXES = tuple(m.split("：")[0] for m in DOUBTFUL_NOTE.values())
"""How :func:`doubtful_parties`' rows of 问题清单 begin (the batch summary counts them)."""


def doubtful_parties(rows: list[CaseRow], shown: set[str] | None = None) -> list[ProblemRow]:
    """提示 rows of 问题清单 for every pair of providers, and of diagnosed units, whose names are close but not the
    same key (:func:`greendiag.rules.identity.doubtful_pairs`): listed for an officer, never merged.  Two units
    that both have a 统一社会信用代码 are decided by it (never doubtful).  With ``shown`` (the files a year's ledger
    lists) only pairs with a case among them; each row names the file of such a case."""
    from greendiag.rules.identity import doubtful_pairs

    out: list[ProblemRow] = []
    for kind in ("provider", "unit"):
        names: dict[str, tuple[str, list[str], set[str]]] = {}  # key -> (first spelling, files, code keys)
        for r in rows:
            name = getattr(r, kind) if r.ok else ""
            if not name.strip():
                continue
            entry = names.setdefault(normalize_name(name), (name, [], set()))
            entry[1].append(r.file)
            if kind == "unit" and normalize_code(r.credit_code):
                entry[2].add(normalize_code(r.credit_code))
        parties = list(names.values())
        for i, j in doubtful_pairs([p[0] for p in parties]):
            (a, fa, ca), (b, fb, cb) = parties[i], parties[j]
            if ca and cb:
                continue
            files = [f for f in fb + fa if shown is None or f in shown]
            if not files:
                continue
            out.append(ProblemRow(files[0], value=f"{a}；{b}", level="提示", message=DOUBTFUL_NOTE[kind].format(
                a=a, b=b, fa=_files(fa), fb=_files(fb))))
    return out


def _files(files: list[str]) -> str:
    return "、".join(files[:3]) + (f" 等 {len(files)} 个案例" if len(files) > 3 else "")


def compute_ledger(
    rows: list[CaseRow],
    problems: list[ProblemRow],
    *,
    params: LedgerParams | None = None,
    year: int | None = None,
    as_of: date | None = None,
    edition: Edition | None = None,
) -> Ledger:
    """Apply the ledger rules (:func:`greendiag.rules.ledger.settle`) and collect a :class:`Ledger`.

    With ``year`` only cases of that 计入年度 are listed (unreadable files stay listed: their
    year is unknown); the other years' cases still count for “一年内” and their bans carry over.
    ``edition``: the rulebook edition of the ledger's own rules (annual cap, counts, bans; default the
    current one); each case's 第十九条 cap was read in its workbook's edition (:func:`case_row`).
    """
    with using(edition):
        return _compute_ledger(rows, problems, params=params, year=year, as_of=as_of)


def _compute_ledger(
    rows: list[CaseRow], problems: list[ProblemRow], *, params: LedgerParams | None, year: int | None,
    as_of: date | None,
) -> Ledger:
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
        kept_files: set[str] | None = {r.file for r in keep}
        problems = [p for p in problems if p.file in kept_files]
    else:
        keep_idx, keep, other_idx = list(range(len(rows))), list(rows), []
        providers, kept_files = all_providers, None
    problems += doubtful_parties(rows, kept_files)
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
    "DOUBTFUL_NOTE",
    "DOUBTFUL_PREFIXES",
    "CaseRow",
    "Ledger",
    "LedgerParams",
    "ProblemRow",
    "ProviderYear",
    "RewardLine",
    "RewardTotal",
    "case_row",
    "compute_ledger",
    "doubtful_parties",
    "one_provider_name",
    "find_duplicates",
    "load_ledger_params",
    "normalize_code",
    "normalize_name",
    "replace",
    "write_ledger",
]
