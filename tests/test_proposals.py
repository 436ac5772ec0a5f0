"""Proposals on both backends: a supplier contact proposes, the DPO accepts in whole or field by
field or rejects; accepted parts become revisions by the contact approved by the DPO; a stale base
shows both values instead of overwriting."""

from __future__ import annotations

import pytest
from collaboration_support import World, build_world

from breachreport.errors import FactsInvalid, InputError, PermissionDenied, VersionConflict

TAKEN = "Samplan isolated the environment and started a forensic investigation."


@pytest.fixture
def world(store) -> World:
    return build_world(store)


def propose(world: World, changes: dict, comment: str | None = None):
    return world.workspace.proposals.propose(
        actor=world.supplier,
        changes=changes,
        comment=comment,
        expected_version=world.workspace.proposals.invited(actor=world.supplier).version,
    )


def test_a_proposal_reaches_the_dpo_as_a_diff_with_who_and_when(world):
    made = propose(
        world,
        {"measures.taken": TAKEN, "circumstances.availability": "temporary"},
        comment="From the hosting provider's first look.",
    )
    assert world.version == 1  # nothing changes until the DPO accepts
    [pending] = world.workspace.proposals.pending(ref=world.ref, actor=world.dpo.actor)
    assert pending.id == made.id
    assert (pending.author, pending.status) == ("Omar Haddad", "pending")
    assert pending.proposed_at == made.proposed_at
    assert pending.comment == "From the hosting provider's first look."
    assert [(c.path, c.current, c.proposed, c.conflict) for c in pending.changes] == [
        ("circumstances.availability", None, "temporary", False),
        ("measures.taken", None, TAKEN, False),
    ]
    entry = world.workspace.history(world.ref)[-1]
    assert (entry.kind, entry.actor, entry.role) == ("proposed", "Omar Haddad", "supplier_contact")
    assert entry.changes["measures.taken"] == [None, TAKEN]


def test_accepting_a_whole_proposal_makes_one_revision_by_the_contact_approved_by_the_dpo(world):
    made = propose(world, {"measures.taken": TAKEN, "circumstances.availability": "temporary"})
    reviewed = world.workspace.proposals.review(
        actor=world.dpo.actor, proposal_id=made.id, accept="all", note="Thanks."
    )
    assert reviewed.status == "accepted" and reviewed.reviewed_by == "Karin Holm"
    incident = world.workspace.incident(world.ref)
    assert incident.version == 2
    assert incident.facts.measures.taken == TAKEN
    assert incident.facts.circumstances.availability.value == "temporary"
    decision, revision = world.workspace.history(world.ref)[-2:]
    assert (decision.kind, decision.actor, decision.role, decision.subject) == (
        "proposal_reviewed",
        "Karin Holm",
        "dpo",
        "Omar Haddad",
    )
    assert decision.reason == "Thanks."
    assert (revision.kind, revision.actor, revision.role, revision.approved_by) == (
        "proposal_accepted",
        "Omar Haddad",
        "supplier_contact",
        "Karin Holm",
    )
    assert revision.changes["measures.taken"] == [None, TAKEN]
    assert world.workspace.proposals.pending(ref=world.ref) == []
    assert world.workspace.verify().damage == []  # the facts replay from the history


def test_accepting_field_by_field_applies_only_the_chosen_questions(world):
    made = propose(world, {"measures.taken": TAKEN, "circumstances.availability": "temporary"})
    reviewed = world.workspace.proposals.review(
        actor=world.dpo.actor, proposal_id=made.id, accept={"measures.taken"}
    )
    assert reviewed.status == "partly_accepted"
    assert (reviewed.accepted, reviewed.rejected) == (
        ("measures.taken",),
        ("circumstances.availability",),
    )
    facts = world.workspace.incident(world.ref).facts
    assert facts.measures.taken == TAKEN
    assert facts.circumstances.availability is None
    revision = world.workspace.history(world.ref)[-1]
    assert revision.fields == ["measures.taken"]


def test_rejecting_changes_nothing_and_is_recorded_with_the_reason(world):
    made = propose(world, {"measures.taken": TAKEN})
    reviewed = world.workspace.proposals.review(
        actor=world.dpo.actor, proposal_id=made.id, accept=set(), note="We describe this ourselves."
    )
    assert reviewed.status == "rejected" and reviewed.rejected == ("measures.taken",)
    assert world.version == 1
    last = world.workspace.history(world.ref)[-1]
    assert (last.kind, last.actor, last.reason) == (
        "proposal_reviewed",
        "Karin Holm",
        "We describe this ourselves.",
    )
    with pytest.raises(InputError, match="already been reviewed"):
        world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")


