"""What the DPO waits for in a real browser (Debian's chromium, Playwright, `streamlit run`): a page
change, a save of the questions page, and filing a preliminary notification with every document
rendered. Prints medians against the targets of issue 13 (0.5 s, 0.5 s, 1.5 s).

    .venv/bin/python bench/bench_browser.py [--repeat 15] [--filings 5]

Each time runs from the click to the moment the page shows the result and Streamlit has finished
its run (the same wait the browser tests use), so it includes the server's work, the websocket and
the browser's drawing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import machine  # noqa: E402
from browser_support import (  # noqa: E402
    CHROMIUM_ARGS,
    WAIT,
    field,
    require_chromium,
    settle,
    streamlit_server,
)

TARGETS = {"page change": 0.5, "save": 0.5, "filing (preliminary)": 1.5}
PASSWORD = "a long bench passphrase"
USER = "bench@nordmark.example"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _seed(home: Path, incidents: int) -> list[str]:
    """A data folder with the DPO, the organisation and ``incidents`` incidents ready for a
    preliminary filing (awareness two hours ago)."""
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services import Workspace
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
    from breachreport.settings import load_settings

    settings = load_settings(home=home)
    initialise(settings)
    store = open_home(settings)
    try:
        accounts = Accounts(store)
        dpo = accounts.create_first_dpo(username=USER, display_name="Bench DPO", password=PASSWORD)
        profile = OrganisationProfile.parse(
            {
                "name": "Region Nordmark",
                "org_number": "232199-0000",
                "contact_name": "Bench DPO",
                "contact_email": USER,
            }
        )
        accounts.save_organisation(by=LOCAL_OPERATOR, profile=profile)
        workspace = Workspace(store)
        aware = (datetime.now(STOCKHOLM) - timedelta(hours=2)).replace(tzinfo=None)
        refs = []
        for number in range(incidents):
            refs.append(
                workspace.open_incident(
                    actor=dpo.actor,
                    changes={
                        **profile.as_changes(),
                        "times.aware_at": aware.isoformat(timespec="minutes"),
                        "description.summary": f"Utpressningsprogram hos leverantören, fall {number}.",
                        "description.breach_type": "malware",
                        "description.kinds": ["availability"],
                        "data.subjects_count": {"value": 4300, "precision": "approximate"},
                        "data.subject_categories": ["patients"],
                        "data.data_categories": ["health", "personal_number"],
                    },
                ).reference
            )
        return refs
    finally:
        store.dispose()


def _timed(page, action, done) -> float:
    settle(page)
    began = time.perf_counter()
    action()
    done()
    settle(page)
    return time.perf_counter() - began


def _open(page, ref: str) -> None:
    main = page.get_by_test_id("stMain")
    box = main.get_by_role("combobox", name="Öppna en incident", exact=True)
    if not box.count():
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Översikt").click()
        box.wait_for()
        settle(page)
    box.click()
    box.press_sequentially(ref)
    box.press("Enter")
    settle(page)
    main.get_by_role("button", name="Öppna", exact=True).click()
    page.get_by_role("heading", name=re.compile(rf"· {ref}$")).first.wait_for()
    settle(page)


def _nav(page, link: str, ref: str):
    nav = page.get_by_test_id("stSidebarNav")

    def action() -> None:
        nav.get_by_role("link", name=re.compile(rf"^{link}")).click()

    def done() -> None:
        page.get_by_role("heading", name=f"{link} · {ref}").wait_for()

    return action, done


def measure(repeat: int, filings: int) -> dict[str, list[float]]:
    """Seconds per page change, save and preliminary filing, each measured ``repeat`` times
    (filings: once per incident, ``filings`` incidents)."""
    from playwright.sync_api import expect, sync_playwright

    chromium = require_chromium()
    expect.set_options(timeout=WAIT)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        refs = _seed(home, filings)
        log = Path(folder) / "streamlit.log"
        with streamlit_server(home, log=log) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(WAIT)
                return _walk(page, url, refs, repeat)
            finally:
                browser.close()


def _walk(page, url: str, refs: list[str], repeat: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {name: [] for name in TARGETS}
    page.goto(url)
    field(page, "Användarnamn").fill(USER)
    field(page, "Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.get_by_role("heading", name="Översikt", exact=True).wait_for()
    settle(page)
    ref = refs[0]
    _open(page, ref)

    # Page changes: back and forth between the questions and the assessment.
    for number in range(repeat):
        link = "Riskbedömning" if number % 2 == 0 else "Frågor"
        found["page change"].append(_timed(page, *_nav(page, link, ref)))
    if page.get_by_role("heading", name=f"Frågor · {ref}").count() == 0:
        _timed(page, *_nav(page, "Frågor", ref))

    # Saves of the questions page: one answer changed each time.
    main = page.get_by_test_id("stMain")
    answer = main.get_by_label("Vilka åtgärder har ni vidtagit?", exact=True).first
    save = page.get_by_role("button", name="Spara alla svar", exact=True).first
    for number in range(repeat):
        if not answer.is_visible():  # section H folded, as the page opens
            main.get_by_text(re.compile(r"^H · ")).first.click()
            answer.wait_for()
            settle(page)
        answer.fill(f"Reservrutiner på papper, omgång {number}.")
        found["save"].append(
            _timed(
                page, save.click, lambda: page.get_by_text("Sparat.", exact=True).first.wait_for()
            )
        )

    # Filing a preliminary notification (every language and format rendered).
    for ref in refs:
        _open(page, ref)
        _timed(page, *_nav(page, "Anmälningar", ref))
        main.get_by_text(
            "Jag har läst utkastet och vill registrera det som anmält till IMY.", exact=True
        ).click()
        settle(page)
        button = page.get_by_role("button", name="Registrera anmälan", exact=True)
        filed = main.get_by_text(re.compile(r"Anmälan nr 1 är registrerad"))
        found["filing (preliminary)"].append(_timed(page, button.click, filed.wait_for))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="page changes and saves")
    parser.add_argument("--filings", type=int, default=5, help="incidents filed")
    args = parser.parse_args()
    found = measure(args.repeat, args.filings)
    print(f"{'measure':<22} {'median':>8} {'target':>8} {'ratio':>6}  runs  verdict")
    for name, spent in found.items():
        median = statistics.median(spent)
        target = TARGETS[name]
        verdict = "pass" if median <= target else "FAIL"
        print(
            f"{name:<22} {median:>7.3f}s {target:>7.1f}s {median / target:>6.2f}  {len(spent):>4}  "
            f"{verdict}"
        )
    print(machine())


if __name__ == "__main__":
    main()
