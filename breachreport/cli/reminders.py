"""``reminders show|set`` and ``remind``: (being built for issue 20)."""

from __future__ import annotations

import click

from .context import Run, pass_run
from .options import command, lang_option


@click.group("reminders", help="the reminder rules: when, to whom, escalation, quiet hours")
def reminders() -> None:
    pass


@command("remind", "send the reminders and escalations that are due")
@lang_option
@pass_run
def remind(run: Run) -> int:
    raise NotImplementedError


COMMANDS = [reminders, remind]
