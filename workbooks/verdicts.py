"""What the report will say, said first by ``greendiag check`` at the cells it comes from.

:func:`case_problems` turns the verdicts the report prints (``greendiag.rules.assess_case``: 工作组组成核验,
现场诊断时间核验, 基础性要求核验, the scores' coverage) and the sheets the rules require into
:class:`~greendiag.workbooks.reader.Problem` items:

* errors — a verdict the report would print as 不符合 about the provider's own work (the working group,
  《北京市制造业绿色诊断工作规则》第十一条第2项; the on-site days, 第十二条), reported at the status cells that show
  it on the sheets (``sheets.reward.status_cells``: 工作组成员 B2, 诊断过程 below the dates), and an empty sheet the rules
  require: 工作组成员 (第十一条), 现场诊断 dates (第十二条), 改造建议 or 诊断内容 improvement directions
  (第十三条: 改进提升建议), 现场照片 (第十五条第3项), for an enterprise also 合规性, 诊断内容, 对标分析
  (第十二条第3项) and 拟实施重点工作 (第十二条第2项), for a park 附件2-1-1 and 2-1-2 (指南五（一））;
* warnings — findings about the diagnosed unit (a basic requirement not met), a year whose score is not
  comparable, the reward cap shown as 待核对 (an implausible 产值 not confirmed, at 奖励测算's cap cell).

``greendiag generate`` refuses while errors remain; ``generate --draft`` writes documents marked 草稿.
"""

from __future__ import annotations

from greendiag.rules.models import Case, CaseKind
from greendiag.rules.plausibility import OUTPUT_CONFIRM_LABEL, PENDING, output_value_pending
from greendiag.workbooks import spec as S
from greendiag.workbooks.reader import Problem, required_table_problems
from greendiag.workbooks.sheets.reward import status_cells

_RULES = "《北京市制造业绿色诊断工作规则》"


def _check_text(check) -> str:
    return f"{check.text}（依据：{check.cite}）"


def _verdicts(case: Case, assessment) -> list[Problem]:
    out = []
    at = status_cells(case.kind)  # where the sheets show the same verdicts (their reasons in the rules' words)
    if not assessment.team.ok:
        out.append(Problem(*at["team_ok"], f"{len(case.team)}人",
                           "报告将印出“工作组组成核验：" + _check_text(assessment.team) + "”"))
    if not assessment.onsite.ok:
        value = ""
        if case.process.onsite_start and case.process.onsite_end:
            value = f"{case.process.onsite_start:%Y-%m-%d}至{case.process.onsite_end:%Y-%m-%d}"
        out.append(Problem(*at["onsite_ok"], value,
                           "报告将印出“现场诊断时间核验：" + _check_text(assessment.onsite) + "”"))
    app = case.application
    if case.kind is CaseKind.ENTERPRISE and output_value_pending(getattr(app, "output_value", None),
                                                                 getattr(app, "output_value_confirmed", None)):
        amount = f"{app.output_value:.2f}".rstrip("0").rstrip(".")
        out.append(Problem(*at["cap"], PENDING, f"奖励金额上限显示“{PENDING}”：企业上一年度产值 {amount} 万元超出合理范围且"
                           f"“{OUTPUT_CONFIRM_LABEL}”未选“是”（见“{S.APPLICATION}”表）", severity="warning"))
    basic = getattr(assessment, "basic", None)
    if basic is not None and not basic.ok and any(e.complies is not None for e in case.basic_requirements):
        out.append(Problem(S.BASIC, "C列", "", "报告将印出“基础性要求核验：" + _check_text(basic) + "”", severity="warning"))
    for y in getattr(assessment, "years", ()) or ():
        if y.scored_count and not getattr(y, "comparable", True):
            out.append(Problem(S.INDICATORS, f"“{S.INDICATOR_DATA_LABEL}”列", str(y.year),
                               f"{y.year}年：{y.coverage}（报告中该年评分标为不可比）", severity="warning"))
    return out


def _required_sheets(case: Case) -> list[Problem]:
    """Errors for the sheets the rules require that are empty."""
    need: list[tuple[str, bool, str]] = [
        (S.TEAM_SHEET, bool(case.team), f"绿色诊断工作组成员未填写（{_RULES}第十一条第2项：工作组成员不应少于5人）"),
        (S.PHOTOS, bool(case.photos), f"现场照片未填写（{_RULES}第十五条第3项：被诊断园区、企业配合提供诊断工作现场照片）"),
    ]
    has_proposals = bool(case.retrofits) or any(f.improvements.strip() for f in case.findings)
    need.append((S.RETROFIT, has_proposals or bool(case.narrative.suggestions.strip()),
                 f"改造建议未填写（{_RULES}第十三条：报告中应提出切实可行的改进提升建议或措施）"))
    if case.kind is CaseKind.ENTERPRISE:
        need += [
            (S.COMPLIANCE, any(c.status for c in case.compliance),
             f"合规性核查未填写（{_RULES}第十二条第3项：环境、安全、质量等方面的合规性）"),
            (S.FINDINGS, any(f.current.strip() or f.problems.strip() for f in case.findings),
             f"诊断内容未填写（{_RULES}第十二条第3项：绿色管理、产品生态设计、生产工艺和设备、资源能源投入、环境排放、碳排放）"),
            (S.BENCHMARK, bool(case.benchmarks), f"对标分析未填写（{_RULES}第十二条第3项：对标国际国内先进水平）"),
            (S.PLANS, bool(case.planned_work), f"拟实施重点工作未填写（{_RULES}第十二条第2项：拟开展的重点工作和拟实施的重点项目）"),
        ]
    out = [Problem(sheet, "A列", "", message) for sheet, ok, message in need if not ok]
    process = S.forms_for(case.kind)[S.PROCESS]
    for path, label in (("process.onsite_start", "现场诊断开始日期"), ("process.onsite_end", "现场诊断结束日期")):
        if getattr(case.process, path.split(".")[1]) is None:
            out.append(Problem(S.PROCESS, process.cell_of(path), "", f"{label}未填写（{_RULES}第十二条：现场诊断工作日）"))
    return out


def case_problems(case: Case, assessment=None) -> list[Problem]:
    """Every problem of a read case beyond the reader's own: required sheets and the report's verdicts
    (blank report sections are already the reader's warnings).  ``assessment`` defaults to ``greendiag.rules.assess_case(case)``."""
    if assessment is None:
        from greendiag.rules import assess_case

        assessment = assess_case(case)
    return [*required_table_problems(case), *_required_sheets(case), *_verdicts(case, assessment)]
