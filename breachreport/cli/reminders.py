"""``reminders show|set``: the organisation's reminder rules; ``remind``: send the reminders and
escalations that are due (run it every few minutes from a timer: it never sends a mail twice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..i18n import Message, _, _n, _p
from .context import Run, dumps, parse_time, pass_run, workspace
from .options import CONTEXT, EXIT_ERROR, LANGS, Choice, command, json_option, lang_option
from .users import Actions

if TYPE_CHECKING:
    from ..services.reminders import Reminders, RunReport

TEXT = "the reminder rules: when, to whom, escalation, quiet hours"

_OUTCOMES = {
    "sent": _p("mail outcome", "sent"),
    "failed": _p("mail outcome", "failed"),
    "would_send": _p("mail outcome", "would send"),
    "expired": _p("mail outcome", "expired"),
}
_KINDS = {
    "reminder": _p("mail kind", "reminder"),
    "escalation": _p("mail kind", "escalation"),
    "review_notice": _p("mail kind", "review notice"),
}


_LANGUAGES = {"sv": _p("mail language", "Swedish"), "en": _p("mail language", "English")}


def _said(run: Run, words: dict[str, Message], key: str) -> str:
    return run.say(words[key]) if key in words else key


def _hours(values: Any) -> str:
    return ", ".join(f"{h:g} h" for h in values)


# -- show and set ------------------------------------------------------------------------------


def _print_rules(run: Run, kept: Reminders) -> None:
    from ..domain.times import format_local

    rules = kept.rules()
    lang = run.lang
    if rules.before_hours:
        run.echo(_("Reminders: {hours} before each deadline.", hours=_hours(rules.before_hours)))
    else:
        run.echo(_("Reminders: none."))
    if rules.by_deadline:
        from ..domain.reminders import deadline_names

        names = deadline_names()
        for key, hours in rules.by_deadline.items():
            name = names[key](lang) if key in names else key
            said = _hours(hours) if hours else run.say(_("no reminders"))
            run.echo(_("  {deadline} ({key}): {hours} before.", deadline=name, key=key, hours=said))
    whom = []
    if rules.to_incident_dpo:
        whom.append(run.say(_("the incident's DPO address (else the organisation profile's)")))
    if rules.to_dpo_accounts:
        whom.append(run.say(_("every active DPO account whose username is a mail address")))
    run.echo(_("Sent to: {whom}.", whom="; ".join(whom) or "-"))
    if rules.escalates:
        run.echo(
            _(
                "Escalation: {hours} before a deadline with no report, to {address}.",
                hours=_hours([rules.escalation_hours]),
                address=rules.escalation_address,
            )
        )
    elif rules.escalation_address is None:
        run.echo(_("Escalation: none (no escalation address is set)."))
    else:
        run.echo(_("Escalation: none."))
    if rules.quiet_hours is not None:
        run.echo(
            _(
                "Quiet hours: {span} Swedish time; reminders wait until they end, except for "
                "deadlines of at most {urgent} and when waiting would pass the deadline.",
                span=rules.quiet_hours.text(),
                urgent=_hours([rules.urgent_hours]),
            )
        )
    else:
        run.echo(_("Quiet hours: none."))
    run.echo(_("Language of the mails: {lang}.", lang=_LANGUAGES[rules.language]))
    changed = kept.rules_changed()
    if changed is None:
        run.echo(_("These are the defaults; nobody has changed them."))
    else:
        when = format_local(changed.at, lang)
        run.echo(_("Last changed by {name}, {when}.", name=changed.by, when=when))
    if not kept.mail_configured():
        run.echo(
            _(
                "No mail server is set up, so nothing is sent: set BREACHREPORT_SMTP_HOST and "
                "BREACHREPORT_SMTP_SENDER."
            )
        )
    missing = kept.addressless_dpos()
    if missing and rules.to_dpo_accounts:
        run.echo(
            _(
                "DPO accounts whose username is not a mail address get no reminders: {names}.",
                names=", ".join(missing),
            )
        )


def _rules_json(kept: Reminders) -> dict[str, Any]:
    changed = kept.rules_changed()
    return {
        "rules": kept.rules().to_json(),
        "changed_by": changed.by if changed else None,
        "changed_at": changed.at.isoformat() if changed else None,
        "mail_configured": kept.mail_configured(),
        "dpo_accounts_without_address": kept.addressless_dpos(),
    }


@command("show", "the reminder rules in force")
@json_option()
@lang_option
@pass_run
def show(run: Run, as_json: bool) -> int:
    kept = workspace().reminders
    if as_json:
        print(dumps(_rules_json(kept)))
    else:
        _print_rules(run, kept)
    return 0


def _before(text: str) -> list[float]:
    if text.strip().lower() in ("", "none"):
        return []
    found = []
    for part in text.split(","):
        try:
            found.append(float(part.strip()))
        except ValueError:
            raise InputError(
                _(
                    "--before takes hours separated by commas, e.g. 24,6 (or none); '{part}' is "
                    "not a number.",
                    part=part.strip(),
                )
            ) from None
    return found


def _before_for(given: tuple[str, ...], kept: dict[str, Any]) -> dict[str, Any]:
    """``--before-for KEY=24,6`` (KEY= alone: back to the general hours) over the kept ones."""
    found = dict(kept)
    for item in given:
        key, equals, hours = item.partition("=")
        if not equals or not key.strip():
            raise InputError(
                _(
                    "--before-for takes a deadline and its hours, e.g. "
                    "nis2_final_report=168,24 (nothing after '=': the general hours); not "
                    "'{item}'.",
                    item=item,
                )
            )
        if hours.strip():
            found[key.strip()] = _before(hours)
        else:
            found.pop(key.strip(), None)
    return found


def _quiet(text: str) -> dict[str, str]:
    start, dash, end = text.partition("-")
    if not dash or not start.strip() or not end.strip():
        raise InputError(
            _("--quiet takes two Swedish times, e.g. 22:00-07:00; not '{text}'.", text=text)
        )
    return {"start": start.strip(), "end": end.strip()}


@command("set", "change the reminder rules (what is not given stays), then show them")
@click.option(
    "--before", default=None, help="hours before each deadline, e.g. 24,6 (none: no reminders)"
)
@click.option(
    "--before-for",
    multiple=True,
    metavar="DEADLINE=HOURS",
    help="hours of its own for one deadline, e.g. nis2_final_report=168,24 (repeatable; "
    "nis2_final_report= goes back to --before)",
)
@click.option(
    "--escalation-hours", type=float, default=None, help="escalate this long before a deadline"
)
@click.option("--escalation-address", default=None, help="where escalations go")
@click.option("--no-escalation", is_flag=True, help="no escalations (forget the address)")
@click.option("--quiet", default=None, help="quiet hours in Swedish time, e.g. 22:00-07:00")
@click.option("--no-quiet", is_flag=True, help="no quiet hours")
@click.option(
    "--urgent-hours", type=float, default=None, help="deadlines this short ignore quiet hours"
)
@click.option("--language", type=Choice(LANGS), default=None, help="the mails' language")
@click.option(
    "--to-dpo-accounts/--no-to-dpo-accounts",
    default=None,
    help="remind every active DPO account with a mail address",
)
@click.option(
    "--to-incident-dpo/--no-to-incident-dpo",
    default=None,
    help="remind the incident's own DPO address",
)
@lang_option
@pass_run
def set_(
    run: Run,
    before: str | None,
    before_for: tuple[str, ...],
    escalation_hours: float | None,
    escalation_address: str | None,
    no_escalation: bool,
    quiet: str | None,
    no_quiet: bool,
    urgent_hours: float | None,
    language: str | None,
    to_dpo_accounts: bool | None,
    to_incident_dpo: bool | None,
) -> int:
    if escalation_address is not None and no_escalation:
        raise click.UsageError("--escalation-address is not allowed with --no-escalation")
    if quiet is not None and no_quiet:
        raise click.UsageError("--quiet is not allowed with --no-quiet")
    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "escalation_hours": escalation_hours,
            "escalation_address": escalation_address,
            "urgent_hours": urgent_hours,
            "language": language,
            "to_dpo_accounts": to_dpo_accounts,
            "to_incident_dpo": to_incident_dpo,
        }.items()
        if value is not None
    }
    if before is not None:
        changes["before_hours"] = _before(before)
    kept = workspace().reminders
    current = kept.rules().to_json()
    if before_for:
        changes["by_deadline"] = _before_for(before_for, current["by_deadline"])
    if no_escalation:
        changes["escalation_address"] = None
    if quiet is not None:
        changes["quiet_hours"] = _quiet(quiet)
    if no_quiet:
        changes["quiet_hours"] = None
    if not changes:
        raise InputError(_("Nothing to change; see 'breachreport reminders set --help'."))
    kept.set_rules(actor=run.acting(), rules={**current, **changes})
    _print_rules(run, kept)
    return 0


# -- remind ----------------------------------------------------------------------------------------


def _line_json(line: Any) -> dict[str, Any]:
    return {
        "outcome": line.outcome,
        "reference": line.reference,
        "kind": line.kind,
        "label": {"sv": line.label.sv, "en": line.label.en},
        "to": line.to,
        "due": line.due.isoformat() if line.due else None,
        "error": line.error,
    }


def _print_lines(run: Run, report: RunReport) -> None:
    from ..domain.times import format_local

    lang = run.lang
    rows = [
        (
            _said(run, _OUTCOMES, line.outcome),
            line.reference or "-",
            _said(run, _KINDS, line.kind),
            line.label(lang),
            line.to,
            format_local(line.due, lang) if line.due else "-",
            line.error,
        )
        for line in report.lines
    ]
    # Columns as wide as their widest entry in this run, so that a run's lines read as a table.
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
    for *columns, due, error in rows:
        text = "  ".join(value.ljust(width) for value, width in zip(columns, widths, strict=True))
        text = f"{text}  {due}"
        print(f"{text}  ({error})" if error else text)


def _warnings(run: Run, report: RunReport) -> None:
    for reference in report.nobody:
        run.echo(
            _(
                "{reference}: a reminder is due but there is no address to send it to; give the "
                "incident or the organisation profile a DPO email address, or DPO accounts mail "
                "addresses as usernames.",
                reference=reference,
            ),
            err=True,
        )
    if report.unreadable:
        run.echo(
            _(
                "Could not read {references}, so no reminders for them; run breachreport verify.",
                references=", ".join(report.unreadable),
            ),
            err=True,
        )


@command("remind", "send the reminders and escalations that are due")
@click.option("--at", default=None, help="as if it were this time (default: now)")
@click.option("--dry-run", is_flag=True, help="list what would be sent; send and record nothing")
@json_option()
@lang_option
@pass_run
def remind(run: Run, at: str | None, dry_run: bool, as_json: bool) -> int:
    from ..domain.times import format_local
    from ..errors import MailFailed
    from ..services.outbox import NO_MAIL

    when = parse_time(at) if at is not None else None
    report = workspace().reminders.run(at=when, dry_run=dry_run)
    if not report.mail_configured and not dry_run:
        raise MailFailed(NO_MAIL, permanent=True)
    if as_json:
        data = {
            "at": report.at.isoformat(),
            "dry_run": dry_run,
            "mail_configured": report.mail_configured,
            "lines": [_line_json(line) for line in report.lines],
            "no_address": list(report.nobody),
            "unreadable": list(report.unreadable),
        }
        print(dumps(data))
    elif report.lines:
        _print_lines(run, report)
    else:
        run.echo(_("Nothing due at {time}.", time=format_local(report.at, run.lang)))
    _warnings(run, report)
    if report.failed:
        failed = sum(1 for line in report.lines if line.outcome == "failed")
        run.echo(
            _n(
                "{count} mail failed; the next run of breachreport remind tries it again.",
                "{count} mails failed; the next run of breachreport remind tries them again.",
                failed,
                count=failed,
            ),
            err=True,
        )
        return EXIT_ERROR
    return 0


@command(
    "check",
    "try the mail settings: connect, secure, sign in; with --to, also send a test mail",
)
@click.option("--to", "to", default=None, help="send a test mail to this address as well")
@lang_option
@pass_run
def check(run: Run, to: str | None) -> int:
    notices = workspace().notices
    where = notices.check_server(actor=run.acting())
    if to is None:
        run.echo(_("The mail server {where} answered and accepted the settings.", where=where))
        return 0
    address = notices.send_test(actor=run.acting(), lang=run.lang, to=to)
    run.echo(_("A test mail went to {address} through {where}.", address=address, where=where))
    return 0


reminders = Actions(
    "reminders",
    commands=[show, set_, check],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = [reminders, remind]
