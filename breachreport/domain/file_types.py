"""The kinds of file accepted as evidence, recognised by their content (magic bytes), not their name.

Pure: looks at bytes and a file name, never opens, stores or executes anything; an Office file's
zip directory is listed, never unpacked.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .labels import Text


@dataclass(frozen=True)
class FileType:
    key: str
    media_type: str
    extensions: tuple[str, ...]
    label: Text


PDF = FileType("pdf", "application/pdf", (".pdf",), Text("PDF", "PDF"))
PNG = FileType("png", "image/png", (".png",), Text("PNG-bild", "PNG image"))
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), Text("JPEG-bild", "JPEG image"))
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    Text("Word-dokument", "Word document"),
)
XLSX = FileType(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    Text("Excel-arbetsbok", "Excel workbook"),
)
TEXT = FileType("txt", "text/plain", (".txt", ".log"), Text("Textfil", "Text file"))
CSV = FileType("csv", "text/csv", (".csv",), Text("CSV-fil", "CSV file"))
EML = FileType("eml", "message/rfc822", (".eml",), Text("E-postmeddelande", "Email message"))
MSG = FileType(
    "msg", "application/vnd.ms-outlook", (".msg",), Text("Outlook-meddelande", "Outlook message")
)
ACCEPTED: tuple[FileType, ...] = (PDF, PNG, JPEG, DOCX, XLSX, TEXT, CSV, EML, MSG)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: Outlook .msg (and old Office)
_HEADER = re.compile(rb"^[!-9;-~]+:[ \t]")  # an RFC 5322 header line: "Name: value"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAIL_HEADERS = (b"from:", b"received:", b"message-id:", b"mime-version:", b"subject:", b"date:")


def accepted_extensions() -> list[str]:
    return [ext for kind in ACCEPTED for ext in kind.extensions]


def extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def sniff(content: bytes, filename: str) -> FileType | None:
    """The accepted kind this content is, if its name's extension agrees; None otherwise."""
    ext = extension(filename)
    for kind in _candidates(content):
        if ext in kind.extensions:
            return kind
    return None


def _candidates(content: bytes) -> list[FileType]:
    """Every accepted kind the content could be, judged by its bytes alone."""
    if content.startswith(b"%PDF-"):
        return [PDF]
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return [PNG]
    if content.startswith(b"\xff\xd8\xff"):
        return [JPEG]
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    if content.startswith(_OLE):
        return [MSG]
    if _is_text(content):
        kinds = [TEXT, CSV]
        if _is_mail(content):
            kinds.append(EML)
        return kinds
    return []


def _office(content: bytes) -> list[FileType]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return []
    if "[Content_Types].xml" not in names:
        return []
    if "word/document.xml" in names:
        return [DOCX]
    if "xl/workbook.xml" in names:
        return [XLSX]
    return []


def _is_text(content: bytes) -> bool:
    """UTF-8 (or plain ASCII) text without control characters other than tab and line breaks."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _CONTROL.search(text) is None


def _is_mail(content: bytes) -> bool:
    """Starts with header lines, at least one of which a mail always has."""
    head = content.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = [line for line in head.splitlines() if line and line[:1] not in b" \t"]
    if not lines or not all(_HEADER.match(line) for line in lines):
        return False
    return any(line.lower().startswith(_MAIL_HEADERS) for line in lines)
