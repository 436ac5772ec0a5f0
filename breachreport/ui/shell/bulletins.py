"""The supplier's page: write a bulletin to its customers (or start from the previous version's
file), sign it with the install's key, and download the signed file and one part per customer.

For a supplier who runs breachreport for its own side: its DPO or administrator signs, no
customer's account is involved. The form lives in the session only; the one thing written to disk
is the signing key (``Settings.resolved_bulletin_key_file``, made on request, never replaced).
"""

from __future__ import annotations

import io
import json
import zipfile

import streamlit as st

from ...errors import BreachReportError
from ...i18n import _
from ...runtime import bulletin_keys
from ...services.accounts import MANAGERS
from .. import context
from ..context import t
from . import bulletin_form

TITLE = _("Bulletins to customers")
INTRO = _(
    "For a supplier: say once what happened, for all your customers. Each customer receives only "
    "its own part, signed with your key, and imports it into its own breachreport."
)
ONLY_MANAGERS = _("Only the data protection officer or an administrator can sign bulletins.")
KEY = _("Your signing key")
NO_KEY = _(
    "This installation has no signing key yet. Create it once; it is kept in the data folder."
)
CREATE_KEY = _("Create the signing key")
KEY_MADE = _("The signing key is created.")
FINGERPRINT = _("Fingerprint: {fingerprint}")
GIVE_KEY = _(
    "Give this line to each customer once, for example by email. When they register it, read "
    "the fingerprint to each other on the phone: if they match, bulletins from you cannot be forged."
)
PUBLIC_KEY_FILE = _("Download the public key")
START = _("Start")
START_FROM = _("Start from the previous version's signed file, or from a draft (optional)")
START_HELP = _(
    "A signed bulletin becomes the next version with everything kept; you only say what changed. "
    "A draft (JSON) is opened as it is."
)
NEXT_VERSION = _("Bulletin {version} is prepared from bulletin {previous}: say what changed.")
DRAFT_LOADED = _("The draft is opened as bulletin {version}.")
START_OVER = _("Start a new bulletin")
VERSION = _("Bulletin {version}")
SIGN = _("Sign bulletin {version}")
SIGNED = _("Bulletin {version} is signed. Customer parts: {count}.")
DOWNLOAD_SIGNED = _("Download the signed bulletin")
DOWNLOAD_PARTS = _("Download one part per customer (zip)")
PARTS_HELP = _(
    "Send each customer its own file (named by its organisation number). Keep the signed bulletin: "
    "the next version starts from it."
)
NEED_KEY = _("Create the signing key first.")

_STATE = "bulletin"  # in the page state: draft, generation, table, signed


def _state() -> dict:
    return st.session_state.setdefault(context.PAGE_STATE, {}).setdefault(_STATE, {})


def bulletins() -> None:
    user = context.require_user()
    st.title(t(TITLE))
    st.caption(t(INTRO))
    if user.role not in MANAGERS:
        st.info(t(ONLY_MANAGERS))
        return
    has_key = _key_section()
    state = _state()
    if "draft" not in state:
        _begin(state, bulletin_form.empty(context.accounts().organisation()))
    _start_section(state)
    generation = state["generation"]
    st.header(t(VERSION, version=state["draft"]["version"]))
    if bulletin_form.key("customers", generation) not in st.session_state:
        state["table"] = state["draft"].get("customers") or []  # a fresh editor starts from here
    state["draft"] = bulletin_form.show(state["draft"], generation, state["table"])
    version = state["draft"]["version"]
    if st.button(t(SIGN, version=version), type="primary", key="br_bul_sign"):
        if not has_key:
            st.error(t(NEED_KEY))
        else:
            try:
                _sign(state)
            except BreachReportError as error:
                context.show_error(error)
    _downloads(state)


def _begin(state: dict, draft: dict) -> None:
    state["draft"] = draft
    state["generation"] = state.get("generation", 0) + 1
    state["table"] = draft.get("customers") or []
    state.pop("signed", None)


