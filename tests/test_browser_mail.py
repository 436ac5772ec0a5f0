"""The mail a DPO sends from the app, tried in a real browser (Debian's chromium through Playwright)
against a real SMTP server (aiosmtpd on 127.0.0.1), in Swedish as a Swedish DPO uses it:

1. an invitation's link mailed to the supplier contact from the suppliers page;
2. the legal reviewer told by mail that a version waits, once per version, from the review page;
3. a test mail to oneself from the organisation page.

Each mail is read as the server received it: to whom, that its links lead to the configured public
address, and that it holds none of the incident's free text (a marker put in the summary). Each
task's inputs (clicks, typed fields, choices) are counted and printed (see them with ``-s``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_support import (
    field,
    files_holding,
    hours_ago,
    open_incident,
    seed_install,
    settle,
    sign_in,
    streamlit_server,
)
from collaboration_support import MINIMUM
from playwright.sync_api import expect
from smtp_support import SENDER, SmtpServer

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DPO = ("karin.holm@nordmark.example", "Karin Holm")
REVIEWER = ("johan.ek@juristbyran.example", "Johan Ek")
CONTACT = ("Omar Haddad", "omar.haddad@samplan.example")
BASE = "https://incident.nordmark.example"
MARKER = "MARKER-MAIL-7731"
SUMMARY = f"Utpressningsprogram hos leverantörens driftleverantör; journaler krypterade. {MARKER}"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SLOW = 60_000  # ms: a mail goes through a real server; give it room on a busy machine
URL = re.compile(r"https?://[^\s<>\"')]+")


@dataclass(frozen=True)
class App:
    url: str
    home: Path
    ref: str
    version: int
    smtp: SmtpServer


def _seed(home: Path) -> tuple[str, int]:
    """The install, and one incident the DPO became aware of two hours ago, whose summary holds
    the marker no mail may carry. No reviewer is assigned yet: the DPO does that in the test."""
    from breachreport.services import Workspace

    store, accounts = seed_install(home, dpo=DPO, reviewer=REVIEWER, password=PASSWORD)
    try:
        dpo = accounts.find(DPO[0]).actor
        aware = hours_ago(2)  # never in the hour a change of summer time skips or repeats
        changes = {
            **MINIMUM,
            "times.aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
            "description.summary": SUMMARY,
        }
        incident = Workspace(store).open_incident(actor=dpo, changes=changes)
        return incident.reference, incident.version
    finally:
        store.dispose()


@pytest.fixture
def app(tmp_path, chromium) -> Iterator[App]:
    home = tmp_path / "home"
    ref, version = _seed(home)
    log = tmp_path / "streamlit.log"
    with SmtpServer(security="none") as smtp:
        settings = {
            "BREACHREPORT_SMTP_HOST": "127.0.0.1",
            "BREACHREPORT_SMTP_PORT": str(smtp.port),
            "BREACHREPORT_SMTP_SECURITY": "none",
            "BREACHREPORT_SMTP_SENDER": SENDER,
            "BREACHREPORT_BASE_URL": BASE,
        }
        with streamlit_server(home, log=log, settings=settings) as url:
            yield App(url, home, ref, version, smtp)
        everything = "\n".join(_whole(message) for message in smtp.messages)
        assert MARKER not in everything
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not re.search(r"unexpected \w+ in the app", text), text
    assert MARKER not in text
    assert files_holding(home, MARKER) == []  # sealed at rest, as ever


class Inputs:
    """The DPO's hands: every click, typed field and choice is counted, per task."""

    def __init__(self, page) -> None:
        self.page = page
        self.counted: Counter[str] = Counter()

    def click(self, locator) -> None:
        settle(self.page)
        locator.click()
        self.counted["click"] += 1

    def type(self, locator, text: str) -> None:
        settle(self.page)
        locator.fill(text)
        self.counted["typed"] += 1

    def nav(self, link: str, heading: str) -> None:
        nav = self.page.get_by_test_id("stSidebarNav")
        self.click(nav.get_by_role("link", name=re.compile(rf"^{re.escape(link)}")))
        expect(self.page.get_by_role("heading", name=heading, exact=False).first).to_be_visible()
        settle(self.page)

    def report(self, task: str) -> int:
        total = sum(self.counted.values())
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.counted.items()))
        print(f"\n[inputs] {task}: {total} ({kinds})")
        self.counted.clear()
        return total


