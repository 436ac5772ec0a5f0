"""Legal review on both backends: comments per section, approvals bound to one facts version and
withdrawn (with the reason) by any later change, and the four-eyes rule before a complete filing."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa
from collaboration_support import World, build_world
from sqlmodel import SQLModel

from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.domain.changes import diff
from breachreport.domain.choices import FilingKind
from breachreport.errors import (
    FilingRefused,
    InputError,
    IntegrityError,
    PermissionDenied,
    VersionConflict,
)
from breachreport.services.reviews import FILED_UNAPPROVED
from breachreport.storage import open_store


@pytest.fixture
def world(store) -> World:
    return build_world(store)


def approve(world: World, ref: str | None = None):
    ref = ref or world.ref
    return world.workspace.reviews.approve(
        actor=world.reviewer.actor,
        ref=ref,
        facts_version=world.workspace.incident(ref).version,
    )


# -- comments ------------------------------------------------------------------------------------


def test_a_reviewer_comments_per_section_and_the_dpo_reads_them_by_section(world):
    reviews = world.workspace.reviews
    reviewer = world.reviewer.actor
    reviews.comment(actor=reviewer, ref=world.ref, section="measures", text="Say when.")
    reviews.comment(actor=reviewer, ref=world.ref, section="data", text="Exact count?")
    reviews.comment(actor=world.dpo.actor, ref=world.ref, section="measures", text="On 21 January.")
    measures = reviews.comments(ref=world.ref, section="measures", actor=world.dpo.actor)
    assert [(c.author, c.role.value, c.text, c.facts_version) for c in measures] == [
        ("Johan Ek", "legal_reviewer", "Say when.", 1),
        ("Karin Holm", "dpo", "On 21 January.", 1),
    ]
    assert len(reviews.comments(ref=world.ref, actor=reviewer)) == 3
    commented = [
        (e.actor, e.role, e.fields)
        for e in world.workspace.history(world.ref)
        if e.kind == "commented"
    ]
    assert commented == [
        ("Johan Ek", "legal_reviewer", ["measures"]),
        ("Johan Ek", "legal_reviewer", ["data"]),
        ("Karin Holm", "dpo", ["measures"]),
    ]


@pytest.mark.parametrize(
    ("section", "text", "message"),
    [
        ("nonsense", "x", "no section 'nonsense'"),
        ("measures", "   ", "empty"),
        ("measures", "x" * 5001, "too long"),
    ],
)
def test_a_comment_needs_a_section_and_some_text(world, section, text, message):
    with pytest.raises(InputError, match=message):
        world.workspace.reviews.comment(
            actor=world.reviewer.actor, ref=world.ref, section=section, text=text
        )


def test_the_reviewer_reads_the_draft_in_both_languages(world):
    reviewer = world.reviewer.actor
    swedish = world.workspace.render(ref=world.ref, lang="sv", actor=reviewer)
    english = world.workspace.render(ref=world.ref, lang="en", fmt="md", actor=reviewer)
    assert b"Region Nordmark" in swedish and b"Region Nordmark" in english
    assert swedish != english


# -- approvals -----------------------------------------------------------------------------------


def test_an_approval_belongs_to_the_version_it_was_given_for(world):
    made = approve(world)
    assert (made.facts_version, made.approved_by) == (1, "Johan Ek")
    state = world.workspace.reviews.current_approval(ref=world.ref, actor=world.dpo.actor)
    assert state.approved and state.approval == made and state.withdrawn is None
    last = world.workspace.history(world.ref)[-1]
    assert (last.kind, last.actor, last.role) == ("approved", "Johan Ek", "legal_reviewer")


def test_an_approval_is_withdrawn_by_a_later_change_which_says_why(world):
    approve(world)
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.taken": "Isolated."},
        expected_version=1,
    )
    state = world.workspace.reviews.current_approval(ref=world.ref, actor=world.reviewer.actor)
    assert not state.approved
    withdrawn = state.withdrawn
    assert (withdrawn.version, withdrawn.changed_by, withdrawn.fields) == (
        2,
        "Karin Holm",
        ("measures.taken",),
    )
    assert withdrawn.reason.en == (
        "The approval of version 1 no longer holds: the facts changed in version 2 by "
        "Karin Holm (data protection officer)."
    )
    assert withdrawn.reason.sv.startswith("Godkännandet av version 1 gäller inte längre")
    last = world.workspace.history(world.ref)[-1]
    assert (last.kind, last.actor, last.role, last.withdrew_approval) == (
        "revised",
        "Karin Holm",
        "dpo",
        1,
    )


def test_an_accepted_proposal_withdraws_an_approval_in_the_contacts_name(world):
    approve(world)
    made = world.workspace.proposals.propose(
        actor=world.supplier, changes={"measures.taken": "Isolated."}, expected_version=1
    )
    assert world.workspace.reviews.current_approval(ref=world.ref).approved  # not yet a change
    world.workspace.proposals.review(actor=world.dpo.actor, proposal_id=made.id, accept="all")
    assert world.workspace.history(world.ref)[-1].withdrew_approval == 1
    withdrawn = world.workspace.reviews.current_approval(ref=world.ref).withdrawn
    assert (withdrawn.changed_by, withdrawn.changed_by_role.value) == (
        "Omar Haddad",
        "supplier_contact",
    )


def test_what_changes_no_facts_leaves_an_approval_standing(world):
    approve(world)
    world.workspace.reviews.comment(
        actor=world.dpo.actor, ref=world.ref, section="data", text="Noted."
    )
    world.workspace.file(
        actor=world.dpo.actor, ref=world.ref, kind=FilingKind.PRELIMINARY, at=PRELIMINARY_AT
    )
    assert world.workspace.reviews.current_approval(ref=world.ref).approved
    assert not any(e.withdrew_approval for e in world.workspace.history(world.ref))


def test_approving_a_version_that_has_changed_is_a_conflict(world):
    world.workspace.revise(
        actor=world.dpo.actor, ref=world.ref, changes={"measures.taken": "x"}, expected_version=1
    )
    with pytest.raises(VersionConflict):
        world.workspace.reviews.approve(actor=world.reviewer.actor, ref=world.ref, facts_version=1)
    assert not world.workspace.reviews.current_approval(ref=world.ref).approved


def test_a_newer_approval_replaces_a_withdrawn_one(world):
    approve(world)
    world.workspace.revise(
        actor=world.dpo.actor, ref=world.ref, changes={"measures.taken": "x"}, expected_version=1
    )
    again = approve(world)
    state = world.workspace.reviews.current_approval(ref=world.ref)
    assert state.approval == again and again.facts_version == 2


def test_the_dpo_cannot_approve_their_own_draft(world):
    with pytest.raises(PermissionDenied, match="ask a legal reviewer"):
        world.workspace.reviews.approve(actor=world.dpo.actor, ref=world.ref, facts_version=1)


def test_only_a_legal_reviewer_can_be_assigned(world):
    with pytest.raises(InputError, match="Only a legal reviewer"):
        world.workspace.reviews.assign_reviewer(
            actor=world.dpo.actor, ref=world.ref, reviewer=world.admin.actor
        )
    world.accounts.disable(by=world.dpo, account_id=world.reviewer.id)
    with pytest.raises(InputError, match="cannot review"):
        world.workspace.reviews.assign_reviewer(
            actor=world.dpo.actor, ref=world.open_another(), reviewer=world.reviewer.actor
        )


def test_assigning_twice_changes_nothing(world):
    again = world.workspace.reviews.assign_reviewer(
        actor=world.dpo.actor, ref=world.ref, reviewer=world.reviewer.actor
    )
    [only] = world.workspace.reviews.reviewers(ref=world.ref)
    assert only == again and only.reviewer == "Johan Ek"
    kinds = [e.kind for e in world.workspace.history(world.ref)]
    assert kinds.count("reviewer_assigned") == 1


# -- four eyes -----------------------------------------------------------------------------------


def ready_for_complete(world: World) -> str:
    """The scenario's incident, filed preliminarily on 22 January and known in full on 12 February."""
    dpo = world.dpo.actor
    preliminary, complete = scenario_facts(PRELIMINARY_AT), scenario_facts(COMPLETE_AT)
    ref = world.workspace.import_facts(
        actor=dpo, data=preliminary.model_dump(mode="json")
    ).reference
    world.workspace.reviews.assign_reviewer(actor=dpo, ref=ref, reviewer=world.reviewer.actor)
    world.workspace.file(actor=dpo, ref=ref, kind=FilingKind.PRELIMINARY, at=PRELIMINARY_AT)
    world.workspace.record_case_number(actor=dpo, ref=ref, case_number=CASE_NUMBER)
    world.workspace.revise(
        actor=dpo,
        ref=ref,
        changes={path: new for path, (_old, new) in diff(preliminary, complete).items()},
        expected_version=1,
    )
    return ref


