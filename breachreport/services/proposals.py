"""Proposals: changes a supplier contact offers to the sections of their invitation (or a supplier
in a signed bulletin, ``services.bulletins``), and the DPO's review of them, in whole or field by
field.

A proposal names only paths in the invited sections and must make valid facts when it is made.
What the DPO accepts becomes a revision attributed to the contact, with the DPO recorded as the one
who accepted it. A question someone else changed since the proposal shows both values, and is
accepted only by a DPO who has seen them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ..domain.changes import all_paths, check_path, diff, flatten, sections_touched
from ..domain.changes import apply as apply_changes
from ..domain.facts import Question, questions, stored_facts
from ..domain.status import Role
from ..errors import InputError
from ..i18n import Message, _
from ..storage import IncidentRecord, Transaction
from ..storage.records import ProposalRecord
from .base import REVISION_KINDS, UseCases, actor_row, attributed_event
from .free_text import free_text
from .permissions import Actor, UseCase
from .revising import check_awareness_change, check_overlap, revise_in

COMMENT_MAX_LENGTH = 5000
PENDING, ACCEPTED, PARTLY_ACCEPTED, REJECTED = "pending", "accepted", "partly_accepted", "rejected"
# One name for each state, the same for the DPO who reviews and the contact who proposed.
STATUS_LABELS = {
    PENDING: _("Pending review"),
    ACCEPTED: _("Accepted"),
    PARTLY_ACCEPTED: _("Partly accepted"),
    REJECTED: _("Rejected"),
}


@dataclass(frozen=True)
class ProposedChange:
    """One question of a proposal: its value when proposed, now, and as proposed."""

    path: str
    base: Any
    current: Any
    proposed: Any
    conflict: bool  # someone changed this question after the proposal was made


@dataclass(frozen=True)
class Proposal:
    id: str
    incident_id: str
    reference: str
    author: str
    invitation_id: str | None  # None: it came in a supplier's signed bulletin
    proposed_at: datetime
    base_version: int
    current_version: int  # the incident's version when this was read; pass it to accept conflicts
    comment: str | None
    changes: tuple[ProposedChange, ...]
    status: str
    reviewed_at: datetime | None
    reviewed_by: str | None
    accepted: tuple[str, ...]
    rejected: tuple[str, ...]
    note: str | None

    @property
    def paths(self) -> list[str]:
        return [change.path for change in self.changes]

    @property
    def conflicts(self) -> list[str]:
        return [change.path for change in self.changes if change.conflict]


@dataclass(frozen=True)
class InvitedView:
    """What a supplier contact sees: their sections' questions and the current answers only."""

    reference: str
    version: int
    contact_name: str
    expires_at: datetime
    sections: tuple[str, ...]
    questions: tuple[Question, ...]
    values: dict[str, Any]  # path -> current value, for the invited sections only


