"""Boundaries of seeds 000/001 (Beijing rules and park guide) as the documents set them."""

from __future__ import annotations

from datetime import date, datetime

import chinese_calendar
import pytest
from pydantic import ValidationError

from greendiag import rules
from greendiag.rules import (
    INDICATORS,
    assess_case,
    check_basic_requirements,
    check_onsite,
    check_working_group,
    follow_up_due,
    indicator_score,
    park_score,
    provider_annual_reward,
    provider_status,
    reward_cap,
    working_days,
)
from greendiag.rules.models import (
    BasicRequirementEntry,
    Case,
    CaseKind,
    DiagnosisProcess,
    EnterpriseApplication,
    IndicatorEntry,
    IndicatorYear,
    ParkApplication,
    Provider,
    Review,
    Satisfaction,
    TeamMember,
)

RULES = "《北京市制造业绿色诊断工作规则》"
GUIDE = "《北京市工业园区绿色诊断工作指南》"


# ── 第十九条 reward caps ──────────────────────────────────────────────

@pytest.mark.parametrize(
    ("output", "cap"),
    [(0, 8.0), (99999.99, 8.0), (100000, 12.0), (100000.0, 12.0), (250000, 12.0)],
)
def test_enterprise_reward_cap_10_yi_inclusive(output, cap):
    assert reward_cap("企业", output) == cap


def test_park_reward_cap_and_zero_cases():
    assert reward_cap(CaseKind.PARK) == 20.0
    assert reward_cap(" 工业园区 ") == 20.0
    assert reward_cap("园区", review_result="不合格") == 0.0
    assert reward_cap("园区", materials_ok=False) == 0.0
    assert reward_cap("企业", 200000, review_result="不合格") == 0.0
    assert reward_cap("企业", 200000, materials_ok=False) == 0.0
    assert reward_cap("企业", 200000, review_result=None) == 12.0  # not yet reviewed: the reachable cap


def test_reward_cap_errors_are_chinese():
    with pytest.raises(ValueError, match="上一年度产值"):
        reward_cap("企业")
    with pytest.raises(ValueError, match="被诊断单位类型"):
        reward_cap("工厂", 1)
    with pytest.raises(ValueError, match="评审结果"):
        reward_cap("园区", review_result="良好")
    with pytest.raises(ValueError, match="产值"):
        reward_cap("企业", -1)


def test_reward_cap_text_cites_article():
    text = rules.reward_cap_text("企业", 100000)
    assert text == f"奖励上限12万元（被诊断企业上一年度产值10亿元（含）以上，{RULES}第十九条）"


# ── 第二十条 annual cap ───────────────────────────────────────────────

def test_provider_annual_reward_300_cap():
    assert provider_annual_reward([20] * 14 + [19.99]) == pytest.approx(299.99)
    assert provider_annual_reward([20] * 15) == 300.0
    assert provider_annual_reward([20] * 15 + [0.01]) == 300.0
    assert provider_annual_reward([12, None, 8]) == 20.0
    assert provider_annual_reward([]) == 0.0
    with pytest.raises(ValueError, match="第2笔"):
        provider_annual_reward([1, -1])


# ── 第十二条 working days across 2026 国庆 with 调休 ───────────────────

def test_calendar_2026_national_day_is_what_we_assume():
    # 2026: 10月1日至7日放假；9月20日（周日）、10月10日（周六）上班
    assert [chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 11)] == [
        False, False, False, False, False, False, False, True, True, True,
    ]
    assert chinese_calendar.is_workday(date(2026, 9, 20)) and date(2026, 9, 20).weekday() == 6


