"""The reminder rules and an incident's reminders, in a real browser (Debian's chromium through
Playwright): the DPO changes when reminders go out on the organisation page, sees who changed them,
and finds the incident's reminders below its deadlines, with the plain warning that nothing is sent
while mail is not set up. In English, so that the test reads the screens as built whatever the
state of the Swedish catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    field,
    go_to,
    hours_ago,
    open_incident_in_english,
    seed_install,
    settle,
    sign_in_in_english,
    streamlit_server,
)
from collaboration_support import MINIMUM
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DPO = ("karin.holm@nordmark.example", "Karin Holm")
REVIEWER = ("johan.ek@juristbyran.example", "Johan Ek")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
HOURS = "Remind this many hours before each deadline"


def _seed(home: Path) -> str:
    """The install and one incident the DPO became aware of two hours ago."""
    from breachreport.services import Workspace

    store, accounts = seed_install(home, dpo=DPO, reviewer=REVIEWER, password=PASSWORD)
    try:
        dpo = accounts.find(DPO[0]).actor
        aware = hours_ago(2)  # never in the hour a change of summer time skips or repeats
        changes = {**MINIMUM, "times.aware_at": aware.strftime("%Y-%m-%dT%H:%M")}
        return Workspace(store).open_incident(actor=dpo, changes=changes).reference
    finally:
        store.dispose()


def _rules(home: Path):
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        return Workspace(store).reminders.rules()
    finally:
        store.dispose()


@pytest.fixture
def server(tmp_path, chromium) -> Iterator[tuple[str, Path, str]]:
    home = tmp_path / "home"
    ref = _seed(home)
    log = tmp_path / "streamlit.log"
    with streamlit_server(home, log=log) as url:
        yield url, home, ref
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not re.search(r"unexpected \w+ in the app", text), text


def test_the_dpo_sets_the_reminder_rules_and_sees_the_incidents_reminders(server, browser):
    url, home, ref = server
    page = browser("dpo")
    sign_in_in_english(page, url, DPO[0], PASSWORD)

    go_to(page, "Organisation", "The organisation")
    expect(page.get_by_role("heading", name="Reminders and escalation")).to_be_visible()
    hours = field(page, HOURS)
    expect(hours).to_have_value("24, 6")
    hours.fill("48, 12")
    hours.press("Tab")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_label(HOURS, exact=True))
    form.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    settle(page)
    assert _rules(home).before_hours == (48, 12)
    expect(page.get_by_text("Mail is not set up", exact=False).first).to_be_visible()

    go_to(page, "Overview", "Overview")
    open_incident_in_english(page, ref)
    go_to(page, "Deadlines", "Deadlines")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Reminders by mail")).to_be_visible()
    expect(
        main.get_by_text("Mail is not set up, so no reminder goes out", exact=False)
    ).to_be_visible()
    expect(main.get_by_text("Due and planned", exact=True)).to_be_visible()
    # The planned reminders are there to read as a table too (the grid is a picture to a reader).
    main.get_by_text("Show as a table: Reminders by mail", exact=True).last.click()
    expect(main.get_by_role("cell", name="Planned").first).to_be_visible()
