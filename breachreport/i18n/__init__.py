"""The texts of the screens, the command line, the use cases and the errors, in Swedish and English.

A text is written in the code in English, as a gettext message id: ``_("Incident {ref} is not
open.", ref=ref)``. That builds a :class:`Message`, a lazy value: nothing is looked up until the
message is rendered in a language, so messages can be module constants and can be raised in errors
long before anyone knows who will read them. ``msg("sv")`` (or ``msg.in_("sv")``) is the Swedish,
``str(msg)`` the English. A ``Message`` is called with a language like ``domain.labels.Text``, so
it can stand wherever a ``Text`` was consumed as ``text(lang)``.

The translations live in Babel catalogues, one per layer of the code (ui, cli, services, errors …):
``locale/<lang>/LC_MESSAGES/<layer>.po`` with the compiled ``.mo`` beside it. The ``.mo`` files of
one language are read by the standard library's gettext into one translator, made once per language
and cached; nothing is ever installed into builtins, so two sessions in two languages never see each
other's texts. A message missing from the catalogue reads as its English message id.
``scripts/messages`` extracts, updates, compiles and checks the catalogues.

This package imports nothing else from breachreport: every layer may use it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

__all__ = ["LANGS", "DEFAULT_LANG", "Lang", "Message", "_", "_n", "_p", "translate", "translator"]

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")
# The interface speaks Swedish unless told otherwise, as domain.labels.Text does.
DEFAULT_LANG: Lang = "sv"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _language(lang: str | None) -> str:
    """The language a message is rendered in: any value but a known one means Swedish, like Text."""
    return lang if lang in LANGS else DEFAULT_LANG


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The one translator of ``lang``: every layer's ``.mo`` file of that language, merged.

    The first catalogue (by file name) answers first and hands what it lacks to the next; a message
    in none of them falls through to the empty translator, which returns the English message id.
    """
    folder = LOCALE_DIR / _language(lang) / "LC_MESSAGES"
    catalogues: list[gettext.NullTranslations] = []
    for path in sorted(folder.glob("*.mo")):
        with path.open("rb") as handle:
            catalogues.append(gettext.GNUTranslations(handle))
    if not catalogues:
        return gettext.NullTranslations()
    first = catalogues[0]
    for other in catalogues[1:]:
        first.add_fallback(other)
    return first


def _render(value: Any, lang: str) -> Any:
    """A parameter as it reads in ``lang``: messages and bilingual texts are rendered, the rest kept.

    A bilingual text is anything callable with a language that carries ``sv`` and ``en`` (the domain's
    ``Text``); i18n cannot import the domain, so it recognises the shape.
    """
    if isinstance(value, Message):
        return value.in_(lang)
    if callable(value) and hasattr(value, "sv") and hasattr(value, "en"):
        return value(lang)
    return value


class Message:
    """One text to be shown: an English message id, an optional plural and the values to fill in.

    Immutable and cheap; rendered only when asked, in the language asked. Two messages are equal
    when they have the same ids, context, count and parameters. The context (gettext's msgctxt)
    tells apart one English word that two screens translate differently ("Reason": "Skäl" in the
    history, "Motivering" in the assessment).
    """

    __slots__ = ("msgid", "plural", "count", "params", "context")

    msgid: str
    plural: str | None
    count: int | None
    params: Mapping[str, Any]
    context: str | None

    def __init__(
        self,
        msgid: str,
        plural: str | None = None,
        count: int | None = None,
        params: Mapping[str, Any] | None = None,
        context: str | None = None,
    ) -> None:
        object.__setattr__(self, "context", context)
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "params", dict(params or {}))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Message cannot be changed; build a new one")

    def in_(self, lang: str | None) -> str:
        """The text in ``lang`` ("sv" or "en"), its parameters filled in with ``str.format``.

        Without parameters nothing is formatted, so a message with ``{name}`` in it can still be
        filled in later by the caller (``msg(lang).format(name=...)``).
        """
        lang = _language(lang)
        catalogue = translator(lang)
        if self.plural is None and self.context is None:
            text = catalogue.gettext(self.msgid)
        elif self.plural is None:
            text = catalogue.pgettext(self.context, self.msgid)
        elif self.context is None:
            text = catalogue.ngettext(self.msgid, self.plural, self.count or 0)
        else:
            text = catalogue.npgettext(self.context, self.msgid, self.plural, self.count or 0)
        if not self.params:
            return text
        return text.format(**{key: _render(value, lang) for key, value in self.params.items()})

    __call__ = in_

    @property
    def sv(self) -> str:
        """The Swedish text (as ``Text.sv`` reads)."""
        return self.in_("sv")

    @property
    def en(self) -> str:
        """The English text (as ``Text.en`` reads)."""
        return self.in_("en")

    def format(self, **params: Any) -> Message:
        """The same message with (more) parameters bound; still lazy."""
        return Message(self.msgid, self.plural, self.count, {**self.params, **params}, self.context)

    def __str__(self) -> str:
        return self.in_("en")

    def __repr__(self) -> str:
        extra = f", plural={self.plural!r}, count={self.count!r}" if self.plural else ""
        params = f", params={dict(self.params)!r}" if self.params else ""
        context = f", context={self.context!r}" if self.context else ""
        return f"Message({self.msgid!r}{extra}{params}{context})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.msgid, self.plural, self.count, dict(self.params), self.context) == (
            other.msgid,
            other.plural,
            other.count,
            dict(other.params),
            other.context,
        )

    def __hash__(self) -> int:
        # Parameters may be unhashable (lists); equal messages still hash alike without them.
        return hash((self.msgid, self.plural, self.count))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.msgid, self.plural, self.count, dict(self.params), self.context))


def _(msgid: str, /, **params: Any) -> Message:
    """A message whose id is its English text; ``params`` fill its ``{names}`` when rendered."""
    return Message(msgid, params=params)


def _n(singular: str, plural: str, count: int, /, **params: Any) -> Message:
    """A message with a plural: the catalogue picks the form for ``count`` in each language.

    ``count`` is not filled in by itself: pass it as a parameter too (``count=n``) when the text
    shows it.
    """
    return Message(singular, plural, count, params)


def _p(context: str, msgid: str, /, **params: Any) -> Message:
    """A message whose English is shared with another of a different translation: ``context``
    (a word or two naming where it is used) keeps the two apart in the catalogue."""
    return Message(msgid, params=params, context=context)


def translate(text: Any, lang: str | None) -> str:
    """Any text as it reads in ``lang``: a message, a bilingual domain text, or a plain English
    string looked up as a message id (so an English text that has a translation still gets it)."""
    if isinstance(text, str):
        return translator(_language(lang)).gettext(text) if text else text
    rendered = _render(text, _language(lang))
    return rendered if isinstance(rendered, str) else str(rendered)
