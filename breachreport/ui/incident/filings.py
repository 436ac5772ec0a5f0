"""Filings: preview the draft notification in Swedish or English, file it as preliminary, supplement
or complete, give the reasons for a delay when it is late, record IMY's case number, and download
the draft or any frozen filing as Markdown, HTML, Word or PDF in either language.

Documents are rendered by the services: for the preview on this run, for a download only when the
button is clicked, and then recorded in the incident's history.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import streamlit as st

from ...documents.catalogue import DOCUMENTS
from ...domain.choices import FilingKind
from ...domain.clocks import ClockStatus
from ...domain.labels import Text
from ...domain.problems import Problem
from ...errors import FactsInvalid, FilingRefused, VersionConflict
from ...services import CASE_NUMBER, Filing
from .. import context, texts
from ..context import lang, t
from ..downloads import RECORDED_HELP, document_row
from . import answers
from .page import Opened, flash, guarded, open_incident, require_decider, show_flash, state, when

DOCUMENT = "imy-notification"
LANGUAGES = {"sv": "Svenska", "en": "English"}
PREVIEW_HEIGHT = 900

DRAFT = Text("Utkast till anmälan", "Draft notification")
DRAFT_EXPLAIN = Text(
    "Utkastet följer IMY:s e-tjänst avsnitt för avsnitt, så att ni kan föra över det fält för "
    "fält. Det bygger på svaren just nu.",
    "The draft follows IMY's e-service section by section, so that you can copy it field by "
    "field. It is built from the answers as they stand now.",
)
PREVIEW_LANGUAGE = Text("Förhandsgranskningens språk", "Language of the preview")
PREVIEW = Text("Förhandsgranskning av anmälan", "Preview of the notification")
DOWNLOAD = Text("Ladda ner utkastet", "Download the draft")
DOWNLOAD_FILED = Text("Ladda ner den frusna kopian", "Download the frozen copy")
NOT_KEPT = Text(
    "Anmälan gjordes innan Word-kopior sparades; Word finns därför inte för den.",
    "The filing was made before Word copies were kept, so there is no Word copy of it.",
)
FILE = Text("Registrera en anmälan", "Record a filing")
FILE_EXPLAIN = Text(
    "Registrera anmälan när ni har skickat den i IMY:s e-tjänst. Den frusna kopian ändras aldrig "
    "därefter.",
    "Record the filing once you have sent it through IMY's e-service. The frozen copy never "
    "changes afterwards.",
)
KIND = Text("Slag av anmälan", "Kind of filing")
KIND_HELP = {
    FilingKind.PRELIMINARY: Text(
        "Inom 72 timmar, när allt inte är känt ännu; kompletteras senare (art. 33.4).",
        "Within 72 hours, when not everything is known yet; supplemented later (Art. 33(4)).",
    ),
    FilingKind.SUPPLEMENT: Text(
        "Bara det som är nytt eller ändrat sedan förra anmälan, med IMY:s diarienummer.",
        "Only what is new or changed since the previous filing, quoting IMY's case number.",
    ),
    FilingKind.COMPLETE: Text(
        "Alla frågor besvarade; inget markerat som ännu inte känt.",
        "Every question answered; nothing marked as not yet known.",
    ),
}
CONFIRM = Text(
    "Jag har läst utkastet och vill registrera det som anmält till IMY.",
    "I have read the draft and want to record it as filed with IMY.",
)
CONFIRM_FIRST = Text(
    "Bekräfta först att du har läst utkastet.", "First confirm that you have read the draft."
)
FILE_BUTTON = Text("Registrera anmälan", "Record the filing")
FILED = Text("Anmälan nr {seq} är registrerad ({kind}).", "Filing no. {seq} is recorded ({kind}).")
WITHDRAWN = Text(
    "Anmälan är återkallad; inget mer kan registreras.",
    "The notification has been withdrawn; nothing more can be recorded.",
)
REFUSED = Text("Anmälan kan inte registreras ännu:", "The filing cannot be recorded yet:")
ANSWER_FIRST = Text(
    "Besvara frågorna under Frågor och försök igen.",
    "Answer the questions under Questions and try again.",
)
DELAY_SAVE = Text("Spara skälen och registrera anmälan", "Save the reasons and record the filing")
DELAY_EMPTY = Text("Skriv skälen till förseningen.", "Write the reasons for the delay.")
DELAY_CONFLICT = Text(
    "Någon annan ändrade skälen medan du skrev; inget av ditt sparades. Sparat nu: {theirs}",
    "Someone else changed the reasons while you wrote; nothing of yours was saved. Saved now: "
    "{theirs}",
)
CLOSE = Text("Stäng", "Close")
LATE = Text(
    "Mer än 72 timmar har gått sedan kännedomen. Anmälan måste ange skälen till förseningen "
    "(art. 33.1).",
    "More than 72 hours have passed since awareness. The notification must give the reasons for "
    "the delay (Art. 33(1)).",
)
LIST = Text("Registrerade anmälningar", "Recorded filings")
NONE_YET = Text("Ingen anmälan är registrerad ännu.", "No filing has been recorded yet.")
SEQ = Text("Nr", "No.")
KIND_COLUMN = Text("Slag", "Kind")
FILED_AT = Text("Registrerad", "Recorded")
BY = Text("Av", "By")
CASE = Text("IMY:s diarienummer", "IMY's case number")
CHANGED = Text("Ändrade frågor", "Changed questions")
FIRST = Text("första anmälan", "first filing")
FROZEN = Text("Nr {seq}: {kind}, {at}", "No. {seq}: {kind}, {at}")
CASE_FORM = Text("Registrera IMY:s diarienummer", "Record IMY's case number")
FOR_FILING = Text("För anmälan", "For filing")
CASE_SAVE = Text("Spara diarienumret", "Save the case number")
CASE_FORMAT = Text(
    "Diarienumret ser inte ut som IMY:s (t.ex. IMY-2024-1234).",
    "The case number does not look like IMY's (e.g. IMY-2024-1234).",
)
CASE_SAVED = Text("Diarienumret är sparat.", "The case number is saved.")


@dataclass(frozen=True)
class Refused:
    """A filing the rules refused, kept until it is filed or dismissed."""

    kind: FilingKind
    problems: list[Problem]
    version: int


def allowed_kinds(filings: list[Filing]) -> list[FilingKind]:
    """What may be filed next: preliminary or complete first, then supplement or complete."""
    if any(f.kind is FilingKind.WITHDRAWAL for f in filings):
        return []
    if not filings:
        return [FilingKind.PRELIMINARY, FilingKind.COMPLETE]
    return [FilingKind.SUPPLEMENT, FilingKind.COMPLETE]


# -- documents -----------------------------------------------------------------------------------


def filed_formats(filing: Filing, lang_code: str) -> list[str]:
    """The formats of a frozen filing's copy in ``lang_code``: those kept with it, and PDF when its
    HTML was kept (the service lays the PDF out from that frozen HTML)."""
    kept = {name.rsplit(".", 1)[-1] for name in filing.documents if f".{lang_code}." in name}
    return [
        fmt
        for fmt in DOCUMENTS[DOCUMENT].formats
        if fmt in kept or (fmt == "pdf" and "html" in kept)
    ]


def _downloads(opened: Opened, filing: Filing | None) -> None:
    """A row of buttons per language; each file is made and recorded only when clicked."""
    workspace = context.workspace()
    seq = filing.seq if filing else None
    missing = False
    for code in LANGUAGES:
        formats = None if filing is None else filed_formats(filing, code)
        missing = missing or (formats is not None and "docx" not in formats)
        document_row(
            workspace,
            opened.user.actor,
            ref=opened.ref,
            document=DOCUMENT,
            lang=code,
            formats=formats,
            filing_seq=seq,
            name_part="draft" if filing is None else f"{filing.seq}-{filing.kind.value}",
            key=f"br_f_dl.{opened.ref}.{seq or 'draft'}",
        )
    if missing:
        st.caption(t(NOT_KEPT))


def _preview(opened: Opened) -> None:
    ref = opened.ref
    st.subheader(t(DRAFT))
    st.caption(t(DRAFT_EXPLAIN))
    codes = list(LANGUAGES)
    chosen = st.radio(
        t(PREVIEW_LANGUAGE),
        codes,
        index=codes.index(lang()),
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
        key=f"br_f_preview_lang.{ref}",
    )
    with st.spinner(t(texts.WORKING)):
        html = context.workspace().render(ref=ref, document=DOCUMENT, lang=chosen, fmt="html")
    # A data: URL gives the frame an origin of its own: the document cannot reach the app.
    encoded = base64.b64encode(html).decode("ascii")
    st.iframe(
        f"data:text/html;charset=utf-8;base64,{encoded}",
        height=PREVIEW_HEIGHT,
        alt=t(PREVIEW),
    )
    st.markdown(f"**{t(DOWNLOAD)}**")
    st.caption(t(RECORDED_HELP))
    _downloads(opened, None)


# -- filing --------------------------------------------------------------------------------------


def _file(opened: Opened, kind: FilingKind) -> None:
    try:
        with st.spinner(t(texts.WORKING)):
            filing = context.workspace().file(actor=opened.user.actor, ref=opened.ref, kind=kind)
    except FilingRefused as error:
        state("refused")[opened.ref] = Refused(kind, error.problems, opened.incident.version)
        st.rerun()
    state("refused").pop(opened.ref, None)
    flash(
        Text(*(FILED(code).format(seq=filing.seq, kind=kind.label(code)) for code in ("sv", "en")))
    )
    st.rerun()


def _file_form(opened: Opened, filings: list[Filing]) -> None:
    st.subheader(t(FILE))
    st.caption(t(FILE_EXPLAIN))
    kinds = allowed_kinds(filings)
    if not kinds:
        st.info(t(WITHDRAWN))
        return
    refused = state("refused").get(opened.ref)
    if refused is not None:
        _refused(opened, refused)
        return
    names = {k: k.label(lang()) for k in kinds}
    # Cleared on submit: the confirmation is for this filing, never ticked in advance for the next.
    with st.form(key=f"br_f_file.{opened.ref}", clear_on_submit=True):
        kind = st.radio(
            t(KIND),
            kinds,
            format_func=names.__getitem__,
            captions=[t(KIND_HELP[k]) for k in kinds],
            key=f"br_f_kind.{opened.ref}",
        )
        sure = st.checkbox(t(CONFIRM), key=f"br_f_sure.{opened.ref}")
        go = st.form_submit_button(t(FILE_BUTTON), type="primary")
    if go:
        if sure:
            _file(opened, kind)
        else:
            st.error(t(CONFIRM_FIRST))


def _refused(opened: Opened, refused: Refused) -> None:
    """The rules' problems in the user's language, and the delay reasons asked for right here."""
    lines = []
    for problem in refused.problems:
        where = f"**{answers.label(problem.path, lang())}**: " if problem.path else ""
        lines.append(f"- {where}{problem.text(lang())}")
    st.error(t(REFUSED) + "\n\n" + "\n".join(lines), icon=":material/block:")
    late = any(p.path == "times.delay_reasons" for p in refused.problems)
    others = [p for p in refused.problems if p.path != "times.delay_reasons"]
    if others:
        st.caption(t(ANSWER_FIRST))
    if late:
        _delay_reasons(opened, refused)
    if st.button(t(CLOSE), key=f"br_f_close.{opened.ref}"):
        state("refused").pop(opened.ref, None)
        st.rerun()


def _delay_reasons(opened: Opened, refused: Refused) -> None:
    question = answers.question("times.delay_reasons")
    assert question is not None
    with st.form(key=f"br_f_delay.{opened.ref}"):
        reasons = st.text_area(
            question.label(lang()),
            value=opened.incident.facts.times.delay_reasons or "",
            key=f"br_f_delay_text.{opened.ref}",
        )
        st.caption(question.why(lang()))
        go = st.form_submit_button(t(DELAY_SAVE), type="primary")
    if not go:
        return
    if not reasons.strip():
        st.error(t(DELAY_EMPTY))
        return
    try:
        with st.spinner(t(texts.WORKING)):
            context.workspace().revise(
                actor=opened.user.actor,
                ref=opened.ref,
                changes={"times.delay_reasons": reasons},
                expected_version=refused.version,
            )
    except FactsInvalid as error:
        for problem in error.problems:
            st.error(problem.text(lang()))
        return
    except VersionConflict as error:
        theirs = answers.short(
            "times.delay_reasons", error.theirs.get("times.delay_reasons"), lang()
        )
        st.warning(t(DELAY_CONFLICT, theirs=theirs))
        return
    _file(opened, refused.kind)


# -- the filings made ----------------------------------------------------------------------------


def _filing_list(opened: Opened, filings: list[Filing]) -> None:
    st.subheader(t(LIST))
    if not filings:
        st.caption(t(NONE_YET))
        return
    st.dataframe(
        [
            {
                t(SEQ): f.seq,
                t(KIND_COLUMN): f.kind.label(lang()),
                t(FILED_AT): when(f.filed_at),
                t(BY): f.filed_by,
                t(CASE): f.case_number or "–",
                t(CHANGED): ", ".join(answers.labels(list(f.changes), lang())) or t(FIRST),
            }
            for f in filings
        ],
        hide_index=True,
        width="stretch",
    )
    for filing in reversed(filings):
        title = t(FROZEN, seq=filing.seq, kind=filing.kind.label(lang()), at=when(filing.filed_at))
        with st.expander(title):
            st.caption(t(DOWNLOAD_FILED))
            _downloads(opened, filing)
    if opened.may_decide:
        _case_number_form(opened, filings)


def _case_number_form(opened: Opened, filings: list[Filing]) -> None:
    names = {
        f.seq: t(FROZEN, seq=f.seq, kind=f.kind.label(lang()), at=when(f.filed_at)) for f in filings
    }
    numbers = list(names)
    with st.form(key=f"br_f_case.{opened.ref}"):
        st.markdown(f"**{t(CASE_FORM)}**")
        seq = st.selectbox(
            t(FOR_FILING),
            numbers,
            index=len(numbers) - 1,
            format_func=names.__getitem__,
            key=f"br_f_case_seq.{opened.ref}",
        )
        typed = st.text_input(
            t(CASE), placeholder="IMY-2024-1234", key=f"br_f_case_number.{opened.ref}"
        )
        go = st.form_submit_button(t(CASE_SAVE))
    if not go:
        return
    number = typed.strip().upper()
    if not CASE_NUMBER.fullmatch(number):
        st.error(t(CASE_FORMAT))
        return
    with st.spinner(t(texts.WORKING)):
        context.workspace().record_case_number(
            actor=opened.user.actor, ref=opened.ref, case_number=number, seq=seq
        )
    flash(CASE_SAVED)
    st.rerun()


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_FILINGS)
    if opened is None:
        return
    show_flash()
    with st.spinner(t(texts.WORKING)):
        filings = context.workspace().filings(opened.ref)
    clocks = context.workspace().clocks(opened.ref)
    art33 = next((c for c in clocks if c.key == "gdpr_art33"), None)
    if not filings and art33 is not None and art33.status is ClockStatus.MISSED:
        st.warning(t(LATE), icon=":material/history_toggle_off:")
    _preview(opened)
    if require_decider(opened):
        _file_form(opened, filings)
    _filing_list(opened, filings)
