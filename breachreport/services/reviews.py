"""Legal review: assigning reviewers, comments per section, approvals bound to one facts version,
and the four-eyes rule that a complete notification needs a current approval.

An approval never outlives a change of the facts: the next revision withdraws it (its history
entry says so), and ``current_approval`` says in which version and by whom.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.choices import FilingKind
from ..domain.facts import Facts, questions
from ..domain.labels import Text
from ..domain.problems import Problem
from ..domain.status import Role
from ..domain.times import format_local
from ..errors import InputError, NotFound, VersionConflict
from .permissions import Actor, UseCase
from .workspace import REVISION_KINDS, Workspace
from ..storage import IncidentRecord, NewEvent, Transaction
from ..storage.records import ApprovalRecord, AssignmentRecord, CommentRecord

FOUR_EYES = "four_eyes"  # the setting's name; on unless an administrator or DPO turns it off
COMMENT_MAX_LENGTH = 5000

APPROVAL_NEEDED = Text(
    "En fullständig anmälan kräver att en juridisk granskare har godkänt just den här versionen av "
    "utkastet (fyraögonsprincipen); be om ett godkännande.",
    "A complete notification needs a legal reviewer's approval of exactly this version of the "
    "draft (four eyes); ask for one.",
)
FILED_UNAPPROVED = Text(
    "Ingen juridisk granskare har godkänt den här versionen. Anmälan kan registreras ändå, "
    "eftersom tidsfristen går först; be om granskning i efterhand.",
    "No legal reviewer has approved this version. It can be filed anyway, because the deadline "
    "comes first; ask for a review afterwards.",
)
FILED_WITHDRAWN = Text(
    "Anmälan kan registreras ändå, eftersom tidsfristen går först; be om ett nytt godkännande.",
    "It can be filed anyway, because the deadline comes first; ask for a new approval.",
)


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


@dataclass(frozen=True)
class Approval:
    id: str
    incident_id: str
    facts_version: int
    approved_by: str
    approved_at: datetime
    note: str | None


@dataclass(frozen=True)
class Withdrawal:
    """Why an approval no longer holds: the revision that made the next version."""

    approval: Approval
    version: int
    changed_by: str
    changed_by_role: Role
    changed_at: datetime
    fields: tuple[str, ...]

    @property
    def reason(self) -> Text:
        sv_role, en_role = self.changed_by_role.text
        return Text(
            f"Godkännandet av version {self.approval.facts_version} gäller inte längre: "
            f"uppgifterna ändrades i version {self.version} av {self.changed_by} "
            f"({sv_role.lower()}).",
            f"The approval of version {self.approval.facts_version} no longer holds: the facts "
            f"changed in version {self.version} by {self.changed_by} ({en_role.lower()}).",
        )

    @property
    def detail(self) -> Text:
        """``reason`` with who approved and when, when it changed, and which questions."""
        labels = {q.path: q.label for q in questions()}
        asked = [labels[f] for f in self.fields if f in labels]
        approved, changed = self.approval.approved_at, self.changed_at
        sv, en = self.reason
        sv = sv.removesuffix(".") + f", {format_local(changed, 'sv')}"
        en = en.removesuffix(".") + f", {format_local(changed, 'en')}"
        if asked:
            sv += " (" + ", ".join(f"”{label.sv}”" for label in asked) + ")"
            en += " (" + ", ".join(f"'{label.en}'" for label in asked) + ")"
        return Text(
            f"{sv}. {self.approval.approved_by} godkände den {format_local(approved, 'sv')}.",
            f"{en}. {self.approval.approved_by} approved it on {format_local(approved, 'en')}.",
        )


@dataclass(frozen=True)
class ApprovalState:
    """Whether the current facts are approved; if not, the last approval and why it lapsed."""

    facts_version: int
    approval: Approval | None
    withdrawn: Withdrawal | None = None

    @property
    def approved(self) -> bool:
        return self.approval is not None


@dataclass(frozen=True)
class FilingCheck:
    """What the four-eyes rule says about one filing: refuse, warn, or nothing."""

    problem: Problem | None = None
    warnings: tuple[Text, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)


class Reviews:
    """The review use cases over a workspace (``workspace.reviews``)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    # -- assignments ---------------------------------------------------------------------------

    def assign_reviewer(
        self, *, actor: Actor, ref: str, reviewer: Actor, at: datetime | None = None
    ) -> Assignment:
        """Let ``reviewer`` (a legal reviewer's account actor, or for the local operator one known
        by name) see and approve the incident. Assigning twice changes nothing."""
        at = at or self.workspace.clock()
        with self.workspace.store.transaction() as tx:
            self.workspace._allow(tx, actor, UseCase.ASSIGN_REVIEWER, ref)
            record = tx.load_incident(ref, lock=True)
            reviewer_id = _reviewer_actor_id(tx, reviewer)
            for existing in tx.assignments(record.id):
                if (existing.reviewer_id, existing.account_id) == (
                    reviewer_id,
                    reviewer.account_id,
                ):
                    return _assignment(tx, existing)
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            made = tx.add_assignment(
                incident_id=record.id,
                reviewer_id=reviewer_id,
                account_id=reviewer.account_id,
                assigned_at=at,
                assigned_by=actor_id,
            )
            tx.append_event(
                incident_id=record.id,
                event=NewEvent(
                    kind="reviewer_assigned",
                    at=at,
                    actor_id=actor_id,
                    actor_role=actor.role.value,
                    payload={"assignment_id": made.id, "subject": reviewer_id},
                ),
            )
            return _assignment(tx, made)

    def remove_reviewer(
        self, *, actor: Actor, ref: str, reviewer: Actor, at: datetime | None = None
    ) -> None:
        """End a reviewer's assignment; their comments and approvals stay in the history."""
        at = at or self.workspace.clock()
        with self.workspace.store.transaction() as tx:
            self.workspace._allow(tx, actor, UseCase.ASSIGN_REVIEWER, ref)
            record = tx.load_incident(ref, lock=True)
            reviewer_id = _reviewer_actor_id(tx, reviewer)
            found = [
                a
                for a in tx.assignments(record.id)
                if (a.reviewer_id, a.account_id) == (reviewer_id, reviewer.account_id)
            ]
            if not found:
                raise NotFound(f"{reviewer.name} is not assigned to incident {record.reference}.")
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            for assignment in found:
                tx.remove_assignment(assignment.id, removed_at=at, removed_by=actor_id)
            tx.append_event(
                incident_id=record.id,
                event=NewEvent(
                    kind="reviewer_removed",
                    at=at,
                    actor_id=actor_id,
                    actor_role=actor.role.value,
                    payload={"assignment_id": found[0].id, "subject": reviewer_id},
                ),
            )

    def reviewers(self, *, ref: str, actor: Actor | None = None) -> list[Assignment]:
        """The legal reviewers assigned to the incident now."""
        with self.workspace.store.transaction(write=False) as tx:
            self.workspace._allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.load_incident(ref)
            return [_assignment(tx, a) for a in tx.assignments(record.id)]

    # -- comments ------------------------------------------------------------------------------

    def comment(
        self, *, actor: Actor, ref: str, section: str, text: str, at: datetime | None = None
    ) -> Comment:
        """A comment on one section, noted with the facts version it was made on."""
        if section not in Facts.section_names():
            raise InputError(
                f"There is no section '{section}'; choose one of: "
                f"{', '.join(Facts.section_names())}."
            )
        text = _comment_text(text)
        at = at or self.workspace.clock()
        with self.workspace.store.transaction() as tx:
            self.workspace._allow(tx, actor, UseCase.COMMENT, ref)
            record = tx.load_incident(ref, lock=True)
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            made = tx.add_comment(
                incident_id=record.id,
                section=section,
                facts_version=record.version,
                author_id=actor_id,
                author_role=actor.role.value,
                created_at=at,
                text=text,
            )
            tx.append_event(
                incident_id=record.id,
                event=NewEvent(
                    kind="commented",
                    at=at,
                    actor_id=actor_id,
                    actor_role=actor.role.value,
                    fields=[section],
                    payload={"comment_id": made.id, "facts_version": record.version},
                ),
            )
            return _comment(tx, made)

    def comments(
        self, *, ref: str, actor: Actor | None = None, section: str | None = None
    ) -> list[Comment]:
        """The incident's comments, oldest first (those on ``section`` only, if given)."""
        with self.workspace.store.transaction(write=False) as tx:
            self.workspace._allow(tx, actor, UseCase.COMMENT, ref)
            record = tx.load_incident(ref)
            return [
                _comment(tx, c)
                for c in tx.comments(record.id)
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
        at = at or self.workspace.clock()
        with self.workspace.store.transaction() as tx:
            self.workspace._allow(tx, actor, UseCase.APPROVE, ref)
            record = tx.load_incident(ref, lock=True)
            if facts_version != record.version:
                raise VersionConflict(
                    incident_ref=record.reference,
                    expected_version=facts_version,
                    current_version=record.version,
                )
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            made = tx.add_approval(
                incident_id=record.id,
                facts_version=record.version,
                approver_id=actor_id,
                approved_at=at,
                note=note,
            )
            payload: dict[str, Any] = {"approval_id": made.id, "facts_version": record.version}
            if note:
                payload["reason"] = note
            tx.append_event(
                incident_id=record.id,
                event=NewEvent(
                    kind="approved",
                    at=at,
                    actor_id=actor_id,
                    actor_role=actor.role.value,
                    payload=payload,
                ),
            )
            return _approval(tx, made)

    def current_approval(self, *, ref: str, actor: Actor | None = None) -> ApprovalState:
        """The approval of the current facts, or None with the reason the last one lapsed."""
        with self.workspace.store.transaction(write=False) as tx:
            self.workspace._allow(tx, actor, UseCase.READ_INCIDENT, ref)
            return self._state(tx, tx.load_incident(ref))

    # -- the four-eyes setting -----------------------------------------------------------------

    def four_eyes(self) -> bool:
        """Whether a complete notification needs a current approval (default: yes)."""
        with self.workspace.store.transaction(write=False) as tx:
            return _four_eyes(tx)

    def set_four_eyes(self, *, actor: Actor, on: bool, at: datetime | None = None) -> None:
        if not isinstance(on, bool):
            raise TypeError("on must be a bool")
        at = at or self.workspace.clock()
        with self.workspace.store.transaction() as tx:
            self.workspace._allow(tx, actor, UseCase.EDIT_ORGANISATION)
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            tx.save_setting(FOUR_EYES, on, at=at, by=actor_id)

    # -- for Workspace.revise and Workspace.file -----------------------------------------------

    def _approved(self, tx: Transaction, record: IncidentRecord) -> bool:
        """Whether the facts are approved at ``record``'s version (a change would withdraw it)."""
        return any(a.facts_version == record.version for a in tx.approvals(record.id))

    def _filing_check(
        self, tx: Transaction, record: IncidentRecord, kind: FilingKind, *, final: bool = False
    ) -> FilingCheck:
        """Four eyes for one filing: a complete notification (or a supplement that completes it)
        needs a current approval; anything else goes with a warning saying why there is none."""
        state = self._state(tx, record)
        withdrawn = state.withdrawn
        if not _four_eyes(tx):
            # Nobody has to approve, but an approval that lapsed is still worth knowing about.
            lapsed = () if state.approved or withdrawn is None else (withdrawn.detail,)
            return FilingCheck(warnings=lapsed, payload={"four_eyes": "off"})
        if state.approval is not None:
            return FilingCheck(payload={"four_eyes": "approved", "approval_id": state.approval.id})
        if kind is FilingKind.COMPLETE or final:
            sv, en = APPROVAL_NEEDED
            if withdrawn is not None:
                sv, en = f"{withdrawn.detail.sv} {sv}", f"{withdrawn.detail.en} {en}"
            return FilingCheck(problem=Problem(path="", code="approval_needed", sv=sv, en=en))
        if withdrawn is not None:
            warning = Text(
                f"{withdrawn.detail.sv} {FILED_WITHDRAWN.sv}",
                f"{withdrawn.detail.en} {FILED_WITHDRAWN.en}",
            )
            return FilingCheck(warnings=(warning,), payload={"four_eyes": "withdrawn"})
        return FilingCheck(warnings=(FILED_UNAPPROVED,), payload={"four_eyes": "not_approved"})

    def _state(self, tx: Transaction, record: IncidentRecord) -> ApprovalState:
        approvals = tx.approvals(record.id)
        current = [a for a in approvals if a.facts_version == record.version]
        if current:
            return ApprovalState(record.version, _approval(tx, current[-1]))
        if not approvals:
            return ApprovalState(record.version, None)
        latest = max(approvals, key=lambda a: (a.facts_version, a.approved_at))
        revisions = [e for e in tx.events(record.id) if e.kind in REVISION_KINDS]
        change = revisions[latest.facts_version]  # the n-th revision made version n
        return ApprovalState(
            record.version,
            None,
            Withdrawal(
                approval=_approval(tx, latest),
                version=latest.facts_version + 1,
                changed_by=tx.actor(change.actor_id).name,
                changed_by_role=Role(change.actor_role),
                changed_at=change.at,
                fields=tuple(change.fields),
            ),
        )


def _four_eyes(tx: Transaction) -> bool:
    stored = tx.setting(FOUR_EYES)
    return True if stored is None else bool(stored)


def _reviewer_actor_id(tx: Transaction, reviewer: Actor) -> str:
    """The actor row of a reviewer: their account's, checked, or (no account) by name."""
    if not isinstance(reviewer, Actor) or Role(reviewer.role) is not Role.LEGAL_REVIEWER:
        raise InputError("Only a legal reviewer can be assigned to review an incident.")
    if reviewer.account_id is None:
        return tx.ensure_actor(name=reviewer.name, role=Role.LEGAL_REVIEWER.value)
    try:
        account = tx.account(reviewer.account_id)
    except NotFound:
        account = None
    if account is None or account.disabled or account.role != Role.LEGAL_REVIEWER.value:
        raise InputError(
            "That account cannot review: it is disabled, gone, or not a legal reviewer's."
        )
    return account.actor_id


def _comment_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InputError("Write the comment first; it is empty.")
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > COMMENT_MAX_LENGTH:
        raise InputError(f"The comment is too long (at most {COMMENT_MAX_LENGTH:,} characters).")
    return text


def _assignment(tx: Transaction, record: AssignmentRecord) -> Assignment:
    return Assignment(
        id=record.id,
        incident_id=record.incident_id,
        reviewer=tx.actor(record.reviewer_id).name,
        account_id=record.account_id,
        assigned_at=record.assigned_at,
        assigned_by=tx.actor(record.assigned_by).name,
    )


def _comment(tx: Transaction, record: CommentRecord) -> Comment:
    return Comment(
        id=record.id,
        incident_id=record.incident_id,
        section=record.section,
        facts_version=record.facts_version,
        author=tx.actor(record.author_id).name,
        role=Role(record.author_role),
        at=record.created_at,
        text=record.text,
    )


def _approval(tx: Transaction, record: ApprovalRecord) -> Approval:
    return Approval(
        id=record.id,
        incident_id=record.incident_id,
        facts_version=record.facts_version,
        approved_by=tx.actor(record.approver_id).name,
        approved_at=record.approved_at,
        note=record.note,
    )
