"""Every formula of the ledger, recalculated by LibreOffice, equals the value computed in Python."""

from __future__ import annotations

from datetime import date, datetime, time

import openpyxl
import pytest

from greendiag.generator.ledger import (
    CaseRow,
    Ledger,
    ProblemRow,
    compute_ledger,
    write_ledger,
)
from greendiag.generator.office import recalculate
from greendiag.rules import ledger as L
from greendiag.workbooks.ledger import (
    FIRST_ROW,
    LIST_COL,
    PROVIDER_COL,
    REWARD_COL,
    SANCTION_COL,
    SANCTION_SHEET,
    TOTAL_COL,
    TRACK_COL,
)


def _col(n: int) -> str:
    return openpyxl.utils.get_column_letter(n)


def expected_formula_values(ledger: Ledger) -> dict[tuple[str, str], object]:
    """(sheet, cell) → the value the rules (greendiag.rules.ledger) give for every formula cell the ledger writes.

    ``None`` stands for an empty text and for the date 0 the sheets show blank.
    """
    exp: dict[tuple[str, str], object] = {}
    sanctions = [*ledger.sanctions.values(), *ledger.other_sanctions.values()]
    for i, row in enumerate(ledger.rows):
        if not row.ok:
            continue
        r = FIRST_ROW + i
        s = ledger.sanctions.get(i)
        block = L.provider_block(row, sanctions) or None
        flag = ledger.outcomes[i].unit_flag or None
        exp[("批次工作清单", f"{_col(LIST_COL['provider_block'])}{r}")] = block
        exp[("批次工作清单", f"{_col(LIST_COL['unit_flag'])}{r}")] = flag
        u, f = L.unsatisfied_date(row), L.failed_date(row)
        values = {
            "event": L.event_date(row), "begin": L.diagnosis_date(row),
            "u_date": u, "u_end": L.window_end(u) if u else None, "f_date": f, "f_end": L.window_end(f) if f else None,
            "u_hit": s.unsatisfied_hit if s else None, "f_hit": s.failed_hit if s else None,
            "v_date": L.violation_date(row),
            "start": s.start if s else None, "last_day": s.last_day if s else None,
            "funding_start": s.funding_start if s else None, "funding_last_day": s.funding_last_day if s else None,
            "first_allowed": s.first_allowed if s else None,
            "funding_first_allowed": s.funding_first_allowed if s else None,
            "provider_block": block, "unit_flag": flag,
        }
        for key, value in values.items():
            exp[(SANCTION_SHEET, f"{_col(SANCTION_COL[key])}{r}")] = value
    for k, line in enumerate(ledger.reward_lines):
        r = FIRST_ROW + k
        row = ledger.rows[line.index]
        out = ledger.outcomes[line.index]
        basis = None if out.amount == 0 else (L.BASIS_CAP if out.reward.provisional else L.BASIS_APPROVED)
        for key, value in (
            ("payable", line.payable), ("reward_amount", out.amount), ("review_result", row.review_result or "未评审"),
            ("materials_ok", "符合" if row.materials_ok else "不符合"), ("cut", line.cut),
            ("approved_amount", row.approved_amount), ("basis", basis), ("hold", out.block or None),
        ):
            exp[("奖励测算", f"{_col(REWARD_COL[key])}{r}")] = value
    for k, t in enumerate(ledger.reward_totals):
        r = FIRST_ROW + k
        for key, value in (("cases", t.cases), ("total", t.total), ("cap", ledger.params.annual_cap),
                           ("payable", t.payable), ("excess", t.excess), ("payable_check", t.payable),
                           ("provisional", t.provisional), ("state", "暂定" if t.provisional else "确定")):
            exp[("奖励汇总", f"{_col(TOTAL_COL[key])}{r}")] = value
    if ledger.reward_totals:
        r = FIRST_ROW + len(ledger.reward_totals)
        for key, attr in (("cases", "cases"), ("total", "total"), ("payable", "payable"),
                          ("excess", "excess"), ("payable_check", "payable"), ("provisional", "provisional")):
            exp[("奖励汇总", f"{_col(TOTAL_COL[key])}{r}")] = sum(getattr(t, attr) for t in ledger.reward_totals)
        exp[("奖励汇总", f"{_col(TOTAL_COL['state'])}{r}")] = "暂定" if ledger.provisional else "确定"
    for k, py in enumerate(ledger.providers):
        r = FIRST_ROW + k
        for key in ("cases", "unsatisfied", "failed", "fee_charged", "application_fraud", "funds_fraud", "serious_impact",
                    "status", "last_day", "first_allowed", "funding_last_day", "funding_first_allowed"):
            exp[("服务商动态管理", f"{_col(PROVIDER_COL[key])}{r}")] = getattr(py, key)
    tracked = [row for row in ledger.rows if row.ok]
    for k, row in enumerate(tracked):
        r = FIRST_ROW + k
        due = row.follow_up_due
        exp[("跟踪", f"{_col(TRACK_COL['days'])}{r}")] = (due - ledger.as_of).days if due else None
        state = "无报告日期" if due is None else ("已反馈" if row.follow_up_feedback else
                                                 "已逾期" if due < ledger.as_of else "未到期")
        exp[("跟踪", f"{_col(TRACK_COL['state'])}{r}")] = state
    return exp


