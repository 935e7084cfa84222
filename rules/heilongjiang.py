"""《黑龙江省绿色制造与服务体系梯度培育及管理实施细则（征求意见稿）》(seed 003, a draft for comment).

Cultivation conditions (第六–八条), vetoes (第十五条), provincial review (第十八条), deadlines and
publicity (第十四、二十、二十一、二十五、二十七条), third-party conditions and the 15-project cap
(第二十三、二十四条), removal (第三十条).  Parameters: ``rules/params/heilongjiang.toml``.
"""

from __future__ import annotations

from greendiag.rules.citations import Check, Citation, edition_params, with_edition
from greendiag.rules.common import check_score
from greendiag.rules.gradient import UNIT_TYPES, GradientDocument, parse_unit_type  # noqa: F401 (re-exported)

H = edition_params("heilongjiang")
DOC = H["veto_1"].cite.document


def _cite(article: str) -> Citation:
    return Citation(document=DOC, article=article)


REVIEW_CITE = H["review_pass_min"].cite
VETO_CITE = _cite("第十五条")
REMOVAL_CITE = _cite("第三十条")
THIRD_PARTY_CITE = _cite("第二十三条")
PROJECT_CAP_CITE = H["third_party_annual_project_cap"].cite

DEADLINES = {
    "国家级推荐": "deadline_national_recommendation",
    "市级备案": "deadline_city_filing",
    "动态管理表": "deadline_dynamic_form",
    "第三方年度报告": "deadline_third_party_report",
}
"""Annual deadlines: 国家级推荐 7-31 (第二十一条), 市级备案 8-31 (第十四条), 动态管理表 3-30 (第二十七条),
第三方年度报告 12-31 (第二十五条)."""
HLJ = GradientDocument("heilongjiang", {"factory": "第六条", "park": "第七条", "supply_chain": "第八条"},
                       veto_article="第十五条", removal_article="第三十条", deadlines=DEADLINES)
"""The rules this document shares with Guangzhou's (:mod:`greendiag.rules.gradient`): cultivation conditions
(第六–八条; park condition （三） is a priority, not judged; 工业增加值占比 > 50, 第七条（一）), vetoes of the
last three years (第十五条（一）–（六）), deadlines, the 15-day publicity (第二十条), removal (第三十条)."""
conditions, check_cultivation, check_veto, deadline, publicity_end, check_removal = HLJ.rules()


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
