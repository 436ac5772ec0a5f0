"""Screens per role, driven with AppTest: a legal reviewer gets only the pages their role can use,
all read-only, and a refusal reaches a Swedish user in Swedish."""

from __future__ import annotations

from importlib import import_module

import pytest
from collaboration_support import MINIMUM
from conftest import APP_FILE
from streamlit.testing.v1 import AppTest
from ui_support import app_session
from ui_support import shown as _texts

from breachreport.domain.status import Role
from breachreport.errors import PermissionDenied
from breachreport.i18n import _
from breachreport.services.permissions import WHAT, UseCase, _refusal
from breachreport.ui import context, texts
from breachreport.ui.incident import answers_view, review

overview_page = import_module("breachreport.ui.shell.overview")  # the package exports a function

# Pages a reviewer may open on an incident, and what each is called in the title.
READ_ONLY_PAGES = [
    "questions",
    "assessment",
    "deadlines",
    "history",
    "notice",
    "filings",
    "evidence",
]
EDITING = ("text_input", "text_area", "number_input", "date_input", "time_input", "multiselect")


def _no_trouble(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert texts.UNEXPECTED.sv not in _texts(app.error)


@pytest.fixture
def reviewing(app_resources):
    """An incident and a legal reviewer assigned to it: (ref, reviewer account)."""
    dpo = app_resources.accounts.list()[0]
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    reviewer = app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password="fyra gröna äpplen i korgen",
        role=Role.LEGAL_REVIEWER,
    )
    app_resources.workspace.reviews.assign_reviewer(
        actor=dpo.actor, ref=ref, reviewer=reviewer.actor
    )
    return ref, reviewer


def _as(account, ref: str | None = None, lang: str = "sv") -> AppTest:
    app = app_session(account_id=account.id, lang=lang, incident=ref or None)
    return app


def _editing(app: AppTest) -> list[str]:
    found = [f"{kind}:{w.label}" for kind in EDITING for w in app.get(kind)]
    found += [f"checkbox:{w.label}" for w in app.checkbox]
    found += [f"selectbox:{w.label}" for w in app.selectbox]
    return found


def _forms(app: AppTest) -> list[str]:
    """The forms on the page (by their submit buttons' labels)."""
    return [b.label for b in app.get("button") if b.proto.is_form_submitter]


@pytest.mark.parametrize("url_path", READ_ONLY_PAGES)
def test_a_reviewer_gets_no_editable_input_on_the_incident_pages(reviewing, open_page, url_path):
    ref, reviewer = reviewing
    app = open_page(_as(reviewer, ref), url_path).run()
    _no_trouble(app)
    assert any(ref in title for title in _texts(app.title)), _texts(app.title)
    assert _editing(app) == []
    assert _forms(app) == []


def test_a_reviewer_reads_the_answers_instead_of_the_questions(reviewing, open_page):
    ref, reviewer = reviewing
    app = open_page(_as(reviewer, ref), "questions").run()
    _no_trouble(app)
    assert _texts(app.title) == [f"{answers_view.TITLE.sv} · {ref}"]
    assert answers_view.READ_ONLY.sv in _texts(app.info)
    shown = " ".join(m.value for m in app.markdown)
    assert "Ransomware" in shown or MINIMUM["description.title_internal"] in shown


def test_the_dpo_still_edits_the_questions(app_resources, signed_in_app, open_page):
    dpo = app_resources.accounts.list()[0]
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    app = open_page(signed_in_app(incident=ref), "questions").run()
    _no_trouble(app)
    assert answers_view.READ_ONLY.sv not in _texts(app.info)
    assert _editing(app) != []


def test_a_reviewer_has_no_new_incident_page_nor_button(reviewing, open_page):
    ref, reviewer = reviewing
    app = _as(reviewer).run()
    _no_trouble(app)
    assert texts.NAV_NEW.sv not in [b.label for b in app.button]
    # Asking for the page by its address lands on the overview instead.
    app = open_page(_as(reviewer), "new").run()
    _no_trouble(app)
    assert _texts(app.title) == ["Översikt"]


