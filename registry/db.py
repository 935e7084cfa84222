"""Opening the registry database and its transactions.

``open_registry("登记库.sqlite")`` (a file path: an embedded SQLite database, created when missing) or
``open_registry("postgresql://user:pw@host/db")`` (a bureau server shared by several officers; needs the
``postgresql`` extra, ``pip install 'greendiag[postgresql]'``).  Opening runs the shipped Alembic
migrations up to the newest revision, so an older registry file is upgraded in place (back it up first:
it is one file).

Every change goes through :meth:`Registry.write`: one transaction that holds the registry's write lock
(SQLite ``BEGIN IMMEDIATE``; PostgreSQL a transaction-level advisory lock), so two officers importing at
once are applied one after the other and neither loses anything; an exception rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x67726E64  # "grnd": the PostgreSQL advisory lock every registry writer takes
SQLITE_TIMEOUT = 60.0
"""Seconds a writer waits for another SQLite writer (greendiag's default)."""


class RegistryError(RuntimeError):
    """The registry cannot be opened or changed (Chinese message; nothing was changed)."""


def registry_url(target: str | Path) -> str:
    """The SQLAlchemy URL of ``target``: a ``postgresql://`` / ``postgres://`` URL (driver psycopg 3), any
    other SQLAlchemy URL as given, or a file path (SQLite; its folder must exist).

    Raises :class:`RegistryError` (Chinese) for a malformed URL or a missing folder.
    """
    raw = str(target).strip()
    if not raw:
        raise RegistryError("--registry 不能为空：请给出数据库文件路径或 PostgreSQL 地址")
    if "://" in raw:
        if raw.startswith("postgres://"):
            raw = "postgresql://" + raw[len("postgres://"):]
        if raw.startswith("postgresql://"):
            raw = "postgresql+psycopg://" + raw[len("postgresql://"):]
        try:
            make_url(raw)
        except ArgumentError as exc:
            raise RegistryError(f"--registry 地址无效：{exc}") from exc
        return raw
    path = Path(raw).expanduser().resolve()
    if not path.parent.is_dir():
        raise RegistryError(f"登记库文件所在的文件夹不存在：{path.parent}")
    if path.is_dir():
        raise RegistryError(f"--registry 应为数据库文件，而 {path} 是文件夹")
    return "sqlite:///" + path.as_posix()


class Registry:
    """An open registry: ``engine``, :meth:`read` and :meth:`write` connections, :meth:`close`.

    ``url`` is the SQLAlchemy URL (password hidden in ``str(registry)``).
    """

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Registry({make_url(self.url).render_as_string(hide_password=True)})"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries (its own transaction, rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the registry's write lock: committed when the block ends, rolled
        back (nothing applied) when it raises."""
        with self.engine.connect() as conn:
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
                yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise RegistryError("连接 PostgreSQL 需要安装驱动 psycopg：pip install 'greendiag[postgresql]'") from exc


def migrate(registry: Registry) -> None:
    """Run the shipped Alembic migrations up to the newest revision (under the write lock)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with registry.write() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_registry(target: str | Path) -> Registry:
    """Open (and create or upgrade) the registry at ``target`` (see :func:`registry_url`).

    Raises :class:`RegistryError` (Chinese) when the database cannot be reached or is not a registry.
    """
    url = registry_url(target)
    registry = Registry(_engine(url), url)
    try:
        migrate(registry)
    except DBAPIError as exc:
        registry.close()
        shown = str(target) if url.startswith("sqlite") else make_url(url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0][:300]
        hint = next((h for k, h in _HINTS if k in reason), "")
        raise RegistryError(f"无法打开登记库 {shown}：{hint}{'（' + reason + '）' if hint else reason}") from exc
    return registry


_HINTS = (
    ("file is not a database", "该文件不是登记库（SQLite 数据库），是否选错了文件？"),
    ("Connection refused", "无法连接数据库服务器：服务器未启动，或地址、端口有误"),
    ("Network is unreachable", "无法连接数据库服务器：网络不通，请检查网络连接"),
    ("No route to host", "无法连接数据库服务器：网络不通，请检查网络连接"),
    ("password authentication failed", "用户名或密码错误"),
    ("does not exist", "数据库或用户不存在：请管理员先建好数据库"),
    ("could not translate host name", "找不到该服务器名称"),
    ("timeout", "连接超时：请检查网络"),
    ("database is locked", "登记库正被其他程序长时间占用，请稍后再试"),
    ("readonly database", "登记库文件是只读的：请检查文件权限"),
)
"""Common causes of a failed open, in the officer's words (the driver's own text follows in brackets)."""


def now() -> datetime:
    """The registry's timestamps: local time, to the second."""
    return datetime.now().replace(microsecond=0)


__all__ = ["Registry", "RegistryError", "migrate", "now", "open_registry", "registry_url"]
