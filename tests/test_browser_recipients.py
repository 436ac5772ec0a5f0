"""A region's DPO and every recipient, in a real browser (Debian's chromium through Playwright).

The supplier-ransomware scenario with the region as an essential entity under the
cybersäkerhetslag. The server runs on the real clock (the test harness cannot fix a running
server's time), so the scenario is moved as the issue moves it to Saturday 17 January 2026 14:00,
but to two hours before now: every time keeps its distance to awareness. The DPO sees the early
warning to CERT-SE with "if the incident is significant" and its deadline before answering whether
it is, answers it, files the early warning to CERT-SE and a preliminary notification to IMY, and
finds both frozen under their recipients, each with its own case number. In English, so that the
test reads the screens as built whatever the state of the Swedish catalogue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    field,
    files_holding,
    go_to,
    hours_ago,
    open_incident_in_english,
    seed_install,
    settle,
    sign_in_in_english,
    streamlit_server,
    tick,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DPO = ("karin.holm@nordmark.example", "Karin Holm")
REVIEWER = ("johan.ek@juristbyran.example", "Johan Ek")
MARKER = "MARKER-RECIPIENTS-2026"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SCENARIO_AWARE = datetime(2024, 1, 20, 14, 0)  # the scenario's own awareness, Swedish time
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?")
CYBER = {
    "cyber.critical_systems_hit": True,
    "cyber.affected_services": f"Samordnad utskrivning från sjukhus till kommunal omsorg. {MARKER}",
    "cyber.suspected_crime": True,
    "cyber.cross_border_effect": False,
    "cyber.supplier_origin": True,
}
CERT_SE_NUMBER = "CERT-SE-2026-0123"
IMY_NUMBER = "IMY-2026-0042"
CERT_SE_NAME = "CERT-SE, Swedish Civil Defence Agency (MCF)"
IMY_NAME = "Swedish Authority for Privacy Protection (IMY)"
CONDITION = re.compile("if the incident is significant", re.IGNORECASE)


def _moved(changes: dict[str, Any], aware: datetime) -> dict[str, Any]:
    """The scenario's answers with every time moved by as much as its awareness moves."""
    shift = aware - SCENARIO_AWARE

    def later(match: re.Match) -> str:
        return (datetime.fromisoformat(match.group(0).replace("Z", "+00:00")) + shift).isoformat()

    return json.loads(_ISO.sub(later, json.dumps(changes)))


def _seed(home: Path) -> str:
    """The install, and the region's incident as the DPO opened it: aware two hours ago,
    CERT-SE's early questions answered, its significance not yet. Returns its reference."""
    from breachreport.demo.scenario import ORGANISATION, STEPS
    from breachreport.services import Workspace

    store, accounts = seed_install(home, dpo=DPO, reviewer=REVIEWER, password=PASSWORD)
    try:
        dpo = accounts.find(DPO[0]).actor
        aware = hours_ago(2)  # never in the hour a change of summer time skips or repeats
        changes = {**_moved(STEPS[0].changes, aware), **ORGANISATION, **CYBER}
        assert changes["controller.nis2_entity"] == "essential"
        return Workspace(store).open_incident(actor=dpo, changes=changes).reference
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
    assert files_holding(home, MARKER) == []  # the cyber answers are sealed like the rest


def _filings(home: Path, ref: str) -> list:
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        return Workspace(store).filings(ref)
    finally:
        store.dispose()


def _aware(home: Path, ref: str) -> datetime:
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        return Workspace(store).incident(ref).facts.times.aware_at
    finally:
        store.dispose()


def _file(page, recipient: str, confirm: str, *, number: str | None = None) -> None:
    """Choose the recipient, give its case number when asked, confirm and record the filing."""
    main = page.get_by_test_id("stMain")
    main.get_by_text(recipient, exact=True).click()
    settle(page)
    if number is not None:
        box = field(page, f"{recipient.split(',')[0]}'s case number")
        box.fill(number)
        box.press("Tab")
        settle(page)
    tick(page, main, confirm)
    settle(page)
    main.get_by_role("button", name="Record the filing", exact=True).click()


