"""``recipients``: who receives reports about an incident, under which regime, and each one's chain
of reports with its deadline rule and the date the rule applies from, as the dated rule table
(with the organisation's BREACHREPORT_RULES_FILE over it) has them in force now or at ``--at``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..i18n import Message, _
from .context import Run, dumps, parse_time, pass_run
from .options import command, json_option, lang_option

if TYPE_CHECKING:
    from ..domain.labels import Text
    from ..domain.rule_model import ChainRule, ReportRule, RuleSet


def _text(value: Text | None) -> dict[str, str] | None:
    return {"sv": value.sv, "en": value.en} if value is not None else None


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _report_json(rule: ReportRule) -> dict[str, Any]:
    return {
        "kind": rule.kind,
        "label": _text(rule.label),
        "title": _text(rule.title),
        "deadline": rule.deadline.to_json(),
        "deadline_text": _text(rule.deadline_text),
        "counted_from": rule.counted_from,
        "counted_from_text": _text(rule.counted_from_text),
        "condition": rule.condition,
        "condition_text": _text(rule.condition_text),
        "basis": _text(rule.basis),
        "applies_from": _day(rule.applies_from),
    }


def _set_json(rule_set: RuleSet) -> dict[str, Any]:
    return {
        "version": rule_set.version,
        "name": _text(rule_set.name),
        "applies_from": _day(rule_set.applies_from),
        "in_force": rule_set.in_force,
        "proposed_on": _day(rule_set.proposed_on),
        "based_on": rule_set.based_on,
    }


def describe(rule_set: RuleSet, sets: tuple[RuleSet, ...]) -> dict[str, Any]:
    """The rules as JSON: the set, every recipient with its chain (empty where the set has none),
    and every rule set of the table."""
    from ..domain.recipients import recipients

    found = []
    for key, recipient in recipients().items():
        chain = rule_set.chain(key)
        found.append(
            {
                "key": key,
                "name": _text(recipient.name),
                "short": _text(recipient.short),
                "regime": {"key": recipient.regime.key, "name": _text(recipient.regime.name)},
                "channel": _text(recipient.channel),
                "by_reference": recipient.by_reference,
                "scope": chain.scope if chain else None,
                "condition": chain.condition if chain else None,
                "condition_text": _text(chain.condition_text) if chain else None,
                "reports": [_report_json(r) for r in chain.reports] if chain else [],
            }
        )
    return {
        "rule_set": _set_json(rule_set),
        "recipients": found,
        "rule_sets": [_set_json(s) for s in sets],
    }


_SCOPES = {
    "all": _("every incident"),
    "nis2-entity": _("an essential or important entity under the Cybersecurity Act"),
    "care-provider": _("a care provider (health care)"),
}


def _indented(run: Run, spaces: int, message: Message) -> None:
    print(" " * spaces + run.say(message))


def _print_chain(run: Run, chain: ChainRule) -> None:
    from ..domain.rule_table import applies_from_text

    lang = run.lang
    _indented(run, 2, _("Concerns: {scope}", scope=run.say(_SCOPES[chain.scope])))
    if chain.condition_text is not None:
        _indented(run, 2, _("Only {condition}", condition=chain.condition_text(lang)))
    for number, rule in enumerate(chain.reports, 1):
        deadline = rule.deadline_text(lang)
        if rule.deadline.fixed:
            deadline = f"{deadline} {rule.counted_from_text(lang)}"
        print(f"  {number}. {rule.label(lang)}: {deadline}")
        if rule.condition not in ("none", chain.condition) and rule.condition_text:
            _indented(run, 5, _("Only {condition}", condition=rule.condition_text(lang)))
        _indented(run, 5, _("Applies from {date}", date=applies_from_text(rule, lang)))
        print(f"     {rule.basis(lang)}")


def _print(run: Run, rule_set: RuleSet, sets: tuple[RuleSet, ...]) -> None:
    from ..domain.recipients import recipients
    from ..domain.rule_table import applies_from_text

    lang = run.lang
    run.echo(
        _(
            "Rules in force: {name} ({version}, from {date})",
            name=rule_set.name(lang),
            version=rule_set.version,
            date=applies_from_text(rule_set, lang),
        )
    )
    for key, recipient in recipients().items():
        print()
        print(f"{recipient.name(lang)} [{key}]")
        _indented(run, 2, _("Regime: {regime}", regime=recipient.regime.name(lang)))
        chain = rule_set.chain(key)
        if chain is None:
            _indented(run, 2, _("No reports under these rules."))
            continue
        _print_chain(run, chain)
    print()
    run.echo(_("Rule sets:"))
    for item in sets:
        if item.in_force:
            state = run.say(_("from {date}", date=applies_from_text(item, lang)))
        else:
            state = run.say(_("proposal, not in force"))
        print(f"  {item.version}: {item.name(lang)} ({state})")


@command("recipients", "who receives reports, and each one's deadlines under the rules in force")
@click.option("--at", default=None, help="the rules in force at this time (default: now)")
@json_option()
@lang_option
@pass_run
def recipients_command(run: Run, at: str | None, as_json: bool) -> int:
    from ..domain import rule_table
    from ..domain.times import utc_now
    from ..runtime.rules import install_rules
    from ..settings import load_settings

    install_rules(load_settings())
    table = rule_table.active()
    rule_set = table.rules_at(parse_time(at) if at else utc_now())
    if as_json:
        print(dumps(describe(rule_set, table.sets)))
        return 0
    _print(run, rule_set, table.sets)
    return 0


COMMANDS = (recipients_command,)
