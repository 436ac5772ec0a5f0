"""Hostile imports (issue 17): nonsense is refused, every problem at once, each as one line that
names the question (its label and its JSON path) in the reader's language, and nothing is stored.

Through the service (the register, the history and the next reference stay as they were) and
through the command line (`breachreport --lang sv import`), as a DPO or an attacker would try it.
An ordinary import, the worked example's own facts and the judgement cases still import.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachreport import cli
from breachreport.cli import main
from breachreport.demo.loading import load_demo
from breachreport.domain.contradictions import contradictions
from breachreport.domain.facts import parse_facts, stored_facts
from breachreport.domain.fields import LONG_TEXT_MAX
from breachreport.domain.status import Role
from breachreport.errors import FactsInvalid, InputError
from breachreport.services import Actor, Workspace

CASES = Path(__file__).resolve().parent / "cases"
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
DPO = Actor(name="Karin Holm", role=Role.DPO)


def ordinary() -> dict:
    """Facts a DPO would import: a breach, its discovery, a police report and a decision."""
    return {
        "controller": {"name": "Region Nordmark", "org_number": "232199-0000"},
        "contact": {"contact_name": "Karin Holm", "contact_email": "dso@nordmark.example.se"},
        "times": {
            "occurred_from": "2024-01-19T23:30",
            "discovered_at": "2024-01-20T08:30",
            "aware_at": "2024-01-20T14:00",
        },
        "description": {
            "summary": "Ransomware at a supplier's hosting provider.\nThe journal was down.",
            "breach_type": "malware",
            "kinds": ["availability"],
        },
        "data": {"data_categories": ["health"], "subjects_count": {"value": 1200}},
        "other": {"reports": [{"authority": "police", "reported_at": "2024-01-20T12:00"}]},
        "decision": {"outcome": "notify_authority", "decided_at": "2024-01-21T09:00"},
    }


def hostile(path: str, value) -> dict:
    """The ordinary facts with one answer replaced (a dotted path; digits index a list)."""
    data = copy.deepcopy(ordinary())
    *parents, last = path.split(".")
    holder = data
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder.setdefault(part, {})
    holder[int(last) if last.isdigit() else last] = value
    return data


# name -> (the facts, the path named, the line a reader gets in English, the same in Swedish)
HOSTILE = {
    "NUL in a text": (
        hostile("description.summary", "Ransomware\x00"),
        "description.summary",
        '"What happened?": The text holds a control character (U+0000)',
        "”Vad har hänt?”: Texten innehåller ett styrtecken (U+0000)",
    ),
    "an escape sequence in a name": (
        hostile("controller.name", "Region \x1b[31mNordmark"),
        "controller.name",
        "control character (U+001B)",
        "styrtecken (U+001B)",
    ),
    "DEL and a C1 control": (
        hostile("contact.contact_name", "Karin\x7f Holm\x85"),
        "contact.contact_name",
        "control character (U+007F)",
        "styrtecken (U+007F)",
    ),
    "a line break in a one-line answer": (
        hostile("controller.name", "Region\nNordmark"),
        "controller.name",
        "must be a single line",
        "ska vara en enda rad",
    ),
    "a line separator in a one-line answer": (
        hostile("controller.name", "Region\u2028Nordmark"),
        "controller.name",
        "must be a single line; remove the line break or tab (U+2028)",
        "ska vara en enda rad; ta bort radbrytningen eller tabbtecknet (U+2028)",
    ),
    "a right-to-left override in a name": (
        hostile("controller.name", "Region \u202ekramdroN"),
        "controller.name",
        "reverses the writing direction (U+202E)",
        "vänder skrivriktningen (U+202E)",
    ),
    "an org number in Arabic-Indic digits": (
        # It passes the checksum, but never equals the number it looks like (nor a bulletin's).
        hostile(
            "controller.org_number", "\u0662\u0663\u0662\u0661\u0669\u0669-\u0660\u0660\u0660\u0660"
        ),
        "controller.org_number",
        "must have ten digits",
        "ska ha tio siffror",
    ),
    "an org number in full-width digits": (
        hostile(
            "controller.org_number", "\uff12\uff13\uff12\uff11\uff19\uff19-\uff10\uff10\uff10\uff10"
        ),
        "controller.org_number",
        "must have ten digits",
        "ska ha tio siffror",
    ),
    "a name of invisible characters only": (
        hostile("controller.name", "\u200b\u200c\u200d\u2060\ufeff \u3164"),
        "controller.name",
        '"Controller\'s name": The text has no visible character',
        "”Namn på den personuppgiftsansvarige”: Texten har inget synligt tecken",
    ),
    "a supplier's name of invisible characters only": (
        hostile("description.processors", [{"name": "\u200b\u00a0"}]),
        "description.processors.0.name",
        "no visible character",
        "inget synligt tecken",
    ),
    "true as a count": (
        hostile("data.subjects_count", {"value": True}),
        "data.subjects_count.value",
        "Must be a whole number",
        "Ska vara ett heltal",
    ),
    "a count with decimals": (
        hostile("data.subjects_count", {"value": 12.5}),
        "data.subjects_count.value",
        "Must be a whole number",
        "Ska vara ett heltal",
    ),
    "a count as text": (
        hostile("data.subjects_count", {"value": "1200"}),
        "data.subjects_count.value",
        "Must be a whole number",
        "Ska vara ett heltal",
    ),
    "a number as a time": (
        hostile("times.aware_at", 1.5),
        "times.aware_at",
        "a number is not a time",
        "ett tal är inte en tidpunkt",
    ),
    "digits as a time": (
        hostile("times.discovered_at", "1705741200"),
        "times.discovered_at",
        "a number is not a time",
        "ett tal är inte en tidpunkt",
    ),
    "true as a time": (
        hostile("times.aware_at", True),
        "times.aware_at",
        "a number is not a time",
        "ett tal är inte en tidpunkt",
    ),
    "text as yes or no": (
        hostile("notification.cross_border", "yes"),
        "notification.cross_border",
        "Must be yes or no, written true or false",
        "Ska vara ja eller nej, skrivet true eller false",
    ),
    "1 as yes": (
        hostile("times.ongoing", 1),
        "times.ongoing",
        "Must be yes or no",
        "Ska vara ja eller nej",
    ),
    "a breach in year 0001": (
        hostile("times.occurred_from", "0001-01-01T00:00:00Z"),
        "times.occurred_from",
        "The time is before 1990; check the year.",
        "Tidpunkten ligger före 1990; kontrollera årtalet.",
    ),
    "a breach in 1989": (
        hostile("times.occurred_from", "1989-12-31T12:00"),
        "times.occurred_from",
        "before 1990",
        "före 1990",
    ),
    "a discovery in the future": (
        hostile("times.discovered_at", "2024-03-02T12:00"),
        "times.discovered_at",
        "The time is in the future.",
        "Tidpunkten ligger i framtiden.",
    ),
    "a decision before the breach": (
        hostile("decision.decided_at", "2024-01-19T09:00"),
        "decision.decided_at",
        "When it happened must come before or at the same time as the decision",
        "När incidenten inträffade måste komma före eller samtidigt som beslutet",
    ),
    "a police report before the breach": (
        hostile("other.reports.0.reported_at", "2024-01-02T12:00"),
        "other.reports.0.reported_at",
        '"Reported to other authorities": The timeline does not add up',
        "”Anmält till andra myndigheter”: Tidslinjen går inte ihop",
    ),
    "awareness before the breach": (
        hostile("times.aware_at", "2024-01-19T22:00"),
        "times.aware_at",
        "When it happened must come before or at the same time as the awareness",
        "När incidenten inträffade måste komma före eller samtidigt som kännedomen",
    ),
    "a planned telling before the breach": (
        hostile("communication.planned_at", "2023-12-24T12:00"),
        "communication.planned_at",
        "the planned telling of the data subjects",
        "den planerade informationen till de registrerade",
    ),
    "a management approval in the future": (
        hostile("cyber.approved_at", "2030-01-01T12:00"),
        "cyber.approved_at",
        "The time is in the future.",
        "Tidpunkten ligger i framtiden.",
    ),
    "a management approval before the breach": (
        hostile("cyber.approved_at", "2024-01-02T12:00"),
        "cyber.approved_at",
        "When it happened must come before or at the same time as management's approval",
        "När incidenten inträffade måste komma före eller samtidigt som ledningens godkännande",
    ),
    "a list where a text is expected": (
        hostile("controller.name", ["Region", "Nordmark"]),
        "controller.name",
        "Must be text",
        "Ska vara text",
    ),
    "an object where a list is expected": (
        hostile("description.kinds", {"availability": True}),
        "description.kinds",
        "Must be a list",
        "Ska vara en lista",
    ),
    "a hundred and one suppliers": (
        hostile("description.processors", [{"name": f"Leverantör {n}"} for n in range(101)]),
        "description.processors",
        '"Processor or sub-processor involved": Too many entries (at most 100)',
        "”Personuppgiftsbiträde eller underbiträde inblandat”: För många poster (högst 100)",
    ),
    "a hundred and one reports": (
        hostile("other.reports", [{"authority": "police"}] * 101),
        "other.reports",
        "Too many entries (at most 100)",
        "För många poster (högst 100)",
    ),
    "an unknown field": (
        hostile("controller.nmae", "Region Nordmark"),
        "controller.nmae",
        "There is no such field; check the spelling.",
        "Okänt fält; kontrollera stavningen.",
    ),
    "a text over the limit": (
        hostile("description.summary", "x" * (LONG_TEXT_MAX + 1)),
        "description.summary",
        "The text is too long (at most 20000 characters).",
        "Texten är för lång (högst 20000 tecken).",
    ),
}

# NaN and Infinity are not JSON, but Python's reader takes them: only the text can carry them.
NOT_NUMBERS = {
    "NaN hours": (
        '{"circumstances": {"unavailable_hours": NaN}}',
        "circumstances.unavailable_hours",
    ),
    "Infinity as a count": (
        '{"data": {"subjects_count": {"value": Infinity}}}',
        "data.subjects_count.value",
    ),
    "-Infinity as a name": ('{"controller": {"name": -Infinity}}', "controller.name"),
}


@pytest.fixture
def workspace(store):
    """A workspace at NOW holding one ordinary incident, whose history must not change."""
    at_now = Workspace(store, clock=lambda: NOW)
    at_now.import_facts(actor=DPO, data=ordinary())
    return at_now


def _stored(workspace: Workspace) -> tuple:
    """What a hostile import must leave alone: the register and the first incident's history."""
    rows = workspace.register()
    return [row.reference for row in rows], [
        (e.seq, e.kind, e.fields) for e in workspace.history(rows[0].reference)
    ]


