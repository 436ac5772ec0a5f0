"""Engines for SQLite (the default) and PostgreSQL, with the connection settings each needs.

A SQLite database file is its owner's alone: made 0600 before SQLite first opens it (SQLite gives
its -wal, -shm and -journal files the database file's mode), and an older file that its group or
others could read is tightened when an engine is made for it, which the log says.

Never runs schema changes (see ``migrate``) and never sees plaintext or keys.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from breachreport.errors import StorageError
from breachreport.private_files import (
    SQLITE_COMPANIONS,
    create_private_file,
    private_folder,
    tighten_file,
)

log = logging.getLogger("breachreport.storage")

# FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a lost filing
# or audit event is worse here than a few milliseconds per write.
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    # Freed pages are zeroed, so a deleted (shredded) data key does not linger in the file.
    "PRAGMA secure_delete=ON",
    # Sorts and temporary tables in memory: SQLite writes no temporary file of its own (in /tmp,
    # outside the data folder and its modes) with pages of the database in it.
    "PRAGMA temp_store=MEMORY",
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
    path = Path(database)
    try:
        private_folder(path.parent, tighten=False)
        _tighten_database(path)
    except OSError as error:
        raise StorageError(f"Cannot create the folder for {database}: {error.strerror}.") from None
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "do_connect")
    def _before_connect(*_args: Any) -> None:
        # SQLite would create a missing file with the umask's mode (often 0644): make it 0600 first.
        # Here, not when the engine is made: opening an existing database must not create one.
        with contextlib.suppress(OSError):  # SQLite's own error on connecting says it better
            create_private_file(path)

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


def _tighten_database(path: Path) -> None:
    for file in (path, *(path.with_name(path.name + end) for end in SQLITE_COMPANIONS)):
        before = tighten_file(file)
        if before is not None:
            log.warning(
                "The database file %s could be read by others (mode %04o); made it 0600.",
                file,
                before,
            )


def holds_tables(url: str | sa.URL) -> bool:
    """Whether the database at ``url`` already holds tables (breachreport's, on PostgreSQL),
    found without creating or changing anything. A SQLite file that is missing or empty holds
    none; one that cannot be read as a database counts as holding some (it is not ours to
    replace). StorageError if the server cannot be reached."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise StorageError("The database URL cannot be parsed.") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_holds_tables(Path(parsed.database or ""))
    from .tables import SQLModel  # noqa: PLC0415 - only here; the engines need no tables

    engine = make_engine(parsed)
    try:
        check_connection(engine)
        with engine.connect() as connection:
            names = set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    return bool(names & ({"alembic_version"} | set(SQLModel.metadata.tables)))


def _sqlite_holds_tables(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        return True  # written to, and not yet folded back into the database file
    if not path.exists():
        return False
    if not path.is_file():
        return True  # a folder or a device where the database should be: not ours to replace
    if not path.stat().st_size:
        return False
    try:
        # Immutable: read as a plain file, so not even an empty -wal or -shm is left behind.
        reader = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True)
        try:
            return reader.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        finally:
            reader.close()
    except sqlite3.Error:
        return True


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


def describe_url(url: str | sa.URL) -> str:
    """A database as its user knows it: a SQLite file's path, else the URL without password."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return "(a database URL that cannot be parsed)"
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return parsed.render_as_string(hide_password=True)


def _reason(error: sa.exc.DBAPIError) -> str:
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__
