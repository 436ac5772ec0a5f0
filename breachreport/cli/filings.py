"""Documents and filings: ``render`` a document, write the ``register``, ``file`` with IMY or
another recipient, list the ``filings`` and record a recipient's ``case-number``.

A document taken away is a download: checked against --as/--role and kept in the history.
"""

from __future__ import annotations

import sys
from datetime import UTC
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _, _n
from .context import (
    Run,
    dumps,
    parse_time,
    pass_run,
    refuse_binary_on_terminal,
    workspace,
    write_output,
)
from .options import (
    BINARY_FORMATS,
    DOCUMENT_NAMES,
    FILING_KINDS,
    FORMATS,
    LANGS,
    MACHINE_LANG,
    RECIPIENTS,
    REGISTER_FORMATS,
    REPORT_KINDS,
    Choice,
    command,
    filing_option,
    json_option,
    lang_option,
    output_option,
)

if TYPE_CHECKING:
    from ..services.views import Filing

WARNING = _("warning")


@command("render", "write a document of an incident")
@click.argument("ref", metavar="ID")
@click.option(
    "--document",
    default=None,
    type=Choice(DOCUMENT_NAMES),
    help="the document (default: imy-notification; with --filing, the filing's own document: "
    "its recipient's)",
)
@click.option(
    "--lang", "doc_lang", default="sv", type=Choice(LANGS), help="the document's language"
)
@click.option("--format", "fmt", default="html", type=Choice(FORMATS))
@filing_option("the frozen copy of filing no. N (default: a draft)")
@output_option("file to write, mode 0600 (default: standard output; docx and pdf: a file)")
@pass_run
def render(
    run: Run,
    ref: str,
    document: str | None,
    doc_lang: str,
    fmt: str,
    filing: int | None,
    output: str | None,
) -> int:
    if fmt in BINARY_FORMATS:
        refuse_binary_on_terminal(fmt.upper(), output)
    work, actor = workspace(), run.acting()
    data = work.download(
        ref=ref, document=document, lang=doc_lang, fmt=fmt, filing_seq=filing, actor=actor
    )
    write_output(run, data, output)
    if doc_lang == "en":
        from ..domain.translations import untranslated_warning

        # The English copy must be English: name the free text still only in Swedish.
        if filing is None:
            facts = work.incident(ref, actor=actor).facts
        else:
            facts = next(f.facts for f in work.filings(ref, actor=actor) if f.seq == filing)
        missing = untranslated_warning(facts)
        if missing is not None:
            print(f"{run.say(WARNING)}: {missing(run.lang)}", file=sys.stderr)
    return 0


@command("register", "the register (Art. 33(5)) as CSV or Excel")
@click.option("--format", "fmt", default="csv", type=Choice(REGISTER_FORMATS))
@output_option("file to write, mode 0600 (default: standard output)")
@lang_option
@pass_run
def register(run: Run, fmt: str, output: str | None) -> int:
    if fmt == "xlsx":
        refuse_binary_on_terminal("XLSX", output)
    # The file is data for other tools: its language is --lang when given, else as it always was.
    lang = run.lang if run.lang_given else MACHINE_LANG
    write_output(run, workspace().register_file(fmt=fmt, lang=lang), output)
    return 0


