"""What ``verify`` adds to the chains: the database's own consistency check, in a section apart
from tampering, and ``--anchor FILE``: whether the database was rolled back behind the heads
recorded in FILE, which then moves forward (``services.anchoring`` says when it is written).
"""

from __future__ import annotations

import sys

from ..i18n import _, _n
from .context import Run
from .failures import print_error


def print_consistency(run: Run, report) -> bool:  # noqa: ANN001 - a ConsistencyReport
    """The database engine's own check, as a section apart from tampering; True if it holds."""
    checks = ", ".join(report.checked) or run.say(_("nothing this database can check"))
    if not report.problems:
        run.echo(_("Database consistency: ok ({checks}).", checks=checks))
        return True
    run.echo(
        _n(
            "Database consistency: {count} problem ({checks}); this is damage to the database "
            "files, not tampering: restore the last backup or rebuild the index.",
            "Database consistency: {count} problems ({checks}); this is damage to the database "
            "files, not tampering: restore the last backup or rebuild the indexes.",
            len(report.problems),
            count=len(report.problems),
            checks=checks,
        ),
        err=True,
    )
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return False


def print_anchor(run: Run, opened, file: str, *, update: bool, sound: bool) -> bool:  # noqa: ANN001
    """Compare with (or start) the anchor in ``file``; False if the database is behind it or
    the anchor does not hold."""
    from ..domain.times import format_local
    from ..services.anchoring import AnchorInvalid

    try:
        report = opened.anchoring.anchor(file, update=update, sound=sound)
    except AnchorInvalid as error:
        print_error(error, run.lang)
        return False
    if report.created:
        if report.written:
            run.echo(_started(report))
        elif not update:
            run.echo(
                _(
                    "There is no anchor {file} to compare with; --no-update started none.",
                    file=file,
                ),
                err=True,
            )
        else:
            run.echo(
                _(
                    "No anchor was written to {file}: an anchor records a sound database only; "
                    "mend the problems above first.",
                    file=file,
                ),
                err=True,
            )
        return True
    at = format_local(report.anchored_at, run.lang)
    if report.findings:
        for finding in report.findings:
            where = finding.reference or run.say(_("shared data"))
            run.echo(
                _("ROLLED BACK {where}: {problem}", where=where, problem=finding.problem), err=True
            )
        run.echo(
            _n(
                "The database is behind the anchor {file} of {at}: {count} finding. The anchor "
                "file was left as it is: keep it, it is the evidence.",
                "The database is behind the anchor {file} of {at}: {count} findings. The anchor "
                "file was left as it is: keep it, it is the evidence.",
                len(report.findings),
                file=file,
                at=at,
                count=len(report.findings),
            ),
            err=True,
        )
        return False
    events = _n(
        "{count} new event", "{count} new events", report.new_events, count=report.new_events
    )
    incidents = _n(
        "{count} new incident",
        "{count} new incidents",
        report.new_incidents,
        count=report.new_incidents,
    )
    run.echo(
        _(
            "The database is at or ahead of the anchor of {at}: {events}, {incidents}.",
            at=at,
            events=events,
            incidents=incidents,
        )
    )
    if report.written:
        run.echo(_("Updated the anchor {file} to the current heads.", file=file))
    elif not update:
        run.echo(_("The anchor {file} was left as it is (--no-update).", file=file))
    else:
        run.echo(
            _("The anchor {file} was left as it is: verify found problems above.", file=file),
            err=True,
        )
    return True


def _started(report):  # noqa: ANN001, ANN202 - an AnchorReport; a Message
    incidents = _n(
        "{count} incident", "{count} incidents", report.incidents, count=report.incidents
    )
    events = _n("{count} event", "{count} events", report.events, count=report.events)
    return _(
        "Started the anchor {file} (readable by you only): {incidents}, {events}. Keep a copy "
        "apart from the database: on another disk, or mailed to the DPO.",
        file=report.file,
        incidents=incidents,
        events=events,
    )
