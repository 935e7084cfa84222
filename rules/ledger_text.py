"""The city ledger's rules in words (its sheet 说明), built from the cited parameters of the edition:
:func:`greendiag.rules.ledger.rules_text` (split from :mod:`greendiag.rules.ledger` for its size)."""

from __future__ import annotations

from greendiag.rules.citations import with_edition
from greendiag.rules.ledger import (
    _VALUES,
    BASIS_CAP,
    CITE_18,
    CITE_19,
    CITE_20,
    CITE_21,
    CITE_22,
    CITE_FRAUD_REQUALIFY,
    CITE_PERIOD,
    CITE_WINDOW,
    STATUS_FUNDING,
    STATUS_OK,
    P,
    _value,
)


@with_edition
def rules_text() -> list[str]:
    """The ledger's rules as Chinese sentences built from the cited parameters (for the ledger's 说明)."""
    from greendiag.rules.diagnosis import reward_tiers_text

    v = {k: _value(k) for k in _VALUES}
    reading = P["fraud_requalify_years"].basis_text

    return [
        f"计入年度：评审日期所在年度；未评审的按报告提交日期所在年度；均无的按诊断实施年份。奖励按自然年度拨付（{CITE_20}“每年”）。",
        f"计奖金额：评审“合格”且证明材料符合要求的，按市经济和信息化局核定的奖励金额计，核定金额不得超过{CITE_19}的上限"
        f"（{reward_tiers_text()}）；尚未核定的暂按上限计，计奖依据标为“{BASIS_CAP}”，相应年度合计标为“暂定”。"
        f"评审“不合格”或证明材料不符合要求的为 0（{CITE_19}）；未评审的暂为 0（{CITE_18}）；骗取财政资金的为 0 并追回资金（{CITE_21}）。",
        f"年度上限：每家服务商每年可拨付合计不超过 {v['ANNUAL_CAP']:g} 万元（{CITE_20}）。超出部分的核减规则：同一服务商同一年度内，"
        "案例按报告提交日期先后（无日期的在后）、再按文件名排序；越过上限的案例只拨付剩余额度，其后案例为 0。",
        f"一年内：按任意连续{v['WINDOW_MONTHS']}个月计，不按自然年度（{CITE_WINDOW}）：某次“不满意”（按满意度评价日期，无则评审日期）"
        f"或“不合格”（按评审日期）之前、满一年对应日以内的同类次数（含本次）累计达到 {v['UNSATISFIED_LIMIT']} 次或 {v['FAILED_LIMIT']} 次的，"
        "该次日期为条件成立日。",
        f"取消资格（{CITE_22}）：一年内“不满意”“不合格”达到次数，或收取费用（第1项）、在申报过程中弄虚作假（第2项）、"
        f"造成严重不良影响（第5项）的，取消服务商诊断资格，{v['REQUALIFY_YEARS']} 年内不得重新入围；违规行为的条件成立日为违规认定日期"
        "（无则评审日期）。不限制资金支持。",
        f"骗取财政资金（{CITE_21}）：恶意串通、弄虚作假等骗取财政资金的，取消诊断资格，追回骗取资金，记入信用记录；服务商和该园区、企业 "
        f"{v['FUNDING_BAN_YEARS']} 年内不得申请市经济和信息化局资金支持。第二十一条未规定不得重新入围的年限：骗取财政资金亦属弄虚作假，"
        f"按{CITE_FRAUD_REQUALIFY}的 {v['FRAUD_REQUALIFY_YEARS']} 年计（{reading}）。资金限制长于取消资格，"
        f"其间服务商状态为“{STATUS_FUNDING}”，不显示为“{STATUS_OK}”。",
        f"期间：自条件成立日起算，市经济和信息化局填写处理决定日期的自决定日起算；开始的当日不计入，N 年后的对应日为最后受限日"
        f"（没有对应日的为月末日），其次日为可重新入围/可申请首日（{CITE_PERIOD}）。期间跨年延续，直到最后受限日；期间内又满足条件的（如一年内第4次“不满意”），自新的条件成立日另计，"
        "以较晚的最后受限日为准。",
        "限制的效果：服务商在资金支持限制期内评审的案例、在取消资格期间开始诊断的案例，计奖金额为 0 并注明理由；"
        "受资金支持限制的园区、企业在限制期内开始诊断的申请，在“批次工作清单”中标出。",
        "重复：同一诊断年份内，被诊断单位名称（去除空格和标点、全角半角统一后）相同，或统一社会信用代码相同（均填写时）的案例互相标记；"
        "同组内按报告提交日期（空白在后）、文件名排序，第二个起计奖金额为 0，经工作人员核实后在“重复核实”中选“非重复”的照常计奖。",
        "跟踪：到期日为报告提交日期后一年（《北京市工业园区绿色诊断工作指南》六），到期未反馈的在“跟踪”表中标红。",
    ]
