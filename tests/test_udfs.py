"""``greendiag.addin.udfs`` called the way Excel calls them: 2-D ranges, floats, date serials, None, stray spaces."""

from __future__ import annotations

import inspect
import re
from datetime import date, datetime

import pytest

import greendiag.addin.udfs as u
from greendiag.rules import INDICATORS

RULES = "《北京市制造业绿色诊断工作规则》"


def serial(d: date) -> float:
    """Excel 1900-system serial of ``d``, as a float like Excel passes it."""
    return float((d - date(1899, 12, 30)).days)


def assert_excel_error(result, pattern: str) -> None:
    """The function answered with the text Excel shows: ``错误：`` and a message matching ``pattern``."""
    assert isinstance(result, str) and result.startswith(u.ERROR_PREFIX), result
    assert re.search(pattern, result), result


def test_serial_helper_matches_excel():
    assert serial(date(2026, 10, 1)) == 46296.0  # =DATE(2026,10,1) in Excel


# ── REWARD_CAP ───────────────────────────────────────────────────────

@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (("园区",), 20.0),
        ((" 工业园区 ",), 20.0),
        (("企业", 99999.99), 8.0),
        (("企业", 100000.0), 12.0),
        (("企业", "１００，０００ "), 12.0),
        (("企业", " 99999.99"), 8.0),
        (("企业", 150000.0, "不合格", True), 0.0),
        (("企业", 150000.0, "合格", False), 0.0),
        (("园区", None, None, None), 20.0),  # blank review result/material cells
        (("园区", None, " 合格 ", "否"), 0.0),
        (("园区", None, "合格", 0.0), 0.0),
    ],
)
def test_reward_cap(args, cap):
    assert u.REWARD_CAP(*args) == cap


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("企业",), "output_value"),
        (("企业", "十亿"), "output_value"),
        (("工厂", 1.0), "unit_type"),
        (("园区", None, "良"), "review_result"),
        (("园区", None, "合格", "也许"), "materials_ok"),
        (("企业", -5.0), "output_value"),
    ],
)
def test_reward_cap_errors_name_the_argument(args, names):
    assert_excel_error(u.REWARD_CAP(*args), names)


def test_provider_annual_reward_from_any_range():
    assert u.PROVIDER_ANNUAL_REWARD([[20.0], [20.0], [None], ["12 "]]) == 52.0
    assert u.PROVIDER_ANNUAL_REWARD([[20.0] * 15]) == 300.0
    assert u.PROVIDER_ANNUAL_REWARD([[20.0] * 14 + [19.99]]) == pytest.approx(299.99)
    assert u.PROVIDER_ANNUAL_REWARD([[20.0] * 16]) == 300.0
    assert u.PROVIDER_ANNUAL_REWARD(8.0) == 8.0
    assert_excel_error(u.PROVIDER_ANNUAL_REWARD([[1.0], ["abc"]]), "amounts（第2个单元格）")


# ── scores ───────────────────────────────────────────────────────────

def leading_column():
    return [[i.leading_value] for i in INDICATORS]


def test_park_score_all_at_leading_value_is_100_in_both_shapes():
    col = leading_column()
    assert u.PARK_SCORE(col) == 100.0
    assert u.PARK_SCORE([[c[0] for c in col]]) == 100.0
    assert u.PARK_SCORE([c[0] for c in col]) == 100.0  # 1-D, as xlwings passes without ndim


def test_park_score_blank_not_applicable_text_spaces():
    col = [[None] for _ in range(31)]
    assert u.PARK_SCORE(col) is None
    col[0] = [" ６ "]          # 2×leading → 200 → capped 120
    col[1] = ["不适用"]
    col[11] = [" 具备 "]       # 100
    col[22] = [0.0]            # lower-is-better at 0 → 120
    col[23] = ["  "]
    assert u.PARK_SCORE(col) == pytest.approx((120 + 100 + 120) / 3)


def test_park_score_leading_value_override_with_blanks():
    col = leading_column()
    leads = [[None] for _ in range(31)]
    leads[0] = [6.0]  # value 3 against 6 → 50
    assert u.PARK_SCORE(col, leads) == pytest.approx((50 + 30 * 100) / 31)
    assert u.PARK_SCORE(col, [[None]] * 31) == 100.0


