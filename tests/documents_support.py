"""Reading rendered documents back as a reader sees them, IMY's section headings, and the fixed
context documents are rendered in: shared by the document, download, screen, packaging and browser
tests, which each had a copy.

Every reader takes the file's bytes or a path to it.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import docx
import pypdf
from docx.document import Document as WordDocument

from breachreport.documents import FilingInfo, NotificationContext
from breachreport.domain.facts import questions
from breachreport.domain.times import from_stockholm

# IMY's form, section by section, in IMY's order and wording.
IMY_HEADINGS = {
    "sv": [
        "A. Typ av anmälan",
        "B. Personuppgiftsansvarig",
        "C. Kontaktuppgifter",
        "D. Tidpunkter",
        "E. Beskrivning av incidenten",
        "F. Registrerade och personuppgifter",
        "G. Konsekvenser",
        "H. Åtgärder",
        "I. Information till de registrerade",
        "J. Övrigt",
    ],
    "en": [
        "A. Type of notification",
        "B. Controller",
        "C. Contact",
        "D. Times",
        "E. What happened",
        "F. Data subjects and personal data",
        "G. Consequences",
        "H. Measures",
        "I. Telling the data subjects",
        "J. Other",
    ],
}


def _source(source: bytes | Path) -> io.BytesIO | str:
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else str(source)


def word_document(source: bytes | Path | WordDocument) -> WordDocument:
    if isinstance(source, WordDocument):
        return source
    return docx.Document(_source(source))


def word_body(source: bytes | Path | WordDocument) -> list[str]:
    """The body's paragraphs and table rows in reading order (a row as its cells joined by |)."""
    lines = []
    for block in word_document(source).iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return lines


def word_text(source: bytes | Path | WordDocument) -> str:
    """The paragraphs, then every table cell, a line each."""
    document = word_document(source)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_pages(source: bytes | Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(_source(source)).pages]


def pdf_text(source: bytes | Path) -> str:
    return "\n".join(pdf_pages(source))


def text_of(fmt: str | None, source: bytes | Path) -> str:
    """What a reader sees in a rendered file of any format (``fmt`` None: a path's suffix)."""
    if fmt is None:
        fmt = Path(source).suffix.removeprefix(".")
    if fmt == "pdf":
        return pdf_text(source)
    if fmt == "docx":
        return word_text(source)
    if isinstance(source, bytes | bytearray):
        return bytes(source).decode("utf-8")
    return Path(source).read_text(encoding="utf-8")


def one_line(text: str) -> str:
    """Every run of white space (no-break spaces and line breaks, too) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


# -- a document's context, as the tests render them ----------------------------------------------

# The moment the scenario's draft is rendered, the incident's reference and a chain head: fixed, so
# that golden files and page furniture do not move between runs.
DRAFT_AT = from_stockholm(datetime(2024, 1, 21, 18, 30))
CHAIN_HEAD = "c0ffee" + "ab" * 29
REF = "BR-2024-0001"
# Typed text that would run as markup or template code if anything let it through.
HOSTILE = '<script>alert(1)</script> & " {{ 7*7 }} {% if %} # heading *bold*'
# Each question's label, by its path in the facts.
LABEL = {q.path: q.label for q in questions()}


def stockholm(text: str) -> datetime:
    """A Swedish wall-clock time (ISO text) as a UTC instant."""
    return from_stockholm(datetime.fromisoformat(text))


def document_context(
    at: datetime, filing: FilingInfo | None = None, version: int = 1
) -> NotificationContext:
    """The context a document is rendered in: REF at ``version``, generated ``at``."""
    return NotificationContext(
        incident_ref=REF,
        facts_version=version,
        generated_at=at,
        chain_head=CHAIN_HEAD,
        filing=filing,
    )
