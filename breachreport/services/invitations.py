"""Invitations: a link that lets one supplier contact read and propose changes to some sections of
one incident, until it expires or the DPO revokes it.

The token is shown once, when the invitation is made, and stored only as a keyed hash. Every link
that cannot be used gets the same neutral refusal, and refusals in a row slow down.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..domain.facts import Facts
from ..domain.fields import Email
from ..domain.status import Role
from ..domain.text_rules import is_plain_line, shows_something
from ..errors import InputError, InvitationRefused
from ..i18n import _
from ..storage import Store, Transaction
from ..storage.records import InvitationRecord
from .base import UseCases, actor_row, attributed_event
from .permissions import Actor, UseCase

TOKEN_BYTES = 32  # 256 bits: guessing one is hopeless, the slowdown only adds to that
MAX_DAYS = 90
# The DPO's own decision on the duties, and the English texts of the notification (the DPO's
# translation of answers, not facts a supplier knows).
NOT_INVITABLE = frozenset({"decision", "english"})
NAME_MAX_LENGTH = 300
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
_EMAIL: TypeAdapter[str | None] = TypeAdapter(Email)


def invitable_sections() -> list[str]:
    """The sections a supplier contact may be invited to, in form order."""
    return [s for s in Facts.section_names() if s not in NOT_INVITABLE]


@dataclass(frozen=True)
class Invitation:
    """An invitation as the DPO sees it; never carries the token."""

    id: str
    incident_id: str
    reference: str
    contact_name: str
    contact_email: str | None
    sections: tuple[str, ...]
    created_at: datetime
    created_by: str
    expires_at: datetime
    opened_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None

    def state(self, now: datetime) -> str:
        """ "revoked", "expired" or "active" at ``now``."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


class Throttle:
    """Slows down failed redemptions in this process: after ``free`` failures within ``window``
    seconds, each further failure waits twice as long as the one before, up to ``cap`` seconds.

    Per process, which is what the embedded default runs; a shared deployment has one per server
    process, and the 256-bit tokens carry the real weight anyway.
    """

    def __init__(
        self,
        *,
        sleep: Callable[[float], None] | None = None,
        monotonic: Callable[[], float] | None = None,
        free: int = 3,
        first: float = 0.25,
        cap: float = 8.0,
        window: float = 600.0,
    ) -> None:
        self.sleep = sleep or time.sleep
        self.monotonic = monotonic or time.monotonic
        self.free, self.first, self.cap, self.window = free, first, cap, window
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def delay(self) -> float:
        """How long the next failure will wait."""
        with self._lock:
            return self._delay(self.monotonic())

    def failed(self) -> float:
        """Count a failure and wait; returns the time waited."""
        with self._lock:
            now = self.monotonic()
            self._failures.append(now)
            wait = self._delay(now)
        if wait > 0:
            self.sleep(wait)
        return wait

    def _delay(self, now: float) -> float:
        while self._failures and now - self._failures[0] > self.window:
            self._failures.popleft()
        over = len(self._failures) - self.free
        return 0.0 if over <= 0 else min(self.first * 2 ** (over - 1), self.cap)


