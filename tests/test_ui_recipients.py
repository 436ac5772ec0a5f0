"""Every recipient in the app, driven with Streamlit's AppTest: the supplier-ransomware scenario moved
104 weeks to Saturday 17 January 2026 (aware 14:00 Swedish time), the region an essential entity
under the cybersäkerhetslag, on a clock fixed two hours after awareness.

The DPO sees CERT-SE's chain beside IMY's ("if the incident is significant" with its deadlines
until that is answered, days beyond two days), is asked whether the incident is significant with
the thresholds' suggestion beside the question, files an early warning to CERT-SE and a
preliminary notification to IMY, and finds both frozen, each with its own case number and in its
own document; a police report is kept by reference.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from questions_support import unfold
from streamlit.testing.v1 import AppTest
from ui_support import no_trouble, shown

from breachreport.demo.scenario import ORGANISATION, STEPS
from breachreport.domain.clocks import time_left_text
from breachreport.domain.recipients import CERT_SE, IMY, POLICE, recipient
from breachreport.domain.times import format_local, from_stockholm
from breachreport.ui.incident import answers, filing_list, filings, more_drafts, significance_note
from breachreport.ui.incident import clocks as clocks_page

LANGS = ["sv", "en"]
MOVED = timedelta(weeks=104)  # Sat 20 Jan 2024 -> Sat 17 Jan 2026: the weekdays stay
AWARE = from_stockholm(datetime(2026, 1, 17, 14, 0))
NOW = AWARE + timedelta(hours=2)
EARLY_WARNING_DUE = from_stockholm(datetime(2026, 1, 18, 14, 0))  # Sunday
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?")
# What the DPO knows of CERT-SE's questions on the first afternoon; significance is left open.
CYBER = {
    "cyber.critical_systems_hit": True,
    "cyber.affected_services": "Samordnad utskrivning från sjukhus till kommunal omsorg.",
    "cyber.suspected_crime": True,
    "cyber.cross_border_effect": False,
    "cyber.supplier_origin": True,
}
CERT_SE_NUMBER = "CERT-SE-2026-0123"
IMY_NUMBER = "IMY-2026-0042"
POLICE_NUMBER = "5000-K123456-26"


def _moved(changes: dict[str, Any]) -> dict[str, Any]:
    """The scenario's answers with every time 104 weeks later."""

    def later(match: re.Match) -> str:
        return (datetime.fromisoformat(match.group(0).replace("Z", "+00:00")) + MOVED).isoformat()

    return json.loads(_ISO.sub(later, json.dumps(changes)))


@pytest.fixture
def region(app_resources, monkeypatch) -> str:
    """The region's incident, opened half an hour after awareness, seen at the fixed clock."""
    monkeypatch.setattr(app_resources.workspace, "clock", lambda: NOW)
    dpo = app_resources.accounts.list()[0]
    changes = {**_moved(STEPS[0].changes), **CYBER}
    assert changes["controller.nis2_entity"] == "essential"
    incident = app_resources.workspace.open_incident(
        actor=dpo.actor, changes=changes, at=AWARE + timedelta(minutes=30)
    )
    assert incident.facts.times.aware_at == AWARE
    return incident.reference


def _page(signed_in_app, open_page, ref: str, page: str, lang: str) -> AppTest:
    app = open_page(signed_in_app(incident=ref, lang=lang), page).run()
    no_trouble(app)
    return app


def _clock(app_resources, ref: str, key: str):
    return next(c for c in app_resources.workspace.clocks(ref) if c.key == key)


def _box(elements, title: str) -> str:
    """The one deadline box whose title is ``title``."""
    [found] = [text for text in shown(elements) if text.startswith(f"**{title}**")]
    return found


