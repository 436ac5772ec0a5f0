"""The incident's pages, driven with Streamlit's AppTest: the guided questions, the assessment and
decision, the clocks, the history and the filings, in Swedish and English. The pure parts (which
changes a form makes, how answers read) are tested directly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from questions_support import unfold
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from ui_support import app_session
from ui_support import no_trouble as _no_trouble
from ui_support import shown as _texts

from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import ORGANISATION, STEPS
from breachreport.domain import walk
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.choices import FilingKind
from breachreport.domain.circumstances import CareImpact, Outcome
from breachreport.domain.facts import questions
from breachreport.domain.labels import Text
from breachreport.domain.personal_data import Kind
from breachreport.domain.problems import RULES
from breachreport.domain.status import Role
from breachreport.domain.times import from_stockholm, utc_now
from breachreport.services import Actor, Workspace
from breachreport.ui import texts
from breachreport.ui.incident import answers, filings, history, saving, section_editor
from breachreport.ui.incident import assessment as assessment_page
from breachreport.ui.incident.page import literal
from breachreport.ui.incident.questions import STEPS as STEP_NAMES
from breachreport.ui.incident.saving import Seen, changes_from
from breachreport.ui.incident.widgets import Answer, input_for
from breachreport.ui.incident.widgets import Kind as InputKind

LANGS = ["sv", "en"]
PAGES = ["questions", "assessment", "deadlines", "history", "filings"]


def _label(path: str, lang: str = "sv") -> str:
    return answers.label(path, lang)


def _widget(elements, path: str, lang: str = "sv"):
    """The input for the question at ``path``, found by its label as a person would."""
    [found] = [w for w in elements if w.label == _label(path, lang)]
    return found


def _unknown_box(app: AppTest, path: str):
    """The 'not yet known' box that belongs to the question at ``path``."""
    [found] = [
        w for w in app.checkbox if w.key and w.key.endswith(f".{path.split('.')[1]}.unknown")
    ]
    return found


def _save(app: AppTest) -> AppTest:
    [button] = [b for b in app.button if b.key and b.key.endswith(".save")]
    return button.click().run()


def _step(app: AppTest, ref: str, section: str) -> AppTest:
    """Every section is on the one page of questions (under "more details"), folded until the
    DPO opens it."""
    return unfold(app, ref, section)


def _at(text: str) -> datetime:
    """A Swedish wall-clock time as the naive datetime a datetime input holds."""
    return datetime.fromisoformat(text)


def _new_incident(resources, **changes) -> str:
    """A new incident with the organisation's standing answers, as the shell opens it."""
    dpo = resources.accounts.list()[0]
    incident = resources.workspace.open_incident(
        actor=dpo.actor, changes={**ORGANISATION, **changes}
    )
    return incident.reference


def _first_report(resources, *, hours_ago: float) -> str:
    """The scenario's first day of facts, aware ``hours_ago``: enough for a preliminary filing."""
    aware = utc_now() - timedelta(hours=hours_ago)
    changes = {**STEPS[0].changes, "times.aware_at": aware.isoformat()}
    dpo = resources.accounts.list()[0]
    return resources.workspace.open_incident(actor=dpo.actor, changes=changes).reference


def _questions(signed_in_app, open_page, ref: str, section: str, lang: str = "sv") -> AppTest:
    app = open_page(signed_in_app(incident=ref, lang=lang), "questions").run()
    _no_trouble(app)
    return _step(app, ref, section)


# -- every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_incident_page_renders_for_the_demo(
    signed_in_app, app_resources, open_page, page, lang
):
    demo = load_demo(app_resources.workspace)
    app = open_page(signed_in_app(incident=demo.reference, lang=lang), page).run()
    _no_trouble(app)
    [title] = _texts(app.title)
    assert demo.reference in title
    assert not app.error


def test_every_step_of_the_questions_renders_with_each_question_and_why(
    signed_in_app, app_resources, open_page
):
    demo = load_demo(app_resources.workspace)
    app = open_page(signed_in_app(incident=demo.reference, lang="en"), "questions").run()
    assert "decision" not in STEP_NAMES
    for section in STEP_NAMES:
        _step(app, demo.reference, section)
        _no_trouble(app)
        shown = " ".join(
            _texts(app.main.caption) + [str(w.label) for w in app.main.get("text_input")]
        )
        for question in questions(section):
            assert question.why.en in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_failing_page_shows_a_clear_message_never_a_traceback(
    signed_in_app, app_resources, open_page, monkeypatch, lang
):
    demo = load_demo(app_resources.workspace)

    def broken(self, ref):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Workspace, "assessment", broken)
    app = open_page(signed_in_app(incident=demo.reference, lang=lang), "assessment").run()
    assert not app.exception
    assert _texts(app.main.error) == [texts.UNEXPECTED(lang)]
    assert "disk on fire" not in " ".join(_texts(app.main.error))


