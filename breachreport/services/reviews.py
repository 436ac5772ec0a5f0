"""Legal review: assigning reviewers, comments per section, approvals bound to one facts version,
and the four-eyes rule that a complete notification needs a current approval.

An approval never outlives a change of the facts: the next revision withdraws it (its history
entry says so), and ``current_approval`` says in which version and by whom. What an approval is
and what the four-eyes rule says live in ``approvals``, which revising and filing read too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.facts import Facts
from ..domain.status import Role
from ..errors import InputError, NotFound, VersionConflict
from ..i18n import _
from ..storage import Transaction
from ..storage.records import AssignmentRecord, CommentRecord
from .approvals import (
    FILED_UNAPPROVED,
    FOUR_EYES,
    Approval,
    ApprovalState,
    Withdrawal,
    approval_state,
    approval_view,
    four_eyes_on,
)
from .base import UseCases, actor_row, attributed_event
from .free_text import checked_free_text
from .permissions import Actor, UseCase

__all__ = [
    "COMMENT_MAX_LENGTH",
    "FILED_UNAPPROVED",
    "Approval",
    "ApprovalState",
    "Assignment",
    "Comment",
    "Reviews",
    "Withdrawal",
]

COMMENT_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Assignment:
    id: str
    incident_id: str
    reviewer: str
    account_id: str | None
    assigned_at: datetime
    assigned_by: str


@dataclass(frozen=True)
class Comment:
    id: str
    incident_id: str
    section: str
    facts_version: int
    author: str
    role: Role
    at: datetime
    text: str


class Reviews(UseCases):
    """The review use cases (``workspace.reviews``)."""

    # -- assignments ---------------------------------------------------------------------------

    def assign_reviewer(
        self, *, actor: Actor, ref: str, reviewer: Actor, at: datetime | None = None
    ) -> Assignment:
        """Let ``reviewer`` (a legal reviewer's account actor, or for the local operator one known
        by name) see and approve the incident. Assigning twice changes nothing."""
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.ASSIGN_REVIEWER, ref)
            record = tx.incidents.load(ref, lock=True)
            reviewer_id = _reviewer_actor_id(tx, reviewer)
            for existing in tx.reviews.assignments(record.id):
                if (existing.reviewer_id, existing.account_id) == (
                    reviewer_id,
                    reviewer.account_id,
                ):
                    return _assignment(tx, existing)
            actor_id = actor_row(tx, actor)
            made = tx.reviews.add_assignment(
                incident_id=record.id,
                reviewer_id=reviewer_id,
                account_id=reviewer.account_id,
                assigned_at=at,
                assigned_by=actor_id,
            )
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "reviewer_assigned",
                    at=at,
                    payload={"assignment_id": made.id, "subject": reviewer_id},
                ),
            )
            return _assignment(tx, made)

    def remove_reviewer(
        self, *, actor: Actor, ref: str, reviewer: Actor, at: datetime | None = None
    ) -> None:
        """End a reviewer's assignment; their comments and approvals stay in the history."""
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.ASSIGN_REVIEWER, ref)
            record = tx.incidents.load(ref, lock=True)
            reviewer_id = _reviewer_actor_id(tx, reviewer)
            found = [
                a
                for a in tx.reviews.assignments(record.id)
                if (a.reviewer_id, a.account_id) == (reviewer_id, reviewer.account_id)
            ]
            if not found:
                raise NotFound(
                    _(
                        "{name} is not assigned to incident {reference}.",
                        name=reviewer.name,
                        reference=record.reference,
                    )
                )
            actor_id = actor_row(tx, actor)
            for assignment in found:
                tx.reviews.remove_assignment(assignment.id, removed_at=at, removed_by=actor_id)
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "reviewer_removed",
                    at=at,
                    payload={"assignment_id": found[0].id, "subject": reviewer_id},
                ),
            )

    def reviewers(self, *, ref: str, actor: Actor | None = None) -> list[Assignment]:
        """The legal reviewers assigned to the incident now."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.incidents.load(ref)
            return [_assignment(tx, a) for a in tx.reviews.assignments(record.id)]

    # -- comments ------------------------------------------------------------------------------

    def comment(
        self, *, actor: Actor, ref: str, section: str, text: str, at: datetime | None = None
    ) -> Comment:
        """A comment on one section, noted with the facts version it was made on."""
        if section not in Facts.section_names():
            raise InputError(
                _(
                    "There is no section '{section}'; choose one of: {sections}.",
                    section=section,
                    sections=", ".join(Facts.section_names()),
                )
            )
        text = _comment_text(text)
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.COMMENT, ref)
            record = tx.incidents.load(ref, lock=True)
            actor_id = actor_row(tx, actor)
            made = tx.reviews.add_comment(
                incident_id=record.id,
                section=section,
                facts_version=record.version,
                author_id=actor_id,
                author_role=actor.role.value,
                created_at=at,
                text=text,
            )
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "commented",
                    at=at,
                    fields=[section],
                    payload={"comment_id": made.id, "facts_version": record.version},
                ),
            )
            return _comment(tx, made)

    def comments(
        self, *, ref: str, actor: Actor | None = None, section: str | None = None
    ) -> list[Comment]:
        """The incident's comments, oldest first (those on ``section`` only, if given)."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.COMMENT, ref)
            record = tx.incidents.load(ref)
            return [
                _comment(tx, c)
                for c in tx.reviews.comments(record.id)
                if section is None or c.section == section
            ]

    # -- approvals -----------------------------------------------------------------------------

    def approve(
        self,
        *,
        actor: Actor,
        ref: str,
        facts_version: int,
        note: str | None = None,
        at: datetime | None = None,
    ) -> Approval:
        """Approve the draft as it stands at ``facts_version``, which must be the current version
        (VersionConflict otherwise: the reviewer read something that has changed since)."""
        note = _comment_text(note) if note else None
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.APPROVE, ref)
            record = tx.incidents.load(ref, lock=True)
            if facts_version != record.version:
                raise VersionConflict(
                    incident_ref=record.reference,
                    expected_version=facts_version,
                    current_version=record.version,
                )
            actor_id = actor_row(tx, actor)
            made = tx.reviews.add_approval(
                incident_id=record.id,
                facts_version=record.version,
                approver_id=actor_id,
                approved_at=at,
                note=note,
            )
            payload: dict[str, Any] = {"approval_id": made.id, "facts_version": record.version}
            if note:
                payload["reason"] = note
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "approved",
                    at=at,
                    payload=payload,
                ),
            )
            return approval_view(tx, made)

    def current_approval(self, *, ref: str, actor: Actor | None = None) -> ApprovalState:
        """The approval of the current facts, or None with the reason the last one lapsed."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_INCIDENT, ref)
            return approval_state(tx, tx.incidents.load(ref))

    # -- the four-eyes setting -----------------------------------------------------------------

    def four_eyes(self) -> bool:
        """Whether a complete notification needs a current approval (default: yes)."""
        with self.store.transaction(write=False) as tx:
            return four_eyes_on(tx)

    def set_four_eyes(self, *, actor: Actor, on: bool, at: datetime | None = None) -> None:
        if not isinstance(on, bool):
            raise TypeError("on must be a bool")
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.EDIT_ORGANISATION)
            actor_id = actor_row(tx, actor)
            tx.settings.save(FOUR_EYES, on, at=at, by=actor_id)


def _reviewer_actor_id(tx: Transaction, reviewer: Actor) -> str:
    """The actor row of a reviewer: their account's, checked, or (no account) by name."""
    if not isinstance(reviewer, Actor) or Role(reviewer.role) is not Role.LEGAL_REVIEWER:
        raise InputError(_("Only a legal reviewer can be assigned to review an incident."))
    if reviewer.account_id is None:
        return actor_row(tx, reviewer, role=Role.LEGAL_REVIEWER)
    try:
        account = tx.accounts.get(reviewer.account_id)
    except NotFound:
        account = None
    if account is None or account.disabled or account.role != Role.LEGAL_REVIEWER.value:
        raise InputError(
            _("That account cannot review: it is disabled, gone, or not a legal reviewer's.")
        )
    return account.actor_id


def _comment_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InputError(_("Write the comment first; it is empty."))
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > COMMENT_MAX_LENGTH:
        raise InputError(
            _(
                "The comment is too long (at most {limit:,} characters).",
                limit=COMMENT_MAX_LENGTH,
            )
        )
    return checked_free_text(text, _("comment"))


def _assignment(tx: Transaction, record: AssignmentRecord) -> Assignment:
    return Assignment(
        id=record.id,
        incident_id=record.incident_id,
        reviewer=tx.actors.get(record.reviewer_id).name,
        account_id=record.account_id,
        assigned_at=record.assigned_at,
        assigned_by=tx.actors.get(record.assigned_by).name,
    )


def _comment(tx: Transaction, record: CommentRecord) -> Comment:
    return Comment(
        id=record.id,
        incident_id=record.incident_id,
        section=record.section,
        facts_version=record.facts_version,
        author=tx.actors.get(record.author_id).name,
        role=Role(record.author_role),
        at=record.created_at,
        text=record.text,
    )
