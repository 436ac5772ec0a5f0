"""The permission table, pinned, and enforced by the services: every role against every use case,
on both backends, with each role acting as it really does (signed in, or a supplier contact through
the invitation link)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from collaboration_support import NOW, PASSWORD, PDF, World, at, build_world

from breachreport.crypto.bulletin_signing import BulletinRefused, generate_key, public_key_text
from breachreport.demo.scenario import CASE_NUMBER
from breachreport.domain.choices import FilingKind
from breachreport.domain.status import Role
from breachreport.errors import MailFailed, PermissionDenied
from breachreport.services.accounts import LOCAL_OPERATOR, OrganisationProfile
from breachreport.services.permissions import PERMISSIONS, Actor, UseCase, may

# The table as the issue describes it: x = allowed (legal reviewers: assigned incidents only;
# supplier contacts: their invitation's incident and sections only), . = refused.
TABLE = """
                        admin  dpo  legal_reviewer  supplier_contact
list_register             x     x        x               .
open_incident             x     x        .               .
read_incident             x     x        x               .
read_invited_sections     .     .        .               x
revise                    x     x        .               .
decide                    x     x        .               .
file                      x     x        .               .
record_case_number        x     x        .               .
render_draft              x     x        x               .
download_filing           x     x        x               .
read_history              x     x        x               .
invite_supplier           x     x        .               .
revoke_invitation         x     x        .               .
propose                   .     .        .               x
review_proposal           x     x        .               .
comment                   x     x        x               .
approve                   .     .        x               .
assign_reviewer           x     x        .               .
upload_evidence           x     x        .               x
download_evidence         x     x        x               x
manage_accounts           x     x        .               .
edit_organisation         x     x        .               .
verify                    x     x        .               .
export                    x     x        .               .
import                    x     x        .               .
shred                     x     x        .               .
manage_suppliers          x     x        .               .
import_bulletin           x     x        .               .
read_bulletins            x     x        x               .
manage_reminders          x     x        .               .
read_reminders            x     x        x               .
send_mail                 x     x        .               .
read_calendar             x     x        x               .
"""


def _parse(table: str) -> dict[tuple[Role, UseCase], bool]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    roles = [Role(name) for name in header]
    return {
        (role, UseCase(row[0])): mark == "x"
        for row in rows
        for role, mark in zip(roles, row[1:], strict=True)
    }


EXPECTED = _parse(TABLE)


def test_the_table_names_every_role_and_every_use_case_once():
    assert set(PERMISSIONS) == set(Role)
    assert {use_case for _, use_case in EXPECTED} == set(UseCase)
    assert len(EXPECTED) == len(Role) * len(UseCase)


def test_the_permission_table_is_the_documented_one():
    assert {key: may(*key) for key in EXPECTED} == EXPECTED


def test_nobody_approves_their_own_work_and_only_suppliers_propose():
    assert [r for r in Role if may(r, UseCase.APPROVE)] == [Role.LEGAL_REVIEWER]
    assert [r for r in Role if may(r, UseCase.PROPOSE)] == [Role.SUPPLIER_CONTACT]


def test_a_refusal_says_who_may_instead():
    with pytest.raises(PermissionDenied) as caught:
        _check(Actor("Johan Ek", Role.LEGAL_REVIEWER), UseCase.REVISE)
    assert str(caught.value) == (
        "As a legal reviewer you may not change the facts; ask an administrator or a data "
        "protection officer."
    )


def _check(actor: Actor, use_case: UseCase) -> None:
    from breachreport.services.permissions import require

    require(actor, use_case, tx=None, now=NOW)  # type: ignore[arg-type]  (no scope needed)


# -- the services enforce it ---------------------------------------------------------------------


def _filed(w: World) -> None:
    w.workspace.file(
        actor=w.dpo.actor, ref=w.ref, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    )


def _proposal(w: World) -> str:
    return w.workspace.proposals.propose(
        actor=w.supplier, changes={"measures.taken": "Isolated."}, expected_version=w.version
    ).id


def _uploaded_by_supplier(w: World) -> str:
    return w.workspace.evidence.upload(
        actor=w.supplier, ref=w.ref, filename="forensics.pdf", content=PDF
    ).id


def _edit_organisation(w: World, actor: Actor, role: Role) -> None:
    w.workspace.reviews.set_four_eyes(actor=actor, on=True)
    w.accounts.save_organisation(by=w.account(role), profile=OrganisationProfile(name="Region"))


def _manage_accounts(w: World, actor: Actor, role: Role) -> None:
    made = w.accounts.add(
        by=w.account(role),
        username="new@nordmark.example.se",
        display_name="New Person",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    w.accounts.disable(by=w.account(role), account_id=made.id)


# Each use case as its service is called; setup the DPO does first comes before the call.
CALLS: dict[UseCase, Callable[[World, Actor, Role], object]] = {
    UseCase.LIST_REGISTER: lambda w, a, r: w.workspace.register_for(a),
    UseCase.OPEN_INCIDENT: lambda w, a, r: w.workspace.open_incident(
        actor=a, changes={"description.summary": "A second case."}
    ),
    UseCase.READ_INCIDENT: lambda w, a, r: w.workspace.incident(w.ref, actor=a),
    UseCase.READ_INVITED_SECTIONS: lambda w, a, r: w.workspace.proposals.invited(actor=a),
    UseCase.REVISE: lambda w, a, r: w.workspace.revise(
        actor=a, ref=w.ref, changes={"measures.taken": "Isolated."}, expected_version=w.version
    ),
    UseCase.DECIDE: lambda w, a, r: w.workspace.decide(
        actor=a,
        ref=w.ref,
        outcome=w.workspace.assessment(w.ref).outcome,
        reason=None,
        expected_version=w.version,
    ),
    UseCase.FILE: lambda w, a, r: w.workspace.file(
        actor=a, ref=w.ref, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    ),
    UseCase.RECORD_CASE_NUMBER: lambda w, a, r: (
        _filed(w),
        w.workspace.record_case_number(actor=a, ref=w.ref, case_number=CASE_NUMBER),
    ),
    UseCase.RENDER_DRAFT: lambda w, a, r: w.workspace.render(ref=w.ref, actor=a),
    UseCase.DOWNLOAD_FILING: lambda w, a, r: (
        _filed(w),
        w.workspace.render(ref=w.ref, filing_seq=1, actor=a),
    ),
    UseCase.READ_HISTORY: lambda w, a, r: w.workspace.history(w.ref, actor=a),
    UseCase.INVITE_SUPPLIER: lambda w, a, r: w.workspace.invitations.invite(
        actor=a,
        ref=w.ref,
        contact_name="Lena Sjöberg",
        sections=["data"],
        expires_at=NOW + timedelta(days=7),
    ),
    UseCase.REVOKE_INVITATION: lambda w, a, r: w.workspace.invitations.revoke(
        actor=a,
        invitation_id=w.workspace.invitations.invite(
            actor=w.dpo.actor,
            ref=w.ref,
            contact_name="Lena Sjöberg",
            sections=["data"],
            expires_at=NOW + timedelta(days=7),
        )[0].id,
    ),
    UseCase.PROPOSE: lambda w, a, r: w.workspace.proposals.propose(
        actor=a, changes={"measures.taken": "Isolated."}, expected_version=w.version
    ),
    UseCase.REVIEW_PROPOSAL: lambda w, a, r: w.workspace.proposals.review(
        actor=a, proposal_id=_proposal(w), accept="all"
    ),
    UseCase.COMMENT: lambda w, a, r: w.workspace.reviews.comment(
        actor=a, ref=w.ref, section="measures", text="Say when it was isolated."
    ),
    UseCase.APPROVE: lambda w, a, r: w.workspace.reviews.approve(
        actor=a, ref=w.ref, facts_version=w.version
    ),
    UseCase.ASSIGN_REVIEWER: lambda w, a, r: w.workspace.reviews.assign_reviewer(
        actor=a, ref=w.ref, reviewer=Actor("Eva Lind", Role.LEGAL_REVIEWER)
    ),
    UseCase.UPLOAD_EVIDENCE: lambda w, a, r: w.workspace.evidence.upload(
        actor=a, ref=w.ref, filename="police-report.pdf", content=PDF
    ),
    UseCase.DOWNLOAD_EVIDENCE: lambda w, a, r: w.workspace.evidence.download(
        actor=a, evidence_id=_uploaded_by_supplier(w)
    ),
    UseCase.MANAGE_ACCOUNTS: lambda w, a, r: _manage_accounts(w, a, r),
    UseCase.EDIT_ORGANISATION: lambda w, a, r: _edit_organisation(w, a, r),
    UseCase.VERIFY: lambda w, a, r: w.workspace.verify(actor=a),
    UseCase.EXPORT: lambda w, a, r: w.workspace.export(w.ref, actor=a),
    UseCase.IMPORT: lambda w, a, r: w.workspace.import_facts(
        actor=a, data=w.workspace.export(w.ref)
    ),
    UseCase.SHRED: lambda w, a, r: w.workspace.shred(
        ref=w.open_another(), actor=a, reason="Opened by mistake."
    ),
    UseCase.MANAGE_SUPPLIERS: lambda w, a, r: w.workspace.bulletins.add_supplier(
        actor=a, name="Lönesystem Norr AB", public_key=public_key_text(generate_key())
    ),
    UseCase.IMPORT_BULLETIN: lambda w, a, r: _import_bulletin(w, a),
    UseCase.READ_BULLETINS: lambda w, a, r: w.workspace.bulletins.imports(ref=w.ref, actor=a),
    UseCase.MANAGE_REMINDERS: lambda w, a, r: w.workspace.reminders.set_rules(
        actor=a, rules={"before_hours": [12]}
    ),
    UseCase.READ_REMINDERS: lambda w, a, r: w.workspace.reminders.schedule(w.ref, actor=a),
    UseCase.SEND_MAIL: lambda w, a, r: _send_mail(w, a),
    UseCase.READ_CALENDAR: lambda w, a, r: w.workspace.calendar.feed(actor=a),
}


def _send_mail(w: World, actor: Actor) -> None:
    """No mail server in this world: whoever may send is told so; whoever may not, is refused
    before anything is looked up."""
    with pytest.raises(MailFailed):
        w.workspace.notices.notify_reviewers(actor=actor, ref=w.ref)


def _import_bulletin(w: World, actor: Actor) -> None:
    """Not a bulletin at all: whoever may import is told so; whoever may not, is refused first."""
    with pytest.raises(BulletinRefused):
        w.workspace.bulletins.import_bulletin(actor=actor, data=b"{}")


def test_every_use_case_has_a_service_call():
    assert set(CALLS) == set(UseCase)


@pytest.mark.parametrize(
    ("role", "use_case"),
    list(EXPECTED),
    ids=[f"{role.value}-{use_case.value}" for role, use_case in EXPECTED],
)
def test_each_role_may_do_exactly_what_the_table_says(store, role, use_case):
    world = build_world(store)
    call = CALLS[use_case]
    if EXPECTED[(role, use_case)]:
        call(world, world.actor(role), role)
    else:
        with pytest.raises(PermissionDenied):
            call(world, world.actor(role), role)


# -- accounts count as they are stored now ----------------------------------------------------------


def test_a_disabled_account_loses_its_rights_at_once(store):
    world = build_world(store)
    before = world.admin.actor
    world.accounts.disable(by=world.dpo, account_id=world.admin.id)
    with pytest.raises(PermissionDenied, match="disabled or its role has changed"):
        world.workspace.incident(world.ref, actor=before)


def test_an_actor_claiming_another_role_than_its_account_is_refused(store):
    world = build_world(store)
    claimed = Actor(world.reviewer.display_name, Role.DPO, account_id=world.reviewer.id)
    with pytest.raises(PermissionDenied, match="disabled or its role has changed"):
        world.workspace.revise(
            actor=claimed, ref=world.ref, changes={"measures.taken": "x"}, expected_version=1
        )


def test_a_legal_reviewer_sees_only_assigned_incidents(store):
    world = build_world(store)
    other = world.open_another()
    reviewer = world.reviewer.actor
    assert [row.reference for row in world.workspace.register_for(reviewer)] == [world.ref]
    assert len(world.workspace.register_for(world.dpo.actor)) == 2
    for read in (
        lambda: world.workspace.incident(other, actor=reviewer),
        lambda: world.workspace.history(other, actor=reviewer),
        lambda: world.workspace.render(ref=other, actor=reviewer),
        lambda: world.workspace.reviews.comment(
            actor=reviewer, ref=other, section="data", text="Check the count."
        ),
        lambda: world.workspace.reviews.approve(actor=reviewer, ref=other, facts_version=1),
    ):
        with pytest.raises(PermissionDenied, match=f"not assigned to review incident {other}"):
            read()


def test_removing_a_reviewer_ends_their_access(store):
    world = build_world(store)
    reviewer = world.reviewer.actor
    world.workspace.incident(world.ref, actor=reviewer)
    world.workspace.reviews.remove_reviewer(actor=world.dpo.actor, ref=world.ref, reviewer=reviewer)
    with pytest.raises(PermissionDenied, match="not assigned"):
        world.workspace.incident(world.ref, actor=reviewer)
    assert world.workspace.register_for(reviewer) == []
    kinds = [(e.kind, e.subject) for e in world.workspace.history(world.ref)]
    assert ("reviewer_removed", "Johan Ek") in kinds


def test_an_assignment_to_an_account_does_not_extend_to_a_namesake_without_one(store):
    world = build_world(store)
    namesake = Actor(world.reviewer.display_name, Role.LEGAL_REVIEWER)
    with pytest.raises(PermissionDenied, match="not assigned"):
        world.workspace.incident(world.ref, actor=namesake)


def test_the_local_operator_manages_accounts_as_an_administrator(store):
    world = build_world(store)
    made = world.accounts.add(
        by=LOCAL_OPERATOR,
        username="it@nordmark.example.se",
        display_name="IT Support",
        password=PASSWORD,
        role=Role.ADMIN,
    )
    assert world.accounts.disable(by=LOCAL_OPERATOR, account_id=made.id).disabled