def test_signing_out_forgets_what_the_forms_showed(signed_in_app, app_resources, open_page):
    demo = load_demo(app_resources.workspace)
    app = _questions(signed_in_app, open_page, demo.reference, "description")
    assert app.session_state["br_incident_pages"]["seen"]
    app.button(key="br_sign_out").click().run()
    assert "br_incident_pages" not in app.session_state


# -- the guided questions ------------------------------------------------------------------------


def test_the_guided_steps_can_be_filled_with_the_scenarios_facts(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    workspace: Workspace = app_resources.workspace
    app = _questions(signed_in_app, open_page, ref, "times")

    _widget(app.datetime_input, "times.occurred_from").set_value(_at("2024-01-19T23:30"))
    _widget(app.datetime_input, "times.discovered_at").set_value(_at("2024-01-20T08:30"))
    _widget(app.datetime_input, "times.aware_at").set_value(_at("2024-01-20T14:00"))
    _widget(app.selectbox, "times.discovery").set_value("processor")
    _widget(app.button_group, "times.ongoing").set_value(True)
    _unknown_box(app, "times.ended_at").check()
    _save(app)
    _no_trouble(app)
    assert texts.SAVED.sv in _texts(app.success)
    times = workspace.incident(ref).facts.times
    assert times.aware_at == from_stockholm(_at("2024-01-20T14:00"))
    assert times.discovered_at == from_stockholm(_at("2024-01-20T08:30"))
    assert times.ongoing is True
    assert times.is_unknown("ended_at")

    _step(app, ref, "description")
    summary = STEPS[0].changes["description.summary"]
    _widget(app.text_area, "description.summary").set_value(summary)
    _widget(app.selectbox, "description.breach_type").set_value("malware")
    _widget(app.selectbox, "description.cause").set_value("malicious_external")
    _widget(app.multiselect, "description.kinds").set_value(["availability"])
    _save(app)
    _no_trouble(app)
    description = workspace.incident(ref).facts.description
    assert description.summary == summary
    assert description.breach_type.value == "malware"
    assert [k.value for k in description.kinds] == ["availability"]

    _step(app, ref, "data")
    _widget(app.multiselect, "data.subject_categories").set_value(["patients"])
    _widget(app.multiselect, "data.data_categories").set_value(
        ["health", "identity", "personal_number"]
    )
    _unknown_box(app, "data.subjects_count").check()
    _widget(app.number_input, "data.records_count").set_value(61000)
    _save(app)
    _no_trouble(app)
    data = workspace.incident(ref).facts.data
    assert [c.value for c in data.data_categories] == ["identity", "personal_number", "health"]
    assert data.is_unknown("subjects_count")
    assert (data.records_count.value, data.records_count.precision.value) == (61000, "approximate")

    # A later save sends only what changed: the count becomes known and exact.
    _unknown_box(app, "data.subjects_count").uncheck()
    _widget(app.number_input, "data.subjects_count").set_value(4899)
    [precision] = [r for r in app.radio if ".subjects_count.precision." in r.key]
    precision.set_value("exact")
    _save(app)
    _no_trouble(app)
    entry = workspace.history(ref)[-1]
    assert sorted(entry.fields) == ["data.not_yet_known", "data.subjects_count"]
    assert workspace.incident(ref).facts.data.subjects_count.value == 4899


def test_every_new_question_of_format_2_saves_from_the_form(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    workspace: Workspace = app_resources.workspace
    app = open_page(signed_in_app(incident=ref, lang="en"), "questions").run()
    unfold(app, ref, "description", "data", "circumstances")
    _no_trouble(app)

    def choose(path: str, value) -> None:
        kind = input_for(next(q for q in questions() if q.path == path)).kind
        elements = {
            InputKind.CHOICE: app.selectbox,
            InputKind.CHOICES: app.multiselect,
            InputKind.HOURS: app.number_input,
            InputKind.COUNT: app.number_input,
            InputKind.BOOL: app.button_group,
        }[kind]
        _widget(elements, path, "en").set_value(value)

    answers_given = {
        "description.cause": "theft",
        "data.subject_categories": ["victims", "persecution_risk"],
        "data.data_categories": ["foreign_id", "family", "vehicle"],
        "data.sensitive_subjects_count": 12,
        "circumstances.recipients": "one_known",
        "circumstances.recipient_kind": "same_organisation",
        "circumstances.deletion": "deleted_by_us",
        "circumstances.access": "not_accessed",
        "circumstances.exposure_hours": 1.5,
        "circumstances.pseudonymised": "key_safe",
        "circumstances.medium": "device",
        "circumstances.device_state": ["password_locked", "remote_wiped"],
        "circumstances.unavailable_hours": 30.0,
        "circumstances.misuse": "confirmed",
        "circumstances.misuse_kinds": ["contact"],
        "circumstances.care_affected": "possible",
        "circumstances.backup": "held_elsewhere",
        "circumstances.sensitive_gravity": "grave",
        "circumstances.authority_aware": True,
    }
    for path, value in answers_given.items():
        choose(path, value)
    _save(app)
    _no_trouble(app)
    assert texts.SAVED.en in _texts(app.success)
    facts = workspace.incident(ref).facts
    stored = {path: facts.value(path) for path in answers_given}
    plain = {
        path: [v.value for v in value]
        if isinstance(value, list)
        else getattr(value, "value", value)
        for path, value in stored.items()
    }
    assert plain == {
        **answers_given,
        "data.sensitive_subjects_count": 12,
        "circumstances.unavailable_hours": 30,
    }
    assert isinstance(plain["circumstances.unavailable_hours"], int)  # whole hours stay whole
    assert facts.data.sensitive_subjects_count.precision.value == "approximate"

    # The form shows what was saved, hours as typed; a new question can be marked not yet known.
    unfold(app, ref, "circumstances")
    assert _widget(app.number_input, "circumstances.exposure_hours", "en").value == 1.5
    _widget(app.selectbox, "circumstances.access", "en").set_value(None)
    _unknown_box(app, "circumstances.access").check()
    _save(app)
    _no_trouble(app)
    circumstances = workspace.incident(ref).facts.circumstances
    assert circumstances.access is None and circumstances.is_unknown("access")


def test_a_negative_number_of_hours_is_refused_at_its_question(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "circumstances")
    _widget(app.number_input, "circumstances.exposure_hours").set_value(-2)
    _save(app)
    assert RULES["hours_negative"].sv in _texts(app.error)
    assert app_resources.workspace.incident(ref).facts.circumstances.exposure_hours is None


def test_each_risk_question_offers_not_yet_known_where_the_facts_allow_it(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "circumstances")
    _no_trouble(app)
    boxes = {w.key.rsplit(".", 2)[-2] for w in app.checkbox if w.key and w.key.endswith(".unknown")}
    for question in questions("circumstances"):
        assert (question.name in boxes) is question.unknown_allowed, question.path


def test_progress_counts_answered_and_not_yet_known_questions(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources, **{"data.subjects_count": NOT_YET_KNOWN})
    app = open_page(signed_in_app(incident=ref, lang="en"), "questions").run()
    facts = app_resources.workspace.incident(ref).facts
    counted = walk.counted(facts)
    # Optional questions (the DPO's phone, the sector, other countries ...) are not counted.
    assert "contact.dpo_phone" not in counted and "other.other_countries" not in counted
    done = sum(walk.done(facts, path) for path in counted)
    # The profile's name, number, address and contact (one channel), and the count not yet known.
    assert done == 6
    [bar] = app.get("progress")
    assert f"{done} of {len(counted)} questions" in bar.proto.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_discovery_after_awareness_is_refused_in_the_users_language(
    signed_in_app, app_resources, open_page, lang
):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "times", lang)
    _widget(app.datetime_input, "times.aware_at", lang).set_value(_at("2024-01-20T14:00"))
    _widget(app.datetime_input, "times.discovered_at", lang).set_value(_at("2024-01-21T08:00"))
    _save(app)
    _no_trouble(app)
    expected = RULES["timeline_order"](lang).format(
        first_sv="Upptäckten",
        second_sv="kännedomen",
        first_en="The discovery",
        second_en="the awareness",
    )
    assert expected in _texts(app.error)
    # What was typed is still there, and nothing was saved.
    assert _widget(app.datetime_input, "times.discovered_at", lang).value == _at("2024-01-21T08:00")
    assert app_resources.workspace.incident(ref).facts.times.aware_at is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_phone_number_is_explained_at_its_question(
    signed_in_app, app_resources, open_page, lang
):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "contact", lang)
    _widget(app.text_input, "contact.dpo_phone", lang).set_value("12")
    _save(app)
    assert RULES["phone_format"](lang) in _texts(app.error)


