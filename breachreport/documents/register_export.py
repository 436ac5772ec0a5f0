"""The Art. 33(5) register as a spreadsheet: every incident, notified or not, with the decision,
who made it and why. CSV and XLSX from the register rows the services already produce.

CSV is what Swedish Excel opens with a double click: UTF-8 with a byte order mark (without it,
Excel reads å, ä and ö as two characters each) and semicolons between fields (Swedish Excel's list
separator, because the comma is the decimal sign). Times are Swedish wall-clock time, written as
"2024-01-20 14:00" so that they sort and Excel reads them as dates.

Spreadsheets run formulas: a text cell that starts with = + - @ (their full-width forms too) or a
tab, carriage return or line feed gets a leading apostrophe, in the CSV and in the XLSX alike (one
rule, ``spreadsheet_text``), and the XLSX stores every text as a plain string cell, never as a
formula, so that text typed into breachreport can never run on the reviewer's machine and both
files show the same characters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..domain.choices import BreachKind, BreachType, Cause, FilingKind, InformStatus
from ..domain.circumstances import Outcome
from ..domain.facts import Facts
from ..domain.labels import NO, YES, Choice, Text
from ..domain.severity import Band
from ..domain.status import Status
from ..domain.times import to_stockholm
from ..errors import InputError

LANGS = ("sv", "en")
DELIMITER = ";"
TIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_TIME_FORMAT = "yyyy-mm-dd hh:mm"
# What Excel, LibreOffice or Google Sheets may take as the start of a formula (or of a cell the
# importer splits off into a formula): ASCII and full-width = + - @, tab, carriage return, line feed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class RegisterEntry(Protocol):
    """What one register row carries (``services.RegisterRow`` fits)."""

    id: str
    reference: str
    status: Status
    title: str | None
    aware_at: datetime | None
    breach_type: str | None
    kinds: list[str]
    subjects: int | None
    decision: str | None
    case_number: str | None
    band: str | None
    recommended: str | None
    decision_reason: str | None
    decided_by: str | None
    filing_kinds: tuple[str, ...]
    filed_at: tuple[datetime, ...]
    filing_final: tuple[bool, ...]  # per filing: a supplement that completed the notification
    cause: str | None


# (key, header, width in characters for XLSX), in the order of the columns.
COLUMNS: tuple[tuple[str, Text, int], ...] = (
    ("reference", Text("Ärende", "Reference"), 14),
    ("title", Text("Rubrik (intern)", "Internal title"), 40),
    ("aware_at", Text("Kännedom (svensk tid)", "Aware at (Swedish time)"), 17),
    ("status", Text("Status", "Status"), 26),
    ("notified", Text("Anmäld till IMY", "Notified IMY"), 10),
    ("first_filed_at", Text("Anmäld till IMY (svensk tid)", "Notified IMY at (Swedish time)"), 17),
    ("filings", Text("Anmälningar", "Filings"), 40),
    ("case_number", Text("IMY:s diarienummer", "IMY case number"), 16),
    ("informed", Text("De registrerade informerade", "Data subjects informed"), 26),
    ("informed_at", Text("Informerade (svensk tid)", "Informed at (Swedish time)"), 17),
    ("not_informed_reason", Text("Skäl att inte informera", "Reason for not informing"), 40),
    ("recommended", Text("Rekommendation", "Recommendation"), 30),
    ("decision", Text("Beslut", "Decision"), 30),
    ("decided_by", Text("Beslutat av", "Decided by"), 20),
    ("decided_at", Text("Beslutat (svensk tid)", "Decided at (Swedish time)"), 17),
    ("decision_reason", Text("Motivering av beslutet", "Reason for the decision"), 60),
    ("breach_type", Text("Typ av incident", "Type of breach"), 28),
    ("kinds", Text("Påverkan", "Kind of breach"), 26),
    ("cause", Text("Orsak", "Cause"), 26),
    ("band", Text("Allvarlighetsgrad (ENISA)", "Severity (ENISA)"), 14),
    ("subjects", Text("Antal registrerade", "Data subjects"), 12),
    ("records", Text("Antal poster", "Records"), 12),
    (
        "shredded",
        Text("Gallrad (svensk tid, av vem, varför)", "Shredded (Swedish time, by, why)"),
        40,
    ),
)
SHREDDED = Text("Gallrad", "Shredded")
DAMAGED = Text(
    "Skadad: uppgifterna klarade inte kontrollen; kör breachreport verify",
    "Damaged: the data failed its integrity check; run breachreport verify",
)


def _label(choice: type[Choice], value: str | None, lang: str) -> str | None:
    """A stored choice value by its label; a value this version does not know stays as it is."""
    if value is None:
        return None
    try:
        return choice(value).label(lang)
    except ValueError:
        return value


def _local(value: datetime | None) -> datetime | None:
    """Swedish wall-clock time, without a zone: what a spreadsheet cell can hold."""
    return to_stockholm(value).replace(tzinfo=None) if value else None


_FINAL = Text(" (gör anmälan fullständig)", " (completes the notification)")


def _filings(row: RegisterEntry, lang: str) -> str | None:
    finals = list(row.filing_final) + [False] * (len(row.filing_kinds) - len(row.filing_final))
    shown = [
        f"{_label(FilingKind, kind, lang)}{_FINAL(lang) if final else ''} "
        f"{to_stockholm(at):{TIME_FORMAT}}"
        for kind, at, final in zip(row.filing_kinds, row.filed_at, finals, strict=False)
    ]
    return "; ".join(shown) or None


def _from_facts(facts: Facts | None, lang: str) -> dict[str, Any]:
    """What the register summary does not carry: telling the people, when decided, records."""
    if facts is None:
        return {}
    c = facts.communication
    reason = None
    if c.status is InformStatus.WILL_NOT_INFORM:
        parts = [c.reason_not.label(lang) if c.reason_not else None, c.reason_details]
        reason = " – ".join(p for p in parts if p) or None
    records = facts.data.records_count
    return {
        "informed": c.status.label(lang) if c.status else None,
        "informed_at": _local(c.informed_at),
        "not_informed_reason": reason,
        "decided_at": _local(facts.decision.decided_at),
        "records": records.value if records else None,
    }


def _status(row: RegisterEntry, lang: str) -> str:
    if getattr(row, "damaged", False):
        return DAMAGED(lang)
    status = row.status.label(lang)
    if getattr(row, "shredded_at", None) is None:
        return status
    return f"{SHREDDED(lang)} ({status})"


def _shredded(row: RegisterEntry) -> str | None:
    """A tombstone's line: when, by whom and why its content was destroyed."""
    at = getattr(row, "shredded_at", None)
    if at is None:
        return None
    parts = [f"{to_stockholm(at):{TIME_FORMAT}}", getattr(row, "shredded_by", None)]
    reason = getattr(row, "shred_reason", None)
    line = ", ".join(p for p in parts if p)
    return f"{line}: {reason}" if reason else line


