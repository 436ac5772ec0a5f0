"""The other drafts made from the same facts, beside the filing's own: the EDPB's common Art. 33
template for everyone, and the four reports to CERT-SE for an essential or important entity. Each
file is made and recorded only when its button is clicked.
"""

from __future__ import annotations

import streamlit as st

from ...domain.recipients import CERT_SE, recipient
from ...i18n import _
from ..context import lang, t
from ..downloads import RECORDED_HELP
from .filing_list import downloads
from .page import Opened
from .significance_note import nis2_entity

EDPB = "edpb-template"
TITLE = _("More drafts from the same answers")
EDPB_TITLE = _("The EDPB's common template for Art. 33 notifications (draft of June 2026)")
EDPB_HELP = _(
    "The same facts laid out in the template the EDPB consulted on in 2026, for the day IMY "
    "adopts it. IMY still takes notifications through its own e-service."
)
CERT_SE_TITLE = _("{kind} to CERT-SE (draft)")


def documents(opened: Opened) -> list[tuple[str, str]]:
    """(document, title) of the drafts offered for this incident, in the order shown."""
    found = [(EDPB, t(EDPB_TITLE))]
    cert_se = recipient(CERT_SE)
    if cert_se is not None and nis2_entity(opened.incident.facts):
        found += [
            (kind.document, t(CERT_SE_TITLE, kind=kind.label(lang())))
            for kind in cert_se.kinds
            if kind.document is not None
        ]
    return found


def section(opened: Opened) -> None:
    st.header(t(TITLE))
    st.caption(t(RECORDED_HELP))
    for document, title in documents(opened):
        with st.expander(title, icon=":material/description:"):
            if document == EDPB:
                st.caption(t(EDPB_HELP))
            downloads(opened, None, document, place=".more")