def test_changing_the_time_of_awareness_needs_a_reason(signed_in_app, app_resources, open_page):
    demo = load_demo(app_resources.workspace)
    app = _questions(signed_in_app, open_page, demo.reference, "times")
    _widget(app.datetime_input, "times.aware_at").set_value(_at("2024-01-20T12:00"))
    _save(app)
    assert any("ange ett skäl" in text for text in _texts(app.error))

    [reason] = [w for w in app.text_input if w.label == section_editor.AWARE_REASON.sv]
    reason.set_value("Leverantören ringde redan kl. 12")
    _save(app)
    _no_trouble(app)
    facts = app_resources.workspace.incident(demo.reference).facts
    assert facts.times.aware_at == from_stockholm(_at("2024-01-20T12:00"))
    assert app_resources.workspace.history(demo.reference)[-1].reason == (
        "Leverantören ringde redan kl. 12"
    )


def test_a_time_that_occurs_twice_asks_which_one(signed_in_app, app_resources, open_page):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "times")
    _widget(app.datetime_input, "times.occurred_from").set_value(_at("2024-10-27T02:30"))
    _save(app)
    assert RULES["time_ambiguous"].sv in _texts(app.error)
    [offset] = [r for r in app.radio if ".occurred_from.offset." in r.key]
    offset.set_value("+01:00")
    _save(app)
    _no_trouble(app)
    occurred = app_resources.workspace.incident(ref).facts.times.occurred_from
    assert occurred == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)


