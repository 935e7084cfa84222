"""A unit's life under its region's document (rules.lifecycle, rules.regions): status from events,
动态管理表 deadlines, change reports, bans, Guangzhou's cultivation validity, Heilongjiang's missed filing."""

from __future__ import annotations

from datetime import date

import pytest

from greendiag.rules import lifecycle as L
from greendiag.rules import units
from greendiag.rules.ledger import ban_last_day, first_allowed_day
from greendiag.rules.regions import case_region, region_of


@pytest.mark.parametrize("args,region", [
    (("北京",), "北京"), (("北京市",), "北京"), (("黑龙江",), "黑龙江"), (("黑龙江省",), "黑龙江"),
    (("广东",), "其他"), (("广东", "广州市"), "广州"), (("", "", "广东省广州市黄埔区…"), "广州"),
    (("", "", "广州市番禺区…"), "广州"), (("天津",), "其他"), (("",), "其他"), ((" 北 京 ",), "北京"),
])
def test_region_of(args, region):
    assert region_of(*args) == region


def test_case_region_defaults_to_beijing():
    from greendiag.generator import samples

    case = samples.demo_enterprise()
    assert case_region(case) == "北京"
    app = case.application.model_copy(update={"address": "黑龙江省大庆市示例路1号"})
    assert case_region(case.model_copy(update={"application": app})) == "黑龙江"


def _bj(*events, level="国家级", year=2017):
    return L.UnitFacts(name="北京示例制造有限公司", region="北京", level=level, listed_year=year, events=tuple(events),
                       tracked_from=date(2025, 9, 1))


OFFICER_EVENTS = (
    L.UnitEvent(L.REVIEW, date(2026, 3, 1), result="不合格"),
    L.UnitEvent(L.RENAMED, date(2026, 5, 10), detail="北京示例智造有限公司"),
    L.UnitEvent(L.REVOKED, date(2026, 6, 20), ground="第十条（四）提供虚假复审材料和数据"),
)


def test_beijing_officer_scenario_before_and_after_revocation():
    """Failed 复审 2026-03-01, name change handled 2026-05-10, revoked 2026-06-20 for 提供虚假复审材料."""
    life = L.unit_life(_bj(*OFFICER_EVENTS), date(2026, 5, 20))
    assert life.status == L.STATUS_LISTED
    kinds = {a.kind: a for a in life.alerts}
    assert "第十条（二）" in kinds["待决定"].text and "待报请撤销" in kinds["待决定"].text
    due = units.change_report_due(date(2026, 5, 10))
    assert due == date(2026, 6, 9) and kinds["变更申请"].due == due and "第十一条" in kinds["变更申请"].text
    assert life.change_reports[0].due == due
    life = L.unit_life(_bj(*OFFICER_EVENTS), date(2026, 7, 1))
    assert life.status == L.STATUS_REVOKED and "第十条（四）" in life.status_text
    (ban,) = life.bans
    assert (ban.start, ban.last_day, ban.first_allowed) == (date(2026, 6, 20), date(2029, 6, 20), date(2029, 6, 21))
    assert (ban.last_day, ban.first_allowed) == (ban_last_day(date(2026, 6, 20), 3), first_allowed_day(date(2026, 6, 20), 3))
    assert ban.cite == units.REAPPLY_CITE and "第十二条" in ban.text and ban.running(date(2029, 6, 20))
    assert not ban.running(date(2029, 6, 21)) and life.running_bans(date(2029, 6, 21)) == ()
    assert units.reapply_from(date(2026, 6, 20), "第十条（四）") == ban.first_allowed
    # a revoked unit has no filing or change duty left; the ban's end is announced in time
    assert life.dynamic_due is None and not [a for a in life.alerts if a.kind == "变更申请"]
    assert [a.kind for a in L.unit_life(_bj(*OFFICER_EVENTS), date(2029, 5, 1)).alerts] == ["限制期届满"]


def test_beijing_revocation_grounds_without_a_ban():
    for ground in ("第十条（三）所在单位被依法终止", "重大调整", "厂区迁址"):
        life = L.unit_life(_bj(L.UnitEvent(L.REVOKED, date(2026, 6, 20), ground=ground)), date(2026, 7, 1))
        assert life.status == L.STATUS_REVOKED and life.bans == ()
    with pytest.raises(ValueError, match="第十条"):
        L.unit_life(_bj(L.UnitEvent(L.REVOKED, date(2026, 6, 20), ground="第十一条")), date(2026, 7, 1))


