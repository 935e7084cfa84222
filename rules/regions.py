"""Which region's document applies to a unit: 北京 (seed 002), 黑龙江 (seed 003) or 广州 (seed 004).

Each of the three unit documents governs the units of its own region only: the Beijing 办法 the
units 通过本市推荐 (第二条), the Heilongjiang 细则 the province's lists (第四条), the Guangzhou 办法
the units whose 注册地和实际生产场所在广州市行政区域范围内 (第七条).  A unit's region therefore
decides which tiers, pool, vetoes, deadlines and removal grounds it meets; a unit of any other
region meets none of them (:data:`OTHER`).

How a region is read from a place (greendiag's method, not a rule of the documents): a province
or city field first (``北京`` / ``北京市``, ``黑龙江`` / ``黑龙江省``, ``广州`` / ``广州市``; a
province ``广东`` decides nothing about Guangzhou by itself), else the beginning of an address
(``黑龙江省哈尔滨市…``, ``广东省广州市…`` / ``广州市…``, ``北京市…``).  A case workbook of Beijing's
绿色诊断 programme is a Beijing unit unless its address names another region
(:func:`case_region`).
"""

from __future__ import annotations

import unicodedata

from greendiag.rules.models import Case

BEIJING = "北京"
HEILONGJIANG = "黑龙江"
GUANGZHOU = "广州"
OTHER = "其他"
REGIONS = (BEIJING, HEILONGJIANG, GUANGZHOU)
"""The regions with a document of their own (in the order of the seeds)."""

_PREFIXES = (
    (HEILONGJIANG, ("黑龙江",)),
    (GUANGZHOU, ("广州", "广东省广州", "广东广州")),
    (BEIJING, ("北京",)),
)


def _clean(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _from_text(text: str) -> str | None:
    for region, prefixes in _PREFIXES:
        if text.startswith(prefixes):
            return region
    return None


def region_of(province: object = "", city: object = "", address: object = "") -> str:
    """The region whose document applies: :data:`BEIJING`, :data:`HEILONGJIANG`, :data:`GUANGZHOU` or
    :data:`OTHER` (none of the three; also when nothing is known).

    ``province`` (地区/省份/省市 of a published list), ``city`` and ``address`` are free text; the first
    that names a region decides, in that order (``region_of("广东", "广州市")`` → 广州,
    ``region_of("广东")`` → 其他, ``region_of(address="黑龙江省大庆市…")`` → 黑龙江).
    """
    for text in (province, city, address):
        r = _from_text(_clean(text))
        if r is not None:
            return r
    return OTHER


def case_region(case: Case) -> str:
    """The region of a case workbook's unit: :data:`BEIJING` (the programme's own units) unless the
    enterprise's 生产地址 or the 所属区 begins with another region (黑龙江…, 广州…/广东省广州…).
    greendiag's method: the workbook has no 注册地 field; a unit registered elsewhere is recognised by
    its address only."""
    app = case.application
    for text in (getattr(app, "address", ""), getattr(app, "district", "")):
        r = _from_text(_clean(text))
        if r is not None:
            return r
    return BEIJING


__all__ = ["BEIJING", "GUANGZHOU", "HEILONGJIANG", "OTHER", "REGIONS", "case_region", "region_of"]
