"""What a report to a recipient other than IMY must contain, and in which order it may come:
CERT-SE under the cybersäkerhetslag (2025:1506), the police and IVO (kept by reference).

IMY's rules are ``filing_rules``. Pure rules over facts and the earlier reports to the same
recipient; returns bilingual problems (which refuse a report) and warnings (which it goes through
with), never refuses silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .facts import Facts
from .fields import question_meta
from .labels import Text
from .problems import Problem
from .recipients import CERT_SE, IVO, recipient
from .rule_model import RuleSet
from .rule_table import active, in_scope
from .significance import NOT_SIGNIFICANT, judge
from .times import format_local

EARLY_WARNING = "early-warning"
INCIDENT_NOTIFICATION = "incident-notification"
PROGRESS_REPORT = "progress-report"
FINAL_REPORT = "final-report"


@dataclass(frozen=True)
class PriorReport:
    """An earlier report to the same recipient, as the rules need it."""

    kind: str
    filed_at: datetime
    case_number: str | None = None
    delay_reasons: str | None = None


_TEXTS = {
    "unknown_kind": Text(
        "{name_sv} tar inte emot rapporter av slaget ”{kind}”; välj en av: {kinds}.",
        "{name_en} takes no report of the kind '{kind}'; choose one of: {kinds}.",
    ),
    "required": Text(
        "Frågan ”{label_sv}” måste besvaras innan rapporten kan skickas.",
        "The question '{label_en}' must be answered before this report can be sent.",
    ),
    "required_or_unknown": Text(
        "Frågan ”{label_sv}” måste besvaras eller markeras som ännu inte känd innan slutrapporten "
        "kan skickas.",
        "The question '{label_en}' must be answered or marked as not yet known before the final "
        "report can be sent.",
    ),
    "needs_notification": Text(
        "En {kind_sv} förutsätter att incidentanmälan redan är gjord till CERT-SE; skicka "
        "incidentanmälan först.",
        "A {kind_en} needs the incident notification to CERT-SE first; send the incident "
        "notification before it.",
    ),
    "early_warning_sent": Text(
        "Den tidiga varningen är redan skickad; nästa rapport är incidentanmälan.",
        "The early warning has already been sent; the next report is the incident notification.",
    ),
    "early_warning_after_notification": Text(
        "Incidentanmälan är redan gjord och gäller också som tidig varning; en tidig varning "
        "kan inte komma efter den.",
        "The incident notification has already been made and counts as the early warning too; "
        "an early warning cannot follow it.",
    ),
    "notification_sent": Text(
        "Incidentanmälan är redan gjord; skicka en lägesrapport eller slutrapporten i stället.",
        "The incident notification has already been made; send a progress report or the final "
        "report instead.",
    ),
    "final_sent": Text(
        "Slutrapporten är redan skickad till CERT-SE; inga fler rapporter följer i kedjan.",
        "The final report has already been sent to CERT-SE; no more reports follow in the chain.",
    ),
    "approval_after_filing": Text(
        "Ledningen godkände slutrapporten ({approved}) efter att den skickades ({filed}); "
        "godkännandet måste komma före.",
        "Management approved the final report ({approved}) after it was sent ({filed}); the "
        "approval must come first.",
    ),
    "delay_reasons": Text(
        "{kind_sv} skickas efter sin frist ({due}); ange skälen till förseningen.",
        "The {kind_en} goes in after its deadline ({due}); give the reasons for the delay.",
    ),
    "voluntary_not_covered": Text(
        "Organisationen är inte angiven som väsentlig eller viktig verksamhetsutövare: "
        "rapporten till CERT-SE blir en frivillig rapport.",
        "The organisation is not recorded as an essential or important entity: the report to "
        "CERT-SE is a voluntary one.",
    ),
    "voluntary_before_law": Text(
        "Kännedomen kom före den 15 januari 2026, innan cybersäkerhetslagen gällde: rapporten "
        "till CERT-SE blir en frivillig rapport.",
        "Awareness came before 15 January 2026, when the Cybersecurity Act did not yet apply: "
        "the report to CERT-SE is a voluntary one.",
    ),
    "voluntary_not_significant": Text(
        "Incidenten är bedömd som inte betydande: rapporten till CERT-SE blir en frivillig "
        "rapport.",
        "The incident is judged not significant: the report to CERT-SE is a voluntary one.",
    ),
    "late": Text(
        "{kind_sv} skickas efter sin frist ({due}); skälen till förseningen går med.",
        "The {kind_en} goes in after its deadline ({due}); the reasons for the delay go with it.",
    ),
    "counts_as_early_warning": Text(
        "Ingen tidig varning är skickad: incidentanmälan gäller också som tidig varning.",
        "No early warning was sent: the incident notification counts as the early warning too.",
    ),
    "nothing_changed": Text(
        "Inget som CERT-SE frågar efter har ändrats sedan förra rapporten till CERT-SE.",
        "Nothing CERT-SE asks about has changed since the previous report to CERT-SE.",
    ),
    "no_reference": Text(
        "Inget diarienummer är angivet; registrera {number_sv} när ni har det.",
        "No reference number was given; record {number_en} once you have it.",
    ),
    "ivo_not_care": Text(
        "Organisationen är inte angiven som vårdgivare; lex Maria gäller vårdgivare.",
        "The organisation is not recorded as a care provider; lex Maria applies to care providers.",
    ),
}

# What every report to CERT-SE needs: who reports, what happened and when it became known.
CERT_SE_ANSWERED = ["controller.name", "times.aware_at", "description.summary"]
# The final report: management's approval, and root cause, severity and measures answered or
# marked as not yet known.
FINAL_REPORT_ANSWERED = ["cyber.approved_by", "cyber.approved_at"]
FINAL_REPORT_ANSWERED_OR_UNKNOWN = ["cyber.root_cause", "cyber.severity_impact", "measures.taken"]


def _text(code: str, **ctx: object) -> Text:
    """The text of ``code``; a ``Text`` among ``ctx`` goes in each language as that language's."""
    text = _TEXTS[code]
    sv = {k: v.sv if isinstance(v, Text) else v for k, v in ctx.items()}
    en = {k: v.en if isinstance(v, Text) else v for k, v in ctx.items()}
    return Text(text.sv.format(**sv), text.en.format(**en))


