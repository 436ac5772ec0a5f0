"""Backups of a data folder's database, and restoring one into a new, empty database.

The file holds every row as stored (ciphertexts stay ciphertexts) and a manifest under a MAC made
with the audit key; it is sealed as a whole with a key derived from the active master key, and,
with a passphrase, from both: then a stolen backup and a stolen key file are still not enough.
The key ring itself is never in the backup; keep the key file apart from it. A backup made before
a rotation needs the master key that was active then, so retiring that key makes the backup, and
whatever was shredded since, unreadable for good.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.times import utc_now
from ..private_files import private_folder, restrict_umask
from ..services.checking import Checking
from ..services.views import VerifyReport
from ..settings import Settings
from ..storage import open_store
from ..storage.backup import BackupSummary, write_file_atomically
from ..storage.restore import BackupReader, restore_backup
from .home import load_key_ring, open_home


@dataclass(frozen=True)
class RestoreReport:
    summary: BackupSummary
    verify: VerifyReport


def backup(settings: Settings, path: str | os.PathLike[str], *, passphrase: str | None = None):
    """Write a backup of the data folder's database to ``path`` (a new file, mode 0600)."""
    store = open_home(settings)
    try:
        return write_file_atomically(
            Path(path), lambda file: store.write_backup(file, passphrase=passphrase)
        )
    finally:
        store.dispose()


def check_backup(
    settings: Settings, path: str | os.PathLike[str], *, passphrase: str | None = None
) -> BackupSummary:
    """Read a backup through, checking everything, without writing anything."""
    return BackupReader(Path(path), load_key_ring(settings), passphrase=passphrase).check()


def restore(
    settings: Settings, path: str | os.PathLike[str], *, passphrase: str | None = None
) -> RestoreReport:
    """Restore a backup into the (new, empty) database of ``settings``, then verify it.

    The whole file is checked before anything is written, and loaded in one transaction.
    """
    ring = load_key_ring(settings)
    reader = BackupReader(Path(path), ring, passphrase=passphrase)
    restrict_umask()
    if settings.is_sqlite:
        private_folder(settings.home)
    summary = restore_backup(settings.resolved_database_url, reader)
    store = open_store(settings.resolved_database_url, ring, create=False)
    try:
        report = Checking(store, utc_now).verify()
    finally:
        store.dispose()
    return RestoreReport(summary, report)
