"""The DPO's walk with Streamlit's AppTest: the first report in one submit, then the questions on one
page with one save, the ones that matter first, English under the Swedish, contradictions and bad
counts at their question, and processors and other authorities as plain repeatable forms.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from conftest import APP_FILE
from questions_support import unfold
from streamlit.testing.v1 import AppTest
from ui_support import shown as _texts

from breachreport.demo.scenario import ORGANISATION
from breachreport.domain import walk
from breachreport.domain.assessment import assess
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts
from breachreport.domain.filing_rules import filing_problems
from breachreport.domain.problems import RULES
from breachreport.domain.times import utc_now
from breachreport.services.accounts import OrganisationProfile
from breachreport.ui import texts
from breachreport.ui.incident import answers, entries, section_editor
from breachreport.ui.incident.questions import STEPS

first_report = import_module("breachreport.ui.shell.new_incident")

LANGS = ["sv", "en"]
PROFILE = {
    "name": "Region Nordmark",
    "org_number": "232199-0000",
    "postal_address": "Box 700\n901 89 Nordstad",
    "sector": "region",
    "dpo_name": "Karin Holm",
    "dpo_email": "dataskyddsombud@nordmark.example.se",
}
SUMMARY = (
    "Driftleverantören till systemet för samordnad utskrivning har drabbats av "
    "utpressningsvirus; patientuppgifterna går inte att nå."
)


def _no_trouble(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert texts.UNEXPECTED.sv not in _texts(app.error)


def _profile(resources, **answers) -> None:
    dpo = resources.accounts.list()[0]
    resources.accounts.save_organisation(
        by=dpo, profile=OrganisationProfile.parse({**PROFILE, **answers})
    )


def _first_report_page(signed_in_app, lang: str = "sv") -> AppTest:
    app = signed_in_app(lang=lang).run()
    app.button(key="br_overview_new").click().run()
    assert _texts(app.title) == [first_report.TITLE(lang)]
    return app


def _fill_first_report(app: AppTest, lang: str = "sv") -> None:
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    app.text_input(key="br_new_system").set_value("Samplan, system för samordnad utskrivning")
    app.text_input(key="br_new_supplier").set_value("Samplan Systems AB")
    app.multiselect(key=f"br_new_data.{lang}").set_value(["identity", "personal_number", "health"])
    app.multiselect(key=f"br_new_subjects.{lang}").set_value(["patients"])
    app.number_input(key="br_new_count").set_value(4300)
    app.multiselect(key=f"br_new_kinds.{lang}").set_value(["availability"])
    app.selectbox(key=f"br_new_type.{lang}").set_value("malware")


def _submit(app: AppTest) -> AppTest:
    return app.form_submit_button[0].click().run()


def _open(resources, **changes) -> str:
    dpo = resources.accounts.list()[0]
    return resources.workspace.open_incident(
        actor=dpo.actor, changes={**ORGANISATION, **changes}
    ).reference


def _questions(signed_in_app, open_page, ref: str, lang: str = "sv") -> AppTest:
    """The questions page with every section opened, as a DPO working through them has it."""
    app = unfold(open_page(signed_in_app(incident=ref, lang=lang), "questions").run(), ref)
    _no_trouble(app)
    return app


def _save(app: AppTest) -> AppTest:
    [button] = [b for b in app.button if b.key and b.key.endswith(".save")]
    return button.click().run()


def _by_label(elements, path: str, lang: str = "sv"):
    [found] = [w for w in elements if w.label == answers.label(path, lang)]
    return found


def _entry_key(app: AppTest, ref: str, path: str, entry: int, column: str) -> str:
    [save] = [b.key for b in app.button if b.key and b.key.endswith(".save")]
    return f"{save.removesuffix('.save')}.{path}.{entry}.{column}"


# -- the first report ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_report_opens_an_incident_a_preliminary_filing_can_be_made_of(
    signed_in_app, app_resources, lang
):
    _profile(app_resources)
    app = _first_report_page(signed_in_app, lang)
    _no_trouble(app)
    _fill_first_report(app, lang)
    _submit(app)
    _no_trouble(app)

    [row] = app_resources.workspace.register()
    ref = row.reference
    assert _texts(app.success) == [first_report.STARTED(lang).format(ref=ref)]
    facts = app_resources.workspace.incident(ref).facts
    assert facts.description.summary == SUMMARY
    assert [p.model_dump(exclude_none=True) for p in facts.description.processors] == [
        {
            "name": "Samplan Systems AB",
            "role": "processor",
            "system": "Samplan, system för samordnad utskrivning",
        }
    ]
    assert [c.value for c in facts.data.data_categories] == [
        "identity",
        "personal_number",
        "health",
    ]
    assert [c.value for c in facts.data.subject_categories] == ["patients"]
    count = facts.data.subjects_count
    assert (count.value, count.precision.value) == (4300, "approximate")
    assert [k.value for k in facts.description.kinds] == ["availability"]
    assert facts.description.breach_type.value == "malware"
    assert utc_now() - facts.times.aware_at < timedelta(minutes=2)  # "now" by default
    # What the app knows already: the profile, the DPO's own account, and the reference.
    assert facts.controller.name == PROFILE["name"]
    assert facts.controller.own_reference == ref
    assert facts.contact.contact_name == "Karin Holm"
    assert facts.contact.contact_email == "dpo@nordmark.example.se"  # the account's username
    # Nothing else is needed before a preliminary notification can be filed.
    assert filing_problems(facts, FilingKind.PRELIMINARY, filed_at=utc_now()) == []


def test_not_yet_known_is_one_click_for_each_choice_of_the_first_report(
    signed_in_app, app_resources
):
    _profile(app_resources, contact_name="Karin Holm", contact_phone="090-785 00 00")
    app = _first_report_page(signed_in_app)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    app.selectbox(key="br_new_type.sv").set_value("malware")
    for name in ("data", "subjects", "count", "kinds"):
        app.checkbox(key=f"br_new_{name}_unknown").check()
    _submit(app)
    _no_trouble(app)
    [row] = app_resources.workspace.register()
    facts = app_resources.workspace.incident(row.reference).facts
    assert facts.data.not_yet_known == ["subjects_count", "subject_categories", "data_categories"]
    assert facts.description.not_yet_known == ["kinds"]
    assert facts.contact.contact_email is None  # the profile's phone is enough
    assert facts.description.processors is None  # no supplier named
    assert filing_problems(facts, FilingKind.PRELIMINARY, filed_at=utc_now()) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_negative_count_in_the_first_report_is_refused_in_the_users_language(
    signed_in_app, app_resources, lang
):
    app = _first_report_page(signed_in_app, lang)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    app.number_input(key="br_new_count").set_value(-5)
    _submit(app)
    _no_trouble(app)
    [message] = _texts(app.error)
    assert RULES["count_positive"](lang) in message
    assert app_resources.workspace.register() == []
    assert app.number_input(key="br_new_count").value == -5  # kept for correcting


@pytest.mark.parametrize("lang", LANGS)
def test_a_system_without_its_supplier_is_asked_for_not_dropped(signed_in_app, app_resources, lang):
    app = _first_report_page(signed_in_app, lang)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    app.text_input(key="br_new_system").set_value("Utskrivningssystemet")
    _submit(app)
    [message] = _texts(app.error)
    assert first_report.NEED_SUPPLIER(lang) in message
    assert app_resources.workspace.register() == []


def test_an_answer_and_not_yet_known_together_are_refused(signed_in_app, app_resources):
    app = _first_report_page(signed_in_app)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    app.multiselect(key="br_new_kinds.sv").set_value(["availability"])
    app.checkbox(key="br_new_kinds_unknown").check()
    _submit(app)
    [message] = _texts(app.error)
    assert first_report.BOTH.sv in message
    assert app_resources.workspace.register() == []


# -- the questions in the order that matters -----------------------------------------------------


def test_the_questions_that_could_change_a_duty_come_first_then_what_a_filing_needs(
    signed_in_app, app_resources, open_page
):
    ref = _open(
        app_resources,
        **{
            "times.aware_at": (utc_now() - timedelta(hours=2)).isoformat(),
            "description.summary": SUMMARY,
            "description.breach_type": "malware",
            "data.data_categories": ["identity", "personal_number", "health"],
            "data.subject_categories": ["patients"],
        },
    )
    facts = app_resources.workspace.incident(ref).facts
    duties = [m.path for m in assess(facts).missing if m.changes_outcome]
    assert duties  # e.g. whether data were taken out
    app = _questions(signed_in_app, open_page, ref, "en")
    first = walk.priority(facts)
    assert first[: len(duties)] == duties
    # Each says what its answer would change, as the assessment page does.
    for missing in assess(facts).missing:
        assert missing.would_change.en in _texts(app.info)
    assert first[len(duties) :] == ["description.kinds", "data.subjects_count"]
    # Shown in that order, above the sections, each question once on the page.
    labels = [answers.label(path, "en") for path in first]
    shown = [w.label for w in app.main.get("selectbox") + app.main.get("multiselect")] + [
        w.label for w in app.main.get("number_input") + app.main.get("button_group")
    ]
    for label in labels:
        assert shown.count(label) == 1, label
    everything = [w.label for w in app.main.get("text_area") + app.main.get("text_input")]
    assert everything.count(answers.label("description.summary", "en")) == 1
    assert [s for s in _texts(app.header)] == [
        section_editor.FIRST.en,
        section_editor.MORE.en,
    ]
    # The sections below open folded, and a folded section is not built (the page stays quick);
    # neither the English texts nor the decision is among them.
    assert "english" not in STEPS and "decision" not in STEPS
    fresh = open_page(signed_in_app(incident=ref, lang="en"), "questions").run()
    assert fresh.expander and all(not e.proto.expanded for e in fresh.expander)
    built = [w.label for w in fresh.main.get("text_area")]
    assert answers.label("measures.taken", "en") not in built
    assert answers.label("measures.taken", "en") in everything
    assert not any("English texts" in e.label for e in app.expander)


def test_questions_a_preliminary_filing_needs_are_marked(signed_in_app, app_resources, open_page):
    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, "en")
    marks = [m for m in _texts(app.markdown) if section_editor.NEEDED.en in m]
    assert len(marks) == len(walk.PRELIMINARY_NEEDS)


def test_one_save_keeps_answers_from_the_top_and_from_the_sections(
    signed_in_app, app_resources, open_page
):
    ref = _open(app_resources, **{"description.summary": SUMMARY})
    app = _questions(signed_in_app, open_page, ref)
    _by_label(app.selectbox, "description.breach_type").set_value("malware")  # on top
    _by_label(app.text_area, "measures.taken").set_value("Manuella rutiner infördes.")  # below
    [english] = [w for w in app.text_area if w.key.endswith(".english.description_summary")]
    english.set_value("The hosting provider was hit by ransomware.")
    _save(app)
    _no_trouble(app)
    assert texts.SAVED.sv in _texts(app.success)
    facts = app_resources.workspace.incident(ref).facts
    assert facts.description.breach_type.value == "malware"
    assert facts.measures.taken == "Manuella rutiner infördes."
    assert facts.english.description_summary == "The hosting provider was hit by ransomware."
    [entry] = app_resources.workspace.history(ref)[-1:]
    assert set(entry.fields) == {
        "description.breach_type",
        "measures.taken",
        "english.description_summary",
    }


def test_every_translatable_question_has_its_english_input_right_under_it(
    signed_in_app, app_resources, open_page
):
    from breachreport.domain.translations import TRANSLATABLE

    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, "en")
    inputs = app.main.get("text_area") + app.main.get("text_input")
    labels = [w.label for w in inputs]
    for path in TRANSLATABLE:
        at = labels.index(answers.label(path, "en"))
        assert labels[at + 1] == section_editor.IN_ENGLISH.en, path


@pytest.mark.parametrize("lang", LANGS)
def test_a_negative_count_is_refused_at_its_question_and_never_said_to_be_saved(
    signed_in_app, app_resources, open_page, lang
):
    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, lang)
    _by_label(app.number_input, "data.records_count", lang).set_value(-3)
    _save(app)
    _no_trouble(app)
    assert RULES["count_positive"](lang) in _texts(app.error)
    assert texts.SAVED(lang) not in _texts(app.success)
    assert app_resources.workspace.incident(ref).facts.data.records_count is None
    assert _by_label(app.number_input, "data.records_count", lang).value == -3
    # No browser-side minimum, which would refuse in English and let the form save without it.
    assert not any(w.proto.has_min for w in app.number_input)


@pytest.mark.parametrize("lang", LANGS)
def test_a_contradiction_is_flagged_at_its_question_after_the_save(
    signed_in_app, app_resources, open_page, lang
):
    from breachreport.domain.contradictions import contradictions

    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, lang)
    _by_label(app.selectbox, "communication.status", lang).set_value("will_not_inform")
    _by_label(app.multiselect, "communication.channels", lang).set_value(["letter"])
    _save(app)
    _no_trouble(app)
    assert texts.SAVED(lang) in _texts(app.success)  # a warning, not a refusal
    facts = app_resources.workspace.incident(ref).facts
    [problem] = contradictions(facts)
    assert problem.text(lang) in _texts(app.warning)
    [section] = [e for e in app.expander if e.label.startswith("I · ")]
    assert section.proto.expanded  # opened where the warning is


# -- processors and other authorities as repeatable forms ----------------------------------------


def test_a_processor_is_typed_into_plain_inputs_and_another_added_without_losing_text(
    signed_in_app, app_resources, open_page
):
    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref)
    path = "description.processors"
    name = app.text_input(key=_entry_key(app, ref, path, 0, "name"))
    assert name.value == ""  # never "None"
    name.set_value("Samplan Systems AB")
    app.text_input(key=_entry_key(app, ref, path, 0, "system")).set_value("Samplan")
    [add] = [b for b in app.button if b.key == _entry_key(app, ref, path, 0, "x")[:-4] + ".add"]
    add.click().run()
    _no_trouble(app)
    assert app.text_input(key=_entry_key(app, ref, path, 0, "name")).value == "Samplan Systems AB"
    app.text_input(key=_entry_key(app, ref, path, 1, "name")).set_value("Driftcenter Norden AB")
    role = app.selectbox(key=_entry_key(app, ref, path, 1, "role") + ".sv")
    role.set_value("sub_processor")
    assert texts.SAVED.sv not in _texts(app.success)  # adding an entry saves nothing
    _save(app)
    _no_trouble(app)
    assert texts.SAVED.sv in _texts(app.success)
    processors = app_resources.workspace.incident(ref).facts.description.processors
    assert [(p.name, p.role.value, p.system) for p in processors] == [
        ("Samplan Systems AB", "processor", "Samplan"),
        ("Driftcenter Norden AB", "sub_processor", None),
    ]

    # Removing one keeps the other; nothing is saved until the save.
    app.button(key=_entry_key(app, ref, path, 0, "remove")).click().run()
    _no_trouble(app)
    assert app.text_input(key=_entry_key(app, ref, path, 1, "name")).value == (
        "Driftcenter Norden AB"
    )
    _save(app)
    processors = app_resources.workspace.incident(ref).facts.description.processors
    assert [p.name for p in processors] == ["Driftcenter Norden AB"]


def test_the_invited_supplier_is_offered_as_the_processor(signed_in_app, app_resources, open_page):
    ref = _open(app_resources)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        contact_email="omar.haddad@samplan.example.se",
        sections=["measures"],
        expires_at=utc_now() + timedelta(days=7),
    )
    app = _questions(signed_in_app, open_page, ref)
    path = "description.processors"
    [offer] = [
        b for b in app.button if b.label == entries.ADD_INVITED.sv.format(name="Omar Haddad")
    ]
    offer.click().run()
    _no_trouble(app)
    assert app.text_input(key=_entry_key(app, ref, path, 1, "name")).value == "Omar Haddad"
    assert not [b for b in app.button if b.label.startswith("Lägg till Omar")]  # offered once
    _save(app)
    processors = app_resources.workspace.incident(ref).facts.description.processors
    assert [p.name for p in processors] == ["Omar Haddad"]


def test_a_report_to_another_authority_is_a_small_group_of_inputs(
    signed_in_app, app_resources, open_page
):
    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, "en")
    path = "other.reports"
    authority = app.selectbox(key=_entry_key(app, ref, path, 0, "authority") + ".en")
    assert authority.value is None
    authority.set_value("police")
    app.text_input(key=_entry_key(app, ref, path, 0, "reference")).set_value("5000-K100412-24")
    _save(app)
    _no_trouble(app)
    [report] = app_resources.workspace.incident(ref).facts.other.reports
    assert (report.authority.value, report.reference) == ("police", "5000-K100412-24")


def test_an_empty_processor_group_is_not_an_answer(signed_in_app, app_resources, open_page):
    ref = _open(app_resources, **{"data.subjects_count": NOT_YET_KNOWN})
    app = _questions(signed_in_app, open_page, ref)
    _by_label(app.text_area, "measures.planned").set_value("Avtalen ses över.")
    _save(app)
    _no_trouble(app)
    facts = app_resources.workspace.incident(ref).facts
    assert facts.description.processors is None
    assert set(app_resources.workspace.history(ref)[-1].fields) == {"measures.planned"}


def test_without_a_profile_the_dpos_own_account_is_the_contact_and_the_dpo(
    signed_in_app, app_resources
):
    app = _first_report_page(signed_in_app)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    _submit(app)
    _no_trouble(app)
    [row] = app_resources.workspace.register()
    contact = app_resources.workspace.incident(row.reference).facts.contact
    assert (contact.contact_name, contact.contact_email) == (
        "Karin Holm",
        "dpo@nordmark.example.se",
    )
    assert (contact.dpo_name, contact.dpo_email) == ("Karin Holm", "dpo@nordmark.example.se")


def test_the_accounts_address_never_goes_with_another_persons_name(signed_in_app, app_resources):
    _profile(app_resources, contact_name="Eva Lind")
    app = _first_report_page(signed_in_app)
    app.text_area(key="br_new_summary").set_value(SUMMARY)
    _submit(app)
    [row] = app_resources.workspace.register()
    contact = app_resources.workspace.incident(row.reference).facts.contact
    assert (contact.contact_name, contact.contact_email) == ("Eva Lind", None)
    assert contact.dpo_name == PROFILE["dpo_name"]


def test_a_supplier_adds_the_sub_processor_in_the_same_plain_inputs(app_resources, monkeypatch):
    """The supplier's form asks the processors the same way; adding an entry sends nothing."""
    monkeypatch.setattr(app_resources.workspace.invitations.throttle, "sleep", lambda _: None)
    ref = _open(
        app_resources,
        **{"description.processors": [{"name": "Samplan Systems AB", "role": "processor"}]},
    )
    dpo = app_resources.accounts.list()[0]
    _, token = app_resources.workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        sections=["description"],
        expires_at=utc_now() + timedelta(days=7),
    )
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_lang"] = "sv"
    app.query_params["invite"] = token
    app.run()
    _no_trouble(app)
    names = [w for w in app.text_input if w.key.endswith(".description.processors.0.name")]
    assert [w.value for w in names] == ["Samplan Systems AB"]
    assert not [b for b in app.button if b.label.startswith("Lägg till Omar")]  # DPO's offer only
    [add] = [b for b in app.button if b.key.endswith(".description.processors.add")]
    add.click().run()
    _no_trouble(app)
    assert app_resources.workspace.proposals.pending(ref=ref, actor=dpo.actor) == []
    [new] = [w for w in app.text_input if w.key.endswith(".description.processors.1.name")]
    new.set_value("Driftcenter Norden AB")
    [send] = [b for b in app.button if b.key and b.key.endswith(".send")]
    send.click().run()
    _no_trouble(app)
    [proposal] = app_resources.workspace.proposals.pending(ref=ref, actor=dpo.actor)
    [change] = proposal.changes
    assert [p["name"] for p in change.proposed] == ["Samplan Systems AB", "Driftcenter Norden AB"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_personal_identity_number_in_the_first_report_is_warned_about_at_once(
    signed_in_app, app_resources, lang
):
    app = _first_report_page(signed_in_app, lang)
    app.text_area(key="br_new_summary").set_value("Journalen för 19121212-1212 är krypterad.")
    _submit(app)
    _no_trouble(app)
    [warning] = _texts(app.warning)
    assert "19121212-••••" in warning and "1212 " not in warning
    assert first_report.LOOKS_PERSONAL(lang).split("{")[0] in warning
    [row] = app_resources.workspace.register()  # a warning, never a refusal
    app.button(key="br_new_another").click().run()
    assert not app.warning or "19121212" not in " ".join(_texts(app.warning))


# -- the order itself (pure) ---------------------------------------------------------------------


def test_either_half_of_the_contact_channel_answers_both():
    from breachreport.domain.changes import apply

    facts = apply(Facts(), {"contact.contact_phone": "090-785 00 00"})
    assert walk.done(facts, "contact.contact_email") and walk.done(facts, "contact.contact_phone")
    assert not {"contact.contact_phone", "contact.contact_email"} & set(walk.still_needed(facts))
    empty = Facts()
    assert walk.still_needed(empty)[-2:] == ["contact.contact_phone", "contact.contact_email"]


def test_optional_questions_never_count_and_not_yet_known_counts_as_done():
    from breachreport.domain.changes import apply

    empty = Facts()
    done, total = walk.progress(empty)
    assert done == 0
    marked = apply(empty, {"data.subjects_count": NOT_YET_KNOWN, "other.other_info": "Övrigt."})
    assert walk.progress(marked) == (1, total)  # the optional answer adds nothing
    assert walk.progress(marked, "other") == (0, 0)
    assert walk.needed_for_preliminary("description.summary")
    assert not walk.needed_for_preliminary("description.title_internal")


@pytest.mark.parametrize("lang", LANGS)
def test_a_processor_without_a_name_is_explained_at_its_entry(
    signed_in_app, app_resources, open_page, lang
):
    ref = _open(app_resources)
    app = _questions(signed_in_app, open_page, ref, lang)
    path = "description.processors"
    app.text_input(key=_entry_key(app, ref, path, 0, "system")).set_value("Samplan")
    _save(app)
    _no_trouble(app)
    [message] = [e for e in _texts(app.error) if e.startswith(entries.ENTRY(lang).format(number=1))]
    assert entries.PROCESSOR_COLUMNS[0].label(lang).lower() in message
    assert app_resources.workspace.incident(ref).facts.description.processors is None
    assert app.text_input(key=_entry_key(app, ref, path, 0, "system")).value == "Samplan"
