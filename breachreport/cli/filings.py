"""Documents and filings: ``render`` a document, write the ``register``, ``file`` with IMY and
record IMY's ``case-number``.

A document taken away is a download: checked against --as/--role and kept in the history.
"""

from __future__ import annotations

import sys

import click

from ..i18n import _, _n
from .context import (
    Run,
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
    REGISTER_FORMATS,
    Choice,
    command,
    filing_option,
    lang_option,
    output_option,
)

WARNING = _("warning")


@command("render", "write a document of an incident")
@click.argument("ref", metavar="ID")
@click.option("--document", default="imy-notification", type=Choice(DOCUMENT_NAMES))
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
    document: str,
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


@command("file", "file the incident with IMY, freezing a snapshot")
@click.argument("ref", metavar="ID")
@click.option("--kind", required=True, type=Choice(FILING_KINDS))
@click.option("--case-number", help="IMY's case number of the earlier notification")
@click.option(
    "--submitted-at",
    metavar="TIME",
    help="when it went in through IMY's e-service, e.g. 2024-01-22T16:00 (Swedish time) or "
    "with an offset (default: now); the register and the clocks use it",
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
    kind: str,
    case_number: str | None,
    submitted_at: str | None,
    final: bool,
    delay_reasons: str | None,
) -> int:
    """File, then print every warning the filing went through with, one line each on stderr."""
    from ..domain.choices import FilingKind
    from ..domain.times import format_local

    filing = workspace().file(
        actor=run.acting(),
        ref=ref,
        kind=FilingKind(kind),
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
    run.echo(
        _n(
            "Filed {kind} no. {seq} at {at}; frozen with {count} document.",
            "Filed {kind} no. {seq} at {at}; frozen with {count} documents.",
            count,
            kind=named,
            seq=filing.seq,
            at=format_local(filing.filed_at, lang),
            count=count,
        )
    )
    return 0


@command("case-number", "record IMY's case number on a filing")
@click.argument("ref", metavar="ID")
@click.argument("case_number")
@filing_option("filing no. N (default: the latest)")
@lang_option
@pass_run
def case_number(run: Run, ref: str, case_number: str, filing: int | None) -> int:
    recorded = workspace().record_case_number(
        actor=run.acting(), ref=ref, case_number=case_number, seq=filing
    )
    run.echo(
        _(
            "Recorded {case_number} on filing no. {seq}.",
            case_number=recorded.case_number,
            seq=recorded.seq,
        )
    )
    return 0


COMMANDS = (render, register, file, case_number)
