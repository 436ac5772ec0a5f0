"""Crypto-shredding (``tx.shredding``): an incident's data key and every row sealed with it deleted in one
transaction, and a tombstone left in their place for the register.

Never keeps anything of the incident that was sealed: the tombstone holds the reference, dates,
filing kinds and case numbers (plain already), the outcome's code, and the reason for shredding
sealed with the directory key. The names of supplier contacts who took part in this incident only
go too; staff (DPOs, reviewers, administrators) stay in the directory, where other incidents'
histories name them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from breachreport.crypto import macs_equal, record_mac
from breachreport.errors import IntegrityError
from breachreport.storage.attached import ATTACHED, table_of
from breachreport.storage.audit import digest, iso
from breachreport.storage.chain import IncidentChain, utc
from breachreport.storage.ledger import ACTOR, DATA_KEY, INCIDENT, incident_shredded
from breachreport.storage.records import FiledRecord, TombstoneRecord
from breachreport.storage.sealed import place, seal_json, unseal_json, unseal_text
from breachreport.storage.tables import (
    Account,
    Actor,
    Approval,
    BulletinImport,
    Comment,
    DataKey,
    Evidence,
    Filing,
    FilingDocument,
    Incident,
    IncidentEvent,
    Invitation,
    Proposal,
    ReviewerAssignment,
    Setting,
    Supplier,
    Tombstone,
)

# Rows that point at other incident rows go first, so that no foreign key is ever left dangling.
_FIRST = (Evidence, BulletinImport, Proposal)  # a bulletin import names its proposal
_CONTACT = "supplier_contact"
# Every column that may name an actor, in rows that outlive an incident's shredding.
_ACTOR_COLUMNS = (
    IncidentEvent.actor_id,
    Filing.actor_id,
    Invitation.created_by,
    Invitation.revoked_by,
    Proposal.author_id,
    Proposal.reviewer_id,
    ReviewerAssignment.reviewer_id,
    ReviewerAssignment.assigned_by,
    ReviewerAssignment.removed_by,
    Comment.author_id,
    Approval.approver_id,
    Evidence.uploader_id,
    Account.actor_id,
    Tombstone.shredded_by,
    Setting.updated_by,
    Supplier.actor_id,  # a registered supplier's own actor outlives every incident it wrote to
)


def tombstone_mac(audit_key: bytes, row: Any) -> str:
    return record_mac(
        audit_key,
        {
            "record": "tombstone/v1",
            "id": row.id,
            "reference": row.reference,
            "status": row.status,
            "created_at": iso(row.created_at),
            "aware_at": iso(row.aware_at) if row.aware_at else None,
            "decision": row.decision,
            "filings": row.filings,
            "last_activity_at": iso(row.last_activity_at),
            "shredded_at": iso(row.shredded_at),
            "shredded_by": row.shredded_by,
            "shredded_role": row.shredded_role,
            "reason_sha256": digest(row.reason_ct),
        },
    )


class ShreddingRepository:
    """Shredding incidents, their tombstones, and when each incident was last active."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def shred(
        self,
        *,
        incident_id: str,
        aware_at: datetime | None,
        decision: str | None,
        shredded_at: datetime,
        shredded_by: str,
        shredded_role: str,
        reason: str,
    ) -> TombstoneRecord:
        """Delete the incident, every row that belongs to it and its data key; keep a tombstone.

        ``aware_at`` and ``decision`` come from the facts, which only the caller has opened.
        """
        shredded_at = utc(shredded_at, "shredded_at")
        row = self.chain.incident_row(incident_id, lock=True)
        filings = self.session.execute(
            sa.select(Filing.seq, Filing.kind, Filing.filed_at, Filing.case_number)
            .where(Filing.incident_id == row.id)
            .order_by(Filing.seq)
        ).all()
        last_activity = self.session.execute(
            sa.select(sa.func.max(IncidentEvent.at)).where(IncidentEvent.incident_id == row.id)
        ).scalar_one()
        tombstone = Tombstone(
            id=row.id,
            reference=row.reference,
            status=row.status,
            created_at=row.created_at,
            aware_at=utc(aware_at, "aware_at") if aware_at else None,
            decision=decision,
            filings=[
                {
                    "seq": f.seq,
                    "kind": f.kind,
                    "filed_at": iso(f.filed_at),
                    "case_number": f.case_number,
                }
                for f in filings
            ],
            last_activity_at=last_activity or row.updated_at,
            shredded_at=shredded_at,
            shredded_by=shredded_by,
            shredded_role=shredded_role,
            reason_ct=seal_json(
                self.chain.directory_key(),
                {"reason": reason},
                at=place("tombstone", "reason_ct", row.id),
                what="reason",
            ),
            row_mac="",
        )
        tombstone.row_mac = tombstone_mac(self.ring.audit_key, tombstone)
        contacts = self._contacts(row)
        self._delete_rows(row)
        self.session.add(tombstone)
        self.session.flush()
        forgotten = self._forget_contacts(contacts)
        self.chain.ledger.record_many(
            [
                (INCIDENT, row.id, incident_shredded(row.reference, tombstone.row_mac)),
                (DATA_KEY, row.data_key_id, None),
                *((ACTOR, actor_id, None) for actor_id in forgotten),
            ]
        )
        self.session.expunge(tombstone)
        self.chain.keys.forget(row.data_key_id)
        return self._tombstone_record(tombstone)

    def _delete_rows(self, row: Incident) -> None:
        mine = [table_of(m) for m in _FIRST] + [table_of(m) for m in ATTACHED if m not in _FIRST]
        filing_ids = sa.select(Filing.id).where(Filing.incident_id == row.id).scalar_subquery()
        statements = [
            sa.delete(FilingDocument).where(FilingDocument.filing_id.in_(filing_ids)),
            sa.delete(Filing).where(Filing.incident_id == row.id),
            *(sa.delete(table).where(table.c.incident_id == row.id) for table in mine),
            sa.delete(IncidentEvent).where(IncidentEvent.incident_id == row.id),
        ]
        for statement in statements:
            self.session.execute(statement.execution_options(synchronize_session=False))
        deleted = self.session.execute(
            sa.delete(Incident)
            .where(Incident.id == row.id, Incident.row_mac == row.row_mac)
            .execution_options(synchronize_session=False)
        )
        if deleted.rowcount != 1:
            raise IntegrityError(f"Incident {row.reference} changed while it was being shredded.")
        self.session.execute(
            sa.delete(DataKey)
            .where(DataKey.id == row.data_key_id)
            .execution_options(synchronize_session=False)
        )

    # -- supplier contacts ---------------------------------------------------------------------

    def _contacts(self, row: Incident) -> dict[str, str]:
        """The supplier contacts of this incident: {actor id: name}. Invited ones are known by
        the name in their invitation (an event names them only inside its sealed payload)."""
        key = self.chain.data_key(row.data_key_id)
        invited = {
            unseal_json(key, contact_ct, at=place("invitation", "contact_ct", invitation_id))[
                "name"
            ]
            for invitation_id, contact_ct in self.session.execute(
                sa.select(Invitation.id, Invitation.contact_ct).where(
                    Invitation.incident_id == row.id
                )
            )
        }
        acted = set(
            self.session.execute(
                sa.union(
                    sa.select(IncidentEvent.actor_id).where(IncidentEvent.incident_id == row.id),
                    sa.select(Proposal.author_id).where(Proposal.incident_id == row.id),
                    sa.select(Evidence.uploader_id).where(Evidence.incident_id == row.id),
                )
            ).scalars()
        )
        return {
            actor_id: name
            for actor_id, name in self._contact_names().items()
            if actor_id in acted or name in invited
        }

    def _contact_names(self) -> dict[str, str]:
        directory = self.chain.directory_key()
        rows = self.session.execute(
            sa.select(Actor.id, Actor.name_ct).where(Actor.role == _CONTACT)
        )
        return {
            actor_id: unseal_text(directory, name_ct, at=place("actor", "name_ct", actor_id))
            for actor_id, name_ct in rows
        }

    def _forget_contacts(self, contacts: dict[str, str]) -> list[str]:
        """Delete the contacts that nothing left refers to: no row names them, and no other
        incident's invitation (whose events name them in sealed payloads) is to them; their ids."""
        if not contacts:
            return []
        ids = list(contacts)
        used = set()
        for column in _ACTOR_COLUMNS:
            used |= set(
                self.session.execute(sa.select(column).where(column.in_(ids)).distinct()).scalars()
            )
        invited_elsewhere = set()
        for incident_id, invitation_id, contact_ct in self.session.execute(
            sa.select(Invitation.incident_id, Invitation.id, Invitation.contact_ct)
        ):
            key = self.chain.incident_key(incident_id)
            contact = unseal_json(
                key, contact_ct, at=place("invitation", "contact_ct", invitation_id)
            )
            invited_elsewhere.add(contact["name"])
        gone = [
            i for i, name in contacts.items() if i not in used and name not in invited_elsewhere
        ]
        if gone:
            self.session.execute(
                sa.delete(Actor)
                .where(Actor.id.in_(gone))
                .execution_options(synchronize_session=False)
            )
        return gone

    # -- reading tombstones --------------------------------------------------------------------

    def tombstones(self) -> list[TombstoneRecord]:
        """Every tombstone, in the order the incidents were opened; MACs checked."""
        rows = self.session.scalars(
            sa.select(Tombstone)
            .order_by(Tombstone.created_at, Tombstone.reference)
            .execution_options(populate_existing=True)
        ).all()
        records = []
        for row in rows:
            self.session.expunge(row)
            records.append(self._tombstone_record(row))
        return records

    def tombstone(self, incident_id_or_reference: str) -> TombstoneRecord | None:
        row = self.session.scalars(
            sa.select(Tombstone)
            .where(
                sa.or_(
                    Tombstone.id == incident_id_or_reference,
                    Tombstone.reference == incident_id_or_reference,
                )
            )
            .execution_options(populate_existing=True)
        ).one_or_none()
        if row is None:
            return None
        self.session.expunge(row)
        return self._tombstone_record(row)

    def _tombstone_record(self, row: Tombstone) -> TombstoneRecord:
        if not macs_equal(row.row_mac, tombstone_mac(self.ring.audit_key, row)):
            raise IntegrityError(
                f"The tombstone of {row.reference} failed its integrity check; run breachreport "
                "verify."
            )
        sealed = unseal_json(
            self.chain.directory_key(), row.reason_ct, at=place("tombstone", "reason_ct", row.id)
        )
        return TombstoneRecord(
            id=row.id,
            reference=row.reference,
            status=row.status,
            created_at=row.created_at,
            aware_at=row.aware_at,
            decision=row.decision,
            filings=tuple(
                FiledRecord(
                    seq=f["seq"],
                    kind=f["kind"],
                    filed_at=datetime.fromisoformat(f["filed_at"]),
                    case_number=f.get("case_number"),
                )
                for f in row.filings
            ),
            last_activity_at=row.last_activity_at,
            shredded_at=row.shredded_at,
            shredded_by=row.shredded_by,
            shredded_role=row.shredded_role,
            reason=sealed["reason"],
        )

    # -- retention -----------------------------------------------------------------------------

    def last_activity(self, statuses: list[str]) -> list[tuple[str, str, str, datetime]]:
        """(id, reference, status, time of the last audit event) of every incident in one of
        ``statuses``, oldest activity first; one query, nothing opened."""
        last = sa.func.max(IncidentEvent.at).label("last_at")
        rows = self.session.execute(
            sa.select(Incident.id, Incident.reference, Incident.status, last)
            .join(IncidentEvent, IncidentEvent.incident_id == Incident.id)
            .where(Incident.status.in_(statuses))
            .group_by(Incident.id, Incident.reference, Incident.status)
            .order_by(last, Incident.reference)
        )
        return [(r.id, r.reference, r.status, _aware(r.last_at)) for r in rows]


def _aware(value: Any) -> datetime:
    """``max()`` over a column loses its type on SQLite: read the time back as aware UTC."""
    from breachreport.storage.tables import UTCDateTime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return UTCDateTime().process_result_value(value, None)  # type: ignore[arg-type]
