"""Engines for SQLite (the default) and PostgreSQL, with the connection settings each needs.

Never runs schema changes (see ``migrate``) and never sees plaintext or keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from breachreport.errors import StorageError

# FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a lost filing
# or audit event is worse here than a few milliseconds per write.
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    # Freed pages are zeroed, so a deleted (shredded) data key does not linger in the file.
    "PRAGMA secure_delete=ON",
    "PRAGMA synchronous=FULL",
)


def make_engine(url: str | sa.URL) -> sa.Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://...``; StorageError if unusable."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise StorageError("The database URL cannot be parsed.") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        if "connect_timeout" not in parsed.query:
            # Without it an unreachable host hangs the CLI for minutes instead of failing.
            parsed = parsed.update_query_dict({"connect_timeout": "10"})
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise StorageError(
        f"Unsupported database {backend!r}; use sqlite:/// or postgresql+psycopg://."
    )


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    database = url.database
    if not database or database == ":memory:" or url.query.get("mode") == "memory":
        raise StorageError(
            "An in-memory SQLite database cannot hold breachreport data; use a file."
        )
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"Cannot create the folder for {database}: {error.strerror}.") from None
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own implicit BEGIN would defeat BEGIN IMMEDIATE and savepoints.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: writers queue (busy_timeout) instead of failing
        # when a read lock cannot be upgraded, so compare-and-set and numbering stay serial.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def check_connection(engine: sa.Engine) -> None:
    """Connect once, turning driver errors into one line without credentials."""
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as error:
        raise StorageError(
            f"Cannot connect to the database at {describe(engine)}: {_reason(error)}"
        ) from None


def describe(engine: sa.Engine) -> str:
    """The engine's URL without password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def _reason(error: sa.exc.DBAPIError) -> str:
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__