def test_park_score_shape_and_value_errors():
    assert_excel_error(u.PARK_SCORE([[1.0]] * 30), "values.*31")
    assert_excel_error(u.PARK_SCORE([[1.0, 2.0]] * 31), "values.*一行或一列")
    bad = leading_column()
    bad[2] = ["七十五"]
    assert_excel_error(u.PARK_SCORE(bad), "values")
    bad = leading_column()
    bad[11] = [1.0]
    assert_excel_error(u.PARK_SCORE(bad), "第12项")
    assert_excel_error(u.PARK_SCORE(leading_column(), [[1.0]] * 3), "leading_values")


def test_indicator_score_excel_style():
    assert u.INDICATOR_SCORE(1.0, 3.0) == 100.0
    assert u.INDICATOR_SCORE("1", " 4.5 ") == 120.0
    assert u.INDICATOR_SCORE(23.0, -1.0) == 120.0
    assert u.INDICATOR_SCORE(24.0, 0.6) == 50.0
    assert u.INDICATOR_SCORE(30.0, "否") == 0.0
    assert u.INDICATOR_SCORE(5.0, None) is None
    assert u.INDICATOR_SCORE(5.0, "不适用") is None
    assert u.INDICATOR_SCORE(1.0, 3.0, 6.0) == 50.0
    assert u.INDICATOR_SCORE(1.0, 3.0, None) == 100.0
    assert_excel_error(u.INDICATOR_SCORE(1.5, 3.0), "number")
    assert_excel_error(u.INDICATOR_SCORE(32.0, 3.0), "number")
    assert_excel_error(u.INDICATOR_SCORE(12.0, 1.0), "value")
    assert u.LEADING_VALUE(24.0) == 0.3 and u.LEADING_VALUE(12.0) == "具备"


# ── working days (2026 国庆: 10-1..10-7 off, 9-20 Sun and 10-10 Sat worked) ──

def test_onsite_workdays_from_serials_datetimes_and_text():
    assert u.ONSITE_WORKDAYS(serial(date(2026, 9, 30)), serial(date(2026, 10, 9))) == 3
    assert u.ONSITE_WORKDAYS(datetime(2026, 9, 30), datetime(2026, 10, 10)) == 4
    assert u.ONSITE_WORKDAYS("2026-10-08", "２０２６年１０月１２日") == 4
    assert u.ONSITE_WORKDAYS(serial(date(2026, 10, 1)), serial(date(2026, 10, 7))) == 0


def test_onsite_check_park_and_enterprise_boundaries():
    s, e3, e4 = serial(date(2026, 9, 30)), serial(date(2026, 10, 9)), serial(date(2026, 10, 10))
    assert u.ONSITE_CHECK("园区", s, e3) == f"不符合：园区现场诊断3个工作日，少于4个工作日（{RULES}第十二条）"
    assert u.ONSITE_CHECK(" 园区", s, e4) == "符合"
    assert u.ONSITE_CHECK("企业", serial(date(2026, 10, 9)), serial(date(2026, 10, 9))).startswith("不符合：企业现场诊断1个工作日")
    assert u.ONSITE_CHECK("企业", datetime(2026, 10, 9), datetime(2026, 10, 10)) == "符合"
    assert u.ONSITE_MIN_DAYS("工业园区") == 4 and u.ONSITE_MIN_DAYS("企业") == 2


def test_onsite_errors():
    assert_excel_error(u.ONSITE_WORKDAYS(None, 46300.0), "start")
    assert_excel_error(u.ONSITE_WORKDAYS(46300.0, "明天"), "end")
    assert_excel_error(u.ONSITE_WORKDAYS(46300.0, 46299.0), "早于开始日期")
    assert_excel_error(u.ONSITE_WORKDAYS(datetime(2026, 12, 28), datetime(2027, 1, 5)), "2027年")
    assert_excel_error(u.ONSITE_WORKDAYS(True, 46300.0), "start")


# ── TEAM_CHECK ───────────────────────────────────────────────────────

HEADER = ["姓名", "绿色诊断工作分工", "职称", "从事专业", "成员类别", "主导绿色制造项目数"]


