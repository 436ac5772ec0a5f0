"""The command line: the same use cases as the app, for scripts and operators.

Errors print one clear line on stderr (plus the problems to fix, if any) and exit non-zero; a
traceback only with --debug. Messages follow --lang (Swedish unless told otherwise); JSON and CSV
output do not. Building the parser imports nothing heavy: each command imports what it needs when
it runs, so that --help and --version answer at once.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .domain.labels import Text
from .errors import BreachReportError, InputError
from .private_files import write_private_bytes

if TYPE_CHECKING:
    from datetime import datetime

    from .accounts import Accounts
    from .domain.facts import Facts
    from .services import Actor, Workspace

EXIT_ERROR = 1
EXIT_DAMAGE = 3
EXIT_UNEXPECTED = 70
EXIT_CLOSED_PIPE = 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)
MAX_IMPORT_BYTES = 2_000_000

# The parser's choices, spelled out here so that --help need not import the services, the
# documents or the domain model; tests/test_cli_start.py checks them against the real ones.
LANGS = ("sv", "en")
ROLES = ("admin", "dpo", "legal_reviewer", "supplier_contact")
FILING_KINDS = ("preliminary", "supplement", "complete", "withdrawal")
DOCUMENT_NAMES = ("imy-notification", "data-subject-notice", "review-copy")
FORMATS = ("md", "html", "docx", "pdf")
REGISTER_FORMATS = ("csv", "xlsx")
BINARY_FORMATS = ("docx", "pdf")
DEFAULT_LANG = "sv"
MACHINE_LANG = "en"  # the register file's language unless --lang is given, as it always was

_lang = DEFAULT_LANG  # the language of this run's messages, set by main()


def say(text: Text, /, **values: object) -> str:
    """``text`` in the language of this run's messages, with ``{placeholders}`` filled in."""
    chosen = text(_lang)
    return chosen.format(**values) if values else chosen


def default_lang() -> str:
    """The language of messages when --lang is not given: $BREACHREPORT_LANG, else Swedish.

    The organisation profile stores no language of its own (the app starts in Swedish and each
    user switches), so Swedish, the organisation's working language, is the default.
    """
    given = os.environ.get("BREACHREPORT_LANG", "").strip().lower()
    return given if given in LANGS else DEFAULT_LANG


def _workspace() -> Workspace:
    from breachreport.runtime.home import open_home

    from .services import Workspace
    from .settings import load_settings

    return Workspace(open_home(load_settings()))


def _accounts() -> Accounts:
    from breachreport.runtime.home import open_home

    from .accounts import Accounts
    from .settings import load_settings

    return Accounts(open_home(load_settings()))


def _actor(args: argparse.Namespace) -> Actor:
    from .domain.status import Role
    from .services import Actor

    return Actor(name=args.actor, role=Role(args.role))


def _dumps(data: object) -> str:
    from .services import dumps

    return dumps(data)


NO_SUCH_FILE = Text("Filen finns inte: {path}", "No such file: {path}")
FILE_TOO_LARGE = Text("{path} är större än {limit} byte.", "{path} is larger than {limit} bytes.")
INPUT_TOO_LARGE = Text(
    "Indata är större än {limit} byte.", "The input is larger than {limit} bytes."
)


def _read_input(path: str) -> bytes:
    limit = f"{MAX_IMPORT_BYTES:,}"
    if path == "-":
        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(say(NO_SUCH_FILE, path=path))
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(say(FILE_TOO_LARGE, path=path, limit=limit))
        data = file.read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(say(INPUT_TOO_LARGE, limit=limit))
    return data


WROTE = Text("Skrev {file} (läsbar bara för dig)", "Wrote {file} (readable by you only)")


