"""The registry database (issue 18): migrations on open, identity of parties, append-only history,
transactions and the write lock — against an SQLite file and a PostgreSQL server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from greendiag.registry import RegistryError, open_registry, registry_url, schema
from greendiag.registry import store as S
from greendiag.rules.identity import doubtful, normalise_code, normalise_name
from tests.registry_db import at_once


def test_one_name_key_for_brackets_widths_and_spaces():
    forms = ["北京绿源(环境)科技有限公司", "北京绿源（环境）科技有限公司", "北京绿源 （环境） 科技有限公司",
             "北京绿源【环境】科技有限公司", "北京绿源\u3000(环境)科技有限公司"]
    assert {normalise_name(f) for f in forms} == {"北京绿源环境科技有限公司"}
    assert normalise_name("ＡＢＣ　Ｃｏ．") == "abcco"
    assert normalise_name(None) == "" and normalise_name("  （ ）") == ""
    assert normalise_code(" 91110108-MA01ＡＢＣＤ1X ") == "91110108MA01ABCD1X"
    # the ledger's duplicate check uses the same key
    from greendiag.rules import ledger as L
    assert L.normalize_name is normalise_name


def test_doubtful_names_are_listed_not_merged():
    assert doubtful("北京绿源环境科技有限公司", "北京绿源环境科技公司")
    assert not doubtful("北京绿源(环境)科技有限公司", "北京绿源（环境）科技有限公司")  # same key: one party
    assert not doubtful("北京绿源环境科技有限公司", "上海蓝天咨询有限公司")


def test_registry_url_forms(tmp_path):
    assert registry_url(tmp_path / "r.sqlite") == "sqlite:///" + (tmp_path / "r.sqlite").as_posix()
    assert registry_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert registry_url("postgres://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    with pytest.raises(RegistryError, match="文件夹不存在"):
        registry_url(tmp_path / "nope" / "r.sqlite")
    with pytest.raises(RegistryError, match="不能为空"):
        registry_url(" ")


def test_unreachable_server_and_wrong_file_are_chinese_errors(tmp_path):
    with pytest.raises(RegistryError, match="无法打开登记库 .*无法连接数据库服务器"):
        open_registry("postgresql://nobody@127.0.0.1:1/none")
    (tmp_path / "台账.xlsx").write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(RegistryError, match="该文件不是登记库"):
        open_registry(tmp_path / "台账.xlsx")
    assert (tmp_path / "台账.xlsx").read_bytes() == b"PK\x03\x04 not a database"  # left as it was


def test_open_creates_every_table_and_is_repeatable(registry_target):
    with open_registry(registry_target) as reg:
        names = set(inspect(reg.engine).get_table_names())
        assert {"runs", "providers", "units", "cases", "entries", "history", "alembic_version"} <= names
        with reg.read() as conn:
            head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    with open_registry(registry_target) as reg, reg.read() as conn:  # opening again migrates nothing
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head


def test_parties_one_provider_for_two_spellings(registry_target):
    src = S.Source("workbook", "a.xlsx", "0" * 64)
    with open_registry(registry_target) as reg:
        with reg.write() as conn:
            run = S.start_run(conn, "batch")
            a = S.add_provider(conn, "北京绿源(环境)科技有限公司", run, src)
            b = S.add_provider(conn, "北京绿源（环境）科技有限公司", run, src)
            u1 = S.add_unit(conn, "北京某某园区", "", "园区", run, src)
            u2 = S.add_unit(conn, "北京某某园区", "91110000MA0000000X", "园区", run, src)
            u3 = S.add_unit(conn, "北京某某园区（新名）", "91110000MA0000000X", "园区", run, src)
        assert a == b == (a[0], "北京绿源(环境)科技有限公司")
        assert u1[0] == u2[0] == u3[0]  # the code learnt later, then a new name with the same code
        with reg.read() as conn:
            assert conn.execute(select(func.count()).select_from(schema.providers)).scalar_one() == 1
            rows = S.history_of(conn, unit="91110000MA0000000X")
        assert [(r["field"], r["new_value"]) for r in rows] == [("name", "北京某某园区"), ("credit_code", "91110000MA0000000X")]


def test_case_facts_entries_and_history_are_append_only(registry_target):
    src = S.Source("workbook", "2025/案例A.xlsx", "a" * 64)
    with open_registry(registry_target) as reg:
        with reg.write() as conn:
            run = S.start_run(conn, "batch")
            pid, _ = S.add_provider(conn, "服务商甲", run, src)
            uid, _ = S.add_unit(conn, "园区甲", "", "园区", run, src)
            key = S.case_key(2025, "园区甲", "", "服务商甲", "2025/案例A.xlsx")
            kw = dict(provider_id=pid, unit_id=uid, kind="园区", diagnosis_year=2025, file="2025/案例A.xlsx",
                      sha256="a" * 64, run_id=run, source=src)
            cid, changed = S.put_case(conn, key, {"review_date": date(2025, 6, 1), "approved_amount": None}, **kw)
            assert S.put_case(conn, key, {"review_date": date(2025, 6, 1), "approved_amount": None}, **kw) == (cid, [])
            _, changed = S.put_case(conn, key, {"review_date": date(2025, 6, 2), "approved_amount": None}, **kw)
            assert changed == ["review_date"]
            cell = S.Source("ledger", "台账.xlsx", "", "批次工作清单", "AF5", "L1")
            S.set_entry(conn, cid, "approved_amount", 18.5, run_id=run, source=cell)
            S.set_entry(conn, cid, "approved_amount", 18.5, run_id=run, source=cell)  # same value: nothing
            assert S.ledger_entry_seen(conn, cid, "approved_amount", 18.5, "L1")
        assert S.case_key(2025, "园区甲", "", "服务商甲", "其他/案例A.xlsx") == key  # moved: same case
        with reg.read() as conn:
            (stored,) = S.load_cases(conn)
            trail = S.history_of(conn, provider="服务商甲")
        assert stored.facts == {"review_date": "2025-06-02", "approved_amount": None}
        assert stored.entries == {"approved_amount": 18.5}
        assert [(r["field"], r["old_value"], r["new_value"]) for r in trail][-2:] == [
            ("review_date", "2025-06-01", "2025-06-02"), ("approved_amount", None, 18.5)]
        assert trail[-1]["sheet"] == "批次工作清单" and trail[-1]["cell"] == "AF5"
        for sql in ("UPDATE history SET new_value = '0'", "DELETE FROM history"):
            with pytest.raises(DBAPIError, match="只能追加"), reg.write() as conn:
                conn.execute(text(sql))
        with reg.read() as conn:
            assert len(S.history_of(conn)) == len(trail) + 1  # the unit's row too; nothing changed


def test_a_failed_transaction_leaves_nothing(registry_target):
    with open_registry(registry_target) as reg:
        with pytest.raises(RuntimeError), reg.write() as conn:
            S.add_provider(conn, "服务商乙", S.start_run(conn, "ledger"), S.Source("ledger"))
            raise RuntimeError("bad cell")
        with reg.read() as conn:
            assert conn.execute(select(func.count()).select_from(schema.providers)).scalar_one() == 0
            assert conn.execute(select(func.count()).select_from(schema.runs)).scalar_one() == 0


def test_concurrent_writers_lose_nothing(registry_target):
    with open_registry(registry_target):
        pass
    def writer(k: int) -> None:
        with open_registry(registry_target) as reg:
            for j in range(5):
                with reg.write() as conn:
                    run = S.start_run(conn, "ledger")
                    n = conn.execute(select(func.count()).select_from(schema.providers)).scalar_one()
                    S.add_provider(conn, f"服务商{k}-{j}-{n}", run, S.Source("ledger"))

    at_once(writer, [(k,) for k in range(4)])
    with open_registry(registry_target) as reg, reg.read() as conn:
        names = [r.name for r in conn.execute(select(schema.providers.c.name))]
    assert len(names) == 20
    # each writer saw the others' rows (the lock serialises them): the counts seen are 0..19, each once
    assert sorted(int(n.rsplit("-", 1)[1]) for n in names) == list(range(20))


def test_the_migrations_are_one_chain():
    """Two migrations written in parallel on the same ``down_revision`` would leave two heads and no registry could be
    opened: each new migration chains after the newest (0001 → u0001 → 0002 …)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from greendiag.registry.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1
    assert [r.revision for r in script.walk_revisions()][-3:] == ["0002", "u0001", "0001"]
