"""Sign-in attempts (``tx.sign_ins``): the throttle's memory and the record of refusals.

Never stores a typed name or a client address, only their keyed hashes (see ``SignInAttempt``):
the name as ``login_index`` makes it for accounts, so that an administrator can match the refusals
of a real account to it, and the address with a key of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from breachreport.crypto import KEY_BYTES
from breachreport.storage.accounts import login_index
from breachreport.storage.chain import IncidentChain, utc
from breachreport.storage.tables import Account, SignInAttempt

ACCEPTED = "accepted"
REFUSED = "refused"  # the password was checked and not accepted (or the name is unknown)
THROTTLED = "throttled"  # refused without a try counting: the throttle said wait
OUTCOMES = (ACCEPTED, REFUSED, THROTTLED)
# What an unknown client address (the command line, a local connection) is counted as.
NO_ADDRESS = "no address"
_CLIENT_INDEX_INFO = b"breachreport sign-in client index v1"


@dataclass(frozen=True)
class Failures:
    """Failed tries on one key within the window: how many, and when the latest was."""

    count: int = 0
    last: datetime | None = None


@dataclass(frozen=True)
class AttemptStats:
    """What the throttle judges one attempt by (see ``services.sign_in``)."""

    pair: Failures  # this name from this address, since its latest success
    name: Failures  # this name from any address
    client: Failures  # any name from this address
    pair_accepted: datetime | None  # the latest success of this name from this address
    overall_full_at: datetime | None  # the overall window's oldest failure that keeps it full


@dataclass(frozen=True)
class AttemptCount:
    """Attempts of one outcome under one typed name's index, for the record of refusals."""

    name_index: str
    outcome: str
    count: int
    last: datetime


@lru_cache(maxsize=4)
def _client_index_key(audit_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_CLIENT_INDEX_INFO
    ).derive(audit_key)


class SignInRepository:
    """Attempts by keyed name and client hashes, for the sign-in throttle."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.audit_key = chain.ring.audit_key

    # -- keys ----------------------------------------------------------------------------------

    def name_index(self, typed: str) -> str:
        """The typed name's index, equal to an account's ``login_index`` for the same name."""
        return login_index(self.audit_key, typed)

    def client_index(self, client: str | None) -> str:
        """The client address's index; one neutral index for every unknown address. An IPv6
        address counts as its /64 network, which one subscriber holds whole (so that stepping
        through its addresses is not a fresh address each time), and an IPv4 address written as
        IPv6 (::ffff:192.0.2.1) as the IPv4 address."""
        address = client.strip().lower() if isinstance(client, str) and client.strip() else ""
        return hmac.new(
            _client_index_key(self.audit_key),
            (_counted_as(address) or NO_ADDRESS).encode("utf-8"),
            hashlib.sha256,
        ).hexdigest()

    # -- the throttle --------------------------------------------------------------------------

    def stats(
        self,
        name_index: str,
        client_index: str,
        *,
        since: datetime,
        until: datetime,
        known_since: datetime,
        overall_since: datetime,
        overall_limit: int,
    ) -> AttemptStats:
        """Five reads, always the same ones whatever the name: the latest success of the pair,
        the failures of the pair after it, of the name and of the address, and whether the
        overall window holds ``overall_limit`` failures or more. Attempts after ``until`` (the
        clock was set back) do not count: they would hold everyone until the clock caught up."""
        since, known_since = utc(since, "since"), utc(known_since, "known_since")
        overall_since, until = utc(overall_since, "overall_since"), utc(until, "until")
        not_after = SignInAttempt.at <= until
        pair = sa.and_(
            SignInAttempt.name_index == name_index, SignInAttempt.client_index == client_index
        )
        accepted = self.session.execute(
            sa.select(sa.func.max(SignInAttempt.at)).where(
                pair, SignInAttempt.outcome == ACCEPTED, SignInAttempt.at >= known_since, not_after
            )
        ).scalar_one()
        pair_since = since if accepted is None else max(since, _aware(accepted))
        full = self.session.execute(
            sa.select(SignInAttempt.at)
            .where(SignInAttempt.outcome == REFUSED, SignInAttempt.at >= overall_since, not_after)
            .order_by(SignInAttempt.at.desc())
            .offset(max(overall_limit - 1, 0))
            .limit(1)
        ).scalar_one_or_none()
        return AttemptStats(
            pair=self._failures(pair, SignInAttempt.at > pair_since, not_after),
            name=self._failures(
                SignInAttempt.name_index == name_index, SignInAttempt.at >= since, not_after
            ),
            client=self._failures(
                SignInAttempt.client_index == client_index, SignInAttempt.at >= since, not_after
            ),
            pair_accepted=None if accepted is None else _aware(accepted),
            overall_full_at=None if full is None else _aware(full),
        )

    def _failures(self, *where: sa.ColumnElement[bool]) -> Failures:
        count, last = self.session.execute(
            sa.select(sa.func.count(), sa.func.max(SignInAttempt.at)).where(
                SignInAttempt.outcome == REFUSED, *where
            )
        ).one()
        return Failures(count=count, last=None if last is None else _aware(last))

    def read_as_if_found(self, name_index: str) -> None:
        """For a typed name no account has: the reads that opening a found account makes after
        its index (its row, held for update, and the directory key), so that a sign-in asks the
        database the same statements whether the name exists or not."""
        no_such_id = name_index[:32]  # an account id is 32 hex digits; this one never exists
        self.session.execute(
            sa.select(Account).where(Account.id == no_such_id).with_for_update()
        ).one_or_none()
        self.chain.directory_key()

    def add(
        self,
        *,
        at: datetime,
        name_index: str,
        client_index: str,
        outcome: str,
        prune_before: datetime,
    ) -> None:
        """Record one attempt, and drop the attempts from before ``prune_before`` in the same
        write (one delete and one insert on every attempt)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown sign-in outcome {outcome!r}")
        self.session.execute(
            sa.delete(SignInAttempt).where(SignInAttempt.at < utc(prune_before, "prune_before"))
        )
        self.session.execute(
            sa.insert(SignInAttempt).values(
                at=utc(at, "at"), name_index=name_index, client_index=client_index, outcome=outcome
            )
        )

    # -- the record ----------------------------------------------------------------------------

    def counts(self, *, since: datetime) -> list[AttemptCount]:
        """Attempts since ``since`` by typed name's index and outcome, most recent first."""
        rows = self.session.execute(
            sa.select(
                SignInAttempt.name_index,
                SignInAttempt.outcome,
                sa.func.count(),
                sa.func.max(SignInAttempt.at),
            )
            .where(SignInAttempt.at >= utc(since, "since"))
            .group_by(SignInAttempt.name_index, SignInAttempt.outcome)
        ).all()
        found = [AttemptCount(index, outcome, n, _aware(last)) for index, outcome, n, last in rows]
        return sorted(found, key=lambda c: (c.last, c.name_index, c.outcome), reverse=True)


def _counted_as(address: str) -> str:
    """What an address is counted as: itself, an IPv6 address's /64 network, or the IPv4 address
    inside an IPv4-mapped one. Text that is no address is counted as written."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _aware(value: datetime) -> datetime:
    # max(at) has the column's type, so UTCDateTime makes it aware; the column stores UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