def roster(senior=2, leaders=0, n=5, unit="园区相关工作负责人"):
    rows = [["张高" + str(i), "组长", " 高级工程师 ", "能源 管理", "专家成员", None] for i in range(senior)]
    rows += [["李项" + str(i), "组员", "工程师", "机械", "专家成员", 2.0] for i in range(leaders)]
    if unit:
        rows.append(["王园", "对接", "", "管理", unit, None])
    while len(rows) < n:
        rows.append([f"赵{len(rows)}", "组员", "工程师", "机械", "专家成员", ""])
    return rows


def test_team_check_ok_with_header_and_blank_rows():
    assert u.TEAM_CHECK([HEADER] + roster() + [[None] * 6, [None] * 6]) == "符合"
    assert u.TEAM_CHECK(roster(unit="企业高级管理人员")) == "符合"
    assert u.TEAM_CHECK(roster(senior=0, leaders=3)) == "符合"


def test_team_check_boundaries():
    four = roster(n=4)
    assert u.TEAM_CHECK(four).startswith("不符合：工作组成员4人，少于5人（")
    text = u.TEAM_CHECK(roster(senior=1, leaders=2))
    assert "高级职称人员1人，少于2人" in text and "2人，少于3人" in text
    text = u.TEAM_CHECK(roster(unit=None))
    assert "园区的相关工作负责人或被诊断企业的高级管理人员" in text


def test_team_check_rejects_manager_titles_and_a_unit_member_without_the_role():
    """高级经理 / 高级管理人员 are not 高级职称; 园区工作人员 / 企业人员 are not the role 第十一条 asks for."""
    managers = roster(senior=0)
    managers += [["周", "组员", "高级经理", "能源", "专家成员", None], ["吴", "组员", "高级管理人员", "环境", "专家成员", None]]
    text = u.TEAM_CHECK(managers)
    assert text.startswith("不符合：") and "高级职称人员0人，少于2人" in text
    staff = roster(unit="园区工作人员")
    text = u.TEAM_CHECK(staff)
    assert text.startswith("不符合：") and "缺少被诊断园区的相关工作负责人" in text
    text = u.TEAM_CHECK(roster(unit="企业人员"))
    assert text.startswith("不符合：") and "缺少被诊断企业的高级管理人员" in text
    assert u.TEAM_CHECK(roster(unit="园区相关工作负责人")) == "符合"


def test_team_check_errors():
    bad = roster()
    bad[1][4] = "外聘"
    assert_excel_error(u.TEAM_CHECK(bad), "roster 第2行成员类别")
    assert_excel_error(u.TEAM_CHECK([["a", "b", "c"]]), "roster 第1行只有3列")
    bad = roster()
    bad[0][5] = "很多"
    assert_excel_error(u.TEAM_CHECK(bad), "主导绿色制造项目数")
    mixed = roster() + [["钱", "", "", "", "企业人员", None]]
    assert_excel_error(u.TEAM_CHECK(mixed), "无法判断被诊断单位类型")
    mixed = roster(unit="园区工作人员") + [["钱", "", "", "", "企业高级管理人员", None]]
    assert_excel_error(u.TEAM_CHECK(mixed), "无法判断被诊断单位类型")


# ── PROVIDER_STATUS ──────────────────────────────────────────────────

def test_provider_status_boundaries():
    assert u.PROVIDER_STATUS(2.0, 1.0) == "正常"
    assert u.PROVIDER_STATUS(None, None) == "正常"
    assert u.PROVIDER_STATUS(3.0, 0.0).startswith("取消资格：一年内（任意12个月）满意度评价结果为“不满意”累计3次")
    assert u.PROVIDER_STATUS(0.0, 2.0).startswith("取消资格：一年内（任意12个月）诊断评估报告评审结果为“不合格”累计2次")
    assert u.PROVIDER_STATUS(0.0, 0.0, True).startswith("取消资格：对绿色诊断服务内容收取费用")
    assert "5年内不得申请" not in u.PROVIDER_STATUS(0.0, 0.0, False, "是")  # 第二十二条第2项: no funding ban
    assert "第二十二条第2项" in u.PROVIDER_STATUS(0.0, 0.0, False, "是")
    assert "服务商和被诊断园区、企业5年内不得申请" in u.PROVIDER_STATUS(0.0, 0.0, False, False, False, "是")  # 第二十一条
    assert "严重不良影响" in u.PROVIDER_STATUS(0.0, 0.0, None, None, 1.0)
    assert u.PROVIDER_STATUS(" ２ ", "1") == "正常"
    assert_excel_error(u.PROVIDER_STATUS(1.5, 0.0), "unsatisfied_count")
    assert_excel_error(u.PROVIDER_STATUS(0.0, -1.0), "failed_count")


