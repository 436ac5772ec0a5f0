"""Work that is waiting for one person: proposals to review, drafts waiting for their approval,
approvals a later change withdrew, and deadlines due within a day, over the incidents they may see.

Reads through the use cases (the ``Workspace`` facade, or anything with the same reads: see
``Reads``), so every scope rule holds here too; one read of plain columns only says which
incidents to look at (see ``_marks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from ..domain.clocks import Clock, ClockStatus
from ..domain.labels import Text
from ..domain.status import Status
from ..errors import BreachReportError
from ..i18n import Message, _, _n
from ..storage import Store
from .base import allow
from .permissions import Actor, UseCase, may
from .proposals import Proposals
from .reviews import Reviews
from .views import RegisterRow

SOON = timedelta(hours=24)
# Nothing is left to approve or to file once the case is closed with IMY.
_CLOSED = frozenset({Status.COMPLETE, Status.WITHDRAWN})
# The longest a clock runs from its start (a month, for the NIS2 final report), with room for a
# start a few days after awareness: beyond it no deadline of the incident can fall due.
LONGEST = timedelta(days=38)


class Reads(Protocol):
    """The reads this module needs, as the workspace offers them (it is not imported here: the
    facade sits above every use-case module)."""

    store: Store
    clock: Callable[[], datetime]
    proposals: Proposals
    reviews: Reviews

    def register_for(self, actor: Actor) -> list[RegisterRow]: ...

    def clocks(
        self, ref: str, *, now: datetime | None = None, actor: Actor | None = None
    ) -> list[Clock]: ...


class Kind(StrEnum):
    """What kind of work waits, in the order the overview lists them."""

    DEADLINE = "deadline"
    PROPOSAL = "proposal"
    REVIEW = "review"
    WITHDRAWN = "withdrawn"


# The incident page each kind of work is done on (url_path, see ui/incident/__init__.py).
PAGES = {
    Kind.DEADLINE: "deadlines",
    Kind.PROPOSAL: "suppliers",
    Kind.REVIEW: "review",
    Kind.WITHDRAWN: "review",
}


@dataclass(frozen=True)
class Waiting:
    """One piece of work: which incident, what, and since (or until) when."""

    kind: Kind
    reference: str
    title: str | None  # the incident's internal title, as the register has it
    what: Text | Message
    at: datetime | None  # a proposal's or a change's time; a deadline's due time

    @property
    def page(self) -> str:
        return PAGES[self.kind]


def waiting_for(
    workspace: Reads,
    actor: Actor,
    *,
    now: datetime | None = None,
    within: timedelta = SOON,
    rows: list[RegisterRow] | None = None,
) -> list[Waiting]:
    """Everything waiting for ``actor``: deadlines first (soonest first), then proposals, reviews
    and withdrawn approvals, oldest first. An incident that cannot be read is left out.

    One read marks the incidents with proposals or approvals to look at; only those, and those
    whose deadlines may fall due (``_may_fall_due``), are opened, so that a register of a
    thousand incidents stays quick. ``rows`` is the register as ``register_for(actor)`` gave it
    (read again when not given)."""
    now = now or workspace.clock()
    rows = workspace.register_for(actor) if rows is None else rows
    rows = [r for r in rows if r.shredded_at is None and not r.damaged]
    marks = _marks(workspace, actor, rows)
    found: list[Waiting] = []
    for row in rows:
        try:
            found.extend(_for_incident(workspace, actor, row, marks[row.id], now, within))
        except BreachReportError:  # e.g. unassigned meanwhile: not this person's work any more
            continue
    order = list(Kind)
    return sorted(found, key=lambda w: (order.index(w.kind), w.at or now, w.reference))


@dataclass(frozen=True)
class _Marks:
    proposals: int  # waiting for review
    approved: frozenset[int] | None  # the facts versions approved; None: not looked at


def _marks(workspace: Reads, actor: Actor, rows: list[RegisterRow]) -> dict[str, _Marks]:
    """Per incident, in one read: how many proposals wait and which versions were approved.

    Two reads of plain columns for the whole register (ids, states, version numbers; nothing
    sealed), because a register of a thousand incidents must not cost a thousand reads on every
    visit to the overview. They only say where to look: every incident marked is then read
    through its use cases, which check the rows' integrity and the scope.
    """
    proposals = may(actor.role, UseCase.REVIEW_PROPOSAL)
    approvals = may(actor.role, UseCase.APPROVE) or may(actor.role, UseCase.DECIDE)
    with workspace.store.transaction(write=False) as tx:
        allow(tx, actor, UseCase.LIST_REGISTER, now=workspace.clock())
        waiting = tx.proposals.pending_counts() if proposals else {}
        approved = tx.reviews.approved_versions() if approvals else {}
    return {
        row.id: _Marks(
            waiting.get(row.id, 0),
            approved.get(row.id, frozenset()) if approvals and row.status not in _CLOSED else None,
        )
        for row in rows
    }


def _may_fall_due(row: RegisterRow, now: datetime, within: timedelta) -> bool:
    """Whether any clock of the incident can fall due within ``within``: every clock starts at
    awareness (ours or the processor's, which comes first), at a filing to any recipient, or at the NIS2
    notification a few days after awareness, and runs at most a month from its start."""
    starts = [t for t in (row.aware_at, *row.filed_at, *row.reported_at) if t is not None]
    return bool(starts) and now - max(starts) <= LONGEST + within


def count(items: list[Waiting], kind: Kind, reference: str | None = None) -> int:
    """How many of ``items`` are of ``kind`` (for one incident, when given)."""
    return sum(1 for w in items if w.kind is kind and reference in (None, w.reference))


def pending_proposals(workspace: Reads, actor: Actor, ref: str) -> int:
    """How many supplier proposals wait for review on one incident (0 for who may not review)."""
    if not _reviews_proposals(actor):
        return 0
    return sum(workspace.proposals.waiting(actor=actor, ref=ref).values())


def _reviews_proposals(actor: Actor) -> bool:
    return may(actor.role, UseCase.REVIEW_PROPOSAL)


def _for_incident(
    workspace: Reads,
    actor: Actor,
    row: RegisterRow,
    marks: _Marks,
    now: datetime,
    within: timedelta,
) -> list[Waiting]:
    found: list[Waiting] = []
    ref = row.reference

    def add(kind: Kind, what: Text | Message, at: datetime | None) -> None:
        found.append(Waiting(kind, ref, row.title, what, at))

    if _may_fall_due(row, now, within):
        for clock in workspace.clocks(ref, now=now, actor=actor):
            if (
                clock.status is ClockStatus.RUNNING
                and clock.due is not None
                and clock.due - now <= within
            ):
                add(Kind.DEADLINE, clock.label, clock.due)
    if marks.proposals:
        for proposal in workspace.proposals.pending(ref=ref, actor=actor):
            asked = len(proposal.changes)
            what = _n(
                "Proposal from {author} ({count} question)",
                "Proposal from {author} ({count} questions)",
                asked,
                author=proposal.author,
                count=asked,
            )
            add(Kind.PROPOSAL, what, proposal.proposed_at)
    if marks.approved is None or row.version in marks.approved:
        return found  # closed, or the current facts are approved
    if may(actor.role, UseCase.APPROVE):
        what = _("Version {version} waits for your approval", version=row.version)
        add(Kind.REVIEW, what, row.updated_at)
    elif marks.approved:  # approved once, not now: a later change withdrew it
        state = workspace.reviews.current_approval(ref=ref, actor=actor)
        if state.withdrawn is not None:
            add(Kind.WITHDRAWN, state.withdrawn.reason, state.withdrawn.changed_at)
    return found
