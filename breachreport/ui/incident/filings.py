"""Filings: choose the recipient (IMY, CERT-SE, the police, IVO: those that apply first) and the
kind of report, preview the draft in Swedish or English in that recipient's own document, file it
(for IMY as preliminary, supplement or complete), give the reasons for a delay when it is late,
and record each recipient's case number; the frozen filings are listed per recipient
(``filing_list``), and every other draft made from the same facts can be downloaded
(``more_drafts``).

Documents are rendered by the services: for the preview on this run, for a download only when the
button is clicked, and then recorded in the incident's history.
"""

from __future__ import annotations

import base64
from datetime import datetime

import streamlit as st

from ...domain.choices import FilingKind
from ...domain.clocks import ClockStatus
from ...domain.problems import RULES
from ...domain.recipients import IMY, Recipient, ReportType
from ...domain.times import LocalTimeError, from_stockholm, to_stockholm
from ...errors import BreachReportError, FilingRefused
from ...i18n import _
from ...services import Filing, FilingCheckResult
from .. import context, texts
from ..context import lang, t
from ..downloads import RECORDED_HELP
from . import answers, more_drafts
from .filing_list import (  # noqa: F401 - the page's texts, as the tests name them
    CASE,
    CASE_FORMAT,
    CASE_SAVE,
    FINAL_SUFFIX,
    LANGUAGES,
    downloads,
    filing_list,
    kind_label,
)
from .filing_recipients import (
    IMY_DOCUMENT,
    by_reference,
    choose_kind,
    choose_recipient,
    recipient_of,
)
from .page import Opened, guarded, literal, open_incident, require_decider, show_flash, state

DOCUMENT = IMY_DOCUMENT
PREVIEW_HEIGHT = 900

DRAFT = _("Draft notification")
DRAFT_EXPLAIN = _(
    "The draft follows IMY's e-service section by section, so that you can copy it field by "
    "field. It is built from the answers as they stand now."
)
PREVIEW_LANGUAGE = _("Language of the preview")
PREVIEW = _("Preview of the notification")
DOWNLOAD = _("Download the draft")
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


DRAFT_OF = _("Draft: {kind} to {recipient}")
DRAFT_OF_EXPLAIN = _(
    "Built from the answers as they stand now; it shows only the questions {recipient} asks. "
    "{confidentiality}"
)
NO_DRAFT = _("The draft cannot be shown: {reason}")
FILE_EXPLAIN_OF = _(
    "Record the report once you have sent it to {recipient} ({channel}). The frozen copy never "
    "changes afterwards."
)
CONFIRM_OF = _("I have read the draft and want to record it as sent to {recipient}.")
CONFIRM_MADE = _("I have made the report to {recipient} and want to record it here.")
SUBMITTED_DATE_OF = _("Submitted to {recipient}, date")
SUBMITTED_HELP_OF = _("When the report actually went in; its deadlines count from it.")
NUMBER_OPTIONAL = _("If you already have it; it can be recorded later too.")
NUMBER_FORMAT = _("Give {name}, e.g. {example}, or leave it empty.")
DELAY = _("Reasons for the delay")


def allowed_kinds(filings: list[Filing]) -> list[FilingKind]:
    """What may be filed next to IMY: preliminary or complete first, then supplement or complete
    (the filings to other recipients do not count here)."""
    filings = [f for f in filings if recipient_of(f) == IMY]
    if any(f.kind is FilingKind.WITHDRAWAL for f in filings):
        return []
    if not filings:
        return [FilingKind.PRELIMINARY, FilingKind.COMPLETE]
    return [FilingKind.SUPPLEMENT, FilingKind.COMPLETE]


def _key(name: str, ref: str, to: Recipient) -> str:
    """A widget's key: IMY's as they always were, another recipient's with its own suffix."""
    return f"{name}.{ref}" if to.key == IMY else f"{name}.{ref}.{to.key}"


