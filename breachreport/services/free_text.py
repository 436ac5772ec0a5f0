"""Free text typed beside the facts: a comment, a note, a reason, a file's description.

Judged by the same character rules as an answer (``domain.text_rules``), so that a NUL, an escape
sequence or a right-to-left override typed into one cannot reach the history, the register, a
filed document or the terminal that prints them, and a text of invisible characters only is no
text. Line breaks and tabs stay allowed: these texts have several lines.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..domain.labels import Text
from ..domain.problems import rule_problem
from ..domain.text_rules import code_point, forbidden_character, shows_something
from ..errors import InputError
from ..i18n import Message, _

REASON = _("reason")
DESCRIPTION = _("description")


def text_problem(value: str, path: str = "") -> tuple[str, Text] | None:
    """The rule ``value`` breaks as free text and its bilingual wording, or None."""
    found = forbidden_character(value, multiline=True)
    if found is not None:
        char, code = found
        problem = rule_problem(path, code, char=code_point(char))
    elif not shows_something(value):
        problem = rule_problem(path, "text_invisible")
    else:
        return None
    return problem.code, Text(problem.sv, problem.en)


def checked_free_text(value: str, what: Message) -> str:
    """``value`` if it is text a reader can see; InputError naming ``what`` and the character
    otherwise (never the text around it)."""
    found = text_problem(value)
    if found is not None:
        raise InputError(_("The {what} cannot be saved: {problem}", what=what, problem=found[1]))
    return value


def free_text(value: Any, what: Message, *, limit: int) -> str:
    """``value`` as a free text of at most ``limit`` characters: text, trimmed, in Unicode's
    composed form and readable (see ``checked_free_text``); an empty string when it is blank.
    InputError naming ``what`` otherwise."""
    if not isinstance(value, str):
        raise InputError(_("The {what} must be text.", what=what))
    text = unicodedata.normalize("NFC", value.strip())
    if len(text) > limit:
        raise InputError(
            _("The {what} is too long (at most {limit:,} characters).", what=what, limit=limit)
        )
    return checked_free_text(text, what) if text else text
