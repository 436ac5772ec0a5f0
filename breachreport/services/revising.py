"""Changing the facts: opening an incident, importing one, revising it, and the DPO's decision.

``revise_in`` is the revision inside a transaction whose use case has already checked permissions
(a proposal the DPO accepts is revised this way, attributed to its author); ``check_overlap`` and
``check_awareness_change`` are the rules a proposal is held to as well, before it is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..domain.changes import apply as apply_changes
from ..domain.changes import diff, flatten
from ..domain.circumstances import Outcome
from ..domain.decision import decision_changes
from ..domain.facts import Facts, labelled, parse_facts, stored_facts
from ..domain.problems import Problem
from ..errors import FactsInvalid, InputError, VersionConflict
from ..i18n import _
from ..storage import IncidentRecord, Transaction
from .approvals import approved
from .base import REVISION_KINDS, UseCases, attributed_event
from .free_text import REASON, free_text
from .permissions import Actor, UseCase
from .views import Incident, incident_view, status_of, summary

_AWARE_REASON = _(
    "The awareness time is already set; give a reason for changing it (the 72-hour deadline moves)."
)


class Revising(UseCases):
    """The use cases that change the facts (``workspace.open_incident``, ``revise``, ``decide``)."""

    def open_incident(
        self,
        *,
        actor: Actor,
        changes: Mapping[str, Any],
        at: datetime | None = None,
        source: str = "opened",
    ) -> Incident:
        """A new incident from a first set of answers; its clocks start from ``times.aware_at``."""
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.OPEN_INCIDENT)
            return self._open(tx, actor, changes, at=at or self.clock(), source=source)

    def import_facts(self, *, actor: Actor, data: str | bytes | dict[str, Any]) -> Incident:
        """A new incident from facts JSON (as written by ``export``). Every problem is named at
        once, each with its question's label, and nothing is stored while any is left."""
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.IMPORT)
            try:
                facts = parse_facts(data, now=self.clock())
            except FactsInvalid as error:
                raise FactsInvalid(labelled(error.problems)) from None
            changes = {path: new for path, (_old, new) in diff(Facts(), facts).items()}
            self.allow(tx, actor, UseCase.OPEN_INCIDENT)
            return self._open(tx, actor, changes, at=self.clock(), source="import")

    def _open(
        self,
        tx: Transaction,
        actor: Actor,
        changes: Mapping[str, Any],
        *,
        at: datetime,
        source: str,
    ) -> Incident:
        return incident_view(open_in(tx, actor, changes, at=at, source=source, now=self.clock()))

    def revise(
        self,
        *,
        actor: Actor,
        ref: str,
        changes: Mapping[str, Any],
        expected_version: int,
        reason: str | None = None,
        at: datetime | None = None,
        kind: str = "revised",
    ) -> Incident:
        """Apply ``changes`` made by someone who read ``expected_version``.

        If others saved in between, the change still applies when it touches none of the questions
        they changed; otherwise VersionConflict carries both values and nothing is saved.
        """
        use_case = UseCase.DECIDE if kind == "decided" else UseCase.REVISE
        with self.store.transaction() as tx:
            self.allow(tx, actor, use_case, ref)
            return revise_in(
                tx,
                author=actor,
                ref=ref,
                changes=changes,
                expected_version=expected_version,
                reason=reason,
                at=at or self.clock(),
                now=self.clock(),
                kind=kind,
            )

    def decide(
        self,
        *,
        actor: Actor,
        ref: str,
        outcome: Outcome,
        reason: str | None,
        expected_version: int,
        at: datetime | None = None,
    ) -> Incident:
        """Record the DPO's decision on the duties as a revision; an override needs a reason. One
        transaction: the decision is worked out from the facts it is then saved over."""
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.DECIDE, ref)
            current = stored_facts(tx.incidents.load(ref, lock=True).facts)
            changes = decision_changes(
                current, outcome=outcome, reason=reason, decided_by=actor.name, decided_at=at
            )
            return revise_in(
                tx,
                author=actor,
                ref=ref,
                changes=changes,
                expected_version=expected_version,
                reason=None,
                at=at,
                now=self.clock(),
                kind="decided",
            )