def _body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _whole(message: EmailMessage) -> str:
    """Everything a reader of the mail sees: its headers and every text part."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    parts = [
        part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text" and not part.is_multipart()
    ]
    return headers + "\n" + "\n".join(parts)


def _links(message: EmailMessage) -> list[str]:
    return URL.findall(_body(message))


def _addressed_to(app: App, index: int, address: str) -> EmailMessage:
    message = app.smtp.messages[index]
    assert message["To"].addresses[0].addr_spec == address
    assert app.smtp.envelopes[index].rcpt_tos == (address,)
    assert message["From"].addresses[0].addr_spec == SENDER
    return message


def test_the_dpo_mails_an_invitation_tells_the_reviewer_and_tests_the_mail(app, browser):
    page = browser("dpo")
    main = page.get_by_test_id("stMain")
    sign_in(page, app.url, DPO[0], PASSWORD)
    dpo = Inputs(page)
    settle(page)
    open_incident(page, app.ref)  # pick the reference in the search box (Enter), then Öppna
    dpo.counted.update(click=2, typed=1)
    expect(page.get_by_role("heading", name=re.compile(rf"· {app.ref}$"))).to_be_visible()
    settle(page)
    opening = dpo.report("open the incident from the overview")

    # 1. The supplier's contact is invited, and the link mailed to the address given.
    dpo.nav("Leverantörer", f"Leverantörer · {app.ref}")
    dpo.type(field(page, "Kontaktpersonens namn"), CONTACT[0])
    dpo.type(field(page, "E-post (valfri)"), CONTACT[1])
    dpo.click(page.get_by_role("button", name="Skapa inbjudan", exact=True))
    code = main.get_by_test_id("stCode")
    expect(code).to_contain_text("?invite=")
    shown = re.search(r"\S+\?invite=[A-Za-z0-9_-]+", code.inner_text()).group()
    assert shown.startswith(f"{BASE}/?invite="), shown
    assert app.smtp.messages == []  # making the invitation mails nothing by itself
    dpo.click(main.get_by_role("button", name="Skicka länken med e-post", exact=True))
    expect(main.get_by_text("Länken skickades till", exact=False)).to_be_visible(timeout=SLOW)
    expect(main.get_by_text(CONTACT[1], exact=False).first).to_be_visible()
    settle(page)
    invite_inputs = dpo.report("mail an invitation link to a new supplier contact")
    assert len(app.smtp.messages) == 1
    invitation = _addressed_to(app, 0, CONTACT[1])
    body = _body(invitation)
    assert shown in body  # the very link shown on the page, token and all
    assert app.ref in body and app.ref in invitation["Subject"]
    assert all(link.startswith(f"{BASE}/") for link in _links(invitation)), _links(invitation)
    assert MARKER not in _whole(invitation)
    # Once the mail went, the send button is gone: nobody is left wondering whether to click again.
    expect(main.get_by_role("button", name="Skicka länken med e-post", exact=True)).to_have_count(0)
    assert len(app.smtp.messages) == 1

    # 2. The legal reviewer is assigned and told by mail, once for this version.
    dpo.nav("Granskning", f"Granskning · {app.ref}")
    expect(main.get_by_text("Ingen granskare är utsedd.", exact=True)).to_be_visible()
    dpo.click(main.get_by_role("button", name="Utse granskare", exact=True))
    expect(main.get_by_text(f"{REVIEWER[1]} kan nu läsa och godkänna", exact=False)).to_be_visible(
        timeout=SLOW
    )
    told = main.get_by_text(f"har fått e-post om att version {app.version} väntar", exact=False)
    expect(told).to_be_visible(timeout=SLOW)
    expect(told).to_contain_text(REVIEWER[0])
    settle(page)
    assign_inputs = dpo.report("assign the legal reviewer (who is told by mail)")
    assert len(app.smtp.messages) == 2
    notice = _addressed_to(app, 1, REVIEWER[0])
    body = _body(notice)
    assert f"version {app.version}" in notice["Subject"] and app.ref in notice["Subject"]
    assert f"version {app.version}" in body
    assert f"{BASE}/?incident={app.ref}" in body
    assert all(link.startswith(f"{BASE}/") for link in _links(notice)), _links(notice)
    assert MARKER not in _whole(notice)

    dpo.click(main.get_by_role("button", name="Meddela granskarna", exact=True))
    expect(
        main.get_by_text(
            f"Alla utsedda granskare med e-postadress har redan meddelats om version "
            f"{app.version}; inget skickades igen.",
            exact=True,
        )
    ).to_be_visible(timeout=SLOW)
    settle(page)
    again_inputs = dpo.report("tell the reviewers again (nothing is sent)")
    # The notice is sent before the page answers: had a second gone out, it would be here now.
    assert len(app.smtp.messages) == 2

    # 3. A test mail to the DPO's own address.
    dpo.nav("Organisation", "Organisationen")
    expect(page.get_by_role("heading", name="Påminnelser och eskalering")).to_be_visible()
    expect(
        main.get_by_text(f"Länkarna i meddelandena går till: {BASE}", exact=False)
    ).to_be_visible()
    dpo.click(main.get_by_role("button", name="Skicka ett testmeddelande till mig", exact=True))
    expect(
        main.get_by_text(f"Ett testmeddelande skickades till {DPO[0]}", exact=False)
    ).to_be_visible(timeout=SLOW)
    settle(page)
    test_inputs = dpo.report("send a test mail to oneself")
    assert len(app.smtp.messages) == 3
    test_mail = _addressed_to(app, 2, DPO[0])
    assert app.ref not in _whole(test_mail)  # about no incident at all
    assert MARKER not in _whole(test_mail)

    print(
        f"[inputs] summary: open incident {opening}, invitation mail {invite_inputs}, "
        f"assign + notify {assign_inputs}, notify again {again_inputs}, test mail {test_inputs}"
    )