_ZERO_DATES = (datetime(1899, 12, 30), datetime(1899, 12, 31), time(0, 0))  # the date 0 as openpyxl may read it


def assert_formulas_match(original, recalculated, ledger: Ledger) -> int:
    """Compare every formula cell of ``original`` after recalculation with the rules' values."""
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
                    if want is None and (got in ("", 0) or got in _ZERO_DATES):
                        got = None
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


def sheet_rows(wb, name: str) -> list[dict]:
    """The table rows of a ledger sheet as dicts keyed by header (header on row 4)."""
    ws = wb[name]
    headers = [c.value for c in ws[4]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=5, values_only=True) if r[0] is not None]


def varied_rows() -> list[CaseRow]:
    rows = []
    for k in range(14):  # 280 万元 for 甲 in 2026
        rows.append(CaseRow(file=f"a/p{k:02}.xlsx", unit=f"园区{k}", kind="园区", provider="甲", diagnosis_year=2026,
                            report_date=date(2026, 3, 1 + k), review_date=date(2026, 10, 1), review_result="合格",
                            satisfaction="满意", reward_tier=20,
                            follow_up_due=date(2027, 3, 1 + k)))
    rows.append(CaseRow(file="a/q1.xlsx", unit="企业A", kind="企业", provider="甲", diagnosis_year=2026,
                        report_date=date(2026, 5, 1), review_date=date(2026, 10, 2), review_result="合格",
                        reward_tier=12, follow_up_due=date(2027, 5, 1)))
    rows.append(CaseRow(file="a/q2.xlsx", unit="园区X", kind="园区", provider="甲", diagnosis_year=2026,
                        report_date=date(2026, 5, 2), review_date=date(2026, 10, 2), review_result="合格",
                        reward_tier=20, follow_up_due=date(2027, 5, 2)))
    rows.append(CaseRow(file="a/q3.xlsx", unit="企业B", kind="企业", provider="甲", diagnosis_year=2026,
                        review_date=date(2026, 10, 3), review_result="合格", reward_tier=8))
    for k, (sat, res) in enumerate([("不满意", "合格"), ("不满意", "不合格"), ("不满意", "合格"), ("满意", "不合格")]):
        rows.append(CaseRow(file=f"b/e{k}.xlsx", unit=f"乙企业{k}", kind="企业", provider="乙", diagnosis_year=2025,
                            report_date=date(2025, 4, 1 + k), review_date=date(2025, 6, 1 + k), satisfaction=sat,
                            review_result=res, reward_tier=8,
                            follow_up_due=date(2026, 4, 1 + k)))
    rows.append(CaseRow(file="b/e9.xlsx", unit="乙企业9", kind="企业", provider="乙", diagnosis_year=2026,
                        report_date=date(2026, 4, 1), review_date=date(2026, 6, 1), review_result="合格",
                        reward_tier=8, follow_up_due=date(2027, 4, 1)))
    rows.append(CaseRow(file="c/f.xlsx", unit="丙企业", kind="企业", provider="丙", diagnosis_year=2026,
                        report_date=date(2026, 2, 27), review_date=date(2026, 3, 2), review_result="合格",
                        funds_fraud=True, reward_tier=12, follow_up_due=date(2027, 2, 27)))
    rows.append(CaseRow(file="c/bad.xlsx", ok=False, status="未能读取"))
    return rows


@pytest.mark.libreoffice
def test_ledger_formulas_recalculate_to_the_python_values(soffice, tmp_path):
    rows = varied_rows()
    ledger = compute_ledger(rows, [ProblemRow("c/bad.xlsx", message="不是 xlsx 文件")], as_of=date(2026, 4, 3))
    # sanity of the Python side before comparing with LibreOffice
    assert {(t.provider, t.year): (t.total, t.payable, t.excess) for t in ledger.reward_totals} == {
        ("甲", 2026): (320, 300, 20), ("乙", 2025): (16, 16, 0), ("乙", 2026): (0, 0, 0), ("丙", 2026): (0, 0, 0)
    }  # 乙's 2026 case began during its 2025 disqualification (第二十二条): not paid
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
        t, pr, rw = (sheet_rows(wb, name) for name in ("奖励汇总", "服务商动态管理", "奖励测算"))
        totals = {r["服务商"]: (r["计奖合计（万元）"], r["年度上限（万元）\n第二十条"], r["可拨付（万元）"], r["超出上限核减（万元）"])
                  for r in t if r["年度"] == 2026}
        status = {r["服务商"]: (r["本年“不合格”次数"], r["状态"]) for r in pr if r["年度"] == 2026}
        paid_last = next(r["应拨付（万元）\n第二十条"] for r in rw if r["文件"] == "a/q3.xlsx")
        return totals["甲"], status["甲"], paid_last

    # one 不合格: 320 − 20 = 300, all of it payable, the last case now paid in full; 1 不合格 → 正常
    assert summary(one) == ((300, 300, 300, 0), (1, "正常"), 8)
    # two 不合格 (2026-10-01): 280; 第二十二条第4项 → 取消资格 from 2026-10-01, and q3, whose only date is its
    # review on 2026-10-03 (so it began in the disqualification), is no longer paid: 272
    assert summary(two) == ((272, 300, 272, 0), (2, "取消资格"), 0)
