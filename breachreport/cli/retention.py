"""How long finished incidents are kept: ``retention`` shows or sets it, ``shred`` destroys an
incident's data key (one by reference, or every one past the period with ``--due --yes``)."""

from __future__ import annotations

import click

from ..errors import InputError
from ..i18n import Message, _, _n
from .context import Run, pass_run, workspace
from .options import command, lang_option


def span(months: int) -> Message:
    """A retention period in years and months, as a person says it."""
    years, rest = divmod(months, 12)
    in_months = _n("{count} month", "{count} months", rest, count=rest)
    if not years:
        return in_months
    in_years = _n("{count} year", "{count} years", years, count=years)
    if not rest:
        return in_years
    return _("{years} and {months}", years=in_years, months=in_months)


@command("retention", "show or set how long finished incidents are kept")
@click.option("--years", type=int, default=None)
@click.option("--months", type=int, default=None)
@lang_option
@pass_run
def retention(run: Run, years: int | None, months: int | None) -> int:
    if years is not None and months is not None:
        raise click.UsageError("argument --months: not allowed with argument --years")
    kept = workspace().retention
    chosen = months if years is None else years * 12
    if chosen is not None:
        kept.set_months(actor=run.acting(), months=chosen)
    run.echo(
        _(
            "Retention period: {span} after the last event of a finished incident.",
            span=span(kept.months()),
        )
    )
    return 0


@command(
    "shred",
    "destroy an incident's data key and everything sealed with it; a tombstone stays",
    arguments=[("ID", "the incident, e.g. BR-2024-0001")],
)
@click.argument("ref", metavar="ID", required=False)
@click.option("--reason", default=None, help="why; kept in the register")
@click.option("--due", is_flag=True, help="list incidents past retention")
@click.option("--yes", is_flag=True, help="with --due: shred them")
@lang_option
@pass_run
def shred(run: Run, ref: str | None, reason: str | None, due: bool, yes: bool) -> int:
    if due:
        if ref:
            raise InputError(_("Give either a reference or --due, not both."))
        return _shred_due(run, reason, yes)
    if not ref:
        raise InputError(_("Name the incident to shred (e.g. BR-2024-0001), or give --due."))
    if not reason:
        raise InputError(_("Say why with --reason; the reason stays in the register."))
    stone = workspace().shred(ref=ref, actor=run.acting(), reason=reason)
    run.echo(
        _(
            "Shredded {ref}: its data key and everything sealed with it are destroyed. The "
            "register keeps the reference, dates, who, when and why.",
            ref=stone.reference,
        )
    )
    return 0


def _shred_due(run: Run, reason: str | None, yes: bool) -> int:
    from ..domain.times import format_local

    work = workspace()
    lang = run.lang
    due = work.retention.due(actor=run.acting())
    if not due:
        run.echo(_("No incident is past the retention period."))
        return 0
    for item in due:
        since = _(
            "last event {last}, due since {due}",
            last=format_local(item.last_activity_at, lang),
            due=format_local(item.due_at, lang),
        )
        print(f"{item.reference}  {item.status.label(lang):<32}  {run.say(since)}")
    if not yes:
        count = len(due)
        run.echo(
            _n(
                "{count} incident is past the retention period; run again with --yes to shred it.",
                "{count} incidents are past the retention period; run again with --yes to "
                "shred them.",
                count,
                count=count,
            ),
            err=True,
        )
        return 0
    why = reason or run.say(_("The retention period has passed."))
    for item in due:
        work.shred(ref=item.reference, actor=run.acting(), reason=why)
        print(run.say(_("Shredded {ref}.", ref=item.reference)))
    return 0


COMMANDS = (retention, shred)
