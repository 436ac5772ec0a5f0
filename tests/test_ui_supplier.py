"""The supplier contact's link page, driven with Streamlit's AppTest: opening a link, seeing only
the invited sections, proposing changes, following one's proposals, attaching evidence, and one
neutral message for every link that cannot be used, in Swedish and English.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import pytest
from collaboration_support import MINIMUM, PDF
from conftest import APP_FILE
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest
from ui_support import app_session, no_trouble

from breachreport.domain.facts import questions
from breachreport.domain.problems import RULES
from breachreport.domain.status import Role
from breachreport.domain.times import utc_now
from breachreport.errors import PermissionDenied
from breachreport.services.permissions import Actor
from breachreport.ui import texts
from breachreport.ui.incident import evidence as shared_evidence
from breachreport.ui.supplier import evidence as evidence_page
from breachreport.ui.supplier import link, proposal_form, sent
from breachreport.ui.supplier import page as supplier_page

LANGS = ["sv", "en"]
INVITED = ("measures", "circumstances")
CONTACT = "Omar Haddad"
INTERNAL_TITLE = "Kryptolåsning hos Samplan"
TAKEN = "Samplan isolerade servern och bytte alla lösenord."
OTHER_PAGES = ["overview", "new", "questions", "assessment", "filings", "history", "users"]


@pytest.fixture
def quick_refusals(app_resources, monkeypatch):
    """Refused links without the growing wait: the slowdown is the services' own test."""
    monkeypatch.setattr(app_resources.workspace.invitations.throttle, "sleep", lambda _: None)


@pytest.fixture
def case(app_resources, quick_refusals):
    """An incident with the DPO's internal title, another incident, and a link to two sections."""
    workspace = app_resources.workspace
    dpo = app_resources.accounts.list()[0]
    ref = workspace.open_incident(
        actor=dpo.actor, changes={**MINIMUM, "description.title_internal": INTERNAL_TITLE}
    ).reference
    other = workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    invitation, token = invite(app_resources, ref, INVITED)
    return {"ref": ref, "other": other, "token": token, "invitation": invitation, "dpo": dpo}


def invite(resources, ref: str, sections, **when):
    dpo = resources.accounts.list()[0]
    return resources.workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name=CONTACT,
        contact_email="omar.haddad@samplan.example.se",
        sections=list(sections),
        expires_at=when.get("expires_at", utc_now() + timedelta(days=7)),
        at=when.get("at"),
    )


def through_link(token: str, lang: str = "sv", *, account_id: str | None = None) -> AppTest:
    app = app_session(lang=lang, account_id=account_id or None)
    app.query_params["invite"] = token
    app.run()
    no_trouble(app)
    return app


def everything(app: AppTest) -> str:
    """All that the run put on screen (headings, text, labels, options), as one text."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.extend(strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    parts.extend(str(frame.value.to_dict()) for frame in app.dataframe)
    return "\n".join(parts)


def strings(message: Message) -> list[str]:
    """Every text in a message and the messages inside it."""
    found: list[str] = []
    for _field, value in message.ListFields():
        for item in value if hasattr(value, "extend") else [value]:  # repeated or single
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, Message):
                found.extend(strings(item))
    return found


def labels(app: AppTest) -> set[str]:
    """The label of every input on screen."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(getattr(node, "label", None), str):
            found.add(node.label)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


def label(path: str, lang: str = "sv") -> str:
    [question] = [q for q in questions() if q.path == path]
    return question.label(lang)


def widget(elements, path: str, lang: str = "sv"):
    [found] = [w for w in elements if w.label == label(path, lang)]
    return found


def send(app: AppTest, comment: str | None = None) -> AppTest:
    if comment is not None:
        [box] = [w for w in app.text_area if w.key.endswith(".comment")]
        box.input(comment)
    [button] = [b for b in app.button if b.key and b.key.endswith(".send")]
    return button.click().run()


def pending(resources, ref: str, dpo):
    return resources.workspace.proposals.pending(ref=ref, actor=dpo.actor)


