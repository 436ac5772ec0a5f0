"""The legal clocks of one incident: GDPR Art. 33 and 34, the other recipients' chains (CERT-SE,
IVO), processors' contracts and IMY's window.

Derived from the facts and the filings, never stored. The deadlines are the dated rule table's
(``rule_table``): an incident follows the rule set in force at its awareness. Instants are UTC;
hours are elapsed time, days and months are Swedish calendar time. Pure: the caller passes ``now``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .assessment import Assessment, assess
from .choices import FilingKind, InformStatus, NotInformReason
from .circumstances import Outcome
from .clock_model import (
    NO_AWARENESS,
    Clock,
    ClockStatus,
    FiledReport,
    deadline_clock,
    not_applicable,
    time_left_text,
)
from .facts import Facts
from .labels import Text
from .recipients import CERT_SE, IMY, IVO
from .report_clocks import chain_clocks, legacy_filed
from .rule_model import ReportRule, RuleSet, RuleTable, after_calendar, after_hours
from .rule_sets import active, builtin
from .rule_table import condition_met
from .times import from_stockholm, to_utc

__all__ = [
    "ART33_HOURS",
    "NIS2_IN_FORCE",
    "Clock",
    "ClockStatus",
    "FiledReport",
    "after_calendar",
    "after_hours",
    "clocks",
    "time_left_text",
]

_GDPR = builtin().rules_at(from_stockholm(datetime(2018, 5, 25, 12)))
_CYBER = builtin().set("cybersecurity-act-2026")
# The built-in table's values, for code that reckons a deadline without the facts (the overview's
# quick column); the clocks themselves read the rule set in force at each incident's awareness.
ART33_HOURS: int = _GDPR.report(IMY, "preliminary").deadline.hours  # type: ignore[union-attr, assignment]
NIS2_IN_FORCE = from_stockholm(datetime.combine(_CYBER.applies_from, datetime.min.time()))  # type: ignore[union-attr, arg-type]


def _rule(rule_set: RuleSet, kind: str) -> ReportRule:
    """IMY's rule for ``kind`` in the set, else the built-in GDPR one (a set without it)."""
    return rule_set.report(IMY, kind) or _GDPR.report(IMY, kind)  # type: ignore[return-value]


_ART34 = (
    Text("Information till de registrerade", "Telling the data subjects"),
    Text(
        "GDPR art. 34.1: vid hög risk ska de registrerade informeras utan onödigt dröjsmål; det "
        "finns ingen fast frist.",
        "GDPR Art. 34(1): where the risk is high, the data subjects must be told without undue "
        "delay; there is no fixed deadline.",
    ),
)


def _decided(facts: Facts, assessment: Assessment) -> Outcome:
    """The DPO's decision when recorded, else the assessment's (cautious) recommendation."""
    return facts.decision.outcome or assessment.outcome


def _art33(
    facts: Facts,
    first: tuple[FilingKind, datetime] | None,
    outcome: Outcome,
    rule_set: RuleSet,
    now: datetime,
) -> Clock:
    """Met by the first notification (preliminary or complete) within the rule's deadline."""
    rule = _rule(rule_set, "preliminary")
    named = ("gdpr_art33", rule.title, rule.basis)
    where = {"recipient": IMY, "report": rule.kind}
    aware = facts.times.aware_at
    if first is None and outcome is Outcome.DOCUMENT_ONLY:
        note = Text(
            "Beslutet är att bara dokumentera incidenten internt (art. 33.5).",
            "The decision is to document the breach internally only (Art. 33(5)).",
        )
        return not_applicable(*named, note, **where)
    chain = rule_set.chain(IMY)
    if first is None and chain is not None:
        applies, why = condition_met(facts, chain.condition, rule_set)
        if applies is False and why is not None:
            return not_applicable(*named, why, **where)
    if aware is None:
        return not_applicable(*named, NO_AWARENESS, **where)
    done = first[1] if first else None
    due = rule.deadline.due(aware) or after_hours(aware, ART33_HOURS)
    return deadline_clock(*named, start=aware, due=due, done=done, now=now, **where)


