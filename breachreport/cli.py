"""The command line: the same use cases as the app, for scripts and operators.

Errors print one clear line on stderr (plus the problems to fix, if any) and exit non-zero; a
traceback only with --debug.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from . import __version__
from .accounts import LOCAL_OPERATOR, Accounts
from .documents.catalogue import DOCUMENTS
from .domain.assessment import assess
from .domain.choices import FilingKind
from .domain.clocks import ClockStatus, clocks
from .domain.facts import Facts, facts_schema, parse_facts
from .domain.labels import Text
from .domain.status import Role
from .domain.times import LocalTimeError, format_local, to_utc, utc_now
from .domain.translations import untranslated_warning
from .errors import BreachReportError, InputError
from .home import initialise, open_home
from .retention import SHREDDED
from .services import FORMATS, LANGS, REGISTER_FORMATS, Actor, Workspace, dumps
from .settings import load_settings

EXIT_ERROR = 1
EXIT_DAMAGE = 3
EXIT_UNEXPECTED = 70
MAX_IMPORT_BYTES = 2_000_000


def _workspace() -> Workspace:
    return Workspace(open_home(load_settings()))


def _accounts() -> Accounts:
    return Accounts(open_home(load_settings()))


def _actor(args: argparse.Namespace) -> Actor:
    return Actor(name=args.actor, role=Role(args.role))


def _read_input(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"No such file: {path}")
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(f"{path} is larger than {MAX_IMPORT_BYTES:,} bytes.")
        data = file.read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(f"The input is larger than {MAX_IMPORT_BYTES:,} bytes.")
    return data


def _write_output(data: bytes, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    Path(output).write_bytes(data)
    print(f"Wrote {output}", file=sys.stderr)


# -- commands ------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    report = initialise(load_settings())
    print(f"Data folder: {report.home}")
    print(f"Database:    {report.database_url}")
    if report.key_file is None:
        print("Master key:  from BREACHREPORT_MASTER_KEY (nothing written)")
    elif report.key_created:
        print(f"Master key:  {report.key_file} (new, mode 0600)")
        print(
            "Back up the key file apart from the database: without it the data cannot be read, "
            "and whoever holds both can read everything."
        )
    else:
        print(f"Master key:  {report.key_file} (already there, kept)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import load_demo

    settings = load_settings()
    initialise(settings)
    workspace = Workspace(open_home(settings))
    incident = load_demo(workspace)
    print(f"Loaded the worked example as {incident.reference} ({incident.status.label('en')}).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = _workspace().register()
    if args.json:
        print(dumps([row.to_json() for row in rows]))
        return 0
    if not rows:
        print("The register is empty. Start with 'breachreport demo' or 'breachreport import'.")
        return 0
    lang = args.lang
    for row in rows:
        aware = format_local(row.aware_at, lang) if row.aware_at else "-"
        status = row.status.label(lang) if row.shredded_at is None else SHREDDED(lang)
        if row.damaged:
            status = "DAMAGED: run breachreport verify"
        print(
            f"{row.reference}  {status:<32}  {aware:<32}  "
            f"{row.case_number or '-':<14}  {row.title or ''}"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    print(dumps(_workspace().export(args.id)))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    incident = _workspace().import_facts(actor=_actor(args), data=_read_input(args.file))
    print(incident.reference)
    return 0


BINARY_FORMATS = ("docx", "pdf")


def cmd_render(args: argparse.Namespace) -> int:
    if args.format in BINARY_FORMATS and args.output in (None, "-") and sys.stdout.isatty():
        raise InputError(
            f"A {args.format.upper()} file would garble the terminal; "
            "give --output FILE, or redirect standard output to a file."
        )
    # A copy taken away is a download: checked against --as/--role, and kept in the history.
    workspace, actor = _workspace(), _actor(args)
    data = workspace.download(
        ref=args.id,
        document=args.document,
        lang=args.lang,
        fmt=args.format,
        filing_seq=args.filing,
        actor=actor,
    )
    _write_output(data, args.output)
    if args.lang == "en":
        # The English copy must be English: name the free text still only in Swedish.
        if args.filing is None:
            facts = workspace.incident(args.id, actor=actor).facts
        else:
            filed = workspace.filings(args.id, actor=actor)
            facts = next(f.facts for f in filed if f.seq == args.filing)
        missing = untranslated_warning(facts)
        if missing is not None:
            print(f"{FILE_WARNING('en')}: {missing.en}", file=sys.stderr)
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output in (None, "-") and sys.stdout.isatty():
        raise InputError(
            "An XLSX file would garble the terminal; give --output FILE, or redirect standard "
            "output to a file."
        )
    _write_output(_workspace().register_file(fmt=args.format, lang=args.lang), args.output)
    return 0


def _facts_from(source: str) -> tuple[Facts, str | None]:
    """Facts from a JSON file (as ``export`` writes it), or from the incident with that reference."""
    if source == "-" or Path(source).is_file():
        return parse_facts(_read_input(source)), None
    return _workspace().incident(source).facts, source


def cmd_assess(args: argparse.Namespace) -> int:
    facts, _ = _facts_from(args.source)
    print(dumps(assess(facts).to_json()))
    return 0


def cmd_clocks(args: argparse.Namespace) -> int:
    now = _parse_time(args.at) if args.at else utc_now()
    facts, ref = _facts_from(args.source)
    found = _workspace().clocks(ref, now=now) if ref else clocks(facts, now=now)
    if args.json:
        print(dumps([clock.to_json() for clock in found]))
        return 0
    lang = args.lang
    for clock in found:
        due = format_local(clock.due, lang) if clock.due else "-"
        print(f"{clock.label(lang):<44} {clock.status.label(lang):<14} {due}")
        if clock.time_left is not None and clock.status is ClockStatus.RUNNING:
            print(f"{'':<44} {clock.to_json()['time_left'][lang]}")
        print(f"{'':<44} {clock.basis(lang)}")
    return 0


def _parse_time(text: str) -> datetime:
    try:
        return to_utc(datetime.fromisoformat(text))
    except (ValueError, LocalTimeError):
        raise InputError(
            f"'{text}' is not a time; write e.g. 2024-01-22T16:00 (Swedish time) or with an offset."
        ) from None


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(facts_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    report = _workspace().verify()
    damage, count = report.damage, report.checked
    if not damage:
        print(f"OK: {count} incident(s) checked; every ciphertext opens and every chain holds.")
        _print_key_usage(report, args.lang)
        return 0
    for item in damage:
        where = item.reference or item.incident_id or "shared data"
        print(f"DAMAGED {where}: {item.problem}", file=sys.stderr)
    print(f"{len(damage)} problem(s) found in {count} incident(s).", file=sys.stderr)
    return EXIT_DAMAGE


def _print_key_usage(report, lang: str) -> None:  # noqa: ANN001 - a VerifyReport
    if report.shredded:
        print(VERIFIED_SHREDDED(lang).format(count=report.shredded))
    for key_id, count in report.master_keys.items():
        print(KEY_IN_USE(lang).format(key_id=key_id, count=count))


def cmd_file(args: argparse.Namespace) -> int:
    """File, then print every warning the filing went through with, one line each on stderr."""
    filing = _workspace().file(
        actor=_actor(args),
        ref=args.id,
        kind=FilingKind(args.kind),
        case_number=args.case_number,
        submitted_at=_parse_time(args.submitted_at) if args.submitted_at else None,
        final=args.final,
        delay_reasons=args.delay_reasons,
    )
    lang = args.lang
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


def cmd_case_number(args: argparse.Namespace) -> int:
    filing = _workspace().record_case_number(
        actor=_actor(args), ref=args.id, case_number=args.case_number, seq=args.filing
    )
    print(f"Recorded {filing.case_number} on filing no. {filing.seq}.")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    entries = _workspace().history(args.id)
    if args.json:
        print(
            dumps(
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
    for e in entries:
        role = Role(e.role).label(args.lang) if e.role in Role._value2member_map_ else e.role
        fields = ", ".join(e.fields) if e.fields else ""
        about = f" [{e.subject}]" if e.subject else f" [{e.document}]" if e.document else ""
        approved = f" (accepted by {e.approved_by})" if e.approved_by else ""
        print(
            f"{e.seq:>3}  {format_local(e.at, args.lang):<32}  {e.actor} ({role})  "
            f"{e.kind}{about}{approved}  {fields}"
        )
    return 0


def _new_password() -> str:
    """From BREACHREPORT_NEW_PASSWORD (for scripts), else asked for twice without echo."""
    given = os.environ.get("BREACHREPORT_NEW_PASSWORD")
    if given:
        return given
    first = getpass.getpass("Password for the new account: ")
    if getpass.getpass("The same password again: ") != first:
        raise InputError("The two passwords differ; nothing was saved.")
    return first


def cmd_reviewer(args: argparse.Namespace) -> int:
    reviewer = Actor(name=args.name, role=Role.LEGAL_REVIEWER)
    _workspace().reviews.assign_reviewer(actor=_actor(args), ref=args.id, reviewer=reviewer)
    print(f"{args.name} may now read and approve {args.id}.")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    workspace = _workspace()
    version = workspace.incident(args.id).version
    workspace.reviews.approve(
        actor=_actor(args), ref=args.id, facts_version=version, note=args.note
    )
    print(f"Approved {args.id} at facts version {version}; any later change withdraws it.")
    return 0


def cmd_four_eyes(args: argparse.Namespace) -> int:
    reviews = _workspace().reviews
    if args.state is not None:
        reviews.set_four_eyes(actor=_actor(args), on=args.state == "on")
    state = "on" if reviews.four_eyes() else "off"
    print(
        f"Four eyes is {state}: a complete notification {'needs' if state == 'on' else 'does not need'} a current approval."
    )
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    account = _accounts().add(
        by=LOCAL_OPERATOR,
        username=args.username,
        display_name=args.name,
        password=_new_password(),
        role=Role(args.account_role),
    )
    print(f"Added {account.username} ({account.role.label(args.lang)}).")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    accounts = _accounts().list()
    if args.json:
        print(
            dumps(
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
        print("No accounts yet. Add one with 'breachreport user add'.")
        return 0
    for a in accounts:
        state = "disabled" if a.disabled else "active"
        last = format_local(a.last_login_at, args.lang) if a.last_login_at else "-"
        print(
            f"{a.username:<36}  {a.display_name:<28}  {a.role.label(args.lang):<28}  "
            f"{state:<8}  {last}"
        )
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    accounts = _accounts()
    account = accounts.disable(by=LOCAL_OPERATOR, account_id=accounts.find(args.username).id)
    print(f"Disabled {account.username}; it can no longer sign in. Its history stays.")
    return 0


def cmd_user_enable(args: argparse.Namespace) -> int:
    accounts = _accounts()
    account = accounts.enable(by=LOCAL_OPERATOR, account_id=accounts.find(args.username).id)
    print(f"Enabled {account.username}; it can sign in again.")
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
            f"breachreport: error: {len(report.unopened)} data key(s) did not open and stay "
            "under their old master key; run breachreport verify.",
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
        raise InputError(f"{target} already exists; name a new file for the key ring.")
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
    workspace = _workspace()
    lang = args.lang
    if args.due:
        if args.id:
            raise InputError("Give either a reference or --due, not both.")
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
        raise InputError("Name the incident to shred (e.g. BR-2024-0001), or give --due.")
    if not args.reason:
        raise InputError("Say why with --reason; the reason stays in the register.")
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
    first = getpass.getpass("Passphrase for the backup: ")
    if twice and getpass.getpass("The same passphrase again: ") != first:
        raise InputError("The two passphrases differ; nothing was written.")
    if not first:
        raise InputError("The passphrase is empty; nothing was written.")
    return first


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

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
        for item in report.verify.damage:
            where = item.reference or item.incident_id or "shared data"
            print(f"DAMAGED {where}: {item.problem}", file=sys.stderr)
        return EXIT_DAMAGE
    print(
        f"OK: {report.verify.checked} incident(s) checked; every ciphertext opens and every chain holds."
    )
    _print_key_usage(report.verify, args.lang)
    return 0


# -- parser --------------------------------------------------------------------------------------


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
        default=os.environ.get("BREACHREPORT_ACTOR") or getpass.getuser(),
        help="who is acting, recorded in the history (default: $BREACHREPORT_ACTOR or your login)",
    )
    parser.add_argument(
        "--role",
        default="dpo",
        choices=[r.value for r in Role],
        help="the role you act in (default: dpo)",
    )
    parser.add_argument(
        "--lang",
        default=os.environ.get("BREACHREPORT_LANG", "en"),
        choices=list(LANGS),
        help="language of messages and listings",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], text: str):
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(handler=handler)
        return command

    add("init", cmd_init, "create the data folder, database and master key if absent")
    add("demo", cmd_demo, "load the supplier-ransomware scenario as a worked example")
    add("list", cmd_list, "the register").add_argument("--json", action="store_true")
    add("export", cmd_export, "one incident's facts as JSON on stdout").add_argument("id")
    add("import", cmd_import, "a new incident from such JSON; prints its reference").add_argument(
        "file", help="a JSON file, or - for standard input"
    )
    render = add("render", cmd_render, "write a document of an incident")
    render.add_argument("id")
    render.add_argument("--document", default="imy-notification", choices=list(DOCUMENTS))
    render.add_argument("--lang", default="sv", choices=list(LANGS))
    render.add_argument("--format", default="html", choices=list(FORMATS))
    render.add_argument(
        "--filing", type=int, help="the frozen copy of filing no. N (default: a draft)"
    )
    render.add_argument(
        "--output", "--out", help="file to write (default: standard output; docx and pdf: a file)"
    )
    register = add("register", cmd_register, "the register (Art. 33(5)) as CSV or Excel")
    register.add_argument("--format", default="csv", choices=list(REGISTER_FORMATS))
    register.add_argument("--output", "--out", help="file to write (default: standard output)")
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
    file.add_argument("--kind", required=True, choices=[k.value for k in FilingKind])
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
    # Here too, so that "file REF --lang sv" works; without it the global --lang holds.
    file.add_argument("--lang", choices=list(LANGS), default=argparse.SUPPRESS)
    case = add("case-number", cmd_case_number, "record IMY's case number on a filing")
    case.add_argument("id")
    case.add_argument("case_number")
    case.add_argument("--filing", type=int, help="filing no. N (default: the latest)")
    history = add("history", cmd_history, "who changed what, when, in which role")
    history.add_argument("id")
    history.add_argument("--json", action="store_true")
    _add_lifecycle_commands(add)
    _add_user_commands(sub)
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
    backup = add("backup", cmd_backup, "write an encrypted, verifiable backup to a new FILE")
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
        return command

    new = add(
        "add",
        cmd_user_add,
        "add an account; the password comes from BREACHREPORT_NEW_PASSWORD or is asked for",
    )
    new.add_argument("username", help="what the person signs in with, e.g. their email address")
    new.add_argument("--name", required=True, help="the name shown in the history")
    new.add_argument("--role", dest="account_role", required=True, choices=[r.value for r in Role])
    add("list", cmd_user_list, "every account").add_argument("--json", action="store_true")
    add("disable", cmd_user_disable, "stop an account from signing in").add_argument("username")
    add("enable", cmd_user_enable, "let a disabled account sign in again").add_argument("username")


def _print_error(error: BreachReportError, lang: str) -> None:
    print(f"breachreport: error: {error}", file=sys.stderr)
    problems = getattr(error, "problems", None)
    if problems and len(problems) > 1:
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            print(f"  - {where}{problem.text(lang)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except BreachReportError as error:
        if args.debug:
            raise
        _print_error(error, args.lang)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("breachreport: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a user gets one line, not a traceback
        if args.debug:
            raise
        print(
            f"breachreport: unexpected error ({type(error).__name__}); run with --debug for "
            "details and report it.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
