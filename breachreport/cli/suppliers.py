"""``breachreport supplier add|list``: the suppliers whose signed bulletins this organisation
takes in, each known by its public key and that key's fingerprint (as SSH shows one)."""

from __future__ import annotations

import click

from ..errors import InputError
from ..i18n import _
from .context import Run, dumps, pass_run, read_input, workspace
from .options import CONTEXT, command, json_option, lang_option
from .users import Actions

TEXT = "the suppliers whose signed bulletins this organisation imports, and their keys"


@command(
    "add",
    "register a supplier and its public key; prints the key's fingerprint to compare with theirs",
    arguments=[("NAME", "the supplier's name, as its bulletins will be attributed")],
)
@click.argument("name")
@click.option(
    "--public-key",
    "public_key",
    required=True,
    help="the file with the supplier's one-line public key ('bulletin public-key' prints it)",
)
@lang_option
@pass_run
def add(run: Run, name: str, public_key: str) -> int:
    text = read_input(public_key).decode("utf-8", errors="replace").strip()
    if not text:
        raise InputError(_("{path} holds no public key.", path=public_key))
    added = workspace().bulletins.add_supplier(actor=run.acting(), name=name, public_key=text)
    run.echo(
        _(
            "Registered {name}; its key's fingerprint is {fingerprint}. Compare it with the one "
            "the supplier gave you by another way (phone, letter) before you import its bulletins.",
            name=added.name,
            fingerprint=added.fingerprint,
        )
    )
    return 0


@command("list", "every registered supplier, with its key's fingerprint")
@json_option()
@lang_option
@pass_run
def list_(run: Run, as_json: bool) -> int:
    from ..domain.times import format_local

    found = workspace().bulletins.suppliers(actor=run.acting())
    if as_json:
        print(
            dumps(
                [
                    {
                        "name": s.name,
                        "fingerprint": s.fingerprint,
                        "added_at": s.added_at.isoformat(),
                    }
                    for s in found
                ]
            )
        )
        return 0
    if not found:
        run.echo(_("No suppliers yet. Register one with 'breachreport supplier add'."))
        return 0
    width = max(len(s.name) for s in found)
    for s in found:
        print(f"{s.name:<{width}}  {s.fingerprint}  {format_local(s.added_at, run.lang)}")
    return 0


supplier = Actions(
    "supplier",
    commands=[add, list_],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = (supplier,)
