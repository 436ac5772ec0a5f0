"""Accounts (``tx.accounts``): sealed with the directory data key, each row under a MAC, found by a
blind index (a keyed hash of the normalised username).

Never stores a username, a name or a contact detail outside a sealed ``*_ct`` column, and never sees
a password: only the Argon2id hash that the service layer made of it.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import exc as sa_exc

from breachreport.crypto import KEY_BYTES, macs_equal, record_mac
from breachreport.errors import InputError, IntegrityError, NotFound, StorageError
from breachreport.i18n import _
from breachreport.storage.actors import ActorRepository
from breachreport.storage.audit import account_fields, iso
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.ledger import ACCOUNT, META, account_digest, meta_digest
from breachreport.storage.sealed import (
    place,
    seal_text,
    unseal_text,
)
from breachreport.storage.tables import Account, Meta

# A key of its own for the index, so that a login index can never be mistaken for (or used to
# forge) a row MAC made with the audit key itself.
_LOGIN_INDEX_INFO = b"breachreport account login index v1"
FIRST_ACCOUNT = "first_account"  # meta key taken once, by the transaction that makes account one
_MUTABLE = frozenset(
    {"password_hash", "disabled", "last_login_at", "failed_logins", "locked_until"}
)
_SIGN_IN = frozenset({"last_login_at", "failed_logins", "locked_until"})
_DUPLICATE = _("An account with this username already exists; choose another username.")


@dataclass(frozen=True)
class AccountRecord:
    """One account, opened. The password hash stays out of ``repr`` so it cannot reach a log."""

    id: str
    username: str
    display_name: str
    role: str
    actor_id: str
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None
    failed_logins: int
    locked_until: datetime | None
    password_hash: str = field(repr=False)


def normalise_username(username: str) -> str:
    """The form a username is compared in: "Kim@Example.se " and "kim@example.se" are one account."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


@lru_cache(maxsize=4)
def _login_index_key(audit_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_LOGIN_INDEX_INFO
    ).derive(audit_key)


def login_index(audit_key: bytes, username: str) -> str:
    """Hex HMAC-SHA256 of the normalised username: equal usernames find each other, nothing more.
    A typed name holding half a character (a lone surrogate, as a command-line argument that is
    not UTF-8 becomes) gets an index no account has, since no username may hold one."""
    key = _login_index_key(audit_key)
    typed = normalise_username(username).encode("utf-8", "surrogatepass")
    return hmac.new(key, typed, hashlib.sha256).hexdigest()


def account_mac(audit_key: bytes, account: Any) -> str:
    """``account`` has the account columns as attributes (an ORM row or a namespace)."""
    return record_mac(
        audit_key,
        {
            "record": "account/v1",
            **account_fields(account),
            "last_login_at": _iso_or_none(account.last_login_at),
            "failed_logins": account.failed_logins,
            "locked_until": _iso_or_none(account.locked_until),
        },
    )


