"""Moving between pages by their url_path (the router registers the pages; this only names them).

A switch to a page that is not registered this run lands on the default page, the overview.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from .. import context

OVERVIEW = "overview"
NEW = "new"
ORGANISATION = "organisation"
QUESTIONS = "questions"  # registered by breachreport.ui.incident


def _elsewhere() -> None:  # pragma: no cover - never run: it only names the target page
    """Stands for a page that the router registers."""


def go_to(url_path: str) -> NoReturn:
    """Switch to the page at ``url_path``, keeping the selected incident in the address."""
    ref = context.selected_incident()
    st.switch_page(
        st.Page(_elsewhere, title=url_path, url_path=url_path),
        query_params={"incident": ref} if ref else None,
    )


def open_incident(ref: str, url_path: str = QUESTIONS) -> NoReturn:
    """Select ``ref`` and go to one of its pages (its questions unless told)."""
    context.select_incident(ref)
    go_to(url_path)
