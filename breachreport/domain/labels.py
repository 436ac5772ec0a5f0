"""Bilingual text (Swedish and English) and the base class for answer choices that carry both labels.

Pure data: no I/O, and no knowledge of how a label is rendered.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, NamedTuple

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


class Text(NamedTuple):
    """One piece of text in Swedish and English."""

    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


class Choice(str, Enum):
    """An answer option: its stored value and its Swedish and English labels.

    Members are declared as ``NAME = ("value", "svensk etikett", "English label")``.
    """

    text: Text

    def __new__(cls, value: str, sv: str, en: str) -> Choice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.text = Text(sv, en)
        return member

    def __str__(self) -> str:
        return self.value

    def label(self, lang: str) -> str:
        return self.text(lang)


NOT_YET_KNOWN = Text("Ännu inte känt", "Not yet known")
NOT_ANSWERED = Text("Inte besvarat", "Not answered")
YES = Text("Ja", "Yes")
NO = Text("Nej", "No")
