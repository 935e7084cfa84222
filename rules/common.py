"""Helpers shared by the document modules: grounds lists, annual deadlines, day counts, scores."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from greendiag.rules.citations import Check, Citation, Param, load_params

CN_NUM = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}
"""Small counts as the documents write them (近三年)."""


def cn_count(n: int) -> str:
    """A count as the documents write it: one to five in Chinese numerals (近三年, :data:`CN_NUM`), others in digits."""
    return CN_NUM.get(n, str(n))


def as_date(d: object, arg: str) -> date:
    """``date`` from ``date``/``datetime``; ``ValueError`` naming ``arg`` otherwise."""
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    raise ValueError(f"{arg} 应为日期，而不是 {d!r}")


def add_years(d: date, years: int) -> date:
    """Same day ``years`` later; 29 February → 28 February (no corresponding day: the month end, 《民法典》第二百零二条)."""
    y = d.year + years
    return d.replace(year=y, day=min(d.day, calendar.monthrange(y, d.month)[1]))


def annual_deadline(p: Param, year: int) -> date:
    """The date ``MM-DD`` of parameter ``p`` in ``year`` (e.g. 7月31日前 → ``date(year, 7, 31)``)."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValueError(f"年份 {year!r} 无效：应为四位整数年份")
    month, day = (int(x) for x in str(p.value).split("-"))
    return date(year, month, day)


def period_end_inclusive(start: date, days: int) -> date:
    """Last day of a period of ``days`` days that includes its first day ``start`` (公示期)."""
    return start + timedelta(days=days - 1)


def check_score(score: object, arg: str = "score") -> float:
    """A finite 分级评价 score 0–100 as float; ``ValueError`` naming ``arg`` otherwise (the maximum:
    ``grading_score_max`` of rules/params/bj_units.toml, 第七条, greendiag's reading of the 百分制)."""
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score) or score < 0:
        raise ValueError(f"{arg} 应为不小于0的分数，而不是 {score!r}")
    top = load_params("bj_units")["grading_score_max"]
    if score > top.value:
        raise ValueError(f"{arg} 应为 0–{top.value} 分（百分制），而不是 {score!r}（{top.cite}）")
    return float(score)


def grounds(params: dict[str, Param], prefix: str) -> tuple[Param, ...]:
    """Params ``<prefix>1``, ``<prefix>2`` … in number order (a document's list of grounds)."""
    out = [p for k, p in params.items() if k.startswith(prefix) and k[len(prefix):].isdigit()]
    return tuple(sorted(out, key=lambda p: int(p.key[len(prefix):])))


def grounds_check(items: Sequence[Param], flags: Sequence[bool], cite: Citation, lead: str = "") -> Check:
    """``Check`` that fails with one reason per true flag: ``"<lead><ground>（<citation>）"``."""
    if len(flags) != len(items):
        raise ValueError(f"应给出{len(items)}项情形，实际为{len(flags)}项")
    reasons = tuple(f"{lead}{p.value}（{p.cite}）" for p, f in zip(items, flags) if f)
    return Check(ok=not reasons, reasons=reasons, cite=cite)


def conditions_check(items: Sequence[Param], met: Sequence[bool | None], cite: Citation) -> Check:
    """``Check`` that fails for each *required* condition not met (``False``) or not stated (``None``)."""
    if len(met) != len(items):
        raise ValueError(f"应给出{len(items)}项条件，实际为{len(met)}项")
    reasons = []
    for p, m in zip(items, met):
        if not p.extra.get("required", True):
            continue
        if m is None:
            reasons.append(f"未说明是否满足条件“{p.value}”（{p.cite}）")
        elif not m:
            reasons.append(f"未满足条件“{p.value}”（{p.cite}）")
    return Check(ok=not reasons, reasons=tuple(reasons), cite=cite)
