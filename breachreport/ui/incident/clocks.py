"""The clocks panel: every deadline of the incident with its legal basis, due time in Swedish time,
where it stands and the time left; red when under 12 hours are left, and a missed one as missed.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from ...domain.clocks import Clock, ClockStatus
from ...domain.times import format_duration, utc_now
from ...i18n import _
from .. import context, texts
from ..context import lang, t
from ..shell.deadline_box import show_deadline
from ..shell.deadlines import from_clock
from .page import guarded, literal, open_incident, when

AWARE = _("Aware {at}.")
AWARE_RECENTLY = _("Aware {at}, {span} ago.")
# Hours since awareness help while the deadlines run; after a week the date says enough.
RECENT = timedelta(days=7)
NO_AWARENESS = _(
    "The time of awareness is not recorded yet; the deadlines start once it is (section D)."
)
STARTS = _("Counted from {at}.")
MET_AT = _("Met {at}.")


def _show(clock: Clock) -> None:
    with st.container(border=True):
        show_deadline(from_clock(clock), title=literal(clock.label(lang())))
        if clock.met_at is not None:
            st.markdown(t(MET_AT, at=when(clock.met_at)))
        if clock.starts_at is not None and clock.status is not ClockStatus.NOT_APPLICABLE:
            st.caption(t(STARTS, at=when(clock.starts_at)))
        st.caption(literal(clock.basis(lang())))
        if clock.note is not None:
            st.caption(literal(clock.note(lang())))


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_CLOCKS)
    if opened is None:
        return
    aware = opened.incident.facts.times.aware_at
    if aware is None:
        st.info(t(NO_AWARENESS))
    elif utc_now() - aware < RECENT:
        span = format_duration(utc_now() - aware, lang())
        st.markdown(t(AWARE_RECENTLY, at=when(aware), span=span))
    else:
        st.markdown(t(AWARE, at=when(aware)))
    with st.spinner(t(texts.WORKING)):
        clocks = context.workspace().clocks(opened.ref)
    for clock in clocks:
        _show(clock)
