"""Excel functions of the Heilongjiang and Guangzhou documents.  Re-exported by :mod:`greendiag.addin.udfs`.
"""

from __future__ import annotations

from greendiag.addin.udf_args import (
    CATEGORY,
    _bool,
    _date,
    _doc,
    _int,
    _num,
    _text,
    _wrap,
    arg,
    func,
)
from greendiag.rules import guangzhou as _gz
from greendiag.rules import heilongjiang as _hlj
from greendiag.rules.common import cn_count
from greendiag.rules.gradient import GradientDocument, parse_unit_type
from greendiag.rules.mirrored import MIRRORED

# ── what the two 梯度培育及管理 documents share (rules.gradient): one wrapper per rule ────────


def _cultivation(doc: GradientDocument, unit_type, conditions, value_added_share) -> str:
    kind = _text(unit_type, "unit_type")
    try:
        parse_unit_type(kind)
    except ValueError as e:
        raise _wrap("unit_type", e) from None
    met = [_bool(c, f"condition{i}", None) for i, c in enumerate(conditions, start=1)]
    return doc.check_cultivation(kind, met, _num(value_added_share, "value_added_share", required=False)).text


def _veto(doc: GradientDocument, flags: dict) -> str:
    """``flags``: argument name → cell, in the order of the document's grounds."""
    chk = doc.check_veto([_bool(v, n) for n, v in flags.items()])
    return "无否决情形" if chk.ok else "否决：" + "；".join(chk.reasons)


def _deadline(doc: GradientDocument, item, calendar_year):
    try:
        return doc.deadline(_text(item, "item"), _int(calendar_year, "calendar_year"))
    except ValueError as e:
        raise _wrap("item/calendar_year", e) from None


def _removal(doc: GradientDocument, veto, no_dynamic_form, fraud, major_accident) -> str:
    chk = doc.check_removal(_bool(veto, "veto"), _bool(no_dynamic_form, "no_dynamic_form"), _bool(fraud, "fraud"),
                            _bool(major_accident, "major_accident"))
    return "保留" if chk.ok else "移出：" + "；".join(chk.reasons)


# ── 《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》 ────────

@func(category=CATEGORY)
@arg("score", doc="省级评审得分（分）")
@_doc(lambda: f"黑龙江省级评审结论：{MIRRORED['hlj_review'].help()}。依据{_hlj.REVIEW_CITE}。")
def HLJ_REVIEW(score):
    return _hlj.hlj_review(_num(score, "score"))


@func(category=CATEGORY)
@arg("unit_type", doc="培育对象类型：绿色工厂 / 绿色工业园区 / 绿色供应链管理企业")
@arg("condition1", doc="条件（一）是否满足（工厂：独立法人制造型企业；园区：统一管理、工业增加值占比超50%；供应链：行业主导企业）")
@arg("condition2", doc="条件（二）是否满足（工厂：守法、管理体系健全；园区：发布绿色工厂培育计划；供应链：供应商管理与培育计划）")
@arg("condition3", doc="条件（三）是否满足（工厂、供应链：接受节能监察、节能诊断；园区为重点培育方向，不作判断）")
@arg("condition4", doc="条件（四）是否满足：符合相应评价标准要求")
@arg("value_added_share", doc=f"园区工业增加值占比（%，可空），须超过{_hlj.H['park_min_value_added_share'].value}")
def HLJ_CULTIVATION(unit_type, condition1, condition2, condition3, condition4, value_added_share=None):
    """黑龙江绿色制造培育对象条件：绿色工厂第六条、绿色工业园区第七条、绿色供应链管理企业第八条，空白视为未说明。返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第六条、第七条、第八条。"""
    return _cultivation(_hlj.HLJ, unit_type, (condition1, condition2, condition3, condition4), value_added_share)


_VETO_ARGS_DOC = "（留空视为否）"


@func(category=CATEGORY)
@arg("abnormal_or_dishonest", doc="（一）被列入经营异常名录或严重违法失信名单且未信用修复" + _VETO_ARGS_DOC)
@arg("accident_or_violation", doc="（二）发生安全、质量、环境污染等事故或偷漏税等违法违规行为" + _VETO_ARGS_DOC)
@arg("removed_from_list", doc="（三）被动态调整出绿色制造名单" + _VETO_ARGS_DOC)
@arg("inspection_problem", doc="（四）在国务院及有关部委督查中被发现存在严重问题" + _VETO_ARGS_DOC)
@arg("energy_rectification", doc="（五）被列入工业节能监察整改名单未完成整改，或拒不接受节能监察、节能诊断等" + _VETO_ARGS_DOC)
@arg("dishonest_debtor", doc="（六）企业被列为失信被执行人" + _VETO_ARGS_DOC)
def HLJ_VETO(abnormal_or_dishonest, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor):
    """黑龙江否决条件：近三年有任一情形的企业或园区不得申请、推荐和列入绿色制造名单。返回“无否决情形”或“否决：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第十五条。"""
    return _veto(_hlj.HLJ, dict(locals()))  # the arguments, in order


