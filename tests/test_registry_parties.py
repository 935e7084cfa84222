"""Who is who across batches (issue 18): doubtful names of providers and diagnosed units listed for an officer,
never merged; a unit name corrected in its case workbook updates the case; the bans the rules derive held in
the registry.  Registry tests run on SQLite and on PostgreSQL (``registry_target``).
"""

from __future__ import annotations

from datetime import date

import openpyxl
from sqlalchemy import select

from greendiag.generator.batch import ledger_path, run_batch, summary_lines
from greendiag.generator.ledger import compute_ledger
from greendiag.registry import open_registry, schema
from greendiag.workbooks import fill_case
from tests.test_batch_sanctions import case, row

GREEN = "北京绿源环境科技有限公司（虚构）"
GREEN_SHORT = "北京绿源环境科技公司（虚构）"
UNIT = "北京甲科技有限公司（虚构）"
UNIT_SHORT = "北京甲科技公司（虚构）"
OTHER = "北京清风咨询有限公司（虚构）"


def doubtful(problems) -> list:
    return [p for p in problems if p.message.startswith(("疑似同一服务商", "疑似同一被诊断单位"))]


def test_doubtful_pairs_are_the_pairs_doubtful_finds():
    from greendiag.rules.identity import doubtful as is_doubtful
    from greendiag.rules.identity import doubtful_pairs

    names = [GREEN, GREEN_SHORT, "北京绿源（环境）科技有限公司（虚构）", UNIT, UNIT_SHORT, OTHER, "", "北京甲科技",
             "北京清风咨询有限责任公司（虚构）", "上海蓝天咨询有限公司"]
    want = [(i, j) for j in range(len(names)) for i in range(j) if is_doubtful(names[i], names[j])]
    assert doubtful_pairs(names) == want and (0, 1) in want and (3, 7) in want  # one name inside the other
    assert (0, 2) not in want  # the same key: one party, not a doubtful pair
    numbered = ["北京示例园区（虚构）001", "北京示例园区（虚构）002", "北京京能热电有限公司第一分公司", "北京京能热电有限公司第二分公司",
                "北京示例园区（虚构）", "北京京能热电有限公司第一分公司（北区）"]
    assert doubtful_pairs(numbered) == [(2, 5)]  # told apart by their numbers only: not doubtful
    assert not is_doubtful(numbered[0], numbered[1]) and not is_doubtful(numbered[0], numbered[4])
    from greendiag.registry.units import _near  # the list import's search agrees (one key inside the other too)
    from greendiag.rules.identity import normalise_name as key

    assert _near(key(numbered[0]), [key(numbered[4]), key(numbered[1])]) == ""
    assert _near(key(numbered[5]), [key(numbered[2])]) == key(numbered[2])


def test_doubtful_units_and_providers_are_listed_not_merged():
    rows = [
        row(case("small", provider=GREEN, name=UNIT, onsite=date(2025, 3, 3), report=date(2025, 4, 10),
                 review=date(2025, 5, 6)), "2025/甲.xlsx"),
        row(case("small", provider=GREEN_SHORT, name=UNIT_SHORT, onsite=date(2026, 3, 3), report=date(2026, 4, 10),
                 review=date(2026, 5, 6)), "2026/甲.xlsx"),
        row(case("small", provider=OTHER, name="北京乙制造有限公司（虚构）", onsite=date(2025, 3, 3),
                 report=date(2025, 4, 10), review=date(2025, 5, 6)), "2025/乙.xlsx"),
    ]
    led = compute_ledger(rows, [], as_of=date(2026, 12, 31))
    (p, u) = doubtful(led.problems)
    assert (p.file, p.value, p.level) == ("2026/甲.xlsx", f"{GREEN}；{GREEN_SHORT}", "提示")
    assert p.message.startswith("疑似同一服务商（名称相近）") and "（2025/甲.xlsx）" in p.message and "未合并" in p.message
    assert (u.file, u.value, u.level) == ("2026/甲.xlsx", f"{UNIT}；{UNIT_SHORT}", "提示")
    assert u.message.startswith("疑似同一被诊断单位（名称相近）") and "统一社会信用代码" in u.message
    assert {r.unit for r in led.rows} >= {UNIT, UNIT_SHORT}  # nothing merged: two units, two providers
    assert {t.provider for t in led.reward_totals} >= {GREEN, GREEN_SHORT}
    # a year's ledger lists the pairs with a case of that year; a pair of earlier years only is not repeated
    assert len(doubtful(compute_ledger(rows, [], year=2026).problems)) == 2
    assert doubtful(compute_ledger(rows[:1] + rows[2:], [], year=2025).problems) == []
    # two units that both have a 统一社会信用代码 are decided by it
    coded = [row(case("small", provider=OTHER, name=n, code=c, onsite=date(2025, 3, 3), report=date(2025, 4, 10),
                      review=date(2025, 5, 6)), f"{c}.xlsx")
             for n, c in ((UNIT, "91110108MA01A2B3C4"), (UNIT_SHORT, "91110108MA01A2B3D5"))]
    assert doubtful(compute_ledger(coded, []).problems) == []