@command("file", "file the incident with IMY or another recipient, freezing a snapshot")
@click.argument("ref", metavar="ID")
@click.option(
    "--to",
    "recipient",
    default="imy",
    show_default=True,
    type=Choice(RECIPIENTS),
    help="who the report goes to",
)
@click.option(
    "--kind",
    required=True,
    type=Choice(REPORT_KINDS),
    help=f"IMY: {', '.join(FILING_KINDS)}; cert-se: early-warning, incident-notification, "
    "progress-report, final-report; police: crime-report; ivo: lex-maria",
)
@click.option(
    "--case-number",
    help="IMY: its case number of the earlier notification; another recipient: its case or "
    "reference number for this report",
)
@click.option(
    "--submitted-at",
    metavar="TIME",
    help="when it went in through the recipient's service, e.g. 2024-01-22T16:00 (Swedish "
    "time) or with an offset (default: now); the register and the clocks use it",
)
@click.option(
    "--final",
    is_flag=True,
    help="a supplement that completes the notification (the complete rules apply)",
)
@click.option(
    "--delay-reasons",
    metavar="TEXT",
    help="the reasons for a late notification, kept with the filing (not a change of facts)",
)
@lang_option
@pass_run
def file(
    run: Run,
    ref: str,
    recipient: str,
    kind: str,
    case_number: str | None,
    submitted_at: str | None,
    final: bool,
    delay_reasons: str | None,
) -> int:
    """File, then print every warning the filing went through with, one line each on stderr."""
    from ..domain.times import format_local

    filing = workspace().file(
        actor=run.acting(),
        ref=ref,
        recipient=recipient,
        kind=kind,
        case_number=case_number,
        submitted_at=parse_time(submitted_at) if submitted_at else None,
        final=final,
        delay_reasons=delay_reasons,
    )
    lang = run.lang
    for warning in filing.warnings:
        print(f"{run.say(WARNING)}: {warning(lang)}", file=sys.stderr)
    named = filing.kind.label(lang).lower()
    if filing.final:
        named += run.say(_(" (the notification is now complete)"))
    count = len(filing.documents)
    at = format_local(filing.filed_at, lang)
    if recipient == "imy":
        run.echo(
            _n(
                "Filed {kind} no. {seq} at {at}; frozen with {count} document.",
                "Filed {kind} no. {seq} at {at}; frozen with {count} documents.",
                count,
                kind=named,
                seq=filing.seq,
                at=at,
                count=count,
            )
        )
        return 0
    to = _short(recipient, lang)
    if filing.by_reference:
        run.echo(
            _(
                "Recorded {kind} to {recipient} as filing no. {seq} at {at}; kept by reference, "
                "with no document of its own.",
                kind=named,
                recipient=to,
                seq=filing.seq,
                at=at,
            )
        )
    else:
        run.echo(
            _n(
                "Filed {kind} to {recipient} no. {seq} at {at}; frozen with {count} document.",
                "Filed {kind} to {recipient} no. {seq} at {at}; frozen with {count} documents.",
                count,
                kind=named,
                recipient=to,
                seq=filing.seq,
                at=at,
                count=count,
            )
        )
    if filing.case_number:
        run.echo(_("Case number: {case_number}", case_number=filing.case_number))
    return 0


def _short(recipient: str, lang: str) -> str:
    """A recipient's short name in ``lang`` (CERT-SE, Polisen/Police)."""
    from ..domain.recipients import recipient as recipient_named

    found = recipient_named(recipient)
    return found.short(lang) if found is not None else recipient


@command("filings", "every frozen filing of an incident: number, recipient, kind, time, number")
@click.argument("ref", metavar="ID")
@json_option("machine-readable, with times in UTC (ISO 8601)")
@lang_option
@pass_run
def filings(run: Run, ref: str, as_json: bool) -> int:
    from ..domain.times import format_local

    found = workspace().filings(ref, actor=run.acting())
    if as_json:
        print(dumps([_filing_json(f) for f in found]))
        return 0
    if not found:
        run.echo(_("Incident {reference} has no filings yet.", reference=ref))
        return 0
    lang = run.lang
    final = run.say(_(" (the notification is now complete)"))
    header = [
        run.say(_("No.")),
        run.say(_("Recipient")),
        run.say(_("Kind")),
        run.say(_("Submitted (Swedish time)")),
        run.say(_("Case number")),
    ]
    rows = [header] + [
        [
            str(f.seq),
            _short(f.recipient, lang),
            f.kind.label(lang) + (final if f.final else ""),
            format_local(f.filed_at, lang),
            f.case_number or "-",
        ]
        for f in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    return 0


def _filing_json(filing: Filing) -> dict[str, Any]:
    kind = filing.kind
    return {
        "seq": filing.seq,
        "recipient": filing.recipient,
        "kind": kind.value,
        "kind_label": {"sv": kind.label("sv"), "en": kind.label("en")},
        "filed_at": filing.filed_at.astimezone(UTC).isoformat(),
        "case_number": filing.case_number,
        "final": filing.final,
        "by_reference": filing.by_reference,
        "documents": list(filing.documents),
    }


@command("case-number", "record the recipient's case number on a filing")
@click.argument("ref", metavar="ID")
@click.argument("case_number")
@filing_option("filing no. N (default: the latest, to --to when given)")
@click.option(
    "--to",
    "recipient",
    default=None,
    type=Choice(RECIPIENTS),
    help="the latest filing to this recipient (without --filing)",
)
@lang_option
@pass_run
def case_number(
    run: Run, ref: str, case_number: str, filing: int | None, recipient: str | None
) -> int:
    recorded = workspace().record_case_number(
        actor=run.acting(), ref=ref, case_number=case_number, seq=filing, recipient=recipient
    )
    run.echo(
        _(
            "Recorded {case_number} on filing no. {seq}.",
            case_number=recorded.case_number,
            seq=recorded.seq,
        )
    )
    return 0


COMMANDS = (render, register, file, filings, case_number)
