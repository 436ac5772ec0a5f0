"""A worker process for the fault tests (test_faults.py): it writes through the public services
and says so on stdout, one JSON line per acknowledged write, so that its parent can kill it or
race it against others and then check that nothing acknowledged was lost.

    python tests/fault_worker.py writes URL KEY_FILE RUN START TOTAL
        imports and revisions numbered START..TOTAL-1; a line after each one has committed
    python tests/fault_worker.py contend URL KEY_FILE REF NAME ROLE FIELD [INVITATION_ID]
        reads commands on stdin: "read" (the version it sees), "write ROUND" (one change made
        against the version last read), "quit"

Never prints anything before the service call it reports on has returned.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from breachreport.crypto import KeyRing
from breachreport.domain.status import Role
from breachreport.errors import BreachReportError, VersionConflict
from breachreport.services import Actor, Workspace
from breachreport.storage import open_store

DPO = Actor("Karin Holm", Role.DPO)
# Imports open one incident in three; the others revise this answer of an existing incident.
REVISED = "measures.taken"


def marker(run: int, number: int) -> str:
    """The text that identifies one import, in its title and summary."""
    return f"FAULT-{run}-{number}"


def facts_json(mark: str) -> str:
    """Facts JSON as ``breachreport export`` writes it, carrying ``mark``."""
    return json.dumps(
        {
            "controller": {"name": "Region Nordmark", "org_number": "232199-0000"},
            "contact": {"contact_name": "Dataskyddsombud", "contact_email": "dso@example.se"},
            "times": {"aware_at": "2024-01-20T14:00", "discovered_at": "2024-01-20T08:30"},
            "description": {
                "title_internal": mark,
                "summary": f"Ransomware at a supplier ({mark}).",
                "breach_type": "malware",
                "kinds": ["availability"],
            },
            "data": {"data_categories": ["health"], "not_yet_known": ["subjects_count"]},
        }
    )


def say(**line: Any) -> None:
    print(json.dumps(line), flush=True)


def open_workspace(url: str, key_file: str) -> Workspace:
    return Workspace(open_store(url, KeyRing.load_file(key_file), create=False))


def writes(url: str, key_file: str, run: int, start: int, total: int) -> None:
    workspace = open_workspace(url, key_file)
    say(ready=True)
    for number in range(start, total):
        refs = [row.reference for row in workspace.register()]
        if not refs or number % 3 == 0:
            mark = marker(run, number)
            made = workspace.import_facts(actor=DPO, data=facts_json(mark))
            say(op="import", number=number, marker=mark, ref=made.reference)
            continue
        ref = refs[number * 7 % len(refs)]
        seen = workspace.incident(ref)
        value = f"Revision {run}-{number}: the backups were restored."
        revised = workspace.revise(
            actor=DPO, ref=ref, changes={REVISED: value}, expected_version=seen.version
        )
        say(op="revise", number=number, ref=ref, version=revised.version, value=value)


def contend(
    url: str, key_file: str, ref: str, name: str, role: str, field: str, invitation: str | None
) -> None:
    workspace = open_workspace(url, key_file)
    actor = Actor(name, Role(role), invitation_id=invitation)
    seen = 0
    for command in sys.stdin:
        verb, _, argument = command.strip().partition(" ")
        if verb == "quit":
            return
        if verb == "read":
            if actor.role is Role.SUPPLIER_CONTACT:
                seen = workspace.proposals.invited(actor=actor).version
            else:
                seen = workspace.incident(ref, actor=actor).version
            say(read=seen)
            continue
        value = f"{name}, round {argument}"
        outcomes = [_write(workspace, actor, ref, field, value, seen)]
        if actor.role is Role.DPO:
            outcomes += _review_pending(workspace, actor, ref)
        say(outcomes=outcomes)


def _write(
    workspace: Workspace, actor: Actor, ref: str, field: str, value: str, seen: int
) -> dict[str, Any]:
    try:
        if actor.role is Role.SUPPLIER_CONTACT:
            made = workspace.proposals.propose(
                actor=actor, changes={field: value}, expected_version=seen
            )
            return {"kind": "proposed", "field": field, "value": value, "proposal": made.id}
        revised = workspace.revise(
            actor=actor, ref=ref, changes={field: value}, expected_version=seen
        )
        return {"kind": "revised", "field": field, "value": value, "version": revised.version}
    except VersionConflict as conflict:
        return _conflict(conflict, field, value)
    except BreachReportError as error:
        return {"kind": "error", "type": type(error).__name__, "message": str(error)}


def _review_pending(workspace: Workspace, actor: Actor, ref: str) -> list[dict[str, Any]]:
    """Accept every pending proposal; one that conflicts is reported, then rejected."""
    outcomes: list[dict[str, Any]] = []
    for proposal in workspace.proposals.pending(ref=ref, actor=actor):
        [change] = proposal.changes
        try:
            workspace.proposals.review(actor=actor, proposal_id=proposal.id, accept="all")
            outcomes.append(
                {
                    "kind": "accepted",
                    "field": change.path,
                    "value": change.proposed,
                    "proposal": proposal.id,
                    "author": proposal.author,
                }
            )
        except VersionConflict as conflict:
            outcomes.append(_conflict(conflict, change.path, change.proposed))
            workspace.proposals.review(
                actor=actor, proposal_id=proposal.id, accept=(), note="Overtaken by another answer."
            )
    return outcomes


def _conflict(conflict: VersionConflict, field: str, value: Any) -> dict[str, Any]:
    return {
        "kind": "conflict",
        "field": field,
        "value": value,
        "expected": conflict.expected_version,
        "current": conflict.current_version,
        "theirs": sorted(conflict.theirs),
    }


def main(argv: list[str]) -> None:
    command, url, key_file, *rest = argv
    if command == "writes":
        run, start, total = (int(x) for x in rest)
        writes(url, key_file, run, start, total)
    elif command == "contend":
        ref, name, role, field, *invitation = rest
        contend(url, key_file, ref, name, role, field, invitation[0] if invitation else None)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
