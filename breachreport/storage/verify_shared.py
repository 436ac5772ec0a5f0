"""Verifying what belongs to no single incident: tombstones, the directory key, actors, accounts,
the organisation profile, settings, registered suppliers, and data keys that no incident uses.

Like the rest of ``verify``, never raises on damage: every problem becomes a line of the report.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import DataKeyCache, KeyRing, macs_equal
from breachreport.errors import BreachReportError
from breachreport.storage.accounts import account_mac, login_index
from breachreport.storage.attached import row_mac, table_of
from breachreport.storage.chain import DIRECTORY_KEY
from breachreport.storage.ledger import full_mac
from breachreport.storage.organisation import ORGANISATION_ID, organisation_mac
from breachreport.storage.readable import rows as readable_rows
from breachreport.storage.readable import said, unreadable
from breachreport.storage.records import Damage
from breachreport.storage.sealed import place, unseal_json, unseal_text
from breachreport.storage.settings import is_sealed, unseal_setting
from breachreport.storage.shredding import tombstone_mac
from breachreport.storage.tables import (
    Account,
    Actor,
    DataKey,
    Incident,
    Meta,
    Organisation,
    Setting,
    Supplier,
    Tombstone,
)


def _directory_key(session: Session, keys: DataKeyCache, data_keys: dict[str, Any]) -> bytes | None:
    directory_id = session.execute(
        sa.select(Meta.value).where(Meta.key == DIRECTORY_KEY)
    ).scalar_one_or_none()
    found = data_keys.get(directory_id) if directory_id else None
    if found is None:
        return None
    try:
        return keys.unwrap(found.master_key_id, found.id, found.wrapped)
    except BreachReportError:
        return None


def check_tombstones(
    session: Session, ring: KeyRing, keys: DataKeyCache, data_keys: dict[str, Any]
) -> tuple[int, list[Damage]]:
    """Each tombstone's MAC and sealed reason, and that nothing of its incident is left."""
    damage: list[Damage] = []
    table = table_of(Tombstone)
    rows = readable_rows(session, table, order_by=(table.c.shredded_at, table.c.id))
    if not rows:
        return 0, damage
    directory_key = _directory_key(session, keys, data_keys)
    alive = set(
        session.execute(
            sa.select(Incident.id).where(Incident.id.in_([row.id for row in rows]))
        ).scalars()
    )
    for row in rows:
        problems = []
        if unreadable(row):
            reference = row.reference if isinstance(row.reference, str) else None
            damage.append(Damage(None, reference, said("tombstone", row)))
            continue
        try:
            if not macs_equal(row.row_mac, tombstone_mac(ring.audit_key, row)):
                problems.append("tombstone: its MAC does not match")
        except Exception as error:  # an unreadable value is damage too
            problems.append(f"tombstone: cannot be read ({type(error).__name__})")
        if row.id in alive:
            problems.append("tombstone: the incident it stands for is still there")
        if directory_key is None:
            problems.append("tombstone: its reason cannot be checked without the directory key")
        else:
            try:
                unseal_json(
                    directory_key, row.reason_ct, at=place("tombstone", "reason_ct", row.id)
                )
            except BreachReportError as error:
                problems.append(f"tombstone: {error}")
        damage += [Damage(row.id, row.reference, problem) for problem in problems]
    return len(rows), damage


