"""A real HTML table beside what a screen reader cannot read: ``st.dataframe`` draws its grid on a
canvas and a chart is a picture (WCAG 1.1.1 and 1.3.1). Shows data as text; never changes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
import streamlit as st

from ..i18n import _
from .context import t

SHOW_AS_TABLE = _("Show as a table: {what}")
SIDE_BY_SIDE = _("the two answers side by side")


def cell(value: object) -> str:
    """A value as a person reads it in a table: times to the minute, no 'nan' or 'None'."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    if isinstance(value, datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text_frame(frame: pd.DataFrame, headers: Mapping[str, str]) -> pd.DataFrame:
    """The columns of ``headers`` (name -> the header shown) as text, in that order."""
    return pd.DataFrame(
        {header: [cell(value) for value in frame[name]] for name, header in headers.items()}
    )


def table_view(frame: pd.DataFrame, *, what: str) -> None:
    """``frame`` (already text, with its headers) as an HTML table in a folded expander named
    after ``what``, the same words as the grid or chart it stands beside."""
    with st.expander(t(SHOW_AS_TABLE, what=what), icon=":material/table_view:"):
        st.table(frame, hide_index=True, alt=what)


def grid(rows: list[dict], *, what: str, **options: object) -> None:
    """``rows`` as Streamlit's grid (sorted and searched with a mouse) and, below it, the same
    rows as an HTML table; ``options`` go to ``st.dataframe``."""
    st.dataframe(rows, alt=what, **options)  # the grid's name for a screen reader
    if rows:
        table_view(pd.DataFrame([{k: cell(v) for k, v in row.items()} for row in rows]), what=what)
