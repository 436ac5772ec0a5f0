"""Work that is waiting, per person, on both backends: the DPO's proposals to review and approvals
a change withdrew, the reviewer's drafts waiting for approval, everyone's deadlines within a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collaboration_support import MINIMUM, World, build_world

from breachreport.domain.status import Role
from breachreport.domain.times import to_stockholm
from breachreport.services.waiting import Kind, count, pending_proposals, waiting_for


@pytest.fixture
def world(store) -> World:
    return build_world(store)


def _kinds(world: World, role: Role, **kwargs) -> list[tuple[Kind, str]]:
    found = waiting_for(world.workspace, world.actor(role), now=world.clock.now, **kwargs)
    return [(w.kind, w.reference) for w in found]


def _propose(world: World, changes: dict):
    return world.workspace.proposals.propose(
        actor=world.supplier,
        changes=changes,
        expected_version=world.workspace.proposals.invited(actor=world.supplier).version,
    )


def _aware_hours_ago(world: World, hours: float) -> str:
    aware = to_stockholm(world.clock.now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
    return world.workspace.open_incident(
        actor=world.dpo.actor, changes={**MINIMUM, "times.aware_at": aware}
    ).reference


def test_a_supplier_proposal_waits_for_the_dpo_until_reviewed(world):
    assert (Kind.PROPOSAL, world.ref) not in _kinds(world, Role.DPO)
    proposal = _propose(world, {"measures.taken": "Isolerade servern"})
    found = waiting_for(world.workspace, world.dpo.actor, now=world.clock.now)
    [item] = [w for w in found if w.kind is Kind.PROPOSAL]
    assert (item.reference, item.page, item.at) == (world.ref, "suppliers", proposal.proposed_at)
    assert "Omar Haddad" in item.what.sv and "Omar Haddad" in item.what.en
    assert pending_proposals(world.workspace, world.dpo.actor, world.ref) == 1
    # The reviewer reviews drafts, not proposals.
    assert (Kind.PROPOSAL, world.ref) not in _kinds(world, Role.LEGAL_REVIEWER)
    assert pending_proposals(world.workspace, world.reviewer.actor, world.ref) == 0
    world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=proposal.id, accept="all")
    assert (Kind.PROPOSAL, world.ref) not in _kinds(world, Role.DPO)


def test_a_proposal_from_a_revoked_link_still_waits(world):
    _propose(world, {"measures.taken": "Isolerade servern"})
    world.workspace.invitations.revoke(actor=world.dpo.actor, invitation_id=world.invitation_id)
    assert (Kind.PROPOSAL, world.ref) in _kinds(world, Role.DPO)


def test_a_draft_waits_for_its_assigned_reviewer_only(world):
    other = world.open_another()  # not assigned to the reviewer
    waiting = _kinds(world, Role.LEGAL_REVIEWER)
    assert (Kind.REVIEW, world.ref) in waiting
    assert all(ref != other for _kind, ref in waiting)
    assert Kind.REVIEW not in [kind for kind, _ref in _kinds(world, Role.DPO)]
    found = waiting_for(world.workspace, world.reviewer.actor, now=world.clock.now)
    [item] = [w for w in found if w.kind is Kind.REVIEW]
    assert item.page == "review"
    assert f"Version {world.version}" in item.what.sv
    world.workspace.reviews.approve(
        actor=world.reviewer.actor, ref=world.ref, facts_version=world.version
    )
    assert (Kind.REVIEW, world.ref) not in _kinds(world, Role.LEGAL_REVIEWER)


def test_an_approval_withdrawn_by_a_change_waits_for_the_dpo(world):
    world.workspace.reviews.approve(
        actor=world.reviewer.actor, ref=world.ref, facts_version=world.version
    )
    assert (Kind.WITHDRAWN, world.ref) not in _kinds(world, Role.DPO)
    approved = world.version
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.taken": "Bytte lösenord"},
        expected_version=approved,
    )
    found = waiting_for(world.workspace, world.dpo.actor, now=world.clock.now)
    [item] = [w for w in found if w.kind is Kind.WITHDRAWN]
    assert item.reference == world.ref and item.page == "review"
    assert f"version {approved}" in item.what.en and "Karin Holm" in item.what.en
    # The reviewer is asked to approve the new version.
    assert (Kind.REVIEW, world.ref) in _kinds(world, Role.LEGAL_REVIEWER)


def test_a_deadline_within_a_day_waits_for_everyone_who_sees_the_incident(world):
    soon = _aware_hours_ago(world, 50)  # the 72 hours end in about 22
    later = _aware_hours_ago(world, 10)  # in about 62
    waiting = _kinds(world, Role.DPO)
    assert (Kind.DEADLINE, soon) in waiting
    assert (Kind.DEADLINE, later) not in waiting
    # The first incident's deadline passed long ago: missed is not "within a day".
    assert (Kind.DEADLINE, world.ref) not in waiting
    found = waiting_for(world.workspace, world.dpo.actor, now=world.clock.now)
    [item] = [w for w in found if w.kind is Kind.DEADLINE and w.reference == soon]
    assert item.page == "deadlines"
    assert timedelta(hours=21) < item.at - world.clock.now < timedelta(hours=23)
    assert found[0] == item  # deadlines come first
    # The reviewer is not assigned to it, so it is not theirs to see.
    assert (Kind.DEADLINE, soon) not in _kinds(world, Role.LEGAL_REVIEWER)
    world.workspace.reviews.assign_reviewer(
        actor=world.dpo.actor, ref=soon, reviewer=world.reviewer.actor
    )
    assert (Kind.DEADLINE, soon) in _kinds(world, Role.LEGAL_REVIEWER)
    assert (Kind.DEADLINE, later) in _kinds(world, Role.DPO, within=timedelta(hours=70))


def test_count_by_kind_and_incident(world):
    _propose(world, {"measures.taken": "Isolerade servern"})
    _propose(world, {"measures.planned": "Byta leverantör"})
    found = waiting_for(world.workspace, world.dpo.actor, now=world.clock.now)
    assert count(found, Kind.PROPOSAL) == 2
    assert count(found, Kind.PROPOSAL, world.ref) == 2
    assert count(found, Kind.PROPOSAL, "BR-1999-0001") == 0


def test_the_proposals_waiting_are_counted_per_incident(world):
    other = world.open_another()
    assert world.workspace.proposals.waiting(actor=world.dpo.actor) == {}
    _propose(world, {"measures.taken": "Isolerade servern"})
    _propose(world, {"measures.planned": "Byta leverantör"})
    assert world.workspace.proposals.waiting(actor=world.dpo.actor) == {world.ref: 2}
    assert pending_proposals(world.workspace, world.dpo.actor, world.ref) == 2
    assert pending_proposals(world.workspace, world.dpo.actor, other) == 0
