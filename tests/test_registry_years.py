"""The city's memory over three batch years (issue 18 "Done when"), on SQLite and on PostgreSQL.

Case workbooks a person would fill (``fill_case``), batches run as an officer runs them
(``run_batch(..., registry=R)``), officer entries typed into the ledger with openpyxl and saved as a
spreadsheet program saves them; then the next years' batches, re-runs, a ledger with one bad cell and a
batch killed half way.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from greendiag.generator.batch import BatchError, ledger_path, run_batch
from greendiag.generator.ledger_entries import LedgerInvalid
from greendiag.generator.registry_sync import import_ledger
from greendiag.registry import open_registry, schema
from greendiag.registry.store import history_of
from greendiag.workbooks import fill_case
from greendiag.workbooks.ledger import FIRST_ROW, LIST_COL, LIST_SHEET, SANCTION_COL, SANCTION_SHEET
from tests.test_batch_sanctions import case

GREEN = "北京绿源(环境)科技有限公司（虚构）"
GREEN_WIDE = "北京绿源（环境） 科技有限公司（虚构）"
OTHER = "北京清风咨询有限公司（虚构）"


def write_year(root: Path, year: int) -> Path:
    """The case workbooks a district sends for ``year`` (written as ``greendiag new`` + typing would), in
    ``root / "{year}报送"``: typed once per test process (into a folder beside ``root``, a test's
    ``tmp_path``), copied for each test after (a test may edit its copy)."""
    made = root.parent / f"write_year-{year}"
    if not made.is_dir():
        part = made.with_name(made.name + ".part")
        shutil.rmtree(part, ignore_errors=True)
        _type_year(part, year).rename(made)
    return Path(shutil.copytree(made, root / f"{year}报送"))


def _type_year(src: Path, year: int) -> Path:
    cases = {
        2025: {
            "东城区/甲园区.xlsx": case(provider=GREEN, name="北京甲园区（虚构）", onsite=date(2025, 1, 6),
                                   report=date(2025, 2, 10), review=date(2025, 3, 1)),
            "西城区/乙园区.xlsx": case(provider=GREEN_WIDE, name="北京乙园区（虚构）", onsite=date(2025, 2, 3),
                                   report=date(2025, 3, 10), review=date(2025, 4, 1)),
            "朝阳区/丙企业.xlsx": case("small", provider=OTHER, name="北京丙企业（虚构）", onsite=date(2025, 3, 3),
                                   report=date(2025, 4, 10), review=date(2025, 5, 6)),
            "海淀区/丙企业复报.xlsx": case("small", provider=OTHER, name="北京丙企业（虚构）", onsite=date(2025, 3, 10),
                                     report=date(2025, 4, 20), review=date(2025, 5, 8)),
        },
        2026: {
            "东城区/丁园区.xlsx": case(provider=GREEN_WIDE, name="北京丁园区（虚构）", onsite=date(2026, 3, 2),
                                   report=date(2026, 4, 20), review=date(2026, 9, 1)),
        },
        2027: {
            "西城区/戊企业.xlsx": case("small", provider=GREEN, name="北京戊企业（虚构）", onsite=date(2027, 3, 1),
                                   report=date(2027, 4, 1), review=date(2027, 5, 10)),
        },
    }[year]
    for rel, c in cases.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        fill_case(c, src / rel)
    return src


def list_rows(path: Path) -> dict[str, dict[str, object]]:
    """批次工作清单 by file: the input columns' values."""
    ws = openpyxl.load_workbook(path)[LIST_SHEET]
    out = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        file = ws.cell(r, LIST_COL["file"]).value
        if file:
            out[file] = {k: ws.cell(r, c).value for k, c in LIST_COL.items()} | {"_row": r}
    return out