def _art34(
    facts: Facts, told: datetime | None, outcome: Outcome, assessment: Assessment, now: datetime
) -> Clock:
    """No fixed due time: met once the data subjects are told, running while the duty applies.

    Which duty applies follows what the DPO recorded: a reason in section I not to tell them
    (Art. 34(3) a or b, or no high risk) stops the clock, whatever the decision said earlier
    (``contradictions`` flags that); then the decision; then the assessment's recommendation.
    """
    start = facts.times.aware_at
    if told is not None:
        return Clock("gdpr_art34", *_ART34, ClockStatus.MET, start, met_at=told)
    communication = facts.communication
    reason = communication.reason_not
    if communication.status is InformStatus.WILL_NOT_INFORM and reason is not None:
        if reason is NotInformReason.DISPROPORTIONATE:
            return Clock("gdpr_art34", *_ART34, ClockStatus.RUNNING, start, note=_PUBLIC_NOTICE)
        note = Text(
            f"Ni har angett att de registrerade inte ska informeras: {reason.label('sv')}.",
            f"You recorded that the data subjects will not be told: {reason.label('en')}.",
        )
        return not_applicable("gdpr_art34", *_ART34, note)
    if outcome is not Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS:
        return not_applicable("gdpr_art34", *_ART34, _not_told_because(facts, outcome, assessment))
    return Clock("gdpr_art34", *_ART34, ClockStatus.RUNNING, start)


_PUBLIC_NOTICE = Text(
    "Art. 34.3 c: ett offentligt meddelande eller en liknande åtgärd ersätter informationen till "
    "var och en; den ska ändå ske utan onödigt dröjsmål.",
    "Art. 34(3)(c): a public communication or a similar measure replaces telling each person; it "
    "must still be made without undue delay.",
)


def _not_told_because(facts: Facts, outcome: Outcome, assessment: Assessment) -> Text:
    """Why no one needs to be told: the DPO's decision when recorded, else the assessment's."""
    if facts.decision.outcome is not None:
        return Text(
            f"Beslutet är ”{outcome.label('sv')}”: de registrerade behöver inte informeras.",
            f"The decision is '{outcome.label('en')}': the data subjects need not be told.",
        )
    exemption = assessment.exemption
    if exemption is not None and exemption is not NotInformReason.DISPROPORTIONATE:
        return Text(
            f"Riskbedömningen: {exemption.label('sv')}; inget beslut är registrerat ännu.",
            f"The assessment: {exemption.label('en')}; no decision is recorded yet.",
        )
    return Text(
        "Riskbedömningen bedömer inte risken som hög; inget beslut är registrerat ännu.",
        "The assessment does not judge the risk high; no decision is recorded yet.",
    )


def _processors(facts: Facts, now: datetime) -> list[Clock]:
    """One clock per processor whose contract sets hours: met when it told the controller in time."""
    found = []
    for p in facts.description.processors or []:
        if p.contract_hours is None:
            continue
        hours = p.contract_hours
        label = Text(
            f"{p.name} underrättar er ({hours} timmar enligt avtal)",
            f"{p.name} tells you ({hours} hours under the contract)",
        )
        basis = Text(
            "GDPR art. 33.2 och personuppgiftsbiträdesavtalet: biträdet ska underrätta den "
            f"personuppgiftsansvarige utan onödigt dröjsmål, enligt avtalet inom {hours} timmar "
            "från att biträdet fick kännedom.",
            "GDPR Art. 33(2) and the data processing agreement: the processor must tell the "
            f"controller without undue delay, under the contract within {hours} hours of becoming "
            "aware.",
        )
        key = f"processor:{p.name}"
        if p.aware_at is None:
            note = Text(
                "Ange när biträdet fick kännedom.", "Record when the processor became aware."
            )
            found.append(not_applicable(key, label, basis, note))
            continue
        found.append(
            deadline_clock(
                key,
                label,
                basis,
                start=p.aware_at,
                due=after_hours(p.aware_at, hours),
                done=p.notified_controller_at,
                now=now,
            )
        )
    return found


