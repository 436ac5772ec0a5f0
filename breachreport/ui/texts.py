"""Texts shared by several screens. Page-specific texts live in the page.

Each is an English message (``i18n._``); its Swedish is in i18n/locale/sv/LC_MESSAGES/ui.po, and a
screen shows it with ``context.t(text)`` in the user's language. Swedish is the default language of
the interface. The legal wording of IMY's form (questions, choices, section headings) is not here:
it stays bilingual data in the domain.
"""

from __future__ import annotations

from ..i18n import _

APP_NAME = "breachreport"
LANGUAGE = _("Language")
SIGN_OUT = _("Sign out")
SIGNED_IN_AS = _("Signed in as {name} ({role})")
SESSION_EXPIRED = _("You were signed out after a while without activity. Please sign in again.")
NOT_YET_KNOWN = _("Not yet known")
SAVE = _("Save")
SAVED = _("Saved.")
CANCEL = _("Cancel")
WORKING = _("Working …")
NO_INCIDENT = _("Choose an incident in the overview first.")
PUBLIC_DOCUMENT = _(
    "Everything sent to IMY becomes a public document. Do not write the names, identity numbers "
    "or contact details of the people affected."
)
UNEXPECTED = _(
    "Something went wrong and nothing was saved. Try again; if it persists, contact your "
    "administrator."
)

# Navigation
NAV_OVERVIEW = _("Overview")
NAV_NEW = _("New incident")
NAV_QUESTIONS = _("Questions")
NAV_ASSESSMENT = _("Risk assessment")
NAV_CLOCKS = _("Deadlines")
NAV_HISTORY = _("History")
NAV_FILINGS = _("Filings")
NAV_REVIEW = _("Review")
NAV_ORGANISATION = _("Organisation")
NAV_ACCOUNT = _("My account")
NAV_USERS = _("Users")
NAV_FIRST_RUN = _("Get started")
NAV_SIGN_IN = _("Sign in")
SECTION_INCIDENT = _("Incident {ref}")
SECTION_REGISTER = _("Register")
SECTION_SETTINGS = _("Settings")
NAV_SUPPLIERS = _("Suppliers")
NAV_EVIDENCE = _("Evidence")
NAV_NOTICE = _("Notice to data subjects")

# A supplier contact's invitation link
LINK_REFUSED = _(
    "This link cannot be used. It may have expired or been withdrawn; ask the person who sent it "
    "for a new one."
)
SUPPLIER_REOPEN = _(
    "Are you a supplier invited to an incident? Open the link in your invitation again; it signs "
    "you in without an account."
)
# A choice list's empty state, instead of Streamlit's English "Choose an option".
CHOOSE = _("Choose")
