"""ENISA's severity score: base scores, adjustments, ease of identification, circumstances, bands,
and the properties that more sensitive data or confirmed exfiltration never lower it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachreport.domain.assessment import assess
from breachreport.domain.changes import NOT_YET_KNOWN, apply
from breachreport.domain.choices import (
    SPECIAL_CATEGORIES,
    BreachKind,
    BreachType,
    Cause,
    DataCategory,
    SubjectCategory,
)
from breachreport.domain.circumstance_choices import (
    Access,
    AvailabilityImpact,
    Backup,
    BehaviouralInsight,
    CareImpact,
    DataContext,
    Deletion,
    DeviceState,
    EaseOfIdentification,
    Encryption,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Medium,
    Misuse,
    MisuseKind,
    PasswordProtection,
    Pseudonymisation,
    RecipientKind,
    Recipients,
    SensitiveGravity,
    SensitiveInsight,
)
from breachreport.domain.facts import Facts, parse_facts
from breachreport.domain.risk_inputs import read
from breachreport.domain.severity import Band, band_of, enisa

NOW = datetime(2027, 1, 1, tzinfo=UTC)
RANK = {"document_only": 0, "notify_authority": 1, "notify_authority_and_subjects": 2}


def facts_with(**changes) -> Facts:
    """Facts from dotted paths written with '__' (data__data_categories=[...])."""
    return apply(Facts(), {k.replace("__", "."): v for k, v in changes.items()}, now=NOW)


def severity_of(**changes):
    return enisa(read(facts_with(**changes), {}))


@pytest.mark.parametrize(
    ("category", "dpc"),
    [
        ("identity", 1),
        ("contact", 1),
        ("location", 2),
        ("communication", 2),
        ("financial", 3),
        ("health", 4),
        ("sex_life", 4),
        ("criminal", 4),
    ],
)
def test_each_kind_of_data_starts_from_its_base_score(category, dpc):
    assert severity_of(data__data_categories=[category]).dpc == dpc


@pytest.mark.parametrize(
    ("category", "question", "answer", "dpc"),
    [
        ("identity", "data_context", DataContext.NOTHING_MORE, 1),
        ("identity", "data_context", DataContext.PROFILE, 2),
        ("identity", "data_context", DataContext.SENSITIVE_ASSUMPTIONS, 3),
        ("identity", "data_context", DataContext.SAFETY, 4),
        ("location", "behavioural_insight", BehaviouralInsight.NO_INSIGHT, 1),
        ("location", "behavioural_insight", BehaviouralInsight.SOME, 2),
        ("location", "behavioural_insight", BehaviouralInsight.EVERYDAY_PROFILE, 3),
        ("financial", "financial_insight", FinancialInsight.BEING_CUSTOMER, 1),
        ("financial", "financial_insight", FinancialInsight.LIMITED, 2),
        ("financial", "financial_insight", FinancialInsight.ORDINARY, 3),
        ("financial", "financial_insight", FinancialInsight.FULL, 4),
        ("health", "sensitive_insight", SensitiveInsight.NO_INSIGHT, 1),
        ("health", "sensitive_insight", SensitiveInsight.GENERAL, 2),
        ("health", "sensitive_insight", SensitiveInsight.ASSUMPTIONS, 3),
        ("health", "sensitive_insight", SensitiveInsight.DISCLOSED, 4),
    ],
)
def test_adjustments_move_the_base_in_whole_steps_within_one_to_four(
    category, question, answer, dpc
):
    severity = severity_of(
        data__data_categories=[category], **{f"circumstances__{question}": answer.value}
    )
    assert severity.dpc == dpc


@pytest.mark.parametrize(
    ("subjects", "dpc"),
    [
        (["customers"], 1),
        (["patients"], 3),  # a clinic's customer list allows assumptions about health
        (["vulnerable"], 3),
        (["protected_identity"], 4),  # who they are could endanger their safety
    ],
)
def test_who_the_people_are_adjusts_plain_data_when_not_answered(subjects, dpc):
    severity = severity_of(
        data__data_categories=["identity", "contact"], data__subject_categories=subjects
    )
    assert severity.dpc == dpc


def test_a_plain_kind_with_a_strong_adjustment_is_not_hidden_by_a_milder_sensitive_one():
    severity = severity_of(
        data__data_categories=["identity", "health"],
        circumstances__data_context="safety",
        circumstances__sensitive_insight="no_insight",
    )
    assert severity.dpc == 4


@pytest.mark.parametrize(
    ("categories", "extra", "level"),
    [
        (["personal_number"], {}, EaseOfIdentification.MAXIMUM),
        (["identity", "personal_number"], {}, EaseOfIdentification.MAXIMUM),
        (["identity", "contact"], {}, EaseOfIdentification.MAXIMUM),
        (["identity", "birth_date"], {}, EaseOfIdentification.MAXIMUM),
        (["biometric"], {}, EaseOfIdentification.MAXIMUM),
        (["identity"], {}, EaseOfIdentification.SIGNIFICANT),
        (["contact"], {}, EaseOfIdentification.SIGNIFICANT),
        (["credentials"], {}, EaseOfIdentification.LIMITED),
        (["health"], {}, EaseOfIdentification.LIMITED),
        (
            ["identity", "personal_number"],
            {"encryption": "strong_key_safe"},
            EaseOfIdentification.NEGLIGIBLE,
        ),
        (
            ["identity", "personal_number"],
            {"ease_of_identification": "limited"},
            EaseOfIdentification.LIMITED,
        ),
    ],
)
def test_ease_of_identification_is_derived_from_the_data_unless_given(categories, extra, level):
    severity = severity_of(
        data__data_categories=categories, **{f"circumstances__{k}": v for k, v in extra.items()}
    )
    assert severity.ei_level is level


@pytest.mark.parametrize(
    ("level", "value"),
    [("negligible", 0.25), ("limited", 0.5), ("significant", 0.75), ("maximum", 1.0)],
)
def test_ease_of_identification_values(level, value):
    severity = severity_of(
        data__data_categories=["identity"], circumstances__ease_of_identification=level
    )
    assert severity.ei == value


@pytest.mark.parametrize(
    ("recipients", "value"),
    [
        (Recipients.NONE_KNOWN, 0),
        (Recipients.FEW_KNOWN, 0.25),
        (Recipients.UNKNOWN_OR_MANY, 0.5),
        (Recipients.PUBLISHED, 0.5),
    ],
)
def test_loss_of_confidentiality_adds_by_who_got_the_data(recipients, value):
    severity = severity_of(
        description__kinds=["confidentiality"],
        description__cause="human_error",
        data__data_categories=["identity"],
        circumstances__recipients=recipients.value,
    )
    assert (severity.confidentiality, severity.malicious) == (value, 0)


@pytest.mark.parametrize(
    ("impact", "value"),
    [
        (IntegrityImpact.NONE, 0),
        (IntegrityImpact.RECOVERABLE, 0.25),
        (IntegrityImpact.NOT_RECOVERABLE, 0.5),
    ],
)
def test_loss_of_integrity_adds_by_whether_it_can_be_recovered(impact, value):
    severity = severity_of(
        description__kinds=["integrity"],
        data__data_categories=["identity"],
        circumstances__integrity=impact.value,
    )
    assert severity.integrity == value


@pytest.mark.parametrize(
    ("impact", "value"),
    [
        (AvailabilityImpact.NONE, 0),
        (AvailabilityImpact.RESTORED_QUICKLY, 0),
        (AvailabilityImpact.TEMPORARY, 0.25),
        (AvailabilityImpact.PERMANENT, 0.5),
    ],
)
def test_loss_of_availability_adds_by_how_long_it_lasts(impact, value):
    severity = severity_of(
        description__kinds=["availability"],
        data__data_categories=["identity"],
        circumstances__availability=impact.value,
    )
    assert severity.availability == value


@pytest.mark.parametrize(
    ("cause", "value"),
    [
        ("malicious_external", 0.5),
        ("malicious_internal", 0.5),
        ("human_error", 0),
        ("technical_fault", 0),
    ],
)
def test_malicious_intent_adds_a_half(cause, value):
    severity = severity_of(data__data_categories=["identity"], description__cause=cause)
    assert severity.malicious == value


def test_malware_counts_as_malicious_when_the_cause_is_not_given():
    assert (
        severity_of(
            description__breach_type="malware", data__data_categories=["identity"]
        ).malicious
        == 0.5
    )


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.25, Band.LOW),
        (1.99, Band.LOW),
        (2.0, Band.MEDIUM),
        (2.75, Band.MEDIUM),
        (3.0, Band.HIGH),
        (3.75, Band.HIGH),
        (4.0, Band.VERY_HIGH),
        (5.5, Band.VERY_HIGH),
    ],
)
def test_bands_follow_the_method(score, band):
    assert band_of(score) is band


REGION_RANSOMWARE = {
    "controller.sector": "region",
    "description.breach_type": "malware",
    "description.cause": "malicious_external",
    "description.kinds": ["availability"],
    "data.data_categories": ["identity", "personal_number", "health"],
    "data.subject_categories": ["patients"],
    "circumstances.availability": "temporary",
}


def test_the_worked_example_scores_four_point_seven_five():
    facts = apply(
        Facts(), {**REGION_RANSOMWARE, "circumstances.exfiltration": "ruled_out"}, now=NOW
    )
    assert assess(facts).to_json()["severity"] == {
        "score": 4.75,
        "band": "very_high",
        "dpc": 4,
        "ei": 1.0,
        "cb": 0.75,
    }


def test_the_worked_example_adds_a_half_while_exfiltration_is_not_ruled_out():
    facts = apply(
        Facts(), {**REGION_RANSOMWARE, "circumstances.exfiltration": NOT_YET_KNOWN}, now=NOW
    )
    assert assess(facts).severity.score == 5.25


def test_the_formula_is_written_out_in_both_languages():
    facts = apply(
        Facts(), {**REGION_RANSOMWARE, "circumstances.exfiltration": "ruled_out"}, now=NOW
    )
    formula = assess(facts).severity.formula()
    assert formula.sv == "SE = 4 × 1 + 0,75 = 4,75 (mycket hög)"
    assert formula.en == "SE = 4 × 1 + 0.75 = 4.75 (very high)"


# --- properties -------------------------------------------------------------------------------


def _choice(enum) -> st.SearchStrategy:
    return st.one_of(st.none(), st.sampled_from([m.value for m in enum]))


@st.composite
def drafts(draw) -> dict:
    """Facts as a JSON dict: answered data categories, and anything else answered, unknown or not."""
    circumstances: dict = {"not_yet_known": []}
    for name, enum in [
        ("exfiltration", Exfiltration),
        ("recipients", Recipients),
        ("encryption", Encryption),
        ("passwords", PasswordProtection),
        ("availability", AvailabilityImpact),
        ("backup", Backup),
        ("integrity", IntegrityImpact),
        ("misuse", Misuse),
        ("recipient_kind", RecipientKind),
        ("deletion", Deletion),
        ("access", Access),
        ("pseudonymised", Pseudonymisation),
        ("care_affected", CareImpact),
        ("sensitive_gravity", SensitiveGravity),
    ]:
        if draw(st.integers(0, 4)) == 0:
            circumstances["not_yet_known"].append(name)
        else:
            circumstances[name] = draw(_choice(enum))
    for name, enum in [
        ("data_context", DataContext),
        ("financial_insight", FinancialInsight),
        ("sensitive_insight", SensitiveInsight),
        ("behavioural_insight", BehaviouralInsight),
    ]:
        circumstances[name] = draw(_choice(enum))
    circumstances["medium"] = draw(_choice(Medium))
    circumstances["device_state"] = draw(
        st.lists(st.sampled_from([d.value for d in DeviceState]), max_size=2)
    )
    circumstances["misuse_kinds"] = draw(
        st.lists(st.sampled_from([m.value for m in MisuseKind]), max_size=2)
    )
    circumstances["unavailable_hours"] = draw(st.one_of(st.none(), st.integers(0, 400)))
    circumstances["exposure_hours"] = draw(st.one_of(st.none(), st.integers(0, 400)))
    kinds = draw(
        st.one_of(st.none(), st.lists(st.sampled_from([k.value for k in BreachKind]), min_size=1))
    )
    if circumstances.get("exfiltration") == "confirmed" and kinds:
        kinds.append("confidentiality")
    return {
        "description": {
            "breach_type": draw(_choice(BreachType)),
            "cause": draw(_choice(Cause)),
            "kinds": kinds,
        },
        "data": {
            "data_categories": draw(
                st.lists(st.sampled_from([c.value for c in DataCategory]), min_size=1, max_size=5)
            ),
            "subject_categories": draw(
                st.one_of(
                    st.none(),
                    st.lists(st.sampled_from([s.value for s in SubjectCategory]), max_size=3),
                )
            ),
            "subjects_count": draw(
                st.one_of(st.none(), st.builds(lambda n: {"value": n}, st.integers(1, 200_000)))
            ),
        },
        "circumstances": circumstances,
    }


def _cautious(data: dict) -> tuple[float, int]:
    result = assess(parse_facts(data, now=NOW))
    return result.severity.score, RANK[result.outcome.value]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), st.sampled_from(sorted(c.value for c in SPECIAL_CATEGORIES)))
def test_adding_a_special_category_never_lowers_the_severity_or_the_outcome(data, special):
    before = _cautious(data)
    data["data"]["data_categories"] = [*data["data"]["data_categories"], special]
    after = _cautious(data)
    assert after[0] >= before[0]
    assert after[1] >= before[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_confirming_exfiltration_never_lowers_the_severity_or_the_outcome(data):
    before = _cautious(data)
    circumstances = data["circumstances"]
    circumstances["exfiltration"] = "confirmed"
    circumstances["not_yet_known"] = [
        n for n in circumstances["not_yet_known"] if n != "exfiltration"
    ]
    kinds = data["description"]["kinds"]
    if kinds and "confidentiality" not in kinds:
        kinds.append("confidentiality")
    after = _cautious(data)
    assert after[0] >= before[0]
    assert after[1] >= before[1]