def test_a_stale_proposal_shows_both_values_and_is_accepted_only_once_seen(world):
    made = propose(world, {"measures.taken": TAKEN, "circumstances.availability": "temporary"})
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.taken": "The DPO's own text."},
        expected_version=1,
    )
    [pending] = world.workspace.proposals.pending(ref=world.ref)
    assert pending.conflicts == ["measures.taken"]
    taken = next(c for c in pending.changes if c.path == "measures.taken")
    assert (taken.base, taken.current, taken.proposed) == (None, "The DPO's own text.", TAKEN)
    with pytest.raises(VersionConflict) as caught:
        world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")
    assert caught.value.theirs == {"measures.taken": "The DPO's own text."}
    assert caught.value.yours == {"measures.taken": TAKEN}
    assert world.workspace.proposals.pending(ref=world.ref)[0].status == "pending"
    # Having seen both, the DPO may still choose the contact's text.
    world.workspace.proposals.review(
        actor=world.dpo.actor,
        proposal_id=made.id,
        accept="all",
        expected_version=pending.current_version,
    )
    assert world.workspace.incident(world.ref).facts.measures.taken == TAKEN


def test_a_stale_proposal_on_other_questions_is_accepted_without_overwriting(world):
    made = propose(world, {"measures.taken": TAKEN})
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.planned": "Review the supplier contracts."},
        expected_version=1,
    )
    world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")
    facts = world.workspace.incident(world.ref).facts
    assert (facts.measures.taken, facts.measures.planned) == (
        TAKEN,
        "Review the supplier contracts.",
    )


def test_a_contact_proposing_over_a_change_they_have_not_seen_gets_a_conflict(world):
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.taken": "The DPO's own text."},
        expected_version=1,
    )
    with pytest.raises(VersionConflict) as caught:
        world.workspace.proposals.propose(
            actor=world.supplier, changes={"measures.taken": TAKEN}, expected_version=1
        )
    assert caught.value.theirs == {"measures.taken": "The DPO's own text."}
    assert world.workspace.proposals.pending(ref=world.ref) == []


def test_a_proposal_must_make_valid_facts_and_change_something(world):
    with pytest.raises(FactsInvalid) as caught:
        propose(world, {"times.discovered_at": "2024-01-21T08:00"})  # after the awareness
    assert "times.aware_at" in {p.path for p in caught.value.problems}
    with pytest.raises(InputError, match="changes nothing"):
        propose(world, {"times.aware_at": "2024-01-20T14:00"})
    with pytest.raises(InputError, match="changes nothing"):
        propose(world, {})
    with pytest.raises(InputError, match="no question"):
        propose(world, {"measures.nonsense": 1})
    assert world.workspace.proposals.pending(ref=world.ref) == []


def test_moving_the_awareness_time_needs_the_contacts_reason(world):
    with pytest.raises(FactsInvalid):
        propose(world, {"times.aware_at": "2024-01-20T12:00"})
    made = propose(
        world, {"times.aware_at": "2024-01-20T12:00"}, comment="We told your desk at noon."
    )
    world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")
    assert world.workspace.history(world.ref)[-1].reason == "We told your desk at noon."


def test_accepting_paths_the_proposal_does_not_change_is_an_input_error(world):
    made = propose(world, {"measures.taken": TAKEN})
    with pytest.raises(InputError, match="does not change data.subjects_count"):
        world.workspace.proposals.review(
            actor=world.dpo.actor, proposal_id=made.id, accept={"data.subjects_count"}
        )


def test_the_contact_sees_their_own_proposals_and_cannot_review_them(world):
    made = propose(world, {"measures.taken": TAKEN})
    [mine] = world.workspace.proposals.mine(actor=world.supplier)
    assert (mine.id, mine.status) == (made.id, "pending")
    with pytest.raises(PermissionDenied):
        world.workspace.proposals.review(actor=world.supplier, proposal_id=made.id, accept="all")
    with pytest.raises(PermissionDenied):
        world.workspace.proposals.review(
            actor=world.reviewer.actor, proposal_id=made.id, accept="all"
        )


def test_a_proposal_accepted_after_the_link_was_revoked_still_counts(world):
    made = propose(world, {"measures.taken": TAKEN})
    world.workspace.invitations.revoke(actor=world.dpo.actor, invitation_id=world.invitation_id)
    world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")
    assert world.workspace.incident(world.ref).facts.measures.taken == TAKEN