def type_entries(path: Path, entries: dict[tuple[str, str], object]) -> dict[tuple[str, str], str]:
    """Type values into the ledger's input cells as an officer would (openpyxl: a date as a datetime)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LIST_SHEET]
    rows = {ws.cell(r, LIST_COL["file"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    where = {}
    for (file, key), value in entries.items():
        cell = ws.cell(rows[file], LIST_COL[key])
        cell.value = datetime.combine(value, datetime.min.time()) if isinstance(value, date) else value
        where[(file, key)] = cell.coordinate
    wb.save(path)
    return where


def type_feedback(path: Path, unit: str, day: date) -> str:
    """An officer's 反馈日期 on 跟踪 for ``unit``; returns the cell."""
    from greendiag.workbooks.ledger import TRACK_COL

    wb = openpyxl.load_workbook(path)
    ws = wb["跟踪"]
    (r,) = [r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, TRACK_COL["unit"]).value == unit]
    cell = ws.cell(r, TRACK_COL["feedback"])
    cell.value = datetime.combine(day, datetime.min.time())
    wb.save(path)
    return cell.coordinate


def feedback(path: Path) -> dict[str, object]:
    from greendiag.workbooks.ledger import TRACK_COL

    ws = openpyxl.load_workbook(path)["跟踪"]
    return {ws.cell(r, TRACK_COL["unit"]).value: ws.cell(r, TRACK_COL["feedback"]).value
            for r in range(FIRST_ROW, ws.max_row + 1)}


def dump(target: str) -> dict[str, list[tuple]]:
    """Every row of every registry table (to compare before and after)."""
    with open_registry(target) as reg, reg.read() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in schema.metadata.sorted_tables}


def payable(path: Path) -> dict[str, float]:
    """奖励测算: file → the reward counted (Python's value, written for rows the rules decided)."""
    from greendiag.workbooks.ledger import REWARD_COL

    ws = openpyxl.load_workbook(path)["奖励测算"]
    note = {ws.cell(r, REWARD_COL["file"]).value: ws.cell(r, REWARD_COL["reward_note"]).value
            for r in range(FIRST_ROW, ws.max_row + 1)}
    return {k: v for k, v in note.items() if k}


def test_three_years_of_officer_entries(tmp_path, registry_target):
    out = tmp_path / "台账"
    R = registry_target
    run_batch([write_year(tmp_path, 2025)], out, year=2025, jobs=1, registry=R, as_of=date(2025, 12, 31))
    l2025 = ledger_path(out, 2025)
    rows = list_rows(l2025)
    assert {r["provider"] for r in rows.values()} == {GREEN, OTHER}  # one provider for two spellings
    where = type_entries(l2025, {
        ("东城区/甲园区.xlsx", "funds_fraud"): "是",
        ("东城区/甲园区.xlsx", "finding_date"): date(2025, 6, 1),
        ("东城区/甲园区.xlsx", "decision_date"): date(2025, 6, 10),
        ("朝阳区/丙企业.xlsx", "approved_amount"): 8,
        ("海淀区/丙企业复报.xlsx", "duplicate_resolved"): "非重复",
    })
    feedback_cell = type_feedback(l2025, "北京乙园区（虚构）", date(2026, 3, 5))
    r2026 = run_batch([write_year(tmp_path, 2026)], out, jobs=1, registry=R, as_of=date(2026, 12, 31))
    assert r2026.imports and r2026.imports[0].applied == 6
    assert feedback(ledger_path(out))["北京乙园区（虚构）"] == datetime(2026, 3, 5)  # 跟踪's entry, kept
    all_years = ledger_path(out)
    rows = list_rows(all_years)
    a, c, d = rows["东城区/甲园区.xlsx"], rows["朝阳区/丙企业.xlsx"], rows["海淀区/丙企业复报.xlsx"]
    assert (a["funds_fraud"], a["finding_date"], a["decision_date"]) == ("是", datetime(2025, 6, 1), datetime(2025, 6, 10))
    assert c["approved_amount"] == 8 and d["duplicate_resolved"] == "非重复"
    led = r2026.ledger
    by_file = {row.file: i for i, row in enumerate(led.rows)}
    assert led.outcomes[by_file["东城区/丁园区.xlsx"]].amount == 0  # 2026 case of the banned provider
    assert led.outcomes[by_file["海淀区/丙企业复报.xlsx"]].amount > 0  # 非重复: paid
    assert led.outcomes[by_file["朝阳区/丙企业.xlsx"]].amount == 8

    r2027 = run_batch([write_year(tmp_path, 2027)], out, year=2027, jobs=1, registry=R, as_of=date(2027, 12, 31))
    (e,) = [i for i, row in enumerate(r2027.ledger.rows) if row.file == "西城区/戊企业.xlsx"]
    assert r2027.ledger.outcomes[e].amount == 0  # 2027: still in the 5-year funding ban
    ws = openpyxl.load_workbook(ledger_path(out, 2027))[SANCTION_SHEET]
    starts = {ws.cell(r, SANCTION_COL["unit"]).value: ws.cell(r, SANCTION_COL["funding_start"]).value
              for r in range(FIRST_ROW, ws.max_row + 1)}
    assert starts["北京甲园区（虚构）"] == datetime(2025, 6, 10)  # the 2025 decision, shown in the 2027 ledger

    trail = [h for h in history_of_provider(R, GREEN_WIDE) if h["subject"] == "entry"]
    assert {(h["field"], h["source_file"], h["sheet"], h["cell"]) for h in trail} >= {
        ("funds_fraud", l2025.name, LIST_SHEET, where[("东城区/甲园区.xlsx", "funds_fraud")]),
        ("decision_date", l2025.name, LIST_SHEET, where[("东城区/甲园区.xlsx", "decision_date")]),
        ("follow_up_feedback", l2025.name, "跟踪", feedback_cell),
    }
    before = dump(R)
    for year, src in ((2025, "2025报送"), (None, "2026报送"), (2027, "2027报送")):  # re-running changes nothing
        run_batch([tmp_path / src], out, year=year, jobs=1, registry=R)
    assert dump(R) == before
    assert list_rows(ledger_path(out, 2025))["东城区/甲园区.xlsx"]["decision_date"] == datetime(2025, 6, 10)