def _preview(opened: Opened, to: Recipient, kind: ReportType | None) -> None:
    ref = opened.ref
    document = DOCUMENT if kind is None else kind.document
    assert document is not None
    if to.key == IMY:
        st.header(t(DRAFT))
        st.caption(t(DRAFT_EXPLAIN))
    else:
        st.header(t(DRAFT_OF, kind=kind.label(lang()), recipient=to.short(lang())))
        st.caption(
            t(
                DRAFT_OF_EXPLAIN,
                recipient=to.short(lang()),
                confidentiality=to.confidentiality(lang()),
            )
        )
    codes = list(LANGUAGES)
    chosen = st.radio(
        t(PREVIEW_LANGUAGE),
        codes,
        index=codes.index(lang()),
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
        key=f"br_f_preview_lang.{ref}",
    )
    try:
        with st.spinner(t(texts.WORKING)):
            html = context.workspace().render(ref=ref, document=document, lang=chosen, fmt="html")
    except BreachReportError as error:
        st.warning(t(NO_DRAFT, reason=context.said(error, lang())), icon=":material/warning:")
        return
    # A data: URL gives the frame an origin of its own: the document cannot reach the app.
    encoded = base64.b64encode(html).decode("ascii")
    st.iframe(
        f"data:text/html;charset=utf-8;base64,{encoded}",
        height=PREVIEW_HEIGHT,
        alt=t(PREVIEW),
    )
    st.markdown(f"**{t(DOWNLOAD)}**")
    st.caption(t(RECORDED_HELP))
    downloads(opened, None, document)


# -- filing --------------------------------------------------------------------------------------


def _submitted_default(ref: str, to: Recipient) -> None:
    """Now, in Swedish time, set once: the DPO may move it earlier, and a rerun keeps their
    choice (a default passed to the widgets would jump with the clock)."""
    now = to_stockholm(context.workspace().clock())
    st.session_state.setdefault(_key("br_f_sub_date", ref, to), now.date())
    st.session_state.setdefault(
        _key("br_f_sub_time", ref, to), now.time().replace(second=0, microsecond=0)
    )


def _forget_form(ref: str, to: Recipient) -> None:
    """After a filing: the next one starts unconfirmed, at a new "now", without old reasons."""
    for name in ("br_f_sub_date", "br_f_sub_time", "br_f_delay_text", "br_f_number"):
        st.session_state.pop(_key(name, ref, to), None)
    # Set, not dropped: the browser keeps a dropped box's tick; a value set here reaches it.
    for name in ("br_f_sure", "br_f_final"):
        st.session_state[_key(name, ref, to)] = False


def _submitted_at(ref: str, to: Recipient) -> datetime | None:
    """The date and time fields as one instant; None (with the reason shown) when the wall time
    does not exist or is ambiguous in Swedish time."""
    day = st.session_state.get(_key("br_f_sub_date", ref, to))
    clock = st.session_state.get(_key("br_f_sub_time", ref, to))
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


def _imy_kind(ref: str, filings: list[Filing]) -> tuple[FilingKind, bool] | None:
    """IMY's kind of filing (and whether a supplement completes the notification); None, with
    the reason shown, when nothing more can be filed."""
    kinds = allowed_kinds(filings)
    if not kinds:
        st.info(t(WITHDRAWN))
        return None
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
    return kind, final


def _number(ref: str, to: Recipient) -> tuple[str | None, bool]:
    """Another recipient's case number, typed at filing when the DPO has it: (number, ok)."""
    typed = st.text_input(
        to.case_number_name(lang()),
        placeholder=to.case_number_example,
        help=t(NUMBER_OPTIONAL),
        key=_key("br_f_number", ref, to),
    ).strip()
    if typed and not to.case_number_ok(typed):
        name = to.case_number_name(lang())
        st.error(t(NUMBER_FORMAT, name=name, example=to.case_number_example))
        return None, False
    return typed or None, True