@func(category=CATEGORY)
@arg("item", doc="事项：国家级推荐（7月31日）/ 市级备案（8月31日）/ 动态管理表（3月30日）/ 第三方年度报告（12月31日）")
@arg("calendar_year", doc="年度（四位数字）")
def HLJ_DEADLINE(item, calendar_year):
    """黑龙江年度截止日：国家级推荐7月31日前、市级备案8月31日前、动态管理表3月30日前、第三方年度报告年底前。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十一条、第十四条、第二十七条、第二十五条。"""
    return _deadline(_hlj.HLJ, item, calendar_year)


@func(category=CATEGORY)
@arg("start_date", doc="公示开始日期")
@_doc(lambda: f"黑龙江拟定省级绿色制造名单公示期（{_hlj.H['publicity_days'].value}日，含首日）的最后一天。"
             "依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十条。")
def HLJ_PUBLICITY_END(start_date):
    return _hlj.HLJ.publicity_end(_date(start_date, "start_date"))


@func(category=CATEGORY)
@arg("registered_legal_person", doc="（一）是否在中华人民共和国境内注册并具有独立法人资格")
@arg("office_and_finance_ok", doc="（二）是否具有固定办公场所、办公条件和健全财务制度")
@arg("intermediate_staff", doc=f"（三）从事绿色评价的中级职称以上专职人员数（不少于{_hlj.H['third_party_min_staff'].value}）")
@arg("senior_related_staff", doc=f"（三）其中相关专业高级职称人员数（不少于{_hlj.H['third_party_min_senior_staff'].value}）")
@arg("law_abiding", doc="（四）评价人员是否遵守法律法规和评价程序、熟悉相关政策标准")
@arg("recent_green_work", doc=f"（五）近{cn_count(_hlj.H['third_party_recent_years'].value)}年是否主导或参与绿色制造相关评审、评价、科研或标准、政策制定")
def HLJ_THIRD_PARTY(registered_legal_person, office_and_finance_ok, intermediate_staff, senior_related_staff, law_abiding, recent_green_work):
    """黑龙江第三方评价机构基本条件。返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十三条。"""
    return _hlj.check_third_party(
        _bool(registered_legal_person, "registered_legal_person", None) is True,
        _bool(office_and_finance_ok, "office_and_finance_ok", None) is True,
        _int(intermediate_staff, "intermediate_staff"),
        _int(senior_related_staff, "senior_related_staff"),
        _bool(law_abiding, "law_abiding", None) is True,
        _bool(recent_green_work, "recent_green_work", None) is True,
    ).text


@func(category=CATEGORY)
@arg("project_count", doc="同一法定代表人的第三方机构本年度开展的国家级绿色制造评价项目数")
@_doc(lambda: f"第三方机构年度国家级绿色制造评价项目数不得超过{_hlj.H['third_party_annual_project_cap'].value}项。"
             "返回“符合”或“不符合：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第二十四条。")
def HLJ_PROJECT_CAP(project_count):
    return _hlj.check_project_cap(_int(project_count, "project_count")).text


@func(category=CATEGORY)
@arg("veto", doc="（一）是否存在第十五条所列情况")
@arg("no_dynamic_form", doc="（二）是否拒不按时填报动态管理表")
@arg("fraud", doc="（三）所提交材料或数据是否存在造假等问题")
@arg("major_accident", doc="是否发生重大及以上生产安全和质量事故、Ⅱ级及以上突发环境污染事件（可空）")
def HLJ_REMOVAL(veto, no_dynamic_form, fraud, major_accident=False):
    """黑龙江绿色制造名单移出情形。返回“保留”或“移出：…”。依据《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》第三十条。"""
    return _removal(_hlj.HLJ, veto, no_dynamic_form, fraud, major_accident)


# ── 《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》 ─────────────────

@func(category=CATEGORY)
@arg("score", doc="综合评分（分）；已获评省级或国家级时可空")
@arg("provincial", doc="是否已获评省级绿色工厂（TRUE/FALSE）")
@arg("national", doc="是否已获评国家级绿色工厂（TRUE/FALSE）")
@_doc(lambda: f"广州市绿色工厂星级（0–3）：{MIRRORED['gz_star'].help()}，否则0。依据{_gz.STAR_CITE}、第十一条。")
def GZ_STAR(score, provincial=False, national=False):
    nat = _bool(national, "national")
    prov = _bool(provincial, "provincial")
    s = _num(score, "score", required=not (nat or prov))
    try:
        return _gz.gz_star(s, prov, nat)
    except ValueError as e:
        raise _wrap("score", e) from None


