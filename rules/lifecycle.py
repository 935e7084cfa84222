"""A green-manufacturing unit over its life: status, grade, 动态管理表 deadline, change reports, bans and
alerts, all derived from the unit's listing and its dated events under its region's document.

Documents (one per region, :mod:`greendiag.rules.regions`):

* 北京 — 《北京市绿色制造单位管理暂行办法（征求意见稿）》: tiers of national green factories (第七条),
  动态管理 按照国家相关要求 (第九条: the 动态管理表 date is the national notice's, given as a parameter),
  revocation (第十条（一）–（七））, change reports within 30 days (第十一条), 3-year re-application ban
  (第十二条).
* 黑龙江 — 实施细则: 动态管理表 3月30日前 (第二十七条), removal (第三十条: 拒不按时填报 is a ground the
  bureau decides, not an automatic removal), changes explained in the 动态管理表 (第三十一条), a removed
  unit may not apply for three years (第十五条（三）).
* 广州 — 暂行办法: 动态管理表 4月1日前 (第十三条), cultivation objects valid three years (第九条), removal
  (第十六条), changes explained in the 动态管理表 (第十五条), three years barred after removal (第十二条（三））.

Every period uses one convention (《民法典》第二百零一、二百零二条, as the ledger's bans,
:func:`greendiag.rules.ledger.ban_last_day`): the starting day is not counted, the corresponding day is
the last day, the next day the first allowed one; a 30-day report period ending on a rest day moves to the
next working day (第二百零三条, :func:`greendiag.rules.units.change_report_due`).

greendiag's own choices (not rules of the documents), documented here: a listed unit files its first
动态管理表 in the year after its listing year; a filing counts for the year it is made in; alerts look
:data:`ALERT_DAYS` days ahead; a revocation or removal ends the unit's duties (filings, change reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from greendiag.rules import guangzhou, heilongjiang, regions, units
from greendiag.rules.citations import Citation
from greendiag.rules.common import as_date, grounds
from greendiag.rules.holidays import HolidayCalendar
from greendiag.rules.units import Ban

ALERT_DAYS = 60
"""How far ahead (days) the 名单管理 alerts look for deadlines, validity ends and bans ending (greendiag's default)."""

LIST_KINDS = ("绿色工厂", "绿色工业园区", "绿色供应链管理企业")
LEVELS = ("国家级", "省级", "市级", "培育库")

# event kinds an officer records (the 名单管理 workbook's dropdown)
LISTED = "列入名单"
POOL = "纳入培育库"
REVIEW = "复审"
FILED = "填报动态管理表"
RENAMED = "更名"
MAJOR_CHANGE = "重大调整"
CHANGE_REPORTED = "提交变更申请"
REVOKED = "撤销"
REMOVED = "移出"
GRADED = "分级评价"
EVENT_KINDS = (LISTED, POOL, REVIEW, FILED, RENAMED, MAJOR_CHANGE, CHANGE_REPORTED, REVOKED, REMOVED, GRADED)
REVIEW_RESULTS = ("合格", "不合格")
MAJOR_CHANGES = ("重组", "主营业务变更", "厂区迁址")

STATUS_LISTED = "在名单"
STATUS_POOL = "培育库"
STATUS_POOL_EXPIRED = "培育期满"
STATUS_REVOKED = "已撤销"
STATUS_REMOVED = "已移出"


def revocation_grounds(region: str) -> tuple[str, ...]:
    """The grounds an officer may record for a 撤销 (北京 第十条（一）–（七）) or 移出 (黑龙江 第三十条, 广州
    第十六条) of a unit of ``region``, as ``"第十条（四）提供虚假复审材料和数据"``; ``()`` for another region."""
    if region == regions.BEIJING:
        return tuple(f"{p.cite.article}{p.value}" for p in units.REVOCATION_GROUNDS) + ("重大调整",)
    if region not in (regions.HEILONGJIANG, regions.GUANGZHOU):
        return ()
    p = _params(region)
    acc = p["removal_accident"]
    return tuple(f"{x.cite.article}{x.value}" for x in grounds(p, "removal_")) + (f"{acc.cite.article}{acc.value}",)


def check_event(region: str, e: UnitEvent) -> str:
    """Why ``e`` cannot be recorded for a unit of ``region`` (Chinese), or ``''`` when it can: a known kind, a
    复审 result, a 撤销/移出 ground of the region's document (北京 第十条（一）–（七） or a 重大调整; 黑龙江
    第三十条; 广州 第十六条), a 重大调整 type, a score for 分级评价."""
    if e.kind not in EVENT_KINDS:
        return f"事件类型“{e.kind}”无效：应为 {'、'.join(EVENT_KINDS)}"
    if e.kind == REVIEW and e.result not in REVIEW_RESULTS:
        return "复审应选择结果：合格 或 不合格"
    if e.kind == MAJOR_CHANGE and e.ground not in MAJOR_CHANGES:
        return f"重大调整应选择类型：{'、'.join(MAJOR_CHANGES)}"
    if e.kind == GRADED and e.score is None:
        return "分级评价应填写得分"
    if e.kind in (REVOKED, REMOVED):
        g = e.ground.strip()
        if not g:
            return f"{e.kind}应选择情形"
        if region == regions.BEIJING:
            if any(g.startswith(x) for x in ("重大调整", *MAJOR_CHANGES)):
                return ""
            try:
                units.revocation_ground(g.split("）")[0] + "）" if g.startswith("第十条") else g)
            except ValueError as exc:
                return str(exc)
        elif region in (regions.HEILONGJIANG, regions.GUANGZHOU):
            allowed = revocation_grounds(region)
            article = allowed[0].split("（")[0]
            if not g.startswith(article):
                return f"{region}的单位应选择{article}的情形：{'；'.join(allowed)}"
    return ""


def _params(region: str):
    return heilongjiang.H if region == regions.HEILONGJIANG else guangzhou.Z


@dataclass(frozen=True)
class UnitEvent:
    """One dated fact of a unit's life, as an officer records it.

    ``kind`` one of :data:`EVENT_KINDS`; ``on`` the date (更名/重大调整: the day the formalities were
    completed, 办理相关手续; 复审: the result's date); ``result`` 合格/不合格 (复审); ``ground`` the 撤销/移出
    ground (:func:`revocation_grounds`) or the kind of 重大调整 (:data:`MAJOR_CHANGES`); ``score`` (分级评价,
    points); ``detail`` free text (a new name); ``source`` where it was recorded (file, sheet, cell).
    """

    kind: str
    on: date
    result: str = ""
    ground: str = ""
    score: float | None = None
    detail: str = ""
    source: str = ""


@dataclass(frozen=True)
class UnitFacts:
    """What is known of a unit: ``region`` (:func:`greendiag.rules.regions.region_of`), ``list_kind``
    (:data:`LIST_KINDS`), ``level`` (:data:`LEVELS`), ``listed_year`` / ``listed_on`` (when it entered
    the list or pool; a published list gives the batch year only) and its ``events``."""

    name: str
    region: str
    list_kind: str = "绿色工厂"
    level: str = "国家级"
    listed_year: int | None = None
    listed_on: date | None = None
    events: tuple[UnitEvent, ...] = ()
    tracked_from: date | None = None
    """Filings are recorded from this day on (the registry's first import of the unit); a deadline before it
    is not judged missed (greendiag's choice: nothing recorded is not a missed filing)."""


@dataclass(frozen=True)
class ChangeReport:
    """A change (更名 or 重大调整) and the report it needs: ``due`` (北京第十一条, 30 days, moved past rest
    days; 黑龙江/广州: the next 动态管理表), ``reported`` (the first 提交变更申请 on or after ``handled``)."""

    what: str
    handled: date
    due: date | None
    cite: Citation
    reported: date | None = None


@dataclass(frozen=True)
class Alert:
    """One line of the 名单管理 alerts: ``kind`` (动态管理表逾期 / 动态管理表将到期 / 变更申请 / 培育期满 /
    限制期届满 / 待决定), ``due`` (the date it is about), ``text`` with its article."""

    kind: str
    due: date | None
    text: str


@dataclass(frozen=True)
class UnitLife:
    """Everything derived for a unit as of a date (see :func:`unit_life`).

    ``status`` (:data:`STATUS_LISTED` …) with ``status_text`` (its reason and article); ``grade`` (北京
    tier, 广州 stars, 黑龙江 review result, or ``""``) with ``grade_cite``, its ``score`` and ``graded_on``; ``dynamic_due`` (the 动态管理表
    deadline now running, ``None`` when none applies or the date is unknown), ``days_left`` (negative =
    overdue) and ``dynamic_note``; ``cultivation_until`` (广州 培育对象); ``change_reports``; ``bans``
    (every ban, running or ended; :meth:`running_bans`); ``alerts``.
    """

    status: str
    status_text: str
    grade: str = ""
    grade_cite: str = ""
    score: float | None = None
    """The 分级评价 score behind ``grade`` (points), ``None`` when no grade is shown."""
    graded_on: date | None = None
    """The date of that 分级评价."""
    dynamic_due: date | None = None
    days_left: int | None = None
    dynamic_note: str = ""
    cultivation_until: date | None = None
    change_reports: tuple[ChangeReport, ...] = ()
    bans: tuple[Ban, ...] = ()
    alerts: tuple[Alert, ...] = field(default=())

    def running_bans(self, on: date) -> tuple[Ban, ...]:
        return tuple(b for b in self.bans if b.running(on))


def parse_month_day(text: object) -> tuple[int, int]:
    """``(month, day)`` from ``"04-01"`` / ``"4月1日"`` / ``"4-1"``; ``ValueError`` (Chinese) otherwise."""
    import re

    m = re.fullmatch(r"\s*(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})\s*日?\s*", str(text or ""))
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
        try:
            date(2024, mo, d)
            return mo, d
        except ValueError:
            pass
    raise ValueError(f"动态管理表日期“{text}”无效：应为“月-日”，如 04-01 或 4月1日")


def dynamic_deadline(region: str, year: int, beijing: object = None) -> date | None:
    """The 动态管理表 deadline of ``year`` for a listed unit of ``region``: 黑龙江 3月30日 (第二十七条), 广州
    4月1日 (第十三条), 北京 the national notice's date ``beijing`` (``"MM-DD"``, 第九条; ``None`` when not
    given); ``None`` for another region."""
    if region == regions.HEILONGJIANG:
        return heilongjiang.deadline("动态管理表", year)
    if region == regions.GUANGZHOU:
        return guangzhou.deadline("动态管理表", year)
    if region == regions.BEIJING and beijing not in (None, ""):
        mo, d = parse_month_day(beijing)
        return date(year, mo, d)
    return None


def _dynamic_cite(region: str) -> Citation:
    if region == regions.HEILONGJIANG:
        return heilongjiang.H["deadline_dynamic_form"].cite
    if region == regions.GUANGZHOU:
        return guangzhou.Z["deadline_dynamic_form"].cite
    return units.DYNAMIC_CITE


def _removal_ground_cite(region: str, n: int) -> str:
    p = _params(region)[f"removal_{n}"]
    return f"“{p.value}”（{p.cite}）"


def _grade(facts: UnitFacts, score: float | None) -> tuple[str, str]:
    r, kind = facts.region, facts.list_kind
    if kind != "绿色工厂":
        return "", ""
    if r == regions.BEIJING:
        if facts.level == "国家级" and score is not None:
            return units.factory_tier(score), str(units.TIER_CITE)
        return "", ""
    if r == regions.GUANGZHOU:
        if facts.level in ("国家级", "省级") or score is not None:
            stars = guangzhou.gz_star(score, provincial=facts.level == "省级", national=facts.level == "国家级")
            return ("未达到一星" if not stars else f"{stars}星"), str(guangzhou.STAR_CITE)
        return "", ""
    if r == regions.HEILONGJIANG and score is not None:
        return heilongjiang.hlj_review(score), str(heilongjiang.REVIEW_CITE)
    return "", ""


def _ban_of_end(facts: UnitFacts, e: UnitEvent) -> Ban | None:
    """The ban a 撤销/移出 event starts (北京第十二条; 黑龙江第十五条（三）; 广州第十二条（三））."""
    if facts.region == regions.BEIJING:
        g = e.ground.strip()
        if not g or any(g.startswith(x) for x in ("重大调整", *MAJOR_CHANGES)):
            return None  # 第十二条: revoked for a 重大调整 → may apply again
        return units.reapply_ban(e.on, g.split("）")[0] + "）" if g.startswith("第十条") else g)
    if facts.region in (regions.HEILONGJIANG, regions.GUANGZHOU):
        p = _params(facts.region)
        veto = p["veto_3"]
        return Ban(what="不得申请、推荐和列入绿色制造名单", reason=f"{veto.value}（{veto.cite}）", start=e.on,
                   years=int(p["veto_years"].value), cite=veto.cite)
    return None


@dataclass
class _Replay:
    """A unit's events replayed in date order (the working state of :func:`unit_life`)."""

    status: str
    status_text: str
    listed_year: int | None
    pool_since: date | None
    score: float | None = None
    graded_on: date | None = None
    bans: list[Ban] = field(default_factory=list)
    pending_review: UnitEvent | None = None
    filings: set[int] = field(default_factory=set)
    changes: list[ChangeReport] = field(default_factory=list)


def _change_of(region: str, e: UnitEvent, calendar: HolidayCalendar | None) -> ChangeReport | None:
    """The report a 更名/重大调整 needs: 北京第十一条 within 30 days; 黑龙江第三十一条 / 广州第十五条 in the
    next 动态管理表; ``None`` for another region."""
    what = "更名" if e.kind == RENAMED else f"重大调整（{e.ground or '未注明'}）"
    if region == regions.BEIJING:
        return ChangeReport(what, e.on, units.change_report_due(e.on, calendar), units.CHANGE_CITE)
    if region in (regions.HEILONGJIANG, regions.GUANGZHOU):
        art = "第三十一条" if region == regions.HEILONGJIANG else "第十五条"
        doc = heilongjiang.DOC if region == regions.HEILONGJIANG else guangzhou.DOC
        return ChangeReport(what, e.on, None, Citation(document=doc, article=art))
    return None


def _replay(facts: UnitFacts, events: Sequence[UnitEvent], calendar: HolidayCalendar | None) -> _Replay:
    """Replay ``events`` (date order) over the listing: status, score, bans, filings, change reports."""
    pool = facts.level == "培育库"
    s = _Replay(
        status=STATUS_POOL if pool else STATUS_LISTED,
        status_text="培育库（培育对象）" if pool else f"列入{facts.level}{facts.list_kind}名单",
        listed_year=facts.listed_year or (facts.listed_on.year if facts.listed_on else None),
        pool_since=facts.listed_on if pool else None)
    for e in events:
        if e.kind == LISTED:
            s.status, s.status_text, s.listed_year, s.pool_since = STATUS_LISTED, f"{e.on:%Y-%m-%d}列入名单", e.on.year, None
        elif e.kind == POOL:
            s.status, s.status_text, s.pool_since = STATUS_POOL, f"{e.on:%Y-%m-%d}纳入培育库", e.on
        elif e.kind == REVIEW:
            s.pending_review = e if e.result == "不合格" else None
        elif e.kind == FILED:
            s.filings.add(e.on.year)
        elif e.kind == GRADED and e.score is not None:
            s.score, s.graded_on = e.score, e.on
        elif e.kind in (RENAMED, MAJOR_CHANGE):
            change = _change_of(facts.region, e, calendar)
            if change is not None:
                s.changes.append(change)
        elif e.kind == CHANGE_REPORTED:
            s.changes = [ChangeReport(c.what, c.handled, c.due, c.cite, e.on) if c.reported is None and c.handled <= e.on
                         else c for c in s.changes]
        elif e.kind in (REVOKED, REMOVED):
            s.status = STATUS_REVOKED if e.kind == REVOKED else STATUS_REMOVED
            s.status_text = f"{e.on:%Y-%m-%d}{e.kind}" + (f"：{e.ground}" if e.ground else "")
            s.pending_review = None
            ban = _ban_of_end(facts, e)
            if ban is not None:
                s.bans.append(ban)
    return s


def _cultivation(s: _Replay, region: str, as_of: date, alerts: list[Alert]) -> date | None:
    """广州 培育对象 valid three years (第九条): the last valid day; an expired pool unit's status changes."""
    if s.pool_since is None or region != regions.GUANGZHOU:
        return None
    until = guangzhou.cultivation_valid_until(s.pool_since)
    if s.status == STATUS_POOL:
        if as_of > until:
            s.status, s.status_text = STATUS_POOL_EXPIRED, f"培育对象有效期已于{until:%Y-%m-%d}届满（{guangzhou.VALIDITY_CITE}）"
        elif until <= as_of + timedelta(days=ALERT_DAYS):
            alerts.append(Alert("培育期满", until, f"培育对象有效期{until:%Y-%m-%d}届满（{guangzhou.VALIDITY_CITE}）"))
    return until


def _dynamic(s: _Replay, facts: UnitFacts, as_of: date, beijing: object, alerts: list[Alert]) -> tuple[date | None, str]:
    """The 动态管理表 deadline now running for a listed unit and its note: the missed one (北京: overdue;
    黑龙江/广州: a removal ground to be decided, 第三十条（二）/第十六条) or the next one."""
    region = facts.region
    if s.status != STATUS_LISTED or region not in regions.REGIONS:
        return None, ""
    cite = _dynamic_cite(region)
    first_year = (s.listed_year + 1) if s.listed_year else as_of.year
    this = dynamic_deadline(region, as_of.year, beijing)
    if this is None:
        return None, f"动态管理表填报日期按国家通知（{cite}），未给出"
    last_due = this if as_of > this else dynamic_deadline(region, as_of.year - 1, beijing)
    missed = (last_due is not None and last_due.year >= first_year and last_due.year not in s.filings
              and (facts.tracked_from is None or last_due >= facts.tracked_from))
    if missed:
        if region == regions.BEIJING:
            alerts.append(Alert("动态管理表逾期", last_due, f"{last_due:%Y-%m-%d}前应填报的动态管理表未报（{cite}）"))
        else:
            art = _removal_ground_cite(region, 2)
            alerts.append(Alert("待决定", last_due, f"{last_due:%Y-%m-%d}前未填报动态管理表：是否属{art}的移出情形，"
                                                  "由主管部门认定（不自动移出）"))
        return last_due, f"{last_due.year}年动态管理表逾期未报（{cite}）"
    year = as_of.year
    while year < first_year or year in s.filings or (dynamic_deadline(region, year, beijing) or as_of) < as_of:
        year += 1
    nxt = dynamic_deadline(region, year, beijing)
    if nxt is not None and nxt <= as_of + timedelta(days=ALERT_DAYS):
        alerts.append(Alert("动态管理表将到期", nxt, f"{nxt:%Y-%m-%d}前填报动态管理表（{cite}）"))
    return nxt, f"{nxt.year}年动态管理表（{cite}）"


def _duty_alerts(s: _Replay, region: str, as_of: date, dynamic_due: date | None, alerts: list[Alert]) -> None:
    """Alerts of a listed unit's open duties: change reports not yet made, a failed 复审 awaiting revocation
    (北京第十条（二））."""
    if s.status != STATUS_LISTED:
        return
    for c in s.changes:
        if c.reported is not None:
            continue
        if c.due is not None:
            late = "已逾期" if as_of > c.due else "截止"
            alerts.append(Alert("变更申请", c.due, f"{c.what}（{c.handled:%Y-%m-%d}办理）后{units.U['change_report_days'].value}日内申请"
                                               f"{'名称变更' if c.what == '更名' else '复审'}：{late}{c.due:%Y-%m-%d}（{c.cite}）"))
        else:
            alerts.append(Alert("变更申请", dynamic_due, f"{c.what}（{c.handled:%Y-%m-%d}）应在填报动态管理表时说明（{c.cite}）"))
    if s.pending_review is not None and region == regions.BEIJING:
        g, on = units.REVOCATION_GROUNDS[1], s.pending_review.on
        alerts.append(Alert("待决定", on, f"{on:%Y-%m-%d}复审评价结果不合格：属“{g.value}”的撤销情形（{g.cite}），待报请撤销"))


def unit_life(facts: UnitFacts, as_of: date, beijing_deadline: object = None,
              calendar: HolidayCalendar | None = None) -> UnitLife:
    """Derive a unit's status, grade, deadlines, bans and alerts as of ``as_of`` from ``facts``.

    ``beijing_deadline``: the 动态管理表 date (``"MM-DD"``) of the national notice for Beijing units
    (第九条); ``calendar``: extra holiday years for the 30-day change report (北京第十一条).  Events are
    taken in date order; a later event overrides an earlier status (a 列入名单 after a 撤销 relists).
    ``ValueError`` (Chinese) for an unknown event kind, a 撤销 ground not in 第十条, or a change due in a
    year no calendar knows.
    """
    as_of = as_date(as_of, "统计日期")
    events = sorted((e for e in facts.events if e.on <= as_of), key=lambda e: e.on)
    for e in events:
        if e.kind not in EVENT_KINDS:
            raise ValueError(f"事件类型“{e.kind}”无效：应为 {'、'.join(EVENT_KINDS)}")
    s = _replay(facts, events, calendar)
    alerts: list[Alert] = []
    cultivation_until = _cultivation(s, facts.region, as_of, alerts)
    dynamic_due, note = _dynamic(s, facts, as_of, beijing_deadline, alerts)
    _duty_alerts(s, facts.region, as_of, dynamic_due, alerts)
    horizon = as_of + timedelta(days=ALERT_DAYS)
    for b in s.bans:
        if as_of <= b.last_day <= horizon:
            alerts.append(Alert("限制期届满", b.last_day, f"{b.what}至{b.last_day:%Y-%m-%d}，{b.first_allowed:%Y-%m-%d}起可申请（{b.cite}）"))
    grade, grade_cite = _grade(facts, s.score)
    return UnitLife(
        status=s.status, status_text=s.status_text, grade=grade, grade_cite=grade_cite,
        score=s.score if grade else None, graded_on=s.graded_on if grade else None, dynamic_due=dynamic_due,
        days_left=(dynamic_due - as_of).days if dynamic_due else None, dynamic_note=note,
        cultivation_until=cultivation_until, change_reports=tuple(s.changes), bans=tuple(s.bans), alerts=tuple(alerts),
    )


def lives(units_facts: Sequence[UnitFacts], as_of: date, beijing_deadline: object = None,
          calendar: HolidayCalendar | None = None) -> list[UnitLife]:
    """:func:`unit_life` of every unit, in order."""
    return [unit_life(f, as_of, beijing_deadline, calendar) for f in units_facts]
