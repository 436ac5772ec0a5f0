"""Local accounts and the organisation profile: sign-in with Argon2id and a throttle (no lockout),
the first DPO, adding and disabling accounts, password rules in Swedish and English, idle sessions.

The use cases run in one transaction each, like ``services``. Passwords and their hashes never
appear in a message, a log, an exception or a record's ``repr``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from pydantic import ValidationError

from ..domain.status import Role
from ..domain.times import utc_now
from ..errors import AuthenticationFailed, InputError, NotFound, PermissionDenied
from ..i18n import Message, _
from ..storage import Store, Transaction
from ..storage.accounts import AccountRecord
from .account_input import (
    DISPLAY_NAME_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    display_name_of,
    role_of,
    username_of,
)
from .organisation import ORGANISATION_PATHS, OrganisationProfile
from .passwords import (
    PASSWORD_COMMON,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    PASSWORD_ONE_CHARACTER,
    PASSWORD_TOO_LONG,
    PASSWORD_TOO_SHORT,
    SESSION_IDLE_MINUTES,
    check_new_password,
    default_password_hasher,
    password_problems,
    session_expired,
)
from .permissions import Actor, UseCase, may
from .sign_in import (
    ACCEPTED,
    REFUSED,
    THROTTLED,
    Attempt,
    PasswordCheck,
    SignInRecord,
    SignInRefused,
    sign_in_record,
)

# Re-exported: screens and the command line take the password rules and the profile from here.
__all__ = [
    "DISPLAY_NAME_MAX_LENGTH",
    "LOCAL_OPERATOR",
    "MANAGERS",
    "ORGANISATION_PATHS",
    "PASSWORD_COMMON",
    "PASSWORD_MAX_LENGTH",
    "PASSWORD_MIN_LENGTH",
    "PASSWORD_ONE_CHARACTER",
    "PASSWORD_TOO_LONG",
    "PASSWORD_TOO_SHORT",
    "SESSION_IDLE_MINUTES",
    "SSO_ONLY",
    "USERNAME_MAX_LENGTH",
    "Account",
    "Accounts",
    "LocalOperator",
    "OrganisationProfile",
    "SignInRefused",
    "password_problems",
    "session_expired",
]

# Stored instead of a password hash for accounts made by single sign-on: no password matches it.
SSO_ONLY = "!single-sign-on"
# The roles that manage accounts and the profile, as the permission table says (screens use this).
MANAGERS = frozenset(role for role in Role if may(role, UseCase.MANAGE_ACCOUNTS))

# -- what screens see ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A local account as a screen sees it; never carries the password or its hash."""

    id: str
    username: str
    display_name: str
    role: Role
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None

    @property
    def actor(self) -> Actor:
        """Who this person is in the history of an incident (what Workspace use cases take); tied
        to the account, so a disabled account or a changed role loses its rights at once."""
        return Actor(name=self.display_name, role=self.role, account_id=self.id)


@dataclass(frozen=True)
class LocalOperator:
    """Whoever runs the command line on the data folder. Holding the key file they could read
    everything anyway, so they act as an administrator (``breachreport user add``)."""

    role: Role = Role.ADMIN


LOCAL_OPERATOR = LocalOperator()


# -- the use cases -------------------------------------------------------------------------------