def test_a_stale_save_shows_both_answers_and_overwrites_nothing(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    workspace: Workspace = app_resources.workspace
    app = _questions(signed_in_app, open_page, ref, "description")
    seen = workspace.incident(ref).version

    legal = workspace.incident(ref)  # someone else, behind the page's back
    workspace.revise(
        actor=Actor(name="Johan Ek", role=Role.DPO),
        ref=ref,
        changes={"description.summary": "Deras beskrivning av händelsen."},
        expected_version=legal.version,
    )
    _widget(app.text_area, "description.summary").set_value("Min beskrivning av händelsen.")
    _widget(app.selectbox, "description.breach_type").set_value("malware")
    _save(app)
    _no_trouble(app)

    assert saving.CONFLICT.sv in _texts(app.warning)
    [table] = app.dataframe
    shown = table.value.to_dict("records")
    assert shown == [
        {
            saving.QUESTION.sv: _label("description.summary"),
            saving.THEIRS.sv: "Deras beskrivning av händelsen.",
            saving.YOURS.sv: "Min beskrivning av händelsen.",
        }
    ]
    facts = workspace.incident(ref).facts
    assert facts.description.summary == "Deras beskrivning av händelsen."
    assert facts.description.breach_type is None
    assert workspace.incident(ref).version == seen + 1

    app.button(key=f"br_q.{ref}.conflict.mine").click().run()
    _no_trouble(app)
    assert saving.USED_MINE.sv in _texts(app.success)
    facts = workspace.incident(ref).facts
    assert facts.description.summary == "Min beskrivning av händelsen."
    assert facts.description.breach_type.value == "malware"


def test_keeping_the_saved_answer_still_saves_the_users_other_changes(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(app_resources)
    workspace: Workspace = app_resources.workspace
    app = _questions(signed_in_app, open_page, ref, "description")
    dpo = app_resources.accounts.list()[0]
    workspace.revise(
        actor=dpo.actor,
        ref=ref,
        changes={"description.summary": "Deras."},
        expected_version=workspace.incident(ref).version,
    )
    _widget(app.text_area, "description.summary").set_value("Mina.")
    _widget(app.selectbox, "description.breach_type").set_value("misdirected")
    _save(app)
    app.button(key=f"br_q.{ref}.conflict.theirs").click().run()
    _no_trouble(app)
    assert saving.KEPT_THEIRS_SAVED_REST.sv in _texts(app.success)
    facts = workspace.incident(ref).facts
    assert facts.description.summary == "Deras."
    assert facts.description.breach_type.value == "misdirected"
    # The form shows the saved answers again (AppTest keeps no fold open across runs: open it).
    unfold(app, ref, "description")
    assert _widget(app.text_area, "description.summary").value == "Deras."


@pytest.mark.parametrize("lang", LANGS)
def test_a_personal_identity_number_in_the_summary_is_warned_about_but_saved(
    signed_in_app, app_resources, open_page, lang
):
    ref = _new_incident(app_resources)
    app = _questions(signed_in_app, open_page, ref, "description", lang)
    text = "Journalen för patienten 19121212-1212 skickades till fel mottagare."
    _widget(app.text_area, "description.summary", lang).set_value(text)
    _save(app)
    _no_trouble(app)
    [warning] = [w for w in _texts(app.warning) if Kind.PERSONAL_NUMBER.label(lang) in w]
    assert "19121212-••••" in warning
    assert app_resources.workspace.incident(ref).facts.description.summary == text


def test_the_organisations_own_contact_details_are_not_warned_about(
    signed_in_app, app_resources, open_page
):
    ref = _new_incident(
        app_resources, **{"other.other_info": "Frågor: dataskyddsombud@nordmark.example.se"}
    )
    app = _questions(signed_in_app, open_page, ref, "other")
    _no_trouble(app)
    assert not app.warning
    app = _questions(signed_in_app, open_page, ref, "contact")
    assert not app.warning


def test_marking_and_clearing_not_yet_known():
    question = next(q for q in questions("data") if q.name == "subjects_count")
    seen = Seen(version=3, values={}, unknown=("records_count",))
    count = {"value": 10, "precision": "exact"}
    given = {
        "data.subjects_count": Answer(value=None, changed=False, unknown=True),
        "data.records_count": Answer(value=None, changed=False, unknown=False),
        "data.subject_categories": Answer(value=["patients"], changed=True, unknown=False),
    }
    changes, problems = changes_from("data", seen, given)
    assert problems == []
    assert changes == {
        "data.subjects_count": NOT_YET_KNOWN,
        "data.subject_categories": ["patients"],
        "data.not_yet_known": ["subjects_count"],
    }
    assert list(changes)[-1] == "data.not_yet_known"  # applied last

    both = {"data.subjects_count": Answer(value=count, changed=True, unknown=True)}
    changes, problems = changes_from("data", Seen(3, {}, ()), both)
    assert changes == {}
    assert [p.code for p in problems] == ["unknown_and_answered"]
    assert input_for(question).kind is InputKind.COUNT


def test_every_question_has_an_input():
    kinds = {q.path: input_for(q).kind for q in questions()}
    assert kinds["times.aware_at"] is InputKind.INSTANT
    assert kinds["description.summary"] is InputKind.LONG_TEXT
    assert kinds["description.processors"] is InputKind.PROCESSORS
    assert kinds["other.reports"] is InputKind.REPORTS
    assert kinds["other.other_countries"] is InputKind.COUNTRIES
    assert kinds["description.kinds"] is InputKind.CHOICES
    assert kinds["times.ongoing"] is InputKind.BOOL
    assert kinds["contact.contact_email"] is InputKind.TEXT
    assert kinds["circumstances.exposure_hours"] is InputKind.HOURS
    assert kinds["circumstances.unavailable_hours"] is InputKind.HOURS
    assert kinds["circumstances.device_state"] is InputKind.CHOICES
    assert kinds["circumstances.misuse_kinds"] is InputKind.CHOICES
    assert kinds["circumstances.care_affected"] is InputKind.CHOICE
    assert kinds["data.sensitive_subjects_count"] is InputKind.COUNT


@pytest.mark.parametrize(
    ("path", "value", "lang", "shown"),
    [
        ("times.aware_at", "2024-01-20T13:00:00Z", "sv", "20 januari 2024 kl. 14:00 (CET)"),
        ("data.subjects_count", {"value": 4900, "precision": "approximate"}, "en", "about 4,900"),
        ("description.kinds", ["availability"], "sv", "Tillgänglighet"),
        ("data.subjects_count", NOT_YET_KNOWN, "en", "Not yet known"),
        ("data.not_yet_known", ["subjects_count"], "en", _label("data.subjects_count", "en")),
        ("times.ongoing", None, "sv", "–"),
        ("circumstances.exposure_hours", 1.5, "sv", "1,5 timmar"),
        ("circumstances.unavailable_hours", 1, "en", "1 hour"),
        (
            "circumstances.device_state",
            ["powered_off", "remote_wiped"],
            "en",
            "Powered off, Wiped remotely",
        ),
        ("circumstances.care_affected", "possible", "sv", CareImpact.POSSIBLE.label("sv")),
    ],
)
def test_answers_read_as_short_lines(path, value, lang, shown):
    assert answers.short(path, value, lang) == shown


# -- the assessment and the decision -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_assessment_shows_outcome_severity_reasons_and_labels_not_paths(
    signed_in_app, app_resources, open_page, lang
):
    ref = _first_report(app_resources, hours_ago=2)
    app = open_page(signed_in_app(incident=ref, lang=lang), "assessment").run()
    _no_trouble(app)
    judged = app_resources.workspace.assessment(ref)
    assert any(judged.outcome.label(lang) in text for text in _texts(app.success))
    captions = " ".join(_texts(app.caption))
    assert "data.data_categories" not in captions
    assert _label("data.data_categories", lang) in captions
    assert judged.missing  # exfiltration is not yet known in the first report
    shown = " ".join(_texts(app.markdown) + [str(b.label) for b in app.button])
    for missing in judged.missing:
        assert missing.question(lang) in shown


@dataclass(frozen=True)
class _Open:
    """An open question as the assessment page reads one (only these attributes)."""

    path: str
    question: Text
    state: Text
    would_change: Text
    changes_outcome: bool


def _open_question(path: str, *, weighty: bool) -> _Open:
    [question] = [q for q in questions() if q.path == path]
    return _Open(
        path,
        question.label,
        Text("ännu inte känt", "not yet known"),
        Text("Kan ändra något.", "Could change something."),
        weighty,
    )


def _go_buttons(app: AppTest, ref: str) -> list:
    return [b for b in app.button if b.key and b.key.startswith(f"br_a_go.{ref}.")]


@pytest.mark.parametrize("lang", LANGS)
def test_open_questions_that_could_change_a_duty_come_first_and_lead_to_their_question(
    signed_in_app, app_resources, open_page, monkeypatch, lang
):
    ref = _first_report(app_resources, hours_ago=2)
    judged = app_resources.workspace.assessment(ref)
    lesser = _open_question("circumstances.notes", weighty=False)
    weighty = _open_question("data.records_count", weighty=True)
    shown = dataclasses.replace(judged, missing=(lesser, weighty))
    monkeypatch.setattr(Workspace, "assessment", lambda self, ref, **_: shown)
    app = open_page(signed_in_app(incident=ref, lang=lang), "assessment").run()
    _no_trouble(app)
    buttons = _go_buttons(app, ref)
    assert [lesser.question(lang) in b.label for b in buttons] == [False, True]
    assert weighty.question(lang) in buttons[0].label
    headings = _texts(app.markdown)
    could, others = (
        f"**{assessment_page.COULD_CHANGE(lang)}**",
        f"**{assessment_page.OTHERS(lang)}**",
    )
    assert headings.index(could) < headings.index(others)

    buttons[1].click().run()  # the lesser one: the risk section's notes
    _no_trouble(app)
    [title] = _texts(app.title)
    assert title.startswith(texts.NAV_QUESTIONS(lang))
    assert app.session_state[f"br_q_open.{ref}.circumstances"] is True
    [expander] = [e for e in app.expander if e.label.startswith("R · ")]
    assert expander.proto.expanded
    assert _widget(app.text_area, "circumstances.notes", lang)  # built: its section is open
    section = answers.section_label("circumstances", lang)
    assert any(
        section in text and _label("circumstances.notes", lang) in text for text in _texts(app.info)
    )
    # Only once: the next run leaves the folds as the DPO has them.
    assert not app.session_state["br_incident_pages"]["focus"]


def test_an_open_question_asked_first_is_pointed_to_at_the_top(
    signed_in_app, app_resources, open_page, monkeypatch
):
    ref = _first_report(app_resources, hours_ago=2)
    facts = app_resources.workspace.incident(ref).facts
    first = walk.priority(facts)[0]
    judged = app_resources.workspace.assessment(ref)
    shown = dataclasses.replace(judged, missing=(_open_question(first, weighty=True),))
    monkeypatch.setattr(Workspace, "assessment", lambda self, ref, **_: shown)
    app = open_page(signed_in_app(incident=ref, lang="en"), "assessment").run()
    [button] = _go_buttons(app, ref)
    button.click().run()
    _no_trouble(app)
    expected = section_editor.FOCUS_FIRST.en.format(question=literal(_label(first, "en")))
    assert expected in _texts(app.info)
    assert section_editor.FROM_ASSESSMENT.en in " ".join(_texts(app.markdown))  # its badge


def test_the_decision_form_records_an_override_with_a_reason(
    signed_in_app, app_resources, open_page
):
    ref = _first_report(app_resources, hours_ago=2)
    recommended = app_resources.workspace.assessment(ref).outcome
    other = next(o for o in Outcome if o is not recommended)
    app = open_page(signed_in_app(incident=ref, lang="en"), "assessment").run()
    [choice] = [r for r in app.radio if r.label == assessment_page.CHOOSE.en]
    assert choice.value is recommended

    choice.set_value(other)
    app.form_submit_button[0].click().run()
    assert RULES["decision_override_reason"].en in _texts(app.error)
    assert app_resources.workspace.incident(ref).facts.decision.outcome is None

    [reason] = [w for w in app.text_area if w.label == assessment_page.REASON.en]
    reason.set_value("The forensic report rules out exfiltration.")
    app.form_submit_button[0].click().run()
    _no_trouble(app)
    assert assessment_page.RECORDED.en in _texts(app.success)
    decision = app_resources.workspace.incident(ref).facts.decision
    assert decision.outcome is other
    assert decision.follows_recommendation is False
    assert decision.reason == "The forensic report rules out exfiltration."
    assert decision.decided_by == "Karin Holm"
    assert assessment_page.OVERRIDES.en in _texts(app.markdown)


def test_only_the_dpo_sees_the_decision_and_filing_forms(signed_in_app, app_resources, open_page):
    demo = load_demo(app_resources.workspace)
    dpo = app_resources.accounts.list()[0]
    reviewer = app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password="fyra gröna äpplen i korgen",
        role=Role.LEGAL_REVIEWER,
    )

    def as_reviewer(page: str) -> AppTest:
        app = app_session(account_id=reviewer.id, incident=demo.reference)
        return open_page(app, page).run()

    # Not assigned yet: the screens refuse, as the services do.
    refused = as_reviewer("assessment")
    assert not refused.exception
    shown = " ".join(e.value for e in refused.error) + " ".join(_texts(refused.main.markdown))
    assert "Bara dataskyddsombudet" not in " ".join(_texts(refused.caption)), shown
    assert refused.error, shown
    app_resources.workspace.reviews.assign_reviewer(
        actor=dpo.actor, ref=demo.reference, reviewer=reviewer.actor
    )
    for page in ("assessment", "filings"):
        app = as_reviewer(page)
        _no_trouble(app)
        assert not app.form_submit_button
        assert any("Bara dataskyddsombudet" in text for text in _texts(app.caption))


