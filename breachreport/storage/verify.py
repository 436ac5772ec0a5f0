"""The integrity check behind ``breachreport verify``: keys, ciphertexts, chains, row MACs, tombstones.

Reports damage and keeps going; never raises on damage and never writes. Problems name places,
sequence numbers and columns, never decrypted content. Reads incidents in batches (a handful of
queries per few hundred incidents), so that ten thousand incidents are checked in seconds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import breachreport.storage.manifest as manifest
from breachreport.crypto import GENESIS_MAC, DataKeyCache, KeyRing, macs_equal, unseal
from breachreport.errors import BreachReportError, IntegrityError
from breachreport.storage.attached import ATTACHED, row_mac, table_of
from breachreport.storage.audit import event_mac, filing_mac, incident_mac
from breachreport.storage.chain import event_place
from breachreport.storage.readable import rows as readable_rows
from breachreport.storage.readable import said, unreadable
from breachreport.storage.records import Damage, StoreCheck
from breachreport.storage.sealed import place, unseal_json
from breachreport.storage.tables import (
    DataKey,
    Filing,
    FilingDocument,
    Incident,
    IncidentEvent,
    Tombstone,
)
from breachreport.storage.verify_ledger import check_ledger
from breachreport.storage.verify_shared import check_shared, check_tombstones

# Given an incident that passed every check: its id, its opened facts and its events as
# (kind, opened payload), oldest first; returns a problem, or None. The services replay the history.
Replay = Callable[[str, dict[str, Any], list[tuple[str, dict[str, Any]]]], str | None]

_BATCH = 500
_INCIDENT = table_of(Incident)
_EVENT = table_of(IncidentEvent)
_FILING = table_of(Filing)
_DOCUMENT = table_of(FilingDocument)
_ATTACHED = [table_of(model) for model in ATTACHED]
_SEALED = {t.name: [c.name for c in t.columns if c.name.endswith("_ct")] for t in _ATTACHED}


def check_store(
    session: Session, ring: KeyRing, keys: DataKeyCache, *, replay: Replay | None = None
) -> StoreCheck:
    damage: list[Damage] = []
    ids = list(
        session.execute(sa.select(Incident.id).order_by(Incident.created_at, Incident.id)).scalars()
    )
    data_keys = {row.id: row for row in readable_rows(session, table_of(DataKey))}
    for start in range(0, len(ids), _BATCH):
        damage += _check_batch(session, ring, keys, data_keys, ids[start : start + _BATCH], replay)
    shredded, problems = check_tombstones(session, ring, keys, data_keys)
    damage += problems
    damage += [Damage(None, None, problem) for problem in check_shared(session, ring, keys)]
    problems, since = check_ledger(session, ring.audit_key)
    # An incident deleted is said once: by the ledger, with its id, rather than by the gap too.
    named = {d.reference for d in problems if d.problem.endswith(_DELETED)}
    damage += [d for d in _check_numbering(session) if d.reference not in named]
    damage += problems
    usage = Counter(row.master_key_id for row in data_keys.values())
    return StoreCheck(damage, len(ids), shredded, dict(sorted(usage.items())), rows_since=since)


_REFERENCE = re.compile(r"(BR-\d{4}-)(\d+)")
_DELETED = "deleted without being shredded"


def _check_numbering(session: Session) -> list[Damage]:
    """References are handed out in order each year and never reused (a shredded incident keeps
    its number in its tombstone), so a number missing below the highest one is an incident that
    was deleted behind the application's back. (Deleting the newest one leaves no gap: the
    documents' footers, which quote the chain head, are the check for that.)"""
    found: dict[str, set[int]] = {}
    for model in (Incident, Tombstone):
        for reference in session.execute(sa.select(model.reference)).scalars():
            matched = _REFERENCE.fullmatch(reference or "")
            if matched:
                found.setdefault(matched.group(1), set()).add(int(matched.group(2)))
    return [
        Damage(
            None,
            f"{prefix}{number:04d}",
            f"incident {prefix}{number:04d} is missing: it was deleted without being shredded",
        )
        for prefix, numbers in sorted(found.items())
        for number in sorted(set(range(1, max(numbers) + 1)) - numbers)
    ]


def _check_batch(
    session: Session,
    ring: KeyRing,
    keys: DataKeyCache,
    data_keys: dict[str, Any],
    ids: Sequence[str],
    replay: Replay | None,
) -> list[Damage]:
    try:
        batch = _Batch.load(session, ids)
    except Exception:
        # A value that cannot even be read (a bad date, bad JSON) spoils the whole query: look at
        # the incidents one by one, so that only the damaged one is reported.
        if len(ids) > 1:
            return [
                d
                for one in ids
                for d in _check_batch(session, ring, keys, data_keys, [one], replay)
            ]
        return _unreadable(session, ids[0])
    damage = []
    for incident_id in ids:
        row = batch.incidents.get(incident_id)
        if row is None:
            continue  # cannot happen in one snapshot; nothing to report about a row not there
        check = _IncidentCheck(ring, keys, row, data_keys.get(row.data_key_id), batch)
        check.run()
        if not check.problems and replay is not None and check.facts is not None:
            problem = replay(row.id, check.facts, check.payloads)
            if problem:
                check.problems.append(problem)
        damage += [Damage(row.id, row.reference, problem) for problem in check.problems]
    return damage


