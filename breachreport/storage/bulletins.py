"""Suppliers and their bulletins (``tx.bulletins``): the registered suppliers whose signed bulletins
the organisation accepts, and each bulletin version taken into an incident.

A supplier's name is sealed with the directory key (as an actor's is); its public key and the key's
fingerprint are plain, as the supplier published them. Every write of a supplier goes into the
ledger; a bulletin import is a row of its incident (``AttachedRows``: under its MAC and the
incident's manifest), the signed part sealed with the incident's data key. Nothing here checks a
signature: the services do, before anything is written.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from breachreport.crypto import macs_equal, seal, unseal
from breachreport.errors import IntegrityError, NotFound
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.ledger import SUPPLIER, full_mac
from breachreport.storage.records import BulletinImportRecord, SupplierRecord
from breachreport.storage.sealed import place, seal_text, unseal_text
from breachreport.storage.tables import BulletinImport, Supplier

_SUPPLIER = Supplier.__table__  # type: ignore[attr-defined]


class BulletinRepository:
    """Registered suppliers (under the ledger) and bulletin imports (rows of their incidents)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    # -- suppliers -----------------------------------------------------------------------------

    def add_supplier(
        self, *, name: str, public_key: str, fingerprint: str, actor_id: str, added_at: datetime
    ) -> SupplierRecord:
        supplier_id = new_id()
        row = Supplier(
            id=supplier_id,
            name_ct=seal_text(
                self.chain.directory_key(), name, at=place("supplier", "name_ct", supplier_id)
            ),
            public_key=public_key,
            fingerprint=fingerprint,
            actor_id=actor_id,
            added_at=utc(added_at, "added_at"),
            row_mac="",
        )
        row.row_mac = full_mac(self.ring.audit_key, row, _SUPPLIER)
        self.session.add(row)
        self.session.flush()
        self.session.expunge(row)
        self.chain.ledger.record(SUPPLIER, supplier_id, row.row_mac)
        return self._supplier(row)

    def suppliers(self) -> list[SupplierRecord]:
        """Every registered supplier, oldest first; each checked against its MAC."""
        rows = self.session.scalars(
            sa.select(Supplier)
            .order_by(Supplier.added_at, Supplier.id)
            .execution_options(populate_existing=True)
        ).all()
        found = []
        for row in rows:
            self.session.expunge(row)
            found.append(self._supplier(row))
        return found

    def supplier(self, supplier_id: str) -> SupplierRecord:
        row = self.session.get(Supplier, supplier_id, populate_existing=True)
        if row is None:
            raise NotFound(f"No supplier {supplier_id}.")
        self.session.expunge(row)
        return self._supplier(row)

    def hold(self, supplier_id: str) -> None:
        """Queue here until other imports of the supplier's bulletins commit (PostgreSQL), so that
        each sees the versions imported before it; SQLite serialises writers anyway."""
        self.session.execute(
            sa.select(Supplier.id).where(Supplier.id == supplier_id).with_for_update()
        )

    def supplier_by_fingerprint(self, fingerprint: str) -> SupplierRecord | None:
        row = self.session.scalars(
            sa.select(Supplier)
            .where(Supplier.fingerprint == fingerprint)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if row is None:
            return None
        self.session.expunge(row)
        return self._supplier(row)

    def _supplier(self, row: Supplier) -> SupplierRecord:
        if not macs_equal(row.row_mac, full_mac(self.ring.audit_key, row, _SUPPLIER)):
            raise IntegrityError(
                f"Supplier {row.id} failed its integrity check; run breachreport verify."
            )
        name = unseal_text(
            self.chain.directory_key(), row.name_ct, at=place("supplier", "name_ct", row.id)
        )
        return SupplierRecord(
            id=row.id,
            name=name,
            public_key=row.public_key,
            fingerprint=row.fingerprint,
            actor_id=row.actor_id,
            added_at=row.added_at,
        )

    # -- bulletin imports ----------------------------------------------------------------------

    def record_import(
        self,
        *,
        incident_id: str,
        supplier_id: str,
        bulletin_id: str,
        version: int,
        digest: str,
        imported_at: datetime,
        proposal_id: str | None,
        content: bytes,
    ) -> BulletinImportRecord:
        """A bulletin version taken into the incident (its manifest renewed in this transaction)."""
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        import_id = new_id()
        row = BulletinImport(
            id=import_id,
            incident_id=incident.id,
            supplier_id=supplier_id,
            bulletin_id=bulletin_id,
            version=version,
            digest=digest,
            imported_at=utc(imported_at, "imported_at"),
            proposal_id=proposal_id,
            content_ct=seal(
                key, bytes(content), place=place("bulletin_import", "content_ct", import_id)
            ),
            row_mac="",
        )
        self.rows.add(row)
        return _import(row, key)

    def versions(self, supplier_id: str, bulletin_id: str) -> list[BulletinImportRecord]:
        """Every version of the supplier's bulletin imported here (any incident), newest first."""
        rows = self.rows.select(
            BulletinImport,
            BulletinImport.supplier_id == supplier_id,
            BulletinImport.bulletin_id == bulletin_id,
            order_by=(BulletinImport.version.desc(),),  # type: ignore[attr-defined]
        )
        return [_import(row, self.chain.incident_key(row.incident_id)) for row in rows]

    def highest_version(self, supplier_id: str, bulletin_id: str) -> int | None:
        """The newest version of the bulletin imported here, from the rows' plain columns with
        their MACs checked; None if none was."""
        rows = self.rows.select(
            BulletinImport,
            BulletinImport.supplier_id == supplier_id,
            BulletinImport.bulletin_id == bulletin_id,
            order_by=(BulletinImport.version.desc(),),  # type: ignore[attr-defined]
        )
        return rows[0].version if rows else None

    def for_incident(self, incident_id: str) -> list[BulletinImportRecord]:
        """The bulletin versions taken into the incident, in the order they were imported."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            BulletinImport,
            BulletinImport.incident_id == incident_id,
            order_by=(BulletinImport.imported_at, BulletinImport.version),
        )
        return [_import(row, key) for row in rows]

    def by_proposal(self, proposal_id: str) -> BulletinImportRecord | None:
        rows = self.rows.select(BulletinImport, BulletinImport.proposal_id == proposal_id)
        if not rows:
            return None
        return _import(rows[0], self.chain.incident_key(rows[0].incident_id))


def _import(row: BulletinImport, key: bytes) -> BulletinImportRecord:
    return BulletinImportRecord(
        id=row.id,
        incident_id=row.incident_id,
        supplier_id=row.supplier_id,
        bulletin_id=row.bulletin_id,
        version=row.version,
        digest=row.digest,
        imported_at=row.imported_at,
        proposal_id=row.proposal_id,
        content=unseal(key, row.content_ct, place=place("bulletin_import", "content_ct", row.id)),
    )
