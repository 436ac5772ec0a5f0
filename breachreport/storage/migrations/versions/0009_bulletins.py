"""Suppliers' signed bulletins: registered suppliers (``supplier``, under the ledger), each
bulletin version taken into an incident (``bulletin_import``, under the incident's manifest), and
proposals that came in a bulletin rather than through an invitation (``proposal.invitation_id``
nullable).

No existing row changes: a proposal's MAC covers its invitation id as stored, so making the column
nullable keeps every MAC valid without the audit key, which a migration does not have.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.String(32)
MAC = sa.String(64)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "supplier",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name_ct", sa.LargeBinary, nullable=False),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        sa.Column(
            "actor_id", ID, sa.ForeignKey("actor.id", name="fk_supplier_actor"), nullable=False
        ),
        sa.Column("added_at", TIME, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint("fingerprint", name="uq_supplier_fingerprint"),
    )
    op.create_table(
        "bulletin_import",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "incident_id",
            ID,
            sa.ForeignKey("incident.id", name="fk_bulletin_import_incident"),
            nullable=False,
        ),
        sa.Column(
            "supplier_id",
            ID,
            sa.ForeignKey("supplier.id", name="fk_bulletin_import_supplier"),
            nullable=False,
        ),
        sa.Column("bulletin_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("digest", MAC, nullable=False),
        sa.Column("imported_at", TIME, nullable=False),
        sa.Column("proposal_id", ID, nullable=True),
        sa.Column("content_ct", sa.LargeBinary, nullable=False),
        sa.Column("row_mac", MAC, nullable=False),
        sa.UniqueConstraint(
            "supplier_id", "bulletin_id", "version", name="uq_bulletin_import_version"
        ),
    )
    with op.batch_alter_table("proposal") as batch:
        batch.alter_column("invitation_id", existing_type=ID, nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    bulletins = connection.execute(
        sa.text("SELECT COUNT(*) FROM proposal WHERE invitation_id IS NULL")
    ).scalar_one()
    if bulletins:
        # The older schema has no place for them; deleting them would break their incidents'
        # manifests and histories. Shred those incidents first, or stay at 0009.
        raise RuntimeError(
            f"{bulletins} proposals came in suppliers' bulletins; the schema before 0009 cannot "
            "hold them, so it is not downgraded."
        )
    op.drop_table("bulletin_import")
    op.drop_table("supplier")
    with op.batch_alter_table("proposal") as batch:
        batch.alter_column("invitation_id", existing_type=ID, nullable=False)