def _refused(workspace: Workspace, data) -> FactsInvalid:
    before = _stored(workspace)
    with pytest.raises(FactsInvalid) as refused:
        workspace.import_facts(actor=DPO, data=data)
    assert _stored(workspace) == before  # nothing stored, nothing half-written
    return refused.value


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_the_service_refuses_hostile_facts_naming_the_question(workspace, case):
    data, path, english, swedish = HOSTILE[case]
    for sent in (data, json.dumps(data)):  # a screen's dict and a file's text alike
        error = _refused(workspace, sent)
        [problem] = [p for p in error.problems if p.path == path and english in p.en]
        assert swedish in problem.sv
        for p in error.problems:
            for line in (p.en, p.sv):
                assert "\n" not in line
                assert "Input should" not in line and "pydantic" not in line.lower()
        assert f"{path}: " in error.in_("sv") or len(error.problems) > 3


@pytest.mark.parametrize("case", NOT_NUMBERS, ids=list(NOT_NUMBERS))
def test_nan_and_infinity_are_refused_where_they_stand(workspace, case):
    text, path = NOT_NUMBERS[case]
    [problem] = _refused(workspace, text).problems
    assert problem.path == path
    assert "NaN and Infinity are not valid values" in problem.en
    assert "NaN och Infinity är inga giltiga värden" in problem.sv