# ── tiers ────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("score", "tier"), [(59.99, "达标"), (60.0, "优质"), (79.99, "优质"), (80.0, "标杆"),
                                             (89.99, "标杆"), (90.0, "领军"), ("９０", "领军")])
def test_factory_tier(score, tier):
    assert u.FACTORY_TIER(score) == f"绿色工厂{tier}企业"


@pytest.mark.parametrize(("score", "result"), [(79.99, "不合格"), (80.0, "合格"), (89.99, "合格"), (90.0, "重点培育推荐国家级")])
def test_hlj_review(score, result):
    assert u.HLJ_REVIEW(score) == result


def test_gz_star():
    assert u.GZ_STAR(79.99) == 0 and u.GZ_STAR(80.0) == 1
    assert u.GZ_STAR(None, True) == 2 and u.GZ_STAR(10.0, "是", None) == 2
    assert u.GZ_STAR(None, False, True) == 3
    assert_excel_error(u.GZ_STAR(None), "score")
    assert_excel_error(u.GZ_STAR(85.0, "可能"), "provincial")


def test_score_errors_name_the_argument():
    for f in (u.FACTORY_TIER, u.HLJ_REVIEW):
        assert_excel_error(f(None), "score")
        assert_excel_error(f("优秀"), "score")


# ── other rules ──────────────────────────────────────────────────────

def test_follow_up_and_deadlines_return_dates():
    assert u.FOLLOW_UP_DUE(serial(date(2026, 11, 2))) == date(2027, 11, 2)
    assert u.FOLLOW_UP_DUE(datetime(2024, 2, 29, 10)) == date(2025, 2, 28)
    assert u.HLJ_DEADLINE(" 国家级推荐 ", 2026.0) == date(2026, 7, 31)
    assert u.HLJ_DEADLINE("市级备案", "2026") == date(2026, 8, 31)
    assert u.HLJ_DEADLINE("动态管理表", 2026.0) == date(2026, 3, 30)
    assert u.HLJ_PUBLICITY_END(serial(date(2026, 6, 1))) == date(2026, 6, 15)
    assert u.GZ_DEADLINE("区级推荐", 2026.0) == date(2026, 4, 30)
    assert u.GZ_DEADLINE("动态管理表", 2026.0) == date(2026, 4, 1)
    assert u.GZ_PUBLICITY_END(datetime(2026, 5, 6)) == date(2026, 5, 12)
    assert u.GZ_VALID_UNTIL(serial(date(2026, 1, 20))) == date(2029, 1, 20)
    assert u.BJ_CHANGE_DUE(serial(date(2026, 1, 31))) == date(2026, 3, 2)
    assert u.BJ_REAPPLY_FROM(serial(date(2026, 3, 1)), "复审不通过") == date(2029, 3, 2)
    assert_excel_error(u.GZ_DEADLINE("年终总结", 2026.0), "item")
    assert_excel_error(u.HLJ_DEADLINE("国家级推荐", 2026.5), "year")
    assert_excel_error(u.BJ_REAPPLY_FROM(46300.0, "其他"), "reason")


def test_basic_check():
    assert u.BASIC_CHECK([["符合"]] * 6 + [["不符合"], [None]]) == "符合"
    assert u.BASIC_CHECK([["√", "√", "√", "√", "√", "√", "×", "×"]]) == "符合"
    text = u.BASIC_CHECK([["是"]] * 3 + [["否"]] + [["是"]] * 2 + [[None]] * 2)
    assert text.startswith("不符合：基础性要求第4项不符合：园区重点企业100%实施清洁生产审核（")
    assert "第6项未填写" in u.BASIC_CHECK([["是"]] * 5 + [[" "]] + [[None]] * 2)
    assert_excel_error(u.BASIC_CHECK([["是"]] * 6), "compliance.*8")
    assert_excel_error(u.BASIC_CHECK([["是"], ["大概"]] + [["是"]] * 6), "compliance（第2项）")


