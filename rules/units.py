"""《北京市绿色制造单位管理暂行办法（征求意见稿）》(seed 002, a draft for comment).

Green-factory tiers (第七条), incubation pool line 60 (第八条) and the diagnosis report it needs
(第五条), revocation grounds (第十条), 30-day change reporting (第十一条), 3-year re-application ban
(第十二条).  Parameters: ``rules/params/bj_units.toml``.
"""

from __future__ import annotations

from datetime import date, timedelta

from greendiag.rules.citations import Check, edition_params, with_edition
from greendiag.rules.common import add_years, as_date, check_score, grounds, grounds_check
from greendiag.rules.diagnosis import deadline_last_day
from greendiag.rules.holidays import HolidayCalendar

U = edition_params("bj_units")
TIER_CITE = U["tier_names"].cite
POOL_CITE = U["incubation_pool_min_score"].cite
REVOCATION_CITE = U["revocation_1"].cite.model_copy(update={"article": "第十条"})
CHANGE_CITE = U["change_report_days"].cite
REAPPLY_CITE = U["reapply_ban_years"].cite
REVOCATION_GROUNDS = grounds(U, "revocation_")


@with_edition
def factory_tier(score: float) -> str:
    """Green-factory tier from the 分级评价得分 (《…管理暂行办法（征求意见稿）》第七条).

    < 60 → 绿色工厂达标企业; 60 (含) – < 80 → 绿色工厂优质企业; 80 (含) – < 90 → 绿色工厂标杆企业;
    ≥ 90 → 绿色工厂领军企业.  ``ValueError`` for a negative or non-numeric score.
    """
    s = check_score(score)
    names = U["tier_names"].value
    if s >= U["tier_leader_min"].value:
        return names[3]
    if s >= U["tier_benchmark_min"].value:
        return names[2]
    if s >= U["tier_quality_min"].value:
        return names[1]
    return names[0]


@with_edition
def factory_tier_duty(score: float) -> str:
    """What the tier of ``score`` must do next (第七条（一）–（四））."""
    return U["tier_duties"].value[U["tier_names"].value.index(factory_tier(score))]


@with_edition
def check_incubation_pool(score: float, report_year: int | None = None, apply_year: int | None = None) -> Check:
    """May a green-factory applicant enter the 培育库?  Score ≥ 60 (第八条, "原则上").

    With ``report_year`` and ``apply_year`` also checks that the 绿色诊断评估报告 is of the
    application year or the year before (第五条).
    """
    s = check_score(score)
    line = U["incubation_pool_min_score"].value
    reasons = []
    if s < line:
        reasons.append(f"分级评价得分{s:g}分，未达到入库分数线{line}分（{POOL_CITE}）")
    if report_year is not None and apply_year is not None:
        if not (apply_year - U["incubation_report_years"].value <= report_year <= apply_year):
            reasons.append(
                f"绿色诊断评估报告为{report_year}年度，应为本年度或上一年度（{apply_year}或{apply_year - 1}年）"
                f"（{U['incubation_report_years'].cite}）"
            )
    return Check(ok=not reasons, reasons=tuple(reasons), cite=POOL_CITE)


def check_revocation(flags: list[bool] | tuple[bool, ...]) -> Check:
    """Grounds for revoking a green-manufacturing unit (第十条（一）–（七））: 7 flags in order.

    ``ok`` means no ground applies (keep the title); each true flag becomes a reason.
    """
    return grounds_check(REVOCATION_GROUNDS, list(flags), REVOCATION_CITE)


@with_edition
def change_report_due(handled: date, calendar: HolidayCalendar | None = None) -> date:
    """Last day to apply for a name change / re-review: 30 days after the formalities (第十一条).

    The day the formalities were completed is not counted (calendar days, 《民法典》第二百零一条);
    a last day that falls on a holiday or rest day moves to the next working day (《民法典》第二百零三条):
    ``change_report_due(date(2025, 9, 1))`` is 2025-10-09, not 2025-10-01 (国庆节).  ``calendar`` adds
    years the library does not know (see :func:`greendiag.rules.diagnosis.is_workday`); ``ValueError``
    (Chinese) when the last day's year is known to neither.
    """
    nominal = as_date(handled, "办理相关手续日期") + timedelta(days=int(U["change_report_days"].value))
    return deadline_last_day(nominal, calendar)


_REAPPLY_REASONS = {"复审不通过": True, "复审不合格": True, "重大调整": False, "重组": False,
                    "主营业务变更": False, "厂区迁址": False}


@with_edition
def reapply_from(revoked: date, reason: str) -> date:
    """First date a revoked unit may apply again (第十二条).

    ``reason`` 复审不通过 → 3 years after revocation; 重大调整 (重组、主营业务变更、厂区迁址) → at once.
    Other reasons are not regulated by 第十二条: ``ValueError``.
    """
    d = as_date(revoked, "撤销日期")
    r = (reason or "").strip()
    if r not in _REAPPLY_REASONS:
        raise ValueError(f"撤销原因“{r}”无效：第十二条只规定了“复审不通过”和“重大调整”（重组、主营业务变更、厂区迁址）两种情形")
    return add_years(d, int(U["reapply_ban_years"].value)) if _REAPPLY_REASONS[r] else d
