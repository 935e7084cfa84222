"""Published green-manufacturing lists in the registry (issue 19): import with header variants, normalised
names, idempotent re-import, doubtful rows; officers' events recorded with history — SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from greendiag.generator.units import ListFileError, import_list, read_list
from greendiag.registry import open_registry, schema
from greendiag.registry import store as S
from greendiag.registry import units as U
from greendiag.rules import lifecycle as L

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "national-green-lists"
if not LISTS.is_dir():  # a worktree under /work/wt/<branch>: the data sits next to the repositories
    LISTS = Path("/work/shared/data/national-green-lists")
FILES = (("绿色工厂名单.csv", "绿色工厂"), ("绿色工业园区名单.csv", "绿色工业园区"),
         ("绿色供应链管理示范企业名单.csv", "绿色供应链管理企业"))
needs_lists = pytest.mark.skipif(not LISTS.is_dir(), reason="the national lists (../shared/data/national-green-lists) are not here")


def _counts(target) -> dict[str, int]:
    with open_registry(target) as reg, reg.read() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (schema.units, schema.history, U.listings, U.unit_events)}


@needs_lists
def test_beijing_import_registers_exactly_its_rows_and_again_changes_nothing(registry_target):
    got = {}
    for name, kind in FILES:
        r = import_list(LISTS / name, list_kind=kind, level="国家级", registry=registry_target, region="北京")
        got[kind] = (r.summary.new, r.summary.registered, r.summary.unchanged)
    assert got == {"绿色工厂": (96, 96, 0), "绿色工业园区": (1, 1, 0), "绿色供应链管理企业": (19, 19, 0)}
    before = _counts(registry_target)
    assert before["listings"] == 116
    for name, kind in FILES:
        r = import_list(LISTS / name, list_kind=kind, level="国家级", registry=registry_target, region="北京")
        assert (r.summary.new, r.summary.changed) == (0, 0) and r.summary.unchanged == {"绿色工厂": 96, "绿色工业园区": 1}.get(kind, 19)
    assert _counts(registry_target) == before
    with open_registry(registry_target) as reg, reg.read() as conn:
        units = U.load_facts(conn, "北京")
        assert len(units) == 116 and {u.facts.region for u in units} == {"北京"}
        batch1 = next(u for u in units if u.name == "北京京东方显示技术有限公司")
        assert (batch1.facts.listed_year, batch1.facts.level, batch1.evaluator) == (2017, "国家级", "中国电子技术标准化研究院")
        trail = S.history_of(conn, unit="北京京东方显示技术有限公司")
        assert trail[0]["field"] == "name" and trail[1]["field"] == "列入名单"
        assert trail[1]["source_file"] == "绿色工厂名单.csv" and trail[1]["cell"] == "A2"


@needs_lists
def test_all_rows_without_region(tmp_path):
    target = str(tmp_path / "全部.sqlite")
    total = 0
    for name, kind in FILES:
        r = import_list(LISTS / name, list_kind=kind, level="国家级", registry=target)
        assert r.summary.skipped == 0
        total += r.summary.registered + sum(1 for _, _, why in r.summary.doubtful if "只登记一次" in why)
    assert total == 3303
    assert _counts(target)["listings"] == 3303


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_header_variants_and_name_forms(registry_target, tmp_path):
    """公司名称/省份 in an XLSX under a title row, 单位名称/省市 in a GB18030 CSV: one unit for bracket, width and
    space variants of a name; a close name is registered apart and listed as doubtful."""
    a = _xlsx(tmp_path / "a.xlsx", [["2026年市级绿色工厂名单"], ["序 号", "公司名称", "省份", "批次", "评价机构"],
                                    [1, "北京绿源(环境)科技有限公司", "北京", 2026, "某评价中心"],
                                    [2, "北京蓝天制造有限公司", "北京市", 2026, ""],
                                    [3, "天津某厂", "天津", 2026, ""]])
    rows, _ = read_list(a)
    assert [r.name for r in rows] == ["北京绿源(环境)科技有限公司", "北京蓝天制造有限公司", "天津某厂"]
    assert rows[0].cell == "A3" and rows[0].batch == "2026" and rows[0].evaluator == "某评价中心"
    r = import_list(a, list_kind="绿色工厂", level="市级", registry=registry_target, region="北京")
    assert (r.summary.new, r.summary.skipped) == (2, 1)
    b = tmp_path / "b.csv"
    b.write_bytes("单位名称,省市,批次\n北京绿源（环境） 科技有限公司,北京,2026\n北京蓝天制造有限责任公司,北京,2026\n".encode("gb18030"))
    r = import_list(b, list_kind="绿色工厂", level="市级", registry=registry_target)
    assert (r.summary.new, r.summary.unchanged) == (1, 1)
    assert [(n, "名称相近" in why) for _, n, why in r.summary.doubtful] == [("北京蓝天制造有限责任公司", True)]
    with open_registry(registry_target) as reg, reg.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.units)).scalar_one() == 3


def test_a_file_without_a_name_column_is_refused(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("序号,地区\n1,北京\n", encoding="utf-8")
    with pytest.raises(ListFileError, match="找不到表头"):
        read_list(p)
    with pytest.raises(ListFileError, match="只支持"):
        read_list(tmp_path / "x.txt")


def _sha(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_events_are_recorded_once_with_history_and_never_changed(registry_target, tmp_path):
    a = _xlsx(tmp_path / "a.xlsx", [["单位名称", "地区", "批次"], ["北京示例制造有限公司", "北京", "2"]])
    import_list(a, list_kind="绿色工厂", level="国家级", registry=registry_target)
    with open_registry(registry_target) as reg:
        with reg.read() as conn:
            (unit,) = U.load_facts(conn)
        ev = [U.EventRow(unit.listing_id, e, "事件登记", f"C{k}") for k, e in enumerate((
            L.UnitEvent(L.REVIEW, date(2026, 3, 1), result="不合格"),
            L.UnitEvent(L.RENAMED, date(2026, 5, 10), detail="北京示例智造有限公司"),
            L.UnitEvent(L.REVOKED, date(2026, 6, 20), ground="第十条（四）提供虚假复审材料和数据")), start=5)]
        for expect in ((3, 0), (0, 3)):
            with reg.write() as conn:
                run = S.start_run(conn, "units", "名单管理.xlsx")
                assert U.record_events(conn, ev, source=S.Source("units", "名单管理.xlsx"), run_id=run) == expect
        with pytest.raises(ValueError, match="登记号 999"):
            with reg.write() as conn:
                U.record_events(conn, [U.EventRow(999, ev[0].event, "事件登记", "B9")], source=S.Source("units"), run_id=None)
        with reg.read() as conn:
            (unit,) = U.load_facts(conn)
            trail = [h for h in S.history_of(conn, unit="北京示例制造有限公司") if h["field"].startswith("事件：")]
        assert [(h["field"], h["sheet"], h["cell"]) for h in trail] == [
            ("事件：复审", "事件登记", "C5"), ("事件：更名", "事件登记", "C6"), ("事件：撤销", "事件登记", "C7")]
        from typer.testing import CliRunner

        from greendiag.cli import app

        r = CliRunner().invoke(app, ["registry", "history", "--registry", registry_target, "--unit", "北京示例制造有限公司"])
        assert r.exit_code == 0, r.output
        lines = r.output.splitlines()
        assert "事件：复审：（空） → ｛复审结果：不合格，日期：2026-03-01，登记号：" in r.output, r.output
        assert [ln.split("来源：")[1] for ln in lines if "事件：" in ln] == [
            "名单 名单管理.xlsx，事件登记!C5", "名单 名单管理.xlsx，事件登记!C6", "名单 名单管理.xlsx，事件登记!C7"]
        assert any("列入名单" in ln and ln.endswith(f"来源：名单 a.xlsx，第2行（SHA-256 {_sha(a)[:12]}…）") for ln in lines), lines
        life = L.unit_life(unit.facts, date(2026, 7, 1))
        assert life.status == L.STATUS_REVOKED and life.bans[0].first_allowed == date(2029, 6, 21)
        from sqlalchemy.exc import DBAPIError

        with pytest.raises(DBAPIError, match="只能追加"):
            with reg.write() as conn:
                conn.execute(U.unit_events.delete())
