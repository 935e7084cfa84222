"""The rules audit of issue 18 (item 5) and "no case dropped for one cell" (item 4), at the documents' boundaries.

《北京市制造业绿色诊断工作规则》第十九至二十二条; periods by 《民法典》第二百零一、二百零二条.
"""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from greendiag import rules
from greendiag.generator.batch import process_file
from greendiag.generator.ledger import compute_ledger
from greendiag.rules import ledger as L
from greendiag.workbooks import fill_case
from tests.test_batch_sanctions import case, row


def test_funds_fraud_status_names_where_the_re_entry_years_come_from():
    text = rules.provider_status(0, 0, funds_fraud=True).text
    assert "3年内不得重新入围（《北京市制造业绿色诊断工作规则》第二十一条、第二十二条第2项" in text
    assert "5年内不得申请市经济和信息化局资金支持（《北京市制造业绿色诊断工作规则》第二十一条）" in text
    assert "第二十一条、第二十二条第2项" not in rules.provider_status(0, 0, fraud=True).text  # 第2项 itself: no note
    flag = L.SANCTION_FLAGS[0]
    assert flag.field == "review.funds_fraud" and "3年内不得重新入围（《北京市制造业绿色诊断工作规则》第二十一条、第二十二条第2项" in flag.status
    assert any("第二十一条未规定不得重新入围的年限" in t for t in L.rules_text())


def _status_rows():
    P = "甲服务商（虚构）"
    rows = [row(case(provider=P, name="北京甲园区（虚构）", onsite=date(2025, 1, 6), report=date(2025, 2, 10),
                     review=date(2025, 3, 1), funds_fraud=True), "2025/甲.xlsx")]
    for y, review in ((2028, date(2028, 3, 2)), (2029, date(2029, 6, 1)), (2030, date(2030, 3, 2)), (2031, date(2031, 1, 5))):
        rows.append(row(case(provider=P, name=f"北京{y}园区（虚构）", onsite=date(y, 1, 3), report=date(y, 1, 20),
                             review=review), f"{y}/x.xlsx"))
    return rows


def test_status_shows_every_running_ban_to_its_last_day():
    """Fraud for funds found 2025-03-01: no re-entry to 2028-03-01, no funding to 2030-03-01."""
    rows = _status_rows()
    years = {p.year: p for p in L.provider_years(rows)}
    assert (years[2028].status, years[2028].last_day, years[2028].funding_last_day) == (
        "取消资格", date(2028, 3, 1), date(2030, 3, 1))
    assert (years[2029].status, years[2029].last_day, years[2029].funding_last_day) == (
        "不得申请资金支持", None, date(2030, 3, 1))
    assert years[2030].status == "不得申请资金支持" and years[2030].funding_first_allowed == date(2030, 3, 2)
    assert years[2031].status == "正常"
    led = compute_ledger(rows, [], as_of=date(2031, 12, 31))
    paid = {r.file: led.outcomes[i].amount for i, r in enumerate(led.rows)}
    assert paid["2029/x.xlsx"] == 0 and paid["2030/x.xlsx"] == 20  # reviewed the first allowed day: paid


@pytest.mark.libreoffice
def test_the_ledgers_status_formula_agrees_after_recalculation(soffice, tmp_path):
    from greendiag.generator.ledger import write_ledger
    from greendiag.generator.office import recalculate
    from tests.test_batch_recalc import assert_formulas_match

    led = compute_ledger(_status_rows(), [], as_of=date(2031, 12, 31))
    path = write_ledger(led, tmp_path / "台账.xlsx")
    (done,) = recalculate([path], tmp_path / "recalc")
    assert assert_formulas_match(path, done, led) > 100
    ws = openpyxl.load_workbook(done, data_only=True)["服务商动态管理"]
    status = {ws.cell(r, 2).value: ws.cell(r, 10).value for r in range(5, 10)}
    assert status == {2025: "取消资格", 2028: "取消资格", 2029: "不得申请资金支持", 2030: "不得申请资金支持", 2031: "正常"}


def test_a_passed_duplicate_of_a_failed_original_is_not_zeroed():
    rows = [
        row(case(name="北京甲园区（虚构）", onsite=date(2026, 1, 5), report=date(2026, 2, 1), review=date(2026, 3, 1),
                 result="不合格"), "a.xlsx"),
        row(case(provider="乙服务商（虚构）", name="北京甲园区（虚构）", onsite=date(2026, 4, 1), report=date(2026, 5, 1),
                 review=date(2026, 6, 1)), "b.xlsx"),
    ]
    led = compute_ledger(rows, [], as_of=date(2026, 12, 31))
    assert led.outcomes[1].amount == 20 and led.outcomes[1].duplicate_rank == 1  # counted; the 重复 column flags it
    assert led.outcomes[0].amount == 0 and led.outcomes[0].duplicate.startswith("重复")
    rows[0] = row(case(name="北京甲园区（虚构）", onsite=date(2026, 1, 5), report=date(2026, 2, 1),
                       review=date(2026, 3, 1)), "a.xlsx")  # both 合格: the second is held until marked 非重复
    led = compute_ledger(rows, [], as_of=date(2026, 12, 31))
    assert led.outcomes[1].amount == 0 and led.outcomes[1].block == L.DUPLICATE_BLOCK


def _spoil(path, label_value, new):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.value == label_value:
                    cell.value = new
                    wb.save(path)
                    return ws.title, cell.coordinate
    raise AssertionError(label_value)


def test_a_bad_amount_does_not_drop_the_case(tmp_path):
    """核定奖励金额 above the cap: an error at its cell, and the case's 不满意 still counts."""
    P = "丙服务商（虚构）"
    rows, problems = [], []
    for k, day in enumerate((date(2026, 5, 6), date(2026, 5, 7), date(2026, 5, 8))):
        c = case(provider=P, name=f"北京{k}园区（虚构）", onsite=date(2026, 3, 2), report=date(2026, 4, 1),
                 review=day, evaluated=day, satisfaction="不满意", approved=13.37 if k == 2 else None)
        path = fill_case(c, tmp_path / f"{k}.xlsx")
        if k == 2:
            where = _spoil(path, 13.37, 99)
        r = process_file(str(path), path.name)
        rows.append(r.row)
        problems += r.problems
    bad = [p for p in problems if p.file == "2.xlsx" and p.level == "错误"]
    assert [(p.sheet, p.cell) for p in bad] == [where] and "超过奖励上限" in bad[0].message
    assert rows[2].ok and rows[2].approved_amount is None and rows[2].status.startswith("已读取（1 个错误")
    led = compute_ledger(rows, problems, as_of=date(2026, 12, 31))
    (py,) = led.providers
    assert (py.unsatisfied, py.status, py.start) == (3, "取消资格", date(2026, 5, 8))  # the third one counts


def test_photos_that_did_not_travel_do_not_drop_the_case(tmp_path):
    """A demo park whose 现场照片 folder was left behind: errors at the photo cells, the case still counts."""
    from greendiag.generator import samples

    path = fill_case(samples.demo_park(), tmp_path / "园区.xlsx")  # no photo files written beside it
    r = process_file(str(path), path.name)
    errors = [p for p in r.problems if p.level == "错误"]
    assert errors and all(p.sheet == "现场照片" and p.cell for p in errors)
    assert r.row.ok and r.row.status.startswith(f"已读取（{len(errors)} 个错误")
    assert r.row.unit == samples.demo_park().application.name and r.row.reward_tier == 20
