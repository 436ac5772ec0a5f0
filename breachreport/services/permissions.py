"""Who may do what: the actor, the one table of roles and use cases, and the scope rules on top.

Every use case calls ``require`` first; screens only hide what it already refuses. It never trusts
what an Actor claims about its scope: accounts, invitations and reviewer assignments are read from
the database each time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from ..domain.status import Role
from ..errors import InvitationRefused, NotFound, PermissionDenied
from ..i18n import Message, _, _p
from ..storage import Transaction
from ..storage.records import InvitationRecord


@dataclass(frozen=True)
class Actor:
    """A person acting in a role. The name is personal data and is stored sealed.

    ``account_id`` ties the actor to a signed-in account (checked against the stored account on
    every use case); ``invitation_id`` gives a supplier contact their one incident and sections.
    Without an account the actor is the local operator's word (the command line, the demo).
    """

    name: str
    role: Role
    account_id: str | None = None
    invitation_id: str | None = None


class UseCase(StrEnum):
    LIST_REGISTER = "list_register"
    OPEN_INCIDENT = "open_incident"
    READ_INCIDENT = "read_incident"
    READ_INVITED_SECTIONS = "read_invited_sections"
    REVISE = "revise"
    DECIDE = "decide"
    FILE = "file"
    RECORD_CASE_NUMBER = "record_case_number"
    RENDER_DRAFT = "render_draft"
    DOWNLOAD_FILING = "download_filing"
    READ_HISTORY = "read_history"
    INVITE_SUPPLIER = "invite_supplier"
    REVOKE_INVITATION = "revoke_invitation"
    PROPOSE = "propose"
    REVIEW_PROPOSAL = "review_proposal"
    COMMENT = "comment"
    APPROVE = "approve"
    ASSIGN_REVIEWER = "assign_reviewer"
    UPLOAD_EVIDENCE = "upload_evidence"
    DOWNLOAD_EVIDENCE = "download_evidence"
    MANAGE_ACCOUNTS = "manage_accounts"
    EDIT_ORGANISATION = "edit_organisation"
    VERIFY = "verify"
    EXPORT = "export"
    IMPORT = "import"
    SHRED = "shred"
    MANAGE_SUPPLIERS = "manage_suppliers"
    IMPORT_BULLETIN = "import_bulletin"
    READ_BULLETINS = "read_bulletins"
    MANAGE_REMINDERS = "manage_reminders"
    READ_REMINDERS = "read_reminders"
    SEND_MAIL = "send_mail"
    READ_CALENDAR = "read_calendar"


U = UseCase
_CASE_WORK = frozenset(
    {
        U.LIST_REGISTER,
        U.OPEN_INCIDENT,
        U.READ_INCIDENT,
        U.REVISE,
        U.DECIDE,
        U.FILE,
        U.RECORD_CASE_NUMBER,
        U.RENDER_DRAFT,
        U.DOWNLOAD_FILING,
        U.READ_HISTORY,
        U.INVITE_SUPPLIER,
        U.REVOKE_INVITATION,
        U.REVIEW_PROPOSAL,
        U.COMMENT,
        U.ASSIGN_REVIEWER,
        U.UPLOAD_EVIDENCE,
        U.DOWNLOAD_EVIDENCE,
        U.MANAGE_ACCOUNTS,
        U.EDIT_ORGANISATION,
        U.VERIFY,
        U.EXPORT,
        U.IMPORT,
        U.SHRED,
        U.MANAGE_SUPPLIERS,
        U.IMPORT_BULLETIN,
        U.READ_BULLETINS,
        U.MANAGE_REMINDERS,
        U.READ_REMINDERS,
        U.SEND_MAIL,
        U.READ_CALENDAR,
    }
)

# THE table. The DPO and the administrator keep every right they had before roles existed (the
# command line acts as one of them); neither approves (that is the four eyes) nor proposes.
PERMISSIONS: Mapping[Role, frozenset[UseCase]] = MappingProxyType(
    {
        Role.ADMIN: _CASE_WORK,
        Role.DPO: _CASE_WORK,
        # Only incidents assigned to them (scope below).
        Role.LEGAL_REVIEWER: frozenset(
            {
                U.LIST_REGISTER,
                U.READ_INCIDENT,
                U.RENDER_DRAFT,
                U.DOWNLOAD_FILING,
                U.READ_HISTORY,
                U.COMMENT,
                U.APPROVE,
                U.DOWNLOAD_EVIDENCE,
                U.READ_BULLETINS,
                U.READ_REMINDERS,
                U.READ_CALENDAR,
            }
        ),
        # Only the incident and the sections of their invitation, and only evidence they uploaded.
        Role.SUPPLIER_CONTACT: frozenset(
            {U.READ_INVITED_SECTIONS, U.PROPOSE, U.UPLOAD_EVIDENCE, U.DOWNLOAD_EVIDENCE}
        ),
    }
)

# What each use case is, for a refusal: "may not {what}", in the reader's language.
WHAT: Mapping[UseCase, Message] = MappingProxyType(
    {
        U.LIST_REGISTER: _("see the register"),
        U.OPEN_INCIDENT: _("open incidents"),
        U.READ_INCIDENT: _("read incidents"),
        U.READ_INVITED_SECTIONS: _("read sections through an invitation"),
        U.REVISE: _("change the facts"),
        U.DECIDE: _("decide on notification"),
        U.FILE: _("file notifications with IMY"),
        U.RECORD_CASE_NUMBER: _("record IMY's case number"),
        U.RENDER_DRAFT: _("make the draft notification"),
        U.DOWNLOAD_FILING: _("download filed notifications"),
        U.READ_HISTORY: _("read the history"),
        U.INVITE_SUPPLIER: _("invite supplier contacts"),
        U.REVOKE_INVITATION: _("revoke invitations"),
        U.PROPOSE: _("propose changes"),
        U.REVIEW_PROPOSAL: _("accept or reject proposals"),
        U.COMMENT: _("comment on sections"),
        U.APPROVE: _("approve drafts"),
        U.ASSIGN_REVIEWER: _("assign legal reviewers"),
        U.UPLOAD_EVIDENCE: _("attach evidence"),
        U.DOWNLOAD_EVIDENCE: _("download evidence"),
        U.MANAGE_ACCOUNTS: _("manage accounts"),
        U.EDIT_ORGANISATION: _("change the organisation's profile and settings"),
        U.VERIFY: _("verify the database"),
        U.EXPORT: _("export facts"),
        U.IMPORT: _("import facts"),
        U.SHRED: _("shred incidents"),
        U.MANAGE_SUPPLIERS: _("register suppliers' bulletin keys"),
        U.IMPORT_BULLETIN: _("import suppliers' bulletins"),
        U.READ_BULLETINS: _("read suppliers' bulletins"),
        U.MANAGE_REMINDERS: _("change the reminder rules"),
        U.READ_REMINDERS: _("see which reminders went out"),
        U.SEND_MAIL: _("send mail about an incident"),
        U.READ_CALENDAR: _("download the deadline calendar"),
    }
)


@dataclass(frozen=True)
class Grant:
    """What ``require`` found: the actor, and for a supplier contact their current invitation."""

    actor: Actor
    invitation: InvitationRecord | None = None

    @property
    def name(self) -> str:
        """The name to record: a supplier contact's is the one the DPO invited, not a claim."""
        return self.invitation.contact_name if self.invitation else self.actor.name


