"""Excel functions of 《北京市绿色制造单位管理暂行办法（征求意见稿）》: factory tier, incubation pool,
revocation, change and re-application dates.  Re-exported by :mod:`greendiag.addin.udfs`.
"""

from __future__ import annotations

from greendiag.addin.udf_args import (
    _CALENDAR_TABLE_DOC,
    CATEGORY,
    _bool,
    _calendar_table,
    _calendar_wrap,
    _date,
    _doc,
    _int,
    _num,
    _text,
    _wrap,
    arg,
    func,
)
from greendiag.rules import units as _u
from greendiag.rules.common import cn_count
from greendiag.rules.mirrored import MIRRORED

# ── 《北京市绿色制造单位管理暂行办法（征求意见稿）》 ─────────────────────

@func(category=CATEGORY)
@arg("score", doc="绿色工厂分级评价得分（分）")
@_doc(lambda: f"绿色工厂分级：{MIRRORED['factory_tier'].help()}。依据{_u.TIER_CITE}。")
def FACTORY_TIER(score):
    return _u.factory_tier(_num(score, "score"))


@func(category=CATEGORY)
@arg("score", doc="分级评价得分（分）")
@arg("report_year", doc="所附绿色诊断评估报告的年度（可空）")
@arg("apply_year", doc="申请入库年度（可空）")
@_doc(lambda: f"能否纳入绿色制造培育库：分级评价得分原则上应达到{_u.U['incubation_pool_min_score'].value}分；"
             f"给出年度时核对诊断报告为本年度或上一年度。返回“符合”或“不符合：…”。依据{_u.POOL_CITE}、第五条。")
def INCUBATION_POOL(score, report_year=None, apply_year=None):
    return _u.check_incubation_pool(
        _num(score, "score"),
        _int(report_year, "report_year", required=False),
        _int(apply_year, "apply_year", required=False),
    ).text


@func(category=CATEGORY)
@arg("not_reviewed", doc="（一）未按规定参加复审")
@arg("review_failed", doc="（二）复审评价结果不合格")
@arg("terminated", doc="（三）所在单位被依法终止")
@arg("false_materials", doc="（四）提供虚假复审材料和数据")
@arg("self_request", doc="（五）所在单位自行要求撤销")
@arg("accident_blacklisted", doc="（六）发生重大安全、环境、质量等事故，被列入失信黑名单")
@arg("other", doc="（七）其他绿色发展水平不符合要求的情况（可空）")
def BJ_REVOCATION(not_reviewed, review_failed, terminated, false_materials, self_request, accident_blacklisted, other=False):
    """绿色制造单位撤销情形：有任一情形的，报请工业和信息化部撤销资格。返回“保留资格”或“撤销资格：…”。依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十条。"""
    names = ("not_reviewed", "review_failed", "terminated", "false_materials", "self_request", "accident_blacklisted", "other")
    vals = (not_reviewed, review_failed, terminated, false_materials, self_request, accident_blacklisted, other)
    chk = _u.check_revocation([_bool(v, n) for n, v in zip(names, vals)])
    return "保留资格" if chk.ok else "撤销资格：" + "；".join(chk.reasons)


@func(category=CATEGORY)
@arg("handled_date", doc="办理更名、重组、迁址等相关手续的日期")
@arg("calendar_table", ndim=2, doc=_CALENDAR_TABLE_DOC)
@_doc(lambda: f"绿色工厂更名或重大调整后申请名称变更/复审的截止日：办理相关手续后{_u.U['change_report_days'].value}日内"
             "（当日不计入）；最后一日为法定节假日或休息日的，顺延至其后第一个工作日（calendar_table 同 ONSITE_WORKDAYS）。"
             "依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十一条、《中华人民共和国民法典》第二百零三条。")
def BJ_CHANGE_DUE(handled_date, calendar_table=None):
    handled = _date(handled_date, "handled_date")
    cal = _calendar_table(calendar_table)
    try:
        return _u.change_report_due(handled, cal)
    except ValueError as exc:
        raise _calendar_wrap("handled_date", exc, cal) from None


@func(category=CATEGORY)
@arg("revoked_date", doc="被撤销绿色制造单位称号的日期")
@arg("reason", doc="撤销原因：复审不通过 或 重大调整（重组、主营业务变更、厂区迁址），或第十条的撤销情形（如“第十条（四）”；（一）（二）（四）按复审不通过计）")
@_doc(lambda: f"被撤销后最早可重新申报日期：因复审不通过被撤销的{cn_count(_u.U['reapply_ban_years'].value)}年内不得重新申报；"
             "因重大调整被撤销的可重新申报。依据《北京市绿色制造单位管理暂行办法（征求意见稿）》第十二条。")
def BJ_REAPPLY_FROM(revoked_date, reason):
    try:
        return _u.reapply_from(_date(revoked_date, "revoked_date"), _text(reason, "reason"))
    except ValueError as e:
        raise _wrap("reason", e) from None
