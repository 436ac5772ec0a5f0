"""Filing metadata: a supplement that completes the notification, reasons for lateness given when
filing. Sealed; NULL on filings made before.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("filing") as batch:
        batch.add_column(sa.Column("meta_ct", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("filing") as batch:
        batch.drop_column("meta_ct")
