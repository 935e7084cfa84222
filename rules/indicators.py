"""The 31 park indicators of 附件2-1-2 and their scoring.

What the document gives (《北京市工业园区绿色诊断工作指南》附件2-1-2 工业园区绿色诊断评价表): the 31
indicators, their groups and units, and 注1 "单项指标最高得分不超过120分".

What is greendiag's method (``METHOD_CITE``; not in the guide, not confirmed by a stored copy of
its source): the per-indicator formula below, the default leading values (引领值) — greendiag's
reading of 工信部《绿色园区评价要求》(工信厅节函〔2016〕586号), kept in ``rules/params/indicators.toml``
and editable on the workbook's 参数 sheet — the park score as a mean, and the minimum number of
scored indicators for a comparable score (``MIN_SCORED``, default 16 of 31).

Scoring (one indicator, one year):

* higher-is-better: ``100 × value / leading_value``; a negative value scores 0;
* lower-is-better (No. 23 单位工业增加值废水排放量, No. 24 主要污染物弹性系数):
  ``100 × leading_value / value``, and the cap 120 where ``value ≤ 0``;
* qualitative (Nos. 12, 29, 30, 31): 100 where the entry is the leading state (具备/完善/是), else
  ``100 × points(state) / points(leading state)`` with the points of ``qualitative_scores`` in
  ``rules/params/indicators.toml`` (greendiag's method, the guide gives none: 完善 100, 较完善 50 as
  the middle of three equal steps, 不完善 0; 具备/是 100, 不具备/否 0), see :func:`qualitative_scores`;
* every score is clamped to [0, 120] (附件2-1-2 注1).

The park score of one year is the arithmetic mean of that year's scores, leaving out blanks and
entries marked 不适用.  Scores are never rounded here; round only for display.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from greendiag.rules.citations import (
    Citation,
    Edition,
    Param,
    RulebookError,
    current_edition,
    load_params,
    with_edition,
)
from greendiag.rules.models import NOT_APPLICABLE, QUALITATIVE_STATE_SETS, QUALITATIVE_STATES

Direction = Literal["higher", "lower", "qualitative"]


class Indicator(BaseModel):
    """One row of 附件2-1-2: number 1–31, group code (EG/RG/IG/CG/HG/MG), unit, direction, 引领值."""

    model_config = ConfigDict(frozen=True)

    number: int
    name: str
    group: str
    group_name: str
    unit: str
    direction: Direction
    leading_value: float | str
    cite: Citation
    note: str = ""

    @property
    def direction_text(self) -> str:
        """越大越好 / 越小越好 / 定性指标."""
        return {"higher": "越大越好", "lower": "越小越好", "qualitative": "定性指标"}[self.direction]


def _load(edition: Edition) -> _Table:
    params = load_params("indicators", edition)
    rows = []
    for p in params.values():
        if "number" not in p.extra:
            continue
        x = p.extra
        lead = p.value if x["direction"] == "qualitative" else float(p.value)
        rows.append(
            Indicator(
                number=x["number"], name=x["name"], group=x["group"], group_name=x["group_name"],
                unit=p.unit, direction=x["direction"], leading_value=lead, cite=p.cite, note=p.note,
            )
        )
    rows.sort(key=lambda i: i.number)
    if [i.number for i in rows] != list(range(1, len(rows) + 1)):
        raise ValueError(f"参数文件 indicators.toml 的指标应按序号 1–{len(rows)} 连续列出")
    codes = tuple((_DIR_CODE[i.direction], i.leading_value) for i in rows)
    cap, least = params["max_indicator_score"], params["min_scored_indicators"]
    return _Table(
        rows=tuple(rows), codes=codes,
        fast=tuple((c, (100.0 / d if c == _HIGHER else 100.0 * d) if c != _QUAL else 0.0) for c, d in codes),
        own_states={
            k: next(states for states in QUALITATIVE_STATE_SETS if d in states)
            for k, (c, d) in enumerate(codes, start=1) if c == _QUAL
        },
        cap=float(cap.value), cap_cite=cap.cite, min_scored=int(least.value), min_scored_cite=least.cite,
        points=_state_points(params, float(cap.value)),
    )


_HIGHER, _LOWER, _QUAL = 0, 1, 2
_DIR_CODE = {"higher": _HIGHER, "lower": _LOWER, "qualitative": _QUAL}


@dataclass(frozen=True)
class _Table:
    """附件2-1-2 as one edition has it, precomputed for the hot path."""

    rows: tuple[Indicator, ...]
    codes: tuple[tuple[int, float | str], ...]
    """(direction code, default leading value) per indicator."""
    fast: tuple[tuple[int, float], ...]
    """(direction code, factor): score = value × factor (higher) or factor / value (lower)."""
    own_states: dict[int, tuple[str, ...]]
    cap: float
    cap_cite: Citation
    min_scored: int
    min_scored_cite: Citation
    points: dict[str, float]
    """Points of each qualitative state (``qualitative_scores``, greendiag's method)."""


_load_cached = functools.lru_cache(maxsize=32)(_load)


def table(edition: Edition | None = None) -> _Table:
    """附件2-1-2 in ``edition`` (default: the current edition, :func:`current_edition`)."""
    return _load_cached(edition or current_edition())


def indicators(edition: Edition | None = None) -> tuple[Indicator, ...]:
    """The 31 indicators in order, with the 引领值 of ``edition`` (default: the current edition, see
    :func:`greendiag.rules.citations.current_edition`)."""
    return table(edition).rows


def indicator_count(edition: Edition | None = None) -> int:
    """How many indicators 附件2-1-2 has (31) in ``edition``; every count of indicators is this."""
    return len(table(edition).rows)


def min_scored(edition: Edition | None = None) -> int:
    """Fewer scored indicators than this → the park score is not comparable (greendiag's default,
    ``rules/params/indicators.toml`` min_scored_indicators, basis default)."""
    return table(edition).min_scored


_CURRENT = {
    "INDICATORS": lambda t: t.rows, "MAX_SCORE": lambda t: t.cap, "MAX_SCORE_CITE": lambda t: t.cap_cite,
    "MIN_SCORED": lambda t: t.min_scored, "MIN_SCORED_CITE": lambda t: t.min_scored_cite,
}


def __getattr__(name: str):
    """``INDICATORS``, ``MAX_SCORE`` (120, 附件2-1-2 注1), ``MAX_SCORE_CITE``, ``MIN_SCORED`` (16, greendiag's
    default), ``MIN_SCORED_CITE``: read in the current edition at each access (no module constant read at
    import); a rule given an edition reads :func:`table` of it."""
    if name in _CURRENT:
        return _CURRENT[name](table())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SCORE_CITE = Citation(document="北京市工业园区绿色诊断工作指南", article="附件2-1-2")
"""The table: 31 indicators, groups, units (the document)."""
METHOD_CITE = Citation(
    document="绿色园区评价要求（工信厅节函〔2016〕586号）",
    article="逐项得分公式和默认引领值",
)
"""greendiag's method: per-indicator formula, default 引领值, mean as park score — its status (greendiag's
reading, not verified against a stored text) is the basis of ``indicators.toml`` leading_value_source."""
MIN_SCORE = 0.0

_QUAL_OK = frozenset(QUALITATIVE_STATES)


def _score(code: int, number: int, value: object, lead: object, t: _Table) -> float | None:
    """Score one entry (no pydantic, no allocation beyond floats): the hot path of park_score; ``t``:
    the edition's :func:`table` (its cap 120, qualitative states and their points)."""
    if value is None:
        return None
    if code == _QUAL:
        if not isinstance(value, str):
            raise ValueError(f"第{number}项指标为定性指标，应填写“{lead}”等状态，不能填写数值 {value!r}")
        v = value.strip()
        if v == "" or v == NOT_APPLICABLE:
            return None
        if not isinstance(lead, str):
            raise ValueError(f"第{number}项指标为定性指标，引领值应为文字（如“{t.codes[number - 1][1]}”），而不是 {lead!r}")
        if v == lead.strip():
            return 100.0
        own = t.own_states[number]
        if v in own:
            points = t.points
            top = points.get(lead.strip())
            if not top or top <= 0:
                raise ValueError(f"第{number}项指标的引领值“{lead}”应为本项得分大于0的状态（{'/'.join(own)}；"
                                 f"定性指标状态得分见参数 qualitative_scores）")
            s = 100.0 * points[v] / top
            return t.cap if s > t.cap else (MIN_SCORE if s < MIN_SCORE else s)
        what = "是其他定性指标的状态" if v in _QUAL_OK else "无法判断"
        raise ValueError(f"第{number}项指标的填写“{v}”{what}：应为 {'/'.join(own)} 或 不适用")
    if isinstance(value, str):
        v = value.strip()
        if v == "" or v == NOT_APPLICABLE:
            return None
        raise ValueError(f"第{number}项指标的数值“{v}”不是数字（可填写数字、留空或“不适用”）")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"第{number}项指标的数值 {value!r} 不是数字")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"第{number}项指标的数值 {value!r} 不是有限数字")
    if isinstance(lead, bool) or not isinstance(lead, (int, float)) or not (lead > 0) or not math.isfinite(lead):
        raise ValueError(f"第{number}项指标的引领值 {lead!r} 应为大于0的数字")
    cap = t.cap
    if code == _HIGHER:
        s = 100.0 * x / lead
    else:  # lower is better
        if x <= 0:
            return cap
        s = 100.0 * lead / x
    if s > cap:
        return cap
    if s < MIN_SCORE:
        return MIN_SCORE
    return s


