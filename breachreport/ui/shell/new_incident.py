"""The first report: one screen, one submit, taking what a DPO knows in the first hour. The
organisation profile and the DPO's account fill the controller and contact, the incident's reference
becomes the organisation's own reference, and the 72-hour deadline is shown at once.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime, time
from typing import Any

import streamlit as st
from pydantic import TypeAdapter, ValidationError

from ...domain.changes import NOT_YET_KNOWN
from ...domain.choices import BreachKind, BreachType, DataCategory, SubjectCategory
from ...domain.facts import questions
from ...domain.fields import SHORT_TEXT_MAX, Email
from ...domain.labels import NOT_ANSWERED, Choice, Text
from ...domain.personal_data import Finding, find_personal_data
from ...domain.problems import Problem
from ...domain.status import Role
from ...domain.times import LocalTimeError, from_stockholm, to_stockholm, utc_now
from ...errors import BreachReportError, FactsInvalid
from ...i18n import _
from ...services.accounts import Account
from .. import context, texts
from ..context import t
from ..incident.page import literal
from ..incident.widgets import by_language
from . import navigate
from .deadline_box import show_deadline
from .deadlines import from_clock

TITLE = _("New incident")
LEAD = _(
    "Answer what you know now and the rest as you learn more. The 72-hour deadline runs from "
    "when you became aware; 'not yet known' is an honest answer."
)
PREFILLED = _(
    "The organisation's details and the contact come from the organisation profile and your "
    "account; the incident's number becomes your own reference."
)
NO_PROFILE = _(
    "The organisation profile is empty, so the organisation's name and number must be given among "
    "the questions. Fill in the profile under Settings › Organisation."
)
AWARE_DATE = _("Date of awareness")
AWARE_TIME = _("Time of awareness (Swedish time)")
SYSTEM = _("Which system is affected?")
SYSTEM_HELP = _("For example 'discharge planning system'. Kept with the supplier.")
SUPPLIER = _("Which supplier runs the system?")
SUPPLIER_HELP = _(
    "The supplier becomes the processor in section E. Leave empty if you run the system yourselves."
)
COUNT_HELP = _("An approximate number is enough; it can be corrected later.")
START = _("Start the incident")
STARTING = _("Starting the incident …")
FIX = _("Please correct these answers:")
NEED_WHAT = _("Say what happened (or at least give a short title).")
NEED_AWARE = _("Give the date and time when you became aware.")
NEED_SUPPLIER = _(
    "Give the supplier that runs the system, or leave the system empty and describe it under "
    "'What happened?'."
)
BOTH = _("Choose an answer or 'Not yet known', not both.")
STARTED = _("Incident {ref} has been started.")
DEADLINE = _("Notification to IMY (72 hours)")
TO_QUESTIONS = _("Answer IMY's questions")
ANOTHER = _("Start another incident")

WHICH_ONE = _("That time occurred twice that night; which one do you mean?")
_OFFSETS = {
    "+02:00": _("The first time (summer time, +02:00)"),
    "+01:00": _("The second time (winter time, +01:00)"),
}

_CREATED = "br_new_created"
_PENDING = "br_new_problems"  # problems to show after the rerun that added a choice
_ASK_OFFSET = "br_new_ask_offset"  # times that need "which of the two" (summer time ends)
_KEYS = (
    "br_new_title",
    "br_new_summary",
    "br_new_aware_date",
    "br_new_aware_time",
    "br_new_system",
    "br_new_supplier",
    "br_new_count",
    *(f"br_new_{name}_unknown" for name in ("data", "subjects", "count", "kinds")),
)
_LANGUAGE_KEYS = (
    "br_new_aware_offset",
    "br_new_type",
    "br_new_data",
    "br_new_subjects",
    "br_new_kinds",
)
_QUESTIONS = {q.path: q for q in questions("description") + questions("times") + questions("data")}
_EMAIL = TypeAdapter(Email)
_LOOKS_PERSONAL = "br_new_looks_personal"  # [Finding] in what happened, for the warning
LOOKS_PERSONAL = _(
    "'What happened?' seems to contain {kinds} ({found}). The notification becomes a public "
    "document: change the text among the questions."
)


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


def _choices(path: str, choices: type[Choice], key: str) -> tuple[list[str], bool]:
    """Several choices, with 'not yet known' one click away."""
    lang = context.lang()
    names = {member.value: member.label(lang) for member in choices}
    with st.container(border=True):
        chosen = st.multiselect(
            _label(path),
            list(names),
            format_func=names.__getitem__,
            placeholder=t(NOT_ANSWERED),
            key=by_language(key),
            help=_why(path),
        )
        unknown = st.checkbox(t(texts.NOT_YET_KNOWN), key=f"{key}_unknown")
    return [v for v in names if v in chosen], unknown


def _form(user: Account) -> None:
    lang = context.lang()
    st.caption(t(LEAD))
    profile = context.accounts().organisation()
    prefill = {**_from_account(user, profile.as_changes())}
    if profile.as_changes():
        st.caption(t(PREFILLED))
    else:
        st.info(t(NO_PROFILE))
    now = to_stockholm(utc_now()).replace(second=0, microsecond=0, tzinfo=None)
    with st.form("br_new_incident"):
        st.warning(t(texts.PUBLIC_DOCUMENT), icon=":material/public:")
        summary = st.text_area(
            _label("description.summary"), key="br_new_summary", help=_why("description.summary")
        )
        title = st.text_input(
            _label("description.title_internal"),
            key="br_new_title",
            help=_why("description.title_internal"),
            max_chars=SHORT_TEXT_MAX,
        )
        aware_date, aware_time, aware_offset = _moment(
            "times.aware_at", AWARE_DATE, AWARE_TIME, default=now, key="br_new_aware"
        )
        one, two = st.columns(2)
        system = one.text_input(
            t(SYSTEM), key="br_new_system", help=t(SYSTEM_HELP), max_chars=SHORT_TEXT_MAX
        )
        supplier = two.text_input(
            t(SUPPLIER), key="br_new_supplier", help=t(SUPPLIER_HELP), max_chars=SHORT_TEXT_MAX
        )
        data, data_unknown = _choices("data.data_categories", DataCategory, "br_new_data")
        subjects, subjects_unknown = _choices(
            "data.subject_categories", SubjectCategory, "br_new_subjects"
        )
        with st.container(border=True):
            # No min_value: the browser would refuse a negative number in English and drop it.
            count = st.number_input(
                _label("data.subjects_count"),
                value=None,
                step=1,
                placeholder=t(NOT_ANSWERED),
                key="br_new_count",
                help=t(COUNT_HELP),
            )
            count_unknown = st.checkbox(t(texts.NOT_YET_KNOWN), key="br_new_count_unknown")
        kinds, kinds_unknown = _choices("description.kinds", BreachKind, "br_new_kinds")
        breach_type = st.selectbox(
            _label("description.breach_type"),
            options=[choice.value for choice in BreachType],
            index=None,
            format_func=lambda value: BreachType(value).label(lang),
            placeholder=t(NOT_ANSWERED),
            key=by_language("br_new_type"),
            help=_why("description.breach_type"),
        )
        sent = st.form_submit_button(t(START), type="primary", icon=":material/timer:")
    pending = st.session_state.pop(_PENDING, None)
    if not sent:
        if pending:
            _show(pending)
        return
    problems: list[tuple[str | None, Text]] = []
    if not title.strip() and not summary.strip():
        problems.append(("description.summary", NEED_WHAT))
    if aware_date is None or aware_time is None:
        problems.append(("times.aware_at", NEED_AWARE))
    if system.strip() and not supplier.strip():
        problems.append(("description.processors", NEED_SUPPLIER))
    changes: dict[str, Any] = {**prefill}
    for path, chosen, unknown in (
        ("data.data_categories", data, data_unknown),
        ("data.subject_categories", subjects, subjects_unknown),
        ("description.kinds", kinds, kinds_unknown),
        ("data.subjects_count", None if count is None else int(count), count_unknown),
    ):
        if unknown and chosen not in (None, []):
            problems.append((path, BOTH))
        elif unknown:
            changes[path] = NOT_YET_KNOWN
        elif path == "data.subjects_count" and chosen is not None:
            changes[path] = {"value": chosen, "precision": "approximate"}
        elif chosen:
            changes[path] = list(chosen)
    if problems:
        _show([Problem(path or "", "form", text.sv, text.en) for path, text in problems])
        return
    changes["description.summary"] = summary
    if title.strip():
        changes["description.title_internal"] = title
    changes["times.aware_at"] = _wall_clock(aware_date, aware_time, aware_offset)
    if supplier.strip():
        processor = {"name": supplier.strip(), "role": "processor"}
        if system.strip():
            processor["system"] = system.strip()
        changes["description.processors"] = [processor]
    if breach_type is not None:
        changes["description.breach_type"] = breach_type
    try:
        with st.spinner(t(STARTING)):
            ref = _open(user, changes)
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
    for key in _LANGUAGE_KEYS:
        st.session_state.pop(by_language(key), None)
    st.session_state[_CREATED] = ref
    st.session_state[_LOOKS_PERSONAL] = _personal_data(summary, prefill)
    context.select_incident(ref)
    st.rerun()


def _personal_data(summary: str, prefill: dict[str, Any]) -> list[Finding]:
    """What in the summary looks like the affected people's personal data."""
    own = [v for p, v in prefill.items() if p.startswith("contact.") and isinstance(v, str)]
    return find_personal_data(summary, ignore=own)


