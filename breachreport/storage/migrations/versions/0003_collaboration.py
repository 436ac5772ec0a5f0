"""Invitations, proposals, reviewer assignments, comments, approvals, evidence and settings.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def _incident(table: str) -> sa.Column:
    return sa.Column(
        "incident_id",
        ID,
        sa.ForeignKey("incident.id", name=f"fk_{table}_incident"),
        nullable=False,
    )


def _actor(column: str, name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(column, ID, sa.ForeignKey("actor.id", name=name), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("id", ID, primary_key=True),
        _incident("invitation"),
        sa.Column("token_index", MAC, nullable=False),
        sa.Column("sections", sa.JSON, nullable=False),
        sa.Column("contact_ct", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        _actor("created_by", "fk_invitation_created_by"),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("opened_at", TIME, nullable=True),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.Column("revoked_by", ID, nullable=True),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("token_index", name="uq_invitation_token_index"),
    )
    op.create_table(
        "proposal",
        sa.Column("id", ID, primary_key=True),
        _incident("proposal"),
        sa.Column(
            "invitation_id",
            ID,
            sa.ForeignKey("invitation.id", name="fk_proposal_invitation"),
            nullable=False,
        ),
        _actor("author_id", "fk_proposal_author"),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("base_version", sa.Integer, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("changes_ct", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewed_at", TIME, nullable=True),
        sa.Column("reviewer_id", ID, nullable=True),
        sa.Column("review_ct", sa.LargeBinary, nullable=True),
        sa.Column("row_mac", MAC, nullable=False),
    )
    op.create_table(
        "reviewer_assignment",
        sa.Column("id", ID, primary_key=True),
        _incident("reviewer_assignment"),
        _actor("reviewer_id", "fk_reviewer_assignment_actor"),
        sa.Column(
            "account_id",
            ID,
            sa.ForeignKey("account.id", name="fk_reviewer_assignment_account"),
            nullable=True,
        ),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.Column("assigned_by", ID, nullable=False),
        sa.Column("removed_at", TIME, nullable=True),
        sa.Column("removed_by", ID, nullable=True),
        sa.Column("row_mac", MAC, nullable=False),
    )
    op.create_table(
        "comment",
        sa.Column("id", ID, primary_key=True),
        _incident("comment"),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("facts_version", sa.Integer, nullable=False),
        _actor("author_id", "fk_comment_author"),
        sa.Column("author_role", sa.String(32), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("text_ct", sa.LargeBinary, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
    )
    op.create_table(
        "approval",
        sa.Column("id", ID, primary_key=True),
        _incident("approval"),
        sa.Column("facts_version", sa.Integer, nullable=False),
        _actor("approver_id", "fk_approval_approver"),
        sa.Column("approved_at", TIME, nullable=False),
        sa.Column("note_ct", sa.LargeBinary, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", ID, primary_key=True),
        _incident("evidence"),
        sa.Column("uploaded_at", TIME, nullable=False),
        _actor("uploader_id", "fk_evidence_uploader"),
        sa.Column("uploader_role", sa.String(32), nullable=False),
        sa.Column(
            "invitation_id",
            ID,
            sa.ForeignKey("invitation.id", name="fk_evidence_invitation"),
            nullable=True,
        ),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("meta_ct", sa.LargeBinary, nullable=False),
        sa.Column("content_ct", sa.LargeBinary, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
    )
    op.create_table(
        "setting",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "setting",
        "evidence",
        "approval",
        "comment",
        "reviewer_assignment",
        "proposal",
        "invitation",
    ):
        op.drop_table(table)
