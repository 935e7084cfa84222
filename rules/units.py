"""《北京市绿色制造单位管理暂行办法（征求意见稿）》(seed 002, a draft for comment).

Green-factory tiers (第七条), incubation pool line 60 (第八条) and the diagnosis report it needs
(第五条), revocation grounds (第十条), 30-day change reporting (第十一条), 3-year re-application ban
(第十二条).  Parameters: ``rules/params/bj_units.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from greendiag.rules.citations import Check, Citation, edition_params, with_edition
from greendiag.rules.common import as_date, check_score, cn_count, grounds, grounds_check
from greendiag.rules.diagnosis import deadline_last_day
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.ledger import CITE_PERIOD, ban_last_day, first_allowed_day

U = edition_params("bj_units")
TIER_CITE = U["tier_names"].cite
POOL_CITE = U["incubation_pool_min_score"].cite
REVOCATION_CITE = U["revocation_1"].cite.model_copy(update={"article": "第十条"})
CHANGE_CITE = U["change_report_days"].cite
REAPPLY_CITE = U["reapply_ban_years"].cite
REVOCATION_GROUNDS = grounds(U, "revocation_")
DOC = U["tier_names"].cite.document
POOL_REVIEW_CITE = Citation(document=DOC, article="第六条")
"""市经济和信息化局对申请入库单位进行审核，符合条件的经公示无异议后纳入培育库 (第六条)."""
DYNAMIC_CITE = Citation(document=DOC, article="第九条")
"""按照国家相关要求开展动态管理 (第九条): the 动态管理表 date comes from the national notice."""


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


def pool_report_year(report_years: object, apply_year: int) -> int | None:
    """The latest of ``report_years`` (years of a unit's 绿色诊断评估报告) that 第五条 accepts for applying to
    the 培育库 in ``apply_year`` — 本年度或上一年度 — or ``None`` when none does."""
    span = int(U["incubation_report_years"].value)
    ok = [y for y in report_years or () if apply_year - span <= y <= apply_year]
    return max(ok) if ok else None


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


REVIEW_FAILED_GROUNDS = (1, 2, 4)
"""第十条 grounds read as 「因复审不通过被撤销」 (第十二条): （一）未按规定参加复审, （二）复审评价结果不合格,
（四）提供虚假复审材料和数据.  greendiag's reading of 第十二条 (the article names no ground numbers)."""

_REAPPLY_REASONS = {"复审不通过": True, "复审不合格": True, "重大调整": False, "重组": False,
                    "主营业务变更": False, "厂区迁址": False}


def revocation_ground(ground: object) -> int:
    """The number 1–7 of a 第十条 ground from ``4``, ``"（四）"``, ``"第十条（四）"`` or its text
    (``"提供虚假复审材料和数据"``, a leading part of it is enough).  ``ValueError`` (Chinese) otherwise."""
    if isinstance(ground, int) and not isinstance(ground, bool) and 1 <= ground <= len(REVOCATION_GROUNDS):
        return ground
    t = str(ground or "").strip().replace(" ", "").replace("(", "（").replace(")", "）")
    for k, p in enumerate(REVOCATION_GROUNDS, 1):
        num = "一二三四五六七"[k - 1]
        if t in (str(k), f"（{num}）", f"第十条（{num}）", p.value) or (len(t) >= 4 and p.value.startswith(t)):
            return k
    raise ValueError(f"撤销情形“{ground}”无效：应为第十条（一）至（七）之一，如“第十条（四）”或“提供虚假复审材料和数据”")


@dataclass(frozen=True)
class Ban:
    """A running bar with its days (one convention, 《民法典》第二百零一、二百零二条, as the ledger's bans):
    ``start`` (the decision day, not counted), ``last_day`` (the corresponding day ``years`` later),
    ``first_allowed`` (the day after), ``what`` (不得重新申报 …), ``reason`` and ``cite``."""

    what: str
    reason: str
    start: date
    years: int
    cite: Citation

    @property
    def last_day(self) -> date:
        return ban_last_day(self.start, self.years)

    @property
    def first_allowed(self) -> date:
        return first_allowed_day(self.start, self.years)

    def running(self, on: date) -> bool:
        return self.start <= on <= self.last_day

    @property
    def text(self) -> str:
        return (f"{self.what}：{self.reason}，{self.start:%Y-%m-%d}起{cn_count(self.years)}年，"
                f"最后受限日{self.last_day:%Y-%m-%d}，{self.first_allowed:%Y-%m-%d}起不再受此限制（{self.cite}；期间计算：{CITE_PERIOD}）")


@with_edition
def reapply_ban(revoked: date, ground: object) -> Ban | None:
    """The 3-year re-application ban of a unit revoked on ``revoked`` for a 第十条 ``ground``
    (see :func:`revocation_ground`), or ``None`` when 第十二条 sets none.

    Grounds （一）（二）（四） are 复审不通过 (:data:`REVIEW_FAILED_GROUNDS`): 三年内不得重新申报绿色制造单位
    (第十二条); ``reapply_ban(date(2026, 6, 15), "第十条（四）")`` has last day 2029-06-15 and first
    allowed day 2029-06-16.  Other grounds: the article sets no period (``None``).
    """
    d = as_date(revoked, "撤销日期")
    k = revocation_ground(ground)
    if k not in REVIEW_FAILED_GROUNDS:
        return None
    return Ban(what="不得重新申报绿色制造单位", reason=f"因复审不通过被撤销（{REVOCATION_GROUNDS[k - 1].cite}）",
               start=d, years=int(U["reapply_ban_years"].value), cite=REAPPLY_CITE)


@with_edition
def reapply_from(revoked: date, reason: str) -> date:
    """First date a revoked unit may apply again (第十二条): the day after the last barred day.

    ``reason`` 复审不通过 (or a 第十条 ground （一）（二）（四）) → the day after the corresponding day three
    years after revocation (``reapply_from(date(2026, 3, 1), "复审不通过")`` is 2029-03-02, one convention with
    the ledger's bans, :func:`greendiag.rules.ledger.first_allowed_day`); 重大调整 (重组、主营业务变更、厂区迁址)
    → at once.  Another 第十条 ground sets no period → at once.  Other text: ``ValueError``.
    """
    d = as_date(revoked, "撤销日期")
    r = (reason or "").strip()
    if r in _REAPPLY_REASONS:
        return first_allowed_day(d, int(U["reapply_ban_years"].value)) if _REAPPLY_REASONS[r] else d
    try:
        ban = reapply_ban(d, r)
    except ValueError:
        raise ValueError(f"撤销原因“{r}”无效：第十二条只规定了“复审不通过”和“重大调整”（重组、主营业务变更、厂区迁址）两种情形，"
                         "也可填第十条的撤销情形，如“第十条（四）”") from None
    return ban.first_allowed if ban else d
