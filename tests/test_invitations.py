"""Supplier contacts' invitations on both backends: the link gives one incident and some sections
and nothing else, also to callers of the services; bad links get one neutral message, slower each
time; the token never reaches the database."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from collaboration_support import NOW, PDF, SUPPLIER_SECTIONS, World, build_world
from sqlmodel import SQLModel

from breachreport.domain.changes import all_paths
from breachreport.domain.status import Role
from breachreport.errors import InputError, IntegrityError, InvitationRefused, PermissionDenied
from breachreport.services import Actor
from breachreport.services.invitations import Throttle
from breachreport.storage import open_store

NEUTRAL = "This link is not valid. Ask the DPO for a new one."


@pytest.fixture
def world(store) -> World:
    return build_world(store)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """Refusals slow down; these tests do not need to feel it."""
    monkeypatch.setattr("breachreport.services.invitations.time.sleep", lambda seconds: None)


def test_the_link_gives_the_contact_only_the_invited_sections(world):
    view = world.workspace.proposals.invited(actor=world.supplier)
    assert view.reference == world.ref
    assert view.contact_name == "Omar Haddad"
    assert view.sections == SUPPLIER_SECTIONS
    assert {path.split(".")[0] for path in view.values} == set(SUPPLIER_SECTIONS)
    assert {q.section for q in view.questions} == set(SUPPLIER_SECTIONS)
    assert view.values["times.aware_at"] is not None
    assert not any(
        path.startswith(("controller.", "data.", "description.")) for path in view.values
    )
    assert len(view.values) == len([p for p in all_paths() if p.split(".")[0] in SUPPLIER_SECTIONS])


def test_the_contact_cannot_read_the_incident_the_register_or_the_documents(world):
    contact, ref = world.supplier, world.ref
    for attempt in (
        lambda: world.workspace.incident(ref, actor=contact),
        lambda: world.workspace.register_for(contact),
        lambda: world.workspace.history(ref, actor=contact),
        lambda: world.workspace.filings(ref, actor=contact),
        lambda: world.workspace.render(ref=ref, lang="sv", actor=contact),
        lambda: world.workspace.render(ref=ref, lang="en", fmt="md", actor=contact),
        lambda: world.workspace.export(ref, actor=contact),
        lambda: world.workspace.assessment(ref, actor=contact),
        lambda: world.workspace.clocks(ref, actor=contact),
        lambda: world.workspace.reviews.comments(ref=ref, actor=contact),
        lambda: world.workspace.reviews.current_approval(ref=ref, actor=contact),
        lambda: world.workspace.proposals.pending(ref=ref, actor=contact),
        lambda: world.workspace.invitations.for_incident(ref=ref, actor=contact),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_the_contact_cannot_change_anything_but_propose_in_the_invited_sections(world):
    contact, ref = world.supplier, world.ref
    with pytest.raises(PermissionDenied, match="does not cover data"):
        world.workspace.proposals.propose(
            actor=contact, changes={"data.subjects_count": {"value": 12}}, expected_version=1
        )
    with pytest.raises(PermissionDenied, match="does not cover controller, data"):
        world.workspace.proposals.propose(
            actor=contact,
            changes={
                "measures.taken": "x",
                "data.subjects_count": {"value": 1},
                "controller.name": "y",
            },
            expected_version=1,
        )
    for attempt in (
        lambda: world.workspace.revise(
            actor=contact, ref=ref, changes={"measures.taken": "x"}, expected_version=1
        ),
        lambda: world.workspace.open_incident(actor=contact, changes={"measures.taken": "x"}),
        lambda: world.workspace.import_facts(actor=contact, data={}),
        lambda: world.workspace.reviews.comment(
            actor=contact, ref=ref, section="measures", text="x"
        ),
        lambda: world.workspace.reviews.approve(actor=contact, ref=ref, facts_version=1),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert world.version == 1


def test_a_contact_sees_no_other_incident_also_with_a_forged_actor(world):
    other = world.open_another()
    mallory = Actor("Omar Haddad", Role.SUPPLIER_CONTACT, invitation_id=world.invitation_id)
    for attempt in (
        lambda: world.workspace.incident(other, actor=mallory),
        lambda: world.workspace.render(ref=other, actor=mallory),
        lambda: world.workspace.evidence.files(ref=other, actor=mallory),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(PermissionDenied, match=f"another incident than {other}"):
        world.workspace.evidence.upload(actor=mallory, ref=other, filename="x.pdf", content=PDF)
    # Another incident's own invitation does not open this one either.
    _, token = world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=other,
        contact_name="Lena Sjöberg",
        sections=["measures"],
        expires_at=NOW + timedelta(days=3),
    )
    lena = world.workspace.invitations.redeem(token)
    assert world.workspace.proposals.invited(actor=lena).reference == other
    with pytest.raises(PermissionDenied, match=f"another incident than {world.ref}"):
        world.workspace.evidence.upload(actor=lena, ref=world.ref, filename="x.pdf", content=PDF)


def test_a_forged_supplier_actor_without_a_real_invitation_is_refused(world):
    no_link = Actor("Omar Haddad", Role.SUPPLIER_CONTACT)
    with pytest.raises(PermissionDenied, match="through the link"):
        world.workspace.proposals.invited(actor=no_link)
    made_up = Actor("Omar Haddad", Role.SUPPLIER_CONTACT, invitation_id=secrets.token_hex(16))
    with pytest.raises(InvitationRefused) as caught:
        world.workspace.proposals.invited(actor=made_up)
    assert str(caught.value) == NEUTRAL


def test_what_a_contact_does_is_recorded_under_the_invited_name_not_a_claimed_one(world):
    claimed = Actor("Someone Else", Role.SUPPLIER_CONTACT, invitation_id=world.invitation_id)
    world.workspace.proposals.propose(
        actor=claimed, changes={"measures.taken": "Isolated."}, expected_version=1
    )
    last = world.workspace.history(world.ref)[-1]
    assert (last.kind, last.actor, last.role) == ("proposed", "Omar Haddad", "supplier_contact")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "short",
        "not a token at all, with spaces",
        "x" * 500,
        "Q" * 20 + "well-formed_but-nobodys",  # well formed, but nobody's
        None,
        12345,
    ],
)
def test_forged_tokens_get_the_neutral_message(world, token):
    with pytest.raises(InvitationRefused) as caught:
        world.workspace.invitations.redeem(token)
    assert str(caught.value) == NEUTRAL


def test_an_expired_token_gets_the_neutral_message(world):
    world.clock.advance(days=15)
    with pytest.raises(InvitationRefused) as caught:
        world.workspace.invitations.redeem(world.token)
    assert str(caught.value) == NEUTRAL


def test_a_revoked_token_gets_the_neutral_message_and_stops_a_session_at_once(world):
    contact = world.supplier  # redeemed before the revocation
    revoked = world.workspace.invitations.revoke(
        actor=world.dpo.actor, invitation_id=world.invitation_id
    )
    assert revoked.state(NOW) == "revoked" and revoked.revoked_by == "Karin Holm"
    with pytest.raises(InvitationRefused) as caught:
        world.workspace.invitations.redeem(world.token)
    assert str(caught.value) == NEUTRAL
    with pytest.raises(InvitationRefused):
        world.workspace.proposals.propose(
            actor=contact, changes={"measures.taken": "x"}, expected_version=1
        )
    with pytest.raises(InvitationRefused):
        world.workspace.proposals.invited(actor=contact)


def test_an_expiry_during_a_session_stops_it(world):
    world.clock.advance(days=14)
    with pytest.raises(InvitationRefused):
        world.workspace.proposals.invited(actor=world.supplier)


def test_repeated_failures_slow_down_and_age_out():
    waited: list[float] = []
    now = [0.0]
    throttle = Throttle(sleep=waited.append, monotonic=lambda: now[0])
    for _ in range(9):
        throttle.failed()
    assert waited == [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]  # three free, then doubling to the cap
    now[0] += 601
    assert throttle.delay() == 0.0


def test_refused_redemptions_go_through_the_throttle(world):
    waited: list[float] = []
    world.workspace.invitations.throttle = Throttle(sleep=waited.append, free=0, first=0.5)
    for _ in range(3):
        with pytest.raises(InvitationRefused):
            world.workspace.invitations.redeem(secrets.token_urlsafe(32))
    assert waited == [0.5, 1.0, 2.0]
    world.workspace.invitations.redeem(world.token)  # a good link is not slowed down
    assert len(waited) == 3


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("\u3164\u2800", "Enter the supplier contact's name"),  # blank-looking letters only
        ("Omar\u2028Haddad", "control characters or line breaks"),
        ("Omar \u202edaddaH", "control characters or line breaks"),
    ],
)
def test_a_contact_s_name_must_show_and_stay_on_one_line(world, name, says):
    before = world.workspace.invitations.for_incident(ref=world.ref, actor=world.dpo.actor)
    with pytest.raises(InputError, match=says):
        world.workspace.invitations.invite(
            actor=world.dpo.actor,
            ref=world.ref,
            contact_name=name,
            sections=["measures"],
            expires_at=NOW + timedelta(days=3),
        )
    assert world.workspace.invitations.for_incident(ref=world.ref, actor=world.dpo.actor) == before


def test_the_dpo_lists_invitations_with_their_state_and_without_tokens(world):
    second, _ = world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=world.ref,
        contact_name="Lena Sjöberg",
        sections=["data", "description"],
        expires_at=NOW + timedelta(days=1),
    )
    world.workspace.invitations.revoke(actor=world.dpo.actor, invitation_id=second.id)
    listed = world.workspace.invitations.for_incident(ref=world.ref, actor=world.dpo.actor)
    assert [(i.contact_name, i.sections, i.state(NOW)) for i in listed] == [
        ("Omar Haddad", SUPPLIER_SECTIONS, "active"),
        ("Lena Sjöberg", ("description", "data"), "revoked"),
    ]
    assert listed[0].contact_email == "omar.haddad@samplan.example.se"
    assert listed[0].opened_at is not None and listed[1].opened_at is None
    assert not any(world.token in repr(i) for i in listed)


def test_inviting_opening_and_revoking_are_in_the_history(world):
    world.workspace.invitations.revoke(actor=world.dpo.actor, invitation_id=world.invitation_id)
    entries = [
        (e.kind, e.actor, e.role, e.fields, e.subject)
        for e in world.workspace.history(world.ref)
        if "invit" in e.kind
    ]
    sections = list(SUPPLIER_SECTIONS)
    assert entries == [
        ("invited", "Karin Holm", "dpo", sections, "Omar Haddad"),
        ("invitation_opened", "Omar Haddad", "supplier_contact", sections, None),
        ("invitation_revoked", "Karin Holm", "dpo", sections, "Omar Haddad"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sections": []}, "at least one section"),
        ({"sections": ["decision"]}, "cannot be invited to decision"),
        ({"sections": ["nonsense"]}, "cannot be invited to nonsense"),
        ({"expires_at": NOW - timedelta(days=1)}, "future"),
        ({"expires_at": NOW + timedelta(days=91)}, "at most 90 days"),
        ({"contact_name": "  "}, "contact's name"),
        ({"contact_email": "not-an-address"}, "email address is not valid"),
    ],
)
def test_a_malformed_invitation_is_an_input_error(world, change, message):
    given = {
        "contact_name": "Lena Sjöberg",
        "sections": ["data"],
        "expires_at": NOW + timedelta(days=7),
        **change,
    }
    with pytest.raises(InputError, match=message):
        world.workspace.invitations.invite(actor=world.dpo.actor, ref=world.ref, **given)


def test_tokens_names_and_emails_never_reach_the_files(sqlite_url, ring):
    store = open_store(sqlite_url, ring)
    world = build_world(store)
    marker = f"marker{secrets.token_hex(8)}"
    _, token = world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=world.ref,
        contact_name=f"{marker} Contact",
        contact_email=f"{marker}@supplier.example.se",
        sections=["measures"],
        expires_at=NOW + timedelta(days=7),
    )
    contact = world.workspace.invitations.redeem(token)
    world.workspace.proposals.propose(
        actor=contact,
        changes={"measures.taken": f"{marker} isolated the servers"},
        comment=f"{marker} comment",
        expected_version=world.version,
    )
    folder = Path(sa.make_url(sqlite_url).database).parent
    needles = [marker.encode(), token.encode(), world.token.encode()]

    def leaks() -> list[str]:
        return [
            p.name
            for p in folder.iterdir()
            if p.is_file() and any(n in p.read_bytes() for n in needles)
        ]

    assert leaks() == []
    store.dispose()
    assert leaks() == []


@pytest.mark.parametrize("column", ["contact_ct", "sections", "expires_at", "incident_id"])
def test_a_tampered_invitation_is_reported_and_refused(store, column):
    world = build_world(store)
    table = SQLModel.metadata.tables["invitation"]
    other = world.open_another() if column == "incident_id" else None
    with store.engine.begin() as connection:
        row = connection.execute(sa.select(table)).one()
        value = {
            "contact_ct": row.contact_ct[:-1] + bytes([row.contact_ct[-1] ^ 1]),
            "sections": [*row.sections, "data"],
            "expires_at": row.expires_at + timedelta(days=300),
            "incident_id": world.workspace.incident(other).id if other else None,
        }[column]
        connection.execute(sa.update(table).values({column: value}))
    damage = [d.problem for d in world.workspace.verify().damage]
    assert any("invitation" in problem for problem in damage), damage
    with pytest.raises(IntegrityError, match="integrity check"):
        world.workspace.invitations.redeem(world.token)


def test_a_supplier_is_never_invited_to_the_decision_or_the_english_texts():
    from breachreport.services.invitations import invitable_sections

    offered = invitable_sections()
    assert "decision" not in offered and "english" not in offered
    assert {"description", "measures", "data"} <= set(offered)
