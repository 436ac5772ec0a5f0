"""The data folder: creating it with a database and a master key, and opening its store.

The key file is written with mode 0600 and never into the database; its location is told to the
user so that it can be backed up apart from the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from breachreport.crypto import KeyRing
from breachreport.errors import MasterKeyError
from breachreport.i18n import _
from breachreport.settings import Settings
from breachreport.storage import Store, open_store


@dataclass(frozen=True)
class InitReport:
    home: Path
    database_url: str
    key_file: Path | None
    key_created: bool


def load_key_ring(settings: Settings) -> KeyRing:
    """The key ring from BREACHREPORT_MASTER_KEY, else from the key file; MasterKeyError if neither."""
    if settings.master_key is not None:
        return KeyRing.from_env_value(settings.master_key.get_secret_value())
    path = settings.resolved_key_file
    if not path.exists():
        raise MasterKeyError(
            _(
                "No master key: {path} does not exist and BREACHREPORT_MASTER_KEY is not set. Run "
                "'breachreport init' for a new data folder, or restore the key from its backup.",
                path=path,
            )
        )
    return KeyRing.load_file(path)


def initialise(settings: Settings) -> InitReport:
    """Create what is missing: the folder, the key file (0600) and the database. Idempotent."""
    settings.home.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.home, 0o700)
    created = False
    key_file: Path | None = None
    if settings.master_key is None:
        key_file = settings.resolved_key_file
        if not key_file.exists():
            KeyRing.generate().save_file(key_file)
            created = True
    store = open_store(settings.resolved_database_url, load_key_ring(settings), create=True)
    store.dispose()
    return InitReport(settings.home, settings.resolved_database_url, key_file, created)


def open_home(settings: Settings, *, create: bool = False) -> Store:
    """Open the store of an existing data folder (or create it first when ``create``)."""
    if create:
        initialise(settings)
    return open_store(settings.resolved_database_url, load_key_ring(settings), create=True)