def history_of_provider(target: str, name: str) -> list[dict]:
    with open_registry(target) as reg, reg.read() as conn:
        return history_of(conn, provider=name)


def test_a_ledger_with_one_bad_cell_is_refused_whole(tmp_path, registry_target):
    out = tmp_path / "台账"
    run_batch([write_year(tmp_path, 2025)], out, year=2025, jobs=1, registry=registry_target)
    path = ledger_path(out, 2025)
    where = type_entries(path, {("东城区/甲园区.xlsx", "approved_amount"): 10,
                                ("朝阳区/丙企业.xlsx", "review_date"): "2025年13月1日"})
    before = dump(registry_target)
    with open_registry(registry_target) as reg, pytest.raises(LedgerInvalid) as info:
        import_ledger(reg, path)
    text = str(info.value)
    assert "整本未导入" in text and f"“{LIST_SHEET}”单元格 {where[('朝阳区/丙企业.xlsx', 'review_date')]}" in text
    assert dump(registry_target) == before
    with pytest.raises(BatchError, match="台账未被覆盖"):  # the batch refuses too, and leaves the ledger
        run_batch([tmp_path / "2025报送"], out, year=2025, jobs=1, registry=registry_target)
    assert list_rows(path)["东城区/甲园区.xlsx"]["approved_amount"] == 10
    assert dump(registry_target) == before


