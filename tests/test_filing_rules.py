"""What may be filed when: preliminary, supplement, complete, withdrawal, and the 72 hours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts
from breachreport.domain.filing_rules import PriorFiling, filing_problems, hours_late
from breachreport.domain.times import from_stockholm

PRELIMINARY_FACTS = scenario_facts(PRELIMINARY_AT)
COMPLETE_FACTS = scenario_facts(COMPLETE_AT)
FILED = [PriorFiling(FilingKind.PRELIMINARY, PRELIMINARY_AT, CASE_NUMBER)]


def codes(problems) -> set[str]:
    return {p.code for p in problems}


def test_the_scenarios_preliminary_notification_may_be_filed_on_22_january():
    assert filing_problems(PRELIMINARY_FACTS, FilingKind.PRELIMINARY, filed_at=PRELIMINARY_AT) == []


def test_it_is_not_yet_complete_on_22_january():
    problems = filing_problems(PRELIMINARY_FACTS, FilingKind.COMPLETE, filed_at=PRELIMINARY_AT)
    paths = {p.path for p in problems}
    assert {"times.ongoing", "data.subjects_count", "data.records_count"} & paths
    assert "still_unknown" in codes(problems)


def test_the_complete_notification_of_12_february_may_be_filed():
    assert (
        filing_problems(
            COMPLETE_FACTS,
            FilingKind.COMPLETE,
            filed_at=COMPLETE_AT,
            prior=FILED,
            changed_paths=["measures.taken"],
        )
        == []
    )


def test_an_empty_draft_names_what_a_preliminary_notification_needs_in_both_languages():
    problems = filing_problems(Facts(), FilingKind.PRELIMINARY, filed_at=PRELIMINARY_AT)
    by_path = {p.path: p for p in problems}
    assert {"controller.name", "times.aware_at", "description.summary"} <= set(by_path)
    assert "must be answered" in by_path["times.aware_at"].en
    assert "måste besvaras" in by_path["times.aware_at"].sv
    assert "contact_channel" in codes(problems)


AWARE = from_stockholm(datetime(2024, 3, 30, 14, 0))  # Saturday, CET; summer time starts Sunday


def _aware_facts(**times):
    base = PRELIMINARY_FACTS.model_dump(mode="json")
    base["times"]["aware_at"] = AWARE.isoformat()
    for key, value in times.items():
        base["times"][key] = value
    base["times"]["occurred_from"] = "2024-03-30T09:00"
    base["times"]["discovered_at"] = "2024-03-30T10:00"
    base["description"]["processors"] = None
    # The reports and the decision of the example came before this breach began (an import
    # refuses that); this breach has none.
    base["other"]["reports"] = None
    base["decision"]["decided_at"] = None
    return Facts.model_validate(base, context={"now": datetime(2030, 1, 1, tzinfo=UTC)})


def test_the_72_hours_end_at_the_same_instant_across_the_daylight_saving_change():
    facts = _aware_facts()
    deadline_local = datetime.fromisoformat("2024-04-02T15:00:00+02:00")
    assert hours_late(facts, deadline_local) is None
    assert hours_late(facts, from_stockholm(datetime(2024, 4, 2, 15, 1))) == pytest.approx(1 / 60)


def test_a_late_first_notification_needs_the_reasons_for_the_delay():
    facts = _aware_facts()
    late = from_stockholm(datetime(2024, 4, 3, 9, 0))
    problems = filing_problems(facts, FilingKind.PRELIMINARY, filed_at=late)
    problem = next(p for p in problems if p.code == "delay_reasons")
    assert problem.path == "times.delay_reasons"
    assert "90 hours" in problem.en and "90 timmar" in problem.sv
    with_reasons = _aware_facts(delay_reasons="The supplier confirmed the loss only on Tuesday.")
    assert filing_problems(with_reasons, FilingKind.PRELIMINARY, filed_at=late) == []


def test_a_supplement_needs_imys_case_number_first():
    prior = [PriorFiling(FilingKind.PRELIMINARY, PRELIMINARY_AT, None)]
    problems = filing_problems(
        COMPLETE_FACTS,
        FilingKind.SUPPLEMENT,
        filed_at=COMPLETE_AT,
        prior=prior,
        changed_paths=["x"],
    )
    assert "case_number_needed" in codes(problems)


def test_a_supplement_without_changes_is_refused():
    problems = filing_problems(
        COMPLETE_FACTS, FilingKind.SUPPLEMENT, filed_at=COMPLETE_AT, prior=FILED, changed_paths=[]
    )
    assert codes(problems) == {"nothing_changed"}


def test_the_first_filing_cannot_be_a_supplement():
    problems = filing_problems(PRELIMINARY_FACTS, FilingKind.SUPPLEMENT, filed_at=PRELIMINARY_AT)
    assert codes(problems) == {"first_must_be_new"}


def test_a_second_preliminary_notification_is_refused():
    problems = filing_problems(
        COMPLETE_FACTS, FilingKind.PRELIMINARY, filed_at=COMPLETE_AT, prior=FILED
    )
    assert codes(problems) == {"preliminary_after_filing"}


def test_a_withdrawal_needs_a_documented_decision():
    problems = filing_problems(
        COMPLETE_FACTS, FilingKind.WITHDRAWAL, filed_at=COMPLETE_AT, prior=FILED
    )
    assert codes(problems) == {"withdrawal_needs_decision"}
    data = COMPLETE_FACTS.model_dump(mode="json")
    data["decision"] = {
        "outcome": "document_only",
        "reason": "The forensic report shows no personal data were affected.",
    }
    decided = Facts.model_validate(data)
    assert filing_problems(decided, FilingKind.WITHDRAWAL, filed_at=COMPLETE_AT, prior=FILED) == []


def test_nothing_can_be_filed_after_a_withdrawal():
    prior = [*FILED, PriorFiling(FilingKind.WITHDRAWAL, COMPLETE_AT, None)]
    problems = filing_problems(
        COMPLETE_FACTS,
        FilingKind.SUPPLEMENT,
        filed_at=COMPLETE_AT,
        prior=prior,
        changed_paths=["x"],
    )
    assert codes(problems) == {"already_withdrawn"}