def _key_section() -> bool:
    """The install's key: its fingerprint and public line, or a button to make it. Whether there
    is one."""
    settings = context.resources().settings
    st.header(t(KEY))
    public = bulletin_keys.own_public_key(settings)
    if public is None:
        st.info(t(NO_KEY), icon=":material/key:")
        if not st.button(t(CREATE_KEY), key="br_bul_create_key"):
            return False
        bulletin_keys.create_key(settings)
        public = bulletin_keys.own_public_key(settings)
        st.success(t(KEY_MADE))
    text = bulletin_keys.public_key_text(settings, context.accounts().organisation().name)
    fingerprint = bulletin_keys.fingerprint(public)
    st.markdown(t(FINGERPRINT, fingerprint=f"`{fingerprint}`"))
    st.code(text, language=None, wrap_lines=True)
    st.caption(t(GIVE_KEY))
    st.download_button(
        t(PUBLIC_KEY_FILE),
        data=(text + "\n").encode(),
        file_name="bulletin-public-key.txt",
        mime="text/plain",
        on_click="ignore",
        key="br_bul_public_key",
    )
    return True


def _start_section(state: dict) -> None:
    st.header(t(START))
    upload = st.file_uploader(t(START_FROM), type=["json"], help=t(START_HELP), key="br_bul_upload")
    if upload is not None:
        marker = f"{upload.name}:{upload.size}:{upload.file_id}"
        if state.get("loaded") != marker:
            state["loaded"] = marker
            try:
                draft, next_version = bulletin_form.from_file(upload.getvalue())
            except BreachReportError as error:
                context.show_error(error)  # one line; the form stays as it was
                return
            _begin(state, draft)
            message = (
                t(NEXT_VERSION, version=draft["version"], previous=draft["version"] - 1)
                if next_version
                else t(DRAFT_LOADED, version=draft["version"])
            )
            state["message"] = message
    if state.get("message"):
        st.success(state["message"], icon=":material/check:")
    if st.button(t(START_OVER), key="br_bul_start_over"):
        _begin(state, bulletin_form.empty(context.accounts().organisation()))
        state.pop("message", None)
        st.rerun()


def _sign(state: dict) -> None:
    bulletin = bulletin_form.bulletin(state["draft"])
    signed = bulletin_keys.sign_bulletin(context.resources().settings, bulletin)
    parts = bulletin_keys.split_signed(signed)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as folder:
        for org_number, part in sorted(parts.items()):
            entry = zipfile.ZipInfo(f"{org_number}.json", date_time=(1980, 1, 1, 0, 0, 0))
            folder.writestr(entry, bulletin_keys.signed_bytes(part))
    name = f"bulletin-{_safe(bulletin.bulletin_id)}-{bulletin.version}"
    state["signed"] = {
        "version": bulletin.version,
        "count": len(parts),
        "name": name,
        "file": bulletin_keys.signed_bytes(signed),
        "zip": archive.getvalue(),
        "draft": _json(state["draft"]),
    }


def _downloads(state: dict) -> None:
    signed = state.get("signed")
    if not signed or signed["draft"] != _json(state["draft"]):
        return  # changed since it was signed: sign again
    st.success(t(SIGNED, version=signed["version"], count=signed["count"]), icon=":material/check:")
    with st.container(horizontal=True):
        st.download_button(
            t(DOWNLOAD_SIGNED),
            data=signed["file"],
            file_name=f"{signed['name']}.signed.json",
            mime="application/json",
            on_click="ignore",
            key="br_bul_download_signed",
        )
        st.download_button(
            t(DOWNLOAD_PARTS),
            data=signed["zip"],
            file_name=f"{signed['name']}-parts.zip",
            mime="application/zip",
            on_click="ignore",
            key="br_bul_download_parts",
        )
    st.caption(t(PARTS_HELP))


def _json(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode()


def _safe(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in "-_" else "-" for c in text)
    return kept.strip("-") or "bulletin"
