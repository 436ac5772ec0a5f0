"""What a signed-in user downloads stays theirs, against the real `streamlit run` in Debian's chromium.

Streamlit hands a clicked download to the browser as an address, ``/media/<id>``, that it serves to
anyone who asks, without a session or a cookie. The app drops each such file seconds after the
browser took it (breachreport.ui.download_expiry). Here a second, plain HTTP client (no cookies, no
session) asks for the address the browser fetched, and for guessed ones, and gets no document.

Afterwards nothing typed into the app, uploaded or downloaded is left in plain bytes in the server's
log, the data folder, its temporary folder or its home folder.
"""

from __future__ import annotations

import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    files_holding,
    go_to,
    settle,
    sign_in_in_english,
    streamlit_server,
)
from browser_support import open_incident_in_english as _open_incident
from playwright.sync_api import expect

from breachreport.ui.download_expiry import GRACE_SECONDS

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DPO = ("karin.holm@nordmark.example", "Karin Holm")
MARKER = "MARKER-LEAKS-9137"
# A name in a script the server has no font for (Debian's Liberation and DejaVu fonts have no
# Chinese): the PDF prints boxes, and no log may name the characters.
NAME = "王秀英"
# Long enough to hold only once per line of a document, so that a match means the document.
SIGNIFICANT = 24


