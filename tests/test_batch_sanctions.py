"""Bans that last, “一年内” as any 12 months, 第二十一条 and 第二十二条第2项 apart, decided amounts
(《北京市制造业绿色诊断工作规则》第十九至二十二条; periods by 《民法典》第二百零一、二百零二条).

Every case is a real sample case with the dates a person would enter; the ledger's native formulas
are checked against the rules after one LibreOffice recalculation of all the ledgers at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from greendiag import rules
from greendiag.generator import samples
from greendiag.generator.ledger import case_row, compute_ledger, write_ledger
from greendiag.generator.office import recalculate
from greendiag.rules import ledger as L
from tests.test_batch_recalc import assert_formulas_match, sheet_rows


def case(kind="park", *, provider="甲服务商（虚构）", name=None, code="", onsite=None, report=None, review=None,
         evaluated=None, satisfaction="满意", result="合格", funds_fraud=False, application_fraud=False,
         finding=None, decision=None, approved=None):
    base = {"park": samples.sample_park, "large": samples.sample_enterprise_large,
            "small": samples.sample_enterprise_small}[kind]()
    c = base.model_copy(update={
        "diagnosis_year": (onsite or report or review).year,
        "application": base.application.model_copy(update={"name": name or base.application.name, "credit_code": code}),
        "provider": base.provider.model_copy(update={"name": provider}),
        "process": base.process.model_copy(update={"onsite_start": onsite, "onsite_end": onsite, "report_date": report}),
        "satisfaction": base.satisfaction.model_copy(update={"level": satisfaction, "evaluation_date": evaluated}),
        "review": base.review.model_copy(update={
            "result": result, "review_date": review, "funds_fraud": funds_fraud, "application_fraud": application_fraud,
            "finding_date": finding, "decision_date": decision, "approved_amount": approved}),
    })
    return c


def row(c, file):
    return case_row(c, rules.assess_case(c), file)


# ── 第二十一条: fraud for funds ───────────────────────────────────────────────────────────────


def fraud_rows():
    return [
        row(case(name="北京甲园区（虚构）", onsite=date(2025, 1, 6), report=date(2025, 2, 10), review=date(2025, 3, 1),
                 funds_fraud=True), "2025/甲园区.xlsx"),
        row(case(name="北京乙园区（虚构）", onsite=date(2026, 3, 2), report=date(2026, 4, 20), review=date(2026, 9, 1)),
            "2026/乙园区.xlsx"),
        row(case("small", name="丙企业（虚构）", onsite=date(2027, 3, 1), report=date(2027, 4, 1), review=date(2027, 5, 10),
                 approved=6.0), "2027/丙企业.xlsx"),
        # the park of the fraud case applies again in 2027, with another provider
        row(case(provider="丁服务商（虚构）", name="北京甲园区（虚构）", onsite=date(2027, 4, 6), report=date(2027, 5, 20),
                 review=date(2027, 8, 1)), "2027/甲园区.xlsx"),
        # the first day after the 5-year funding ban: paid again
        row(case(name="北京戊园区（虚构）", onsite=date(2028, 3, 2), report=date(2030, 2, 1), review=date(2030, 3, 2)),
            "2030/戊园区.xlsx"),
        row(case(name="北京己园区（虚构）", onsite=date(2028, 3, 2), report=date(2030, 2, 1), review=date(2030, 3, 1)),
            "2030/己园区.xlsx"),
    ]


def test_fraud_for_funds_in_2025_stops_the_providers_2026_and_2027_cases_and_flags_the_parks_2027_application():
    led = compute_ledger(fraud_rows(), [], as_of=date(2027, 12, 31))
    (s,) = led.sanctions.values()
    assert (s.condition_date, s.start) == (date(2025, 3, 1), date(2025, 3, 1))
    assert (s.last_day, s.first_allowed) == (date(2028, 3, 1), date(2028, 3, 2))  # no re-entry: 3 years
    assert (s.funding_last_day, s.funding_first_allowed) == (date(2030, 3, 1), date(2030, 3, 2))  # 5 years
    out = led.outcomes
    assert out[0].amount == 0 and "第二十一条" in out[0].reward.note  # recovered
    assert out[1].amount == 0 and out[1].note == L.PROVIDER_FUNDING_BLOCK  # 2026
    assert out[2].amount == 0 and out[2].note == L.PROVIDER_FUNDING_BLOCK  # 2027, even with a decided amount
    assert out[3].unit_flag == L.UNIT_FUNDING_FLAG and out[3].amount == 20  # the park's 2027 application: flagged
    assert out[4].amount == 20 and out[5].amount == 0  # reviewed 2030-03-02 paid, 2030-03-01 (last banned day) not
    years = {(p.provider, p.year): p for p in led.providers}
    assert years[("甲服务商（虚构）", 2026)].status == "取消资格"
    assert years[("甲服务商（虚构）", 2027)].carried_from.startswith("2025年取消资格")
    # the 5-year funding ban outlives the 3-year re-entry ban: never 正常 while it runs (to 2030-03-01)
    assert years[("甲服务商（虚构）", 2030)].status == L.STATUS_FUNDING == "不得申请资金支持"
    assert years[("甲服务商（虚构）", 2030)].funding_last_day == date(2030, 3, 1)
    assert "服务商和被诊断园区、企业5年内不得申请" in rules.provider_status(0, 0, funds_fraud=True).text


def test_the_bureaus_decision_date_starts_the_periods():
    rows = fraud_rows()
    rows[0] = replace(rows[0], decision_date=date(2025, 4, 15))
    (s,) = L.sanction_periods(rows).values()
    assert (s.condition_date, s.start, s.last_day, s.funding_last_day) == (
        date(2025, 3, 1), date(2025, 4, 15), date(2028, 4, 15), date(2030, 4, 15))


# ── 第二十二条第2项: fraud in the application ───────────────────────────────────────────────────


def application_fraud_rows():
    return [
        row(case(name="园区A（虚构）", onsite=date(2025, 1, 6), report=date(2025, 2, 10), review=date(2025, 6, 1),
                 application_fraud=True, finding=date(2025, 3, 1)), "a.xlsx"),
        # begun before the finding, reviewed after: paid (no funding ban)
        row(case(name="园区B（虚构）", onsite=date(2025, 2, 17), report=date(2025, 3, 20), review=date(2025, 6, 1)), "b.xlsx"),
        # begun during the disqualification: not paid
        row(case(name="园区C（虚构）", onsite=date(2026, 3, 2), report=date(2026, 4, 1), review=date(2026, 6, 1)), "c.xlsx"),
        # the same park again in 2027 with another provider: not flagged
        row(case(provider="丁服务商（虚构）", name="园区A（虚构）", onsite=date(2027, 4, 6), report=date(2027, 5, 1),
                 review=date(2027, 6, 1)), "d.xlsx"),
        # re-entry on the first allowed day
        row(case(name="园区E（虚构）", onsite=date(2028, 3, 2), report=date(2028, 4, 1), review=date(2028, 6, 1)), "e.xlsx"),
    ]


def test_fraud_in_the_application_bans_reentry_three_years_without_a_funding_ban():
    led = compute_ledger(application_fraud_rows(), [], as_of=date(2028, 12, 31))
    (s,) = led.sanctions.values()
    assert (s.start, s.last_day, s.first_allowed) == (date(2025, 3, 1), date(2028, 3, 1), date(2028, 3, 2))
    assert s.funding_start is None and s.funding_last_day is None
    assert any("第二十二条第2项" in r for r in s.reasons) and not any("第二十一条" in r for r in s.reasons)
    amounts = {led.rows[i].file: o.amount for i, o in led.outcomes.items()}
    assert amounts == {"a.xlsx": 20, "b.xlsx": 20, "c.xlsx": 0, "d.xlsx": 20, "e.xlsx": 20}
    assert led.outcomes[2].note == L.PROVIDER_DISQUALIFIED_BLOCK
    assert not any(o.unit_flag for o in led.outcomes.values())
    st = rules.provider_status(0, 0, fraud=True)
    assert st.ban_years == 3 and st.funding_ban_years == 0 and "资金支持" not in st.text


# ── “一年内” = any 12 months ─────────────────────────────────────────────────────────────────


def unsatisfied(dates, provider="乙服务商（虚构）"):
    return [row(case("small", provider=provider, name=f"{provider}企业{k}", onsite=d, report=d, review=d, evaluated=d,
                     satisfaction="不满意"), f"{provider}{k}.xlsx") for k, d in enumerate(dates)]


def test_three_unsatisfied_in_any_twelve_months_disqualify_across_new_year():
    rows = unsatisfied([date(2025, 11, 10), date(2025, 12, 10), date(2026, 1, 10)])
    (s,) = L.sanction_periods(rows).values()
    assert s.condition_date == date(2026, 1, 10) and s.last_day == date(2029, 1, 10)
    assert any("第二十二条第3项" in r for r in s.reasons)
    assert [(p.year, p.status) for p in L.provider_years(rows)] == [(2025, "正常"), (2026, "取消资格")]


def test_three_unsatisfied_spread_over_thirteen_months_do_not():
    assert L.sanction_periods(unsatisfied([date(2025, 1, 10), date(2025, 7, 10), date(2026, 2, 10)])) == {}


def test_the_corresponding_day_one_year_later_is_still_within_one_year():
    rows = unsatisfied([date(2025, 1, 10), date(2025, 7, 10), date(2026, 1, 10)])
    assert [s.condition_date for s in L.sanction_periods(rows).values()] == [date(2026, 1, 10)]
    assert L.sanction_periods(unsatisfied([date(2025, 1, 10), date(2025, 7, 10), date(2026, 1, 11)])) == {}


def test_the_evaluation_date_counts_not_the_review_date():
    rows = [row(case("small", name=f"企业{k}", onsite=date(2025, 3, 2), report=date(2025, 4, 1), review=rev, evaluated=ev,
                     satisfaction="不满意"), f"{k}.xlsx")
            for k, (ev, rev) in enumerate([(date(2025, 4, 1), date(2025, 6, 1)), (date(2025, 4, 8), date(2025, 6, 1)),
                                           (date(2025, 4, 15), date(2026, 6, 1))])]
    (s,) = L.sanction_periods(rows).values()
    assert s.condition_date == date(2025, 4, 15)


def failed(dates, provider="丙服务商（虚构）"):
    return [row(case("large", provider=provider, name=f"{provider}企业{k}", onsite=d, report=d, review=d, result="不合格"),
                f"{provider}{k}.xlsx") for k, d in enumerate(dates)]


def test_two_failed_reviews_across_new_year_disqualify():
    rows = failed([date(2025, 12, 24), date(2026, 1, 9)])
    (s,) = L.sanction_periods(rows).values()
    assert (s.condition_date, s.last_day, s.first_allowed) == (date(2026, 1, 9), date(2029, 1, 9), date(2029, 1, 10))
    assert any("第二十二条第4项" in r for r in s.reasons)
    assert L.sanction_periods(failed([date(2025, 1, 9), date(2026, 1, 10)])) == {}


# ── the ledger's formulas agree with the rules (one LibreOffice start for all) ─────────────────


@pytest.mark.libreoffice
def test_sanction_ledgers_recalculate_to_the_rules_values(soffice, tmp_path):
    mixed = (fraud_rows() + application_fraud_rows() + unsatisfied([date(2025, 11, 10), date(2025, 12, 10), date(2026, 1, 10)])
             + unsatisfied([date(2025, 1, 10), date(2025, 7, 10), date(2026, 2, 10)], provider="庚服务商（虚构）")
             + failed([date(2025, 12, 24), date(2026, 1, 9)]))
    dup = row(case(name="北京乙园区（虚构）", onsite=date(2026, 3, 9), report=date(2026, 5, 20), review=date(2026, 9, 1),
                   provider="辛服务商（虚构）"), "2026/乙园区-重复.xlsx")
    mixed.append(dup)
    ledgers = {
        "all": compute_ledger(mixed, [], as_of=date(2027, 12, 31)),
        "2026": compute_ledger(mixed, [], year=2026, as_of=date(2026, 12, 31)),
        "2027": compute_ledger(mixed, [], year=2027, as_of=date(2027, 12, 31)),
    }
    assert ledgers["all"].provisional  # undecided amounts are counted at their caps
    dup_out = [o for i, o in ledgers["all"].outcomes.items() if ledgers["all"].rows[i].file == dup.file][0]
    assert dup_out.amount == 0 and dup_out.duplicate_rank == 2
    paths = [write_ledger(led, tmp_path / f"{name}.xlsx") for name, led in ledgers.items()]
    # an officer's entries: a decision date on the fraud case and an amount decided for the 2026 duplicate's twin
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["批次工作清单"]
    col = {c.value: c.column for c in ws[4]}
    files = [ws.cell(r, 2).value for r in range(5, ws.max_row + 1)]
    fraud_r = 5 + files.index("2025/甲园区.xlsx")
    ws.cell(fraud_r, col["处理决定日期\n（市经信局，填写后自该日起算）"]).value = date(2024, 3, 1)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    recalc = recalculate([*paths, edited], tmp_path / "recalc")
    for path, out, led in zip(paths, recalc, ledgers.values()):
        assert assert_formulas_match(path, out, led) > 100
    # the edit moves the periods: a decision on 2024-03-01 ends the funding ban on 2029-03-01
    edited_rows = list(mixed)
    k = [r.file for r in mixed].index("2025/甲园区.xlsx")
    edited_rows[k] = replace(mixed[k], decision_date=date(2024, 3, 1))
    edited_led = compute_ledger(edited_rows, [], as_of=date(2027, 12, 31))
    assert assert_formulas_match(edited, recalc[-1], edited_led) > 100
    got = openpyxl.load_workbook(recalc[-1], data_only=True)
    prov = {(r["服务商"], r["年度"]): r for r in sheet_rows(got, "服务商动态管理")}
    assert prov[("甲服务商（虚构）", 2026)]["不得申请资金支持最后一日\n（第二十一条）"].date() == date(2029, 3, 1)


# ── the case workbook: where the bureau's amount and the sanction facts are entered ─────────────


def test_case_workbook_has_the_sanction_fields_apart_and_limits_the_decided_amount_to_the_cap(tmp_path):
    from greendiag.workbooks import fill_case, read_case

    path = fill_case(case(onsite=date(2026, 3, 2), report=date(2026, 4, 1), review=date(2026, 6, 1), approved=15.0,
                          application_fraud=True, finding=date(2026, 5, 20), evaluated=date(2026, 4, 20)),
                     tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["奖励测算"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for label, article in (("服务商在申报过程中弄虚作假", "第二十二条第2项"), ("恶意串通、弄虚作假等骗取财政资金", "第二十一条")):
        assert article in ws.cell(labels[label], 4).value
    cell = f"B{labels['核定奖励金额']}"
    cap = f"$B${labels['奖励金额上限（万元）']}"
    (dv,) = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert dv.type == "custom" and f"{cell}<={cap}" in dv.formula1 and dv.showErrorMessage
    back = read_case(path).case
    r = back.review
    assert (r.application_fraud, r.funds_fraud, r.finding_date, r.approved_amount) == (True, False, date(2026, 5, 20), 15.0)
    assert back.satisfaction.evaluation_date == date(2026, 4, 20)
    flags = rules.assess_case(back).provider_flags
    assert any("第二十二条第2项" in f for f in flags) and not any("资金支持" in f for f in flags)


def test_a_fourth_unsatisfied_within_the_year_starts_a_later_period():
    rows = unsatisfied([date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 9, 1)])
    periods = sorted((s.condition_date, s.last_day) for s in L.sanction_periods(rows).values())
    assert periods == [(date(2025, 5, 1), date(2028, 5, 1)), (date(2025, 9, 1), date(2028, 9, 1))]
    (py,) = L.provider_years(rows)
    assert (py.start, py.last_day, py.first_allowed) == (date(2025, 5, 1), date(2028, 9, 1), date(2028, 9, 2))


@pytest.mark.parametrize("old_value, ok", [("否", True), ("是", False)])
def test_an_older_template_with_the_merged_fraud_row_is_read_or_refused(tmp_path, old_value, ok):
    """Before the split, one row “弄虚作假、恶意串通骗取财政资金” stood for both articles: a 是 there is
    refused (which article?), a 否 is read, and the missing new rows are warnings, not errors."""
    from greendiag.workbooks import fill_case, read_case

    path = fill_case(case(onsite=date(2026, 3, 2), report=date(2026, 4, 1), review=date(2026, 6, 1)), tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["奖励测算"]
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if label == "恶意串通、弄虚作假等骗取财政资金":
            ws.cell(r, 1).value, ws.cell(r, 2).value = "弄虚作假、恶意串通骗取财政资金", old_value
        elif label in ("服务商在申报过程中弄虚作假", "核定奖励金额"):
            ws.cell(r, 1).value = None
    wb.save(path)
    result = read_case(path)
    assert (result.case is not None) == ok
    warned = [p.message for p in result.problems if p.severity == "warning" and "旧版模板" in p.message]
    assert len(warned) == 3  # the two retired rows and 骗取财政资金 under its new label
    if not ok:
        (err,) = [p for p in result.problems if p.severity == "error"]
        assert "第二十二条第2项" in err.message and "第二十一条" in err.message and err.value == "是"
