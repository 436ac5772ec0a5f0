"""Events (``tx.events``): an incident's audit chain, appended to and read back in order.

Never appends without moving the incident's chain head by compare-and-set (``IncidentChain``), so
that two writers can never both extend the same version.
"""

from __future__ import annotations

import sqlalchemy as sa

from breachreport.storage.chain import IncidentChain, check_event, event_record
from breachreport.storage.records import EventRecord, NewEvent
from breachreport.storage.tables import IncidentEvent


class EventRepository:
    """The events of incidents, through the transaction's chain."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session

    def append(self, *, incident_id: str, event: NewEvent) -> EventRecord:
        """Record an event that does not change the facts (filed, case number, a note, ...)."""
        check_event(event)
        row = self.chain.incident_row(incident_id, lock=True)
        event_row = self.chain.append(row, event)
        return event_record(event_row, self.chain.data_key(row.data_key_id))

    def for_incident(self, incident_id: str) -> list[EventRecord]:
        """Every event of the incident, oldest (seq 1) first."""
        row = self.chain.incident_row(incident_id)
        key = self.chain.data_key(row.data_key_id)
        events = self.session.scalars(
            sa.select(IncidentEvent)
            .where(IncidentEvent.incident_id == row.id)
            .order_by(IncidentEvent.seq)
        )
        return [event_record(e, key) for e in events]
