"""Files only their owner may read, written whole or not at all: the master key, backups, and
every document or register the command line writes for download.

Standard library only, so that the command line can use it without starting the app.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO


def write_private(path: str | os.PathLike[str], write: Callable[[BinaryIO], Any]) -> Any:
    """Call ``write(file)`` on a new 0600 file beside ``path``, then move it into place.

    The mode is set when the file is created (O_EXCL), so its bytes are never, even briefly,
    readable by others; a failure leaves nothing behind, and an older file at ``path`` (perhaps
    0644) is replaced rather than rewritten. Returns what ``write`` returns.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
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
