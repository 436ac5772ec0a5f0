"""The free-text warning: what looks like the personal data of the people affected, and what does
not (organisation numbers, case numbers, dates, counts, opening hours, the organisation's own
contact details).
"""

from __future__ import annotations

import pytest

from breachreport.domain.fields import luhn_ok
from breachreport.domain.personal_data import Kind, find_personal_data


def _with_check_digit(nine: str) -> str:
    """Nine digits (YYMMDDNNN) and the Luhn check digit that makes them a valid number."""
    return next(nine + str(d) for d in range(10) if luhn_ok(nine + str(d)))


def _found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.kind.value, f.text) for f in find_personal_data(text, **kwargs)]


@pytest.mark.parametrize(
    "number",
    [
        "19121212-1212",  # with century and separator
        "121212-1212",  # the usual form
        "191212121212",  # twelve digits, no separator
        "1212121212",  # ten digits, no separator
        "121212+1212",  # '+' for someone over 100
        "121212 1212",  # a space as separator
        _with_check_digit("701063239")[:6] + "-" + _with_check_digit("701063239")[6:],  # samordn.
    ],
)
def test_a_personal_identity_number_with_a_valid_check_digit_is_found(number):
    assert _found(f"Patienten {number} fick fel brev.") == [("personal_number", number)]


@pytest.mark.parametrize(
    "text",
    [
        "121212-1213",  # wrong check digit
        "121312-1212",  # no 13th month (with a valid check digit the date still decides)
        "212000-0142",  # an organisation number: month 20
        "Region Nordmark, 232199-0000",  # the scenario's organisation number
        "IMY-2024-0412",  # IMY's case number
        "Polisens diarienummer 5000-K100412-24",
        "Incidenten inträffade 2024-01-20 14:00.",
        "Cirka 4900 patienter och 61000 poster.",
        "Vår referens RN-DSO-2024-007.",
        "Öppet kl. 0800-1600 på vardagar.",
        "",
    ],
)
def test_numbers_that_are_not_about_a_person_are_left_alone(text):
    assert find_personal_data(text) == []


def test_the_month_and_the_check_digit_both_matter():
    valid = _with_check_digit("121212121")
    assert luhn_ok(valid)
    assert _found(valid[:6] + "-" + valid[6:])
    broken = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    assert not _found(broken[:6] + "-" + broken[6:])
    bad_month = _with_check_digit("121312121")
    assert not _found(bad_month[:6] + "-" + bad_month[6:])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mejlet gick till anna.svensson@gmail.com av misstag.", "anna.svensson@gmail.com"),
        ("Kontakta Per (per+jobb@exempel.se).", "per+jobb@exempel.se"),
    ],
)
def test_an_email_address_is_found(text, found):
    assert _found(text) == [("email", found)]


@pytest.mark.parametrize(
    "number",
    ["070-123 45 67", "+46 70 123 45 67", "0701234567", "08-123 456 78", "090-785 00 00"],
)
def test_a_swedish_phone_number_is_found(number):
    assert _found(f"Ring {number} om du undrar.") == [("phone", number)]


def test_a_mobile_number_without_separator_is_a_phone_number_not_a_birth_date():
    [finding] = find_personal_data("Sms:et kom från 0701234567.")
    assert finding.kind is Kind.PHONE


def test_the_organisations_own_contact_details_are_ignored():
    own = ["dataskyddsombud@nordmark.example.se", "+46 90 785 00 00"]
    text = "Frågor till dataskyddsombud@nordmark.example.se eller 090-785 00 00."
    assert find_personal_data(text, ignore=own) == []
    assert len(find_personal_data(text)) == 2


def test_everything_found_is_named_in_order_and_masked():
    text = "Anna (121212-1212, anna@example.se, 070-123 45 67) fick brevet."
    found = find_personal_data(text)
    assert [f.kind for f in found] == [Kind.PERSONAL_NUMBER, Kind.EMAIL, Kind.PHONE]
    assert [f.masked for f in found] == ["121212-••••", "a…@example.se", "070-••• •• 67"]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_kinds_are_named_in_both_languages():
    assert Kind.PERSONAL_NUMBER.label("sv").startswith("personnummer")
    assert Kind.EMAIL.label("en") == "email address"
