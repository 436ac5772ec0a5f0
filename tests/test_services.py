"""The use cases on both backends: attribution, version checks, filings frozen, supplements."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import CASE_NUMBER, ORGANISATION
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.choices import FilingKind
from breachreport.domain.status import Role, Status
from breachreport.domain.times import from_stockholm
from breachreport.errors import FactsInvalid, FilingRefused, InputError, VersionConflict
from breachreport.services import Actor, Workspace

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
DPO = Actor("Karin Holm", Role.DPO)
# Someone else who may revise (a supplier contact proposes instead: see test_proposals.py).
COLLEAGUE = Actor("Anna Berg", Role.ADMIN)
AWARE = "2024-01-20T14:00"

MINIMUM = {
    **ORGANISATION,
    "times.aware_at": AWARE,
    "description.summary": "Ransomware at the hosting provider of a supplier.",
    "description.breach_type": "malware",
    "description.kinds": ["availability"],
    "data.subjects_count": NOT_YET_KNOWN,
    "data.subject_categories": ["patients"],
    "data.data_categories": ["identity", "health"],
}


@pytest.fixture
def workspace(store) -> Workspace:
    return Workspace(store, clock=lambda: NOW)


def at(text: str) -> datetime:
    return from_stockholm(datetime.fromisoformat(text))


def opened(workspace: Workspace, **extra):
    return workspace.open_incident(
        actor=DPO, changes={**MINIMUM, **extra}, at=at("2024-01-20T14:05")
    )


def test_a_new_incident_gets_a_reference_and_its_opening_is_attributed(workspace):
    incident = opened(workspace)
    assert incident.reference == "BR-2024-0001"
    assert incident.version == 1
    assert incident.status is Status.DRAFT
    [entry] = workspace.history(incident.reference)
    assert (entry.kind, entry.actor, entry.role) == ("opened", "Karin Holm", "dpo")
    assert "times.aware_at" in entry.fields
    assert entry.changes["description.breach_type"] == [None, "malware"]


def test_a_revision_records_who_when_in_which_role_and_the_old_and_new_values(workspace):
    incident = opened(workspace)
    revised = workspace.revise(
        actor=COLLEAGUE,
        ref=incident.reference,
        changes={"measures.taken": "Isolated the environment."},
        expected_version=1,
        at=at("2024-01-21T09:15"),
    )
    assert revised.version == 2
    entry = workspace.history(incident.reference)[-1]
    assert (entry.actor, entry.role, entry.kind) == ("Anna Berg", "admin", "revised")
    assert entry.at == at("2024-01-21T09:15")
    assert entry.changes == {"measures.taken": [None, "Isolated the environment."]}


def test_a_stale_edit_of_the_same_question_is_a_conflict_with_both_values(workspace):
    incident = opened(workspace)
    workspace.revise(
        actor=COLLEAGUE,
        ref=incident.reference,
        changes={"measures.taken": "Colleague's text"},
        expected_version=1,
    )
    with pytest.raises(VersionConflict) as caught:
        workspace.revise(
            actor=DPO,
            ref=incident.reference,
            changes={"measures.taken": "DPO's text"},
            expected_version=1,
        )
    conflict = caught.value
    assert conflict.theirs == {"measures.taken": "Colleague's text"}
    assert conflict.yours == {"measures.taken": "DPO's text"}
    assert (conflict.expected_version, conflict.current_version) == (1, 2)
    now = workspace.incident(incident.reference)
    assert now.facts.measures.taken == "Colleague's text"
    assert now.version == 2


def test_a_stale_edit_of_other_questions_is_applied_without_overwriting(workspace):
    incident = opened(workspace)
    workspace.revise(
        actor=COLLEAGUE,
        ref=incident.reference,
        changes={"measures.taken": "Colleague's text"},
        expected_version=1,
    )
    workspace.revise(
        actor=DPO,
        ref=incident.reference,
        changes={"consequences.severity": "high"},
        expected_version=1,
    )
    facts = workspace.incident(incident.reference).facts
    assert facts.measures.taken == "Colleague's text"
    assert facts.consequences.severity.value == "high"


def test_changing_the_awareness_time_needs_a_reason_that_is_kept(workspace):
    incident = opened(workspace)
    with pytest.raises(FactsInvalid) as caught:
        workspace.revise(
            actor=DPO,
            ref=incident.reference,
            changes={"times.aware_at": "2024-01-20T12:00"},
            expected_version=1,
        )
    assert caught.value.problems[0].path == "times.aware_at"
    workspace.revise(
        actor=DPO,
        ref=incident.reference,
        changes={"times.aware_at": "2024-01-20T12:00"},
        expected_version=1,
        reason="The service desk log shows the supplier's call confirmed it at noon.",
    )
    entry = workspace.history(incident.reference)[-1]
    assert entry.reason.startswith("The service desk log")


def test_an_invalid_revision_saves_nothing(workspace):
    incident = opened(workspace)
    with pytest.raises(FactsInvalid):
        workspace.revise(
            actor=DPO,
            ref=incident.reference,
            changes={"times.discovered_at": "2024-01-21T08:00"},
            expected_version=1,
        )
    assert workspace.incident(incident.reference).version == 1
    assert len(workspace.history(incident.reference)) == 1


def test_a_filing_is_frozen_and_later_revisions_do_not_change_it(workspace):
    incident = opened(workspace)
    filing = workspace.file(
        actor=DPO, ref=incident.reference, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    )
    assert filing.seq == 1 and filing.kind is FilingKind.PRELIMINARY
    frozen = workspace.render(ref=incident.reference, filing_seq=1, lang="sv", fmt="md")
    workspace.revise(
        actor=DPO,
        ref=incident.reference,
        changes={"description.summary": "A new, longer account of what happened."},
        expected_version=1,
    )
    assert workspace.render(ref=incident.reference, filing_seq=1, lang="sv", fmt="md") == frozen
    assert (
        workspace.filings(incident.reference)[0].facts.description.summary
        == (MINIMUM["description.summary"])
    )
    assert workspace.incident(incident.reference).status is Status.PRELIMINARY


def test_a_supplement_holds_only_what_changed_and_needs_the_case_number(workspace):
    incident = opened(workspace)
    workspace.file(
        actor=DPO, ref=incident.reference, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    )
    workspace.revise(
        actor=DPO,
        ref=incident.reference,
        changes={"data.subjects_count": {"value": 4899, "precision": "exact"}},
        expected_version=1,
    )
    with pytest.raises(FilingRefused) as caught:
        workspace.file(actor=DPO, ref=incident.reference, kind=FilingKind.SUPPLEMENT)
    assert "case_number_needed" in {p.code for p in caught.value.problems}
    supplement = workspace.file(
        actor=DPO, ref=incident.reference, kind=FilingKind.SUPPLEMENT, case_number=CASE_NUMBER
    )
    assert set(supplement.changes) == {"data.subjects_count", "data.not_yet_known"}
    assert workspace.filings(incident.reference)[0].case_number == CASE_NUMBER
    assert workspace.register()[0].case_number == CASE_NUMBER


def test_internal_changes_alone_are_not_a_supplement(workspace):
    incident = opened(workspace)
    workspace.file(
        actor=DPO,
        ref=incident.reference,
        kind=FilingKind.PRELIMINARY,
        at=at("2024-01-22T16:00"),
    )
    workspace.record_case_number(actor=DPO, ref=incident.reference, case_number=CASE_NUMBER)
    workspace.revise(
        actor=DPO,
        ref=incident.reference,
        changes={"circumstances.backup": "restored"},
        expected_version=1,
    )
    with pytest.raises(FilingRefused) as caught:
        workspace.file(actor=DPO, ref=incident.reference, kind=FilingKind.SUPPLEMENT)
    assert {p.code for p in caught.value.problems} == {"nothing_changed"}


def test_a_late_filing_is_refused_without_reasons_for_the_delay(workspace):
    incident = opened(workspace)
    with pytest.raises(FilingRefused) as caught:
        workspace.file(
            actor=DPO,
            ref=incident.reference,
            kind=FilingKind.PRELIMINARY,
            at=at("2024-01-24T09:00"),
        )
    assert [p.path for p in caught.value.problems] == ["times.delay_reasons"]
    assert workspace.filings(incident.reference) == []


def test_a_case_number_must_look_like_imys(workspace):
    incident = opened(workspace)
    workspace.file(
        actor=DPO, ref=incident.reference, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    )
    with pytest.raises(InputError, match="IMY case number"):
        workspace.record_case_number(actor=DPO, ref=incident.reference, case_number="12345")


def test_export_and_import_round_trip_the_facts(workspace):
    incident = opened(workspace, **{"times.ended_at": NOT_YET_KNOWN})
    exported = workspace.export(incident.reference)
    copy = workspace.import_facts(actor=DPO, data=exported)
    assert copy.reference != incident.reference
    assert copy.facts == incident.facts


def test_the_register_shows_each_incident_with_its_summary(workspace):
    first = opened(workspace, **{"description.title_internal": "Ransomware at supplier"})
    opened(workspace)
    rows = {row.reference: row for row in workspace.register()}
    assert rows[first.reference].title == "Ransomware at supplier"
    assert rows[first.reference].aware_at == at(AWARE)
    assert rows[first.reference].kinds == ["availability"]
    assert len(rows) == 2


def test_the_demo_plays_the_whole_scenario_and_verifies(workspace):
    incident = load_demo(workspace)
    assert incident.status is Status.COMPLETE
    filings = workspace.filings(incident.reference)
    # The supplement of 12 February completes the notification: the status says complete.
    assert [(f.kind, f.final) for f in filings] == [
        (FilingKind.PRELIMINARY, False),
        (FilingKind.SUPPLEMENT, True),
    ]
    assert filings[0].case_number == CASE_NUMBER
    assert "communication.status" in filings[1].changes
    people = {(e.actor, e.role) for e in workspace.history(incident.reference)}
    assert {
        ("Karin Holm", "dpo"),
        ("Lena Sjöberg", "supplier_contact"),
        ("Omar Haddad", "supplier_contact"),
    } <= people
    assert workspace.verify().damage == []


def test_the_dpos_decision_is_a_revision_and_an_override_needs_a_reason(workspace):
    from breachreport.domain.circumstances import Outcome

    incident = opened(workspace, **{"circumstances.care_affected": True})
    recommended = workspace.assessment(incident.reference).outcome
    assert recommended is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    with pytest.raises(FactsInvalid) as caught:
        workspace.decide(
            actor=DPO,
            ref=incident.reference,
            outcome=Outcome.NOTIFY_AUTHORITY,
            reason=None,
            expected_version=1,
        )
    assert caught.value.problems[0].path == "decision.reason"
    decided = workspace.decide(
        actor=DPO,
        ref=incident.reference,
        outcome=Outcome.NOTIFY_AUTHORITY,
        reason="Patients are told once the forensic answer is in.",
        expected_version=1,
    )
    decision = decided.facts.decision
    assert decision.follows_recommendation is False
    assert decision.decided_by == "Karin Holm"
    entry = workspace.history(incident.reference)[-1]
    assert entry.kind == "decided" and "decision.outcome" in entry.fields
    assert workspace.register()[0].decision == "notify_authority"
    assert workspace.verify().damage == []


def test_the_clocks_of_an_incident_count_from_awareness_and_see_the_filings(workspace):
    incident = opened(workspace)
    before = {c.key: c for c in workspace.clocks(incident.reference, now=at("2024-01-22T10:00"))}
    art33 = before["gdpr_art33"]
    assert art33.due == at("2024-01-23T14:00")
    assert art33.status.value == "running"
    assert art33.time_left.total_seconds() == 28 * 3600
    workspace.file(
        actor=DPO, ref=incident.reference, kind=FilingKind.PRELIMINARY, at=at("2024-01-22T16:00")
    )
    after = {c.key: c for c in workspace.clocks(incident.reference, now=at("2024-01-22T17:00"))}
    assert after["gdpr_art33"].status.value == "met"
    assert after["imy_supplement_window"].status.value == "running"