# -- the deadlines: both chains, "if significant" with its deadlines -----------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_early_warning_shows_if_significant_with_its_deadline_beside_imy(
    signed_in_app, app_resources, open_page, region, lang
):
    early = _clock(app_resources, region, "nis2_early_warning")
    art33 = _clock(app_resources, region, "gdpr_art33")
    assert early.recipient == CERT_SE and early.due == EARLY_WARNING_DUE
    assert early.condition is not None  # not yet known whether it is significant

    app = _page(signed_in_app, open_page, region, "deadlines", lang)
    headings = shown(app.main.header)
    assert headings[:2] == [recipient(IMY).name(lang), recipient(CERT_SE).name(lang)]
    # 22 hours left: in hours and minutes, red under 12 hours only.
    warning = _box(app.main.info, early.label(lang))
    assert early.condition(lang) in warning
    assert format_local(EARLY_WARNING_DUE, lang, weekday=True) in warning
    assert ("söndag 18 januari 2026 kl. 14:00" if lang == "sv" else "Sunday 18 January") in warning
    assert time_left_text(timedelta(hours=22), lang) in warning
    said = early.condition(lang)
    conditional = clocks_page.CONDITIONAL(lang).format(condition=said[0].lower() + said[1:])
    assert conditional in shown(app.main.info)
    # 70 hours left of IMY's 72 read in days, without a condition.
    imy = _box(app.main.info, art33.label(lang))
    assert ("2 dagar 22 tim kvar" if lang == "sv" else "2 days 22 h left") in imy
    assert early.condition(lang) not in imy

    # The sidebar shows the early warning, with its condition, beside IMY's 72 hours.
    sidebar = _box(app.sidebar.info, early.label(lang))
    assert early.condition(lang) in sidebar and "14:00" in sidebar
    assert any("2 dagar" in text or "2 days" in text for text in shown(app.sidebar.info))


def test_the_overview_shows_cert_se_beside_imy(signed_in_app, app_resources, region):
    early = _clock(app_resources, region, "nis2_early_warning")
    app = signed_in_app(lang="en").run()
    no_trouble(app)
    [table] = [frame.value for frame in app.main.dataframe if "chains" in frame.value.columns]
    [line] = table.loc[table["reference"] == region, "chains"]
    assert early.condition("en") == "If the incident is significant"
    assert line.startswith("CERT-SE (if the incident is significant): ")
    assert time_left_text(timedelta(hours=22), "en") in line
    # The table beside the grid, for a screen reader, names the column.
    [text] = [frame.value for frame in app.main.table if "Reference" in frame.value.columns]
    [said] = text.loc[text["Reference"] == region, "Other recipients' deadlines"]
    assert said == line


# -- is it significant? --------------------------------------------------------------------------


def test_an_nis2_entity_is_asked_whether_it_is_significant_first_with_the_suggestion(
    signed_in_app, app_resources, open_page, region
):
    app = _page(signed_in_app, open_page, region, "questions", "en")
    label = answers.label(significance_note.SIGNIFICANT, "en")
    [question] = [w for w in app.button_group if w.label == label]
    infos = " ".join(shown(app.main.info))
    # Sector-critical systems are hit, the outage's length is not known yet: no suggestion yet.
    assert significance_note.SUGGEST_UNKNOWN("en") in infos
    assert "❔" in infos

    question.set_value(True)
    [save] = [b for b in app.button if b.key and b.key.endswith(".save")]
    save.click().run()
    no_trouble(app)
    assert app_resources.workspace.incident(region).facts.cyber.significant is True
    early = _clock(app_resources, region, "nis2_early_warning")
    assert early.condition is None

    app = _page(signed_in_app, open_page, region, "deadlines", "en")
    warning = _box(app.main.info, early.label("en"))
    assert "if the incident is significant" not in warning
    assert "14:00" in warning
    assert not [text for text in shown(app.main.info) if text.startswith("Applies only")]


