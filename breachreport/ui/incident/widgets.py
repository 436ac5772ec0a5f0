"""One input per kind of question, chosen from the facts model's own field types: text, long text,
one choice, several choices, yes/no, a time in Swedish time, a count, a number of hours, processors,
reports to other authorities, and EU/EEA countries.

Each input starts from the stored answer the user saw and returns an ``Answer``: the value as a
change to the facts, and whether it differs from what was seen. Validation stays in the domain.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import streamlit as st
from streamlit.elements.lib.form_utils import is_in_form

from ...domain.choices import EU_EEA_COUNTRIES, Authority, CountPrecision, ProcessorRole
from ...domain.facts import Facts, Question
from ...domain.fields import SHORT_TEXT_MAX, Count, Hours, LongText
from ...domain.labels import NO, NOT_ANSWERED, YES, Choice, Text
from ...domain.sections import AuthorityReport, Processor
from ...domain.times import LocalTimeError, from_stockholm, to_stockholm
from ...i18n import _, _p
from .. import texts
from ..context import lang, t

EARLIEST = datetime(2000, 1, 1)
AUTO = "auto"
OFFSETS = {
    AUTO: _("Swedish time"),
    "+02:00": _("+02:00: summer time, the first time the clock shows this"),
    "+01:00": _("+01:00: winter time, the second time the clock shows this"),
}
_OFFSET_LABEL = _("That time occurs twice that night: which one?")
_PRECISION = _("Exact or approximate")


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    CHOICES = "choices"
    BOOL = "bool"
    INSTANT = "instant"
    COUNT = "count"
    HOURS = "hours"
    PROCESSORS = "processors"
    REPORTS = "reports"
    COUNTRIES = "countries"


FREE_TEXT = frozenset({Kind.TEXT, Kind.LONG_TEXT})


@dataclass(frozen=True)
class Input:
    """How one question is asked."""

    question: Question
    kind: Kind
    choices: type[Choice] | None = None


@dataclass(frozen=True)
class Answer:
    """What the user answered: ``value`` as a change to the facts (None when empty)."""

    value: Any
    changed: bool
    unknown: bool


def _bare(annotation: Any) -> Any:
    """``X`` from ``X | None``, ``Optional[Annotated[X, ...]]`` and the like."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kept = [a for a in get_args(annotation) if a is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation


def _is_choice(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, Choice)


@cache
def input_for(question: Question) -> Input:
    """The input for ``question``, from its field's type in the facts model."""
    field = Facts.section_class(question.section).model_fields[question.name]
    if field.metadata == list(LongText.__metadata__):
        return Input(question, Kind.LONG_TEXT)
    if field.metadata == list(Hours.__metadata__):
        return Input(question, Kind.HOURS)
    kind = _bare(field.annotation)
    if kind is datetime:
        return Input(question, Kind.INSTANT)
    if kind is bool:
        return Input(question, Kind.BOOL)
    if kind is Count:
        return Input(question, Kind.COUNT)
    if _is_choice(kind):
        return Input(question, Kind.CHOICE, kind)
    if get_origin(kind) is list:
        item = _bare(get_args(kind)[0])
        if item is Processor:
            return Input(question, Kind.PROCESSORS)
        if item is AuthorityReport:
            return Input(question, Kind.REPORTS)
        if item is str:
            return Input(question, Kind.COUNTRIES)
        if _is_choice(item):
            return Input(question, Kind.CHOICES, item)
    if kind is str:
        return Input(question, Kind.TEXT)
    raise TypeError(f"No input for the question {question.path} ({field.annotation!r}).")


