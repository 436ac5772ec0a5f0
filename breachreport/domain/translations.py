"""English texts of the free-text answers sent to IMY, kept in the internal facts section ``english``.

The English notification uses them; where one is missing it shows the organisation's own text
marked as untranslated, and ``untranslated`` names those questions. Pure: no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fields import LongText, ShortText, ask, question_meta
from .labels import Text
from .sections import (
    CommunicationSection,
    ConsequencesSection,
    DataSection,
    DescriptionSection,
    MeasuresSection,
    OtherSection,
    Section,
    TimesSection,
)

if TYPE_CHECKING:
    from .facts import Facts

SECTION = "english"

# The free-text questions IMY reads, in form order. Names, addresses and numbers are not
# translated: they read the same in both documents.
TRANSLATABLE: tuple[str, ...] = (
    "times.delay_reasons",
    "description.summary",
    "description.investigation",
    "data.subject_categories_other",
    "data.data_categories_other",
    "consequences.details",
    "measures.taken",
    "measures.planned",
    "communication.reason_details",
    "other.other_info",
    "other.secrecy_claim",
)

_SOURCES: dict[str, type[Section]] = {
    "times": TimesSection,
    "description": DescriptionSection,
    "data": DataSection,
    "consequences": ConsequencesSection,
    "measures": MeasuresSection,
    "communication": CommunicationSection,
    "other": OtherSection,
}

# What the English document shows before an answer that has no English text yet.
UNTRANSLATED_MARKER = "[Not translated – original in Swedish]"


def english_path(path: str) -> str | None:
    """Where the English text of ``path`` is kept ("description.summary" ->
    "english.description_summary"); None if the question is not translated."""
    if path not in TRANSLATABLE:
        return None
    return f"{SECTION}.{path.replace('.', '_', 1)}"


def source_path(path: str) -> str | None:
    """The question an ``english.*`` path translates; None for any other path."""
    for source in TRANSLATABLE:
        if english_path(source) == path:
            return source
    return None


def source_label(path: str) -> Text:
    """The label of the translated question ``path`` (e.g. "description.summary")."""
    section, name = path.split(".", 1)
    return question_meta(_SOURCES[section].model_fields[name])[0]


def _english(path: str) -> Any:
    label = source_label(path)
    return ask(
        f"Engelsk text: {label.sv}",
        f"English text: {label.en}",
        "Texten används i den engelska anmälan; saknas den visas er svenska text, märkt som "
        "oöversatt.",
        "Used in the English notification; without it your Swedish text is shown, marked as "
        "untranslated.",
        imy=False,
    )


class EnglishSection(Section):
    """The English texts, one per translatable question; internal, never a section of IMY's form."""

    letter = "T"
    title = Text("Engelska texter", "English texts")
    why = Text(
        "Den engelska anmälan ska vara på engelska även i fritexten.",
        "The English notification must be in English in its free text too.",
    )
    sent_to_imy = False

    times_delay_reasons: LongText = _english("times.delay_reasons")
    description_summary: LongText = _english("description.summary")
    description_investigation: LongText = _english("description.investigation")
    data_subject_categories_other: ShortText = _english("data.subject_categories_other")
    data_data_categories_other: ShortText = _english("data.data_categories_other")
    consequences_details: LongText = _english("consequences.details")
    measures_taken: LongText = _english("measures.taken")
    measures_planned: LongText = _english("measures.planned")
    communication_reason_details: LongText = _english("communication.reason_details")
    other_other_info: LongText = _english("other.other_info")
    other_secrecy_claim: LongText = _english("other.secrecy_claim")


def english_text(facts: Facts, path: str) -> str | None:
    """The English text given for the translatable question ``path``, or None."""
    target = english_path(path)
    return None if target is None else facts.value(target)


def untranslated(facts: Facts) -> list[str]:
    """The translatable questions (source paths, in form order) that have text but no English."""
    return [
        path
        for path in TRANSLATABLE
        if facts.value(path) is not None and english_text(facts, path) is None
    ]


def untranslated_warning(facts: Facts) -> Text | None:
    """One line naming each free-text answer without English (label and path), or None."""
    missing = untranslated(facts)
    if not missing:
        return None
    sv = ", ".join(f"{source_label(path).sv} ({path})" for path in missing)
    en = ", ".join(f"{source_label(path).en} ({path})" for path in missing)
    return Text(
        f"engelsk text saknas, den engelska kopian visar den svenska texten märkt som oöversatt: {sv}",
        f"no English text, the English copy shows the Swedish text marked as untranslated: {en}",
    )
