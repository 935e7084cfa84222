"""The rules the two 梯度培育及管理 documents share, each written once (黑龙江 seed 003, 广州 seed 004).

Both drafts have the same shape: cultivation conditions per unit type (with a park's 工业增加值占比
line), a list of vetoes over the last N years, an annual calendar of deadlines, a publicity period
counted with its first day, and removal from the list.  A :class:`GradientDocument` names one of them
(its parameter file and articles); its methods are the rules, reading the parameters of the current
edition at each call (keyword ``edition=``, :func:`~greendiag.rules.citations.with_edition`).
``rules.heilongjiang`` and ``rules.guangzhou`` expose them under their old names, and the Excel
functions of both documents (``addin/udfs_regions.py``) call the same methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from greendiag.rules.citations import Check, Citation, EditionParams, edition_params, with_edition
from greendiag.rules.common import (
    annual_deadline,
    as_date,
    cn_count,
    conditions_check,
    grounds,
    grounds_check,
    period_end_inclusive,
)

UNIT_TYPES = {"绿色工厂": "factory", "工厂": "factory", "企业": "factory",
              "绿色工业园区": "park", "工业园区": "park", "园区": "park",
              "绿色供应链管理企业": "supply_chain", "供应链": "supply_chain", "绿色供应链": "supply_chain"}


def parse_unit_type(unit_type: object, arg: str = "unit_type") -> str:
    """factory / park / supply_chain from 绿色工厂 / 绿色工业园区 / 绿色供应链管理企业 (short forms allowed)."""
    if isinstance(unit_type, str):
        k = unit_type.strip().replace(" ", "").replace("\u3000", "")
        if k in UNIT_TYPES:
            return UNIT_TYPES[k]
    raise ValueError(f"参数 {arg} 的值 {unit_type!r} 无效：应为“绿色工厂”“绿色工业园区”或“绿色供应链管理企业”")


@dataclass(frozen=True)
class GradientDocument:
    """One 梯度培育及管理 document: ``params`` its file in ``rules/params`` (keys ``<kind>_condition_N``,
    ``park_min_value_added_share``, ``veto_N``, ``veto_years``, ``removal_N``, ``removal_accident``,
    ``publicity_days`` and the ``deadlines`` keys), and the articles its checks cite."""

    params: str
    condition_articles: Mapping[str, str]
    """unit kind → the article of its cultivation conditions."""
    veto_article: str
    removal_article: str
    deadlines: Mapping[str, str]
    """item (国家级推荐 …) → the parameter key of its ``MM-DD``."""
    p: EditionParams = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", edition_params(self.params))

    @property
    def document(self) -> str:
        return self.p["veto_1"].cite.document

    def rules(self) -> tuple:
        """(conditions, check_cultivation, check_veto, deadline, publicity_end, check_removal) of this document,
        as its module exposes them."""
        return (self.conditions, self.check_cultivation, self.check_veto, self.deadline, self.publicity_end,
                self.check_removal)

    def cite(self, article: str) -> Citation:
        return Citation(document=self.document, article=article)

    def conditions(self, unit_type: str) -> tuple:
        """The cultivation conditions (params) of a unit type, in order."""
        return grounds(self.p, f"{parse_unit_type(unit_type)}_condition_")

    @with_edition
    def check_cultivation(self, unit_type: str, met: Sequence[bool | None],
                          value_added_share: float | None = None) -> Check:
        """Cultivation conditions of ``unit_type``: ``met`` True / False / None (not stated) per condition
        (one not required, ``required = false`` in the parameters, is not judged); for a park,
        ``value_added_share`` (工业增加值占比, %) must exceed ``park_min_value_added_share`` when given."""
        kind = parse_unit_type(unit_type)
        chk = conditions_check(grounds(self.p, f"{kind}_condition_"), list(met), self.cite(self.condition_articles[kind]))
        if kind == "park" and value_added_share is not None:
            line = self.p["park_min_value_added_share"]
            if not value_added_share > line.value:
                chk = Check(ok=False, reasons=chk.reasons + (
                    f"工业增加值占比{value_added_share:g}%，未超过{line.value}%（{line.cite}）",), cite=chk.cite)
        return chk

    @with_edition
    def check_veto(self, flags: Sequence[bool]) -> Check:
        """The vetoes of the last ``veto_years`` years, one flag per ground in order; ``ok`` = none applies."""
        years = self.p["veto_years"].value
        return grounds_check(grounds(self.p, "veto_"), list(flags), self.cite(self.veto_article),
                             lead=f"近{cn_count(years)}年")

    @with_edition
    def deadline(self, item: str, year: int) -> date:
        """The annual deadline of ``item`` (one of :attr:`deadlines`) in ``year``."""
        key = self.deadlines.get((item or "").strip())
        if key is None:
            raise ValueError(f"事项“{item}”无效：应为 {'、'.join(self.deadlines)}")
        return annual_deadline(self.p[key], year)

    @with_edition
    def publicity_end(self, start: date) -> date:
        """Last day of the publicity of the list (``publicity_days``, first day included)."""
        return period_end_inclusive(as_date(start, "公示开始日期"), int(self.p["publicity_days"].value))

    @with_edition
    def check_removal(self, veto: bool, no_dynamic_form: bool, fraud: bool, major_accident: bool = False) -> Check:
        """Removal from the list: ``ok`` = stays listed.  (一) a veto situation; (二) refusing to file the
        dynamic-management form on time; (三) falsified materials or data; a major accident or Ⅱ级
        environmental incident (``removal_accident``) → removed at once."""
        cite = self.cite(self.removal_article)
        chk = grounds_check(grounds(self.p, "removal_"), [veto, no_dynamic_form, fraud], cite)
        if major_accident:
            p = self.p["removal_accident"]
            chk = Check(ok=False, reasons=chk.reasons + (f"{p.value}（{p.cite}）",), cite=cite)
        return chk
