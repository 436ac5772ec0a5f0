"""Lists of records asked as one entry per record (processors, reports to other authorities): each
entry's fields, adding one (or an invited supplier in one click) and removing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import streamlit as st
from streamlit.elements.lib.form_utils import is_in_form

from ...domain.choices import Authority, ProcessorRole
from ...domain.fields import SHORT_TEXT_MAX
from ...domain.labels import NOT_ANSWERED, Choice, Text
from ...domain.times import to_stockholm
from ...i18n import Message, _, _p
from ..context import t
from .options import by_language, option_names
from .time_input import EARLIEST


@dataclass(frozen=True)
class Column:
    name: str
    label: Text | Message
    kind: str  # "text", "choice", "hours", "time"
    choices: type[Choice] | None = None
    default: str | None = None  # a choice preselected in a new entry; not an answer on its own


PROCESSOR_COLUMNS = (
    Column("name", _("Supplier's name"), "text"),
    Column("role", _("Role"), "choice", ProcessorRole, ProcessorRole.PROCESSOR.value),
    Column("system", _("System"), "text"),
    Column("contract_hours", _("Contract deadline (hours)"), "hours"),
    Column("aware_at", _("Processor became aware"), "time"),
    Column("notified_controller_at", _("Told you"), "time"),
)


REPORT_COLUMNS = (
    Column("authority", _("Authority"), "choice", Authority),
    Column("reference", _p("case number", "Reference"), "text"),
    Column("reported_at", _("Reported"), "time"),
    Column("details", _("Comment"), "text"),
)


ADD_ANOTHER = _("Add another")


REMOVE = _("Remove")


ADD_INVITED = _("Add {name}")


INVITED_HELP = _("A supplier invited to this incident.")


ENTRY = _("Entry {number}")


_COLUMNS = {"description.processors": PROCESSOR_COLUMNS, "other.reports": REPORT_COLUMNS}


def where_in_entries(path: str) -> str | None:
    """Which entry and input a problem's path names ("description.processors.0.name" is entry 1's
    name), in the user's language; None for a path that names no entry."""
    parts = path.split(".")
    columns = _COLUMNS.get(".".join(parts[:2]))
    if columns is None or len(parts) < 3 or not parts[2].isdigit():
        return None
    where = t(ENTRY, number=int(parts[2]) + 1)
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
        names = option_names(column.choices)
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


def ask_entries(
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
            st.caption(t(ENTRY, number=number))
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
