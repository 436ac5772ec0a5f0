"""Choosing a password: the rules shown before typing, and what is wrong after, in the user's
language. The accounts module decides; this only asks early, so the message is bilingual.
"""

from __future__ import annotations

from ...domain.labels import Text
from ...i18n import _
from ...services.accounts import PASSWORD_MIN_LENGTH, password_problems

RULES = Text(
    f"Minst {PASSWORD_MIN_LENGTH} tecken. Inte ett vanligt ord, en tangentbordsrad eller samma "
    "tecken om och om igen. En fras av flera ord är lätt att minnas och svår att gissa.",
    f"At least {PASSWORD_MIN_LENGTH} characters. Not a common word, a keyboard row or one "
    "character repeated. A phrase of several words is easy to remember and hard to guess.",
)
MISMATCH = _("The passwords differ; type the same password twice.")
NEW_PASSWORD = _("New password")
PASSWORD = _("Password")
REPEAT = _("The same password again")


def new_password_problems(password: str, repeated: str) -> list[Text]:
    """Every reason ``password`` cannot be used yet (empty when it can)."""
    problems = list(password_problems(password))
    if password != repeated:
        problems.append(MISMATCH)
    return problems
