"""Retention and crypto-shredding: how long the organisation keeps an incident after its handling
ended, which incidents are past that, and shredding one (its data key and every sealed row
destroyed, a tombstone left in the register).

The rule. An incident is due once its handling has ended (a complete notification, a withdrawal,
or the DPO's documented decision not to notify) and the retention period has passed since the last
thing recorded on its audit trail (a revision, a filing, a case number, a decision). Counting from
the last activity, not from the opening, means that a late supplement or an authority's question
restarts the period: the documentation is kept as long after the case went quiet as the
organisation decided. Incidents still being handled are never due; the DPO may still shred one by
hand (a duplicate, a test), with a reason. The default is five years, long enough to answer IMY's
supervision of the Art. 33(5) documentation and claims that follow a breach, short enough to
honour storage limitation (Art. 5(1)(e)); each organisation sets its own with legal advice.

Only the DPO and the administrator may shred (``UseCase.SHRED``); the period is an organisation
setting (``UseCase.EDIT_ORGANISATION``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.facts import stored_facts
from ..domain.status import Role, Status
from ..errors import InputError
from ..i18n import _
from .base import UseCases, actor_row
from .free_text import REASON, checked_free_text
from .permissions import Actor, UseCase

if TYPE_CHECKING:
    from ..storage import Transaction
    from ..storage.records import TombstoneRecord

RETENTION = "retention_months"  # the setting's name
DEFAULT_MONTHS = 5 * 12
MAX_MONTHS = 100 * 12
MAX_REASON = 1000
# Where handling has ended; only these become due by the passing of time.
ENDED = (Status.COMPLETE, Status.WITHDRAWN, Status.NOT_NOTIFIED)
SHREDDED = _("Shredded")


@dataclass(frozen=True)
class FiledAt:
    kind: str
    filed_at: datetime
    case_number: str | None


@dataclass(frozen=True)
class Tombstone:
    """What is left of a shredded incident; nothing in it was ever sealed with its data key."""

    id: str
    reference: str
    status: Status  # when it was shredded
    created_at: datetime
    aware_at: datetime | None
    decision: str | None
    filings: tuple[FiledAt, ...]
    last_activity_at: datetime
    shredded_at: datetime
    shredded_by: str
    shredded_role: Role
    reason: str


@dataclass(frozen=True)
class DueIncident:
    """An incident past the retention period."""

    id: str
    reference: str
    status: Status
    last_activity_at: datetime
    due_at: datetime


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months; the 31st becomes the month's last day if need be."""
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def check_months(months: object) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise InputError(
            _(
                "The retention period must be a whole number of months from 1 to {limit}.",
                limit=MAX_MONTHS,
            )
        )
    return months


def check_reason(reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise InputError(_("Say why the incident is shredded; the reason stays in the register."))
    if len(text) > MAX_REASON:
        raise InputError(_("The reason must be at most {limit} characters.", limit=MAX_REASON))
    return checked_free_text(text, REASON)


class Retention(UseCases):
    """The retention period and shredding (``workspace.retention``)."""

    def months(self) -> int:
        """The organisation's retention period in months (default five years)."""
        with self.store.transaction(write=False) as tx:
            stored = tx.settings.get(RETENTION)
        return DEFAULT_MONTHS if stored is None else int(stored)

    def set_months(self, *, actor: Actor, months: int, at: datetime | None = None) -> None:
        months = check_months(months)
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.EDIT_ORGANISATION)
            actor_id = actor_row(tx, actor)
            tx.settings.save(RETENTION, months, at=at, by=actor_id)

    def due(self, *, now: datetime | None = None, actor: Actor | None = None) -> list[DueIncident]:
        """Incidents whose handling ended and whose retention period has passed at ``now``,
        longest overdue first. Opens nothing: status and audit times are plain."""
        now = now or self.clock()
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.SHRED)
            stored = tx.settings.get(RETENTION)
            months = DEFAULT_MONTHS if stored is None else int(stored)
            found = tx.shredding.last_activity([s.value for s in ENDED])
        due = []
        for incident_id, reference, status, last in found:
            due_at = add_months(last, months)
            if due_at <= now:
                due.append(DueIncident(incident_id, reference, Status(status), last, due_at))
        return due

    def shred(
        self, *, ref: str, actor: Actor, reason: str, at: datetime | None = None
    ) -> Tombstone:
        """Destroy the incident's data key and every row sealed with it, in one transaction, and
        leave a tombstone: reference, opening, awareness and filing times, the outcome, who shredded
        it, when and why. Afterwards nothing of its facts, history, filings, documents,
        invitations, proposals, comments or evidence can be read, by anyone."""
        reason = check_reason(reason)
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.SHRED, ref)
            record = tx.incidents.load(ref, lock=True)
            facts = stored_facts(record.facts)
            actor_id = actor_row(tx, actor)
            made = tx.shredding.shred(
                incident_id=record.id,
                aware_at=facts.times.aware_at,
                decision=facts.decision.outcome.value if facts.decision.outcome else None,
                shredded_at=at,
                shredded_by=actor_id,
                shredded_role=Role(actor.role).value,
                reason=reason,
            )
            tombstone = _tombstone(tx.actors.get(made.shredded_by).name, made)
        self.store.erase_freed_space()
        return tombstone

    def tombstones(self) -> list[Tombstone]:
        """Every shredded incident, in the order they were opened."""
        with self.store.transaction(write=False) as tx:
            return tombstones(tx)


def tombstones(tx: Transaction) -> list[Tombstone]:
    """The tombstones with the names of who shredded them (inside a use case's transaction)."""
    names: dict[str, str] = {}
    found = []
    for record in tx.shredding.tombstones():
        if record.shredded_by not in names:
            names[record.shredded_by] = tx.actors.get(record.shredded_by).name
        found.append(_tombstone(names[record.shredded_by], record))
    return found


def _tombstone(name: str, record: TombstoneRecord) -> Tombstone:
    return Tombstone(
        id=record.id,
        reference=record.reference,
        status=Status(record.status),
        created_at=record.created_at,
        aware_at=record.aware_at,
        decision=record.decision,
        filings=tuple(FiledAt(f.kind, f.filed_at, f.case_number) for f in record.filings),
        last_activity_at=record.last_activity_at,
        shredded_at=record.shredded_at,
        shredded_by=name,
        shredded_role=Role(record.shredded_role),
        reason=record.reason,
    )
