"""On the organisation page: the reminder rules (when to remind before a deadline, whom, when to
escalate and to which address, quiet hours, the mails' language), each with why it matters, and
whether mail is set up at all, with a test mail to oneself.

The DPO or an administrator changes the rules; others read them. The use cases check the values and
say, in one line, what is wrong; nothing is saved then.
"""

from __future__ import annotations

from datetime import time
from typing import Any

import streamlit as st

from ...domain.reminders import deadline_names
from ...errors import BreachReportError
from ...i18n import _, _p
from ...services.accounts import Account
from ...services.permissions import UseCase, may
from .. import context, texts
from ..context import t
from ..incident.page import literal, when

TITLE = _("Reminders and escalation")
INTRO = _(
    "When a deadline comes close, the app mails a reminder, and an escalation when nothing has "
    "been reported shortly before the deadline. `breachreport remind` sends them; run it every "
    "few minutes on the server (see the README). Mails carry the incident's reference, the "
    "deadline and a link, never facts about the breach."
)
READ_ONLY = _("Only the data protection officer or an administrator can change the reminder rules.")
BEFORE = _("Remind this many hours before each deadline")
BEFORE_HELP = _(
    "Hours, separated by commas, for example 24, 6. One reminder for each: a day ahead leaves "
    "time to gather facts; a few hours ahead catches a report that slipped."
)
BEFORE_BAD = _(
    "Write the hours as numbers separated by commas, for example 24, 6. Nothing was saved."
)
OWN_HOURS = _("Hours of their own for single deadlines")
OWN_HOURS_HELP = _(
    "Leave a deadline empty to use the hours above. A deadline a month away, such as CERT-SE's "
    "final report, may need a week's notice (168, 24); write 'none' for no reminders about it."
)
TO_ACCOUNTS = _("Remind every active DPO account")
TO_ACCOUNTS_HELP = _(
    "Accounts whose username is a mail address. More than one person sees the reminder, so a "
    "holiday does not make a deadline pass unseen."
)
TO_INCIDENT_DPO = _("Remind the incident's own DPO address")
TO_INCIDENT_DPO_HELP = _(
    "The data protection officer's email given in the incident's contact details (section C), "
    "which may differ from the accounts."
)
ESCALATE = _("Escalate when a deadline comes close with no report")
ESCALATE_HELP = _(
    "An escalation goes to someone beyond the DPO, for example the head of security or a shared "
    "mailbox, so that a deadline is not missed because one person is away."
)
ESCALATION_HOURS = _("Escalate this many hours before the deadline")
ESCALATION_ADDRESS = _("Escalation address")
ESCALATION_ADDRESS_HELP = _(
    "One mail address. It is stored sealed like other personal data. Without an address no "
    "escalation is sent."
)
QUIET = _("Quiet hours")
QUIET_HELP = _(
    "Reminders that fall in the quiet hours wait until they end (Swedish time). A deadline of "
    "at most the hours below, such as IMY's 72 hours, is reminded at once even at night, and so "
    "is one that waiting would pass. Escalations never wait."
)
QUIET_FROM = _("Quiet from")
QUIET_UNTIL = _("Quiet until")
URGENT = _("Deadlines this short ignore the quiet hours (hours)")
LANGUAGE = _("Language of the mails")
LANGUAGES = {"sv": _("Swedish"), "en": _("English")}

MAIL_TITLE = _("Mail")
MAIL_SERVER = _("Mail server: {server}")
MAIL_SENDER = _("Sender: {sender}")
MAIL_LINKS = _("Links in mails point to: {base}")
MAIL_SIGN_IN = _("The server is signed in to as {user}.")
NOT_SET = _("not set ({setting})")
MAIL_OFF = _(
    "Mail is not set up: no reminder, escalation or invitation mail can be sent. Set "
    "BREACHREPORT_SMTP_HOST and BREACHREPORT_SMTP_SENDER (and BREACHREPORT_SMTP_USER with "
    "BREACHREPORT_SMTP_PASSWORD or BREACHREPORT_SMTP_PASSWORD_FILE if the server wants a sign-in), "
    "and BREACHREPORT_BASE_URL so that mails link to the app."
)
NO_LINKS = _(
    "Without BREACHREPORT_BASE_URL the mails name the app but carry no link to the incident."
)
CHANGED = _("Last changed by {who}, {at}.")
DEFAULTS = _("These are the rules a new installation starts with; nobody has changed them yet.")
TEST = _("Send a test mail to me")
TEST_SENT = _("A test mail went to {address}. If it does not arrive, check the spam folder.")


