"""The Art. 33(5) register as CSV and XLSX, read back as a spreadsheet would: every incident,
notified or not, with who decided and why; Swedish Excel's format; no formula ever runs.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_register_export.py``.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import CASE_NUMBER, ORGANISATION
from breachreport.documents.register_export import (
    COLUMNS,
    register_csv,
    register_rows,
    register_xlsx,
)
from breachreport.domain.circumstances import Outcome
from breachreport.domain.facts import Facts
from breachreport.domain.status import Role
from breachreport.domain.times import from_stockholm
from breachreport.errors import InputError
from breachreport.services import Actor, RegisterRow, Workspace

GOLDEN = Path(__file__).parent / "golden"
NOW = from_stockholm(datetime(2024, 3, 1, 12, 0))
DPO = Actor("Karin Holm", Role.DPO)
HASTY = Actor("-Kalle", Role.DPO)  # a name that a spreadsheet would read as a formula
NOT_NOTIFIED_REASON = (
    "Datorn är krypterad med stark nyckel som inte har röjts; ingen risk för de anställda."
)
HEADER = {key: title for key, title, _ in COLUMNS}


def _at(text: str) -> datetime:
    return from_stockholm(datetime.fromisoformat(text))


# The register rows and facts are immutable values; building them (the whole scenario, with its
# filings' documents) takes seconds, so each backend builds them once for this module.
_BUILT: dict[str, tuple[list[RegisterRow], dict[str, Facts]]] = {}


@pytest.fixture
def register(store, database_url) -> tuple[list[RegisterRow], dict[str, Facts]]:
    """The register rows (and each incident's facts, by id) of three incidents: the scenario
    (notified twice), a lost laptop that the DPO decided not to notify, and an incident whose
    answers look like spreadsheet formulas, also not notified."""
    backend = database_url.split(":", 1)[0]
    if backend not in _BUILT:
        workspace = Workspace(store, clock=lambda: NOW)
        _fill(workspace)
        rows = workspace.register()
        _BUILT[backend] = (rows, {row.id: workspace.incident(row.id).facts for row in rows})
    return _BUILT[backend]


def _fill(workspace: Workspace) -> None:
    load_demo(workspace)
    laptop = workspace.open_incident(
        actor=DPO,
        at=_at("2024-02-20T09:30"),
        changes={
            **ORGANISATION,
            "description.title_internal": "Krypterad bärbar dator glömd på tåg",
            "description.summary": "En anställd glömde sin bärbara dator på tåget.",
            "times.aware_at": "2024-02-20T09:00",
            "description.breach_type": "loss_or_theft",
            "description.cause": "human_error",
            "description.kinds": ["confidentiality"],
            "data.subject_categories": ["employees"],
            "data.data_categories": ["identity", "contact"],
            "data.subjects_count": {"value": 12, "precision": "exact"},
            "data.records_count": {"value": 40, "precision": "approximate"},
            "circumstances.encryption": "strong_key_safe",
            "communication.status": "will_not_inform",
            "communication.reason_not": "art34_3a",
            "communication.reason_details": "Disken är krypterad.",
        },
    )
    workspace.decide(
        actor=DPO,
        ref=laptop.reference,
        outcome=Outcome.DOCUMENT_ONLY,
        reason=NOT_NOTIFIED_REASON,
        expected_version=1,
        at=_at("2024-02-20T11:15"),
    )
    hostile = workspace.open_incident(
        actor=HASTY,
        at=_at("2024-02-28T08:00"),
        changes={
            "description.title_internal": '=HYPERLINK("http://evil.example","klicka")',
            "times.aware_at": "2024-02-28T07:00",
        },
    )
    workspace.decide(
        actor=HASTY,
        ref=hostile.reference,
        outcome=Outcome.DOCUMENT_ONLY,
        reason="@SUM(1+1)",
        expected_version=1,
        at=_at("2024-02-28T08:30"),
    )


def _export(register, lang: str, fmt: str) -> bytes:
    rows, facts = register
    make = register_csv if fmt == "csv" else register_xlsx
    return make(rows, lang, facts=facts)


def _csv_records(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _by_reference(records: list[dict[str, str]], lang: str) -> dict[str, dict[str, str]]:
    return {r[HEADER["reference"](lang)]: r for r in records}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_register_csv_matches_its_golden_file(register, lang):
    data = _export(register, lang, "csv")
    golden = GOLDEN / f"register.{lang}.csv"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), f"{golden.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert data == golden.read_bytes()


def test_every_incident_is_in_the_register_notified_or_not(register):
    records = _by_reference(_csv_records(_export(register, "sv", "csv")), "sv")
    assert sorted(records) == ["BR-2024-0001", "BR-2024-0002", "BR-2024-0003"]
    laptop = records["BR-2024-0002"]
    expected = {
        "title": "Krypterad bärbar dator glömd på tåg",
        "status": "Dokumenterad, ska inte anmälas",
        "notified": "Nej",
        "first_filed_at": "",
        "case_number": "",
        "decision": "Endast dokumentera internt",
        "decided_by": "Karin Holm",
        "decided_at": "2024-02-20 11:15",
        "decision_reason": NOT_NOTIFIED_REASON,
        "informed": "Nej, vi kommer inte att göra det",
        "not_informed_reason": (
            "Art. 34.3 a: uppgifterna var oläsbara för obehöriga (t.ex. krypterade) – "
            "Disken är krypterad."
        ),
        "aware_at": "2024-02-20 09:00",
        "cause": "Den mänskliga faktorn",
        "subjects": "12",
        "records": "40",
    }
    assert {key: laptop[HEADER[key]("sv")] for key in expected} == expected


def test_a_notified_incident_shows_its_filings_case_number_and_informing(register):
    records = _by_reference(_csv_records(_export(register, "en", "csv")), "en")
    scenario = records["BR-2024-0001"]
    cell = {key: scenario[HEADER[key]("en")] for key, _, _ in COLUMNS}
    assert cell["notified"] == "Yes"
    assert cell["status"] == "Complete notification filed"
    # Filed at 16:00 Swedish time (15:00 UTC) on 22 January.
    assert cell["first_filed_at"] == "2024-01-22 16:00"
    assert cell["filings"] == (
        "Preliminary notification 2024-01-22 16:00; "
        "Supplement (completes the notification) 2024-02-12 11:00"
    )
    assert cell["case_number"] == CASE_NUMBER
    assert cell["informed"] == "Yes"
    assert cell["informed_at"] == "2024-02-12 09:00"
    assert cell["decision"] == "Notify IMY and tell the data subjects"
    assert cell["decided_by"] == "Karin Holm"
    assert cell["band"] == "very high"
    assert cell["kinds"] == "Availability"
    assert cell["subjects"] == "4899"


def test_the_csv_is_what_swedish_excel_opens(register):
    data = _export(register, "sv", "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    first_line = data.decode("utf-8-sig").split("\r\n", 1)[0]
    assert first_line.split(";")[:3] == ["Ärende", "Rubrik (intern)", "Kännedom (svensk tid)"]
    assert "å".encode() in data


def test_nothing_in_the_csv_can_run_as_a_formula(register):
    records = _by_reference(_csv_records(_export(register, "sv", "csv")), "sv")
    hostile = records["BR-2024-0003"]
    assert hostile[HEADER["title"]("sv")] == '\'=HYPERLINK("http://evil.example","klicka")'
    assert hostile[HEADER["decision_reason"]("sv")] == "'@SUM(1+1)"
    assert hostile[HEADER["decided_by"]("sv")] == "'-Kalle"
    for record in records.values():
        for value in record.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_the_xlsx_reads_back_with_a_bold_frozen_header_and_real_dates(register):
    book = openpyxl.load_workbook(io.BytesIO(_export(register, "sv", "xlsx")))
    sheet = book.active
    assert sheet.title == "Incidentregister"
    header = [cell.value for cell in sheet[1]]
    assert header == [title("sv") for _, title, _ in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 4
    assert sheet.column_dimensions["P"].width == 60  # the reason for the decision
    rows = {
        row[0].value: {h: c for h, c in zip(header, row, strict=True)}
        for row in sheet.iter_rows(min_row=2)
    }
    laptop = rows["BR-2024-0002"]
    aware = laptop["Kännedom (svensk tid)"]
    assert aware.value == datetime(2024, 2, 20, 9, 0)  # Swedish wall-clock time
    assert aware.is_date and aware.number_format == "yyyy-mm-dd hh:mm"
    assert laptop["Motivering av beslutet"].value == NOT_NOTIFIED_REASON
    assert laptop["Anmäld till IMY"].value == "Nej"
    assert laptop["Antal registrerade"].value == 12
    assert rows["BR-2024-0001"]["IMY:s diarienummer"].value == CASE_NUMBER


def test_nothing_in_the_xlsx_can_run_as_a_formula(register):
    book = openpyxl.load_workbook(io.BytesIO(_export(register, "en", "xlsx")))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    hostile = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    title = hostile['\'=HYPERLINK("http://evil.example","klicka")']
    assert title.data_type == "s"
    assert "'@SUM(1+1)" in hostile and "'-Kalle" in hostile
    assert "Karin Holm" in hostile  # ordinary text keeps its first character
    assert not any(value.startswith(("=", "+", "-", "@")) for value in hostile)


def test_without_the_facts_the_summary_columns_still_fill(register):
    header, body = register_rows(register[0], "en")
    assert len(body) == 3
    laptop = dict(zip(header, body[1], strict=True))
    assert laptop["Decided by"] == "Karin Holm"
    assert laptop["Reason for the decision"] == NOT_NOTIFIED_REASON
    assert laptop["Data subjects informed"] is None


def test_an_unknown_language_is_refused():
    with pytest.raises(InputError):
        register_csv([], "de")
