"""What filing checks beside the legal rules of ``domain.filing_rules``, and the plan of one
filing: the problems that refuse it and the warnings it goes through with.

``plan`` serves both ``Filing.filing_check`` and ``Filing.file``, so that what the DPO is shown
before confirming is exactly what filing then does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from ..documents.notification import unanswered
from ..domain.changes import diff
from ..domain.choices import FilingKind
from ..domain.circumstances import Outcome
from ..domain.contradictions import contradictions
from ..domain.facts import FUTURE_TOLERANCE, Facts, questions, stored_facts
from ..domain.filing_rules import ARTICLE_33_WINDOW, PriorFiling, filing_problems, hours_late
from ..domain.labels import Text
from ..domain.problems import Problem
from ..domain.recipients import IMY, Recipient, recipient, recipient_keys
from ..domain.times import format_local, to_utc
from ..errors import FilingRefused, InputError
from ..i18n import Message, _
from ..storage import FilingRecord, IncidentRecord, Transaction
from .approvals import four_eyes_check
from .free_text import text_problem
from .views import FilingCheckResult

CASE_NUMBER = re.compile(r"IMY-\d{4}-\d{1,6}")


@dataclass(frozen=True)
class Plan:
    """One filing worked out inside a transaction: the check's result and what filing needs.

    ``prior`` are the earlier filings to the same recipient (what "since the last report" means);
    ``seq`` is the number the new filing gets among all the incident's filings."""

    check: FilingCheckResult
    facts: Facts
    prior: list[FilingRecord]
    changes: dict[str, Any] | None
    case_number: str | None  # the recipient's number to quote, the one given now included
    four_eyes: dict[str, Any]
    seq: int = 1
    recipient: str = IMY
    # Another recipient's number for this very report, given with it (IMY's is the earlier one's).
    own_number: str | None = None


