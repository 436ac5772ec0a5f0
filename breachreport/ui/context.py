"""What every screen needs: the shared workspace, the signed-in user, the language, the selected
incident, and one way to show errors. Holds no decrypted data between reruns.
"""

from __future__ import annotations

import functools
import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st

from breachreport.runtime.home import initialise, open_home

from ..domain.labels import Text
from ..domain.status import Role
from ..domain.times import utc_now
from ..errors import (
    BreachReportError,
    FactsInvalid,
    FilingRefused,
    InvitationRefused,
    PermissionDenied,
    VersionConflict,
)
from ..i18n import Message, _
from ..services import Workspace
from ..services.accounts import Account, Accounts, session_expired
from ..services.permissions import WHAT, Actor, UseCase
from ..settings import Settings, load_settings
from . import texts

log = logging.getLogger("breachreport.ui")

_USER = "br_account_id"
_LAST_SEEN = "br_last_seen"
_LANG = "br_lang"
_INCIDENT = "br_incident"
# A supplier contact who came through an invitation link: their name and invitation id, never the
# link's token. Every use case re-checks the invitation, so a revoked one ends this at once.
_SUPPLIER = "br_supplier"
# What pages keep between reruns (a form's answers as shown, a failed save): dropped at sign-out.
PAGE_STATE = "br_incident_pages"


@dataclass(frozen=True)
class Resources:
    """Shared by all sessions: the use cases over one store. No plaintext lives here."""

    settings: Settings
    workspace: Workspace
    accounts: Accounts


@st.cache_resource(show_spinner=False)
def _open(database_url: str, key_source: str) -> Resources:
    settings = load_settings()
    initialise(settings)  # first run: data folder, key file and database
    store = open_home(settings)
    return Resources(settings, Workspace(store), Accounts(store))


def resources() -> Resources:
    """The workspace and accounts for the configured data folder (opened once per process)."""
    settings = load_settings()
    return _open(settings.resolved_database_url, str(settings.resolved_key_file))


# Reads that take the acting person; the screens never read as the local operator.
_READS = frozenset({"incident", "filings", "history", "export", "assessment", "clocks", "render"})


class ActingWorkspace:
    """The workspace seen by the signed-in person: every read carries their actor, so the
    services' scope rules (a reviewer's assigned incidents only) hold on every screen."""

    def __init__(self, workspace: Workspace, actor: Any) -> None:
        self._workspace = workspace
        self._actor = actor

    def register(self) -> list:
        return self._workspace.register_for(self._actor)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._workspace, name)
        if name in _READS and callable(found):
            return functools.partial(_as, found, self._actor)
        return found