# -- opening a link ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_shows_the_invited_sections_and_nothing_else(app_resources, case, lang):
    app = through_link(case["token"], lang)
    shown = everything(app)
    [title] = [t.value for t in app.title]
    assert title == supplier_page.TITLE(lang).format(ref=case["ref"])
    assert CONTACT in shown
    assert supplier_page.EXPLAIN(lang) in shown
    for section in INVITED:
        for question in questions(section):
            assert question.label(lang) in shown
            assert question.why(lang) in shown
    asked = labels(app)
    invited_whys = {q.why(lang) for q in questions() if q.section in INVITED}
    for question in questions():
        if question.section not in INVITED:
            assert question.label(lang) not in asked, question.path
            if question.why(lang) and question.why(lang) not in invited_whys:
                assert question.why(lang) not in shown, question.path
    assert case["other"] not in shown
    assert INTERNAL_TITLE not in shown
    assert texts.NAV_OVERVIEW(lang) not in shown
    assert texts.SECTION_REGISTER(lang) not in shown
    assert texts.NAV_HISTORY(lang) not in shown
    # 'Not yet known' where the question allows it (circumstances.exfiltration does).
    assert any(b.key.endswith("circumstances.exfiltration.unknown") for b in app.checkbox)


def test_the_token_leaves_the_address_bar_and_is_never_kept(app_resources, case):
    app = through_link(case["token"])
    assert "invite" not in app.query_params
    assert app.session_state["br_supplier"] == {
        "name": CONTACT,
        "invitation_id": case["invitation"].id,
    }
    for key in app.session_state:
        assert case["token"] not in repr(app.session_state[key])
    # Later runs need no token: the session is the contact's until it ends.
    app.run()
    assert app.title[0].value.endswith(case["ref"])


def test_opening_a_link_signs_out_the_staff_account_of_that_browser_session(app_resources, case):
    app = through_link(case["token"], account_id=case["dpo"].id)
    assert "br_account_id" not in app.session_state
    assert app.title[0].value.endswith(case["ref"])
    assert texts.SIGN_OUT.sv not in everything(app)


def test_a_refused_link_signs_out_the_staff_account_too(app_resources, case):
    app = through_link("not-a-real-token-but-well-formed", account_id=case["dpo"].id)
    assert "br_account_id" not in app.session_state
    assert [w.value for w in app.warning] == [link.REFUSED.sv]


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_a_supplier_session_never_shows_another_page(app_resources, case, open_page, path):
    app = through_link(case["token"])
    expected = everything(app)
    open_page(app, path).run()
    no_trouble(app)
    assert everything(app) == expected


# -- links that cannot be used -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_unusable_link_gets_the_same_neutral_message(app_resources, case, lang):
    long_ago = utc_now() - timedelta(days=10)
    _, expired = invite(
        app_resources, case["ref"], INVITED, at=long_ago, expires_at=long_ago + timedelta(days=1)
    )
    revoked_invitation, revoked = invite(app_resources, case["ref"], INVITED)
    app_resources.workspace.invitations.revoke(
        actor=case["dpo"].actor, invitation_id=revoked_invitation.id
    )
    tokens = {
        "expired": expired,
        "revoked": revoked,
        "forged": secrets.token_urlsafe(32),
        "malformed": "<script>alert(1)</script>",
        "too short": "abc",
        "empty": "",
    }
    screens = {}
    for why, token in tokens.items():
        app = through_link(token, lang)
        assert "invite" not in app.query_params
        assert "br_supplier" not in app.session_state
        assert [w.value for w in app.main.warning] == [link.REFUSED(lang)], why
        assert not app.title and not app.text_area and not app.main.button, why
        screens[why] = everything(app)
    assert len(set(screens.values())) == 1  # nothing tells one reason from another
    assert case["ref"] not in screens["expired"]


def test_the_refusal_stays_when_the_language_changes(app_resources, case):
    app = through_link(secrets.token_urlsafe(32))
    app.radio(key="br_lang_choice").set_value("en").run()
    assert [w.value for w in app.main.warning] == [link.REFUSED.en]