def imy_paths(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Only the changes to questions that are sent to IMY (what a supplement may contain)."""
    sent = {q.path for q in questions() if q.sent_to_imy}
    sent |= {f"{section}.not_yet_known" for section in Facts.section_names()}
    internal = {s for s in Facts.section_names() if not Facts.section_class(s).sent_to_imy}
    return {
        path: value
        for path, value in changes.items()
        if path in sent and path.split(".", 1)[0] not in internal
    }


def plan(
    tx: Transaction,
    record: IncidentRecord,
    *,
    kind: FilingKind | str,
    submitted_at: datetime,
    final: bool,
    case_number: str | None,
    delay_reasons: str | None,
    now: datetime,
) -> Plan:
    """The filing rules, the four-eyes rule and every warning of a notification to IMY, for
    ``file`` and ``filing_check`` alike, so that what the DPO is shown is what filing does.
    The other recipients' reports: ``report_checks.plan_for``."""
    every = tx.filings.for_incident(record.id)
    kind = FilingKind(kind)
    submitted = to_utc(submitted_at)
    facts = stored_facts(record.facts)
    prior = [p for p in every if p.recipient == IMY]
    previous = stored_facts(prior[-1].snapshot) if prior else None
    changes = imy_paths(diff(previous, facts)) if previous is not None else None
    # A case number given now lands on the latest filing, as record_case_number would put it.
    numbers = [p.case_number for p in prior]
    if case_number is not None and prior:
        numbers[-1] = case_number
    seen = [
        PriorFiling(FilingKind(p.kind), p.filed_at, number, p.delay_reasons)
        for p, number in zip(prior, numbers, strict=True)
    ]
    problems = submitted_problems(facts, prior, submitted, now=now)
    if case_number is not None and not prior:
        problems.append(problem("", "case_number_no_filing"))
    problems += filing_problems(
        facts,
        kind,
        filed_at=submitted,
        prior=seen,
        changed_paths=list(changes) if changes is not None else None,
        final=final,
        delay_reasons=delay_reasons,
    )
    completes = kind is FilingKind.COMPLETE or (final and kind is FilingKind.SUPPLEMENT)
    four_eyes = four_eyes_check(tx, record, kind, final=completes)
    if four_eyes.problem is not None:
        problems.append(four_eyes.problem)
    late = hours_late(facts, prior[0].filed_at if prior else submitted)
    notice = kind is not FilingKind.WITHDRAWAL  # a withdrawal reports no answers
    warnings = [
        *four_eyes.warnings,
        *(_unknown_warnings(facts, complete=completes) if notice else []),
        *(_unanswered_warnings(facts, late) if kind is FilingKind.PRELIMINARY else []),
        *([] if prior or late is None else [_late_warning(late)]),
        *_decision_warnings(facts, kind),
        *(_contradiction_warning(p) for p in contradictions(facts)),
    ]
    check = FilingCheckResult(
        kind=kind,
        submitted_at=submitted,
        problems=tuple(problems),
        warnings=tuple(warnings),
        hours_late=late,
    )
    quoted = next((n for n in numbers if n), None)
    return Plan(check, facts, prior, changes, quoted, four_eyes.payload, seq=len(every) + 1)


def submitted_problems(
    facts: Facts,
    prior: list[FilingRecord],
    submitted: datetime,
    *,
    now: datetime,
    recipient: str = IMY,
) -> list[Problem]:
    """When it went in through the recipient's service: not ahead of now, not before awareness,
    not before the previous filing to the same recipient."""
    other = "" if recipient == IMY else "report_"
    found = []
    if submitted > to_utc(now) + FUTURE_TOLERANCE:
        found.append(problem("", f"{other}submitted_in_future"))
    aware = facts.times.aware_at
    if aware is not None and submitted < aware:
        found.append(problem("", f"{other}submitted_before_awareness", at=aware))
    if prior and submitted < prior[-1].filed_at:
        last = prior[-1]
        found.append(
            problem("", f"{other}submitted_before_previous", at=last.filed_at, seq=last.seq)
        )
    return found


# -- what filing checks beside the rules ---------------------------------------------------------

_FILING_TEXTS = {
    "submitted_in_future": _(
        "The time the notification was submitted to IMY is in the future; give when it was "
        "actually sent."
    ),
    "submitted_before_awareness": _(
        "The notification cannot have been submitted to IMY before awareness ({at})."
    ),
    "submitted_before_previous": _(
        "The notification cannot have been submitted before filing no. {seq} ({at})."
    ),
    "case_number_no_filing": _(
        "IMY's case number belongs to an earlier filing; the first filing has none."
    ),
    "final_only_imy": _(
        "Only a supplement to IMY can state that the notification is now complete."
    ),
    "case_number_format": _("The case number does not look like IMY's (e.g. IMY-2024-1234)."),
    "case_number_format_other": _("The case number does not look like {name} (e.g. {example})."),
    "report_submitted_in_future": _(
        "The time the report was submitted is in the future; give when it was actually sent."
    ),
    "report_submitted_before_awareness": _(
        "The report cannot have been submitted before awareness ({at})."
    ),
    "report_submitted_before_previous": _(
        "The report cannot have been submitted before the previous report to the same "
        "recipient, filing no. {seq} ({at})."
    ),
    "delay_reasons_too_long": _(
        "The reasons for the delay are too long (at most {limit} characters)."
    ),
}
_UNKNOWN_TO_FOLLOW = _(
    "Not yet known, reported as 'not yet known, to follow' in the notification: {labels}."
)
_UNANSWERED_TO_FOLLOW = _(
    "{count} questions are not answered yet and are reported as 'not yet known, to follow' in "
    "the notification: {labels}."
)
_UNKNOWN_IN_COMPLETE = _(
    "Still marked as not yet known although the notification is to be complete: {labels}."
)
_LATE = _(
    "The notification goes in {hours} hours after awareness, past the 72-hour deadline "
    "(Art. 33(1)); the reasons for the delay go with it."
)
_DOCUMENT_ONLY = _(
    "The decision is to document the breach internally only, yet you are recording a "
    "notification to IMY; change the decision if notifying is right."
)
_CONTRADICTION = _("Contradiction, {label}: {text}")
DELAY_REASONS_MAX = 5000
ARTICLE_33_HOURS = ARTICLE_33_WINDOW.total_seconds() / 3600


def problem(path: str, code: str, **ctx: Any) -> Problem:
    """One of the filing's own problems; ``at`` is a time, shown in Swedish time."""
    at = ctx.pop("at", None)
    if at is not None:
        ctx["at"] = Text(format_local(at, "sv"), format_local(at, "en"))
    text = _FILING_TEXTS[code].format(**ctx)
    return Problem(path=path, code=code, sv=text.sv, en=text.en)


def checked_case_number(case_number: str | None, recipient: str = IMY) -> str | None:
    """The recipient's case number as recorded (IMY's in upper case), None when not given;
    refused when it does not have the recipient's form (``recipients.toml``)."""
    if case_number is None or not case_number.strip():
        return None
    if recipient == IMY:
        number = case_number.strip().upper()
        if not CASE_NUMBER.fullmatch(number):
            raise FilingRefused([problem("", "case_number_format")])
        return number
    number = case_number.strip()
    found = recipient_of(recipient)
    if not found.case_number_ok(number):
        name = found.case_number_name
        raise FilingRefused(
            [
                problem(
                    "",
                    "case_number_format_other",
                    name=Text(name.sv, name.en),
                    example=found.case_number_example,
                )
            ]
        )
    return number


def recipient_of(key: str) -> Recipient:
    """The recipient named ``key``; an unknown one is the caller's mistake, said plainly."""
    found = recipient(key)
    if found is None:
        raise InputError(
            _(
                "Unknown recipient '{recipient}'; choose one of: {recipients}.",
                recipient=key,
                recipients=", ".join(recipient_keys()),
            )
        )
    return found


def delay_reasons_given(delay_reasons: str | None) -> str | None:
    if delay_reasons is None or not delay_reasons.strip():
        return None
    text = delay_reasons.strip()
    if len(text) > DELAY_REASONS_MAX:
        raise FilingRefused(
            [problem("times.delay_reasons", "delay_reasons_too_long", limit=DELAY_REASONS_MAX)]
        )
    found = text_problem(text)  # they go into the filed notification as written
    if found is not None:
        code, wording = found
        raise FilingRefused([Problem("times.delay_reasons", code, wording.sv, wording.en)])
    return text


@cache
def _labels() -> dict[str, Text]:
    return {q.path: q.label for q in questions()}


def _unknown_warnings(facts: Facts, *, complete: bool) -> list[Message]:
    """The questions sent to IMY still marked "not yet known", named. Normal in a preliminary
    notification (Art. 33(4)); a complete one refuses the required ones, and warns of the rest."""
    sent = {q.path for q in questions() if q.sent_to_imy}
    labels = _labels()
    unknown = [
        labels[path]
        for name in Facts.section_names()
        for question in facts.section(name).not_yet_known
        if (path := f"{name}.{question}") in sent
    ]
    if not unknown:
        return []
    text = _UNKNOWN_IN_COMPLETE if complete else _UNKNOWN_TO_FOLLOW
    return [text.format(labels=_quoted(unknown))]


def _unanswered_warnings(facts: Facts, late: float | None) -> list[Message]:
    """The questions nobody has answered yet: the preliminary notification shows each as "not yet
    known, to follow", so the DPO sees before filing what IMY will read as still to come."""
    paths = unanswered(facts, late=late is not None)
    if not paths:
        return []
    labels = [_labels()[path] for path in paths]
    return [_UNANSWERED_TO_FOLLOW.format(count=len(labels), labels=_quoted(labels))]


def _late_warning(late: float) -> Message:
    hours = int(late + ARTICLE_33_HOURS)
    return _LATE.format(hours=hours)


def _decision_warnings(facts: Facts, kind: FilingKind) -> list[Message]:
    if kind is not FilingKind.WITHDRAWAL and facts.decision.outcome is Outcome.DOCUMENT_ONLY:
        return [_DOCUMENT_ONLY]
    return []


def _contradiction_warning(problem: Problem) -> Message:
    label = _labels().get(problem.path, Text(problem.path, problem.path))
    return _CONTRADICTION.format(label=label, text=Text(problem.sv, problem.en))


def _quoted(labels: list[Text]) -> Text:
    """Question labels as a list in running text, quoted as each language quotes."""
    return Text(
        ", ".join(f"”{label.sv}”" for label in labels),
        ", ".join(f"'{label.en}'" for label in labels),
    )
