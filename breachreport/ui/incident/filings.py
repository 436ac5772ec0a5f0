"""Filings: preview the draft notification in Swedish or English, file it as preliminary, supplement
or complete, give the reasons for a delay when it is late, record IMY's case number, and download
the draft or any frozen filing as Markdown, HTML, Word or PDF in either language.

Documents are rendered by the services: for the preview on this run, for a download only when the
button is clicked, and then recorded in the incident's history.
"""

from __future__ import annotations

import base64
from datetime import datetime

import streamlit as st

from ...documents.catalogue import DOCUMENTS
from ...domain.choices import FilingKind
from ...domain.clocks import ClockStatus
from ...domain.problems import RULES
from ...domain.times import LocalTimeError, from_stockholm, to_stockholm
from ...errors import FilingRefused
from ...i18n import _
from ...services import CASE_NUMBER, Filing, FilingCheckResult
from .. import context, texts
from ..context import lang, t
from ..downloads import RECORDED_HELP, document_row
from ..table_view import grid
from . import answers
from .page import (
    Opened,
    flash,
    guarded,
    literal,
    open_incident,
    require_decider,
    show_flash,
    state,
    when,
)

DOCUMENT = "imy-notification"
LANGUAGES = {"sv": "Svenska", "en": "English"}
PREVIEW_HEIGHT = 900

DRAFT = _("Draft notification")
DRAFT_EXPLAIN = _(
    "The draft follows IMY's e-service section by section, so that you can copy it field by "
    "field. It is built from the answers as they stand now."
)
PREVIEW_LANGUAGE = _("Language of the preview")
PREVIEW = _("Preview of the notification")
DOWNLOAD = _("Download the draft")
DOWNLOAD_FILED = _("Download the frozen copy")
NOT_KEPT = _("The filing was made before Word copies were kept, so there is no Word copy of it.")
FILE = _("Record a filing")
FILE_EXPLAIN = _(
    "Record the filing once you have sent it through IMY's e-service. The frozen copy never "
    "changes afterwards."
)
KIND = _("Kind of filing")
KIND_HELP = {
    FilingKind.PRELIMINARY: _(
        "Within 72 hours, when not everything is known yet; supplemented later (Art. 33(4))."
    ),
    FilingKind.SUPPLEMENT: _(
        "Only what is new or changed since the previous filing, quoting IMY's case number."
    ),
    FilingKind.COMPLETE: _("Every question answered; nothing marked as not yet known."),
}
CONFIRM = _("I have read the draft and want to record it as filed with IMY.")
CONFIRM_FIRST = _("First confirm that you have read the draft.")
FILE_BUTTON = _("Record the filing")
FILED = _("Filing no. {seq} is recorded ({kind}).")
WITHDRAWN = _("The notification has been withdrawn; nothing more can be recorded.")
REFUSED = _("The filing cannot be recorded yet:")
ANSWER_FIRST = _("Answer the questions under Questions and try again.")
DELAY_HELP = _(
    "The reasons are kept with the filing, not as a change of the facts, so an approval stands."
)
WARNINGS = _("What to know before you record the filing:")
FILED_WITH = _("The filing was recorded with these warnings:")
FINAL = _("This supplement completes the notification")
FINAL_HELP = _(
    "Nothing more will follow: the same rules as for a complete notification apply, and the legal "
    "reviewer must have approved it."
)
FINAL_SUFFIX = _(", notification complete")
SUBMITTED_DATE = _("Submitted to IMY, date")
SUBMITTED_TIME = _("Time (Swedish time)")
SUBMITTED_HELP = _(
    "When the notification actually went in through IMY's e-service; the register and the "
    "deadlines count from it."
)
SUBMITTED_MISSING = _("Give the date and time the notification was submitted.")
LATE = _(
    "More than 72 hours have passed since awareness. The notification must give the reasons for "
    "the delay (Art. 33(1))."
)
LIST = _("Recorded filings")
NONE_YET = _("No filing has been recorded yet.")
SEQ = _("No.")
KIND_COLUMN = _("Kind")
FILED_AT = _("Submitted to IMY")
BY = _("By")
CASE = _("IMY's case number")
CHANGED = _("Changed questions")
FIRST = _("first filing")
FROZEN = _("No. {seq}: {kind}, {at}")
CASE_FORM = _("Record IMY's case number")
FOR_FILING = _("For filing")
CASE_SAVE = _("Save the case number")
CASE_FORMAT = _("The case number does not look like IMY's (e.g. IMY-2024-1234).")
CASE_SAVED = _("The case number is saved.")


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
    st.header(t(DRAFT))
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


