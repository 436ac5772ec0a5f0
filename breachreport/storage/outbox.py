"""The outbox (``tx.outbox``): every mail that must go out exactly once, and how sending it went.

A mail is claimed before it is sent: ``claim`` inserts its row under a unique keyed hash of the
caller's purpose string ("reminder|<incident>|<clock>|24h|<address>"), so of two runs that overlap,
on SQLite or PostgreSQL, the database lets exactly one have it. The purpose itself is never stored
(it names the address); the address, the name and what the mail says are sealed with the incident's
data key, so shredding the incident erases them. Each row is one of its incident's rows
(``AttachedRows``: under its MAC and the incident's manifest), status changes included.

Nothing here sends mail: the services compose and send outside any transaction, then mark the row.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import exc as sa_exc

from breachreport.crypto import KEY_BYTES
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.sealed import place, seal_json, seal_text, unseal_json, unseal_text
from breachreport.storage.tables import OutgoingMail

# A key of its own, so that a purpose index can never stand in for a MAC made with the audit key.
_PURPOSE_INDEX_INFO = b"breachreport outbox purpose index v1"
_TABLE = "outgoing_mail"

Status = Literal["sending", "sent", "failed", "expired"]
SENDING: Status = "sending"
SENT: Status = "sent"
FAILED: Status = "failed"
EXPIRED: Status = "expired"
STATUSES = frozenset({SENDING, SENT, FAILED, EXPIRED})


@dataclass(frozen=True)
class OutboxRecord:
    """One mail of the outbox, its message and last error opened from their seals."""

    id: str
    incident_id: str
    kind: str
    clock_key: str | None
    due: datetime | None
    scheduled_at: datetime
    message: dict[str, Any]
    status: str
    attempts: int
    claimed_at: datetime
    sent_at: datetime | None
    error: str | None
    created_at: datetime


@lru_cache(maxsize=4)
def _purpose_index_key(audit_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_PURPOSE_INDEX_INFO
    ).derive(audit_key)


def purpose_index(audit_key: bytes, purpose: str) -> str:
    """Hex HMAC-SHA256 of the purpose string: the same purpose finds the same row, and the index
    says nothing of the address or incident it names without the key ring."""
    if not isinstance(purpose, str) or not purpose:
        raise ValueError("an outbox purpose must be a non-empty string")
    return hmac.new(
        _purpose_index_key(audit_key), purpose.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def _short(value: str | None, what: str, limit: int) -> None:
    if value is not None and (not isinstance(value, str) or not value or len(value) > limit):
        raise ValueError(f"{what} must be a non-empty string of at most {limit} characters")


class OutboxRepository:
    """Outgoing mail, each row under its MAC and its incident's manifest (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    # -- claiming --------------------------------------------------------------------------------

    def claim(
        self,
        *,
        incident_id: str,
        purpose: str,
        kind: str,
        message: dict[str, Any],
        scheduled_at: datetime,
        at: datetime,
        clock_key: str | None = None,
        due: datetime | None = None,
    ) -> OutboxRecord | None:
        """Record the mail as being sent now (status "sending", attempt 1); None if a row with the
        same purpose exists already, written by an earlier run or by one running at this moment.

        The insert runs in a savepoint: losing the race leaves the caller's transaction usable."""
        _short(kind, "kind", 32)
        _short(clock_key, "clock_key", 64)
        at = utc(at, "at")
        # The incident first, as every write of its rows takes it (PostgreSQL): two runs claiming
        # its mails queue here, and the second then meets the first one's row, never a deadlock.
        incident = self.chain.incident_row(incident_id, lock=True)
        key = self.chain.data_key(incident.data_key_id)
        mail_id = new_id()
        row = OutgoingMail(
            id=mail_id,
            incident_id=incident.id,
            dedupe_index=purpose_index(self.ring.audit_key, purpose),
            kind=kind,
            clock_key=clock_key,
            due=utc(due, "due") if due is not None else None,
            scheduled_at=utc(scheduled_at, "scheduled_at"),
            message_ct=seal_json(
                key, message, at=place(_TABLE, "message_ct", mail_id), what="outgoing mail"
            ),
            status=SENDING,
            attempts=1,
            claimed_at=at,
            sent_at=None,
            error_ct=None,
            created_at=at,
            row_mac="",
        )
        try:
            with self.session.begin_nested():
                self.rows.add(row)
        except sa_exc.IntegrityError:
            # The unique purpose index: another run has this mail (committed before this one
            # could insert: SQLite queues whole write transactions, PostgreSQL waits for the
            # other's commit on the incident row or on the index).
            return None
        return _record(row, key)

    def known(self, purposes: Iterable[str]) -> set[str]:
        """Which of ``purposes`` already have a row (any status): for plans and dry runs."""
        by_index = {purpose_index(self.ring.audit_key, p): p for p in purposes}
        found: set[str] = set()
        indexes = list(by_index)
        for start in range(0, len(indexes), 500):
            chunk = indexes[start : start + 500]
            found |= set(
                self.session.execute(
                    sa.select(OutgoingMail.dedupe_index).where(
                        OutgoingMail.dedupe_index.in_(chunk)  # type: ignore[attr-defined]
                    )
                ).scalars()
            )
        return {by_index[index] for index in found}

    # -- retrying --------------------------------------------------------------------------------

    def retry_candidates(self, *, at: datetime, stale_after: timedelta) -> list[OutboxRecord]:
        """Mails to try again: those that failed, and those claimed longer than ``stale_after``
        ago and still "sending" (the run that claimed them stopped before it could mark them).
        Oldest scheduled first."""
        stale_before = utc(at, "at") - stale_after
        rows = self.rows.select(
            OutgoingMail,
            sa.or_(
                OutgoingMail.status == FAILED,
                sa.and_(
                    OutgoingMail.status == SENDING,
                    OutgoingMail.claimed_at < stale_before,  # type: ignore[operator]
                ),
            ),
            order_by=(OutgoingMail.scheduled_at, OutgoingMail.id),
        )
        return self._records(rows)

    def reclaim(
        self, record_id: str, *, expected_status: str, expected_attempts: int, at: datetime
    ) -> OutboxRecord | None:
        """Claim a mail again for one more attempt, only if it is still as the caller read it
        (status and attempts, under a row lock); None if another run reclaimed or marked it."""
        at = utc(at, "at")
        row = self.rows.get(OutgoingMail, record_id, lock=True)
        if row.status != expected_status or row.attempts != expected_attempts:
            return None
        row = self.rows.update(row, status=SENDING, attempts=row.attempts + 1, claimed_at=at)
        return _record(row, self.chain.incident_key(row.incident_id))

    # -- outcomes --------------------------------------------------------------------------------

    def mark_sent(self, record_id: str, *, at: datetime) -> OutboxRecord:
        """Sent: no more attempts. An earlier attempt's error is cleared (``attempts`` tells)."""
        at = utc(at, "at")
        return self._mark(record_id, lambda _key: {"status": SENT, "sent_at": at, "error_ct": None})

    def mark_failed(self, record_id: str, *, at: datetime, error: str) -> OutboxRecord:
        """The attempt failed; ``error`` (one line: the server's refusal, a timeout) is sealed, as
        a server's answer may quote the address. A later run retries it."""
        utc(at, "at")
        if not isinstance(error, str):
            raise TypeError("error must be a str")
        return self._mark(
            record_id,
            lambda key: {
                "status": FAILED,
                "error_ct": seal_text(key, error, at=place(_TABLE, "error_ct", record_id)),
            },
        )

    def mark_expired(self, record_id: str, *, at: datetime) -> OutboxRecord:
        """The deadline it was about has passed: no more retries (its last error is kept)."""
        utc(at, "at")
        return self._mark(record_id, lambda _key: {"status": EXPIRED})

    def _mark(self, record_id: str, changes: Callable[[bytes], dict[str, Any]]) -> OutboxRecord:
        row = self.rows.get(OutgoingMail, record_id, lock=True)
        key = self.chain.incident_key(row.incident_id)
        return _record(self.rows.update(row, **changes(key)), key)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, record_id: str) -> OutboxRecord:
        row = self.rows.get(OutgoingMail, record_id)
        return _record(row, self.chain.incident_key(row.incident_id))

    def for_incident(self, incident_id: str) -> list[OutboxRecord]:
        """Every mail of the incident, in the order they were scheduled."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            OutgoingMail,
            OutgoingMail.incident_id == incident_id,
            order_by=(OutgoingMail.scheduled_at, OutgoingMail.created_at, OutgoingMail.id),
        )
        return [_record(row, key) for row in rows]

    def _records(self, rows: list[OutgoingMail]) -> list[OutboxRecord]:
        keys: dict[str, bytes] = {}
        records = []
        for row in rows:
            if row.incident_id not in keys:
                keys[row.incident_id] = self.chain.incident_key(row.incident_id)
            records.append(_record(row, keys[row.incident_id]))
        return records


def _record(row: OutgoingMail, key: bytes) -> OutboxRecord:
    error = None
    if row.error_ct is not None:
        error = unseal_text(key, row.error_ct, at=place(_TABLE, "error_ct", row.id))
    return OutboxRecord(
        id=row.id,
        incident_id=row.incident_id,
        kind=row.kind,
        clock_key=row.clock_key,
        due=row.due,
        scheduled_at=row.scheduled_at,
        message=unseal_json(key, row.message_ct, at=place(_TABLE, "message_ct", row.id)),
        status=row.status,
        attempts=row.attempts,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        error=error,
        created_at=row.created_at,
    )
