"""Tombstones: what the register keeps of a shredded incident.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tombstone",
        sa.Column("id", ID, primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("aware_at", TIME, nullable=True),
        sa.Column("decision", sa.String(64), nullable=True),
        sa.Column("filings", sa.JSON, nullable=False),
        sa.Column("last_activity_at", TIME, nullable=False),
        sa.Column("shredded_at", TIME, nullable=False),
        sa.Column(
            "shredded_by",
            ID,
            sa.ForeignKey("actor.id", name="fk_tombstone_shredded_by"),
            nullable=False,
        ),
        sa.Column("shredded_role", sa.String(32), nullable=False),
        sa.Column("reason_ct", sa.LargeBinary, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("reference", name="uq_tombstone_reference"),
    )


def downgrade() -> None:
    op.drop_table("tombstone")