def problem_sheet(path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["问题清单"]
    return [tuple(c.value for c in line[1:7]) for line in ws.iter_rows(min_row=5) if line[5].value]


def test_a_doubtful_unit_of_an_earlier_batch_is_listed_from_the_registry(tmp_path, registry_target):
    R, out = registry_target, tmp_path / "台账"
    first, second = tmp_path / "2025报送", tmp_path / "2026报送"
    first.mkdir(), second.mkdir()
    fill_case(case("small", provider=OTHER, name=UNIT, onsite=date(2025, 3, 3), report=date(2025, 4, 10),
                   review=date(2025, 5, 6)), first / "甲.xlsx")
    fill_case(case("small", provider=OTHER, name=UNIT_SHORT, onsite=date(2026, 3, 3), report=date(2026, 4, 10),
                   review=date(2026, 5, 6)), second / "甲2026.xlsx")
    assert doubtful(run_batch([first], out, year=2025, jobs=1, registry=R).ledger.problems) == []
    result = run_batch([second], out, year=2026, jobs=1, registry=R)  # the 2025 case comes from the registry only
    (u,) = doubtful(result.ledger.problems)
    assert (u.file, u.value) == ("甲2026.xlsx", f"{UNIT}；{UNIT_SHORT}") and "（甲.xlsx）" in u.message
    assert any(line.startswith("疑似同一服务商或被诊断单位（名称相近，未合并）1 对") for line in summary_lines(result))
    assert ("甲2026.xlsx", None, None, f"{UNIT}；{UNIT_SHORT}", u.message, "提示") in problem_sheet(ledger_path(out, 2026))
    with open_registry(R) as reg, reg.read() as conn:  # registered apart, never merged
        assert sorted(conn.execute(select(schema.units.c.name)).scalars()) == sorted([UNIT, UNIT_SHORT])


def bans(target: str) -> set[tuple]:
    from greendiag.registry.store import current_bans

    with open_registry(target) as reg, reg.read() as conn:
        return {(b["case_file"], b["party"], b["kind"], b["first_day"], b["last_day"], b["first_allowed"], b["article"])
                for b in current_bans(conn)}


def test_the_registry_holds_the_bans_the_rules_derive(tmp_path, registry_target):
    """第二十一条 found and decided in the ledger: the provider's 3-year re-entry ban and the provider's and the park's
    5-year funding bans (《民法典》第二百零一条: the period ends on the same date) are in the registry after the import, follow a corrected decision date, and end when the
    finding is withdrawn — each change a history row; a re-run changes nothing."""
    from greendiag.generator.registry_sync import import_ledger
    from greendiag.registry.store import history_of
    from tests.test_registry_years import GREEN, dump, type_entries, write_year

    R, out = registry_target, tmp_path / "台账"
    src = write_year(tmp_path, 2025)
    run_batch([src], out, year=2025, jobs=1, registry=R)
    assert bans(R) == set()
    path = ledger_path(out, 2025)
    A = "东城区/甲园区.xlsx"
    type_entries(path, {(A, "funds_fraud"): "是", (A, "finding_date"): date(2025, 6, 1),
                        (A, "decision_date"): date(2025, 6, 10)})
    with open_registry(R) as reg:
        import_ledger(reg, path)
    art21, art21_22 = "《北京市制造业绿色诊断工作规则》第二十一条", "《北京市制造业绿色诊断工作规则》第二十一条、第二十二条第2项"
    assert bans(R) == {
        (A, "provider", "reentry", date(2025, 6, 10), date(2028, 6, 10), date(2028, 6, 11), art21_22),
        (A, "provider", "funding", date(2025, 6, 10), date(2030, 6, 10), date(2030, 6, 11), art21),
        (A, "unit", "funding", date(2025, 6, 10), date(2030, 6, 10), date(2030, 6, 11), art21),
    }
    from typer.testing import CliRunner

    from greendiag.cli import app

    shown = CliRunner().invoke(app, ["registry", "bans", "--registry", R])
    assert shown.exit_code == 0 and (f"服务商 {GREEN} 不得重新入围：2025-06-10 至 2028-06-10（含），2028-06-11 起解除（{art21_22}）"
                                     f"  案例：{A}") in shown.output, shown.output
    assert "被诊断单位 北京甲园区（虚构） 不得申请资金支持：2025-06-10 至 2030-06-10（含）" in shown.output
    assert "不一致" not in shown.output  # what is stored is what the rules derive
    type_entries(path, {(A, "decision_date"): date(2025, 7, 1)})  # the decision date corrected
    with open_registry(R) as reg:
        import_ledger(reg, path)
    assert {b[:5] for b in bans(R)} == {(A, "provider", "reentry", date(2025, 7, 1), date(2028, 7, 1)),
                                        (A, "provider", "funding", date(2025, 7, 1), date(2030, 7, 1)),
                                        (A, "unit", "funding", date(2025, 7, 1), date(2030, 7, 1))}
    with open_registry(R) as reg, reg.read() as conn:
        trail = [h for h in history_of(conn, provider=GREEN) if h["subject"] == "ban" and h["field"] == "provider_reentry"]
    assert [(h["old_value"], h["new_value"]["last_day"], h["source_kind"], h["source_file"]) for h in trail] == [
        (None, "2028-06-10", "rules", path.name),
        ({"first_day": "2025-06-10", "last_day": "2028-06-10", "first_allowed": "2028-06-11", "article": art21_22},
         "2028-07-01", "rules", path.name)]
    before = dump(R)
    run_batch([src], out, year=2025, jobs=1, registry=R)  # a re-run derives the same bans: nothing written
    assert dump(R) == before
    type_entries(ledger_path(out, 2025), {(A, "funds_fraud"): "否"})  # the finding withdrawn
    run_batch([src], out, year=2025, jobs=1, registry=R)  # the batch imports the ledger first
    assert bans(R) == set()
    with open_registry(R) as reg, reg.read() as conn:
        ended = [h for h in history_of(conn, unit="北京甲园区（虚构）") if h["field"] == "unit_funding"]
    assert [h["new_value"] for h in ended][-1] is None and ended[-1]["old_value"]["last_day"] == "2030-07-01"


def test_bans_the_rules_derive_otherwise_are_pointed_out(tmp_path, registry_target):
    """A registry whose stored bans are not what the rules derive now from its cases (made before the bans table,
    or another edition's rules): ``registry bans`` says so and how to update them, reading only."""
    from sqlalchemy import delete
    from typer.testing import CliRunner

    from greendiag.cli import app
    from greendiag.generator.registry_sync import import_ledger
    from tests.test_registry_years import dump, type_entries, write_year

    R, out = registry_target, tmp_path / "台账"
    run_batch([write_year(tmp_path, 2025)], out, year=2025, jobs=1, registry=R)
    A = "东城区/甲园区.xlsx"
    type_entries(ledger_path(out, 2025), {(A, "funds_fraud"): "是", (A, "finding_date"): date(2025, 6, 1),
                                          (A, "decision_date"): date(2025, 6, 10)})
    with open_registry(R) as reg:
        import_ledger(reg, ledger_path(out, 2025))
    with open_registry(R) as reg, reg.write() as conn:
        conn.execute(delete(schema.bans))  # as a registry made before the bans table holds them
    before = dump(R)
    shown = CliRunner().invoke(app, ["registry", "bans", "--registry", R])
    assert shown.exit_code == 0 and "没有限制" in shown.output
    assert "有 3 条与按现行规则推导的不一致" in shown.output, shown.output
    assert dump(R) == before
