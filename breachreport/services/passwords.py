"""Password rules, the sign-in throttle's delays and idle sessions for local accounts, in Swedish
and English.

Kept apart from the account use cases so that a screen checking a new password as it is typed
needs nothing else.
"""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from ..domain.labels import Text
from ..errors import InputError
from ..i18n import Message, _

SESSION_IDLE_MINUTES = 30
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


# -- the sign-in throttle -------------------------------------------------------------------------
#
# No account is ever locked. Instead each failed sign-in makes the next try wait a little, judged
# separately for the typed name, the client's address and the pair of both, from the failures of
# the last hour. Nothing here looks at the account: an unknown name is judged exactly like a real
# one, so the delay (and the hint that tells it) says nothing about which names exist.


@dataclass(frozen=True)
class Delay:
    """No wait for the first ``free`` failures in the window, then FIRST_DELAY doubling with each
    further failure, up to ``cap``, counted from the latest failure."""

    free: int
    cap: timedelta

    def after(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 20)  # the cap is reached long before
        return min(FIRST_DELAY * 2**doublings, self.cap)


FIRST_DELAY = timedelta(seconds=1)
FAILURE_WINDOW = timedelta(hours=1)  # failures older than this no longer count
# One name and one address: the guesser's own slot. Strict, since only they fill it (the owner
# who mistypes five times waits a second, then two ...; a success clears it).
PAIR_DELAY = Delay(free=5, cap=timedelta(minutes=15))
# One address, any names (spraying from one place); an office behind one address shares it.
CLIENT_DELAY = Delay(free=20, cap=timedelta(minutes=15))
# One name, any addresses (guessing one account from many places). Kept modest: it is the only
# delay that someone else's failures can put on the owner, and it never applies from an address
# the owner signed in from lately (KNOWN_PAIR_FOR).
NAME_DELAY = Delay(free=10, cap=timedelta(minutes=1))
KNOWN_PAIR_FOR = timedelta(days=30)
# Across all names and addresses: more failures than this in a minute make every further try
# from an address that is not known for its name wait until the minute has room again.
OVERALL_WINDOW = timedelta(minutes=1)
OVERALL_LIMIT = 60
KEEP_ATTEMPTS = timedelta(days=90)  # the record of attempts is pruned after this


def wait_after(delay: Delay, failures: int, last: datetime | None, now: datetime) -> timedelta:
    """How long from ``now`` a try must still wait after ``failures`` failures, the latest at
    ``last``; zero when it need not."""
    if last is None:
        return timedelta(0)
    return max(last + delay.after(failures) - now, timedelta(0))


def default_password_hasher() -> PasswordHasher:
    """Argon2id with RFC 9106's second recommended profile (64 MiB, 3 passes, 4 lanes): strong,
    yet light enough for a small server where several people sign in at once."""
    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)
