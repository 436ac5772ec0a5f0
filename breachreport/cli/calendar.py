"""``breachreport calendar --user EMAIL --output FILE.ics``: one person's open deadlines as an
iCalendar file to import into Outlook, Google Calendar or Apple Calendar, the same file as the
app's download on the overview. The file is that person's: it holds the incidents they may see
(a legal reviewer's assigned ones only), and is written readable by its owner only.
"""

from __future__ import annotations

import sys

import click

from ..i18n import _n
from .context import Run, parse_time, pass_run, workspace
from .options import command, lang_option


@command("calendar", "write a user's open deadlines as an iCalendar file")
@click.option(
    "--user",
    "username",
    required=True,
    metavar="EMAIL",
    help="the account whose deadlines to write (its username, e.g. its email address)",
)
@click.option(
    "--output",
    "--out",
    "output",
    required=True,
    metavar="FILE.ics",
    help="the new file (mode 0600); '-' for standard output",
)
@click.option(
    "--at",
    "at",
    default=None,
    metavar="TIME",
    help="the deadlines as they stand at this time, e.g. 2026-03-28T09:00 (Swedish time) or "
    "with an offset (default: now)",
)
@lang_option
@pass_run
def calendar(run: Run, username: str, output: str, at: str | None) -> int:
    from ..private_files import write_private_bytes
    from ..settings import load_settings

    now = parse_time(at) if at is not None else None
    made = workspace().calendar.file(
        username=username,
        lang=run.lang,
        now=now,
        base_url=load_settings().resolved_base_url,
    )
    if output == "-":
        sys.stdout.buffer.write(made.data)
        sys.stdout.flush()
        said = _n(
            "Wrote {count} open deadline to standard output.",
            "Wrote {count} open deadlines to standard output.",
            made.count,
            count=made.count,
        )
    else:
        write_private_bytes(output, made.data)
        said = _n(
            "Wrote {count} open deadline to {file} (readable by you only).",
            "Wrote {count} open deadlines to {file} (readable by you only).",
            made.count,
            count=made.count,
            file=output,
        )
    run.echo(said, err=True)
    return 0


COMMANDS = [calendar]
