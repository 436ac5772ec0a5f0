"""Keys and the database as a whole: ``verify``, ``rotate-key``, ``backup`` and ``restore``.

Each exits 3 (EXIT_DAMAGE) when it finds stored data that does not open or does not hold; ``verify``
also when the database's own consistency check fails, or when it is behind its anchor
(``--anchor FILE``: rolled back to an older copy, its newest incident deleted).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click

from ..domain.text_rules import code_point, is_plain_line
from ..errors import InputError
from ..i18n import _, _n
from .anchoring import print_anchor, print_consistency
from .context import Run, pass_run, workspace
from .failures import ERROR
from .options import EXIT_DAMAGE, command, lang_option


def verified(run: Run, count: int) -> None:
    run.echo(
        _n(
            "OK: {count} incident checked; every ciphertext opens and every chain holds.",
            "OK: {count} incidents checked; every ciphertext opens and every chain holds.",
            count,
            count=count,
        )
    )


def print_damage(run: Run, damage) -> None:  # noqa: ANN001 - VerifyReport.damage
    for item in damage:
        where = _shown(item.reference or item.incident_id or run.say(_("shared data")))
        problem = _shown(item.problem)
        run.echo(_("DAMAGED {where}: {problem}", where=where, problem=problem), err=True)


def _shown(text: str) -> str:
    """``text`` with each character that is no plain text (a control, an escape, a line break, a
    direction override) written as U+XXXX: damage can quote what an attacker wrote into the
    database (a reference, a meta key), and it must not drive the terminal that prints it."""
    return "".join(char if is_plain_line(char) else code_point(char) for char in text)


def print_key_usage(run: Run, report) -> None:  # noqa: ANN001 - a VerifyReport
    if report.shredded:
        run.echo(
            _n(
                "{count} shredded incident: only the tombstone is left, and it holds.",
                "{count} shredded incidents: only the tombstone is left, and it holds.",
                report.shredded,
                count=report.shredded,
            )
        )
    for key_id, count in report.master_keys.items():
        run.echo(
            _n(
                "Master key {key_id} in use: {count} data key.",
                "Master key {key_id} in use: {count} data keys.",
                count,
                key_id=key_id,
                count=count,
            )
        )


@command(
    "verify",
    "check every incident's chain and ciphertexts, and the database's own consistency; "
    "non-zero on damage",
)
@click.option(
    "--anchor",
    metavar="FILE",
    help="also compare with the heads recorded in FILE (a rollback shows), then record the "
    "current ones there (mode 0600); a new FILE is started",
)
@click.option("--no-update", is_flag=True, help="with --anchor: compare only, never write FILE")
@lang_option
@pass_run
def verify(run: Run, anchor: str | None, no_update: bool) -> int:
    opened = workspace()
    report = opened.verify()
    damage, count = report.damage, report.checked
    if not damage:
        verified(run, count)
        print_key_usage(run, report)
        if report.rows_since is not None:
            from ..domain.times import format_local

            run.echo(
                _(
                    "Every row is under a chain since {at}.",
                    at=format_local(report.rows_since, run.lang),
                )
            )
    else:
        print_damage(run, damage)
        incidents = _n("{count} incident", "{count} incidents", count, count=count)
        run.echo(
            _n(
                "{problems} problem found in {incidents}.",
                "{problems} problems found in {incidents}.",
                len(damage),
                problems=len(damage),
                incidents=incidents,
            ),
            err=True,
        )
    consistent = print_consistency(run, opened.anchoring.consistency())
    sound = consistent and not damage
    behind = False
    if anchor is not None:
        behind = not print_anchor(run, opened, anchor, update=not no_update, sound=sound)
    return EXIT_DAMAGE if behind or not sound else 0


@command(
    "rotate-key",
    "new master key; re-wrap all data keys (run again to finish an interrupted rotation)",
)
@click.option("--retire", metavar="KEY_ID", help="remove an old master key that no data key needs")
@click.option(
    "--new-ring-to",
    metavar="FILE",
    help="write the new key ring to FILE (mode 0600; - for standard output) and change "
    "nothing else: for a key ring in BREACHREPORT_MASTER_KEY",
)
@lang_option
@pass_run
def rotate_key(run: Run, retire: str | None, new_ring_to: str | None) -> int:
    from ..runtime import rotation
    from ..settings import load_settings

    settings = load_settings()
    if new_ring_to:
        ring = rotation.retire(settings, retire, save=False).ring if retire else None
        _write_key_ring(ring or rotation.new_ring(settings), new_ring_to)
        where = "" if new_ring_to == "-" else f" ({new_ring_to})"
        if retire:
            told = _(
                "Set BREACHREPORT_MASTER_KEY to the new key ring{where} and run "
                "'breachreport rotate-key'. Nothing in the database was changed.",
                where=where,
            )
        else:
            told = _(
                "Set BREACHREPORT_MASTER_KEY to the new key ring{where} and run "
                "'breachreport rotate-key' to re-wrap the data keys. Nothing in the database "
                "was changed.",
                where=where,
            )
        run.echo(told, err=True)
        return 0
    if retire:
        report = rotation.retire(settings, retire)
        run.echo(
            _(
                "Master key {key_id} is retired from {file}. Backups made while it was active "
                "can no longer be read with this key ring.",
                key_id=report.key_id,
                file=report.key_file,
            )
        )
        return 0
    return _rotated(run, rotation.rotate(settings))


def _rotated(run: Run, report) -> int:  # noqa: ANN001 - a RotationReport
    if report.new_key:
        run.echo(
            _(
                "New active master key: {key_id}, saved in {file} (readable by you only).",
                key_id=report.active_id,
                file=report.key_file,
            )
        )
    else:
        run.echo(
            _(
                "Finished an interrupted rotation to {key_id}; run rotate-key again for a new key.",
                key_id=report.active_id,
            )
        )
    run.echo(
        _n(
            "Re-wrapped {count} data key.",
            "Re-wrapped {count} data keys.",
            report.rewrapped,
            count=report.rewrapped,
        )
    )
    for key_id, count in report.usage.items():
        if key_id == report.active_id:
            note = _("(active)")
        elif count:
            note = _("run rotate-key again")
        else:
            note = _("can be retired: breachreport rotate-key --retire {key_id}", key_id=key_id)
        print(f"  {key_id}  {count:>7}  {run.say(note)}")
    if report.new_key:
        run.echo(
            _(
                "Back up the key file now, apart from the database. Restart the app so that it "
                "reads the new key. Keep the old key as long as you keep backups made before "
                "the rotation."
            )
        )
    if report.unopened:
        count = len(report.unopened)
        problem = _n(
            "{count} data key did not open and stays under its old master key; run "
            "breachreport verify.",
            "{count} data keys did not open and stay under their old master key; run "
            "breachreport verify.",
            count,
            count=count,
        )
        print(f"breachreport: {run.say(ERROR)}: {run.say(problem)}", file=sys.stderr)
        return EXIT_DAMAGE
    return 0


def _write_key_ring(ring, target: str) -> None:  # noqa: ANN001 - a KeyRing
    if target == "-":
        sys.stdout.write(ring.to_json() + "\n")
        sys.stdout.flush()
        return
    if Path(target).exists():
        raise InputError(
            _("{target} already exists; name a new file for the key ring.", target=target)
        )
    ring.save_file(target)


def backup_passphrase(run: Run, wanted: bool, *, twice: bool) -> str | None:
    """From BREACHREPORT_BACKUP_PASSPHRASE (for scripts), else asked for without echo."""
    if not wanted:
        return None
    given = os.environ.get("BREACHREPORT_BACKUP_PASSPHRASE")
    if given:
        return given
    first = getpass.getpass(run.say(_("Passphrase for the backup: ")))
    if twice and getpass.getpass(run.say(_("The same passphrase again: "))) != first:
        raise InputError(_("The two passphrases differ; nothing was written."))
    if not first:
        raise InputError(_("The passphrase is empty; nothing was written."))
    return first


@command("backup", "write an encrypted, verifiable backup to a new FILE (mode 0600)")
@click.argument("file")
@click.option(
    "--passphrase",
    is_flag=True,
    help="also seal with a passphrase (BREACHREPORT_BACKUP_PASSPHRASE, or asked for)",
)
@lang_option
@pass_run
def backup(run: Run, file: str, passphrase: bool) -> int:
    from ..runtime.backup import backup as write_backup
    from ..settings import load_settings

    secret = backup_passphrase(run, passphrase, twice=True)
    summary = write_backup(load_settings(), file, passphrase=secret)
    incidents = summary.rows.get("incident", 0)
    values = {
        "file": file,
        "incidents": incidents,
        "rows": sum(summary.rows.values()),
        "key_id": summary.master_key_id,
    }
    if passphrase:
        wrote = _n(
            "Wrote {file}: {incidents} incident, {rows} rows, sealed with master key {key_id} "
            "and a passphrase. The key file is not in the backup; keep it apart.",
            "Wrote {file}: {incidents} incidents, {rows} rows, sealed with master key {key_id} "
            "and a passphrase. The key file is not in the backup; keep it apart.",
            incidents,
            **values,
        )
    else:
        wrote = _n(
            "Wrote {file}: {incidents} incident, {rows} rows, sealed with master key "
            "{key_id}. The key file is not in the backup; keep it apart.",
            "Wrote {file}: {incidents} incidents, {rows} rows, sealed with master key "
            "{key_id}. The key file is not in the backup; keep it apart.",
            incidents,
            **values,
        )
    run.echo(wrote)
    return 0


@command("restore", "restore a backup into a new, empty database")
@click.argument("file")
@click.option("--passphrase", is_flag=True, help="the backup has one")
@click.option("--check", is_flag=True, help="only check the backup through; write nothing")
@lang_option
@pass_run
def restore(run: Run, file: str, passphrase: bool, check: bool) -> int:
    from ..domain.times import format_local
    from ..runtime.backup import check_backup
    from ..runtime.backup import restore as restore_backup
    from ..settings import load_settings

    settings = load_settings()
    secret = backup_passphrase(run, passphrase, twice=False)
    if check:
        summary = check_backup(settings, file, passphrase=secret)
        incidents = summary.rows.get("incident", 0)
        run.echo(
            _n(
                "{file} is sound: {incidents} incident, {rows} rows, made {at}.",
                "{file} is sound: {incidents} incidents, {rows} rows, made {at}.",
                incidents,
                file=file,
                incidents=incidents,
                rows=sum(summary.rows.values()),
                at=format_local(summary.created_at, run.lang),
            )
        )
        return 0
    report = restore_backup(settings, file, passphrase=secret)
    run.echo(
        _(
            "Restored {file} ({at}) into {database}: {rows} rows.",
            file=file,
            at=format_local(report.summary.created_at, run.lang),
            database=settings.resolved_database_url.split("@")[-1],
            rows=sum(report.summary.rows.values()),
        )
    )
    if report.verify.damage:
        print_damage(run, report.verify.damage)
        return EXIT_DAMAGE
    verified(run, report.verify.checked)
    print_key_usage(run, report.verify)
    return 0


COMMANDS = (verify, rotate_key, backup, restore)