def test_an_organisation_outside_nis2_is_not_asked_the_cyber_questions(
    signed_in_app, app_resources, open_page
):
    dpo = app_resources.accounts.list()[0]
    changes = {**ORGANISATION, "controller.nis2_entity": "not_covered"}
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=changes).reference
    app = unfold(_page(signed_in_app, open_page, ref, "questions", "en"), ref)
    no_trouble(app)
    labels = {
        str(w.label) for kind in ("button_group", "text_area", "text_input") for w in app.get(kind)
    }
    assert answers.label(significance_note.SIGNIFICANT, "en") not in labels
    assert answers.label("cyber.indicators", "en") not in labels
    assert answers.label("times.aware_at", "en") in {str(w.label) for w in app.datetime_input}
    # Nor offered CERT-SE's drafts; the EDPB template is there for everyone.
    app = _page(signed_in_app, open_page, ref, "filings", "en")
    titles = [str(e.label) for e in app.main.expander]
    assert more_drafts.EDPB_TITLE("en") in titles
    assert not [title for title in titles if "CERT-SE" in title]


# -- filing to CERT-SE and to IMY ----------------------------------------------------------------


def _file(app: AppTest, ref: str, to: str, *, number: str | None = None) -> AppTest:
    """Choose ``to`` (its next report is chosen already), confirm and record the filing."""
    app.radio(key=f"br_f_to.{ref}").set_value(to).run()
    no_trouble(app)
    suffix = "" if to == IMY else f".{to}"
    if number is not None:
        app.text_input(key=f"br_f_number.{ref}{suffix}").set_value(number)
    app.checkbox(key=f"br_f_sure.{ref}{suffix}").check()
    go = app.button(key=f"br_f_go.{ref}{suffix}")
    assert not go.disabled, shown(app.main.info)
    go.click().run()
    no_trouble(app)
    return app


def test_a_region_files_an_early_warning_and_a_preliminary_each_with_its_own_case_number(
    signed_in_app, app_resources, open_page, region
):
    workspace = app_resources.workspace
    app = _page(signed_in_app, open_page, region, "filings", "en")
    assert app.radio(key=f"br_f_to.{region}").options[:2] == [
        recipient(IMY).name("en"),
        recipient(CERT_SE).name("en"),
    ]
    # CERT-SE's draft is its own document, with its confidentiality note.
    app.radio(key=f"br_f_to.{region}").set_value(CERT_SE).run()
    assert app.radio(key=f"br_f_kind.{region}.{CERT_SE}").value == "early-warning"
    assert filings.DRAFT_OF("en").format(kind="Early warning", recipient="CERT-SE") in shown(
        app.main.header
    )
    assert any(recipient(CERT_SE).confidentiality("en") in c for c in shown(app.main.caption))

    _file(app, region, CERT_SE, number=CERT_SE_NUMBER)
    assert filings.FILED("en").format(seq=1, kind="Early warning") in " ".join(shown(app.success))
    _file(app, region, IMY)
    assert filings.FILED("en").format(seq=2, kind="Preliminary notification") in " ".join(
        shown(app.success)
    )
    app.text_input(key=f"br_f_case_number.{region}").set_value(IMY_NUMBER)
    app.selectbox(key=f"br_f_case_seq.{region}").set_value(2)
    [save] = [b for b in app.button if b.label == filing_list.CASE_SAVE("en")][:1]
    save.click().run()
    no_trouble(app)

    made = {f.recipient: f for f in workspace.filings(region)}
    assert (made[CERT_SE].seq, made[CERT_SE].kind.value) == (1, "early-warning")
    assert (made[IMY].seq, made[IMY].kind.value) == (2, "preliminary")
    assert made[CERT_SE].case_number == CERT_SE_NUMBER
    assert made[IMY].case_number == IMY_NUMBER
    assert any(name.startswith("cert-se-early-warning.") for name in made[CERT_SE].documents)
    assert any(name.startswith("imy-notification.") for name in made[IMY].documents)
    assert _clock(app_resources, region, "nis2_early_warning").met_at is not None
    assert _clock(app_resources, region, "gdpr_art33").met_at is not None

    # The list: each recipient under its own heading, each number in its own column.
    app = _page(signed_in_app, open_page, region, "filings", "en")
    headings = shown(app.main.subheader)
    assert recipient(IMY).name("en") in headings and recipient(CERT_SE).name("en") in headings
    tables = [frame.value for frame in app.main.dataframe]
    numbers = {
        column: list(table[column])
        for table in tables
        for column in table.columns
        if "case number" in column
    }
    assert numbers == {"IMY's case number": [IMY_NUMBER], "CERT-SE's case number": [CERT_SE_NUMBER]}
    # Each frozen copy downloads as its recipient's own document.
    frozen = {str(e.label): e for e in app.main.expander if str(e.label).startswith("No. ")}
    [early] = [e for label, e in frozen.items() if label.startswith("No. 1: Early warning")]
    [imy] = [e for label, e in frozen.items() if label.startswith("No. 2: Preliminary")]
    early_keys = [b.key for b in early.get("download_button")]
    imy_keys = [b.key for b in imy.get("download_button")]
    assert early_keys and all(".cert-se-early-warning.1" in key for key in early_keys)
    assert imy_keys and all(".imy-notification.2" in key for key in imy_keys)