def test_working_days_counts_holidays_and_make_up_days():
    assert working_days(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert working_days(date(2026, 9, 30), date(2026, 10, 8)) == 2
    # Thu 8, Fri 9, Sat 10 (调休上班), Sun 11 (rest), Mon 12
    assert working_days(date(2026, 10, 8), date(2026, 10, 12)) == 4
    assert working_days(date(2026, 9, 19), date(2026, 9, 20)) == 1  # Sat rest, Sun 调休上班
    assert working_days(datetime(2026, 10, 8, 9, 30), datetime(2026, 10, 8, 17)) == 1


def test_park_onsite_3_vs_4_days_across_holiday():
    # 9-30 (Wed), 10-1..7 holiday, 10-8 (Thu), 10-9 (Fri) → 3 working days over 10 calendar days
    bad = check_onsite("园区", date(2026, 9, 30), date(2026, 10, 9))
    assert not bad.ok
    assert bad.text == f"不符合：园区现场诊断3个工作日，少于4个工作日（{RULES}第十二条）"
    # + Sat 10-10, a 调休 make-up working day → 4
    assert check_onsite("园区", date(2026, 9, 30), date(2026, 10, 10)).ok


def test_enterprise_onsite_1_vs_2_days_across_holiday():
    assert not check_onsite("企业", date(2026, 9, 30), date(2026, 10, 7)).ok  # only 9-30
    assert check_onsite("企业", date(2026, 9, 30), date(2026, 10, 8)).ok
    assert not check_onsite("企业", date(2026, 10, 9), date(2026, 10, 9)).ok
    assert check_onsite("企业", date(2026, 10, 9), date(2026, 10, 10)).ok  # Sat 10-10 调休上班


def test_working_days_errors():
    with pytest.raises(ValueError, match="早于开始日期"):
        working_days(date(2026, 5, 6), date(2026, 5, 5))
    with pytest.raises(ValueError, match="2027年"):
        working_days(date(2026, 12, 30), date(2027, 1, 4))
    with pytest.raises(ValueError, match="2027年"):  # even a weekend-only span is not guessed
        working_days(date(2027, 1, 2), date(2027, 1, 3))
    assert "未填写现场诊断开始日期" in check_onsite("园区", None, date(2026, 5, 6)).text


# ── 第十一条第2项 working group ───────────────────────────────────────

def member(name, title="工程师", specialty="机械", category="专家成员", led=None):
    return TeamMember(name=name, title=title, specialty=specialty, category=category, led_projects=led)


def park_team(n=5, senior=2, leaders=0, park_staff=1):
    ms = []
    for i in range(senior):
        ms.append(member(f"高{i}", "高级工程师", "能源管理"))
    for i in range(leaders):
        ms.append(member(f"项{i}", led=2))
    for i in range(park_staff):
        ms.append(member(f"园{i}", category="园区相关工作负责人"))
    while len(ms) < n:
        ms.append(member(f"员{len(ms)}"))
    return ms


def test_team_5_members_boundary():
    assert check_working_group("园区", park_team(n=5)).ok
    bad = check_working_group("园区", park_team(n=4))
    assert bad.reasons == (f"工作组成员4人，少于5人（{RULES}第十一条第2项、{GUIDE}三（二））",)


def test_team_senior_1_vs_2_and_leaders_2_vs_3():
    assert check_working_group("园区", park_team(senior=2)).ok
    bad = check_working_group("园区", park_team(senior=1, leaders=2))
    assert not bad.ok and "高级职称人员1人，少于2人" in bad.text and "项目的人员2人，少于3人" in bad.text
    assert check_working_group("园区", park_team(senior=1, leaders=3)).ok
    assert check_working_group("园区", park_team(senior=0, leaders=3)).ok


def test_team_needs_the_units_member_by_role_not_by_origin():
    bad = check_working_group("园区", park_team(park_staff=0, n=5))
    assert "缺少被诊断园区的相关工作负责人" in bad.text
    staff_only = park_team(park_staff=0, n=4) + [member("园", category="园区工作人员")]
    bad = check_working_group("园区", staff_only)
    assert not bad.ok and "1名“园区工作人员”未标明为园区相关工作负责人" in bad.text
    ent = [member(f"高{i}", "正高级工程师", "环境工程") for i in range(2)] + [member(f"员{i}") for i in range(3)]
    bad = check_working_group("企业", ent)
    assert "缺少被诊断企业的高级管理人员" in bad.text
    bad = check_working_group("企业", ent[:4] + [member("经理", "高级经济师", "管理", category="企业人员")])
    assert not bad.ok and "“企业人员”未标明为企业高级管理人员" in bad.text
    ok = ent[:4] + [member("经理", "高级经济师", "管理", category="企业高级管理人员")]
    assert check_working_group("企业", ok).ok
    # the park's role does not count for an enterprise, nor the other way round
    assert not check_working_group("企业", ent[:4] + [member("园", category="园区相关工作负责人")]).ok


@pytest.mark.parametrize(
    ("title", "senior"),
    [("高级工程师", True), ("正高级工程师", True), ("教授", True), ("副教授", True), ("研究员", True),
     ("副研究员", True), ("高级经济师", True), ("高级会计师", True), (" 高级工程师\u3000", True),
     ("高级工程师（教授级）", True), ("教授级高级工程师", True),
     ("高级经理", False), ("高级管理人员", False), ("高级技师", False), ("高级工", False), ("教授级高工", False),
     ("助理研究员", False), ("工程师", False), ("高级工程师助理", False), ("", False)],
)
def test_senior_titles(title, senior):
    assert rules.is_senior_title(title) is senior


def test_senior_must_be_in_related_field():
    team = park_team(senior=0) + [member("甲", "高级工程师", "机械设计"), member("乙", "教授", "会计")]
    assert not check_working_group("园区", team).ok
    team = park_team(senior=0) + [member("甲", "高级工程师", "节能"), member("乙", "教授", "生命周期评价")]
    assert check_working_group("园区", team).ok


# ── 第二十一条、第二十二条 provider status ─────────────────────────────

def test_provider_unsatisfied_2_vs_3_and_failed_1_vs_2():
    assert provider_status(2, 1).text == "正常"
    s = provider_status(3, 0)
    assert s.disqualified and s.ban_years == 3 and s.funding_ban_years == 0
    assert s.text.startswith("取消资格：一年内（任意12个月）满意度评价结果为“不满意”累计3次")
    assert f"{RULES}第二十二条第3项" in s.text
    assert provider_status(0, 2).disqualified and "第二十二条第4项" in provider_status(0, 2).text


@pytest.mark.parametrize("flag,article", [("fee_charged", "第1项"), ("fraud", "第2项"), ("serious_impact", "第5项")])
def test_provider_single_ground(flag, article):
    s = provider_status(0, 0, **{flag: True})
    assert s.disqualified and s.ban_years == 3 and f"第二十二条{article}" in s.text


def test_provider_funds_fraud_five_year_ban():
    s = provider_status(0, 0, funds_fraud=True)
    assert s.disqualified and s.funding_ban_years == 5
    assert "5年内不得申请市经济和信息化局资金支持" in s.text and "第二十一条" in s.text
    with pytest.raises(ValueError, match="unsatisfied"):
        provider_status(-1, 0)


# ── 指南六 follow-up, 附件2-1-1 basic requirements ────────────────────

def test_follow_up_due_one_year():
    assert follow_up_due(date(2026, 3, 15)) == date(2027, 3, 15)
    assert follow_up_due(date(2024, 2, 29)) == date(2025, 2, 28)


def test_basic_requirements_six_required_two_encouraged():
    entries = [BasicRequirementEntry(number=i, complies=True) for i in range(1, 7)]
    entries += [BasicRequirementEntry(number=7, complies=False), BasicRequirementEntry(number=8)]
    assert check_basic_requirements(entries).ok
    entries[3] = BasicRequirementEntry(number=4, complies=False)
    bad = check_basic_requirements(entries)
    assert bad.reasons == (f"基础性要求第4项不符合：园区重点企业100%实施清洁生产审核（{GUIDE}附件2-1-1）",)
    assert "第6项未填写" in check_basic_requirements(entries[:5]).text
    assert [r.required for r in rules.BASIC_REQUIREMENTS] == [True] * 6 + [False] * 2


# ── 附件2-1-2 scoring boundaries ──────────────────────────────────────

def test_indicator_table_matches_issue_defaults():
    expected = [3, 15, 75, 1500, 15, 95, 90, 30, 60, 90, 80, "具备", 30, 60, 90, 30, 30, 30, 15, 30, 100, 3, 5,
                0.3, 80, 30, 80, 80, "完善", "是", "完善"]
    assert [i.leading_value for i in INDICATORS] == expected
    assert [i.number for i in INDICATORS if i.direction == "lower"] == [23, 24]
    assert [i.number for i in INDICATORS if i.direction == "qualitative"] == [12, 29, 30, 31]
    assert [i.group for i in INDICATORS].count("EG") == 3


def test_indicator_score_formulae_and_cap():
    assert indicator_score(1, 3) == 100.0
    assert indicator_score(1, 3.6) == pytest.approx(120.0)
    assert indicator_score(1, 3.61) == 120.0
    assert indicator_score(1, 1.5) == 50.0
    assert indicator_score(1, -2) == 0.0
    assert indicator_score(23, 10) == 50.0
    assert indicator_score(23, 0) == 120.0
    assert indicator_score(24, -0.1) == 120.0
    assert indicator_score(24, 0.25) == 120.0
    assert indicator_score(12, "具备") == 100.0
    assert indicator_score(12, " 不具备 ") == 0.0
    assert indicator_score(30, "是") == 100.0 and indicator_score(30, "否") == 0.0
    assert indicator_score(29, "较完善") == 50.0  # the parameter qualitative_scores (greendiag's method)
    assert indicator_score(31, "不完善") == 0.0 and indicator_score(31, "完善", leading_value="较完善") == 120.0
    assert indicator_score(5, None) is None and indicator_score(5, "不适用") is None and indicator_score(5, " ") is None
    assert indicator_score(1, 6, leading_value=6) == 100.0


def test_indicator_score_errors():
    with pytest.raises(ValueError, match="指标序号"):
        indicator_score(32, 1)
    with pytest.raises(ValueError, match="第12项"):
        indicator_score(12, 1.0)
    with pytest.raises(ValueError, match="第3项"):
        indicator_score(3, "很多")
    with pytest.raises(ValueError, match="引领值"):
        indicator_score(3, 1, leading_value=0)
    with pytest.raises(ValueError, match="第29项"):
        indicator_score(29, "良好")


def test_park_score_mean_leaves_out_blanks():
    values = [None] * 31
    assert park_score(values) is None
    values[0] = 3        # 100
    values[1] = 30       # 200 → 120
    values[11] = "不具备"  # 0
    values[4] = "不适用"
    assert park_score(values) == pytest.approx((100 + 120 + 0) / 3)
    with pytest.raises(ValueError, match="31项"):
        park_score(values[:30])


# ── assess_case ──────────────────────────────────────────────────────

def _year(y, v1):
    entries = [IndicatorEntry(number=i.number, value=i.leading_value) for i in INDICATORS]
    entries[0] = IndicatorEntry(number=1, value=v1)
    entries[4] = IndicatorEntry(number=5, not_applicable=True)
    return IndicatorYear(year=y, entries=tuple(entries))


def park_case(**kw):
    base = dict(
        kind=CaseKind.PARK,
        diagnosis_year=2026,
        application=ParkApplication(name="示例园区"),
        provider=Provider(name="示例服务商"),
        team=tuple(park_team()),
        process=DiagnosisProcess(onsite_start=date(2026, 9, 28), onsite_end=date(2026, 10, 9),
                                 report_date=date(2026, 11, 2)),
        basic_requirements=tuple(BasicRequirementEntry(number=i, complies=True) for i in range(1, 9)),
        indicator_years=(_year(2023, 1.5), _year(2024, 3), _year(2025, 4.5)),
    )
    base.update(kw)
    return Case(**base)


def test_assess_park_case():
    a = assess_case(park_case())
    assert a.team.ok and a.onsite.ok and a.onsite_workdays == 5 and a.onsite_min_workdays == 4
    assert a.basic.ok and a.years_check.ok
    assert [y.year for y in a.years] == [2023, 2024, 2025]
    assert a.years[0].scored_count == 30
    assert a.years[0].park_score == pytest.approx((50 + 29 * 100) / 30)
    assert a.years[2].park_score == pytest.approx((120 + 29 * 100) / 30)
    assert a.latest_park_score == a.years[2].park_score
    ch = a.changes[0]
    assert ch.values == (1.5, 3, 4.5) and ch.delta == 3.0 and ch.trend == "改善"
    assert a.changes[4].values == ("不适用",) * 3 and a.changes[4].trend == ""
    assert a.reward_cap == 20.0 and str(a.reward_cite) == f"{RULES}第十九条"
    assert a.follow_up_due == date(2027, 11, 2) and str(a.follow_up_cite) == f"{GUIDE}六"
    with pytest.raises(ValidationError):
        a.reward_cap = 1  # frozen


def test_assess_case_problems_become_reasons():
    c = park_case(
        diagnosis_year=2027,
        process=DiagnosisProcess(onsite_start=date(2026, 12, 30), onsite_end=date(2027, 1, 6)),
        review=Review(result="不合格"),
        satisfaction=Satisfaction(level="不满意"),
    )
    a = assess_case(c)
    assert not a.onsite.ok and "2027年" in a.onsite.text and a.onsite_workdays is None
    assert not a.years_check.ok and "2024、2025、2026" in a.years_check.text
    assert a.reward_cap == 0.0 and a.follow_up_due is None
    assert len(a.provider_flags) == 2


def test_assess_enterprise_case():
    team = [member(f"高{i}", "高级工程师", "环保") for i in range(2)] + [member(f"员{i}") for i in range(2)]
    team.append(member("总经理", "高级经济师", "管理", category="企业高级管理人员"))
    c = Case(
        kind=CaseKind.ENTERPRISE, diagnosis_year=2026,
        application=EnterpriseApplication(name="示例企业", output_value=100000),
        provider=Provider(name="示例服务商"), team=tuple(team),
        process=DiagnosisProcess(onsite_start=date(2026, 10, 9), onsite_end=date(2026, 10, 10)),
    )
    a = assess_case(c)
    assert a.team.ok and a.onsite.ok and a.onsite_workdays == 2 and a.basic is None and a.years == ()
    assert a.reward_cap == 12.0
    no_output = c.model_copy(update={"application": EnterpriseApplication(name="示例企业")})
    a = assess_case(no_output)
    assert a.reward_cap is None and "上一年度产值" in a.reward_cap_text


def test_assess_case_leading_value_override():
    leads = [None] * 31
    leads[0] = 6  # indicator 1: 4.5 against 6 → 75 instead of 120
    a = assess_case(park_case(), leading_values=leads)
    assert a.years[2].scores[0] == pytest.approx(75.0)
    assert a.years[2].park_score == pytest.approx((75 + 29 * 100) / 30)


def test_reward_tiers_text_follows_the_parameters():
    """The hint shown in workbooks and ledgers is built from bj_diagnosis.toml (第十九条), not typed."""
    from greendiag.rules import reward_tiers_text

    assert reward_tiers_text() == "园区不超过20万元；企业上一年度产值10亿元（100000万元，含）以上不超过12万元，以下不超过8万元"