QUALITATIVE_SCORES_KEY = "qualitative_scores"
"""Key of the qualitative states' points in ``rules/params/indicators.toml`` (greendiag's method)."""


def _state_points(params, cap: float) -> dict[str, float]:
    """The ``qualitative_scores`` entry checked: every state, each 0–``cap``."""
    p = params[QUALITATIVE_SCORES_KEY]
    where = f"参数文件 indicators.toml 中的 {QUALITATIVE_SCORES_KEY}"
    if not isinstance(p.value, dict) or set(p.value) != set(QUALITATIVE_STATES):
        raise RulebookError(f"{where} 须为每个定性状态（{'、'.join(QUALITATIVE_STATES)}）给出得分")
    out = {}
    for state, pts in p.value.items():
        if isinstance(pts, bool) or not isinstance(pts, (int, float)) or not 0 <= pts <= cap:
            raise RulebookError(f"{where} 中“{state}”的得分 {pts!r} 应为 0–{cap:g} 的数")
        out[state] = float(pts)
    return out


def qualitative_scores(edition: Edition | None = None) -> dict[str, float]:
    """Points of each qualitative state (具备/不具备, 完善/较完善/不完善, 是/否), 0–120, in ``edition``
    (default: the current one): ``{"完善": 100.0, "较完善": 50.0, "不完善": 0.0, …}``.

    greendiag's method, not the guide's (附件2-1-2 lists the states, not their points): the
    ``qualitative_scores`` entry of ``rules/params/indicators.toml`` (basis default, editable).
    A state scores ``100 × points(state) / points(leading state)``, capped at 120 (:func:`indicator_score`).
    Raises :class:`~greendiag.rules.citations.RulebookError` for an entry that misses a state or
    gives a value outside 0–120.
    """
    return dict(table(edition).points)


