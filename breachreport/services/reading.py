"""Reading one incident: its facts, filings, history, export, assessment and clocks.

A read without an actor is the local operator's (the command line); screens pass the signed-in
actor to every read, so that scope rules apply.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.assessment import Assessment, assess
from ..domain.clocks import Clock, clocks
from ..domain.facts import stored_facts
from .base import UseCases
from .permissions import Actor, UseCase
from .views import (
    Filing,
    HistoryEntry,
    Incident,
    filed_reports,
    filing_view,
    history_entry,
    incident_view,
)


class Reading(UseCases):
    """The reads of one incident (``workspace.incident(...)``, ``workspace.history(...)``...)."""

    def incident(self, ref: str, *, actor: Actor | None = None) -> Incident:
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_INCIDENT, ref)
            return incident_view(tx.incidents.load(ref))

    def filings(self, ref: str, *, actor: Actor | None = None) -> list[Filing]:
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.incidents.load(ref)
            return [filing_view(tx, f) for f in tx.filings.for_incident(record.id)]

    def history(self, ref: str, *, actor: Actor | None = None) -> list[HistoryEntry]:
        """Every event of the incident, oldest first, each with its actor's name and role."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_HISTORY, ref)
            record = tx.incidents.load(ref)
            names: dict[str, str] = {}

            def name(actor_id: str | None) -> str | None:
                if actor_id is None:
                    return None
                if actor_id not in names:
                    names[actor_id] = tx.actors.get(actor_id).name
                return names[actor_id]

            return [history_entry(event, name) for event in tx.events.for_incident(record.id)]

    def export(self, ref: str, *, actor: Actor | None = None) -> dict[str, Any]:
        """The facts as JSON that validates against ``breachreport schema`` and imports again."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.EXPORT, ref)
            return incident_view(tx.incidents.load(ref)).facts.to_json_dict()

    def assessment(self, ref: str, *, actor: Actor | None = None) -> Assessment:
        """The risk assessment of the current facts."""
        return assess(self.incident(ref, actor=actor).facts)

    def clocks(
        self, ref: str, *, now: datetime | None = None, actor: Actor | None = None
    ) -> list[Clock]:
        """Every legal clock of the incident at ``now`` (default: the workspace's clock)."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.incidents.load(ref)
            filings = tx.filings.for_incident(record.id)
        facts = stored_facts(record.facts)
        return clocks(facts, now=now or self.clock(), filings=filed_reports(filings))
