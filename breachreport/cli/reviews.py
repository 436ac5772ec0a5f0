"""The legal review: name a ``reviewer``, ``approve`` a draft, and switch ``four-eyes``."""

from __future__ import annotations

import click

from ..i18n import _
from .context import Run, pass_run, workspace
from .options import Choice, command, lang_option


@command(
    "reviewer",
    "let a legal reviewer read and approve an incident",
    arguments=[("NAME", "the reviewer's name, as they act with --as")],
)
@click.argument("ref", metavar="ID")
@click.argument("name")
@lang_option
@pass_run
def reviewer(run: Run, ref: str, name: str) -> int:
    from ..domain.status import Role
    from ..services import Actor

    chosen = Actor(name=name, role=Role.LEGAL_REVIEWER)
    workspace().reviews.assign_reviewer(actor=run.acting(), ref=ref, reviewer=chosen)
    run.echo(_("{name} may now read and approve {ref}.", name=name, ref=ref))
    return 0


@command("approve", "approve the current draft (as --role legal_reviewer)")
@click.argument("ref", metavar="ID")
@click.option("--note", default=None)
@lang_option
@pass_run
def approve(run: Run, ref: str, note: str | None) -> int:
    work = workspace()
    version = work.incident(ref).version
    work.reviews.approve(actor=run.acting(), ref=ref, facts_version=version, note=note)
    run.echo(
        _(
            "Approved {ref} at facts version {version}; any later change withdraws it.",
            ref=ref,
            version=version,
        )
    )
    return 0


@command("four-eyes", "show or set whether a complete filing needs approval")
@click.argument("state", required=False, type=Choice(("on", "off")))
@lang_option
@pass_run
def four_eyes(run: Run, state: str | None) -> int:
    reviews = workspace().reviews
    if state is not None:
        reviews.set_four_eyes(actor=run.acting(), on=state == "on")
    if reviews.four_eyes():
        run.echo(_("Four eyes is on: a complete notification needs a current approval."))
    else:
        run.echo(_("Four eyes is off: a complete notification does not need a current approval."))
    return 0


COMMANDS = (reviewer, approve, four_eyes)
