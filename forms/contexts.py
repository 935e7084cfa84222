"""Context models: every variable a template uses, declared as a pydantic field.

One model per template (see :data:`CONTEXT_MODELS`); :func:`build_context` turns a
``greendiag.rules.models.Case`` and its ``rules.CaseAssessment`` into the model.  Everything a template
prints is already a string here (dates as ``2026年9月28日``, amounts as ``156000万元``), so the
templates hold wording and layout only.  Free text is kept as typed: it is escaped when rendered
(``autoescape=True``), never here.

Blank data prints as blank space (forms are also filled in by hand); a template variable that is
not declared here fails the render (``jinja2.StrictUndefined``) and the test
``tests/test_forms.py::test_no_undeclared_template_variables``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from greendiag.forms.references import reference_list
from greendiag.rules.diagnosis import BASIC_REQUIREMENTS, UNIT_WHO, is_senior_title, unit_role
from greendiag.rules.indicators import indicator_count
from greendiag.rules.models import (
    ENTERPRISE_NATURES,
    PARK_LEVELS,
    Case,
    CaseKind,
    EnterpriseApplication,
    ParkApplication,
)

CHECKED = "☑"
UNCHECKED = "☐"

BLANK_DATE = "    年  月  日"

METHOD_DOCUMENT = "工信厅节函〔2016〕586号《绿色园区评价要求》"
"""The document the provider's scoring method follows (as the report says it; that greendiag drew the
method from it is said in the manifest and on the workbook's 参数 sheet, never in the report)."""


