"""Field-level changes: what a revision records, applies and replays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachreport.domain.changes import NOT_YET_KNOWN, all_paths, apply, diff, replay
from breachreport.domain.facts import Facts
from breachreport.domain.text_rules import shows_something
from breachreport.errors import FactsInvalid, InputError

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def test_a_diff_names_only_the_questions_that_changed():
    before = apply(Facts(), {"times.aware_at": "2024-01-20T14:00"}, now=NOW)
    after = apply(before, {"description.breach_type": "malware"}, now=NOW)
    assert diff(before, after) == {"description.breach_type": [None, "malware"]}


def test_marking_not_yet_known_clears_the_answer_and_answering_clears_the_mark():
    facts = apply(Facts(), {"times.ended_at": NOT_YET_KNOWN}, now=NOW)
    assert facts.times.is_unknown("ended_at")
    facts = apply(facts, {"times.ended_at": "2024-02-09T15:00"}, now=NOW)
    assert not facts.times.is_unknown("ended_at")
    assert facts.times.ended_at == datetime(2024, 2, 9, 14, 0, tzinfo=UTC)


def test_an_unknown_question_path_is_refused():
    with pytest.raises(InputError, match="no question 'times.awareness'"):
        apply(Facts(), {"times.awareness": "2024-01-20T14:00"}, now=NOW)


def test_a_change_that_breaks_a_rule_is_refused_and_leaves_the_facts_alone():
    facts = apply(Facts(), {"times.aware_at": "2024-01-20T14:00"}, now=NOW)
    with pytest.raises(FactsInvalid):
        apply(facts, {"times.discovered_at": "2024-01-21T08:00"}, now=NOW)
    assert facts.times.discovered_at is None


def test_replaying_the_diffs_rebuilds_the_facts():
    steps = [
        {"times.aware_at": "2024-01-20T14:00", "times.ended_at": NOT_YET_KNOWN},
        {"data.subjects_count": {"value": 4900}, "description.kinds": ["availability"]},
        {"times.ended_at": "2024-02-09T15:00", "description.kinds": ["availability", "integrity"]},
    ]
    facts, diffs = Facts(), []
    for step in steps:
        new = apply(facts, step, now=NOW)
        diffs.append(diff(facts, new))
        facts = new
    assert replay(diffs) == facts


_SIMPLE = {
    "description.breach_type": st.sampled_from(["malware", "misdirected", "loss_or_theft", None]),
    # Text as a person types it: no control or invisible characters (test_import_hostile.py has
    # those), and something that shows unless it is blank (which is "not answered").
    "description.summary": st.one_of(
        st.none(),
        st.text(
            st.characters(exclude_categories=("Cc", "Cs", "Cf", "Co", "Cn")),
            min_size=1,
            max_size=40,
        ).filter(lambda text: not text.strip() or shows_something(text)),
    ),
    "times.ongoing": st.sampled_from([True, False, None]),
    "data.subjects_count": st.one_of(
        st.none(), st.builds(lambda v: {"value": v}, st.integers(1, 10_000))
    ),
    "data.data_categories": st.one_of(
        st.none(), st.lists(st.sampled_from(["health", "identity", "contact"]), min_size=1)
    ),
}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional=_SIMPLE), min_size=1, max_size=6))
def test_any_sequence_of_revisions_replays_to_the_same_facts(steps):
    facts, diffs = Facts(), []
    for step in steps:
        new = apply(facts, step, now=NOW)
        diffs.append(diff(facts, new))
        facts = new
    assert replay(diffs) == facts


def test_every_path_belongs_to_a_section():
    sections = set(Facts.section_names())
    assert all(path.split(".")[0] in sections for path in all_paths())
