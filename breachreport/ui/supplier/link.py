"""Opening an invitation link: the token is redeemed once, taken out of the address bar, and
replaced by a supplier contact's session. A link that cannot be used, for whatever reason, gets
one neutral message and nothing else.

This module keeps the link's state in the browser session and the two pages shown after a link
ended; it knows nothing of the contact's own page (navigation puts the pages together), so the
page and its form can end the session here without a circle of imports.
"""

from __future__ import annotations

import streamlit as st

from ...errors import InvitationRefused
from ...i18n import _
from .. import context, texts
from ..context import t

INVITE = "invite"  # the query parameter of the link: <app>/?invite=<token>
REFUSED_KEY = "br_link_refused"  # this browser session opened a link that cannot be used
LEFT_KEY = "br_supplier_left"  # the contact chose to leave
# What the contact had typed but not sent when their link stopped working: (question, answer)
# lines to copy, kept in this browser session only, until they close it or open a link again.
_UNSENT = "br_link_unsent"

NAV_INVITATION = _("Your invitation")
NAV_LINK = _("Link")
REFUSED = texts.LINK_REFUSED
UNSENT = _(
    "You had typed this but not sent it. Copy it and send it to the person who invited you, by "
    "other means:"
)
FORGET = _("Forget the text")
LEFT = _("You have left the invitation. Open the link in the invitation again to come back.")


def open_link() -> None:
    """Redeem the link's token. Whoever was signed in in this browser session is signed out
    first, whether or not the link works: a link never acts beside a staff account."""
    token = st.query_params.get(INVITE) or ""
    del st.query_params[INVITE]  # not left in the address bar or the browser's history
    context.sign_out()
    for key in (REFUSED_KEY, LEFT_KEY, _UNSENT):
        st.session_state.pop(key, None)
    try:
        with st.spinner(t(texts.WORKING)):
            actor = context.resources().workspace.invitations.redeem(token)
    except InvitationRefused:
        st.session_state[REFUSED_KEY] = True
        return
    context.sign_in_supplier(actor)


def end(*, refused: bool) -> None:
    """End the supplier contact's session: the link stopped working (``refused``) or they left."""
    context.sign_out()
    st.session_state[REFUSED_KEY if refused else LEFT_KEY] = True


def keep_unsent(lines: list[tuple[str, str]]) -> None:
    """Keep what the contact typed but could not send, to show once their link has ended."""
    st.session_state[_UNSENT] = list(lines)


def refused() -> None:
    st.warning(t(REFUSED), icon=":material/link_off:")
    unsent = st.session_state.get(_UNSENT)
    if not unsent:
        return
    st.markdown(t(UNSENT))
    st.code("\n\n".join(f"{question}:\n{answer}" for question, answer in unsent), language=None)
    if st.button(t(FORGET), key="br_link_forget"):
        st.session_state.pop(_UNSENT, None)
        st.rerun()


def left() -> None:
    st.info(t(LEFT), icon=":material/logout:")