def test_a_reviewer_gets_no_decision_form_on_the_assessment(reviewing, open_page):
    ref, reviewer = reviewing
    app = open_page(_as(reviewer, ref), "assessment").run()
    _no_trouble(app)
    assert [r.key for r in app.radio] == ["br_lang_choice"]
    assert _forms(app) == []
    assert "Bara dataskyddsombudet kan göra detta" in " ".join(_texts(app.caption))


def test_the_dpo_gets_the_new_incident_button(signed_in_app):
    app = signed_in_app().run()
    _no_trouble(app)
    assert texts.NAV_NEW.sv in [b.label for b in app.button]


# -- refusals in the user's language ---------------------------------------------------------------


@pytest.mark.parametrize("use_case", [UseCase.REVISE, UseCase.DECIDE, UseCase.OPEN_INCIDENT])
def test_a_role_refusal_is_said_in_swedish(use_case):
    error = PermissionDenied(_refusal(Role.LEGAL_REVIEWER, use_case))
    said = context.said(error, "sv")
    assert said != str(error)
    assert "juridisk granskare" in said.lower()
    assert context.said(error, "en") == str(error)


def test_a_scope_refusal_is_said_in_swedish():
    error = PermissionDenied(
        _(
            "You are not assigned to review incident {incident}; ask the data protection "
            "officer to assign you.",
            incident="BR-2026-0001",
        )
    )
    said = context.said(error, "sv")
    assert "BR-2026-0001" in said
    assert "tilldelad" in said or "utsedd" in said


def test_every_use_case_has_a_swedish_name():
    assert set(WHAT) == set(UseCase)
    assert all(WHAT[use_case]("sv") != WHAT[use_case]("en") for use_case in UseCase)


def test_a_reviewer_refused_by_the_service_reads_it_in_swedish(reviewing, app_resources):
    """What the screens no longer offer, the services still refuse, and the refusal is Swedish."""
    ref, reviewer = reviewing
    with pytest.raises(PermissionDenied) as refused:
        app_resources.workspace.revise(
            actor=reviewer.actor,
            ref=ref,
            changes={"description.title_internal": "Ändrad"},
            expected_version=1,
        )
    assert context.said(refused.value, "sv") == (
        "Som juridisk granskare får du inte ändra uppgifterna; be en administratör eller ett "
        "dataskyddsombud."
    )


def test_the_dpo_gets_the_decision_form(app_resources, signed_in_app, open_page):
    dpo = app_resources.accounts.list()[0]
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    app = open_page(signed_in_app(incident=ref), "assessment").run()
    _no_trouble(app)
    assert _forms(app) == ["Registrera beslutet"]


# -- work that is waiting ------------------------------------------------------------------------


def _propose(resources, ref: str) -> None:
    from datetime import timedelta

    from breachreport.domain.times import utc_now

    dpo = resources.accounts.list()[0]
    workspace = resources.workspace
    _invitation, token = workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        sections=["measures"],
        expires_at=utc_now() + timedelta(days=3),
    )
    contact = workspace.invitations.redeem(token)
    workspace.proposals.propose(
        actor=contact,
        changes={"measures.taken": "Isolerade servern"},
        expected_version=workspace.proposals.invited(actor=contact).version,
    )


def test_the_dpo_sees_a_waiting_proposal_and_opens_it(app_resources, signed_in_app):

    dpo = app_resources.accounts.list()[0]
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    app = signed_in_app().run()
    _no_trouble(app)
    assert overview_page.NOTHING_WAITING.sv in _texts(app.caption)
    _propose(app_resources, ref)
    app.run()
    _no_trouble(app)
    shown = " ".join(_texts(app.markdown))
    assert overview_page.WAITING_KINDS[overview_page.Kind.PROPOSAL].sv in shown
    assert "Förslag från Omar Haddad" in shown and ref in shown
    app.button(key="br_waiting.0").click().run()
    _no_trouble(app)
    assert _texts(app.title) == [f"{texts.NAV_SUPPLIERS.sv} · {ref}"]
    assert "Isolerade servern" in " ".join(_texts(app.markdown))


