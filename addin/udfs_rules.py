"""Excel functions of 《北京市制造业绿色诊断工作规则》: rewards, on-site working days, working group, service
providers.  Re-exported by :mod:`greendiag.addin.udfs`.
"""

from __future__ import annotations

from greendiag import rules
from greendiag.addin.udf_args import (
    _CALENDAR_TABLE_DOC,
    CATEGORY,
    _blank,
    _bool,
    _calendar_table,
    _calendar_wrap,
    _cells,
    _date,
    _doc,
    _int,
    _kind,
    _num,
    _rows,
    _text,
    arg,
    func,
)
from greendiag.rules import diagnosis as _d
from greendiag.rules.common import cn_count
from greendiag.rules.mirrored import MIRRORED
from greendiag.rules.models import (
    MEMBER_CATEGORIES,
    CaseKind,
    TeamMember,
)

# ── 《北京市制造业绿色诊断工作规则》 ───────────────────────────────────

@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区（工业园区）或 企业")
@arg("output_value", doc=f"企业上一年度产值（万元；{_d.output_line_text()}）；园区可留空")
@arg("review_result", doc="诊断评估报告评审结果：合格 / 不合格；留空表示尚未评审")
@arg("materials_ok", doc="诊断评估证明材料是否符合要求：TRUE/FALSE（是/否），留空视为符合")
@_doc(lambda: f"奖励金额上限（万元）：{MIRRORED['reward_cap_enterprise'].help()}（为0）。企业未填产值报错。"
             f"依据{_d.REWARD_CITE}。")
def REWARD_CAP(unit_type, output_value=None, review_result="合格", materials_ok=True):
    kind = _kind(unit_type)
    out = _num(output_value, "output_value", required=False)
    r = _text(review_result, "review_result")
    if r not in ("", "合格", "不合格"):
        raise ValueError(f"参数 review_result 的值“{r}”无效：应为“合格”“不合格”或留空")
    ok = _bool(materials_ok, "materials_ok", default=True)
    if kind is CaseKind.ENTERPRISE and out is None:
        raise ValueError("参数 output_value 为空：企业须填写上一年度产值（万元）才能确定奖励上限（第十九条）")
    if out is not None and out < 0:
        raise ValueError(f"参数 output_value 的值 {out:g} 为负数")
    return rules.reward_cap(kind, out, r or None, ok)


@func(category=CATEGORY)
@arg("amounts", ndim=2, doc="一家服务商一年内各次奖励金额（万元）的区域；空白单元格不计")
@_doc(lambda: f"服务商年度奖励资金总额（万元）：各次奖励之和，最高{_d.P['provider_annual_reward_cap'].value:g}万元。"
             f"依据{_d.ANNUAL_CAP_CITE}。")
def PROVIDER_ANNUAL_REWARD(amounts):
    vals = []
    for i, c in enumerate(_cells(amounts), start=1):
        v = _num(c, f"amounts（第{i}个单元格）", required=False)
        if v is not None and v < 0:
            raise ValueError(f"参数 amounts（第{i}个单元格）的金额 {v:g} 为负数")
        vals.append(v)
    return rules.provider_annual_reward(vals)




@func(category=CATEGORY)
@arg("start_date", doc="现场诊断开始日期（日期或 Excel 日期序列号）")
@arg("end_date", doc="现场诊断结束日期（含当日）")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
def ONSITE_WORKDAYS(start_date, end_date, calendar_table=None):
    """现场诊断工作日数：开始至结束日期（含两端）的法定工作日，扣除法定节假日、计入调休上班日。给出 calendar_table（节假日安排表）时，表中列有日期的年份按该表计算（每年都有放假日，列有日期即视为该年安排已完整录入），其他年份按日历库 chinesecalendar；均未收录的年份报错。依据《北京市制造业绿色诊断工作规则》第十二条。"""
    s, e = _date(start_date, "start_date"), _date(end_date, "end_date")
    cal = _calendar_table(calendar_table)
    try:
        return rules.working_days(s, e, cal)
    except ValueError as exc:
        raise _calendar_wrap("end_date" if e < s else "start_date/end_date", exc, cal) from None


