"""The ledger: a chain of its own for what belongs to no incident.

Settings, accounts, actors, data keys, the organisation profile, the registered suppliers, the
meta entries that matter and the list of incidents (opened, shredded) each have a subject here; every write of one appends an
entry naming the subject and the digest it has from then on (None: deleted), chained with the
audit key like an incident's events, in the same transaction as the write. ``verify`` replays the
ledger to the state each subject should have and compares it with the rows
(``storage.verify_ledger``).

Sign-ins are not entries: an account's digest leaves out the columns a sign-in changes
(``last_login_at``, ``failed_logins``, ``locked_until``), which its own row MAC still covers.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import GENESIS_MAC, chain_mac, record_mac
from breachreport.storage.audit import account_fields, columns_mac, iso
from breachreport.storage.tables import LedgerEntry

_TABLE = LedgerEntry.__table__  # type: ignore[attr-defined]
# One advisory lock number for ledger writers on PostgreSQL (SQLite serialises writers anyway).
LEDGER_LOCK = 0x6C656467

# Kinds of subject.
LEDGER = "ledger"  # subjects "started" (a new database) and "adopted" (an existing one, at 0007)
SETTING = "setting"
ACCOUNT = "account"
ACTOR = "actor"
DATA_KEY = "data_key"
ORGANISATION = "organisation"
META = "meta"
INCIDENT = "incident"
SUPPLIER = "supplier"  # a registered supplier and its public key (digest: its row MAC)


def ledger_head(session: Session) -> tuple[int, str] | None:
    """(seq, mac) of the newest ledger entry, None if the ledger is empty."""
    row = session.execute(
        sa.select(_TABLE.c.seq, _TABLE.c.mac).order_by(_TABLE.c.seq.desc()).limit(1)
    ).one_or_none()
    return None if row is None else (row.seq, row.mac)


def entry_mac(audit_key: bytes, entry: Any) -> str:
    """``entry`` has the ledger columns as attributes."""
    return chain_mac(
        audit_key,
        entry.prev_mac,
        {
            "record": "ledger/v1",
            "seq": entry.seq,
            "at": iso(entry.at),
            "kind": entry.kind,
            "subject": entry.subject,
            "digest": entry.digest,
        },
    )


# -- digests of subjects ----------------------------------------------------------------------


def full_mac(audit_key: bytes, row: Any, table: Any) -> str:
    """The row MAC of an actor or a data key: every column, foreign keys included."""
    return columns_mac(audit_key, table, row)


_VOLATILE = frozenset({"last_login_at", "failed_logins", "locked_until", "row_mac"})


def account_digest(audit_key: bytes, account: Any) -> str:
    """An account as the ledger knows it: every column but those a sign-in changes."""
    return record_mac(
        audit_key,
        {
            "record": "account-ledger/v1",
            **account_fields(account),
        },
    )


def meta_digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def incident_open(reference: str) -> str:
    return f"open {reference}"


def incident_shredded(reference: str, tombstone_mac: str) -> str:
    return f"shredded {reference} {tombstone_mac}"


# -- writing ----------------------------------------------------------------------------------


class Ledger:
    """Appends to the ledger inside one transaction; never commits."""

    def __init__(self, session: Session, audit_key: bytes) -> None:
        self.session = session
        self.audit_key = audit_key

    def record(self, kind: str, subject: str, digest_: str | None, *, at: datetime | None = None):
        self.record_many([(kind, subject, digest_)], at=at)

    def record_many(
        self, items: list[tuple[str, str, str | None]], *, at: datetime | None = None
    ) -> None:
        if not items:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            # Writers queue here until the one before them commits, so each extends the head.
            self.session.execute(sa.select(sa.func.pg_advisory_xact_lock(LEDGER_LOCK)))
        head = ledger_head(self.session)
        seq, prev = head if head is not None else (0, GENESIS_MAC)
        when = (at or datetime.now(UTC)).astimezone(UTC)
        values = []
        for kind, subject, digest_ in items:
            seq += 1
            entry = LedgerEntry(
                seq=seq, at=when, kind=kind, subject=subject, digest=digest_, prev_mac=prev, mac=""
            )
            entry.mac = entry_mac(self.audit_key, entry)
            prev = entry.mac
            values.append(entry.model_dump())
        self.session.execute(sa.insert(_TABLE), values)

    def current(self, kind: str, subject: str) -> tuple[bool, str | None]:
        """(known, digest) of the subject's newest entry; (False, None) if it has none."""
        row = self.session.execute(
            sa.select(_TABLE.c.digest)
            .where(_TABLE.c.kind == kind, _TABLE.c.subject == subject)
            .order_by(_TABLE.c.seq.desc())
            .limit(1)
        ).one_or_none()
        return (False, None) if row is None else (True, row.digest)