# -- the clocks and the history ------------------------------------------------------------------


def test_the_clocks_show_every_deadline_and_red_under_12_hours(
    signed_in_app, app_resources, open_page
):
    ref = _first_report(app_resources, hours_ago=65)
    app = open_page(signed_in_app(incident=ref), "deadlines").run()
    _no_trouble(app)
    clocks = app_resources.workspace.clocks(ref)
    main = app.main
    boxes = [main.markdown, main.error, main.info, main.success, main.caption]
    shown = " ".join(text for box in boxes for text in _texts(box))
    for clock in clocks:
        assert literal(clock.label("sv")) in shown
        assert clock.basis("sv").split(":")[0] in shown
    assert any("Anmälan till IMY (72 timmar)" in text for text in _texts(app.main.error))


def test_a_missed_deadline_is_shown_as_missed(signed_in_app, app_resources, open_page):
    ref = _first_report(app_resources, hours_ago=80)
    app = open_page(signed_in_app(incident=ref, lang="en"), "deadlines").run()
    _no_trouble(app)
    [art33] = [text for text in _texts(app.main.error) if "Notification to IMY" in text]
    assert "Missed" in art33 and "overdue" in art33


@pytest.mark.parametrize("lang", LANGS)
def test_the_history_shows_who_changed_what_when_in_which_role(
    signed_in_app, app_resources, open_page, lang
):
    demo = load_demo(app_resources.workspace)
    app = open_page(signed_in_app(incident=demo.reference, lang=lang), "history").run()
    _no_trouble(app)
    [table] = app.dataframe
    rows = table.value.to_dict("records")
    assert len(rows) == len(app_resources.workspace.history(demo.reference))
    first = rows[-1]  # latest first: the opening is last
    assert first[history.WHO(lang)] == "Karin Holm"
    assert first[history.ROLE(lang)] == Role.DPO.label(lang)
    assert first[history.WHAT(lang)] == history.KINDS["opened"](lang)
    assert first[history.WHEN(lang)].startswith("20 ")
    assert _label("times.aware_at", lang) in first[history.QUESTIONS(lang)]
    supplier = [r for r in rows if r[history.WHO(lang)] == "Omar Haddad"]
    assert supplier and supplier[0][history.ROLE(lang)] == Role.SUPPLIER_CONTACT.label(lang)
    decided = [r for r in rows if r[history.WHAT(lang)] == history.KINDS["decided"](lang)]
    assert decided[0][history.REASON(lang)].startswith("Utskrivningar försenades")
    assert "→" in decided[0][history.CHANGES(lang)]


