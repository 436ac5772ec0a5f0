"""Files only their owner may read, written whole or not at all: the master key, backups, and
every document or register the command line writes for download; folders only their owner may
enter; the database file made 0600 before SQLite opens it (its -wal, -shm and -journal files then
take the same mode), and an older, wider one tightened.

Every file the product writes goes through here: 0600 files, 0700 folders, whatever the umask
(``restrict_umask`` sets 0077 as well, for what libraries write on their own).

Standard library only, so that the command line can use it without starting the app.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

FILE_MODE = 0o600
FOLDER_MODE = 0o700
UMASK = 0o077
# Files SQLite keeps beside a database and makes with the database file's own mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def restrict_umask() -> None:
    """From now on, whatever this process creates without an explicit mode (SQLite's companion
    files of a database it had to create, a library's own files) is its owner's alone."""
    os.umask(UMASK)


def private_folder(path: str | os.PathLike[str], *, tighten: bool = True) -> Path:
    """The folder at ``path``, created 0700 with any missing parents (made 0700 too); an existing
    folder is tightened to 0700 when ``tighten`` (the data folder, which is the product's own),
    and left as it is otherwise (a folder the user chose for an export or a key file)."""
    folder = Path(path)
    missing = [folder, *folder.parents]
    missing = [p for p in missing if not p.exists()]
    for created in reversed(missing):
        try:
            created.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # another process made it meanwhile
            continue
        os.chmod(created, FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened
    if tighten and stat.S_IMODE(folder.stat().st_mode) != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)
    return folder


def create_private_file(path: str | os.PathLike[str]) -> bool:
    """An empty 0600 file at ``path`` if there is none (True), else nothing happens (False)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def tighten_file(path: str | os.PathLike[str]) -> int | None:
    """Take from an existing file every permission of its group and others (0644 becomes 0600);
    its old mode if it was changed, None if it was private already or does not exist."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
    if not mode & 0o077:
        return None
    os.chmod(path, mode & 0o700)
    return mode


def write_private(path: str | os.PathLike[str], write: Callable[[BinaryIO], Any]) -> Any:
    """Call ``write(file)`` on a new 0600 file beside ``path``, then move it into place.

    The mode is set when the file is created (O_EXCL), so its bytes are never, even briefly,
    readable by others; a failure leaves nothing behind, and an older file at ``path`` (perhaps
    0644) is replaced rather than rewritten. Returns what ``write`` returns.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as file:
            result = write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return result


def write_private_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    write_private(path, lambda file: file.write(data))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, hence best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
