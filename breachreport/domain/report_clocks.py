"""The clocks of the recipients besides IMY, read from the dated rule table: CERT-SE's chain under
the cybersäkerhetslag (early warning, incident notification, progress report, final report) and
IVO's lex Maria report for a care provider. The police report has no legal clock.

A chain whose condition is not yet known ("if significant") still shows every deadline, with the
condition on each clock; a chain that does not apply shows why. Pure: the caller passes ``now``.
"""

from __future__ import annotations

from datetime import datetime

from .choices import Authority
from .clock_model import NO_AWARENESS, Clock, ClockStatus, deadline_clock, not_applicable
from .facts import Facts
from .labels import Text
from .recipients import CERT_SE, IVO, recipient
from .rule_model import ChainRule, ReportRule, RuleSet, RuleTable
from .rule_table import applies_from_text, condition_met, in_scope

# The clocks' keys, stable for the screens and the JSON; any other report gets "recipient:kind".
KEYS = {
    (CERT_SE, "early-warning"): "nis2_early_warning",
    (CERT_SE, "incident-notification"): "nis2_notification",
    (CERT_SE, "progress-report"): "nis2_progress_report",
    (CERT_SE, "final-report"): "nis2_final_report",
    (IVO, "lex-maria"): "ivo_lex_maria",
}
# facts.other.reports made before filings had a recipient: the CSIRT's in time order stand for
# these kinds, as they always did; IVO's for the lex Maria report.
LEGACY = {
    CERT_SE: (Authority.CSIRT, ("early-warning", "incident-notification", "final-report")),
    IVO: (Authority.IVO, ("lex-maria",)),
}


def key_of(recipient_key: str, kind: str) -> str:
    return KEYS.get((recipient_key, kind), f"{recipient_key}:{kind}")


def legacy_filed(facts: Facts, recipient_key: str, now: datetime) -> dict[str, datetime]:
    """What ``facts.other.reports`` say was reported to the recipient, by kind, as seen at ``now``."""
    if recipient_key not in LEGACY:
        return {}
    authority, kinds = LEGACY[recipient_key]
    times = sorted(
        r.reported_at
        for r in facts.other.reports or []
        if r.authority is authority and r.reported_at is not None and r.reported_at <= now
    )
    return dict(zip(kinds, times, strict=False))


def _joined(parts: list[Text]) -> Text | None:
    if not parts:
        return None
    sv = " och ".join([parts[0].sv, *(p.sv.removeprefix("om ") for p in parts[1:])])
    en = " and ".join([parts[0].en, *(p.en.removeprefix("if ") for p in parts[1:])])
    return Text(sv[0].upper() + sv[1:], en[0].upper() + en[1:])


def _provisional(name: Text) -> Text:
    return Text(
        f"Preliminärt räknad från fristen för {name.sv.lower()} tills den är gjord.",
        f"Counted from the deadline of the {name.en.lower()} until it is made.",
    )


def _one(
    facts: Facts,
    rule: ReportRule,
    *,
    chain: ChainRule,
    rule_set: RuleSet,
    start: datetime,
    provisional: Text | None,
    chain_open: bool,
    done: datetime | None,
    closed: bool,
    now: datetime,
) -> Clock:
    key = key_of(rule.recipient, rule.kind)
    where = {"recipient": rule.recipient, "report": rule.kind}
    last = chain.reports[-1]
    if done is None and closed and rule.condition == "ongoing" and rule is not last:
        note = Text(f"{last.label.sv}: redan lämnad.", f"{last.label.en}: already made.")
        return not_applicable(key, rule.title, rule.basis, note, **where)
    open_parts = [chain.condition_text] if chain_open and chain.condition_text else []
    if done is None and rule.condition not in ("none", chain.condition):
        applies, why = condition_met(facts, rule.condition, rule_set)
        if applies is False:
            return not_applicable(key, rule.title, rule.basis, why or rule.basis, **where)
        if applies is None and rule.condition_text:
            open_parts.append(rule.condition_text)
    condition = _joined(open_parts) if done is None else None
    due = rule.deadline.due(start)
    if due is None:
        status = ClockStatus.MET if done is not None else ClockStatus.RUNNING
        d = rule.deadline_text
        asap = Text(f"{d.sv[0].upper()}{d.sv[1:]}.", f"{d.en[0].upper()}{d.en[1:]}.")
        return Clock(
            key, rule.title, rule.basis, status, start, None, None, done, asap,
            condition=condition, **where,
        )  # fmt: skip
    return deadline_clock(
        key,
        rule.title,
        rule.basis,
        start=start,
        due=due,
        done=done,
        now=now,
        note=provisional,
        condition=condition,
        **where,
    )


def chain_clocks(
    facts: Facts,
    recipient_key: str,
    *,
    rule_set: RuleSet,
    table: RuleTable,
    filed: dict[str, datetime],
    now: datetime,
    hide_out_of_scope: bool = False,
) -> list[Clock]:
    """One clock per report of ``recipient_key``'s chain in the incident's rule set, met by a
    report of the same kind (``filed``: kind -> first time filed)."""
    chain = rule_set.chain(recipient_key)
    shown = chain or table.latest_chain(recipient_key)
    if shown is None:
        return []
    note = None
    reason = in_scope(facts, shown.scope)
    if reason is not None and hide_out_of_scope:
        return []
    aware = facts.times.aware_at
    if chain is None:
        found = recipient(recipient_key)
        law = found.regime.name if found else Text(recipient_key, recipient_key)
        since = Text(*(applies_from_text(shown.reports[0], lang) for lang in ("sv", "en")))
        note = Text(
            f"{law.sv} gäller incidenter som ni fått kännedom om från och med {since.sv}.",
            f"{law.en} applies to incidents you became aware of from {since.en}.",
        )
    elif reason is not None:
        note = reason
    elif aware is None:
        note = NO_AWARENESS
    applies = None
    if note is None:
        applies, why = condition_met(facts, shown.condition, rule_set)
        note = why if applies is False else None
    if note is not None or aware is None:
        return [
            not_applicable(
                key_of(recipient_key, r.kind), r.title, r.basis, note or NO_AWARENESS,
                recipient=recipient_key, report=r.kind,
            )
            for r in shown.reports
        ]  # fmt: skip
    made: dict[str, Clock] = {}
    found_clocks = []
    for rule in shown.reports:
        start, provisional = aware, None
        if rule.counted_from != "awareness":
            source_kind = (
                found_clocks[-1].report if rule.counted_from == "previous" else rule.counted_from
            )
            source = made.get(source_kind or "")
            if source is not None and source.met_at is not None:
                start = source.met_at
            elif source is not None and source.due is not None:
                start = source.due
                kind = recipient(recipient_key).kind(source_kind)  # type: ignore[union-attr, arg-type]
                provisional = _provisional(kind.text if kind else source.label)
        clock = _one(
            facts,
            rule,
            chain=shown,
            rule_set=rule_set,
            start=start,
            provisional=provisional,
            chain_open=applies is None,
            done=filed.get(rule.kind),
            closed=shown.reports[-1].kind in filed,
            now=now,
        )
        made[rule.kind] = clock
        found_clocks.append(clock)
    return found_clocks
