"""Report fields written from the enterprise sheets (合规性, 诊断内容, 对标分析, 分级评价, 拟实施重点工作;
《北京市制造业绿色诊断工作规则》第十二、十三条) and 现场照片 (第十五条第3项), each rule sentence with its
citation.  Used by :func:`greendiag.forms.contexts.build_context` for the two reports."""

from __future__ import annotations

from typing import Any

from greendiag.forms.contexts import (
    BenchmarkLine,
    ComplianceRow,
    FindingBlock,
    PhotoItem,
    PlanRow,
    check_text,
    fmt_num,
    paragraphs,
)
from greendiag.rules.models import Case, CaseKind


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def diagnosis_fields(case: Case, assessment: Any, photos: list[PhotoItem], benchmark_png: bytes | None) -> dict[str, Any]:
    """Report fields written from the enterprise sheets and 现场照片, each rule sentence with its citation."""
    from greendiag.rules.enterprise import COMPLIANCE_ITEMS, PHOTOS_CITE, PLANS_CITE, PROPOSALS_CITE, SCOPE_CITE
    from greendiag.rules.units import U

    POOL_LINE = U["incubation_pool_min_score"].value

    out: dict[str, Any] = {"photos": photos, "photo_cite": f"依据：{PHOTOS_CITE}"}
    e = getattr(assessment, "enterprise", None)
    if case.kind is not CaseKind.ENTERPRISE or e is None:
        return out
    n = case.narrative
    by_no = {c.number: c for c in case.compliance}
    if case.compliance:
        out["compliance"] = [
            ComplianceRow(no=str(i.number), category=i.category, text=i.text,
                          status=(by_no[i.number].status or "") if i.number in by_no else "",
                          evidence=by_no[i.number].evidence if i.number in by_no else "",
                          note=by_no[i.number].note if i.number in by_no else "")
            for i in COMPLIANCE_ITEMS
        ]
        total = len(COMPLIANCE_ITEMS)
        na = sum(1 for c in case.compliance if c.status == "不适用")
        ok = total - len(e.compliance_failed) - len(e.compliance_blank) - na
        text = (f"按{SCOPE_CITE}核查企业在环境、安全、质量等方面的合规性，{total}项中{ok}项符合、"
                f"{len(e.compliance_failed)}项不符合、{na}项不适用、{len(e.compliance_blank)}项未核查。")
        if e.compliance_failed:
            text += "不符合项为第" + "、".join(map(str, e.compliance_failed)) + "项。"
        out["compliance_summary"] = text
        lines = []
        name = {"黑龙江": "黑龙江省", "广州": "广州市"}.get(e.region, "")
        for chk in e.vetoes:
            if chk.ok:
                lines.append(f"按合规性核查结果，企业不存在{name}绿色制造名单的否决情形（依据：{chk.cite}）。")
            else:
                lines.append(f"按合规性核查结果，企业存在{name}绿色制造名单的否决情形：" + "；".join(chk.reasons)
                             + f"，不得申请、推荐和列入绿色制造名单（依据：{chk.cite}）。")
        lines += [f"{n}。" for n in e.notes]
        if e.compliance_blank and e.vetoes:
            lines.append("第" + "、".join(map(str, e.compliance_blank)) + "项未核查，上述否决情形判断不完整。")
        out["veto_lines"] = lines
    out["findings"] = [
        FindingBlock(no=str(k), area=f.area, current=paragraphs(f.current), problems=paragraphs(f.problems),
                     improvements=paragraphs(f.improvements))
        for k, f in enumerate(case.findings, 1)
    ]
    if case.benchmarks:
        years = [f"{case.diagnosis_year - k}年" for k in (3, 2, 1)]
        out["benchmark_year_labels"] = years
        rows = []
        for k, (r, res) in enumerate(zip(case.benchmarks, e.benchmarks), 1):
            rows.append(BenchmarkLine(
                no=str(k), indicator=r.indicator, unit=r.unit, direction=r.direction or "",
                vals=[fmt_num(v, 4) for v in (r.value_1, r.value_2, r.value_3)],
                domestic=fmt_num(r.domestic, 4), domestic_gap=_pct(res.domestic_gap),
                international=fmt_num(r.international, 4), international_gap=_pct(res.international_gap),
            ))
        out["benchmarks"] = rows
        behind = [f"{r.indicator}（落后国内先进{res.domestic_gap:.1f}%）" for r, res in zip(case.benchmarks, e.benchmarks)
                  if res.domestic_gap is not None and res.domestic_gap > 0]
        reach = [r.indicator for r, res in zip(case.benchmarks, e.benchmarks)
                 if res.domestic_gap is not None and res.domestic_gap <= 0]
        text = (f"按{SCOPE_CITE}“对标国际国内先进水平”的要求，选取{len(rows)}项关键指标与国内、国际先进值对标"
                f"（表2{'、图1' if benchmark_png else ''}；"
                "差距为最近年份数值与先进值的相对差，正数表示落后）。")
        if behind:
            text += "落后于国内先进水平的指标：" + "、".join(behind) + "。"
        if reach:
            text += "达到或优于国内先进水平的指标：" + "、".join(reach) + "。"
        out["benchmark_summary"] = text
        out["benchmark_chart"] = benchmark_png
    g = case.grading
    if g.score is not None:
        lines = [f"企业绿色工厂分级评价得分{fmt_num(g.score)}分（来源：{g.source or '未填写'}）。"]
        if e.tier is not None:
            lines.append(f"企业已列入国家级绿色工厂名单，分级评价级别为{e.tier}（依据：{e.tier_cite}）。")
        if e.pool is not None:
            lines.append(f"企业未列入国家级绿色工厂名单，不进行绿色工厂分级评价（{e.tier_cite}）；"
                         f"以本报告于{case.diagnosis_year}年申请纳入北京市绿色制造培育库（须提交本年度或上一年度绿色诊断评估报告，"
                         f"分级评价得分原则上达到{fmt_num(POOL_LINE)}分）：{check_text(e.pool)}。")
        if e.gz_star is not None:
            lines.append(f"按广州市绿色工厂梯度培育：{'未达到一星' if not e.gz_star else f'{e.gz_star}星'}（依据：{e.gz_star_cite}）。")
        if e.hlj_review is not None:
            lines.append(f"按黑龙江省评审分数线：{e.hlj_review}（依据：{e.hlj_review_cite}）。")
        out["grading_lines"] = lines
    if case.planned_work:
        out["plans"] = [
            PlanRow(no=str(k), content=w.content, category=w.category or "", schedule=w.schedule,
                    investment=fmt_num(w.investment), expected_effect=w.expected_effect)
            for k, w in enumerate(case.planned_work, 1)
        ]
        total = sum(w.investment or 0 for w in case.planned_work)
        out["plans_summary"] = (f"企业拟开展的重点工作和拟实施的重点项目共{len(case.planned_work)}项"
                                f"{f'，计划投资合计{fmt_num(total)}万元' if total else ''}（依据：{PLANS_CITE}），见表3。")
    out["improvement_lines"] = [
        f"{f.area}：" + "".join(paragraphs(f.improvements)) for f in case.findings if f.improvements.strip()
    ]
    if out["improvement_lines"]:
        out["improvement_lines"].insert(0, f"针对诊断发现的问题，分方面提出以下改进提升建议（依据：{PROPOSALS_CITE}）：")
    out["has_content"] = bool(n.content.strip() or case.compliance or case.findings or case.benchmarks or case.planned_work)
    out["has_suggestions"] = bool(n.suggestions.strip() or out["improvement_lines"] or case.retrofits)
    return out
