"""Every formula of the ledger, recalculated by LibreOffice, equals the value computed in Python."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from greendiag.generator.ledger import (
    FIRST_ROW,
    PROVIDER_COL,
    REWARD_COL,
    TOTAL_COL,
    TRACK_COL,
    CaseRow,
    Ledger,
    ProblemRow,
    compute_ledger,
    write_ledger,
)
from greendiag.generator.office import recalculate


def _col(n: int) -> str:
    return openpyxl.utils.get_column_letter(n)


def expected_formula_values(ledger: Ledger) -> dict[tuple[str, str], object]:
    """(sheet, cell) → the Python value of every formula cell the ledger writes."""
    exp: dict[tuple[str, str], object] = {}
    for k, line in enumerate(ledger.reward_lines):
        r = FIRST_ROW + k
        row = ledger.rows[line.index]
        exp[("奖励测算", f"{_col(REWARD_COL['payable'])}{r}")] = line.payable
        exp[("奖励测算", f"{_col(REWARD_COL['reward_amount'])}{r}")] = row.reward_amount
        exp[("奖励测算", f"{_col(REWARD_COL['review_result'])}{r}")] = row.review_result or "未评审"
        exp[("奖励测算", f"{_col(REWARD_COL['materials_ok'])}{r}")] = "符合" if row.materials_ok else "不符合"
        exp[("奖励测算", f"{_col(REWARD_COL['cut'])}{r}")] = line.cut
    for k, t in enumerate(ledger.reward_totals):
        r = FIRST_ROW + k
        for key, value in (("cases", t.cases), ("total", t.total), ("cap", ledger.params.annual_cap),
                           ("payable", t.payable), ("excess", t.excess), ("payable_check", t.payable)):
            exp[("奖励汇总", f"{_col(TOTAL_COL[key])}{r}")] = value
    if ledger.reward_totals:
        r = FIRST_ROW + len(ledger.reward_totals)
        for key, attr in (("cases", "cases"), ("total", "total"), ("payable", "payable"),
                          ("excess", "excess"), ("payable_check", "payable")):
            exp[("奖励汇总", f"{_col(TOTAL_COL[key])}{r}")] = sum(getattr(t, attr) for t in ledger.reward_totals)
    for k, py in enumerate(ledger.providers):
        r = FIRST_ROW + k
        for key in ("cases", "unsatisfied", "failed", "fee_charged", "fraud", "serious_impact"):
            exp[("服务商动态管理", f"{_col(PROVIDER_COL[key])}{r}")] = getattr(py, key)
        exp[("服务商动态管理", f"{_col(PROVIDER_COL['status'])}{r}")] = py.status
        if py.trigger_date is not None:
            exp[("服务商动态管理", f"{_col(PROVIDER_COL['requalify_until'])}{r}")] = py.requalify_until
        if py.fraud_date is not None:
            exp[("服务商动态管理", f"{_col(PROVIDER_COL['funding_ban_until'])}{r}")] = py.funding_ban_until
    tracked = [row for row in ledger.rows if row.ok]
    for k, row in enumerate(tracked):
        r = FIRST_ROW + k
        due = row.follow_up_due
        exp[("跟踪", f"{_col(TRACK_COL['days'])}{r}")] = (due - ledger.as_of).days if due else None
        state = "无报告日期" if due is None else ("已逾期" if due < ledger.as_of else "未到期")
        exp[("跟踪", f"{_col(TRACK_COL['state'])}{r}")] = state
    return exp


def assert_formulas_match(original, recalculated, ledger: Ledger) -> int:
    """Compare every formula cell of ``original`` after recalculation with the Python values."""
    expected = expected_formula_values(ledger)
    formulas = openpyxl.load_workbook(original)
    values = openpyxl.load_workbook(recalculated, data_only=True)
    seen = set()
    mismatches = []
    for ws in formulas.worksheets:
        for cells in ws.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    key = (ws.title, cell.coordinate)
                    seen.add(key)
                    assert key in expected, f"formula without a Python value: {key} {cell.value}"
                    got = values[ws.title][cell.coordinate].value
                    want = expected[key]
                    if isinstance(got, datetime):
                        got = got.date()
                    if got == "":
                        got = None
                    if isinstance(want, float) or isinstance(got, float):
                        ok = got is not None and want is not None and abs(float(got) - float(want)) < 1e-9
                    else:
                        ok = got == want
                    if not ok:
                        mismatches.append((key, cell.value, got, want))
    assert not mismatches, mismatches[:10]
    assert seen == set(expected)
    return len(seen)


def varied_rows() -> list[CaseRow]:
    rows = []
    for k in range(14):  # 280 万元 for 甲 in 2026
        rows.append(CaseRow(file=f"a/p{k:02}.xlsx", unit=f"园区{k}", kind="园区", provider="甲", diagnosis_year=2026,
                            report_date=date(2026, 3, 1 + k), review_date=date(2026, 10, 1), review_result="合格",
                            satisfaction="满意", reward_tier=20, reward_amount=20.0,
                            follow_up_due=date(2027, 3, 1 + k)))
    rows.append(CaseRow(file="a/q1.xlsx", unit="企业A", kind="企业", provider="甲", diagnosis_year=2026,
                        report_date=date(2026, 5, 1), review_date=date(2026, 10, 2), review_result="合格",
                        reward_tier=12, reward_amount=12.0, follow_up_due=date(2027, 5, 1)))
    rows.append(CaseRow(file="a/q2.xlsx", unit="园区X", kind="园区", provider="甲", diagnosis_year=2026,
                        report_date=date(2026, 5, 2), review_date=date(2026, 10, 2), review_result="合格",
                        reward_tier=20, reward_amount=20.0, follow_up_due=date(2027, 5, 2)))
    rows.append(CaseRow(file="a/q3.xlsx", unit="企业B", kind="企业", provider="甲", diagnosis_year=2026,
                        review_date=date(2026, 10, 3), review_result="合格", reward_tier=8, reward_amount=8.0))
    for k, (sat, res) in enumerate([("不满意", "合格"), ("不满意", "不合格"), ("不满意", "合格"), ("满意", "不合格")]):
        rows.append(CaseRow(file=f"b/e{k}.xlsx", unit=f"乙企业{k}", kind="企业", provider="乙", diagnosis_year=2025,
                            report_date=date(2025, 4, 1 + k), review_date=date(2025, 6, 1 + k), satisfaction=sat,
                            review_result=res, reward_tier=8, reward_amount=8.0 if res == "合格" else 0.0,
                            follow_up_due=date(2026, 4, 1 + k)))
    rows.append(CaseRow(file="b/e9.xlsx", unit="乙企业9", kind="企业", provider="乙", diagnosis_year=2026,
                        report_date=date(2026, 4, 1), review_date=date(2026, 6, 1), review_result="合格",
                        reward_tier=8, reward_amount=8.0, follow_up_due=date(2027, 4, 1)))
    rows.append(CaseRow(file="c/f.xlsx", unit="丙企业", kind="企业", provider="丙", diagnosis_year=2026,
                        report_date=date(2026, 2, 27), review_date=date(2026, 3, 2), review_result="合格",
                        fraud=True, reward_tier=12, reward_amount=0.0, follow_up_due=date(2027, 2, 27)))
    rows.append(CaseRow(file="c/bad.xlsx", ok=False, status="未能读取"))
    return rows


@pytest.mark.libreoffice
def test_ledger_formulas_recalculate_to_the_python_values(soffice, tmp_path):
    rows = varied_rows()
    ledger = compute_ledger(rows, [ProblemRow("c/bad.xlsx", message="不是 xlsx 文件")], as_of=date(2026, 4, 3))
    # sanity of the Python side before comparing with LibreOffice
    assert {(t.provider, t.year): (t.total, t.payable, t.excess) for t in ledger.reward_totals} == {
        ("甲", 2026): (320, 300, 20), ("乙", 2025): (16, 16, 0), ("乙", 2026): (8, 8, 0), ("丙", 2026): (0, 0, 0)
    }
    assert [(p.provider, p.year, p.status) for p in ledger.providers] == [
        ("丙", 2026, "取消资格"), ("乙", 2025, "取消资格"), ("乙", 2026, "取消资格"), ("甲", 2026, "正常")
    ]  # 乙 2026 carries 2025's disqualification
    path = write_ledger(ledger, tmp_path / "ledger.xlsx")
    (recalc,) = recalculate([path], tmp_path / "recalc")
    n = assert_formulas_match(path, recalc, ledger)
    assert n > 60


@pytest.mark.libreoffice
def test_officer_edits_in_the_work_list_flow_into_rewards_and_status(soffice, tmp_path):
    """An officer enters two 不合格 reviews in 批次工作清单: rewards, cap and status follow."""
    ledger = compute_ledger(varied_rows(), [], as_of=date(2026, 4, 3))
    path = write_ledger(ledger, tmp_path / "ledger.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["批次工作清单"]
    headers = [c.value for c in ws[4]]
    result_col = headers.index("评审结果") + 1
    assert ws.cell(5, 2).value == "a/p00.xlsx" and ws.cell(6, 2).value == "a/p01.xlsx"
    ws.cell(5, result_col).value = "不合格"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    ws.cell(6, result_col).value = "不合格"
    edited2 = tmp_path / "edited2.xlsx"
    wb.save(edited2)
    one, two = recalculate([edited, edited2], tmp_path / "recalc")

    def summary(p):
        wb = openpyxl.load_workbook(p, data_only=True)
        totals = {r[0]: r[3:7] for r in wb["奖励汇总"].iter_rows(min_row=5, values_only=True) if r[1] == 2026}
        status = {r[0]: (r[4], r[9]) for r in wb["服务商动态管理"].iter_rows(min_row=5, values_only=True) if r[1] == 2026}
        paid_last = next(r[13] for r in wb["奖励测算"].iter_rows(min_row=5, values_only=True) if r[4] == "a/q3.xlsx")
        return totals["甲"], status["甲"], paid_last

    # one 不合格: 320 − 20 = 300, all of it payable, the last case now paid in full; 1 不合格 → 正常
    assert summary(one) == ((300, 300, 300, 0), (1, "正常"), 8)
    # two 不合格: 280; 第二十二条4 → 取消资格
    assert summary(two) == ((280, 300, 280, 0), (2, "取消资格"), 8)
