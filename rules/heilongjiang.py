"""《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》(seed 003, a draft for comment).

Cultivation conditions (第六–八条), vetoes (第十五条), provincial review (第十八条), deadlines and
publicity (第十四、二十、二十一、二十五、二十七条), third-party conditions and the 15-project cap
(第二十三、二十四条), removal (第三十条).  Parameters: ``rules/params/heilongjiang.toml``.
"""

from __future__ import annotations

from datetime import date

from greendiag.rules.citations import Check, Citation, edition_params, with_edition
from greendiag.rules.common import (
    CN_NUM,
    annual_deadline,
    as_date,
    check_score,
    conditions_check,
    grounds,
    grounds_check,
    period_end_inclusive,
)

H = edition_params("heilongjiang")
DOC = H["veto_1"].cite.document


def _cite(article: str) -> Citation:
    return Citation(document=DOC, article=article)


REVIEW_CITE = H["review_pass_min"].cite
VETO_CITE = _cite("第十五条")
REMOVAL_CITE = _cite("第三十条")
THIRD_PARTY_CITE = _cite("第二十三条")
PROJECT_CAP_CITE = H["third_party_annual_project_cap"].cite
VETOES = grounds(H, "veto_")

UNIT_TYPES = {"绿色工厂": "factory", "工厂": "factory", "企业": "factory",
              "绿色工业园区": "park", "工业园区": "park", "园区": "park",
              "绿色供应链管理企业": "supply_chain", "供应链": "supply_chain", "绿色供应链": "supply_chain"}
_CONDITION_ARTICLES = {"factory": "第六条", "park": "第七条", "supply_chain": "第八条"}


def parse_unit_type(unit_type: object, arg: str = "unit_type") -> str:
    """factory / park / supply_chain from 绿色工厂 / 绿色工业园区 / 绿色供应链管理企业 (short forms allowed)."""
    if isinstance(unit_type, str):
        k = unit_type.strip().replace(" ", "").replace("\u3000", "")
        if k in UNIT_TYPES:
            return UNIT_TYPES[k]
    raise ValueError(f"参数 {arg} 的值 {unit_type!r} 无效：应为“绿色工厂”“绿色工业园区”或“绿色供应链管理企业”")


@with_edition
def hlj_review(score: float) -> str:
    """Provincial review result (第十八条): ≥ 90 重点培育推荐国家级; ≥ 80 合格; else 不合格."""
    s = check_score(score)
    names = H["review_results"].value
    if s >= H["review_national_min"].value:
        return names[2]
    if s >= H["review_pass_min"].value:
        return names[1]
    return names[0]


def conditions(unit_type: str) -> tuple:
    """The cultivation conditions (params) of a unit type, in order (第六、七、八条)."""
    kind = parse_unit_type(unit_type)
    return grounds(H, f"{kind}_condition_")


@with_edition
def check_cultivation(unit_type: str, met: list[bool | None], value_added_share: float | None = None) -> Check:
    """Cultivation conditions: factory 第六条, park 第七条, supply-chain firm 第八条 (4 flags each).

    ``met`` gives for each condition True / False / None (not stated).  For a park,
    ``value_added_share`` (工业增加值占比, %) must be > 50 when given (第七条（一））.  Park
    condition （三） is a priority, not a requirement, and is not judged.
    """
    kind = parse_unit_type(unit_type)
    items = grounds(H, f"{kind}_condition_")
    chk = conditions_check(items, list(met), _cite(_CONDITION_ARTICLES[kind]))
    if kind == "park" and value_added_share is not None:
        line = H["park_min_value_added_share"].value
        if not value_added_share > line:
            chk = Check(ok=False, reasons=chk.reasons + (
                f"工业增加值占比{value_added_share:g}%，未超过{line}%（{H['park_min_value_added_share'].cite}）",), cite=chk.cite)
    return chk


@with_edition
def check_veto(flags: list[bool]) -> Check:
    """Veto conditions of the last three years (第十五条（一）–（六））: 6 flags in order.

    ``ok`` means no veto applies; each true flag is a reason (不得申请、推荐和列入绿色制造名单).
    """
    return grounds_check(VETOES, list(flags), VETO_CITE, lead=f"近{CN_NUM.get(H['veto_years'].value, H['veto_years'].value)}年")


