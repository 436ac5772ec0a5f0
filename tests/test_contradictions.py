"""Contradictory answers: each flagged at the question to fix, in both languages, while the draft
still saves; answers that merely leave something open are not contradictions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachreport.domain.changes import apply
from breachreport.domain.contradictions import contradictions
from breachreport.domain.facts import Facts

NOW = datetime(2027, 1, 1, tzinfo=UTC)


def facts(**answers) -> Facts:
    return apply(Facts(), {k.replace("__", "."): v for k, v in answers.items()}, now=NOW)


def paths(found) -> list[str]:
    return [p.path for p in found]


def test_will_not_inform_with_a_letter_is_flagged_at_the_channels():
    found = contradictions(
        facts(communication__status="will_not_inform", communication__channels=["letter"])
    )
    assert paths(found) == ["communication.channels"]
    assert "Brev" in found[0].sv and "Letter" in found[0].en
    assert "will not be told" in found[0].en


def test_will_not_inform_with_a_planned_time_is_flagged_at_the_time():
    found = contradictions(
        facts(
            communication__status="will_not_inform",
            communication__planned_at=datetime(2026, 12, 20, 9, tzinfo=UTC),
        )
    )
    assert paths(found) == ["communication.planned_at"]


@pytest.mark.parametrize("status", ["informed", "will_inform"])
def test_telling_them_with_a_reason_not_to_is_flagged_at_the_reason(status):
    found = contradictions(
        facts(communication__status=status, communication__reason_not="art34_3b")
    )
    assert paths(found) == ["communication.reason_not"]
    assert "Art. 34(3)(b)" in found[0].en and "Art. 34.3 b" in found[0].sv


def test_a_decision_to_tell_them_against_an_art_34_3_b_answer_is_flagged():
    found = contradictions(
        facts(
            decision__outcome="notify_authority_and_subjects",
            decision__follows_recommendation=True,
            communication__status="will_not_inform",
            communication__reason_not="art34_3b",
        )
    )
    assert paths(found) == ["communication.status"]
    assert "decision is to tell" in found[0].en and "Art. 34(3)(b)" in found[0].en
    assert "Beslutet är att informera" in found[0].sv


def test_a_decision_not_to_tell_them_against_a_plan_to_tell_them_is_flagged():
    found = contradictions(
        facts(
            decision__outcome="notify_authority",
            decision__reason="Art. 34.3 b",
            communication__status="will_inform",
        )
    )
    assert paths(found) == ["decision.outcome"]
    assert "Notify IMY" in found[0].en


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"communication__status": "informed"},  # no date yet: missing, not contradictory
        {"communication__status": "will_not_inform", "communication__reason_not": "art34_3a"},
        {"communication__status": "will_inform", "communication__channels": ["letter"]},
        {
            "decision__outcome": "notify_authority_and_subjects",
            "communication__status": "informed",
        },
        {"decision__outcome": "notify_authority", "communication__status": "will_not_inform"},
    ],
)
def test_answers_that_agree_are_not_flagged(answers):
    assert contradictions(facts(**answers)) == []
