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
from .text_rules import code_point, is_visible


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
    # A supplier's bulletin (domain.bulletin_model): rules between its answers.
    "bulletin_ongoing_ended": Text(
        "En incident som fortfarande pågår har ingen sluttid.",
        "An incident that is still ongoing has no end time.",
    ),
    "bulletin_ends_before_start": Text(
        "Incidenten kan inte ha upphört innan den började.",
        "The incident cannot have ended before it began.",
    ),
    "bulletin_published_not_exfiltrated": Text(
        "Uppgifter som har publicerats har förts ut: ange att exfiltreringen är bekräftad.",
        "Data that were published were taken out: mark the exfiltration as confirmed.",
    ),
    "bulletin_exfiltration_not_confidentiality": Text(
        "Bekräftad exfiltrering är ett brott mot konfidentialiteten: ange konfidentialitet bland "
        "det som påverkats.",
        "Confirmed exfiltration is a breach of confidentiality: include confidentiality among "
        "the kinds of breach.",
    ),
    "bulletin_protected_over_count": Text(
        "Fler personer med skyddade personuppgifter än berörda personer.",
        "More people with protected identities than people affected.",
    ),
    "bulletin_changes_missing": Text(
        "Från version 2 ska en bulletin säga vad som har ändrats.",
        "From version 2 a bulletin must say what changed.",
    ),
    "bulletin_customer_twice": Text(
        "Varje kund får bara ha en del i bulletinen.",
        "Each customer may have only one part in the bulletin.",
    ),
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
    "text_control_character": Text(
        "Texten innehåller ett styrtecken ({char}) som inte är text; ta bort det.",
        "The text holds a control character ({char}) that is not text; remove it.",
    ),
    "text_line_break": Text(
        "Svaret ska vara en enda rad; ta bort radbrytningen eller tabbtecknet ({char}).",
        "The answer must be a single line; remove the line break or tab ({char}).",
    ),
    "text_bidi_control": Text(
        "Texten innehåller ett osynligt tecken som vänder skrivriktningen ({char}); ta bort det.",
        "The text holds an invisible character that reverses the writing direction ({char}); "
        "remove it.",
    ),
    "text_invisible": Text(
        "Texten har inget synligt tecken, bara blanksteg eller osynliga tecken; skriv svaret "
        "eller lämna frågan tom.",
        "The text has no visible character, only spaces or invisible characters; write the "
        "answer or leave the question empty.",
    ),
    "time_not_a_time": Text(
        "Ska vara datum och klockslag som text, t.ex. 2024-01-20 14:00; ett tal är inte en "
        "tidpunkt.",
        "Must be a date and time as text, e.g. 2024-01-20 14:00; a number is not a time.",
    ),
    "time_format": Text(
        "Ska vara datum och klockslag, t.ex. 2024-01-20 14:00.",
        "Must be a date and time, e.g. 2024-01-20 14:00.",
    ),
    "time_too_early": Text(
        "Tidpunkten ligger före {earliest}; kontrollera årtalet.",
        "The time is before {earliest}; check the year.",
    ),
    "list_too_long": Text(
        "För många poster (högst {max_length}); kontrollera listan.",
        "Too many entries (at most {max_length}); check the list.",
    ),
    "number_not_finite": Text(
        "NaN och Infinity är inga giltiga värden; skriv det tal eller den text frågan ber om.",
        "NaN and Infinity are not valid values; write the number or text the question asks for.",
    ),
}

# Pydantic's own error types in both languages: its English is written for programmers ("Input
# should be a valid integer"), so neither language shows it. Anything missing gets a generic line.
_PYDANTIC: dict[str, Text] = {
    "missing": Text("Uppgiften saknas.", "The answer is missing."),
    "extra_forbidden": Text(
        "Okänt fält; kontrollera stavningen.", "There is no such field; check the spelling."
    ),
    "string_type": Text("Ska vara text (inom citattecken).", "Must be text (in quotes)."),
    "string_too_long": Text(
        "Texten är för lång (högst {max_length} tecken).",
        "The text is too long (at most {max_length} characters).",
    ),
    "string_too_short": Text("Texten får inte vara tom.", "The text must not be empty."),
    "int_type": Text(
        "Ska vara ett heltal, t.ex. 120 (inte text, decimaltal eller true/false).",
        "Must be a whole number, e.g. 120 (not text, a decimal or true/false).",
    ),
    "float_type": Text(
        "Ska vara ett tal, t.ex. 1.5 (inte text eller true/false).",
        "Must be a number, e.g. 1.5 (not text or true/false).",
    ),
    "bool_type": Text(
        "Ska vara ja eller nej, skrivet true eller false (inte text eller en siffra).",
        "Must be yes or no, written true or false (not text or a number).",
    ),
    "datetime_type": Text(
        "Ska vara datum och klockslag som text, t.ex. 2024-01-20 14:00.",
        "Must be a date and time as text, e.g. 2024-01-20 14:00.",
    ),
    "enum": Text("Välj ett av de givna alternativen.", "Choose one of the given options."),
    "literal_error": Text("Välj ett av de givna alternativen.", "Choose one of the given options."),
    "list_type": Text("Ska vara en lista ([...]).", "Must be a list ([...])."),
    "model_type": Text(
        "Ska vara en grupp av uppgifter (ett objekt, {{...}}).",
        "Must be a group of answers (an object, {{...}}).",
    ),
    "model_attributes_type": Text(
        "Ska vara en grupp av uppgifter (ett objekt, {{...}}).",
        "Must be a group of answers (an object, {{...}}).",
    ),
    "dict_type": Text("Ska vara ett objekt ({{...}}).", "Must be an object ({{...}})."),
    "greater_than_equal": Text("Måste vara minst {ge}.", "Must be at least {ge}."),
    "greater_than": Text("Måste vara större än {gt}.", "Must be greater than {gt}."),
    "less_than_equal": Text("Får vara högst {le}.", "Must be at most {le}."),
    "too_long": Text(
        "För många val (högst {max_length}).", "Too many items (at most {max_length})."
    ),
    "json_invalid": Text("Ogiltig JSON.", "Not valid JSON."),
}
_INVALID = Text("Ogiltigt värde.", "The value is not valid.")


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


# An unknown field's name is the only thing a problem repeats from the input: it is shown as
# typed, but no longer than this, and with what is not plain visible text written as U+XXXX (an
# escape sequence in a key would otherwise colour or clear the terminal that prints the line).
_SHOWN_NAME_MAX = 60


def _shown(part: Any) -> str:
    text = str(part)
    if len(text) > _SHOWN_NAME_MAX:
        text = text[:_SHOWN_NAME_MAX] + "…"
    return "".join(
        char if char == " " or is_visible(char) else f"<{code_point(char)}>" for char in text
    )


def problems_from(error: ValidationError) -> list[Problem]:
    """Translate a pydantic ValidationError into bilingual problems."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        code = item["type"]
        ctx = {k: v for k, v in (item.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        path = ".".join(_shown(part) for part in item["loc"])
        text = RULES.get(code) or _PYDANTIC.get(code) or _INVALID
        try:
            sv, en = text.sv.format(**ctx), text.en.format(**ctx)
        except (KeyError, IndexError):
            sv, en = _INVALID.sv, _INVALID.en
        problems.append(Problem(path=path, code=code, sv=sv, en=en))
    return problems
