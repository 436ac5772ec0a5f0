"""Running the real app for browser tests: `streamlit run` on a free port, and Debian's chromium
driven by Playwright (never a downloaded browser).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui_support import hours_ago  # noqa: F401 - the browser tests import it from here

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> str:
    """The chromium executable; skips outside CI when missing, fails in CI (browser tests must run)."""
    path = shutil.which("chromium")
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; browser tests never skip in CI", pytrace=False)
    pytest.skip(message)


# What `streamlit run` prints once it listens, with the port it bound.
STARTED = re.compile(r"URL: (http://127\.0\.0\.1:\d+)")


@contextmanager
def streamlit_server(
    home: Path, *, log: Path, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """`streamlit run app.py` on a port the system picks, with its own data folder; yields the
    base URL. ``settings``: BREACHREPORT_* variables for the app (the caller's own are never
    passed on).

    Streamlit binds port 0 itself and says which port it got: a port probed free here and bound
    by Streamlit later could be taken meanwhile by another xdist worker's server, and this
    server's health check then reached that other server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("BREACHREPORT_") and key != "STREAMLIT_SERVER_PORT"
    }
    # No file watcher: the server keeps the code it started with, whatever is edited meanwhile.
    env.update(
        BREACHREPORT_HOME=str(home),
        PYTHONUNBUFFERED="1",
        STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
    )
    env.update(settings or {})
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        "0",
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            url = None
            while True:
                if url is None:
                    said = STARTED.search(log.read_text(errors="replace"))
                    url = said.group(1) if said else None
                if url is not None:
                    try:
                        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as answer:
                            if answer.status == 200:
                                break
                    except OSError:
                        pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log}")
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def operator_setup_code(home: Path) -> str:
    """What the operator does before the first visit: `breachreport init` on the data folder,
    which hands out the one-time setup code for the first account (done here through the library,
    on the same folder the server uses)."""
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services.setup_code import issue
    from breachreport.settings import Settings

    settings = Settings(home=home, database_url=None, master_key=None, key_file=None)
    initialise(settings)
    store = open_home(settings)
    try:
        return issue(store).code
    finally:
        store.dispose()


# -- driving the page: explicit waits on what the user sees ---------------------------------------

OUTPUT = ROOT / "test-output" / "browser"
# ms: the longest any one step may take. Generous on purpose: on CI two xdist workers, each
# with a Streamlit server and a chromium, share two cores with PostgreSQL, and one script run
# there can take tens of seconds; a step that works returns as soon as it is done.
WAIT = 60_000
# The app's root element says whether a script run is in progress (Streamlit's own e2e tests
# read the same attribute); elements left from the previous run are marked stale until replaced.
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && document.querySelector('[data-stale="true"]') === null;
}"""


def save_failure(tab, name: str) -> None:
    """What the browser showed when the test failed: a picture and the text of the whole page
    (the picture holds what is in view only: Streamlit scrolls inside the page)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):  # a bonus for the reader of the failure, not a must
        tab.screenshot(path=OUTPUT / f"failed-{name}.png", full_page=True)
        (OUTPUT / f"failed-{name}.txt").write_text(tab.inner_text("body"), encoding="utf-8")


def settle(page) -> None:
    """Wait until Streamlit has finished the current run and replaced every element of the last
    one. Call it after waiting for the visible result of an action, never instead of it."""
    page.wait_for_function(IDLE, timeout=WAIT)


def field(page, label: str):
    """A text input, text area or number input by its exact label (not its help button)."""
    return page.get_by_label(label, exact=True)


def tick(page, scope, label: str) -> None:
    """Tick a checkbox by clicking its label, as a user does, and wait until it is ticked. On a
    busy machine the first click can land while a choice list is still closing, which takes the
    click for itself (the box stays unticked); a user clicks again, and so does this."""
    box = scope.get_by_role("checkbox", name=label, exact=True)
    for _ in range(3):
        scope.get_by_text(label, exact=True).click()
        try:
            expect(box).to_be_checked(timeout=3_000)
            return
        except AssertionError:
            continue
    expect(box).to_be_checked()


def go_to(page, link: str, heading: str) -> None:
    """Follow a link of the sidebar's navigation and wait for the page's heading."""
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=False).first).to_be_visible()


