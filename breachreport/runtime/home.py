"""The data folder: creating it with a database and a master key, and opening its store.

The key file is written with mode 0600 and never into the database; its location is told to the
user so that it can be backed up apart from the database. A new key is never written beside a
database that already holds tables: it could open nothing there, and the message sends the user to
the key's backup instead. Whatever a process writes once it opens a data folder is its owner's
alone (umask 0077, folder 0700, files 0600).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from breachreport.crypto import KeyRing
from breachreport.errors import MasterKeyError
from breachreport.i18n import _
from breachreport.private_files import private_folder, restrict_umask
from breachreport.runtime.rules import install_rules
from breachreport.settings import Settings
from breachreport.storage import Store, open_store
from breachreport.storage.database import describe_url, holds_tables


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
    """Create what is missing: the folder (0700), the key file (0600) and the database (0600).
    Idempotent. MasterKeyError, with nothing written, if the key file is missing while the
    database already holds tables."""
    restrict_umask()
    created = False
    key_file: Path | None = None
    if settings.master_key is None:
        key_file = settings.resolved_key_file
        if not key_file.exists():
            refuse_a_new_key_beside_data(settings, key_file)
    private_folder(settings.home)
    if key_file is not None and not key_file.exists():
        KeyRing.generate().save_file(key_file)
        created = True
    store = open_store(settings.resolved_database_url, load_key_ring(settings), create=True)
    store.dispose()
    return InitReport(settings.home, settings.resolved_database_url, key_file, created)


def refuse_a_new_key_beside_data(settings: Settings, key_file: Path) -> None:
    """MasterKeyError if the configured database already holds tables: a key made now could open
    none of what the lost one sealed, and the database would look like it had lost its key."""
    url = settings.resolved_database_url
    if not holds_tables(url):
        return
    raise MasterKeyError(
        _(
            "The database {database} already exists, but its master key is missing: there is no "
            "key file at {path} and BREACHREPORT_MASTER_KEY is not set. A new key cannot open "
            "that database, so none was made and nothing was changed. Restore the key file from "
            "its backup to {path} (or set BREACHREPORT_MASTER_KEY or BREACHREPORT_KEY_FILE to "
            "it); or, to start afresh without the old data, move the database away first.",
            database=describe_url(url),
            path=key_file,
        )
    )


def open_home(settings: Settings, *, create: bool = False) -> Store:
    """Open the store of an existing data folder (or create it first when ``create``)."""
    restrict_umask()
    install_rules(settings)  # the organisation's rules file over the dated rule table
    if create:
        initialise(settings)
    elif settings.home.is_dir():
        private_folder(settings.home)  # a folder made by an older version may be 0755
    return open_store(settings.resolved_database_url, load_key_ring(settings), create=True)
