"""Ledger aggregation (greendiag.generator.ledger) on cases built from rules.models: exact values at the
boundaries the documents set (《北京市制造业绿色诊断工作规则》第十九至二十二条, 指南六)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from greendiag import rules
from greendiag.generator import samples
from greendiag.generator.ledger import (
    CaseRow,
    ProblemRow,
    case_row,
    compute_ledger,
    find_duplicates,
    load_ledger_params,
    normalize_name,
    write_ledger,
)
from greendiag.rules import ledger as L

P = load_ledger_params()


def variant(
    base=None,
    *,
    name: str | None = None,
    provider: str | None = None,
    code: str | None = None,
    report: date | None | str = "keep",
    review: date | None | str = "keep",
    result: str | None | str = "keep",
    satisfaction: str | None | str = "keep",
    output: float | None | str = "keep",
    materials_ok: bool = True,
    fee: bool = False,
    fraud: bool = False,
    app_fraud: bool = False,
    serious: bool = False,
    approved: float | None = None,
    year: int | None = None,
):
    """A sample case with some fields replaced (``"keep"`` keeps the sample's value)."""
    case = base or samples.sample_park()
    app_update = {}
    if name is not None:
        app_update["name"] = name
    if code is not None:
        app_update["credit_code"] = code
    if output != "keep":
        app_update["output_value" if case.kind == "企业" else "industrial_output"] = output
    proc_update = {}
    if report != "keep":
        proc_update["report_date"] = report
    rev_update = {"materials_ok": materials_ok, "fee_charged": fee, "funds_fraud": fraud, "application_fraud": app_fraud,
                  "serious_impact": serious, "approved_amount": approved}
    if review != "keep":
        rev_update["review_date"] = review
    if result != "keep":
        rev_update["result"] = result
    update = {
        "application": case.application.model_copy(update=app_update),
        "process": case.process.model_copy(update=proc_update),
        "review": case.review.model_copy(update=rev_update),
        "provider": case.provider.model_copy(update={"name": provider or case.provider.name}),
    }
    if satisfaction != "keep":
        update["satisfaction"] = case.satisfaction.model_copy(update={"level": satisfaction})
    if year is not None:
        update["diagnosis_year"] = year
    return case.model_copy(update=update)


def row(case, file="a.xlsx") -> CaseRow:
    return case_row(case, rules.assess_case(case), file)


# ---- per-case reward (第十九条) --------------------------------------------------------------


def reward(case) -> L.Reward:
    return L.base_reward(row(case))


def test_reward_amount_per_case_follows_article_19():
    park = row(samples.sample_park())
    assert (park.reward_tier, L.base_reward(park).amount) == (20, 20)
    large = row(samples.sample_enterprise_large())
    assert (large.reward_tier, L.base_reward(large).amount) == (12, 12)
    small = row(samples.sample_enterprise_small())
    assert (small.reward_tier, L.base_reward(small).amount) == (8, 8)
    # 10 亿元（含）= 100000 万元 is the large tier; just below is the small one
    at = reward(variant(samples.sample_enterprise_small(), output=100000.0))
    below = reward(variant(samples.sample_enterprise_small(), output=99999.99))
    assert (at.amount, below.amount) == (12, 8)


@pytest.mark.parametrize(
    "kwargs, note",
    [
        ({"result": "不合格"}, "评审不合格"),
        ({"materials_ok": False}, "证明材料不符合要求"),
        ({"result": None, "review": None}, "未评审"),
        ({"fraud": True}, "骗取财政资金"),
    ],
)
def test_no_reward_for_failed_unreviewed_or_fraud(kwargs, note):
    r = row(variant(**kwargs))
    assert L.base_reward(r).amount == 0
    assert r.reward_tier == 20  # the tier stays visible
    assert note in L.base_reward(r).note


def test_application_fraud_alone_does_not_stop_the_reward_of_the_case():
    """第二十二条第2项 disqualifies; it recovers no funds (that is 第二十一条)."""
    assert reward(variant(app_fraud=True)).amount == 20


def test_enterprise_without_output_value_gets_no_amount_and_says_why():
    r = row(variant(samples.sample_enterprise_small(), output=None))
    assert r.reward_tier is None and L.base_reward(r).amount == 0
    assert "产值缺失" in L.base_reward(r).note


# ---- the amount the bureau decides (核定奖励金额, 第十九条“不超过”) -----------------------------


def test_decided_amount_is_counted_and_the_cap_is_only_provisional():
    decided = reward(variant(approved=15.5))
    assert (decided.amount, decided.basis, decided.provisional) == (15.5, "核定", False)
    open_ = reward(variant())
    assert (open_.amount, open_.basis, open_.provisional) == (20, "上限（暂定）", True)
    assert reward(variant(approved=20.0)).amount == 20  # the cap itself is allowed
    over = reward(variant(approved=20.01))
    assert over.amount == 0 and "超过奖励上限20万元" in over.note


def test_totals_with_an_undecided_case_are_provisional():
    rows = [row(variant(name="园区甲", code="", approved=12.0), "a.xlsx"), row(variant(name="园区乙", code=""), "b.xlsx")]
    led = compute_ledger(rows, [], as_of=date(2027, 1, 1))
    (t,) = led.reward_totals
    assert (t.total, t.payable, t.provisional) == (32, 32, 1) and led.provisional
    rows[1] = row(variant(name="园区乙", code="", approved=10.0), "b.xlsx")
    (t,) = compute_ledger(rows, [], as_of=date(2027, 1, 1)).reward_totals
    assert (t.total, t.provisional) == (22, 0)


def test_reader_rejects_a_decided_amount_above_the_cap(tmp_path):
    from greendiag.workbooks import fill_case, read_case

    path = fill_case(variant(approved=21.0), tmp_path / "c.xlsx")
    result = read_case(path)
    assert result.case is None
    (p,) = [p for p in result.problems if "核定奖励金额" in p.message]
    assert p.sheet == "奖励测算" and "超过奖励上限20万元" in p.message


# ---- year of a case ---------------------------------------------------------------------


def test_year_is_review_then_report_then_diagnosis_year():
    assert row(variant(review=date(2027, 1, 5), report=date(2026, 12, 20))).year == 2027
    assert row(variant(review=None, report=date(2026, 12, 20), result=None)).year == 2026
    assert row(variant(review=None, report=None, result=None, year=2025)).year == 2025


# ---- annual cap (第二十条, calendar year) -------------------------------------------------------


def _parks(n, provider="甲服务商（虚构）", start=1, month=3):
    rows = []
    for k in range(n):
        d = date(2026, month, start + k)
        rows.append(
            CaseRow(file=f"p{k:02}.xlsx", unit=f"{provider}园区{k}", kind="园区", provider=provider, diagnosis_year=2026,
                    report_date=d, review_date=date(2026, 11, 1), review_result="合格", reward_tier=20)
        )
    return rows


def allocate(rows):
    s = L.settle(rows)
    return s.lines, s.totals


def test_cap_exactly_300_has_no_excess():
    lines, totals = allocate(_parks(15))
    assert [(t.total, t.payable, t.excess) for t in totals] == [(300, 300, 0)]
    assert all(line.payable == 20 for line in lines)


def test_sixteen_parks_pay_300_and_the_last_by_report_date_gets_nothing():
    rows = _parks(16)
    rows.reverse()  # order of input does not matter, report date does
    lines, totals = allocate(rows)
    assert [(t.total, t.payable, t.excess) for t in totals] == [(320, 300, 20)]
    paid = {rows[line.index].file: line.payable for line in lines}
    assert paid["p15.xlsx"] == 0  # latest report date
    assert sum(paid.values()) == 300
    assert [rows[line.index].file for line in lines] == [f"p{k:02}.xlsx" for k in range(16)]


def test_case_crossing_the_cap_is_paid_partially_later_cases_zero():
    rows = _parks(14)  # 280
    rows.append(CaseRow(file="q1.xlsx", unit="企业A", kind="企业", provider="甲服务商（虚构）", diagnosis_year=2026,
                        report_date=date(2026, 4, 1), review_date=date(2026, 11, 1), review_result="合格",
                        reward_tier=12))  # 292
    rows.append(CaseRow(file="q2.xlsx", unit="园区X", kind="园区", provider="甲服务商（虚构）", diagnosis_year=2026,
                        report_date=date(2026, 4, 2), review_date=date(2026, 11, 1), review_result="合格",
                        reward_tier=20))  # crosses: 8 of 20
    rows.append(CaseRow(file="q3.xlsx", unit="企业B", kind="企业", provider="甲服务商（虚构）", diagnosis_year=2026,
                        report_date=None, review_date=date(2026, 11, 1), review_result="合格",
                        reward_tier=8))  # no report date: last, 0
    lines, totals = allocate(rows)
    paid = {rows[line.index].file: line.payable for line in lines}
    assert paid["q1.xlsx"] == 12 and paid["q2.xlsx"] == 8 and paid["q3.xlsx"] == 0
    assert [(t.total, t.payable, t.excess) for t in totals] == [(320, 300, 20)]


def test_cap_is_per_provider_and_per_calendar_year():
    rows = _parks(10, provider="甲") + _parks(10, provider="乙")
    rows += [CaseRow(file="y.xlsx", unit="园区Y", kind="园区", provider="甲", diagnosis_year=2027,
                     review_date=date(2027, 2, 1), review_result="合格", reward_tier=20)]
    _, totals = allocate(rows)
    assert {(t.provider, t.year): (t.total, t.payable) for t in totals} == {
        ("甲", 2026): (200, 200), ("乙", 2026): (200, 200), ("甲", 2027): (20, 20)
    }


# ---- duplicates are paid once ----------------------------------------------------------------


def test_the_same_park_twice_is_paid_once_until_an_officer_resolves_it():
    a = row(variant(report=date(2026, 5, 1)), "a.xlsx")
    b = row(variant(report=date(2026, 6, 1)), "b.xlsx")
    led = compute_ledger([b, a], [], as_of=date(2027, 1, 1))
    assert led.duplicates  # flagged both ways
    (t,) = led.reward_totals
    assert t.payable == 20  # not 40
    assert led.outcomes[0].amount == 0 and "重复案例" in led.outcomes[0].note  # b: the later report
    resolved = replace(b, duplicate_resolved=True)
    (t,) = compute_ledger([resolved, a], [], as_of=date(2027, 1, 1)).reward_totals
    assert t.payable == 40


def test_a_unit_diagnosed_again_in_another_year_is_not_a_duplicate():
    a = row(variant(report=date(2025, 5, 1), review=date(2025, 6, 1), year=2025), "a.xlsx")
    b = row(variant(report=date(2026, 5, 1), review=date(2026, 6, 1), year=2026), "b.xlsx")
    assert find_duplicates([a, b]) == {}


# ---- duplicates, follow-up, year filter ------------------------------------------------------


def test_duplicates_by_normalized_name_or_credit_code():
    rows = [
        CaseRow(file="1.xlsx", unit="北京示例园区（虚构）", credit_code=""),
        CaseRow(file="2.xlsx", unit=" 北京示例园区(虚构) ", credit_code="91110000MA0000009X"),
        CaseRow(file="3.xlsx", unit="另一家企业", credit_code="91110000ma0000009x"),
        CaseRow(file="4.xlsx", unit="第三家企业", credit_code=""),
        CaseRow(file="5.xlsx", ok=False, unit=""),
    ]
    dups = find_duplicates(rows)
    assert dups == {0: "重复：同名（序号 2）", 1: "重复：同名（序号 1）；同信用代码（序号 3）", 2: "重复：同信用代码（序号 2）"}
    assert normalize_name("ＡＢＣ 园区") == normalize_name("abc园区")


def test_follow_up_due_one_year_after_report_and_overdue_strictly_before_as_of():
    a = row(variant(report=date(2024, 2, 29), review=date(2024, 3, 10)), "a.xlsx")
    b = row(variant(report=date(2025, 3, 1), review=date(2025, 3, 10)), "b.xlsx")
    assert a.follow_up_due == date(2025, 2, 28)  # 指南六, 29 Feb → 28 Feb
    assert b.follow_up_due == date(2026, 3, 1)
    led = compute_ledger([a, b], [], as_of=date(2026, 3, 1))
    assert led.overdue == [0]  # due on the as-of date is not yet overdue


def test_year_filter_keeps_unreadable_files_and_their_problems():
    rows = _parks(2) + [CaseRow(file="old.xlsx", unit="旧园区", kind="园区", provider="甲服务商（虚构）",
                                diagnosis_year=2025, review_date=date(2025, 5, 1), review_result="合格",
                                reward_tier=20),
                        CaseRow(file="bad.xlsx", ok=False, status="未能读取")]
    probs = [ProblemRow("bad.xlsx", message="坏"), ProblemRow("old.xlsx", message="旧")]
    led = compute_ledger(rows, probs, year=2026)
    assert [r.file for r in led.rows] == ["p00.xlsx", "p01.xlsx", "bad.xlsx"]
    assert [p.file for p in led.problems] == ["bad.xlsx"]
    assert [(t.year, t.total) for t in led.reward_totals] == [(2026, 40)]


def test_params_come_from_rules_params_with_citations():
    assert P.annual_cap == 300 and P.annual_cap_cite.endswith("第二十条")
    assert P.funding_ban_cite.endswith("第二十一条") and P.window_months == 12


def test_write_ledger_refuses_to_overwrite_and_is_atomic(tmp_path):
    led = compute_ledger(_parks(2), [], as_of=date(2026, 12, 1))
    out = write_ledger(led, tmp_path / "台账.xlsx")
    with pytest.raises(FileExistsError, match="--force"):
        write_ledger(led, out)
    write_ledger(led, out, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]  # no temp files left
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["批次工作清单", "奖励测算", "奖励汇总", "服务商动态管理", "资格与限制", "问题清单", "跟踪", "说明",
                             "_greendiag"]
    assert wb["_greendiag"].sheet_state == "veryHidden"  # the baseline ledger import compares with
    for name in wb.sheetnames[:7]:
        ws = wb[name]
        assert ws.freeze_panes is not None and ws.auto_filter.ref.startswith("A4:")
    assert wb.properties.keywords == "greendiag-ledger"


def test_text_from_case_workbooks_that_looks_like_a_formula_stays_text(tmp_path):
    rows = [CaseRow(file="=f.xlsx", unit='=HYPERLINK("http://example.com","x")', kind="企业", provider="=1+1",
                    diagnosis_year=2026, review_date=date(2026, 5, 1), review_result="合格",
                    reward_tier=8)]
    led = compute_ledger(rows, [ProblemRow("=f.xlsx", sheet="申请表", cell="B5", value="=1+1", message="公式")],
                         as_of=date(2026, 6, 1))
    wb = openpyxl.load_workbook(write_ledger(led, tmp_path / "l.xlsx"))
    assert wb["批次工作清单"]["D5"].value == '=HYPERLINK("http://example.com","x")'
    assert wb["批次工作清单"]["D5"].data_type == "s"
    assert wb["问题清单"]["E5"].data_type == "s" and wb["问题清单"]["E5"].value == "=1+1"
    assert wb["奖励汇总"]["A5"].data_type == "s" and wb["奖励汇总"]["C5"].data_type == "f"


# ---- park score coverage (附件2-1-2; the minimum is greendiag's default) ------------------------


def test_work_list_shows_the_latest_park_score_and_its_coverage(tmp_path):
    from greendiag.rules.indicators import MIN_SCORED
    from greendiag.workbooks.ledger import LIST_COL

    park = samples.sample_park()
    years = list(park.indicator_years)
    scored = [e for e in years[-1].entries if e.value is not None and not e.not_applicable]
    thin = years[-1].model_copy(update={"entries": tuple(scored[: MIN_SCORED - 1])})  # one short of the minimum
    just = years[-1].model_copy(update={"entries": tuple(scored[:MIN_SCORED])})
    thin_park = park.model_copy(update={"indicator_years": (*years[:-1], thin)})
    just_park = park.model_copy(update={"indicator_years": (*years[:-1], just)})
    rows = [row(park, "full.xlsx"), row(thin_park, "thin.xlsx"), row(just_park, "just.xlsx"),
            row(samples.sample_enterprise_small(), "ent.xlsx")]
    assert rows[0].score_coverage == f"{years[-1].year}年 29/31项" and rows[0].score_comparable
    assert rows[0].park_score == pytest.approx(rules.assess_case(park).latest_park_score)
    assert rows[1].score_coverage == f"{years[-1].year}年 {MIN_SCORED - 1}/31项，不可比" and not rows[1].score_comparable
    assert rows[2].score_coverage == f"{years[-1].year}年 {MIN_SCORED}/31项" and rows[2].score_comparable
    assert rows[3].score_coverage == "" and rows[3].park_score is None

    wb = openpyxl.load_workbook(write_ledger(compute_ledger(rows, [], as_of=date(2026, 6, 1)), tmp_path / "l.xlsx"))
    ws = wb["批次工作清单"]
    score, cover = LIST_COL["park_score"], LIST_COL["score_coverage"]
    assert f"少于{MIN_SCORED}项不可比" in ws.cell(4, cover).value
    assert ws.cell(6, cover).value.endswith("不可比") and ws.cell(6, cover).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(6, score).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(5, cover).fill.fgColor.rgb.endswith("FCE4D6") is False
    assert ws.cell(8, score).value is None and ws.cell(8, cover).value is None
    assert any(f"少于{MIN_SCORED}项的标为“不可比”" in (c.value or "") for c in wb["说明"]["A"])
