"""The store: opening a database with a key ring (migrate, then check the keys), and transactions.

Never writes before the key ring is known to match the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

import breachreport.storage.migrate as migrate
from breachreport.crypto import DataKeyCache, KeyRing, audit_key_check, macs_equal
from breachreport.errors import MasterKeyError, StorageError
from breachreport.storage.adoption import adopt
from breachreport.storage.attached import table_of
from breachreport.storage.backup import BackupSummary, write_backup
from breachreport.storage.chain import DIRECTORY_KEY, create_data_key
from breachreport.storage.database import check_connection, describe, make_engine
from breachreport.storage.ledger import LEDGER, LEDGER_LOCK, META, Ledger, full_mac, meta_digest
from breachreport.storage.readable import rows as readable_rows
from breachreport.storage.records import Damage, StoreCheck
from breachreport.storage.register import OpenedSummaries
from breachreport.storage.tables import AUDIT_KEY_CHECK, DataKey, Meta
from breachreport.storage.transaction import Transaction
from breachreport.storage.verify import Replay, check_store
from breachreport.storage.verify_ledger import ADOPTION


class Store:
    """An open database and the key ring that opens it. Make one with ``open_store``."""

    def __init__(self, engine: sa.Engine, ring: KeyRing) -> None:
        self.engine = engine
        self.ring = ring
        self._keys = DataKeyCache(ring)
        self.opened_summaries = OpenedSummaries()  # the register's rows, in memory only

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Transaction]:
        """Commit when the block ends, roll back if it raises.

        ``write=False`` is for reads: on SQLite it does not queue behind writers for the lock.
        """
        with self._session(write=write) as session:
            yield Transaction(session, self.ring, self._keys, self.opened_summaries)

    @contextmanager
    def _session(self, *, write: bool, snapshot: bool = False) -> Iterator[Session]:
        options: dict[str, object] = {"sqlite_begin": "IMMEDIATE" if write else "DEFERRED"}
        if snapshot and self.engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        session = Session(self.engine, autoflush=False, expire_on_commit=False)
        try:
            with translate_errors():
                session.connection(execution_options=options)
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def verify(self) -> list[Damage]:
        """Check every key, ciphertext, chain and MAC; report damage, never raise on it."""
        return self.check().damage

    def check(self, *, replay: Replay | None = None) -> StoreCheck:
        """``verify`` with counts: incidents, tombstones, and data keys per master key.

        ``replay`` is given each sound incident's opened facts and events, so that the services can
        compare them without opening anything a second time.
        """
        with self._session(write=False, snapshot=True) as session:
            return check_store(session, self.ring, DataKeyCache(self.ring), replay=replay)

    def write_backup(self, target: IO[bytes], *, passphrase: str | None = None) -> BackupSummary:
        """Every row as stored, from one snapshot, into a sealed backup file (``storage.backup``)."""
        with self._session(write=False, snapshot=True) as session:
            return write_backup(session, self.ring, target, passphrase=passphrase)

    def erase_freed_space(self) -> bool:
        """After deleting sealed rows: make sure no copy of them is left in the database files.

        SQLite zeroes freed pages itself (secure_delete); this folds the write-ahead log, which
        may still hold the old pages, into the database and empties it. False if readers kept it
        from finishing (run it again once they are gone). PostgreSQL keeps dead rows until it
        vacuums, and never zeroes them; there the shredded data key can only be opened with the
        master key that wrapped it, which is why rotating and retiring that key finishes the job.
        """
        if self.engine.dialect.name != "sqlite":
            return True
        # On the driver's connection, outside any transaction: a checkpoint cannot run inside one.
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            cursor.close()
        finally:
            connection.close()
        return busy == 0

    def dispose(self) -> None:
        self._keys.clear()
        self.engine.dispose()


@contextmanager
def translate_errors() -> Iterator[None]:
    """Driver errors become one line without values (they could echo data or credentials)."""
    try:
        yield
    except sa_exc.IntegrityError:
        raise StorageError("The database refused the change (a constraint failed).") from None
    except sa_exc.OperationalError as error:
        first = str(error.orig).strip().splitlines()
        said = first[0] if first else type(error.orig).__name__
        hint = ""
        if any(word in said.lower() for word in ("disk", "i/o", "no space", "full")):
            hint = (
                " Check the free space of the disk that holds the data folder; nothing was saved."
            )
        raise StorageError(f"The database could not be used: {said}.{hint}") from None


def open_store(database_url: str, ring: KeyRing, *, create: bool = True) -> Store:
    """Open (and with ``create``, create or upgrade) the database, then check the key ring.

    MasterKeyError if the ring cannot open this database, before anything is written to it.
    """
    engine = make_engine(database_url)
    try:
        if not create and engine.dialect.name == "sqlite":
            database = engine.url.database or ""
            if not Path(database).expanduser().exists():
                raise StorageError(f"No database at {database}; run breachreport init first.")
        check_connection(engine)
        if create:
            _refuse_a_foreign_ring(engine, ring)  # before a migration writes anything
            _upgrade(engine)
        else:
            _require_head(engine)
        _check_ring(engine, ring, create=create)
        _adopt(engine, ring)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, ring)


def _upgrade(engine: sa.Engine) -> None:
    with translate_errors():
        if migrate.is_current(engine):
            return
        with _reading(engine) as connection:
            unversioned = migrate.current_revision(connection) is None
            if unversioned and sa.inspect(connection).has_table(DataKey.__tablename__):
                # Every version of breachreport records its schema: the row or table is gone.
                raise StorageError(
                    f"The database at {describe(engine)} holds breachreport's tables but no "
                    "schema version (alembic_version was emptied or dropped): it was altered or "
                    "damaged. Restore it from a backup, or put back its schema version."
                )
    from alembic.util import CommandError  # noqa: PLC0415 - Alembic only when a schema changes

    try:
        with translate_errors():
            migrate.upgrade(engine)
    except CommandError:
        raise StorageError(
            f"The database at {describe(engine)} has a schema this version does not know "
            "(written by a newer breachreport?)."
        ) from None


def _require_head(engine: sa.Engine) -> None:
    with translate_errors(), _reading(engine) as connection:
        current = migrate.current_revision(connection)
    if current != migrate.head_revision():
        raise StorageError(
            f"The database at {describe(engine)} is at schema {current or 'none'}, not "
            f"{migrate.head_revision()}; run breachreport init to upgrade it."
        )


@contextmanager
def _reading(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as connection:
        yield connection.execution_options(sqlite_begin="DEFERRED")


def _refuse_a_foreign_ring(engine: sa.Engine, ring: KeyRing) -> None:
    """On a database that already holds keys (of any schema version: the two tables read here
    exist since the first), refuse a key ring it was not sealed with before upgrading it."""
    with translate_errors(), _reading(engine) as connection:
        tables = sa.inspect(connection)
        if not (tables.has_table(Meta.__tablename__) and tables.has_table(DataKey.__tablename__)):
            return
        _ring_matches(connection, ring)


def _ring_matches(connection: sa.Connection, ring: KeyRing) -> bool:
    """MasterKeyError if the database was sealed with other keys; False if it holds no audit key
    check yet (never initialised)."""
    master_key_ids = connection.execute(sa.select(DataKey.master_key_id).distinct())
    unknown = sorted(set(master_key_ids.scalars()) - set(ring.master_keys))
    check = connection.execute(
        sa.select(Meta.value).where(Meta.key == AUDIT_KEY_CHECK)
    ).scalar_one_or_none()
    # The ring is the database's own if the audit key check says so or, when that check was
    # altered or deleted behind the application's back (verify names it), if a data key carries
    # a MAC made with its audit key, which nobody without the key ring can make.
    own = check is not None and macs_equal(check, audit_key_check(ring.audit_key))
    own = own or _sealed_with(connection, ring)
    # A data key naming a master key the ring lacks is sealed so by the application (the ring is
    # foreign or was rotated past) unless its own MAC fails: then its id was altered, and verify
    # names it by its incident instead of every command sending its user off for a key file.
    if unknown and (not own or _sealed_with(connection, ring, unknown)):
        raise MasterKeyError(
            f"This database was sealed with master key {unknown[0]}, which is not in the "
            "configured key ring; use the key file it was created with."
        )
    if own:
        return True
    if check is None:
        return False
    raise MasterKeyError(
        "The key ring's audit key does not match this database; "
        "use the key file it was created with."
    )


def _sealed_with(
    connection: sa.Connection, ring: KeyRing, master_key_ids: list[str] | None = None
) -> bool:
    """Whether some data key (naming one of ``master_key_ids``, if given) carries a row MAC made
    with the ring's audit key."""
    table = table_of(DataKey)
    if "row_mac" not in {c["name"] for c in sa.inspect(connection).get_columns(table.name)}:
        return False  # older than the rows' MACs (0007): nothing to tell by
    where = table.c.master_key_id.in_(master_key_ids) if master_key_ids is not None else None
    with Session(bind=connection) as session:
        found = readable_rows(session, table, where=where)
    for row in found:
        try:
            if row.row_mac is not None and macs_equal(
                row.row_mac, full_mac(ring.audit_key, row, table)
            ):
                return True
        except (ValueError, TypeError):
            continue  # a value that cannot be read: not what the application wrote
    return False


