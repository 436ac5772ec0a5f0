"""Password rules, lockout and idle sessions for local accounts, in Swedish and English.

Kept apart from the account use cases so that a screen checking a new password as it is typed
needs nothing else.
"""

from __future__ import annotations

import string
import unicodedata
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from ..domain.labels import Text
from ..errors import InputError
from ..i18n import Message, _

SESSION_IDLE_MINUTES = 30
LOCKOUT_AFTER = 5  # failures in a row
LOCKOUT_FIRST = timedelta(seconds=30)  # doubles with each further failure ...
LOCKOUT_MAX = timedelta(minutes=15)  # ... up to this
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 1000

PASSWORD_TOO_SHORT = _(
    "The password must have at least {count} characters.", count=PASSWORD_MIN_LENGTH
)
PASSWORD_TOO_LONG = _(
    "The password must have at most {count} characters.",
    # Thousands as each language groups them: 1 000 (a no-break space), 1,000.
    count=Text(f"{PASSWORD_MAX_LENGTH:,}".replace(",", "\u00a0"), f"{PASSWORD_MAX_LENGTH:,}"),
)
PASSWORD_ONE_CHARACTER = _("The password must not be one character repeated.")
PASSWORD_COMMON = _(
    "The password is too common and easy to guess; choose another, for example a phrase of several words."
)

# Words that make a password guessable even with digits or signs around them ("Sommar2024!!").
_COMMON_WORDS = frozenset(
    """
    password passw0rd passwort lösenord losenord lösen losen hemligt hemlig secret changeme
    qwerty qwertz qwertyuiop qwertyuiopå asdfghjkl asdfghjklöä zxcvbnm azerty
    welcome välkommen valkommen hello hejsan letmein iloveyou jagälskardig trustno
    sommar sommaren vinter vintern våren varen hösten hosten summer winter spring autumn
    admin administrator root user användare login master test testtest demo
    monkey dragon football fotboll sunshine princess shadow superman batman
    dataskydd dataskyddsombud personuppgifter breachreport sverige stockholm
    """.split()  # noqa: SIM905  (a word list reads better as text)
)
# Strings that are common whatever their length: counting, alphabets and keyboard rows.
_SEQUENCES = (
    "0123456789" * 3,
    "abcdefghijklmnopqrstuvwxyzåäö" * 2,
    "qwertyuiopåasdfghjklöäzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
)
_PADDING = string.digits + string.punctuation + string.whitespace


# -- passwords and sessions ----------------------------------------------------------------------


def password_problems(password: str) -> list[Message]:
    """What is wrong with ``password`` as a new password, in Swedish and English; [] if nothing."""
    if not isinstance(password, str):
        return [PASSWORD_TOO_SHORT]
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(PASSWORD_TOO_SHORT)
    if len(password) > PASSWORD_MAX_LENGTH:
        problems.append(PASSWORD_TOO_LONG)
    if password and len(set(password)) == 1:
        problems.append(PASSWORD_ONE_CHARACTER)
    elif password and _is_common(password):
        problems.append(PASSWORD_COMMON)
    return problems


def _is_common(password: str) -> bool:
    folded = unicodedata.normalize("NFKC", password).casefold()
    if folded.strip(_PADDING) in _COMMON_WORDS:
        return True
    if any(folded in run or folded in run[::-1] for run in _SEQUENCES):
        return True
    # A short unit said again and again: "abcabcabcabc", "121212121212".
    return any(
        len(folded) >= 2 * size and folded == (folded[:size] * len(folded))[: len(folded)]
        for size in (2, 3, 4)
    )


def check_new_password(password: str) -> None:
    """Refuse ``password`` as a new password, saying why (InputError)."""
    problems = password_problems(password)
    if problems:
        raise InputError(
            _(
                "Choose another password. {problems}",
                problems=Text(
                    " ".join(p("sv") for p in problems), " ".join(p("en") for p in problems)
                ),
            )
        )


def session_expired(
    last_seen: datetime, now: datetime, idle_minutes: int = SESSION_IDLE_MINUTES
) -> bool:
    """Whether a session last used at ``last_seen`` has been idle too long at ``now``."""
    return now - last_seen >= timedelta(minutes=idle_minutes)


def lockout(failures: int) -> timedelta | None:
    """How long an account stays locked after ``failures`` wrong passwords in a row."""
    if failures < LOCKOUT_AFTER:
        return None
    doublings = min(failures - LOCKOUT_AFTER, 16)  # the cap is reached long before
    return min(LOCKOUT_FIRST * 2**doublings, LOCKOUT_MAX)


def default_password_hasher() -> PasswordHasher:
    """Argon2id with RFC 9106's second recommended profile (64 MiB, 3 passes, 4 lanes): strong,
    yet light enough for a small server where several people sign in at once."""
    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
