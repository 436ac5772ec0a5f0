"""End to end in a real browser: `streamlit run app.py` on a fresh data folder, driven with
Playwright in Debian's chromium as a new user would, in Swedish and in English.

First run (the DPO's account, the organisation profile), a new incident with its 72-hour deadline,
the minimum answers for a preliminary notification, the assessment, the filing, its download, and
the dashboard saved as a screenshot under test-output/browser/. Afterwards the server log holds no
traceback and the data folder never holds what was typed in plain bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    OUTPUT,
    field,
    files_holding,
    go_to,
    operator_setup_code,
    settle,
    streamlit_server,
    tick,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARKER = "MARKER-BROWSER-4711"
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Words:
    """What the user reads and clicks, in one language."""

    lang: str
    language: str
    # first run
    setup_code: str
    username: str
    display_name: str
    password: str
    repeat: str
    create: str
    org_name: str
    org_number: str
    postal_address: str
    sector: str
    sector_region: str
    nis2: str
    nis2_essential: str
    dpo_name: str
    dpo_email: str
    save_and_start: str
    # overview and a new incident
    overview: str
    new_incident: str
    title: str
    summary: str
    aware_date: str
    aware_time: str
    breach_type: str
    misdirected: str
    start: str
    started: str
    deadline: str
    left: str
    due: str
    to_questions: str
    # the guided questions
    questions: str
    contact_name: str
    contact_email: str
    save: str
    saved: str
    kinds: str
    confidentiality: str
    subjects_count: str
    subject_categories: str
    customers: str
    data_categories: str
    not_yet_known: str
    contact_details: str
    first_block: str
    in_english: str
    save_all: str
    # assessment and filings
    assessment: str
    recommendation: str
    notify_imy: str
    decision: str
    filings: str
    preliminary: str
    confirm: str
    record: str
    recorded: str
    frozen: str
    markdown: str
    # the dashboard with the incident
    open_incident: str
    chart_axis: str
    # the downloaded notification
    document_headings: tuple[str, ...]
    document_preliminary: str


SV = Words(
    lang="sv",
    language="Svenska",
    setup_code="Inställningskod",
    username="Användarnamn (gärna din e-postadress)",
    display_name="Ditt namn",
    password="Lösenord",
    repeat="Samma lösenord igen",
    create="Skapa kontot",
    org_name="Namn på den personuppgiftsansvarige",
    org_number="Organisationsnummer",
    postal_address="Postadress",
    sector="Sektor",
    sector_region="Region",
    nis2="Omfattas organisationen av cybersäkerhetslagen (NIS2)?",
    nis2_essential="Väsentlig verksamhetsutövare",
    dpo_name="Dataskyddsombud",
    dpo_email="Dataskyddsombudets e-post",
    save_and_start="Spara och börja",
    overview="Översikt",
    new_incident="Ny incident",
    title="Kort rubrik (internt)",
    summary="Vad har hänt?",
    aware_date="Datum för kännedom",
    aware_time="Klockslag för kännedom (svensk tid)",
    breach_type="Vilket alternativ stämmer bäst med det som inträffat?",
    misdirected="Felskick (post, e-post, sms)",
    start="Starta incidenten",
    started="Incident {ref} är startad.",
    deadline="Anmälan till IMY (72 timmar)",
    left="kvar",
    due="Senast",
    to_questions="Besvara IMY:s frågor",
    questions="Frågor",
    contact_name="Kontaktperson",
    contact_email="Kontaktpersonens e-post",
    save="Spara",
    saved="Sparat.",
    kinds="Påverkan (konfidentialitet, riktighet, tillgänglighet)",
    confidentiality="Konfidentialitet",
    subjects_count="Ungefär hur många registrerade berörs?",
    subject_categories="Vilka grupper tillhör de registrerade?",
    customers="Kunder",
    data_categories="Vilken sorts personuppgifter har incidenten drabbat?",
    not_yet_known="Ännu inte känt",
    contact_details="Kontaktuppgifter",
    first_block="Viktigast nu",
    in_english="På engelska (valfritt)",
    save_all="Spara alla svar",
    assessment="Riskbedömning",
    recommendation="Rekommendation",
    notify_imy="Anmäl till IMY",
    decision="Dataskyddsombudets beslut",
    filings="Anmälningar",
    preliminary="Preliminär anmälan",
    confirm="Jag har läst utkastet och vill registrera det som anmält till IMY.",
    record="Registrera anmälan",
    recorded="Anmälan nr 1 är registrerad (Preliminär anmälan).",
    frozen="Nr 1: Preliminär anmälan",
    markdown="Markdown, Svenska",
    open_incident="Öppna en incident",
    chart_axis="Månad (kännedom)",
    document_headings=(
        "# Anmälan av personuppgiftsincident till IMY",
        "## B. Personuppgiftsansvarig",
        "## C. Kontaktuppgifter",
        "## E. Beskrivning av incidenten",
        "## F. Registrerade och personuppgifter",
    ),
    document_preliminary="Preliminär anmälan nr 1, inlämnad till IMY",
)

EN = Words(
    lang="en",
    language="English",
    setup_code="Setup code",
    username="Username (your email address is fine)",
    display_name="Your name",
    password="Password",
    repeat="The same password again",
    create="Create the account",
    org_name="Controller's name",
    org_number="Corporate identity number",
    postal_address="Postal address",
    sector="Sector",
    sector_region="Region",
    nis2="Is the organisation covered by the Cybersecurity Act (NIS2)?",
    nis2_essential="Essential entity",
    dpo_name="Data protection officer",
    dpo_email="DPO's email",
    save_and_start="Save and start",
    overview="Overview",
    new_incident="New incident",
    title="Short title (internal)",
    summary="What happened?",
    aware_date="Date of awareness",
    aware_time="Time of awareness (Swedish time)",
    breach_type="Which option best fits what happened?",
    misdirected="Misdirected post, email or text message",
    start="Start the incident",
    started="Incident {ref} has been started.",
    deadline="Notification to IMY (72 hours)",
    left="left",
    due="Due",
    to_questions="Answer IMY's questions",
    questions="Questions",
    contact_name="Contact person",
    contact_email="Contact person's email",
    save="Save",
    saved="Saved.",
    kinds="Kind of breach (confidentiality, integrity, availability)",
    confidentiality="Confidentiality",
    subjects_count="Approximately how many data subjects are affected?",
    subject_categories="Which groups do the data subjects belong to?",
    customers="Customers",
    data_categories="Which kinds of personal data are affected?",
    not_yet_known="Not yet known",
    contact_details="Contact details",
    first_block="What matters now",
    in_english="In English (optional)",
    save_all="Save all answers",
    assessment="Risk assessment",
    recommendation="Recommendation",
    notify_imy="Notify IMY",
    decision="The DPO's decision",
    filings="Filings",
    preliminary="Preliminary notification",
    confirm="I have read the draft and want to record it as filed with IMY.",
    record="Record the filing",
    recorded="Filing no. 1 is recorded (Preliminary notification).",
    frozen="No. 1: Preliminary notification",
    markdown="Markdown, English",
    open_incident="Open an incident",
    chart_axis="Month (awareness)",
    document_headings=(
        "# Personal data breach notification to IMY",
        "## B. Controller",
        "## C. Contact",
        "## E. What happened",
        "## F. Data subjects and personal data",
    ),
    document_preliminary="Preliminary notification no. 1, filed with IMY",
)


@dataclass(frozen=True)
class Incident:
    """What the user types about the incident, in their language."""

    title: str
    summary: str
    english: str


INCIDENTS = {
    "sv": Incident(
        title="Felskickad kundlista",
        summary=f"En kundlista skickades med e-post till fel mottagare. {MARKER}",
        english="A customer list was emailed to the wrong recipient.",
    ),
    "en": Incident(
        title="Misdirected customer list",
        summary=f"A customer list was emailed to the wrong recipient. {MARKER}",
        english="The customer list went to the wrong address by email.",
    ),
}


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path, chromium, monkeypatch) -> Iterator[tuple[str, Path, Path]]:
    """The app on its own port and data folder: (url, data folder, server log). After the test the
    log must hold no traceback and no error the app's guard caught, and once the server has
    stopped (the database checkpointed) no file of the data folder holds the marker."""
    home = tmp_path / "home"
    log = tmp_path / "streamlit.log"
    with streamlit_server(home, log=log) as url:
        yield url, home, log
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not re.search(r"unexpected \w+ in the app", text), text
    assert find_marker(home) == []


@pytest.fixture
def page(browser) -> Iterator:
    """One tab (the shared ``browser`` keeps what it saw if the test fails)."""
    yield browser("dpo")


# -- helpers: explicit waits on what the user sees -----------------------------------------------


def choose(page, label: str, option: str, *, several: bool = False) -> None:
    """Pick ``option`` in a selectbox (or, ``several``, a multiselect): type to filter, then Enter,
    which never scrolls the list (scrolling closes it). Never Escape: it empties a selectbox."""
    settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(option)
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
    box.press("Enter")
    if several:
        box.press("Tab")  # closes the list, which stays open for more choices
        widget = page.get_by_test_id("stMultiSelect").filter(has=box)
        # The chip's button: Streamlit's "Remove", worded "Ta bort" on a Swedish page.
        chip = re.compile(rf"^(Remove|Ta bort) {re.escape(option)}$")
        expect(widget.get_by_role("button", name=chip)).to_be_visible()
    else:
        expect(box).to_have_value(option)


def question(page, label: str):
    """The bordered box of one guided question: the innermost block holding both its input and
    a checkbox ("not yet known")."""
    return (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_label(label, exact=True))
        .filter(has=page.get_by_role("checkbox"))
        .last
    )


def step(page, letter: str):
    """The pill of a step of the guided questions, e.g. "C · Kontaktuppgifter (2/7)"."""
    return page.get_by_role("radio", name=re.compile(rf"^{letter} · "))


def open_step(page, letter: str, first_label: str) -> None:
    settle(page)
    step(page, letter).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^{letter}\. "))).to_be_visible()
    expect(field(page, first_label)).to_be_visible()
    settle(page)


def save_step(page, words: Words, letter: str, done: str) -> None:
    """Save the open step and wait for the flash and the step's new count."""
    page.get_by_role("button", name=words.save, exact=True).click()
    expect(page.get_by_text(words.saved, exact=True)).to_be_visible()
    expect(step(page, letter)).to_contain_text(f"({done})")
    settle(page)


