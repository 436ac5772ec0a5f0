"""Validation problems in Swedish and English, and the translation of pydantic's errors into them.

A problem names the field path (``times.aware_at``) and says what to do; it never repeats the value,
which may be personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .labels import Text


@dataclass(frozen=True)
class Problem:
    """One thing a DPO must fix, in both languages."""

    path: str
    code: str
    sv: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


# Our own rules. Each code is raised as a PydanticCustomError with the English text; the Swedish
# text is looked up here when the error is translated.
RULES: dict[str, Text] = {
    "org_number_format": Text(
        "Organisationsnumret ska ha tio siffror, t.ex. 212000-0142.",
        "The organisation number must have ten digits, e.g. 212000-0142.",
    ),
    "org_number_checksum": Text(
        "Organisationsnumrets kontrollsiffra stämmer inte; kontrollera numret.",
        "The organisation number's check digit does not match; check the number.",
    ),
    "email_format": Text(
        "E-postadressen är inte giltig (exempel: namn@exempel.se).",
        "The email address is not valid (example: name@example.se).",
    ),
    "phone_format": Text(
        "Telefonnumret är inte giltigt; skriv det med riktnummer, t.ex. 090-785 00 00 eller +46 90 785 00 00.",
        "The phone number is not valid; include the area code, e.g. 090-785 00 00 or +46 90 785 00 00.",
    ),
    "time_nonexistent": Text(
        "Klockslaget finns inte i svensk tid (det hoppades över när sommartiden började).",
        "That time does not exist in Swedish time (it was skipped when summer time began).",
    ),
    "time_ambiguous": Text(
        "Klockslaget inträffar två gånger när sommartiden slutar; ange tidszon, +02:00 eller +01:00.",
        "That time occurs twice when summer time ends; give the offset, +02:00 or +01:00.",
    ),
    "time_in_future": Text(
        "Tidpunkten ligger i framtiden.",
        "The time is in the future.",
    ),
    "timeline_order": Text(
        "Tidslinjen går inte ihop: {first_sv} måste komma före eller samtidigt som {second_sv}.",
        "The timeline does not add up: {first_en} must come before or at the same time as {second_en}.",
    ),
    "ongoing_but_ended": Text(
        "Incidenten anges både pågå och ha upphört; välj ett av dem.",
        "The incident is marked both as ongoing and as ended; choose one.",
    ),
    "count_records_below_subjects": Text(
        "Antalet poster är mindre än antalet registrerade; varje berörd person har minst en post.",
        "There are fewer records than data subjects; every person affected has at least one record.",
    ),
    "count_sensitive_above_subjects": Text(
        "De känsliga uppgifterna kan inte gälla fler personer än incidenten berör.",
        "The sensitive data cannot concern more people than the breach affects.",
    ),
    "count_positive": Text(
        "Antalet måste vara minst 1; om det inte är känt ännu, markera det som ännu inte känt.",
        "The number must be at least 1; if it is not known yet, mark it as not yet known.",
    ),
    "count_too_large": Text(
        "Antalet är orimligt stort; kontrollera siffran.",
        "The number is implausibly large; check the figure.",
    ),
    "hours_negative": Text(
        "Antalet timmar kan inte vara negativt.",
        "The number of hours cannot be negative.",
    ),
    "hours_too_large": Text(
        "Antalet timmar är orimligt stort (högst {max_hours}); kontrollera siffran.",
        "The number of hours is implausibly large (at most {max_hours}); check the figure.",
    ),
    "hours_not_number": Text(
        "Ange antalet timmar som ett tal.",
        "Give the number of hours as a number.",
    ),
    "unknown_and_answered": Text(
        "Frågan har både ett svar och markeringen ”ännu inte känt”; ta bort det ena.",
        "The question has both an answer and the mark 'not yet known'; remove one.",
    ),
    "unknown_not_allowed": Text(
        "Den här frågan kan inte markeras som ännu inte känd.",
        "This question cannot be marked as not yet known.",
    ),
    "country_not_eu_eea": Text(
        "Ange ett land i EU/EES med landskod, t.ex. FI eller NO.",
        "Give an EU/EEA country by its code, e.g. FI or NO.",
    ),
    "informed_contradiction": Text(
        "Ett datum då de registrerade informerades är angivet, men svaret är att de inte har informerats.",
        "A date when the data subjects were informed is given, but the answer says they were not informed.",
    ),
    "exfiltration_without_confidentiality": Text(
        "Uppgifter har förts ut; lägg till konfidentialitet bland incidentens slag.",
        "Data were taken out; add confidentiality to the kinds of breach.",
    ),
    "decision_override_reason": Text(
        "Ett beslut som avviker från rekommendationen måste motiveras.",
        "A decision that departs from the recommendation needs a reason.",
    ),
    "text_too_long": Text(
        "Texten är för lång (högst {max_length} tecken).",
        "The text is too long (at most {max_length} characters).",
    ),
}

# Pydantic's own error types, in Swedish. Anything missing falls back to a generic sentence.
_PYDANTIC_SV: dict[str, str] = {
    "missing": "Uppgiften saknas.",
    "extra_forbidden": "Okänt fält; kontrollera stavningen.",
    "string_type": "Ska vara text.",
    "string_too_long": "Texten är för lång (högst {max_length} tecken).",
    "string_too_short": "Texten får inte vara tom.",
    "int_type": "Ska vara ett heltal.",
    "int_parsing": "Ska vara ett heltal.",
    "int_from_float": "Ska vara ett heltal.",
    "bool_type": "Ska vara ja eller nej.",
    "bool_parsing": "Ska vara ja eller nej.",
    "datetime_type": "Ska vara datum och klockslag, t.ex. 2024-01-20 14:00.",
    "datetime_parsing": "Ska vara datum och klockslag, t.ex. 2024-01-20 14:00.",
    "datetime_from_date_parsing": "Ska vara datum och klockslag, t.ex. 2024-01-20 14:00.",
    "enum": "Välj ett av de givna alternativen.",
    "literal_error": "Välj ett av de givna alternativen.",
    "list_type": "Ska vara en lista.",
    "model_type": "Ska vara en grupp av frågor (ett objekt).",
    "dict_type": "Ska vara ett objekt.",
    "greater_than_equal": "Måste vara minst {ge}.",
    "greater_than": "Måste vara större än {gt}.",
    "less_than_equal": "Får vara högst {le}.",
    "too_long": "För många val (högst {max_length}).",
    "json_invalid": "Ogiltig JSON.",
}


def rule_error(code: str, **ctx: Any) -> PydanticCustomError:
    """A pydantic error for one of our rules, with the English text as its message."""
    return PydanticCustomError(code, RULES[code].en, ctx or None)


def raise_rules(title: str, broken: list[tuple[tuple[str, ...], str, dict[str, Any]]]) -> None:
    """Raise every broken rule at once, each at its own field path. Does nothing if none broke."""
    if broken:
        details = [
            InitErrorDetails(type=rule_error(code, **ctx), loc=loc, input=None)
            for loc, code, ctx in broken
        ]
        raise ValidationError.from_exception_data(title, details)


def rule_problem(path: str, code: str, **ctx: Any) -> Problem:
    text = RULES[code]
    return Problem(path=path, code=code, sv=text.sv.format(**ctx), en=text.en.format(**ctx))


def problems_from(error: ValidationError) -> list[Problem]:
    """Translate a pydantic ValidationError into bilingual problems."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        code = item["type"]
        ctx = {k: v for k, v in (item.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        path = ".".join(str(part) for part in item["loc"])
        if code in RULES:
            text = RULES[code]
            sv, en = text.sv.format(**ctx), text.en.format(**ctx)
        else:
            en = item["msg"]
            sv_template = _PYDANTIC_SV.get(code, "Ogiltigt värde.")
            try:
                sv = sv_template.format(**ctx)
            except (KeyError, IndexError):
                sv = "Ogiltigt värde."
        problems.append(Problem(path=path, code=code, sv=sv, en=en))
    return problems
