"""The plan of one report to a recipient other than IMY (CERT-SE, the police, IVO): the problems
that refuse it and the warnings it goes through with, by ``domain.report_rules``.

``filing_checks.plan`` hands a report to another recipient here, so that ``filing_check`` and
``file`` show and do the same for every recipient. "Since the last report" means since the last
report to the same recipient.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..domain.changes import diff
from ..domain.choices import FilingKind
from ..domain.facts import stored_facts
from ..domain.labels import Text
from ..domain.recipients import CERT_SE, IMY, ReportType, report_kind
from ..domain.report_rules import (
    PriorReport,
    deadline,
    report_problems,
    report_warnings,
    unknown_kind,
)
from ..domain.rule_table import active
from ..domain.times import to_utc
from ..errors import FilingRefused
from ..storage import FilingRecord, IncidentRecord, Transaction
from .filing_checks import Plan, plan, problem, recipient_of, submitted_problems
from .views import FilingCheckResult

# What a report to CERT-SE draws on (the cyber section and the shared facts of what happened);
# the questions about the people whose data it was stay IMY's.
CERT_SE_SECTIONS = frozenset({"controller", "contact", "times", "description", "measures", "cyber"})


def recipient_paths(recipient: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that matter to ``recipient``'s next report: for CERT-SE the sections its
    reports draw on; for a report kept by reference, every change of the facts it was made from."""
    if recipient != CERT_SE:
        return dict(changes)
    return {
        path: value for path, value in changes.items() if path.split(".")[0] in CERT_SE_SECTIONS
    }


def plan_for(
    tx: Transaction,
    record: IncidentRecord,
    *,
    recipient: str,
    kind: Any,
    submitted_at: datetime,
    final: bool,
    case_number: str | None,
    delay_reasons: str | None,
    now: datetime,
) -> Plan:
    """The plan of a filing to any recipient: IMY's by ``filing_checks.plan``, another's by its
    own rules. ``kind`` is a kind's key, a ``FilingKind`` or a ``ReportType``."""
    key = getattr(kind, "value", kind)
    wanted: dict[str, Any] = dict(
        submitted_at=submitted_at,
        final=final,
        case_number=case_number,
        delay_reasons=delay_reasons,
        now=now,
    )
    recipient_of(recipient)
    if report_kind(recipient, str(key)) is None:
        raise FilingRefused([unknown_kind(recipient, str(key))])
    if recipient == IMY:
        return plan(tx, record, kind=FilingKind(key), **wanted)
    every = tx.filings.for_incident(record.id)
    return report_plan(record, every, recipient=recipient, kind=str(key), **wanted)


def report_plan(
    record: IncidentRecord,
    every: list[FilingRecord],
    *,
    recipient: str,
    kind: str,
    submitted_at: datetime,
    final: bool,
    case_number: str | None,
    delay_reasons: str | None,
    now: datetime,
) -> Plan:
    """A report of ``kind`` to ``recipient`` worked out: order, content and lateness by the
    recipient's rules; ``case_number`` is the recipient's number for this very report."""
    found = recipient_of(recipient)
    submitted = to_utc(submitted_at)
    facts = stored_facts(record.facts)
    prior = [p for p in every if p.recipient == recipient]
    previous = stored_facts(prior[-1].snapshot) if prior else None
    changes = recipient_paths(recipient, diff(previous, facts)) if previous is not None else None
    seen = [PriorReport(p.kind, p.filed_at, p.case_number, p.delay_reasons) for p in prior]
    rules = active().rules_at(facts.times.aware_at, now=now)
    due = deadline(facts, kind, seen, recipient_key=recipient, rules=rules)
    problems = submitted_problems(facts, prior, submitted, now=now, recipient=recipient)
    if final:
        problems.append(problem("", "final_only_imy"))
    problems += report_problems(
        facts,
        recipient,
        kind,
        filed_at=submitted,
        prior=seen,
        delay_reasons=delay_reasons,
        due=due,
        rules=rules,
    )
    warnings = report_warnings(
        facts,
        recipient,
        kind,
        filed_at=submitted,
        prior=seen,
        case_number=case_number,
        changed_paths=list(changes) if changes is not None else None,
        due=due,
        rules=rules,
    )
    report = found.kind(kind) or ReportType(recipient, kind, Text(kind, kind), None)
    late = None
    if due is not None and submitted > due:
        late = (submitted - due).total_seconds() / 3600
    check = FilingCheckResult(
        kind=report,
        submitted_at=submitted,
        problems=tuple(problems),
        warnings=tuple(warnings),
        hours_late=late,
        recipient=recipient,
    )
    quoted = case_number or next((p.case_number for p in reversed(prior) if p.case_number), None)
    return Plan(
        check,
        facts,
        prior,
        changes,
        quoted,
        {},
        seq=len(every) + 1,
        recipient=recipient,
        own_number=case_number,
    )
