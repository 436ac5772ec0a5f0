"""The register: every incident with its summary, read in one query.

Opens summaries only (never facts or events), so that the register stays fast however many
incidents there are; one damaged row is shown as damaged and never hides the others.

A listing after the first opens only what changed since. Each store keeps the rows it made in
memory (never on disk), each under every column it was made from, the sealed summary and the
wrapped data key included. A row that differs in any byte, or an incident not seen before, is
opened and checked as on the first listing, so a row tampered with after it was listed is shown as
damaged; ``verify`` still checks every row from the database.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from sys import intern
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import DataKeyCache
from breachreport.errors import IntegrityError, MasterKeyError
from breachreport.storage.records import IncidentSummary
from breachreport.storage.sealed import place, unseal_json
from breachreport.storage.tables import DataKey, Incident

# What a listing reads: the register's columns, the sealed summary, and what opens it (the data
# key's wrapping, read apart: one small query and a dictionary are cheaper than a join).
_LISTING = sa.select(
    Incident.id,
    Incident.reference,
    Incident.status,
    Incident.version,
    Incident.created_at,
    Incident.updated_at,
    Incident.data_key_id,
    Incident.summary_ct,
)
_WRAPPINGS = sa.select(DataKey.id, DataKey.master_key_id, DataKey.wrapped)


class _Listed(NamedTuple):
    """A listed row as the driver read it, with its data key's wrapping."""

    id: str
    reference: str
    status: str
    version: int
    created_at: Any
    updated_at: Any
    data_key_id: str
    summary_ct: bytes
    master_key_id: str | None
    wrapped: bytes | None


def _in_order(row: tuple[Any, ...]) -> tuple[Any, Any]:
    """Oldest first: created_at (a datetime, or SQLite's fixed-width text of one), then
    reference."""
    return row[4], row[1]


def _utc(value: Any) -> datetime:
    """A time as the driver gave it: SQLite's naive UTC text or a datetime."""
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


class OpenedSummaries:
    """The register rows one store has made, by incident id, each with the bytes it was opened
    from (its sealed summary and wrapped data key).

    Held in memory only, for as long as the store is open. Each listing replaces the whole of it
    with what that listing saw, so a shredded incident's summary leaves memory with the next one.
    The rows are shared between listings; their summary dicts must not be changed by readers.
    """

    def __init__(self) -> None:
        # id -> (the listing's columns as read, its data key's wrapping, the row made from them)
        self._rows: dict[str, tuple[tuple[Any, ...], tuple[Any, ...] | None, IncidentSummary]] = {}
        self._lock = threading.Lock()

    def snapshot(
        self,
    ) -> dict[str, tuple[tuple[Any, ...], tuple[Any, ...] | None, IncidentSummary]]:
        with self._lock:
            return self._rows

    def replace(
        self, rows: dict[str, tuple[tuple[Any, ...], tuple[Any, ...] | None, IncidentSummary]]
    ) -> None:
        with self._lock:
            self._rows = rows


def _shared_words(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary`` with its keys and short words (a status, a kind of breach, a decision maker's
    name) held once for all rows instead of once per row: the rows stay in memory between
    listings, and at 10,000 incidents the copies were a quarter of their size."""
    return {
        intern(name): intern(value) if isinstance(value, str) and len(value) <= 40 else value
        for name, value in summary.items()
    }


class Register:
    """The register read (``tx.register``): the session, the data-key cache, and the rows the
    store has opened before (``Store`` owns them, so they live exactly as long as it does)."""

    def __init__(self, session: Session, keys: DataKeyCache, opened: OpenedSummaries) -> None:
        self.session = session
        self.keys = keys
        self.opened = opened

    def rows(self) -> list[IncidentSummary]:
        """Every incident with its summary, oldest first; opens summaries only, so it stays fast,
        and only those it has not opened before from the same bytes.

        Reads the driver's rows as they come (no type conversion): a row's columns are compared
        as read, and the times are converted only for a row that is opened afresh. A row that
        did not change keeps the very objects it was cached under, so that a listing leaves
        little new behind for the garbage collector to trace."""
        cache = self.opened
        before = cache.snapshot()
        now: dict[str, tuple[tuple[Any, ...], tuple[Any, ...] | None, IncidentSummary]] = {}
        wrappings = {found[0]: found[1:] for found in self._raw(_WRAPPINGS)}
        found = []
        for listed in sorted(self._raw(_LISTING), key=_in_order):
            wrapping = wrappings.get(listed[6])
            known = before.get(listed[0])
            # The same bytes as last time give the same row; anything else is opened afresh.
            if known is not None and known[0] == listed and known[1] == wrapping:
                row = known[2]
                now[row.id] = known
            else:
                row = self._opened(listed, wrapping)
                if not row.damaged:
                    now[row.id] = (listed, wrapping, row)
            found.append(row)
        cache.replace(now)
        return found

    def _raw(self, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
        """The rows of ``query`` as the database driver returns them (tuples, no conversion)."""
        connection = self.session.connection()
        result = connection.exec_driver_sql(str(query.compile(dialect=connection.dialect)))
        try:
            return [tuple(row) for row in result.cursor.fetchall()]
        finally:
            result.close()

    def _opened(self, listed: tuple[Any, ...], wrapping: tuple[Any, ...] | None) -> IncidentSummary:
        """One listed row with its summary opened and checked."""
        r = _Listed(*listed, *(wrapping or (None, None)))
        # One damaged row must not hide the others: the register shows it as damaged (verify
        # names what failed), and every other incident as usual.
        try:
            if r.wrapped is None:
                raise IntegrityError(f"The data key of incident {r.reference} is missing.")
            key = self.keys.unwrap(r.master_key_id, r.data_key_id, r.wrapped)
            opened = _shared_words(
                unseal_json(key, r.summary_ct, at=place("incident", "summary_ct", r.id))
            )
            damaged = False
        except (IntegrityError, MasterKeyError):
            # A master key the ring lacks, on a store that opened: the store opens only when every
            # data key naming an unknown master key fails its MAC, so this row was altered.
            opened, damaged = {}, True
        return IncidentSummary(
            id=r.id,
            reference=r.reference,
            status=r.status,
            version=r.version,
            created_at=_utc(r.created_at),
            updated_at=_utc(r.updated_at),
            summary=opened,
            damaged=damaged,
        )
