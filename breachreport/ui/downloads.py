"""Download buttons whose file is made only when clicked: a document through ``Workspace.download``
(so the incident's history records who took which copy) or the register through
``Workspace.register_file``. Drawing a page renders nothing and records nothing.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence

import streamlit as st

from ..documents.catalogue import BOTH, DOCUMENTS, MEDIA_TYPES, file_name
from ..i18n import _
from ..services import Workspace
from ..services.permissions import Actor
from .context import t

log = logging.getLogger("breachreport.ui")

FORMAT_NAMES = {
    "md": "Markdown",
    "html": "HTML",
    "docx": "Word",
    "pdf": "PDF",
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
}
REGISTER_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A document's language by its own name, as a language menu shows it.
ENDONYMS = {"sv": "Svenska", "en": "English"}
LANGUAGE_NAMES = {
    "sv": _("Swedish"),
    "en": _("English"),
    BOTH: _("Swedish and English"),
}
RECORDED_HELP = _(
    "The file is made when you click, and the download shows in the incident's history."
)
MADE_ON_CLICK = _("The file is made when you click.")


class DownloadFailed(Exception):
    """A file could not be made. Says which file only: the cause's message may quote the facts,
    and Streamlit logs what a download's maker raises."""


def _failed(what: str, error: Exception) -> DownloadFailed:
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("making %s failed with %s:\n%s", what, type(error).__name__, frames)
    return DownloadFailed(f"{what} could not be made ({type(error).__name__})")


def document_maker(
    workspace: Workspace,
    actor: Actor,
    *,
    ref: str,
    document: str,
    lang: str,
    fmt: str,
    filing_seq: int | None = None,
) -> Callable[[], bytes]:
    """The document, made and recorded as downloaded by ``actor`` when the button is clicked. It
    runs on Streamlit's worker thread, which cannot read the session: it gets everything here."""

    def make() -> bytes:
        try:
            return workspace.download(
                ref=ref, document=document, lang=lang, fmt=fmt, filing_seq=filing_seq, actor=actor
            )
        except Exception as error:
            raise _failed(f"{ref} {document} {lang} {fmt}", error) from None

    return make


def register_maker(
    workspace: Workspace, actor: Actor, *, fmt: str, lang: str
) -> Callable[[], bytes]:
    """The register as ``actor`` may see it, made when the button is clicked."""

    def make() -> bytes:
        try:
            return workspace.register_file(fmt=fmt, lang=lang, actor=actor)
        except Exception as error:
            raise _failed(f"the register {lang} {fmt}", error) from None

    return make


def document_row(
    workspace: Workspace,
    actor: Actor,
    *,
    ref: str,
    document: str,
    lang: str,
    formats: Sequence[str] | None = None,
    filing_seq: int | None = None,
    name_part: str | None = None,
    key: str,
    slots: int = 4,
) -> None:
    """One row of buttons, a format each, for one language; ``slots`` keeps rows of fewer formats
    aligned with their neighbours. Each label names format and language ("PDF, Svenska"), so that
    no two buttons on a page read the same. ``name_part`` goes into the file name, e.g. "draft"."""
    kind = DOCUMENTS[document]
    chosen = list(formats if formats is not None else kind.formats)
    shown_lang = BOTH if kind.bilingual else lang
    columns = st.columns(max(slots, len(chosen)), vertical_alignment="center")
    for column, fmt in zip(columns, chosen, strict=False):
        label = FORMAT_NAMES[fmt] if kind.bilingual else f"{FORMAT_NAMES[fmt]}, {ENDONYMS[lang]}"
        with column:
            st.download_button(
                label,
                data=document_maker(
                    workspace,
                    actor,
                    ref=ref,
                    document=document,
                    lang=lang,
                    fmt=fmt,
                    filing_seq=filing_seq,
                ),
                file_name=file_name(ref, document, lang, fmt, name_part),
                mime=MEDIA_TYPES[fmt],
                help=t(RECORDED_HELP),
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
                key=f"{key}.{shown_lang}.{fmt}",
            )
