"""Text that looks like a formula, in every text column of the register, read back as a
spreadsheet program would: the XLSX holds no formula cell and no value starting with "=", and the
CSV and the XLSX show the very same characters (one defusing rule for both)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime

import openpyxl
import pytest

from breachreport.documents.register_export import (
    COLUMNS,
    defuse,
    register_csv,
    register_xlsx,
    spreadsheet_text,
)
from breachreport.domain.circumstances import Outcome
from breachreport.domain.status import Role, Status
from breachreport.domain.times import from_stockholm
from breachreport.services import Actor, RegisterRow, Workspace

AT = from_stockholm(datetime(2024, 2, 28, 8, 0))
HOSTILE = (
    "=1+1",
    "+46 70 123 45 67",
    "-Kalle",
    "@SUM(A1:A9)",
    "\tTab first",
    "\rCarriage return first",
    "\nLine feed first",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "\uff1d1+1",  # full-width equals sign
    "\x01=1+1",  # a control character XLSX cannot hold, hiding the "="
)
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _row(n: int, text: str) -> RegisterRow:
    """A register row whose every text field (and every choice this version does not know,
    which the register shows as stored) is ``text``."""
    return RegisterRow(
        id=f"{n:032x}",
        reference=text,
        status=Status.DRAFT,
        version=1,
        created_at=AT,
        updated_at=AT,
        title=text,
        aware_at=AT,
        breach_type=text,
        kinds=[text],
        subjects=3,
        decision=text,
        filings=0,
        case_number=text,
        band=text,
        recommended=text,
        decision_reason=text,
        decided_by=text,
        cause=text,
    )


def _csv_body(data: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    return rows[1:]


def _xlsx_body(data: bytes) -> list[list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(min_row=2)]


def _shown(cell) -> str:
    """What the CSV holds for an XLSX cell's value."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, datetime):
        return f"{cell.value:%Y-%m-%d %H:%M}"
    return str(cell.value)


def _assert_safe_and_alike(csv_data: bytes, xlsx_data: bytes) -> list[str]:
    csv_body, xlsx_body = _csv_body(csv_data), _xlsx_body(xlsx_data)
    assert len(csv_body) == len(xlsx_body)
    texts = []
    for csv_row, xlsx_row in zip(csv_body, xlsx_body, strict=True):
        assert [_shown(cell) for cell in xlsx_row] == csv_row
        for cell in xlsx_row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(STARTS), repr(cell.value)
                texts.append(cell.value)
        assert not any(field.startswith(STARTS) for field in csv_row)
    return texts


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_formula_like_text_in_every_column_is_plain_text_in_both_files(lang):
    rows = [_row(n, text) for n, text in enumerate(HOSTILE)]
    # A tombstone too: who shredded it and why are text columns of their own.
    rows.append(replace(_row(99, "x"), shredded_at=AT, shredded_by="=evil()", shred_reason="+1"))
    texts = _assert_safe_and_alike(register_csv(rows, lang), register_xlsx(rows, lang))
    for text in HOSTILE:
        assert spreadsheet_text(text) in texts  # kept, behind an apostrophe
    assert '\'=HYPERLINK("http://x","y")' in texts
    assert "'=cmd|' /C calc'!A0" in texts
    assert "'=1+1" in texts  # the control character went, the apostrophe came


def test_ordinary_text_is_left_as_typed():
    for text in ("Karin Holm", "IMY-2024-0412", "'already quoted", "5 st", "E-post"):
        assert defuse(text) == text == spreadsheet_text(text)


def test_an_incident_typed_with_formulas_exports_safely(store):
    """Through the use cases, as the register is really made: title, decider and reason."""
    workspace = Workspace(store, clock=lambda: AT)
    actor = Actor('=HYPERLINK("http://x","y")', Role.DPO)
    incident = workspace.open_incident(
        actor=actor,
        at=AT,
        changes={
            "description.title_internal": "=cmd|' /C calc'!A0",
            "times.aware_at": "2024-02-28T07:00",
        },
    )
    workspace.decide(
        actor=actor,
        ref=incident.reference,
        outcome=Outcome.DOCUMENT_ONLY,
        reason="@SUM(1+1)",
        expected_version=1,
        at=AT,
    )
    rows = workspace.register()
    facts = {row.id: workspace.incident(row.id).facts for row in rows}
    csv_data, xlsx_data = (
        register_csv(rows, "sv", facts=facts),
        register_xlsx(rows, "sv", facts=facts),
    )
    texts = _assert_safe_and_alike(csv_data, xlsx_data)
    header = [title("sv") for _, title, _ in COLUMNS]
    [record] = [dict(zip(header, row, strict=True)) for row in _csv_body(csv_data)]
    assert record["Rubrik (intern)"] == "'=cmd|' /C calc'!A0"
    assert record["Beslutat av"] == '\'=HYPERLINK("http://x","y")'
    assert record["Motivering av beslutet"] == "'@SUM(1+1)"
    assert {"'=cmd|' /C calc'!A0", "'@SUM(1+1)"} <= set(texts)
