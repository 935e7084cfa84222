"""The registry: runs, providers, units, cases, officer entries and the append-only history (issue 18).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = "history 只能追加：不得修改或删除已有记录"


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file", sa.Text, nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False, unique=True),
        sa.Column("credit_code", sa.String(40), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False, index=True),
        sa.Column("credit_code", sa.String(40), nullable=False, server_default=""),
        sa.Column("code_key", sa.String(40), nullable=False, server_default="", index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_key", sa.String(700), nullable=False, unique=True),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False, server_default=""),
        sa.Column("diagnosis_year", sa.Integer, nullable=True),
        sa.Column("file", sa.Text, nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("facts", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("updated_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("case_id", "field", name="uq_entries_case_field"),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False, server_default=""),
        sa.Column("source_sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("sheet", sa.String(100), nullable=False, server_default=""),
        sa.Column("cell", sa.String(20), nullable=False, server_default=""),
        sa.Column("ledger_id", sa.String(40), nullable=False, server_default=""),
    )
    op.create_index("ix_history_case", "history", ["case_id"])
    op.create_index("ix_history_provider", "history", ["provider_id"])
    op.create_index("ix_history_unit", "history", ["unit_id"])
    _append_only("history")


def _append_only(table: str) -> None:
    """Database triggers that refuse UPDATE and DELETE on ``table`` (SQLite and PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("the registry is never downgraded: restore a backup instead")
