"""The app's download of the signed-in person's deadline calendar: offered on the overview to those
who may have one, with how to import it, made only when clicked, and scoped like the register (a
legal reviewer's assigned incidents only)."""

from __future__ import annotations

import pytest
from conftest import CHEAP
from icalendar import Calendar
from streamlit.testing.v1 import AppTest
from ui_support import hours_ago, no_trouble

from breachreport.demo.scenario import ORGANISATION
from breachreport.domain.status import Role
from breachreport.services.accounts import Accounts
from breachreport.ui.shell import deadlines

LANGS = ["sv", "en"]
PASSWORD = "tre blå hästar i snö"


@pytest.fixture
def case(app_resources):
    """Two incidents aware an hour ago, the first assigned to a legal reviewer."""
    workspace = app_resources.workspace
    dpo = app_resources.accounts.list()[0]
    accounts = Accounts(workspace.store, password_hasher=CHEAP)
    reviewer = accounts.add(
        by=dpo,
        username="johan.ek@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    # Not the hour the clocks repeat in October: the app refuses an ambiguous time.
    aware = hours_ago(1).strftime("%Y-%m-%dT%H:%M")
    refs = [
        workspace.open_incident(
            actor=dpo.actor, changes={**ORGANISATION, "times.aware_at": aware}
        ).reference
        for _ in range(2)
    ]
    workspace.reviews.assign_reviewer(actor=dpo.actor, ref=refs[0], reviewer=reviewer.actor)
    return {"dpo": dpo, "reviewer": reviewer, "refs": refs}


def _summaries(data: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]


def _button(app: AppTest, lang: str):
    found = [b for b in app.get("download_button") if b.key == f"br_calendar_dl.{lang}"]
    assert len(found) == 1, [b.key for b in app.get("download_button")]
    return found[0]


def _widget(account) -> None:
    from breachreport.ui.shell.deadlines import calendar_download

    calendar_download(account)


@pytest.mark.parametrize("lang", LANGS)
def test_the_download_says_how_to_import_and_makes_the_persons_own_file(app_resources, case, lang):
    app = AppTest.from_function(_widget, args=(case["reviewer"],), default_timeout=30)
    app.session_state["br_lang"] = lang
    app.run()
    no_trouble(app)
    button = _button(app, lang)
    assert button.proto.label == deadlines.CALENDAR_BUTTON(lang)
    captions = [c.value for c in app.caption]
    assert deadlines.CALENDAR_EXPLAIN(lang) in captions
    assert deadlines.CALENDAR_AGAIN(lang) in captions
    # The file is the reviewer's: the assigned incident only, in the page's language.
    data = deadlines.calendar_maker(
        app_resources.workspace, case["reviewer"], lang=lang, base_url=None
    )()
    assigned, other = case["refs"]
    shown = _summaries(data)
    assert shown and all(s.startswith(f"{assigned}: ") for s in shown)
    assert not any(other in s for s in shown)


def test_a_supplier_contact_is_offered_no_calendar(app_resources, case):
    accounts = Accounts(app_resources.workspace.store, password_hasher=CHEAP)
    contact = accounts.add(
        by=case["dpo"],
        username="lena@nordforrad.example.se",
        display_name="Lena Sjöberg",
        password=PASSWORD,
        role=Role.SUPPLIER_CONTACT,
    )
    app = AppTest.from_function(_widget, args=(contact,), default_timeout=30)
    app.run()
    no_trouble(app)
    assert not [b for b in app.get("download_button") if b.key.startswith("br_calendar_dl")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_offers_the_dpo_their_calendar(signed_in_app, app_resources, case, lang):
    app = signed_in_app(lang=lang)
    app.run()
    no_trouble(app)
    assert _button(app, lang).proto.label == deadlines.CALENDAR_BUTTON(lang)
    data = deadlines.calendar_maker(
        app_resources.workspace, case["dpo"], lang=lang, base_url="https://br.example.se"
    )()
    for ref in case["refs"]:
        assert any(s.startswith(f"{ref}: ") for s in _summaries(data))
    assert b"https://br.example.se/?incident=" in data
