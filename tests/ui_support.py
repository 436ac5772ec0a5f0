"""Streamlit AppTest set-up the screen tests share: a session of app.py as one browser tab would
have it, what a list of elements shows, and the check that a page ran without trouble.

conftest imports this module for every test, so Streamlit and the screens load only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

APP_FILE = str(Path(__file__).resolve().parents[1] / "app.py")


def app_session(
    *, account_id: str | None = None, lang: str | None = None, incident: str | None = None
) -> AppTest:
    """A new session of app.py (not run yet): signed in as ``account_id``, in ``lang``, with
    ``incident`` chosen; whatever is None is left unset, as in a fresh tab."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(APP_FILE, default_timeout=30)
    if account_id is not None:
        app.session_state["br_account_id"] = account_id
    if lang is not None:
        app.session_state["br_lang"] = lang
    if incident is not None:
        app.session_state["br_incident"] = incident
    return app


def shown(elements) -> list[str]:
    """The values of AppTest elements as text (titles, errors, captions...)."""
    return [str(element.value) for element in elements]


def no_trouble(app: AppTest) -> None:
    """The page ran: no exception, and the app's guard showed no unexpected error."""
    from breachreport.ui import texts

    assert not app.exception, [e.value for e in app.exception]
    assert texts.UNEXPECTED.sv not in shown(app.error)
    assert texts.UNEXPECTED.en not in shown(app.error)
