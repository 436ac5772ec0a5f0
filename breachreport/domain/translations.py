"""English texts of the free-text answers sent to IMY and to CERT-SE, kept in the internal facts
section ``english``.

The English documents use them; where one is missing they show the organisation's own text marked
as untranslated, and ``untranslated`` names those questions (IMY's by default, or those of the
document asked about: ``translatable_for``). Pure: no I/O.

The section itself and its paths are in ``english_section``, which the facts import; they are
named here too, as the screens and documents know them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .english_section import (
    ALL_TRANSLATABLE,
    CYBER_TRANSLATABLE,
    SECTION,
    TRANSLATABLE,
    english_path,
    source_label,
    source_path,
)
from .facts import Facts
from .labels import Text

__all__ = [
    "ALL_TRANSLATABLE",
    "CERT_SE_TRANSLATABLE",
    "CYBER_TRANSLATABLE",
    "SECTION",
    "TRANSLATABLE",
    "UNTRANSLATED_MARKER",
    "english_path",
    "english_text",
    "source_label",
    "source_path",
    "translatable_for",
    "untranslated",
    "untranslated_warning",
]

# What the English document shows before an answer that has no English text yet.
UNTRANSLATED_MARKER = "[Not translated – original in Swedish]"

# The free texts the reports to CERT-SE show: a few of IMY's (what happened, what was found, the
# measures) and the cyber section's own.
CERT_SE_TRANSLATABLE: tuple[str, ...] = (
    "description.summary",
    "description.investigation",
    "measures.taken",
    "measures.planned",
    *CYBER_TRANSLATABLE,
)


def translatable_for(document: str) -> tuple[str, ...]:
    """The translatable questions whose text ``document`` shows ("cert-se-final-report": the
    CERT-SE ones; any other document: IMY's)."""
    return CERT_SE_TRANSLATABLE if document.startswith("cert-se-") else TRANSLATABLE


def english_text(facts: Facts, path: str) -> str | None:
    """The English text given for the translatable question ``path``, or None."""
    target = english_path(path)
    return None if target is None else facts.value(target)


def untranslated(facts: Facts, paths: Iterable[str] = TRANSLATABLE) -> list[str]:
    """The translatable questions of ``paths`` (source paths, in their order; IMY's unless told)
    that have text but no English."""
    return [
        path
        for path in paths
        if facts.value(path) is not None and english_text(facts, path) is None
    ]


def untranslated_warning(facts: Facts, paths: Iterable[str] = TRANSLATABLE) -> Text | None:
    """One line naming each free-text answer of ``paths`` without English (label and path), or
    None; ``translatable_for(document)`` gives a document's paths."""
    missing = untranslated(facts, paths)
    if not missing:
        return None
    sv = ", ".join(f"{source_label(path).sv} ({path})" for path in missing)
    en = ", ".join(f"{source_label(path).en} ({path})" for path in missing)
    return Text(
        f"engelsk text saknas, den engelska kopian visar den svenska texten märkt som oöversatt: {sv}",
        f"no English text, the English copy shows the Swedish text marked as untranslated: {en}",
    )
