"""The clocks panel: every deadline of the incident with its legal basis, due time in Swedish time,
where it stands and the time left, grouped by the recipient whose chain of reports it belongs to
(IMY, CERT-SE, ...). A chain that applies only if the incident is significant says so with its
deadlines, never hidden; red when under 12 hours are left, and a missed one as missed. Below them,
the reminders mailed and planned for the incident (``reminders.panel``).
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from ...domain.clocks import Clock, ClockStatus
from ...domain.times import format_duration
from ...i18n import _
from .. import context, texts
from ..context import lang, t
from ..shell.chains import Chain, chains
from ..shell.deadline_box import show_deadline
from .page import guarded, literal, open_incident, when
from .reminders import panel as reminders_panel

AWARE = _("Aware {at}.")
AWARE_RECENTLY = _("Aware {at}, {span} ago.")
# Hours since awareness help while the deadlines run; after a week the date says enough.
RECENT = timedelta(days=7)
NO_AWARENESS = _(
    "The time of awareness is not recorded yet; the deadlines start once it is (section D)."
)
STARTS = _("Counted from {at}.")
MET_AT = _("Met {at}.")
CONDITIONAL = _(
    "Applies only {condition}, which is not known yet. The deadlines are shown all the same so "
    "that none is missed; answer the question under Questions."
)
NOT_APPLYING = _("Does not apply to this incident.")


def _show(chain: Chain, clock: Clock) -> None:
    with st.container(border=True):
        show_deadline(chain.deadline(clock), title=literal(clock.label(lang())))
        if clock.met_at is not None:
            st.markdown(t(MET_AT, at=when(clock.met_at)))
        if clock.starts_at is not None and clock.status is not ClockStatus.NOT_APPLICABLE:
            st.caption(t(STARTS, at=when(clock.starts_at)))
        st.caption(literal(clock.basis(lang())))
        if clock.note is not None:
            st.caption(literal(clock.note(lang())))


def _chain(chain: Chain) -> None:
    st.header(literal(chain.title(lang())))
    regime = chain.regime(lang())
    if regime:
        st.caption(literal(regime))
    if chain.condition is not None:
        st.info(t(CONDITIONAL, condition=chain.condition_in(lang())), icon=":material/help:")
    if not chain.applies and chain.recipient != "other":
        st.caption(t(NOT_APPLYING))
    for clock in chain.clocks:
        _show(chain, clock)


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_CLOCKS)
    if opened is None:
        return
    aware = opened.incident.facts.times.aware_at
    now = context.workspace().clock()
    if aware is None:
        st.info(t(NO_AWARENESS))
    elif now - aware < RECENT:
        span = format_duration(now - aware, lang())
        st.markdown(t(AWARE_RECENTLY, at=when(aware), span=span))
    else:
        st.markdown(t(AWARE, at=when(aware)))
    with st.spinner(t(texts.WORKING)):
        clocks = context.workspace().clocks(opened.ref)
    for chain in chains(clocks):
        _chain(chain)
    st.divider()
    reminders_panel(opened)
