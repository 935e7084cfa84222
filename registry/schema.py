"""The registry's tables (SQLAlchemy Core): the city's memory of providers, units, cases, officer entries
and an append-only history.

The tables are created and changed only by the Alembic migrations in ``registry/migrations/versions``
(run by :func:`greendiag.registry.open_registry`); this module describes the newest revision for queries.
A new table or column: a new migration file (``down_revision`` = the newest) and its description here.

* ``runs`` — one per ``greendiag batch`` or ``ledger import`` (or another import): ``kind``, file, SHA-256.
* ``providers`` / ``units`` — one row per party; ``name_key`` and ``code_key`` are
  :func:`greendiag.rules.identity.normalise_name` / ``normalise_code`` of the first name and code seen.
* ``cases`` — one per diagnosis case (``case_key``, see :func:`greendiag.registry.store.case_key`):
  the workbook facts as JSON (``facts``), the file and SHA-256 it was last read from.
* ``entries`` — an officer's current value of a ledger input field of a case (one per case and field);
  ``value`` is JSON (``null``: the officer cleared the cell).
* ``history`` — append-only (database triggers refuse UPDATE and DELETE): every change of a fact, an entry
  or a party, with the old and new value (JSON text), when, and where it came from (``source_kind``
  ``workbook``: ``source_file`` + ``source_sha256``; ``ledger``: ``source_file`` + ``sheet`` + ``cell``).
* ``bans`` — the bans the rules derive (:func:`greendiag.rules.ledger.sanction_periods`), one per triggering case,
  ``party`` (``provider`` / ``unit``) and ``kind`` (``reentry``: 不得重新入围; ``funding``: 不得申请资金支持):
  first and last day, the first allowed day, the article(s) and the reasons.  Never typed: rewritten in the
  transaction that changes what they derive from (batch, ledger import), every change a ``history`` row
  (``subject`` ``ban``).  Migration ``0002``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("file", Text, nullable=False, server_default=""),
    Column("sha256", String(64), nullable=False, server_default=""),
    Column("at", DateTime, nullable=False),
)

providers = Table(
    "providers", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", String(300), nullable=False, unique=True),
    Column("credit_code", String(40), nullable=False, server_default=""),
    Column("created_at", DateTime, nullable=False),
)

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, server_default=""),
    Column("name", Text, nullable=False),
    Column("name_key", String(300), nullable=False, index=True),
    Column("credit_code", String(40), nullable=False, server_default=""),
    Column("code_key", String(40), nullable=False, server_default="", index=True),
    Column("created_at", DateTime, nullable=False),
)

cases = Table(
    "cases", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_key", String(700), nullable=False, unique=True),
    Column("provider_id", Integer, ForeignKey("providers.id"), nullable=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("kind", String(20), nullable=False, server_default=""),
    Column("diagnosis_year", Integer, nullable=True),
    Column("file", Text, nullable=False, server_default=""),
    Column("sha256", String(64), nullable=False, server_default=""),
    Column("facts", Text, nullable=False, server_default="{}"),
    Column("created_run", Integer, ForeignKey("runs.id"), nullable=True),
    Column("updated_run", Integer, ForeignKey("runs.id"), nullable=True),
)

entries = Table(
    "entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("field", String(40), nullable=False),
    Column("value", Text, nullable=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=True),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("case_id", "field", name="uq_entries_case_field"),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=True),
    Column("subject", String(20), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=True),
    Column("provider_id", Integer, ForeignKey("providers.id"), nullable=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("field", String(60), nullable=False),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("source_kind", String(20), nullable=False),
    Column("source_file", Text, nullable=False, server_default=""),
    Column("source_sha256", String(64), nullable=False, server_default=""),
    Column("sheet", String(100), nullable=False, server_default=""),
    Column("cell", String(20), nullable=False, server_default=""),
    Column("ledger_id", String(40), nullable=False, server_default=""),
)
Index("ix_history_case", history.c.case_id)
Index("ix_history_provider", history.c.provider_id)
Index("ix_history_unit", history.c.unit_id)

bans = Table(
    "bans", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("party", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("provider_id", Integer, ForeignKey("providers.id"), nullable=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("condition_date", Date, nullable=True),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("first_allowed", Date, nullable=False),
    Column("article", Text, nullable=False, server_default=""),
    Column("reasons", Text, nullable=False, server_default=""),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=True),
    Column("at", DateTime, nullable=False),
    UniqueConstraint("case_id", "party", "kind", name="uq_bans_case_party_kind"),
)
Index("ix_bans_provider", bans.c.provider_id)
Index("ix_bans_unit", bans.c.unit_id)

__all__ = ["bans", "cases", "entries", "history", "metadata", "providers", "runs", "units"]