def may(role: Role, use_case: UseCase) -> bool:
    """Whether the table lets ``role`` do ``use_case`` at all (scope aside)."""
    return use_case in PERMISSIONS.get(Role(role), frozenset())


def require(
    actor: Actor,
    use_case: UseCase,
    *,
    tx: Transaction,
    now: datetime,
    incident: str | None = None,
    sections: Collection[str] = (),
) -> Grant:
    """Allow ``actor`` to do ``use_case`` (on ``incident``, an id or reference, touching
    ``sections``), or raise PermissionDenied saying what to do instead.

    A supplier contact whose invitation expired or was revoked gets InvitationRefused.
    """
    if not isinstance(actor, Actor):
        raise TypeError("actor must be an Actor")
    role = Role(actor.role)
    if actor.account_id is not None:
        _check_account(tx, actor)
    if not may(role, use_case):
        raise PermissionDenied(_refusal(role, use_case))
    if role is Role.SUPPLIER_CONTACT:
        invitation = current_invitation(tx, actor, now)
        if incident is not None and tx.incidents.id_of(incident) != invitation.incident_id:
            raise PermissionDenied(
                _(
                    "Your invitation is for another incident than {incident}; ask the data "
                    "protection officer for an invitation to it.",
                    incident=incident,
                )
            )
        outside = sorted(set(sections) - set(invitation.sections))
        if outside:
            raise PermissionDenied(
                _(
                    "Your invitation does not cover {sections}; ask the data protection officer "
                    "to invite you to it.",
                    sections=", ".join(outside),
                )
            )
        return Grant(actor, invitation)
    if role is Role.LEGAL_REVIEWER and incident is not None:
        found = tx.incidents.id_of(incident)
        if found is None or found not in assigned_incidents(tx, actor):
            raise PermissionDenied(
                _(
                    "You are not assigned to review incident {incident}; ask the data protection "
                    "officer to assign you.",
                    incident=incident,
                )
            )
    return Grant(actor)