def check_shared(session: Session, ring: KeyRing, keys: DataKeyCache) -> list[str]:
    """The directory key, actors, accounts, the organisation profile, and data keys that belong to
    no incident."""
    problems: list[str] = []
    directory_id = session.execute(
        sa.select(Meta.value).where(Meta.key == DIRECTORY_KEY)
    ).scalar_one_or_none()
    used = set(session.execute(sa.select(Incident.data_key_id)).scalars())
    directory_key = None
    for data_key in readable_rows(session, table_of(DataKey)):
        if data_key.id in used:
            continue  # checked with its incident
        if {"id", "master_key_id", "wrapped"} & set(unreadable(data_key)):
            continue  # said by the ledger's check, which reads every data key
        try:
            opened = keys.unwrap(data_key.master_key_id, data_key.id, data_key.wrapped)
        except BreachReportError as error:
            problems.append(f"data key {data_key.id}: {error}")
            continue
        if data_key.id == directory_id:
            directory_key = opened
    if directory_id is None:
        problems.append("the directory key is not recorded")
    actors = table_of(Actor)
    for actor in readable_rows(session, actors):
        actor_id, name_ct = actor.id, actor.name_ct
        if unreadable(actor):
            problems.append(said(f"actor {actor_id}", actor))
            continue
        try:
            sound = actor.row_mac is not None and macs_equal(
                actor.row_mac, full_mac(ring.audit_key, actor, actors)
            )
        except Exception:  # an unreadable value is damage too
            sound = False
        if not sound:
            problems.append(
                f"actor {actor_id}: its MAC does not match (role, name or time were altered)"
            )
            continue
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
    problems += _check_suppliers(session, ring.audit_key, directory_key)
    problems += _check_settings(session, ring.audit_key, directory_key)
    return problems


def _check_settings(session: Session, audit_key: bytes, directory_key: bytes | None) -> list[str]:
    """Each setting's MAC, and that a sealed one opens with the directory key, for its name."""
    problems: list[str] = []
    table = table_of(Setting)
    for found in readable_rows(session, table):
        label = f"setting {found.name}"
        if unreadable(found):
            problems.append(said(label, found))
            continue
        try:
            if not macs_equal(found.row_mac, row_mac(audit_key, table, found)):
                problems.append(f"{label}: its MAC does not match")
                continue
        except Exception as error:  # an unreadable value is damage too
            problems.append(f"{label}: cannot be read ({type(error).__name__})")
            continue
        if not is_sealed(found.value):
            continue
        if directory_key is None:
            problems.append(
                f"{label}: its sealed value cannot be checked without the directory key"
            )
            continue
        try:
            unseal_setting(directory_key, found.name, found.value)
        except BreachReportError as error:
            problems.append(f"{label}: {error}")
    return problems


def _check_accounts(session: Session, audit_key: bytes, directory_key: bytes | None) -> list[str]:
    """Each account's MAC, sealed names, and that its login index is its username's."""
    problems: list[str] = []
    accounts = table_of(Account)
    for row in readable_rows(session, accounts, order_by=(accounts.c.created_at, accounts.c.id)):
        label = f"account {row.id}"
        if unreadable(row):
            problems.append(said(label, row))
            continue
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
    for row in readable_rows(session, table_of(Organisation)):
        label = "the organisation profile"
        if unreadable(row):
            problems.append(said(label, row))
            continue
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


def _check_suppliers(session: Session, audit_key: bytes, directory_key: bytes | None) -> list[str]:
    """Each registered supplier's MAC (name, public key, fingerprint, actor, time) and sealed name."""
    problems: list[str] = []
    table = table_of(Supplier)
    for row in readable_rows(session, table):
        label = f"supplier {row.id}"
        if unreadable(row):
            problems.append(said(label, row))
            continue
        try:
            if not macs_equal(row.row_mac, full_mac(audit_key, row, table)):
                problems.append(
                    f"{label}: its MAC does not match (name, public key, fingerprint, actor or "
                    "time were altered)"
                )
                continue
        except Exception as error:  # an unreadable value is damage too
            problems.append(f"{label}: cannot be read ({type(error).__name__})")
            continue
        if directory_key is None:
            problems.append(f"{label}: its name cannot be checked without the directory key")
            continue
        try:
            unseal_text(directory_key, row.name_ct, at=place("supplier", "name_ct", row.id))
        except BreachReportError as error:
            problems.append(f"{label}: {error}")
    return problems