def _as(read: Callable[..., Any], actor: Any, *args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("actor", actor)
    return read(*args, **kwargs)


def workspace() -> Workspace:
    """The use cases, as the signed-in person when there is one."""
    shared = resources().workspace
    supplier = supplier_actor()
    if supplier is not None:  # never the unscoped workspace for someone who came through a link
        return ActingWorkspace(shared, supplier)  # type: ignore[return-value]
    account_id = st.session_state.get(_USER)
    if account_id is None:
        return shared
    try:
        account = accounts().get(account_id)
    except BreachReportError:
        return shared
    return ActingWorkspace(shared, account.actor)  # type: ignore[return-value]


def accounts() -> Accounts:
    return resources().accounts


# -- language ------------------------------------------------------------------------------------


def lang() -> str:
    return st.session_state.get(_LANG, "sv")


def set_lang(value: str) -> None:
    st.session_state[_LANG] = value if value in ("sv", "en") else "sv"


def t(text: Text | Message, **values: object) -> str:
    """``text`` in the user's language, with ``{placeholders}`` filled in."""
    chosen = text(lang())
    return chosen.format(**values) if values else chosen


# -- who is signed in ----------------------------------------------------------------------------


def sign_in(account: Account) -> None:
    st.session_state.pop(_SUPPLIER, None)
    st.session_state[_USER] = account.id
    st.session_state[_LAST_SEEN] = utc_now()


def sign_out() -> None:
    """End whoever's session this is: a signed-in account or a supplier contact's link."""
    for key in (_USER, _LAST_SEEN, _INCIDENT, PAGE_STATE, _SUPPLIER):
        st.session_state.pop(key, None)


def sign_in_supplier(actor: Actor) -> None:
    """Start a supplier contact's session from a redeemed invitation link (``Invitations.redeem``).

    Whoever was signed in in this browser session is signed out first, so that a staff account and
    an invitation never mix. Keeps the name and the invitation id only, never the token.
    """
    if actor.role is not Role.SUPPLIER_CONTACT or not actor.invitation_id:
        raise ValueError("only a redeemed invitation starts a supplier contact's session")
    sign_out()
    st.session_state[_SUPPLIER] = {"name": actor.name, "invitation_id": actor.invitation_id}


def supplier_actor() -> Actor | None:
    """The supplier contact of this session, or None. Whether their invitation still holds is for
    the services to say, on every use."""
    found = st.session_state.get(_SUPPLIER)
    if not isinstance(found, dict) or not found.get("invitation_id"):
        return None
    return Actor(
        name=str(found.get("name") or ""),
        role=Role.SUPPLIER_CONTACT,
        invitation_id=str(found["invitation_id"]),
    )


def current_user(*, now: datetime | None = None) -> Account | None:
    """The signed-in account, or None. Idle sessions expire; each rerun counts as activity."""
    account_id = st.session_state.get(_USER)
    if account_id is None:
        return None
    now = now or utc_now()
    last_seen = st.session_state.get(_LAST_SEEN) or now
    if session_expired(last_seen, now, resources().settings.session_idle_minutes):
        sign_out()
        st.session_state["br_expired"] = True
        return None
    try:
        account = accounts().get(account_id)
    except BreachReportError:
        sign_out()
        return None
    if account.disabled:
        sign_out()
        return None
    st.session_state[_LAST_SEEN] = now
    return account


def require_user() -> Account:
    """The signed-in account; stops the page if there is none (the router shows sign-in)."""
    account = current_user()
    if account is None:
        st.stop()
    return account


# -- the incident being worked on ----------------------------------------------------------------


def selected_incident() -> str | None:
    ref = st.session_state.get(_INCIDENT) or st.query_params.get("incident")
    if ref and st.session_state.get(_INCIDENT) != ref:
        st.session_state[_INCIDENT] = ref
    return ref


def select_incident(ref: str | None) -> None:
    if ref is None:
        st.session_state.pop(_INCIDENT, None)
        st.query_params.pop("incident", None)
    else:
        st.session_state[_INCIDENT] = ref
        st.query_params["incident"] = ref


# -- errors --------------------------------------------------------------------------------------


def show_error(error: BreachReportError) -> None:
    """A clear message in the user's language; never a traceback."""
    if isinstance(error, FactsInvalid | FilingRefused):
        lines = "\n".join(f"- {p.text(lang())}" for p in error.problems)
        headline = (
            _("The answers need fixing:")
            if isinstance(error, FactsInvalid)
            else _("This cannot be filed yet:")
        )
        st.error(f"{t(headline)}\n\n{lines}")
    elif isinstance(error, VersionConflict):
        st.warning(
            t(
                _(
                    "Someone else saved changes to the same question while you worked. Nothing "
                    "of yours was saved; compare and choose below."
                )
            )
        )
    else:
        st.error(said(error, lang()))


# What each use case is, in Swedish: "får inte {what}" (permissions.WHAT has the English).
WHAT_SV = {
    UseCase.LIST_REGISTER: "se registret",
    UseCase.OPEN_INCIDENT: "starta incidenter",
    UseCase.READ_INCIDENT: "läsa incidenter",
    UseCase.READ_INVITED_SECTIONS: "läsa avsnitt genom en inbjudan",
    UseCase.REVISE: "ändra uppgifterna",
    UseCase.DECIDE: "besluta om anmälan",
    UseCase.FILE: "skicka anmälningar till IMY",
    UseCase.RECORD_CASE_NUMBER: "registrera IMY:s diarienummer",
    UseCase.RENDER_DRAFT: "ta fram utkastet till anmälan",
    UseCase.DOWNLOAD_FILING: "ladda ner inskickade anmälningar",
    UseCase.READ_HISTORY: "läsa historiken",
    UseCase.INVITE_SUPPLIER: "bjuda in leverantörskontakter",
    UseCase.REVOKE_INVITATION: "återkalla inbjudningar",
    UseCase.PROPOSE: "föreslå ändringar",
    UseCase.REVIEW_PROPOSAL: "godkänna eller avvisa förslag",
    UseCase.COMMENT: "kommentera avsnitt",
    UseCase.APPROVE: "godkänna utkast",
    UseCase.ASSIGN_REVIEWER: "utse juridiska granskare",
    UseCase.UPLOAD_EVIDENCE: "bifoga underlag",
    UseCase.DOWNLOAD_EVIDENCE: "ladda ner underlag",
    UseCase.MANAGE_ACCOUNTS: "hantera konton",
    UseCase.EDIT_ORGANISATION: "ändra organisationens profil och inställningar",
    UseCase.VERIFY: "kontrollera databasen",
    UseCase.EXPORT: "exportera uppgifter",
    UseCase.IMPORT: "importera uppgifter",
    UseCase.SHRED: "förstöra incidenter",
}
_ROLE_REFUSAL = re.compile(r"As an? (?P<role>.+?) you may not (?P<what>.+?)(?:; ask .*)?\.")
_SAID_SV: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), swedish)
    for pattern, swedish in (
        (
            r"You are not assigned to review incident (?P<ref>\S+); .*",
            "Du är inte utsedd att granska incident {ref}; be dataskyddsombudet att utse dig.",
        ),
        (
            r"Your account has been disabled or its role has changed; .*",
            "Ditt konto har stängts av eller fått en annan roll; logga in igen.",
        ),
        (
            r"Your invitation is for another incident than (?P<ref>\S+); .*",
            "Din inbjudan gäller en annan incident än {ref}; be dataskyddsombudet om en inbjudan "
            "till den.",
        ),
        (
            r"Your invitation does not cover (?P<sections>.+); ask .*",
            "Din inbjudan omfattar inte {sections}; be dataskyddsombudet att bjuda in dig till "
            "det.",
        ),
        (
            r"A supplier contact works through the link in their invitation; .*",
            "En leverantörskontakt arbetar genom länken i sin inbjudan; öppna den länken.",
        ),
        (
            r"A supplier contact can download only the files they attached themselves\.",
            "En leverantörskontakt kan bara ladda ner filer som hen själv har bifogat.",
        ),
        (
            r"You cannot disable or enable your own account; .*",
            "Du kan inte stänga av eller aktivera ditt eget konto; be ett annat dataskyddsombud "
            "eller en administratör.",
        ),
        (
            r"Only a data protection officer or an administrator may .*",
            "Bara ett dataskyddsombud eller en administratör får göra detta.",
        ),
        (
            r"Enter the supplier contact's name, .*",
            "Skriv leverantörskontaktens namn, till exempel Omar Haddad.",
        ),
        (
            r"The contact's email address is not valid .*",
            "Kontaktens e-postadress är inte giltig (exempel: namn@exempel.se).",
        ),
        (
            r"Choose at least one section for the supplier contact\.",
            "Välj minst ett avsnitt för leverantörskontakten.",
        ),
        (r"The expiry must lie in the future\.", "Länkens slutdag får inte ha passerat."),
        (
            r"An invitation may last at most (?P<days>\d+) days; .*",
            "En inbjudan får gälla i högst {days} dagar; välj ett tidigare slutdatum.",
        ),
        (
            r"This proposal has already been reviewed; .*",
            "Förslaget är redan granskat; ladda om listan.",
        ),
        (
            r"The proposal changes nothing.*",
            "Förslaget ändrar ingenting; ändra minst ett svar.",
        ),
        (r"Write the comment first; it is empty\.", "Skriv kommentaren först; den är tom."),
        (
            r"The (?:comment|note|description) is too long \(at most (?P<n>[\d,]+) characters\)\.",
            "Texten är för lång (högst {n} tecken).",
        ),
        (
            r"The file name is too long \(at most (?P<n>\d+) characters\)\.",
            "Filnamnet är för långt (högst {n} tecken).",
        ),
        (
            r"(?P<name>.+) is empty; attach the file with its content\.",
            "{name} är tom; bifoga filen med dess innehåll.",
        ),
        (
            r"(?P<name>.+) was sent as (?P<stated>\S+), but its content is (?P<kind>.+); "
            r"check that it is the file you meant\.",
            "{name} skickades som {stated}, men innehållet är {kind}; kontrollera att det är "
            "rätt fil.",
        ),
        (
            r"Only a legal reviewer can be assigned to review an incident\.",
            "Bara en juridisk granskare kan utses att granska en incident.",
        ),
        (
            r"That account cannot review: .*",
            "Det kontot kan inte granska: det är avstängt, borttaget eller inte en juridisk "
            "granskares.",
        ),
        (r"No incident (?P<ref>\S+)\.", "Det finns ingen incident {ref}."),
        (
            r"Incident (?P<ref>\S+) has been shredded; .*",
            "Incident {ref} har förstörts; bara dess spår finns kvar i registret.",
        ),
    )
)


