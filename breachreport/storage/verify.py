"""The integrity check behind ``breachreport verify``: keys, ciphertexts, chains and row MACs.

Reports damage and keeps going; never raises on damage and never writes. Problems name places,
sequence numbers and columns, never decrypted content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import GENESIS_MAC, DataKeyCache, KeyRing, macs_equal, unseal
from breachreport.errors import BreachReportError
from breachreport.storage.accounts import (
    ORGANISATION_ID,
    account_mac,
    login_index,
    organisation_mac,
)
from breachreport.storage.attached import ATTACHED, row_mac, table_of
from breachreport.storage.audit import event_mac, filing_mac, incident_mac
from breachreport.storage.chain import DIRECTORY_KEY, event_place
from breachreport.storage.records import Damage
from breachreport.storage.sealed import place, unseal_json, unseal_text
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
)


def verify_store(session: Session, ring: KeyRing, keys: DataKeyCache) -> list[Damage]:
    damage: list[Damage] = []
    incidents = session.execute(
        sa.select(Incident.id, Incident.reference).order_by(Incident.created_at, Incident.id)
    ).all()
    for incident_id, reference in incidents:
        check = _IncidentCheck(session, ring, keys, incident_id)
        check.run()
        damage += [Damage(incident_id, reference, problem) for problem in check.problems]
    damage += [Damage(None, None, problem) for problem in _check_shared(session, ring, keys)]
    return damage


class _IncidentCheck:
    """Every check of one incident; each step catches its own failure so the next still runs."""

    def __init__(self, session: Session, ring: KeyRing, keys: DataKeyCache, incident_id: str):
        self.session = session
        self.audit_key = ring.audit_key
        self.keys = keys
        self.id = incident_id
        self.problems: list[str] = []

    def step(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except BreachReportError as error:
            self.problems.append(f"{what}: {error}")
        except Exception as error:  # unreadable values (bad dates, bad JSON) are damage too
            self.problems.append(f"{what}: cannot be read ({type(error).__name__})")
        return None

    def run(self) -> None:
        row = self.step("incident row", self._row)
        if row is None:
            return
        if not macs_equal(row.row_mac, incident_mac(self.audit_key, row)):
            self.problems.append(
                "incident row: its MAC does not match (status, version, times, chain head or "
                "ciphertexts were altered)"
            )
        key = self.step("data key", lambda: self._data_key(row.data_key_id))
        if key is not None:
            for column in ("facts_ct", "summary_ct"):
                self.step(
                    f"incident {column}",
                    lambda c=column: unseal_json(
                        key, getattr(row, c), at=place("incident", c, row.id)
                    ),
                )
        seqs = self.step("events", lambda: self._events(row, key))
        self.step("filings", lambda: self._filings(key, seqs))
        for model in ATTACHED:
            self.step(table_of(model).name, lambda m=model: self._attached(m, key))

    def _row(self) -> Incident:
        row = self.session.scalars(
            sa.select(Incident)
            .where(Incident.id == self.id)
            .execution_options(populate_existing=True)
        ).one()
        self.session.expunge(row)
        return row

    def _data_key(self, data_key_id: str) -> bytes:
        data_key = self.session.get(DataKey, data_key_id)
        if data_key is None:
            raise LookupError(data_key_id)
        return self.keys.unwrap(data_key.master_key_id, data_key.id, data_key.wrapped)

    def _events(self, row: Incident, key: bytes | None) -> set[int]:
        events = self.session.scalars(
            sa.select(IncidentEvent)
            .where(IncidentEvent.incident_id == row.id)
            .order_by(IncidentEvent.seq)
        ).all()
        prev = GENESIS_MAC
        for expected_seq, event in enumerate(events, start=1):
            if event.seq != expected_seq:
                self.problems.append(f"events: seq {event.seq} where {expected_seq} was expected")
            if not macs_equal(event.prev_mac, prev):
                self.problems.append(f"event {event.seq}: does not link to the event before it")
            if not macs_equal(event.mac, event_mac(self.audit_key, event)):
                self.problems.append(f"event {event.seq}: its MAC does not match")
            if key is not None:
                self.step(
                    f"event {event.seq} payload",
                    lambda e=event: unseal_json(key, e.payload_ct, at=event_place(row.id, e.seq)),
                )
            prev = event.mac
        if not events:
            self.problems.append("events: the incident has no events")
        if not macs_equal(row.chain_head, prev):
            self.problems.append("events: the chain head does not match the last event")
        return {event.seq for event in events}

    def _filings(self, key: bytes | None, event_seqs: set[int] | None) -> None:
        filings = self.session.scalars(
            sa.select(Filing).where(Filing.incident_id == self.id).order_by(Filing.seq)
        ).all()
        for expected_seq, filing in enumerate(filings, start=1):
            label = f"filing {filing.seq}"
            if filing.seq != expected_seq:
                self.problems.append(f"filings: seq {filing.seq} where {expected_seq} was expected")
            if event_seqs is not None and filing.event_seq not in event_seqs:
                self.problems.append(f"{label}: its event {filing.event_seq} is missing")
            documents = self.session.execute(
                sa.select(FilingDocument.id, FilingDocument.name, FilingDocument.content_ct).where(
                    FilingDocument.filing_id == filing.id
                )
            ).all()
            names = [(doc.id, doc.name) for doc in documents]
            if not macs_equal(filing.row_mac, filing_mac(self.audit_key, filing, names)):
                self.problems.append(f"{label}: its MAC does not match")
            if key is None:
                continue
            for column in ("snapshot_ct", "changes_ct"):
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

    def _attached(self, model: Any, key: bytes | None) -> None:
        """Rows beside the facts (invitations, proposals, ...): their MACs and ciphertexts."""
        table = table_of(model)
        sealed = [c.name for c in table.columns if c.name.endswith("_ct")]
        rows = self.session.execute(sa.select(table).where(table.c.incident_id == self.id))
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


def _check_shared(session: Session, ring: KeyRing, keys: DataKeyCache) -> list[str]:
    """The directory key, actors, accounts, the organisation profile, and data keys that belong to
    no incident."""
    problems: list[str] = []
    directory_id = session.execute(
        sa.select(Meta.value).where(Meta.key == DIRECTORY_KEY)
    ).scalar_one_or_none()
    used = set(session.execute(sa.select(Incident.data_key_id)).scalars())
    directory_key = None
    for data_key in session.execute(sa.select(DataKey.id, DataKey.master_key_id, DataKey.wrapped)):
        if data_key.id in used:
            continue  # checked with its incident
        try:
            opened = keys.unwrap(data_key.master_key_id, data_key.id, data_key.wrapped)
        except BreachReportError as error:
            problems.append(f"data key {data_key.id}: {error}")
            continue
        if data_key.id == directory_id:
            directory_key = opened
    if directory_id is None:
        problems.append("the directory key is not recorded")
    for actor_id, name_ct in session.execute(sa.select(Actor.id, Actor.name_ct)):
        if directory_key is None:
            problems.append(
                f"actor {actor_id}: its name cannot be checked without the directory key"
            )
            continue
        try:
            unseal_text(directory_key, name_ct, at=place("actor", "name_ct", actor_id))
        except BreachReportError as error:
            problems.append(f"actor {actor_id}: {error}")
    problems += _check_accounts(session, ring.audit_key, directory_key)
    problems += _check_organisation(session, ring.audit_key, directory_key)
    table = table_of(Setting)
    for found in session.execute(sa.select(table)):
        try:
            if not macs_equal(found.row_mac, row_mac(ring.audit_key, table, found)):
                problems.append(f"setting {found.name}: its MAC does not match")
        except Exception as error:  # an unreadable value is damage too
            problems.append(f"setting {found.name}: cannot be read ({type(error).__name__})")
    return problems


def _check_accounts(session: Session, audit_key: bytes, directory_key: bytes | None) -> list[str]:
    """Each account's MAC, sealed names, and that its login index is its username's."""
    problems: list[str] = []
    for row in session.scalars(sa.select(Account).order_by(Account.created_at, Account.id)):
        label = f"account {row.id}"
        try:
            if not macs_equal(row.row_mac, account_mac(audit_key, row)):
                problems.append(
                    f"{label}: its MAC does not match (username, name, password hash, role, "
                    "state or times were altered)"
                )
        except Exception as error:  # an unreadable value is damage too
            problems.append(f"{label}: cannot be read ({type(error).__name__})")
            continue
        if directory_key is None:
            problems.append(f"{label}: its names cannot be checked without the directory key")
            continue
        try:
            username = unseal_text(
                directory_key, row.username_ct, at=place("account", "username_ct", row.id)
            )
            if not macs_equal(row.login_index, login_index(audit_key, username)):
                problems.append(f"{label}: its login index does not match its username")
        except BreachReportError as error:
            problems.append(f"{label}: {error}")
        try:
            unseal_text(
                directory_key, row.display_name_ct, at=place("account", "display_name_ct", row.id)
            )
        except BreachReportError as error:
            problems.append(f"{label}: {error}")
    return problems


def _check_organisation(
    session: Session, audit_key: bytes, directory_key: bytes | None
) -> list[str]:
    problems: list[str] = []
    for row in session.scalars(sa.select(Organisation)):
        label = "the organisation profile"
        try:
            if row.id != ORGANISATION_ID or not macs_equal(
                row.row_mac, organisation_mac(audit_key, row)
            ):
                problems.append(f"{label}: its MAC does not match")
        except Exception as error:
            problems.append(f"{label}: cannot be read ({type(error).__name__})")
            continue
        if directory_key is None:
            problems.append(f"{label}: cannot be checked without the directory key")
            continue
        try:
            unseal_json(
                directory_key, row.profile_ct, at=place("organisation", "profile_ct", row.id)
            )
        except BreachReportError as error:
            problems.append(f"{label}: {error}")
    return problems
