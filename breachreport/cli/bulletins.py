"""``breachreport bulletin ...``: a supplier's signed bulletins to its customers, and a
controller's import of its own part.

The supplier's side: ``init-key``, ``public-key``, ``example``, ``schema``, ``new``, ``update``,
``sign``, ``split`` and ``show``. The controller's: ``import`` (with ``supplier add`` first). The
key lives where BREACHREPORT_BULLETIN_KEY_FILE says (by default the data folder), mode 0600; the
keys are reached through ``runtime.bulletin_keys``, as the command line imports no crypto.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..i18n import _, _n
from .bulletin_show import read_bulletin, read_json, show_file
from .context import Run, pass_run, read_input, workspace, write_output
from .options import BULLETIN_VERSIONS, CONTEXT, command, lang_option, output_option
from .users import Actions

if TYPE_CHECKING:
    from ..domain.bulletin import Bulletin
    from ..settings import Settings

TEXT = "a supplier's signed bulletins to its customers, and importing one's own part"
YES = _("yes")
NO = _("no")


def _settings() -> Settings:
    from ..settings import load_settings

    return load_settings()


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bulletin_bytes(bulletin: Bulletin) -> bytes:
    return _json_bytes(bulletin.model_dump(mode="json"))


@command("init-key", "make this install's signing key (kept mode 0600); prints its fingerprint")
@lang_option
@pass_run
def init_key(run: Run) -> int:
    from ..runtime.bulletin_keys import create_key, key_path

    settings = _settings()
    fingerprint = create_key(settings)
    run.echo(
        _("Made the signing key {file} (readable by you only).", file=str(key_path(settings))),
        err=True,
    )
    run.echo(_("Its fingerprint: {fingerprint}", fingerprint=fingerprint))
    run.echo(
        _(
            "Give your customers the line 'breachreport bulletin public-key' prints, and tell "
            "them the fingerprint by another way (phone, letter)."
        ),
        err=True,
    )
    return 0


@command("public-key", "the one-line public key to give your customers")
@lang_option
def public_key() -> int:
    from ..errors import BreachReportError
    from ..runtime.bulletin_keys import public_key_text
    from .context import accounts

    settings = _settings()
    try:
        name = accounts().organisation().name  # the supplier's own profile, if it has one
    except BreachReportError:
        name = None
    print(public_key_text(settings, name))
    return 0


@command("example", "the worked example's bulletin (three customers), unsigned, as JSON")
@click.option(
    "--version",
    "version",
    type=click.Choice([str(v) for v in BULLETIN_VERSIONS]),
    default="1",
    show_default=True,
    help="which bulletin of the example: 1, 2 (data published) or 3",
)
@output_option("write it into this new file (mode 0600) instead of standard output")
@lang_option
@pass_run
def example(run: Run, version: str, output: str | None) -> int:
    from ..domain.bulletin import example_bulletin

    write_output(run, _bulletin_bytes(example_bulletin(int(version))), output)
    return 0


@command("schema", "the JSON Schema of a bulletin (or, with --signed, of a signed file)")
@click.option("--signed", is_flag=True, help="the schema of the signed file instead")
@lang_option
def schema(signed: bool) -> int:
    from ..domain.bulletin import bulletin_schema, signed_schema

    print(json.dumps(signed_schema() if signed else bulletin_schema(), indent=2))
    return 0


@command("new", "a version-1 bulletin to fill in, with the organisation profile as its supplier")
@output_option("the new file (mode 0600); standard output if not given")
@lang_option
@pass_run
def new(run: Run, output: str | None) -> int:
    from ..errors import BreachReportError
    from ..services.organisation import OrganisationProfile
    from .bulletin_show import skeleton
    from .context import accounts

    try:
        profile = accounts().organisation()
    except BreachReportError:  # a supplier with no data folder: the supplier is filled in too
        profile = OrganisationProfile()
    data = skeleton(profile)
    write_output(run, _json_bytes(data), output)
    run.echo(
        _(
            "Fill in the incident and one entry under 'customers' per customer (its "
            "organisation number and what concerns it), then sign it with 'breachreport bulletin "
            "sign'."
        ),
        err=True,
    )
    return 0


@command(
    "update",
    "the next version of a bulletin: version + 1, issued now, saying what changed",
    arguments=[("FILE", "the previous version's unsigned bulletin")],
)
@click.argument("file")
@click.option("--changes", required=True, help="what changed since the previous version")
@output_option("the new version's file (mode 0600); standard output if not given")
@lang_option
@pass_run
def update(run: Run, file: str, changes: str, output: str | None) -> int:
    from ..domain.bulletin import Bulletin
    from ..domain.times import utc_now

    previous = read_bulletin(file)
    if not changes.strip():
        raise InputError(
            _("Say with --changes what changed since version {v}.", v=previous.version)
        )
    data = previous.model_dump(mode="json")
    data.update(
        version=previous.version + 1,
        issued_at=utc_now().replace(microsecond=0).isoformat(),
        changes=changes.strip(),
    )
    following = Bulletin.model_validate(data)
    write_output(run, _bulletin_bytes(following), output)
    run.echo(
        _("Version {version}; sign it before you send it.", version=following.version), err=True
    )
    return 0


@command(
    "sign",
    "check a bulletin and sign it with this install's key: one signed part per customer",
    arguments=[("FILE", "the unsigned bulletin (JSON)")],
)
@click.argument("file")
@output_option("the signed file (mode 0600)")
@lang_option
@pass_run
def sign(run: Run, file: str, output: str | None) -> int:
    from ..runtime.bulletin_keys import sign_bulletin, signed_bytes

    bulletin = read_bulletin(file)
    if not bulletin.customers:
        raise InputError(
            _("{file} names no customer; a bulletin is signed per customer.", file=file)
        )
    signed = sign_bulletin(_settings(), bulletin)
    write_output(run, signed_bytes(signed), output)
    run.echo(
        _n(
            "Signed version {version} for {count} customer.",
            "Signed version {version} for {count} customers.",
            len(bulletin.customers),
            version=bulletin.version,
            count=len(bulletin.customers),
        ),
        err=True,
    )
    return 0


@command(
    "split",
    "one signed file per customer, named ORGNUMBER.json, each holding only its own part",
    arguments=[("SIGNED", "the signed file 'bulletin sign' wrote")],
)
@click.argument("signed")
@click.option("--output-dir", "output_dir", required=True, help="the folder to write them into")
@lang_option
@pass_run
def split(run: Run, signed: str, output_dir: str) -> int:
    from ..private_files import private_folder, write_private_bytes
    from ..runtime.bulletin_keys import signed_bytes, split_signed

    parts = split_signed(read_json(signed))
    folder = private_folder(output_dir, tighten=False)
    for org_number, part in parts.items():
        file = folder / f"{org_number}.json"
        write_private_bytes(file, signed_bytes(part))
        print(file)
    run.echo(
        _n(
            "Wrote {count} customer's part into {folder} (each readable by you only).",
            "Wrote {count} customers' parts into {folder} (each readable by you only).",
            len(parts),
            count=len(parts),
            folder=str(folder),
        ),
        err=True,
    )
    return 0


@command(
    "show",
    "what a bulletin says (unsigned, signed or one customer's part), and whose key signed it",
    arguments=[("FILE", "a bulletin, a signed file or one customer's part")],
)
@click.argument("file")
@lang_option
@pass_run
def show(run: Run, file: str) -> int:
    return show_file(run, file, _settings())


@command(
    "import",
    "take in this organisation's part of a supplier's signed bulletin, as a proposal to review",
    arguments=[("FILE", "the signed part (ORGNUMBER.json) or the whole signed file")],
)
@click.argument("file")
@click.option(
    "--incident",
    "incident",
    default=None,
    help="add it to this incident (e.g. a later version); default: open a new incident",
)
@lang_option
@pass_run
def import_(run: Run, file: str, incident: str | None) -> int:
    data = read_input(file)
    done = workspace().bulletins.import_bulletin(
        actor=run.acting(), data=data, incident_ref=incident
    )
    run.echo(
        _n(
            "{reference}: {count} field proposed from {supplier}'s bulletin {version}",
            "{reference}: {count} fields proposed from {supplier}'s bulletin {version}",
            done.proposed,
            reference=done.reference,
            count=done.proposed,
            supplier=done.supplier,
            version=done.version,
        )
    )
    if done.differences:
        run.echo(_("What changed since the version imported before:"))
        for difference in done.differences:
            print(
                f"  {difference.label(run.lang)}: "
                f"{_plain(difference.path, difference.old, run.lang)} -> "
                f"{_plain(difference.path, difference.new, run.lang)}"
            )
    run.echo(_("Review it field by field in the app, under the incident's proposals."), err=True)
    return 0


# The answers of a bulletin whose values are choices, and their choices (for their labels).
_CHOICES = {
    "incident.breach_type": "BreachType",
    "incident.cause": "Cause",
    "incident.kinds": "BreachKind",
    "customer.data_categories": "DataCategory",
    "customer.subject_categories": "SubjectCategory",
}


def _exfiltration(value: str, lang: str) -> str:
    """The bulletin's exfiltration status in the words of the facts' question."""
    from ..domain.circumstance_choices import Exfiltration
    from ..domain.labels import NOT_YET_KNOWN

    found = {
        "confirmed": Exfiltration.CONFIRMED.text,
        "likely": Exfiltration.SUSPECTED.text,
        "not_found": Exfiltration.RULED_OUT.text,
    }
    return found.get(value, NOT_YET_KNOWN)(lang)


def _plain(path: str, value: Any, lang: str) -> str:
    """An answer of a bulletin as one short text, as the facts show it: a time in Swedish time,
    a count, yes or no, a choice's label; a text on one line."""
    from datetime import datetime

    from ..domain import choices
    from ..domain.fields import Count
    from ..domain.times import format_local

    if value is None or value == [] or value == "":
        return "-"
    if isinstance(value, bool):
        return (YES if value else NO).in_(lang)
    if isinstance(value, dict) and "value" in value:
        return Count.model_validate(value).label(lang)
    if path == "incident.exfiltration":
        return _exfiltration(value, lang)
    if path in _CHOICES:
        kind = getattr(choices, _CHOICES[path])
        found = value if isinstance(value, list) else [value]
        return ", ".join(kind(v).label(lang) for v in found)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and path.endswith(("_at", "_from", "_to")):
        try:
            return format_local(datetime.fromisoformat(value), lang)
        except ValueError:
            pass
    return " ".join(str(value).split())


bulletin = Actions(
    "bulletin",
    commands=[init_key, public_key, example, schema, new, update, sign, split, show, import_],
    help=TEXT,
    short_help=TEXT,
    context_settings=CONTEXT,
    subcommand_metavar="ACTION",
)

COMMANDS = (bulletin,)
