"""Work that is waiting for one person: proposals to review, drafts waiting for their approval,
approvals a later change withdrew, and deadlines due within a day, over the incidents they may see.

Reads through the Workspace's public use cases only, so every scope rule holds here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .domain.clocks import ClockStatus
from .domain.labels import Text
from .domain.status import Status
from .errors import BreachReportError
from .permissions import Actor, UseCase, may
from .services import RegisterRow, Workspace

SOON = timedelta(hours=24)
# Nothing is left to approve or to file once the case is closed with IMY.
_CLOSED = frozenset({Status.COMPLETE, Status.WITHDRAWN})
# Still being worked on, whatever its age.
_OPEN = frozenset({Status.DRAFT, Status.PRELIMINARY, Status.SUPPLEMENTED})
# How long after awareness or the last change an incident that is closed or documented only is
# still looked at: the longest clock runs a month from a notification made days after awareness.
# Older ones are not opened at all, so that the overview stays fast as the register grows.
RECENT = timedelta(days=62)


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
    what: Text
    at: datetime | None  # a proposal's or a change's time; a deadline's due time

    @property
    def page(self) -> str:
        return PAGES[self.kind]


def waiting_for(
    workspace: Workspace, actor: Actor, *, now: datetime | None = None, within: timedelta = SOON
) -> list[Waiting]:
    """Everything waiting for ``actor``: deadlines first (soonest first), then proposals, reviews
    and withdrawn approvals, oldest first. An incident that cannot be read is left out."""
    now = now or workspace.clock()
    found: list[Waiting] = []
    # One read for every incident's proposals; only incidents with some are opened for them.
    proposals = workspace.proposals.waiting(actor=actor) if _reviews_proposals(actor) else {}
    for row in workspace.register_for(actor):
        if row.shredded_at is not None or row.damaged:
            continue
        try:
            found.extend(
                _for_incident(
                    workspace,
                    actor,
                    row,
                    now,
                    within,
                    proposals=row.reference in proposals,
                )
            )
        except BreachReportError:  # e.g. unassigned meanwhile: not this person's work any more
            continue
    order = list(Kind)
    return sorted(found, key=lambda w: (order.index(w.kind), w.at or now, w.reference))


def count(items: list[Waiting], kind: Kind, reference: str | None = None) -> int:
    """How many of ``items`` are of ``kind`` (for one incident, when given)."""
    return sum(1 for w in items if w.kind is kind and reference in (None, w.reference))


def pending_proposals(workspace: Workspace, actor: Actor, ref: str) -> int:
    """How many supplier proposals wait for review on one incident (0 for who may not review)."""
    if not _reviews_proposals(actor):
        return 0
    return sum(workspace.proposals.waiting(actor=actor, ref=ref).values())


def _live(row: RegisterRow, now: datetime) -> bool:
    """Whether an incident may still have work with a deadline or an approval: open, or closed
    or documented only but aware of or changed recently (``RECENT``)."""
    if row.status in _OPEN:
        return True
    latest = max((t for t in (row.aware_at, row.updated_at, *row.filed_at) if t), default=None)
    return latest is not None and now - latest <= RECENT


def _reviews_proposals(actor: Actor) -> bool:
    return may(actor.role, UseCase.REVIEW_PROPOSAL)


def _for_incident(
    workspace: Workspace,
    actor: Actor,
    row: RegisterRow,
    now: datetime,
    within: timedelta,
    *,
    proposals: bool,
) -> list[Waiting]:
    found: list[Waiting] = []
    ref, status = row.reference, row.status

    def add(kind: Kind, what: Text, at: datetime | None) -> None:
        found.append(Waiting(kind, ref, row.title, what, at))

    live = _live(row, now)
    for clock in workspace.clocks(ref, now=now, actor=actor) if live else ():
        if (
            clock.status is ClockStatus.RUNNING
            and clock.due is not None
            and clock.due - now <= within
        ):
            add(Kind.DEADLINE, clock.label, clock.due)
    if proposals:
        for proposal in workspace.proposals.pending(ref=ref, actor=actor):
            what = Text(
                f"Förslag från {proposal.author} ({len(proposal.changes)} frågor)",
                f"Proposal from {proposal.author} ({len(proposal.changes)} questions)",
            )
            add(Kind.PROPOSAL, what, proposal.proposed_at)
    if status in _CLOSED or not live:
        return found
    reviewing = may(actor.role, UseCase.APPROVE)
    deciding = may(actor.role, UseCase.DECIDE)
    if not (reviewing or deciding):
        return found
    state = workspace.reviews.current_approval(ref=ref, actor=actor)
    if state.approved:
        return found
    if reviewing:
        version = state.facts_version
        what = Text(
            f"Version {version} väntar på ditt godkännande",
            f"Version {version} waits for your approval",
        )
        add(Kind.REVIEW, what, state.withdrawn.changed_at if state.withdrawn else None)
    elif state.withdrawn is not None:
        add(Kind.WITHDRAWN, state.withdrawn.reason, state.withdrawn.changed_at)
    return found
