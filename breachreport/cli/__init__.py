"""The command line: the same use cases as the app, for scripts and operators, on click.

Errors print one clear line on stderr (plus the problems to fix, if any) and exit non-zero; a
traceback only with --debug. Messages follow --lang (Swedish unless told otherwise); JSON and CSV
output do not. Building the commands imports nothing heavy: each command imports what it needs when
it runs, so that --help and --version answer at once.

One module per group of commands (service, demo, organisation, incidents, filings, recipients,
reviews, users, keys, retention, suppliers, bulletins); options.py holds what they share,
context.py the run and its helpers, failures.py how an error reads. ``main`` is the entry point (``breachreport = "breachreport.cli:main"``).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Sequence

import click

from .. import __version__
from ..errors import BreachReportError
from ..i18n import _
from ..private_files import restrict_umask
from . import (
    bulletins,
    calendar,
    demo,
    filings,
    incidents,
    keys,
    organisation,
    recipients,
    reminders,
    retention,
    reviews,
    service,
    suppliers,
    users,
)
from .context import Run, default_lang
from .failures import print_error
from .options import (
    BINARY_FORMATS,
    CONTEXT,
    DEFAULT_LANG,
    DOCUMENT_NAMES,
    EXIT_CLOSED_PIPE,
    EXIT_DAMAGE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
    FILING_KINDS,
    FORMATS,
    LANGS,
    MACHINE_LANG,
    MAX_IMPORT_BYTES,
    REGISTER_FORMATS,
    ROLES,
    Choice,
)

__all__ = [
    "BINARY_FORMATS",
    "DEFAULT_LANG",
    "DOCUMENT_NAMES",
    "EXIT_CLOSED_PIPE",
    "EXIT_DAMAGE",
    "EXIT_ERROR",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "EXIT_INTERRUPTED",
    "FILING_KINDS",
    "FORMATS",
    "LANGS",
    "MACHINE_LANG",
    "MAX_IMPORT_BYTES",
    "REGISTER_FORMATS",
    "ROLES",
    "breachreport",
    "default_lang",
    "getpass",
    "main",
]

INTERRUPTED = _("interrupted; nothing half-written was kept.")
DESCRIPTION = "From 'we think personal data leaked' to a filed GDPR notification to IMY."


class Commands(click.Group):
    """The top-level group: commands listed in the order they were added (by task, not by name)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's user with no name (no passwd entry, no $USER)
        return f"uid {os.getuid()}"


@click.group(
    "breachreport",
    cls=Commands,
    help=DESCRIPTION,
    context_settings=CONTEXT,
    subcommand_metavar="COMMAND",
)
@click.version_option(
    __version__, "--version", prog_name="breachreport", message="%(prog)s %(version)s"
)
@click.option("--debug", is_flag=True, help="show tracebacks on errors")
@click.option(
    "--as",
    "actor",
    default=None,
    help="who is acting, recorded in the history (default: $BREACHREPORT_ACTOR or your login)",
)
@click.option(
    "--role", default="dpo", type=Choice(ROLES), help="the role you act in (default: dpo)"
)
@click.option(
    "--lang",
    type=Choice(LANGS),
    default=None,
    help="language of messages and listings (default: $BREACHREPORT_LANG, else sv); "
    "JSON and CSV keep their keys",
)
@click.pass_context
def breachreport(
    ctx: click.Context, debug: bool, actor: str | None, role: str, lang: str | None
) -> None:
    """Fill in the run from the options before the command; the command runs after."""
    run = ctx.ensure_object(Run)
    run.debug = debug
    run.actor = actor if actor is not None else os.environ.get("BREACHREPORT_ACTOR") or _login()
    run.role = role
    if lang is not None:
        run.choose_lang(lang)


# The commands in the order of the work (as --help lists them), from their modules.
ORDER = (
    "init", "demo", "organisation", "list", "export", "import", "supplier", "bulletin", "render",
    "register", "assess", "clocks", "recipients", "reviewer", "approve", "four-eyes", "schema", "verify", "file", "filings",
    "case-number", "history", "reminders", "remind", "calendar",
    "rotate-key", "shred", "retention", "backup", "restore", "user", "serve", "setup-code", "health",
)  # fmt: skip
_BY_NAME = {
    command.name: command
    for module in (
        service,
        demo,
        organisation,
        incidents,
        filings,
        recipients,
        reviews,
        keys,
        retention,
        users,
        suppliers,
        bulletins,
        reminders,
        calendar,
    )
    for command in module.COMMANDS
}
for _name in ORDER:
    breachreport.add_command(_BY_NAME[_name])


def _closed_pipe() -> int:
    """The reader went away (``| head``): stop quietly. As Python's documentation advises, point
    standard output at devnull, so that the flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # standard output is not a file (a test's capture)
        pass
    return EXIT_CLOSED_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit code.

    As before click, --help and --version, and a command line the parser refuses, end with
    SystemExit (0, or 2 with the usage on stderr); every other outcome is returned.
    """
    restrict_umask()  # whatever a command writes, a library's own files too, is its owner's alone
    args = list(sys.argv[1:] if argv is None else argv)
    run = Run(lang=default_lang(), lang_given=bool(os.environ.get("BREACHREPORT_LANG")))
    try:
        try:
            with breachreport.make_context("breachreport", args, obj=run) as ctx:
                code = breachreport.invoke(ctx)
            sys.stdout.flush()  # here, where a closed pipe can still be told from a real error
            return code
        except click.exceptions.Exit as done:  # --help, --version
            raise SystemExit(done.exit_code) from None
        except click.ClickException as refused:
            refused.show()
            raise SystemExit(refused.exit_code) from None
    except BrokenPipeError:
        return _closed_pipe()
    except BreachReportError as error:
        if run.debug:
            raise
        print_error(error, run.lang)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"breachreport: {INTERRUPTED.in_(run.lang)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - a user gets one line, not a traceback
        if run.debug:
            raise
        unexpected = _(
            "unexpected error ({name}); run with --debug for details and report it.",
            name=type(error).__name__,
        )
        print(f"breachreport: {unexpected.in_(run.lang)}", file=sys.stderr)
        return EXIT_UNEXPECTED
