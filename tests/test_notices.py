"""Mail a person sends from the app, against a real SMTP server on 127.0.0.1: an invitation's link
reaches the address sealed in the invitation and nothing about the breach; a link that is not the
invitation's, or an invitation no longer active, is refused; reviewers are told once per facts
version each, and a notice the server did not take is sent by the next reminder run; a legal
reviewer or a supplier contact may send nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collaboration_support import MINIMUM, World, build_world

from breachreport.domain.status import Role
from breachreport.errors import InputError, MailFailed, NotFound, PermissionDenied
from breachreport.services.notices import NO_MAIL

BASE = "https://intrang.nordmark.example.se"
CONTACT = "omar.haddad@samplan.example.se"
REVIEWER = "johan@nordmark.example.se"
# What the incident says and the people in it: none of it may be in a mail.
FACTS = [
    MINIMUM["description.summary"],
    "Ransomware",
    "patients",
    "patienter",
    "health",
]


@pytest.fixture
def world(store, smtp_server) -> World:
    built = build_world(store)
    built.workspace.mail = lambda: smtp_server.config(base_url=BASE)
    return built


def _link(world: World, token: str | None = None) -> str:
    return f"{BASE}/?invite={token or world.token}"


def _mail_link(world: World, **overrides) -> None:
    arguments = {
        "actor": world.dpo.actor,
        "ref": world.ref,
        "invitation_id": world.invitation_id,
        "link": _link(world),
    }
    world.workspace.notices.mail_invitation(**{**arguments, **overrides})


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def _no_facts(message) -> None:
    text = f"{message['Subject']}\n{_body(message)}"
    for fact in FACTS:
        assert fact not in text, fact


def _kinds(world: World) -> list[str]:
    return [entry.kind for entry in world.workspace.history(world.ref)]


# -- the invitation's link -----------------------------------------------------------------------


def test_the_link_reaches_the_contacts_sealed_address_with_nothing_of_the_breach(
    world, smtp_server
):
    _mail_link(world)
    [message] = smtp_server.wait_for(1)
    assert smtp_server.envelopes[0].rcpt_tos == (CONTACT,)
    assert CONTACT in message["To"]
    assert _link(world) in _body(message)
    assert world.ref in f"{message['Subject']} {_body(message)}"
    _no_facts(message)
    entry = world.workspace.history(world.ref)[-1]
    assert (entry.kind, entry.actor, entry.role) == ("invitation_mailed", "Karin Holm", "dpo")
    assert entry.subject == "Omar Haddad"


def test_a_link_that_is_not_the_invitations_own_is_refused_and_nothing_is_sent(world, smtp_server):
    other, token = world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=world.ref,
        contact_name="Eva Lind",
        contact_email="eva.lind@annan.example.se",
        sections=["times"],
        expires_at=world.clock.now + timedelta(days=3),
    )
    for link in (_link(world, token), f"{BASE}/?invite=", "https://elsewhere.example/"):
        with pytest.raises(InputError, match="not the link of this invitation"):
            _mail_link(world, link=link)
    # The other invitation's link to the other invitation's contact is fine.
    _mail_link(world, invitation_id=other.id, link=_link(world, token))
    assert smtp_server.wait_for(1)[0]["To"].addresses[0].addr_spec == "eva.lind@annan.example.se"
    assert smtp_server.envelopes[0].rcpt_tos == ("eva.lind@annan.example.se",)


def test_an_unknown_revoked_or_expired_invitation_is_not_mailed(world, smtp_server):
    with pytest.raises(NotFound):
        _mail_link(world, invitation_id="no-such-invitation")
    another = world.open_another()
    with pytest.raises(NotFound):  # an invitation of another incident is no invitation of this one
        _mail_link(world, ref=another)
    world.clock.advance(days=15)
    with pytest.raises(InputError, match="no longer active"):
        _mail_link(world)
    world.clock.advance(days=-15)
    world.workspace.invitations.revoke(actor=world.dpo.actor, invitation_id=world.invitation_id)
    with pytest.raises(InputError, match="no longer active"):
        _mail_link(world)
    assert smtp_server.messages == []
    assert "invitation_mailed" not in _kinds(world)


def test_an_invitation_without_an_address_or_an_install_without_mail_says_so(world, smtp_server):
    made, token = world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=world.ref,
        contact_name="Eva Lind",
        sections=["times"],
        expires_at=world.clock.now + timedelta(days=3),
    )
    with pytest.raises(InputError, match="no email address"):
        _mail_link(world, invitation_id=made.id, link=_link(world, token))
    world.workspace.mail = lambda: None
    with pytest.raises(MailFailed) as refused:
        _mail_link(world)
    assert refused.value.in_("en") == NO_MAIL.en
    assert "BREACHREPORT_SMTP_HOST" in refused.value.in_("sv")
    assert smtp_server.messages == []


def test_a_refused_mail_tells_the_dpo_to_send_the_link_by_hand(world, smtp_server):
    smtp_server.refuse(550, "5.1.1 No such mailbox")
    with pytest.raises(MailFailed, match="Copy the link and send it yourself") as refused:
        _mail_link(world)
    assert refused.value.permanent
    assert world.token not in str(refused.value)
    assert "invitation_mailed" not in _kinds(world)


# -- the reviewers -------------------------------------------------------------------------------


def test_each_reviewer_is_told_once_per_facts_version(world, smtp_server):
    notices = world.workspace.notices
    [line] = notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref)
    assert (line.outcome, line.to) == ("sent", REVIEWER)
    [message] = smtp_server.wait_for(1)
    assert smtp_server.envelopes[0].rcpt_tos == (REVIEWER,)
    assert f"{BASE}/?incident={world.ref}" in _body(message)
    _no_facts(message)
    assert notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref) == []
    assert len(smtp_server.messages) == 1
    assert _kinds(world).count("mail_sent") == 1

    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.planned": "Avtalen ses över."},
        expected_version=world.version,
    )
    [again] = notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref)
    assert again.outcome == "sent"
    assert len(smtp_server.wait_for(2)) == 2


def test_a_notice_the_server_did_not_take_is_sent_by_the_next_reminder_run(world, smtp_server):
    if not hasattr(world.workspace.reminders, "run"):
        pytest.skip("the reminder run is not built yet")
    smtp_server.refuse(451, "4.3.0 Try again later")
    [line] = world.workspace.notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref)
    assert line.outcome == "failed" and line.error
    assert smtp_server.messages == []
    # Asking again does not make a second notice of the same version: the outbox holds it.
    assert world.workspace.notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref) == []
    smtp_server.accept()
    world.clock.advance(minutes=10)
    report = world.workspace.reminders.run()
    assert [(x.kind, x.to, x.outcome) for x in report.lines if x.to == REVIEWER] == [
        ("review_notice", REVIEWER, "sent")
    ]
    assert smtp_server.wait_for(1)[0]["To"].addresses[0].addr_spec == REVIEWER
    later = world.workspace.reminders.run(at=world.clock.now + timedelta(minutes=10))
    assert not [x for x in later.lines if x.to == REVIEWER]


def test_no_reviewer_with_a_mail_address_is_a_clear_refusal(world, smtp_server):
    world.workspace.reviews.remove_reviewer(
        actor=world.dpo.actor, ref=world.ref, reviewer=world.reviewer.actor
    )
    with pytest.raises(InputError, match="No assigned legal reviewer"):
        world.workspace.notices.notify_reviewers(actor=world.dpo.actor, ref=world.ref)
    assert smtp_server.messages == []


# -- who may send --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEGAL_REVIEWER, Role.SUPPLIER_CONTACT])
def test_a_reviewer_or_a_supplier_contact_may_send_no_mail(world, smtp_server, role):
    actor = world.actor(role)
    with pytest.raises(PermissionDenied):
        _mail_link(world, actor=actor)
    with pytest.raises(PermissionDenied):
        world.workspace.notices.notify_reviewers(actor=actor, ref=world.ref)
    with pytest.raises(PermissionDenied):
        world.workspace.notices.send_test(actor=actor)
    assert smtp_server.messages == []


def test_an_administrator_may_send_and_the_test_mail_goes_to_oneself(world, smtp_server):
    _mail_link(world, actor=world.admin.actor)
    address = world.workspace.notices.send_test(actor=world.admin.actor, lang="en")
    assert address == "anna@nordmark.example.se"
    messages = smtp_server.wait_for(2)
    assert smtp_server.envelopes[1].rcpt_tos == (address,)
    _no_facts(messages[1])
    assert world.ref not in _body(messages[1])