def test_provider_eligibility_both_routes():
    assert u.PROVIDER_ELIGIBILITY(True, False, True, 10.0, 5.0, True) == "符合"
    assert u.PROVIDER_ELIGIBILITY("是", "否", "是", 9.0, 5.0, "是").startswith("不符合：中级职称以上专职人员9人")
    assert u.PROVIDER_ELIGIBILITY(True, None, True, 2.0, 0.0, True, 5.0, 10.0) == "符合"
    assert u.PROVIDER_ELIGIBILITY(True, None, True, 2.0, 0.0, True, 4.0, 10.0).startswith("不符合")
    assert "北京市独立法人" in u.PROVIDER_ELIGIBILITY(None, False, True, 10.0, 5.0, True)


def test_incubation_and_revocation():
    assert u.INCUBATION_POOL(60.0) == "符合"
    assert u.INCUBATION_POOL(59.99).startswith("不符合：分级评价得分59.99分")
    assert "第五条" in u.INCUBATION_POOL(70.0, 2023.0, 2026.0)
    assert u.BJ_REVOCATION(None, None, None, None, None, None) == "保留资格"
    assert u.BJ_REVOCATION(True, False, False, False, False, False).startswith("撤销资格：未按规定参加复审")


def test_heilongjiang_and_guangzhou_checks():
    assert u.HLJ_VETO(False, False, False, False, False, False) == "无否决情形"
    assert u.HLJ_VETO(None, "是", None, None, None, None).startswith("否决：近三年发生安全")
    assert u.GZ_VETO(True, None, None, None, None, None).startswith("否决：近三年未正常经营生产")
    assert u.HLJ_CULTIVATION("绿色工业园区", True, True, None, True, 50.01) == "符合"
    assert "未超过50%" in u.HLJ_CULTIVATION("绿色工业园区", True, True, None, True, "50")
    assert u.GZ_CULTIVATION("绿色工厂", "是", "是", "是") == "符合"
    assert "未说明" in u.GZ_CULTIVATION("绿色工厂", "是", None, "是")
    assert_excel_error(u.GZ_CULTIVATION("车间", True, True, True), "unit_type")
    assert u.HLJ_PROJECT_CAP(15.0) == "符合" and u.HLJ_PROJECT_CAP(16.0).startswith("不符合")
    assert u.HLJ_THIRD_PARTY(True, True, 10.0, 5.0, True, True) == "符合"
    assert u.HLJ_REMOVAL(False, False, False) == "保留"
    assert u.GZ_REMOVAL(False, "是", False).startswith("移出：拒不按时填报动态管理表")


# ── catalogue and documentation ──────────────────────────────────────

def test_catalogue_covers_every_function_and_every_argument_is_documented():
    funcs = {n for n, f in vars(u).items() if inspect.isfunction(f) and n.isupper() and f.__module__.startswith(u.__name__)}
    assert funcs == set(u.CATALOGUE)
    for name, entry in u.CATALOGUE.items():
        f = getattr(u, name)
        assert len(f.__doc__) <= 255, name  # Excel's description limit (xlwings truncates)
        assert "依据《" in f.__doc__, name
        params = list(inspect.signature(f).parameters)
        assert [a for a, _ in entry.args] == params
        assert all(doc for _, doc in entry.args), name
        assert entry.citations and all(c.startswith("《") for c in entry.citations)


def test_greendiag_rules_prints_the_catalogue():
    from rich.console import Console

    from greendiag.catalogue import print_catalogue

    console = Console(record=True, width=400)
    print_catalogue(console)
    out = console.export_text()
    assert "REWARD_CAP" in out and "PROVIDER_ANNUAL_REWARD" in out and "GZ_REMOVAL" in out
    assert "(unit_type, [output_value], [review_result], [materials_ok])" in out
    assert "《北京市制造业绿色诊断工作规则》第十九条" in out
    assert f"共 {len(u.CATALOGUE)} 个函数" in out