def test_every_problem_is_named_at_once(workspace):
    data = hostile("controller.name", "\u200b")
    data["description"]["summary"] = "a\x00b"
    data["data"]["subjects_count"] = {"value": True}
    data["times"]["aware_at"] = 1.5
    data["decision"]["decided_at"] = "2024-01-01T00:00"
    error = _refused(workspace, data)
    assert {p.path for p in error.problems} == {
        "controller.name",
        "description.summary",
        "data.subjects_count.value",
        "times.aware_at",
        "decision.decided_at",
    }


def test_a_refused_import_uses_no_reference(workspace):
    """The register numbers incidents without gaps: a refused import takes no number."""
    first = workspace.register()[0].reference
    _refused(workspace, hostile("controller.name", "\x00"))
    made = workspace.import_facts(actor=DPO, data=ordinary()).reference
    assert made == first[:-4] + f"{int(first[-4:]) + 1:04d}"


def test_a_time_not_yet_known_is_still_an_answer(workspace):
    """Only known times are compared: "not yet known" about the start lets any other time be."""
    data = ordinary()
    del data["times"]["occurred_from"]
    data["times"]["not_yet_known"] = ["occurred_from"]
    data["decision"]["decided_at"] = "2024-01-02T00:00"
    made = workspace.import_facts(actor=DPO, data=data)
    assert made.facts.times.is_unknown("occurred_from")


