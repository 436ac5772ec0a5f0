"""``calendar``: (being built for issue 20)."""

from __future__ import annotations

from .context import Run, pass_run
from .options import command, lang_option


@command("calendar", "write a user's open deadlines as an iCalendar file")
@lang_option
@pass_run
def calendar(run: Run) -> int:
    raise NotImplementedError


COMMANDS = [calendar]