def ask(
    spec: Input,
    seen: Any,
    *,
    seen_unknown: bool,
    key: str,
    ask_offset: bool = False,
    offers: tuple[str, ...] = (),
) -> Answer:
    """Show the question with its answer as seen, the reason IMY asks it and, where allowed, the
    'not yet known' box; return what is in the input now. ``offers`` are names a processor entry
    can be added with in one click (the suppliers invited to the incident)."""
    question = spec.question
    label = question.label(lang())
    if spec.kind is Kind.INSTANT:
        value, changed = _instant(label, seen, key=key, ask_offset=ask_offset)
    elif spec.kind is Kind.PROCESSORS:
        value, changed = _entries(_PROCESSOR_COLUMNS, label, seen, key, offers)
    else:
        value, changed = _INPUTS[spec.kind](spec, label, seen, key)
    if question.why(lang()):
        st.caption(question.why(lang()))
    unknown = seen_unknown
    if question.unknown_allowed:
        unknown = st.checkbox(t(texts.NOT_YET_KNOWN), value=seen_unknown, key=f"{key}.unknown")
    return Answer(value=value, changed=changed, unknown=unknown)


def free_text(
    spec: Input, label: str, seen: str | None, *, key: str, help: str | None = None
) -> Answer:
    """A free-text input with a label of the caller's choosing (e.g. the English text of another
    question); never 'not yet known'."""
    if spec.kind is Kind.LONG_TEXT:
        typed = st.text_area(label, value=seen or "", key=key, height=100, help=help)
    else:
        typed = st.text_input(label, value=seen or "", key=key, max_chars=SHORT_TEXT_MAX, help=help)
    value = typed.strip() or None
    return Answer(value=value, changed=value != seen, unknown=False)


def by_language(key: str) -> str:
    """The key of a widget whose options are shown in the user's language. Streamlit keeps a
    choice by its label, so after a language switch the old label would match no option and the
    answer would silently empty; a key per language starts afresh from the answer as seen."""
    return f"{key}.{lang()}"


def _names(choices: type[Choice]) -> dict[str, str]:
    """Each option's label in the user's language, fixed now: Streamlit may format options after
    the run, when the session's language is out of reach."""
    return {member.value: member.label(lang()) for member in choices}


# -- one function per kind: (spec, label, seen, key) -> (value as a change, changed?) ------------


def _text(spec: Input, label: str, seen: str | None, key: str) -> tuple[Any, bool]:
    typed = st.text_input(label, value=seen or "", key=key, max_chars=SHORT_TEXT_MAX)
    value = typed.strip() or None
    return value, value != seen


def _long_text(spec: Input, label: str, seen: str | None, key: str) -> tuple[Any, bool]:
    typed = st.text_area(label, value=seen or "", key=key, height=140)
    value = typed.strip() or None
    return value, value != seen


def _choice(spec: Input, label: str, seen: str | None, key: str) -> tuple[Any, bool]:
    assert spec.choices is not None
    names = _names(spec.choices)
    options = list(names)
    value = st.selectbox(
        label,
        options,
        index=options.index(seen) if seen in options else None,
        format_func=names.__getitem__,
        placeholder=t(NOT_ANSWERED),
        key=by_language(key),
    )
    return value, value != seen


def _choices(spec: Input, label: str, seen: list[str] | None, key: str) -> tuple[Any, bool]:
    assert spec.choices is not None
    names = _names(spec.choices)
    options = list(names)
    chosen = st.multiselect(
        label,
        options,
        default=[v for v in seen or [] if v in options],
        format_func=names.__getitem__,
        placeholder=t(NOT_ANSWERED),
        key=by_language(key),
    )
    value = [v for v in options if v in chosen] or None  # in the form's order, as stored
    return value, set(value or []) != set(seen or [])


def _countries(spec: Input, label: str, seen: list[str] | None, key: str) -> tuple[Any, bool]:
    names = {code: Text(*names)(lang()) for code, names in EU_EEA_COUNTRIES.items()}
    options = sorted(names, key=names.__getitem__)
    chosen = st.multiselect(
        label,
        options,
        default=[code for code in seen or [] if code in names],
        format_func=names.__getitem__,
        placeholder=t(NOT_ANSWERED),
        key=by_language(key),
    )
    value = sorted(chosen) or None
    return value, set(value or []) != set(seen or [])


