"""The app's side of issue 20, driven with AppTest against a real SMTP server on 127.0.0.1: the
deadlines page lists the reminders that went out and those due; the organisation page saves the
reminder rules and says whether mail is set up; an invitation's link is mailed from the supplier
page; and the review page tells the reviewers a draft waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collaboration_support import MINIMUM
from streamlit.testing.v1 import AppTest
from ui_support import app_session, no_trouble, shown

from breachreport.domain.status import Role
from breachreport.domain.times import utc_now
from breachreport.ui.incident import reminders, review, suppliers
from breachreport.ui.shell import reminder_rules

BASE = "https://intrang.nordmark.example.se"
DPO_ADDRESS = "dpo@nordmark.example.se"
REVIEWER = "jurist@nordmark.example.se"
CONTACT = "omar.haddad@samplan.example.se"


@pytest.fixture
def mailing(app_resources, smtp_server):
    """The app's workspace sending through the test server (read at each send, as the settings'
    are); put back afterwards, since the app's resources outlive a test."""
    workspace = app_resources.workspace
    before = workspace.mail
    workspace.mail = lambda: smtp_server.config(base_url=BASE)
    yield smtp_server
    workspace.mail = before


def _dpo(app_resources):
    return app_resources.accounts.list()[0]


def _incident(app_resources, *, aware_hours_ago: float) -> str:
    """An incident opened an hour after its awareness, that many hours ago."""
    aware = (utc_now() - timedelta(hours=aware_hours_ago)).replace(second=0, microsecond=0)
    # Given with its offset: as Swedish wall-clock time it would be ambiguous (and refused) in
    # the hour the clocks repeat on the last Sunday of October.
    changes = {**MINIMUM, "times.aware_at": aware.isoformat()}
    dpo = _dpo(app_resources)
    opened = app_resources.workspace.open_incident(
        actor=dpo.actor, changes=changes, at=aware + timedelta(hours=1)
    )
    return opened.reference


def _rows(app: AppTest) -> list[dict]:
    return [row for frame in app.dataframe for row in frame.value.to_dict("records")]


# -- the deadlines page --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_deadlines_page_lists_a_sent_and_a_due_reminder(
    signed_in_app, app_resources, open_page, mailing, lang
):
    # IMY's 72 hours end in 5 hours: the 24-hour reminder went out with a run 2 hours ago, and
    # the 6-hour one has been due for an hour.
    ref = _incident(app_resources, aware_hours_ago=67)
    workspace = app_resources.workspace
    workspace.reminders.run(at=utc_now() - timedelta(hours=2))
    assert mailing.wait_for(1)
    assert (DPO_ADDRESS,) in [envelope.rcpt_tos for envelope in mailing.envelopes]

    app = open_page(signed_in_app(incident=ref, lang=lang), "deadlines").run()
    no_trouble(app)
    assert reminders.TITLE(lang) in shown(app.header)
    state, to = reminders.STATE(lang), reminders.TO(lang)
    rows = [(row[state], row[to]) for row in _rows(app) if state in row]
    assert (reminders.STATES["sent"](lang), DPO_ADDRESS) in rows
    assert (reminders.STATES["due"](lang), DPO_ADDRESS) in rows
    assert not any(reminders.NO_MAIL(lang) in w for w in shown(app.warning))


def test_the_deadlines_page_says_when_mail_is_not_set_up_and_who_has_no_address(
    signed_in_app, app_resources, open_page
):
    dpo = _dpo(app_resources)
    app_resources.accounts.add(
        by=dpo,
        username="nils",
        display_name="Nils Ek",
        password="fem gula bilar i rad",
        role=Role.DPO,
    )
    ref = _incident(app_resources, aware_hours_ago=10)
    app = open_page(signed_in_app(incident=ref, lang="en"), "deadlines").run()
    no_trouble(app)
    assert any(reminders.NO_MAIL.en in w for w in shown(app.warning))
    assert any("Nils Ek" in i for i in shown(app.info))


def test_a_failed_reminder_shows_its_reason_and_that_the_next_run_retries_it(
    signed_in_app, app_resources, open_page, mailing
):
    ref = _incident(app_resources, aware_hours_ago=50)
    mailing.refuse(451, "4.3.0 Mailbox busy, try later")
    app_resources.workspace.reminders.run()
    app = open_page(signed_in_app(incident=ref, lang="en"), "deadlines").run()
    no_trouble(app)
    assert reminders.FAILED_NOTE.en in shown(app.error)
    states = [row[reminders.STATE.en] for row in _rows(app) if reminders.STATE.en in row]
    assert any("retried by the next run" in s and "Mailbox busy" in s for s in states)


