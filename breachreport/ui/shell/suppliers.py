"""The controller's suppliers: register a supplier's public key (its fingerprint shown, to compare
on the phone as with SSH), the suppliers registered, and importing a signed bulletin from one of
them into a new incident or an existing one.

A refused bulletin (forged, changed, another customer's, not newer than one already imported) is
one line and changes nothing: the services check everything, this page only shows what they say.
"""

from __future__ import annotations

import streamlit as st

from ...errors import BreachReportError
from ...i18n import _
from ...runtime.bulletin_keys import fingerprint_of
from ...services.permissions import UseCase, may
from .. import context, texts
from ..context import t
from ..table_view import grid
from . import navigate

TITLE = _("Suppliers' bulletins")
INTRO = _(
    "A supplier that runs breachreport signs its bulletins about an incident with its own key. "
    "Register the supplier's public key once; then import each bulletin it sends you."
)
ONLY_MANAGERS = _(
    "Only the data protection officer or an administrator can register suppliers and import "
    "bulletins."
)
REGISTER = _("Register a supplier")
SUPPLIER_NAME = _("The supplier's name")
PUBLIC_KEY = _("The supplier's public key (one line)")
PUBLIC_KEY_FILE = _("Or upload the public key file")
COMPARE = _(
    "Fingerprint: {fingerprint}. Call the supplier on a number you already know and compare it, "
    "as with SSH: register the key only if they read the same."
)
ADD = _("Register the supplier")
NAME_FIRST = _("Enter the supplier's name.")
KEY_FIRST = _("Paste or upload the supplier's public key.")
ADDED = _("{name} is registered with the fingerprint {fingerprint}.")
REGISTERED = _("Registered suppliers")
NO_SUPPLIERS = _("No supplier is registered yet.")
COL_NAME = _("Supplier")
COL_FINGERPRINT = _("Fingerprint")
COL_ADDED = _("Registered")
IMPORT = _("Import a bulletin")
BULLETIN_FILE = _("The bulletin file from the supplier")
WHERE = _("Where should it go?")
NEW_INCIDENT = _("Open a new incident")
ATTACH = _("Add to an incident already open")
WHICH = _("Which incident?")
IMPORT_NOW = _("Import the bulletin")
FILE_FIRST = _("Choose the bulletin file first.")
INCIDENT_FIRST = _("Choose the incident to add it to.")
IMPORTED_NEW = _(
    "Bulletin {version} from {supplier} opened incident {ref}. Answers proposed for you to "
    "review: {count}."
)
IMPORTED_TO = _(
    "Bulletin {version} from {supplier} is added to incident {ref}. Answers proposed for you to "
    "review: {count}."
)
OPEN_PROPOSALS = _("Review the proposals of {ref}")

_STATE = "bulletin_import"  # in the page state: the last import's outcome


def _state() -> dict:
    return st.session_state.setdefault(context.PAGE_STATE, {}).setdefault(_STATE, {})


def suppliers() -> None:
    user = context.require_user()
    st.title(t(TITLE))
    st.caption(t(INTRO))
    if not may(user.role, UseCase.IMPORT_BULLETIN):
        st.info(t(ONLY_MANAGERS))
        return
    _import(user)
    if may(user.role, UseCase.MANAGE_SUPPLIERS):
        _register(user)
    _registered(user)


# -- registering a supplier ----------------------------------------------------------------------


def _register(user) -> None:
    st.header(t(REGISTER))
    name = st.text_input(t(SUPPLIER_NAME), key="br_bsup_name").strip()
    pasted = st.text_area(t(PUBLIC_KEY), height=80, key="br_bsup_key").strip()
    upload = st.file_uploader(t(PUBLIC_KEY_FILE), key="br_bsup_key_file")
    text = pasted or (upload.getvalue().decode("utf-8", "replace").strip() if upload else "")
    if text:
        try:
            fingerprint = fingerprint_of(text)
        except BreachReportError as error:
            context.show_error(error)
            return
        st.info(t(COMPARE, fingerprint=f"`{fingerprint}`"), icon=":material/fingerprint:")
    if not st.button(t(ADD), key="br_bsup_add"):
        return
    if not name:
        st.error(t(NAME_FIRST))
        return
    if not text:
        st.error(t(KEY_FIRST))
        return
    try:
        with st.spinner(t(texts.WORKING)):
            added = context.workspace().bulletins.add_supplier(
                actor=user.actor, name=name, public_key=text
            )
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(ADDED, name=added.name, fingerprint=added.fingerprint), icon=":material/check:")


def _registered(user) -> None:
    st.header(t(REGISTERED))
    found = context.workspace().bulletins.suppliers(actor=user.actor)
    if not found:
        st.caption(t(NO_SUPPLIERS))
        return
    from ..incident.page import when  # noqa: PLC0415 - one way to show a time

    rows = [
        {t(COL_NAME): s.name, t(COL_FINGERPRINT): s.fingerprint, t(COL_ADDED): when(s.added_at)}
        for s in found
    ]
    grid(rows, what=t(REGISTERED), hide_index=True, width="stretch")


# -- importing a bulletin ------------------------------------------------------------------------


def _import(user) -> None:
    st.header(t(IMPORT))
    state = _state()
    upload = st.file_uploader(t(BULLETIN_FILE), type=["json"], key="br_bsup_file")
    workspace = context.workspace()
    rows = {row.reference: row for row in workspace.register()}
    options = ["new", "attach"] if rows else ["new"]
    names = {"new": t(NEW_INCIDENT), "attach": t(ATTACH)}
    where = st.radio(
        t(WHERE), options, format_func=names.__getitem__, horizontal=True, key="br_bsup_where"
    )
    ref = None
    if where == "attach":
        ref = st.selectbox(
            t(WHICH),
            list(rows),
            index=None,
            format_func=lambda found: " · ".join(
                part for part in (found, rows[found].title) if part
            ),
            placeholder=t(texts.CHOOSE),
            key="br_bsup_incident",
        )
    if st.button(t(IMPORT_NOW), type="primary", key="br_bsup_import"):
        state.pop("done", None)
        if upload is None:
            st.error(t(FILE_FIRST))
        elif where == "attach" and not ref:
            st.error(t(INCIDENT_FIRST))
        else:
            try:
                with st.spinner(t(texts.WORKING)):
                    imported = workspace.bulletins.import_bulletin(
                        actor=user.actor, data=upload.getvalue(), incident_ref=ref
                    )
            except BreachReportError as error:
                context.show_error(error)  # one line; nothing was changed
            else:
                state["done"] = {
                    "ref": imported.reference,
                    "created": imported.created,
                    "version": imported.version,
                    "supplier": str(imported.supplier),
                    "count": imported.proposed,
                }
    done = state.get("done")
    if done:
        said = IMPORTED_NEW if done["created"] else IMPORTED_TO
        st.success(
            t(
                said,
                version=done["version"],
                supplier=done["supplier"],
                ref=done["ref"],
                count=done["count"],
            ),
            icon=":material/check:",
        )
        if st.button(t(OPEN_PROPOSALS, ref=done["ref"]), key="br_bsup_open"):
            state.pop("done", None)
            navigate.open_incident(done["ref"], "suppliers")