def _bool(spec: Input, label: str, seen: bool | None, key: str) -> tuple[Any, bool]:
    value = st.segmented_control(
        label,
        [True, False],
        default=seen,
        format_func={True: t(YES), False: t(NO)}.__getitem__,
        key=by_language(key),
    )
    return value, value != seen


def _count(spec: Input, label: str, seen: dict | None, key: str) -> tuple[Any, bool]:
    number_column, precision_column = st.columns([2, 3])
    with number_column:
        # No min_value: the browser would refuse a negative number with its own English tooltip
        # and the form would save without it; the facts refuse it at the question instead.
        number = st.number_input(
            label,
            value=seen["value"] if seen else None,
            step=1,
            placeholder=t(NOT_ANSWERED),
            key=key,
        )
    names = _names(CountPrecision)
    options = [CountPrecision.APPROXIMATE.value, CountPrecision.EXACT.value]
    with precision_column:
        precision = st.radio(
            t(_PRECISION),
            options,
            index=options.index(seen["precision"]) if seen else 0,
            format_func=names.__getitem__,
            horizontal=True,
            key=by_language(f"{key}.precision"),
        )
    value = None if number is None else {"value": int(number), "precision": precision}
    return value, value != seen


def _hours(spec: Input, label: str, seen: float | None, key: str) -> tuple[Any, bool]:
    """A number of hours, whole or not (1.5); stored whole when it is whole, as the facts do."""
    # No min_value, as for a count: the facts refuse a negative number at the question, in the
    # user's language, instead of the browser's own English tooltip.
    number = st.number_input(
        label,
        value=float(seen) if seen is not None else None,
        step=1.0,
        format="%g",
        placeholder=t(NOT_ANSWERED),
        key=key,
    )
    if number is None:
        return None, seen is not None
    value = int(number) if float(number).is_integer() else float(number)
    return value, value != seen


# -- times ---------------------------------------------------------------------------------------