def _unreadable(session: Session, incident_id: str) -> list[Damage]:
    """The values of one incident's rows that cannot be read, by kind of row, row and column."""
    reference = session.execute(
        sa.select(Incident.reference).where(Incident.id == incident_id)
    ).scalar_one_or_none()
    filings = sa.select(_FILING.c.id).where(_FILING.c.incident_id == incident_id)
    problems = []
    for table in (_INCIDENT, _EVENT, _FILING, _DOCUMENT, *_ATTACHED):
        if table is _INCIDENT:
            where = table.c.id == incident_id
        elif table is _DOCUMENT:
            where = table.c.filing_id.in_(filings)
        else:
            where = table.c.incident_id == incident_id
        for row in readable_rows(session, table, where=where):
            if unreadable(row):
                if table is _INCIDENT:
                    name = "incident row"
                else:
                    name = f"event {row.seq}" if table is _EVENT else f"{table.name} {row.id}"
                problems.append(said(name, row))
    problems = problems or ["incident row: its rows cannot be read"]
    return [Damage(incident_id, reference, problem) for problem in problems]


def _grouped(rows: Iterable[Any], key: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return found


class _Batch:
    """Every row of some incidents, read with one query per table."""

    def __init__(self) -> None:
        self.incidents: dict[str, Any] = {}
        self.events: dict[str, list[Any]] = {}
        self.filings: dict[str, list[Any]] = {}
        self.documents: dict[str, list[Any]] = {}
        self.attached: dict[str, dict[str, list[Any]]] = {}

    @classmethod
    def load(cls, session: Session, ids: Sequence[str]) -> _Batch:
        batch = cls()
        batch.incidents = {
            row.id: row
            for row in session.execute(sa.select(_INCIDENT).where(_INCIDENT.c.id.in_(ids)))
        }
        batch.events = _grouped(
            session.execute(
                sa.select(_EVENT)
                .where(_EVENT.c.incident_id.in_(ids))
                .order_by(_EVENT.c.incident_id, _EVENT.c.seq)
            ),
            "incident_id",
        )
        batch.filings = _grouped(
            session.execute(
                sa.select(_FILING)
                .where(_FILING.c.incident_id.in_(ids))
                .order_by(_FILING.c.incident_id, _FILING.c.seq)
            ),
            "incident_id",
        )
        batch.documents = _grouped(
            session.execute(
                sa.select(
                    _DOCUMENT.c.id,
                    _DOCUMENT.c.name,
                    _DOCUMENT.c.content_ct,
                    _DOCUMENT.c.filing_id,
                )
                .join(_FILING, _FILING.c.id == _DOCUMENT.c.filing_id)
                .where(_FILING.c.incident_id.in_(ids))
            ),
            "filing_id",
        )
        for table in _ATTACHED:
            batch.attached[table.name] = _grouped(
                session.execute(sa.select(table).where(table.c.incident_id.in_(ids))),
                "incident_id",
            )
        return batch


class _IncidentCheck:
    """Every check of one incident; each step catches its own failure so the next still runs."""

    def __init__(
        self, ring: KeyRing, keys: DataKeyCache, row: Any, data_key: Any, batch: _Batch
    ) -> None:
        self.audit_key = ring.audit_key
        self.keys = keys
        self.row = row
        self.data_key_row = data_key
        self.batch = batch
        self.problems: list[str] = []
        self.facts: dict[str, Any] | None = None
        self.payloads: list[tuple[str, dict[str, Any]]] = []

    def step(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except BreachReportError as error:
            self.problems.append(f"{what}: {error}")
        except Exception as error:  # unreadable values (bad dates, bad JSON) are damage too
            self.problems.append(f"{what}: cannot be read ({type(error).__name__})")
        return None

    def run(self) -> None:
        row = self.row
        mac_ok = self.step(
            "incident row", lambda: macs_equal(row.row_mac, incident_mac(self.audit_key, row))
        )
        if mac_ok is False:
            self.problems.append(
                "incident row: its MAC does not match (status, version, times, chain head or "
                "ciphertexts were altered)"
            )
        key = self.step("data key", self._data_key)
        if key is not None:
            self.facts = self.step(
                "incident facts_ct",
                lambda: unseal_json(key, row.facts_ct, at=place("incident", "facts_ct", row.id)),
            )
            self.step(
                "incident summary_ct",
                lambda: unseal_json(
                    key, row.summary_ct, at=place("incident", "summary_ct", row.id)
                ),
            )
        seqs = self.step("events", lambda: self._events(key))
        self.step("filings", lambda: self._filings(key, seqs))
        for table in _ATTACHED:
            rows = self.batch.attached[table.name].get(row.id)
            if rows:
                self.step(table.name, lambda t=table, r=rows: self._attached(t, r, key))
        self.step("incident rows", self._manifest)

    def _manifest(self) -> None:
        """The rows that belong to the incident are the ones its manifest (under its MAC) lists."""
        row = self.row
        if row.rows is None:
            self.problems.append(
                "incident row: it has no manifest of its rows (they are not under its chain)"
            )
            return
        stored = manifest.parse(row.rows)
        batch = self.batch
        found = {
            manifest.EVENTS: batch.events.get(row.id, []),
            manifest.FILINGS: batch.filings.get(row.id, []),
            manifest.DOCUMENTS: [
                doc
                for filing in batch.filings.get(row.id, [])
                for doc in batch.documents.get(filing.id, [])
            ],
        }
        for table in _ATTACHED:
            found[table.name] = batch.attached[table.name].get(row.id, [])
        actual = {
            table: manifest.summary(manifest.entry(table, r) for r in rows)
            for table, rows in found.items()
            if rows
        }
        self.problems += manifest.differences(stored, actual)

    def _data_key(self) -> bytes:
        found = self.data_key_row
        if found is None:
            raise IntegrityError(f"its data key {self.row.data_key_id} is missing")
        return self.keys.unwrap(found.master_key_id, found.id, found.wrapped)

    def _events(self, key: bytes | None) -> set[int]:
        row = self.row
        events = self.batch.events.get(row.id, [])
        prev = GENESIS_MAC
        for expected_seq, event in enumerate(events, start=1):
            if event.seq != expected_seq:
                self.problems.append(f"events: seq {event.seq} where {expected_seq} was expected")
            if not macs_equal(event.prev_mac, prev):
                self.problems.append(f"event {event.seq}: does not link to the event before it")
            if not macs_equal(event.mac, event_mac(self.audit_key, event)):
                self.problems.append(f"event {event.seq}: its MAC does not match")
            if key is not None:
                payload = self.step(
                    f"event {event.seq} payload",
                    lambda e=event: unseal_json(key, e.payload_ct, at=event_place(row.id, e.seq)),
                )
                if payload is not None:
                    self.payloads.append((event.kind, payload))
            prev = event.mac
        if not events:
            self.problems.append("events: the incident has no events")
        if not macs_equal(row.chain_head, prev):
            self.problems.append("events: the chain head does not match the last event")
        return {event.seq for event in events}

    def _filings(self, key: bytes | None, event_seqs: set[int] | None) -> None:
        filings = self.batch.filings.get(self.row.id, [])
        for expected_seq, filing in enumerate(filings, start=1):
            label = f"filing {filing.seq}"
            if filing.seq != expected_seq:
                self.problems.append(f"filings: seq {filing.seq} where {expected_seq} was expected")
            if event_seqs is not None and filing.event_seq not in event_seqs:
                self.problems.append(f"{label}: its event {filing.event_seq} is missing")
            documents = self.batch.documents.get(filing.id, [])
            names = [(doc.id, doc.name) for doc in documents]
            if not macs_equal(filing.row_mac, filing_mac(self.audit_key, filing, names)):
                self.problems.append(f"{label}: its MAC does not match")
            if key is None:
                continue
            sealed = ("snapshot_ct", "changes_ct")
            sealed += ("meta_ct",) if filing.meta_ct is not None else ()
            for column in sealed:
                self.step(
                    f"{label} {column}",
                    lambda c=column, f=filing: unseal_json(
                        key, getattr(f, c), at=place("filing", c, f.id)
                    ),
                )
            for doc in documents:
                self.step(
                    f"{label} document {doc.name!r}",
                    lambda d=doc: unseal(
                        key, d.content_ct, place=place("filing_document", "content_ct", d.id)
                    ),
                )

    def _attached(self, table: sa.Table, rows: list[Any], key: bytes | None) -> None:
        """Rows beside the facts (invitations, proposals, ...): their MACs and ciphertexts."""
        sealed = _SEALED[table.name]
        for found in rows:
            label = f"{table.name} {found.id}"
            if not macs_equal(found.row_mac, row_mac(self.audit_key, table, found)):
                self.problems.append(f"{label}: its MAC does not match")
            if key is None:
                continue
            for column in sealed:
                if getattr(found, column) is not None:
                    self.step(
                        f"{label} {column}",
                        lambda c=column, r=found: unseal(
                            key, getattr(r, c), place=place(table.name, c, r.id)
                        ),
                    )
