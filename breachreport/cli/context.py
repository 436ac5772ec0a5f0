"""One run of the command line: who acts, in which role and language, and the helpers every
command shares to reach the use cases, read input and write output.

The services, the runtime and the domain are imported inside the helpers, when a command runs,
so that --help and --version never load them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..i18n import Message, _
from ..private_files import write_private_bytes
from .options import DEFAULT_LANG, LANGS, MAX_IMPORT_BYTES

if TYPE_CHECKING:
    from datetime import datetime

    from ..domain.facts import Facts
    from ..services import Actor, Workspace
    from ..services.accounts import Accounts


def default_lang() -> str:
    """The language of messages when --lang is not given: $BREACHREPORT_LANG, else Swedish.

    The organisation profile stores no language of its own (the app starts in Swedish and each
    user switches), so Swedish, the organisation's working language, is the default.
    """
    given = os.environ.get("BREACHREPORT_LANG", "").strip().lower()
    return given if given in LANGS else DEFAULT_LANG


@dataclass
class Run:
    """What the options before (and a --lang after) the command said, for the command and for
    the error handler around it."""

    actor: str = ""
    role: str = "dpo"
    lang: str = DEFAULT_LANG
    lang_given: bool = False  # --lang or $BREACHREPORT_LANG: the register file follows it then
    debug: bool = False

    def choose_lang(self, lang: str) -> None:
        self.lang = lang
        self.lang_given = True

    def say(self, message: Message) -> str:
        """``message`` in this run's language."""
        return message.in_(self.lang)

    def echo(self, message: Message, *, err: bool = False) -> None:
        print(self.say(message), file=sys.stderr if err else sys.stdout)

    def acting(self) -> Actor:
        """The actor of --as and --role, as the use cases check and record them."""
        from ..domain.status import Role
        from ..services import Actor

        return Actor(name=self.actor, role=Role(self.role))


pass_run = click.make_pass_decorator(Run)


def workspace() -> Workspace:
    from breachreport.runtime.home import open_home

    from ..mail.config import MailConfig
    from ..services import Workspace
    from ..settings import load_settings

    settings = load_settings()
    return Workspace(open_home(settings), mail=partial(MailConfig.from_settings, settings))


def accounts() -> Accounts:
    from breachreport.runtime.home import open_home

    from ..services.accounts import Accounts
    from ..settings import load_settings

    return Accounts(open_home(load_settings()))


def dumps(data: object) -> str:
    from ..services import dumps as services_dumps

    return services_dumps(data)


def read_input(path: str) -> bytes:
    """A file's bytes, or standard input's for ``-``; never more than MAX_IMPORT_BYTES."""
    limit = f"{MAX_IMPORT_BYTES:,}"
    if path == "-":
        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(_("No such file: {path}", path=path))
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(_("{path} is larger than {limit} bytes.", path=path, limit=limit))
        data = file.read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(_("The input is larger than {limit} bytes.", limit=limit))
    return data


def wrote(run: Run, file: str) -> None:
    run.echo(_("Wrote {file} (readable by you only)", file=file), err=True)


def write_output(run: Run, data: bytes, output: str | None) -> None:
    """``data`` on standard output, or into a new private file (mode 0600) named ``output``."""
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_private_bytes(output, data)
    wrote(run, output)


def refuse_binary_on_terminal(kind: str, output: str | None) -> None:
    if output in (None, "-") and sys.stdout.isatty():
        raise InputError(
            _(
                "A {format} file would garble the terminal; give --output FILE, or redirect "
                "standard output to a file.",
                format=kind,
            )
        )


def parse_time(text: str) -> datetime:
    """``--at`` and ``--submitted-at``: an ISO time, Swedish time unless it has an offset."""
    from datetime import datetime

    from ..domain.times import LocalTimeError, to_utc

    try:
        return to_utc(datetime.fromisoformat(text))
    except (ValueError, LocalTimeError):
        raise InputError(
            _(
                "'{text}' is not a time; write e.g. 2024-01-22T16:00 (Swedish time) or with an "
                "offset.",
                text=text,
            )
        ) from None


def facts_from(source: str) -> tuple[Facts, str | None]:
    """Facts from a JSON file (as ``export`` writes it), or from the incident with that reference."""
    from ..domain.facts import parse_facts

    if source == "-" or Path(source).is_file():
        return parse_facts(read_input(source)), None
    return workspace().incident(source).facts, source