def type_date_time(page, date_label: str, time_label: str, moment: datetime) -> None:
    """Type a date and a time into Streamlit's segmented date and time fields (their segments are
    named in the browser's locale, English here), then check what they show."""
    date_group = page.get_by_role("group", name=date_label, exact=True)
    date_group.get_by_role("spinbutton", name=f"year, {date_label}", exact=True).click()
    page.keyboard.type(moment.strftime("%Y%m%d"))
    page.keyboard.press("Escape")  # the calendar may have opened
    time_group = page.get_by_role("group", name=time_label, exact=True)
    time_group.get_by_role("spinbutton", name=f"hour, {time_label}", exact=True).click()
    page.keyboard.type(moment.strftime("%H%M"))
    page.keyboard.press("Escape")
    expect(date_group).to_have_text(re.compile(moment.strftime(r"%Y\W*-\W*%m\W*-\W*%d")))
    expect(time_group).to_have_text(re.compile(moment.strftime(r"%H\W*:\W*%M")))


# -- the flow ------------------------------------------------------------------------------------


def play(page, url: str, words: Words, *, code: str) -> dict[str, object]:
    """The whole flow as a new user, with the setup code the operator handed them; returns the
    reference and the downloaded notification."""
    incident = INCIDENTS[words.lang]
    page.goto(url)

    # First run, step 1: the DPO's account (in the language chosen in the sidebar).
    expect(field(page, SV.username)).to_be_visible()
    if words.lang != "sv":
        page.get_by_test_id("stSidebar").get_by_text(words.language, exact=True).click()
        expect(field(page, words.username)).to_be_visible()
        settle(page)
    field(page, words.setup_code).fill(code)
    field(page, words.username).fill("dpo@nordmark.example.se")
    field(page, words.display_name).fill("Karin Holm")
    field(page, words.password).fill(PASSWORD)
    field(page, words.repeat).fill(PASSWORD)
    page.get_by_role("button", name=words.create, exact=True).click()

    # Step 2: the organisation profile.
    expect(field(page, words.org_number)).to_be_visible()
    settle(page)
    field(page, words.org_name).fill("Region Nordmark")
    field(page, words.org_number).fill("232199-0000")
    field(page, words.postal_address).fill("Box 100\n123 45 Nordby")
    choose(page, words.sector, words.sector_region)
    choose(page, words.nis2, words.nis2_essential)
    field(page, words.dpo_name).fill("Karin Holm")
    field(page, words.dpo_email).fill("dpo@nordmark.example.se")
    page.get_by_role("button", name=words.save_and_start, exact=True).click()

    # The overview, empty; start a new incident.
    expect(page.get_by_role("heading", name=words.overview, exact=True)).to_be_visible()
    settle(page)
    page.get_by_role("button", name=words.new_incident, exact=True).click()
    expect(field(page, words.title)).to_be_visible()
    settle(page)
    field(page, words.title).fill(incident.title)
    field(page, words.summary).fill(incident.summary)
    yesterday = datetime.now(ZoneInfo("Europe/Stockholm")) - timedelta(days=1)
    aware = yesterday.replace(hour=9, minute=30)
    type_date_time(page, words.aware_date, words.aware_time, aware)
    # The first report takes all a preliminary notification needs; the contact is the DPO's
    # own account, so no section has to be opened for it.
    choose(page, words.data_categories, words.contact_details, several=True)
    choose(page, words.subject_categories, words.customers, several=True)
    tick(page, question(page, words.subjects_count), words.not_yet_known)
    choose(page, words.kinds, words.confidentiality, several=True)
    choose(page, words.breach_type, words.misdirected)
    page.get_by_role("button", name=words.start, exact=True).click()

    # Started, with the 72-hour deadline shown at once.
    started = page.get_by_text(re.compile(r"^Incident (BR-\d{4}-\d{4}) "))
    expect(started).to_be_visible()
    ref = re.search(r"BR-\d{4}-\d{4}", started.inner_text()).group()
    expect(page.get_by_text(words.started.format(ref=ref), exact=True)).to_be_visible()
    main = page.get_by_test_id("stMain")
    deadline = main.get_by_test_id("stAlert").filter(has_text=words.deadline)
    expect(deadline).to_be_visible()
    expect(deadline).to_contain_text(re.compile(rf"\d+ .*\b{words.left}\b"))
    expect(deadline).to_contain_text(words.due)
    settle(page)
    page.get_by_role("button", name=words.to_questions, exact=True).click()

    # The questions: what matters first, the rest by section; the English text of the summary
    # is given under it and saved with the one save of the page.
    expect(page.get_by_role("heading", name=f"{words.questions} · {ref}")).to_be_visible()
    expect(page.get_by_role("heading", name=words.first_block, exact=True)).to_be_visible()
    settle(page)
    opener = page.get_by_text(re.compile(r"^E · "))
    opener.click()
    section = main.get_by_test_id("stExpander").filter(has=opener)
    expect(section.get_by_label(words.summary, exact=True)).to_have_value(incident.summary)
    section.get_by_label(words.in_english, exact=True).first.fill(incident.english)
    page.get_by_role("button", name=words.save_all, exact=True).first.click()
    expect(page.get_by_text(words.saved, exact=True)).to_be_visible()
    settle(page)

    # The assessment recommends.
    go_to(page, words.assessment, f"{words.assessment} · {ref}")
    expect(page.get_by_role("heading", name=words.recommendation, exact=True)).to_be_visible()
    expect(main.get_by_test_id("stAlertContentSuccess").first).to_be_visible()
    expect(main.get_by_text(words.notify_imy, exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name=words.decision, exact=True)).to_be_visible()

    # File the preliminary notification, then download the frozen copy.
    go_to(page, words.filings, f"{words.filings} · {ref}")
    expect(page.get_by_role("button", name=words.record, exact=True)).to_be_visible()
    settle(page)
    page.get_by_text(words.preliminary, exact=True).click()
    expect(page.get_by_role("radio", name=words.preliminary, exact=True)).to_be_checked()
    tick(page, main, words.confirm)
    page.get_by_role("button", name=words.record, exact=True).click()
    expect(page.get_by_text(words.recorded, exact=True)).to_be_visible()
    # The form now offers the next kind, and the confirmation must be given again.
    expect(page.get_by_role("radio", name=words.preliminary, exact=True)).to_have_count(0)
    expect(main.get_by_role("checkbox", name=words.confirm, exact=True)).not_to_be_checked()
    frozen = main.get_by_test_id("stExpander").filter(has_text=words.frozen)
    expect(frozen).to_be_visible()
    settle(page)
    frozen.get_by_text(words.frozen).click()
    button = frozen.get_by_role("button", name=words.markdown)
    expect(button).to_be_visible()
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    document = Path(download.path()).read_text(encoding="utf-8")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    download.save_as(OUTPUT / f"notification-{words.lang}.md")  # for the reader; not read back

    # Back to the dashboard: the incident is in the register; keep a screenshot of it.
    go_to(page, words.overview, words.overview)
    expect(main.get_by_role("combobox", name=words.open_incident)).to_have_value(
        f"{ref} – {incident.title}"
    )
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    charts = main.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)
    for chart in charts.all():  # drawn by vega in the browser, after the run
        expect(chart).to_contain_text(words.chart_axis)
    settle(page)
    shot = OUTPUT / f"dashboard-{words.lang}.png"
    page.screenshot(path=shot, full_page=True)
    return {
        "ref": ref,
        "file_name": download.suggested_filename,
        "document": document,
        "shot": shot,
    }