@pytest.mark.parametrize("lang", LANGS)
def test_after_the_dpo_revokes_the_next_run_shows_only_the_neutral_message(
    app_resources, case, lang
):
    app = through_link(case["token"], lang)
    app_resources.workspace.invitations.revoke(
        actor=case["dpo"].actor, invitation_id=case["invitation"].id
    )
    app.run()
    no_trouble(app)
    assert [w.value for w in app.main.warning] == [link.REFUSED(lang)]
    assert not app.title and not app.text_area
    assert "br_supplier" not in app.session_state
    assert case["ref"] not in everything(app)


def test_an_invitation_that_expires_during_the_session_ends_it(app_resources, case, monkeypatch):
    app = through_link(case["token"])
    workspace = app_resources.workspace
    later = utc_now() + timedelta(days=8)
    monkeypatch.setattr(workspace, "clock", lambda: later)
    app.run()
    assert [w.value for w in app.main.warning] == [link.REFUSED.sv]
    assert "br_supplier" not in app.session_state


def test_leaving_ends_the_session(app_resources, case, open_page):
    app = through_link(case["token"])
    app.button(key="br_supplier_leave").click().run()
    no_trouble(app)
    assert "br_supplier" not in app.session_state
    assert [i.value for i in app.main.info] == [link.LEFT.sv]
    open_page(app, "overview").run()
    assert not app.title and case["ref"] not in everything(app)


@pytest.mark.parametrize("lang", LANGS)
def test_what_the_contact_typed_when_the_link_was_revoked_is_shown_to_copy(
    app_resources, case, lang
):
    app = through_link(case["token"], lang)
    widget(app.text_area, "measures.taken", lang).input(TAKEN)
    app_resources.workspace.invitations.revoke(
        actor=case["dpo"].actor, invitation_id=case["invitation"].id
    )
    send(app, "Från vår tekniker.")
    no_trouble(app)
    assert [w.value for w in app.main.warning] == [link.REFUSED(lang)]
    assert link.UNSENT(lang) in [m.value for m in app.markdown]
    [kept] = [c.value for c in app.code]
    assert f"{label('measures.taken', lang)}:\n{TAKEN}" in kept
    assert "Från vår tekniker." in kept
    assert "br_supplier" not in app.session_state
    assert pending(app_resources, case["ref"], case["dpo"]) == []
    app.button(key="br_link_forget").click().run()
    assert not app.code and TAKEN not in everything(app)


def test_a_reload_lands_on_the_sign_in_page_that_says_to_reopen_the_link(app_resources, case):
    """Streamlit keeps no session across a reload: the contact comes back without their link and
    is told what to do."""
    through_link(case["token"])
    reloaded = AppTest.from_file(APP_FILE, default_timeout=30).run()  # a new browser session
    no_trouble(reloaded)
    assert [t.value for t in reloaded.title] == ["Logga in"]
    assert texts.SUPPLIER_REOPEN.sv in [i.value for i in reloaded.info]
    assert case["ref"] not in everything(reloaded)


# -- proposing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_proposal_reaches_the_dpo_from_the_contact_with_only_the_changed_answers(
    app_resources, case, lang
):
    app = through_link(case["token"], lang)
    widget(app.text_area, "measures.taken", lang).input(TAKEN)
    widget(app.selectbox, "circumstances.availability", lang).select("temporary")
    send(app, "Från vår tekniker, säkert.")
    no_trouble(app)
    assert proposal_form.SENT(lang) in [s.value for s in app.success]
    [made] = pending(app_resources, case["ref"], case["dpo"])
    assert made.author == CONTACT
    assert made.comment == "Från vår tekniker, säkert."
    assert made.paths == ["circumstances.availability", "measures.taken"]
    assert [c.proposed for c in made.changes] == ["temporary", TAKEN]
    # Nothing changes before the DPO accepts, and the form is back on the current answers.
    assert app_resources.workspace.incident(case["ref"]).facts.measures.taken is None
    assert widget(app.text_area, "measures.taken", lang).value == ""
    # The contact's own list shows it, waiting.
    [listed] = [f.value for f in app.dataframe]
    rows = listed.to_dict("records")
    assert {r[sent.PROPOSED(lang)] for r in rows} >= {TAKEN}
    assert {r[sent.QUESTION(lang)] for r in rows} == {
        label("measures.taken", lang),
        label("circumstances.availability", lang),
    }
    assert all(r[sent.OUTCOME(lang)] == sent.WAITING(lang) for r in rows)
    assert any(sent.STATUS["pending"](lang) in m.value for m in app.markdown)