DEADLINES = {
    "国家级推荐": "deadline_national_recommendation",
    "市级备案": "deadline_city_filing",
    "动态管理表": "deadline_dynamic_form",
    "第三方年度报告": "deadline_third_party_report",
}


@with_edition
def deadline(item: str, year: int) -> date:
    """Annual deadline: 国家级推荐 7-31 (第二十一条), 市级备案 8-31 (第十四条), 动态管理表 3-30
    (第二十七条), 第三方年度报告 12-31 (第二十五条)."""
    key = DEADLINES.get((item or "").strip())
    if key is None:
        raise ValueError(f"事项“{item}”无效：应为 {'、'.join(DEADLINES)}")
    return annual_deadline(H[key], year)


@with_edition
def publicity_end(start: date) -> date:
    """Last day of the 15-day publicity of the provincial list, first day included (第二十条)."""
    return period_end_inclusive(as_date(start, "公示开始日期"), int(H["publicity_days"].value))


@with_edition
def check_third_party(
    registered_legal_person: bool,
    office_and_finance_ok: bool,
    intermediate_staff: int,
    senior_related_staff: int,
    law_abiding: bool,
    recent_green_work: bool,
) -> Check:
    """Third-party evaluator conditions (第二十三条（一）–（五））.

    (一) 境内注册独立法人; (二) office and finance; (三) ≥ 10 full-time staff with intermediate title
    or above, of whom ≥ 5 senior-titled in related fields; (四) law-abiding staff familiar with the
    standards; (五) capacity and green-manufacturing work in the last 5 years.
    """
    for name, x in (("intermediate_staff", intermediate_staff), ("senior_related_staff", senior_related_staff)):
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            raise ValueError(f"{name} 应为不小于0的整数，而不是 {x!r}")
    reasons = []
    if not registered_legal_person:
        reasons.append(f"不是在中华人民共和国境内注册并具有独立法人资格的单位（{_cite('第二十三条（一）')}）")
    if not office_and_finance_ok:
        reasons.append(f"不具有固定办公场所、办公条件或健全的财务管理制度（{_cite('第二十三条（二）')}）")
    ms, mss = H["third_party_min_staff"], H["third_party_min_senior_staff"]
    if intermediate_staff < ms.value:
        reasons.append(f"中级职称以上专职人员{intermediate_staff}人，少于{ms.value}人（{ms.cite}）")
    if senior_related_staff < mss.value:
        reasons.append(f"相关专业高级职称人员{senior_related_staff}人，少于{mss.value}人（{mss.cite}）")
    if not law_abiding:
        reasons.append(f"评价人员不遵守法律法规和评价程序或不熟悉相关政策标准（{_cite('第二十三条（四）')}）")
    if not recent_green_work:
        reasons.append(f"近五年未主导或参与绿色制造相关评审、论证、评价、科研项目或标准、政策制定（{H['third_party_recent_years'].cite}）")
    return Check(ok=not reasons, reasons=tuple(reasons), cite=THIRD_PARTY_CITE)


@with_edition
def check_project_cap(count: int) -> Check:
    """National-level evaluation projects of third parties with the same legal representative in one
    year: at most 15 (第二十四条)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"项目数应为不小于0的整数，而不是 {count!r}")
    cap = H["third_party_annual_project_cap"].value
    if count > cap:
        return Check(ok=False, reasons=(f"年度国家级绿色制造评价项目{count}项，超过{cap}项（{PROJECT_CAP_CITE}）",), cite=PROJECT_CAP_CITE)
    return Check(ok=True, cite=PROJECT_CAP_CITE)


@with_edition
def check_removal(veto: bool, no_dynamic_form: bool, fraud: bool, major_accident: bool = False) -> Check:
    """Removal from the green-manufacturing lists (第三十条): ``ok`` = stays listed.

    (一) a 第十五条 veto situation; (二) refusing to file the dynamic-management form on time;
    (三) falsified materials or data; a major accident or Ⅱ级 environmental incident → removed at once.
    """
    items = grounds(H, "removal_")
    chk = grounds_check(items, [veto, no_dynamic_form, fraud], REMOVAL_CITE)
    if major_accident:
        p = H["removal_accident"]
        chk = Check(ok=False, reasons=chk.reasons + (f"{p.value}（{p.cite}）",), cite=REMOVAL_CITE)
    return chk
