"""Who a filing went to: ``filing.recipient`` (IMY, CERT-SE, the police, IVO).

Every filing made before went to IMY, so the column defaults to 'imy'. The row MAC leaves the
recipient out of its input when it is IMY (storage.audit.filing_mac), so the MACs of existing rows
stay valid without the audit key, which a migration does not have.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("filing") as batch:
        batch.add_column(
            sa.Column("recipient", sa.String(32), nullable=False, server_default="imy")
        )


def downgrade() -> None:
    # Nothing is deleted: a filing to another recipient stays, read as IMY's by the older schema,
    # and its MAC (which covers the recipient) no longer matches, so verify names it.
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0007's downgrade does.
    op.execute(sa.text('ALTER TABLE filing DROP COLUMN "recipient"'))