def _submitted_default(ref: str) -> None:
    """Now, in Swedish time, set once: the DPO may move it earlier, and a rerun keeps their
    choice (a default passed to the widgets would jump with the clock)."""
    now = to_stockholm(context.workspace().clock())
    st.session_state.setdefault(f"br_f_sub_date.{ref}", now.date())
    st.session_state.setdefault(f"br_f_sub_time.{ref}", now.time().replace(second=0, microsecond=0))


def _forget_form(ref: str) -> None:
    """After a filing: the next one starts unconfirmed, at a new "now", without old reasons."""
    for name in ("br_f_sub_date", "br_f_sub_time", "br_f_delay_text"):
        st.session_state.pop(f"{name}.{ref}", None)
    # Set, not dropped: the browser keeps a dropped box's tick; a value set here reaches it.
    for name in ("br_f_sure", "br_f_final"):
        st.session_state[f"{name}.{ref}"] = False


def _submitted_at(ref: str) -> datetime | None:
    """The date and time fields as one instant; None (with the reason shown) when the wall time
    does not exist or is ambiguous in Swedish time."""
    day = st.session_state.get(f"br_f_sub_date.{ref}")
    clock = st.session_state.get(f"br_f_sub_time.{ref}")
    if day is None or clock is None:
        st.error(t(SUBMITTED_MISSING))
        return None
    try:
        return from_stockholm(datetime.combine(day, clock))
    except LocalTimeError as error:
        st.error(t(RULES[error.code]))
        return None


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _show_check(check: FilingCheckResult, *, refused: bool = False) -> None:
    """Every problem and warning of filing now, before the DPO confirms. The problems are what
    is still to do, not a mistake of theirs: an error box only when a click was refused."""
    if check.problems:
        lines = []
        for problem in check.problems:
            where = f"**{answers.label(problem.path, lang())}**: " if problem.path else ""
            lines.append(where + literal(problem.text(lang())))
        box = st.error if refused else st.info
        box(t(REFUSED) + "\n\n" + _bullets(lines), icon=":material/block:")
        if any(p.path and p.path != "times.delay_reasons" for p in check.problems):
            st.caption(t(ANSWER_FIRST))
    if check.warnings:
        lines = [literal(w(lang())) for w in check.warnings]
        st.warning(t(WARNINGS) + "\n\n" + _bullets(lines), icon=":material/warning:")