def _file_form(
    opened: Opened, filings: list[Filing], to: Recipient, report: ReportType | None = None
) -> None:
    """Plain widgets, not a form: the warnings follow the kind, the time and the reasons as the
    DPO sets them, so that what is shown before confirming is what filing will do."""
    ref = opened.ref
    imy = to.key == IMY
    short = to.short(lang())
    st.header(t(FILE))
    st.caption(
        t(FILE_EXPLAIN) if imy else t(FILE_EXPLAIN_OF, recipient=short, channel=to.channel(lang()))
    )
    if state("filed").pop(f"reset.{ref}.{to.key}", False):
        _forget_form(ref, to)
    final = False
    kind: FilingKind | ReportType | None = report
    if imy:
        chosen = _imy_kind(ref, filings)
        if chosen is None:
            return
        kind, final = chosen
    assert kind is not None
    _submitted_default(ref, to)
    day, clock = st.columns(2)
    day.date_input(
        t(SUBMITTED_DATE) if imy else t(SUBMITTED_DATE_OF, recipient=short),
        max_value=to_stockholm(context.workspace().clock()).date(),
        format="YYYY-MM-DD",
        key=_key("br_f_sub_date", ref, to),
    )
    clock.time_input(t(SUBMITTED_TIME), step=60, key=_key("br_f_sub_time", ref, to))
    st.caption(t(SUBMITTED_HELP) if imy else t(SUBMITTED_HELP_OF))
    submitted = _submitted_at(ref, to)
    number, number_ok = (None, True) if imy else _number(ref, to)
    if submitted is None or not number_ok:
        return
    reasons = st.session_state.get(_key("br_f_delay_text", ref, to))
    check = context.workspace().filing_check(
        actor=opened.user.actor,
        ref=ref,
        kind=kind,
        submitted_at=submitted,
        final=final,
        case_number=number,
        delay_reasons=reasons,
        recipient=to.key,
    )
    if check.hours_late is not None:
        _delay_reasons(opened, to)
    _show_check(check)
    if imy:
        confirm = CONFIRM
    else:
        confirm = CONFIRM_MADE if report is not None and report.document is None else CONFIRM_OF
    sure = st.checkbox(t(confirm, recipient=short), key=_key("br_f_sure", ref, to))
    go = st.button(
        t(FILE_BUTTON),
        type="primary",
        disabled=bool(check.problems),
        key=_key("br_f_go", ref, to),
    )
    if not go:
        return
    if not sure:
        st.error(t(CONFIRM_FIRST))
        return
    _file(opened, to, kind, submitted=submitted, final=final, reasons=reasons, number=number)


def _delay_reasons(opened: Opened, to: Recipient) -> None:
    key = _key("br_f_delay_text", opened.ref, to)
    if to.key == IMY:
        question = answers.question("times.delay_reasons")
        assert question is not None
        label = question.label(lang())
        st.session_state.setdefault(key, opened.incident.facts.times.delay_reasons or "")
    else:
        label = t(DELAY)
    st.text_area(label, key=key)
    st.caption(t(DELAY_HELP))


def _file(
    opened: Opened,
    to: Recipient,
    kind: FilingKind | ReportType,
    *,
    submitted: datetime,
    final: bool,
    reasons: str | None,
    number: str | None,
) -> None:
    try:
        with st.spinner(t(texts.WORKING)):
            filing = context.workspace().file(
                actor=opened.user.actor,
                ref=opened.ref,
                kind=kind,
                submitted_at=submitted,
                final=final,
                case_number=number,
                delay_reasons=reasons if reasons and reasons.strip() else None,
                recipient=to.key,
            )
    except FilingRefused as error:
        # Something changed between the check and the click (another user's save).
        refused = FilingCheckResult(kind, submitted, tuple(error.problems), (), recipient=to.key)
        _show_check(refused, refused=True)
        return
    state("filed")[f"reset.{opened.ref}.{to.key}"] = True
    if to.key != IMY:  # the next report of the chain comes first on the next run
        st.session_state.pop(f"br_f_kind.{opened.ref}.{to.key}", None)
    state("filed")[opened.ref] = filing
    st.rerun()


def _show_filed(ref: str) -> None:
    """The filing just made, with every warning it went through with."""
    filing = state("filed").pop(ref, None)
    if filing is None:
        return
    message = t(FILED, seq=filing.seq, kind=kind_label(filing))
    if filing.warnings:
        lines = [literal(w(lang())) for w in filing.warnings]
        message += "\n\n" + t(FILED_WITH) + "\n\n" + _bullets(lines)
    st.success(message, icon=":material/check:")


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
    imy_filed = any(recipient_of(f) == IMY for f in filings)
    if not imy_filed and art33 is not None and art33.status is ClockStatus.MISSED:
        st.warning(t(LATE), icon=":material/history_toggle_off:")
    to = choose_recipient(opened.ref, opened.incident.facts)
    report = None if to.key == IMY else choose_kind(opened.ref, to, filings)
    if report is not None and report.document is None:
        by_reference(to, report)
    else:
        _preview(opened, to, report)
    if require_decider(opened):
        _file_form(opened, filings, to, report)
    filing_list(opened, filings)
    more_drafts.section(opened)