def test_the_reviewer_is_told_a_review_waits(reviewing):

    ref, reviewer = reviewing
    app = _as(reviewer, lang="en").run()
    _no_trouble(app)
    shown = " ".join(_texts(app.markdown))
    assert overview_page.WAITING_KINDS[overview_page.Kind.REVIEW].en in shown
    assert "Version 1 waits for your approval" in shown
    app.button(key="br_waiting.0").click().run()
    _no_trouble(app)
    assert _texts(app.title) == [f"{review.TITLE.en} · {ref}"]
    assert [b.label for b in app.button if b.proto.is_form_submitter][0].startswith("Approve")


# -- the supplier contact's reload -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_sign_in_page_tells_a_supplier_to_reopen_the_link(app_resources, lang):
    """A supplier contact's session does not survive a reload: the sign-in page they land on says
    what to do."""
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_lang"] = lang
    app.run()
    _no_trouble(app)
    assert _texts(app.title) == ["Logga in" if lang == "sv" else "Sign in"]
    assert texts.SUPPLIER_REOPEN(lang) in _texts(app.info)


def test_input_refusals_from_the_services_are_said_in_swedish(reviewing, app_resources):
    from datetime import timedelta

    from breachreport.domain.times import utc_now
    from breachreport.errors import BreachReportError

    ref, reviewer = reviewing
    workspace = app_resources.workspace
    dpo = app_resources.accounts.list()[0]
    attempts = [
        lambda: workspace.reviews.comment(
            actor=reviewer.actor, ref=ref, section="measures", text="  "
        ),
        lambda: workspace.evidence.upload(
            actor=dpo.actor, ref=ref, filename="rapport.pdf", content=b""
        ),
        lambda: workspace.invitations.invite(
            actor=dpo.actor,
            ref=ref,
            contact_name="Omar Haddad",
            sections=["measures"],
            expires_at=utc_now() - timedelta(hours=1),
        ),
        lambda: workspace.incident("BR-1999-0001"),
    ]
    for attempt in attempts:
        with pytest.raises(BreachReportError) as refused:
            attempt()
        said = context.said(refused.value, "sv")
        assert said != str(refused.value), said
        assert context.said(refused.value, "en") == str(refused.value)


def _registered(app: AppTest) -> dict[str, str]:
    """The pages the navigation registered this run: url_path -> title."""
    return {
        str(info.get("url_pathname")): str(info.get("page_name"))
        for info in app._registered_pages.values()
    }


def test_a_reviewer_is_offered_only_the_pages_of_their_role(reviewing):
    ref, reviewer = reviewing
    app = _as(reviewer, ref).run()
    _no_trouble(app)
    offered = _registered(app)
    assert "new" not in offered and "suppliers" not in offered and "users" not in offered
    assert offered["questions"] == answers_view.TITLE.sv
    assert {"", "assessment", "review", "filings", "evidence"} <= set(offered)  # "": overview


def test_the_dpo_sees_waiting_proposals_in_the_suppliers_page_name(app_resources, signed_in_app):
    dpo = app_resources.accounts.list()[0]
    ref = app_resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference
    app = signed_in_app(incident=ref).run()
    _no_trouble(app)
    assert _registered(app)["suppliers"] == texts.NAV_SUPPLIERS.sv
    assert _registered(app)["questions"] == texts.NAV_QUESTIONS.sv
    assert "new" in _registered(app)
    _propose(app_resources, ref)
    app.run()
    assert _registered(app)["suppliers"] == f"{texts.NAV_SUPPLIERS.sv} (1)"


def test_the_reviewer_reads_the_english_text_under_its_question(
    reviewing, app_resources, open_page
):
    ref, reviewer = reviewing
    dpo = app_resources.accounts.list()[0]
    workspace = app_resources.workspace
    workspace.revise(
        actor=dpo.actor,
        ref=ref,
        changes={"english.description_summary": "Ransomware at a supplier's host."},
        expected_version=workspace.incident(ref).version,
    )
    app = open_page(_as(reviewer, ref, lang="en"), "questions").run()
    _no_trouble(app)
    assert "In English: Ransomware at a supplier's host." in _texts(app.caption)
    assert "English texts" not in " ".join(e.label for e in app.expander)