def check_download(result: dict[str, object], words: Words) -> None:
    """The frozen preliminary filing as downloaded: IMY's sections in the user's language, what
    was typed, and not the internal title (it is never sent to IMY)."""
    ref, document = result["ref"], result["document"]
    incident = INCIDENTS[words.lang]
    assert result["file_name"] == f"{ref}.imy-notification.1-preliminary.{words.lang}.md"
    lines = document.splitlines()
    for heading in words.document_headings:
        assert heading in lines, heading
    assert words.document_preliminary in document
    # The English notification carries the English text given under the summary.
    assert (incident.english if words.lang == "en" else incident.summary) in document
    assert incident.title not in document
    assert "232199-0000" in document
    assert "Region Nordmark" in document
    shot: Path = result["shot"]
    assert shot.is_file() and shot.stat().st_size > 0


def find_marker(home: Path) -> list[Path]:
    """Every file under the data folder whose bytes contain the marker, in any common encoding."""
    return files_holding(home, MARKER)


# -- the tests -----------------------------------------------------------------------------------


def test_first_run_to_preliminary_filing_in_swedish(app, page):
    url, home, _log = app
    result = play(page, url, SV, code=operator_setup_code(home))
    check_download(result, SV)
    # Encrypted at rest: what was typed is in no file of the data folder (db, -wal, -shm, key),
    # now while the server runs and again after it stopped (the fixture).
    files = [path.name for path in home.rglob("*") if path.is_file()]
    assert "breachreport.db" in files, files
    assert find_marker(home) == []


def test_first_run_to_preliminary_filing_in_english(app, page):
    url, home, _log = app
    result = play(page, url, EN, code=operator_setup_code(home))
    check_download(result, EN)
    assert find_marker(home) == []


def test_marker_check_finds_plain_bytes(tmp_path):
    """The at-rest check itself works: a file holding the marker is found."""
    (tmp_path / "plain.txt").write_text(f"summary: {MARKER}", encoding="utf-8")
    (tmp_path / "other.bin").write_bytes(b"\x00" * 64)
    assert find_marker(tmp_path) == [tmp_path / "plain.txt"]