def show(user: Account) -> None:
    """The reminder rules and the mail status, as the organisation page shows them."""
    st.header(t(TITLE))
    st.caption(t(INTRO))
    may_edit = may(user.role, UseCase.MANAGE_REMINDERS)
    if not may_edit:
        st.info(t(READ_ONLY))
    rules_form(user, disabled=not may_edit)
    changed = context.workspace().reminders.rules_changed()
    if changed is None:
        st.caption(t(DEFAULTS))
    else:
        st.caption(t(CHANGED, who=literal(changed.by), at=when(changed.at)))
    mail_status(user)


# What "no reminders for this deadline" is written as (either language is understood).
NONE_WORD = _p("reminder hours", "none")
NONE_WORDS = {"none", "ingen", "inga", "0"}


def hours_text(hours: Any) -> str:
    return ", ".join(f"{h:g}" for h in hours)


def parse_hours(text: str) -> list[float] | None:
    """'24, 6' as [24.0, 6.0]; None when a part is not a number."""
    parts = [part.strip().replace(",", ".") for part in text.replace(";", ",").split(",")]
    try:
        return [float(part) for part in parts if part]
    except ValueError:
        return None


def rules_form(user: Account, *, disabled: bool) -> None:
    reminders = context.workspace().reminders
    rules = reminders.rules()
    quiet = rules.quiet_hours
    with st.form("br_reminder_rules"):
        before = st.text_input(
            t(BEFORE),
            value=hours_text(rules.before_hours),
            help=t(BEFORE_HELP),
            disabled=disabled,
            key="br_rules_before",
        )
        own: dict[str, str] = {}
        with st.expander(t(OWN_HOURS), expanded=bool(rules.by_deadline)):
            st.caption(t(OWN_HOURS_HELP))
            for key, name in deadline_names().items():
                kept = rules.by_deadline.get(key)
                own[key] = st.text_input(
                    name(context.lang()),
                    value="" if kept is None else hours_text(kept) or t(NONE_WORD),
                    placeholder=hours_text(rules.before_hours),
                    disabled=disabled,
                    key=f"br_rules_own_{key}",
                )
        to_accounts = st.checkbox(
            t(TO_ACCOUNTS),
            value=rules.to_dpo_accounts,
            help=t(TO_ACCOUNTS_HELP),
            disabled=disabled,
            key="br_rules_accounts",
        )
        to_incident = st.checkbox(
            t(TO_INCIDENT_DPO),
            value=rules.to_incident_dpo,
            help=t(TO_INCIDENT_DPO_HELP),
            disabled=disabled,
            key="br_rules_incident_dpo",
        )
        escalate = st.checkbox(
            t(ESCALATE),
            value=rules.escalation_hours is not None,
            help=t(ESCALATE_HELP),
            disabled=disabled,
            key="br_rules_escalate",
        )
        escalation_hours = st.number_input(
            t(ESCALATION_HOURS),
            min_value=0.5,
            max_value=720.0,
            step=0.5,
            value=float(rules.escalation_hours or 2),
            format="%g",
            disabled=disabled,
            key="br_rules_escalation_hours",
        )
        address = st.text_input(
            t(ESCALATION_ADDRESS),
            value=rules.escalation_address or "",
            placeholder="sakerhet@nordmark.example.se",
            help=t(ESCALATION_ADDRESS_HELP),
            disabled=disabled,
            key="br_rules_escalation_address",
        )
        quiet_on = st.checkbox(
            t(QUIET),
            value=quiet is not None,
            help=t(QUIET_HELP),
            disabled=disabled,
            key="br_rules_quiet",
        )
        left, right = st.columns(2)
        start = left.time_input(
            t(QUIET_FROM),
            value=quiet.start if quiet else time(22, 0),
            step=900,
            disabled=disabled,
            key="br_rules_quiet_from",
        )
        end = right.time_input(
            t(QUIET_UNTIL),
            value=quiet.end if quiet else time(7, 0),
            step=900,
            disabled=disabled,
            key="br_rules_quiet_until",
        )
        urgent = st.number_input(
            t(URGENT),
            min_value=0.0,
            max_value=8760.0,
            step=1.0,
            value=float(rules.urgent_hours),
            format="%g",
            disabled=disabled,
            key="br_rules_urgent",
        )
        names = {code: t(name) for code, name in LANGUAGES.items()}
        language = st.selectbox(
            t(LANGUAGE),
            list(names),
            index=list(names).index(rules.language),
            format_func=names.__getitem__,
            disabled=disabled,
            key="br_rules_language",
        )
        saved = st.form_submit_button(
            t(texts.SAVE), type="primary", disabled=disabled, key="br_rules_save"
        )
    if not saved:
        return
    hours = parse_hours(before)
    by_deadline: dict[str, list[float]] = {}
    for key, text in own.items():
        if not text.strip():
            continue
        found = [] if text.strip().lower() in NONE_WORDS else parse_hours(text)
        if found is None:
            hours = None
            break
        by_deadline[key] = found
    if hours is None:
        st.error(t(BEFORE_BAD))
        return
    changes: dict[str, Any] = {
        "before_hours": hours,
        "by_deadline": by_deadline,
        "to_dpo_accounts": to_accounts,
        "to_incident_dpo": to_incident,
        "escalation_hours": escalation_hours if escalate else None,
        "escalation_address": address.strip() or None,
        "quiet_hours": {"start": start, "end": end} if quiet_on else None,
        "urgent_hours": urgent,
        "language": language,
    }
    try:
        with st.spinner(t(texts.WORKING)):
            reminders.set_rules(actor=user.actor, rules=changes)
    except BreachReportError as error:
        context.show_error(error)
    else:
        st.success(t(texts.SAVED))