class Proposals(UseCases):
    """The proposal use cases (``workspace.proposals``)."""

    # -- the supplier contact ------------------------------------------------------------------

    def invited(self, *, actor: Actor) -> InvitedView:
        """The invited sections of the incident, as they stand now."""
        with self.store.transaction(write=False) as tx:
            grant = self.allow(tx, actor, UseCase.READ_INVITED_SECTIONS)
            assert grant is not None and grant.invitation is not None
            invitation = grant.invitation
            record = tx.incidents.load(invitation.incident_id)
            flat = flatten(stored_facts(record.facts))
            chosen = set(invitation.sections)
            return InvitedView(
                reference=record.reference,
                version=record.version,
                contact_name=invitation.contact_name,
                expires_at=invitation.expires_at,
                sections=invitation.sections,
                questions=tuple(q for s in invitation.sections for q in questions(s)),
                values={p: flat[p] for p in all_paths() if p.split(".", 1)[0] in chosen},
            )

    def propose(
        self,
        *,
        actor: Actor,
        changes: Mapping[str, Any],
        expected_version: int,
        comment: str | None = None,
        at: datetime | None = None,
    ) -> Proposal:
        """Offer ``changes`` (paths in the invited sections) to the facts the contact read at
        ``expected_version``. Refused if they break the facts' rules, change nothing, or touch a
        question someone else changed since (VersionConflict with both values)."""
        if not isinstance(changes, Mapping) or not changes:
            raise InputError(_("The proposal changes nothing; change at least one answer."))
        for path in changes:
            check_path(path)
        comment = (_text(comment, _("comment")) if comment else None) or None
        at = at or self.clock()
        with self.store.transaction() as tx:
            grant = self.allow(tx, actor, UseCase.PROPOSE, sections=sections_touched(changes))
            assert grant is not None and grant.invitation is not None
            record = tx.incidents.load(grant.invitation.incident_id, lock=True)
            current = stored_facts(record.facts)
            if expected_version != record.version:
                check_overlap(tx, record, current, changes, expected_version)
            delta = diff(current, apply_changes(current, changes, now=self.clock()))
            if not delta:
                raise InputError(_("The proposal changes nothing: every answer is as it stands."))
            check_awareness_change(current, delta, comment)
            author = Actor(name=grant.name, role=Role.SUPPLIER_CONTACT)
            author_id = actor_row(tx, author)
            made = tx.proposals.create(
                incident_id=record.id,
                invitation_id=grant.invitation.id,
                author_id=author_id,
                created_at=at,
                base_version=record.version,
                changes={path: new for path, (_old, new) in delta.items()},
                base={path: old for path, (old, _new) in delta.items()},
                comment=comment,
            )
            payload: dict[str, Any] = {"proposal_id": made.id, "changes": delta}
            if comment:
                payload["reason"] = comment
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    author,
                    "proposed",
                    at=at,
                    fields=sorted(delta),
                    payload=payload,
                ),
            )
            [proposal] = self._proposals(tx, [made], tx.incidents.load(record.id))
            return proposal

    def mine(self, *, actor: Actor) -> list[Proposal]:
        """The supplier contact's own proposals through this invitation, oldest first."""
        with self.store.transaction(write=False) as tx:
            grant = self.allow(tx, actor, UseCase.PROPOSE)
            assert grant is not None and grant.invitation is not None
            record = tx.incidents.load(grant.invitation.incident_id)
            mine = [
                p
                for p in tx.proposals.for_incident(record.id)
                if p.invitation_id == grant.invitation.id
            ]
            return self._proposals(tx, mine, record)

    # -- the DPO -------------------------------------------------------------------------------

    def pending(self, *, ref: str, actor: Actor | None = None) -> list[Proposal]:
        """Proposals waiting for review, oldest first, each as a diff with conflicts marked."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.REVIEW_PROPOSAL, ref)
            record = tx.incidents.load(ref)
            return self._proposals(tx, tx.proposals.for_incident(record.id, status=PENDING), record)

    def waiting(self, *, actor: Actor | None = None, ref: str | None = None) -> dict[str, int]:
        """How many proposals wait for review on each incident (or on ``ref`` only), by reference,
        in one read: what the overview and the navigation count, without opening any facts."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.REVIEW_PROPOSAL, ref)
            if ref is not None:
                incident_id = tx.incidents.id_of(ref)
                found = [(ref, incident_id)] if incident_id is not None else []
            else:
                found = [(row.reference, row.id) for row in tx.register.rows()]
            counts = {name: len(tx.proposals.for_incident(i, status=PENDING)) for name, i in found}
            return {name: count for name, count in counts.items() if count}

    def reviewed(self, *, ref: str, actor: Actor | None = None) -> list[Proposal]:
        """Proposals already accepted or rejected, oldest first, with who reviewed them and when."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.REVIEW_PROPOSAL, ref)
            record = tx.incidents.load(ref)
            done = [p for p in tx.proposals.for_incident(record.id) if p.status != PENDING]
            return self._proposals(tx, done, record)

    def proposal(self, *, proposal_id: str, actor: Actor | None = None) -> Proposal:
        with self.store.transaction(write=False) as tx:
            found = tx.proposals.get(proposal_id)
            self.allow(tx, actor, UseCase.REVIEW_PROPOSAL, found.incident_id)
            [proposal] = self._proposals(tx, [found], tx.incidents.load(found.incident_id))
            return proposal

    def review(
        self,
        *,
        actor: Actor,
        proposal_id: str,
        accept: Collection[str] | Literal["all"],
        note: str | None = None,
        expected_version: int | None = None,
        at: datetime | None = None,
    ) -> Proposal:
        """Accept the paths in ``accept`` ("all", or a set; empty rejects the whole proposal) and
        reject the rest. The accepted part becomes one revision by the proposal's author.

        ``expected_version`` is the version the DPO saw the diff at (``Proposal.current_version``);
        without it, a question changed since the proposal was made is a VersionConflict.
        """
        note = (_text(note, _("note")) if note else None) or None
        at = at or self.clock()
        with self.store.transaction() as tx:
            found = tx.proposals.get(proposal_id)
            self.allow(tx, actor, UseCase.REVIEW_PROPOSAL, found.incident_id)
            record = tx.incidents.load(found.incident_id, lock=True)
            if found.status != PENDING:
                raise InputError(_("This proposal has already been reviewed; reload the list."))
            accepted, rejected = _split(found, accept)
            actor_id = actor_row(tx, actor)
            status = REJECTED if not accepted else ACCEPTED if not rejected else PARTLY_ACCEPTED
            decided = tx.proposals.decide(
                found.id,
                status=status,
                reviewed_at=at,
                reviewer_id=actor_id,
                accepted=accepted,
                rejected=rejected,
                note=note,
            )
            payload: dict[str, Any] = {
                "proposal_id": found.id,
                "accepted": accepted,
                "rejected": rejected,
                "subject": found.author_id,
            }
            source = bulletin_source(tx, found) if found.invitation_id is None else None
            if source is not None:
                payload["bulletin"] = source
            if note:
                payload["reason"] = note
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "proposal_reviewed",
                    at=at,
                    fields=sorted(found.changes),
                    payload=payload,
                ),
            )
            if accepted:
                revise_in(
                    tx,
                    author=Actor(
                        name=tx.actors.get(found.author_id).name,
                        role=Role.SUPPLIER_CONTACT,
                        invitation_id=found.invitation_id,
                    ),
                    ref=record.id,
                    changes={path: found.changes[path] for path in accepted},
                    expected_version=expected_version or found.base_version,
                    reason=found.comment or _source_line(source),
                    at=at,
                    now=self.clock(),
                    kind="proposal_accepted",
                    payload={
                        "proposal_id": found.id,
                        "approved_by": actor_id,
                        **({"bulletin": source} if source else {}),
                    },
                )
            [proposal] = self._proposals(tx, [decided], tx.incidents.load(record.id))
            return proposal

    # -- internals -----------------------------------------------------------------------------

    @staticmethod
    def _proposals(
        tx: Transaction, found: list[ProposalRecord], record: IncidentRecord
    ) -> list[Proposal]:
        """Proposals as diffs against ``record``: the values now, and which questions were
        changed after each proposal was made."""
        now = flatten(stored_facts(record.facts))
        # changed[n] holds the questions that the change to version n + 1 touched.
        changed = [
            set(e.fields) for e in tx.events.for_incident(record.id) if e.kind in REVISION_KINDS
        ]
        return [
            _proposal(tx, p, record, now, set().union(*changed[p.base_version :])) for p in found
        ]


def _proposal(
    tx: Transaction,
    found: ProposalRecord,
    record: IncidentRecord,
    now: dict[str, Any],
    changed_since: set[str],
) -> Proposal:
    return Proposal(
        id=found.id,
        incident_id=found.incident_id,
        reference=record.reference,
        author=tx.actors.get(found.author_id).name,
        invitation_id=found.invitation_id,
        proposed_at=found.created_at,
        base_version=found.base_version,
        current_version=record.version,
        comment=found.comment,
        changes=tuple(
            ProposedChange(
                path=path,
                base=found.base.get(path),
                current=now[path],
                proposed=found.changes[path],
                conflict=path in changed_since,
            )
            for path in sorted(found.changes)
        ),
        status=found.status,
        reviewed_at=found.reviewed_at,
        reviewed_by=tx.actors.get(found.reviewer_id).name if found.reviewer_id else None,
        accepted=found.accepted,
        rejected=found.rejected,
        note=found.note,
    )


def bulletin_source(tx: Transaction, found: ProposalRecord) -> dict[str, Any] | None:
    """What the history records of the bulletin version a proposal came in: which supplier (name
    and id), the bulletin's id, its version and the digest of its signed part; None for a
    proposal made through an invitation."""
    imported = tx.bulletins.by_proposal(found.id)
    if imported is None:
        return None
    return {
        "supplier": tx.bulletins.supplier(imported.supplier_id).name,
        "supplier_id": imported.supplier_id,
        "bulletin_id": imported.bulletin_id,
        "version": imported.version,
        "digest": imported.digest,
    }


def _source_line(source: dict[str, Any] | None) -> str | None:
    """A reason for a bulletin's change the supplier gave none for (its first version)."""
    if source is None:
        return None
    return f"{source['supplier']}, bulletin {source['bulletin_id']} version {source['version']}"


def _split(
    found: ProposalRecord, accept: Collection[str] | Literal["all"]
) -> tuple[list[str], list[str]]:
    paths = set(found.changes)
    if accept == "all":
        chosen = paths
    elif isinstance(accept, str) or not isinstance(accept, Collection):
        raise InputError(_('Say which questions to accept: "all", or a set of field paths.'))
    else:
        chosen = set(accept)
    unknown = sorted(chosen - paths)
    if unknown:
        raise InputError(_("The proposal does not change {paths}.", paths=", ".join(unknown)))
    return sorted(chosen), sorted(paths - chosen)


def _text(value: Any, what: Message) -> str:
    return free_text(value, what, limit=COMMENT_MAX_LENGTH)
