"""Putting the rows of a database made before 0007 under the chains, once, when the store opens.

Migration 0007 cannot do it (alembic has no audit key): it only marks a database that already
held data as pending (meta ``rows_adoption``). The first ``open_store`` with the key ring then, in
one transaction: gives every actor and data key its row MAC, every incident whose (version 1) MAC
still matches its manifest, records every subject in the ledger behind an "adopted" entry, and
removes the mark.

It cannot be used to launder a tampered database: it runs only while the ledger is empty and no
row carries anything of 0007 yet (no incident manifest, no actor or data key MAC). A database
adopted once has manifests under its incidents' MACs, and nulling them breaks those MACs, so a
wiped ledger plus a forged mark is refused and ``verify`` reports the mark. An incident whose MAC
already fails is left without a manifest for ``verify`` to report; a row whose MAC fails keeps it,
and stays reported too. Only rows deleted before the upgrade, which nothing noticed before either,
are taken as they are: ``verify`` says since when rows are under the chain.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.orm import Session

import breachreport.storage.ledger as ledger
import breachreport.storage.manifest as manifest
from breachreport.crypto import macs_equal
from breachreport.storage.audit import incident_mac
from breachreport.storage.tables import (
    Account,
    Actor,
    DataKey,
    Filing,
    FilingDocument,
    Incident,
    IncidentEvent,
    Meta,
    Organisation,
    Setting,
    Tombstone,
)
from breachreport.storage.verify_ledger import ADOPTION, LEDGERED_META


def pending(session: Session) -> bool:
    """Whether the database is marked for adoption and may be adopted."""
    if session.get(Meta, ADOPTION) is None or ledger.ledger_head(session) is not None:
        return False
    later = (
        sa.select(Actor.id).where(Actor.row_mac.is_not(None)),
        sa.select(DataKey.id).where(DataKey.row_mac.is_not(None)),
        sa.select(Incident.id).where(Incident.rows.is_not(None)),
    )
    return not any(session.execute(query.limit(1)).first() for query in later)


def adopt(session: Session, audit_key: bytes) -> bool:
    """Adopt the database if it is pending (see the module); True if it was adopted."""
    if not pending(session):
        return False
    items: list[tuple[str, str, str | None]] = [(ledger.LEDGER, "adopted", None)]
    for kind, model in ((ledger.DATA_KEY, DataKey), (ledger.ACTOR, Actor)):
        table = model.__table__  # type: ignore[attr-defined]
        for row in session.execute(sa.select(table).order_by(table.c.id)).all():
            mac = ledger.full_mac(audit_key, row, table)
            session.execute(sa.update(table).where(table.c.id == row.id).values(row_mac=mac))
            items.append((kind, row.id, mac))
    for row in session.execute(sa.select(Account.__table__).order_by(Account.id)):  # type: ignore[attr-defined]
        items.append((ledger.ACCOUNT, row.id, ledger.account_digest(audit_key, row)))
    for row in session.execute(sa.select(Organisation.id, Organisation.row_mac)):
        items.append((ledger.ORGANISATION, row.id, row.row_mac))
    for row in session.execute(sa.select(Setting.name, Setting.row_mac).order_by(Setting.name)):
        items.append((ledger.SETTING, row.name, row.row_mac))
    for key, value in session.execute(sa.select(Meta.key, Meta.value).order_by(Meta.key)):
        if key in LEDGERED_META:
            items.append((ledger.META, key, ledger.meta_digest(value)))
    items += _incidents(session, audit_key)
    for row in session.execute(sa.select(Tombstone.id, Tombstone.reference, Tombstone.row_mac)):
        items.append(
            (ledger.INCIDENT, row.id, ledger.incident_shredded(row.reference, row.row_mac))
        )
    ledger.Ledger(session, audit_key).record_many(items, at=datetime.now(UTC))
    session.execute(sa.delete(Meta).where(Meta.key == ADOPTION))
    return True


def _incidents(session: Session, audit_key: bytes) -> list[tuple[str, str, str | None]]:
    """Each sound incident gets its manifest (one query per kind of row for all of them)."""
    found = _all_entries(session)
    table = Incident.__table__  # type: ignore[attr-defined]
    items = []
    for row in session.execute(sa.select(table).order_by(table.c.created_at, table.c.id)).all():
        items.append((ledger.INCIDENT, row.id, ledger.incident_open(row.reference)))
        if not macs_equal(row.row_mac, incident_mac(audit_key, row)):
            continue  # already damaged: left as it is, for verify to report
        rows = manifest.dump(
            {kind: manifest.summary(entries) for kind, entries in found[row.id].items()}
        )
        new = SimpleNamespace(**{**row._asdict(), "rows": rows})
        session.execute(
            sa.update(table)
            .where(table.c.id == row.id)
            .values(rows=rows, row_mac=incident_mac(audit_key, new))
        )
    return items


def _all_entries(session: Session) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    events = IncidentEvent.__table__  # type: ignore[attr-defined]
    for row in session.execute(
        sa.select(events.c.id, events.c.seq, events.c.mac, events.c.incident_id)
    ):
        found[row.incident_id][manifest.EVENTS].append(manifest.entry(manifest.EVENTS, row))
    documents = FilingDocument.__table__  # type: ignore[attr-defined]
    for row in session.execute(
        sa.select(documents, Filing.incident_id).join(Filing, Filing.id == documents.c.filing_id)
    ):
        found[row.incident_id][manifest.DOCUMENTS].append(manifest.entry(manifest.DOCUMENTS, row))
    for name, table in manifest.MACED.items():
        for row in session.execute(sa.select(table.c.id, table.c.row_mac, table.c.incident_id)):
            found[row.incident_id][name].append(manifest.entry(name, row))
    return found
