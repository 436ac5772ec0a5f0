"""English texts of the free-text answers sent to IMY, kept in the internal facts section ``english``.

The English notification uses them; where one is missing it shows the organisation's own text
marked as untranslated, and ``untranslated`` names those questions. Pure: no I/O.

The section itself and its paths are in ``english_section``, which the facts import; they are
named here too, as the screens and documents know them.
"""

from __future__ import annotations

from .english_section import SECTION, TRANSLATABLE, english_path, source_label, source_path
from .facts import Facts
from .labels import Text

__all__ = [
    "SECTION",
    "TRANSLATABLE",
    "UNTRANSLATED_MARKER",
    "english_path",
    "english_text",
    "source_label",
    "source_path",
    "untranslated",
    "untranslated_warning",
]

# What the English document shows before an answer that has no English text yet.
UNTRANSLATED_MARKER = "[Not translated – original in Swedish]"


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
