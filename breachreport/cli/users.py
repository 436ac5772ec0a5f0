"""``breachreport user add|list|disable|enable|sign-ins``: local accounts, managed by whoever runs
the command line on the data folder (as an administrator), and the record of sign-in attempts."""

from __future__ import annotations

import getpass
import os

import click

from ..errors import InputError
from ..i18n import _, _p
from .context import Run, accounts, dumps, pass_run
from .options import CONTEXT, ROLES, Choice, command, json_option, lang_option

TEXT = "local accounts, managed by whoever runs this on the data folder (as an administrator)"


class Actions(click.Group):
    """A group that lists its actions in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def new_password(run: Run) -> str:
    """From BREACHREPORT_NEW_PASSWORD (for scripts), else asked for twice without echo."""
    given = os.environ.get("BREACHREPORT_NEW_PASSWORD")
    if given:
        return given
    first = getpass.getpass(run.say(_("Password for the new account: ")))
    if getpass.getpass(run.say(_("The same password again: "))) != first:
        raise InputError(_("The two passwords differ; nothing was saved."))
    return first


@command(
    "add",
    "add an account; the password comes from BREACHREPORT_NEW_PASSWORD or is asked for",
    arguments=[("USERNAME", "what the person signs in with, e.g. their email address")],
)
@click.argument("username")
@click.option("--name", required=True, help="the name shown in the history")
@click.option("--role", "account_role", required=True, type=Choice(ROLES))
@lang_option
@pass_run
def add(run: Run, username: str, name: str, account_role: str) -> int:
    from ..domain.status import Role
    from ..services.accounts import LOCAL_OPERATOR

    account = accounts().add(
        by=LOCAL_OPERATOR,
        username=username,
        display_name=name,
        password=new_password(run),
        role=Role(account_role),
    )
    role = account.role.label(run.lang)
    run.echo(_("Added {username} ({role}).", username=account.username, role=role))
    return 0


@command("list", "every account")
@json_option()
@lang_option
@pass_run
def list_(run: Run, as_json: bool) -> int:
    found = accounts().list()
    if as_json:
        print(dumps([_account_json(a) for a in found]))
        return 0
    if not found:
        run.echo(_("No accounts yet. Add one with 'breachreport user add'."))
        return 0
    from ..domain.times import format_local

    lang = run.lang
    # An account's state: the Swedish agrees with "konto" (ett konto), unlike a bare "active".
    disabled = run.say(_p("account", "disabled"))
    active = run.say(_p("account", "active"))
    for a in found:
        state = disabled if a.disabled else active
        last = format_local(a.last_login_at, lang) if a.last_login_at else "-"
        print(
            f"{a.username:<36}  {a.display_name:<28}  {a.role.label(lang):<28}  {state:<8}  {last}"
        )
    return 0


def _account_json(a) -> dict:  # noqa: ANN001 - an Account
    return {
        "username": a.username,
        "name": a.display_name,
        "role": a.role.value,
        "disabled": a.disabled,
        "created_at": a.created_at.isoformat(),
        "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
    }


@command("disable", "stop an account from signing in")
@click.argument("username")
@lang_option
@pass_run
def disable(run: Run, username: str) -> int:
    from ..services.accounts import LOCAL_OPERATOR

    found = accounts()
    account = found.disable(by=LOCAL_OPERATOR, account_id=found.find(username).id)
    run.echo(
        _(
            "Disabled {username}; it can no longer sign in. Its history stays.",
            username=account.username,
        )
    )
    return 0


@command("enable", "let a disabled account sign in again")
@click.argument("username")
@lang_option
@pass_run
def enable(run: Run, username: str) -> int:
    from ..services.accounts import LOCAL_OPERATOR

    found = accounts()
    account = found.enable(by=LOCAL_OPERATOR, account_id=found.find(username).id)
    run.echo(_("Enabled {username}; it can sign in again.", username=account.username))
    return 0


@command("sign-ins", "sign-in attempts per account, and how many were on names no account has")
@click.option(
    "--days",
    type=click.IntRange(1, 90),
    default=30,
    show_default=True,
    help="how many days back (attempts are kept 90 days)",
)
@json_option()
@lang_option
@pass_run
def sign_ins(run: Run, days: int, as_json: bool) -> int:
    from ..domain.times import format_local
    from ..services.accounts import LOCAL_OPERATOR

    record = accounts().sign_in_record(by=LOCAL_OPERATOR, days=days)
    if as_json:
        print(dumps(_record_json(record)))
        return 0
    lang = run.lang
    run.echo(_("Sign-in attempts since {since}:", since=format_local(record.since, lang)))
    for a in record.accounts:
        run.echo(
            _(
                "{username}: {refused} refused, {throttled} refused while told to wait, "
                "{accepted} signed in; last refused {last}.",
                username=a.username,
                refused=a.refused,
                throttled=a.throttled,
                accepted=a.accepted,
                last=format_local(a.last_refused, lang) if a.last_refused else "-",
            )
        )
    if record.unknown_names:
        run.echo(
            _(
                "Names no account has: {names} different, {refused} refused, {throttled} "
                "refused while told to wait (the names themselves are not kept).",
                names=record.unknown_names,
                refused=record.unknown_refused,
                throttled=record.unknown_throttled,
            )
        )
    if not record.accounts and not record.unknown_names:
        run.echo(_("No sign-in attempts in that time."))
    return 0


def _record_json(record) -> dict:  # noqa: ANN001 - a SignInRecord
    return {
        "since": record.since.isoformat(),
        "accounts": [
            {
                "username": a.username,
                "refused": a.refused,
                "throttled": a.throttled,
                "accepted": a.accepted,
                "last_refused": a.last_refused.isoformat() if a.last_refused else None,
            }
            for a in record.accounts
        ],
        "unknown_names": {
            "names": record.unknown_names,
            "refused": record.unknown_refused,
            "throttled": record.unknown_throttled,
        },
    }


user = Actions(
    "user",
    commands=[add, list_, disable, enable, sign_ins],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = (user,)
