"""Questions and answers as people read them: a question's label for its path, and a stored answer
(JSON, as in the history and in conflicts) as one short line in Swedish or English.

Reads the facts model only; the wording of values comes from the documents' own formatting.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from ...documents.values import answer
from ...domain.changes import UNKNOWN_FIELD, is_not_yet_known
from ...domain.facts import Facts, Question, questions
from ...domain.labels import NOT_YET_KNOWN
from ...i18n import _

NONE_GIVEN = "–"
SHORT = 120
_MARKS = _("'Not yet known' in section {letter}")


@cache
def _questions() -> dict[str, Question]:
    return {q.path: q for q in questions()}


def question(path: str) -> Question | None:
    """The question at ``path`` ("times.aware_at"), or a deeper path's question
    ("description.processors.0.name" is the processors question)."""
    return _questions().get(question_path(path))


def question_path(path: str) -> str:
    """The question a problem's or a change's path belongs to: "section.field"."""
    parts = path.split(".")
    if len(parts) >= 3 and parts[1] == UNKNOWN_FIELD:
        return f"{parts[0]}.{parts[2]}"  # a 'not yet known' mark on one question
    return ".".join(parts[:2])


def letter(path: str) -> str:
    section = path.split(".", 1)[0]
    return Facts.section_class(section).letter if section in Facts.section_names() else ""


def label(path: str, lang: str) -> str:
    """The question's label, or the path itself if it names no question."""
    if path.endswith(f".{UNKNOWN_FIELD}"):
        return _MARKS(lang).format(letter=letter(path))
    found = question(path)
    return found.label(lang) if found else path


def labels(paths: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """Distinct labels for ``paths``, in their order."""
    return list(dict.fromkeys(label(path, lang) for path in paths))


@cache
def _adapter(path: str) -> TypeAdapter | None:
    section, name = path.split(".", 1)
    field = Facts.section_class(section).model_fields.get(name)
    if field is None:
        return None
    if field.metadata:
        return TypeAdapter(Annotated[(field.annotation, *field.metadata)])
    return TypeAdapter(field.annotation)


def short(path: str, value: Any, lang: str, *, limit: int = SHORT) -> str:
    """One stored answer as a short line: choices by label, times in Stockholm, long texts cut."""
    if value is None or value == []:
        return NONE_GIVEN
    if is_not_yet_known(value):
        return NOT_YET_KNOWN(lang)
    if path.endswith(f".{UNKNOWN_FIELD}"):
        section = path.split(".", 1)[0]
        return ", ".join(label(f"{section}.{name}", lang) for name in value)
    adapter = _adapter(path) if path in _questions() else None
    try:
        typed = adapter.validate_python(value) if adapter else value
    except ValidationError:
        typed = value
    if typed is None:
        return NONE_GIVEN
    return _cut(_plain(answer(path, typed, lang)), limit)


def _plain(view: dict[str, Any]) -> str:
    if view["kind"] == "list":
        return ", ".join(view["items"])
    if view["kind"] == "table":
        return "; ".join(
            " · ".join(cell for cell in row if cell != NONE_GIVEN) for row in view["rows"]
        )
    return view["text"]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def side_by_side(
    theirs: dict[str, Any], yours: dict[str, Any], lang: str, headers: tuple[str, str, str]
) -> list[dict[str, str]]:
    """One row per question either side changed (theirs first): the question, the answer saved
    now, and the user's own; for the tables that show a conflict. ``headers`` names the three
    columns in the user's language."""
    question_header, theirs_header, yours_header = headers
    return [
        {
            question_header: label(path, lang),
            theirs_header: short(path, theirs.get(path), lang, limit=400),
            yours_header: short(path, yours.get(path), lang, limit=400),
        }
        for path in dict.fromkeys([*theirs, *yours])
    ]


def section_label(name: str, lang: str) -> str:
    """A section as the forms and the draft letter it, e.g. "E. What happened"."""
    cls = Facts.section_class(name)
    return f"{cls.letter}. {cls.title(lang)}"
