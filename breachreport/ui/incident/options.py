"""Options shown in the user's language: their labels fixed when the page is built, and a widget key
per language so that a language switch starts a choice afresh from the answer as seen.
"""

from __future__ import annotations

from ...domain.labels import Choice
from ..context import lang


def by_language(key: str) -> str:
    """The key of a widget whose options are shown in the user's language. Streamlit keeps a
    choice by its label, so after a language switch the old label would match no option and the
    answer would silently empty; a key per language starts afresh from the answer as seen."""
    return f"{key}.{lang()}"


def option_names(choices: type[Choice]) -> dict[str, str]:
    """Each option's label in the user's language, fixed now: Streamlit may format options after
    the run, when the session's language is out of reach."""
    return {member.value: member.label(lang()) for member in choices}