def test_a_police_report_is_kept_by_reference_with_its_number_and_no_document(
    signed_in_app, app_resources, open_page, region
):
    app = _page(signed_in_app, open_page, region, "filings", "sv")
    # A crime is suspected: the police are among the recipients that apply.
    assert recipient(POLICE).name("sv") in app.radio(key=f"br_f_to.{region}").options
    app.radio(key=f"br_f_to.{region}").set_value(POLICE).run()
    assert not [f for f in app.main.get("iframe")]  # no draft of our own to preview
    _file(app, region, POLICE, number=POLICE_NUMBER)
    [made] = app_resources.workspace.filings(region)
    assert (made.recipient, made.kind.value, made.case_number) == (
        POLICE,
        "crime-report",
        POLICE_NUMBER,
    )
    [frozen] = [e for e in app.main.expander if str(e.label).startswith("Nr 1:")]
    assert not frozen.get("download_button")
    name = recipient(POLICE).case_number_name("sv")
    assert filing_list.REFERENCE("sv").format(name=name, number=POLICE_NUMBER) in shown(
        frozen.markdown
    )


def test_a_recipient_that_does_not_apply_is_offered_behind_a_switch(
    signed_in_app, app_resources, open_page, region
):
    from breachreport.domain.recipients import IVO
    from breachreport.ui.incident import filing_recipients

    app = _page(signed_in_app, open_page, region, "filings", "en")
    ivo = recipient(IVO).name("en")
    # The region is not recorded as a care provider: no lex Maria report unless asked for.
    assert ivo not in app.radio(key=f"br_f_to.{region}").options
    app.toggle(key=f"br_f_to_all.{region}").set_value(True).run()
    no_trouble(app)
    assert app.radio(key=f"br_f_to.{region}").options[-1] == ivo
    app.radio(key=f"br_f_to.{region}").set_value(IVO).run()
    assert app.radio(key=f"br_f_kind.{region}.{IVO}").value == "lex-maria"
    # Hidden again, the choice goes back to IMY rather than to a recipient no longer listed.
    app.toggle(key=f"br_f_to_all.{region}").set_value(False).run()
    no_trouble(app)
    assert app.radio(key=f"br_f_to.{region}").value == IMY
    assert filing_recipients.SHOW_OTHERS("en") == app.toggle(key=f"br_f_to_all.{region}").label


def test_a_significance_answer_against_the_thresholds_is_flagged_at_the_question(
    signed_in_app, app_resources, open_page, region
):
    workspace = app_resources.workspace
    dpo = app_resources.accounts.list()[0]
    incident = workspace.incident(region)
    # Sector-critical systems out for 30 hours: over the sector's threshold, yet answered "no".
    workspace.revise(
        actor=dpo.actor,
        ref=region,
        changes={"cyber.outage_hours": 30, "cyber.significant": False},
        expected_version=incident.version,
    )
    app = _page(signed_in_app, open_page, region, "questions", "en")
    label = answers.label(significance_note.SIGNIFICANT, "en")
    assert [w for w in app.button_group if w.label == label]
    infos = " ".join(shown(app.main.info))
    assert significance_note.SUGGEST_YES("en") in infos and "✅" in infos
    assert significance_note.DIFFERS("en") in shown(app.main.warning)
