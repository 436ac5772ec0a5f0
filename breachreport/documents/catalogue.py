"""Which documents exist, in which languages and formats, and one way to render a draft of any of
them from the facts. The services call this; the command line and the app only name a document.

- ``imy-notification``: the notification to IMY, per language, as Markdown, HTML, Word and PDF.
- ``data-subject-notice``: the notice to the people affected (Art. 34), per language, as Markdown,
  HTML and PDF.
- ``review-copy``: Swedish and English side by side for the legal reviewer, with the open
  questions and the assessment's reasons, as Markdown, HTML and PDF (one file for both languages).
- ``cert-se-early-warning``, ``cert-se-incident-notification``, ``cert-se-progress-report``,
  ``cert-se-final-report``: the reports to CERT-SE under the cybersäkerhetslag, per language, as
  Markdown, HTML, Word and PDF (``cert_se``).
- ``edpb-template``: the facts laid out in the EDPB's common Art. 33 template, per language, as
  Markdown, HTML, Word and PDF (``edpb_document``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.facts import Facts
from ..errors import InputError
from .cert_se import CERT_SE_DOCUMENTS, render_cert_se
from .edpb_document import render_edpb_document
from .notice import render_notice, render_notice_docx
from .notification import NotificationContext, render_notification_bytes
from .pdf import render_pdf
from .review_copy import render_review_copy

LANGS = ("sv", "en")
BOTH = "sv+en"  # the language of a document that holds both


@dataclass(frozen=True)
class DocumentKind:
    name: str
    formats: tuple[str, ...]
    bilingual: bool = False  # one file holding both languages

    def langs(self) -> tuple[str, ...]:
        return (BOTH,) if self.bilingual else LANGS


NOTIFICATION = DocumentKind("imy-notification", ("md", "html", "docx", "pdf"))
NOTICE = DocumentKind("data-subject-notice", ("md", "html", "docx", "pdf"))
REVIEW_COPY = DocumentKind("review-copy", ("md", "html", "pdf"), bilingual=True)
CERT_SE = tuple(DocumentKind(name, ("md", "html", "docx", "pdf")) for name in CERT_SE_DOCUMENTS)
EDPB = DocumentKind("edpb-template", ("md", "html", "docx", "pdf"))
DOCUMENTS = {kind.name: kind for kind in (NOTIFICATION, NOTICE, REVIEW_COPY, *CERT_SE, EDPB)}
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def document_kind(document: str, lang: str, fmt: str) -> DocumentKind:
    """The document asked for, once its language and format are known to exist for it."""
    kind = DOCUMENTS.get(document)
    if kind is None:
        raise InputError(f"Unknown document '{document}'; choose one of: {', '.join(DOCUMENTS)}.")
    if fmt not in kind.formats:
        raise InputError(
            f"The {document} comes as {', '.join(kind.formats)}; '{fmt}' is not one of them."
        )
    if not kind.bilingual and lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    return kind


def render_draft(
    document: str, *, facts: Facts, lang: str, fmt: str, context: NotificationContext
) -> bytes:
    """A document from ``facts`` as they stand (``context`` says which version, when, and which
    filing the people were told about); the review copy ignores ``lang``."""
    kind = document_kind(document, lang, fmt)
    if kind is NOTIFICATION:
        return render_notification_bytes(facts=facts, lang=lang, fmt=fmt, context=context)
    if kind in CERT_SE:
        return render_cert_se(document, facts=facts, lang=lang, fmt=fmt, context=context)
    if kind is EDPB:
        return render_edpb_document(facts=facts, lang=lang, fmt=fmt, context=context)
    if kind is NOTICE and fmt == "docx":
        return render_notice_docx(facts=facts, lang=lang, context=context)
    text_fmt = "html" if fmt == "pdf" else fmt  # a PDF is laid out from the HTML
    if kind is NOTICE:
        text = render_notice(facts=facts, lang=lang, fmt=text_fmt, context=context)
    else:
        text = render_review_copy(facts=facts, fmt=text_fmt, context=context)
    return render_pdf(text) if fmt == "pdf" else text.encode("utf-8")


def file_name(ref: str, document: str, lang: str, fmt: str, filing: str | None = None) -> str:
    """The name a download is saved under, e.g. BR-2024-0001.data-subject-notice.sv.pdf."""
    middle = f".{filing}" if filing else ""
    language = "" if DOCUMENTS[document].bilingual else f".{lang}"
    return f"{ref}.{document}{middle}{language}.{fmt}"
