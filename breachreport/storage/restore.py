"""Reading and restoring a backup file (the format is described in ``storage.backup``): every
chunk, row and the manifest checked on the way, and the rows loaded into an empty database.

Never writes before the whole file has been read and found sound, and never into a database that
holds anything but what ``breachreport init`` puts into a new one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

import breachreport.storage.migrate as migrate
from breachreport.crypto import KeyRing, audit_key_check, backup_file_key, macs_equal, open_chunk
from breachreport.errors import InputError, IntegrityError, MasterKeyError, StorageError
from breachreport.storage.backup import (
    FORMAT,
    LENGTH,
    MAGIC,
    MAX_CHUNK,
    MAX_HEADER,
    ROWS_PER_INSERT,
    BackupSummary,
    decode,
    manifest_mac,
    summary_of,
    tables,
)
from breachreport.storage.chain import DIRECTORY_KEY
from breachreport.storage.database import check_connection, describe, make_engine
from breachreport.storage.tables import AUDIT_KEY_CHECK, DataKey, LedgerEntry, Meta


class BackupReader:
    """One backup file, opened with a key ring (and passphrase). Each ``rows()`` pass reads the
    file anew and checks everything on the way; the manifest's MAC is checked at the end of it."""

    def __init__(self, path: Path, ring: KeyRing, *, passphrase: str | None = None) -> None:
        self.path = path
        self.ring = ring
        self.passphrase = passphrase
        with path.open("rb") as file:
            self.header_bytes, self.header = _read_header(file)
        master_id = self.header.get("master_key_id")
        if master_id not in ring.master_keys:
            raise MasterKeyError(
                f"This backup was sealed with master key {master_id}, which is not in the "
                "configured key ring; restore with the key file that was in use when it was made "
                "(or the backup file is damaged)."
            )
        if self.header.get("passphrase") and passphrase is None:
            raise InputError("This backup was made with a passphrase; give it with --passphrase.")
        if not self.header.get("passphrase") and passphrase is not None:
            raise InputError("This backup was made without a passphrase; leave --passphrase out.")
        try:
            salt = base64.b64decode(self.header["salt"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise IntegrityError("The backup file's header is damaged.") from None
        self.key = backup_file_key(ring.master_keys[master_id], salt, passphrase)
        self.summary: BackupSummary | None = None

    def rows(self, *, decode: bool = True) -> Iterator[tuple[sa.Table, list[dict[str, Any]]]]:
        """(table, a batch of rows ready to insert), in the order they were written. Raises
        IntegrityError at the first sign of damage, or at the end if the manifest disagrees.
        Without ``decode`` it only checks (the MAC covers every row's bytes) and yields nothing."""
        known = {table.name: table for table in tables()}
        counted: dict[str, dict[str, Any]] = {}
        table: sa.Table | None = None
        digest = None
        batch: list[dict[str, Any]] = []
        manifest = None
        for line in self._lines():
            if manifest is not None:
                raise IntegrityError("The backup file has data after its manifest.")
            if line.startswith(b"["):
                if table is None or digest is None:
                    raise IntegrityError("The backup file has rows outside a table.")
                digest.update(line + b"\n")
                counted[table.name]["rows"] += 1
                if not decode:
                    continue
                batch.append(_row(table, line))
                if len(batch) >= ROWS_PER_INSERT:
                    yield table, batch
                    batch = []
                continue
            record = _json(line)
            if "table" in record:
                if table is not None and batch:
                    yield table, batch
                batch = []
                table = known.get(record["table"])
                if table is None or record.get("columns") != [c.name for c in table.columns]:
                    raise IntegrityError(
                        f"The backup's table {record['table']!r} does not match this version of "
                        "breachreport; restore it with the version that made it."
                    )
                digest = hashlib.sha256()
                counted[table.name] = {"columns": record["columns"], "rows": 0, "digest": digest}
            elif "manifest" in record:
                if table is not None and batch:
                    yield table, batch
                batch = []
                manifest = record
            else:
                raise IntegrityError("The backup file holds a line it does not know.")
        if manifest is None:
            raise IntegrityError("The backup file ends before its manifest.")
        self.summary = self._check_manifest(manifest, counted)

    def check(self) -> BackupSummary:
        """Read the whole file without writing anything: its summary if it is sound."""
        for _ in self.rows(decode=False):
            pass
        assert self.summary is not None
        return self.summary

    def _check_manifest(self, record: dict[str, Any], counted: dict[str, Any]) -> BackupSummary:
        manifest = record.get("manifest")
        if not isinstance(manifest, dict) or not macs_equal(
            str(record.get("mac")), manifest_mac(self.ring, manifest)
        ):
            raise IntegrityError(
                "The backup's manifest failed its check: the file was altered, or the key ring's "
                "audit key is not the one of the database it came from."
            )
        listed = manifest.get("tables", {})
        found = {
            name: {"columns": c["columns"], "rows": c["rows"], "sha256": c["digest"].hexdigest()}
            for name, c in counted.items()
        }
        if listed != found:
            raise IntegrityError("The backup's rows do not match its manifest.")
        if manifest.get("schema") != migrate.head_revision():
            raise StorageError(
                f"This backup has schema {manifest.get('schema')}, this version of breachreport "
                f"{migrate.head_revision()}; restore it with the version that made it."
            )
        return summary_of(manifest, self.header["master_key_id"])

    def _lines(self) -> Iterator[bytes]:
        rest = b""
        for chunk in self._chunks():
            rest += chunk
            *lines, rest = rest.split(b"\n")
            yield from lines
        if rest:
            raise IntegrityError("The backup file ends in the middle of its content.")

    def _chunks(self) -> Iterator[bytes]:
        with self.path.open("rb") as file:
            file.seek(len(self.header_bytes))
            index = 0
            sealed = _read_chunk(file)
            if sealed is None:
                raise IntegrityError("The backup file holds no data; it was cut short.")
            while sealed is not None:
                following = _read_chunk(file)
                yield open_chunk(
                    self.key, index, sealed, last=following is None, header=self.header_bytes
                )
                sealed, index = following, index + 1


def _read_header(file: IO[bytes]) -> tuple[bytes, dict[str, Any]]:
    start = file.read(len(MAGIC) + LENGTH.size)
    if start.startswith(MAGIC) and len(start) < len(MAGIC) + LENGTH.size:
        raise IntegrityError("The backup file was cut short.")
    if len(start) < len(MAGIC) + LENGTH.size or not start.startswith(MAGIC):
        raise InputError("This is not a breachreport backup file (or not one this version reads).")
    (length,) = LENGTH.unpack(start[len(MAGIC) :])
    if length > MAX_HEADER:
        raise IntegrityError("The backup file's header is damaged.")
    text = file.read(length)
    if len(text) != length:
        raise IntegrityError("The backup file was cut short.")
    header = _json(text)
    if header.get("format") != FORMAT:
        raise InputError(f"The backup file is not in the {FORMAT} format.")
    return start + text, header


def _read_chunk(file: IO[bytes]) -> bytes | None:
    start = file.read(LENGTH.size)
    if not start:
        return None
    if len(start) < LENGTH.size:
        raise IntegrityError("The backup file was cut short.")
    (length,) = LENGTH.unpack(start)
    if length > MAX_CHUNK:
        raise IntegrityError("The backup file's content is damaged.")
    sealed = file.read(length)
    if len(sealed) != length:
        raise IntegrityError("The backup file was cut short.")
    return sealed


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IntegrityError("The backup file's content is damaged.") from None
    if not isinstance(value, dict):
        raise IntegrityError("The backup file's content is damaged.")
    return value


def _row(table: sa.Table, line: bytes) -> dict[str, Any]:
    try:
        values = json.loads(line)
        return {c.name: decode(c, v) for c, v in zip(table.columns, values, strict=True)}
    except (UnicodeDecodeError, ValueError, TypeError):
        raise IntegrityError(f"A row of {table.name} in the backup file is damaged.") from None


# -- restoring -----------------------------------------------------------------------------------


def restore_backup(database_url: str, reader: BackupReader) -> BackupSummary:
    """Check the whole backup, then load it into an empty database in one transaction.

    Writes nothing (not even the schema) unless the file is sound; StorageError if the database
    holds anything but what ``breachreport init`` puts into a new one.
    """
    summary = reader.check()
    ring = reader.ring
    engine = make_engine(database_url)
    try:
        check_connection(engine)
        with engine.connect() as connection:
            current = migrate.current_revision(connection)
        if current is not None and current != migrate.head_revision():
            raise StorageError(
                f"The database at {describe(engine)} is at schema {current}; restore into a new, "
                "empty database."
            )
        migrate.upgrade(engine)
        with engine.begin() as connection:
            _require_empty(connection, describe(engine))
            # What init made (the audit key check, a directory key) gives way to the backup's own.
            # The ledger init started goes too: the backup's own carries the chain of its rows.
            connection.execute(sa.delete(LedgerEntry.__table__))
            connection.execute(sa.delete(Meta.__table__))
            connection.execute(sa.delete(DataKey.__table__))
            needed = set()
            for table, rows in reader.rows():
                if table.name == "data_key":
                    needed |= {row["master_key_id"] for row in rows}
                    unknown = sorted(needed - set(ring.master_keys))
                    if unknown:
                        raise MasterKeyError(
                            f"The backup's data is sealed with master key {unknown[0]}, which is "
                            "not in the configured key ring; use the key file it was made with."
                        )
                if table.name == "meta":
                    _check_audit_key(rows, ring)
                connection.execute(table.insert(), rows)
            _reset_sequences(connection)
    finally:
        engine.dispose()
    return summary


def _check_audit_key(rows: list[dict[str, Any]], ring: KeyRing) -> None:
    for row in rows:
        if row["key"] == AUDIT_KEY_CHECK and not macs_equal(
            row["value"], audit_key_check(ring.audit_key)
        ):
            raise MasterKeyError(
                "The key ring's audit key does not match the backup's database; use the key file "
                "it was made with."
            )


def _require_empty(connection: sa.Connection, where: str) -> None:
    """Only an unused database: no rows but the audit key check and the directory key."""
    for table in tables():
        if table.name in ("meta", "data_key", "ledger"):
            continue
        if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise _not_empty(where)
    meta = {row.key: row.value for row in connection.execute(sa.select(Meta.key, Meta.value))}
    keys = set(connection.execute(sa.select(DataKey.id)).scalars())
    if set(meta) - {AUDIT_KEY_CHECK, DIRECTORY_KEY} or keys - {meta.get(DIRECTORY_KEY)}:
        raise _not_empty(where)
    # What init writes to the ledger: its start, the directory key and its meta entry.
    if connection.execute(sa.select(sa.func.count()).select_from(LedgerEntry)).scalar_one() > 3:
        raise _not_empty(where)


def _not_empty(where: str) -> StorageError:
    return StorageError(
        f"The database at {where} is not empty; a backup is restored only into a new one. "
        "Point BREACHREPORT_HOME or BREACHREPORT_DATABASE_URL at a new database and restore "
        "again; the current one was not touched."
    )


def _reset_sequences(connection: sa.Connection) -> None:
    """Rows came with their ids: PostgreSQL's counters must go on after the largest one."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True and isinstance(column.type, sa.Integer):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                )
