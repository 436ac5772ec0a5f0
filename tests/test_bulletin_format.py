"""The supplier bulletin's published format (issue 19): its JSON Schema, the bytes that are signed,
one customer's view, the facts changes a customer's part proposes, and what changed between two
versions, on the second scenario's three bulletins (an HR-system supplier, three customers).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest
from pydantic import ValidationError

from breachreport.demo.bulletins import example_json
from breachreport.domain.assessment import assess
from breachreport.domain.bulletin import (
    BULLETIN_FORMAT,
    Bulletin,
    bulletin_diff,
    bulletin_schema,
    canonical_bytes,
    customer_view,
    example_bulletin,
    proposed_changes,
)
from breachreport.domain.bulletin_example import (
    CUSTOMERS,
    EKEBY,
    SJOHAMRA,
    VASTMARK,
    example_data,
)
from breachreport.domain.changes import all_paths, apply
from breachreport.domain.facts import Facts
from breachreport.domain.problems import problems_from
from breachreport.errors import InputError

VERSIONS = (1, 2, 3)
ORGS = [org for org, _name, _sector in CUSTOMERS]


def _other_customers(org: str) -> list[tuple[str, str]]:
    return [(number, name) for number, name, _sector in CUSTOMERS if number != org]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_schema_accepts_every_example_and_refuses_a_broken_one(version):
    schema = bulletin_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = json.loads(example_json(version))
    validator.validate(data)
    assert data["format"] == BULLETIN_FORMAT
    broken = json.loads(example_json(version))
    broken["customers"][0]["subjects_count"] = {"value": "many"}
    broken["incident"]["leak_site"] = "somewhere"
    assert len(list(validator.iter_errors(broken))) >= 2
    assert len(list(validator.iter_errors({**data, "customers": []}))) == 1


def test_the_example_is_three_customers_in_three_versions_each_saying_what_changed():
    bulletins = [example_bulletin(version) for version in VERSIONS]
    assert [b.version for b in bulletins] == [1, 2, 3]
    assert len({b.bulletin_id for b in bulletins}) == 1
    assert bulletins[0].changes is None and all(b.changes for b in bulletins[1:])
    assert all(len(b.customers) == 3 for b in bulletins)
    issued = [b.issued_at for b in bulletins]
    assert issued == sorted(issued) and all(t.tzinfo is not None for t in issued)
    # Sunday 24 August 2025 10:00 in Sweden is 08:00 UTC.
    assert issued[0] == datetime(2025, 8, 24, 8, 0, tzinfo=UTC)
    one, two, three = (b.incident for b in bulletins)
    assert (one.exfiltration, two.exfiltration) == ("unknown", "confirmed")
    assert one.police_report is None and two.police_report
    assert two.published_at is None and three.published_at is not None
    with pytest.raises(InputError):
        example_bulletin(4)


def test_a_later_version_must_say_what_changed_and_a_customer_has_one_part():
    data = example_data(2)
    data["changes"] = None
    with pytest.raises(ValidationError, match="what changed"):
        Bulletin.model_validate(data)
    data = example_data(1)
    data["customers"].append(dict(data["customers"][0]))
    with pytest.raises(ValidationError, match="one part"):
        Bulletin.model_validate(data)
    data = example_data(1)
    data["incident"]["published_at"] = "2025-09-07T21:30"
    with pytest.raises(ValidationError, match="mark the exfiltration as confirmed") as caught:
        Bulletin.model_validate(data)
    # The rule reads in Swedish too, for the supplier's form and the command line.
    [problem] = problems_from(caught.value)
    assert problem.sv == (
        "Uppgifter som har publicerats har förts ut: ange att exfiltreringen är bekräftad."
    )
    data = example_data(1)
    data["customers"][0]["org_number"] = "212000-9904"  # the check digit is wrong
    with pytest.raises(ValidationError):
        Bulletin.model_validate(data)
    data = example_data(1)
    data["supplier"]["signed_by"] = "someone"
    with pytest.raises(ValidationError, match="signed_by"):
        Bulletin.model_validate(data)


def test_the_signed_bytes_are_sorted_compact_utf8_and_the_same_every_time():
    bulletin = example_bulletin(1)
    data = canonical_bytes(bulletin)
    assert data == canonical_bytes(Bulletin.model_validate_json(data))
    assert "Västmark".encode() in data and b"\\u00e4" not in data
    again = json.dumps(json.loads(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert data == again.encode("utf-8")
    assert b"\n" not in data and b'":"' in data and b'": "' not in data
    assert data.startswith(b'{"bulletin_id":"PRN-2025-0823","changes":null,"customers":[')


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("org", ORGS)
def test_a_customer_view_holds_that_customer_only(version, org):
    bulletin = example_bulletin(version)
    view = customer_view(bulletin, org.replace("-", ""))
    assert [part.org_number for part in view.customers] == [org]
    text = canonical_bytes(view).decode()
    for number, name in _other_customers(org):
        assert number not in text and number.replace("-", "") not in text
        assert name not in text
    for part in bulletin.customers:
        if part.org_number != org and part.subjects_count is not None:
            assert str(part.subjects_count.value) not in text
    with pytest.raises(InputError, match="no part for organisation 559990-1203"):
        customer_view(bulletin, "559990-1203")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("org", ORGS)
def test_the_proposed_changes_are_facts_for_that_customer(version, org):
    changes = proposed_changes(example_bulletin(version), org)
    assert set(changes) <= set(all_paths())
    facts = apply(Facts(), changes)  # validated as any proposal would be
    assert facts.cyber.supplier_origin is True
    [processor] = facts.description.processors
    assert processor.name == "Personalrum Nord AB"
    assert processor.aware_at == datetime(2025, 8, 23, 3, 50, tzinfo=UTC)
    if version == 1:  # the supplier told its customers with bulletin 1
        assert processor.notified_controller_at == datetime(2025, 8, 24, 8, 0, tzinfo=UTC)
    text = json.dumps(changes, ensure_ascii=False)
    for number, name in _other_customers(org):
        assert number not in text and name not in text


def test_each_customer_gets_its_own_categories_counts_and_protected_identities():
    three = example_bulletin(3)
    ekeby = apply(Facts(), proposed_changes(three, EKEBY[0]))
    sjohamra = apply(Facts(), proposed_changes(three, SJOHAMRA[0]))
    vastmark = apply(Facts(), proposed_changes(three, VASTMARK[0]))
    assert [c.value for c in ekeby.data.data_categories] == [
        "identity",
        "contact",
        "personal_number",
    ]
    assert "health" in [c.value for c in sjohamra.data.data_categories]
    assert (ekeby.data.subjects_count.value, sjohamra.data.subjects_count.value) == (2412, 6873)
    assert vastmark.data.subjects_count.value == 28114
    assert [g.value for g in vastmark.data.subject_categories] == [
        "employees",
        "protected_identity",
    ]
    assert [g.value for g in ekeby.data.subject_categories] == ["employees"]
    assert vastmark.circumstances.data_context.value == "safety"
    assert ekeby.circumstances.data_context is None
    assert ekeby.description.processors[0].system == "Personalregister, Tillbud och arbetsskador"
    assert "Rehabiliteringsstöd" in vastmark.description.processors[0].system


def test_exfiltration_publication_and_the_police_report_reach_the_facts():
    one = apply(Facts(), proposed_changes(example_bulletin(1), EKEBY[0]))
    two = apply(Facts(), proposed_changes(example_bulletin(2), EKEBY[0]))
    three = apply(Facts(), proposed_changes(example_bulletin(3), EKEBY[0]))
    assert one.circumstances.exfiltration is None  # "not yet known" proposes nothing
    assert one.other.reports is None and one.times.ongoing is True
    assert two.circumstances.exfiltration.value == "confirmed"
    assert [k.value for k in two.description.kinds] == ["confidentiality", "availability"]
    [report] = two.other.reports
    assert (report.authority.value, report.reference) == ("police", "5000-K1187342-25")
    assert two.circumstances.recipients is None
    assert three.circumstances.recipients.value == "published"
    assert [k.value for k in three.circumstances.misuse_kinds] == ["publication"]
    assert two.times.occurred_from == datetime(2025, 8, 19, 21, 15, tzinfo=UTC)
    assert three.times.discovery.value == "processor"


def test_the_assessment_moves_to_telling_the_people_once_data_are_out():
    aware = {"times.aware_at": "2025-08-24T11:00"}
    first = assess(apply(Facts(), {**aware, **proposed_changes(example_bulletin(1), VASTMARK[0])}))
    third = assess(apply(Facts(), {**aware, **proposed_changes(example_bulletin(3), VASTMARK[0])}))
    assert first.notify_authority is True and first.notify_data_subjects is None
    assert third.notify_data_subjects is True
    driving = {path for reason in third.reasons for path in reason.facts}
    assert {
        "circumstances.recipients",
        "data.data_categories",
        "data.subject_categories",
    } <= driving


def test_an_existing_incident_keeps_its_other_processors_reports_and_the_first_notice():
    current = apply(
        Facts(),
        {
            "description.processors": [
                {"name": "Drifthallen AB", "role": "sub_processor"},
                {
                    "name": "Personalrum Nord AB",
                    "contract_hours": 24,
                    "notified_controller_at": "2025-08-24T10:05",
                },
            ],
            "other.reports": [{"authority": "csirt", "reference": "CERT-2025-77"}],
        },
    )
    changes = proposed_changes(example_bulletin(2), SJOHAMRA[0], current=current)
    facts = apply(current, changes)
    names = [p.name for p in facts.description.processors]
    assert names == ["Drifthallen AB", "Personalrum Nord AB"]
    supplier = facts.description.processors[1]
    assert supplier.contract_hours == 24
    assert supplier.notified_controller_at == datetime(2025, 8, 24, 8, 5, tzinfo=UTC)
    assert [r.authority.value for r in facts.other.reports] == ["csirt", "police"]
    again = proposed_changes(example_bulletin(3), SJOHAMRA[0], current=facts)
    assert [r["authority"] for r in again["other.reports"]] == ["csirt", "police"]


def test_bulletin_2_as_a_difference_names_what_changed_for_the_customer():
    one, two, three = (example_bulletin(version) for version in VERSIONS)
    changed = {d.path: d for d in bulletin_diff(one, two, EKEBY[0])}
    assert {
        "incident.exfiltration",
        "incident.police_report",
        "incident.occurred_from",
        "incident.kinds",
        "customer.notes",
    } <= set(changed)
    assert changed["incident.exfiltration"].old == "unknown"
    assert changed["incident.exfiltration"].new == "confirmed"
    assert changed["incident.police_report"].label.sv == "Polisanmälan"
    assert changed["incident.police_report"].old is None
    assert "customer.subjects_count" not in changed  # the count did not change in bulletin 2
    assert not {"version", "issued_at", "changes"} & {p.split(".")[-1] for p in changed}
    later = {d.path: d for d in bulletin_diff(two, three, EKEBY[0])}
    assert later["customer.subjects_count"].new == {"value": 2412, "precision": "exact"}
    assert later["customer.data_categories"].old == [
        "identity",
        "contact",
        "personal_number",
        "family",
    ]
    assert "incident.published_at" in later
    # Sjöhamra's kinds of data stayed; only its count changed.
    sjohamra = {d.path for d in bulletin_diff(two, three, SJOHAMRA[0])}
    assert "customer.subjects_count" in sjohamra and "customer.data_categories" not in sjohamra
    assert bulletin_diff(two, two, SJOHAMRA[0]) == []
    first = {d.path for d in bulletin_diff(None, one, VASTMARK[0])}
    assert {"customer.protected_identities", "incident.summary"} <= first
    other = example_data(2)
    other["bulletin_id"] = "PRN-2025-0901"
    with pytest.raises(InputError):
        bulletin_diff(one, Bulletin.model_validate(other), EKEBY[0])