def _write_output(data: bytes, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_private_bytes(output, data)
    print(say(WROTE, file=output), file=sys.stderr)


# -- commands ------------------------------------------------------------------------------------

INIT_HOME = Text("Datamapp:      {home}", "Data folder: {home}")
INIT_DATABASE = Text("Databas:       {url}", "Database:    {url}")
INIT_KEY_FROM_ENV = Text(
    "Huvudnyckel:   från BREACHREPORT_MASTER_KEY (inget skrevs)",
    "Master key:  from BREACHREPORT_MASTER_KEY (nothing written)",
)
INIT_KEY_NEW = Text("Huvudnyckel:   {file} (ny, läge 0600)", "Master key:  {file} (new, mode 0600)")
INIT_KEY_BACKUP = Text(
    "Säkerhetskopiera nyckelfilen skild från databasen: utan den kan uppgifterna inte läsas, "
    "och den som har båda kan läsa allt.",
    "Back up the key file apart from the database: without it the data cannot be read, "
    "and whoever holds both can read everything.",
)
INIT_KEY_KEPT = Text(
    "Huvudnyckel:   {file} (fanns redan, behålls)", "Master key:  {file} (already there, kept)"
)


def cmd_init(args: argparse.Namespace) -> int:
    from breachreport.runtime.home import initialise

    from .settings import load_settings

    report = initialise(load_settings())
    print(say(INIT_HOME, home=report.home))
    print(say(INIT_DATABASE, url=report.database_url))
    if report.key_file is None:
        print(say(INIT_KEY_FROM_ENV))
    elif report.key_created:
        print(say(INIT_KEY_NEW, file=report.key_file))
        print(say(INIT_KEY_BACKUP))
    else:
        print(say(INIT_KEY_KEPT, file=report.key_file))
    from .cli_service import print_setup_code

    print_setup_code(args.lang)  # the first account needs it (or 'breachreport user add')
    return 0


DEMO_LOADED = Text(
    "Laddade exemplet som {ref} ({status}).",
    "Loaded the worked example as {ref} ({status}).",
)
DEMO_THERE = Text(
    "Exemplet finns redan som {ref} (IMY:s diarienummer {case_number}); inget nytt lades till.",
    "The worked example is already there as {ref} (IMY case number {case_number}); nothing "
    "new was added.",
)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the worked example once: a second run finds it by IMY's case number and adds nothing,
    so that the register never holds two incidents under one case number."""
    from breachreport.demo.loading import load_demo
    from breachreport.demo.scenario import CASE_NUMBER
    from breachreport.runtime.home import initialise, open_home

    from .services import Workspace
    from .settings import load_settings

    settings = load_settings()
    initialise(settings)
    workspace = Workspace(open_home(settings))
    there = next((row for row in workspace.register() if row.case_number == CASE_NUMBER), None)
    if there is not None:
        print(say(DEMO_THERE, ref=there.reference, case_number=CASE_NUMBER))
        return 0
    incident = load_demo(workspace)
    print(say(DEMO_LOADED, ref=incident.reference, status=incident.status.label(_lang)))
    return 0


REGISTER_EMPTY = Text(
    "Registret är tomt. Börja med 'breachreport demo' eller 'breachreport import'.",
    "The register is empty. Start with 'breachreport demo' or 'breachreport import'.",
)
DAMAGED_STATUS = Text("SKADAD: kör breachreport verify", "DAMAGED: run breachreport verify")


def cmd_list(args: argparse.Namespace) -> int:
    rows = _workspace().register()
    if args.json:
        print(_dumps([row.to_json() for row in rows]))
        return 0
    if not rows:
        print(say(REGISTER_EMPTY))
        return 0
    from .domain.times import format_local
    from .retention import SHREDDED

    lang = _lang
    for row in rows:
        aware = format_local(row.aware_at, lang) if row.aware_at else "-"
        status = row.status.label(lang) if row.shredded_at is None else SHREDDED(lang)
        if row.damaged:
            status = DAMAGED_STATUS(lang)
        print(
            f"{row.reference}  {status:<32}  {aware:<32}  "
            f"{row.case_number or '-':<14}  {row.title or ''}"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    text = _dumps(_workspace().export(args.id))
    if args.output in (None, "-"):
        print(text)
        return 0
    write_private_bytes(args.output, (text + "\n").encode("utf-8"))
    print(say(WROTE, file=args.output), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    incident = _workspace().import_facts(actor=_actor(args), data=_read_input(args.file))
    print(incident.reference)
    return 0


GARBLE = Text(
    "En {format}-fil skulle förvanska terminalen; ange --output FIL, eller styr om standard ut "
    "till en fil.",
    "A {format} file would garble the terminal; give --output FILE, or redirect standard "
    "output to a file.",
)


def cmd_render(args: argparse.Namespace) -> int:
    if args.format in BINARY_FORMATS and args.output in (None, "-") and sys.stdout.isatty():
        raise InputError(say(GARBLE, format=args.format.upper()))
    # A copy taken away is a download: checked against --as/--role, and kept in the history.
    workspace, actor = _workspace(), _actor(args)
    data = workspace.download(
        ref=args.id,
        document=args.document,
        lang=args.doc_lang,
        fmt=args.format,
        filing_seq=args.filing,
        actor=actor,
    )
    _write_output(data, args.output)
    if args.doc_lang == "en":
        from .domain.translations import untranslated_warning

        # The English copy must be English: name the free text still only in Swedish.
        if args.filing is None:
            facts = workspace.incident(args.id, actor=actor).facts
        else:
            filed = workspace.filings(args.id, actor=actor)
            facts = next(f.facts for f in filed if f.seq == args.filing)
        missing = untranslated_warning(facts)
        if missing is not None:
            print(f"{say(FILE_WARNING)}: {missing(_lang)}", file=sys.stderr)
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output in (None, "-") and sys.stdout.isatty():
        raise InputError(say(GARBLE, format="XLSX"))
    # The file is data for other tools: its language is --lang when given, else as it always was.
    lang = args.lang if args.lang_given else MACHINE_LANG
    _write_output(_workspace().register_file(fmt=args.format, lang=lang), args.output)
    return 0


def _facts_from(source: str) -> tuple[Facts, str | None]:
    """Facts from a JSON file (as ``export`` writes it), or from the incident with that reference."""
    from .domain.facts import parse_facts

    if source == "-" or Path(source).is_file():
        return parse_facts(_read_input(source)), None
    return _workspace().incident(source).facts, source


def cmd_assess(args: argparse.Namespace) -> int:
    from .domain.assessment import assess

    facts, _ = _facts_from(args.source)
    print(_dumps(assess(facts).to_json()))
    return 0


def cmd_clocks(args: argparse.Namespace) -> int:
    from .domain.clocks import ClockStatus, clocks
    from .domain.times import format_local, utc_now

    now = _parse_time(args.at) if args.at else utc_now()
    facts, ref = _facts_from(args.source)
    found = _workspace().clocks(ref, now=now) if ref else clocks(facts, now=now)
    if args.json:
        print(_dumps([clock.to_json() for clock in found]))
        return 0
    lang = _lang
    for clock in found:
        due = format_local(clock.due, lang) if clock.due else "-"
        print(f"{clock.label(lang):<44} {clock.status.label(lang):<14} {due}")
        if clock.time_left is not None and clock.status is ClockStatus.RUNNING:
            print(f"{'':<44} {clock.to_json()['time_left'][lang]}")
        print(f"{'':<44} {clock.basis(lang)}")
    return 0


NOT_A_TIME = Text(
    "'{text}' är inte en tidpunkt; skriv t.ex. 2024-01-22T16:00 (svensk tid) eller med en "
    "tidsförskjutning.",
    "'{text}' is not a time; write e.g. 2024-01-22T16:00 (Swedish time) or with an offset.",
)


def _parse_time(text: str) -> datetime:
    from datetime import datetime

    from .domain.times import LocalTimeError, to_utc

    try:
        return to_utc(datetime.fromisoformat(text))
    except (ValueError, LocalTimeError):
        raise InputError(say(NOT_A_TIME, text=text)) from None


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .domain.facts import facts_schema

    print(json.dumps(facts_schema(), ensure_ascii=False, indent=2))
    return 0


VERIFIED = Text(
    "OK: {count} incident(er) kontrollerade; varje chiffertext går att öppna och varje kedja "
    "håller.",
    "OK: {count} incident(s) checked; every ciphertext opens and every chain holds.",
)
DAMAGED_AT = Text("SKADAD {where}: {problem}", "DAMAGED {where}: {problem}")
SHARED_DATA = Text("delade uppgifter", "shared data")
PROBLEMS_FOUND = Text(
    "{problems} fel hittades i {count} incident(er).",
    "{problems} problem(s) found in {count} incident(s).",
)


def cmd_verify(args: argparse.Namespace) -> int:
    report = _workspace().verify()
    damage, count = report.damage, report.checked
    if not damage:
        print(say(VERIFIED, count=count))
        _print_key_usage(report)
        return 0
    _print_damage(damage)
    print(say(PROBLEMS_FOUND, problems=len(damage), count=count), file=sys.stderr)
    return EXIT_DAMAGE


def _print_damage(damage) -> None:  # noqa: ANN001 - VerifyReport.damage
    for item in damage:
        where = item.reference or item.incident_id or say(SHARED_DATA)
        print(say(DAMAGED_AT, where=where, problem=item.problem), file=sys.stderr)


def _print_key_usage(report) -> None:  # noqa: ANN001 - a VerifyReport
    if report.shredded:
        print(say(VERIFIED_SHREDDED, count=report.shredded))
    for key_id, count in report.master_keys.items():
        print(say(KEY_IN_USE, key_id=key_id, count=count))


def cmd_file(args: argparse.Namespace) -> int:
    """File, then print every warning the filing went through with, one line each on stderr."""
    from .domain.choices import FilingKind
    from .domain.times import format_local

    filing = _workspace().file(
        actor=_actor(args),
        ref=args.id,
        kind=FilingKind(args.kind),
        case_number=args.case_number,
        submitted_at=_parse_time(args.submitted_at) if args.submitted_at else None,
        final=args.final,
        delay_reasons=args.delay_reasons,
    )
    lang = _lang
    for warning in filing.warnings:
        print(f"{FILE_WARNING(lang)}: {warning(lang)}", file=sys.stderr)
    kind = filing.kind.label(lang).lower()
    if filing.final:
        kind += FINAL_SUFFIX(lang)
    print(
        FILED(lang).format(
            kind=kind,
            seq=filing.seq,
            at=format_local(filing.filed_at, lang),
            count=len(filing.documents),
        )
    )
    return 0


FILE_WARNING = Text("varning", "warning")
FINAL_SUFFIX = Text(" (anmälan är nu fullständig)", " (the notification is now complete)")
FILED = Text(
    "Registrerade {kind} nr {seq}, inlämnad {at}; fryst med {count} dokument.",
    "Filed {kind} no. {seq} at {at}; frozen with {count} documents.",
)
CASE_NUMBER_RECORDED = Text(
    "Registrerade {case_number} på inlämning nr {seq}.",
    "Recorded {case_number} on filing no. {seq}.",
)


def cmd_case_number(args: argparse.Namespace) -> int:
    filing = _workspace().record_case_number(
        actor=_actor(args), ref=args.id, case_number=args.case_number, seq=args.filing
    )
    print(say(CASE_NUMBER_RECORDED, case_number=filing.case_number, seq=filing.seq))
    return 0


ACCEPTED_BY = Text(" (godkänt av {name})", " (accepted by {name})")


def cmd_history(args: argparse.Namespace) -> int:
    entries = _workspace().history(args.id)
    if args.json:
        print(
            _dumps(
                [
                    {
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
                    for e in entries
                ]
            )
        )
        return 0
    from .domain.status import Role
    from .domain.times import format_local

    lang = _lang
    for e in entries:
        role = Role(e.role).label(lang) if e.role in Role._value2member_map_ else e.role
        fields = ", ".join(e.fields) if e.fields else ""
        about = f" [{e.subject}]" if e.subject else f" [{e.document}]" if e.document else ""
        approved = say(ACCEPTED_BY, name=e.approved_by) if e.approved_by else ""
        print(
            f"{e.seq:>3}  {format_local(e.at, lang):<32}  {e.actor} ({role})  "
            f"{e.kind}{about}{approved}  {fields}"
        )
    return 0


ASK_PASSWORD = Text("Lösenord för det nya kontot: ", "Password for the new account: ")
ASK_PASSWORD_AGAIN = Text("Samma lösenord igen: ", "The same password again: ")
PASSWORDS_DIFFER = Text(
    "De två lösenorden skiljer sig åt; inget sparades.",
    "The two passwords differ; nothing was saved.",
)


def _new_password() -> str:
    """From BREACHREPORT_NEW_PASSWORD (for scripts), else asked for twice without echo."""
    given = os.environ.get("BREACHREPORT_NEW_PASSWORD")
    if given:
        return given
    first = getpass.getpass(say(ASK_PASSWORD))
    if getpass.getpass(say(ASK_PASSWORD_AGAIN)) != first:
        raise InputError(say(PASSWORDS_DIFFER))
    return first


REVIEWER_ASSIGNED = Text(
    "{name} får nu läsa och godkänna {ref}.", "{name} may now read and approve {ref}."
)
APPROVED = Text(
    "Godkände {ref} vid version {version} av uppgifterna; varje senare ändring drar tillbaka "
    "godkännandet.",
    "Approved {ref} at facts version {version}; any later change withdraws it.",
)
FOUR_EYES_ON = Text(
    "Fyra ögon är på: en fullständig anmälan behöver ett gällande godkännande.",
    "Four eyes is on: a complete notification needs a current approval.",
)
FOUR_EYES_OFF = Text(
    "Fyra ögon är av: en fullständig anmälan behöver inget godkännande.",
    "Four eyes is off: a complete notification does not need a current approval.",
)


def cmd_reviewer(args: argparse.Namespace) -> int:
    from .domain.status import Role
    from .services import Actor

    reviewer = Actor(name=args.name, role=Role.LEGAL_REVIEWER)
    _workspace().reviews.assign_reviewer(actor=_actor(args), ref=args.id, reviewer=reviewer)
    print(say(REVIEWER_ASSIGNED, name=args.name, ref=args.id))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    workspace = _workspace()
    version = workspace.incident(args.id).version
    workspace.reviews.approve(
        actor=_actor(args), ref=args.id, facts_version=version, note=args.note
    )
    print(say(APPROVED, ref=args.id, version=version))
    return 0


def cmd_four_eyes(args: argparse.Namespace) -> int:
    reviews = _workspace().reviews
    if args.state is not None:
        reviews.set_four_eyes(actor=_actor(args), on=args.state == "on")
    print(say(FOUR_EYES_ON if reviews.four_eyes() else FOUR_EYES_OFF))
    return 0


USER_ADDED = Text("Lade till {username} ({role}).", "Added {username} ({role}).")
NO_ACCOUNTS = Text(
    "Inga konton ännu. Lägg till ett med 'breachreport user add'.",
    "No accounts yet. Add one with 'breachreport user add'.",
)
DISABLED = Text("avstängt", "disabled")
ACTIVE = Text("aktivt", "active")
USER_DISABLED = Text(
    "Stängde av {username}; kontot kan inte längre logga in. Dess historik finns kvar.",
    "Disabled {username}; it can no longer sign in. Its history stays.",
)
USER_ENABLED = Text(
    "Aktiverade {username}; kontot kan logga in igen.",
    "Enabled {username}; it can sign in again.",
)


def cmd_user_add(args: argparse.Namespace) -> int:
    from .accounts import LOCAL_OPERATOR
    from .domain.status import Role

    account = _accounts().add(
        by=LOCAL_OPERATOR,
        username=args.username,
        display_name=args.name,
        password=_new_password(),
        role=Role(args.account_role),
    )
    print(say(USER_ADDED, username=account.username, role=account.role.label(_lang)))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    accounts = _accounts().list()
    if args.json:
        print(
            _dumps(
                [
                    {
                        "username": a.username,
                        "name": a.display_name,
                        "role": a.role.value,
                        "disabled": a.disabled,
                        "created_at": a.created_at.isoformat(),
                        "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
                    }
                    for a in accounts
                ]
            )
        )
        return 0
    if not accounts:
        print(say(NO_ACCOUNTS))
        return 0
    from .domain.times import format_local

    lang = _lang
    for a in accounts:
        state = say(DISABLED) if a.disabled else say(ACTIVE)
        last = format_local(a.last_login_at, lang) if a.last_login_at else "-"
        print(
            f"{a.username:<36}  {a.display_name:<28}  {a.role.label(lang):<28}  {state:<8}  {last}"
        )
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from .accounts import LOCAL_OPERATOR

    accounts = _accounts()
    account = accounts.disable(by=LOCAL_OPERATOR, account_id=accounts.find(args.username).id)
    print(say(USER_DISABLED, username=account.username))
    return 0


def cmd_user_enable(args: argparse.Namespace) -> int:
    from .accounts import LOCAL_OPERATOR

    accounts = _accounts()
    account = accounts.enable(by=LOCAL_OPERATOR, account_id=accounts.find(args.username).id)
    print(say(USER_ENABLED, username=account.username))
    return 0


# -- keys and data lifecycle ---------------------------------------------------------------------

VERIFIED_SHREDDED = Text(
    "{count} gallrade incidenter: bara gravstenen finns kvar, och den håller.",
    "{count} shredded incident(s): only the tombstone is left, and it holds.",
)
KEY_IN_USE = Text(
    "Huvudnyckel {key_id} i bruk: {count} datanycklar.",
    "Master key {key_id} in use: {count} data key(s).",
)


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from . import rotation
    from .settings import load_settings

    settings = load_settings()
    lang = args.lang
    if args.new_ring_to:
        if args.retire:
            ring = rotation.retire(settings, args.retire, save=False).ring
        else:
            ring = rotation.new_ring(settings)
        _write_key_ring(ring, args.new_ring_to)
        print(
            Text(
                "Sätt BREACHREPORT_MASTER_KEY till den nya nyckelringen{where} och kör "
                "'breachreport rotate-key'{after}. Inget i databasen har ändrats.",
                "Set BREACHREPORT_MASTER_KEY to the new key ring{where} and run "
                "'breachreport rotate-key'{after}. Nothing in the database was changed.",
            )(lang).format(
                where="" if args.new_ring_to == "-" else f" ({args.new_ring_to})",
                after=""
                if args.retire
                else Text(" för att kryptera om datanycklarna", " to re-wrap the data keys")(lang),
            ),
            file=sys.stderr,
        )
        return 0
    if args.retire:
        report = rotation.retire(settings, args.retire)
        print(
            Text(
                "Huvudnyckel {key_id} är borttagen ur {file}. Säkerhetskopior gjorda medan den "
                "var aktiv kan inte längre läsas med den här nyckelringen.",
                "Master key {key_id} is retired from {file}. Backups made while it was active "
                "can no longer be read with this key ring.",
            )(lang).format(key_id=report.key_id, file=report.key_file)
        )
        return 0
    report = rotation.rotate(settings)
    if report.new_key:
        print(
            Text(
                "Ny aktiv huvudnyckel: {key_id}, sparad i {file} (läsbar bara för dig).",
                "New active master key: {key_id}, saved in {file} (readable by you only).",
            )(lang).format(key_id=report.active_id, file=report.key_file)
        )
    else:
        print(
            Text(
                "Slutförde en avbruten nyckelbyte till {key_id}; kör rotate-key igen för en ny nyckel.",
                "Finished an interrupted rotation to {key_id}; run rotate-key again for a new key.",
            )(lang).format(key_id=report.active_id)
        )
    print(
        Text("Krypterade om {count} datanycklar.", "Re-wrapped {count} data key(s).")(lang).format(
            count=report.rewrapped
        )
    )
    for key_id, count in report.usage.items():
        if key_id == report.active_id:
            note = Text("(aktiv)", "(active)")(lang)
        elif count:
            note = Text("kör rotate-key igen", "run rotate-key again")(lang)
        else:
            note = Text(
                "kan tas bort: breachreport rotate-key --retire {key_id}",
                "can be retired: breachreport rotate-key --retire {key_id}",
            )(lang).format(key_id=key_id)
        print(f"  {key_id}  {count:>7}  {note}")
    if report.new_key:
        print(
            Text(
                "Säkerhetskopiera nyckelfilen nu, skild från databasen. Starta om appen så att "
                "den läser den nya nyckeln. Behåll den gamla nyckeln så länge du behåller "
                "säkerhetskopior som gjordes före bytet.",
                "Back up the key file now, apart from the database. Restart the app so that it "
                "reads the new key. Keep the old key as long as you keep backups made before "
                "the rotation.",
            )(lang)
        )
    if report.unopened:
        print(
            f"breachreport: {say(ERROR)}: "
            + say(
                Text(
                    "{count} datanycklar gick inte att öppna och ligger kvar under sin gamla "
                    "huvudnyckel; kör breachreport verify.",
                    "{count} data key(s) did not open and stay under their old master key; "
                    "run breachreport verify.",
                ),
                count=len(report.unopened),
            ),
            file=sys.stderr,
        )
        return EXIT_DAMAGE
    return 0


def _write_key_ring(ring, target: str) -> None:  # noqa: ANN001 - a KeyRing
    if target == "-":
        sys.stdout.write(ring.to_json() + "\n")
        sys.stdout.flush()
        return
    if Path(target).exists():
        raise InputError(
            say(
                Text(
                    "{target} finns redan; ange en ny fil för nyckelringen.",
                    "{target} already exists; name a new file for the key ring.",
                ),
                target=target,
            )
        )
    ring.save_file(target)


def cmd_retention(args: argparse.Namespace) -> int:
    retention = _workspace().retention
    months = args.months if args.years is None else args.years * 12
    if months is not None:
        retention.set_months(actor=_actor(args), months=months)
    months = retention.months()
    years, rest = divmod(months, 12)
    span = Text(
        f"{years} år" + (f" och {rest} månader" if rest else "") if years else f"{rest} månader",
        f"{years} year(s)" + (f" and {rest} month(s)" if rest else "")
        if years
        else f"{rest} month(s)",
    )
    print(
        Text(
            "Lagringstid: {span} efter den sista händelsen i en avslutad incident.",
            "Retention period: {span} after the last event of a finished incident.",
        )(args.lang).format(span=span(args.lang))
    )
    return 0


def cmd_shred(args: argparse.Namespace) -> int:
    from .domain.times import format_local

    workspace = _workspace()
    lang = args.lang
    if args.due:
        if args.id:
            raise InputError(
                say(
                    Text(
                        "Ange antingen en referens eller --due, inte båda.",
                        "Give either a reference or --due, not both.",
                    )
                )
            )
        due = workspace.retention.due(actor=_actor(args))
        if not due:
            print(
                Text(
                    "Ingen incident har passerat lagringstiden.",
                    "No incident is past the retention period.",
                )(lang)
            )
            return 0
        for item in due:
            print(
                f"{item.reference}  {item.status.label(lang):<32}  "
                + Text(
                    "senaste händelse {last}, gallras från {due}",
                    "last event {last}, due since {due}",
                )(lang).format(
                    last=format_local(item.last_activity_at, lang),
                    due=format_local(item.due_at, lang),
                )
            )
        if not args.yes:
            print(
                Text(
                    "{count} incidenter har passerat lagringstiden; kör med --yes för att gallra dem.",
                    "{count} incident(s) are past the retention period; run again with --yes to shred them.",
                )(lang).format(count=len(due)),
                file=sys.stderr,
            )
            return 0
        reason = args.reason or Text(
            "Lagringstiden har passerat.", "The retention period has passed."
        )(lang)
        for item in due:
            workspace.shred(ref=item.reference, actor=_actor(args), reason=reason)
            print(Text("Gallrade {ref}.", "Shredded {ref}.")(lang).format(ref=item.reference))
        return 0
    if not args.id:
        raise InputError(
            say(
                Text(
                    "Ange incidenten som ska gallras (t.ex. BR-2024-0001), eller --due.",
                    "Name the incident to shred (e.g. BR-2024-0001), or give --due.",
                )
            )
        )
    if not args.reason:
        raise InputError(
            say(
                Text(
                    "Säg varför med --reason; skälet står kvar i registret.",
                    "Say why with --reason; the reason stays in the register.",
                )
            )
        )
    stone = workspace.shred(ref=args.id, actor=_actor(args), reason=args.reason)
    print(
        Text(
            "Gallrade {ref}: dess datanyckel och allt som var krypterat med den är förstört. "
            "Registret behåller referens, datum, vem, när och varför.",
            "Shredded {ref}: its data key and everything sealed with it are destroyed. The "
            "register keeps the reference, dates, who, when and why.",
        )(lang).format(ref=stone.reference)
    )
    return 0


def _backup_passphrase(args: argparse.Namespace, *, twice: bool) -> str | None:
    """From BREACHREPORT_BACKUP_PASSPHRASE (for scripts), else asked for without echo."""
    if not args.passphrase:
        return None
    given = os.environ.get("BREACHREPORT_BACKUP_PASSPHRASE")
    if given:
        return given
    first = getpass.getpass(
        say(Text("Lösenfras för säkerhetskopian: ", "Passphrase for the backup: "))
    )
    if (
        twice
        and getpass.getpass(say(Text("Samma lösenfras igen: ", "The same passphrase again: ")))
        != first
    ):
        raise InputError(
            say(
                Text(
                    "De två lösenfraserna skiljer sig åt; inget skrevs.",
                    "The two passphrases differ; nothing was written.",
                )
            )
        )
    if not first:
        raise InputError(
            say(
                Text(
                    "Lösenfrasen är tom; inget skrevs.",
                    "The passphrase is empty; nothing was written.",
                )
            )
        )
    return first


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup
    from .settings import load_settings

    summary = backup(load_settings(), args.file, passphrase=_backup_passphrase(args, twice=True))
    print(
        Text(
            "Skrev {file}: {incidents} incidenter, {rows} rader, krypterad med huvudnyckel "
            "{key_id}{passphrase}. Nyckelfilen finns inte i säkerhetskopian; förvara den "
            "för sig.",
            "Wrote {file}: {incidents} incident(s), {rows} rows, sealed with master key "
            "{key_id}{passphrase}. The key file is not in the backup; keep it apart.",
        )(args.lang).format(
            file=args.file,
            incidents=summary.rows.get("incident", 0),
            rows=sum(summary.rows.values()),
            key_id=summary.master_key_id,
            passphrase=Text(" och lösenfras", " and a passphrase")(args.lang)
            if args.passphrase
            else "",
        )
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .backup import check_backup, restore
    from .domain.times import format_local
    from .settings import load_settings

    settings = load_settings()
    passphrase = _backup_passphrase(args, twice=False)
    if args.check:
        summary = check_backup(settings, args.file, passphrase=passphrase)
        print(
            Text(
                "{file} är hel: {incidents} incidenter, {rows} rader, gjord {at}.",
                "{file} is sound: {incidents} incident(s), {rows} rows, made {at}.",
            )(args.lang).format(
                file=args.file,
                incidents=summary.rows.get("incident", 0),
                rows=sum(summary.rows.values()),
                at=format_local(summary.created_at, args.lang),
            )
        )
        return 0
    report = restore(settings, args.file, passphrase=passphrase)
    print(
        Text(
            "Återställde {file} ({at}) till {database}: {rows} rader.",
            "Restored {file} ({at}) into {database}: {rows} rows.",
        )(args.lang).format(
            file=args.file,
            at=format_local(report.summary.created_at, args.lang),
            database=settings.resolved_database_url.split("@")[-1],
            rows=sum(report.summary.rows.values()),
        )
    )
    if report.verify.damage:
        _print_damage(report.verify.damage)
        return EXIT_DAMAGE
    print(say(VERIFIED, count=report.verify.checked))
    _print_key_usage(report.verify)
    return 0


# -- parser --------------------------------------------------------------------------------------


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's user with no name (no passwd entry, no $USER)
        return f"uid {os.getuid()}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="breachreport",
        description="From 'we think personal data leaked' to a filed GDPR notification to IMY.",
    )
    parser.add_argument("--version", action="version", version=f"breachreport {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--as",
        dest="actor",
        default=os.environ.get("BREACHREPORT_ACTOR") or _login(),
        help="who is acting, recorded in the history (default: $BREACHREPORT_ACTOR or your login)",
    )
    parser.add_argument(
        "--role",
        default="dpo",
        choices=ROLES,
        help="the role you act in (default: dpo)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help="language of messages and listings (default: $BREACHREPORT_LANG, else sv); "
        "JSON and CSV keep their keys",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], text: str, *, lang: bool = True
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(handler=handler)
        if lang:  # "list --lang en" as well as "--lang en list"; without it the global one holds
            command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)
        return command

    add("init", cmd_init, "create the data folder, database and master key if absent")
    add("demo", cmd_demo, "load the supplier-ransomware scenario as a worked example (once)")
    add("list", cmd_list, "the register").add_argument("--json", action="store_true")
    export = add("export", cmd_export, "one incident's facts as JSON on stdout (or --output)")
    export.add_argument("id")
    export.add_argument("--output", "--out", help="file to write, mode 0600 (default: stdout)")
    add("import", cmd_import, "a new incident from such JSON; prints its reference").add_argument(
        "file", help="a JSON file, or - for standard input"
    )
    render = add("render", cmd_render, "write a document of an incident", lang=False)
    render.add_argument("id")
    render.add_argument("--document", default="imy-notification", choices=DOCUMENT_NAMES)
    render.add_argument(
        "--lang", dest="doc_lang", default="sv", choices=LANGS, help="the document's language"
    )
    render.add_argument("--format", default="html", choices=FORMATS)
    render.add_argument(
        "--filing", type=int, help="the frozen copy of filing no. N (default: a draft)"
    )
    render.add_argument(
        "--output",
        "--out",
        help="file to write, mode 0600 (default: standard output; docx and pdf: a file)",
    )
    register = add("register", cmd_register, "the register (Art. 33(5)) as CSV or Excel")
    register.add_argument("--format", default="csv", choices=REGISTER_FORMATS)
    register.add_argument(
        "--output", "--out", help="file to write, mode 0600 (default: standard output)"
    )
    assess_cmd = add("assess", cmd_assess, "the risk assessment of a facts JSON (or an incident)")
    assess_cmd.add_argument(
        "source", help="a facts JSON file as export writes it, - or a reference"
    )
    clocks_cmd = add("clocks", cmd_clocks, "the legal clocks of an incident (or a facts JSON)")
    clocks_cmd.add_argument("source", help="a reference, or a facts JSON file")
    clocks_cmd.add_argument("--at", help="as of this time (default: now)")
    clocks_cmd.add_argument("--json", action="store_true")
    reviewer = add("reviewer", cmd_reviewer, "let a legal reviewer read and approve an incident")
    reviewer.add_argument("id")
    reviewer.add_argument("name", help="the reviewer's name, as they act with --as")
    approve = add("approve", cmd_approve, "approve the current draft (as --role legal_reviewer)")
    approve.add_argument("id")
    approve.add_argument("--note")
    four_eyes = add(
        "four-eyes", cmd_four_eyes, "show or set whether a complete filing needs approval"
    )
    four_eyes.add_argument("state", nargs="?", choices=["on", "off"])
    add("schema", cmd_schema, "the JSON Schema of the facts")
    add("verify", cmd_verify, "check every incident's chain and ciphertexts; non-zero on damage")
    file = add("file", cmd_file, "file the incident with IMY, freezing a snapshot")
    file.add_argument("id")
    file.add_argument("--kind", required=True, choices=FILING_KINDS)
    file.add_argument("--case-number", help="IMY's case number of the earlier notification")
    file.add_argument(
        "--submitted-at",
        metavar="TIME",
        help="when it went in through IMY's e-service, e.g. 2024-01-22T16:00 (Swedish time) or "
        "with an offset (default: now); the register and the clocks use it",
    )
    file.add_argument(
        "--final",
        action="store_true",
        help="a supplement that completes the notification (the complete rules apply)",
    )
    file.add_argument(
        "--delay-reasons",
        metavar="TEXT",
        help="the reasons for a late notification, kept with the filing (not a change of facts)",
    )
    case = add("case-number", cmd_case_number, "record IMY's case number on a filing")
    case.add_argument("id")
    case.add_argument("case_number")
    case.add_argument("--filing", type=int, help="filing no. N (default: the latest)")
    history = add("history", cmd_history, "who changed what, when, in which role")
    history.add_argument("id")
    history.add_argument("--json", action="store_true")
    _add_lifecycle_commands(add)
    _add_user_commands(sub)
    from .cli_service import register as register_service_commands

    register_service_commands(sub)  # serve, setup-code, health
    return parser


def _add_lifecycle_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    rotate = add(
        "rotate-key",
        cmd_rotate_key,
        "new master key; re-wrap all data keys (run again to finish an interrupted rotation)",
    )
    rotate.add_argument(
        "--retire", metavar="KEY_ID", help="remove an old master key that no data key needs"
    )
    rotate.add_argument(
        "--new-ring-to",
        metavar="FILE",
        help="write the new key ring to FILE (mode 0600; - for standard output) and change "
        "nothing else: for a key ring in BREACHREPORT_MASTER_KEY",
    )
    shred = add(
        "shred",
        cmd_shred,
        "destroy an incident's data key and everything sealed with it; a tombstone stays",
    )
    shred.add_argument("id", nargs="?", help="the incident, e.g. BR-2024-0001")
    shred.add_argument("--reason", help="why; kept in the register")
    shred.add_argument("--due", action="store_true", help="list incidents past retention")
    shred.add_argument("--yes", action="store_true", help="with --due: shred them")
    retention = add("retention", cmd_retention, "show or set how long finished incidents are kept")
    period = retention.add_mutually_exclusive_group()
    period.add_argument("--years", type=int)
    period.add_argument("--months", type=int)
    backup = add(
        "backup", cmd_backup, "write an encrypted, verifiable backup to a new FILE (mode 0600)"
    )
    backup.add_argument("file")
    backup.add_argument(
        "--passphrase",
        action="store_true",
        help="also seal with a passphrase (BREACHREPORT_BACKUP_PASSPHRASE, or asked for)",
    )
    restore = add("restore", cmd_restore, "restore a backup into a new, empty database")
    restore.add_argument("file")
    restore.add_argument("--passphrase", action="store_true", help="the backup has one")
    restore.add_argument(
        "--check", action="store_true", help="only check the backup through; write nothing"
    )


def _add_user_commands(sub: argparse._SubParsersAction) -> None:
    text = "local accounts, managed by whoever runs this on the data folder (as an administrator)"
    user = sub.add_parser("user", help=text, description=text)
    actions = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    def add(name: str, handler: Callable[[argparse.Namespace], int], text: str):
        command = actions.add_parser(name, help=text, description=text)
        command.set_defaults(handler=handler)
        command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)
        return command

    new = add(
        "add",
        cmd_user_add,
        "add an account; the password comes from BREACHREPORT_NEW_PASSWORD or is asked for",
    )
    new.add_argument("username", help="what the person signs in with, e.g. their email address")
    new.add_argument("--name", required=True, help="the name shown in the history")
    new.add_argument("--role", dest="account_role", required=True, choices=ROLES)
    add("list", cmd_user_list, "every account").add_argument("--json", action="store_true")
    add("disable", cmd_user_disable, "stop an account from signing in").add_argument("username")
    add("enable", cmd_user_enable, "let a disabled account sign in again").add_argument("username")


# -- errors --------------------------------------------------------------------------------------

ERROR = Text("fel", "error")
INTERRUPTED = Text(
    "avbrutet; inget halvskrivet sparades.", "interrupted; nothing half-written was kept."
)
UNEXPECTED = Text(
    "oväntat fel ({name}); kör med --debug för detaljer och rapportera det.",
    "unexpected error ({name}); run with --debug for details and report it.",
)
# The services speak English; what the command line meets often it says in Swedish too, the rest
# as the service said it.
_HEADLINES_SV = {
    "FactsInvalid": "Uppgifterna är inte giltiga",
    "FilingRefused": "Anmälan kan inte lämnas in ännu",
}
_SAID_SV = (
    (r"No incident (?P<ref>\S+)\.", "Det finns ingen incident {ref}."),
    (
        r"Incident (?P<ref>\S+) has been shredded; .*",
        "Incident {ref} är gallrad; bara dess gravsten finns kvar i registret.",
    ),
    (
        r"No master key: (?P<path>.+) does not exist and BREACHREPORT_MASTER_KEY is not set\. .*",
        "Ingen huvudnyckel: {path} finns inte och BREACHREPORT_MASTER_KEY är inte satt. Kör "
        "'breachreport init' för en ny datamapp, eller återställ nyckeln från dess "
        "säkerhetskopia.",
    ),
    (
        r"(?P<path>.+) already exists; choose a new file name \(nothing was written\)\.",
        "{path} finns redan; välj ett nytt filnamn (inget skrevs).",
    ),
    (
        r"An account with this username already exists; .*",
        "Det finns redan ett konto med det användarnamnet; välj ett annat.",
    ),
    (r"No account with that username\.", "Det finns inget konto med det användarnamnet."),
    (
        r"As an? (?P<role>.+?) you may not (?P<what>.+?)(?:; ask (?P<ask>.+))?\.",
        "Som {role} får du inte {what}{ask}.",
    ),
)
# What each use case is (permissions.WHAT), as the refusal says it in Swedish.
_WHAT_SV = {
    "see the register": "se registret",
    "open incidents": "starta incidenter",
    "read incidents": "läsa incidenter",
    "read sections through an invitation": "läsa avsnitt genom en inbjudan",
    "change the facts": "ändra uppgifterna",
    "decide on notification": "besluta om anmälan",
    "file notifications with IMY": "skicka anmälningar till IMY",
    "record IMY's case number": "registrera IMY:s diarienummer",
    "make the draft notification": "ta fram utkastet till anmälan",
    "download filed notifications": "ladda ner inskickade anmälningar",
    "read the history": "läsa historiken",
    "invite supplier contacts": "bjuda in leverantörskontakter",
    "revoke invitations": "återkalla inbjudningar",
    "propose changes": "föreslå ändringar",
    "accept or reject proposals": "godkänna eller avvisa förslag",
    "comment on sections": "kommentera avsnitt",
    "approve drafts": "godkänna utkast",
    "assign legal reviewers": "utse juridiska granskare",
    "attach evidence": "bifoga underlag",
    "download evidence": "ladda ner underlag",
    "manage accounts": "hantera konton",
    "change the organisation's profile and settings": "ändra organisationens profil och "
    "inställningar",
    "verify the database": "kontrollera databasen",
    "export facts": "exportera uppgifter",
    "import facts": "importera uppgifter",
    "shred incidents": "gallra incidenter",
}


def said(error: BreachReportError, lang: str) -> str:
    """A deliberate error's message in ``lang``."""
    english = str(error)
    if lang == "en":
        return english
    problems = getattr(error, "problems", None)
    headline = _HEADLINES_SV.get(type(error).__name__)
    if problems and headline:
        parts = [f"{p.path}: {p.sv}" if p.path else p.sv for p in problems[:3]]
        more = len(problems) - 3
        return f"{headline}: " + "; ".join(parts) + (f" (och {more} till)" if more > 0 else "")
    import re

    for pattern, swedish in _SAID_SV:
        if found := re.fullmatch(pattern, english, flags=re.DOTALL):
            values = found.groupdict()
            if "role" in values:
                values = _refusal_sv(**values)
            return swedish.format(**values)
    return english


def _refusal_sv(role: str, what: str, ask: str | None) -> dict[str, str]:
    """The parts of "As a supplier contact you may not ...; ask a ... or an ..." in Swedish."""
    from .domain.status import Role

    def sv(english: str, *, article: bool) -> str:
        found = next((r for r in Role if r.label("en").lower() == english), None)
        if found is None:
            return english
        name = found.label("sv").lower()
        if not article:
            return name
        return f"ett {name}" if found is Role.DPO else f"en {name}"

    asked = []
    for part in (ask or "").replace(" or ", ", ").split(", "):
        if part:
            asked.append(sv(part.split(" ", 1)[-1], article=True))
    listed = ", ".join(asked[:-1]) + f" eller {asked[-1]}" if len(asked) > 1 else "".join(asked)
    return {
        "role": sv(role, article=False),
        "what": _WHAT_SV.get(what, what),
        "ask": f"; be {listed}" if listed else "",
    }


def _print_error(error: BreachReportError, lang: str) -> None:
    print(f"breachreport: {ERROR(lang)}: {said(error, lang)}", file=sys.stderr)
    problems = getattr(error, "problems", None)
    if problems and len(problems) > 1:
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            print(f"  - {where}{problem.text(lang)}", file=sys.stderr)


def _closed_pipe() -> int:
    """The reader went away (``| head``): stop quietly. As Python's documentation advises, point
    standard output at devnull, so that the flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # standard output is not a file (a test's capture)
        pass
    return EXIT_CLOSED_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    global _lang
    parser = build_parser()
    args = parser.parse_args(argv)
    # The register file keeps its old default language unless one is asked for (see MACHINE_LANG).
    args.lang_given = args.lang is not None or bool(os.environ.get("BREACHREPORT_LANG"))
    args.lang = args.lang or default_lang()
    _lang = args.lang
    try:
        code = args.handler(args)
        sys.stdout.flush()  # here, where a closed pipe can still be told from a real error
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except BreachReportError as error:
        if args.debug:
            raise
        _print_error(error, args.lang)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"breachreport: {INTERRUPTED(args.lang)}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a user gets one line, not a traceback
        if args.debug:
            raise
        print(
            f"breachreport: {UNEXPECTED(args.lang).format(name=type(error).__name__)}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
