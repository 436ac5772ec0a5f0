"""The IMY notification: a plain view model from the facts and the filing, rendered by Jinja.

A draft or preliminary notification shows every IMY question, answered or "not yet known, to
follow" (Art. 33(4)); the English copy marks free text that has no English yet. Pure: one view
model feeds Markdown, HTML, Word and PDF, and the renderer never reads the clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ..domain import translations
from ..domain.choices import DataCategory, FilingKind, InformStatus, SubjectCategory
from ..domain.facts import Facts, Question, questions
from ..domain.filing_rules import hours_late
from ..domain.labels import Text
from ..domain.times import format_date, format_local, to_stockholm
from ..errors import InputError, SettingsError
from . import values
from .deadline import deadline_view
from .environment import render_template
from .pdf import render_pdf
from .word import render_docx

log = logging.getLogger(__name__)

LANGS = ("sv", "en")
TEXT_FORMATS = ("md", "html")
FILE_FORMATS = ("docx", "pdf")
FORMATS = TEXT_FORMATS + FILE_FORMATS
DOCUMENT = "imy-notification"
CHAIN_HEAD_SHOWN = 16


@dataclass(frozen=True)
class FilingInfo:
    """The filing a notification is rendered for.

    ``case_number`` is IMY's number to quote (the earlier filing's, for a follow-up). ``changes``
    is ``{path: [old, new]}`` since the previous filing, None for a first filing.
    ``first_filed_at`` (optional) lets a follow-up say whether the first filing met the 72 hours.
    ``final`` marks a supplement that completes the notification; ``delay_reasons`` are the
    reasons for lateness given when filing, shown instead of those in the facts.
    """

    kind: FilingKind  # a ReportType (domain.recipients) for a recipient other than IMY
    seq: int
    filed_at: datetime
    case_number: str | None = None
    changes: dict[str, list] | None = None
    first_filed_at: datetime | None = None
    final: bool = False
    delay_reasons: str | None = None
    recipient: str = "imy"  # domain.recipients: who the filing went to

    @property
    def settled(self) -> bool:
        """Whether nothing more will follow: a complete notification, a final supplement, or a
        withdrawal."""
        return self.kind in (FilingKind.COMPLETE, FilingKind.WITHDRAWAL) or self.final

    @property
    def follow_up(self) -> bool:
        """A supplement or change to an earlier notification (quotes IMY's case number)."""
        return self.changes is not None or self.kind in (
            FilingKind.SUPPLEMENT,
            FilingKind.WITHDRAWAL,
        )


@dataclass(frozen=True)
class BulletinSource:
    """A supplier's bulletin version whose proposal was accepted into the facts."""

    supplier: str
    bulletin_id: str
    version: int
    issued_at: datetime | None = None


SOURCES_TITLE = Text("Källor", "Sources")


@dataclass(frozen=True)
class NotificationContext:
    """What the document needs besides the facts; ``filing`` None means a draft, not filed.
    ``sources``: the suppliers' bulletins some of the facts were accepted from."""

    incident_ref: str
    facts_version: int
    generated_at: datetime
    chain_head: str
    filing: FilingInfo | None = None
    sources: tuple[BulletinSource, ...] = ()

    def footer(self, lang: str) -> dict[str, Any]:
        """What every document's footer shows, in ``lang``: a later change to the incident moves
        its chain head, so a reader can tell a stale copy."""
        return {
            "incident_ref": self.incident_ref,
            "facts_version": self.facts_version,
            "generated_at": format_local(self.generated_at, lang),
            "chain_head": self.chain_head[:CHAIN_HEAD_SHOWN],
        }


def _imy_questions() -> dict[str, list[Question]]:
    grouped: dict[str, list[Question]] = {}
    for question in questions():
        if question.sent_to_imy:
            grouped.setdefault(question.section, []).append(question)
    return grouped


IMY_QUESTIONS = _imy_questions()


def changed_questions(changes: Mapping[str, list]) -> set[str]:
    """The IMY questions whose answer differs: a new value, or a new or dropped 'not yet known'."""
    changed: set[str] = set()
    for path, (old, new) in changes.items():
        section, name = path.split(".", 1)
        if name == "not_yet_known":
            changed |= {f"{section}.{n}" for n in set(old or []) ^ set(new or [])}
        else:
            changed.add(path)
    return {q.path for qs in IMY_QUESTIONS.values() for q in qs if q.path in changed}


# Questions whose empty answer means "nothing to say", not "still to come": a preliminary
# notification does not promise IMY an answer to them.
_OPTIONAL = frozenset(
    {
        "controller.own_reference",
        "contact.imy_address",
        "times.occurred_to",
        "other.reports",
        "other.other_info",
        "other.secrecy_claim",
    }
)
# Of each pair, one way to reach the person is enough.
_EITHER = {
    "contact.contact_phone": "contact.contact_email",
    "contact.contact_email": "contact.contact_phone",
    "contact.dpo_phone": "contact.dpo_email",
    "contact.dpo_email": "contact.dpo_phone",
}


def _applies(facts: Facts, path: str, late: bool) -> bool:
    """Whether an unanswered question is open, or only follows another answer.

    A follow-up question that another answer rules out (when the data subjects were told, while
    they are still to be told) is left out, not shown as to follow: nothing will follow for it,
    and its parent question already says where things stand.
    """
    status = facts.communication.status
    informs = status in (InformStatus.INFORMED, InformStatus.WILL_INFORM)
    categories = facts.data.data_categories or []
    if path in _OPTIONAL:
        return False
    if path in _EITHER and facts.value(_EITHER[path]) is not None:
        return False
    return {
        "times.delay_reasons": late,
        "times.ended_at": facts.times.ongoing is not True,
        "data.subject_categories_other": SubjectCategory.OTHER
        in (facts.data.subject_categories or []),
        "data.data_categories_other": DataCategory.OTHER in categories,
        # How many the sensitive data concern: asked once special or criminal data are named.
        "data.sensitive_subjects_count": any(
            c.special or c is DataCategory.CRIMINAL for c in categories
        ),
        "communication.informed_at": status is InformStatus.INFORMED,
        "communication.channels": informs,
        "communication.planned_at": status is InformStatus.WILL_INFORM,
        "communication.reason_not": status is InformStatus.WILL_NOT_INFORM,
        "communication.reason_details": status is InformStatus.WILL_NOT_INFORM,
        "other.other_countries": facts.notification.cross_border is not False,
    }.get(path, True)


def _answer(facts: Facts, question: Question, lang: str) -> dict[str, Any]:
    """An answered question's value; in English, free text in its English version, or the
    organisation's own text flagged ``untranslated`` so the template marks it."""
    value = facts.value(question.path)
    if lang != "en" or question.path not in translations.TRANSLATABLE:
        return values.answer(question.path, value, lang)
    english = translations.english_text(facts, question.path)
    if english is not None:
        return values.text(english)
    return values.text(value, untranslated=True)


def _question_view(
    facts: Facts, question: Question, lang: str, *, changed: bool, settled: bool, expected: bool
) -> dict | None:
    """One question as shown, or None when it is left out.

    Until the notification is settled (complete, or a final supplement), an open question shows
    as "not yet known, to follow" (Art. 33(4)), whether marked so or simply not answered yet;
    once settled nothing more follows, so a question still unknown says only that.
    """
    section = facts.section(question.section)
    if section.is_unknown(question.name):
        value = values.not_yet_known(lang) if settled else values.to_follow(lang)
    elif section.is_answered(question.name):
        value = _answer(facts, question, lang)
    elif changed:
        value = values.removed(lang)
    elif expected and not settled:
        value = values.to_follow(lang)
    else:
        return None
    return {"path": question.path, "label": question.label(lang), "value": value}


def _sections(
    facts: Facts, lang: str, only: set[str] | None, *, settled: bool, late: bool
) -> list[dict[str, Any]]:
    """IMY's sections in order; with ``only`` (a supplement), just those questions (section A
    always stays); without, every question that is answered or still expected."""
    shown = []
    for name, qs in IMY_QUESTIONS.items():
        cls = Facts.section_class(name)
        views = [
            _question_view(
                facts,
                q,
                lang,
                changed=only is not None,
                settled=settled,
                expected=only is None and _applies(facts, q.path, late),
            )
            for q in qs
            if only is None or q.path in only
        ]
        views = [view for view in views if view is not None]
        if views or cls.letter == "A":
            shown.append({"letter": cls.letter, "title": cls.title(lang), "questions": views})
    return shown


def unanswered(facts: Facts, *, late: bool) -> list[str]:
    """The IMY questions neither answered nor marked "not yet known" that a notification still
    expects: a draft or preliminary one shows each as "not yet known, to follow"."""
    return [
        q.path
        for name, qs in IMY_QUESTIONS.items()
        for q in qs
        if not facts.section(name).is_answered(q.name)
        and not facts.section(name).is_unknown(q.name)
        and _applies(facts, q.path, late)
    ]


def _open_questions(facts: Facts, lang: str, late: bool) -> list[dict[str, Any]]:
    groups = []
    open_paths = set(unanswered(facts, late=late))
    for name, qs in IMY_QUESTIONS.items():
        labels = [q.label(lang) for q in qs if q.path in open_paths]
        if labels:
            cls = Facts.section_class(name)
            groups.append({"letter": cls.letter, "title": cls.title(lang), "labels": labels})
    return groups


def _filing_view(filing: FilingInfo | None, lang: str) -> dict[str, Any] | None:
    if filing is None:
        return None
    return {
        "kind": filing.kind.value,
        "kind_label": filing.kind.label(lang),
        "seq": filing.seq,
        "filed_at": format_local(filing.filed_at, lang),
        "case_number": filing.case_number,
        "follow_up": filing.follow_up,
        "changes_only": filing.changes is not None,
        "complete": filing.kind is FilingKind.COMPLETE,
        "final": filing.final and filing.kind is not FilingKind.COMPLETE,
        "withdrawal": filing.kind is FilingKind.WITHDRAWAL,
    }


def _delay_reasons(facts: Facts, filing: FilingInfo | None, lang: str) -> tuple[str | None, bool]:
    """The reasons for lateness to show, and whether they are the untranslated Swedish text.

    Reasons given when filing are filing metadata in the words the DPO chose, shown as given.
    """
    if filing is not None and filing.delay_reasons:
        return filing.delay_reasons, False
    reasons = facts.times.delay_reasons
    if reasons is None or lang != "en":
        return reasons, False
    english = translations.english_text(facts, "times.delay_reasons")
    return (english, False) if english is not None else (reasons, True)


def notification_view(*, facts: Facts, lang: str, context: NotificationContext) -> dict[str, Any]:
    """Everything the notification templates show, as plain dicts and strings in ``lang``."""
    filing = context.filing
    if filing is None:
        basis, judged_at = "draft", context.generated_at
    elif filing.follow_up:
        basis, judged_at = "first_filing", filing.first_filed_at
    else:
        basis, judged_at = "filing", filing.filed_at
    only = changed_questions(filing.changes) if filing and filing.changes is not None else None
    reasons, untranslated = _delay_reasons(facts, filing, lang)
    # Late without reasons is an open question; reasons given when filing answer it.
    late = (
        judged_at is not None
        and hours_late(facts, judged_at) is not None
        and not (filing is not None and filing.delay_reasons)
    )
    settled = filing is not None and filing.settled
    sections = _sections(facts, lang, only, settled=settled, late=late)
    deadline = deadline_view(facts, basis=basis, judged_at=judged_at, lang=lang)
    return {
        "lang": lang,
        "draft": filing is None,
        "filing": _filing_view(filing, lang),
        "controller": facts.controller.name,
        "deadline": {**deadline, "reasons": reasons, "reasons_untranslated": untranslated},
        "sections": sections,
        "has_changes": any(s["questions"] for s in sections),
        "open_questions": _open_questions(facts, lang, late) if not filing else [],
        "footer": context.footer(lang),
        "sources": _sources_view(context.sources, lang),
    }


def _sources_view(sources: tuple[BulletinSource, ...], lang: str) -> dict[str, Any] | None:
    """The "Källor / Sources" line: "Supplier AB, bulletin nr 2 (3 september 2025)"
    for each bulletin version the facts took answers from, or None when there is none."""
    if not sources:
        return None
    lines = []
    for source in sources:
        line = f"{source.supplier}, {_BULLETIN_NO(lang)} {source.version}"
        if source.issued_at is not None:
            line += f" ({format_date(to_stockholm(source.issued_at).date(), lang)})"
        lines.append(line)
    return {"title": SOURCES_TITLE(lang), "text": "; ".join(lines), "lines": lines}


_BULLETIN_NO = Text("bulletin nr", "bulletin no.")


def _check(lang: str, fmt: str, formats: tuple[str, ...]) -> None:
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    if fmt not in formats:
        raise InputError(
            f"Unknown format '{fmt}' for the IMY notification; choose one of: {', '.join(formats)}."
        )


def render_notification(
    *,
    facts: Facts,
    lang: Literal["sv", "en"],
    fmt: Literal["md", "html"],
    context: NotificationContext,
) -> str:
    """The IMY notification of ``facts`` in ``lang`` as Markdown or a standalone HTML page."""
    _check(lang, fmt, TEXT_FORMATS)
    view = notification_view(facts=facts, lang=lang, context=context)
    return render_template(f"{DOCUMENT}.{lang}.{fmt}.j2", view)


def render_notification_bytes(
    *,
    facts: Facts,
    lang: Literal["sv", "en"],
    fmt: Literal["md", "html", "docx", "pdf"],
    context: NotificationContext,
) -> bytes:
    """The IMY notification as a file in any format: UTF-8 text, a Word document or a PDF."""
    _check(lang, fmt, FORMATS)
    if fmt in TEXT_FORMATS:
        return render_notification(facts=facts, lang=lang, fmt=fmt, context=context).encode()
    view = notification_view(facts=facts, lang=lang, context=context)
    if fmt == "docx":
        return render_docx(f"{DOCUMENT}.{lang}.docx", view, at=context.generated_at)
    return render_pdf(render_template(f"{DOCUMENT}.{lang}.html.j2", view))


def render_notification_files(*, facts: Facts, context: NotificationContext) -> dict[str, bytes]:
    """Every language and format at once, named ``imy-notification.{lang}.{fmt}``: what a filing
    keeps."""
    return every_copy(
        DOCUMENT,
        lambda lang: notification_view(facts=facts, lang=lang, context=context),
        at=context.generated_at,
    )


def every_copy(
    document: str, view_for: Callable[[str], Mapping[str, Any]], *, at: datetime
) -> dict[str, bytes]:
    """One document in every language and format, named ``{document}.{lang}.{fmt}``, each language
    from one view: what a filing freezes. Each PDF is made from the very HTML kept beside it, so the
    two never differ."""
    files: dict[str, bytes] = {}
    for lang in LANGS:
        view = view_for(lang)
        name = f"{document}.{lang}"
        html = render_template(f"{name}.html.j2", view)
        files[f"{name}.md"] = render_template(f"{name}.md.j2", view).encode()
        files[f"{name}.html"] = html.encode()
        files[f"{name}.docx"] = render_docx(f"{name}.docx", view, at=at)
        try:
            files[f"{name}.pdf"] = render_pdf(html)
        except SettingsError:
            # No PDF libraries on this server: the filing still goes through. Its PDF is laid
            # out later from the HTML kept here, so the filed content cannot differ.
            log.warning("filed without a PDF copy: WeasyPrint cannot run here")
    return files