class Invitations(UseCases):
    """The invitation use cases (``workspace.invitations``)."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        super().__init__(store, clock)
        self.throttle = Throttle()

    def invite(
        self,
        *,
        actor: Actor,
        ref: str,
        contact_name: str,
        sections: Sequence[str],
        expires_at: datetime,
        contact_email: str | None = None,
        at: datetime | None = None,
    ) -> tuple[Invitation, str]:
        """Invite a supplier contact to ``sections`` of the incident until ``expires_at``.

        Returns the invitation and its token. The token is not stored and cannot be shown
        again: put it in the link now.
        """
        contact_name = _contact_name(contact_name)
        contact_email = _contact_email(contact_email)
        chosen = _sections(sections)
        at = at or self.clock()
        _check_expiry(expires_at, at)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.INVITE_SUPPLIER, ref)
            record = tx.incidents.load(ref, lock=True)
            actor_id = actor_row(tx, actor)
            contact_id = actor_row(tx, Actor(name=contact_name, role=Role.SUPPLIER_CONTACT))
            made = tx.invitations.create(
                incident_id=record.id,
                token=token,
                sections=chosen,
                contact={"name": contact_name, "email": contact_email},
                created_at=at,
                created_by=actor_id,
                expires_at=expires_at,
            )
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "invited",
                    at=at,
                    fields=list(chosen),
                    payload={"invitation_id": made.id, "subject": contact_id},
                ),
            )
            return _invitation(tx, made, record.reference), token

    def redeem(self, token: str) -> Actor:
        """The supplier contact a link's token stands for, scoped to its invitation.

        InvitationRefused, with one message, for a token that is malformed, unknown, expired or
        revoked; each refusal in a row waits longer (``throttle``).
        """
        found: InvitationRecord | None = None
        now = self.clock()
        if isinstance(token, str) and _TOKEN.fullmatch(token):
            with self.store.transaction(write=False) as tx:
                found = tx.invitations.find(token)
        if found is None or found.revoked_at is not None or now >= found.expires_at:
            self.throttle.failed()
            raise InvitationRefused()
        if found.opened_at is None:
            with self.store.transaction() as tx:
                self._record_first_opening(tx, found.id, now)
        return Actor(name=found.contact_name, role=Role.SUPPLIER_CONTACT, invitation_id=found.id)

    def revoke(self, *, actor: Actor, invitation_id: str, at: datetime | None = None) -> Invitation:
        """Stop the link working at once; revoking twice changes nothing."""
        at = at or self.clock()
        with self.store.transaction() as tx:
            found = tx.invitations.get(invitation_id)
            self.allow(tx, actor, UseCase.REVOKE_INVITATION, found.incident_id)
            record = tx.incidents.load(found.incident_id, lock=True)
            if found.revoked_at is not None:
                return _invitation(tx, found, record.reference)
            actor_id = actor_row(tx, actor)
            revoked = tx.invitations.update(found.id, revoked_at=at, revoked_by=actor_id)
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "invitation_revoked",
                    at=at,
                    fields=list(found.sections),
                    payload={
                        "invitation_id": found.id,
                        "subject": actor_row(tx, _contact(found)),
                    },
                ),
            )
            return _invitation(tx, revoked, record.reference)

    def for_incident(self, *, ref: str, actor: Actor | None = None) -> list[Invitation]:
        """Every invitation to the incident, oldest first, revoked and expired ones included."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.INVITE_SUPPLIER, ref)
            record = tx.incidents.load(ref)
            return [
                _invitation(tx, i, record.reference) for i in tx.invitations.for_incident(record.id)
            ]

    @staticmethod
    def _record_first_opening(tx: Transaction, invitation_id: str, now: datetime) -> None:
        found = tx.invitations.get(invitation_id)
        if found.opened_at is not None:  # opened meanwhile, in another session
            return
        tx.invitations.update(found.id, opened_at=now)
        tx.events.append(
            incident_id=found.incident_id,
            event=attributed_event(
                tx,
                _contact(found),
                "invitation_opened",
                at=now,
                fields=list(found.sections),
                payload={"invitation_id": found.id},
            ),
        )


def _invitation(tx: Transaction, record: InvitationRecord, reference: str) -> Invitation:
    return Invitation(
        id=record.id,
        incident_id=record.incident_id,
        reference=reference,
        contact_name=record.contact_name,
        contact_email=record.contact_email,
        sections=record.sections,
        created_at=record.created_at,
        created_by=tx.actors.get(record.created_by).name,
        expires_at=record.expires_at,
        opened_at=record.opened_at,
        revoked_at=record.revoked_at,
        revoked_by=tx.actors.get(record.revoked_by).name if record.revoked_by else None,
    )


def _contact_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(_("Enter the supplier contact's name, for example Omar Haddad."))
    value = unicodedata.normalize("NFC", value.strip())
    if not shows_something(value):  # U+3164, the braille blank, marks with nothing to sit on
        raise InputError(_("Enter the supplier contact's name, for example Omar Haddad."))
    if len(value) > NAME_MAX_LENGTH:
        raise InputError(
            _(
                "The contact's name is too long (at most {limit} characters).",
                limit=NAME_MAX_LENGTH,
            )
        )
    if not is_plain_line(value):
        raise InputError(
            _("The contact's name must not contain control characters or line breaks.")
        )
    return value


def _contact_email(value: Any) -> str | None:
    try:
        return _EMAIL.validate_python(value)
    except ValidationError:
        raise InputError(
            _("The contact's email address is not valid (example: name@example.se).")
        ) from None


def _sections(sections: Sequence[str]) -> list[str]:
    if isinstance(sections, str) or not sections:
        raise InputError(_("Choose at least one section for the supplier contact."))
    allowed = invitable_sections()
    unknown = [s for s in sections if s not in allowed]
    if unknown:
        raise InputError(
            _(
                "A supplier contact cannot be invited to {sections}; choose among: {allowed}.",
                sections=", ".join(map(str, unknown)),
                allowed=", ".join(allowed),
            )
        )
    return [s for s in allowed if s in set(sections)]


def _check_expiry(expires_at: datetime, now: datetime) -> None:
    if not isinstance(expires_at, datetime) or expires_at.utcoffset() is None:
        raise InputError(_("Give the expiry as a date and time with its time zone."))
    if expires_at <= now:
        raise InputError(_("The expiry must lie in the future."))
    if expires_at > now + timedelta(days=MAX_DAYS):
        raise InputError(
            _(
                "An invitation may last at most {days} days; choose an earlier expiry.",
                days=MAX_DAYS,
            )
        )


def _contact(found: InvitationRecord) -> Actor:
    """The supplier contact an invitation was made out to, as the actor of what they do."""
    return Actor(name=found.contact_name, role=Role.SUPPLIER_CONTACT, invitation_id=found.id)