def _batch_then_die(src: str, out: str, target: str) -> None:  # pragma: no cover - runs in a child process
    from greendiag.registry import store

    real = store.put_case
    calls = []

    def slow(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # killed in the middle of the batch's transaction
        return real(*args, **kwargs)

    store.put_case = slow
    run_batch([src], out, year=2025, jobs=1, registry=target)


def test_a_killed_batch_leaves_all_or_none(tmp_path, registry_target):
    src = write_year(tmp_path, 2025)
    with open_registry(registry_target):
        pass
    before = dump(registry_target)
    child = multiprocessing.get_context("fork").Process(target=_batch_then_die, args=(str(src), str(tmp_path / "o"), registry_target))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    time.sleep(0.2)
    assert dump(registry_target) == before  # none of it
    run_batch([src], tmp_path / "o", year=2025, jobs=1, registry=registry_target)
    assert len(dump(registry_target)["cases"]) == 4  # and all of it on the next run


def test_the_commands(tmp_path, registry_target):
    """greendiag batch --registry, ledger import, registry history [--json] as an officer types them."""
    import json

    from typer.testing import CliRunner

    from greendiag.cli import app

    run = CliRunner().invoke
    src, out = write_year(tmp_path, 2025), tmp_path / "台账"
    r = run(app, ["batch", str(src), "--out", str(out), "--year", "2025", "--jobs", "1", "--registry", registry_target])
    assert r.exit_code == 0, r.output
    path = ledger_path(out, 2025)
    where = type_entries(path, {("朝阳区/丙企业.xlsx", "approved_amount"): 7.5})
    r = run(app, ["ledger", "import", str(path), "--registry", registry_target])
    assert r.exit_code == 0 and "导入录入 1 项" in r.output, r.output
    r = run(app, ["ledger", "import", str(path), "--registry", registry_target])  # again: nothing new
    assert r.exit_code == 0 and "导入录入 0 项" in r.output, r.output
    r = run(app, ["registry", "history", "--registry", registry_target, "--unit", "北京丙企业（虚构）", "--json"])
    rows = json.loads(r.output)
    (entry,) = [h for h in rows if h["subject"] == "entry"]
    assert (entry["new_value"], entry["source_file"], entry["cell"]) == (7.5, path.name, where[("朝阳区/丙企业.xlsx", "approved_amount")])
    r = run(app, ["registry", "history", "--registry", registry_target, "--provider", "北京清风咨询有限公司(虚构)"])
    assert r.exit_code == 0 and f"核定奖励金额：（空） → 7.5  来源：台账 {path.name}" in r.output, r.output
    type_entries(path, {("朝阳区/丙企业.xlsx", "review_result"): "通过"})
    r = run(app, ["ledger", "import", str(path), "--registry", registry_target])
    assert r.exit_code == 1 and "评审结果" in r.output and "应为 合格/不合格" in r.output


def test_two_officers_importing_copies_of_one_ledger_at_once_lose_nothing(tmp_path, registry_target):
    import shutil

    from tests.registry_db import at_once

    out = tmp_path / "台账"
    run_batch([write_year(tmp_path, 2025)], out, year=2025, jobs=1, registry=registry_target)
    path = ledger_path(out, 2025)
    a, b = tmp_path / "甲的台账.xlsx", tmp_path / "乙的台账.xlsx"
    shutil.copy(path, a)
    shutil.copy(path, b)
    type_entries(a, {("朝阳区/丙企业.xlsx", "approved_amount"): 6, ("东城区/甲园区.xlsx", "review_result"): "不合格"})
    type_entries(b, {("海淀区/丙企业复报.xlsx", "duplicate_resolved"): "非重复", ("西城区/乙园区.xlsx", "approved_amount"): 15})
    def officer(p):
        with open_registry(registry_target) as reg:
            import_ledger(reg, p)

    at_once(officer, [(a,), (b,)])
    with open_registry(registry_target) as reg, reg.read() as conn:
        from greendiag.registry.store import load_cases

        got = {(s.file, k): v for s in load_cases(conn) for k, v in s.entries.items()}
    assert got == {("朝阳区/丙企业.xlsx", "approved_amount"): 6.0, ("东城区/甲园区.xlsx", "review_result"): "不合格",
                   ("海淀区/丙企业复报.xlsx", "duplicate_resolved"): True, ("西城区/乙园区.xlsx", "approved_amount"): 15.0}


def test_a_workbook_value_contradicting_an_officer_entry_is_listed_not_applied(tmp_path, registry_target):
    out, src = tmp_path / "台账", write_year(tmp_path, 2025)
    run_batch([src], out, year=2025, jobs=1, registry=registry_target)
    path = ledger_path(out, 2025)
    type_entries(path, {("东城区/甲园区.xlsx", "review_result"): "不合格"})  # the workbook says 合格
    result = run_batch([src], out, year=2025, jobs=1, registry=registry_target)
    assert list_rows(path)["东城区/甲园区.xlsx"]["review_result"] == "不合格"  # the officer's entry stands
    (p,) = [p for p in result.ledger.problems if "工作人员录入" in p.message]
    assert p.file == "东城区/甲园区.xlsx" and p.level == "警告" and "“评审结果”为 合格" in p.message and "不合格" in p.message
    ws = openpyxl.load_workbook(path)["问题清单"]
    assert any("以台账录入为准" in str(c.value) for line in ws.iter_rows() for c in line)


def test_a_ledger_of_an_earlier_greendiag_is_not_replaced_silently(tmp_path):
    out, src = tmp_path / "台账", write_year(tmp_path, 2025)
    run_batch([src], out, year=2025, jobs=1)  # no registry yet
    path = ledger_path(out, 2025)
    wb = openpyxl.load_workbook(path)
    del wb["_greendiag"]  # as an earlier greendiag wrote it
    wb.save(path)
    R = str(tmp_path / "登记库.sqlite")
    with pytest.raises(BatchError, match="较早版本.*--force"):
        run_batch([src], out, year=2025, jobs=1, registry=R)
    run_batch([src], out, year=2025, jobs=1, registry=R, force=True)
    assert "_greendiag" in openpyxl.load_workbook(path).sheetnames


def test_a_unit_name_corrected_in_its_workbook_updates_the_case(tmp_path, registry_target):
    """The same workbook (same file, provider and year) with its unit's name corrected: still one case, its key and
    unit name changed with history, the officer's entry typed before the correction kept; a workbook of another
    folder naming the old unit is listed as a possible same case, never merged."""
    R, out, src = registry_target, tmp_path / "台账", write_year(tmp_path, 2025)
    run_batch([src], out, year=2025, jobs=1, registry=R)
    path = ledger_path(out, 2025)
    where = type_entries(path, {("东城区/甲园区.xlsx", "approved_amount"): 12})  # typed before the correction
    fixed = "北京甲园区（更正）（虚构）"
    c = case(provider=GREEN, name=fixed, onsite=date(2025, 1, 6), report=date(2025, 2, 10), review=date(2025, 3, 1))
    fill_case(c, src / "东城区/甲园区.xlsx", overwrite=True)
    result = run_batch([src], out, year=2025, jobs=1, registry=R)
    assert len(result.ledger.rows) == 4 and not [p for p in result.ledger.problems if p.message.startswith("疑似同一")]
    rows = list_rows(path)
    assert (rows["东城区/甲园区.xlsx"]["unit"], rows["东城区/甲园区.xlsx"]["approved_amount"]) == (fixed, 12)
    data = dump(R)
    assert len(data["cases"]) == 4
    trail = [h for h in history_of_provider(R, GREEN) if h["case_file"] == "东城区/甲园区.xlsx"]
    changed = {h["field"]: h for h in trail if h["subject"] == "case"}
    assert changed["case_key"]["old_value"] == "2025|n:北京甲园区虚构|北京绿源环境科技有限公司虚构|甲园区"
    assert (changed["unit"]["old_value"], changed["unit"]["new_value"]) == ("北京甲园区（虚构）", fixed)
    assert changed["unit"]["source_kind"] == "workbook" and changed["case_key"]["source_file"] == "东城区/甲园区.xlsx"
    (entry,) = [h for h in trail if h["subject"] == "entry"]
    assert (entry["new_value"], entry["cell"]) == (12.0, where[("东城区/甲园区.xlsx", "approved_amount")])
    before = dump(R)
    run_batch([src], out, year=2025, jobs=1, registry=R)  # again: nothing changes
    assert dump(R) == before
    # the old name again, in a workbook of another folder: possibly the same case, kept apart for an officer
    other = case(provider=GREEN, name="北京甲园区（虚构）", onsite=date(2025, 1, 6), report=date(2025, 2, 10),
                 review=date(2025, 3, 1))
    (src / "朝阳区").mkdir(exist_ok=True)
    fill_case(other, src / "朝阳区/甲园区.xlsx")
    result = run_batch([src / "朝阳区"], out, year=2025, jobs=1, registry=R)
    (p,) = [p for p in result.ledger.problems if p.message.startswith("疑似同一案例")]
    assert p.file == "甲园区.xlsx" and p.value == fixed and p.level == "提示"
    assert len(dump(R)["cases"]) == 5
