"""The sign-in throttle and the record of sign-in attempts, used by ``Accounts``.

An attempt is judged only by the attempts recorded before it under the keyed hashes of the typed
name and of the client's address, never by the account: an unknown name, a wrong password and a
disabled account are judged, recorded and answered alike, and the wait a refusal tells is the same
for a name that exists and one that does not. Every attempt does the same reads and writes here.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import AuthenticationFailed
from ..i18n import _n
from ..storage import Transaction
from ..storage.accounts import AccountRecord
from ..storage.sign_in import ACCEPTED, REFUSED, THROTTLED, AttemptStats
from .passwords import (
    CLIENT_DELAY,
    FAILURE_WINDOW,
    KEEP_ATTEMPTS,
    KNOWN_PAIR_FOR,
    NAME_DELAY,
    OVERALL_LIMIT,
    OVERALL_WINDOW,
    PAIR_DELAY,
    wait_after,
)

__all__ = [
    "ACCEPTED",
    "REFUSED",
    "THROTTLED",
    "AccountAttempts",
    "Attempt",
    "PasswordCheck",
    "SignInRecord",
    "SignInRefused",
    "sign_in_record",
    "whole_seconds",
]


def whole_seconds(wait: timedelta) -> int:
    """A wait in whole seconds, rounded up (a wait of 0.2 s is told as 1 s)."""
    return max(math.ceil(wait.total_seconds()), 0)


class SignInRefused(AuthenticationFailed):
    """A refused sign-in. ``wait_seconds`` (0 if none) is how long the next try must wait; the
    message then says so after the usual neutral words."""

    def __init__(self, wait: timedelta = timedelta(0)) -> None:
        self.wait_seconds = whole_seconds(wait)
        if not self.wait_seconds:
            super().__init__()
            return
        super().__init__(
            _n(
                "Wrong username or password. Wait {count} second before trying again.",
                "Wrong username or password. Wait {count} seconds before trying again.",
                self.wait_seconds,
                count=self.wait_seconds,
            )
        )


class PasswordCheck:
    """Exactly one Argon2 verification per attempt, whatever the case: against the account's hash
    when it may be tried, else against a decoy made at start-up with the same hasher (so that even
    the first unknown name costs what a real check does)."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher
        self._decoy = hasher.hash(secrets.token_urlsafe(16))

    def accepts(self, record: AccountRecord | None, password: Any, *, tried: bool) -> bool:
        """Whether ``password`` is the account's; ``tried=False`` (the throttle said wait), no
        account, a disabled one or one without a password (single sign-on) never match."""
        usable = (
            tried
            and record is not None
            and not record.disabled
            and record.password_hash.startswith("$argon2")  # not SSO_ONLY
        )
        # Not text, or text with half a character (which Argon2 cannot encode): checked as an
        # empty password, so that it costs the same and never matches.
        candidate = password if isinstance(password, str) and _encodes(password) else ""
        stored = record.password_hash if usable and record is not None else self._decoy
        try:
            matches = self.hasher.verify(stored, candidate)
        except (VerificationError, InvalidHashError):
            matches = False
        return usable and matches and candidate == password


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt as the throttle sees it: the keys it is counted under, what was
    recorded before it, and the wait that applies to it now."""

    name_index: str
    client_index: str
    stats: AttemptStats
    now: datetime

    @classmethod
    def begin(
        cls, tx: Transaction, typed: str, client: str | None, now: datetime, *, found: bool = True
    ) -> Attempt:
        """Read what the attempt is judged by. ``found=False`` (no account has the typed name)
        first makes the reads that opening a found account makes, so that both paths ask the
        database the same statements."""
        name_index = tx.sign_ins.name_index(typed)
        client_index = tx.sign_ins.client_index(client)
        if not found:
            tx.sign_ins.read_as_if_found(name_index)
        stats = tx.sign_ins.stats(
            name_index,
            client_index,
            since=now - FAILURE_WINDOW,
            until=now,
            known_since=now - KNOWN_PAIR_FOR,
            overall_since=now - OVERALL_WINDOW,
            overall_limit=OVERALL_LIMIT,
        )
        return cls(name_index, client_index, stats, now)

    @property
    def known_pair(self) -> bool:
        """This name signed in from this address within KNOWN_PAIR_FOR: then only the pair's own
        failures count, so that nobody else's failures can keep the owner out."""
        return self.stats.pair_accepted is not None

    def wait(self) -> timedelta:
        """How long this attempt must still wait; zero if its password may be tried now."""
        return self._wait(extra=0, last=None)

    def wait_after_failure(self) -> timedelta:
        """How long the next try must wait if this attempt is recorded as a failure now."""
        return self._wait(extra=1, last=self.now)

    def _wait(self, *, extra: int, last: datetime | None) -> timedelta:
        stats, now = self.stats, self.now
        judged = [(PAIR_DELAY, stats.pair)]
        if not self.known_pair:
            judged += [(NAME_DELAY, stats.name), (CLIENT_DELAY, stats.client)]
        waits = [
            wait_after(delay, failures.count + extra, last or failures.last, now)
            for delay, failures in judged
        ]
        if not self.known_pair and stats.overall_full_at is not None:
            waits.append(max(stats.overall_full_at + OVERALL_WINDOW - now, timedelta(0)))
        return max(waits)

    def record(self, tx: Transaction, outcome: str) -> None:
        """Record this attempt (never the typed name or the address) and prune old ones."""
        tx.sign_ins.add(
            at=self.now,
            name_index=self.name_index,
            client_index=self.client_index,
            outcome=outcome,
            prune_before=self.now - KEEP_ATTEMPTS,
        )


# -- the record of attempts ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountAttempts:
    """The attempts on one account's username within the period."""

    username: str
    display_name: str
    refused: int
    throttled: int
    accepted: int
    last_refused: datetime | None


@dataclass(frozen=True)
class SignInRecord:
    """Attempts since ``since``: per account (only those with any), and on names no account has
    (counted, never named: only their keyed hashes were kept)."""

    since: datetime
    accounts: list[AccountAttempts]
    unknown_refused: int
    unknown_throttled: int
    unknown_names: int


def sign_in_record(
    tx: Transaction, accounts: list[AccountRecord], *, since: datetime
) -> SignInRecord:
    by_index = {tx.sign_ins.name_index(a.username): a for a in accounts}
    counts: dict[str, dict[str, int]] = {}
    last_refused: dict[str, datetime] = {}
    for count in tx.sign_ins.counts(since=since):
        counts.setdefault(count.name_index, {})[count.outcome] = count.count
        if count.outcome != ACCEPTED:
            last_refused[count.name_index] = max(
                count.last, last_refused.get(count.name_index, count.last)
            )
    unknown = [counts[index] for index in counts if index not in by_index]
    return SignInRecord(
        since=since,
        accounts=[
            AccountAttempts(
                username=account.username,
                display_name=account.display_name,
                refused=counts[index].get(REFUSED, 0),
                throttled=counts[index].get(THROTTLED, 0),
                accepted=counts[index].get(ACCEPTED, 0),
                last_refused=last_refused.get(index),
            )
            for index, account in by_index.items()
            if index in counts
        ],
        unknown_refused=sum(c.get(REFUSED, 0) for c in unknown),
        unknown_throttled=sum(c.get(THROTTLED, 0) for c in unknown),
        unknown_names=len(unknown),
    )
