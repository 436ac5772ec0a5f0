"""Texts shared by several screens, in Swedish and English. Page-specific texts live in the page.

Swedish is the default language of the interface.
"""

from __future__ import annotations

from ..domain.labels import Text

APP_NAME = "breachreport"
LANGUAGE = Text("Språk", "Language")
SIGN_OUT = Text("Logga ut", "Sign out")
SIGNED_IN_AS = Text("Inloggad som {name} ({role})", "Signed in as {name} ({role})")
SESSION_EXPIRED = Text(
    "Du har loggats ut efter en stunds inaktivitet. Logga in igen.",
    "You were signed out after a while without activity. Please sign in again.",
)
NOT_YET_KNOWN = Text("Ännu inte känt", "Not yet known")
SAVE = Text("Spara", "Save")
SAVED = Text("Sparat.", "Saved.")
CANCEL = Text("Avbryt", "Cancel")
WORKING = Text("Arbetar …", "Working …")
NO_INCIDENT = Text(
    "Välj en incident i översikten först.",
    "Choose an incident in the overview first.",
)
PUBLIC_DOCUMENT = Text(
    "Allt som skickas till IMY blir allmän handling. Skriv inte namn, personnummer eller "
    "kontaktuppgifter till de drabbade.",
    "Everything sent to IMY becomes a public document. Do not write the names, identity numbers "
    "or contact details of the people affected.",
)
UNEXPECTED = Text(
    "Något gick fel och inget sparades. Försök igen; kvarstår felet, kontakta er administratör.",
    "Something went wrong and nothing was saved. Try again; if it persists, contact your "
    "administrator.",
)

# Navigation
NAV_OVERVIEW = Text("Översikt", "Overview")
NAV_NEW = Text("Ny incident", "New incident")
NAV_QUESTIONS = Text("Frågor", "Questions")
NAV_ASSESSMENT = Text("Riskbedömning", "Risk assessment")
NAV_CLOCKS = Text("Frister", "Deadlines")
NAV_HISTORY = Text("Historik", "History")
NAV_FILINGS = Text("Anmälningar", "Filings")
NAV_REVIEW = Text("Granskning", "Review")
NAV_ORGANISATION = Text("Organisation", "Organisation")
NAV_ACCOUNT = Text("Mitt konto", "My account")
NAV_USERS = Text("Användare", "Users")
NAV_FIRST_RUN = Text("Kom igång", "Get started")
NAV_SIGN_IN = Text("Logga in", "Sign in")
SECTION_INCIDENT = Text("Incident {ref}", "Incident {ref}")
SECTION_REGISTER = Text("Register", "Register")
SECTION_SETTINGS = Text("Inställningar", "Settings")
NAV_SUPPLIERS = Text("Leverantörer", "Suppliers")
NAV_EVIDENCE = Text("Underlag", "Evidence")
NAV_NOTICE = Text("Meddelande till de registrerade", "Notice to data subjects")

# A supplier contact's invitation link
LINK_REFUSED = Text(
    "Den här länken kan inte användas. Den kan ha gått ut eller dragits tillbaka; be den som "
    "skickade den om en ny.",
    "This link cannot be used. It may have expired or been withdrawn; ask the person who sent it "
    "for a new one.",
)
SUPPLIER_REOPEN = Text(
    "Är du leverantör och inbjuden till en incident? Öppna länken i din inbjudan igen; den "
    "loggar in dig utan konto.",
    "Are you a supplier invited to an incident? Open the link in your invitation again; it signs "
    "you in without an account.",
)
# A choice list's empty state, instead of Streamlit's English "Choose an option".
CHOOSE = Text("Välj", "Choose")