def current_invitation(tx: Transaction, actor: Actor, now: datetime) -> InvitationRecord:
    """The supplier contact's invitation if it may still be used; InvitationRefused otherwise."""
    if actor.invitation_id is None:
        raise PermissionDenied(
            _("A supplier contact works through the link in their invitation; open that link.")
        )
    try:
        invitation = tx.invitations.get(actor.invitation_id)
    except NotFound:
        raise InvitationRefused() from None
    if invitation.revoked_at is not None or invitation.expires_at <= now:
        raise InvitationRefused()
    return invitation


def assigned_incidents(tx: Transaction, actor: Actor) -> set[str]:
    """The ids of the incidents a legal reviewer is assigned to: by account when signed in, else
    by name (assignments the local operator made without an account)."""
    if actor.account_id is not None:
        return tx.reviews.assigned_incident_ids(account_id=actor.account_id)
    reviewer_id = tx.actors.find(name=actor.name, role=Role(actor.role).value)
    if reviewer_id is None:
        return set()
    return tx.reviews.assigned_incident_ids(reviewer_id=reviewer_id)


def _check_account(tx: Transaction, actor: Actor) -> None:
    """A signed-in actor counts as its account is stored now, not as the caller remembers it."""
    try:
        account = tx.accounts.get(actor.account_id)  # type: ignore[arg-type]
    except NotFound:
        account = None
    if account is None or account.disabled or account.role != Role(actor.role).value:
        raise PermissionDenied(
            _("Your account has been disabled or its role has changed; sign in again.")
        )


def _refusal(role: Role, use_case: UseCase) -> Message:
    """The refusal "As a legal reviewer you may not ...; ask ...", built from messages, so that
    the role, what it may not do and whom to ask each read in the reader's language."""
    who = [_ASK[r] for r in Role if use_case in PERMISSIONS[r]]
    if not who:
        return _("As {role} you may not {what}.", role=_AS[role], what=WHAT[use_case])
    listed = who[0]
    for index, other in enumerate(who[1:], start=2):
        listed = (
            _("{listed} or {last}", listed=listed, last=other)
            if index == len(who)
            else _("{listed}, {next}", listed=listed, next=other)
        )
    return _(
        "As {role} you may not {what}; ask {who}.", role=_AS[role], what=WHAT[use_case], who=listed
    )


# A role as a refusal names the reader's own ("As a legal reviewer ...": Swedish drops the
# article) and as it names whom to ask ("... ask a legal reviewer": Swedish keeps it).
_AS: Mapping[Role, Message] = MappingProxyType(
    {
        Role.ADMIN: _p("refused role", "an administrator"),
        Role.DPO: _p("refused role", "a data protection officer"),
        Role.LEGAL_REVIEWER: _p("refused role", "a legal reviewer"),
        Role.SUPPLIER_CONTACT: _p("refused role", "a supplier contact"),
    }
)
_ASK: Mapping[Role, Message] = MappingProxyType(
    {
        Role.ADMIN: _p("role to ask", "an administrator"),
        Role.DPO: _p("role to ask", "a data protection officer"),
        Role.LEGAL_REVIEWER: _p("role to ask", "a legal reviewer"),
        Role.SUPPLIER_CONTACT: _p("role to ask", "a supplier contact"),
    }
)
