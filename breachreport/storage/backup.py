"""Backup files: every table's rows exactly as stored (ciphertexts stay ciphertexts), a manifest
with counts and hashes under a MAC made with the audit key, the whole sealed in chunks with a key
derived from the master key (and a passphrase, if one is given).

The format, version 1:
    b"BRBACKUP" 0x00 0x01 | header length (4 bytes) | header (JSON: format, time, master key id,
    salt, whether a passphrase is needed) | chunks: length (4 bytes) | AES-256-GCM ciphertext
The chunks' plaintext, joined, is JSON lines: for each table
``{"table": name, "columns": [...]}`` then one array per row; last ``{"manifest": ..., "mac": ...}``.
Each chunk's nonce is its number and whether it is the last, and its associated data the header,
so chunks cannot be reordered, dropped, swapped between files or the file cut short unnoticed.
Not compressed: the bulk is ciphertext, which does not shrink, and zlib would triple the time.

Never writes a key into the file and never decrypts a sealed column: a backup is no more readable
than the database, and only with the key ring that opens the database. Reading one back and
restoring it is ``storage.restore``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

import breachreport.storage.migrate as migrate
import breachreport.storage.tables  # noqa: F401  (registers the tables)
from breachreport.crypto import (
    KeyRing,
    backup_file_key,
    record_mac,
    seal_chunk,
)
from breachreport.errors import InputError, StorageError
from breachreport.i18n import _
from breachreport.private_files import write_private
from breachreport.storage.tables import UTCDateTime

MAGIC = b"BRBACKUP\x00\x01"
FORMAT = "breachreport-backup/1"
CHUNK = 1 << 20
MAX_CHUNK = CHUNK + 4096  # a sealed chunk is CHUNK bytes of plaintext at most, plus its tag
MAX_HEADER = 4096
ROWS_PER_INSERT = 1000
LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds: schema revision, time, and rows per table."""

    schema: str
    created_at: datetime
    master_key_id: str
    rows: dict[str, int]


def tables() -> list[sa.Table]:
    """Every table of this version, parents before the rows that refer to them (and only
    breachreport's, whatever else was declared on SQLModel's shared metadata)."""
    own = {
        model.__table__.name
        for model in vars(breachreport.storage.tables).values()
        if isinstance(model, type) and issubclass(model, SQLModel) and hasattr(model, "__table__")
    }
    return [table for table in SQLModel.metadata.sorted_tables if table.name in own]


# -- writing -------------------------------------------------------------------------------------


def write_backup(
    session: Session, ring: KeyRing, target: IO[bytes], *, passphrase: str | None = None
) -> BackupSummary:
    """Write every row that ``session`` sees (one snapshot) to ``target``."""
    schema = migrate.current_revision(session.connection())
    if schema is None:
        raise StorageError("The database has no schema to back up; run breachreport init.")
    created_at = datetime.now(UTC).replace(microsecond=0)
    salt = secrets.token_bytes(32)
    header = _header(
        {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "master_key_id": ring.active_id,
            "salt": base64.b64encode(salt).decode("ascii"),
            "passphrase": passphrase is not None,
        }
    )
    target.write(header)
    writer = _ChunkWriter(target, backup_file_key(ring.active, salt, passphrase), header)
    manifest: dict[str, Any] = {"format": FORMAT, "schema": schema, "tables": {}}
    for table in tables():
        columns = [c.name for c in table.columns]
        digest = hashlib.sha256()
        count = 0
        writer.write(_line({"table": table.name, "columns": columns}))
        query = sa.select(table).order_by(*table.primary_key.columns)
        for row in session.execute(query.execution_options(yield_per=ROWS_PER_INSERT)):
            line = _line(
                [_encode(column, row[index]) for index, column in enumerate(table.columns)]
            )
            digest.update(line)
            writer.write(line)
            count += 1
        manifest["tables"][table.name] = {
            "columns": columns,
            "rows": count,
            "sha256": digest.hexdigest(),
        }
    manifest["created_at"] = created_at.isoformat()
    writer.write(_line({"manifest": manifest, "mac": manifest_mac(ring, manifest)}))
    writer.close()
    return summary_of(manifest, ring.active_id)


def _header(fields: dict[str, Any]) -> bytes:
    text = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return MAGIC + LENGTH.pack(len(text)) + text


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def manifest_mac(ring: KeyRing, manifest: dict[str, Any]) -> str:
    return record_mac(ring.audit_key, {"record": "backup-manifest/v1", "manifest": manifest})


class _ChunkWriter:
    """Cut into chunks, seal each; the last one is marked as last."""

    def __init__(self, target: IO[bytes], key: bytes, header: bytes) -> None:
        self.target = target
        self.key = key
        self.header = header
        self.pending = bytearray()
        self.index = 0

    def write(self, data: bytes) -> None:
        self.pending += data
        while len(self.pending) > CHUNK:
            self._emit(bytes(self.pending[:CHUNK]), last=False)
            del self.pending[:CHUNK]

    def close(self) -> None:
        while len(self.pending) > CHUNK:
            self._emit(bytes(self.pending[:CHUNK]), last=False)
            del self.pending[:CHUNK]
        self._emit(bytes(self.pending), last=True)

    def _emit(self, data: bytes, *, last: bool) -> None:
        sealed = seal_chunk(self.key, self.index, data, last=last, header=self.header)
        self.target.write(LENGTH.pack(len(sealed)) + sealed)
        self.index += 1


def _encode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(column.type, UTCDateTime):
        return value.isoformat()
    return value


# -- shared with reading (storage.restore) ---------------------------------------------------------


def decode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(value)
    return value


def summary_of(manifest: dict[str, Any], master_key_id: str) -> BackupSummary:
    return BackupSummary(
        schema=manifest["schema"],
        created_at=datetime.fromisoformat(manifest["created_at"]),
        master_key_id=master_key_id,
        rows={name: t["rows"] for name, t in manifest["tables"].items()},
    )


def write_file_atomically(path: Path, write: Any) -> Any:
    """Call ``write(file)`` on a new private temporary file beside ``path``, then move it in place.

    Nothing is left at ``path`` if ``write`` fails; the file is readable by its owner only.
    """
    path = Path(path)
    if path.exists():
        raise InputError(
            _("{path} already exists; choose a new file name (nothing was written).", path=path)
        )
    return write_private(path, write)
