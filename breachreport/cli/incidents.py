"""Reading and moving incidents: ``list``, ``export``, ``import``, ``assess``, ``clocks``,
``schema`` and ``history``.

Listings follow the run's language; their ``--json`` forms and the exported facts do not.
"""

from __future__ import annotations

import click

from ..i18n import _
from ..private_files import write_private_bytes
from .context import Run, dumps, facts_from, parse_time, pass_run, read_input, workspace, wrote
from .options import Choice, command, json_option, lang_option, output_option

# facts: the facts JSON that import reads back; edpb: the EDPB's common Art. 33 template.
EXPORT_FORMATS = ("facts", "edpb")


@command("list", "the register")
@json_option()
@lang_option
@pass_run
def list_(run: Run, as_json: bool) -> int:
    rows = workspace().register()
    if as_json:
        print(dumps([row.to_json() for row in rows]))
        return 0
    if not rows:
        run.echo(
            _("The register is empty. Start with 'breachreport demo' or 'breachreport import'.")
        )
        return 0
    from ..domain.times import format_local
    from ..services.retention import SHREDDED

    lang = run.lang
    damaged = run.say(_("DAMAGED: run breachreport verify"))
    for row in rows:
        aware = format_local(row.aware_at, lang) if row.aware_at else "-"
        status = row.status.label(lang) if row.shredded_at is None else SHREDDED(lang)
        if row.damaged:
            status = damaged
        print(
            f"{row.reference}  {status:<32}  {aware:<32}  "
            f"{row.case_number or '-':<14}  {row.title or ''}"
        )
    return 0


@command("export", "one incident's facts as JSON on stdout (or --output)")
@click.argument("ref", metavar="ID")
@click.option(
    "--format",
    "fmt",
    default="facts",
    type=Choice(EXPORT_FORMATS),
    help="facts (default): the facts JSON that import reads; edpb: the EDPB's common Art. 33 "
    "template (draft of June 2026), keyed by its field ids",
)
@output_option("file to write, mode 0600 (default: stdout)")
@lang_option
@pass_run
def export(run: Run, ref: str, fmt: str, output: str | None) -> int:
    found = workspace().edpb.export(ref) if fmt == "edpb" else workspace().export(ref)
    text = dumps(found)
    if output in (None, "-"):
        print(text)
        return 0
    write_private_bytes(output, (text + "\n").encode("utf-8"))
    wrote(run, output)
    return 0


@command(
    "import",
    "a new incident from such JSON; prints its reference",
    arguments=[("FILE", "a JSON file, or - for standard input")],
)
@click.argument("file")
@lang_option
@pass_run
def import_(run: Run, file: str) -> int:
    incident = workspace().import_facts(actor=run.acting(), data=read_input(file))
    print(incident.reference)
    return 0


@command(
    "assess",
    "the risk assessment of a facts JSON (or an incident)",
    arguments=[("SOURCE", "a facts JSON file as export writes it, - or a reference")],
)
@click.argument("source")
@lang_option
def assess(source: str) -> int:
    from ..domain.assessment import assess as assessment_of

    facts, _ref = facts_from(source)
    print(dumps(assessment_of(facts).to_json()))
    return 0


@command(
    "clocks",
    "the legal clocks of an incident (or a facts JSON)",
    arguments=[("SOURCE", "a reference, or a facts JSON file")],
)
@click.argument("source")
@click.option("--at", default=None, help="as of this time (default: now)")
@json_option()
@lang_option
@pass_run
def clocks(run: Run, source: str, at: str | None, as_json: bool) -> int:
    from ..domain.clocks import ClockStatus
    from ..domain.clocks import clocks as clocks_of
    from ..domain.times import format_local, utc_now

    now = parse_time(at) if at else utc_now()
    facts, ref = facts_from(source)
    if ref:
        found = workspace().clocks(ref, now=now)
    else:
        from ..runtime.rules import install_rules
        from ..settings import load_settings

        # No data folder is opened for a facts file: the organisation's rules file still counts.
        install_rules(load_settings())
        found = clocks_of(facts, now=now)
    if as_json:
        print(dumps([clock.to_json() for clock in found]))
        return 0
    lang = run.lang
    for clock in found:
        due = format_local(clock.due, lang) if clock.due else "-"
        print(f"{clock.label(lang):<44} {clock.status.label(lang):<14} {due}")
        if clock.time_left is not None and clock.status is ClockStatus.RUNNING:
            print(f"{'':<44} {clock.to_json()['time_left'][lang]}")
        if clock.condition is not None:  # "if the incident is significant": shown, never hidden
            print(f"{'':<44} {clock.condition(lang)}")
        print(f"{'':<44} {clock.basis(lang)}")
    return 0


@command("schema", "the JSON Schema of the facts (or, with --edpb, of the EDPB template)")
@click.option(
    "--edpb",
    is_flag=True,
    help="the JSON Schema that export --format edpb validates against",
)
@lang_option
def schema(edpb: bool) -> int:
    import json

    if edpb:
        from ..domain.edpb_template import edpb_schema as made
    else:
        from ..domain.facts import facts_schema as made

    print(json.dumps(made(), ensure_ascii=False, indent=2))
    return 0


@command("history", "who changed what, when, in which role")
@click.argument("ref", metavar="ID")
@json_option()
@lang_option
@pass_run
def history(run: Run, ref: str, as_json: bool) -> int:
    entries = workspace().history(ref)
    if as_json:
        print(dumps([_entry_json(e) for e in entries]))
        return 0
    from ..domain.status import Role
    from ..domain.times import format_local

    lang = run.lang
    for e in entries:
        role = Role(e.role).label(lang) if e.role in Role._value2member_map_ else e.role
        fields = ", ".join(e.fields) if e.fields else ""
        about = f" [{e.subject}]" if e.subject else f" [{e.document}]" if e.document else ""
        approved = run.say(_(" (accepted by {name})", name=e.approved_by)) if e.approved_by else ""
        print(
            f"{e.seq:>3}  {format_local(e.at, lang):<32}  {e.actor} ({role})  "
            f"{e.kind}{about}{approved}  {fields}"
        )
    return 0


def _entry_json(e) -> dict:  # noqa: ANN001 - a HistoryEntry
    return {
        "seq": e.seq,
        "kind": e.kind,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "role": e.role,
        "fields": e.fields,
        "reason": e.reason,
        "approved_by": e.approved_by,
        "subject": e.subject,
        "withdrew_approval": e.withdrew_approval,
        "document": e.document,
        "submitted_at": e.submitted_at.isoformat() if e.submitted_at else None,
    }


COMMANDS = (list_, export, import_, assess, clocks, schema, history)
