"""The DPO's supplier page, driven with AppTest: an invitation's link shown once and only its hash
kept, the invitations listed and revoked, and proposals accepted question by question or rejected,
with questions changed since the proposal marked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collaboration_support import MINIMUM
from conftest import APP_FILE
from streamlit.testing.v1 import AppTest
from ui_support import no_trouble as _no_trouble
from ui_support import shown as _texts

from breachreport.domain.status import Role
from breachreport.domain.times import utc_now
from breachreport.errors import InvitationRefused
from breachreport.ui.incident import supplier_proposals, suppliers
from breachreport.ui.incident.page import literal

LANGS = ["sv", "en"]
TAKEN = "Samplan isolerade miljön och anlitade en forensisk firma"
PLANNED = "Samplan byter leverantör av säkerhetskopior"
OLD_TAKEN = "Inget gjort ännu"


def _incident(resources) -> str:
    dpo = resources.accounts.list()[0]
    return resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference


def _page(signed_in_app, open_page, ref: str, lang: str = "sv") -> AppTest:
    app = open_page(signed_in_app(incident=ref, lang=lang), "suppliers").run()
    _no_trouble(app)
    return app


def _links(app: AppTest) -> list[str]:
    return [c for c in _texts(app.code) if "?invite=" in c]


def _invite(app: AppTest, ref: str, lang: str = "sv") -> AppTest:
    app.text_input(key=f"br_sup_name.{ref}").input("Omar Haddad")
    app.text_input(key=f"br_sup_email.{ref}").input("omar.haddad@samplan.example.se")
    [create] = [b for b in app.button if b.label == suppliers.CREATE(lang)]
    create.click().run()
    _no_trouble(app)
    return app


def _everything_kept(app: AppTest) -> str:
    """All the session holds, as text: where a token would show if it were kept."""
    state = app.session_state
    return repr({key: state[key] for key in state._state.filtered_state})


# -- inviting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_dpo_invites_and_sees_the_link_once_with_a_warning(
    signed_in_app, app_resources, open_page, lang
):
    ref = _incident(app_resources)
    app = _invite(_page(signed_in_app, open_page, ref, lang), ref, lang)
    [link] = _links(app)
    assert link.startswith(f"{suppliers.FALLBACK_URL}/?invite=")
    assert any(suppliers.LINK_ONCE(lang) in w for w in _texts(app.warning))
    token = link.split("?invite=", 1)[1]

    # Only the hash is stored: the token itself still opens the invitation.
    contact = app_resources.workspace.invitations.redeem(token)
    assert (contact.name, contact.role) == ("Omar Haddad", Role.SUPPLIER_CONTACT)
    [invitation] = app_resources.workspace.invitations.for_incident(ref=ref)
    assert invitation.sections == suppliers.DEFAULT_SECTIONS
    assert invitation.contact_email == "omar.haddad@samplan.example.se"

    [table] = app.dataframe
    [row] = table.value.to_dict("records")
    assert row[suppliers.CONTACT(lang)] == "Omar Haddad <omar.haddad@samplan.example.se>"
    assert row[suppliers.STATE(lang)] == suppliers.STATES["active"](lang)
    assert row[suppliers.BY(lang)] == "Karin Holm"

    # Another rerun on the page keeps it for copying; after a visit elsewhere it is gone for good.
    app.run()
    assert _links(app) == [link]
    open_page(app, "history").run()
    _no_trouble(app)
    open_page(app, "suppliers").run()
    _no_trouble(app)
    assert _links(app) == []
    assert token not in _everything_kept(app)


def test_hiding_the_link_drops_the_token_from_the_session(signed_in_app, app_resources, open_page):
    ref = _incident(app_resources)
    app = _invite(_page(signed_in_app, open_page, ref), ref)
    [link] = _links(app)
    token = link.split("?invite=", 1)[1]
    assert token in _everything_kept(app)
    app.button(key=f"br_sup_link_done.{ref}").click().run()
    _no_trouble(app)
    assert _links(app) == []
    assert token not in _everything_kept(app)


def test_the_configured_public_address_makes_the_link(
    signed_in_app, app_resources, open_page, monkeypatch
):
    monkeypatch.setattr(app_resources.settings, "public_url", "https://intrang.nordmark.se/")
    ref = _incident(app_resources)
    app = _invite(_page(signed_in_app, open_page, ref), ref)
    [link] = _links(app)
    assert link.startswith("https://intrang.nordmark.se/?invite=")


def test_the_link_base_comes_from_the_browser_without_page_or_query():
    assert (
        suppliers.base_url(None, "https://br.example.se:8443/suppliers")
        == "https://br.example.se:8443"
    )
    assert suppliers.base_url(None, "https://br.example.se/br/suppliers", "br") == (
        "https://br.example.se/br"
    )
    assert suppliers.base_url(None, None) == suppliers.FALLBACK_URL
    assert suppliers.base_url(" https://a.example.se/ ", "http://localhost:8501") == (
        "https://a.example.se"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_an_invitation_needs_a_name_and_a_section(signed_in_app, app_resources, open_page, lang):
    ref = _incident(app_resources)
    app = _page(signed_in_app, open_page, ref, lang)
    app.multiselect(key=f"br_sup_sections.{ref}").set_value([])
    [create] = [b for b in app.button if b.label == suppliers.CREATE(lang)]
    create.click().run()
    _no_trouble(app)
    assert suppliers.NAME_FIRST(lang) in _texts(app.error)
    app.text_input(key=f"br_sup_name.{ref}").input("Omar Haddad")
    app.multiselect(key=f"br_sup_sections.{ref}").set_value([])
    [create] = [b for b in app.button if b.label == suppliers.CREATE(lang)]
    create.click().run()
    _no_trouble(app)
    assert suppliers.SECTIONS_FIRST(lang) in _texts(app.error)
    assert _links(app) == []
    assert app_resources.workspace.invitations.for_incident(ref=ref) == []


def _invited(resources, ref: str, days: int = 3):
    dpo = resources.accounts.list()[0]
    return resources.workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        sections=["measures"],
        expires_at=utc_now() + timedelta(days=days),
    )


def test_revoking_an_invitation_asks_first_then_stops_its_link(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    invitation, token = _invited(app_resources, ref)
    app = _page(signed_in_app, open_page, ref, "en")
    app.button(key=f"br_sup_revoke.{invitation.id}").click().run()
    _no_trouble(app)
    # Asked, not done: the link still works until the DPO confirms.
    assert any(w.startswith("Revoke the invitation to Omar Haddad?") for w in _texts(app.warning))
    assert app_resources.workspace.invitations.redeem(token).invitation_id == invitation.id
    app.button(key=f"br_sup_revoke_yes.{invitation.id}").click().run()
    _no_trouble(app)
    with pytest.raises(InvitationRefused):
        app_resources.workspace.invitations.redeem(token)
    assert suppliers.REVOKED.en in _texts(app.success)
    [row] = app.dataframe[0].value.to_dict("records")
    assert row["State"].startswith("Revoked by Karin Holm")
    assert not [b for b in app.button if b.key == f"br_sup_revoke.{invitation.id}"]


def test_cancelling_a_revocation_keeps_the_link(signed_in_app, app_resources, open_page):
    ref = _incident(app_resources)
    invitation, token = _invited(app_resources, ref)
    app = _page(signed_in_app, open_page, ref)
    app.button(key=f"br_sup_revoke.{invitation.id}").click().run()
    app.button(key=f"br_sup_revoke_no.{invitation.id}").click().run()
    _no_trouble(app)
    assert app_resources.workspace.invitations.redeem(token).invitation_id == invitation.id
    assert [b for b in app.button if b.key == f"br_sup_revoke.{invitation.id}"]
    assert not [w for w in _texts(app.warning) if w.startswith("Vill du återkalla")]


def test_a_proposal_sent_before_the_revocation_is_still_reviewed(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    workspace = app_resources.workspace
    proposal = _proposal(app_resources, ref, {"measures.taken": TAKEN})
    app = _page(signed_in_app, open_page, ref)
    app.button(key=f"br_sup_revoke.{proposal.invitation_id}").click().run()
    # The DPO is told that a proposal waits, and that it will stay.
    [asked] = [w for w in _texts(app.warning) if w.startswith("Vill du återkalla")]
    assert "1 förslag från kontakten väntar på granskning." in asked
    app.button(key=f"br_sup_revoke_yes.{proposal.invitation_id}").click().run()
    _no_trouble(app)
    [invitation] = workspace.invitations.for_incident(ref=ref)
    assert invitation.revoked_at is not None
    assert TAKEN in _shown(app)  # still on the page, waiting
    app.button(key=f"br_sup_accept.{proposal.id}").click().run()
    _no_trouble(app)
    assert workspace.incident(ref).facts.measures.taken == TAKEN
    assert workspace.proposals.pending(ref=ref) == []


@pytest.mark.parametrize("lang", LANGS)
def test_an_expiry_in_the_past_is_refused_in_the_users_language_and_makes_nothing(
    signed_in_app, app_resources, open_page, lang
):
    from breachreport.domain.times import to_stockholm

    ref = _incident(app_resources)
    app = _page(signed_in_app, open_page, ref, lang)
    yesterday = to_stockholm(utc_now()).date() - timedelta(days=1)
    app.text_input(key=f"br_sup_name.{ref}").input("Omar Haddad")
    app.date_input(key=f"br_sup_expires.{ref}").set_value(yesterday)
    [create] = [b for b in app.button if b.label == suppliers.CREATE(lang)]
    create.click().run()
    _no_trouble(app)
    assert suppliers.EXPIRY_PAST(lang).format(day=yesterday.isoformat()) in _texts(app.error)
    assert _links(app) == []
    assert app_resources.workspace.invitations.for_incident(ref=ref) == []


def test_an_expiry_beyond_the_longest_is_refused_not_shortened():
    from datetime import UTC, datetime

    now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert suppliers.expiry_problem(now.date(), now) is None
    assert suppliers.expiry_problem(suppliers.last_day(now), now) is None
    far = suppliers.expiry_problem(suppliers.last_day(now) + timedelta(days=1), now)
    assert far is not None and "90" in far.sv and "2024-05-29" in far.en


def test_the_expiry_is_the_end_of_the_chosen_day_in_swedish_time():
    from datetime import UTC, date, datetime

    now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert suppliers.expiry(date(2024, 3, 15), now) == datetime(
        2024, 3, 15, 22, 59, 59, tzinfo=UTC
    )  # 23:59:59 CET
    assert suppliers.expiry(date(2024, 4, 15), now) == datetime(
        2024, 4, 15, 21, 59, 59, tzinfo=UTC
    )  # 23:59:59 CEST
    # Never past what the service allows, whatever the date says.
    assert suppliers.expiry(date(2024, 12, 31), now) == now + timedelta(days=90)


# -- proposals -----------------------------------------------------------------------------------


def _proposal(resources, ref: str, changes: dict, comment: str | None = None):
    """A proposal as a supplier contact makes it through their link."""
    dpo = resources.accounts.list()[0]
    workspace = resources.workspace
    _invitation, token = workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        sections=["times", "measures", "circumstances"],
        expires_at=utc_now() + timedelta(days=14),
    )
    contact = workspace.invitations.redeem(token)
    return workspace.proposals.propose(
        actor=contact,
        changes=changes,
        comment=comment,
        expected_version=workspace.proposals.invited(actor=contact).version,
    )


def _revise(resources, ref: str, changes: dict) -> None:
    dpo = resources.accounts.list()[0]
    version = resources.workspace.incident(ref).version
    resources.workspace.revise(actor=dpo.actor, ref=ref, changes=changes, expected_version=version)


def _shown(app: AppTest) -> str:
    return "\n".join(_texts(app.markdown))


@pytest.mark.parametrize("lang", LANGS)
def test_a_pending_proposal_shows_who_the_old_and_the_proposed_values(
    signed_in_app, app_resources, open_page, lang
):
    ref = _incident(app_resources)
    _revise(app_resources, ref, {"measures.taken": OLD_TAKEN})
    made = _proposal(
        app_resources,
        ref,
        {"measures.taken": TAKEN, "measures.planned": PLANNED},
        comment="Från driftleverantörens första genomgång",
    )
    app = _page(signed_in_app, open_page, ref, lang)
    shown = _shown(app)
    assert "Omar Haddad" in shown
    assert literal("Från driftleverantörens första genomgång") in shown
    for value in (OLD_TAKEN, TAKEN, PLANNED):
        assert literal(value) in shown
    assert supplier_proposals.CHANGED_SINCE(lang) not in shown
    boxes = {b.key: b for b in app.checkbox}
    for path in ("measures.taken", "measures.planned"):
        box = boxes[f"br_sup_take.{made.id}.{path}"]
        assert box.value is True
        assert box.label == suppliers.answers.label(path, lang)


def test_accepting_one_question_of_two_revises_only_that_one_as_the_contact(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    made = _proposal(app_resources, ref, {"measures.taken": TAKEN, "measures.planned": PLANNED})
    app = _page(signed_in_app, open_page, ref)
    app.checkbox(key=f"br_sup_take.{made.id}.measures.planned").uncheck()
    app.text_input(key=f"br_sup_note.{made.id}").input("Planen tar vi själva")
    app.button(key=f"br_sup_accept.{made.id}").click().run()
    _no_trouble(app)

    facts = app_resources.workspace.incident(ref).facts
    assert facts.measures.taken == TAKEN
    assert facts.measures.planned != PLANNED
    revision = app_resources.workspace.history(ref)[-1]
    assert (revision.kind, revision.actor, revision.role, revision.approved_by) == (
        "proposal_accepted",
        "Omar Haddad",
        "supplier_contact",
        "Karin Holm",
    )
    assert revision.fields == ["measures.taken"]
    reviewed = app_resources.workspace.proposals.proposal(proposal_id=made.id)
    assert (reviewed.status, reviewed.accepted, reviewed.rejected, reviewed.note) == (
        "partly_accepted",
        ("measures.taken",),
        ("measures.planned",),
        "Planen tar vi själva",
    )
    assert any("1 godkända och 1 avvisade" in s for s in _texts(app.success))
    assert supplier_proposals.NO_PROPOSALS.sv in _texts(app.caption)
    [expander] = [e for e in app.expander if e.label.startswith("Granskade förslag")]
    [row] = expander.dataframe[0].value.to_dict("records")
    assert row[supplier_proposals.STATUS.sv] == supplier_proposals.STATUSES["partly_accepted"].sv
    assert row[supplier_proposals.REJECTED_COLUMN.sv] == suppliers.answers.label(
        "measures.planned", "sv"
    )


def test_rejecting_all_leaves_the_facts_as_they_were(signed_in_app, app_resources, open_page):
    ref = _incident(app_resources)
    made = _proposal(app_resources, ref, {"measures.taken": TAKEN, "measures.planned": PLANNED})
    before = app_resources.workspace.incident(ref)
    app = _page(signed_in_app, open_page, ref, "en")
    app.button(key=f"br_sup_reject.{made.id}").click().run()
    _no_trouble(app)
    after = app_resources.workspace.incident(ref)
    assert after.version == before.version
    assert after.facts == before.facts
    reviewed = app_resources.workspace.proposals.proposal(proposal_id=made.id)
    assert reviewed.status == "rejected"
    assert supplier_proposals.REJECTED_NOW.en in _texts(app.success)


def test_accepting_with_every_question_unticked_asks_to_reject_instead(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    made = _proposal(app_resources, ref, {"measures.taken": TAKEN})
    app = _page(signed_in_app, open_page, ref)
    app.checkbox(key=f"br_sup_take.{made.id}.measures.taken").uncheck()
    app.button(key=f"br_sup_accept.{made.id}").click().run()
    _no_trouble(app)
    assert supplier_proposals.NONE_TICKED.sv in _texts(app.error)
    assert app_resources.workspace.proposals.proposal(proposal_id=made.id).status == "pending"


@pytest.mark.parametrize("lang", LANGS)
def test_a_question_the_dpo_changed_after_the_proposal_is_marked(
    signed_in_app, app_resources, open_page, lang
):
    ref = _incident(app_resources)
    made = _proposal(app_resources, ref, {"measures.taken": TAKEN, "measures.planned": PLANNED})
    _revise(app_resources, ref, {"measures.taken": OLD_TAKEN})
    app = _page(signed_in_app, open_page, ref, lang)
    assert any(supplier_proposals.CONFLICTS(lang).format(count=1) == w for w in _texts(app.warning))
    shown = _shown(app)
    assert shown.count(supplier_proposals.CHANGED_SINCE(lang)) == 1
    assert literal(OLD_TAKEN) in shown  # the value now, beside the proposal

    # Having seen both, the DPO may still take the contact's text.
    app.button(key=f"br_sup_accept.{made.id}").click().run()
    _no_trouble(app)
    assert app_resources.workspace.incident(ref).facts.measures.taken == TAKEN


def test_a_change_made_while_the_dpo_looked_is_not_overwritten_unseen(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    made = _proposal(app_resources, ref, {"measures.taken": TAKEN})
    app = _page(signed_in_app, open_page, ref, "en")
    _revise(app_resources, ref, {"measures.taken": OLD_TAKEN})  # someone else, meanwhile
    app.button(key=f"br_sup_accept.{made.id}").click().run()
    _no_trouble(app)
    assert any("Someone else saved changes" in w for w in _texts(app.warning))
    assert app_resources.workspace.incident(ref).facts.measures.taken == OLD_TAKEN
    assert app_resources.workspace.proposals.proposal(proposal_id=made.id).status == "pending"
    # The page now shows the newer value, marked, and a second click accepts it knowingly.
    assert supplier_proposals.CHANGED_SINCE.en in _shown(app)
    app.button(key=f"br_sup_accept.{made.id}").click().run()
    _no_trouble(app)
    assert app_resources.workspace.incident(ref).facts.measures.taken == TAKEN


# -- who sees the page ---------------------------------------------------------------------------


def test_an_assigned_legal_reviewer_does_not_get_the_supplier_page(app_resources, open_page):
    ref = _incident(app_resources)
    dpo = app_resources.accounts.list()[0]
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
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_account_id"] = reviewer.id
    app.session_state["br_incident"] = ref
    app.session_state["br_lang"] = "en"
    app = open_page(app, "suppliers").run()
    _no_trouble(app)
    assert not any(title.startswith("Suppliers") for title in _texts(app.title))
    assert not [w for w in app.text_input if w.key == f"br_sup_name.{ref}"]
    # The evidence page is theirs to read.
    app = open_page(app, "evidence").run()
    _no_trouble(app)
    assert _texts(app.title) == [f"Evidence · {ref}"]