def _adopt(engine: sa.Engine, ring: KeyRing) -> None:
    """Put the rows of a database made before 0007 under the chains, once (storage.adoption)."""
    with translate_errors(), _reading(engine) as connection:
        if connection.execute(sa.select(Meta.key).where(Meta.key == ADOPTION)).first() is None:
            return
    with translate_errors(), Session(engine, autoflush=False) as session:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        if engine.dialect.name == "postgresql":
            session.execute(sa.select(sa.func.pg_advisory_xact_lock(LEDGER_LOCK)))
        adopt(session, ring.audit_key)
        session.commit()


def _check_ring(engine: sa.Engine, ring: KeyRing, *, create: bool) -> None:
    for _ in range(3):
        with translate_errors(), _reading(engine) as connection:
            if _ring_matches(connection, ring):
                return
        if not create:
            raise StorageError(f"The database at {describe(engine)} was never initialised.")
        if _initialise(engine, ring):
            return
    raise StorageError("The database could not be initialised: other processes kept racing.")


def _initialise(engine: sa.Engine, ring: KeyRing) -> bool:
    """Seal the audit key check and create the directory key; False if another process won."""
    now = datetime.now(UTC)
    with translate_errors():
        try:
            with Session(engine, autoflush=False) as session, session.begin():
                if session.get(Meta, AUDIT_KEY_CHECK) is not None:
                    return False
                if session.execute(sa.select(sa.func.count()).select_from(DataKey)).scalar_one():
                    raise StorageError(
                        "The database holds data keys but no audit key check; it is damaged."
                    )
                book = Ledger(session, ring.audit_key)
                book.record(LEDGER, "started", None, at=now)
                directory_key_id, _ = create_data_key(
                    session, ring, purpose="directory", created_at=now
                )
                session.add(Meta(key=AUDIT_KEY_CHECK, value=audit_key_check(ring.audit_key)))
                session.add(Meta(key=DIRECTORY_KEY, value=directory_key_id))
                book.record(META, DIRECTORY_KEY, meta_digest(directory_key_id), at=now)
        except sa_exc.IntegrityError:
            # The meta key is a primary key: a racing process initialised first. Re-check.
            return False
    return True