# -- filings -------------------------------------------------------------------------------------


def _file(app: AppTest, kind: FilingKind) -> AppTest:
    app.radio(key=f"br_f_kind.{app.session_state['br_incident']}").set_value(kind)
    app.run()  # the warnings follow the kind before anything is confirmed
    app.checkbox(key=f"br_f_sure.{app.session_state['br_incident']}").check()
    return app.button(key=f"br_f_go.{app.session_state['br_incident']}").click().run()


def test_filing_a_preliminary_notification_from_the_page(signed_in_app, app_resources, open_page):
    ref = _first_report(app_resources, hours_ago=2)
    app = open_page(signed_in_app(incident=ref), "filings").run()
    _no_trouble(app)
    assert [k for k in app.radio(key=f"br_f_kind.{ref}").options] == [
        FilingKind.PRELIMINARY.label("sv"),
        FilingKind.COMPLETE.label("sv"),
    ]
    _file(app, FilingKind.PRELIMINARY)
    _no_trouble(app)
    [filed] = app_resources.workspace.filings(ref)
    assert filed.kind is FilingKind.PRELIMINARY
    assert any("nr 1" in text for text in _texts(app.success))
    assert app.radio(key=f"br_f_kind.{ref}").options == [
        FilingKind.SUPPLEMENT.label("sv"),
        FilingKind.COMPLETE.label("sv"),
    ]