# -- the organisation page -----------------------------------------------------------------------


def test_the_rules_form_saves_and_shows_the_change(signed_in_app, app_resources, open_page):
    app = open_page(signed_in_app(lang="en"), "organisation").run()
    no_trouble(app)
    assert reminder_rules.DEFAULTS.en in shown(app.caption)
    assert app.text_input(key="br_rules_before").value == "24, 6"
    app.text_input(key="br_rules_before").input("48, 12")
    app.text_input(key="br_rules_escalation_address").input("sakerhet@nordmark.example.se")
    app.checkbox(key="br_rules_quiet").check()
    app.selectbox(key="br_rules_language").select("en")
    app.button(key="br_rules_save").click().run()
    no_trouble(app)
    assert not app.error
    rules = app_resources.workspace.reminders.rules()
    assert rules.before_hours == (48, 12)
    assert rules.escalation_address == "sakerhet@nordmark.example.se"
    assert rules.quiet_hours is not None and rules.quiet_hours.start.hour == 22
    assert rules.language == "en"

    again = open_page(signed_in_app(lang="en"), "organisation").run()
    no_trouble(again)
    assert any(c.startswith("Last changed by Karin Holm") for c in shown(again.caption))
    assert again.text_input(key="br_rules_before").value == "48, 12"
    assert again.checkbox(key="br_rules_quiet").value


def test_a_month_long_deadline_gets_hours_of_its_own_and_one_none(
    signed_in_app, app_resources, open_page
):
    app = open_page(signed_in_app(lang="sv"), "organisation").run()
    final = app.text_input(key="br_rules_own_nis2_final_report")
    assert final.label == "Slutrapport till CERT-SE (en månad)"
    assert final.value == "" and final.placeholder == "24, 6"
    final.input("168, 24")
    app.text_input(key="br_rules_own_nis2_progress_report").input("inga")
    app.button(key="br_rules_save").click().run()
    no_trouble(app)
    assert not app.error
    rules = app_resources.workspace.reminders.rules()
    assert rules.by_deadline == {"nis2_final_report": (168, 24), "nis2_progress_report": ()}
    assert rules.hours_for("gdpr_art33") == (24, 6)
    again = open_page(signed_in_app(lang="sv"), "organisation").run()
    assert again.text_input(key="br_rules_own_nis2_final_report").value == "168, 24"
    assert again.text_input(key="br_rules_own_nis2_progress_report").value == "inga"


def test_bad_hours_are_refused_in_one_line_and_nothing_is_saved(
    signed_in_app, app_resources, open_page
):
    app = open_page(signed_in_app(lang="sv"), "organisation").run()
    app.text_input(key="br_rules_before").input("en dag")
    app.button(key="br_rules_save").click().run()
    no_trouble(app)
    assert reminder_rules.BEFORE_BAD.sv in shown(app.error)
    app.text_input(key="br_rules_before").input("24")
    app.text_input(key="br_rules_escalation_address").input("inte en adress")
    app.button(key="br_rules_save").click().run()
    no_trouble(app)
    assert app.error
    assert app_resources.workspace.reminders.rules().before_hours == (24, 6)


def test_the_mail_status_says_what_to_set_when_mail_is_off(signed_in_app, app_resources, open_page):
    app = open_page(signed_in_app(lang="en"), "organisation").run()
    no_trouble(app)
    assert reminder_rules.MAIL_OFF.en in shown(app.warning)


def test_a_test_mail_goes_to_the_signed_in_dpo(
    signed_in_app, app_resources, open_page, mailing, monkeypatch
):
    settings = app_resources.settings
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_sender", "breachreport@nordmark.example.se")
    app = open_page(signed_in_app(lang="en"), "organisation").run()
    no_trouble(app)
    assert any("127.0.0.1" in m for m in shown(app.markdown))
    app.button(key="br_mail_test").click().run()
    no_trouble(app)
    assert reminder_rules.TEST_SENT.en.format(address=DPO_ADDRESS) in shown(app.success)
    assert mailing.wait_for(1)
    assert mailing.envelopes[0].rcpt_tos == (DPO_ADDRESS,)


# -- the invitation's link and the reviewers -----------------------------------------------------


