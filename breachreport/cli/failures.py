"""How a deliberate error reads on the command line: one line on standard error in the run's
language, then the problems to fix, one a line, when there are several.

An error says itself in a language (``error.in_(lang)``) from the catalogues. Some services still
raise plain English strings that no catalogue holds yet; for the ones an operator meets most
often, the Swedish is worked out here from the English, as the command line did before the
catalogues. Once the services raise messages, ``in_`` answers and the table below is not reached.
"""

from __future__ import annotations

import re
import sys

from ..errors import BreachReportError
from ..i18n import _

ERROR = _("error")

_SAID_SV = (
    (r"No incident (?P<ref>\S+)\.", "Det finns ingen incident {ref}."),
    (
        r"Incident (?P<ref>\S+) has been shredded; .*",
        "Incident {ref} är gallrad; bara dess gravsten finns kvar i registret.",
    ),
    (
        r"No master key: (?P<path>.+) does not exist and BREACHREPORT_MASTER_KEY is not set\. .*",
        "Ingen huvudnyckel: {path} finns inte och BREACHREPORT_MASTER_KEY är inte satt. Kör "
        "'breachreport init' för en ny datamapp, eller återställ nyckeln från dess "
        "säkerhetskopia.",
    ),
    (
        r"(?P<path>.+) already exists; choose a new file name \(nothing was written\)\.",
        "{path} finns redan; välj ett nytt filnamn (inget skrevs).",
    ),
    (
        r"An account with this username already exists; .*",
        "Det finns redan ett konto med det användarnamnet; välj ett annat.",
    ),
    (r"No account with that username\.", "Det finns inget konto med det användarnamnet."),
    (
        r"As an? (?P<role>.+?) you may not (?P<what>.+?)(?:; ask (?P<ask>.+))?\.",
        "Som {role} får du inte {what}{ask}.",
    ),
)
_HEADLINES_SV = {
    "FactsInvalid": "Uppgifterna är inte giltiga",
    "FilingRefused": "Anmälan kan inte lämnas in ännu",
}
# What each use case is (the permissions' WHAT), as a refusal says it in Swedish.
_WHAT_SV = {
    "see the register": "se registret",
    "open incidents": "starta incidenter",
    "read incidents": "läsa incidenter",
    "read sections through an invitation": "läsa avsnitt genom en inbjudan",
    "change the facts": "ändra uppgifterna",
    "decide on notification": "besluta om anmälan",
    "file notifications with IMY": "skicka anmälningar till IMY",
    "record IMY's case number": "registrera IMY:s diarienummer",
    "make the draft notification": "ta fram utkastet till anmälan",
    "download filed notifications": "ladda ner inskickade anmälningar",
    "read the history": "läsa historiken",
    "invite supplier contacts": "bjuda in leverantörskontakter",
    "revoke invitations": "återkalla inbjudningar",
    "propose changes": "föreslå ändringar",
    "accept or reject proposals": "godkänna eller avvisa förslag",
    "comment on sections": "kommentera avsnitt",
    "approve drafts": "godkänna utkast",
    "assign legal reviewers": "utse juridiska granskare",
    "attach evidence": "bifoga underlag",
    "download evidence": "ladda ner underlag",
    "manage accounts": "hantera konton",
    "change the organisation's profile and settings": "ändra organisationens profil och "
    "inställningar",
    "verify the database": "kontrollera databasen",
    "export facts": "exportera uppgifter",
    "import facts": "importera uppgifter",
    "shred incidents": "gallra incidenter",
}


def said(error: BreachReportError, lang: str) -> str:
    """A deliberate error's message in ``lang``: from the catalogues when they have it."""
    english = str(error)
    if lang == "en":
        return english
    problems = getattr(error, "problems", None)
    if problems:
        headline = getattr(error, "headline", None)
        if headline is not None and headline.in_(lang) != headline.in_("en"):
            return error.in_(lang)
    else:
        translated = error.in_(lang)
        if translated != english:
            return translated
    return _swedish_from_english(error, english)


def _swedish_from_english(error: BreachReportError, english: str) -> str:
    problems = getattr(error, "problems", None)
    headline = _HEADLINES_SV.get(type(error).__name__)
    if problems and headline:
        parts = [f"{p.path}: {p.sv}" if p.path else p.sv for p in problems[:3]]
        more = len(problems) - 3
        return f"{headline}: " + "; ".join(parts) + (f" (och {more} till)" if more > 0 else "")
    for pattern, swedish in _SAID_SV:
        if found := re.fullmatch(pattern, english, flags=re.DOTALL):
            values = found.groupdict()
            if "role" in values:
                values = _refusal_sv(**values)
            return swedish.format(**values)
    return english


def _refusal_sv(role: str, what: str, ask: str | None) -> dict[str, str]:
    """The parts of "As a supplier contact you may not ...; ask a ... or an ..." in Swedish."""
    from ..domain.status import Role

    def sv(english: str, *, article: bool) -> str:
        found = next((r for r in Role if r.label("en").lower() == english), None)
        if found is None:
            return english
        name = found.label("sv").lower()
        if not article:
            return name
        return f"ett {name}" if found is Role.DPO else f"en {name}"

    parts = [part for part in (ask or "").replace(" or ", ", ").split(", ") if part]
    asked = [sv(part.split(" ", 1)[-1], article=True) for part in parts]
    listed = ", ".join(asked[:-1]) + f" eller {asked[-1]}" if len(asked) > 1 else "".join(asked)
    return {
        "role": sv(role, article=False),
        "what": _WHAT_SV.get(what, what),
        "ask": f"; be {listed}" if listed else "",
    }


def print_error(error: BreachReportError, lang: str) -> None:
    print(f"breachreport: {ERROR.in_(lang)}: {said(error, lang)}", file=sys.stderr)
    problems = getattr(error, "problems", None)
    if problems and len(problems) > 1:
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            print(f"  - {where}{problem.text(lang)}", file=sys.stderr)
