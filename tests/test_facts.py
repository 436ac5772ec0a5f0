"""The facts model: labels in both languages, drafts, 'not yet known', and every validation rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from breachreport.domain import choices, circumstance_choices, circumstances
from breachreport.domain.facts import Facts, facts_schema, parse_facts, questions, stored_facts
from breachreport.domain.labels import Choice
from breachreport.errors import FactsInvalid, InputError

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def problems_of(data: dict) -> dict[str, object]:
    with pytest.raises(FactsInvalid) as caught:
        parse_facts(data, now=NOW)
    return {p.path: p for p in caught.value.problems}


def _all_choice_classes() -> list[type[Choice]]:
    found = []
    for module in (choices, circumstance_choices, circumstances):
        for value in vars(module).values():
            is_choice = (
                isinstance(value, type) and issubclass(value, Choice) and value is not Choice
            )
            if is_choice and value not in found:
                found.append(value)
    return found


def test_an_empty_draft_is_valid():
    facts = parse_facts({}, now=NOW)
    assert facts == Facts()


@pytest.mark.parametrize("question", questions(), ids=lambda q: q.path)
def test_every_question_has_a_label_and_a_reason_in_both_languages(question):
    assert question.label.sv.strip() and question.label.en.strip()
    assert question.why.sv.strip() and question.why.en.strip()
    assert question.label.sv != question.why.sv


@pytest.mark.parametrize("cls", _all_choice_classes(), ids=lambda c: c.__name__)
def test_every_choice_has_both_labels(cls):
    for member in cls:
        assert member.label("sv").strip(), member
        assert member.label("en").strip(), member


def test_every_section_has_a_title_and_reason_in_both_languages():
    for name in Facts.section_names():
        cls = Facts.section_class(name)
        assert cls.title.sv and cls.title.en and cls.why.sv and cls.why.en, name


def test_imy_sections_come_in_the_forms_order():
    letters = [Facts.section_class(n).letter for n in Facts.section_names()]
    imy = [letter for letter in letters if letter <= "J"]
    assert imy == list("ABCDEFGHIJ")


def test_the_imy_form_choice_lists_are_complete():
    assert len(choices.BreachType) == 7
    assert {"confidentiality", "integrity", "availability"} == {k.value for k in choices.BreachKind}
    assert {c.value for c in choices.SPECIAL_CATEGORIES} == {
        "health",
        "ethnic_origin",
        "political",
        "religious",
        "trade_union",
        "sex_life",
        "genetic",
        "biometric",
    }
    assert {"patients", "children", "protected_identity"} <= {
        c.value for c in choices.SubjectCategory
    }


def test_not_yet_known_is_an_explicit_answer():
    facts = parse_facts({"times": {"not_yet_known": ["ended_at", "occurred_from"]}}, now=NOW)
    assert facts.times.is_unknown("ended_at")
    assert not facts.times.is_answered("ended_at")
    assert facts.times.not_yet_known == ["occurred_from", "ended_at"]  # the form's order


def test_not_yet_known_is_refused_where_the_form_does_not_allow_it():
    found = problems_of({"times": {"not_yet_known": ["aware_at"]}})
    problem = found["times.not_yet_known.aware_at"]
    assert "cannot be marked" in problem.en
    assert "kan inte markeras" in problem.sv


def test_an_answer_and_not_yet_known_together_are_refused():
    found = problems_of({"times": {"ended_at": "2024-01-25T10:00", "not_yet_known": ["ended_at"]}})
    assert found["times.ended_at"].code == "unknown_and_answered"


def test_naive_times_are_swedish_wall_clock_and_stored_in_utc():
    facts = parse_facts({"times": {"aware_at": "2024-01-20T14:00"}}, now=NOW)
    assert facts.times.aware_at == datetime(2024, 1, 20, 13, 0, tzinfo=UTC)
    summer = parse_facts({"times": {"aware_at": "2024-07-01T14:00"}}, now=NOW)
    assert summer.times.aware_at == datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "code", "en_fragment", "sv_fragment"),
    [
        ("2024-03-31T02:30", "time_nonexistent", "does not exist", "finns inte"),
        ("2024-10-27T02:30", "time_ambiguous", "occurs twice", "två gånger"),
    ],
)
def test_times_skipped_or_repeated_by_daylight_saving_are_refused(
    value, code, en_fragment, sv_fragment
):
    problem = problems_of({"times": {"aware_at": value}})["times.aware_at"]
    assert problem.code == code
    assert en_fragment in problem.en and sv_fragment in problem.sv


def test_a_repeated_time_with_an_offset_is_accepted():
    facts = parse_facts({"times": {"aware_at": "2024-10-27T02:30:00+01:00"}}, now=NOW)
    assert facts.times.aware_at == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("times", "path"),
    [
        ({"discovered_at": "2024-01-21T08:00", "aware_at": "2024-01-20T14:00"}, "times.aware_at"),
        (
            {"occurred_from": "2024-01-22T08:00", "discovered_at": "2024-01-21T08:00"},
            "times.discovered_at",
        ),
        ({"occurred_from": "2024-01-22T08:00", "ended_at": "2024-01-21T08:00"}, "times.ended_at"),
        (
            {"occurred_from": "2024-01-22T08:00", "occurred_to": "2024-01-21T08:00"},
            "times.occurred_to",
        ),
    ],
)
def test_a_timeline_out_of_order_is_explained_in_both_languages(times, path):
    problem = problems_of({"times": times})[path]
    assert problem.code == "timeline_order"
    assert "timeline does not add up" in problem.en
    assert "Tidslinjen går inte ihop" in problem.sv


def test_a_time_in_the_future_is_refused():
    problem = problems_of({"times": {"aware_at": "2025-01-02T12:00"}})["times.aware_at"]
    assert problem.code == "time_in_future"
    assert problem.sv == "Tidpunkten ligger i framtiden."


def test_an_ongoing_incident_cannot_also_have_ended():
    found = problems_of({"times": {"ongoing": True, "ended_at": "2024-01-25T10:00"}})
    assert found["times.ongoing"].code == "ongoing_but_ended"


@pytest.mark.parametrize(
    ("number", "normalised"),
    [
        ("556016-0680", "556016-0680"),
        ("5560160680", "556016-0680"),
        ("16 556016-0680", "556016-0680"),
    ],
)
def test_a_valid_organisation_number_is_normalised(number, normalised):
    facts = parse_facts({"controller": {"org_number": number}}, now=NOW)
    assert facts.controller.org_number == normalised


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("556016-0681", "org_number_checksum"),
        ("55601-0680", "org_number_format"),
        ("abc", "org_number_format"),
    ],
)
def test_a_wrong_organisation_number_is_refused_with_the_reason(number, code):
    problem = problems_of({"controller": {"org_number": number}})["controller.org_number"]
    assert problem.code == code
    assert problem.sv != problem.en


def test_phone_numbers_are_checked_and_normalised():
    facts = parse_facts({"contact": {"contact_phone": "090-785 00 00"}}, now=NOW)
    assert facts.contact.contact_phone == "+46 90 785 00 00"
    problem = problems_of({"contact": {"contact_phone": "12345"}})["contact.contact_phone"]
    assert problem.code == "phone_format" and "Telefonnumret" in problem.sv


def test_email_addresses_are_checked():
    assert parse_facts({"contact": {"dpo_email": "dso@region.example.se"}}, now=NOW)
    problem = problems_of({"contact": {"dpo_email": "not-an-address"}})["contact.dpo_email"]
    assert problem.code == "email_format" and "E-postadressen" in problem.sv


def test_counts_must_be_positive_and_plausible():
    assert problems_of({"data": {"subjects_count": {"value": 0}}})[
        "data.subjects_count.value"
    ].code == ("count_positive")
    big = problems_of({"data": {"records_count": {"value": 10**12}}})["data.records_count.value"]
    assert big.code == "count_too_large"


def test_fewer_records_than_people_is_refused():
    found = problems_of(
        {"data": {"subjects_count": {"value": 100}, "records_count": {"value": 10}}}
    )
    assert found["data.records_count"].code == "count_records_below_subjects"


def test_blank_text_counts_as_unanswered():
    facts = parse_facts({"description": {"summary": "   "}}, now=NOW)
    assert facts.description.summary is None


def test_text_over_the_limit_is_refused_in_both_languages():
    problem = problems_of({"description": {"title_internal": "x" * 301}})[
        "description.title_internal"
    ]
    assert "300" in problem.en and "300" in problem.sv


def test_choices_are_kept_once_in_the_forms_order():
    facts = parse_facts(
        {"data": {"data_categories": ["health", "identity", "health", "contact"]}}, now=NOW
    )
    assert [c.value for c in facts.data.data_categories] == ["identity", "contact", "health"]


def test_an_unknown_choice_is_refused_in_swedish_too():
    problem = problems_of({"description": {"breach_type": "meteor"}})["description.breach_type"]
    assert problem.sv == "Välj ett av de givna alternativen."


def test_an_unknown_field_is_refused():
    problem = problems_of({"times": {"awareness": "2024-01-20T14:00"}})["times.awareness"]
    assert problem.code == "extra_forbidden"


def test_countries_must_be_in_the_eu_or_eea():
    facts = parse_facts({"other": {"other_countries": ["fi", "NO"]}}, now=NOW)
    assert facts.other.other_countries == ["FI", "NO"]
    problem = problems_of({"other": {"other_countries": ["US"]}})["other.other_countries"]
    assert problem.code == "country_not_eu_eea"


def test_telling_people_they_were_informed_and_not_informed_is_refused():
    found = problems_of(
        {"communication": {"status": "will_inform", "informed_at": "2024-02-01T10:00"}}
    )
    assert found["communication.informed_at"].code == "informed_contradiction"


def test_confirmed_exfiltration_needs_confidentiality_among_the_kinds():
    found = problems_of(
        {
            "description": {"kinds": ["availability"]},
            "circumstances": {"exfiltration": "confirmed"},
        }
    )
    assert found["description.kinds"].code == "exfiltration_without_confidentiality"


def test_overriding_the_recommendation_needs_a_reason():
    found = problems_of({"decision": {"follows_recommendation": False}})
    assert found["decision.reason"].code == "decision_override_reason"


def test_several_problems_are_reported_at_once():
    found = problems_of(
        {
            "controller": {"org_number": "556016-0681"},
            "contact": {"contact_email": "nope"},
        }
    )
    assert {"controller.org_number", "contact.contact_email"} <= set(found)


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"a string"'])
def test_malformed_json_gets_a_clear_error(text):
    with pytest.raises(InputError) as caught:
        parse_facts(text, now=NOW)
    assert "JSON" in str(caught.value)


def test_problem_messages_never_repeat_the_value_typed():
    marker = "Fredrik-190101-1234@x"
    with pytest.raises(FactsInvalid) as caught:
        parse_facts({"contact": {"contact_email": marker}}, now=NOW)
    assert marker not in str(caught.value)
    assert all(marker not in p.sv + p.en for p in caught.value.problems)


def test_the_schema_describes_every_section_and_round_trips_a_draft():
    schema = facts_schema()
    assert set(Facts.section_names()) <= set(schema["properties"])
    assert schema["$schema"].endswith("2020-12/schema")
    dumped = parse_facts({"times": {"aware_at": "2024-01-20T14:00"}}, now=NOW).to_json_dict()
    assert parse_facts(json.dumps(dumped), now=NOW).times.aware_at is not None


def test_field_errors_and_timeline_errors_are_reported_together():
    found = problems_of(
        {
            "controller": {"org_number": "556016-0681"},
            "times": {"discovered_at": "2024-01-21T08:00", "aware_at": "2024-01-20T14:00"},
        }
    )
    assert found["controller.org_number"].code == "org_number_checksum"
    assert found["times.aware_at"].code == "timeline_order"


def test_stored_facts_are_not_judged_by_todays_clock():
    # Written when the clock said 2025; read back on a machine whose clock is behind.
    data = {"times": {"aware_at": "2025-01-01T10:00:00Z"}}
    early = datetime(2024, 12, 31, tzinfo=UTC)
    with pytest.raises(FactsInvalid):
        parse_facts(data, now=early)
    assert stored_facts(data).times.aware_at == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