def test_filing_needs_the_confirmation(signed_in_app, app_resources, open_page):
    ref = _first_report(app_resources, hours_ago=2)
    app = open_page(signed_in_app(incident=ref), "filings").run()
    app.button(key=f"br_f_go.{ref}").click().run()
    assert filings.CONFIRM_FIRST.sv in _texts(app.error)
    assert app_resources.workspace.filings(ref) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_late_filing_asks_for_the_reasons_for_the_delay_then_files(
    signed_in_app, app_resources, open_page, lang
):
    ref = _first_report(app_resources, hours_ago=100)
    app = open_page(signed_in_app(incident=ref, lang=lang), "filings").run()
    assert filings.LATE(lang) in _texts(app.warning)
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY).run()
    # Before anything is clicked: the reasons are asked for, and filing waits for them.
    [todo] = [text for text in _texts(app.main.info) if filings.REFUSED(lang) in text]
    assert "72" in todo and _label("times.delay_reasons", lang) in todo
    assert app.button(key=f"br_f_go.{ref}").disabled

    reasons = "Leverantören bekräftade först efter helgen att patientuppgifter berördes."
    app.text_area(key=f"br_f_delay_text.{ref}").set_value(reasons).run()
    app.checkbox(key=f"br_f_sure.{ref}").check()
    app.button(key=f"br_f_go.{ref}").click().run()
    _no_trouble(app)
    [filed] = app_resources.workspace.filings(ref)
    assert filed.kind is FilingKind.PRELIMINARY
    # Filing metadata, not a new version of the facts.
    assert filed.delay_reasons == reasons and filed.facts.times.delay_reasons is None
    assert app_resources.workspace.incident(ref).version == 1


