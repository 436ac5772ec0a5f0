"""A file made for a download button is dropped from Streamlit's memory soon after the browser took
it, and also if no one ever fetched it; a file some page still shows stays.

Against Streamlit's own media file manager, without a server; the real `streamlit run` with a
browser and a second client is in test_download_isolation.py.
"""

from __future__ import annotations

import time

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from breachreport.ui import download_expiry

# How long a dropped file may take to go: the timers fire after 0.2 or 0.6 s, but a busy machine
# can hold a timer thread back for seconds; the wait ends as soon as the file is gone.
GONE_WITHIN = 30
DOCUMENT = b"# Anm\xc3\xa4lan av personuppgiftsincident till IMY\n"


@pytest.fixture
def manager(monkeypatch) -> MediaFileManager:
    monkeypatch.setattr(download_expiry, "GRACE_SECONDS", 0.2)
    monkeypatch.setattr(download_expiry, "UNFETCHED_SECONDS", 0.6)
    made = MediaFileManager(MemoryMediaFileStorage("/media"))
    download_expiry._Expiry(made)
    return made


def _click(manager: MediaFileManager, content: bytes = DOCUMENT) -> str:
    """What Streamlit does when a download button is clicked; returns the file's name in /media."""
    deferred = manager.add_deferred(
        lambda: content, "text/markdown", "1.2.3", file_name="BR-2024-0001.md"
    )
    return manager.execute_deferred(deferred).rsplit("/", 1)[-1]


def _served(manager: MediaFileManager, name: str) -> bytes | None:
    """What the /media route answers for ``name``: the content, or None for its 404."""
    try:
        return manager._storage.get_file(name).content
    except MediaFileStorageError:
        return None


def _gone_within(manager: MediaFileManager, name: str, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if name.split(".")[0] not in manager._file_metadata and _served(manager, name) is None:
            return True
        time.sleep(0.05)
    return False


def test_a_fetched_download_is_dropped_after_the_grace(manager):
    name = _click(manager)
    assert _served(manager, name) == DOCUMENT  # the browser's check
    assert _served(manager, name) == DOCUMENT  # the browser's download
    assert _gone_within(manager, name, GONE_WITHIN)


def test_a_download_nobody_fetched_is_dropped_too(manager):
    name = _click(manager)
    assert _gone_within(manager, name, GONE_WITHIN)


def test_a_second_click_keeps_the_same_file_for_its_own_fetch(manager):
    name = _click(manager)
    assert _served(manager, name) == DOCUMENT
    assert _click(manager) == name  # the same bytes: the same address
    assert _served(manager, name) == DOCUMENT
    assert _gone_within(manager, name, GONE_WITHIN)


def test_the_same_bytes_shown_on_a_page_are_kept(manager):
    name = _click(manager)
    shown = manager.add(DOCUMENT, "text/markdown", "4.5.6", file_name="BR-2024-0001.md")
    assert shown.endswith(name)
    assert _served(manager, name) == DOCUMENT
    assert not _gone_within(manager, name, 1.5)


def test_installing_twice_hooks_once(monkeypatch):
    class Runtime:
        media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/media"))

    from streamlit import runtime

    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: Runtime)
    execute = Runtime.media_file_mgr.execute_deferred
    assert download_expiry.install() and download_expiry.install()
    hooked = Runtime.media_file_mgr.execute_deferred
    assert hooked is not execute
    assert download_expiry.install() and Runtime.media_file_mgr.execute_deferred is hooked