def test_nothing_changed_sends_nothing(app_resources, case):
    app = through_link(case["token"])
    send(app)
    no_trouble(app)
    assert pending(app_resources, case["ref"], case["dpo"]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_shows_the_dpos_review_and_note(app_resources, case, lang):
    workspace = app_resources.workspace
    app = through_link(case["token"], lang)
    widget(app.text_area, "measures.taken", lang).input(TAKEN)
    widget(app.text_area, "measures.planned", lang).input("Ny brandvägg.")
    send(app)
    [made] = pending(app_resources, case["ref"], case["dpo"])
    workspace.proposals.review(
        actor=case["dpo"].actor,
        proposal_id=made.id,
        accept={"measures.taken"},
        note="Planerade åtgärder tar vi själva.",
    )
    app.run()
    no_trouble(app)
    shown = everything(app)
    assert sent.STATUS["partly_accepted"](lang) in shown
    assert "Planerade åtgärder tar vi själva." in shown
    rows = {
        r[sent.QUESTION(lang)]: r[sent.OUTCOME(lang)]
        for r in app.dataframe[0].value.to_dict("records")
    }
    assert rows == {
        label("measures.taken", lang): sent.TAKEN(lang),
        label("measures.planned", lang): sent.NOT_TAKEN(lang),
    }
    # The accepted answer is now the current one in the form.
    assert widget(app.text_area, "measures.taken", lang).value == TAKEN


def test_an_answer_and_not_yet_known_together_are_shown_at_the_question(app_resources, case):
    app = through_link(case["token"])
    widget(app.selectbox, "circumstances.exfiltration").select("confirmed")
    [box] = [b for b in app.checkbox if b.key.endswith("circumstances.exfiltration.unknown")]
    box.check()
    send(app)
    no_trouble(app)
    assert RULES["unknown_and_answered"].sv in [e.value for e in app.error]
    assert widget(app.selectbox, "circumstances.exfiltration").value == "confirmed"
    assert pending(app_resources, case["ref"], case["dpo"]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_proposal_that_breaks_the_rules_is_explained_and_the_answers_stay(
    app_resources, case, lang
):
    _, token = invite(app_resources, case["ref"], ["times"])
    app = through_link(token, lang)
    late = datetime(2024, 1, 21, 8, 0)  # after the awareness on 20 January
    widget(app.datetime_input, "times.discovered_at", lang).set_value(late)
    send(app, "Från loggarna.")
    no_trouble(app)
    expected = RULES["timeline_order"](lang).format(
        first_sv="Upptäckten",
        second_sv="kännedomen",
        first_en="The discovery",
        second_en="the awareness",
    )
    assert any(expected in e.value for e in app.error)
    assert widget(app.datetime_input, "times.discovered_at", lang).value == late
    assert pending(app_resources, case["ref"], case["dpo"]) == []


def test_a_proposal_meeting_the_dpos_change_shows_both_and_keeps_the_typed_answer(
    app_resources, case
):
    workspace = app_resources.workspace
    app = through_link(case["token"])
    version = workspace.incident(case["ref"]).version
    workspace.revise(
        actor=case["dpo"].actor,
        ref=case["ref"],
        changes={"measures.taken": "Servern stängdes av."},
        expected_version=version,
    )
    widget(app.text_area, "measures.taken").input(TAKEN)
    send(app, "Vår version.")
    no_trouble(app)
    assert proposal_form.CONFLICT.sv in [w.value for w in app.warning]
    [both] = [f.value.to_dict("records") for f in app.dataframe][:1]
    assert both == [
        {
            proposal_form.QUESTION.sv: label("measures.taken"),
            proposal_form.SAVED_NOW.sv: "Servern stängdes av.",
            proposal_form.YOURS.sv: TAKEN,
        }
    ]
    assert widget(app.text_area, "measures.taken").value == TAKEN  # nothing lost
    assert pending(app_resources, case["ref"], case["dpo"]) == []

    app.button(key="br_sup.conflict.anyway").click().run()
    no_trouble(app)
    [made] = pending(app_resources, case["ref"], case["dpo"])
    assert [(c.path, c.base, c.proposed) for c in made.changes] == [
        ("measures.taken", "Servern stängdes av.", TAKEN)
    ]
    assert made.comment == "Vår version."
    assert not app.warning


def test_starting_again_after_a_conflict_shows_the_current_answers(app_resources, case):
    workspace = app_resources.workspace
    app = through_link(case["token"])
    workspace.revise(
        actor=case["dpo"].actor,
        ref=case["ref"],
        changes={"measures.taken": "Servern stängdes av."},
        expected_version=workspace.incident(case["ref"]).version,
    )
    widget(app.text_area, "measures.taken").input(TAKEN)
    send(app)
    app.button(key="br_sup.conflict.over").click().run()
    no_trouble(app)
    assert widget(app.text_area, "measures.taken").value == "Servern stängdes av."
    assert not app.warning
    assert pending(app_resources, case["ref"], case["dpo"]) == []


# -- evidence ------------------------------------------------------------------------------------


def attach(app: AppTest, filename: str, content: bytes, description: str = "") -> AppTest:
    ref = app.title[0].value.rsplit(" ", 1)[-1]  # "Incident BR-…"
    app.file_uploader(key=f"br_ev_file.{ref}").set_value(
        (filename, content, "application/octet-stream")
    )
    if description:
        app.text_input(key=f"br_ev_description.{ref}").input(description)
    [button] = [b for b in app.button if b.label == shared_evidence.ATTACH(app_lang(app))]
    return button.click().run()


def app_lang(app: AppTest) -> str:
    return app.session_state["br_lang"]


def app_actor(app: AppTest) -> Actor:
    """The supplier contact as the session holds them: a name and an invitation, no token."""
    found = app.session_state["br_supplier"]
    return Actor(
        name=found["name"], role=Role.SUPPLIER_CONTACT, invitation_id=found["invitation_id"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_evidence_is_listed_with_its_hash_and_only_the_contacts_own(app_resources, case, lang):
    workspace = app_resources.workspace
    workspace.evidence.upload(
        actor=case["dpo"].actor, ref=case["ref"], filename="dpo-notes.pdf", content=PDF
    )
    app = through_link(case["token"], lang)
    report = PDF.replace(b"Catalog", b"Catalog /Samplan true")
    attach(app, "samplan-forensics.pdf", report, "Teknisk rapport")
    no_trouble(app)
    assert evidence_page.ATTACHED(lang) in [s.value for s in app.success]
    shown = everything(app)
    assert "samplan-forensics.pdf" in shown and "Teknisk rapport" in shown
    assert hashlib.sha256(report).hexdigest() in shown
    assert "dpo-notes.pdf" not in shown
    [download] = app.get("download_button")
    assert download.proto.label == shared_evidence.DOWNLOAD(lang)
    [mine] = workspace.evidence.files(ref=case["ref"], actor=app_actor(app))
    assert (mine.filename, mine.uploaded_by) == ("samplan-forensics.pdf", CONTACT)


def test_a_download_is_made_on_click_and_only_of_ones_own_file(app_resources, case):
    workspace = app_resources.workspace
    theirs = workspace.evidence.upload(
        actor=case["dpo"].actor, ref=case["ref"], filename="dpo-notes.pdf", content=PDF
    )
    app = through_link(case["token"])
    attach(app, "samplan.pdf", PDF)
    actor = app_actor(app)
    [mine] = workspace.evidence.files(ref=case["ref"], actor=actor)
    assert shared_evidence.content_maker(workspace.evidence, actor, mine.id)() == PDF
    with pytest.raises(PermissionDenied):
        shared_evidence.content_maker(workspace.evidence, actor, theirs.id)()


def test_a_file_of_a_kind_not_accepted_is_refused(app_resources, case):
    app = through_link(case["token"])
    attach(app, "report.pdf", b"MZ\x90\x00 not a pdf at all")
    no_trouble(app)
    # Told in the contact's language (Swedish by default), before the service is even asked.
    assert any("kan inte bifogas" in e.value and "report" in e.value for e in app.error)
    assert app_resources.workspace.evidence.files(ref=case["ref"]) == []