class Accounts:
    """The account use cases over one store. ``clock`` gives the current UTC time (fixed in tests);
    ``password_hasher`` is for tests that need cheap hashes or other parameters."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        password_hasher: PasswordHasher | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.hasher = password_hasher or default_password_hasher()
        self.passwords = PasswordCheck(self.hasher)  # makes its decoy hash now, not at first use

    # -- reading -------------------------------------------------------------------------------

    def has_accounts(self) -> bool:
        with self.store.transaction(write=False) as tx:
            return tx.accounts.count() > 0

    def get(self, account_id: str) -> Account:
        with self.store.transaction(write=False) as tx:
            return _account(tx.accounts.get(account_id))

    def find(self, username: str) -> Account:
        """The account with this username (in any case); NotFound if there is none."""
        with self.store.transaction(write=False) as tx:
            record = tx.accounts.find(username) if isinstance(username, str) else None
        if record is None:
            raise NotFound(_("No account with that username."))
        return _account(record)

    def list(self) -> builtins.list[Account]:
        """Every account, oldest first."""
        with self.store.transaction(write=False) as tx:
            return [_account(record) for record in tx.accounts.all()]

    def organisation(self) -> OrganisationProfile:
        """The saved organisation profile, or an empty one if none was saved yet."""
        with self.store.transaction(write=False) as tx:
            saved = tx.organisation.profile()
        if saved is None:
            return OrganisationProfile()
        # Read back as stored: the rules added since it was saved (characters ...) do not apply.
        stored = {"stored": True}
        try:
            return OrganisationProfile.model_validate(saved, context=stored)
        except ValidationError as error:
            # Saved under older, looser rules: show the answers that still pass, ask for the rest.
            bad = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
            return OrganisationProfile.model_validate(
                {k: v for k, v in saved.items() if k not in bad and k in ORGANISATION_PATHS},
                context=stored,
            )

    # -- signing in ----------------------------------------------------------------------------

    def authenticate(self, *, username: str, password: str, client: str | None = None) -> Account:
        """The account if the password is right; SignInRefused (an AuthenticationFailed) otherwise,
        with the same message for an unknown username, a wrong password or a disabled account.

        No account is locked: failures make the next try wait a while, judged by the typed name,
        the ``client`` address (None when unknown) and both together (see ``services.sign_in``);
        a try that must wait is refused without its password counting, and the refusal says how
        long to wait. Every path checks exactly one Argon2 hash and does the same reads and writes.
        """
        now = self.clock()
        typed = username if isinstance(username, str) else ""
        signed_in: Account | None = None
        # The transaction must commit a refusal too (its record), so the error is raised after it.
        with self.store.transaction() as tx:
            # The account row first: held for update, it queues attempts on one account
            # (PostgreSQL), so that each one counts the failures committed before it.
            record = tx.accounts.find(typed, lock=True)
            attempt = Attempt.begin(tx, typed, client, now, found=record is not None)
            wait = attempt.wait()
            if self.passwords.accepts(record, password, tried=not wait) and record is not None:
                attempt.record(tx, ACCEPTED)
                changes: dict[str, Any] = {"last_login_at": now}
                if record.failed_logins or record.locked_until:  # left by the old lockout
                    changes |= {"failed_logins": 0, "locked_until": None}
                if self.hasher.check_needs_rehash(record.password_hash):
                    changes["password_hash"] = self.hasher.hash(password)
                signed_in = _account(tx.accounts.update(record.id, **changes))
            else:
                attempt.record(tx, THROTTLED if wait else REFUSED)
                wait = wait or attempt.wait_after_failure()
        if signed_in is None:
            raise SignInRefused(wait)
        return signed_in

    def sign_in_sso(
        self, *, email: str, display_name: str | None, role: Role, email_verified: bool | None
    ) -> Account:
        """The account for someone the organisation's identity provider vouched for, and whom
        the operator's mapping gave ``role`` (see ``breachreport.services.sso``).

        The first time, the account is made with the email as its username and no usable
        password, so that it can only sign in through the identity provider. Refused
        (AuthenticationFailed) when the provider says the address is unverified, the account is
        disabled, or an existing account has another role: the mapping never changes a role.
        """
        role = role_of(role)
        if email_verified is False:
            raise AuthenticationFailed()
        username = username_of(email).lower()
        now = self.clock()
        with self.store.transaction() as tx:
            record = tx.accounts.find(username, lock=True)
            if record is None:
                record = tx.accounts.create(
                    username=username,
                    display_name=display_name_of(display_name or username),
                    password_hash=SSO_ONLY,
                    role=role.value,
                    created_at=now,
                )
            elif record.disabled or record.role != role.value:
                record = None
            if record is not None:
                record = tx.accounts.update(record.id, last_login_at=now)
        if record is None:
            raise AuthenticationFailed()
        return _account(record)

    def change_password(
        self,
        *,
        account_id: str,
        old_password: str,
        new_password: str,
        client: str | None = None,
    ) -> None:
        """Replace the password after checking the old one, which the sign-in throttle counts
        like a sign-in with the account's username."""
        check_new_password(new_password)
        if new_password == old_password:
            raise InputError(_("The new password must differ from the current one."))
        now = self.clock()
        changed = False
        with self.store.transaction() as tx:
            record = tx.accounts.get(account_id, lock=True)
            attempt = Attempt.begin(tx, record.username, client, now)
            wait = attempt.wait()
            if self.passwords.accepts(record, old_password, tried=not wait):
                attempt.record(tx, ACCEPTED)
                tx.accounts.update(record.id, password_hash=self.hasher.hash(new_password))
                changed = True
            else:
                attempt.record(tx, THROTTLED if wait else REFUSED)
        if not changed:
            raise AuthenticationFailed(
                _(
                    "The current password was not accepted; nothing was changed. After several "
                    "wrong attempts, wait a few minutes before trying again."
                )
            )

    # -- managing accounts ---------------------------------------------------------------------

    def create_first_dpo(self, *, username: str, display_name: str, password: str) -> Account:
        """The first account, a DPO; PermissionDenied once any account exists (also when two
        people try at the same moment: one of them wins)."""
        username, display_name = username_of(username), display_name_of(display_name)
        check_new_password(password)
        now = self.clock()
        with self.store.transaction() as tx:
            if tx.accounts.count() > 0 or not tx.accounts.claim_first(at=now):
                raise PermissionDenied(
                    _(
                        "The first data protection officer has already been set up; sign in, or "
                        "ask a DPO or an administrator for an account."
                    )
                )
            record = tx.accounts.create(
                username=username,
                display_name=display_name,
                password_hash=self.hasher.hash(password),
                role=Role.DPO.value,
                created_at=now,
            )
            return _account(record)

    def add(
        self,
        *,
        by: Account | LocalOperator,
        username: str,
        display_name: str,
        password: str,
        role: Role,
    ) -> Account:
        """A new account, added by a DPO or an administrator; InputError if the username is taken."""
        role = role_of(role)
        username, display_name = username_of(username), display_name_of(display_name)
        check_new_password(password)
        with self.store.transaction() as tx:
            _require_manager(tx, by, UseCase.MANAGE_ACCOUNTS, _("add accounts"))
            record = tx.accounts.create(
                username=username,
                display_name=display_name,
                password_hash=self.hasher.hash(password),
                role=role.value,
                created_at=self.clock(),
            )
            return _account(record)

    def disable(self, *, by: Account | LocalOperator, account_id: str) -> Account:
        """Stop an account from signing in; its history stays. Not one's own account."""
        return self._set_disabled(by, account_id, disabled=True)

    def enable(self, *, by: Account | LocalOperator, account_id: str) -> Account:
        """Let a disabled account sign in again (its sign-in throttle is not touched)."""
        return self._set_disabled(by, account_id, disabled=False)

    def _set_disabled(
        self, by: Account | LocalOperator, account_id: str, *, disabled: bool
    ) -> Account:
        with self.store.transaction() as tx:
            manager = _require_manager(
                tx, by, UseCase.MANAGE_ACCOUNTS, _("disable or enable accounts")
            )
            if manager is not None and manager.id == account_id:
                raise PermissionDenied(
                    _(
                        "You cannot disable or enable your own account; ask another DPO or "
                        "administrator."
                    )
                )
            record = tx.accounts.get(account_id, lock=True)
            return _account(tx.accounts.update(record.id, disabled=disabled))

    def sign_in_record(self, *, by: Account | LocalOperator, days: int = 30) -> SignInRecord:
        """The sign-in attempts of the last ``days`` days, matched to accounts by their keyed
        usernames; attempts on names no account has are only counted (a DPO or an admin)."""
        since = self.clock() - timedelta(days=max(int(days), 0))
        with self.store.transaction(write=False) as tx:
            _require_manager(tx, by, UseCase.MANAGE_ACCOUNTS, _("read the record of sign-ins"))
            return sign_in_record(tx, tx.accounts.all(), since=since)

    # -- the organisation profile --------------------------------------------------------------

    def save_organisation(
        self, *, by: Account | LocalOperator, profile: OrganisationProfile
    ) -> None:
        """Replace the organisation profile (a DPO or an administrator)."""
        if not isinstance(profile, OrganisationProfile):
            raise TypeError("profile must be an OrganisationProfile")
        with self.store.transaction() as tx:
            manager = _require_manager(
                tx, by, UseCase.EDIT_ORGANISATION, _("change the organisation profile")
            )
            tx.organisation.save(
                profile=profile.model_dump(mode="json", exclude_none=True),
                saved_at=self.clock(),
                saved_by=manager.id if manager is not None else "operator",
            )


def _require_manager(
    tx: Transaction, by: Account | LocalOperator, use_case: UseCase, what: Message
) -> AccountRecord | None:
    """``by`` as stored now (not as the caller remembers it): enabled, and in a role the
    permission table lets do ``use_case``. None for the local operator."""
    if isinstance(by, LocalOperator):
        if not may(by.role, use_case):
            raise PermissionDenied(_("The local operator may not {what}.", what=what))
        return None
    if not isinstance(by, Account):
        raise TypeError("by must be an Account")
    try:
        current = tx.accounts.get(by.id)
    except NotFound:
        current = None
    if current is None or current.disabled or not may(Role(current.role), use_case):
        raise PermissionDenied(
            _("Only a data protection officer or an administrator may {what}.", what=what)
        )
    return current


def _account(record: AccountRecord) -> Account:
    return Account(
        id=record.id,
        username=record.username,
        display_name=record.display_name,
        role=Role(record.role),
        disabled=record.disabled,
        created_at=record.created_at,
        last_login_at=record.last_login_at,
    )
