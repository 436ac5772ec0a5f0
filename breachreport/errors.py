"""Every error breachreport raises on purpose, in one tree, each with a message a DPO can act on.

Messages never contain personal data from the facts: they name fields, incidents and files only.

An error's message is a plain English string or an ``i18n.Message`` (``_("No incident {ref}.",
ref=ref)``). ``str(error)`` is always the English, so logs and tracebacks read the same everywhere;
``error.in_(lang)`` is what a screen or the command line shows in the user's language.

BreachReportError
├── SettingsError            unsafe or missing configuration (data folder, database URL, key)
├── MasterKeyError           the master key is missing, unreadable, or does not open this database
├── IntegrityError           stored data failed a check: tampered ciphertext, broken audit chain
├── StorageError             the database cannot be reached or written
├── NotFound                 no incident, filing or document by that id
├── FactsInvalid             facts that break a validation rule (carries bilingual problems)
├── FilingRefused            a filing that the rules do not allow yet (carries bilingual problems)
├── VersionConflict          the facts changed since the user read them (carries both versions)
├── InputError               malformed input: JSON that does not parse, an unknown field path
├── PermissionDenied         the actor's role (or scope) does not allow this use case
├── MailFailed               the SMTP server refused a mail, or could not be reached in time
└── AuthenticationFailed     a sign-in that failed; one neutral message whatever the reason
    └── InvitationRefused    an invitation link that is unknown, expired or revoked (one message)
"""

from __future__ import annotations

from typing import Any

from breachreport.i18n import Message, _, _n, translate


class BreachReportError(Exception):
    """Base of every deliberate error. ``str(error)`` is one line fit for a user, in English."""

    def __init__(self, message: str | Message) -> None:
        english = str(message)
        super().__init__(english)
        self.message = english
        self.text: str | Message = message

    def __str__(self) -> str:
        return self.message

    def in_(self, lang: str | None) -> str:
        """The message in ``lang`` ("sv" or "en"); a plain English string is looked up as a message
        id, so it is translated too when the catalogue has it."""
        return translate(self.text, lang)


class SettingsError(BreachReportError):
    """The configuration is unsafe or incomplete."""


class MasterKeyError(BreachReportError):
    """The master key is missing, unreadable, or is not the one this database was sealed with."""


class IntegrityError(BreachReportError):
    """Stored data failed an authenticity check (ciphertext, audit chain, snapshot)."""


class StorageError(BreachReportError):
    """The database could not be reached, read or written."""


class NotFound(BreachReportError):
    """No object with that identifier."""


class InputError(BreachReportError):
    """Input that cannot be read at all: malformed JSON, an unknown field, a file too large."""


class PermissionDenied(BreachReportError):
    """The actor's role does not allow this use case."""


class MailFailed(BreachReportError):
    """A mail was not sent: the SMTP server could not be reached, timed out, or refused it.

    ``permanent`` is True when retrying the same mail cannot help (a 5xx answer to the recipient,
    a refused sign-in); the message never holds the mail's body."""

    def __init__(self, message: str | Message, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class AuthenticationFailed(BreachReportError):
    """A sign-in (or a password check) failed.

    The message is the same for an unknown username, a wrong password, a disabled or a locked
    account, so that it tells nobody which usernames exist.
    """

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__(_("Wrong username or password.") if message is None else message)


class _ProblemsError(BreachReportError):
    """An error that carries a list of bilingual problems (see ``breachreport.domain.problems``)."""

    headline = _("The facts are not valid")

    def __init__(self, problems: list[Any], message: str | Message | None = None) -> None:
        self.problems = list(problems)
        self._own_message = message is not None
        super().__init__(self._summary("en") if message is None else message)

    @property
    def headline_en(self) -> str:
        return self.headline.in_("en")

    def _summary(self, lang: str) -> str:
        """The headline and the first three problems in ``lang``, one line."""
        parts = [f"{p.path}: {p.text(lang)}" if p.path else p.text(lang) for p in self.problems[:3]]
        more = len(self.problems) - 3
        suffix = _(" (and {more} more)", more=more).in_(lang) if more > 0 else ""
        return f"{self.headline.in_(lang)}: " + "; ".join(parts) + suffix

    def in_(self, lang: str | None) -> str:
        if self._own_message:
            return super().in_(lang)
        return self._summary("en" if lang == "en" else "sv")

    def heading(self, lang: str | None) -> str:
        """What the error says without its problems, for a reader that lists them one a line:
        the headline and how many, or the error's own message where it was given one."""
        if self._own_message:
            return super().in_(lang)
        count = _n("{n} problem", "{n} problems", len(self.problems), n=len(self.problems))
        lang = "en" if lang == "en" else "sv"
        return f"{self.headline.in_(lang)} ({count.in_(lang)})"

    def messages(self, lang: str) -> list[str]:
        """The problems as lines in ``lang`` ("sv" or "en")."""
        return [p.text(lang) for p in self.problems]


class FactsInvalid(_ProblemsError):
    """Facts that break one or more validation rules."""

    headline = _("The facts are not valid")


class FilingRefused(_ProblemsError):
    """A filing the rules do not allow yet, e.g. a complete notification with open questions."""

    headline = _("This cannot be filed yet")


class VersionConflict(BreachReportError):
    """Someone else saved a change after the user read the facts.

    ``current_version`` is the version now stored; ``theirs`` maps each conflicting field path to
    the value now stored and ``yours`` to the value the user tried to save, so a screen can show both.
    """

    def __init__(
        self,
        *,
        incident_ref: str,
        expected_version: int,
        current_version: int,
        theirs: dict[str, Any] | None = None,
        yours: dict[str, Any] | None = None,
    ) -> None:
        self.incident_ref = incident_ref
        self.expected_version = expected_version
        self.current_version = current_version
        self.theirs = theirs or {}
        self.yours = yours or {}
        super().__init__(
            _(
                "Incident {ref} was changed by someone else (you edited version {expected}, it is "
                "now at version {current}); nothing was saved. Reload, compare both versions and "
                "save again.",
                ref=incident_ref,
                expected=expected_version,
                current=current_version,
            )
        )


class InvitationRefused(AuthenticationFailed):
    """An invitation link that cannot be used: unknown, malformed, expired or revoked.

    One message whatever the reason, so that a guessed token tells nothing about real ones.
    """

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__(
            _("This link is not valid. Ask the DPO for a new one.") if message is None else message
        )
