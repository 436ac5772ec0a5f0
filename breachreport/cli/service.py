"""Setting up a data folder and running breachreport as a service: ``init``, ``serve``,
``setup-code`` and ``health``.

Each command imports what it needs when it runs, so that ``breachreport --help`` stays quick.
"""

from __future__ import annotations

import sys

import click

from ..i18n import _
from .context import Run, pass_run
from .options import command, json_option, lang_option

DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


# -- init ----------------------------------------------------------------------------------------


@command("init", "create the data folder, database and master key if absent")
@lang_option
@pass_run
def init(run: Run) -> int:
    from breachreport.runtime.home import initialise

    from ..settings import load_settings

    report = initialise(load_settings())
    run.echo(_("Data folder: {home}", home=report.home))
    run.echo(_("Database:    {url}", url=report.database_url))
    if report.key_file is None:
        run.echo(_("Master key:  from BREACHREPORT_MASTER_KEY (nothing written)"))
    elif report.key_created:
        run.echo(_("Master key:  {file} (new, mode 0600)", file=report.key_file))
        run.echo(
            _(
                "Back up the key file apart from the database: without it the data cannot be "
                "read, and whoever holds both can read everything."
            )
        )
    else:
        run.echo(_("Master key:  {file} (already there, kept)", file=report.key_file))
    print_setup_code(run)  # the first account needs it (or 'breachreport user add')
    return 0


# -- serve ---------------------------------------------------------------------------------------


def streamlit_options(config_toml: str, *, address: str, port: int) -> list[str]:
    """The packaged settings as ``streamlit run`` options (``--section.name value``), then the
    address and port: options win over any config file and STREAMLIT_* variable."""
    import tomllib  # only when serving (and in its tests): --help need not load it

    options: list[str] = []
    for section, values in tomllib.loads(config_toml).items():
        for name, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            options += [f"--{section}.{name}", text]
    return options + ["--server.address", address, "--server.port", str(port)]


def is_loopback(address: str) -> bool:
    import ipaddress  # only when serving: --help need not load it

    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to an outside address


class Port(click.ParamType):
    """A TCP port number, 1 to 65535."""

    name = "port"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        try:
            port = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            self.fail(f"invalid port value: {value!r}", param, ctx)
        if not 1 <= port <= 65535:
            self.fail(f"{port} is not a port number (1 to 65535)", param, ctx)
        return port


@command("serve", "start the app in the browser (http://127.0.0.1:8501)")
@click.option(
    "--address",
    default=DEFAULT_ADDRESS,
    help=f"the address to listen on (default: {DEFAULT_ADDRESS}, this machine only); any "
    "other needs a reverse proxy with TLS in front",
)
@click.option("--port", type=Port(), default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
@pass_run
def serve(run: Run, address: str, port: int) -> int:
    from streamlit.web import cli as streamlit_cli  # heavy: only when serving

    from breachreport.runtime.home import initialise, open_home
    from breachreport.runtime.logging_setup import configure_logging

    from .. import web
    from ..services.accounts import Accounts
    from ..settings import load_settings

    settings = load_settings()
    configure_logging(settings)
    initialise(settings)  # the folder, key and database exist before the first page asks
    store = open_home(settings)
    try:
        if not Accounts(store).has_accounts():
            run.echo(
                _(
                    "No account exists yet: whoever opens the page needs the setup code "
                    "'breachreport init' printed (or a fresh one from 'breachreport setup-code')."
                ),
                err=True,
            )
    finally:
        store.dispose()
    if not is_loopback(address):
        run.echo(
            _(
                "Warning: {address} can be reached from other machines. Passwords and personal "
                "data would then cross the network unencrypted; put a reverse proxy with TLS "
                "(https) in front, and let only it reach the port.",
                address=address,
            ),
            err=True,
        )
    host = f"[{address}]" if ":" in address else address
    url = f"http://{host}:{port}"
    run.echo(_("breachreport is listening on {url} (stop it with Ctrl+C).", url=url), err=True)
    options = streamlit_options(web.config_text(), address=address, port=port)
    try:
        streamlit_cli.main(
            args=["run", str(web.page_script()), *options],
            prog_name="streamlit",
            standalone_mode=True,
        )
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 0
    return 0


# -- setup-code ----------------------------------------------------------------------------------


def print_setup_code(run: Run) -> None:
    """Issue a fresh setup code on the configured data folder and print it, or say that accounts
    exist already (then no code is issued)."""
    from breachreport.runtime.home import open_home

    from ..domain.times import format_local
    from ..services.accounts import Accounts
    from ..services.setup_code import issue
    from ..settings import load_settings

    store = open_home(load_settings())
    try:
        if Accounts(store).has_accounts():
            run.echo(
                _(
                    "Accounts already exist; no setup code is needed. Sign in, or add accounts "
                    "with 'breachreport user add'."
                )
            )
            return
        issued = issue(store)
    finally:
        store.dispose()
    expires = format_local(issued.expires_at, run.lang)
    run.echo(
        _(
            "Setup code for the first account: {code}\n"
            "It works once, until {expires}. Enter it on the Get started page when the DPO's "
            "account is made; 'breachreport setup-code' gives a fresh one.",
            code=issued.code,
            expires=expires,
        )
    )


@command("setup-code", "print a fresh one-time code for making the first account in the browser")
@pass_run
def setup_code(run: Run) -> int:
    print_setup_code(run)
    return 0


# -- health --------------------------------------------------------------------------------------


@command(
    "health",
    "check the database, the key and the schema; exit 0 if sound, 1 with the reason if not",
)
@json_option("one JSON object on standard output")
def health(as_json: bool) -> int:
    import json

    from ..errors import SettingsError
    from ..runtime.health import Health, check_health
    from ..settings import load_settings

    try:
        result = check_health(load_settings())
    except SettingsError as error:
        result = Health(False, str(error))
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(result.reason, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


COMMANDS = (init, serve, setup_code, health)
