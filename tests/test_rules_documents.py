"""Boundaries of seeds 002 (Beijing units), 003 (Heilongjiang), 004 (Guangzhou), 000 第五条, and the params files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from greendiag import rules
from greendiag.rules import guangzhou as gz
from greendiag.rules import heilongjiang as hlj
from greendiag.rules import units
from greendiag.rules.citations import load_params

BJU = "《北京市绿色制造单位管理暂行办法（征求意见稿）》"
HLJ = "《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》"
GZ = "《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》"


# ── params files ─────────────────────────────────────────────────────

PARAM_FILES = ["indicators", "bj_diagnosis", "bj_park_guide", "bj_units", "heilongjiang", "guangzhou"]


@pytest.mark.parametrize("name", PARAM_FILES)
def test_every_parameter_has_value_and_article(name):
    params = load_params(name)
    assert params
    for key, p in params.items():
        assert p.cite.document and p.cite.article, key
        assert str(p.cite).startswith("《") and "》" in str(p.cite)


def test_params_dir_has_exactly_the_documented_files():
    root = Path(rules.__file__).parent / "params"
    assert {p.stem for p in root.glob("*.toml")} == set(PARAM_FILES)


def test_param_documents_match_the_seed_titles():
    titles = {next(iter(load_params(n).values())).cite.document for n in PARAM_FILES}
    assert titles == {
        "北京市工业园区绿色诊断工作指南",
        "北京市制造业绿色诊断工作规则",
        "北京市绿色制造单位管理暂行办法（征求意见稿）",
        "黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）",
        "广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）",
    }


# ── 《北京市绿色制造单位管理暂行办法》 ──────────────────────────────────

@pytest.mark.parametrize(
    ("score", "tier"),
    [(0, "绿色工厂达标企业"), (59.99, "绿色工厂达标企业"), (60, "绿色工厂优质企业"), (79.99, "绿色工厂优质企业"),
     (80, "绿色工厂标杆企业"), (89.99, "绿色工厂标杆企业"), (90, "绿色工厂领军企业"), (100, "绿色工厂领军企业")],
)
def test_factory_tier_boundaries(score, tier):
    assert rules.factory_tier(score) == tier


def test_factory_tier_errors_and_duty():
    with pytest.raises(ValueError, match="score"):
        rules.factory_tier(-1)
    with pytest.raises(ValueError, match="score"):
        rules.factory_tier(float("nan"))
    assert units.factory_tier_duty(59).startswith("应进行绿色诊断")


def test_incubation_pool_line_60_and_report_year():
    assert not units.check_incubation_pool(59.99).ok
    assert f"未达到入库分数线60分（{BJU}第八条）" in units.check_incubation_pool(59.99).text
    assert units.check_incubation_pool(60).ok
    assert units.check_incubation_pool(60, report_year=2025, apply_year=2026).ok
    assert units.check_incubation_pool(60, report_year=2026, apply_year=2026).ok
    bad = units.check_incubation_pool(75, report_year=2024, apply_year=2026)
    assert not bad.ok and "第五条" in bad.text


def test_revocation_grounds():
    assert units.check_revocation([False] * 7).ok
    chk = units.check_revocation([False, True, False, True, False, False, False])
    assert chk.reasons == (f"复审评价结果不合格（{BJU}第十条（二））", f"提供虚假复审材料和数据（{BJU}第十条（四））")
    with pytest.raises(ValueError, match="7项"):
        units.check_revocation([True])


def test_change_report_30_days_and_reapply_ban():
    assert units.change_report_due(date(2026, 1, 31)) == date(2026, 3, 2)
    assert units.reapply_from(date(2026, 3, 1), "复审不通过") == date(2029, 3, 2)  # the first allowed day
    assert units.reapply_from(date(2028, 2, 29), "复审不通过") == date(2031, 3, 1)  # last barred 2031-02-28
    assert units.reapply_from(date(2026, 3, 1), "第十条（四）") == date(2029, 3, 2)
    assert units.reapply_from(date(2026, 3, 1), "第十条（三）") == date(2026, 3, 1)  # 第十二条 sets no period
    assert units.reapply_from(date(2026, 3, 1), " 重大调整 ") == date(2026, 3, 1)
    with pytest.raises(ValueError, match="第十二条"):
        units.reapply_from(date(2026, 3, 1), "提供虚假材料")


# ── 《黑龙江…实施细则》 ─────────────────────────────────────────────────

@pytest.mark.parametrize(
    ("score", "result"),
    [(0, "不合格"), (79.99, "不合格"), (80, "合格"), (89.99, "合格"), (90, "重点培育推荐国家级"), (100, "重点培育推荐国家级")],
)
def test_hlj_review_boundaries(score, result):
    assert rules.hlj_review(score) == result


def test_hlj_cultivation_conditions():
    assert hlj.check_cultivation("绿色工厂", [True] * 4).ok
    bad = hlj.check_cultivation("工厂", [True, False, True, None])
    assert bad.reasons[0].startswith("未满足条件“遵守有关法律") and f"{HLJ}第六条（二）" in bad.reasons[0]
    assert bad.reasons[1].startswith("未说明是否满足条件“符合绿色工厂") and len(bad.reasons) == 2
    # park condition (三) is a priority, not a requirement
    assert hlj.check_cultivation("绿色工业园区", [True, True, False, True]).ok
    assert hlj.check_cultivation("园区", [True, True, None, True], value_added_share=50.01).ok
    bad = hlj.check_cultivation("园区", [True, True, None, True], value_added_share=50)
    assert bad.reasons == (f"工业增加值占比50%，未超过50%（{HLJ}第七条（一））",)
    assert not hlj.check_cultivation("绿色供应链管理企业", [True, True, False, True]).ok
    with pytest.raises(ValueError, match="unit_type"):
        hlj.check_cultivation("车间", [True] * 4)


def test_hlj_veto_and_removal():
    assert hlj.check_veto([False] * 6).ok
    chk = hlj.check_veto([False, False, False, False, False, True])
    assert chk.text == f"不符合：近三年企业被列为失信被执行人（{HLJ}第十五条（六））"
    assert hlj.check_removal(False, False, False).ok
    chk = hlj.check_removal(True, False, True)
    assert [r.split("（")[0] for r in chk.reasons] == ["存在第十五条所列情况", "所提交材料或数据存在造假等问题"]
    assert not hlj.check_removal(False, False, False, major_accident=True).ok


def test_hlj_deadlines_and_publicity():
    assert hlj.deadline("国家级推荐", 2026) == date(2026, 7, 31)
    assert hlj.deadline("市级备案", 2026) == date(2026, 8, 31)
    assert hlj.deadline("动态管理表", 2027) == date(2027, 3, 30)
    assert hlj.deadline("第三方年度报告", 2026) == date(2026, 12, 31)
    assert hlj.publicity_end(date(2026, 6, 1)) == date(2026, 6, 15)  # 15 days, first day included
    with pytest.raises(ValueError, match="事项"):
        hlj.deadline("省级推荐", 2026)


def test_hlj_third_party_and_15_project_cap():
    assert hlj.check_third_party(True, True, 10, 5, True, True).ok
    bad = hlj.check_third_party(True, True, 9, 4, True, True)
    assert len(bad.reasons) == 2 and "9人，少于10人" in bad.text and "4人，少于5人" in bad.text
    assert hlj.check_project_cap(15).ok
    bad = hlj.check_project_cap(16)
    assert bad.text == f"不符合：年度国家级绿色制造评价项目16项，超过15项（{HLJ}第二十四条）"


# ── 《广州市…暂行办法》 ─────────────────────────────────────────────────

@pytest.mark.parametrize(
    ("score", "provincial", "national", "stars"),
    [(79.99, False, False, 0), (80, False, False, 1), (100, False, False, 1), (50, True, False, 2),
     (None, True, False, 2), (None, False, True, 3), (95, True, True, 3)],
)
def test_gz_star(score, provincial, national, stars):
    assert rules.gz_star(score, provincial, national) == stars


def test_gz_star_needs_score_without_title():
    with pytest.raises(ValueError, match="综合评分"):
        rules.gz_star(None)


def test_gz_calendar_validity_and_publicity():
    assert gz.deadline("培育入库", 2026) == date(2026, 1, 31)
    assert gz.deadline("区级推荐", 2026) == date(2026, 4, 30)
    assert gz.deadline("省级推荐", 2026) == date(2026, 6, 30)
    assert gz.deadline("动态管理表", 2026) == date(2026, 4, 1)
    assert gz.publicity_end(date(2026, 5, 6)) == date(2026, 5, 12)  # 7 days incl. first
    assert gz.cultivation_valid_until(date(2026, 1, 20)) == date(2029, 1, 20)  # to the third anniversary
    assert gz.cultivation_valid_until(date(2028, 2, 29)) == date(2031, 2, 28)  # no 29 Feb: the month end


def test_gz_cultivation_veto_removal():
    assert gz.check_cultivation("绿色工厂", [True, True, True]).ok
    bad = gz.check_cultivation("绿色工厂", [True, False, True])
    assert bad.text == f"不符合：未满足条件“广州市清洁生产企业（有效期内）”（{GZ}第七条（一）2）"
    assert not gz.check_cultivation("园区", [True, True, True], value_added_share=49).ok
    assert gz.check_veto([False] * 6).ok
    assert "连续停产12个月以上" in gz.check_veto([True] + [False] * 5).text
    assert "第十六条（二）" in gz.check_removal(False, True, False).text


# ── 《北京市制造业绿色诊断工作规则》第五条 provider eligibility ─────────────

def test_provider_eligibility_route_a_boundaries():
    assert rules.check_provider_eligibility(True, False, True, 10, 5, True).ok
    assert not rules.check_provider_eligibility(True, False, True, 9, 5, True).ok
    assert not rules.check_provider_eligibility(True, False, True, 10, 4, True).ok


def test_provider_eligibility_route_b_boundaries():
    assert rules.check_provider_eligibility(True, False, True, 3, 0, True, led_projects_recent=5, experienced_staff=10).ok
    assert not rules.check_provider_eligibility(True, False, True, 3, 0, True, led_projects_recent=4, experienced_staff=10).ok
    assert not rules.check_provider_eligibility(True, False, True, 3, 0, True, led_projects_recent=5, experienced_staff=9).ok


def test_provider_eligibility_basic_conditions():
    chk = rules.check_provider_eligibility(False, True, False, 10, 5, False)
    assert len(chk.reasons) == 4
    assert "北京市独立法人" in chk.reasons[0] and "近3年有严重失信记录" in chk.reasons[1]
    assert all("第五条" in r for r in chk.reasons)
    with pytest.raises(ValueError, match="intermediate_staff"):
        rules.check_provider_eligibility(True, False, True, -1, 5, True)