def revise_in(
    tx: Transaction,
    *,
    author: Actor,
    ref: str,
    changes: Mapping[str, Any],
    expected_version: int,
    reason: str | None,
    at: datetime,
    now: datetime,
    kind: str,
    payload: Mapping[str, Any] | None = None,
) -> Incident:
    """``revise`` inside a transaction whose use case has already checked permissions (e.g.
    a proposal the DPO accepted, attributed to its author). Never call it unchecked."""
    # Locked: on PostgreSQL a save committed between this read and the write would otherwise
    # turn a change to other questions, which merges, into a conflict.
    reason = _reason(reason)
    record = tx.incidents.load(ref, lock=True)
    current = stored_facts(record.facts)
    if record.version != expected_version:
        check_overlap(tx, record, current, changes, expected_version)
    facts = apply_changes(current, changes, now=now)
    delta = diff(current, facts)
    if not delta:
        return incident_view(record)
    check_awareness_change(current, delta, reason)
    filings = tx.filings.for_incident(record.id)
    recorded: dict[str, Any] = {**(payload or {}), "changes": delta}
    if reason:
        recorded["reason"] = reason
    if approved(tx, record):
        recorded["withdrew_approval"] = record.version  # an approval holds for one version
    tx.incidents.update(
        incident_id=record.id,
        expected_version=record.version,
        facts=facts.model_dump(mode="json"),
        summary=summary(facts, filings),
        status=status_of(facts, filings).value,
        event=attributed_event(tx, author, kind, at=at, fields=sorted(delta), payload=recorded),
    )
    return incident_view(tx.incidents.load(record.id))


def check_overlap(
    tx: Transaction,
    record: IncidentRecord,
    current: Facts,
    changes: Mapping[str, Any],
    expected_version: int,
) -> None:
    """Raise VersionConflict if anyone changed one of these questions since ``expected_version``."""
    if expected_version > record.version or expected_version < 1:
        raise InputError(
            _(
                "Version {expected_version} of {reference} does not exist (it is at version "
                "{version}).",
                expected_version=expected_version,
                reference=record.reference,
                version=record.version,
            )
        )
    mine = set(changes)
    touched: set[str] = set()
    # Revisions bump the version one by one, so the last (current - expected) revisions are
    # exactly what the user has not seen.
    unseen = record.version - expected_version
    revisions = [e for e in tx.events.for_incident(record.id) if e.kind in REVISION_KINDS]
    for event in revisions[len(revisions) - unseen :]:
        touched |= set(event.fields)
    overlap = sorted(mine & touched)
    if overlap:
        now_stored = flatten(current)
        raise VersionConflict(
            incident_ref=record.reference,
            expected_version=expected_version,
            current_version=record.version,
            theirs={path: now_stored[path] for path in overlap},
            yours={path: changes[path] for path in overlap},
        )


# As long as a comment may be: a contact's comment is the reason of the revision it becomes.
REASON_MAX_LENGTH = 5000


def _reason(reason: Any) -> str | None:
    """The reason given for a revision, as text a reader can see; None if none was given."""
    if reason is None:
        return None
    return free_text(reason, REASON, limit=REASON_MAX_LENGTH) or None


def check_awareness_change(current: Facts, delta: Mapping[str, Any], reason: str | None) -> None:
    if "times.aware_at" in delta and current.times.aware_at is not None and not reason:
        raise FactsInvalid(
            [
                Problem(
                    "times.aware_at",
                    "aware_change_reason",
                    _AWARE_REASON.in_("sv"),
                    _AWARE_REASON.in_("en"),
                )
            ]
        )


def open_in(
    tx: Transaction,
    actor: Actor,
    changes: Mapping[str, Any],
    *,
    at: datetime,
    source: str,
    now: datetime,
) -> IncidentRecord:
    """A new incident from a first set of answers, inside ``tx``, with its attributed "opened"
    event; ``source`` says how it came ("opened", "import", "bulletin")."""
    facts = apply_changes(Facts(), changes, now=now)
    delta = diff(Facts(), facts)
    return tx.incidents.create(
        created_at=at,
        facts=facts.model_dump(mode="json"),
        summary=summary(facts, []),
        status=status_of(facts, []).value,
        event=attributed_event(
            tx,
            actor,
            "opened",
            at=at,
            fields=sorted(delta),
            payload={"changes": delta, "source": source},
        ),
    )
