"""The filings made, grouped by recipient: per recipient a table (number, kind, when submitted, by
whom, its case number, what changed), each frozen filing with its downloads in that recipient's
own document (a report kept by reference shows its reference number instead), and a form to
record the recipient's case number in its own format.
"""

from __future__ import annotations

import streamlit as st

from ...documents.catalogue import DOCUMENTS
from ...domain.recipients import IMY, Recipient, recipient
from ...i18n import _
from ...services import CASE_NUMBER, Filing
from .. import context, texts
from ..context import lang, t
from ..downloads import document_row
from ..table_view import grid
from . import answers
from .filing_recipients import document_of, recipient_of
from .page import Opened, flash, literal, when

LANGUAGES = {"sv": "Svenska", "en": "English"}

DOWNLOAD_FILED = _("Download the frozen copy")
NOT_KEPT = _("The filing was made before Word copies were kept, so there is no Word copy of it.")
FINAL_SUFFIX = _(", notification complete")
LIST = _("Recorded filings")
NONE_YET = _("No filing has been recorded yet.")
SEQ = _("No.")
KIND_COLUMN = _("Kind")
FILED_AT = _("Submitted to IMY")
SUBMITTED_TO = _("Submitted to {recipient}")
BY = _("By")
CASE = _("IMY's case number")
CHANGED = _("Changed questions")
FIRST = _("first filing")
FROZEN = _("No. {seq}: {kind}, {at}")
CASE_FORM = _("Record IMY's case number")
CASE_FORM_OF = _("Record {name}")
FOR_FILING = _("For filing")
CASE_SAVE = _("Save the case number")
CASE_FORMAT = _("The case number does not look like IMY's (e.g. IMY-2024-1234).")
CASE_FORMAT_OF = _("Give {name}, e.g. {example}.")
CASE_SAVED = _("The case number is saved.")
BY_REFERENCE = _(
    "Made in {recipient}'s own service; only that it was made, when and under which number is "
    "kept here, so there is no document to download."
)
REFERENCE = _("{name}: {number}")
NO_REFERENCE = _("{name}: not recorded yet")


def filed_formats(filing: Filing, lang_code: str, document: str) -> list[str]:
    """The formats of a frozen filing's copy in ``lang_code``: those kept with it, and PDF when its
    HTML was kept (the service lays the PDF out from that frozen HTML)."""
    kept = {name.rsplit(".", 1)[-1] for name in filing.documents if f".{lang_code}." in name}
    return [
        fmt
        for fmt in DOCUMENTS[document].formats
        if fmt in kept or (fmt == "pdf" and "html" in kept)
    ]


def downloads(opened: Opened, filing: Filing | None, document: str, *, place: str = "") -> None:
    """A row of buttons per language; each file is made and recorded only when clicked.
    ``place`` tells apart the rows of one draft shown in two places on the page."""
    workspace = context.workspace()
    seq = filing.seq if filing else None
    missing = False
    for code in LANGUAGES:
        formats = None if filing is None else filed_formats(filing, code, document)
        missing = missing or (formats is not None and "docx" not in formats)
        document_row(
            workspace,
            opened.user.actor,
            ref=opened.ref,
            document=document,
            lang=code,
            formats=formats,
            filing_seq=seq,
            name_part="draft" if filing is None else f"{filing.seq}-{filing.kind.value}",
            key=f"br_f_dl.{opened.ref}.{document}.{seq or 'draft'}{place}",
        )
    if missing and filing is not None:
        st.caption(t(NOT_KEPT))


def kind_label(filing: Filing) -> str:
    return filing.kind.label(lang()) + (t(FINAL_SUFFIX) if filing.final else "")


def frozen_title(filing: Filing) -> str:
    return t(FROZEN, seq=filing.seq, kind=filing.kind.label(lang()), at=when(filing.filed_at))


def filing_list(opened: Opened, filings: list[Filing]) -> None:
    st.header(t(LIST))
    if not filings:
        st.caption(t(NONE_YET))
        return
    grouped: dict[str, list[Filing]] = {}
    for filing in filings:
        grouped.setdefault(recipient_of(filing), []).append(filing)
    order = [IMY, *sorted(k for k in grouped if k != IMY)]
    for key in [k for k in order if k in grouped]:
        to = recipient(key)
        if to is None:  # a recipient this version no longer knows: shown under its key
            st.subheader(key)
        elif len(grouped) > 1 or key != IMY:
            st.subheader(literal(to.name(lang())))
        _group(opened, to, grouped[key])


def _group(opened: Opened, to: Recipient | None, filings: list[Filing]) -> None:
    imy = to is None or to.key == IMY
    submitted = FILED_AT if imy else SUBMITTED_TO
    number_name = t(CASE) if imy else to.case_number_name(lang())
    short = to.short(lang()) if to is not None else ""
    grid(
        [
            {
                t(SEQ): f.seq,
                t(KIND_COLUMN): kind_label(f),
                t(submitted, recipient=short): when(f.filed_at),
                t(BY): f.filed_by,
                number_name: f.case_number or "–",
                t(CHANGED): ", ".join(answers.labels(list(f.changes), lang())) or t(FIRST),
            }
            for f in filings
        ],
        what=t(LIST) if imy else f"{t(LIST)}: {short}",
        hide_index=True,
        width="stretch",
    )
    for filing in reversed(filings):
        document = document_of(filing)
        with st.expander(frozen_title(filing)):
            if document is None:
                shown = REFERENCE if filing.case_number else NO_REFERENCE
                st.markdown(t(shown, name=number_name, number=literal(filing.case_number or "")))
                st.caption(t(BY_REFERENCE, recipient=short))
                continue
            st.caption(t(DOWNLOAD_FILED))
            downloads(opened, filing, document)
    if opened.may_decide:
        _case_number_form(opened, to, filings)


def _case_number_form(opened: Opened, to: Recipient | None, filings: list[Filing]) -> None:
    imy = to is None or to.key == IMY
    names = {f.seq: frozen_title(f) for f in filings}
    numbers = list(names)
    suffix = "" if imy else f".{to.key}"
    with st.form(key=f"br_f_case.{opened.ref}{suffix}"):
        title = t(CASE_FORM) if imy else t(CASE_FORM_OF, name=to.case_number_name(lang()))
        st.markdown(f"**{title}**")
        seq = st.selectbox(
            t(FOR_FILING),
            numbers,
            index=len(numbers) - 1,
            format_func=names.__getitem__,
            placeholder=t(texts.CHOOSE),
            key=f"br_f_case_seq.{opened.ref}{suffix}",
        )
        typed = st.text_input(
            t(CASE) if imy else to.case_number_name(lang()),
            placeholder="IMY-2024-1234" if imy else to.case_number_example,
            key=f"br_f_case_number.{opened.ref}{suffix}",
        )
        go = st.form_submit_button(t(CASE_SAVE))
    if not go:
        return
    number = typed.strip().upper() if imy else typed.strip()
    if imy and not CASE_NUMBER.fullmatch(number):
        st.error(t(CASE_FORMAT))
        return
    if not imy and not to.case_number_ok(number):
        name = to.case_number_name(lang())
        st.error(t(CASE_FORMAT_OF, name=name, example=to.case_number_example))
        return
    with st.spinner(t(texts.WORKING)):
        context.workspace().record_case_number(
            actor=opened.user.actor, ref=opened.ref, case_number=number, seq=seq
        )
    flash(CASE_SAVED)
    st.rerun()
