"""Approvals bound to one facts version, and the four-eyes rule a filing obeys.

Below both the review use cases (which record approvals) and revising and filing (which withdraw
an approval or need one), so that each reads the same rule without reaching into another's
internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.choices import FilingKind
from ..domain.facts import questions
from ..domain.labels import Text
from ..domain.problems import Problem
from ..domain.status import Role
from ..domain.times import format_local
from ..i18n import Message, _
from ..storage import IncidentRecord, Transaction
from ..storage.records import ApprovalRecord
from .base import REVISION_KINDS

FOUR_EYES = "four_eyes"  # the setting's name; on unless an administrator or DPO turns it off

APPROVAL_NEEDED = _(
    "A complete notification needs a legal reviewer's approval of exactly this version of the draft (four eyes); ask for one."
)
FILED_UNAPPROVED = _(
    "No legal reviewer has approved this version. It can be filed anyway, because the deadline comes first; ask for a review afterwards."
)
FILED_WITHDRAWN = _(
    "It can be filed anyway, because the deadline comes first; ask for a new approval."
)


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
    def reason(self) -> Message:
        return _(
            "The approval of version {approved} no longer holds: the facts changed in version "
            "{version} by {name} ({role}).",
            **self._said(),
        )

    @property
    def detail(self) -> Message:
        """``reason`` with who approved and when, when it changed, and which questions."""
        labels = {q.path: q.label for q in questions()}
        asked = [labels[f] for f in self.fields if f in labels]
        return _(
            "The approval of version {approved} no longer holds: the facts changed in version "
            "{version} by {name} ({role}), {changed_at}{questions}. {approver} approved it on "
            "{approved_at}.",
            **self._said(),
            changed_at=_when(self.changed_at),
            questions=Text(
                " (" + ", ".join(f"”{label.sv}”" for label in asked) + ")" if asked else "",
                " (" + ", ".join(f"'{label.en}'" for label in asked) + ")" if asked else "",
            ),
            approver=self.approval.approved_by,
            approved_at=_when(self.approval.approved_at),
        )

    def _said(self) -> dict[str, Any]:
        sv_role, en_role = self.changed_by_role.text
        return {
            "approved": self.approval.facts_version,
            "version": self.version,
            "name": self.changed_by,
            "role": Text(sv_role.lower(), en_role.lower()),
        }


def _when(at: datetime) -> Text:
    """A time as each language writes it, in Swedish time."""
    return Text(format_local(at, "sv"), format_local(at, "en"))


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
    warnings: tuple[Text | Message, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)


def approved(tx: Transaction, record: IncidentRecord) -> bool:
    """Whether the facts are approved at ``record``'s version (a change would withdraw it)."""
    return any(a.facts_version == record.version for a in tx.reviews.approvals(record.id))


def four_eyes_check(
    tx: Transaction, record: IncidentRecord, kind: FilingKind, *, final: bool = False
) -> FilingCheck:
    """Four eyes for one filing: a complete notification (or a supplement that completes it)
    needs a current approval; anything else goes with a warning saying why there is none."""
    state = approval_state(tx, record)
    withdrawn = state.withdrawn
    if not four_eyes_on(tx):
        # Nobody has to approve, but an approval that lapsed is still worth knowing about.
        lapsed = () if state.approved or withdrawn is None else (withdrawn.detail,)
        return FilingCheck(warnings=lapsed, payload={"four_eyes": "off"})
    if state.approval is not None:
        return FilingCheck(payload={"four_eyes": "approved", "approval_id": state.approval.id})
    if kind is FilingKind.COMPLETE or final:
        sv, en = APPROVAL_NEEDED.sv, APPROVAL_NEEDED.en
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


def approval_state(tx: Transaction, record: IncidentRecord) -> ApprovalState:
    """Whether ``record``'s version is approved; if not, the last approval and why it lapsed."""
    approvals = tx.reviews.approvals(record.id)
    current = [a for a in approvals if a.facts_version == record.version]
    if current:
        return ApprovalState(record.version, approval_view(tx, current[-1]))
    if not approvals:
        return ApprovalState(record.version, None)
    latest = max(approvals, key=lambda a: (a.facts_version, a.approved_at))
    revisions = [e for e in tx.events.for_incident(record.id) if e.kind in REVISION_KINDS]
    change = revisions[latest.facts_version]  # the n-th revision made version n
    return ApprovalState(
        record.version,
        None,
        Withdrawal(
            approval=approval_view(tx, latest),
            version=latest.facts_version + 1,
            changed_by=tx.actors.get(change.actor_id).name,
            changed_by_role=Role(change.actor_role),
            changed_at=change.at,
            fields=tuple(change.fields),
        ),
    )


def four_eyes_on(tx: Transaction) -> bool:
    """The organisation's four-eyes setting: on unless an administrator or DPO turned it off."""
    stored = tx.settings.get(FOUR_EYES)
    return True if stored is None else bool(stored)


def approval_view(tx: Transaction, record: ApprovalRecord) -> Approval:
    return Approval(
        id=record.id,
        incident_id=record.incident_id,
        facts_version=record.facts_version,
        approved_by=tx.actors.get(record.approver_id).name,
        approved_at=record.approved_at,
        note=record.note,
    )