def _file_form(opened: Opened, filings: list[Filing]) -> None:
    """Plain widgets, not a form: the warnings follow the kind, the time and the reasons as the
    DPO sets them, so that what is shown before confirming is what filing will do."""
    ref = opened.ref
    st.header(t(FILE))
    st.caption(t(FILE_EXPLAIN))
    kinds = allowed_kinds(filings)
    if not kinds:
        st.info(t(WITHDRAWN))
        return
    if state("filed").pop(f"reset.{ref}", False):
        _forget_form(ref)
    names = {k: k.label(lang()) for k in kinds}
    kind = st.radio(
        t(KIND),
        kinds,
        format_func=names.__getitem__,
        captions=[t(KIND_HELP[k]) for k in kinds],
        key=f"br_f_kind.{ref}",
    )
    final = False
    if kind is FilingKind.SUPPLEMENT:
        final = st.checkbox(t(FINAL), key=f"br_f_final.{ref}", help=t(FINAL_HELP))
    _submitted_default(ref)
    day, clock = st.columns(2)
    day.date_input(
        t(SUBMITTED_DATE),
        max_value=to_stockholm(context.workspace().clock()).date(),
        format="YYYY-MM-DD",
        key=f"br_f_sub_date.{ref}",
    )
    clock.time_input(t(SUBMITTED_TIME), step=60, key=f"br_f_sub_time.{ref}")
    st.caption(t(SUBMITTED_HELP))
    submitted = _submitted_at(ref)
    if submitted is None:
        return
    reasons = st.session_state.get(f"br_f_delay_text.{ref}")
    workspace = context.workspace()
    check = workspace.filing_check(
        actor=opened.user.actor,
        ref=ref,
        kind=kind,
        submitted_at=submitted,
        final=final,
        delay_reasons=reasons,
    )
    if check.hours_late is not None:
        question = answers.question("times.delay_reasons")
        assert question is not None
        st.session_state.setdefault(
            f"br_f_delay_text.{ref}", opened.incident.facts.times.delay_reasons or ""
        )
        st.text_area(question.label(lang()), key=f"br_f_delay_text.{ref}")
        st.caption(t(DELAY_HELP))
    _show_check(check)
    sure = st.checkbox(t(CONFIRM), key=f"br_f_sure.{ref}")
    go = st.button(
        t(FILE_BUTTON), type="primary", disabled=bool(check.problems), key=f"br_f_go.{ref}"
    )
    if not go:
        return
    if not sure:
        st.error(t(CONFIRM_FIRST))
        return
    _file(opened, kind, submitted=submitted, final=final, reasons=reasons)


def _file(
    opened: Opened, kind: FilingKind, *, submitted: datetime, final: bool, reasons: str | None
) -> None:
    try:
        with st.spinner(t(texts.WORKING)):
            filing = context.workspace().file(
                actor=opened.user.actor,
                ref=opened.ref,
                kind=kind,
                submitted_at=submitted,
                final=final,
                delay_reasons=reasons if reasons and reasons.strip() else None,
            )
    except FilingRefused as error:
        # Something changed between the check and the click (another user's save).
        _show_check(FilingCheckResult(kind, submitted, tuple(error.problems), ()), refused=True)
        return
    state("filed")[f"reset.{opened.ref}"] = True
    state("filed")[opened.ref] = filing
    st.rerun()


def _show_filed(ref: str) -> None:
    """The filing just made, with every warning it went through with."""
    filing = state("filed").pop(ref, None)
    if filing is None:
        return
    kind = filing.kind.label(lang()) + (t(FINAL_SUFFIX) if filing.final else "")
    message = t(FILED, seq=filing.seq, kind=kind)
    if filing.warnings:
        lines = [literal(w(lang())) for w in filing.warnings]
        message += "\n\n" + t(FILED_WITH) + "\n\n" + _bullets(lines)
    st.success(message, icon=":material/check:")


# -- the filings made ----------------------------------------------------------------------------


def _filing_list(opened: Opened, filings: list[Filing]) -> None:
    st.header(t(LIST))
    if not filings:
        st.caption(t(NONE_YET))
        return
    grid(
        [
            {
                t(SEQ): f.seq,
                t(KIND_COLUMN): f.kind.label(lang()) + (t(FINAL_SUFFIX) if f.final else ""),
                t(FILED_AT): when(f.filed_at),
                t(BY): f.filed_by,
                t(CASE): f.case_number or "–",
                t(CHANGED): ", ".join(answers.labels(list(f.changes), lang())) or t(FIRST),
            }
            for f in filings
        ],
        what=t(LIST),
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
            placeholder=t(texts.CHOOSE),
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
    _show_filed(opened.ref)
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
