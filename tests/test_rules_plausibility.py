"""Numbers of a plausible size: the documents' bounds refused, greendiag's plausibility bounds questioned."""

from __future__ import annotations

import pytest

from greendiag.generator import samples
from greendiag.rules import assess_case, factory_tier, gz_star, hlj_review
from greendiag.rules.citations import load_params
from greendiag.rules.plausibility import PENDING, amount_doubt, bound_of, output_value_pending


def test_bounds_are_cited_parameters_marked_as_greendiags():
    p = load_params("bj_diagnosis")["plausible_output_value_max"]
    assert p.value == 50000000 and p.basis == "default"
    assert bound_of("application.output_value") == 50000000
    assert bound_of("application.employees") is None


def test_output_value_typed_in_yuan_is_questioned_with_the_likely_value():
    doubt = amount_doubt("application.output_value", "企业上一年度产值", 850000000.0)
    assert doubt is not None and doubt.likely == 85000
    assert "按万元应为 85000" in doubt.message and "非文件规定" in doubt.message
    assert amount_doubt("application.output_value", "企业上一年度产值", 50000000.0) is None  # at the bound
    assert amount_doubt("application.output_value", "企业上一年度产值", 50000000.01) is not None
    assert amount_doubt("application.total_revenue", "上一年度园区总收入", 500000000.0) is None
    assert amount_doubt("application.total_revenue", "上一年度园区总收入", 500000001.0).likely == 50000


def test_reward_cap_is_pending_until_the_output_value_is_confirmed():
    base = samples.sample_enterprise_large()
    assert not output_value_pending(base.application.output_value, False)
    big = base.model_copy(update={"application": base.application.model_copy(update={"output_value": 850000000.0})})
    a = assess_case(big)
    assert a.reward_cap is None and a.reward_cap_text.startswith(f"奖励上限{PENDING}") and "85000" in a.reward_cap_text
    sure = big.model_copy(update={"application": big.application.model_copy(update={"output_value_confirmed": True})})
    assert assess_case(sure).reward_cap == 12


@pytest.mark.parametrize("score", [100.01, 150, -0.5])
def test_grading_score_outside_0_100_is_refused(score):
    for fn in (factory_tier, hlj_review, gz_star):
        with pytest.raises(ValueError):
            fn(score)


def test_grading_score_at_100_is_the_top_tier():
    assert factory_tier(100) == "绿色工厂领军企业"