@contextmanager
def people(chromium: str, request) -> Iterator:
    """One browser; yields ``person(name)``, a new tab in a context of its own (no shared cookies
    or session) per person. When the test failed, each tab's last view is kept for the reader."""
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=WAIT)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, timeout=2 * WAIT
        )
        tabs: dict[str, object] = {}

        def person(name: str | None = None):
            name = str(len(tabs)) if name is None else name
            context = launched.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            context.set_default_timeout(WAIT)
            tabs[name] = context.new_page()
            return tabs[name]

        failed_before = request.session.testsfailed
        try:
            yield person
            if request.session.testsfailed > failed_before:
                for name, tab in tabs.items():
                    save_failure(tab, f"{request.node.name}-{name}")
        finally:
            launched.close()


def files_holding(folder: Path, text: str) -> list[Path]:
    """Every file under ``folder`` whose bytes contain ``text``, in any common encoding."""
    needles = [text.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def seed_install(home: Path, *, dpo: tuple[str, str], reviewer: tuple[str, str], password: str):
    """A fresh install as its operator leaves it: the DPO, a legal reviewer and the organisation
    profile of a region. Returns (store, accounts); the caller disposes of the store."""
    from breachreport.domain.status import Role
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
    from breachreport.settings import load_settings

    settings = load_settings(home=home)
    initialise(settings)
    store = open_home(settings)
    accounts = Accounts(store)
    accounts.create_first_dpo(username=dpo[0], display_name=dpo[1], password=password)
    accounts.add(
        by=LOCAL_OPERATOR,
        username=reviewer[0],
        display_name=reviewer[1],
        password=password,
        role=Role.LEGAL_REVIEWER,
    )
    accounts.save_organisation(
        by=LOCAL_OPERATOR,
        profile=OrganisationProfile.parse(
            {
                "name": "Region Nordmark",
                "org_number": "232199-0000",
                "postal_address": "Box 100\n123 45 Nordby",
                "sector": "region",
                "dpo_name": dpo[1],
                "dpo_email": dpo[0],
            }
        ),
    )
    return store, accounts


def sign_in(page, url: str, username: str, password: str, *, on_page=None) -> None:
    """Sign in on the Swedish sign-in page and wait for the overview; ``on_page(page)`` runs once
    the sign-in form shows (to check the page before anything is typed)."""
    page.goto(url)
    expect(field(page, "Användarnamn")).to_be_visible()
    if on_page is not None:
        on_page(page)
    settle(page)
    field(page, "Användarnamn").fill(username)
    field(page, "Lösenord").fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    expect(page.get_by_role("heading", name="Översikt", exact=True)).to_be_visible()
    settle(page)


def open_incident(page, ref: str) -> None:
    """Open an incident from the overview's search box, as the DPO does after signing in."""
    main = page.get_by_test_id("stMain")
    box = main.get_by_role("combobox", name="Öppna en incident", exact=True)
    box.click()
    box.press_sequentially(ref)
    box.press("Enter")
    settle(page)
    main.get_by_role("button", name="Öppna", exact=True).click()


def english(page) -> None:
    """Switch the page to English with the sidebar's language choice."""
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    settle(page)


def sign_in_in_english(page, url: str, username: str, password: str) -> None:
    """Sign in after switching the sign-in page to English, and wait for the overview."""
    page.goto(url)
    expect(field(page, "Användarnamn")).to_be_visible()
    settle(page)
    english(page)
    field(page, "Username").fill(username)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    settle(page)


def open_incident_in_english(page, ref: str) -> None:
    """Open an incident from the English overview: pick it in the search box, then Open."""
    main = page.get_by_test_id("stMain")
    box = main.get_by_role("combobox", name="Open an incident", exact=True)
    box.click()
    box.press_sequentially(ref)
    expect(page.get_by_role("option", name=re.compile(rf"^{ref}\b"))).to_be_visible()
    box.press("Enter")
    expect(box).to_have_value(re.compile(rf"^{ref}\b"))
    settle(page)
    main.get_by_test_id("stBaseButton-secondary").filter(has_text="Open").click()
    expect(page.get_by_role("heading", name=re.compile(rf"· {ref}$"))).to_be_visible()
    settle(page)
