"""The supplier contact's evidence: attach a file to the incident, and list and download what they
attached themselves (the services give them nothing else). Files are read into memory only for
the upload and made again, on click, for a download; nothing is written to disk here.
"""

from __future__ import annotations

import streamlit as st

from ...i18n import _
from ...services.permissions import Actor
from ...services.proposals import InvitedView
from .. import context
from ..context import t
from ..incident.evidence import attach_form, content_maker, file_card
from ..incident.page import state

_FLASH = "supplier_evidence"  # page.state: the message after an upload, shown here once

TITLE = _("Evidence")
EXPLAIN = _(
    "Attach evidence to the incident, such as a technical report or an email. You see only the "
    "files you attached yourself."
)
ATTACHED = _("The file has been attached.")
NONE_YET = _("You have not attached any files yet.")


def show(actor: Actor, view: InvitedView) -> None:
    """The contact's own files, and the same form the DPO attaches with."""
    service = context.resources().workspace.evidence
    st.header(t(TITLE))
    st.caption(t(EXPLAIN))
    if attach_form(actor, view.reference) is not None:
        state(_FLASH)["attached"] = True
        st.rerun()
    if state(_FLASH).pop("attached", False):
        st.success(t(ATTACHED), icon=":material/check:")
    files = service.files(ref=view.reference, actor=actor)
    if not files:
        st.caption(t(NONE_YET))
    for found in reversed(files):
        file_card(found, content_maker(service, actor, found.id))
