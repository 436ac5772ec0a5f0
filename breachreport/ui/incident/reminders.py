"""The incident's reminders, below its deadlines: which reminders and escalations went out (when, to
whom, and whether the server took them), and which are due or planned, with their send times in
Swedish time. Says when mail is not set up, so that nobody counts on a reminder that cannot come,
and which DPO accounts get none for want of a mail address.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import streamlit as st

from ...i18n import Message, _, _n, _p
from ...services.permissions import UseCase, may
from .. import context
from ..context import lang, t
from ..table_view import grid
from .page import Opened, literal, when

TITLE = _("Reminders by mail")
EXPLAIN = _(
    "Before each deadline, `breachreport remind` (run every few minutes on the server) mails a "
    "reminder as the organisation's reminder rules say, and an escalation when a deadline comes "
    "close with no report made. Each mail goes out once; the rules are on the organisation page."
)
NO_MAIL = _(
    "Mail is not set up, so no reminder goes out. The administrator sets BREACHREPORT_SMTP_HOST "
    "and BREACHREPORT_SMTP_SENDER (with BREACHREPORT_SMTP_USER and BREACHREPORT_SMTP_PASSWORD if "
    "the server wants a sign-in) and BREACHREPORT_BASE_URL for the links in the mails."
)
ADDRESSLESS = _(
    "These DPO accounts get no reminders because their username is not a mail address: {names}."
)
SENT_TITLE = _("Sent and past")
COMING_TITLE = _("Due and planned")
NONE_SENT = _("No reminder has gone out for this incident yet.")
NONE_COMING = _("No reminder is waiting: every deadline is met, passed or not yet counted.")
FAILED_NOTE = _(
    "Some mails could not be sent; they will be retried by the next run of `breachreport remind`."
)

WHEN = _("When")
SEND_AT = _p("reminders", "Send at")
MAIL = _p("reminders", "Mail")
DEADLINE = _p("reminders", "Deadline")
DUE = _p("reminders", "Due")
TO = _p("reminders", "To")
STATE = _("State")
NOT_SET = "–"

KINDS = {
    "reminder": _p("reminders", "Reminder"),
    "escalation": _p("reminders", "Escalation"),
    "review_notice": _("Notice to reviewer"),
    "invitation": _("Invitation link"),
}
STATES = {
    "sent": _p("reminders", "Sent"),
    "due": _("Due now: goes out with the next run"),
    "planned": _p("reminders", "Planned"),
    "expired": _("Not sent: the deadline passed first"),
    "skipped": _("Replaced by a later reminder"),
}


def failed(attempts: int, error: str) -> Message:
    return _n(
        "Failed after {count} attempt: {error}. It will be retried by the next run.",
        "Failed after {count} attempts: {error}. It will be retried by the next run.",
        attempts,
        count=attempts,
        error=error,
    )


WENT = ("sent", "failed", "expired", "skipped")
COMING = ("due", "planned")


def panel(opened: Opened) -> None:
    """The reminders section of the deadlines page, for those who may see it."""
    if not may(opened.user.role, UseCase.READ_REMINDERS):
        return
    reminders = context.workspace().reminders
    st.header(t(TITLE))
    st.caption(t(EXPLAIN))
    if not reminders.mail_configured():
        st.warning(t(NO_MAIL), icon=":material/mail_off:")
    missing = reminders.addressless_dpos()
    if missing:
        st.info(t(ADDRESSLESS, names=", ".join(literal(name) for name in missing)))
    lines = reminders.schedule(opened.ref, actor=opened.user.actor)
    went = sorted((line for line in lines if line.state in WENT), key=_went_at, reverse=True)
    coming = sorted((line for line in lines if line.state in COMING), key=lambda x: x.send_at)
    st.markdown(f"**{t(SENT_TITLE)}**")
    if any(line.state == "failed" for line in went):
        st.error(t(FAILED_NOTE), icon=":material/error:")
    _table(went, NONE_SENT, first=WHEN, at=_went_at)
    st.markdown(f"**{t(COMING_TITLE)}**")
    _table(coming, NONE_COMING, first=SEND_AT, at=lambda line: line.send_at)


def _went_at(line: Any) -> datetime:
    return line.sent_at or line.send_at


def _table(lines: Sequence[Any], empty: Any, *, first: Any, at: Any) -> None:
    if not lines:
        st.caption(t(empty))
        return
    rows = [
        {
            t(first): when(at(line)),
            t(STATE): state_text(line),
            t(DEADLINE): line.label(lang()) if line.label is not None else NOT_SET,
            t(TO): line.to,
            t(MAIL): t(KINDS[line.kind]) if line.kind in KINDS else line.kind,
            t(DUE): when(line.due) if line.due is not None else NOT_SET,
        }
        for line in lines
    ]
    grid(
        rows,
        what=t(TITLE),
        hide_index=True,
        width="stretch",
        # A failure's reason is what the reader needs; the deadline's due time is on the clocks.
        column_config={t(STATE): st.column_config.TextColumn(width="large")},
    )


def state_text(line: Any) -> str:
    """Where one mail stands, in words; a failure with its reason and what happens next."""
    if line.state == "failed":
        return t(failed(line.attempts, (line.error or "").rstrip(".")))
    return t(STATES[line.state]) if line.state in STATES else line.state