def _local(seen: str | None) -> tuple[datetime | None, str]:
    """A stored UTC time as Swedish wall-clock time, and the offset to name if it is ambiguous."""
    if not seen:
        return None, AUTO
    local = to_stockholm(datetime.fromisoformat(seen))
    naive = local.replace(tzinfo=None)
    if is_ambiguous(naive):
        offset = local.utcoffset() or timedelta(0)
        hours = int(offset.total_seconds() // 3600)
        return naive, f"+{hours:02d}:00"
    return naive, AUTO


def is_ambiguous(naive: datetime) -> bool:
    """Whether a Swedish wall-clock time occurs twice (the night summer time ends)."""
    try:
        from_stockholm(naive)
    except LocalTimeError as error:
        return error.code == "time_ambiguous"
    return False


def _instant(label: str, seen: str | None, *, key: str, ask_offset: bool) -> tuple[Any, bool]:
    seen_local, seen_offset = _local(seen)
    picked = st.datetime_input(
        label,
        value=seen_local,
        min_value=EARLIEST,
        max_value=datetime(date.today().year + 2, 12, 31, 23, 59),
        step=timedelta(minutes=1),
        format="YYYY-MM-DD",
        key=key,
    )
    offset = seen_offset
    if ask_offset or seen_offset != AUTO:
        names = {value: t(text) for value, text in OFFSETS.items()}
        options = list(names)
        offset = st.radio(
            t(_OFFSET_LABEL),
            options,
            index=options.index(seen_offset),
            format_func=names.__getitem__,
            key=by_language(f"{key}.offset"),
        )
    if picked is None:
        return None, seen is not None
    moment = picked.replace(second=0, microsecond=0)
    if offset != AUTO:
        hours = int(offset[1:3])
        moment = moment.replace(tzinfo=timezone(timedelta(hours=hours)))
    changed = picked != seen_local or offset != seen_offset
    return moment.isoformat(timespec="minutes"), changed


# -- lists of records: processors and reports to other authorities --------------------------------
# One small group of inputs per entry, with "add another" and "remove" beside them: an editable grid
# lost what was typed and showed "None" in empty cells. The buttons submit the surrounding form
# without saving it, so every input keeps what was typed; entries keep their own keys when another
# is removed.


@dataclass(frozen=True)
class Column:
    name: str
    label: Text
    kind: str  # "text", "choice", "hours", "time"
    choices: type[Choice] | None = None
    default: str | None = None  # a choice preselected in a new entry; not an answer on its own


_PROCESSOR_COLUMNS = (
    Column("name", _("Supplier's name"), "text"),
    Column("role", _("Role"), "choice", ProcessorRole, ProcessorRole.PROCESSOR.value),
    Column("system", _("System"), "text"),
    Column("contract_hours", _("Contract deadline (hours)"), "hours"),
    Column("aware_at", _("Processor became aware"), "time"),
    Column("notified_controller_at", _("Told you"), "time"),
)
_REPORT_COLUMNS = (
    Column("authority", _("Authority"), "choice", Authority),
    Column("reference", _p("case number", "Reference"), "text"),
    Column("reported_at", _("Reported"), "time"),
    Column("details", _("Comment"), "text"),
)
ADD_ANOTHER = _("Add another")
REMOVE = _("Remove")
ADD_INVITED = _("Add {name}")
INVITED_HELP = _("A supplier invited to this incident.")
_ENTRY = _("Entry {number}")


_COLUMNS = {"description.processors": _PROCESSOR_COLUMNS, "other.reports": _REPORT_COLUMNS}


def where_in_entries(path: str) -> str | None:
    """Which entry and input a problem's path names ("description.processors.0.name" is entry 1's
    name), in the user's language; None for a path that names no entry."""
    parts = path.split(".")
    columns = _COLUMNS.get(".".join(parts[:2]))
    if columns is None or len(parts) < 3 or not parts[2].isdigit():
        return None
    where = t(_ENTRY, number=int(parts[2]) + 1)
    named = [c for c in columns if len(parts) > 3 and c.name == parts[3]]
    return f"{where}, {t(named[0].label).lower()}" if named else where


def _cell(column: Column, value: Any) -> Any:
    """One value as the form compares and saves it: text stripped, hours whole, times as Swedish
    wall-clock ISO text; None when empty."""
    if value is None:
        return None
    if column.kind == "time":
        if isinstance(value, str):  # stored UTC
            value = to_stockholm(datetime.fromisoformat(value)).replace(tzinfo=None)
        return value.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    if column.kind == "hours":
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _row(columns: tuple[Column, ...], record: dict[str, Any]) -> dict[str, Any] | None:
    """An entry without its empty values; None when nothing but preselected defaults is given."""
    row = {c.name: _cell(c, record.get(c.name)) for c in columns}
    if all(row[c.name] in (None, c.default) for c in columns):
        return None
    return {name: value for name, value in row.items() if value is not None}


def _rows(columns: tuple[Column, ...], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in (_row(columns, r) for r in records) if row is not None]


def _button(label: str, *, key: str, on_click: Any, kwargs: dict[str, Any], **more: Any) -> None:
    """A button that changes the entries: inside a form it submits the form (keeping what was
    typed) without saving, since only the form's own save button saves."""
    if is_in_form(st.container()):
        st.form_submit_button(label, key=key, on_click=on_click, kwargs=kwargs, **more)
    else:
        st.button(label, key=key, on_click=on_click, kwargs=kwargs, **more)


# Set when "add another" or "remove" submitted the form: the form keeps what it showed.
ENTRIES_CHANGED = "br_entries_changed"


def _add(*, key: str, start: dict[str, Any] | None = None) -> None:
    st.session_state[ENTRIES_CHANGED] = True
    ids = st.session_state[f"{key}.ids"]
    entry = st.session_state[f"{key}.next"]
    st.session_state[f"{key}.next"] = entry + 1
    st.session_state[f"{key}.ids"] = [*ids, entry]
    if start:
        st.session_state.setdefault(f"{key}.starts", {})[entry] = start


def _remove(*, key: str, entry: int) -> None:
    st.session_state[ENTRIES_CHANGED] = True
    st.session_state[f"{key}.ids"] = [i for i in st.session_state[f"{key}.ids"] if i != entry]


def _field(column: Column, start: Any, key: str) -> Any:
    label = t(column.label)
    if column.kind == "choice":
        assert column.choices is not None
        names = _names(column.choices)
        options = list(names)
        chosen = start if start is not None else column.default
        return st.selectbox(
            label,
            options,
            index=options.index(chosen) if chosen in options else None,
            format_func=names.__getitem__,
            placeholder=t(NOT_ANSWERED),
            key=by_language(key),
        )
    if column.kind == "hours":
        return st.number_input(label, value=start, step=1, placeholder=t(NOT_ANSWERED), key=key)
    if column.kind == "time":
        local = to_stockholm(datetime.fromisoformat(start)).replace(tzinfo=None) if start else None
        return st.datetime_input(
            label,
            value=local,
            min_value=EARLIEST,
            max_value=datetime(date.today().year + 2, 12, 31, 23, 59),
            step=timedelta(minutes=1),
            format="YYYY-MM-DD",
            key=key,
        )
    return st.text_input(label, value=start or "", key=key, max_chars=SHORT_TEXT_MAX)


def _entries(
    columns: tuple[Column, ...],
    label: str,
    seen: list | None,
    key: str,
    offers: tuple[str, ...] = (),
) -> tuple[Any, bool]:
    stored = [dict(record) for record in seen or []]
    before = _rows(columns, stored)
    if f"{key}.ids" not in st.session_state:
        # One empty group when there is none yet: typing in it is all it takes to add one.
        count = max(len(stored), 1)
        st.session_state[f"{key}.ids"] = list(range(count))
        st.session_state[f"{key}.next"] = count
    starts = st.session_state.get(f"{key}.starts", {})
    st.markdown(f"**{label}**")
    typed = []
    for number, entry in enumerate(st.session_state[f"{key}.ids"], start=1):
        start = stored[entry] if entry < len(stored) else starts.get(entry, {})
        with st.container(border=True):
            st.caption(t(_ENTRY, number=number))
            one, two = st.columns(2)
            record = {}
            for index, column in enumerate(columns):
                with one if index % 2 == 0 else two:
                    record[column.name] = _field(
                        column, start.get(column.name), f"{key}.{entry}.{column.name}"
                    )
            _button(
                t(REMOVE),
                key=f"{key}.{entry}.remove",
                on_click=_remove,
                kwargs={"key": key, "entry": entry},
                icon=":material/delete:",
            )
        typed.append(record)
    after = _rows(columns, typed)
    _button(
        t(ADD_ANOTHER), key=f"{key}.add", on_click=_add, kwargs={"key": key}, icon=":material/add:"
    )
    named = {str(row.get("name", "")).casefold() for row in after}
    for name in offers:
        if name.casefold() not in named:
            _button(
                t(ADD_INVITED, name=name),
                key=f"{key}.offer.{name}",
                on_click=_add,
                kwargs={"key": key, "start": {"name": name}},
                help=t(INVITED_HELP),
                icon=":material/person_add:",
            )
    return after or None, after != before


def _reports(spec: Input, label: str, seen: list | None, key: str) -> tuple[Any, bool]:
    return _entries(_REPORT_COLUMNS, label, seen, key)


_INPUTS = {
    Kind.TEXT: _text,
    Kind.LONG_TEXT: _long_text,
    Kind.CHOICE: _choice,
    Kind.CHOICES: _choices,
    Kind.COUNTRIES: _countries,
    Kind.BOOL: _bool,
    Kind.COUNT: _count,
    Kind.HOURS: _hours,
    Kind.REPORTS: _reports,
}
