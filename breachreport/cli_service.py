"""The commands that run breachreport as a service: ``serve``, ``setup-code`` and ``health``.

Each imports what it needs when it runs, so that ``breachreport --help`` stays quick.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import tomllib
from collections.abc import Callable

from .domain.labels import Text

DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
LOOPBACK_NAMES = {"localhost", "ip6-localhost"}

NEEDS_TLS = Text(
    "Varning: {address} nås från andra datorer. Lösenord och personuppgifter går då okrypterade "
    "över nätet; ställ en omvänd proxy med TLS (https) framför, och låt bara den nå porten.",
    "Warning: {address} can be reached from other machines. Passwords and personal data would "
    "then cross the network unencrypted; put a reverse proxy with TLS (https) in front, and let "
    "only it reach the port.",
)
LISTENING = Text(
    "breachreport lyssnar på {url} (avsluta med Ctrl+C).",
    "breachreport is listening on {url} (stop it with Ctrl+C).",
)
SETUP_CODE = Text(
    "Inställningskod för det första kontot: {code}\n"
    "Den gäller en gång, till {expires}. Ange den på sidan Kom igång när dataskyddsombudets "
    "konto skapas; en ny kod fås med 'breachreport setup-code'.",
    "Setup code for the first account: {code}\n"
    "It works once, until {expires}. Enter it on the Get started page when the DPO's account is "
    "made; 'breachreport setup-code' gives a fresh one.",
)
NO_ACCOUNT_YET = Text(
    "Inget konto finns ännu: den som öppnar sidan behöver inställningskoden som "
    "'breachreport init' skrev ut (eller en ny från 'breachreport setup-code').",
    "No account exists yet: whoever opens the page needs the setup code 'breachreport init' "
    "printed (or a fresh one from 'breachreport setup-code').",
)
ACCOUNTS_EXIST = Text(
    "Det finns redan konton; ingen inställningskod behövs. Logga in, eller lägg till konton med "
    "'breachreport user add'.",
    "Accounts already exist; no setup code is needed. Sign in, or add accounts with "
    "'breachreport user add'.",
)


# -- serve ---------------------------------------------------------------------------------------


def streamlit_options(config_toml: str, *, address: str, port: int) -> list[str]:
    """The packaged settings as ``streamlit run`` options (``--section.name value``), then the
    address and port: options win over any config file and STREAMLIT_* variable."""
    options: list[str] = []
    for section, values in tomllib.loads(config_toml).items():
        for name, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            options += [f"--{section}.{name}", text]
    return options + ["--server.address", address, "--server.port", str(port)]


def is_loopback(address: str) -> bool:
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to an outside address


def cmd_serve(args: argparse.Namespace) -> int:
    from streamlit.web import cli as streamlit_cli  # noqa: PLC0415 - heavy: only when serving

    from breachreport.runtime.home import initialise, open_home  # noqa: PLC0415
    from breachreport.runtime.logging_setup import configure_logging  # noqa: PLC0415

    from . import web  # noqa: PLC0415
    from .accounts import Accounts  # noqa: PLC0415
    from .settings import load_settings  # noqa: PLC0415

    settings = load_settings()
    configure_logging(settings)
    initialise(settings)  # the folder, key and database exist before the first page asks
    store = open_home(settings)
    try:
        if not Accounts(store).has_accounts():
            print(NO_ACCOUNT_YET(args.lang), file=sys.stderr)
    finally:
        store.dispose()
    if not is_loopback(args.address):
        print(NEEDS_TLS(args.lang).format(address=args.address), file=sys.stderr)
    host = f"[{args.address}]" if ":" in args.address else args.address
    print(LISTENING(args.lang).format(url=f"http://{host}:{args.port}"), file=sys.stderr)
    command = [
        "run",
        str(web.page_script()),
        *streamlit_options(web.config_text(), address=args.address, port=args.port),
    ]
    try:
        streamlit_cli.main(args=command, prog_name="streamlit", standalone_mode=True)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 0
    return 0


# -- setup-code ----------------------------------------------------------------------------------


def print_setup_code(lang: str) -> None:
    """Issue a fresh setup code on the configured data folder and print it, or say that accounts
    exist already (then no code is issued)."""
    from breachreport.runtime.home import open_home  # noqa: PLC0415

    from .accounts import Accounts  # noqa: PLC0415
    from .domain.times import format_local  # noqa: PLC0415
    from .settings import load_settings  # noqa: PLC0415
    from .setup_code import issue  # noqa: PLC0415

    store = open_home(load_settings())
    try:
        if Accounts(store).has_accounts():
            print(ACCOUNTS_EXIST(lang))
            return
        issued = issue(store)
    finally:
        store.dispose()
    print(SETUP_CODE(lang).format(code=issued.code, expires=format_local(issued.expires_at, lang)))


def cmd_setup_code(args: argparse.Namespace) -> int:
    print_setup_code(args.lang)
    return 0


# -- health --------------------------------------------------------------------------------------


def cmd_health(args: argparse.Namespace) -> int:
    from breachreport.runtime.health import Health, check_health  # noqa: PLC0415

    from .errors import SettingsError  # noqa: PLC0415
    from .settings import load_settings  # noqa: PLC0415

    try:
        result = check_health(load_settings())
    except SettingsError as error:
        result = Health(False, str(error))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(result.reason, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


# -- parser --------------------------------------------------------------------------------------


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve``, ``setup-code`` and ``health`` to the command line's subcommands."""

    def add(name: str, handler: Callable[[argparse.Namespace], int], text: str):
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(handler=handler)
        return command

    serve = add("serve", cmd_serve, "start the app in the browser (http://127.0.0.1:8501)")
    serve.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        help=f"the address to listen on (default: {DEFAULT_ADDRESS}, this machine only); any "
        "other needs a reverse proxy with TLS in front",
    )
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
    add(
        "setup-code",
        cmd_setup_code,
        "print a fresh one-time code for making the first account in the browser",
    )
    add(
        "health",
        cmd_health,
        "check the database, the key and the schema; exit 0 if sound, 1 with the reason if not",
    ).add_argument("--json", action="store_true", help="one JSON object on standard output")
