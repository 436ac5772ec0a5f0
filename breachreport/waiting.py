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
from .services import Workspace

SOON = timedelta(hours=24)
# Nothing is left to approve or to file once the case is closed with IMY.
_CLOSED = frozenset({Status.COMPLETE, Status.WITHDRAWN})


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
    for row in workspace.register_for(actor):
        if row.shredded_at is not None or row.damaged:
            continue
        try:
            found.extend(
                _for_incident(workspace, actor, row.reference, row.title, row.status, now, within)
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
    if not may(actor.role, UseCase.REVIEW_PROPOSAL):
        return 0
    return len(workspace.proposals.pending(ref=ref, actor=actor))


def _for_incident(
    workspace: Workspace,
    actor: Actor,
    ref: str,
    title: str | None,
    status: Status,
    now: datetime,
    within: timedelta,
) -> list[Waiting]:
    found: list[Waiting] = []

    def add(kind: Kind, what: Text, at: datetime | None) -> None:
        found.append(Waiting(kind, ref, title, what, at))

    for clock in workspace.clocks(ref, now=now, actor=actor):
        if (
            clock.status is ClockStatus.RUNNING
            and clock.due is not None
            and clock.due - now <= within
        ):
            add(Kind.DEADLINE, clock.label, clock.due)
    if may(actor.role, UseCase.REVIEW_PROPOSAL):
        for proposal in workspace.proposals.pending(ref=ref, actor=actor):
            what = Text(
                f"Förslag från {proposal.author} ({len(proposal.changes)} frågor)",
                f"Proposal from {proposal.author} ({len(proposal.changes)} questions)",
            )
            add(Kind.PROPOSAL, what, proposal.proposed_at)
    if status in _CLOSED:
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
