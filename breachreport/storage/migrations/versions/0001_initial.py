"""The first schema: data keys, actors, incidents with their event chain, filings and documents.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "data_key",
        sa.Column("id", ID, primary_key=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("master_key_id", sa.String(32), nullable=False),
        sa.Column("wrapped", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "actor",
        sa.Column("id", ID, primary_key=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("name_ct", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "incident",
        sa.Column("id", ID, primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column(
            "data_key_id",
            ID,
            sa.ForeignKey("data_key.id", name="fk_incident_data_key"),
            nullable=False,
        ),
        sa.Column("facts_ct", sa.LargeBinary, nullable=False),
        sa.Column("summary_ct", sa.LargeBinary, nullable=False),
        sa.Column("chain_head", MAC, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("reference", name="uq_incident_reference"),
    )
    op.create_table(
        "incident_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "incident_id",
            ID,
            sa.ForeignKey("incident.id", name="fk_incident_event_incident"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("actor_role", sa.String(32), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("payload_ct", sa.LargeBinary, nullable=False),
        sa.Column("prev_mac", MAC, nullable=False),
        sa.Column("mac", MAC, nullable=False),
        sa.UniqueConstraint("incident_id", "seq", name="uq_incident_event_seq"),
    )
    op.create_table(
        "filing",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "incident_id",
            ID,
            sa.ForeignKey("incident.id", name="fk_filing_incident"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("filed_at", TIME, nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("case_number", sa.String(100), nullable=True),
        sa.Column("snapshot_ct", sa.LargeBinary, nullable=False),
        sa.Column("changes_ct", sa.LargeBinary, nullable=False),
        sa.Column("event_seq", sa.Integer, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("incident_id", "seq", name="uq_filing_seq"),
    )
    op.create_table(
        "filing_document",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "filing_id",
            ID,
            sa.ForeignKey("filing.id", name="fk_filing_document_filing"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content_ct", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("filing_id", "name", name="uq_filing_document_name"),
    )


def downgrade() -> None:
    for table in ("filing_document", "filing", "incident_event", "incident", "meta", "actor"):
        op.drop_table(table)
    op.drop_table("data_key")
