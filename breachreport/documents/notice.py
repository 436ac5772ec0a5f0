"""The notice to the data subjects (Art. 34): a plain letter to each person affected, from the facts,
as Markdown, HTML (and from it PDF) and a Word letter the DPO edits before it goes out.

What happened, what it means for you, what we have done, what you can do, whom to contact. Pure:
the renderer never reads the clock; the Swedish text's LIX score is ``notice_readability``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from ..domain import translations
from ..domain.choices import Authority, BreachKind, DataCategory
from ..domain.facts import Facts
from ..domain.labels import Text
from ..domain.times import to_stockholm
from ..errors import InputError
from .advice import PLAIN_CONSEQUENCES, PLAIN_DATA, PLAIN_KINDS, advice_for
from .environment import environment
from .lix import lix
from .notification import NotificationContext
from .word import render_docx

LANGS = ("sv", "en")
FORMATS = ("md", "html")
TEMPLATE = "data-subject-notice.{lang}.{fmt}.j2"
DOCX_TEMPLATE = "data-subject-notice.{lang}.docx"
_BLANK_RUNS = re.compile(r"\n{3,}")

_MONTHS = Text(
    "januari februari mars april maj juni juli augusti september oktober november december",
    "January February March April May June July August September October November December",
)


def _day(value: datetime | None, lang: str) -> str | None:
    """A date as people say it, in Swedish time: '19 januari 2024' (a letter needs no clock)."""
    if value is None:
        return None
    local = to_stockholm(value)
    return f"{local.day} {_MONTHS(lang).split()[local.month - 1]} {local.year}"


# The DPO's own texts the notice quotes, by their name in the view.
_OWN_TEXTS = {
    "summary": "description.summary",
    "details": "consequences.details",
    "taken": "measures.taken",
    "planned": "measures.planned",
}


def _own_text(facts: Facts, path: str, lang: str) -> str | None:
    """The DPO's text of ``path`` in ``lang``: in English its English version where given."""
    if lang == "en":
        return translations.english_text(facts, path) or facts.value(path)
    return facts.value(path)


def _untranslated(facts: Facts, lang: str) -> list[str]:
    """The quoted texts an English notice shows in Swedish, to be marked as untranslated."""
    if lang != "en":
        return []
    missing = set(translations.untranslated(facts))
    return [name for name, path in _OWN_TEXTS.items() if path in missing]


def _data(facts: Facts, lang: str) -> list[str]:
    """The kinds of data hit, in plain words; "other" names the DPO's own description if given."""
    names = []
    for category in facts.data.data_categories or []:
        if category is DataCategory.OTHER and facts.data.data_categories_other:
            names.append(_own_text(facts, "data.data_categories_other", lang))
        else:
            names.append(PLAIN_DATA[category](lang))
    return names


def _taken_out(facts: Facts) -> str | None:
    """Whether data left: "confirmed", "suspected", "ruled_out", "unknown", or None if not asked."""
    circumstances = facts.circumstances
    if circumstances.exfiltration is not None:
        return circumstances.exfiltration.value
    if circumstances.is_unknown("exfiltration"):
        return "unknown"
    return None


def _contact(facts: Facts) -> dict[str, Any] | None:
    """The DPO if named, else the contact person: the point of contact Art. 34(2) asks for."""
    c = facts.contact
    if c.dpo_name or c.dpo_email or c.dpo_phone:
        return {"dpo": True, "name": c.dpo_name, "phone": c.dpo_phone, "email": c.dpo_email}
    if c.contact_name or c.contact_email or c.contact_phone:
        return {
            "dpo": False,
            "name": c.contact_name,
            "phone": c.contact_phone,
            "email": c.contact_email,
        }
    return None


