"""The DPO's work with supplier contacts: invite one to some sections by a link shown once, see and
revoke the invitations, and accept or reject their proposals question by question.

The link's token lives only in this session, until the DPO hides it or leaves the page; it is never
logged. The services decide who may do what; this page only hides what they would refuse.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import streamlit as st

from ...domain.times import from_stockholm, to_stockholm, utc_now
from ...errors import BreachReportError
from ...i18n import Message, _
from ...services.invitations import MAX_DAYS, Invitation, invitable_sections
from ...services.permissions import UseCase, may
from .. import context, texts
from ..context import lang, t
from ..table_view import grid
from . import answers
from .page import Opened, flash, guarded, literal, open_incident, show_flash, state, when
from .supplier_proposals import show_pending, show_reviewed

FALLBACK_URL = "http://localhost:8501"
DEFAULT_DAYS = 14
# What a supplier usually knows first-hand: when it happened, what happened, whose data, and what
# they did about it.
DEFAULT_SECTIONS = ("times", "description", "data", "measures")

_LINKS = "supplier_links"  # ref -> {"link": str, "shown": bool}
_REVOKING = "revoking"  # ref -> the id of the invitation the DPO asked to revoke, to confirm

INVITE = _("Invite a supplier contact")
INVITE_EXPLAIN = _(
    "The contact gets a link to read the chosen sections and propose changes. Nothing changes "
    "until you have accepted the proposal here."
)
CONTACT_NAME = _("The contact's name")
CONTACT_EMAIL = _("Email (optional)")
SECTIONS = _("Sections the contact may read and propose changes to")
EXPIRES = _("The link works until the end of")
EXPIRES_HELP = _(
    "Until the end of the day, Swedish time; at most {days} days ahead. You can revoke the link "
    "at any time."
)
CREATE = _("Create the invitation")
NAME_FIRST = _("Enter the contact's name.")
SECTIONS_FIRST = _("Choose at least one section.")
LINK_MADE = _("The invitation to {who} is made. Here is the link:")
LINK_ONCE = _(
    "The link is shown only now and cannot be shown again. Copy it and send it to the contact "
    "through a trusted channel, for example an encrypted message or read out on the phone: "
    "whoever holds the link can reach the sections. If you lose it, revoke the invitation and "
    "make a new one."
)
LINK_DONE = _("I have sent the link, hide it")
MAIL_LINK = _("Send the link by email")
MAIL_LINK_HELP = _(
    "Mails the link to {address}, the address given in the invitation, with the incident's "
    "reference and the last day the link works; nothing about the breach. Mail is seldom "
    "encrypted on its way: whoever reads it can use the link."
)
LINK_MAILED = _("The link was mailed to {address}. It stays here until you hide it.")

INVITATIONS = _("Invitations")
NO_INVITATIONS = _("No supplier contact has been invited yet.")
CONTACT = _("Contact")
SECTIONS_COLUMN = _("Sections")
CREATED = _("Created")
BY = _("By")
EXPIRES_COLUMN = _("Expires")
OPENED = _("Opened")
STATE = _("State")
STATES = {
    "active": _("Active"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
}
REVOKED_BY = _("{state} by {who}, {at}")
NOT_YET = "–"
REVOKE = _("Revoke the invitation to {who}")
REVOKED = _(
    "The invitation is revoked; the link no longer works. Proposals already sent remain below "
    "for review."
)
REVOKE_CONFIRM = _(
    "Revoke the invitation to {who}? The link stops working at once, also for a contact who "
    "has the page open: what they typed but did not send is lost. Proposals already sent remain "
    "and can be reviewed. {pending}"
)
PENDING_FROM = _("{count} proposals from the contact wait for review.")
REVOKE_YES = _("Yes, revoke")
EXPIRY_PAST = _(
    "The last day {day} has already passed; choose today or a later day. No invitation was made."
)
EXPIRY_FAR = _(
    "An invitation may last at most {days} days, until {last}; choose an earlier day. No "
    "invitation was made."
)


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_SUPPLIERS)
    if opened is None:
        return
    show_flash()
    role = opened.user.role
    if may(role, UseCase.INVITE_SUPPLIER):
        _link(opened)
        _invite_form(opened)
        _invitations(opened)
    if may(role, UseCase.REVIEW_PROPOSAL):
        show_pending(opened)
        show_reviewed(opened)


# -- inviting ------------------------------------------------------------------------------------


def section_label(name: str) -> str:
    return answers.section_label(name, lang())


def base_url(configured: str | None, browser_url: str | None, path_prefix: str = "") -> str:
    """Where the app is reached, for a link: the configured public address, else the scheme and
    host the DPO's browser used (with the app's own path prefix), else the local default."""
    if configured and configured.strip():
        return configured.strip().rstrip("/")
    if browser_url:
        parts = urlsplit(browser_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            prefix = path_prefix.strip("/")
            return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")
    return FALLBACK_URL


def invitation_link(base: str, token: str) -> str:
    return f"{base}/?invite={token}"


def expiry(day: date, now: datetime) -> datetime:
    """The end of ``day`` in Swedish time, as UTC; never beyond what the service allows from now."""
    end = from_stockholm(datetime.combine(day, time(23, 59, 59)))
    return min(end, now + timedelta(days=MAX_DAYS))


def last_day(now: datetime) -> date:
    """The last day, in Swedish time, an invitation made at ``now`` may run to in full."""
    return to_stockholm(now).date() + timedelta(days=MAX_DAYS - 1)


def expiry_problem(day: date | None, now: datetime) -> Message | None:
    """Why ``day`` cannot end an invitation made at ``now`` (None if it can): a day already past,
    or beyond the longest an invitation may last. Nothing is adjusted behind the DPO's back."""
    if not isinstance(day, date):
        return _("Choose the link's last day.")
    if day < to_stockholm(now).date():
        shown = day.isoformat()
        return EXPIRY_PAST.format(day=shown)
    if day > last_day(now):
        last = last_day(now).isoformat()
        return EXPIRY_FAR.format(days=MAX_DAYS, last=last)
    return None