def test_the_invitation_link_is_mailed_from_the_supplier_page(
    signed_in_app, app_resources, open_page, mailing
):
    ref = _incident(app_resources, aware_hours_ago=10)
    app = open_page(signed_in_app(incident=ref, lang="en"), "suppliers").run()
    app.text_input(key=f"br_sup_name.{ref}").input("Omar Haddad")
    app.text_input(key=f"br_sup_email.{ref}").input(CONTACT)
    [create] = [b for b in app.button if b.label == suppliers.CREATE.en]
    create.click().run()
    no_trouble(app)
    [link] = [c for c in shown(app.code) if "?invite=" in c]
    app.button(key=f"br_sup_link_mail.{ref}").click().run()
    no_trouble(app)
    [message] = mailing.wait_for(1)
    assert mailing.envelopes[0].rcpt_tos == (CONTACT,)
    assert link in message.get_body(("plain",)).get_content()
    assert suppliers.LINK_MAILED.en.format(address=CONTACT) in shown(app.info)
    assert [c for c in shown(app.code) if "?invite=" in c] == [link]  # still there to copy
    kinds = [e.kind for e in app_resources.workspace.history(ref)]
    assert kinds[-1] == "invitation_mailed"


def test_a_refused_invitation_mail_is_said_and_the_link_stays(
    signed_in_app, app_resources, open_page, mailing
):
    ref = _incident(app_resources, aware_hours_ago=10)
    mailing.refuse(550, "5.1.1 No such mailbox")
    app = open_page(signed_in_app(incident=ref, lang="en"), "suppliers").run()
    app.text_input(key=f"br_sup_name.{ref}").input("Omar Haddad")
    app.text_input(key=f"br_sup_email.{ref}").input(CONTACT)
    [create] = [b for b in app.button if b.label == suppliers.CREATE.en]
    create.click().run()
    app.button(key=f"br_sup_link_mail.{ref}").click().run()
    no_trouble(app)
    assert any("Copy the link and send it yourself" in e for e in shown(app.error))
    assert [c for c in shown(app.code) if "?invite=" in c]


def test_the_dpo_tells_the_reviewers_and_a_second_time_sends_nothing(
    signed_in_app, app_resources, open_page, mailing
):
    ref = _incident(app_resources, aware_hours_ago=10)
    dpo = _dpo(app_resources)
    reviewer = app_resources.accounts.add(
        by=dpo,
        username=REVIEWER,
        display_name="Johan Ek",
        password="fyra gröna äpplen i korgen",
        role=Role.LEGAL_REVIEWER,
    )
    app = open_page(signed_in_app(incident=ref), "review").run()
    no_trouble(app)
    # Assigning tells the new reviewer at once, since mail is set up.
    app.selectbox(key=f"br_review_who.{ref}").select(reviewer.id)
    app.button(key=f"br_review_assign.{ref}").click().run()
    no_trouble(app)
    version = app_resources.workspace.incident(ref).version
    assert review.NOTIFIED.sv.format(who=REVIEWER, version=version) in shown(app.success)
    assert mailing.wait_for(1)
    assert mailing.envelopes[0].rcpt_tos == (REVIEWER,)

    app.button(key=f"br_review_notify.{ref}").click().run()
    no_trouble(app)
    assert review.ALREADY_NOTIFIED.sv.format(version=version) in shown(app.info)
    assert len(mailing.messages) == 1


def test_a_legal_reviewer_reads_the_rules_and_sends_nothing(
    app_resources, open_page, mailing, monkeypatch
):
    monkeypatch.setattr(app_resources.settings, "smtp_host", "127.0.0.1")
    ref = _incident(app_resources, aware_hours_ago=10)
    dpo = _dpo(app_resources)
    reviewer = app_resources.accounts.add(
        by=dpo,
        username=REVIEWER,
        display_name="Johan Ek",
        password="fyra gröna äpplen i korgen",
        role=Role.LEGAL_REVIEWER,
    )
    app_resources.workspace.reviews.assign_reviewer(
        actor=dpo.actor, ref=ref, reviewer=reviewer.actor
    )
    app = open_page(app_session(account_id=reviewer.id, lang="en"), "organisation").run()
    no_trouble(app)
    assert reminder_rules.READ_ONLY.en in shown(app.info)
    assert app.text_input(key="br_rules_before").disabled
    assert not [b for b in app.button if b.key == "br_mail_test"]

    app = open_page(app_session(account_id=reviewer.id, lang="en", incident=ref), "review").run()
    no_trouble(app)
    assert not [b for b in app.button if b.key == f"br_review_notify.{ref}"]
    app = open_page(app_session(account_id=reviewer.id, lang="en", incident=ref), "deadlines")
    app.run()
    no_trouble(app)
    assert reminders.TITLE.en in shown(app.header)  # an assigned reviewer may see them
    assert mailing.messages == []