def said(error: BreachReportError, code: str) -> str:
    """A deliberate error's message in ``code``: ``error.in_(code)``, from the catalogues.

    The Swedish the screens showed before the catalogues (matched on the English below) comes
    first, word for word, where the use cases' catalogue words it otherwise; an entry can go once
    services.po says the same.
    """
    if code != "sv":
        return error.in_(code)
    if isinstance(error, InvitationRefused):
        return texts.LINK_REFUSED("sv")  # the link page's own wording, not the service's
    english = str(error)
    found = _ROLE_REFUSAL.fullmatch(english) if isinstance(error, PermissionDenied) else None
    if found and (refusal := _role_refusal(found["role"], found["what"])):
        return refusal
    for pattern, swedish in _SAID_SV:
        if found := pattern.fullmatch(english):
            return swedish.format(**found.groupdict())
    return error.in_(code)


def _role_refusal(role_name: str, what: str) -> str | None:
    from ..services.permissions import PERMISSIONS  # noqa: PLC0415 - only when a refusal is shown

    role = next((r for r in Role if r.label("en").lower() == role_name), None)
    use_case = next((u for u, text in WHAT.items() if text == what), None)
    if role is None or use_case is None:
        return None
    who = [_with_article(r) for r in Role if use_case in PERMISSIONS[r]]
    listed = ", ".join(who[:-1]) + f" eller {who[-1]}" if len(who) > 1 else "".join(who)
    instead = f"; be {listed}" if listed else ""
    return f"Som {role.label('sv').lower()} får du inte {WHAT_SV[use_case]}{instead}."


def _with_article(role: Role) -> str:
    name = role.label("sv").lower()
    return f"ett {name}" if role is Role.DPO else f"en {name}"


def show_unexpected(error: BaseException | None = None) -> None:
    """A plain apology for the user; the log gets the error's type and code frames only, since
    its message may quote what someone typed."""
    if error is not None:
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s in the app:\n%s", type(error).__name__, frames)
    st.error(t(texts.UNEXPECTED))


def guard(render: Callable[[], None]) -> Callable[[], None]:
    """Run a page: a deliberate error becomes its message, anything else a plain apology; never a
    traceback on screen. Streamlit's own stop and rerun signals pass through (BaseException)."""

    @functools.wraps(render)
    def run() -> None:
        try:
            render()
        except BreachReportError as error:
            show_error(error)
        except Exception as error:
            show_unexpected(error)

    return run
