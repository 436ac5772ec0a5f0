"""What the repositories share: data keys, incident rows read with their MAC checked, and events
appended to an incident's chain with the head moved by compare-and-set.

One ``IncidentChain`` per transaction, handed to every repository that needs it (a collaborator,
not a base class). Never commits (``Store.transaction`` does) and never interprets facts or
payloads.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from breachreport.crypto import DataKeyCache, KeyRing, macs_equal, new_data_key, wrap_data_key
from breachreport.errors import IntegrityError, NotFound, StorageError, VersionConflict
from breachreport.i18n import Message, _
from breachreport.storage.audit import event_mac, incident_mac
from breachreport.storage.ledger import DATA_KEY, Ledger, full_mac
from breachreport.storage.manifest import EVENTS, renewed
from breachreport.storage.records import EventRecord, NewEvent
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import DataKey, Incident, IncidentEvent, Meta, Tombstone

REFERENCE = re.compile(r"BR-\d{4}-\d+")
DIRECTORY_KEY = "directory_key_id"


def new_id() -> str:
    return uuid.uuid4().hex


def utc(value: datetime, what: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise TypeError(f"{what} must be a timezone-aware datetime")
    return value.astimezone(UTC)


def event_place(incident_id: str, seq: int) -> str:
    # Known before insert, unlike the autoincrement id.
    return place("incident_event", "payload_ct", f"{incident_id}:{seq}")


def create_data_key(
    session: Session, ring: KeyRing, *, purpose: str, created_at: datetime
) -> tuple[str, bytes]:
    """A fresh data key, stored wrapped under the ring's active master key; (id, key)."""
    key_id, key = new_id(), new_data_key()
    master_key_id, wrapped = wrap_data_key(ring, key, key_id)
    row = DataKey(
        id=key_id,
        purpose=purpose,
        master_key_id=master_key_id,
        wrapped=wrapped,
        created_at=created_at,
    )
    row.row_mac = full_mac(ring.audit_key, row, DataKey.__table__)
    session.add(row)
    session.flush()
    Ledger(session, ring.audit_key).record(DATA_KEY, key_id, row.row_mac)
    return key_id, key


