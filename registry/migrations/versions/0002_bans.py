"""The bans the rules derive (issue 18): re-entry and funding bans of providers and units, rewritten in the
transaction that changes the findings they come from (a change is also a ``history`` row).

Revision ID: 0002
Revises: u0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "u0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("party", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
        sa.Column("condition_date", sa.Date, nullable=True),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
        sa.Column("first_allowed", sa.Date, nullable=False),
        sa.Column("article", sa.Text, nullable=False, server_default=""),
        sa.Column("reasons", sa.Text, nullable=False, server_default=""),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("case_id", "party", "kind", name="uq_bans_case_party_kind"),
    )
    op.create_index("ix_bans_provider", "bans", ["provider_id"])
    op.create_index("ix_bans_unit", "bans", ["unit_id"])


def downgrade() -> None:
    raise NotImplementedError("the registry is never downgraded: restore a backup instead")
