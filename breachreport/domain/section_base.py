"""What every section of the facts shares: its letter, title and reason, and the questions
answered "not yet known", which are allowed only where the question says so. Pure.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import question_meta
from .labels import Text
from .problems import raise_rules


class Section(BaseModel):
    """Common behaviour: the 'not yet known' answers and the section's own labels."""

    model_config = ConfigDict(extra="forbid")

    letter: ClassVar[str] = ""
    title: ClassVar[Text] = Text("", "")
    why: ClassVar[Text] = Text("", "")
    sent_to_imy: ClassVar[bool] = True

    not_yet_known: list[str] = Field(
        default_factory=list,
        description="Questions of this section answered 'not yet known'.",
    )

    @classmethod
    def question_names(cls) -> list[str]:
        return [name for name in cls.model_fields if name != "not_yet_known"]

    @classmethod
    def unknown_allowed(cls, name: str) -> bool:
        field = cls.model_fields.get(name)
        return bool(field) and name != "not_yet_known" and question_meta(field)[2]

    @model_validator(mode="after")
    def _check_not_yet_known(self) -> Section:
        marked = list(dict.fromkeys(self.not_yet_known))
        broken = []
        for name in marked:
            if not self.unknown_allowed(name):
                broken.append((("not_yet_known", name), "unknown_not_allowed", {}))
            elif getattr(self, name) is not None:
                broken.append(((name,), "unknown_and_answered", {}))
        raise_rules(type(self).__name__, broken)
        self.not_yet_known = [n for n in self.question_names() if n in marked]
        return self

    def is_unknown(self, name: str) -> bool:
        return name in self.not_yet_known

    def is_answered(self, name: str) -> bool:
        return getattr(self, name) is not None