def test_a_region_files_an_early_warning_and_a_preliminary_each_frozen_with_its_number(
    server, browser
):
    url, home, ref = server
    page = browser("dpo")
    sign_in_in_english(page, url, DPO[0], PASSWORD)
    open_incident_in_english(page, ref)
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")
    # The deadline as the incident holds it: recomputed from the clock here, it could fall a
    # minute later than the awareness the set-up stored.
    due = (_aware(home, ref).astimezone(STOCKHOLM) + timedelta(hours=24)).strftime("%H:%M")

    # Before significance is answered: the early warning, "if significant", with its deadline.
    go_to(page, "Deadlines", f"Deadlines · {ref}")
    expect(main.get_by_role("heading", name=IMY_NAME)).to_be_visible()
    expect(main.get_by_role("heading", name=CERT_SE_NAME)).to_be_visible()
    early = main.get_by_test_id("stAlert").filter(has_text="Early warning to CERT-SE")
    expect(early).to_contain_text(CONDITION)
    expect(early).to_contain_text(re.compile(r"2[12] h( \d+ min)? left"))
    expect(early).to_contain_text(due)
    imy = main.get_by_test_id("stAlert").filter(has_text="Notification to IMY (72 hours)")
    expect(imy).to_contain_text(re.compile(r"2 days 2[12] h left"))
    expect(sidebar.get_by_test_id("stAlert").filter(has_text="Early warning")).to_contain_text(
        CONDITION
    )

    # The DPO answers that it is significant, beside the thresholds' suggestion.
    go_to(page, "Questions", f"Questions · {ref}")
    question = "Is the incident significant under the Cybersecurity Act?"
    expect(main.get_by_text("Your sector's thresholds", exact=False).first).to_be_visible()
    # Its Yes / No buttons follow the question's label (the segmented control's own group does
    # not hold the label).
    label = main.get_by_text(question, exact=True).first
    label.locator("xpath=following::button[normalize-space(.)='Yes'][1]").click()
    settle(page)
    main.get_by_role("button", name="Save all answers", exact=True).first.click()
    expect(main.get_by_text("Saved", exact=False).first).to_be_visible()
    settle(page)
    go_to(page, "Deadlines", f"Deadlines · {ref}")
    early = main.get_by_test_id("stAlert").filter(has_text="Early warning to CERT-SE")
    expect(early).to_contain_text(due)
    expect(early).not_to_contain_text(CONDITION)

    # The early warning to CERT-SE, then the preliminary notification to IMY.
    go_to(page, "Filings", f"Filings · {ref}")
    kinds = main.get_by_role("radiogroup", name="Kind of report to CERT-SE")
    main.get_by_text(CERT_SE_NAME, exact=True).click()
    settle(page)
    expect(kinds.get_by_role("radio", name="Early warning")).to_be_checked()
    _file(
        page,
        CERT_SE_NAME,
        "I have read the draft and want to record it as sent to CERT-SE.",
        number=CERT_SE_NUMBER,
    )
    expect(
        main.get_by_text("Filing no. 1 is recorded (Early warning)", exact=False)
    ).to_be_visible()
    settle(page)
    _file(page, IMY_NAME, "I have read the draft and want to record it as filed with IMY.")
    expect(
        main.get_by_text("Filing no. 2 is recorded (Preliminary notification)", exact=False)
    ).to_be_visible()
    settle(page)
    form = main.get_by_test_id("stForm").filter(has_text="Record IMY's case number")
    form.get_by_label("IMY's case number", exact=True).fill(IMY_NUMBER)
    form.get_by_role("button", name="Save the case number", exact=True).click()
    expect(main.get_by_text("The case number is saved.", exact=False)).to_be_visible()
    settle(page)

    # Both frozen, under their recipients, each with its own number in its own column.
    for name in (IMY_NAME, CERT_SE_NAME):
        expect(main.get_by_role("heading", name=name)).to_be_visible()
    for what in ("Recorded filings", "Recorded filings: CERT-SE"):
        table = main.get_by_test_id("stExpander").filter(
            has=page.get_by_text(f"Show as a table: {what}", exact=True)
        )
        table.get_by_text(f"Show as a table: {what}", exact=True).click()
        settle(page)
        number = CERT_SE_NUMBER if what.endswith("CERT-SE") else IMY_NUMBER
        expect(table.get_by_role("table")).to_contain_text(number)
    frozen = main.get_by_test_id("stExpander").filter(has_text="No. 1: Early warning")
    frozen.get_by_text("No. 1: Early warning", exact=False).first.click()
    expect(frozen.get_by_role("button", name="Word, English")).to_be_visible()
    imy_frozen = main.get_by_test_id("stExpander").filter(has_text="No. 2: Preliminary")
    imy_frozen.get_by_text("No. 2: Preliminary", exact=False).first.click()
    expect(imy_frozen.get_by_role("button", name="Word, English")).to_be_visible()

    made = {f.recipient: f for f in _filings(home, ref)}
    assert (made["cert-se"].kind.value, made["cert-se"].case_number) == (
        "early-warning",
        CERT_SE_NUMBER,
    )
    assert (made["imy"].kind.value, made["imy"].case_number) == ("preliminary", IMY_NUMBER)
