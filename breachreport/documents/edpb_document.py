"""The facts laid out in the EDPB's common template for Art. 33 notifications: the seven parts with
each field's id, label and value, "to be determined" where the facts do not hold it yet.

One view model, from the same answers as ``breachreport export --format edpb``, feeds Markdown,
HTML, Word and PDF. Pure: the renderer never reads the clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain import edpb_choices as E
from ..domain import translations
from ..domain.edpb_template import (
    CONDITIONAL,
    COUNTRIES,
    FIELDS,
    PARTS,
    SOURCE,
    VERSION,
    Field,
    answers,
)
from ..domain.facts import Facts
from ..domain.labels import NO, YES, Text
from ..domain.times import format_local
from ..errors import InputError
from . import values
from .notification import NotificationContext
from .pdf import render_pdf
from .word import render_docx

DOCUMENT = "edpb-template"
LANGS = ("sv", "en")
FORMATS = ("md", "html", "docx", "pdf")
TO_BE_DETERMINED = Text("Fastställs senare", "To be determined")
NOT_ASKED = Text("Frågas inte i det här fallet", "Not asked in this case")
NOT_GIVEN = Text("Inte angivet", "Not given")
# The columns of the fields that hold a list of entries, by each entry's key.
COLUMNS: dict[str, Text] = {
    "name": Text("Namn", "Name"),
    "role": Text("Roll", "Role"),
    "system": Text("System", "System"),
    "informed_controller_at": Text("Underrättade oss", "Told us"),
    "authority": Text("Myndighet", "Authority"),
    "reference": Text("Diarienummer", "Reference"),
    "reported_at": Text("Anmält", "Reported"),
    "country": Text("Land", "Country"),
    "data_subjects": Text("Antal registrerade", "Data subjects"),
    "type": Text("Typ", "Type"),
    "date": Text("Datum", "Date"),
    "description": Text("Beskrivning", "Description"),
}


def _marker(text: Text, lang: str) -> dict[str, Any]:
    return {"kind": "marker", "text": text(lang)}


def _label(field: Field, value: Any, lang: str) -> str:
    option = (field.options or {}).get(value)
    return option(lang) if option is not None else str(value)


_ITEM_OPTIONS = {"role": E.PartyRole, "authority": E.OtherAuthority, "type": E.AttachmentType}


def _cell(key: str, value: Any, lang: str) -> str:
    if key.endswith("_at"):
        return format_local(datetime.fromisoformat(value), lang)
    if key == "data_subjects":
        return values.number(value, lang)
    if key == "country":
        return COUNTRIES[value](lang)
    if key in _ITEM_OPTIONS:
        return _ITEM_OPTIONS[key](value).label(lang)
    return str(value)


def _table(field: Field, entries: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    keys = [k for k in (field.items or {}).get("properties", {}) if any(k in e for e in entries)]
    return {
        "kind": "table",
        "columns": [COLUMNS[key](lang) for key in keys],
        "rows": [[_cell(k, e[k], lang) if k in e else "–" for k in keys] for e in entries],
    }


def _text(facts: Facts, field: Field, value: str, lang: str) -> dict[str, Any]:
    """Free text as written; in English, the English version where one is given, or the
    organisation's own text marked as untranslated."""
    path = getattr(field.fill, "path", None)
    if lang != "en" or path not in translations.TRANSLATABLE:
        return values.text(value)
    english = translations.english_text(facts, path)
    return values.text(english) if english else values.text(value, untranslated=True)


def _value(facts: Facts, field: Field, value: Any, lang: str) -> dict[str, Any]:
    if field.kind == "text":
        return _text(facts, field, value, lang)
    if field.kind == "date-time":
        return values.text(format_local(datetime.fromisoformat(value), lang))
    if field.kind == "choice":
        return values.text(_label(field, value, lang))
    if field.kind == "choices":
        return {"kind": "list", "items": [_label(field, v, lang) for v in value]}
    if field.kind == "number":
        return values.text(values.number(value, lang))
    if field.kind == "boolean":
        return values.text((YES if value else NO)(lang))
    return _table(field, value, lang)


def edpb_view(*, facts: Facts, lang: str, context: NotificationContext) -> dict[str, Any]:
    """Everything the template documents show, in ``lang``: the parts, each field by id.

    The document is always a draft (no filing keeps it). ``context.filing``, when given, is the
    first notification to IMY, as the data-subject notice gets it: the template is then a
    follow-up quoting IMY's case number, as ``workspace.edpb.export`` makes it."""
    earlier = context.filing
    given, open_ids = answers(
        facts,
        generated_at=context.generated_at,
        previous=earlier.case_number if earlier else None,
        first_filed_at=earlier.filed_at if earlier else None,
    )
    parts: dict[int, list[dict[str, Any]]] = {number: [] for number in PARTS}
    for field in FIELDS:
        if field.id in given:
            value = _value(facts, field, given[field.id], lang)
        elif field.id in open_ids:
            value = _marker(TO_BE_DETERMINED, lang)
        elif field.need == CONDITIONAL:
            value = _marker(NOT_ASKED, lang)
        else:
            value = _marker(NOT_GIVEN, lang)
        parts[field.part].append({"id": field.id, "label": field.label(lang), "value": value})
    return {
        "lang": lang,
        "draft": True,
        "controller": facts.controller.name,
        "version": VERSION,
        "source": SOURCE,
        "open_count": len(open_ids),
        "complete": given.get(4) == "complete",
        "parts": [
            {"number": number, "title": PARTS[number](lang), "fields": fields}
            for number, fields in parts.items()
        ],
        "footer": context.footer(lang),
    }


def render_edpb_document(
    *, facts: Facts, lang: str, fmt: str, context: NotificationContext
) -> bytes:
    """The template document in ``lang`` as Markdown, HTML, Word or PDF."""
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    if fmt not in FORMATS:
        raise InputError(
            f"Unknown format '{fmt}' for the EDPB template; choose one of: {', '.join(FORMATS)}."
        )
    from .environment import render_template

    view = edpb_view(facts=facts, lang=lang, context=context)
    if fmt == "docx":
        return render_docx(f"{DOCUMENT}.{lang}.docx", view, at=context.generated_at)
    text = render_template(f"{DOCUMENT}.{lang}.{'html' if fmt == 'pdf' else fmt}.j2", view)
    return render_pdf(text) if fmt == "pdf" else text.encode("utf-8")
