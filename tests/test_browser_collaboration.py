"""Three people at once in a real browser: the DPO, a supplier contact through an invitation link,
and a legal reviewer, each in a browser context of their own against one `streamlit run`.

The data folder starts with the worked example up to the DPO's decision of 12 February 2024 (the
scenario in breachreport.demo.scenario), a second incident the supplier must never see, and accounts
for the DPO and the legal reviewer. Then, in the browser: the DPO invites a supplier contact to
some sections; the contact opens the link, sees only those sections and proposes a change with a
comment; the DPO accepts it field by field; the DPO assigns the legal reviewer, who approves the
exact version; the DPO files the complete notification. Finally the supplier's browser tries to
reach other incidents and pages, and the revoked link stops working.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    OUTPUT,
    field,
    files_holding,
    go_to,
    settle,
    sign_in_in_english,
    streamlit_server,
    tick,
)
from browser_support import english as _english
from browser_support import open_incident_in_english as _open_incident
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DPO = ("karin.holm@nordmark.example", "Karin Holm")
REVIEWER = ("johan.ek@juristbyran.example", "Johan Ek")
CONTACT = "Omar Haddad"
MARKER = "MARKER-SUPPLIER-0815"
PLANNED = f"Samplan byter till oföränderliga säkerhetskopior utanför driftmiljön. {MARKER}"
OTHER_TITLE = "Stulen bärbar dator på personalavdelningen"


def _seed(home: Path) -> tuple[str, str]:
    """The data folder as the test starts: the scenario up to the decision of 12 February, one
    more incident, and the two staff accounts. Returns the two references."""
    from breachreport.demo.loading import load_demo
    from breachreport.domain.status import Role
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services import Actor, Workspace
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts
    from breachreport.settings import load_settings

    settings = load_settings(home=home)
    initialise(settings)
    store = open_home(settings)
    try:
        accounts = Accounts(store)
        accounts.create_first_dpo(username=DPO[0], display_name=DPO[1], password=PASSWORD)
        accounts.add(
            by=LOCAL_OPERATOR,
            username=REVIEWER[0],
            display_name=REVIEWER[1],
            password=PASSWORD,
            role=Role.LEGAL_REVIEWER,
        )
        workspace = Workspace(store)
        decided = datetime(2024, 2, 12, 10, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
        scenario = load_demo(workspace, until=decided).reference
        other = workspace.open_incident(
            actor=Actor(name=DPO[1], role=Role.DPO),
            changes={
                "description.title_internal": OTHER_TITLE,
                "times.aware_at": "2026-11-20T09:00",
            },
        ).reference
    finally:
        store.dispose()
    return scenario, other


def _proposals(home: Path, ref: str) -> list:
    """The proposals the DPO has reviewed, read from the data folder as the server left it."""
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        return Workspace(store).proposals.reviewed(ref=ref)
    finally:
        store.dispose()


@pytest.fixture
def server(tmp_path, chromium) -> Iterator[tuple[str, Path, tuple[str, str]]]:
    home = tmp_path / "home"
    refs = _seed(home)
    log = tmp_path / "streamlit.log"
    with streamlit_server(home, log=log) as url:
        yield url, home, refs
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not re.search(r"unexpected \w+ in the app", text), text
    assert MARKER not in text
    assert files_holding(home, MARKER) == []


def _sign_in(page, url: str, username: str) -> None:
    sign_in_in_english(page, url, username, PASSWORD)


def test_dpo_supplier_and_reviewer_take_the_incident_to_a_complete_filing(server, browser):
    url, home, (ref, other) = server
    dpo, supplier, reviewer = browser("dpo"), browser("supplier"), browser("reviewer")

    # The DPO invites the supplier contact to some sections of the scenario incident.
    _sign_in(dpo, url, DPO[0])
    _open_incident(dpo, ref)
    go_to(dpo, "Suppliers", f"Suppliers · {ref}")
    dpo_main = dpo.get_by_test_id("stMain")
    field(dpo, "The contact's name").fill(CONTACT)
    settle(dpo)
    dpo.get_by_role("button", name="Create the invitation", exact=True).click()
    code = dpo_main.get_by_test_id("stCode")
    expect(code).to_contain_text("?invite=")
    link = re.search(r"https?://\S+\?invite=[A-Za-z0-9_-]+", code.inner_text()).group()
    expect(dpo_main.get_by_text("cannot be shown again", exact=False)).to_be_visible()

    # The contact opens the link in their own browser: only the invited sections.
    supplier.goto(link.replace("localhost:8501", url.split("//", 1)[1]))
    expect(supplier.get_by_text("genom en inbjudan", exact=False)).to_be_visible()
    settle(supplier)
    _english(supplier)
    expect(supplier.get_by_text("through an invitation", exact=False)).to_be_visible()
    body = supplier.get_by_test_id("stMain")
    expect(body.get_by_role("heading", name=f"Incident {ref}", exact=True)).to_be_visible()
    expect(field(supplier, "What measures are planned?")).to_be_visible()
    assert "?invite=" not in supplier.url  # the token does not linger in the address bar
    text = body.inner_text()
    assert other not in text and OTHER_TITLE not in text
    assert "Organisation number" not in text  # section A was not invited
    nav = supplier.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Overview", exact=True)).to_have_count(0)
    expect(nav.get_by_role("link", name="Filings", exact=True)).to_have_count(0)

    field(supplier, "What measures are planned?").fill(PLANNED)
    field(supplier, "Comment for the data protection officer").fill(
        "From the forensic report, section 4."
    )
    settle(supplier)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    supplier.screenshot(path=OUTPUT / "supplier-link-page.png", full_page=True)
    supplier.get_by_role("button", name="Send proposal to the DPO", exact=True).click()
    expect(supplier.get_by_text("The proposal has been sent.", exact=False)).to_be_visible()
    expect(supplier.get_by_text("Pending review", exact=False).first).to_be_visible()

    # The DPO sees the proposal as a diff, and accepts it.
    go_to(dpo, "History", f"History · {ref}")
    # The page's name counts the proposals waiting, on every page of the incident.
    go_to(dpo, "Suppliers (1)", f"Suppliers · {ref}")
    expect(dpo_main.get_by_text(f"From {CONTACT}", exact=False)).to_be_visible()
    expect(dpo_main.get_by_text("From the forensic report, section 4.")).to_be_visible()
    expect(dpo_main.get_by_text(MARKER, exact=False).first).to_be_visible()
    settle(dpo)
    dpo.screenshot(path=OUTPUT / "dpo-proposal-diff.png", full_page=True)
    dpo.get_by_role("button", name="Accept selected", exact=True).click()
    expect(dpo_main.get_by_text("The proposal is reviewed", exact=False)).to_be_visible()
    # Only the typed answer was proposed: switching the language on the supplier's page must not
    # turn its choice answers (kept by their labels in the browser) into cleared ones.
    [proposal] = [p for p in _proposals(home, ref) if p.proposed_at.year > 2024]
    assert proposal.paths == ["measures.planned"] and proposal.author == CONTACT

    # The DPO assigns the legal reviewer.
    go_to(dpo, "Review", f"Review · {ref}")
    settle(dpo)
    dpo_main.get_by_role("button", name="Assign a reviewer", exact=True).click()
    expect(dpo_main.get_by_text(f"{REVIEWER[1]} may now read", exact=False)).to_be_visible()

    # The reviewer, signed in at the same time, sees only the assigned incident and approves.
    _sign_in(reviewer, url, REVIEWER[0])
    reviewer_main = reviewer.get_by_test_id("stMain")
    expect(reviewer_main.get_by_text(OTHER_TITLE)).to_have_count(0)
    # The review waits for them on the overview, and the incident's pages are read-only.
    expect(reviewer_main.get_by_text("Review assigned to you", exact=False)).to_be_visible()
    reviewer_nav = reviewer.get_by_test_id("stSidebarNav")
    expect(reviewer_nav.get_by_role("link", name="New incident", exact=True)).to_have_count(0)
    _open_incident(reviewer, ref)
    expect(reviewer.get_by_role("heading", name=f"Answers · {ref}")).to_be_visible()
    expect(reviewer_main.get_by_role("textbox")).to_have_count(0)
    go_to(reviewer, "Review", f"Review · {ref}")
    approve = reviewer_main.get_by_role("button", name=re.compile(r"^Approve version \d+$"))
    expect(approve).to_be_visible()
    settle(reviewer)
    approve.click()
    expect(reviewer_main.get_by_text("Approved by Johan Ek", exact=False)).to_be_visible()

    # The DPO files the complete notification.
    go_to(dpo, "Filings", f"Filings · {ref}")
    settle(dpo)
    dpo_main.get_by_text("Complete notification", exact=True).click()
    expect(dpo.get_by_role("radio", name="Complete notification", exact=True)).to_be_checked()
    tick(dpo, dpo_main, "I have read the draft and want to record it as filed with IMY.")
    dpo_main.get_by_role("button", name="Record the filing", exact=True).click()
    expect(dpo_main.get_by_text(re.compile(r"Filing no\. \d+ is recorded"))).to_be_visible()

    # A fresh page in the supplier's browser is a new session: no way in without a link.
    for path in ("overview", "filings", f"questions?incident={other}", f"?incident={other}"):
        supplier.goto(f"{url}/{path}")
        expect(field(supplier, "Användarnamn")).to_be_visible()
        expect(
            supplier.get_by_text("Öppna länken i din inbjudan igen", exact=False)
        ).to_be_visible()
        settle(supplier)
        page_text = supplier.get_by_test_id("stMain").inner_text()
        assert other not in page_text and OTHER_TITLE not in page_text and ref not in page_text

    # The DPO revokes the link; opening it again gets the neutral refusal.
    go_to(dpo, "Suppliers", f"Suppliers · {ref}")
    settle(dpo)
    dpo_main.get_by_role("button", name=f"Revoke the invitation to {CONTACT}").click()
    expect(
        dpo_main.get_by_text(f"Revoke the invitation to {CONTACT}?", exact=False)
    ).to_be_visible()
    settle(dpo)
    dpo_main.get_by_role("button", name="Yes, revoke", exact=True).click()
    expect(dpo_main.get_by_text("the link no longer works", exact=False)).to_be_visible()
    supplier.goto(link.replace("localhost:8501", url.split("//", 1)[1]))
    # (a new session, so in the default language, Swedish)
    expect(supplier.get_by_text("Den här länken kan inte användas", exact=False)).to_be_visible()
    expect(field(supplier, "Vilka åtgärder planerar ni?")).to_have_count(0)
    expect(supplier.get_by_text(ref)).to_have_count(0)