def _from_account(user: Account, prefill: dict[str, Any]) -> dict[str, Any]:
    """The profile's answers, with the signed-in person as the contact where the profile names
    none: their name, and their username when it is an email address. A data protection officer
    is also the DPO of Art. 33(3)(b) when the profile names no other."""
    filled = dict(prefill)
    try:
        email = _EMAIL.validate_python(user.username)
    except ValidationError:
        email = None
    # The account's address only goes with the account's own name, never with another person's.
    if "contact.contact_name" not in filled:
        filled["contact.contact_name"] = user.display_name
        if email and not {"contact.contact_phone", "contact.contact_email"} & filled.keys():
            filled["contact.contact_email"] = email
    if user.role is Role.DPO and "contact.dpo_name" not in filled:
        filled["contact.dpo_name"] = user.display_name
        if email and not {"contact.dpo_phone", "contact.dpo_email"} & filled.keys():
            filled["contact.dpo_email"] = email
    return filled


def _open(user: Account, changes: dict[str, Any]) -> str:
    """Open the incident and record its reference as the organisation's own, in the same click:
    the reference exists only once the incident does."""
    workspace = context.workspace()
    incident = workspace.open_incident(actor=user.actor, changes=changes)
    # Should this fail, the incident stands and the reference can still be given among the
    # questions; refusing the whole start would tempt a second, duplicate incident.
    with suppress(BreachReportError):
        workspace.revise(
            actor=user.actor,
            ref=incident.reference,
            changes={"controller.own_reference": incident.reference},
            expected_version=incident.version,
        )
    return incident.reference


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
    found: list[Finding] = st.session_state.get(_LOOKS_PERSONAL) or []
    if found:
        kinds = ", ".join(dict.fromkeys(f.kind.label(context.lang()) for f in found))
        masked = literal(", ".join(dict.fromkeys(f.masked for f in found[:3])))
        st.warning(t(LOOKS_PERSONAL, kinds=kinds, found=masked), icon=":material/visibility:")
    one, two, _rest = st.columns([1, 1, 2])
    if one.button(t(TO_QUESTIONS), type="primary", key="br_new_to_questions"):
        st.session_state.pop(_CREATED, None)
        navigate.open_incident(ref)
    if two.button(t(ANOTHER), key="br_new_another"):
        st.session_state.pop(_CREATED, None)
        st.session_state.pop(_LOOKS_PERSONAL, None)
        st.rerun()