def _problem(path: str, code: str, **ctx: object) -> Problem:
    text = _text(code, **ctx)
    return Problem(path=path, code=code, sv=text.sv, en=text.en)


def _label(facts: Facts, path: str) -> Text:
    section, name = path.split(".", 1)
    return question_meta(type(facts.section(section)).model_fields[name])[0]


def _kind_text(recipient_key: str, kind: str) -> Text:
    found = recipient(recipient_key)
    report = found.kind(kind) if found else None
    return report.text if report else Text(kind, kind)


def _when(at: datetime) -> Text:
    return Text(format_local(at, "sv"), format_local(at, "en"))


def deadline(
    facts: Facts,
    kind: str,
    prior: Sequence[PriorReport],
    *,
    recipient_key: str = CERT_SE,
    rules: RuleSet | None = None,
) -> datetime | None:
    """When a report of ``kind`` to ``recipient_key`` is due, given the earlier reports to it, by
    the rule set in force at awareness (``rule_table``): counted from awareness, from the previous
    report or from a named one (the final report from the incident notification). An incident
    notification without an early warning before it is the early warning too, so it is due when
    the early warning was. None when no fixed deadline applies or its start is not known yet."""
    rule_set = rules or active().rules_at(facts.times.aware_at)
    rule = rule_set.report(recipient_key, kind)
    kinds = {p.kind for p in prior}
    if rule is None or kind in kinds:
        return None  # no rule, or a report made again (a further progress report): no deadline
    if rule.condition == "ongoing" and facts.times.ongoing is False:
        return None  # a progress report is due only while the incident goes on
    start: datetime | None
    if rule.counted_from == "awareness":
        start = facts.times.aware_at
    elif rule.counted_from == "previous":
        start = prior[-1].filed_at if prior else None
    else:
        start = next((p.filed_at for p in prior if p.kind == rule.counted_from), None)
    due = rule.deadline.due(start) if start is not None else None
    if recipient_key == CERT_SE and kind == INCIDENT_NOTIFICATION and EARLY_WARNING not in kinds:
        early = deadline(facts, EARLY_WARNING, prior, recipient_key=CERT_SE, rules=rule_set)
        if early is not None:
            due = early if due is None else min(due, early)
    return due


def voluntary(facts: Facts, *, rules: RuleSet | None = None) -> Text | None:
    """Why a report to CERT-SE would be a voluntary one (None: the law asks for it, or whether
    it does is not known yet): no CERT-SE chain in force at awareness, an entity the law does
    not cover, an incident judged not significant."""
    rule_set = rules or active().rules_at(facts.times.aware_at)
    chain = rule_set.chain(CERT_SE)
    if chain is None:
        return _TEXTS["voluntary_before_law"]
    if in_scope(facts, chain.scope) is not None:
        return _TEXTS["voluntary_not_covered"]
    if judge(facts, rules=rule_set).status == NOT_SIGNIFICANT:
        return _TEXTS["voluntary_not_significant"]
    return None


def unknown_kind(recipient_key: str, kind: str) -> Problem:
    """The problem of a report kind its recipient does not take, naming the ones it does."""
    found = recipient(recipient_key)
    name = found.short if found is not None else Text(recipient_key, recipient_key)
    kinds = ", ".join(found.kind_keys()) if found is not None else ""
    return _problem("", "unknown_kind", name_sv=name.sv, name_en=name.en, kind=kind, kinds=kinds)


