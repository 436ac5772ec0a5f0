"""Sign-in attempts: keyed hashes of the typed name and the client address, the time and the
outcome, for the sign-in throttle and the record of refusals.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name_index", sa.String(64), nullable=False),
        sa.Column("client_index", sa.String(64), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index("ix_sign_in_attempt_at", "sign_in_attempt", ["at"])
    op.create_index("ix_sign_in_attempt_name_index", "sign_in_attempt", ["name_index", "at"])
    op.create_index("ix_sign_in_attempt_client_index", "sign_in_attempt", ["client_index", "at"])


def downgrade() -> None:
    op.drop_table("sign_in_attempt")
