"""A deadline as a small coloured box: red when under 12 hours or missed, never hidden; a deadline
whose chain applies only under a condition says so ("if significant") above its time."""

from __future__ import annotations

import streamlit as st

from ...documents.markdown import escape_markdown
from ...domain.clocks import ClockStatus
from .. import context
from .deadlines import Deadline


def show_deadline(deadline: Deadline, *, title: str) -> None:
    lang = context.lang()
    lines = [f"**{title}**"]
    if deadline.condition is not None:
        lines.append(f"_{escape_markdown(deadline.condition(lang))}_")
    lines.append(deadline.label(lang))
    if deadline.due is not None:
        lines.append(deadline.due_label(lang))
    if deadline.status is ClockStatus.MISSED and deadline.detail(lang):
        lines.append(deadline.detail(lang))
    body = "  \n".join(lines)
    if deadline.urgent:
        st.error(body)
    elif deadline.status is ClockStatus.RUNNING:
        st.info(body)
    elif deadline.status is ClockStatus.MET:
        st.success(body)
    else:
        st.caption(body)
