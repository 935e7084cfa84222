"""greendiag policy core: the rules of the five source documents as cited data and pure functions.

No Excel and no Word here.  Parameters (thresholds, caps, leading values, deadlines, lists) live
in ``rules/params/*.toml`` with the document and article they come from.

Modules: ``indicators`` (附件2-1-2 scoring), ``diagnosis`` (《北京市制造业绿色诊断工作规则》 and the
park guide's procedure), ``assess`` (``assess_case``), ``units`` (北京市绿色制造单位管理暂行办法),
``heilongjiang``, ``guangzhou`` (their shared rules written once in ``gradient``), ``enterprise`` (the enterprise diagnosis: compliance checklist and vetoes,
benchmark gaps, grading), ``ledger`` (the city ledger: rewards, annual cap, duplicates, bans and
their periods over many cases); ``common`` holds shared helpers.

Public API (see docs/design.md "rules public API")::

    from greendiag.rules import INDICATORS, indicator_score, park_score, reward_cap, provider_annual_reward, \
        working_days, check_onsite, check_working_group, provider_status, follow_up_due, \
        check_basic_requirements, assess_case, CaseAssessment, YearAssessment
"""

from greendiag.rules import enterprise, guangzhou, heilongjiang, ledger, lifecycle, regions, units
from greendiag.rules.assess import CaseAssessment, IndicatorChange, YearAssessment, assess_case, assess_year
from greendiag.rules.citations import Check, Citation, Param, load_params
from greendiag.rules.diagnosis import (
    BASIC_REQUIREMENTS,
    BasicRequirement,
    ProviderStatus,
    check_basic_requirements,
    check_onsite,
    check_provider_eligibility,
    check_working_group,
    deadline_last_day,
    follow_up_due,
    is_related_field,
    is_senior_title,
    is_workday,
    onsite_min_workdays,
    parse_kind,
    provider_annual_reward,
    provider_status,
    reward_cap,
    reward_cap_text,
    reward_tiers_text,
    working_days,
)
from greendiag.rules.enterprise import COMPLIANCE_ITEMS, EnterpriseAssessment, assess_enterprise, benchmark_gap
from greendiag.rules.guangzhou import gz_star
from greendiag.rules.heilongjiang import hlj_review
from greendiag.rules.holidays import CalendarDay, CalendarYear, HolidayCalendar
from greendiag.rules.indicators import (
    METHOD_CITE,
    Indicator,
    indicator_count,
    indicator_score,
    indicator_states,
    min_scored,
    park_score,
    score_coverage,
    year_scores,
)
from greendiag.rules.units import factory_tier

__all__ = [
    "COMPLIANCE_ITEMS", "EnterpriseAssessment", "assess_enterprise", "benchmark_gap", "enterprise",
    "BASIC_REQUIREMENTS", "BasicRequirement", "CaseAssessment", "Check", "Citation", "INDICATORS",
    "Indicator", "IndicatorChange", "MAX_SCORE", "Param", "ProviderStatus", "YearAssessment",
    "assess_case", "factory_tier", "gz_star", "guangzhou", "heilongjiang", "hlj_review", "ledger", "lifecycle", "regions", "units", "assess_year", "check_basic_requirements", "check_onsite", "check_provider_eligibility",
    "check_working_group", "follow_up_due", "indicator_score", "indicator_states", "is_related_field", "is_senior_title",
    "load_params", "onsite_min_workdays", "park_score", "parse_kind", "provider_annual_reward",
    "provider_status", "reward_cap", "reward_cap_text", "reward_tiers_text", "working_days", "year_scores",
    "CalendarDay", "CalendarYear", "HolidayCalendar", "deadline_last_day", "is_workday", "METHOD_CITE", "MIN_SCORED",
    "score_coverage", "indicator_count", "min_scored",
]


def __getattr__(name: str):
    """``INDICATORS``, ``MAX_SCORE``, ``MIN_SCORED``: the current edition's, read at each access
    (:mod:`greendiag.rules.indicators`)."""
    if name in ("INDICATORS", "MAX_SCORE", "MIN_SCORED"):
        import importlib

        return getattr(importlib.import_module("greendiag.rules.indicators"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