def _seed(home: Path) -> str:
    """The worked example up to the DPO's decision of 12 February 2024 and the DPO's account."""
    from breachreport.demo.loading import load_demo
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services import Workspace
    from breachreport.services.accounts import Accounts
    from breachreport.settings import load_settings

    settings = load_settings(home=home)
    initialise(settings)
    store = open_home(settings)
    try:
        Accounts(store).create_first_dpo(username=DPO[0], display_name=DPO[1], password=PASSWORD)
        decided = datetime(2024, 2, 12, 10, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
        return load_demo(Workspace(store), until=decided).reference
    finally:
        store.dispose()


@contextmanager
def _app(tmp_path: Path, monkeypatch) -> Iterator[tuple[str, str, dict[str, Path]]]:
    """The app on a seeded data folder, with a temporary folder and a home folder of its own (set
    for the server only: the browser's downloads must not land in them). Yields the URL, the
    incident's reference and the folders, then stops the server."""
    folders = {name: tmp_path / name for name in ("home", "tmp", "user")}
    folders["tmp"].mkdir()
    folders["user"].mkdir()
    ref = _seed(folders["home"])
    log = tmp_path / "streamlit.log"
    folders["log"] = log
    with monkeypatch.context() as env:
        env.setenv("TMPDIR", str(folders["tmp"]))
        env.setenv("HOME", str(folders["user"]))
        # Streamlit's own debug messages too: none of them may carry what was typed.
        env.setenv("STREAMLIT_LOGGER_LEVEL", "debug")
        server = streamlit_server(folders["home"], log=log)
        url = server.__enter__()  # the server has started with these; the browser must not
    try:
        yield url, ref, folders
    finally:
        server.__exit__(None, None, None)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not re.search(r"unexpected \w+ in the app", text), text


def _sign_in(page, url: str) -> None:
    sign_in_in_english(page, url, DPO[0], PASSWORD)


def _download(page, name: str):
    """Click a visible download button by its name; returns the finished download."""
    button = page.get_by_test_id("stMain").get_by_role("button", name=name, exact=True)
    expect(button).to_be_visible()
    settle(page)
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None
    return download


def _fetch(url: str) -> tuple[int, bytes]:
    """A plain HTTP client: no cookies, no session, nothing the browser holds."""
    request = urllib.request.Request(url, headers={"User-Agent": "second-client"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _document_lines(document: bytes) -> list[str]:
    lines = document.decode("utf-8").splitlines()
    return [line.strip() for line in lines if len(line.strip()) >= SIGNIFICANT]


def _holds_document(body: bytes, lines: list[str]) -> bool:
    text = body.decode("utf-8", errors="replace")
    return any(line in text for line in lines)


def test_a_downloaded_draft_cannot_be_fetched_without_the_session(tmp_path, monkeypatch, browser):
    with _app(tmp_path, monkeypatch) as (url, ref, _folders):
        page = browser()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if "/media/" in r.url else None)
        sent: list[str] = []
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framesent",
                lambda frame: sent.append(frame if isinstance(frame, str) else frame.hex()),
            ),
        )
        _sign_in(page, url)
        _open_incident(page, ref)
        go_to(page, "Filings", f"Filings · {ref}")
        download = _download(page, "Markdown, English")

        # The signed-in user got the draft, from the address the page fetched.
        document = Path(download.path()).read_bytes()
        lines = _document_lines(document)
        assert b"Personal data breach notification to IMY" in document
        assert download.suggested_filename == f"{ref}.imy-notification.draft.en.md"
        address = download.url
        assert re.fullmatch(rf"{re.escape(url)}/media/[0-9a-f]{{32}}(\.\w+)?", address), address
        assert address in fetched

        # A second client asks for the same address: once the grace for the browser's own
        # fetches has passed, the document is gone. (Polled, as the server drops it on a timer.)
        status, body = _fetch(address)
        for _ in range(int(GRACE_SECONDS * 2) + 20):
            if status != 200:
                break
            time.sleep(0.5)
            status, body = _fetch(address)
        assert status == 404, status
        assert not _holds_document(body, lines)

        # Nor under another extension, nor at guessed or derived addresses.
        media_id = re.search(r"/media/([0-9a-f]{32})", address).group(1)
        placeholders = set(re.findall(r"[0-9a-f]{32}", " ".join(sent)))
        guesses = [
            f"{url}/media/{media_id}.md",
            f"{url}/media/{media_id}.html",
            f"{url}/media/{media_id[:16]}",
            f"{url}/media/",
            f"{url}/media/{secrets.token_hex(16)}",
            f"{url}/media/..%2f..%2fbreachreport.db",
            f"{url}/media/..%2f..%2fmaster.key",
        ] + [f"{url}/media/{placeholder}" for placeholder in placeholders]
        for guess in guesses:
            status, body = _fetch(guess)
            assert status != 200 or not _holds_document(body, lines), guess
            assert status != 200 or ref.encode() not in body, guess

        # The agent API (a way to drive the app over plain HTTP) is off.
        agent = urllib.request.Request(
            f"{url}/_stcore/agent/interact",
            data=b"{}",
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(agent, timeout=10) as answer:
                status, body = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        assert status != 200 and b"not_available" in body
        assert ref.encode() not in body

        # The user can still download again: each click makes the file anew.
        again = _download(page, "Markdown, English")
        assert b"Personal data breach notification to IMY" in Path(again.path()).read_bytes()


def test_logs_and_temporary_files_hold_no_personal_data(tmp_path, monkeypatch, browser):
    summary = f"Ransomware encrypted the discharge planning system; {NAME} was affected. {MARKER}"
    evidence = tmp_path / f"note-{MARKER}.txt"
    evidence.write_text(f"Forensic note from the supplier. {MARKER}\n", encoding="utf-8")
    with _app(tmp_path, monkeypatch) as (url, ref, folders):
        page = browser()
        _sign_in(page, url)
        _open_incident(page, ref)

        # A free-text answer holding the marker.
        go_to(page, "Questions", f"Questions · {ref}")
        settle(page)
        opener = page.get_by_text(re.compile(r"^E · "))
        opener.click()
        section = page.get_by_test_id("stMain").get_by_test_id("stExpander").filter(has=opener)
        answer = section.get_by_label("What happened?", exact=True)
        expect(answer).to_be_visible()
        settle(page)
        answer.fill(summary)
        settle(page)
        page.get_by_role("button", name="Save all answers", exact=True).first.click()
        expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
        settle(page)

        # Drafts in every format the app offers for it: each holds the marker, for the user only.
        go_to(page, "Filings", f"Filings · {ref}")
        for name in ("Markdown, English", "HTML, English", "Word, English", "PDF, English"):
            _download(page, name)
        # (The demo gives its own English text of "What happened?"; the Swedish copy carries
        # what was typed.)
        markdown = _download(page, "Markdown, Svenska")
        assert MARKER in Path(markdown.path()).read_text(encoding="utf-8")

        # A file attached as evidence, then downloaded again.
        nav = page.get_by_test_id("stSidebarNav")
        more = nav.get_by_text(re.compile(r"^View \d+ more$"))
        if more.count():  # the navigation folds its last links away
            more.click()
        go_to(page, "Evidence", f"Evidence · {ref}")
        settle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(evidence)
        expect(page.get_by_test_id("stFileChip")).to_be_visible()
        settle(page)
        page.get_by_role("button", name="Attach", exact=True).click()
        expect(page.get_by_text(f"{evidence.name} is attached.", exact=True)).to_be_visible()
        settle(page)
        row = page.get_by_test_id("stHorizontalBlock").filter(has_text=evidence.name).last
        taken = row.get_by_role("button", name="Download", exact=True)
        expect(taken).to_be_visible()
        with page.expect_download() as info:
            taken.click()
        assert MARKER in Path(info.value.path()).read_text(encoding="utf-8")

    # The server has stopped (the database checkpointed, temporary files closed).
    log = folders["log"].read_text(errors="replace")
    assert MARKER not in log
    assert not any(char in log for char in NAME)
    for name in ("home", "tmp", "user"):
        assert files_holding(folders[name], MARKER) == [], name