class _Ctx(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


# ---------------------------------------------------------------- formatting helpers


def fmt_date(d: date | None, blank: str = BLANK_DATE) -> str:
    """``2026年9月28日``; ``blank`` (space to write by hand) when ``None``."""
    return f"{d.year}年{d.month}月{d.day}日" if d else blank


def fmt_num(x: float | int | None, digits: int = 2) -> str:
    """A number without trailing zeros: 156000.0 → ``156000``, 2.10 → ``2.1``; ``None`` → ``""``."""
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_wan(x: float | None) -> str:
    """An amount in 万元 with its unit, or ``""``."""
    return f"{fmt_num(x)}万元" if x is not None else ""


def fmt_score(x: float | None) -> str:
    """A score (points) with one decimal; ``—`` when not scored (blank / 不适用)."""
    return "—" if x is None else f"{x:.1f}"


def boxes(options: tuple[str, ...], chosen: str | None) -> dict[str, str]:
    """``{option: "☑" | "☐"}`` for a row of check boxes (附件1-1 企业性质/园区级别)."""
    return {o: CHECKED if o == chosen else UNCHECKED for o in options}


def paragraphs(text: str) -> list[str]:
    """Split narrative text into paragraphs at line breaks, dropping empty lines."""
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def check_text(check: Any) -> str:
    """``符合（依据：《…》第…条）`` / ``不符合：…（依据：…）`` from a ``rules.Check``."""
    if check is None:
        return ""
    return f"{check.text}（依据：{check.cite}）"


# ---------------------------------------------------------------- shared row models


class Member(_Ctx):
    """One row of the 绿色诊断工作组成员表."""

    no: str
    name: str = ""
    role: str = ""
    title: str = ""
    specialty: str = ""


class Retrofit(_Ctx):
    """One row of the 绿色化改造提升建议表 (附件2-1-3)."""

    no: str
    content: str = ""
    total_investment: str = ""
    fixed_asset_investment: str = ""
    expected_effect: str = ""
    remark: str = ""


class IndicatorRow(_Ctx):
    """One indicator of one yearly table (附件2-1-2): data, leading value, score, evidence."""

    value: str = ""
    leading_value: str = ""
    score: str = ""
    note: str = ""


class YearTable(_Ctx):
    """One of the three yearly tables of 附件2-1-2."""

    year: str
    rows: list[IndicatorRow]
    park_score: str = ""

    @field_validator("rows")
    @classmethod
    def _one_row_per_indicator(cls, rows: list[IndicatorRow]) -> list[IndicatorRow]:
        if len(rows) != indicator_count():
            raise ValueError(f"应为{indicator_count()}行（附件2-1-2 每项指标一行），实际为{len(rows)}行")
        return rows


class BasicRow(_Ctx):
    """One row of 附件2-1-1 (the requirement text is fixed in the template)."""

    complies: str = ""
    evidence: str = ""


class ChangeRow(_Ctx):
    """Year-over-year change of one indicator (report 四, table and chart)."""

    no: str
    name: str
    unit: str
    vals: list[str]
    change_2: str = ""
    change_3: str = ""
    trend: str = ""


class ScoreRow(_Ctx):
    year: str
    park_score: str
    scored: str


class Sections(_Ctx):
    """Report sections 一–六: paragraphs of the workbook's narrative, empty = to be written."""

    overview: list[str] = []
    process_and_methods: list[str] = []
    content: list[str] = []
    conclusion: list[str] = []
    suggestions: list[str] = []
    references: list[str] = []


class ComplianceRow(_Ctx):
    """One row of the 合规性 table of the enterprise report."""

    no: str
    category: str
    text: str
    status: str = ""
    evidence: str = ""
    note: str = ""


class FindingBlock(_Ctx):
    """One area of 诊断内容 (《规则》第十二条第3项): paragraphs of 现状, 存在问题, 改进方向."""

    no: str
    area: str
    current: list[str] = []
    problems: list[str] = []
    improvements: list[str] = []


class BenchmarkLine(_Ctx):
    """One row of the 对标分析 table: values as printed, gaps in percent with one decimal."""

    no: str
    indicator: str
    unit: str = ""
    direction: str = ""
    vals: list[str]
    domestic: str = ""
    domestic_gap: str = ""
    international: str = ""
    international_gap: str = ""


class PlanRow(_Ctx):
    """One row of 拟开展的重点工作和拟实施的重点项目 (《规则》第十二条第2项)."""

    no: str
    content: str
    category: str = ""
    schedule: str = ""
    investment: str = ""
    expected_effect: str = ""


class PhotoItem(_Ctx):
    """One on-site photo: scaled JPEG bytes (the renderer makes an image of them), caption."""

    no: str
    image: Any = None
    portrait: bool = False
    caption: str = ""


# ---------------------------------------------------------------- per-template contexts


class EnterpriseApplicationContext(_Ctx):
    """附件1-1 绿色诊断申请表（企业）."""

    name: str
    address: str
    nature_box: dict[str, str]
    nature_other: str
    industry: str
    main_products: str
    output_value: str
    employees: str
    project_lead: str
    contact: str
    contact_mobile: str
    contact_email: str
    intended_provider: str


class ParkApplicationContext(_Ctx):
    """附件1-1 绿色诊断申请表（工业园区）."""

    name: str
    management_body: str
    district: str
    level_box: dict[str, str]
    total_revenue: str
    industrial_output: str
    responsible_department: str
    project_lead: str
    project_lead_phone: str
    contact: str
    contact_mobile: str
    intended_provider: str


class CommitmentContext(_Ctx):
    """附件1-2 / 2-2 保密承诺书: the diagnosed unit and the provider who signs."""

    unit_name: str
    provider_name: str


class SatisfactionContext(_Ctx):
    """附件1-3 / 2-4 绿色诊断服务工作满意度评价表: the unit fills and stamps it, the district writes its
    审核意见 (《北京市制造业绿色诊断工作规则》第十七条), so only the two names are printed; the rating,
    comments and opinion stay blank for them (the provider never ticks its own rating)."""

    unit_name: str
    provider_name: str


class ConfirmationContext(_Ctx):
    """附件2-3 绿色诊断评估工作确认单 (《北京市工业园区绿色诊断工作指南》五（四））."""

    provider_name: str
    onsite_start: str
    onsite_end: str
    report_date: str
    meeting_date: str
    third_party: bool


class ReportContext(_Ctx):
    """附件2-1 北京市工业园区绿色诊断评估报告, and the enterprise report built on its pattern.

    ``chart`` is the PNG of the indicator chart (bytes) or ``None``; the renderer replaces it
    by a docxtpl ``InlineImage``.  Park-only fields are empty for an enterprise.
    """

    unit_name: str
    provider_name: str
    report_date: str
    # 基本信息表 一 (park) / 企业基本信息 (enterprise)
    management_body: str = ""
    level_box: dict[str, str] = {}
    address: str = ""
    nature: str = ""
    industry: str = ""
    main_products: str = ""
    output_value: str = ""
    employees: str = ""
    project_lead: str = ""
    project_lead_phone: str = ""
    contact: str = ""
    contact_phone: str = ""
    email: str = ""
    fax: str = ""
    # 基本信息表 二、服务商信息
    provider: dict[str, str]
    # 绿色诊断工作组成员表
    experts: list[Member]
    staff: list[Member]
    # sections 一–六 and greendiag's findings
    sections: Sections
    team_summary: str
    team_check: str
    onsite_summary: str
    onsite_check: str
    basic_summary: str = ""
    basic_check: str = ""
    scores: list[ScoreRow] = []
    score_summary: str = ""
    score_cite: str = ""
    changes: list[ChangeRow] = []
    year_labels: list[str] = []
    change_summary: str = ""
    chart: Any = None
    retrofit_summary: str = ""
    follow_up: str = ""
    # enterprise diagnosis (《规则》第十二、十三条) and 现场照片 (第十五条第3项), greendiag's adaptation
    has_content: bool = False
    compliance: list[ComplianceRow] = []
    compliance_summary: str = ""
    veto_lines: list[str] = []
    findings: list[FindingBlock] = []
    benchmarks: list[BenchmarkLine] = []
    benchmark_year_labels: list[str] = []
    benchmark_summary: str = ""
    benchmark_chart: Any = None
    grading_lines: list[str] = []
    plans: list[PlanRow] = []
    plans_summary: str = ""
    improvement_lines: list[str] = []
    has_suggestions: bool = False
    photos: list[PhotoItem] = []
    photo_cite: str = ""
    # 附件2-1-1, 2-1-2, 2-1-3
    basic: list[BasicRow] = []
    years: list[YearTable] = []
    retrofits: list[Retrofit]


CONTEXT_MODELS: dict[str, type[_Ctx]] = {
    "application_enterprise": EnterpriseApplicationContext,
    "application_park": ParkApplicationContext,
    "commitment_enterprise": CommitmentContext,
    "commitment_park": CommitmentContext,
    "satisfaction_enterprise": SatisfactionContext,
    "satisfaction_park": SatisfactionContext,
    "confirmation_park": ConfirmationContext,
    "report_park": ReportContext,
    "report_enterprise": ReportContext,
}
"""Template key → its context model."""


# ---------------------------------------------------------------- builders


def _members(case: Case) -> tuple[list[Member], list[Member]]:
    experts = [m for m in case.team if m.category == "专家成员"]
    staff = [m for m in case.team if m.category != "专家成员"]

    def rows(ms):
        out = [
            Member(no=str(i), name=m.name, role=m.role, title=m.title, specialty=m.specialty)
            for i, m in enumerate(ms, 1)
        ]
        return out or [Member(no="1")]

    return rows(experts), rows(staff)


def _retrofits(case: Case, minimum: int = 4) -> list[Retrofit]:
    rows = [
        Retrofit(
            no=str(i),
            content=r.content,
            total_investment=fmt_num(r.total_investment),
            fixed_asset_investment=fmt_num(r.fixed_asset_investment),
            expected_effect=r.expected_effect,
            remark=r.remark,
        )
        for i, r in enumerate(case.retrofits, 1)
    ]
    while len(rows) < minimum:  # the original prints four empty rows
        rows.append(Retrofit(no=""))
    return rows


def _value_text(entry) -> str:
    if entry is None:
        return ""
    if entry.not_applicable:
        return "不适用"
    return fmt_num(entry.value, 4) if not isinstance(entry.value, str) else entry.value


def _change_text(a, b, unit: str) -> str:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or isinstance(a, bool):
        if isinstance(a, str) and isinstance(b, str) and a != "不适用" and b != "不适用":
            return "无变化" if a == b else f"{a}→{b}"
        return "—"
    d = b - a
    sign = "+" if d > 0 else ""
    if unit == "%":
        return f"{sign}{fmt_num(d)}个百分点"
    if a:
        return f"{sign}{fmt_num(d, 4)}\n（{sign}{d / abs(a) * 100:.1f}%）"
    return f"{sign}{fmt_num(d, 4)}"


def _year_tables(case: Case, assessment: Any) -> list[YearTable]:
    from greendiag.rules import INDICATORS

    leading = {i.number: fmt_num(i.leading_value, 4) for i in INDICATORS}
    tables = []
    years = list(getattr(assessment, "years", ()) or ())
    for k in range(3):
        iy = case.indicator_years[k] if k < len(case.indicator_years) else None
        ya = years[k] if k < len(years) else None
        by_no = {e.number: e for e in iy.entries} if iy else {}
        rows = []
        for n in range(1, indicator_count() + 1):
            e = by_no.get(n)
            score = ya.scores[n - 1] if ya is not None and len(ya.scores) >= n else None
            rows.append(
                IndicatorRow(
                    value=_value_text(e),
                    leading_value=leading.get(n, ""),
                    score=fmt_score(score) if (e is not None and (e.value is not None or e.not_applicable)) else "",
                    note=e.note if e else "",
                )
            )
        tables.append(
            YearTable(
                year=str(iy.year) if iy else "    ",
                rows=rows,
                park_score=fmt_score(ya.park_score) if ya is not None else "",
            )
        )
    return tables


def state_points_text() -> str:
    """How the qualitative states score, in the provider's words, from the parameter
    ``qualitative_scores`` (:func:`greendiag.rules.indicators.qualitative_scores`), e.g.
    ``定性指标按状态计分（具备、完善、是100分，较完善50分，不具备、不完善、否0分）``."""
    from greendiag.rules.indicators import qualitative_scores

    by_points: dict[float, list[str]] = {}
    for state, pts in qualitative_scores().items():
        by_points.setdefault(pts, []).append(state)
    parts = [f"{'、'.join(states)}{fmt_num(pts)}分" for pts, states in sorted(by_points.items(), reverse=True)]
    return f"定性指标按状态计分（{'，'.join(parts)}）"


def _changes(case: Case, assessment: Any) -> tuple[list[ChangeRow], str]:
    from greendiag.rules import INDICATORS

    trends = {c.number: c.trend for c in (getattr(assessment, "changes", ()) or ())}
    maps = [{e.number: e for e in t.entries} for t in case.indicator_years]
    rows: list[ChangeRow] = []
    for ind in INDICATORS:
        raw = []
        for m in maps:
            e = m.get(ind.number)
            raw.append(None if e is None else ("不适用" if e.not_applicable else e.value))
        values = [_value_text(m.get(ind.number)) for m in maps]
        while len(values) < 3:
            values.append("")
            raw.append(None)
        rows.append(
            ChangeRow(
                no=str(ind.number),
                name=ind.name,
                unit=ind.unit,
                vals=values[:3],
                change_2=_change_text(raw[0], raw[1], ind.unit),
                change_3=_change_text(raw[1], raw[2], ind.unit),
                trend=trends.get(ind.number, "") or "—",
            )
        )
    counts = {t: sum(1 for r in rows if r.trend == t) for t in ("改善", "持平", "变差")}
    na = sum(1 for r in rows if r.trend == "—")
    summary = (
        f"与第1年相比，{indicator_count()}项指标中{counts['改善']}项改善、{counts['持平']}项持平、{counts['变差']}项变差，"
        f"{na}项不适用或数据不足无法比较。"
    )
    worse = [f"{r.no}.{r.name}" for r in rows if r.trend == "变差"]
    if worse:
        summary += "变差的指标为：" + "、".join(worse) + "，请在本节分析原因。"
    return rows, summary


def build_context(key: str, case: Case, assessment: Any, chart_png: bytes | None = None, *,
                  photos: list[PhotoItem] | None = None, benchmark_png: bytes | None = None) -> _Ctx:
    """The context of template ``key`` (see :data:`CONTEXT_MODELS`) for one case.

    ``assessment`` is the ``rules.CaseAssessment`` of ``case``; ``photos`` the prepared on-site photos
    (report only) and ``benchmark_png`` the gap chart (enterprise report).  Raises ``KeyError`` for an
    unknown key and ``pydantic.ValidationError`` when the case does not fit the template
    (e.g. an enterprise case with a park template).
    """
    app = case.application
    provider = case.provider
    if key == "application_enterprise":
        assert isinstance(app, EnterpriseApplication)
        return EnterpriseApplicationContext(
            name=app.name,
            address=app.address,
            nature_box=boxes(ENTERPRISE_NATURES, app.nature),
            nature_other=app.nature_other,
            industry=app.industry,
            main_products=app.main_products,
            output_value=fmt_wan(app.output_value),
            employees=f"{app.employees}人" if app.employees is not None else "",
            project_lead=app.project_lead,
            contact=app.contact,
            contact_mobile=app.contact_mobile,
            contact_email=app.contact_email,
            intended_provider=app.intended_provider or provider.name,
        )
    if key == "application_park":
        assert isinstance(app, ParkApplication)
        return ParkApplicationContext(
            name=app.name,
            management_body=app.management_body,
            district=app.district,
            level_box=boxes(PARK_LEVELS, app.level),
            total_revenue=fmt_num(app.total_revenue),
            industrial_output=fmt_num(app.industrial_output),
            responsible_department=app.responsible_department,
            project_lead=app.project_lead,
            project_lead_phone=app.project_lead_phone,
            contact=app.contact,
            contact_mobile=app.contact_mobile,
            intended_provider=app.intended_provider or provider.name,
        )
    if key in ("commitment_enterprise", "commitment_park"):
        return CommitmentContext(unit_name=app.name, provider_name=provider.name)
    if key in ("satisfaction_enterprise", "satisfaction_park"):
        return SatisfactionContext(unit_name=app.name, provider_name=provider.name)
    if key == "confirmation_park":
        p = case.process
        end = ""
        if p.onsite_end:
            same_year = p.onsite_start is not None and p.onsite_start.year == p.onsite_end.year
            end = f"{p.onsite_end.month}月{p.onsite_end.day}日" if same_year else fmt_date(p.onsite_end)
        return ConfirmationContext(
            provider_name=provider.name,
            onsite_start=fmt_date(p.onsite_start),
            onsite_end=end or "  月  日",
            report_date=fmt_date(p.report_date),
            meeting_date=fmt_date(p.meeting_date),
            third_party=p.third_party_evaluation,
        )
    if key in ("report_park", "report_enterprise"):
        ctx = _report_context(case, assessment, chart_png)
        from greendiag.forms.enterprise_context import diagnosis_fields

        return ctx.model_copy(update=diagnosis_fields(case, assessment, photos or [], benchmark_png))
    raise KeyError(key)


def _report_context(case: Case, assessment: Any, chart_png: bytes | None) -> ReportContext:
    app = case.application
    pr = case.provider
    p = case.process
    experts, staff = _members(case)
    n = case.narrative
    sections = Sections(
        overview=paragraphs(n.overview),
        process_and_methods=paragraphs(n.process_and_methods),
        content=paragraphs(n.content),
        conclusion=paragraphs(n.conclusion),
        suggestions=paragraphs(n.suggestions),
        references=reference_list(case, paragraphs(n.references)),
    )
    n_experts = sum(1 for m in case.team if m.category == "专家成员")
    seniors = sum(1 for m in case.team if is_senior_title(m.title))
    others = len(case.team) - n_experts
    other_label = UNIT_WHO[case.kind][1]
    role = unit_role(case.kind)
    n_role = sum(1 for m in case.team if m.category == role)
    team_summary = (
        f"诊断工作组共{len(case.team)}人，其中专家成员{n_experts}人、{other_label}{others}人"
        f"（其中{role}{n_role}人），具有高级职称的成员{seniors}人。"
    )
    if p.onsite_start and p.onsite_end:
        wd = getattr(assessment, "onsite_workdays", None)
        onsite_summary = (
            f"现场诊断时间为{fmt_date(p.onsite_start)}至{fmt_date(p.onsite_end)}"
            + (f"，按国家法定节假日及调休安排计共{wd}个工作日" if wd is not None else "")
            + f"（不应少于{assessment.onsite_min_workdays}个工作日）。"
        )
    else:
        onsite_summary = "现场诊断日期未填写。"
    provider = {
        "name": pr.name,
        "address": pr.address,
        "legal_rep": pr.legal_rep,
        "legal_rep_phone": pr.legal_rep_phone,
        "contact": pr.contact,
        "contact_phone": pr.contact_phone,
        "report_lead": pr.report_lead,
        "report_lead_phone": pr.report_lead_phone,
        "reviewer": pr.reviewer,
        "reviewer_phone": pr.reviewer_phone,
    }
    retro_total = sum(r.total_investment or 0 for r in case.retrofits)
    retrofit_summary = (
        f"绿色化改造提升项目建议共{len(case.retrofits)}项，总投资{fmt_num(retro_total)}万元，详见{{annex}}。"
        if case.retrofits
        else ""
    )
    fields: dict[str, Any] = dict(
        unit_name=app.name,
        provider_name=pr.name,
        report_date=fmt_date(p.report_date, "20  年    月    日"),
        provider=provider,
        experts=experts,
        staff=staff,
        sections=sections,
        team_summary=team_summary,
        team_check=check_text(assessment.team),
        onsite_summary=onsite_summary,
        onsite_check=check_text(assessment.onsite),
        retrofits=_retrofits(case),
    )
    due = getattr(assessment, "follow_up_due", None)
    if due is not None and case.kind is CaseKind.PARK:  # the one-year date is the park guide's (指南六)
        fields["follow_up"] = (
            "服务商将对被诊断园区后续绿色低碳发展情况进行持续跟踪，"
            f"于{fmt_date(due)}前后（诊断完成一年后）向市区经信部门反馈绿色化改造建议采纳情况、"
            f"改造措施落实情况及下一步提升计划（依据：{assessment.follow_up_cite}）。"
        )
    if isinstance(app, ParkApplication):
        fields.update(_park_fields(case, assessment, app, chart_png, retrofit_summary))
    else:
        fields.update(
            address=app.address,
            nature=(app.nature_other if app.nature == "其它" and app.nature_other else (app.nature or "")),
            industry=app.industry,
            main_products=app.main_products,
            output_value=fmt_wan(app.output_value),
            employees=f"{app.employees}人" if app.employees is not None else "",
            project_lead=app.project_lead,
            contact=app.contact,
            contact_phone=app.contact_mobile,
            email=app.contact_email,
            retrofit_summary=retrofit_summary.replace("{annex}", "附表"),
        )
    return ReportContext(**fields)


def _park_fields(case: Case, assessment: Any, app: ParkApplication, chart_png: bytes | None,
                 retrofit_summary: str) -> dict[str, Any]:
    """The park report's own fields: 基本信息表 一, 附件2-1-1 check, yearly scores, changes table and chart."""
    fields: dict[str, Any] = {}
    fields.update(
        management_body=app.management_body,
        level_box=boxes(PARK_LEVELS, app.level),
        project_lead=app.project_lead,
        project_lead_phone=app.project_lead_phone,
        contact=app.contact,
        contact_phone=app.contact_mobile,
        email=app.email,
        fax=app.fax,
        retrofit_summary=retrofit_summary.replace("{annex}", "附件2－1－3"),
    )
    basic_by_no = {e.number: e for e in case.basic_requirements}
    basic_rows = []
    for req in BASIC_REQUIREMENTS:  # the 8 rows of 附件2-1-1 (rules/params/bj_park_guide.toml)
        e = basic_by_no.get(req.number)
        basic_rows.append(
            BasicRow(
                complies="" if e is None or e.complies is None else ("是" if e.complies else "否"),
                evidence=e.evidence if e else "",
            )
        )
    n_yes = sum(1 for r in basic_rows if r.complies == "是")
    n_no = sum(1 for r in basic_rows if r.complies == "否")
    fields.update(
        basic=basic_rows,
        basic_summary=f"附件2－1－1所列{len(basic_rows)}项基础性要求中，{n_yes}项符合，{n_no}项不符合，"
        f"{len(basic_rows) - n_yes - n_no}项未填写。",
        basic_check=check_text(assessment.basic),
    )
    years = _year_tables(case, assessment)
    fields["years"] = years
    score_rows = [
        ScoreRow(
            year=f"第{k}年（{y.year}年）",
            park_score=fmt_score(ya.park_score),
            scored=(f"{ya.scored_count}/{indicator_count()}项" + ("" if getattr(ya, "comparable", True) else "（不可比）"))
            if hasattr(ya, "scored_count") else "",
        )
        for k, (y, ya) in enumerate(zip(case.indicator_years, assessment.years), 1)
    ]
    fields["scores"] = score_rows
    if assessment.years:
        cite = assessment.years[0].cite if hasattr(assessment.years[0], "cite") else "附件2－1－2"
        from greendiag.rules import MAX_SCORE
        from greendiag.rules.indicators import MIN_SCORED

        fields["score_cite"] = (
            f"指标及单项指标最高得分不超过{fmt_num(MAX_SCORE)}分依据{cite}；评分方法参照{METHOD_DOCUMENT}，"
            f"逐项得分按指标数据与引领值之比计算，{state_points_text()}，园区诊断评分为已评分指标得分的算术平均值；"
            f"参与评分的指标少于{MIN_SCORED}项的年份，评分不作比较"
        )
        last = assessment.years[-1]
        caution = "" if getattr(last, "comparable", True) else f"（{last.coverage}）"
        fields["score_summary"] = (
            f"按附件2－1－2指标评价，园区第3年（{last.year}年）诊断评分为{fmt_score(last.park_score)}分{caution}。"
        )
    fields["year_labels"] = [f"{t.year}年" for t in case.indicator_years][:3] + ["    年"] * (
        3 - min(3, len(case.indicator_years))
    )
    if case.indicator_years:
        rows, summary = _changes(case, assessment)
        fields.update(changes=rows, change_summary=summary)
        fields["chart"] = chart_png
    return fields