def _base() -> str:
    return base_url(
        context.resources().settings.resolved_base_url,
        st.context.url,  # None without a browser behind this run (a test)
        str(st.get_option("server.baseUrlPath") or ""),
    )


def _link(opened: Opened) -> None:
    """The new invitation's link, until the DPO hides it or leaves the page.

    Leaving is told by the hide button's own state: Streamlit drops a widget's state after a run
    that did not draw it, so after a visit to another page the button's key is gone.
    """
    links = state(_LINKS)
    made = links.get(opened.ref)
    if made is None:
        return
    done_key = f"br_sup_link_done.{opened.ref}"
    if made["shown"] and done_key not in st.session_state:
        links.pop(opened.ref, None)
        return
    made["shown"] = True
    with st.container(border=True):
        st.success(t(LINK_MADE, who=literal(made["who"])), icon=":material/link:")
        st.code(made["link"], language=None, wrap_lines=True)
        st.warning(t(LINK_ONCE), icon=":material/warning:")
        _mail_link(opened, made)
        if st.button(t(LINK_DONE), key=done_key):
            links.pop(opened.ref, None)
            st.rerun()


def _mail_link(opened: Opened, made: dict) -> None:
    """Mail the link to the contact's address sealed in the invitation (the service reads it
    there); the link stays shown, for copying by hand if the mail fails."""
    address = made.get("email")
    if not address or not may(opened.user.role, UseCase.SEND_MAIL):
        return
    if made.get("mailed"):
        st.info(t(LINK_MAILED, address=literal(address)), icon=":material/mail:")
        return
    key = f"br_sup_link_mail.{opened.ref}"
    help_text = t(MAIL_LINK_HELP, address=literal(address))
    slot = st.empty()  # the button goes once the mail is sent, so nobody sends it twice
    if not slot.button(t(MAIL_LINK), key=key, icon=":material/mail:", help=help_text):
        return
    try:
        with st.spinner(t(texts.WORKING)):
            context.workspace().notices.mail_invitation(
                actor=opened.user.actor,
                ref=opened.ref,
                invitation_id=made["invitation_id"],
                link=made["link"],
                lang=lang(),
            )
    except BreachReportError as error:
        context.show_error(error)
        return
    made["mailed"] = True
    slot.empty()
    st.info(t(LINK_MAILED, address=literal(address)), icon=":material/mail:")


