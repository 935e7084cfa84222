"""Hypothesis strategies that generate valid :class:`greendiag.rules.models.Case` objects.

Import as ``from tests.strategies import cases, park_cases, enterprise_cases`` (``tests`` is a
package: run pytest from the repository root, which is on ``sys.path``).

The cases are *workbook-representable*: everything a person can type into the case workbook and
read back unchanged — texts without control characters, amounts with at most 2 decimals and
indicator data with at most 4 (LibreOffice keeps 15 significant digits), dates 2015–2026 (the
years the statutory calendar ``chinese_calendar`` knows), an entry marked 不适用 has no value,
parks always have 8 basic-requirement rows and 3 × 31 indicator entries for the three years
before the diagnosis year, and required names are not blank.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from greendiag.rules import INDICATORS
from greendiag.rules.identity import make_credit_code
from greendiag.rules.models import (
    ENTERPRISE_NATURES,
    MEMBER_CATEGORIES,
    PARK_LEVELS,
    REVIEW_RESULTS,
    SATISFACTION_LEVELS,
    BasicRequirementEntry,
    Case,
    CaseKind,
    DiagnosisProcess,
    EnterpriseApplication,
    IndicatorEntry,
    IndicatorYear,
    Narrative,
    ParkApplication,
    Provider,
    RetrofitProject,
    Review,
    Satisfaction,
    TeamMember,
)
from greendiag.workbooks import spec as S

_ALPHABET = (
    "绿色诊断园区企业北京市海淀朝阳大兴工业能源环境生态低碳节能改造项目服务商有限公司经济技术开发区"
    "abcdefgXYZ0123456789 -()（）、，。/@.:：%#&=+'\"<>"
)
LINE = st.text(alphabet=_ALPHABET, max_size=24)
"""One line of free text (may be blank, may start with “=”, “'” or contain ``<&>``)."""
NAME = st.text(alphabet=_ALPHABET, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
PARAGRAPH = st.lists(LINE, max_size=3).map("\n".join)
PHONE = st.sampled_from(["", "010-00001001", "13900001002", "139 0000 1003", "0101234"])
CREDIT_CODE = st.one_of(st.just(""), st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8).map(
    lambda body: make_credit_code("91110105" + body)))
"""统一社会信用代码: blank or one that checks (GB 32100-2015)."""

AMOUNT = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False).map(float))
"""万元, ≥ 0, ≤ 2 decimals, or blank."""
OUTPUT_VALUE = st.one_of(
    st.none(), st.sampled_from([0.0, 99999.99, 100000.0, 100000.01, 156000.0]), AMOUNT
)
"""企业上一年度产值 (万元) with the 10 亿元 = 100000 万元 boundary (《规则》第十九条)."""
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))

TITLES = st.one_of(
    st.sampled_from(
        ["高级工程师", "正高级工程师", "工程师", "教授", "副教授", "研究员", "副研究员", "助理研究员",
         "高级技师", "高级工", "高级技工", "教授级高工", "高级经济师", "", "工程师（高级）", "高级经理",
         "高级管理人员", " 高级工程师 ", "高级工程师（教授级）"]
    ),
    LINE,
)
SPECIALTIES = st.one_of(
    st.sampled_from(["能源", "环境工程", "生态学", "低碳", "生命周期评价", "机械制造", "会计", "热能与动力工程", "", "电力系统"]),
    LINE,
)


@st.composite
def team_members(draw) -> TeamMember:
    return TeamMember(
        name=draw(NAME),
        role=draw(LINE),
        title=draw(TITLES),
        specialty=draw(SPECIALTIES),
        category=draw(st.sampled_from(MEMBER_CATEGORIES)),
        led_projects=draw(st.one_of(st.none(), st.integers(0, 12))),
    )


@st.composite
def retrofits(draw) -> RetrofitProject:
    total = draw(AMOUNT)
    fixed = draw(AMOUNT)
    if total is not None and fixed is not None and fixed > total:
        fixed = total  # 其中固定资产投资 ≤ 总投资
    return RetrofitProject(content=draw(NAME), total_investment=total, fixed_asset_investment=fixed,
                           expected_effect=draw(LINE), remark=draw(LINE))


@st.composite
def processes(draw) -> DiagnosisProcess:
    start = draw(st.one_of(st.none(), DATES))
    end = None
    if start is not None and draw(st.booleans()) or start is None and draw(st.integers(0, 5)) == 0:
        base = start or draw(DATES)
        end = min(base + timedelta(days=draw(st.integers(0, 20))), date(2026, 12, 31))
    return DiagnosisProcess(
        onsite_start=start, onsite_end=end,
        report_date=draw(st.one_of(st.none(), DATES)), meeting_date=draw(st.one_of(st.none(), DATES)),
        third_party_evaluation=draw(st.booleans()),
    )