def _supplement(
    filings: list[tuple[FilingKind, datetime]], rule_set: RuleSet, now: datetime
) -> Clock:
    """Runs from a preliminary first filing for the rule's window (about four weeks); met by a
    complete notification (or a withdrawal) within it. A supplement alone leaves it running."""
    rule = _rule(rule_set, "supplement")
    named = ("imy_supplement_window", rule.title, rule.basis)
    where = {"recipient": IMY, "report": rule.kind}
    if not filings:
        note = Text("Startar med den första anmälan.", "Starts with the first notification.")
        return not_applicable(*named, note, **where)
    kind, first = filings[0]
    if kind is FilingKind.COMPLETE:
        note = Text("Den första anmälan var fullständig.", "The first notification was complete.")
        return not_applicable(*named, note, **where)
    closing = (FilingKind.COMPLETE, FilingKind.WITHDRAWAL)
    done = next((at for k, at in filings[1:] if k in closing), None)
    due = rule.deadline.due(first) or after_calendar(first, days=28)
    return deadline_clock(*named, start=first, due=due, done=done, now=now, **where)


def _filed(
    filings: Sequence[FiledReport | tuple[FilingKind | str, datetime]], now: datetime
) -> list[FiledReport]:
    """Every filing as a FiledReport (a (kind, at) pair is IMY's), as seen from ``now``, in time
    order: what happened later has not happened yet."""
    found = []
    for item in filings:
        if isinstance(item, FiledReport):
            kind = getattr(item.kind, "value", item.kind)
            found.append(FiledReport(item.recipient, kind, to_utc(item.filed_at)))
        else:
            kind, at = item
            found.append(FiledReport(IMY, getattr(kind, "value", kind), to_utc(at)))
    return sorted((f for f in found if f.filed_at <= now), key=lambda f: f.filed_at)


def _first_by_kind(
    facts: Facts, filed: list[FiledReport], recipient_key: str, now: datetime
) -> dict[str, datetime]:
    """The first filing of each kind to the recipient; none at all: what facts.other.reports
    recorded before filings had a recipient."""
    own = [f for f in filed if f.recipient == recipient_key]
    if not own:
        return legacy_filed(facts, recipient_key, now)
    found: dict[str, datetime] = {}
    for item in own:
        found.setdefault(item.kind, item.filed_at)
    return found


def clocks(
    facts: Facts,
    *,
    now: datetime,
    first_filed_at: datetime | None = None,
    filings: Sequence[FiledReport | tuple[FilingKind | str, datetime]] = (),
    notified_subjects_at: datetime | None = None,
    assessment: Assessment | None = None,
    rules: RuleTable | RuleSet | None = None,
) -> list[Clock]:
    """Every clock of the incident at ``now``.

    ``filings`` are the reports made, as FiledReport (any recipient) or as (kind, filed_at) pairs
    (IMY's); ``first_filed_at`` alone stands for a preliminary first filing to IMY when the
    filings are not at hand. ``notified_subjects_at`` defaults to ``communication.informed_at``.
    Which duties apply follows the DPO's decision when recorded, else the assessment (computed
    when not given). ``rules``: the rule table (default: the active one) or one rule set.
    """
    now = to_utc(now)
    table = rules if isinstance(rules, RuleTable) else active()
    rule_set = (
        rules if isinstance(rules, RuleSet) else table.rules_at(facts.times.aware_at, now=now)
    )
    filed = _filed(filings, now)
    ordered = [(FilingKind(f.kind), f.filed_at) for f in filed if f.recipient == IMY]
    if not ordered and first_filed_at is not None:
        ordered = [(FilingKind.PRELIMINARY, to_utc(first_filed_at))]
    notices = [f for f in ordered if f[0] is not FilingKind.WITHDRAWAL]
    first = next(
        ((k, at) for k, at in notices if k in (FilingKind.PRELIMINARY, FilingKind.COMPLETE)), None
    )
    assessment = assessment or assess(facts)
    outcome = _decided(facts, assessment)
    told = notified_subjects_at or facts.communication.informed_at
    if told is not None and to_utc(told) > now:
        told = None
    others = [
        *chain_clocks(
            facts,
            CERT_SE,
            rule_set=rule_set,
            table=table,
            filed=_first_by_kind(facts, filed, CERT_SE, now),
            now=now,
        ),
        *chain_clocks(
            facts,
            IVO,
            rule_set=rule_set,
            table=table,
            filed=_first_by_kind(facts, filed, IVO, now),
            now=now,
            hide_out_of_scope=True,
        ),
    ]
    return [
        _art33(facts, first, outcome, rule_set, now),
        _art34(facts, to_utc(told) if told else None, outcome, assessment, now),
        *others,
        *_processors(facts, now),
        _supplement(ordered, rule_set, now),
    ]
