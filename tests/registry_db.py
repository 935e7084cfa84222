"""The registry test fixture: ``registry_target`` runs a test against an SQLite file and against PostgreSQL.

PostgreSQL comes from ``GREENDIAG_TEST_PG_URL`` (``.ci/run`` starts a server and exports it; locally:
``eval "$(bash .ci/postgres start /tmp/pg)"``).  Each test gets a database of its own, dropped afterwards.
Without the variable the PostgreSQL half is skipped with a reason, except in CI (``CI`` set), where it fails.
``tests/conftest.py`` imports it for every test module.
"""

from __future__ import annotations

import os
import uuid

import pytest

PG_ENV = "GREENDIAG_TEST_PG_URL"


def _pg_database(url: str):
    """A fresh database on the server of ``url``: yields its URL, drops it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from greendiag.registry import registry_url

    admin_url = make_url(registry_url(url))
    name = f"greendiag_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def registry_target(request, tmp_path):
    """Where a test's registry lives: an SQLite file path, or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "登记库.sqlite")
        return
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI 必须提供 PostgreSQL：{PG_ENV}（.ci/run 启动服务器并导出该变量）")
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (eval \"$(bash .ci/postgres start /tmp/pg)\")")
    yield from _pg_database(url)


def at_once(fn, args: list[tuple]) -> None:
    """Run ``fn(*a)`` for every ``a`` in threads started together; fail with the first exception any raised."""
    import threading

    errors: list[BaseException] = []

    def run(*a):
        try:
            fn(*a)
        except BaseException as exc:  # pragma: no cover - re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=a) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
