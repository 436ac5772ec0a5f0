"""Which pages a browser session gets when it came through an invitation link: the contact's own
page while their session lasts, or the page saying the link ended; None for everyone else.
"""

from __future__ import annotations

import streamlit as st

from .. import context
from ..context import t
from . import link, page


def pages() -> list[st.Page] | None:
    """The pages for a session that came through an invitation link, or None for everyone else.

    A link in the address bar is redeemed first (and removed from it); while a supplier contact's
    session lasts, their page is the only page, whatever path the browser asks for.
    """
    if link.INVITE in st.query_params:
        link.open_link()
    if context.supplier_actor() is not None:
        return [
            st.Page(
                page.page,
                title=t(link.NAV_INVITATION),
                url_path="invitation",
                icon=":material/handshake:",
                default=True,
            )
        ]
    if st.session_state.get(link.REFUSED_KEY):
        return [st.Page(link.refused, title=t(link.NAV_LINK), url_path="link", default=True)]
    if st.session_state.get(link.LEFT_KEY):
        return [st.Page(link.left, title=t(link.NAV_LINK), url_path="link", default=True)]
    return None
