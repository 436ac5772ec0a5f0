"""Start an incident in under a minute: what happened and when you became aware. The organisation
profile fills the controller and contact; the 72-hour deadline starts at once and is shown at once.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import streamlit as st

from ...accounts import Account
from ...domain.choices import BreachKind, BreachType
from ...domain.facts import questions
from ...domain.labels import Text
from ...domain.problems import Problem
from ...domain.times import LocalTimeError, from_stockholm, to_stockholm, utc_now
from ...errors import BreachReportError, FactsInvalid
from .. import context, texts
from ..context import t
from ..incident.widgets import by_language
from . import navigate
from .deadline_box import show_deadline
from .deadlines import from_clock

TITLE = Text("Ny incident", "New incident")
LEAD = Text(
    "Det räcker med vad som hänt och när ni fick kännedom: då börjar fristen på 72 timmar att "
    "räknas. Resten besvarar ni efter hand, och ”ännu inte känt” är ett ärligt svar.",
    "What happened and when you became aware is enough: the 72-hour deadline starts from there. "
    "Answer the rest as you learn more; 'not yet known' is an honest answer.",
)
PREFILLED = Text(
    "Organisationens uppgifter och kontaktuppgifter fylls i från organisationsprofilen.",
    "The organisation's details and contact come from the organisation profile.",
)
NO_PROFILE = Text(
    "Organisationsprofilen är tom, så avsnitten om organisationen och kontaktuppgifter får "
    "fyllas i för hand. Fyll i profilen under Inställningar › Organisation.",
    "The organisation profile is empty, so the sections on the organisation and the contact must "
    "be filled in by hand. Fill in the profile under Settings › Organisation.",
)
AWARE_DATE = Text("Datum för kännedom", "Date of awareness")
AWARE_TIME = Text("Klockslag för kännedom (svensk tid)", "Time of awareness (Swedish time)")
DISCOVERED_DATE = Text("Datum för upptäckt (om tidigare)", "Date of discovery (if earlier)")
DISCOVERED_TIME = Text("Klockslag för upptäckt", "Time of discovery")
OPTIONAL = Text("Om ni vet redan nu", "If you know already")
NOT_GIVEN = Text("Inte angivet ännu", "Not given yet")
START = Text("Starta incidenten", "Start the incident")
STARTING = Text("Startar incidenten …", "Starting the incident …")
FIX = Text("Rätta uppgifterna nedan:", "Please correct these answers:")
NEED_WHAT = Text(
    "Skriv en kort rubrik eller vad som har hänt.",
    "Give a short title or say what happened.",
)
NEED_AWARE = Text(
    "Ange datum och klockslag för när ni fick kännedom.",
    "Give the date and time when you became aware.",
)
NEED_BOTH = Text(
    "Ange både datum och klockslag för upptäckten, eller inget av dem.",
    "Give both the date and the time of discovery, or neither.",
)
STARTED = Text("Incident {ref} är startad.", "Incident {ref} has been started.")
DEADLINE = Text("Anmälan till IMY (72 timmar)", "Notification to IMY (72 hours)")
TO_QUESTIONS = Text("Besvara IMY:s frågor", "Answer IMY's questions")
ANOTHER = Text("Starta en till incident", "Start another incident")

WHICH_ONE = Text(
    "Klockslaget inträffade två gånger den natten; vilket menar ni?",
    "That time occurred twice that night; which one do you mean?",
)
_OFFSETS = {
    "+02:00": Text("Första gången (sommartid, +02:00)", "The first time (summer time, +02:00)"),
    "+01:00": Text("Andra gången (vintertid, +01:00)", "The second time (winter time, +01:00)"),
}

_CREATED = "br_new_created"
_PENDING = "br_new_problems"  # problems to show after the rerun that added a choice
_ASK_OFFSET = "br_new_ask_offset"  # times that need "which of the two" (summer time ends)
_KEYS = (
    "br_new_title",
    "br_new_summary",
    "br_new_aware_date",
    "br_new_aware_time",
    "br_new_aware_offset",
    "br_new_discovered_date",
    "br_new_discovered_time",
    "br_new_discovered_offset",
    "br_new_type",
    "br_new_kinds",
)
_QUESTIONS = {q.path: q for q in questions("description") + questions("times")}


def new_incident() -> None:
    user = context.require_user()
    st.title(t(TITLE))
    created = st.session_state.get(_CREATED)
    if created and created == context.selected_incident():
        _started(created)
        return
    st.session_state.pop(_CREATED, None)
    _form(user)


def _label(path: str) -> str:
    return t(_QUESTIONS[path].label)


def _why(path: str) -> str:
    return t(_QUESTIONS[path].why)


def _form(user: Account) -> None:
    lang = context.lang()
    st.caption(t(LEAD))
    profile = context.accounts().organisation()
    prefill = profile.as_changes()
    if prefill:
        st.caption(t(PREFILLED))
    else:
        st.info(t(NO_PROFILE))
    now = to_stockholm(utc_now()).replace(second=0, microsecond=0, tzinfo=None)
    with st.form("br_new_incident"):
        title = st.text_input(
            _label("description.title_internal"),
            key="br_new_title",
            help=_why("description.title_internal"),
        )
        st.warning(t(texts.PUBLIC_DOCUMENT), icon=":material/public:")
        summary = st.text_area(
            _label("description.summary"), key="br_new_summary", help=_why("description.summary")
        )
        aware_date, aware_time, aware_offset = _moment(
            "times.aware_at", AWARE_DATE, AWARE_TIME, default=now, key="br_new_aware"
        )
        st.markdown(f"**{t(OPTIONAL)}**")
        discovered_date, discovered_time, discovered_offset = _moment(
            "times.discovered_at",
            DISCOVERED_DATE,
            DISCOVERED_TIME,
            default=None,
            key="br_new_discovered",
        )
        breach_type = st.selectbox(
            _label("description.breach_type"),
            options=[choice.value for choice in BreachType],
            index=None,
            format_func=lambda value: BreachType(value).label(lang),
            placeholder=t(NOT_GIVEN),
            key=by_language("br_new_type"),
            help=_why("description.breach_type"),
        )
        kinds = st.multiselect(
            _label("description.kinds"),
            options=[choice.value for choice in BreachKind],
            format_func=lambda value: BreachKind(value).label(lang),
            placeholder=t(NOT_GIVEN),
            key=by_language("br_new_kinds"),
            help=_why("description.kinds"),
        )
        sent = st.form_submit_button(t(START), type="primary", icon=":material/timer:")
    pending = st.session_state.pop(_PENDING, None)
    if not sent:
        if pending:
            _show(pending)
        return
    problems: list[tuple[str | None, Text]] = []
    if not title.strip() and not summary.strip():
        problems.append(("description.title_internal", NEED_WHAT))
    if aware_date is None or aware_time is None:
        problems.append(("times.aware_at", NEED_AWARE))
    if (discovered_date is None) != (discovered_time is None):
        problems.append(("times.discovered_at", NEED_BOTH))
    if problems:
        _show([Problem(path or "", "form", text.sv, text.en) for path, text in problems])
        return
    changes: dict[str, Any] = {
        **prefill,
        "description.title_internal": title,
        "description.summary": summary,
        "times.aware_at": _wall_clock(aware_date, aware_time, aware_offset),
    }
    if discovered_date is not None and discovered_time is not None:
        changes["times.discovered_at"] = _wall_clock(
            discovered_date, discovered_time, discovered_offset
        )
    if breach_type is not None:
        changes["description.breach_type"] = breach_type
    if kinds:
        changes["description.kinds"] = list(kinds)
    try:
        with st.spinner(t(STARTING)):
            incident = context.workspace().open_incident(actor=user.actor, changes=changes)
    except FactsInvalid as error:
        asked = set(st.session_state.get(_ASK_OFFSET, ()))
        repeated = {p.path for p in error.problems if p.code == "time_ambiguous"} - asked
        if repeated:
            # Ask which of the two moments was meant: the form grows a choice, so rerun once.
            st.session_state[_ASK_OFFSET] = sorted(asked | repeated)
            st.session_state[_PENDING] = error.problems
            st.rerun()
        _show(error.problems)
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    for key in (*_KEYS, _ASK_OFFSET):
        st.session_state.pop(key, None)
    st.session_state[_CREATED] = incident.reference
    context.select_incident(incident.reference)
    st.rerun()


def _moment(
    path: str, date_label: Text, time_label: Text, *, default: datetime | None, key: str
) -> tuple[date | None, time | None, str | None]:
    """A date and a time of day in Swedish time; plus, once a time turned out to occur twice
    (the night summer time ends), which of the two was meant."""
    one, two = st.columns(2)
    day = one.date_input(
        t(date_label),
        value=default.date() if default else None,
        format="YYYY-MM-DD",
        key=f"{key}_date",
        help=_why(path),
    )
    moment = two.time_input(
        t(time_label), value=default.time() if default else None, step=60, key=f"{key}_time"
    )
    offset = None
    lang = context.lang()
    if path in st.session_state.get(_ASK_OFFSET, ()):
        offset = st.radio(
            t(WHICH_ONE),
            options=list(_OFFSETS),
            format_func=lambda value: _OFFSETS[value](lang),
            index=None,
            horizontal=True,
            key=by_language(f"{key}_offset"),
        )
    return day, moment, offset


def _wall_clock(day: date, moment: time, offset: str | None = None) -> str:
    """A naive ISO time: the facts read it as Swedish wall-clock time and refuse a time that a
    change to or from summer time skips or repeats. ``offset`` settles a repeated time only."""
    naive = datetime.combine(day, moment.replace(second=0, microsecond=0))
    if offset and _repeated(naive):
        return naive.isoformat() + offset
    return naive.isoformat()


def _repeated(naive: datetime) -> bool:
    try:
        from_stockholm(naive)
    except LocalTimeError as error:
        return error.code == "time_ambiguous"
    return False


def _show(problems: list[Problem]) -> None:
    lang = context.lang()
    lines = []
    for problem in problems:
        question = _QUESTIONS.get(problem.path)
        where = f"**{question.label(lang)}**: " if question else ""
        lines.append(f"- {where}{problem.text(lang)}")
    st.error(t(FIX) + "\n\n" + "\n".join(lines))


def _started(ref: str) -> None:
    st.success(t(STARTED, ref=ref), icon=":material/check_circle:")
    try:
        clocks = context.workspace().clocks(ref)
    except BreachReportError as error:
        context.show_error(error)
        return
    art33 = next((c for c in clocks if c.key == "gdpr_art33"), None)
    if art33 is not None:
        show_deadline(from_clock(art33), title=t(DEADLINE))
    one, two, _rest = st.columns([1, 1, 2])
    if one.button(t(TO_QUESTIONS), type="primary", key="br_new_to_questions"):
        st.session_state.pop(_CREATED, None)
        navigate.open_incident(ref)
    if two.button(t(ANOTHER), key="br_new_another"):
        st.session_state.pop(_CREATED, None)
        st.rerun()
