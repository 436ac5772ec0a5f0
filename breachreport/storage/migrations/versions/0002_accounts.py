"""Local accounts (found by a blind index, names sealed) and the sealed organisation profile.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", ID, primary_key=True),
        sa.Column("login_index", MAC, nullable=False),
        sa.Column("username_ct", sa.LargeBinary, nullable=False),
        sa.Column("display_name_ct", sa.LargeBinary, nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column(
            "actor_id",
            ID,
            sa.ForeignKey("actor.id", name="fk_account_actor"),
            nullable=False,
        ),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_login_at", TIME, nullable=True),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", TIME, nullable=True),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("login_index", name="uq_account_login_index"),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("profile_ct", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", ID, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("organisation")
    op.drop_table("account")
    # The mark that the first account was made goes with the accounts, so that after an upgrade
    # the first DPO can be set up again.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'first_account'"))
