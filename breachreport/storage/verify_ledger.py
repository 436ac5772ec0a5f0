"""Verifying the ledger (``storage.ledger``): its chain, and that every subject it knows is as its
newest entry says: settings, accounts, actors, data keys, the organisation profile, the registered
suppliers, the meta entries that matter and the list of incidents. And rows that belong to no incident at all.

Like the rest of ``verify``, never raises on damage and never writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import breachreport.storage.ledger as ledger
from breachreport.crypto import GENESIS_MAC, audit_key_check, macs_equal
from breachreport.storage.accounts import FIRST_ACCOUNT, account_mac
from breachreport.storage.attached import row_mac
from breachreport.storage.chain import DIRECTORY_KEY
from breachreport.storage.manifest import DOCUMENTS, EVENTS, MACED
from breachreport.storage.organisation import organisation_mac
from breachreport.storage.readable import UNREADABLE, said, unreadable
from breachreport.storage.readable import rows as readable_rows
from breachreport.storage.records import Damage
from breachreport.storage.tables import (
    AUDIT_KEY_CHECK,
    Account,
    Actor,
    DataKey,
    Filing,
    FilingDocument,
    Incident,
    IncidentEvent,
    LedgerEntry,
    Meta,
    Organisation,
    Setting,
    Supplier,
    Tombstone,
)

# The meta entries the ledger follows (the audit key check is checked whenever the store opens).
LEDGERED_META = (DIRECTORY_KEY, FIRST_ACCOUNT)
# Set by migration 0007 on a database that had data: its rows go under the chains when it opens.
ADOPTION = "rows_adoption"
_NAMES = {
    ledger.DATA_KEY: "data key",
    ledger.ORGANISATION: "the organisation profile",
    ledger.SUPPLIER: "supplier",
}


def check_ledger(session: Session, audit_key: bytes) -> tuple[list[Damage], datetime | None]:
    """The damage found, and since when rows are under the chain (the ledger's first entry)."""
    table = LedgerEntry.__table__  # type: ignore[attr-defined]
    damage: list[Damage] = []
    expected: dict[tuple[str, str], str | None] = {}
    since = None
    prev = GENESIS_MAC
    count = 0
    entries = readable_rows(session, table, order_by=(table.c.seq,))
    for count, entry in enumerate(entries, 1):
        label = f"ledger entry {entry.seq}"
        if unreadable(entry):
            damage.append(_shared(said(label, entry)))
            prev = entry.mac
            if entry.kind not in (ledger.LEDGER, UNREADABLE) and entry.subject is not UNREADABLE:
                expected[(entry.kind, entry.subject)] = entry.digest
            continue
        if entry.seq != count:
            damage.append(_shared(f"{label}: where {count} was expected (entries were deleted)"))
        try:
            if not macs_equal(entry.prev_mac, prev):
                damage.append(_shared(f"{label}: does not link to the entry before it"))
            if not macs_equal(entry.mac, ledger.entry_mac(audit_key, entry)):
                damage.append(_shared(f"{label}: its MAC does not match"))
        except Exception as error:  # an unreadable value is damage too
            damage.append(_shared(f"{label}: cannot be read ({type(error).__name__})"))
        prev = entry.mac
        if entry.kind == ledger.LEDGER:
            since = since or entry.at
        else:
            expected[(entry.kind, entry.subject)] = entry.digest
    check = session.execute(
        sa.select(Meta.value).where(Meta.key == AUDIT_KEY_CHECK)
    ).scalar_one_or_none()
    if check is None or not macs_equal(check, audit_key_check(audit_key)):
        damage.append(_shared(f"meta {AUDIT_KEY_CHECK}: missing or altered"))
    marker = session.execute(sa.select(Meta.value).where(Meta.key == ADOPTION)).scalar_one_or_none()
    if marker is not None:
        damage.append(
            _shared(
                "the rows are not under the chain yet: the store did not adopt them when it "
                "opened (the ledger already had entries, or rows carried MACs of a later version)"
            )
        )
    if count == 0:
        damage.append(
            _shared(
                "the ledger is empty: settings, accounts, actors, data keys and the list of "
                "incidents are not under a chain"
            )
        )
        return damage, None
    broken: set[Any] = set()
    actual = _actual(session, audit_key, damage, broken)
    for kind, subject in sorted(set(expected) | set(actual)):
        want = expected.get((kind, subject))
        have = actual.get((kind, subject))
        if want is not None and have is not None and (kind, subject) in broken:
            continue  # altered: its own MAC check says so already
        if want != have:
            damage.append(_problem(kind, subject, want, have))
    damage += _strays(session)
    return damage, since


def _shared(problem: str) -> Damage:
    return Damage(None, None, problem)


def _actual(
    session: Session, audit_key: bytes, damage: list[Damage], broken: set[Any]
) -> dict[Any, str | None]:
    """Each subject's digest as the rows stand now; ``broken`` gets the subjects whose row fails
    its own MAC (reported as such: "altered" again would say the same twice)."""
    found: dict[tuple[str, str], str | None] = {}
    owners = {
        row.data_key_id: (row.id, row.reference)
        for row in session.execute(sa.select(Incident.id, Incident.reference, Incident.data_key_id))
    }
    actors = Actor.__table__  # type: ignore[attr-defined]
    for row in readable_rows(session, actors):
        found[(ledger.ACTOR, row.id)] = row.row_mac  # its MAC reported by verify_shared
        if not _sound(row.row_mac, lambda r=row: ledger.full_mac(audit_key, r, actors)):
            broken.add((ledger.ACTOR, row.id))
    suppliers = Supplier.__table__  # type: ignore[attr-defined]
    for row in readable_rows(session, suppliers):
        found[(ledger.SUPPLIER, row.id)] = row.row_mac  # its MAC reported by verify_shared
        if not _sound(row.row_mac, lambda r=row: ledger.full_mac(audit_key, r, suppliers)):
            broken.add((ledger.SUPPLIER, row.id))
    for kind, model in ((ledger.DATA_KEY, DataKey),):
        table = model.__table__  # type: ignore[attr-defined]
        for row in readable_rows(session, table):
            found[(kind, row.id)] = row.row_mac
            if unreadable(row):
                broken.add((kind, row.id))
                incident_id, reference = owners.get(row.id, (None, None))
                damage.append(Damage(incident_id, reference, said(f"data key {row.id}", row)))
                continue
            try:
                sound = row.row_mac is not None and macs_equal(
                    row.row_mac, ledger.full_mac(audit_key, row, table)
                )
            except Exception:  # an unreadable value is damage too
                sound = False
            if not sound:
                broken.add((kind, row.id))
                incident_id, reference = owners.get(row.id, (None, None))
                problem = f"{_NAMES.get(kind, kind)} {row.id}: its MAC does not match"
                damage.append(Damage(incident_id, reference, problem))
    settings = Setting.__table__  # type: ignore[attr-defined]
    for row in readable_rows(session, settings):
        found[(ledger.SETTING, row.name)] = row.row_mac
        if not _sound(row.row_mac, lambda r=row: row_mac(audit_key, settings, r)):
            broken.add((ledger.SETTING, row.name))
    for row in readable_rows(session, Organisation.__table__):  # type: ignore[attr-defined]
        found[(ledger.ORGANISATION, row.id)] = row.row_mac
        if not _sound(row.row_mac, lambda r=row: organisation_mac(audit_key, r)):
            broken.add((ledger.ORGANISATION, row.id))
    for row in readable_rows(session, Account.__table__):  # type: ignore[attr-defined]
        try:
            found[(ledger.ACCOUNT, row.id)] = ledger.account_digest(audit_key, row)
        except Exception:  # reported by the account check; here it cannot be what was written
            found[(ledger.ACCOUNT, row.id)] = "unreadable"
        if not _sound(row.row_mac, lambda r=row: account_mac(audit_key, r)):
            broken.add((ledger.ACCOUNT, row.id))
    for key, value in session.execute(sa.select(Meta.key, Meta.value)):
        if key in LEDGERED_META:
            found[(ledger.META, key)] = ledger.meta_digest(value)
        elif key not in (AUDIT_KEY_CHECK, ADOPTION):
            damage.append(_shared(f"meta {key}: an entry the application never writes was added"))
    for incident_id, reference in session.execute(sa.select(Incident.id, Incident.reference)):
        found[(ledger.INCIDENT, incident_id)] = ledger.incident_open(reference)
    for tomb_id, reference, mac in session.execute(
        sa.select(Tombstone.id, Tombstone.reference, Tombstone.row_mac)
    ):
        if (ledger.INCIDENT, tomb_id) not in found:
            found[(ledger.INCIDENT, tomb_id)] = ledger.incident_shredded(reference, mac)
    return found


def _sound(stored: str | None, mac: Any) -> bool:
    try:
        return stored is not None and macs_equal(stored, mac())
    except Exception:  # an unreadable value is damage too
        return False


def _problem(kind: str, subject: str, want: str | None, have: str | None) -> Damage:
    if kind == ledger.INCIDENT:
        return _incident_problem(subject, want, have)
    name = _NAMES[kind] if kind == ledger.ORGANISATION else f"{_NAMES.get(kind, kind)} {subject}"
    if have is None:
        return _shared(f"{name}: deleted")
    if want is None:
        return _shared(f"{name}: added behind the application's back")
    return _shared(f"{name}: altered or replaced (it is not what the application last wrote)")


def _incident_problem(incident_id: str, want: str | None, have: str | None) -> Damage:
    """Incident digests are "open <reference>" or "shredded <reference> <tombstone MAC>"."""
    want_state, want_ref = _incident_state(want)
    have_state, have_ref = _incident_state(have)
    reference = want_ref or have_ref
    if have is None and want_state == "open":
        problem = f"incident {reference}: deleted without being shredded"
    elif have is None:
        problem = f"incident {reference}: its tombstone was deleted"
    elif want is None:
        problem = f"incident {reference}: added behind the application's back"
    elif want_state == "open" and have_state == "shredded":
        problem = f"incident {reference}: a tombstone stands in for it, but it was never shredded"
    elif want_state == "shredded" and have_state == "open":
        problem = f"incident {reference}: it was shredded, but its row is back"
    elif want_state == "shredded":
        problem = f"incident {reference}: its tombstone was altered or replaced"
    else:
        problem = f"incident {reference}: its reference was changed (it was {want_ref})"
    return Damage(incident_id, reference, problem)


def _incident_state(digest: str | None) -> tuple[str | None, str | None]:
    if digest is None:
        return None, None
    parts = digest.split(" ")
    return parts[0], parts[1] if len(parts) > 1 else None


def _strays(session: Session) -> list[Damage]:
    """Rows whose incident (or filing) does not exist: moved or added where no chain covers them."""
    problems = []
    incidents = sa.select(Incident.id)
    tables = {EVENTS: IncidentEvent.__table__, **MACED}  # type: ignore[attr-defined]
    for name, table in tables.items():
        stray = session.execute(
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.incident_id.not_in(incidents))
        ).scalar_one()
        if stray:
            problems.append(_shared(f"{name}: {_rows(stray)} belonging to no incident"))
    documents = session.execute(
        sa.select(sa.func.count())
        .select_from(FilingDocument)
        .where(FilingDocument.filing_id.not_in(sa.select(Filing.id)))
    ).scalar_one()
    if documents:
        problems.append(_shared(f"{DOCUMENTS}: {_rows(documents)} belonging to no filing"))
    return problems


def _rows(count: int) -> str:
    return f"{count} {'row' if count == 1 else 'rows'}"
