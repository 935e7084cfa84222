"""Green-manufacturing units over their life (issue 19): listings of published lists and the events an
officer records (append-only), in the registry's database.

Revision ID: u0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "u0001"
down_revision = "0001"
branch_labels = None
depends_on = None

_APPEND_ONLY = "unit_events 只能追加：不得修改或删除已有记录（更正请记录新的事件）"


def upgrade() -> None:
    op.create_table(
        "listings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("listing_key", sa.String(500), nullable=False, unique=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("list_kind", sa.String(20), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("province", sa.String(40), nullable=False, server_default=""),
        sa.Column("city", sa.String(40), nullable=False, server_default=""),
        sa.Column("district", sa.String(40), nullable=False, server_default=""),
        sa.Column("batch", sa.String(20), nullable=False, server_default=""),
        sa.Column("listed_year", sa.Integer, nullable=True),
        sa.Column("listed_on", sa.Date, nullable=True),
        sa.Column("evaluator", sa.Text, nullable=False, server_default=""),
        sa.Column("industry", sa.Text, nullable=False, server_default=""),
        sa.Column("name_as_listed", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_listings_unit", "listings", ["unit_id"])
    op.create_table(
        "unit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_key", sa.String(64), nullable=False, unique=True),
        sa.Column("listing_id", sa.Integer, sa.ForeignKey("listings.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("result", sa.String(20), nullable=False, server_default=""),
        sa.Column("ground", sa.Text, nullable=False, server_default=""),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("source_file", sa.Text, nullable=False, server_default=""),
        sa.Column("sheet", sa.String(100), nullable=False, server_default=""),
        sa.Column("cell", sa.String(20), nullable=False, server_default=""),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_unit_events_listing", "unit_events", ["listing_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION unit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$")
        op.execute("CREATE TRIGGER unit_events_append_only BEFORE UPDATE OR DELETE ON unit_events "
                   "FOR EACH ROW EXECUTE FUNCTION unit_events_append_only()")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER unit_events_no_{action.lower()} BEFORE {action} ON unit_events "
                       f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END")


def downgrade() -> None:
    raise NotImplementedError("the registry is never downgraded: restore a backup instead")