def test_change_report_is_moved_past_holidays_and_cleared_by_the_application():
    handled = date(2025, 9, 1)  # +30 days = 2025-10-01 (国庆节) → 2025-10-09
    life = L.unit_life(_bj(L.UnitEvent(L.RENAMED, handled)), date(2025, 9, 15))
    assert life.change_reports[0].due == date(2025, 10, 9)
    done = L.unit_life(_bj(L.UnitEvent(L.RENAMED, handled), L.UnitEvent(L.CHANGE_REPORTED, date(2025, 9, 20))),
                       date(2025, 9, 25))
    assert done.change_reports[0].reported == date(2025, 9, 20) and not [a for a in done.alerts if a.kind == "变更申请"]
    late = L.unit_life(_bj(L.UnitEvent(L.MAJOR_CHANGE, handled, ground="厂区迁址")), date(2025, 10, 10))
    assert "已逾期2025-10-09" in late.alerts[0].text and "申请复审" in late.alerts[0].text


def test_beijing_tier_only_for_the_national_list():
    graded = L.UnitEvent(L.GRADED, date(2026, 4, 1), score=80)
    assert L.unit_life(_bj(graded), date(2026, 5, 1)).grade == "绿色工厂标杆企业"
    assert L.unit_life(_bj(graded, level="培育库"), date(2026, 5, 1)).grade == ""
    life = L.unit_life(_bj(graded), date(2026, 5, 1))
    assert (life.score, life.graded_on) == (80, date(2026, 4, 1))
    pool = L.unit_life(_bj(graded, level="培育库"), date(2026, 5, 1))
    assert (pool.score, pool.graded_on) == (None, None)  # no 第七条 tier shown → no score shown with it
    assert L.unit_life(_bj(L.UnitEvent(L.GRADED, date(2026, 4, 1), score=79.99)), date(2026, 5, 1)).grade == "绿色工厂优质企业"


def test_beijing_dynamic_deadline_is_the_national_notices():
    life = L.unit_life(_bj(), date(2026, 5, 1))
    assert life.dynamic_due is None and "国家通知" in life.dynamic_note
    life = L.unit_life(_bj(), date(2026, 5, 1), beijing_deadline="5月31日")
    assert (life.dynamic_due, life.days_left) == (date(2026, 5, 31), 30)
    life = L.unit_life(_bj(), date(2026, 6, 1), beijing_deadline="05-31")
    assert (life.dynamic_due, life.days_left) == (date(2026, 5, 31), -1) and life.alerts[0].kind == "动态管理表逾期"
    with pytest.raises(ValueError, match="月-日"):
        L.dynamic_deadline("北京", 2026, "13-01")


def _gz(*events, level="市级", year=2024, listed_on=None):
    return L.UnitFacts(name="广州示例", region="广州", level=level, listed_year=year, listed_on=listed_on, events=tuple(events),
                       tracked_from=date(2025, 9, 1))


def test_guangzhou_cultivation_valid_to_the_third_anniversary():
    """Entered into the pool in January 2025: valid until 2028-01-15 (第九条), the ledger's convention."""
    unit = _gz(level="培育库", year=None, listed_on=date(2025, 1, 15))
    life = L.unit_life(unit, date(2027, 12, 1))
    assert life.status == L.STATUS_POOL and life.cultivation_until == date(2028, 1, 15) == ban_last_day(date(2025, 1, 15), 3)
    assert life.alerts[0].kind == "培育期满" and life.dynamic_due is None  # pool objects file no 动态管理表
    assert L.unit_life(unit, date(2028, 1, 15)).status == L.STATUS_POOL
    assert L.unit_life(unit, date(2028, 1, 16)).status == L.STATUS_POOL_EXPIRED
    listed = L.unit_life(_gz(L.UnitEvent(L.POOL, date(2025, 1, 15)), L.UnitEvent(L.LISTED, date(2025, 5, 20))), date(2028, 2, 1))
    assert listed.status == L.STATUS_LISTED


@pytest.mark.parametrize("as_of,due,left", [
    (date(2026, 2, 1), date(2026, 4, 1), 59), (date(2026, 4, 1), date(2026, 4, 1), 0),
])
def test_guangzhou_dynamic_form_by_april_first(as_of, due, left):
    life = L.unit_life(_gz(), as_of)
    assert (life.dynamic_due, life.days_left) == (due, left)
    filed = L.unit_life(_gz(L.UnitEvent(L.FILED, date(2026, 1, 20))), as_of)
    assert filed.dynamic_due == date(2027, 4, 1)