def notice_view(*, facts: Facts, lang: str, context: NotificationContext | None) -> dict[str, Any]:
    """Everything the notice templates show, in ``lang``; ``context`` None leaves out the footer.

    ``context.filing`` is the incident's filing with IMY, if there is one: the notice then says
    that IMY has been told, and since when (the first filing's time for a follow-up).
    """
    kinds = facts.description.kinds or []
    count = facts.data.subjects_count
    filing = context.filing if context else None
    reports = facts.other.reports or []
    advice = advice_for(facts.data.data_categories, facts.data.subject_categories)
    return {
        "lang": lang,
        "controller": facts.controller.name,
        "incident_ref": context.incident_ref if context else None,
        "happened": {
            "occurred_on": _day(facts.times.occurred_from, lang),
            "aware_on": _day(facts.times.aware_at, lang),
            "ongoing": facts.times.ongoing,
            "ended_on": _day(facts.times.ended_at, lang),
            "kinds": [PLAIN_KINDS[kind](lang) for kind in kinds],
            "subjects": count.label(lang) if count else None,
            "summary": _own_text(facts, "description.summary", lang),
        },
        "data": _data(facts, lang),
        "meaning": {
            "taken_out": _taken_out(facts),
            "confidentiality": BreachKind.CONFIDENTIALITY in kinds,
            "consequences": [
                PLAIN_CONSEQUENCES[c](lang)
                for c in facts.consequences.likely or []
                if c in PLAIN_CONSEQUENCES
            ],
            "details": _own_text(facts, "consequences.details", lang),
        },
        "done": {
            "taken": _own_text(facts, "measures.taken", lang),
            "planned": _own_text(facts, "measures.planned", lang),
            "imy_on": _day(filing.first_filed_at or filing.filed_at, lang) if filing else None,
            "police": any(r.authority is Authority.POLICE for r in reports),
        },
        "advice": [
            {"key": a.key, "title": a.title(lang), "steps": [step(lang) for step in a.steps]}
            for a in advice
        ],
        "contact": _contact(facts),
        "untranslated": _untranslated(facts, lang),
        "footer": context.footer(lang) if context else None,
    }


def _check(lang: str, fmt: str) -> None:
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    if fmt not in FORMATS:
        raise InputError(
            f"Unknown format '{fmt}' for the notice to data subjects; choose md or html."
        )


def _render(view: dict[str, Any], lang: str, fmt: str) -> str:
    text = environment().get_template(TEMPLATE.format(lang=lang, fmt=fmt)).render(view)
    # Optional paragraphs leave runs of blank lines in Markdown; user text never makes one (its
    # line breaks are escaped as hard breaks), so squeezing them changes only the layout.
    return _BLANK_RUNS.sub("\n\n", text) if fmt == "md" else text


def render_notice(
    *,
    facts: Facts,
    lang: Literal["sv", "en"],
    fmt: Literal["md", "html"],
    context: NotificationContext,
) -> str:
    """The notice to the data subjects of ``facts`` in ``lang`` as Markdown or a standalone HTML
    page, with the same footer as every other document."""
    _check(lang, fmt)
    return _render(notice_view(facts=facts, lang=lang, context=context), lang, fmt)


def notice_body(facts: Facts, lang: Literal["sv", "en"] = "sv") -> str:
    """The notice as Markdown without its footer: the words the people affected read (the footer
    is for the organisation's records)."""
    _check(lang, "md")
    return _render(notice_view(facts=facts, lang=lang, context=None), lang, "md")


def notice_readability(facts: Facts, lang: Literal["sv", "en"] = "sv") -> float:
    """The LIX score of the notice's text (Swedish by default); under 40 reads as plain prose.

    The DPO's own texts (what happened, the measures) count too: they are what people read.
    """
    return lix(notice_body(facts, lang))


def render_notice_docx(*, facts: Facts, lang: str, context: NotificationContext) -> bytes:
    """The notice as a Word letter the DPO can edit before it goes out: the same view and prose as
    the Markdown and HTML, as plain paragraphs, headings and lists (``data-subject-notice.{lang}
    .docx``, made by scripts/make_notice_docx.py). Typed text stays text, never a tag."""
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    view = notice_view(facts=facts, lang=lang, context=context)
    return render_docx(DOCX_TEMPLATE.format(lang=lang), view, at=context.generated_at)
