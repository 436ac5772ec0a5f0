"""Each incident's commitment to the rows that belong to it: its manifest.

The manifest is plain JSON on the incident row, under the incident's MAC: for each kind of row
(table), how many there are and a SHA-256 over their sorted ids and MACs (events: id, seq and MAC;
filing documents: id, filing, name and a digest of the sealed content). Ids and MACs only, so it
holds nothing secret. Every write of such a row renews it in the same transaction
(``IncidentChain.refresh_rows``), so ``verify`` can tell a row deleted, added or replaced behind
the application's back, and name the kind of row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.storage.audit import digest
from breachreport.storage.tables import (
    Approval,
    BulletinImport,
    Comment,
    Evidence,
    Filing,
    FilingDocument,
    IncidentEvent,
    Invitation,
    OutgoingMail,
    Proposal,
    ReviewerAssignment,
)

EVENTS = "incident_event"
FILINGS = "filing"
DOCUMENTS = "filing_document"
# Tables whose rows carry their own ``row_mac`` and an ``incident_id``.
MACED: dict[str, Any] = {
    model.__tablename__: model.__table__  # type: ignore[attr-defined]
    for model in (
        Filing,
        Invitation,
        Proposal,
        ReviewerAssignment,
        Comment,
        Approval,
        Evidence,
        BulletinImport,
        OutgoingMail,
    )
}
KINDS = (EVENTS, DOCUMENTS, *MACED)

Manifest = dict[str, tuple[int, str]]


def entry(table: str, row: Any) -> str:
    """What the manifest keeps of one row (a string, compared sorted)."""
    if table == EVENTS:
        return f"{row.id}:{row.seq}:{row.mac}"
    if table == DOCUMENTS:
        return f"{row.id}:{row.filing_id}:{row.name}:{digest(row.content_ct)}"
    return f"{row.id}:{row.row_mac}"


def summary(entries: Iterable[str]) -> tuple[int, str]:
    ordered = sorted(entries)
    return len(ordered), hashlib.sha256("\n".join(ordered).encode("utf-8")).hexdigest()


_NONE = summary([])


def entries_of(session: Session, incident_id: str, table: str) -> list[str]:
    """The entries of the rows of ``table`` that belong to the incident, as stored now."""
    if table == EVENTS:
        t = IncidentEvent.__table__  # type: ignore[attr-defined]
        query = sa.select(t.c.id, t.c.seq, t.c.mac).where(t.c.incident_id == incident_id)
    elif table == DOCUMENTS:
        d, f = FilingDocument.__table__, Filing.__table__  # type: ignore[attr-defined]
        query = (
            sa.select(d.c.id, d.c.filing_id, d.c.name, d.c.content_ct)
            .join(f, f.c.id == d.c.filing_id)
            .where(f.c.incident_id == incident_id)
        )
    else:
        t = MACED[table]
        query = sa.select(t.c.id, t.c.row_mac).where(t.c.incident_id == incident_id)
    return [entry(table, row) for row in session.execute(query)]


def parse(rows: str | None) -> Manifest:
    """The stored manifest; ValueError if it is not one."""
    if rows is None:
        return {}
    found = json.loads(rows)
    if not isinstance(found, dict):
        raise ValueError("not a manifest")
    parsed: Manifest = {}
    for table, value in found.items():
        if table not in KINDS or not isinstance(value, list) or len(value) != 2:
            raise ValueError("not a manifest")
        count, hexdigest = value
        if not isinstance(count, int) or not isinstance(hexdigest, str):
            raise ValueError("not a manifest")
        parsed[table] = (count, hexdigest)
    return parsed


def dump(manifest: Manifest) -> str:
    """Canonical JSON, kinds without rows left out (so equal sets give equal text)."""
    kept = {table: list(value) for table, value in sorted(manifest.items()) if value[0]}
    return json.dumps(kept, separators=(",", ":"), sort_keys=True)


def renewed(session: Session, incident_id: str, stored: str | None, tables: Iterable[str]) -> str:
    """The incident's manifest with ``tables`` recounted from the database (the others as stored)."""
    try:
        manifest = parse(stored)
    except (ValueError, TypeError):
        manifest = {}
    for table in tables:
        manifest[table] = summary(entries_of(session, incident_id, table))
    return dump(manifest)


def complete(session: Session, incident_id: str) -> str:
    """The whole manifest from the database (for adoption)."""
    return renewed(session, incident_id, None, KINDS)


def differences(stored: Manifest, actual: Manifest) -> list[str]:
    """What differs, by kind of row: "filing: 1 row deleted", "comment: rows altered or replaced"."""
    if stored == actual:
        return []
    problems = []
    for table in KINDS:
        want = stored.get(table, _NONE)
        have = actual.get(table, _NONE)
        if want == have:
            continue
        if have[0] < want[0]:
            gone = want[0] - have[0]
            problems.append(f"{table}: {gone} {'row' if gone == 1 else 'rows'} deleted")
        elif have[0] > want[0]:
            added = have[0] - want[0]
            problems.append(f"{table}: {added} {'row' if added == 1 else 'rows'} added")
        else:
            problems.append(f"{table}: rows altered or replaced")
    return problems
