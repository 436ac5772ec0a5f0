"""Mail a person sends from the app (``workspace.notices``): an invitation's link to the supplier
contact, a notice to the assigned legal reviewers that a draft waits for them, and a test mail to
oneself.

A mail carries the incident's reference, a link and, for an invitation, how long the link works:
never facts of the breach. The invitation's address is the one sealed in the invitation when it was
made, never one a caller passes in. An invitation mail goes out at once and is not kept (its link
holds the token, which is stored nowhere), so a failure tells the DPO to send the link by hand; a
reviewer notice is kept in the outbox once per facts version and reviewer, so that asking twice
sends nothing twice and a failed one is retried by the next ``breachreport remind``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import TypeAdapter, ValidationError

from ..domain.fields import Email
from ..domain.status import Role
from ..errors import InputError, MailFailed, NotFound
from ..i18n import _
from ..mail.config import MailConfig
from ..mail.messages import MailContext, compose, link_to
from ..mail.transport import check, send
from ..storage import Store, Transaction
from ..storage.records import InvitationRecord
from .base import UseCases, actor_row, attributed_event
from .outbox import NO_MAIL, SendLine, deliver
from .permissions import Actor, UseCase

__all__ = ["NO_MAIL", "Notices", "account_address", "review_purpose"]

_EMAIL: TypeAdapter[str | None] = TypeAdapter(Email)


def account_address(username: str) -> str | None:
    """An account's mail address: its username when that is one (the usual sign-in), else None."""
    try:
        return _EMAIL.validate_python(username)
    except ValidationError:
        return None


def review_purpose(incident_id: str, version: int, account_id: str) -> str:
    """The outbox purpose of one reviewer's notice of one facts version: at most one mail each."""
    return f"review|{incident_id}|{version}|{account_id}"