def qualitative_scores_param(edition: Edition | None = None) -> Param:
    """The ``qualitative_scores`` parameter itself (value, article, note, basis, verification)."""
    return load_params("indicators", edition)[QUALITATIVE_SCORES_KEY]


def _check_number(number: object) -> int:
    n = indicator_count()
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= n:
        raise ValueError(f"指标序号 {number!r} 无效：应为 1–{n} 的整数（附件2-1-2）")
    return number


def indicator_states(number: int) -> tuple[str, ...]:
    """The states qualitative indicator ``number`` (12, 29, 30, 31) takes, leading state first, e.g.
    ``("具备", "不具备")`` for No. 12; ``()`` for a numeric indicator.  Source: 附件2-1-2 (its
    questions: 具备/完善/是); a state of another indicator is refused by :func:`indicator_score`."""
    return table().own_states.get(_check_number(number), ())


@with_edition
def indicator_score(number: int, value: float | str | None, leading_value: float | str | None = None) -> float | None:
    """Score of indicator ``number`` (1–31) for one year's ``value``, in points 0–120.

    ``value`` is a number in the indicator's unit, a state (具备/完善/是 …) for Nos. 12, 29, 30, 31,
    ``None`` / "" (blank) or "不适用" → ``None`` (left out of the park score).
    ``leading_value`` overrides the default 引领值 of the edition (keyword ``edition``, default the
    current one: :func:`indicators`).
    Raises ``ValueError`` (Chinese) for an unknown number, text in a numeric indicator, a number in a
    qualitative one, an unknown state or one of another qualitative indicator (是 for No. 12,
    :func:`indicator_states`), or a leading value ≤ 0.
    Source: 《北京市工业园区绿色诊断工作指南》附件2-1-2 and 注1 (cap 120).
    """
    n = _check_number(number)
    t = table()
    code, default = t.codes[n - 1]
    return _score(code, n, value, default if leading_value is None else leading_value, t)