def _setting(value: str | None, setting: str) -> str:
    return value if value else t(NOT_SET, setting=setting)


def mail_status(user: Account) -> None:
    """Whether mail can go out, from the settings; never the password."""
    st.header(t(MAIL_TITLE))
    settings = context.resources().settings
    if not settings.smtp_host:
        st.warning(t(MAIL_OFF), icon=":material/mail_off:")
        return
    server = literal(f"{settings.smtp_host}:{settings.resolved_smtp_port}")
    server += f" ({settings.smtp_security})"
    lines = [
        t(MAIL_SERVER, server=server),
        t(MAIL_SENDER, sender=_setting(literal(settings.smtp_sender), "BREACHREPORT_SMTP_SENDER")),
        t(MAIL_LINKS, base=_setting(literal(settings.resolved_base_url), "BREACHREPORT_BASE_URL")),
    ]
    if settings.smtp_user:
        lines.append(t(MAIL_SIGN_IN, user=literal(settings.smtp_user)))
    st.markdown("\n".join(f"- {line}" for line in lines))
    if not settings.resolved_base_url:
        st.info(t(NO_LINKS))
    if may(user.role, UseCase.SEND_MAIL) and st.button(t(TEST), key="br_mail_test"):
        _test(user)


def _test(user: Account) -> None:
    try:
        with st.spinner(t(texts.WORKING)):
            address = context.workspace().notices.send_test(actor=user.actor, lang=context.lang())
    except BreachReportError as error:
        context.show_error(error)
    else:
        st.success(t(TEST_SENT, address=address), icon=":material/check:")
