"""The assessment: the EDPB's ten worked cases, the lessons behind them, unknown answers, the
Art. 34(3) exemptions, the supplier-ransomware scenario and the JSON that ``assess`` prints."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachreport.domain.assessment import Assessment, assess
from breachreport.domain.changes import NOT_YET_KNOWN, all_paths, apply
from breachreport.domain.circumstances import Outcome
from breachreport.domain.facts import Facts, parse_facts
from breachreport.domain.open_questions import NO_CREDIT

NOW = datetime(2027, 1, 1, tzinfo=UTC)
CASES = Path(__file__).parent / "cases"
PATHS = set(all_paths())


def case(name: str, **changes) -> Facts:
    """An EDPB case from tests/cases, with some answers changed (dotted paths written with '__')."""
    facts = parse_facts((CASES / f"{name}.json").read_text(), now=NOW)
    return apply(facts, {k.replace("__", "."): v for k, v in changes.items()}, now=NOW)


def facts_with(changes: dict) -> Facts:
    return apply(Facts(), changes, now=NOW)


_RANK = {
    Outcome.DOCUMENT_ONLY: 0,
    Outcome.NOTIFY_AUTHORITY: 1,
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: 2,
}


def factors(result: Assessment) -> set[str]:
    return {r.factor for r in result.reasons}


def reason(result: Assessment, factor: str):
    return next(r for r in result.reasons if r.factor == factor)


# The EDPB's outcome for each case (SA, DS), and the factor that must carry the decision.
EDPB = [
    ("edpb-01", False, False, "ransomware"),
    ("edpb-02", True, False, "availability"),
    ("edpb-04", True, True, "identity_theft"),
    ("edpb-05", True, True, "attacker_identifies"),
    ("edpb-06", False, False, "strong_hashing"),
    ("edpb-09", False, False, "trusted_recipient"),
    ("edpb-11", True, True, "identity_theft"),
    ("edpb-13", False, False, "enisa"),
    ("edpb-14", True, True, "identity_theft"),
    ("edpb-17", True, True, "misuse"),
]


@pytest.mark.parametrize(
    ("name", "authority", "subjects", "factor"), EDPB, ids=[c[0] for c in EDPB]
)
def test_each_edpb_case_reaches_the_edpbs_outcome_for_the_stated_reason(
    name, authority, subjects, factor
):
    result = assess(case(name))
    assert (result.notify_authority, result.notify_data_subjects) == (authority, subjects)
    # Only a protection the case does not state (no credit given) may still lower a duty.
    assert all(m.state == NO_CREDIT for m in result.missing if m.changes_outcome)
    headline = result.reasons[0]
    assert headline.factor == "outcome"
    assert factor in factors(result)
    assert set(reason(result, factor).facts) <= set(headline.facts)
    expected = (
        Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
        if subjects
        else Outcome.NOTIFY_AUTHORITY
        if authority
        else Outcome.DOCUMENT_ONLY
    )
    assert result.outcome is expected


@pytest.mark.parametrize("name", [c[0] for c in EDPB])
def test_every_reason_is_bilingual_and_cites_real_questions(name):
    for item in assess(case(name)).reasons:
        assert item.text.sv.strip() and item.text.en.strip() and item.text.sv != item.text.en
        assert item.facts and set(item.facts) <= PATHS, item.factor


@pytest.mark.parametrize("name", [c[0] for c in EDPB])
def test_reasons_that_decide_the_outcome_cite_facts_the_case_answered(name):
    facts = case(name)
    result = assess(facts)
    answered = {p for p in PATHS if "not_yet_known" not in p and facts.value(p) is not None}
    assert set(result.reasons[0].facts) & answered


def test_ransomware_with_good_backup_is_document_only():
    result = assess(case("edpb-01"))
    assert result.outcome is Outcome.DOCUMENT_ONLY
    assert result.band.value == "low"
    assert "circumstances.exfiltration" in reason(result, "ransomware").facts


@pytest.mark.parametrize(
    "drop",
    [
        {"circumstances__encryption": "none"},
        {"circumstances__availability": "temporary", "circumstances__backup": "none"},
    ],
    ids=["no_encryption", "no_quick_restore"],
)
def test_ransomware_without_all_three_protections_must_be_notified(drop):
    result = assess(case("edpb-01", **drop))
    assert result.notify_authority is True
    assert result.outcome is not Outcome.DOCUMENT_ONLY


def test_ransomware_without_proof_that_nothing_left_leans_to_notifying():
    result = assess(case("edpb-01", circumstances__exfiltration=NOT_YET_KNOWN))
    assert result.outcome is not Outcome.DOCUMENT_ONLY
    assert result.notify_authority is None  # ruling exfiltration out would make it document only
    assert [m.path for m in result.missing] == ["circumstances.exfiltration"]


def test_ransomware_with_proof_and_quick_restore_but_no_encryption_is_notified_without_telling():
    result = assess(case("edpb-01", circumstances__encryption="none"))
    assert (result.outcome, result.notify_data_subjects) == (Outcome.NOTIFY_AUTHORITY, False)


def test_long_loss_of_availability_alone_is_a_risk_not_a_high_risk():
    result = assess(case("edpb-02"))
    assert reason(result, "availability").facts == ("circumstances.availability",)
    assert result.outcome is Outcome.NOTIFY_AUTHORITY


def test_availability_loss_that_delays_care_means_telling_the_patients():
    result = assess(
        facts_with(
            {
                "controller.sector": "healthcare",
                "description.breach_type": "malware",
                "description.cause": "malicious_external",
                "description.kinds": ["availability"],
                "data.subject_categories": ["patients"],
                "data.data_categories": ["identity", "health"],
                "circumstances.exfiltration": "ruled_out",
                "circumstances.backup": "restored",
                "circumstances.availability": "temporary",
                "circumstances.care_affected": True,
            }
        )
    )
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert "circumstances.care_affected" in result.reasons[0].facts


def test_in_healthcare_an_unanswered_care_question_is_open_and_named():
    result = assess(
        facts_with(
            {
                "controller.sector": "healthcare",
                "description.breach_type": "malware",
                "description.cause": "malicious_external",
                "description.kinds": ["availability"],
                "data.data_categories": ["identity", "health"],
                "circumstances.exfiltration": "ruled_out",
                "circumstances.availability": "temporary",
            }
        )
    )
    assert (result.notify_authority, result.notify_data_subjects) == (True, None)
    assert [m.path for m in result.missing] == ["circumstances.care_affected"]


def test_a_trusted_recipient_without_written_deletion_does_not_make_it_document_only():
    result = assess(case("edpb-09", circumstances__deletion_confirmed=None))
    assert result.notify_authority is True
    assert "trusted_recipient" not in factors(result)


def test_a_trusted_recipient_who_deleted_is_not_enough_when_misuse_is_suspected():
    result = assess(case("edpb-09", circumstances__misuse="suspected"))
    assert result.notify_authority is not False
    assert result.outcome is not Outcome.DOCUMENT_ONLY
    assert "trusted_recipient" not in factors(result)
    assert [m.path for m in result.missing if m.changes_outcome][0] == "circumstances.misuse"


def test_strongly_hashed_passwords_leaked_with_email_addresses_are_a_risk():
    result = assess(case("edpb-06", data__data_categories=["credentials", "contact"]))
    assert result.notify_authority is True


def test_passwords_in_plain_text_taken_by_an_attacker_are_a_high_risk():
    result = assess(case("edpb-06", circumstances__passwords="plaintext"))
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert "identity_theft" in factors(result)


def test_a_stolen_laptop_with_strong_encryption_is_document_only_under_art_34_3_a():
    result = assess(case("edpb-11", circumstances__encryption="strong_key_safe"))
    assert result.outcome is Outcome.DOCUMENT_ONLY
    assert result.exemption is not None and result.exemption.value == "art34_3a"
    assert "strong_encryption" in factors(result)


def test_a_former_employee_who_took_a_customer_list_is_notified_without_telling():
    result = assess(
        facts_with(
            {
                "description.breach_type": "unauthorised_access",
                "description.cause": "malicious_internal",
                "description.kinds": ["confidentiality"],
                "data.data_categories": ["identity", "contact"],
                "data.subject_categories": ["customers"],
                "circumstances.exfiltration": "confirmed",
            }
        )
    )
    assert result.outcome is Outcome.NOTIFY_AUTHORITY
    assert "known person acting in bad faith" in reason(result, "likelihood").text.en


def test_addresses_of_people_with_protected_identity_are_a_high_risk_even_to_one_recipient():
    result = assess(
        facts_with(
            {
                "description.breach_type": "misdirected",
                "description.cause": "human_error",
                "data.data_categories": ["identity", "contact"],
                "data.subject_categories": ["protected_identity"],
                "circumstances.recipients": "few_known",
            }
        )
    )
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert "safety" in factors(result)


def test_a_misdirected_file_with_a_thousand_customers_is_at_least_a_risk():
    result = assess(
        case("edpb-13", data__subjects_count={"value": 1500, "precision": "approximate"})
    )
    assert result.notify_authority is True
    assert "many_people" in factors(result)


# --- unknown answers ----------------------------------------------------------------------------

RANSOMWARE_PNR = {
    "description.breach_type": "malware",
    "description.cause": "malicious_external",
    "description.kinds": ["availability"],
    "data.data_categories": ["identity", "personal_number"],
    "data.subject_categories": ["customers"],
    "circumstances.availability": "temporary",
    "circumstances.backup": "restored",
    "circumstances.encryption": "none",
}


def test_unknown_exfiltration_is_named_with_what_each_answer_would_change():
    result = assess(facts_with({**RANSOMWARE_PNR, "circumstances.exfiltration": NOT_YET_KNOWN}))
    assert (result.notify_authority, result.notify_data_subjects) == (True, None)
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS  # cautious while unknown
    (missing,) = result.missing
    assert missing.path == "circumstances.exfiltration"
    assert missing.changes_outcome is True
    assert missing.would_change.en.startswith(
        "If exfiltration is confirmed, IMY must be notified and the data subjects told"
    )
    assert "if exfiltration is ruled out, IMY must be notified (" in missing.would_change.en
    assert missing.would_change.sv.startswith("Om det bekräftas att uppgifter förts ut ska")
    assert "unknowns" in factors(result)


@pytest.mark.parametrize(
    ("answer", "subjects"),
    [("ruled_out", False), ("confirmed", True)],
)
def test_the_forensic_answer_settles_the_open_duty(answer, subjects):
    kinds = ["confidentiality", "availability"] if answer == "confirmed" else ["availability"]
    result = assess(
        facts_with(
            {**RANSOMWARE_PNR, "description.kinds": kinds, "circumstances.exfiltration": answer}
        )
    )
    assert (result.notify_authority, result.notify_data_subjects) == (True, subjects)
    assert result.missing == ()


def test_suspected_exfiltration_is_treated_as_open_not_as_confirmed():
    result = assess(facts_with({**RANSOMWARE_PNR, "circumstances.exfiltration": "suspected"}))
    assert result.notify_data_subjects is None
    assert result.missing[0].state.en == "suspected but not confirmed"


def test_ransomware_with_unanswered_exfiltration_is_not_read_as_ruled_out():
    result = assess(facts_with(RANSOMWARE_PNR))
    assert result.notify_data_subjects is None
    assert result.missing[0].state.en == "not answered"


LOST_USB = {
    "description.breach_type": "loss_or_theft",
    "description.cause": "human_error",
    "description.kinds": ["confidentiality"],
    "data.data_categories": ["identity", "personal_number"],
    "data.subject_categories": ["customers"],
    "data.subjects_count": {"value": 40, "precision": "exact"},
    "circumstances.recipients": "none_known",
    "circumstances.encryption": "strong_key_safe",
    "circumstances.misuse": "none_seen",
}


@pytest.mark.parametrize(
    ("path", "known", "other", "known_outcome"),
    [
        ("circumstances.encryption", "none", {}, Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS),
        ("circumstances.misuse", "none_seen", {}, Outcome.DOCUMENT_ONLY),
        (
            "circumstances.device_state",
            ["recovered_unopened"],
            {"circumstances.encryption": "none"},
            Outcome.DOCUMENT_ONLY,
        ),
    ],
)
def test_not_yet_known_differs_from_a_known_negative(path, known, other, known_outcome):
    settled = assess(facts_with({**LOST_USB, **other, path: known}))
    unsettled = assess(facts_with({**LOST_USB, **other, path: NOT_YET_KNOWN}))
    assert settled.outcome is known_outcome
    assert all(m.state == NO_CREDIT for m in settled.missing)  # only unstated protections
    assert None not in (settled.notify_authority, settled.notify_data_subjects)
    assert [m.path for m in unsettled.missing if m.state != NO_CREDIT][0] == path
    assert None in (unsettled.notify_authority, unsettled.notify_data_subjects)
    assert _RANK[unsettled.outcome] >= _RANK[known_outcome]  # never less cautious


def test_an_unknown_that_cannot_change_anything_is_not_listed():
    result = assess(case("edpb-14", circumstances__backup=NOT_YET_KNOWN))
    assert result.missing == ()
    assert (result.notify_authority, result.notify_data_subjects) == (True, True)


def test_an_empty_draft_leans_to_notifying_and_asks_for_the_data():
    result = assess(Facts())
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert (result.notify_authority, result.notify_data_subjects) == (None, None)
    assert "data.data_categories" in [m.path for m in result.missing]


def test_reasons_built_on_an_assumption_say_so():
    result = assess(facts_with({**RANSOMWARE_PNR, "circumstances.exfiltration": NOT_YET_KNOWN}))
    assumed = reason(result, "likelihood")
    assert assumed.text.en.endswith("(Assumed for now: the answer is not known yet.)")
    assert "circumstances.exfiltration" in assumed.facts


# --- Art. 34(3) ---------------------------------------------------------------------------------


def test_high_risk_names_all_three_exemptions_it_considered():
    result = assess(case("edpb-14"))
    assert {"art34_3a", "art34_3b", "art34_3c"} <= factors(result)
    assert result.exemption is None


def test_later_measures_that_remove_the_risk_spare_telling_under_art_34_3_b():
    result = assess(case("edpb-14", circumstances__risk_removed=True))
    assert result.outcome is Outcome.NOTIFY_AUTHORITY
    assert (result.notify_data_subjects, result.exemption.value) == (False, "art34_3b")


def test_disproportionate_effort_means_a_public_announcement_under_art_34_3_c():
    result = assess(case("edpb-11", circumstances__reachability="disproportionate"))
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert (result.notify_data_subjects, result.exemption.value) == (True, "art34_3c")
    assert "public announcement" in result.reasons[0].text.en


def test_encryption_does_not_exempt_a_high_risk_that_comes_from_delayed_care():
    result = assess(
        facts_with(
            {
                "controller.sector": "healthcare",
                "description.breach_type": "malware",
                "description.cause": "malicious_external",
                "description.kinds": ["availability"],
                "data.data_categories": ["identity", "health"],
                "circumstances.exfiltration": "ruled_out",
                "circumstances.encryption": "strong_key_safe",
                "circumstances.availability": "temporary",
                "circumstances.care_affected": True,
            }
        )
    )
    assert (result.notify_data_subjects, result.exemption) == (True, None)


# --- the supplier-ransomware scenario ------------------------------------------------------------


def test_scenario_on_22_january_notifies_imy_and_names_exfiltration_as_the_open_question():
    from breachreport.demo.scenario import PRELIMINARY_AT, scenario_facts

    result = assess(scenario_facts(PRELIMINARY_AT))
    assert result.notify_authority is True
    assert result.outcome in (Outcome.NOTIFY_AUTHORITY, Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS)
    assert [m.path for m in result.missing] == ["circumstances.exfiltration"]
    assert result.severity.score == 5.25  # the worked example, exfiltration not ruled out
    assert "exfiltration is confirmed" in result.missing[0].would_change.en


def test_scenario_on_12_february_gives_the_outcome_with_the_forensic_answer():
    from breachreport.demo.scenario import COMPLETE_AT, scenario_facts

    result = assess(scenario_facts(COMPLETE_AT))
    assert result.missing == ()
    assert result.to_json()["severity"] == {
        "score": 4.75,
        "band": "very_high",
        "dpc": 4,
        "ei": 1.0,
        "cb": 0.75,
    }
    assert result.outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    assert (result.notify_authority, result.notify_data_subjects) == (True, True)
    assert "circumstances.care_affected" in result.reasons[0].facts


# --- the JSON of `breachreport assess` ------------------------------------------------------------


def test_the_json_has_the_agreed_shape():
    data = assess(
        facts_with({**RANSOMWARE_PNR, "circumstances.exfiltration": NOT_YET_KNOWN})
    ).to_json()
    assert list(data) == [
        "severity",
        "notify_authority",
        "notify_data_subjects",
        "exemption",
        "outcome",
        "reasons",
        "missing",
    ]
    assert set(data["severity"]) == {"score", "band", "dpc", "ei", "cb"}
    assert data["outcome"] == "notify_authority_and_subjects"
    assert data["notify_data_subjects"] is None
    for item in data["reasons"]:
        assert set(item) == {"factor", "sv", "en", "facts"}
    for item in data["missing"]:
        assert set(item) == {"path", "sv", "en", "would_change", "changes_outcome"}
        assert set(item["would_change"]) == {"sv", "en"}