def test_recording_imys_case_number(signed_in_app, app_resources, open_page):
    ref = _first_report(app_resources, hours_ago=2)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.file(actor=dpo.actor, ref=ref, kind=FilingKind.PRELIMINARY)
    app = open_page(signed_in_app(incident=ref, lang="en"), "filings").run()

    app.text_input(key=f"br_f_case_number.{ref}").set_value("2024/1234")
    [save] = [b for b in app.form_submit_button if b.label == filings.CASE_SAVE.en]
    save.click().run()
    assert filings.CASE_FORMAT.en in _texts(app.error)

    app.text_input(key=f"br_f_case_number.{ref}").set_value(" imy-2024-1234 ")
    [save] = [b for b in app.form_submit_button if b.label == filings.CASE_SAVE.en]
    save.click().run()
    _no_trouble(app)
    [filed] = app_resources.workspace.filings(ref)
    assert filed.case_number == "IMY-2024-1234"
    [table] = app.dataframe
    assert table.value.to_dict("records")[0][filings.CASE.en] == "IMY-2024-1234"


def test_a_download_makes_the_notification_only_when_clicked(
    signed_in_app, app_resources, open_page, monkeypatch
):
    demo = load_demo(app_resources.workspace)
    made: dict[str, object] = {}

    def register(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        made[file_name] = data_callable
        return f"deferred-{len(made)}"

    rendered = []
    render = Workspace.render

    def counting(self, **kwargs):
        rendered.append(kwargs)
        return render(self, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)
    monkeypatch.setattr(Workspace, "render", counting)
    app = open_page(signed_in_app(incident=demo.reference), "filings").run()
    _no_trouble(app)
    assert len(rendered) == 1 and rendered[0]["fmt"] == "html"  # the preview only
    ref = demo.reference
    for which in ("draft", "1-preliminary", "2-supplement"):
        for code in LANGS:
            for fmt in ("md", "html", "docx", "pdf"):
                assert f"{ref}.imy-notification.{which}.{code}.{fmt}" in made
    history = app_resources.workspace.history
    assert not [e for e in history(ref) if e.kind == "document_downloaded"]

    draft = made[f"{ref}.imy-notification.draft.sv.md"]()
    assert b"Region Nordmark" in draft
    assert history(ref)[-1].kind == "document_downloaded"
    assert history(ref)[-1].document == "imy-notification · sv · md"
    frozen = made[f"{ref}.imy-notification.1-preliminary.en.html"]()
    assert frozen == app_resources.workspace.render(ref=ref, lang="en", fmt="html", filing_seq=1)
    assert frozen.startswith(b"<!DOCTYPE html>")


# -- how fast a guided step reruns ---------------------------------------------------------------