def test_four_eyes_is_on_by_default_and_blocks_a_complete_notification(world):
    assert world.workspace.reviews.four_eyes()
    ref = ready_for_complete(world)
    with pytest.raises(FilingRefused) as caught:
        world.workspace.file(
            actor=world.dpo.actor, ref=ref, kind=FilingKind.COMPLETE, at=COMPLETE_AT
        )
    [problem] = caught.value.problems
    assert problem.code == "approval_needed"
    assert "four eyes" in problem.en and "fyraögonsprincipen" in problem.sv
    assert len(world.workspace.filings(ref)) == 1
    approve(world, ref)
    filing = world.workspace.file(
        actor=world.dpo.actor, ref=ref, kind=FilingKind.COMPLETE, at=COMPLETE_AT
    )
    assert filing.kind is FilingKind.COMPLETE and filing.warnings == ()


def test_a_refused_complete_notification_says_why_the_approval_lapsed(world):
    ref = ready_for_complete(world)
    approve(world, ref)
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=ref,
        changes={"measures.planned": "Practise restoring from backup."},
        expected_version=world.workspace.incident(ref).version,
    )
    with pytest.raises(FilingRefused) as caught:
        world.workspace.file(
            actor=world.dpo.actor, ref=ref, kind=FilingKind.COMPLETE, at=COMPLETE_AT
        )
    [problem] = caught.value.problems
    assert "the facts changed in version 3 by Karin Holm" in problem.en
    assert "ändrades i version 3 av Karin Holm" in problem.sv


