"""A time asked in Swedish time: a date and a time of day, and which of the two when the clocks go back
and one hour occurs twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import streamlit as st

from ...domain.times import LocalTimeError, from_stockholm, to_stockholm
from ...i18n import _
from ..context import t
from .options import by_language

EARLIEST = datetime(2000, 1, 1)
AUTO = "auto"
OFFSETS = {
    AUTO: _("Swedish time"),
    "+02:00": _("+02:00: summer time, the first time the clock shows this"),
    "+01:00": _("+01:00: winter time, the second time the clock shows this"),
}
_OFFSET_LABEL = _("That time occurs twice that night: which one?")


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


def ask_time(label: str, seen: str | None, *, key: str, ask_offset: bool) -> tuple[Any, bool]:
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
