"""What an account's username, display name and role may be, checked as typed: the same rules for
an account added on a screen, on the command line or by single sign-on.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..domain.status import Role
from ..domain.text_rules import is_plain_line, shows_something
from ..errors import InputError
from ..i18n import Message, _

USERNAME_MAX_LENGTH = 254  # the longest email address
DISPLAY_NAME_MAX_LENGTH = 300


def role_of(value: Role | str) -> Role:
    """A role by its value; InputError naming the roles there are."""
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InputError(
            _("Unknown role '{role}'; choose one of: {choices}.", role=value, choices=choices)
        ) from None


def _clean(value: Any, *, what: Message, example: str | Message, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(_("Enter a {what}, for example {example}.", what=what, example=example))
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > max_length:
        raise InputError(
            _(
                "The {what} is too long (at most {max_length} characters).",
                what=what,
                max_length=max_length,
            )
        )
    if not is_plain_line(value):
        raise InputError(
            _("The {what} must not contain control characters or line breaks.", what=what)
        )
    if not shows_something(value):  # U+3164, the braille blank, marks with nothing to sit on
        raise InputError(_("Enter a {what}, for example {example}.", what=what, example=example))
    return value


def username_of(value: Any) -> str:
    """A username as stored: trimmed, NFC, no control characters, not too long."""
    return _clean(
        value,
        what=_("username"),
        example=_("your email address"),
        max_length=USERNAME_MAX_LENGTH,
    )


def display_name_of(value: Any) -> str:
    """A display name as stored (the name the history shows), checked like a username."""
    return _clean(
        value,
        what=_("display name"),
        example="Karin Holm",
        max_length=DISPLAY_NAME_MAX_LENGTH,
    )
