"""The supplier contact's evidence: attach a file to the incident, and list and download what they
attached themselves (the services give them nothing else). Files are read into memory only for
the upload and made again, on click, for a download; nothing is written to disk here.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ...domain.file_types import ACCEPTED, accepted_extensions
from ...domain.labels import Text
from ...errors import InputError, PermissionDenied
from ...evidence import DESCRIPTION_MAX_LENGTH, MAX_BYTES, Evidence, EvidenceFile
from ...permissions import Actor
from ...proposals import InvitedView
from .. import context, texts
from ..context import lang, t
from ..incident.page import literal, state, when

_MB = 1024 * 1024
_FLASH = "supplier_evidence"  # page.state: the message after an upload, shown here once

TITLE = Text("Underlag", "Evidence")
EXPLAIN = Text(
    "Bifoga underlag till incidenten, till exempel en teknisk rapport eller ett e-postmeddelande. "
    "Tillåtna filtyper: {kinds}; högst {limit} MB per fil. Du ser bara de filer du själv har "
    "bifogat.",
    "Attach evidence to the incident, such as a technical report or an email. Accepted kinds: "
    "{kinds}; at most {limit} MB per file. You see only the files you attached yourself.",
)
FILE = Text("Fil", "File")
DESCRIPTION = Text("Beskrivning (valfri)", "Description (optional)")
ATTACH = Text("Bifoga", "Attach")
CHOOSE = Text("Välj en fil först.", "Choose a file first.")
TOO_LARGE = Text(
    "Filen är större än {limit} MB; bifoga en mindre fil eller dela upp den.",
    "The file is larger than {limit} MB; attach a smaller file or split it.",
)
ATTACHED = Text("Filen har bifogats.", "The file has been attached.")
NONE_YET = Text("Du har inte bifogat några filer ännu.", "You have not attached any files yet.")
ATTACHED_AT = Text("Bifogad {when} · {size}", "Attached {when} · {size}")
HASH = Text("SHA-256: {hash}", "SHA-256: {hash}")
DOWNLOAD = Text("Ladda ned", "Download")


def show(actor: Actor, view: InvitedView) -> None:
    service = context.resources().workspace.evidence
    st.subheader(t(TITLE))
    kinds = ", ".join(kind.label(lang()) for kind in ACCEPTED)
    st.caption(t(EXPLAIN, kinds=kinds, limit=MAX_BYTES // _MB))
    _upload(service, actor, view.reference)
    if state(_FLASH).pop("attached", False):
        st.success(t(ATTACHED), icon=":material/check:")
    files = service.files(ref=view.reference, actor=actor)
    if not files:
        st.caption(t(NONE_YET))
    for found in reversed(files):
        _file(service, actor, found)


def _upload(service: Evidence, actor: Actor, ref: str) -> None:
    with st.form("br_sup_evidence", clear_on_submit=True):
        chosen = st.file_uploader(
            t(FILE),
            type=[extension.lstrip(".") for extension in accepted_extensions()],
            max_upload_size=MAX_BYTES // _MB,
            key="br_sup_evidence_file",
        )
        description = st.text_input(
            t(DESCRIPTION), max_chars=DESCRIPTION_MAX_LENGTH, key="br_sup_evidence_description"
        )
        attach = st.form_submit_button(t(ATTACH), icon=":material/attach_file:")
    if not attach:
        return
    if chosen is None:
        st.warning(t(CHOOSE))
        return
    if chosen.size > MAX_BYTES:
        st.error(t(TOO_LARGE, limit=MAX_BYTES // _MB))
        return
    try:
        with st.spinner(t(texts.WORKING)):
            service.upload(
                actor=actor,
                ref=ref,
                filename=chosen.name,
                content=chosen.getvalue(),
                media_type=chosen.type,
                description=description,
            )
    except (InputError, PermissionDenied) as error:
        context.show_error(error)
        return
    state(_FLASH)["attached"] = True
    st.rerun()


def _file(service: Evidence, actor: Actor, found: EvidenceFile) -> None:
    with st.container(border=True):
        name_column, download_column = st.columns([4, 1])
        with name_column:
            st.markdown(f"**{literal(found.filename)}**")
            if found.description:
                st.markdown(literal(found.description))
            size = _size(found.size)
            st.caption(t(ATTACHED_AT, when=when(found.uploaded_at), size=size))
            st.caption(t(HASH, hash=f"`{found.sha256}`"))
        with download_column:
            st.download_button(
                t(DOWNLOAD),
                data=_maker(service, actor, found.id),
                file_name=found.filename,
                mime=found.media_type,
                icon=":material/download:",
                on_click="ignore",
                key=f"br_sup_dl.{found.id}",
            )


def _maker(service: Evidence, actor: Actor, evidence_id: str) -> Callable[[], bytes]:
    """The file's content, fetched when the button is clicked, on Streamlit's worker thread: it
    gets everything it needs here, because it cannot read the session."""

    def make() -> bytes:
        return service.download(actor=actor, evidence_id=evidence_id).content

    return make


def _size(size: int) -> str:
    if size >= _MB:
        return f"{size / _MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size} B"
