"""The GDPR Art. 33 deadline of one register row, and how a deadline reads on a screen: in hours
and minutes up to two days ahead, in days beyond, and with its condition ("if significant") when
the chain it belongs to applies only if a condition holds.

Pure: computed from the sealed summary only (awareness, filings, decision), never by opening the
facts, so that the overview stays fast with a thousand incidents. Same rule as domain.clocks.

Beside them, the signed-in person's own deadlines as a calendar file (``calendar_download``), made
only when the button is clicked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from ...domain.choices import FilingKind
from ...domain.circumstances import Outcome
from ...domain.clocks import ART33_HOURS, Clock, ClockStatus, after_hours, time_left_text
from ...domain.labels import Text
from ...domain.times import format_local, to_stockholm, to_utc
from ...i18n import Message, _
from ...services import Workspace
from ...services.accounts import Account
from ...services.permissions import UseCase, may
from .. import context
from ..context import t
from ..downloads import MADE_ON_CLICK, DownloadFailed

# Under this much time left, a running deadline is shown in red.
URGENT = timedelta(hours=12)
_FIRST_NOTICES = (FilingKind.PRELIMINARY.value, FilingKind.COMPLETE.value)

ICONS = {
    ClockStatus.RUNNING: "⏳",
    ClockStatus.MET: "✅",
    ClockStatus.MISSED: "⛔",
    ClockStatus.NOT_APPLICABLE: "—",
}
URGENT_ICON = "🔴"
DUE = _("Due {due}")


@dataclass(frozen=True)
class Deadline:
    """Where the 72-hour deadline stands at ``now``; ``time_left`` only while not met."""

    status: ClockStatus
    due: datetime | None = None
    time_left: timedelta | None = None
    met_at: datetime | None = None
    # The chain applies only if this holds ("if significant"); its deadlines are shown anyway.
    condition: Text | Message | None = None

    @property
    def urgent(self) -> bool:
        """Red on screen: running with under 12 hours left, or missed."""
        if self.status is ClockStatus.MISSED:
            return True
        return (
            self.status is ClockStatus.RUNNING
            and self.time_left is not None
            and self.time_left < URGENT
        )

    def label(self, lang: str) -> str:
        """One short line: '🔴 5 tim 10 min kvar', '⛔ Missad', '✅ Uppfylld', '— Gäller inte'."""
        if self.status is ClockStatus.RUNNING and self.time_left is not None:
            icon = URGENT_ICON if self.urgent else ICONS[self.status]
            return f"{icon} {time_left_text(self.time_left, lang)}"
        return f"{ICONS[self.status]} {self.status.label(lang)}"

    def detail(self, lang: str) -> str:
        """The time left or overdue, or an empty string when met or not applicable."""
        if self.time_left is None:
            return ""
        return time_left_text(self.time_left, lang)

    def due_label(self, lang: str) -> str:
        return DUE(lang).format(due=format_local(self.due, lang, weekday=True)) if self.due else ""


def art33_deadline(
    *,
    aware_at: datetime | None,
    filing_kinds: Sequence[str],
    filed_at: Sequence[datetime],
    decision: str | None,
    recommended: str | None,
    now: datetime,
) -> Deadline:
    """The Art. 33(1) deadline, as ``domain.clocks`` reckons it: met by the first preliminary or
    complete notification within 72 hours of awareness; missed when later, or past due and not
    filed; not applicable when the outcome (the DPO's decision, else the recommendation) is to
    document only and nothing was filed."""
    now = to_utc(now)
    first = min(
        (
            to_utc(at)
            for kind, at in zip(filing_kinds, filed_at, strict=False)
            if kind in _FIRST_NOTICES and to_utc(at) <= now
        ),
        default=None,
    )
    outcome = decision or recommended
    if first is None and outcome == Outcome.DOCUMENT_ONLY.value:
        return Deadline(ClockStatus.NOT_APPLICABLE)
    if aware_at is None:
        return Deadline(ClockStatus.NOT_APPLICABLE)
    due = after_hours(aware_at, ART33_HOURS)
    if first is not None:
        status = ClockStatus.MET if first <= due else ClockStatus.MISSED
        return Deadline(status, due, None, first)
    status = ClockStatus.RUNNING if now <= due else ClockStatus.MISSED
    return Deadline(status, due, due - now)


def from_clock(clock: Clock) -> Deadline:
    """A ``domain.clocks.Clock`` (as ``Workspace.clocks`` gives it) in the same shape, with the
    condition it runs under ("if significant")."""
    return Deadline(clock.status, clock.due, clock.time_left, clock.met_at, clock.condition)


# -- the person's deadlines as a calendar file ----------------------------------------------------

log = logging.getLogger("breachreport.ui")

CALENDAR = _("Your deadlines in your calendar")
CALENDAR_BUTTON = _("Download calendar (.ics)")
CALENDAR_EXPLAIN = _(
    "Every open deadline of the incidents you may see, as an event at its due time (Swedish "
    "time) with a link back here. Import the file into your calendar: in Outlook under File, "
    "Open & Export, Import/Export; in Google Calendar under Settings, Import & export; in Apple "
    "Calendar under File, Import."
)
CALENDAR_AGAIN = _(
    "The file does not follow later changes: download and import it again when a deadline "
    "changes, for instance when the time of awareness is corrected. The same events then move "
    "instead of being doubled; a deadline met since stays in your calendar until you delete it."
)
CALENDAR_FILE = "breachreport-deadlines.{day}.{lang}.ics"
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def calendar_maker(
    workspace: Workspace, user: Account, *, lang: str, base_url: str | None
) -> Callable[[], bytes]:
    """The person's feed, made when the button is clicked (on Streamlit's worker thread, which
    cannot read the session: it gets everything here)."""
    actor = user.actor

    def make() -> bytes:
        try:
            return workspace.calendar.feed(actor=actor, lang=lang, base_url=base_url)
        except Exception as error:
            # Says which file only: the cause's message may name an incident.
            log.error("making the deadline calendar failed with %s", type(error).__name__)
            raise DownloadFailed(
                f"the deadline calendar could not be made ({type(error).__name__})"
            ) from None

    return make


def calendar_download(user: Account) -> None:
    """The download of ``user``'s own deadline calendar, for whoever may have one (DPO,
    administrator, legal reviewer); the links in it point at the configured address of the app."""
    if not may(user.role, UseCase.READ_CALENDAR):
        return
    lang = context.lang()
    shared = context.resources()
    st.subheader(t(CALENDAR))
    st.caption(t(CALENDAR_EXPLAIN))
    day = to_stockholm(shared.workspace.clock()).date().isoformat()
    st.download_button(
        t(CALENDAR_BUTTON),
        data=calendar_maker(
            shared.workspace, user, lang=lang, base_url=shared.settings.resolved_base_url
        ),
        file_name=CALENDAR_FILE.format(day=day, lang=lang),
        mime=CALENDAR_TYPE,
        help=t(MADE_ON_CLICK),
        icon=":material/calendar_month:",
        on_click="ignore",
        key=f"br_calendar_dl.{lang}",
    )
    st.caption(t(CALENDAR_AGAIN))
