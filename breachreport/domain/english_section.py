"""The internal facts section ``english``: one English text per free-text answer sent to IMY, and
per free-text answer of the reports to CERT-SE (section ``cyber``).

Which questions are translated and where each English text is kept. The section is part of the
facts, so this module must not need Facts; reading the texts of an incident is ``translations``.
Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from .cyber_section import CyberSection
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
# The free-text answers only the reports to CERT-SE show (never sent to IMY), in form order.
# Indicators of compromise are often addresses and hashes, but the notes between them are prose.
CYBER_TRANSLATABLE: tuple[str, ...] = (
    "cyber.affected_services",
    "cyber.indicators",
    "cyber.severity_impact",
    "cyber.root_cause",
    "cyber.geography",
    "cyber.economic_damage",
    "cyber.recurrence",
)
# Every question with a place for its English text.
ALL_TRANSLATABLE: tuple[str, ...] = TRANSLATABLE + CYBER_TRANSLATABLE

_SOURCES: dict[str, type[Section]] = {
    "times": TimesSection,
    "description": DescriptionSection,
    "data": DataSection,
    "consequences": ConsequencesSection,
    "measures": MeasuresSection,
    "communication": CommunicationSection,
    "other": OtherSection,
    "cyber": CyberSection,
}


def english_path(path: str) -> str | None:
    """Where the English text of ``path`` is kept ("description.summary" ->
    "english.description_summary"); None if the question is not translated."""
    if path not in ALL_TRANSLATABLE:
        return None
    return f"{SECTION}.{path.replace('.', '_', 1)}"


def source_path(path: str) -> str | None:
    """The question an ``english.*`` path translates; None for any other path."""
    for source in ALL_TRANSLATABLE:
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
        "Texten används i den engelska kopian; saknas den visas er svenska text, märkt som "
        "oöversatt.",
        "Used in the English copy; without it your Swedish text is shown, marked as untranslated.",
        imy=False,
    )


class EnglishSection(Section):
    """The English texts, one per translatable question; internal, never a section of IMY's form
    nor of CERT-SE's reports."""

    letter = "T"
    title = Text("Engelska texter", "English texts")
    why = Text(
        "De engelska dokumenten ska vara på engelska även i fritexten.",
        "The English documents must be in English in their free text too.",
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
    cyber_affected_services: LongText = _english("cyber.affected_services")
    cyber_indicators: LongText = _english("cyber.indicators")
    cyber_severity_impact: LongText = _english("cyber.severity_impact")
    cyber_root_cause: LongText = _english("cyber.root_cause")
    cyber_geography: ShortText = _english("cyber.geography")
    cyber_economic_damage: LongText = _english("cyber.economic_damage")
    cyber_recurrence: LongText = _english("cyber.recurrence")
