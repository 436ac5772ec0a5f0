"""A store worth attacking (for the tests of row integrity): the full world of lifecycle_support
(filings with documents, an approval, a comment, an invitation, a proposal, a reviewer, evidence,
the organisation profile, a setting), four-eyes on, incidents of two years and a shredded one.

Built once per backend and module; each attack runs inside a transaction that is rolled back, and
``verify`` reads the tampered rows through that same transaction, so no attack leaks into the next.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from collaboration_support import MINIMUM
from conftest import _require_pg, pg_admin_url
from lifecycle_support import full_world
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from breachreport.crypto import DataKeyCache, KeyRing
from breachreport.services.checking import replay_problem
from breachreport.storage import Damage, Store, open_store
from breachreport.storage.verify import check_store


@dataclass
class Target:
    """The attacked store and the ids the attacks aim at."""

    store: Store
    a_id: str  # BR-2024-0001, with a row in every incident table
    a_ref: str
    b_id: str  # BR-2024-0002, events only
    b_ref: str
    newest_id: str  # BR-2025-0001, the newest incident of its year
    newest_ref: str
    shredded_ref: str  # BR-2025-0002, a tombstone


def build_target(store: Store) -> Target:
    world = full_world(store)
    workspace = world.workspace
    workspace.reviews.set_four_eyes(actor=world.dpo.actor, on=True)
    world.clock.advance(days=340)  # into 2025
    newest = workspace.open_incident(
        actor=world.dpo.actor, changes={**MINIMUM, "times.aware_at": "2025-01-30T10:00"}
    )
    shredded = workspace.open_incident(
        actor=world.dpo.actor, changes={**MINIMUM, "times.aware_at": "2025-01-31T10:00"}
    )
    workspace.shred(ref=shredded.reference, actor=world.dpo.actor, reason="Opened by mistake.")
    b_ref = "BR-2024-0002"
    return Target(
        store=store,
        a_id=workspace.incident(world.ref).id,
        a_ref=world.ref,
        b_id=workspace.incident(b_ref).id,
        b_ref=b_ref,
        newest_id=newest.id,
        newest_ref=newest.reference,
        shredded_ref=shredded.reference,
    )


@contextmanager
def target_on(backend: str, folder: Path, ring) -> Iterator[Target]:
    """A built target on ``backend`` ("sqlite" or "postgres"), dropped afterwards."""
    if backend == "sqlite":
        store = open_store(f"sqlite:///{folder / 'breachreport.sqlite3'}", ring)
        try:
            yield build_target(store)
        finally:
            store.dispose()
        return
    _require_pg()
    admin = sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"br_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    store = None
    try:
        url = pg_admin_url().set(database=name).render_as_string(hide_password=False)
        store = open_store(url, ring)
        yield build_target(store)
    finally:
        if store is not None:
            store.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


@contextmanager
def attacked(store: Store) -> Iterator[sa.Connection]:
    """A connection whose changes are rolled back when the block ends."""
    with store.engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


def verify_on(store: Store, connection: sa.Connection) -> list[Damage]:
    """``verify`` (with the services' replay) as it would run on the attacked database."""
    with Session(bind=connection, autoflush=False) as session:
        return check_store(
            session, store.ring, DataKeyCache(store.ring), replay=replay_problem
        ).damage


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def built_target(request, tmp_path_factory) -> Iterator[Target]:
    """The body of each module's ``target`` fixture (module scope, params BACKENDS)."""
    folder = tmp_path_factory.mktemp("tamper")
    with target_on(request.param, folder, KeyRing.generate()) as built:
        yield built
