"""What several commands share: the fixed choices, the exit codes and the option decorators.

The choices are spelled out here rather than read from the services, the documents or the domain
model, so that building the command line (and answering --help) imports none of them;
tests/test_cli_start.py checks that they still match the real ones. This module imports click only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1
EXIT_USAGE = 2  # a command line the parser refuses (as argparse said it before click)
EXIT_DAMAGE = 3
EXIT_UNEXPECTED = 70
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)
MAX_IMPORT_BYTES = 2_000_000

LANGS = ("sv", "en")
ROLES = ("admin", "dpo", "legal_reviewer", "supplier_contact")
FILING_KINDS = ("preliminary", "supplement", "complete", "withdrawal")  # IMY's
# Who a filing goes to, and every recipient's report kinds (domain/rules/recipients.toml).
RECIPIENTS = ("imy", "cert-se", "police", "ivo")
REPORT_KINDS = (
    *FILING_KINDS,
    "early-warning", "incident-notification", "progress-report", "final-report",
    "crime-report", "lex-maria",
)  # fmt: skip
DOCUMENT_NAMES = (
    "imy-notification", "data-subject-notice", "review-copy",
    "cert-se-early-warning", "cert-se-incident-notification", "cert-se-progress-report",
    "cert-se-final-report", "edpb-template",
)  # fmt: skip
# The organisation profile's sectors (domain/choices.py Sector).
SECTORS = (
    "healthcare", "region", "municipality", "government_agency", "education", "social_services",
    "finance", "telecom", "private", "non_profit", "other",
)  # fmt: skip
BULLETIN_VERSIONS = (1, 2, 3)  # the worked example's bulletins (domain/bulletin.py)
FORMATS = ("md", "html", "docx", "pdf")
REGISTER_FORMATS = ("csv", "xlsx")
BINARY_FORMATS = ("docx", "pdf")
DEFAULT_LANG = "sv"
MACHINE_LANG = "en"  # the register file's language unless --lang is given, as it always was

CONTEXT = {"help_option_names": ["-h", "--help"]}


class Choice(click.Choice):
    """click's choice, refusing a value in the words the command line has always used."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            listed = ", ".join(repr(choice) for choice in self.choices)
            self.fail(f"invalid choice: {value!r} (choose from {listed})", param, ctx)


class Command(click.Command):
    """A command whose help also says what each positional argument is (click's arguments carry
    no help of their own)."""

    def __init__(self, *args: Any, arguments: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.arguments = tuple(arguments)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        if self.arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(self.arguments)


def command(name: str, text: str, *, arguments: Sequence[tuple[str, str]] = ()) -> Callable:
    """A command named ``name`` whose one-line description ``text`` shows in both the list of
    commands and its own --help."""
    return click.command(
        name,
        cls=Command,
        help=text,
        short_help=text,
        context_settings=CONTEXT,
        arguments=arguments,
    )


def _lang_given(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().obj.choose_lang(value)


def lang_option(function: F) -> F:
    """``--lang`` after the command too ("list --lang en" as well as "--lang en list"); without it
    the one before the command, or the default, holds."""
    return click.option(
        "--lang",
        type=Choice(LANGS),
        default=None,
        expose_value=False,
        callback=_lang_given,
        help="language of messages and listings",
    )(function)


def json_option(help: str | None = None) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help)


def output_option(help: str) -> Callable[[F], F]:
    return click.option("--output", "--out", "output", default=None, help=help)


def filing_option(help: str) -> Callable[[F], F]:
    return click.option("--filing", type=int, default=None, help=help)