@with_edition
def year_scores(values: Sequence[object], leading_values: Sequence[object] | None = None) -> list[float | None]:
    """The 31 indicator scores of one year (``None`` for blank / 不适用); see :func:`indicator_score`.

    ``values`` and ``leading_values`` (optional, ``None`` entries keep the default) have 31 items
    in the order of 附件2-1-2.  Raises ``ValueError`` for another length.
    """
    t = table()
    codes, n = t.codes, len(t.codes)
    if len(values) != n:
        raise ValueError(f"指标数据应为{n}项（附件2-1-2），实际为{len(values)}项")
    if leading_values is None:
        return [_score(c, k, v, d, t) for k, ((c, d), v) in enumerate(zip(codes, values), start=1)]
    if len(leading_values) != n:
        raise ValueError(f"引领值应为{n}项（附件2-1-2），实际为{len(leading_values)}项")
    return [
        _score(c, k, v, d if lv is None else lv, t)
        for k, ((c, d), v, lv) in enumerate(zip(codes, values, leading_values), start=1)
    ]


def mean_score(scores: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the non-``None`` scores; ``None`` if there are none."""
    total = 0.0
    count = 0
    for s in scores:
        if s is not None:
            total += s
            count += 1
    return total / count if count else None


@with_edition
def park_score(values: Sequence[object], leading_values: Sequence[object] | None = None) -> float | None:
    """Park score of one year: mean of the 31 indicator scores, leaving out blanks and 不适用.

    Returns points in [0, 120] or ``None`` when every entry is blank / 不适用.  Not rounded.
    Sources: the cap 120 is 《北京市工业园区绿色诊断工作指南》附件2-1-2 注1; the per-indicator formula,
    the default 引领值 and the mean are greendiag's method (``METHOD_CITE``).  A score of fewer than
    ``MIN_SCORED`` indicators is not comparable (:func:`score_coverage`).
    """
    return mean_score(year_scores(values, leading_values))


def score_coverage(scored: int, minimum: int | None = None) -> tuple[bool, str]:
    """(comparable, text) for a park score over ``scored`` of the 31 indicators, e.g.
    ``(False, "31项中12项参与评分，少于16项，评分不可比")``.  ``minimum`` defaults to ``MIN_SCORED``
    (greendiag's default, ``rules/params/indicators.toml`` min_scored_indicators; not the guide's).
    """
    need = min_scored() if minimum is None else int(minimum)
    ok = scored >= need
    text = f"{indicator_count()}项中{scored}项参与评分" + ("" if ok else f"，少于{need}项，评分不可比")
    return ok, text
