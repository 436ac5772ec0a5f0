"""Every row under a chain: each incident's manifest of its rows, a row MAC on actors and data
keys, and the ledger of what belongs to no incident (settings, accounts, actors, data keys, the
organisation profile, meta entries, the list of incidents).

A database that already holds data keys is marked in meta (``rows_adoption``): the manifests,
MACs and ledger need the audit key, which the migration does not have, so the store builds them
the first time it opens (storage.adoption).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ADOPTION = "rows_adoption"


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("rows", sa.Text, nullable=True))
    with op.batch_alter_table("actor") as batch:
        batch.add_column(sa.Column("row_mac", sa.String(64), nullable=True))
    with op.batch_alter_table("data_key") as batch:
        batch.add_column(sa.Column("row_mac", sa.String(64), nullable=True))
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(200), nullable=True),
        sa.Column("prev_mac", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    op.create_index("ix_ledger_subject", "ledger", ["kind", "subject", "seq"])
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT COUNT(*) FROM data_key")).scalar_one():
        connection.execute(
            sa.text("INSERT INTO meta (key, value) VALUES (:key, 'pending')"), {"key": _ADOPTION}
        )


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM meta WHERE key = '{_ADOPTION}'"))
    op.drop_index("ix_ledger_subject", table_name="ledger")
    op.drop_table("ledger")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy would drop and recreate
    # tables other rows point at, which SQLite's foreign keys refuse once there is data.
    for table, column in (("data_key", "row_mac"), ("actor", "row_mac"), ("incident", "rows")):
        op.execute(sa.text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