@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区 或 企业")
@arg("start_date", doc="现场诊断开始日期")
@arg("end_date", doc="现场诊断结束日期（含当日）")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
def ONSITE_CHECK(unit_type, start_date, end_date, calendar_table=None):
    """现场诊断时间是否达标：园区不少于4个工作日，企业不少于2个工作日（按法定节假日和调休计算；给出 calendar_table 时，表中列有日期的年份按该表，其他年份按日历库 chinesecalendar）。返回“符合”或“不符合：…”。依据《北京市制造业绿色诊断工作规则》第十二条。"""
    kind = _kind(unit_type)
    s, e = _date(start_date, "start_date"), _date(end_date, "end_date")
    cal = _calendar_table(calendar_table)
    try:
        return rules.check_onsite(kind, s, e, cal).text
    except ValueError as exc:
        raise _calendar_wrap("start_date/end_date", exc, cal) from None


@func(category=CATEGORY)
@arg("unit_type", doc="被诊断单位类型：园区 或 企业")
def ONSITE_MIN_DAYS(unit_type):
    """现场诊断最少工作日数：园区4，企业2。依据《北京市制造业绿色诊断工作规则》第十二条、《北京市工业园区绿色诊断工作指南》四（三）1。"""
    return rules.onsite_min_workdays(_kind(unit_type))


def _roster(x) -> list[TeamMember]:
    if not isinstance(x, (list, tuple)) or not x:
        raise ValueError("参数 roster 应为工作组成员表区域（列：姓名、工作分工、职称、从事专业、成员类别、主导绿色制造项目数）")
    members = []
    for r, cells in enumerate(_rows(x), start=1):
        if all(_blank(c) for c in cells):
            continue
        if len(cells) < 5:
            raise ValueError(f"参数 roster 第{r}行只有{len(cells)}列：应为 姓名、工作分工、职称、从事专业、成员类别、主导绿色制造项目数")
        name = _text(cells[0], "roster")
        if r == 1 and name == "姓名":
            continue  # header row included in the range
        cat = _text(cells[4], "roster")
        if cat not in MEMBER_CATEGORIES:
            raise ValueError(f"参数 roster 第{r}行成员类别“{cat}”无效：应为 {'/'.join(MEMBER_CATEGORIES)}")
        led = _int(cells[5], f"roster 第{r}行主导绿色制造项目数", required=False) if len(cells) > 5 else None
        members.append(TeamMember(
            name=name or f"第{r}行", role=_text(cells[1], "roster"), title=_text(cells[2], "roster"),
            specialty=_text(cells[3], "roster"), category=cat, led_projects=led,
        ))
    return members


@func(category=CATEGORY)
@arg("roster", ndim=2, doc="工作组成员表区域，列依次为：姓名、工作分工、职称、从事专业、成员类别（专家成员/园区相关工作负责人/园区工作人员/企业高级管理人员/企业人员）、主导绿色制造项目数（可空）；可含标题行")
def TEAM_CHECK(roster):
    """工作组组成是否达标：不少于5人；相关专业高级职称（按高级职称名单，非“含高级”）不少于2人或主导过绿色制造项目不少于3人；至少1名园区相关工作负责人或企业高级管理人员（按成员类别）。返回“符合”或“不符合：…”。依据《北京市制造业绿色诊断工作规则》第十一条。"""
    members = _roster(roster)
    cats = {m.category for m in members}
    park_cats, ent_cats = {"园区相关工作负责人", "园区工作人员"}, {"企业高级管理人员", "企业人员"}
    if cats & park_cats and cats & ent_cats:
        raise ValueError("参数 roster 同时含园区成员类别（园区相关工作负责人/园区工作人员）和企业成员类别"
                         "（企业高级管理人员/企业人员），无法判断被诊断单位类型")
    if cats & ent_cats:
        return rules.check_working_group("企业", members).text
    chk = rules.check_working_group("园区", members)
    if not cats & park_cats:  # neither: say both options
        cite = str(_d.TEAM_CITE)
        reasons = [r for r in chk.reasons if "缺少被诊断园区" not in r]
        reasons.append(f"工作组缺少被诊断园区的相关工作负责人或被诊断企业的高级管理人员（成员类别“园区相关工作负责人”或“企业高级管理人员”）（{cite}）")
        return "不符合：" + "；".join(reasons)
    return chk.text