def test_a_preliminary_notification_goes_without_approval_with_a_warning(world):
    filing = world.workspace.file(
        actor=world.dpo.actor, ref=world.ref, kind=FilingKind.PRELIMINARY, at=PRELIMINARY_AT
    )
    assert filing.warnings[0] == FILED_UNAPPROVED
    assert "deadline comes first" in FILED_UNAPPROVED.en
    assert world.workspace.filings(world.ref)[0].kind is FilingKind.PRELIMINARY


def test_the_filing_check_says_before_filing_which_change_withdrew_the_approval(world):
    approve(world)
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"measures.planned": "Practise restoring from backup."},
        expected_version=1,
    )
    check = world.workspace.filing_check(
        actor=world.dpo.actor,
        ref=world.ref,
        kind=FilingKind.PRELIMINARY,
        submitted_at=PRELIMINARY_AT,
    )
    assert check.may_file, check.problems
    withdrawn = check.warnings[0]
    assert "The approval of version 1 no longer holds" in withdrawn.en
    assert "changed in version 2 by Karin Holm" in withdrawn.en
    assert "('What measures are planned?')" in withdrawn.en
    assert "Johan Ek approved it on" in withdrawn.en
    assert "ändrades i version 2 av Karin Holm" in withdrawn.sv
    assert len(world.workspace.filings(world.ref)) == 0  # checking files nothing
    filing = world.workspace.file(
        actor=world.dpo.actor, ref=world.ref, kind=FilingKind.PRELIMINARY, at=PRELIMINARY_AT
    )
    assert filing.warnings == check.warnings


def test_a_supplement_that_completes_the_notification_needs_approval_like_a_complete_one(world):
    ref = ready_for_complete(world)
    with pytest.raises(FilingRefused) as caught:
        world.workspace.file(
            actor=world.dpo.actor,
            ref=ref,
            kind=FilingKind.SUPPLEMENT,
            final=True,
            at=COMPLETE_AT,
        )
    assert [p.code for p in caught.value.problems] == ["approval_needed"]
    approve(world, ref)
    filing = world.workspace.file(
        actor=world.dpo.actor, ref=ref, kind=FilingKind.SUPPLEMENT, final=True, at=COMPLETE_AT
    )
    assert filing.final and world.workspace.filings(ref)[-1].final
    incident = world.workspace.incident(ref)
    assert incident.status.value == "complete"


def test_with_four_eyes_off_a_complete_notification_needs_no_approval(world):
    world.workspace.reviews.set_four_eyes(actor=world.admin.actor, on=False)
    assert not world.workspace.reviews.four_eyes()
    ref = ready_for_complete(world)
    filing = world.workspace.file(
        actor=world.dpo.actor, ref=ref, kind=FilingKind.COMPLETE, at=COMPLETE_AT
    )
    assert filing.warnings == ()
    with pytest.raises(PermissionDenied):
        world.workspace.reviews.set_four_eyes(actor=world.reviewer.actor, on=True)


# -- at rest -------------------------------------------------------------------------------------


def test_comments_and_notes_never_reach_the_files(sqlite_url, ring):
    store = open_store(sqlite_url, ring)
    world = build_world(store)
    marker = f"marker{secrets.token_hex(8)}"
    world.workspace.reviews.comment(
        actor=world.reviewer.actor, ref=world.ref, section="data", text=f"{marker} comment"
    )
    world.workspace.reviews.approve(
        actor=world.reviewer.actor, ref=world.ref, facts_version=1, note=f"{marker} note"
    )
    folder = Path(sa.make_url(sqlite_url).database).parent
    files = [p for p in folder.iterdir() if p.is_file()]
    assert not [p.name for p in files if marker.encode() in p.read_bytes()]
    store.dispose()
    assert not [p.name for p in files if p.exists() and marker.encode() in p.read_bytes()]


@pytest.mark.parametrize(
    ("table", "column"), [("approval", "facts_version"), ("comment", "section")]
)
def test_a_tampered_approval_or_comment_is_reported_and_refused(store, table, column):
    world = build_world(store)
    world.workspace.reviews.comment(
        actor=world.reviewer.actor, ref=world.ref, section="data", text="Check."
    )
    approve(world)
    t = SQLModel.metadata.tables[table]
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(t).values({column: 7 if column == "facts_version" else "measures"})
        )
    assert any(table in d.problem for d in world.workspace.verify().damage)
    with pytest.raises(IntegrityError):
        if table == "approval":
            world.workspace.reviews.current_approval(ref=world.ref)
        else:
            world.workspace.reviews.comments(ref=world.ref)