def register_rows(
    rows: Sequence[RegisterEntry],
    lang: str,
    *,
    facts: Mapping[str, Facts] | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """The header and one list of cells per incident, in the order given (every row: the register
    leaves nothing out). Cells are text, whole numbers, Swedish-time datetimes or None.

    ``facts`` (incident id -> current facts) fills the columns the register summary lacks:
    whether the people were told and why not, when the decision was made, and the records count.
    """
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    facts = facts or {}
    header = [title(lang) for _, title, _ in COLUMNS]
    body = []
    for row in rows:
        first = min(row.filed_at) if row.filed_at else None
        cells: dict[str, Any] = {
            "reference": row.reference,
            "title": row.title,
            "aware_at": _local(row.aware_at),
            "status": _status(row, lang),
            "notified": (YES if row.filing_kinds else NO)(lang),
            "first_filed_at": _local(first),
            "filings": _filings(row, lang),
            "case_number": row.case_number,
            "recommended": _label(Outcome, row.recommended, lang),
            "decision": _label(Outcome, row.decision, lang),
            "decided_by": row.decided_by,
            "decision_reason": row.decision_reason,
            "breach_type": _label(BreachType, row.breach_type, lang),
            "kinds": ", ".join(_label(BreachKind, k, lang) or k for k in row.kinds) or None,
            "cause": _label(Cause, row.cause, lang),
            "band": _label(Band, row.band, lang),
            "subjects": row.subjects,
            **_from_facts(facts.get(row.id), lang),
            "shredded": _shredded(row),
        }
        body.append([cells.get(key) for key, _, _ in COLUMNS])
    return header, body


def defuse(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe before = + - @ (ASCII or
    full-width), tab, CR or LF."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def spreadsheet_text(text: str) -> str:
    """A text cell as both files hold it: without the control characters XLSX cannot store (tab,
    CR and LF stay), then defused. Stripping first, so that a control character cannot hide a
    leading = from the check."""
    return defuse(ILLEGAL_CHARACTERS_RE.sub("", text))


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:{TIME_FORMAT}}"
    if isinstance(value, int):
        return str(value)
    return spreadsheet_text(str(value))


def register_csv(
    rows: Sequence[RegisterEntry], lang: str, *, facts: Mapping[str, Facts] | None = None
) -> bytes:
    """The register as CSV for Excel: UTF-8 with BOM, semicolons, CRLF, formulas defused."""
    header, body = register_rows(rows, lang, facts=facts)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for cells in body:
        writer.writerow([_csv_cell(value) for value in cells])
    return out.getvalue().encode("utf-8-sig")


_SHEET_TITLE = Text("Incidentregister", "Breach register")


def register_xlsx(
    rows: Sequence[RegisterEntry], lang: str, *, facts: Mapping[str, Facts] | None = None
) -> bytes:
    """The register as an Excel workbook: bold frozen header, filters, widths, real dates."""
    header, body = register_rows(rows, lang, facts=facts)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _SHEET_TITLE(lang)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, cells in enumerate(body, start=2):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, str):
                # Assigning a text that starts with "=" would make openpyxl write a formula; the
                # defused text never does, and the type is set to a plain string regardless.
                cell.value = spreadsheet_text(value)
                cell.data_type = "s"
            else:
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = XLSX_TIME_FORMAT
    for index, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(body) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
