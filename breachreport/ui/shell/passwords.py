"""Choosing a password: the rules shown before typing, and what is wrong after, in the user's
language. The accounts module decides; this only asks early, so the message is bilingual.
"""

from __future__ import annotations

from ...domain.labels import Text
from ...i18n import Message, _
from ...services.accounts import PASSWORD_MIN_LENGTH, password_problems

RULES = _(
    "At least {count} characters. Not a common word, a keyboard row or one character repeated. "
    "A phrase of several words is easy to remember and hard to guess.",
    count=PASSWORD_MIN_LENGTH,
)
MISMATCH = _("The passwords differ; type the same password twice.")
NEW_PASSWORD = _("New password")
PASSWORD = _("Password")
REPEAT = _("The same password again")


def new_password_problems(password: str, repeated: str) -> list[Text | Message]:
    """Every reason ``password`` cannot be used yet (empty when it can)."""
    problems = list(password_problems(password))
    if password != repeated:
        problems.append(MISMATCH)
    return problems