def test_ordinary_text_stays_as_typed(workspace):
    """The rules refuse what is not text, not what people write: tabs and line breaks in a long
    answer, right-to-left marks, emoji joined by zero-width joiners, accents."""
    data = ordinary()
    data["description"]["summary"] = "Rad ett\r\n\tindragen rad: «Åsa» 👩\u200d⚕️ \u200fשלום\u200f"
    data["controller"]["name"] = "Region Nordmark – Hälso- och sjukvård"
    made = workspace.import_facts(actor=DPO, data=json.dumps(data))
    assert made.facts.description.summary == data["description"]["summary"]
    assert made.facts.controller.name == data["controller"]["name"]


def test_a_date_alone_is_still_read_as_midnight_swedish_time():
    facts = parse_facts({"times": {"aware_at": "2024-01-20"}}, now=NOW)
    assert facts.times.aware_at == datetime(2024, 1, 19, 23, 0, tzinfo=UTC)


def test_stored_facts_are_not_judged_by_the_new_rules():
    """An incident stored before these rules keeps opening: reading it back judges neither its
    characters nor its years nor the order of its later times."""
    data = {
        "controller": {"name": "Region\x00Nordmark"},
        "times": {"occurred_from": "1985-01-01T00:00:00Z"},
        "decision": {"decided_at": "1984-01-01T00:00:00Z"},
    }
    data["description"] = {"processors": [{"name": f"Leverantör {n}"} for n in range(101)]}
    facts = stored_facts(data)
    assert facts.controller.name == "Region\x00Nordmark"
    assert len(facts.description.processors) == 101
    with pytest.raises(FactsInvalid):
        parse_facts(data, now=NOW)


# -- the worked example and the judgement cases still import -------------------------------------


def test_the_worked_example_exports_and_imports_again(store):
    workspace = Workspace(store)
    example = load_demo(workspace)
    exported = workspace.export(example.reference)
    again = workspace.import_facts(actor=DPO, data=json.dumps(exported))
    assert again.facts == example.facts


# The judgement cases are facts files (expected-*.json holds what each should be judged).
FACTS_CASES = sorted(set(CASES.glob("*.json")) - set(CASES.glob("expected-*.json")))


@pytest.mark.parametrize("case", FACTS_CASES, ids=lambda path: path.stem)
def test_every_judgement_case_imports(case):
    assert parse_facts(case.read_text(encoding="utf-8"))


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def cli_home(home, capsys):
    assert main(["init"]) == 0
    capsys.readouterr()
    return home


