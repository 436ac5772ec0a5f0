"""The review copy for legal reviewers: the IMY notification in Swedish and English side by side,
then the open questions, the circumstances the assessment rests on (section R, never sent to IMY),
the assessment's reasons in both languages, and the DPO's decision.

Built on the notification's own view model, so that the two columns show exactly what each
language's notification says. Pure: the renderer never reads the clock.
"""

from __future__ import annotations

from typing import Any, Literal

from ..domain.assessment import Assessment, assess
from ..domain.facts import Facts, questions
from ..domain.labels import Text
from ..domain.severity import number
from ..domain.translations import UNTRANSLATED_MARKER
from ..errors import InputError
from . import values
from .environment import environment
from .notification import NotificationContext, notification_view

FORMATS = ("md", "html")
TEMPLATE = "review-copy.{fmt}.j2"
_NONE = values.NONE_GIVEN


def flat(value: dict[str, Any]) -> str:
    """A template value as one line of text, for a Markdown table cell."""
    if value["kind"] == "list":
        return "; ".join(value["items"])
    if value["kind"] == "table":
        return "; ".join(", ".join(c for c in row if c != _NONE) for row in value["rows"])
    if value.get("untranslated"):
        return f"{UNTRANSLATED_MARKER} {value['text']}"
    return value["text"]


def _lead(label: str) -> str:
    """A label that introduces its answer on the same line: 'Orsak:', but 'Vad har hänt?'."""
    return label if label.endswith(("?", ":")) else f"{label}:"


def _pair(sv: dict[str, Any], en: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": sv["path"],
        "sv": {**sv, "lead": _lead(sv["label"]), "flat": flat(sv["value"])},
        "en": {**en, "lead": _lead(en["label"]), "flat": flat(en["value"])},
    }


def _sections(sv: dict[str, Any], en: dict[str, Any]) -> list[dict[str, Any]]:
    """IMY's sections with each question's Swedish and English side by side, paired by path."""
    english = {s["letter"]: {q["path"]: q for q in s["questions"]} for s in en["sections"]}
    titles = {s["letter"]: s["title"] for s in en["sections"]}
    return [
        {
            "letter": section["letter"],
            "title": {"sv": section["title"], "en": titles[section["letter"]]},
            "rows": [_pair(q, english[section["letter"]][q["path"]]) for q in section["questions"]],
        }
        for section in sv["sections"]
    ]


def _open_questions(sv: dict[str, Any], en: dict[str, Any]) -> list[dict[str, Any]]:
    english = {group["letter"]: group for group in en["open_questions"]}
    return [
        {
            "letter": group["letter"],
            "title": {"sv": group["title"], "en": english[group["letter"]]["title"]},
            "labels": [
                {"sv": label_sv, "en": label_en}
                for label_sv, label_en in zip(
                    group["labels"], english[group["letter"]]["labels"], strict=True
                )
            ],
        }
        for group in sv["open_questions"]
    ]


def _both(text: Text) -> dict[str, str]:
    return {"sv": text.sv, "en": text.en}


def _assessment(judged: Assessment) -> dict[str, Any]:
    severity = judged.severity
    return {
        "outcome": {"sv": judged.outcome.label("sv"), "en": judged.outcome.label("en")},
        "severity": {
            lang: f"ENISA {number(severity.score, lang)} ({judged.band.label(lang)})"
            for lang in ("sv", "en")
        },
        "missing": [
            {
                "sv": f"{m.question.sv} – {m.state.sv}. {m.would_change.sv}",
                "en": f"{m.question.en} – {m.state.en}. {m.would_change.en}",
                "changes_outcome": m.changes_outcome,
            }
            for m in judged.missing
        ],
        "reasons": [_both(reason.text) for reason in judged.reasons],
    }


def _internal(facts: Facts, section: str) -> list[dict[str, Any]]:
    """An internal section's questions (never sent to IMY) that are answered or marked "not yet
    known", each in both languages; unanswered ones are left out."""
    part = facts.section(section)
    rows = []
    for question in questions(section):
        if part.is_unknown(question.name):
            sv, en = values.not_yet_known("sv"), values.not_yet_known("en")
        elif part.is_answered(question.name):
            value = facts.value(question.path)
            sv = values.answer(question.path, value, "sv")
            en = values.answer(question.path, value, "en")
        else:
            continue
        rows.append(
            _pair(
                {"path": question.path, "label": question.label.sv, "value": sv},
                {"path": question.path, "label": question.label.en, "value": en},
            )
        )
    return rows


def _circumstances(facts: Facts) -> dict[str, Any]:
    """Section R, the circumstances the assessment rests on, as the DPO answered them."""
    cls = Facts.section_class("circumstances")
    return {
        "letter": cls.letter,
        "title": _both(cls.title),
        "rows": _internal(facts, "circumstances"),
    }


def _decision(facts: Facts) -> list[dict[str, Any]]:
    """The DPO's recorded decision (internal, never sent to IMY), answered questions only."""
    return _internal(facts, "decision")


def review_copy_view(
    *, facts: Facts, context: NotificationContext, assessment: Assessment | None = None
) -> dict[str, Any]:
    """Everything the review copy shows, each text in both languages.

    ``context.filing`` None (the usual case) reviews the whole draft, with its open questions; a
    filing reviews what that filing holds (only the changes, for a supplement).
    """
    sv = notification_view(facts=facts, lang="sv", context=context)
    en = notification_view(facts=facts, lang="en", context=context)
    judged = assessment if assessment is not None else assess(facts)
    return {
        "controller": facts.controller.name,
        "draft": sv["draft"],
        "filing": {"sv": sv["filing"], "en": en["filing"]} if sv["filing"] else None,
        "sections": _sections(sv, en),
        "open_questions": _open_questions(sv, en),
        "circumstances": _circumstances(facts),
        "assessment": _assessment(judged),
        "decision": _decision(facts),
        "footer": {"sv": context.footer("sv"), "en": context.footer("en")},
    }


def render_review_copy(
    *,
    facts: Facts,
    fmt: Literal["md", "html"],
    context: NotificationContext,
    assessment: Assessment | None = None,
) -> str:
    """The review copy of ``facts`` as Markdown or a standalone HTML page, Swedish and English in
    two columns; ``assessment`` defaults to ``assess(facts)``."""
    if fmt not in FORMATS:
        raise InputError(f"Unknown format '{fmt}' for the review copy; choose md or html.")
    view = review_copy_view(facts=facts, context=context, assessment=assessment)
    return environment().get_template(TEMPLATE.format(fmt=fmt)).render(view)
