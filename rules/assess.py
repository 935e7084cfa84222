"""``assess_case``: everything documents and ledgers show about one case, each with its citation."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from greendiag.rules import citations as _C
from greendiag.rules import diagnosis as d
from greendiag.rules.citations import Check, Citation, Edition, load_params, using, with_edition
from greendiag.rules.enterprise import EnterpriseAssessment, assess_enterprise
from greendiag.rules.indicators import (
    METHOD_CITE,
    SCORE_CITE,
    indicator_count,
    indicator_states,
    indicators,
    mean_score,
    min_scored,
    score_coverage,
    year_scores,
)
from greendiag.rules.models import Case, CaseKind, IndicatorYear
from greendiag.rules.plausibility import PENDING, amount_doubt, output_value_pending

_IND = load_params("indicators")
YEARS_CITE = _IND["years_before_diagnosis"].cite


class YearAssessment(BaseModel):
    """Scores of one yearly table of 附件2-1-2: 31 scores (``None`` = blank/不适用) and their mean."""

    model_config = ConfigDict(frozen=True)

    year: int
    scores: tuple[float | None, ...]
    park_score: float | None
    scored_count: int = 0
    """Number of indicators that entered the mean (not blank, not 不适用)."""
    comparable: bool = True
    """False when fewer than ``min_scored`` indicators entered the mean (greendiag's default 16)."""
    min_scored: int = 0
    """The edition's minimum (``rules.indicators.min_scored``)."""
    coverage: str = ""
    """e.g. "31项中12项参与评分，少于16项，评分不可比"."""
    cite: Citation = SCORE_CITE
    method_cite: Citation = METHOD_CITE


class IndicatorChange(BaseModel):
    """Year-over-year change of one indicator over the three tables (附件2-1 报告四 asks for it).

    ``values``: the raw entries, oldest first (number, state text or ``None``).
    ``delta``: last minus first numeric value (``None`` if fewer than two numbers).
    ``trend``: 改善 / 变差 / 持平 / "" (not judgeable), taking the direction into account.
    """

    model_config = ConfigDict(frozen=True)

    number: int
    name: str
    unit: str
    direction: str
    years: tuple[int, ...]
    values: tuple[float | str | None, ...]
    delta: float | None
    trend: str


class CaseAssessment(BaseModel):
    """Result of :func:`assess_case`.

    ``reward_cap`` is ``None`` only when it cannot be determined (an enterprise without output
    value, or with an implausible unconfirmed one: ``rules.plausibility``, 待核对): ``reward_cap_text``
    then says why.  Dates are ``date``; amounts 万元; scores points.
    """

    model_config = ConfigDict(frozen=True)

    kind: CaseKind
    team: Check
    onsite: Check
    onsite_workdays: int | None
    onsite_min_workdays: int
    basic: Check | None
    years: tuple[YearAssessment, ...]
    years_check: Check | None = None
    changes: tuple[IndicatorChange, ...] = ()
    reward_cap: float | None
    reward_cite: Citation
    reward_cap_text: str
    follow_up_due: date | None
    follow_up_cite: Citation
    follow_up_note: str = ""
    """Enterprise: says the one-year date is greendiag's practice (the guide's 六 is for parks)."""
    provider_flags: tuple[str, ...] = ()
    """This case's events that count towards 第二十二条 (不满意, 不合格, fees, fraud …)."""
    enterprise: EnterpriseAssessment | None = None
    """Enterprise only: compliance, vetoes, benchmark gaps, grading (``rules.enterprise``)."""

    @property
    def latest_park_score(self) -> float | None:
        """Park score of the most recent year (``None`` for an enterprise or no data)."""
        return self.years[-1].park_score if self.years else None


@with_edition
def assess_year(table: IndicatorYear, leading_values=None) -> YearAssessment:
    """Score one yearly table of 附件2-1-2 (entries by number; missing numbers count as blank)."""
    by_no = {e.number: e for e in table.entries}
    values = []
    for n in range(1, indicator_count() + 1):
        e = by_no.get(n)
        values.append(None if e is None or e.not_applicable else e.value)
    scores = year_scores(values, leading_values)
    n = sum(1 for s in scores if s is not None)
    comparable, coverage = score_coverage(n)
    return YearAssessment(
        year=table.year,
        scores=tuple(scores),
        park_score=mean_score(scores),
        scored_count=n,
        comparable=comparable,
        min_scored=min_scored(),
        coverage=coverage,
    )


def _changes(tables: tuple[IndicatorYear, ...]) -> tuple[IndicatorChange, ...]:
    out = []
    maps = [{e.number: e for e in t.entries} for t in tables]
    for ind in indicators():
        vals: list[float | str | None] = []
        for m in maps:
            e = m.get(ind.number)
            vals.append(None if e is None else ("不适用" if e.not_applicable else e.value))
        nums = [v for v in vals if isinstance(v, (int, float))]
        delta = nums[-1] - nums[0] if len(nums) >= 2 else None
        trend = ""
        if ind.direction == "qualitative":
            order = indicator_states(ind.number)  # leading (best) state first: 完善, 较完善, 不完善
            ranks = [order.index(v) for v in vals if isinstance(v, str) and v in order]
            if len(ranks) >= 2:  # the trend follows the states' order: 不完善→较完善 is 改善
                trend = "持平" if ranks[-1] == ranks[0] else ("改善" if ranks[-1] < ranks[0] else "变差")
        elif delta is not None:
            better = delta > 0 if ind.direction == "higher" else delta < 0
            trend = "持平" if delta == 0 else ("改善" if better else "变差")
        out.append(IndicatorChange(
            number=ind.number, name=ind.name, unit=ind.unit, direction=ind.direction,
            years=tuple(t.year for t in tables), values=tuple(vals), delta=delta, trend=trend,
        ))
    return tuple(out)


def assess_case(case: Case, leading_values=None, *, edition: Edition | None = None) -> CaseAssessment:
    """Judge one case against the rules of seeds 000/001, in ``edition`` of the rulebook: by default
    the edition the case's workbook was stamped with (``case.edition``), else the current one.
    Raises :class:`~greendiag.rules.citations.RulebookError` for a stamp before every edition.

    ``leading_values`` (optional, 31 items in the order of 附件2-1-2, ``None`` = default) overrides
    the default 引领值 for the indicator scores; by default the cited parameters are used.

    Team (《规则》第十一条第2项; 指南三（二））, on-site working days (第十二条, with the case's
    calendar: the workbook's 节假日安排 for the years it adds, else chinesecalendar), basic requirements
    (指南附件2-1-1, park), indicator scores of the three years (指南附件2-1-2), reward cap (第十九条),
    follow-up date (指南六 for a park; for an enterprise greendiag's practice, ``follow_up_note``),
    this case's provider events (第二十一、二十二条).  Never raises for a
    validated ``Case``: problems are reasons in the checks (e.g. a calendar year not yet known).
    """
    if edition is None:
        edition = _C.stamped_edition(case.edition)
    with using(edition):
        return _assess_case(case, leading_values)


def _assess_case(case: Case, leading_values=None) -> CaseAssessment:
    kind = case.kind
    team = d.check_working_group(kind, case.team)
    p = case.process
    workdays: int | None = None
    try:
        onsite = d.check_onsite(kind, p.onsite_start, p.onsite_end, case.calendar)
        if p.onsite_start and p.onsite_end and p.onsite_end >= p.onsite_start:
            workdays = d.working_days(p.onsite_start, p.onsite_end, case.calendar)
    except ValueError as exc:
        onsite = Check(ok=False, reasons=(f"{exc}（{d.ONSITE_CITE}）",), cite=d.ONSITE_CITE)

    basic = d.check_basic_requirements(case.basic_requirements) if kind is CaseKind.PARK else None

    years: tuple[YearAssessment, ...] = ()
    years_check = None
    changes: tuple[IndicatorChange, ...] = ()
    if kind is CaseKind.PARK:
        years = tuple(assess_year(t, leading_values) for t in case.indicator_years)
        expected = [case.diagnosis_year - k for k in (3, 2, 1)]
        got = [t.year for t in case.indicator_years]
        if got == expected:
            years_check = Check(ok=True, cite=YEARS_CITE)
        else:
            years_check = Check(
                ok=False,
                reasons=(f"指标数据年份为{'、'.join(map(str, got)) or '空'}，原则上应为诊断实施年份的前三年"
                         f"{'、'.join(map(str, expected))}（{YEARS_CITE}）",),
                cite=YEARS_CITE,
            )
        if case.indicator_years:
            changes = _changes(case.indicator_years)

    r = case.review
    output = getattr(case.application, "output_value", None)
    try:
        cap: float | None = d.reward_cap(kind, output, r.result, r.materials_ok)
        cap_text = d.reward_cap_text(kind, output, r.result, r.materials_ok)
        if r.result is None:
            cap_text += "；尚未评审，评审结果为“不合格”的不予资金奖励"
    except ValueError as exc:
        cap, cap_text = None, f"无法测算奖励上限：{exc}（{d.REWARD_CITE}）"
    if output_value_pending(output, getattr(case.application, "output_value_confirmed", False)):
        doubt = amount_doubt("application.output_value", "企业上一年度产值", output)
        cap, cap_text = None, f"奖励上限{PENDING}：{doubt.message if doubt else ''}（{d.REWARD_CITE}）"

    flags: list[str] = []
    ps = d.P
    if case.satisfaction.level == "不满意":
        flags.append(f"满意度评价为“不满意”，计入服务商一年内“不满意”次数（累计{ps['disqualify_unsatisfied_count'].value}次取消资格，{ps['disqualify_unsatisfied_count'].cite}）")
    if r.result == "不合格":
        flags.append(f"评审结果为“不合格”，计入服务商一年内“不合格”次数（累计{ps['disqualify_failed_count'].value}次取消资格，{ps['disqualify_failed_count'].cite}）")
    if r.fee_charged or r.serious_impact or r.application_fraud or r.funds_fraud:
        st = d.provider_status(0, 0, fee_charged=r.fee_charged, fraud=r.application_fraud,
                               serious_impact=r.serious_impact, funds_fraud=r.funds_fraud)
        flags.append(st.text)

    return CaseAssessment(
        kind=kind,
        team=team,
        onsite=onsite,
        onsite_workdays=workdays,
        onsite_min_workdays=d.onsite_min_workdays(kind),
        basic=basic,
        years=years,
        years_check=years_check,
        changes=changes,
        reward_cap=cap,
        reward_cite=d.REWARD_CITE,
        reward_cap_text=cap_text,
        follow_up_due=d.follow_up_due(p.report_date) if p.report_date else None,
        follow_up_cite=d.FOLLOW_UP_CITE if kind is CaseKind.PARK else d.ENTERPRISE_FOLLOW_UP_CITE,
        follow_up_note="" if kind is CaseKind.PARK else d.ENTERPRISE_FOLLOW_UP_NOTE,
        provider_flags=tuple(flags),
        enterprise=assess_enterprise(case),
    )
