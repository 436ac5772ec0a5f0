"""One input per kind of question, chosen from the facts model's own field types: text, long text,
one choice, several choices, yes/no, a time in Swedish time, a count, a number of hours, processors,
reports to other authorities, and EU/EEA countries. A time is asked in time_input, the lists of
records (processors, reports) in entries.

Each input starts from the stored answer the user saw and returns an ``Answer``: the value as a
change to the facts, and whether it differs from what was seen. Validation stays in the domain.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import streamlit as st

from ...domain.choices import EU_EEA_COUNTRIES, CountPrecision
from ...domain.facts import Facts, Question
from ...domain.fields import SHORT_TEXT_MAX, Count, Hours, LongText
from ...domain.labels import NO, NOT_ANSWERED, YES, Choice, Text
from ...domain.sections import AuthorityReport, Processor
from ...i18n import _
from .. import texts
from ..context import lang, t
from .entries import PROCESSOR_COLUMNS, REPORT_COLUMNS, ask_entries
from .options import by_language, option_names
from .time_input import ask_time

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
        value, changed = ask_time(label, seen, key=key, ask_offset=ask_offset)
    elif spec.kind is Kind.PROCESSORS:
        value, changed = ask_entries(PROCESSOR_COLUMNS, label, seen, key, offers)
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
    names = option_names(spec.choices)
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
    names = option_names(spec.choices)
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
    names = option_names(CountPrecision)
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


# -- lists of records: processors and reports to other authorities --------------------------------
# One small group of inputs per entry, with "add another" and "remove" beside them: an editable grid
# lost what was typed and showed "None" in empty cells. The buttons submit the surrounding form
# without saving it, so every input keeps what was typed; entries keep their own keys when another
# is removed.


def _reports(spec: Input, label: str, seen: list | None, key: str) -> tuple[Any, bool]:
    return ask_entries(REPORT_COLUMNS, label, seen, key)


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