def _invite_form(opened: Opened) -> None:
    st.header(t(INVITE))
    st.caption(t(INVITE_EXPLAIN))
    now = utc_now()
    today = to_stockholm(now).date()
    choices = invitable_sections()
    labels = {name: section_label(name) for name in choices}
    with st.form(f"br_sup_invite.{opened.ref}", clear_on_submit=True):
        name = st.text_input(t(CONTACT_NAME), key=f"br_sup_name.{opened.ref}")
        email = st.text_input(
            t(CONTACT_EMAIL), placeholder="namn@leverantor.se", key=f"br_sup_email.{opened.ref}"
        )
        sections = st.multiselect(
            t(SECTIONS),
            choices,
            default=[s for s in DEFAULT_SECTIONS if s in choices],
            format_func=labels.__getitem__,
            placeholder=t(texts.CHOOSE),
            key=f"br_sup_sections.{opened.ref}",
        )
        day = st.date_input(
            t(EXPIRES),
            value=today + timedelta(days=DEFAULT_DAYS),
            # No min_value or max_value: the widget's own error is English and keeps another
            # date; the day is checked below, in the user's language, before anything is made.
            min_value=today - timedelta(days=3650),
            max_value=today + timedelta(days=3650),
            format="YYYY-MM-DD",
            help=t(EXPIRES_HELP, days=MAX_DAYS),
            key=f"br_sup_expires.{opened.ref}",
        )
        go = st.form_submit_button(t(CREATE), type="primary")
    if not go:
        return
    if not name.strip():
        st.error(t(NAME_FIRST))
        return
    if not sections:
        st.error(t(SECTIONS_FIRST))
        return
    now = utc_now()
    problem = expiry_problem(day, now)
    if problem is not None:
        st.error(t(problem))
        return
    try:
        invitation, token = context.workspace().invitations.invite(
            actor=opened.user.actor,
            ref=opened.ref,
            contact_name=name,
            contact_email=email.strip() or None,
            sections=sections,
            expires_at=expiry(day, now),
        )
    except BreachReportError as error:
        context.show_error(error)
        return
    state(_LINKS)[opened.ref] = {
        "link": invitation_link(_base(), token),
        "who": invitation.contact_name,
        "invitation_id": invitation.id,
        "email": invitation.contact_email,
        "shown": False,
    }
    st.rerun()


def _state_text(invitation: Invitation, now: datetime) -> str:
    name = invitation.state(now)
    label = t(STATES[name])
    if name == "revoked" and invitation.revoked_at is not None:
        return t(REVOKED_BY, state=label, who=invitation.revoked_by, at=when(invitation.revoked_at))
    return label


def invitation_row(invitation: Invitation, now: datetime) -> dict[str, str]:
    contact = invitation.contact_name
    if invitation.contact_email:
        contact += f" <{invitation.contact_email}>"
    return {
        t(CONTACT): contact,
        t(STATE): _state_text(invitation, now),
        t(EXPIRES_COLUMN): when(invitation.expires_at),
        t(OPENED): when(invitation.opened_at) if invitation.opened_at else NOT_YET,
        t(SECTIONS_COLUMN): ", ".join(section_label(s) for s in invitation.sections),
        t(CREATED): when(invitation.created_at),
        t(BY): invitation.created_by,
    }


def _invitations(opened: Opened) -> None:
    st.header(t(INVITATIONS))
    invitations = context.workspace().invitations
    found = invitations.for_incident(ref=opened.ref, actor=opened.user.actor)
    if not found:
        st.caption(t(NO_INVITATIONS))
        return
    now = utc_now()
    grid(
        [invitation_row(i, now) for i in reversed(found)],
        what=t(INVITATIONS),
        hide_index=True,
        width="stretch",
    )
    asked = state(_REVOKING)
    for invitation in found:
        if invitation.state(now) != "active":
            continue
        if asked.get(opened.ref) == invitation.id:
            _confirm_revoke(opened, invitation)
            continue
        label = t(REVOKE, who=literal(invitation.contact_name))
        if st.button(label, key=f"br_sup_revoke.{invitation.id}", icon=":material/link_off:"):
            asked[opened.ref] = invitation.id
            st.rerun()


def _confirm_revoke(opened: Opened, invitation: Invitation) -> None:
    """Revoking ends the contact's work at once, so it is asked for twice; the proposals they
    already sent stay, for review."""
    asked = state(_REVOKING)
    actor = opened.user.actor
    pending = [
        p
        for p in context.workspace().proposals.pending(ref=opened.ref, actor=actor)
        if p.invitation_id == invitation.id
    ]
    count = t(PENDING_FROM, count=len(pending)) if pending else ""
    with st.container(border=True):
        st.warning(
            t(REVOKE_CONFIRM, who=literal(invitation.contact_name), pending=count),
            icon=":material/link_off:",
        )
        with st.container(horizontal=True):
            yes = st.button(t(REVOKE_YES), type="primary", key=f"br_sup_revoke_yes.{invitation.id}")
            no = st.button(t(texts.CANCEL), key=f"br_sup_revoke_no.{invitation.id}")
    if no:
        asked.pop(opened.ref, None)
        st.rerun()
    if yes:
        asked.pop(opened.ref, None)
        context.workspace().invitations.revoke(actor=actor, invitation_id=invitation.id)
        flash(REVOKED)
        st.rerun()


# -- proposals -----------------------------------------------------------------------------------