def _imported(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def _listed(capsys) -> list:
    assert main(["list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "case",
    [
        "NUL in a text",
        "a name of invisible characters only",
        "true as a count",
        "a number as a time",
        "a breach in year 0001",
        "a decision before the breach",
        "a police report before the breach",
    ],
)
def test_the_command_line_says_the_problem_in_swedish_and_stores_nothing(
    cli_home, capsys, tmp_path, case
):
    data, path, _english, swedish = HOSTILE[case]
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _imported(capsys, "--lang", "sv", "import", str(source))
    assert code == cli.EXIT_ERROR and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("breachreport: fel: ") or line.startswith("breachreport: error: ")
    assert f"{path}: " in line and swedish in line
    assert "Traceback" not in err and "Input should" not in err
    assert _listed(capsys) == []


def test_the_command_line_lists_every_problem_one_a_line(cli_home, capsys, tmp_path):
    data = hostile("controller.name", "\u200b")
    data["description"]["summary"] = "a\x00b"
    data["data"]["subjects_count"] = {"value": True}
    data["times"]["aware_at"] = 1.5
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _imported(capsys, "--lang", "en", "import", str(source))
    assert code == cli.EXIT_ERROR and out == ""
    lines = err.strip().splitlines()
    problems = [line for line in lines if line.startswith("  - ")]
    assert len(problems) == 4, err
    assert '  - controller.name: "Controller\'s name": The text has no visible character' in err
    assert "  - data.subjects_count.value: " in err and "Must be a whole number" in err
    assert _listed(capsys) == []


def test_the_command_line_refuses_nan(cli_home, capsys, tmp_path):
    source = tmp_path / "facts.json"
    source.write_text('{"circumstances": {"unavailable_hours": NaN}}', encoding="utf-8")
    code, _out, err = _imported(capsys, "--lang", "sv", "import", str(source))
    assert code == cli.EXIT_ERROR
    assert "circumstances.unavailable_hours: " in err and "NaN och Infinity" in err
    assert _listed(capsys) == []


def test_the_command_line_imports_an_ordinary_file(cli_home, capsys, tmp_path):
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(ordinary()), encoding="utf-8")
    code, out, err = _imported(capsys, "--lang", "sv", "import", str(source))
    assert code == 0, err
    assert [row["reference"] for row in _listed(capsys)] == [out.strip()]


def test_a_lone_surrogate_is_still_one_clear_line(cli_home, capsys, tmp_path):
    source = tmp_path / "facts.json"
    source.write_text('{"controller": {"name": "a\\ud800"}}', encoding="utf-8")
    code, _out, err = _imported(capsys, "--lang", "en", "import", str(source))
    assert code == cli.EXIT_ERROR and "broken character" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(InputError):
        parse_facts('{"controller": {"name": "a\\ud800"}}')


# -- what is only a warning -----------------------------------------------------------------------


def test_a_decision_or_telling_before_the_awareness_imports_with_a_warning(workspace):
    """Before the breach began is impossible and refused; before you became aware is odd (the
    awareness may be what is wrong), so it imports and the questions flag it at the time."""
    data = ordinary()
    data["decision"]["decided_at"] = "2024-01-20T09:00"  # after the start, before the awareness
    data["communication"] = {"status": "informed", "informed_at": "2024-01-20T10:00"}
    made = workspace.import_facts(actor=DPO, data=data)
    found = {p.path: p for p in contradictions(made.facts)}
    assert set(found) == {"decision.decided_at", "communication.informed_at"}
    assert "lies before the time you became aware" in found["decision.decided_at"].en
    assert "ligger före tidpunkten då ni fick kännedom" in found["communication.informed_at"].sv


def test_a_report_a_supplier_made_before_you_knew_is_no_warning(workspace):
    data = ordinary()
    data["other"]["reports"][0]["reported_at"] = "2024-01-20T09:00"  # before the awareness
    made = workspace.import_facts(actor=DPO, data=data)
    assert contradictions(made.facts) == []


def test_an_unknown_field_is_named_without_its_control_characters(workspace):
    """The one thing a problem repeats from the input is an unknown field's name: an escape
    sequence in it would colour or clear the terminal that prints the line."""
    error = _refused(workspace, {"controller": {"\x1b[2Jname": "Region Nordmark"}})
    [problem] = error.problems
    assert problem.path == "controller.<U+001B>[2Jname"
    assert "\x1b" not in error.in_("en")
