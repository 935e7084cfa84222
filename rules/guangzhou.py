"""《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》(seed 004, a draft for comment).

Stars (第三条, 第十一条), cultivation conditions (第七条), annual calendar and 3-year validity of
cultivation objects (第九–十一、十三条), vetoes (第十二条), removal (第十六条).
Parameters: ``rules/params/guangzhou.toml``.
"""

from __future__ import annotations

from datetime import date

from greendiag.rules.citations import Citation, edition_params, with_edition
from greendiag.rules.common import as_date, check_score
from greendiag.rules.gradient import GradientDocument
from greendiag.rules.ledger import ban_last_day

Z = edition_params("guangzhou")
DOC = Z["veto_1"].cite.document


def _cite(article: str) -> Citation:
    return Citation(document=DOC, article=article)


STAR_CITE = Z["star1_min_score"].cite
VETO_CITE = _cite("第十二条")
REMOVAL_CITE = _cite("第十六条")
VALIDITY_CITE = Z["cultivation_valid_years"].cite
DEADLINES = {
    "培育入库": "intake_month",
    "区级推荐": "deadline_district_recommendation",
    "省级推荐": "deadline_provincial_recommendation",
    "动态管理表": "deadline_dynamic_form",
}
"""Annual calendar: 培育入库 in January (1-31, 第九条), 区级推荐 4-30 (第十条), 省级推荐 6-30 (第十一条),
动态管理表 4-1 (第十三条)."""
GZ = GradientDocument("guangzhou", {"factory": "第七条（一）", "park": "第七条（二）", "supply_chain": "第七条（三）"},
                      veto_article="第十二条", removal_article="第十六条", deadlines=DEADLINES)
"""The rules this document shares with Heilongjiang's (:mod:`greendiag.rules.gradient`): cultivation conditions
(第七条, 3 per unit type; 工业增加值占比 > 50), vetoes of the last three years (第十二条（一）–（六）), the annual
calendar, the 7-day publicity (第十条), removal (第十六条)."""
conditions, check_cultivation, check_veto, deadline, publicity_end, check_removal = GZ.rules()


@with_edition
def gz_star(score: float | None, provincial: bool = False, national: bool = False) -> int:
    """Guangzhou green-factory stars 0–3 (第三条; 第十一条 "按照最高获评级别").

    national (国家级绿色工厂) → 3; provincial (省级) → 2; 综合评分 ≥ 80 (含) → 1; else 0.
    ``score`` may be ``None`` only when a provincial/national title decides; ``ValueError`` otherwise.
    """
    if national:
        return int(Z["star_national"].value)
    if provincial:
        return int(Z["star_provincial"].value)
    if score is None:
        raise ValueError("未获评省级、国家级绿色工厂时须给出综合评分（score）")
    return 1 if check_score(score) >= Z["star1_min_score"].value else 0


@with_edition
def cultivation_valid_until(listed: date) -> date:
    """Last day a cultivation object stays valid: 有效期三年 from listing (第九条), to the third anniversary
    (the day of listing not counted, the corresponding day the last day, month end where there is none;
    《民法典》第二百零一、二百零二条 — one convention with the bans, :func:`greendiag.rules.ledger.ban_last_day`):
    ``cultivation_valid_until(date(2025, 1, 20))`` is 2028-01-20."""
    return ban_last_day(as_date(listed, "列入培育对象日期"), int(Z["cultivation_valid_years"].value))
