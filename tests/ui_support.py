"""Streamlit AppTest set-up the screen tests share: a session of app.py as one browser tab would
have it, what a list of elements shows, and the check that a page ran without trouble.

conftest imports this module for every test, so Streamlit and the screens load only when used.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

APP_FILE = str(Path(__file__).resolve().parents[1] / "app.py")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


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


def hours_ago(hours: float) -> datetime:
    """Swedish wall-clock time (naive, to the minute) ``hours`` real hours ago, for a time given to
    the app as Swedish time (an awareness, a submission). Counted in UTC, and moved an hour earlier while it falls in the hour the clocks
    skip or repeat, which the app refuses: "two hours ago" counted on the wall clock at 04:30 on
    the morning summer time begins is 02:30, a time that day does not have."""
    from breachreport.domain.times import LocalTimeError, from_stockholm

    at = datetime.now(UTC) - timedelta(hours=hours)
    while True:
        wall = at.astimezone(STOCKHOLM).replace(tzinfo=None, second=0, microsecond=0)
        try:
            from_stockholm(wall)
        except LocalTimeError:
            at -= timedelta(hours=1)
            continue
        return wall