def report_problems(
    facts: Facts,
    recipient_key: str,
    kind: str,
    *,
    filed_at: datetime,
    prior: Sequence[PriorReport] = (),
    delay_reasons: str | None = None,
    due: datetime | None = None,
    rules: RuleSet | None = None,
) -> list[Problem]:
    """Everything that stops ``facts`` from being reported to ``recipient_key`` as ``kind`` now;
    empty when it may go. ``prior`` are the earlier reports to that recipient, oldest first.
    ``due`` is the report's deadline (default: ``deadline``); a report past it needs reasons,
    given with it (``delay_reasons``) or in the facts."""
    found = recipient(recipient_key)
    if found is None or found.kind(kind) is None:
        return [unknown_kind(recipient_key, kind)]
    if recipient_key != CERT_SE:
        return []  # the police, IVO: kept by reference; their own services ask the questions
    problems = _order_problems(kind, prior)
    if problems:
        return problems
    problems = _answered(facts, CERT_SE_ANSWERED, "required")
    if kind == FINAL_REPORT:
        problems += _answered(facts, FINAL_REPORT_ANSWERED, "required")
        problems += _answered(facts, FINAL_REPORT_ANSWERED_OR_UNKNOWN, "required_or_unknown")
        approved = facts.cyber.approved_at
        if approved is not None and approved > filed_at:
            problems.append(
                _problem(
                    "cyber.approved_at",
                    "approval_after_filing",
                    approved=_when(approved),
                    filed=_when(filed_at),
                )
            )
    due = deadline(facts, kind, prior, rules=rules) if due is None else due
    given = delay_reasons or facts.times.delay_reasons
    # A voluntary report has no legal deadline to explain.
    if due is not None and filed_at > due and not given and voluntary(facts, rules=rules) is None:
        label = _kind_text(recipient_key, kind)
        problems.append(
            _problem(
                "times.delay_reasons",
                "delay_reasons",
                kind_sv=label.sv,
                kind_en=label.en.lower(),
                due=_when(due),
            )
        )
    return problems


def _order_problems(kind: str, prior: Sequence[PriorReport]) -> list[Problem]:
    """The CERT-SE chain's order: an early warning first (or none: the incident notification then
    counts for it), the incident notification once, then progress reports and one final report."""
    kinds = {p.kind for p in prior}
    if FINAL_REPORT in kinds:
        return [_problem("", "final_sent")]
    if kind == EARLY_WARNING:
        if INCIDENT_NOTIFICATION in kinds:
            return [_problem("", "early_warning_after_notification")]
        if EARLY_WARNING in kinds:
            return [_problem("", "early_warning_sent")]
    if kind == INCIDENT_NOTIFICATION and INCIDENT_NOTIFICATION in kinds:
        return [_problem("", "notification_sent")]
    if kind in (PROGRESS_REPORT, FINAL_REPORT) and INCIDENT_NOTIFICATION not in kinds:
        label = _kind_text(CERT_SE, kind)
        return [
            _problem("", "needs_notification", kind_sv=label.sv.lower(), kind_en=label.en.lower())
        ]
    return []


def _answered(facts: Facts, paths: Sequence[str], code: str) -> list[Problem]:
    problems = []
    for path in paths:
        section, name = path.split(".", 1)
        sect = facts.section(section)
        if sect.is_answered(name) or (code == "required_or_unknown" and sect.is_unknown(name)):
            continue
        label = _label(facts, path)
        problems.append(_problem(path, code, label_sv=label.sv, label_en=label.en))
    return problems


def report_warnings(
    facts: Facts,
    recipient_key: str,
    kind: str,
    *,
    filed_at: datetime,
    prior: Sequence[PriorReport] = (),
    case_number: str | None = None,
    changed_paths: Sequence[str] | None = None,
    due: datetime | None = None,
    rules: RuleSet | None = None,
) -> list[Text]:
    """What the DPO should know although the report goes through: a voluntary report to CERT-SE
    (an entity not covered, awareness before the law, an incident judged not significant), a
    late one, an incident notification that stands in for the early warning, a report with
    nothing new, a report kept by reference without its reference number. ``rules``: the rule
    set in force at awareness (default: the active table's)."""
    found = recipient(recipient_key)
    if found is None:
        return []
    warnings: list[Text] = []
    if recipient_key != CERT_SE:
        if case_number is None:
            number = found.case_number_name
            warnings.append(_text("no_reference", number_sv=number.sv.lower(), number_en=number.en))
        if recipient_key == IVO and facts.controller.health_care is not True:
            warnings.append(_TEXTS["ivo_not_care"])
        return warnings
    why = voluntary(facts, rules=rules)
    if why is not None:
        warnings.append(why)
    kinds = {p.kind for p in prior}
    if kind == INCIDENT_NOTIFICATION and EARLY_WARNING not in kinds:
        warnings.append(_TEXTS["counts_as_early_warning"])
    due = deadline(facts, kind, prior, rules=rules) if due is None else due
    if due is not None and filed_at > due and why is None:
        label = _kind_text(recipient_key, kind)
        warnings.append(_text("late", kind_sv=label.sv, kind_en=label.en.lower(), due=_when(due)))
    if prior and changed_paths is not None and not changed_paths:
        warnings.append(_TEXTS["nothing_changed"])
    return warnings
