"""Property tests (hypothesis) of the 附件2-1-2 scoring: bounds, monotonicity, mean of clamped scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import greendiag.addin.udfs as udfs
from greendiag.rules import INDICATORS, indicator_score, indicator_states, park_score
from greendiag.rules.indicators import qualitative_scores

NUMERIC = [i.number for i in INDICATORS if i.direction != "qualitative"]
HIGHER = [i.number for i in INDICATORS if i.direction == "higher"]
LOWER = [i.number for i in INDICATORS if i.direction == "lower"]
QUAL = {i.number: i.leading_value for i in INDICATORS if i.direction == "qualitative"}

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
PROPS = settings(max_examples=150, deadline=None)  # per test: no global profile for the shared suite


@PROPS
@given(st.sampled_from(NUMERIC), finite)
def test_score_is_within_0_and_120(number, value):
    s = indicator_score(number, value)
    assert 0.0 <= s <= 120.0


@PROPS
@given(st.sampled_from(HIGHER), finite, finite)
def test_higher_is_better_is_monotone_non_decreasing(number, a, b):
    lo, hi = sorted((a, b))
    assert indicator_score(number, lo) <= indicator_score(number, hi)


@PROPS
@given(st.sampled_from(LOWER), finite, finite)
def test_lower_is_better_is_monotone_non_increasing_for_positive_values(number, a, b):
    lo, hi = sorted((a, b))
    if lo > 0:
        assert indicator_score(number, lo) >= indicator_score(number, hi)
    else:
        assert indicator_score(number, lo) == 120.0


@PROPS
@given(st.sampled_from(HIGHER), positive, positive)
def test_higher_formula_before_clamp(number, value, lead):
    raw = 100.0 * value / lead
    assert indicator_score(number, value, lead) == pytest.approx(min(max(raw, 0.0), 120.0))


@PROPS
@given(st.sampled_from(LOWER), positive, positive)
def test_lower_formula_before_clamp(number, value, lead):
    raw = 100.0 * lead / value
    assert indicator_score(number, value, lead) == pytest.approx(min(raw, 120.0))


@PROPS
@given(st.sampled_from(sorted(QUAL)), st.sampled_from(["具备", "不具备", "完善", "较完善", "不完善", "是", "否"]))
def test_qualitative_scores_its_points_and_refuses_another_indicators_state(number, state):
    if state in indicator_states(number):
        assert indicator_score(number, state) == (100.0 if state == QUAL[number] else qualitative_scores()[state])
    else:  # 是 for No. 12 would score 0 without saying why
        with pytest.raises(ValueError, match="是其他定性指标的状态"):
            indicator_score(number, state)


def test_each_qualitative_indicator_has_its_own_states():
    assert {n: indicator_states(n) for n in QUAL} == {
        12: ("具备", "不具备"), 29: ("完善", "较完善", "不完善"), 30: ("是", "否"), 31: ("完善", "较完善", "不完善")}
    assert indicator_states(1) == ()


def _entry(number: int):
    """A strategy for one cell of indicator ``number``: blank, 不适用, a number or a state."""
    blank = st.sampled_from([None, "不适用", ""])
    if number in QUAL:
        return st.one_of(blank, st.sampled_from(indicator_states(number)))
    return st.one_of(blank, finite)


year = st.tuples(*(_entry(n) for n in range(1, 32))).map(list)


@PROPS
@given(year)
def test_park_score_is_mean_of_clamped_scores_leaving_out_blanks(values):
    scores = [indicator_score(n, v) for n, v in zip(range(1, 32), values)]
    kept = [s for s in scores if s is not None]
    result = park_score(values)
    if not kept:
        assert result is None
    else:
        assert result == pytest.approx(math.fsum(kept) / len(kept))
        assert min(kept) - 1e-9 <= result <= max(kept) + 1e-9
        assert 0.0 <= result <= 120.0


@PROPS
@given(year, st.integers(min_value=0, max_value=30))
def test_blanking_an_unscored_cell_changes_nothing(values, k):
    if values[k] is None or values[k] in ("不适用", ""):
        other = list(values)
        other[k] = "不适用" if values[k] is None else None
        assert park_score(other) == park_score(values)


@PROPS
@given(year)
def test_udf_equals_rules_for_both_range_shapes(values):
    expected = park_score(values)
    column = [[v] for v in values]
    row = [list(values)]
    for shape in (column, row):
        got = udfs.PARK_SCORE(shape)
        assert got == expected or (got is not None and got == pytest.approx(expected))
