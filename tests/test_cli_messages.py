"""The command line's language: Swedish unless told otherwise, English with --lang en, the same
JSON and CSV either way; and a demo that loads once."""

from __future__ import annotations

import json

import pytest

from breachreport.cli import main
from breachreport.demo.scenario import CASE_NUMBER


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_home(home, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    return home


def test_messages_are_swedish_by_default(home, capsys):
    code, out, _ = run(capsys, "init")
    assert code == 0 and out.startswith("Datamapp:")
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.startswith("Registret är tomt")
    code, out, _ = run(capsys, "demo")
    assert code == 0 and out.startswith("Laddade exemplet som BR-2024-0001")
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith("OK: 1 incident kontrollerad")
    code, out, _ = run(capsys, "four-eyes")
    assert code == 0 and "Fyra ögon är på" in out


@pytest.mark.parametrize(
    "argv",
    [["--lang", "en", "four-eyes"], ["four-eyes", "--lang", "en"]],
    ids=["before the command", "after it"],
)
def test_lang_en_speaks_english_wherever_it_is_given(demo_home, capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out.startswith("Four eyes is on")


def test_the_environment_chooses_the_language_when_lang_is_not_given(
    demo_home, capsys, monkeypatch
):
    monkeypatch.setenv("BREACHREPORT_LANG", "en")
    assert run(capsys, "four-eyes")[1].startswith("Four eyes is on")
    assert run(capsys, "--lang", "sv", "four-eyes")[1].startswith("Fyra ögon är på")


def test_errors_are_in_swedish_with_the_same_one_line(demo_home, capsys):
    code, out, err = run(capsys, "export", "BR-2099-0042")
    assert code == 1 and out == ""
    assert err == "breachreport: fel: Det finns ingen incident BR-2099-0042.\n"
    code, _, err = run(capsys, "--lang", "en", "export", "BR-2099-0042")
    assert err == "breachreport: error: No incident BR-2099-0042.\n"
    code, _, err = run(capsys, "clocks", "BR-2024-0001", "--at", "igår")
    assert code == 1 and "'igår' är inte en tidpunkt" in err and len(err.splitlines()) == 1


def test_a_refusal_names_the_role_and_who_to_ask_in_swedish(demo_home, capsys):
    supplier = ["--as", "Omar Haddad", "--role", "supplier_contact"]
    code, _, err = run(capsys, *supplier, "render", "BR-2024-0001")
    assert code == 1
    assert err.startswith("breachreport: fel: Som leverantörskontakt får du inte ")
    assert "may not" not in err and "; be " in err and "ett dataskyddsombud" in err


def test_invalid_facts_list_each_problem_in_swedish(home, capsys, tmp_path):
    assert main(["init"]) == 0
    source = tmp_path / "facts.json"
    source.write_text(
        json.dumps(
            {
                "controller": {"org_number": "232199-0001"},
                "times": {"aware_at": "2024-01-20T14:00", "discovered_at": "2024-01-21T08:30"},
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", str(source))
    assert code == 1
    first, *problems = err.splitlines()
    assert len(problems) >= 2 and all(line.startswith("  - ") for line in problems)
    # The first line heads the list and counts it; each problem is said once, on its own line.
    assert first == f"breachreport: fel: Uppgifterna är inte giltiga ({len(problems)} problem):"
    for line in problems:
        assert err.count(line.removeprefix("  - ")) == 1
    assert "The facts are not valid" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--json"],
        ["history", "BR-2024-0001", "--json"],
        ["clocks", "BR-2024-0001", "--json", "--at", "2024-01-21T14:00"],
        ["export", "BR-2024-0001"],
        ["register"],
    ],
)
def test_json_and_csv_do_not_change_with_the_default_language(demo_home, capsys, argv):
    """Machine output is what it was before messages had a language: the same bytes whether
    the messages are Swedish by default or English."""
    swedish = run(capsys, *argv)
    english = run(capsys, "--lang", "en", *argv) if argv[0] != "register" else swedish
    assert swedish[0] == english[0] == 0
    assert swedish[1] == english[1]
    if argv[0] == "register":  # the register's file stays English unless --lang is given
        assert swedish[1].startswith("\ufeffReference")
        assert run(capsys, "--lang", "sv", "register")[1].startswith("\ufeffÄrende;")


# -- demo ------------------------------------------------------------------------------------------


def test_demo_twice_keeps_one_incident_under_the_case_number(home, capsys):
    assert run(capsys, "demo")[0] == 0
    code, out, err = run(capsys, "demo")
    assert code == 0 and err == ""
    assert out == (
        f"Exemplet finns redan som BR-2024-0001 (IMY:s diarienummer {CASE_NUMBER}); "
        "inget nytt lades till.\n"
    )
    code, out, _ = run(capsys, "--lang", "en", "demo")
    assert code == 0 and out.startswith("The worked example is already there as BR-2024-0001")
    rows = json.loads(run(capsys, "list", "--json")[1])
    assert [row["case_number"] for row in rows] == [CASE_NUMBER]