def test_guangzhou_listed_this_year_files_next_year():
    assert L.unit_life(_gz(year=2026), date(2026, 6, 1)).dynamic_due == date(2027, 4, 1)


def _hlj(*events):
    return L.UnitFacts(name="黑龙江示例", region="黑龙江", level="省级", listed_year=2024, events=tuple(events),
                       tracked_from=date(2025, 9, 1))


def test_heilongjiang_missed_filing_is_a_ground_to_decide_not_a_removal():
    on_time = L.unit_life(_hlj(), date(2026, 3, 30))
    assert (on_time.dynamic_due, on_time.days_left) == (date(2026, 3, 30), 0) and on_time.alerts[0].kind == "动态管理表将到期"
    life = L.unit_life(_hlj(), date(2026, 3, 31))
    assert life.status == L.STATUS_LISTED and (life.dynamic_due, life.days_left) == (date(2026, 3, 30), -1)
    (alert,) = life.alerts
    assert alert.kind == "待决定" and "拒不按时填报动态管理表" in alert.text and "第三十条（二）" in alert.text
    assert "不自动移出" in alert.text
    filed = L.unit_life(_hlj(L.UnitEvent(L.FILED, date(2026, 3, 28))), date(2026, 3, 31))
    assert filed.dynamic_due == date(2027, 3, 30) and filed.alerts == ()


def test_heilongjiang_removal_bars_three_years():
    life = L.unit_life(_hlj(L.UnitEvent(L.REMOVED, date(2026, 5, 1), ground="第三十条（二）拒不按时填报动态管理表")), date(2026, 6, 1))
    assert life.status == L.STATUS_REMOVED and life.dynamic_due is None
    (ban,) = life.bans
    assert (ban.last_day, ban.first_allowed) == (date(2029, 5, 1), date(2029, 5, 2)) and "第十五条（三）" in str(ban.cite)


def test_heilongjiang_and_guangzhou_changes_go_into_the_dynamic_form():
    life = L.unit_life(_hlj(L.UnitEvent(L.FILED, date(2026, 3, 20)), L.UnitEvent(L.RENAMED, date(2026, 5, 10))), date(2026, 6, 1))
    (c,) = life.change_reports
    assert c.due is None and "第三十一条" in str(c.cite)
    assert any("填报动态管理表时说明" in a.text and a.due == date(2027, 3, 30) for a in life.alerts)


def test_unknown_event_kind_is_refused():
    with pytest.raises(ValueError, match="事件类型"):
        L.unit_life(_bj(L.UnitEvent("开除", date(2026, 1, 1))), date(2026, 2, 1))


def test_pool_report_year_this_or_last_year():
    assert units.pool_report_year([2024, 2025], 2026) == 2025
    assert units.pool_report_year([2024], 2026) is None and units.pool_report_year((), 2026) is None
    assert units.pool_report_year([2026, 2027], 2026) == 2026


@pytest.mark.parametrize("region,event,ok", [
    ("北京", L.UnitEvent(L.REVOKED, date(2026, 1, 1), ground="第十条（四）提供虚假复审材料和数据"), True),
    ("北京", L.UnitEvent(L.REVOKED, date(2026, 1, 1), ground="厂区迁址"), True),
    ("北京", L.UnitEvent(L.REVOKED, date(2026, 1, 1), ground="第三十条（二）拒不按时填报动态管理表"), False),
    ("黑龙江", L.UnitEvent(L.REMOVED, date(2026, 1, 1), ground="第三十条（二）拒不按时填报动态管理表"), True),
    ("黑龙江", L.UnitEvent(L.REMOVED, date(2026, 1, 1), ground="第十六条（二）拒不按时填报动态管理表"), False),
    ("广州", L.UnitEvent(L.REMOVED, date(2026, 1, 1), ground="第十六条（三）所提交材料或数据存在造假等问题"), True),
    ("北京", L.UnitEvent(L.REVIEW, date(2026, 1, 1)), False),
    ("北京", L.UnitEvent(L.MAJOR_CHANGE, date(2026, 1, 1), ground="搬家"), False),
    ("北京", L.UnitEvent(L.GRADED, date(2026, 1, 1)), False),
])
def test_check_event_by_region(region, event, ok):
    """An event the region's document does not know is refused before it is recorded (events are append-only)."""
    why = L.check_event(region, event)
    assert (why == "") is ok, why
    if ok:
        L.unit_life(L.UnitFacts(name="x", region=region, events=(event,)), date(2026, 2, 1))
