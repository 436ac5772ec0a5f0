"""The outbox: ``outgoing_mail``, every mail that must go out exactly once (reminders, escalations,
notices to reviewers), a row of its incident under the incident's manifest like an invitation.

A new table only: no existing row changes, so every MAC and manifest stays valid (a manifest that
lists no outgoing mail is what an incident without any has).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outgoing_mail",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "incident_id",
            ID,
            sa.ForeignKey("incident.id", name="fk_outgoing_mail_incident"),
            nullable=False,
        ),
        sa.Column("dedupe_index", MAC, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("clock_key", sa.String(64), nullable=True),
        sa.Column("due", TIME, nullable=True),
        sa.Column("scheduled_at", TIME, nullable=False),
        sa.Column("message_ct", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_at", TIME, nullable=False),
        sa.Column("sent_at", TIME, nullable=True),
        sa.Column("error_ct", sa.LargeBinary, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("dedupe_index", name="uq_outgoing_mail_dedupe_index"),
    )
    op.create_index("ix_outgoing_mail_status", "outgoing_mail", ["status", "claimed_at"])


def downgrade() -> None:
    connection = op.get_bind()
    mails = connection.execute(sa.text("SELECT COUNT(*) FROM outgoing_mail")).scalar_one()
    if mails:
        # Their incidents' manifests list them: dropping them would read as rows deleted behind
        # the application's back, and the reminders already sent would go out again.
        raise RuntimeError(
            f"{mails} mails are recorded in the outbox; the schema before 0010 cannot hold "
            "them, so it is not downgraded."
        )
    op.drop_index("ix_outgoing_mail_status", table_name="outgoing_mail")
    op.drop_table("outgoing_mail")
