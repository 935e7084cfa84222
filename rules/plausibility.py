"""Numbers of a plausible size: the documents' own bounds (refused) and greendiag's plausibility bounds
(questioned, with the likely intended value).

* ``grading_score_max`` — a 分级评价 score is 0–100 points (bj_units.toml,
  《北京市绿色制造单位管理暂行办法（征求意见稿）》第七条, greendiag's reading of the 百分制);
  :func:`greendiag.rules.common.check_score` refuses a score outside it.
* :func:`amount_doubt` — an amount in 万元 above greendiag's plausibility bound for that field
  (``plausible_output_value_max`` 50000000 万元 for an enterprise's 上一年度产值,
  ``plausible_park_amount_max`` for a park's 总收入 and 工业产值; greendiag's own, not the documents'):
  a :class:`Doubt` saying so with the value it would be had it been typed in 元 (÷ 10000).
* :func:`output_value_pending` — the enterprise's 产值 is doubtful and not confirmed: the 第十九条 reward
  cap is not computed from it (``待核对``).

Only the 产值 has a confirmation (``output_value_confirmed``): it is the only questioned amount a result is
computed from.  A park's 总收入 / 工业产值 above their bound are questioned (warning) but withhold nothing,
so confirming them would only silence a flag no real park raises (bound 5 万亿元, greendiag's).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from greendiag.rules.citations import Citation, edition_params

_D = edition_params("bj_diagnosis")
_U = edition_params("bj_units")
"""Read in the current edition at each access (:func:`~greendiag.rules.citations.edition_params`)."""

GRADING_SCORE_CITE = _U["grading_score_max"].cite
YUAN_PER_WAN = 10_000
OUTPUT_CONFIRM_LABEL = "产值已核对（确为万元）"
PENDING = "待核对"
"""What the sheet and the documents show for a reward cap whose 产值 is doubtful and unconfirmed."""

AMOUNT_BOUNDS: dict[str, str] = {
    "application.output_value": "plausible_output_value_max",  # enterprise
    "application.total_revenue": "plausible_park_amount_max",  # park
    "application.industrial_output": "plausible_park_amount_max",  # park
}
"""Which plausibility parameter (``rules/params/bj_diagnosis.toml``) bounds which amount field (万元)."""


class Doubt(BaseModel):
    """An implausible amount: ``message`` (Chinese), the ``likely`` intended value (万元) and the bound."""

    model_config = ConfigDict(frozen=True)

    message: str
    likely: float
    bound: float
    cite: Citation


def _show(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def bound_of(path: str) -> float | None:
    """greendiag's plausibility bound (万元) of the amount field ``path`` of a case, ``None`` without one."""
    key = AMOUNT_BOUNDS.get(path)
    return None if key is None else float(_D[key].value)


def amount_doubt(path: str, label: str, value: float | None) -> Doubt | None:
    """A :class:`Doubt` when ``value`` (万元) of field ``path`` exceeds its plausibility bound, else ``None``.

    The message gives the value as 亿元, the bound (greendiag's, not the documents') and the value had
    it been typed in 元: 850000000 → “按万元应为 85000”.
    """
    bound = bound_of(path)
    if value is None or bound is None or not math.isfinite(value) or value <= bound:
        return None
    likely = round(value / YUAN_PER_WAN, 2)
    key = AMOUNT_BOUNDS[path]
    msg = (f"“{label}”{_show(value)} 万元即 {_show(value / YUAN_PER_WAN)} 亿元，超出合理范围（不超过"
           f" {_show(bound)} 万元；本工具自定的核对界限，非文件规定）：是否按“元”填写了？按万元应为 {likely:g}")
    if key == "plausible_output_value_max":
        msg += f"。数值无误时请在“{OUTPUT_CONFIRM_LABEL}”选“是”；确认前奖励上限显示“{PENDING}”"
    return Doubt(message=msg, likely=likely, bound=bound, cite=_D[key].cite)


def output_value_pending(output_value: float | None, confirmed: bool | None) -> bool:
    """True when the enterprise's 上一年度产值 exceeds its plausibility bound and is not confirmed:
    the 第十九条 reward cap is then 待核对 rather than a number derived from it."""
    bound = float(_D["plausible_output_value_max"].value)
    return output_value is not None and output_value > bound and not confirmed

