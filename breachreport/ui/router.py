"""The router: which pages exist for whom, the sidebar (language, user, the selected incident's
deadline), and running the chosen page. app.py calls ``run``.

An invitation link (``?invite=``) comes first: a supplier contact's session sees their own page
only, whatever page the browser asks for.
"""

from __future__ import annotations

import streamlit as st

from ..i18n import _
from ..services.permissions import UseCase, may
from . import context, download_expiry, texts
from .context import t
from .page_language import page_language

SECTION_BULLETINS = _("Supplier bulletins")


def _sidebar() -> None:
    with st.sidebar:
        choice = st.radio(
            t(texts.LANGUAGE),
            options=["sv", "en"],
            format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
            index=0 if context.lang() == "sv" else 1,
            horizontal=True,
            key="br_lang_choice",
        )
        if choice != context.lang():
            context.set_lang(choice)
            st.rerun()
        page_language(context.lang())


# Streamlit's faded captions, the sidebar's small print and a disabled field's label read at
# under 4.5:1 on its background (WCAG 1.4.3); a darker grey keeps the hierarchy and reads at about
# 6.5:1 on white and on the sidebar. A section heading (h2) keeps the size of Streamlit's subheader,
# so headings can go down one level at a time without the page changing its look. A table's or a
# chart's toolbar speaks English only ("Search", "Download as CSV", "Show data"): in Swedish it is
# hidden; the register has its own filters and downloads, and every grid and chart a plain table.
_STYLE = """<style>
[data-testid="stCaptionContainer"] { color: #5c5b59; opacity: 1; }
[data-testid="stElementContainer"]:has(:disabled) [data-testid="stWidgetLabel"] {
  color: #5c5b59; opacity: 1;
}
[data-testid="stMain"] [data-testid="stHeading"] h2 { font-size: 1.5rem; }
html[lang="sv"] [data-testid="stElementToolbar"] { display: none; }
</style>"""


def _pages() -> list | dict:
    from . import shell  # noqa: PLC0415 - imported late: pages need the context
    from .incident import pages as incident_pages  # noqa: PLC0415
    from .shell import sso  # noqa: PLC0415
    from .supplier import pages as supplier_pages  # noqa: PLC0415

    through_link = supplier_pages()
    if through_link is not None:
        return through_link
    accounts = context.accounts()
    if not accounts.has_accounts():
        return [st.Page(shell.first_run, title=t(texts.NAV_FIRST_RUN), url_path="first-run")]
    user = context.current_user() or sso.adopt()  # a local session, or the identity provider's
    if user is None:
        return [st.Page(_sign_in, title=t(texts.NAV_SIGN_IN), url_path="sign-in")]
    shell.signed_in_sidebar(user)
    if shell.needs_setup(user):  # first run, step 2: the organisation profile
        return [st.Page(shell.first_run, title=t(texts.NAV_FIRST_RUN), url_path="first-run")]
    register = [
        st.Page(shell.overview, title=t(texts.NAV_OVERVIEW), url_path="overview", default=True),
    ]
    if may(user.role, UseCase.OPEN_INCIDENT):  # a legal reviewer reads; they start nothing
        register.append(st.Page(shell.new_incident, title=t(texts.NAV_NEW), url_path="new"))
    sections = {t(texts.SECTION_REGISTER): register}
    ref = context.selected_incident()
    if ref:
        sections[t(texts.SECTION_INCIDENT, ref=ref)] = incident_pages()
    bulletins = []  # a DPO or an administrator: importing (a customer), signing (a supplier)
    if may(user.role, UseCase.IMPORT_BULLETIN):
        bulletins.append(
            st.Page(
                shell.suppliers,
                title=t(shell.SUPPLIERS_TITLE),
                url_path="supplier-bulletins",
                icon=":material/move_to_inbox:",
            )
        )
    if may(user.role, UseCase.MANAGE_ACCOUNTS):
        bulletins.append(
            st.Page(
                shell.bulletins,
                title=t(shell.BULLETINS_TITLE),
                url_path="bulletins",
                icon=":material/outbox:",
            )
        )
    if bulletins:
        sections[t(SECTION_BULLETINS)] = bulletins
    sections[t(texts.SECTION_SETTINGS)] = [
        st.Page(shell.organisation, title=t(texts.NAV_ORGANISATION), url_path="organisation"),
        st.Page(shell.account, title=t(texts.NAV_ACCOUNT), url_path="account"),
    ]
    if may(user.role, UseCase.MANAGE_ACCOUNTS):  # the services refuse the others anyway
        sections[t(texts.SECTION_SETTINGS)].append(
            st.Page(shell.users, title=t(texts.NAV_USERS), url_path="users")
        )
    return sections


def _sign_in() -> None:
    """The staff sign-in, and a line for the supplier contact whose link session ended with a
    reload (Streamlit keeps no session across one, and the link's token is not kept anywhere)."""
    from . import shell  # noqa: PLC0415

    shell.sign_in()
    st.info(t(texts.SUPPLIER_REOPEN), icon=":material/link:")


def run() -> None:
    st.set_page_config(page_title=texts.APP_NAME, page_icon=":material/shield:", layout="wide")
    st.html(_STYLE)  # styles only: Streamlit puts them aside, they take no room on the page
    download_expiry.install()  # a download's address stops working seconds after it is taken
    _sidebar()
    pages: list = []

    def choose() -> None:
        pages.append(st.navigation(_pages(), expanded=True))  # every page in view, always

    context.guard(choose)()
    if not pages:
        return
    page = pages[0]
    context.guard(page.run)()
