"""``breachreport user add|list|disable|enable``: local accounts, managed by whoever runs the
command line on the data folder (as an administrator)."""

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


user = Actions(
    "user",
    commands=[add, list_, disable, enable],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = (user,)
