"""Shared fixtures: a fresh database per test on each backend, a key ring, an open store.

PostgreSQL tests skip with a reason when no server answers, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest
import sqlalchemy as sa

from breachreport.crypto import KeyRing
from breachreport.storage import Store, open_store

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pg_admin_url() -> sa.URL:
    """A server where the tests may create and drop databases (``BREACHREPORT_TEST_PG_URL``)."""
    url = sa.make_url(os.environ.get("BREACHREPORT_TEST_PG_URL") or PG_ADMIN_URL)
    return url.set(drivername="postgresql+psycopg")


@cache
def _pg_problem() -> str | None:
    engine = sa.create_engine(pg_admin_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except sa.exc.DBAPIError as error:
        url = pg_admin_url()
        return (
            f"PostgreSQL not reachable at {url.host}:{url.port or 5432}; set "
            f"BREACHREPORT_TEST_PG_URL or start it ({str(error.orig).strip().splitlines()[0]})"
        )
    finally:
        engine.dispose()


def _require_pg() -> None:
    problem = _pg_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{problem}; PostgreSQL tests never skip in CI", pytrace=False)
    pytest.skip(problem)


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A URL to a new, empty PostgreSQL database, dropped after the test."""
    _require_pg()
    admin = sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"br_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_admin_url().set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A URL to a SQLite file that does not exist yet, in a folder of its own."""
    return f"sqlite:///{tmp_path / 'data' / 'breachreport.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing.generate()


@pytest.fixture
def store(database_url, ring) -> Iterator[Store]:
    """An open store on a fresh database (both backends)."""
    opened = open_store(database_url, ring)
    try:
        yield opened
    finally:
        opened.dispose()
