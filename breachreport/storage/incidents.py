"""Incidents (``tx.incidents``): creating one with its reference, reading it, and revising the
facts snapshot by compare-and-set. Its events are ``tx.events`` (storage.events), the register
``tx.register`` (storage.register).

Never overwrites facts without an event, and never writes when the caller's version is stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from breachreport.crypto import GENESIS_MAC
from breachreport.errors import StorageError, VersionConflict
from breachreport.storage.audit import incident_mac
from breachreport.storage.chain import (
    REFERENCE,
    IncidentChain,
    check_event,
    new_id,
    utc,
)
from breachreport.storage.ledger import INCIDENT, incident_open
from breachreport.storage.manifest import EVENTS
from breachreport.storage.records import IncidentRecord, NewEvent
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import Incident, Tombstone

_REFERENCE_ATTEMPTS = 16


class IncidentRepository:
    """Incident rows and their facts snapshots, through the transaction's chain."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def create(
        self,
        *,
        created_at: datetime,
        facts: dict[str, Any],
        summary: dict[str, Any],
        event: NewEvent,
        status: str = "open",
    ) -> IncidentRecord:
        """A new incident with its own data key; its reference counts up within ``created_at``'s
        year (in the time zone the caller gave), e.g. BR-2024-0001."""
        created_at_utc = utc(created_at, "created_at")
        json_bytes(facts, "facts")
        json_bytes(summary, "summary")
        check_event(event)
        incident_id = new_id()
        data_key_id, key = self.chain.create_data_key("incident", created_at_utc)
        row = Incident(
            id=incident_id,
            reference="",
            status=status,
            version=1,
            created_at=created_at_utc,
            updated_at=created_at_utc,
            data_key_id=data_key_id,
            facts_ct=seal_json(
                key, facts, at=place("incident", "facts_ct", incident_id), what="facts"
            ),
            summary_ct=seal_json(
                key, summary, at=place("incident", "summary_ct", incident_id), what="summary"
            ),
            chain_head=GENESIS_MAC,
            row_mac="",
        )
        event_row = self.chain.event_row(row, key, seq=1, event=event)
        row.chain_head = event_row.mac
        self._insert_with_reference(row, created_at.year)
        self.session.add(event_row)
        self.session.flush()
        self.chain.refresh_rows(row.id, EVENTS)
        self.chain.ledger.record(INCIDENT, row.id, incident_open(row.reference))
        return _record(row, facts)

    def _insert_with_reference(self, row: Incident, year: int) -> None:
        # Two writers on PostgreSQL may pick the same number: the unique index decides, and the
        # loser retries inside a savepoint so that its transaction stays usable.
        for _ in range(_REFERENCE_ATTEMPTS):
            row.reference = self._next_reference(year)
            row.row_mac = incident_mac(self.ring.audit_key, row)
            candidate = Incident(**row.model_dump())
            try:
                with self.session.begin_nested():
                    self.session.add(candidate)
                    self.session.flush()
            except sa_exc.IntegrityError:
                continue
            self.session.expunge(candidate)
            return
        raise StorageError("Could not allocate an incident reference: too many concurrent saves.")

    def _next_reference(self, year: int) -> str:
        # Shredded incidents keep their references (in tombstones): a number is never used twice.
        prefix = f"BR-{year:04d}-"
        number = max(self._last_number(Incident, prefix), self._last_number(Tombstone, prefix))
        return f"{prefix}{number + 1:04d}"

    def _last_number(self, model: Any, prefix: str) -> int:
        in_year = model.reference.startswith(prefix, autoescape=True)
        last = self.session.execute(
            sa.select(model.reference).where(in_year).order_by(model.reference.desc()).limit(1)
        ).scalar_one_or_none()
        number = int(last[len(prefix) :]) if last else 0
        if number >= 9999:
            # Past four digits text order is not number order (BR-2024-9999 > BR-2024-10000).
            number = self.session.execute(
                sa.select(
                    sa.func.max(
                        sa.cast(sa.func.substr(model.reference, len(prefix) + 1), sa.Integer)
                    )
                ).where(in_year)
            ).scalar_one()
        return number

    def load(self, incident_id_or_reference: str, *, lock: bool = False) -> IncidentRecord:
        """The incident, its MAC checked; ``lock`` holds the row until commit (PostgreSQL), so that
        a use case which records something about this version is not overtaken meanwhile."""
        row = self.chain.incident_row(incident_id_or_reference, lock=lock)
        key = self.chain.data_key(row.data_key_id)
        return _record(
            row, unseal_json(key, row.facts_ct, at=place("incident", "facts_ct", row.id))
        )

    def id_of(self, incident_id_or_reference: str) -> str | None:
        """The id of the incident with this id or reference, or None; opens nothing."""
        if not isinstance(incident_id_or_reference, str):
            return None
        by_reference = REFERENCE.fullmatch(incident_id_or_reference)
        column = Incident.reference if by_reference else Incident.id
        return self.session.execute(
            sa.select(Incident.id).where(column == incident_id_or_reference)
        ).scalar_one_or_none()

    def refs(self) -> list[tuple[str, str]]:
        """(id, reference) of every incident, oldest first, without opening anything."""
        rows = self.session.execute(
            sa.select(Incident.id, Incident.reference).order_by(
                Incident.created_at, Incident.reference
            )
        )
        return [(r.id, r.reference) for r in rows]

    def update(
        self,
        *,
        incident_id: str,
        expected_version: int,
        facts: dict[str, Any],
        summary: dict[str, Any],
        event: NewEvent,
        status: str | None = None,
    ) -> int:
        """Replace the facts snapshot if it is still at ``expected_version``; returns the new one.

        A stale version raises VersionConflict before anything is written.
        """
        json_bytes(facts, "facts")
        json_bytes(summary, "summary")
        check_event(event)
        row = self.chain.incident_row(incident_id, lock=True)
        if row.version != expected_version:
            raise VersionConflict(
                incident_ref=row.reference,
                expected_version=expected_version,
                current_version=row.version,
            )
        key = self.chain.data_key(row.data_key_id)
        changes = {
            "version": expected_version + 1,
            "status": row.status if status is None else status,
            "updated_at": utc(event.at, "event.at"),
            "facts_ct": seal_json(
                key, facts, at=place("incident", "facts_ct", row.id), what="facts"
            ),
            "summary_ct": seal_json(
                key, summary, at=place("incident", "summary_ct", row.id), what="summary"
            ),
        }
        self.chain.append(row, event, changes)
        return expected_version + 1

    def set_status(self, *, incident_id: str, status: str, summary: dict[str, Any]) -> None:
        """Store a new status and register summary without a new facts version or event.

        Both are derived from facts and filings, whose changes are already on the chain; the
        row MAC still covers them, so an edit outside breachreport shows in verify.
        """
        json_bytes(summary, "summary")
        row = self.chain.incident_row(incident_id, lock=True)
        key = self.chain.data_key(row.data_key_id)
        summary_ct = seal_json(
            key, summary, at=place("incident", "summary_ct", row.id), what="summary"
        )
        self.chain.compare_and_set(
            row,
            {"status": status, "summary_ct": summary_ct},
            old_head=row.chain_head,
            expected_version=row.version,
        )


def _record(row: Incident, facts: dict[str, Any]) -> IncidentRecord:
    return IncidentRecord(
        id=row.id,
        reference=row.reference,
        status=row.status,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        facts=facts,
        chain_head=row.chain_head,
    )