class IncidentChain:
    """The session, key ring and data-key cache of one transaction, and the chain logic on them."""

    def __init__(self, session: Session, ring: KeyRing, keys: DataKeyCache) -> None:
        self.session = session
        self.ring = ring
        self.keys = keys
        self.ledger = Ledger(session, ring.audit_key)

    # -- data keys -----------------------------------------------------------------------------

    def create_data_key(self, purpose: str, created_at: datetime) -> tuple[str, bytes]:
        """A fresh data key for ``purpose`` (see the module function); (id, key)."""
        return create_data_key(self.session, self.ring, purpose=purpose, created_at=created_at)

    def data_key(self, data_key_id: str) -> bytes:
        row = self.session.execute(
            sa.select(DataKey.master_key_id, DataKey.wrapped).where(DataKey.id == data_key_id)
        ).one_or_none()
        if row is None:
            raise IntegrityError(f"Data key {data_key_id} is missing.")
        return self.keys.unwrap(row.master_key_id, data_key_id, row.wrapped)

    def directory_key(self) -> bytes:
        meta = self.session.get(Meta, DIRECTORY_KEY)
        if meta is None:
            raise StorageError("The database has no directory key; open it with open_store().")
        return self.data_key(meta.value)

    def incident_key(self, incident_id: str) -> bytes:
        """The data key of an incident, its row's MAC checked on the way."""
        return self.data_key(self.incident_row(incident_id).data_key_id)

    # -- incident rows -------------------------------------------------------------------------

    def incident_row(self, incident_id_or_reference: str, *, lock: bool = False) -> Incident:
        """The incident row, its MAC checked; ``lock`` holds it until commit (PostgreSQL)."""
        by_reference = REFERENCE.fullmatch(incident_id_or_reference)
        column = Incident.reference if by_reference else Incident.id
        query = sa.select(Incident).where(column == incident_id_or_reference)
        if lock:
            # Two writers on PostgreSQL queue here; the second then sees the first one's version.
            # SQLite needs no row lock: BEGIN IMMEDIATE already serialises writers.
            query = query.with_for_update()
        row = self.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
        if row is None:
            raise NotFound(self._missing(incident_id_or_reference))
        # A detached copy: changes go through explicit compare-and-set UPDATEs, never autoflush.
        self.session.expunge(row)
        if not macs_equal(row.row_mac, incident_mac(self.ring.audit_key, row)):
            raise IntegrityError(
                f"Incident {row.reference} failed its integrity check; run breachreport verify."
            )
        return row

    def _missing(self, incident_id_or_reference: str) -> Message:
        shredded = self.session.execute(
            sa.select(Tombstone.reference).where(
                sa.or_(
                    Tombstone.id == incident_id_or_reference,
                    Tombstone.reference == incident_id_or_reference,
                )
            )
        ).scalar_one_or_none()
        if shredded is not None:
            return _(
                "Incident {ref} has been shredded; only its tombstone is left in the register.",
                ref=shredded,
            )
        return _("No incident {ref}.", ref=incident_id_or_reference)

    def _current_version(self, incident_id: str) -> int:
        return self.session.execute(
            sa.select(Incident.version).where(Incident.id == incident_id)
        ).scalar_one()

    def compare_and_set(
        self, row: Incident, values: dict[str, Any], *, old_head: str, expected_version: int
    ) -> None:
        """Write ``values`` (and a fresh row MAC) only if nobody moved the incident meanwhile."""
        new = SimpleNamespace(**{**row.model_dump(), **values})
        values = {**values, "row_mac": incident_mac(self.ring.audit_key, new)}
        result = self.session.execute(
            sa.update(Incident)
            .where(
                Incident.id == row.id,
                Incident.version == expected_version,
                Incident.chain_head == old_head,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise VersionConflict(
                incident_ref=row.reference,
                expected_version=expected_version,
                current_version=self._current_version(row.id),
            )
        for name, value in values.items():
            setattr(row, name, value)

    # -- events --------------------------------------------------------------------------------

    def event_row(self, row: Incident, key: bytes, *, seq: int, event: NewEvent) -> IncidentEvent:
        event_row = IncidentEvent(
            incident_id=row.id,
            seq=seq,
            kind=event.kind,
            at=utc(event.at, "event.at"),
            actor_id=event.actor_id,
            actor_role=event.actor_role,
            fields=list(event.fields),
            payload_ct=seal_json(
                key, event.payload, at=event_place(row.id, seq), what="event payload"
            ),
            prev_mac=row.chain_head,
            mac="",
        )
        event_row.mac = event_mac(self.ring.audit_key, event_row)
        return event_row

    def _next_seq(self, incident_id: str) -> int:
        last = self.session.execute(
            sa.select(sa.func.max(IncidentEvent.seq)).where(
                IncidentEvent.incident_id == incident_id
            )
        ).scalar_one()
        return (last or 0) + 1

    def _insert_event(self, event_row: IncidentEvent, *, reference: str, version: int) -> None:
        self.session.add(event_row)
        try:
            self.session.flush()
        except sa_exc.IntegrityError:
            # Only a concurrent writer can have taken this seq: the caller must reload.
            raise VersionConflict(
                incident_ref=reference, expected_version=version, current_version=version
            ) from None

    def append(
        self, row: Incident, event: NewEvent, changes: dict[str, Any] | None = None
    ) -> IncidentEvent:
        """Append ``event`` to a locked incident row and apply ``changes`` to the row with it."""
        check_event(event)
        key = self.data_key(row.data_key_id)
        old_head, version = row.chain_head, row.version
        event_row = self.event_row(row, key, seq=self._next_seq(row.id), event=event)
        self._insert_event(event_row, reference=row.reference, version=version)
        rows = renewed(self.session, row.id, row.rows, [EVENTS])
        self.compare_and_set(
            row,
            {**(changes or {}), "chain_head": event_row.mac, "rows": rows},
            old_head=old_head,
            expected_version=version,
        )
        return event_row

    def refresh_rows(self, incident_id: str, *tables: str) -> None:
        """Renew the incident's manifest (``storage.manifest``) for rows of ``tables`` written in
        this transaction; the incident row is locked, its MAC checked first and renewed."""
        row = self.incident_row(incident_id, lock=True)
        rows = renewed(self.session, row.id, row.rows, tables)
        self.compare_and_set(
            row, {"rows": rows}, old_head=row.chain_head, expected_version=row.version
        )


def check_event(event: NewEvent) -> None:
    """Refuse a malformed event before anything is written."""
    if not isinstance(event, NewEvent):
        raise TypeError("event must be a NewEvent")
    utc(event.at, "event.at")
    if not all(isinstance(f, str) for f in event.fields):
        raise TypeError("event.fields must be field paths (str)")
    json_bytes(event.payload, "event payload")


def event_record(event: IncidentEvent, key: bytes) -> EventRecord:
    return EventRecord(
        seq=event.seq,
        kind=event.kind,
        at=event.at,
        actor_id=event.actor_id,
        actor_role=event.actor_role,
        fields=list(event.fields),
        payload=unseal_json(key, event.payload_ct, at=event_place(event.incident_id, event.seq)),
        mac=event.mac,
    )