def _indicator_value(ind) -> st.SearchStrategy:
    if ind.direction == "qualitative":
        real = st.sampled_from(S.qualitative_choices(ind.number)[:-1])  # its own states (not 不适用)
    else:
        lead = float(ind.leading_value)
        real = st.one_of(
            st.sampled_from([0.0, lead, lead * 1.2, lead * 1.25, lead / 1.2, -1.0, 0.5]).map(lambda x: round(x, 4)),
            st.decimals(min_value=-50, max_value=max(200, lead * 2), places=3, allow_nan=False).map(float),
        )
    return st.one_of(st.none(), st.just("NA"), real, real, real)


@st.composite
def indicator_years(draw, diagnosis_year: int) -> tuple[IndicatorYear, ...]:
    years = []
    for i in range(3):
        entries = []
        for ind in INDICATORS:
            v = draw(_indicator_value(ind))
            na = v == "NA"
            entries.append(IndicatorEntry(number=ind.number, value=None if na else v, not_applicable=na, note=draw(LINE)))
        years.append(IndicatorYear(year=diagnosis_year - 3 + i, entries=tuple(entries)))
    return tuple(years)


def providers() -> st.SearchStrategy[Provider]:
    return st.builds(Provider, name=NAME, address=LINE, legal_rep=LINE, legal_rep_phone=PHONE, contact=LINE,
                     contact_phone=PHONE, report_lead=LINE, report_lead_phone=PHONE, reviewer=LINE, reviewer_phone=PHONE)


def _common(draw, kind: CaseKind, application) -> dict:
    return dict(
        kind=kind,
        application=application,
        provider=draw(providers()),
        team=tuple(draw(st.lists(team_members(), max_size=9))),
        process=draw(processes()),
        retrofits=tuple(draw(st.lists(retrofits(), max_size=4))),
        satisfaction=Satisfaction(
            level=draw(st.one_of(st.none(), st.sampled_from(SATISFACTION_LEVELS))),
            evaluation_date=draw(st.one_of(st.none(), DATES)),
            provider_feedback=draw(PARAGRAPH), programme_feedback=draw(PARAGRAPH),
            retrofit_intent=draw(PARAGRAPH), district_opinion=draw(PARAGRAPH),
        ),
        review=Review(
            result=draw(st.one_of(st.none(), st.sampled_from(REVIEW_RESULTS))),
            materials_ok=draw(st.booleans()),
            review_date=draw(st.one_of(st.none(), DATES)),
            fee_charged=draw(st.booleans()), application_fraud=draw(st.booleans()), funds_fraud=draw(st.booleans()),
            serious_impact=draw(st.booleans()),
            finding_date=draw(st.one_of(st.none(), DATES)), decision_date=draw(st.one_of(st.none(), DATES)),
        ),
        narrative=Narrative(**{k: draw(PARAGRAPH) for k in Narrative.model_fields}),
    )


@st.composite
def park_cases(draw) -> Case:
    year = draw(st.integers(2018, 2027))
    app = ParkApplication(
        name=draw(NAME), management_body=draw(LINE), district=draw(LINE), credit_code=draw(CREDIT_CODE),
        level=draw(st.one_of(st.none(), st.sampled_from(PARK_LEVELS))),
        total_revenue=draw(AMOUNT), industrial_output=draw(AMOUNT), responsible_department=draw(LINE),
        project_lead=draw(LINE), project_lead_phone=draw(PHONE), contact=draw(LINE), contact_mobile=draw(PHONE),
        email=draw(LINE), fax=draw(PHONE), intended_provider=draw(LINE),
    )
    basic = tuple(
        BasicRequirementEntry(number=n, complies=draw(st.one_of(st.none(), st.booleans())), evidence=draw(LINE))
        for n in range(1, 9)
    )
    return Case(diagnosis_year=year, basic_requirements=basic, indicator_years=draw(indicator_years(year)),
                **_common(draw, CaseKind.PARK, app))


@st.composite
def enterprise_cases(draw) -> Case:
    nature = draw(st.one_of(st.none(), st.sampled_from(ENTERPRISE_NATURES)))
    app = EnterpriseApplication(
        name=draw(NAME), address=draw(LINE), district=draw(LINE), credit_code=draw(CREDIT_CODE), nature=nature,
        nature_other=draw(LINE) if nature == "其它" else "", industry=draw(LINE), main_products=draw(LINE),
        output_value=draw(OUTPUT_VALUE), employees=draw(st.one_of(st.none(), st.integers(0, 200000))),
        project_lead=draw(LINE), contact=draw(LINE), contact_mobile=draw(PHONE), contact_email=draw(LINE),
        intended_provider=draw(LINE),
    )
    return Case(diagnosis_year=draw(st.integers(2018, 2027)), **_common(draw, CaseKind.ENTERPRISE, app))


def cases() -> st.SearchStrategy[Case]:
    """Park or enterprise cases, valid and representable in the case workbook."""
    return st.one_of(park_cases(), enterprise_cases())
