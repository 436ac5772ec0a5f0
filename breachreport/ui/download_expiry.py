"""Files made for a download button leave the server's memory seconds after the browser took them.

Streamlit serves a clicked download at ``/media/<id>`` to whoever asks for that address, with no
session or cookie check, and otherwise keeps it until two later script runs anywhere on the server
(on a quiet server: for hours). This drops each such file ``GRACE_SECONDS`` after its first fetch
(Streamlit's page fetches it twice at once: to check the address, then to save it), or
``UNFETCHED_SECONDS`` after it was made if no one fetched it. It never reads or logs the content.

It hooks into Streamlit's media file manager (the package is pinned to 1.67):
tests/test_download_isolation.py fetches a download's address again with a second client.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

log = logging.getLogger("breachreport.ui")

GRACE_SECONDS = 10.0
UNFETCHED_SECONDS = 60.0
_MARK = "_breachreport_download_expiry"
_install_lock = threading.Lock()


def install() -> bool:
    """Hook the running Streamlit server's media files once; called on every script run (cheap).

    Returns whether the hook is in place; False outside ``streamlit run`` or if Streamlit's
    internals have changed (then downloads stay as Streamlit keeps them, and the test fails).
    """
    from streamlit import runtime  # noqa: PLC0415 - only inside a running app

    if not runtime.exists():
        return False
    manager = runtime.get_instance().media_file_mgr
    with _install_lock:
        if getattr(manager, _MARK, None) is not None:
            return True
        try:
            expiry = _Expiry(manager)
        except AttributeError:
            log.warning("downloads cannot be expired: Streamlit's media file manager has changed")
            return False
        setattr(manager, _MARK, expiry)
    return True


def _media_id(name: str) -> str:
    # "/media/<id>.pdf" or "<id>.pdf" or "<id>": the id is the hash before any extension.
    return os.path.splitext(name.rsplit("/", 1)[-1])[0]


class _Expiry:
    """When each made file must go, by its media id, and the timers that drop it then."""

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self.storage = manager._storage
        # Checked up front so that a changed Streamlit fails here, not later on a timer thread.
        self._lock_of_manager = manager._lock
        self._metadata = manager._file_metadata
        self._by_session = manager._files_by_session_and_coord
        self._delete = manager._delete_file
        self._lock = threading.Lock()
        self._deadlines: dict[str, float] = {}
        self._fetched: set[str] = set()
        execute = manager.execute_deferred
        get_file = self.storage.get_file

        def execute_deferred(file_id: str) -> str:
            url = execute(file_id)
            self._made(_media_id(url))
            return url

        def served_file(filename: str) -> Any:
            found = get_file(filename)
            self._served(_media_id(filename))
            return found

        manager.execute_deferred = execute_deferred
        self.storage.get_file = served_file

    def _made(self, media_id: str) -> None:
        with self._lock:
            self._deadlines[media_id] = time.monotonic() + UNFETCHED_SECONDS
            self._fetched.discard(media_id)
        self._later(UNFETCHED_SECONDS, media_id)

    def _served(self, media_id: str) -> None:
        with self._lock:
            if media_id not in self._deadlines or media_id in self._fetched:
                return
            self._fetched.add(media_id)
            self._deadlines[media_id] = min(
                self._deadlines[media_id], time.monotonic() + GRACE_SECONDS
            )
        self._later(GRACE_SECONDS, media_id)

    def _later(self, seconds: float, media_id: str) -> None:
        timer = threading.Timer(seconds, self._expire, args=(media_id,))
        timer.daemon = True
        timer.start()

    def _expire(self, media_id: str) -> None:
        with self._lock:
            deadline = self._deadlines.get(media_id)
            if deadline is None:
                return
            left = deadline - time.monotonic()
            if left > 0:  # made again meanwhile, or the timer woke early
                self._later(left, media_id)
                return
            del self._deadlines[media_id]
            self._fetched.discard(media_id)
        with self._lock_of_manager:
            # The same bytes may be shown elsewhere on a page (same content, same id): keep those.
            shown = any(media_id in files.values() for files in self._by_session.values())
            if not shown and media_id in self._metadata:
                self._delete(media_id)
