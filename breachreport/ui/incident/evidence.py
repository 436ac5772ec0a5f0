"""Evidence: attach files to the incident (a forensic report, IMY's receipt, a police report) and
list them with their SHA-256.

A file's content is read from the store only when its download is clicked, so that each download
the history records is one somebody asked for; nothing is kept between reruns.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ...domain.file_types import ACCEPTED, FileType, accepted_extensions, sniff
from ...errors import BreachReportError, InputError
from ...i18n import _
from ...services.evidence import DESCRIPTION_MAX_LENGTH, MAX_BYTES, Evidence, EvidenceFile
from ...services.permissions import Actor, UseCase, may
from .. import context, texts
from ..context import lang, t
from .page import Opened, flash, guarded, literal, open_incident, show_flash, when

MEGABYTE = 1024 * 1024

EXPLAIN = _(
    "Material that belongs to the incident, for example a forensic report, IMY's receipt or a "
    "police report. The files are encrypted with the incident's key and listed with their "
    "SHA-256; every upload and download shows in the history."
)
UPLOAD = _("Attach a file")
FILE = _("File")
ACCEPTS = _(
    "Accepted: {kinds}. At most {mb} MB per file. The kind is judged by the content, and the "
    "name's extension must match it."
)
DESCRIPTION = _("Description (optional)")
ATTACH = _("Attach")
CHOOSE_FIRST = _("Choose a file first.")
TOO_BIG = _("{name} is larger than {mb} MB; attach a smaller file or split it.")
NOT_ACCEPTED = _(
    "{name} cannot be attached: its content is none of the accepted kinds ({kinds}), or the "
    "name's extension does not match the content."
)
REFUSED = _("The file could not be attached.")
ATTACHED = _("{name} is attached.")

FILES = _("Attached files")
NO_FILES = _("No files are attached yet.")
UPLOADED = _("Attached by {who} ({role}), {at}")
DOWNLOAD = _("Download")
DOWNLOAD_HELP = _(
    "The file is fetched when you click, and the download is recorded in the incident's history."
)
HASH_HELP = _("The whole SHA-256, to check that a copy is unchanged.")

_KINDS = {kind.media_type: kind for kind in ACCEPTED}


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_EVIDENCE)
    if opened is None:
        return
    show_flash()
    st.caption(t(EXPLAIN))
    if may(opened.user.role, UseCase.UPLOAD_EVIDENCE):
        _upload(opened)
    _files(opened)


# -- attaching -----------------------------------------------------------------------------------


def kinds_text(code: str) -> str:
    """The accepted kinds with their extensions: "PDF (.pdf), PNG image (.png), …"."""
    return ", ".join(f"{kind.label(code)} ({', '.join(kind.extensions)})" for kind in ACCEPTED)


def _upload(opened: Opened) -> None:
    st.header(t(UPLOAD))
    made = attach_form(opened.user.actor, opened.ref)
    if made is not None:
        shown = literal(made.filename)
        flash(ATTACHED.format(name=shown))
        st.rerun()


def attach_form(actor: Actor, ref: str) -> EvidenceFile | None:
    """The form that attaches a file (for the DPO's page and the supplier's alike): the file,
    the accepted kinds and limit, a description. Returns the attached file, or None (with the
    reason shown) when nothing was attached."""
    mb = MAX_BYTES // MEGABYTE
    with st.form(f"br_ev_upload.{ref}", clear_on_submit=True):
        chosen = st.file_uploader(
            t(FILE),
            type=accepted_extensions(),
            # The browser refuses larger files before sending them; the service checks again.
            max_upload_size=mb,
            key=f"br_ev_file.{ref}",
        )
        st.caption(t(ACCEPTS, kinds=kinds_text(lang()), mb=mb))
        description = st.text_input(
            t(DESCRIPTION), max_chars=DESCRIPTION_MAX_LENGTH, key=f"br_ev_description.{ref}"
        )
        go = st.form_submit_button(t(ATTACH), type="primary", icon=":material/attach_file:")
    if not go:
        return None
    if chosen is None:
        st.error(t(CHOOSE_FIRST))
        return None
    content = chosen.getvalue()
    name = literal(chosen.name)
    # Checked here only to answer in the user's language; the service checks again.
    if len(content) > MAX_BYTES:
        st.error(t(TOO_BIG, name=name, mb=mb))
        return None
    if content and sniff(content, chosen.name) is None:
        st.error(t(NOT_ACCEPTED, name=name, kinds=kinds_text(lang())))
        return None
    try:
        with st.spinner(t(texts.WORKING)):
            return context.resources().workspace.evidence.upload(
                actor=actor,
                ref=ref,
                filename=chosen.name,
                content=content,
                media_type=chosen.type,
                description=description.strip() or None,
            )
    except InputError as error:
        st.error(f"{t(REFUSED)} {literal(context.said(error, lang()))}")
        return None


# -- the files -----------------------------------------------------------------------------------


def file_size(size: int, code: str) -> str:
    """A size for people: "512 B", "14,2 kB" / "14.2 kB", "3,5 MB" / "3.5 MB"."""
    if size < 1024:
        return f"{size} B"
    amount, unit = (size / 1024, "kB") if size < MEGABYTE else (size / MEGABYTE, "MB")
    text = f"{amount:.1f}"
    return f"{text.replace('.', ',') if code == 'sv' else text} {unit}"


def kind_label(media_type: str, code: str) -> str:
    kind: FileType | None = _KINDS.get(media_type)
    return kind.label(code) if kind else media_type


def content_maker(evidence: Evidence, actor: Actor, evidence_id: str) -> Callable[[], bytes]:
    """The file's content, fetched when the download is clicked, on Streamlit's worker thread: it
    gets everything it needs here, because it cannot read the session."""

    def fetch() -> bytes:
        return evidence.download(actor=actor, evidence_id=evidence_id).content

    return fetch


def _files(opened: Opened) -> None:
    st.header(t(FILES))
    evidence = context.workspace().evidence
    actor = opened.user.actor
    try:
        found = evidence.files(ref=opened.ref, actor=actor)
    except BreachReportError as error:
        context.show_error(error)
        return
    if not found:
        st.caption(t(NO_FILES))
        return
    for file in reversed(found):
        file_card(file, content_maker(evidence, actor, file.id))


def file_card(file: EvidenceFile, fetch: Callable[[], bytes]) -> None:
    """One attached file: name, kind, size, who attached it and when, its description and
    SHA-256, and a download made when clicked (``fetch``)."""
    with st.container(border=True):
        _card(file, fetch)


def _card(file: EvidenceFile, fetch: Callable[[], bytes]) -> None:
    code = lang()
    about, action = st.columns([5, 1], vertical_alignment="center")
    with about:
        st.markdown(
            f"**{literal(file.filename)}** · {kind_label(file.media_type, code)} · "
            f"{file_size(file.size, code)}"
        )
        uploaded = t(
            UPLOADED,
            who=literal(file.uploaded_by),
            role=file.uploader_role.label(code),
            at=when(file.uploaded_at),
        )
        st.caption(uploaded)
        if file.description:
            st.markdown(literal(file.description))
        st.caption("SHA-256", help=t(HASH_HELP))
        st.code(file.sha256, language=None)
    with action:
        st.download_button(
            t(DOWNLOAD),
            data=fetch,
            file_name=file.filename,
            mime=file.media_type,
            help=t(DOWNLOAD_HELP),
            icon=":material/download:",
            on_click="ignore",
            key=f"br_ev_dl.{file.id}",
        )