class Notices(UseCases):
    """The mail use cases (``workspace.notices``). ``mail`` gives the server, read at each send."""

    def __init__(
        self, store: Store, clock: Callable[[], datetime], mail: Callable[[], MailConfig | None]
    ) -> None:
        super().__init__(store, clock)
        self.mail = mail

    def _config(self) -> MailConfig:
        config = self.mail()
        if config is None:
            raise MailFailed(NO_MAIL, permanent=True)
        return config

    # -- the invitation's link -----------------------------------------------------------------

    def mail_invitation(
        self,
        *,
        actor: Actor,
        ref: str,
        invitation_id: str,
        link: str,
        lang: str = "sv",
        at: datetime | None = None,
    ) -> None:
        """Mail ``link`` to the contact address sealed in the invitation, now.

        The link must be this invitation's own (its token is checked), and the invitation still
        active. Records "invitation_mailed" once the server has accepted the mail. MailFailed when
        no server is set up or the server refuses: the DPO sends the link by hand then.
        """
        at = at or self.clock()
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.SEND_MAIL, ref)
            config = self._config()  # after the permission: a refusal comes first
            record = tx.incidents.load(ref)
            found = _invitation(tx, invitation_id, record.id)
            _check_link(tx, found, link)
            if found.revoked_at is not None or at >= found.expires_at:
                raise InputError(
                    _(
                        "The invitation to {who} is no longer active, so its link was not "
                        "mailed; make a new invitation.",
                        who=found.contact_name,
                    )
                )
            if not found.contact_email:
                raise InputError(
                    _(
                        "The invitation to {who} has no email address; copy the link and send "
                        "it yourself.",
                        who=found.contact_name,
                    )
                )
            context = MailContext(
                reference=record.reference,
                link=link,
                expires_at=found.expires_at,
                recipient_name=found.contact_name,
                organisation=_organisation(tx),
            )
        message = compose(
            "invitation",
            lang,
            to=found.contact_email,
            sender=config.sender,
            context=context,
            now=at,
        )
        try:
            send(config, message)
        except MailFailed as error:
            raise MailFailed(
                _(
                    "The link was not mailed: {reason} Copy the link and send it yourself.",
                    reason=error.text,
                ),
                permanent=error.permanent,
            ) from None
        with self.store.transaction() as tx:
            record = tx.incidents.load(ref, lock=True)
            contact = Actor(name=found.contact_name, role=Role.SUPPLIER_CONTACT)
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "invitation_mailed",
                    at=at,
                    fields=list(found.sections),
                    payload={"invitation_id": found.id, "subject": actor_row(tx, contact)},
                ),
            )

    # -- the reviewers -------------------------------------------------------------------------

    def notify_reviewers(
        self, *, actor: Actor, ref: str, lang: str = "sv", at: datetime | None = None
    ) -> list[SendLine]:
        """Tell each assigned legal reviewer with a mail address that the current draft waits.

        Once per facts version and reviewer: a reviewer already told of this version is not told
        again (an empty list when all were). Each notice is kept in the outbox and sent at once;
        one that fails stays there for the next ``breachreport remind``. InputError when no
        assigned reviewer has an address to mail.
        """
        at = at or self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.SEND_MAIL, ref)
            config = self._config()  # after the permission: a refusal comes first
            record = tx.incidents.load(ref, lock=True)
            people = _reviewers(tx, record.id)
            if not people:
                raise InputError(
                    _(
                        "No assigned legal reviewer of {reference} has an account with a mail "
                        "address (the username); nothing was sent.",
                        reference=record.reference,
                    )
                )
            context = MailContext(
                reference=record.reference,
                link=link_to(config.base_url, ref=record.reference),
                version=record.version,
                organisation=_organisation(tx),
            )
            claimed = []
            for account_id, name, address in people:
                message: dict[str, Any] = {
                    "to": address,
                    "name": name,
                    "lang": lang,
                    "context": replace(context, recipient_name=name).to_json(),
                }
                made = tx.outbox.claim(
                    incident_id=record.id,
                    purpose=review_purpose(record.id, record.version, account_id),
                    kind="review_notice",
                    message=message,
                    scheduled_at=at,
                    at=at,
                )
                if made is not None:
                    claimed.append(made)
        # The "mail_sent" events name the person who asked, not the reminder service.
        return [deliver(self.store, config, made, at=at, actor=actor) for made in claimed]

    # -- a test ----------------------------------------------------------------------------------

    def check_server(self, *, actor: Actor) -> str:
        """Connect to the mail server, secure the connection and sign in, sending nothing: the
        settings work, or MailFailed says why not. Returns where the server is."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.SEND_MAIL)
        config = self._config()
        check(config)
        return f"{config.host}:{config.port} ({config.security})"

    def send_test(
        self, *, actor: Actor, lang: str = "sv", to: str | None = None, at: datetime | None = None
    ) -> str:
        """Send a test mail to ``to``, else to the signed-in person's own address; returns the
        address. Nothing about any incident is in it, and nothing is recorded."""
        at = at or self.clock()
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.SEND_MAIL)
            config = self._config()  # after the permission: a refusal comes first
            if to is not None:
                address = account_address(to)
                if address is None:
                    raise InputError(_("'{address}' is not a mail address.", address=to))
            else:
                address = None
                if actor.account_id is not None:
                    address = account_address(tx.accounts.get(actor.account_id).username)
                if address is None:
                    raise InputError(
                        _(
                            "Your account's username is not a mail address, so there is "
                            "nowhere to send."
                        )
                    )
            # Another address is not the sender's own: no name is put to it.
            name = actor.name if to is None else None
            context = MailContext(recipient_name=name, organisation=_organisation(tx))
        send(
            config, compose("test", lang, to=address, sender=config.sender, context=context, now=at)
        )
        return address


def _invitation(tx: Transaction, invitation_id: str, incident_id: str) -> InvitationRecord:
    unknown = NotFound(_("There is no such invitation to this incident."))
    try:
        found = tx.invitations.get(invitation_id)
    except NotFound:
        raise unknown from None
    if found.incident_id != incident_id:
        raise unknown
    return found


def _check_link(tx: Transaction, found: InvitationRecord, link: str) -> None:
    """The link must carry this invitation's own token: a mail never sends a contact elsewhere."""
    tokens = parse_qs(urlsplit(link).query).get("invite", []) if isinstance(link, str) else []
    match = tx.invitations.find(tokens[0]) if len(tokens) == 1 else None
    if match is None or match.id != found.id:
        raise InputError(_("That is not the link of this invitation; nothing was sent."))


def _reviewers(tx: Transaction, incident_id: str) -> list[tuple[str, str, str]]:
    """(account id, name, address) of each assigned reviewer whose account is active and has a
    mail address."""
    people, seen = [], set()
    for assignment in tx.reviews.assignments(incident_id):
        if assignment.account_id is None:
            continue
        try:
            account = tx.accounts.get(assignment.account_id)
        except NotFound:
            continue
        address = account_address(account.username)
        if account.disabled or address is None or account.id in seen:
            continue
        seen.add(account.id)
        people.append((account.id, account.display_name, address))
    return people


def _organisation(tx: Transaction) -> str | None:
    profile = tx.organisation.profile() or {}
    name = profile.get("name")
    return name if isinstance(name, str) and name.strip() else None