@func(category=CATEGORY)
@arg("unit_type", doc="培育对象类型：绿色工厂 / 绿色工业园区 / 绿色供应链管理企业")
@arg("condition1", doc="第1项是否满足（在广州市范围内、独立法人等；园区另须工业增加值占比超50%，申报省级以上须为省级以上园区）")
@arg("condition2", doc="第2项是否满足（工厂：广州市清洁生产企业且在有效期内；园区、供应链：发布/制定绿色工厂培育计划）")
@arg("condition3", doc="第3项是否满足：符合《绿色工厂梯度培育及管理暂行办法》第十四条相应标准要求")
@arg("value_added_share", doc=f"园区工业增加值占比（%，可空），须超过{_gz.Z['park_min_value_added_share'].value}")
def GZ_CULTIVATION(unit_type, condition1, condition2, condition3, value_added_share=None):
    """广州市绿色制造名单培育条件（工厂、园区、供应链各3项），空白视为未说明。返回“符合”或“不符合：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第七条。"""
    return _cultivation(_gz.GZ, unit_type, (condition1, condition2, condition3), value_added_share)


@func(category=CATEGORY)
@arg("not_operating", doc="（一）未正常经营生产（工商注销、连续停产12个月以上、列入经营异常名单未移出等）" + _VETO_ARGS_DOC)
@arg("accident_or_violation", doc="（二）发生安全、质量、环境污染等事故或偷漏税等违法违规行为" + _VETO_ARGS_DOC)
@arg("removed_from_list", doc="（三）被动态调整出绿色制造单位名单" + _VETO_ARGS_DOC)
@arg("inspection_problem", doc="（四）在国务院及有关部委督查中被发现存在严重问题" + _VETO_ARGS_DOC)
@arg("energy_rectification", doc="（五）被列入工业节能监察整改名单且未按要求完成整改" + _VETO_ARGS_DOC)
@arg("dishonest_debtor", doc="（六）企业被列为失信被执行人" + _VETO_ARGS_DOC)
def GZ_VETO(not_operating, accident_or_violation, removed_from_list, inspection_problem, energy_rectification, dishonest_debtor):
    """广州否决条件：近三年有任一情形的不得申请、推荐和列入市级绿色制造名单。返回“无否决情形”或“否决：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十二条。"""
    return _veto(_gz.GZ, dict(locals()))  # the arguments, in order


@func(category=CATEGORY)
@arg("item", doc="事项：培育入库（1月）/ 区级推荐（4月30日）/ 省级推荐（6月30日）/ 动态管理表（4月1日）")
@arg("calendar_year", doc="年度（四位数字）")
def GZ_DEADLINE(item, calendar_year):
    """广州年度日程截止日：培育入库每年1月（返回1月31日）、区级推荐4月30日前、省级推荐6月30日前、动态管理表4月1日前。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第九条、第十条、第十一条、第十三条。"""
    return _deadline(_gz.GZ, item, calendar_year)


@func(category=CATEGORY)
@arg("start_date", doc="公示开始日期")
@_doc(lambda: f"广州市级绿色制造名单公示期（{_gz.Z['publicity_days'].value}日，含首日）的最后一天。"
             "依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十条。")
def GZ_PUBLICITY_END(start_date):
    return _gz.GZ.publicity_end(_date(start_date, "start_date"))


@func(category=CATEGORY)
@arg("listed_date", doc="列为市级绿色制造名单培育对象的日期")
@_doc(lambda: f"培育对象有效期（{cn_count(_gz.Z['cultivation_valid_years'].value)}年）的最后一天。"
             "依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第九条。")
def GZ_VALID_UNTIL(listed_date):
    return _gz.cultivation_valid_until(_date(listed_date, "listed_date"))


@func(category=CATEGORY)
@arg("veto", doc="（一）是否存在第十二条所列情况")
@arg("no_dynamic_form", doc="（二）是否拒不按时填报动态管理表")
@arg("fraud", doc="（三）所提交材料或数据是否存在造假等问题")
@arg("major_accident", doc="是否发生重大及以上生产安全和质量事故、Ⅱ级及以上突发环境污染事件（可空）")
def GZ_REMOVAL(veto, no_dynamic_form, fraud, major_accident=False):
    """广州市级绿色制造名单移出情形。返回“保留”或“移出：…”。依据《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》第十六条。"""
    return _removal(_gz.GZ, veto, no_dynamic_form, fraud, major_accident)