def _iso_or_none(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


class AccountRepository:
    """Local accounts; each new one gets its actor from ``tx.actors``, which it is given."""

    def __init__(self, chain: IncidentChain, actors: ActorRepository) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.actors = actors

    def count(self) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar_one()

    def claim_first(self, *, at: datetime) -> bool:
        """Take the once-only mark of the first account; False if another transaction has it.

        The meta key is a primary key, so on PostgreSQL a racing transaction waits here for the
        first one to commit and then gets False; SQLite's BEGIN IMMEDIATE serialises them anyway.
        """
        try:
            value = iso(utc(at, "at"))
            with self.session.begin_nested():
                self.session.execute(sa.insert(Meta).values(key=FIRST_ACCOUNT, value=value))
        except sa_exc.IntegrityError:
            return False
        self.chain.ledger.record(META, FIRST_ACCOUNT, meta_digest(value))
        return True

    def create(
        self,
        *,
        username: str,
        display_name: str,
        password_hash: str,
        role: str,
        created_at: datetime,
    ) -> AccountRecord:
        """A new account, and the actor that history shows for it. InputError if the username is
        taken (compared normalised)."""
        for name, value in (
            ("username", username),
            ("display_name", display_name),
            ("password_hash", password_hash),
            ("role", role),
        ):
            if not isinstance(value, str) or not value:
                raise TypeError(f"{name} must be a non-empty str")
        created_at = utc(created_at, "created_at")
        index = login_index(self.ring.audit_key, username)
        if self._account_id_by_index(index) is not None:
            raise InputError(_DUPLICATE)
        actor_id = self.actors.ensure(name=display_name, role=role)
        key = self.chain.directory_key()
        account_id = new_id()
        row = Account(
            id=account_id,
            login_index=index,
            username_ct=seal_text(key, username, at=place("account", "username_ct", account_id)),
            display_name_ct=seal_text(
                key, display_name, at=place("account", "display_name_ct", account_id)
            ),
            password_hash=password_hash,
            role=role,
            actor_id=actor_id,
            disabled=False,
            created_at=created_at,
            last_login_at=None,
            failed_logins=0,
            locked_until=None,
            row_mac="",
        )
        row.row_mac = account_mac(self.ring.audit_key, row)
        try:
            # A racing writer (PostgreSQL) may take the username first: the unique index decides.
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except sa_exc.IntegrityError:
            raise InputError(_DUPLICATE) from None
        self.session.expunge(row)
        self.chain.ledger.record(ACCOUNT, row.id, account_digest(self.ring.audit_key, row))
        return _account_record(row, username, display_name)

    def find(self, username: str, *, lock: bool = False) -> AccountRecord | None:
        """The account with this username (compared normalised), or None."""
        account_id = self._account_id_by_index(login_index(self.ring.audit_key, username))
        return None if account_id is None else self.get(account_id, lock=lock)

    def get(self, account_id: str, *, lock: bool = False) -> AccountRecord:
        """The account, its MAC checked; ``lock`` holds the row until commit (PostgreSQL)."""
        return self._open_account(self._account_row(account_id, lock=lock))

    def all(self) -> list[AccountRecord]:
        """Every account, oldest first."""
        rows = self.session.scalars(
            sa.select(Account)
            .order_by(Account.created_at, Account.id)
            .execution_options(populate_existing=True)
        ).all()
        records = []
        for row in rows:
            self.session.expunge(row)
            self._check_account(row)
            records.append(self._open_account(row))
        return records

    def update(self, account_id: str, **changes: Any) -> AccountRecord:
        """Change the password hash, the disabled flag or the sign-in bookkeeping; MAC renewed.

        The old MAC is checked first, and the row is written only if it is still what was read.
        """
        unknown = set(changes) - _MUTABLE
        if unknown:
            raise TypeError(f"account columns that cannot be changed: {sorted(unknown)}")
        for name in ("last_login_at", "locked_until"):
            if changes.get(name) is not None:
                changes[name] = utc(changes[name], name)
        row = self._account_row(account_id, lock=True)
        new = SimpleNamespace(**{**row.model_dump(), **changes})
        values = {**changes, "row_mac": account_mac(self.ring.audit_key, new)}
        result = self.session.execute(
            sa.update(Account)
            .where(Account.id == row.id, Account.row_mac == row.row_mac)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StorageError("The account was changed by someone else meanwhile; try again.")
        for name, value in values.items():
            setattr(row, name, value)
        if set(changes) - _SIGN_IN:
            # Sign-ins (only their bookkeeping changed) stay out of the ledger; the row MAC
            # covers them.
            self.chain.ledger.record(ACCOUNT, row.id, account_digest(self.ring.audit_key, row))
        return self._open_account(row)

    def _account_id_by_index(self, index: str) -> str | None:
        return self.session.execute(
            sa.select(Account.id).where(Account.login_index == index)
        ).scalar_one_or_none()

    def _account_row(self, account_id: str, *, lock: bool) -> Account:
        query = sa.select(Account).where(Account.id == account_id)
        if lock:
            # Sign-in attempts on one account queue here on PostgreSQL, so that failures are
            # counted one by one; SQLite's BEGIN IMMEDIATE already serialises writers.
            query = query.with_for_update()
        row = self.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
        if row is None:
            raise NotFound(f"No account {account_id}.")
        # Detached: changes go through the explicit compare-and-set UPDATE, never autoflush.
        self.session.expunge(row)
        self._check_account(row)
        return row

    def _check_account(self, row: Account) -> None:
        if not macs_equal(row.row_mac, account_mac(self.ring.audit_key, row)):
            raise IntegrityError(
                f"Account {row.id} failed its integrity check; run breachreport verify."
            )

    def _open_account(self, row: Account) -> AccountRecord:
        key = self.chain.directory_key()
        return _account_record(
            row,
            unseal_text(key, row.username_ct, at=place("account", "username_ct", row.id)),
            unseal_text(key, row.display_name_ct, at=place("account", "display_name_ct", row.id)),
        )


def _account_record(row: Account, username: str, display_name: str) -> AccountRecord:
    return AccountRecord(
        id=row.id,
        username=username,
        display_name=display_name,
        role=row.role,
        actor_id=row.actor_id,
        disabled=bool(row.disabled),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        password_hash=row.password_hash,
    )
