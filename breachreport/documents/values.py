"""One answer of the facts as a plain value for a template: text, list, table, or a marker.

Choices by their label, counts via ``Count.label``, hours with their unit, times in Europe/Stockholm,
countries by name.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from ..domain.choices import EU_EEA_COUNTRIES
from ..domain.facts import Facts
from ..domain.fields import Count, Hours
from ..domain.labels import NO, NOT_YET_KNOWN, YES, Choice, Text
from ..domain.sections import AuthorityReport, Processor
from ..domain.times import format_local

REMOVED = Text("Borttaget", "Removed")
# Art. 33(4): what is not known yet is given later, in phases; the notification says so.
TO_FOLLOW = Text("ännu inte känt, kompletteras", "not yet known, to follow")
NONE_GIVEN = "–"
HOUR = Text("{hours} timme", "{hours} hour")
HOURS = Text("{hours} timmar", "{hours} hours")

_PROCESSOR_COLUMNS = (
    Text("Namn", "Name"),
    Text("Roll", "Role"),
    Text("System", "System"),
    Text("Underrättade oss", "Told us"),
)
_REPORT_COLUMNS = (
    Text("Myndighet", "Authority"),
    Text("Diarienummer", "Reference"),
    Text("Anmält", "Reported"),
    Text("Kommentar", "Comment"),
)


def text(value: str, *, untranslated: bool = False) -> dict[str, Any]:
    """A text answer; ``untranslated`` marks the organisation's own text in the English copy."""
    return {"kind": "text", "text": value, "untranslated": untranslated}


def not_yet_known(lang: str) -> dict[str, Any]:
    return {"kind": "unknown", "text": NOT_YET_KNOWN(lang)}


def to_follow(lang: str) -> dict[str, Any]:
    return {"kind": "unknown", "text": TO_FOLLOW(lang)}


def removed(lang: str) -> dict[str, Any]:
    return {"kind": "removed", "text": REMOVED(lang)}


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return NONE_GIVEN
    if isinstance(value, datetime):
        return format_local(value, lang)
    if isinstance(value, Choice):
        return value.label(lang)
    return str(value)


def _table(columns: tuple[Text, ...], rows: list[list[Any]], lang: str) -> dict[str, Any]:
    return {
        "kind": "table",
        "columns": [column(lang) for column in columns],
        "rows": [[_cell(value, lang) for value in row] for row in rows],
    }


def _processors(items: list[Processor], lang: str) -> dict[str, Any]:
    rows = [[p.name, p.role, p.system, p.notified_controller_at] for p in items]
    return _table(_PROCESSOR_COLUMNS, rows, lang)


def _reports(items: list[AuthorityReport], lang: str) -> dict[str, Any]:
    rows = [[r.authority, r.reference, r.reported_at, r.details] for r in items]
    return _table(_REPORT_COLUMNS, rows, lang)


def _country(code: str, lang: str) -> str:
    names = EU_EEA_COUNTRIES.get(code)
    return Text(*names)(lang) if names else code


@cache
def _is_hours(path: str) -> bool:
    """Whether the question at ``path`` is a number of hours (its field type says so)."""
    section, _, name = path.partition(".")
    if section not in Facts.section_names():
        return False
    field = Facts.section_class(section).model_fields.get(name)
    return field is not None and field.metadata == list(Hours.__metadata__)


def number(value: float, lang: str) -> str:
    """1234.5 as '1 234,5' in Swedish and '1,234.5' in English; whole numbers without decimals."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang != "sv":
        return text
    return text.replace(",", "\u00a0").replace(".", ",")


def hours(value: float, lang: str) -> str:
    """A number of hours with its unit: '1 timme', '1,5 timmar', '30 hours'."""
    return (HOUR if value == 1 else HOURS)(lang).format(hours=number(value, lang))


def answer(path: str, value: Any, lang: str) -> dict[str, Any]:
    """An answered question's value as a template value (never None)."""
    if _is_hours(path) and isinstance(value, int | float) and not isinstance(value, bool):
        return text(hours(value, lang))
    if path == "other.other_countries":
        return {"kind": "list", "items": [_country(code, lang) for code in value]}
    if isinstance(value, bool):
        return text((YES if value else NO)(lang))
    if isinstance(value, Choice):
        return text(value.label(lang))
    if isinstance(value, Count):
        return text(value.label(lang))
    if isinstance(value, datetime):
        return text(format_local(value, lang))
    if isinstance(value, list) and value and isinstance(value[0], Processor):
        return _processors(value, lang)
    if isinstance(value, list) and value and isinstance(value[0], AuthorityReport):
        return _reports(value, lang)
    if isinstance(value, list):
        return {"kind": "list", "items": [_cell(item, lang) for item in value]}
    return text(str(value))