@func(category=CATEGORY)
@arg("unsatisfied_count", doc="一年内（任意12个月）满意度评价为“不满意”的次数")
@arg("failed_count", doc="一年内（任意12个月）诊断评估报告评审“不合格”的次数")
@arg("fee_charged", doc="是否对绿色诊断服务内容收取费用（TRUE/FALSE，留空为否）")
@arg("fraud", doc=f"是否在申报过程中弄虚作假（第二十二条第2项：{_d.P['disqualify_ban_years'].value}年内不得重新入围，不限制资金支持）")
@arg("serious_impact", doc="是否对被诊断单位和社会造成严重不良影响")
@arg("funds_fraud", doc=f"是否恶意串通、弄虚作假等骗取财政资金（第二十一条：服务商和园区、企业{_d.P['fraud_funding_ban_years'].value}年内"
                           "不得申请资金支持），留空为否")
@_doc(lambda: f"服务商资格：收费、申报弄虚作假、一年内（任意{_d.P['one_year_window_months'].value}个月）"
             f"“不满意”累计{_d.P['disqualify_unsatisfied_count'].value}次、“不合格”累计{_d.P['disqualify_failed_count'].value}次"
             f"或造成严重不良影响的取消资格，{_d.P['disqualify_ban_years'].value}年内不得重新入围；骗取财政资金的另追回资金，"
             f"服务商和园区、企业{_d.P['fraud_funding_ban_years'].value}年内不得申请资金支持。"
             "依据《北京市制造业绿色诊断工作规则》第二十一条、第二十二条。")
def PROVIDER_STATUS(unsatisfied_count, failed_count, fee_charged=False, fraud=False, serious_impact=False,
                    funds_fraud=False):
    u = _int(unsatisfied_count, "unsatisfied_count", default=0)
    f = _int(failed_count, "failed_count", default=0)
    return rules.provider_status(
        u, f,
        fee_charged=_bool(fee_charged, "fee_charged"),
        fraud=_bool(fraud, "fraud"),
        serious_impact=_bool(serious_impact, "serious_impact"),
        funds_fraud=_bool(funds_fraud, "funds_fraud"),
    ).text


@func(category=CATEGORY)
@arg("beijing_legal_person", doc="是否具有北京市独立法人资格")
@arg("bad_credit_recent", doc="近3年是否有严重失信记录")
@arg("office_and_finance_ok", doc="是否具有固定办公场所、办公条件和健全的财务管理制度")
@arg("intermediate_staff", doc="从事绿色诊断的中级职称以上专职人员数")
@arg("senior_related_staff", doc="其中能源、环境、生态、低碳、生命周期评价等相关专业高级职称人员数")
@arg("recent_green_work", doc="近三年是否参与过绿色制造相关评审、论证、评价、省级以上科研项目或标准、政策制定")
@arg("led_projects_recent", doc="（职称不满足时）近三年主导的绿色制造相关项目数，可空")
@arg("experienced_staff", doc="（职称不满足时）具有相关工作经验的专职人员数，可空")
@_doc(lambda: f"服务商申报基本要求：北京独立法人且近{_d.P['provider_no_bad_credit_years'].value}年无严重失信；办公与财务条件；"
             f"中级以上专职≥{_d.P['provider_min_staff'].value}人且相关专业高级职称≥{_d.P['provider_min_senior_staff'].value}人，"
             f"或近{cn_count(_d.P['provider_recent_years'].value)}年主导绿色制造项目{_d.P['provider_alt_min_projects'].value}个以上"
             f"且有经验专职人员≥{_d.P['provider_alt_min_experienced_staff'].value}人；"
             f"近{cn_count(_d.P['provider_recent_years'].value)}年绿色制造相关工作。依据《北京市制造业绿色诊断工作规则》第五条。")
def PROVIDER_ELIGIBILITY(beijing_legal_person, bad_credit_recent, office_and_finance_ok, intermediate_staff,
                         senior_related_staff, recent_green_work, led_projects_recent=0, experienced_staff=0):
    return rules.check_provider_eligibility(
        _bool(beijing_legal_person, "beijing_legal_person", None) is True,
        _bool(bad_credit_recent, "bad_credit_recent", False),
        _bool(office_and_finance_ok, "office_and_finance_ok", None) is True,
        _int(intermediate_staff, "intermediate_staff"),
        _int(senior_related_staff, "senior_related_staff"),
        _bool(recent_green_work, "recent_green_work", None) is True,
        _int(led_projects_recent, "led_projects_recent", default=0),
        _int(experienced_staff, "experienced_staff", default=0),
    ).text
