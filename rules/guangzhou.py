"""《广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）》(seed 004, a draft for comment).

Stars (第三条, 第十一条), cultivation conditions (第七条), annual calendar and 3-year validity of
cultivation objects (第九–十一、十三条), vetoes (第十二条), removal (第十六条).
Parameters: ``rules/params/guangzhou.toml``.
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
from greendiag.rules.heilongjiang import parse_unit_type
from greendiag.rules.ledger import ban_last_day

Z = edition_params("guangzhou")
DOC = Z["veto_1"].cite.document


def _cite(article: str) -> Citation:
    return Citation(document=DOC, article=article)


STAR_CITE = Z["star1_min_score"].cite
VETO_CITE = _cite("第十二条")
REMOVAL_CITE = _cite("第十六条")
VALIDITY_CITE = Z["cultivation_valid_years"].cite
VETOES = grounds(Z, "veto_")
_CONDITION_ARTICLES = {"factory": "第七条（一）", "park": "第七条（二）", "supply_chain": "第七条（三）"}


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


def conditions(unit_type: str) -> tuple:
    """The cultivation conditions (params) of a unit type, in order (第七条)."""
    return grounds(Z, f"{parse_unit_type(unit_type)}_condition_")


@with_edition
def check_cultivation(unit_type: str, met: list[bool | None], value_added_share: float | None = None) -> Check:
    """Cultivation conditions (第七条): factory （一）1–3, park （二）1–3, supply-chain firm （三）1–3.

    ``met``: True / False / None (not stated) per condition.  For a park, ``value_added_share``
    (工业增加值占比, %) must be > 50 when given.
    """
    kind = parse_unit_type(unit_type)
    items = grounds(Z, f"{kind}_condition_")
    chk = conditions_check(items, list(met), _cite(_CONDITION_ARTICLES[kind]))
    if kind == "park" and value_added_share is not None:
        p = Z["park_min_value_added_share"]
        if not value_added_share > p.value:
            chk = Check(ok=False, reasons=chk.reasons + (
                f"工业增加值占比{value_added_share:g}%，未超过{p.value}%（{p.cite}）",), cite=chk.cite)
    return chk


@with_edition
def check_veto(flags: list[bool]) -> Check:
    """Veto conditions of the last three years (第十二条（一）–（六））: 6 flags in order; ``ok`` = none."""
    return grounds_check(VETOES, list(flags), VETO_CITE, lead=f"近{CN_NUM.get(Z['veto_years'].value, Z['veto_years'].value)}年")


DEADLINES = {
    "培育入库": "intake_month",
    "区级推荐": "deadline_district_recommendation",
    "省级推荐": "deadline_provincial_recommendation",
    "动态管理表": "deadline_dynamic_form",
}


@with_edition
def deadline(item: str, year: int) -> date:
    """Annual calendar: 培育入库 in January (1-31, 第九条), 区级推荐 4-30 (第十条), 省级推荐 6-30
    (第十一条), 动态管理表 4-1 (第十三条)."""
    key = DEADLINES.get((item or "").strip())
    if key is None:
        raise ValueError(f"事项“{item}”无效：应为 {'、'.join(DEADLINES)}")
    return annual_deadline(Z[key], year)


@with_edition
def publicity_end(start: date) -> date:
    """Last day of the 7-day publicity of the city list, first day included (第十条)."""
    return period_end_inclusive(as_date(start, "公示开始日期"), int(Z["publicity_days"].value))


@with_edition
def cultivation_valid_until(listed: date) -> date:
    """Last day a cultivation object stays valid: 有效期三年 from listing (第九条), to the third anniversary
    (the day of listing not counted, the corresponding day the last day, month end where there is none;
    《民法典》第二百零一、二百零二条 — one convention with the bans, :func:`greendiag.rules.ledger.ban_last_day`):
    ``cultivation_valid_until(date(2025, 1, 20))`` is 2028-01-20."""
    return ban_last_day(as_date(listed, "列入培育对象日期"), int(Z["cultivation_valid_years"].value))


@with_edition
def check_removal(veto: bool, no_dynamic_form: bool, fraud: bool, major_accident: bool = False) -> Check:
    """Removal from the city list (第十六条): ``ok`` = stays listed.

    (一) a 第十二条 situation; (二) refusing to file the dynamic form on time; (三) falsified
    materials or data; a major accident or Ⅱ级 environmental incident → removed at once.
    """
    chk = grounds_check(grounds(Z, "removal_"), [veto, no_dynamic_form, fraud], REMOVAL_CITE)
    if major_accident:
        p = Z["removal_accident"]
        chk = Check(ok=False, reasons=chk.reasons + (f"{p.value}（{p.cite}）",), cite=REMOVAL_CITE)
    return chk
