"""Benchmark of ``breachreport verify`` with every row under the chain (issue 17): 10,000 incidents,
each with rows beside it (a comment and an approval each; a reviewer assignment on every second; a
filing with two documents and a case number on every fourth), accounts, actors, settings and the
ledger, verified as ``breachreport verify`` does (storage checks plus the history replay).

The incidents are opened through the services with a few facts each; the rows beside them are written through the storage repositories in batches, so that
set-up takes minutes, not hours. Target: under 5 s on the 2-core machine.

    .venv/bin/python bench/bench_verify.py                  # 10,000 incidents, SQLite
    .venv/bin/python bench/bench_verify.py --size 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import DPO, NOW, machine  # noqa: E402

from breachreport.crypto import KeyRing  # noqa: E402
from breachreport.demo.scenario import ORGANISATION  # noqa: E402
from breachreport.services import Workspace  # noqa: E402
from breachreport.storage import NewEvent, open_store  # noqa: E402

BATCH = 200  # incidents per transaction while adding their rows


def build(url: str, ring: KeyRing, size: int) -> None:
    store = open_store(url, ring)
    workspace = Workspace(store, clock=lambda: NOW)
    start = time.perf_counter()
    refs = [
        workspace.open_incident(actor=DPO, changes=_changes(index)).reference
        for index in range(size)
    ]
    print(f"  (set-up: {size:,} incidents opened in {time.perf_counter() - start:.0f} s)")
    start = time.perf_counter()
    with store.transaction() as tx:
        reviewer = tx.actors.ensure(name="Bench Reviewer", role="legal_reviewer")
        dpo = tx.actors.ensure(name=DPO.name, role="dpo")
        tx.settings.save("four_eyes", True, at=NOW, by=dpo)
    for first in range(0, len(refs), BATCH):
        with store.transaction() as tx:
            for index, ref in enumerate(refs[first : first + BATCH], start=first):
                _rows(tx, ref, index, reviewer=reviewer, dpo=dpo)
    print(f"  (set-up: their rows written in {time.perf_counter() - start:.0f} s)")
    store.dispose()


def _changes(index: int) -> dict:
    aware = NOW - timedelta(days=1 + index % 300, hours=index % 24)
    return {
        **ORGANISATION,
        "times.aware_at": aware.replace(tzinfo=None).isoformat(timespec="minutes"),
        "description.title_internal": f"Incident {index}",
        "description.summary": "Ransomware at the hosting provider of a supplier.",
        "description.breach_type": "malware",
        "data.data_categories": ["identity", "health"],
    }


def _rows(tx, ref: str, index: int, *, reviewer: str, dpo: str) -> None:
    incident = tx.incidents.load(ref)
    at = NOW + timedelta(minutes=index)
    tx.reviews.add_comment(
        incident_id=incident.id,
        section="data",
        facts_version=incident.version,
        author_id=reviewer,
        author_role="legal_reviewer",
        created_at=at,
        text="Are the counts final?",
    )
    tx.reviews.add_approval(
        incident_id=incident.id,
        facts_version=incident.version,
        approver_id=reviewer,
        approved_at=at,
        note=None,
    )
    if index % 2 == 0:
        tx.reviews.add_assignment(
            incident_id=incident.id,
            reviewer_id=reviewer,
            account_id=None,
            assigned_at=at,
            assigned_by=dpo,
        )
    if index % 4 == 0:
        event = NewEvent(kind="filed", at=at, actor_id=dpo, actor_role="dpo", payload={})
        filing = tx.filings.create(
            incident_id=incident.id,
            kind="preliminary",
            filed_at=at,
            actor_id=dpo,
            snapshot={},
            changes={},
            documents={"notification.md": b"# Notification\n", "notification.pdf": b"%PDF-1.4\n"},
            event=event,
        )
        tx.filings.set_case_number(
            filing_id=filing.id,
            case_number=f"IMY-2026-{index}",
            event=NewEvent(kind="case_number", at=at, actor_id=dpo, actor_role="dpo"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    ring = KeyRing.generate()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'breachreport.sqlite3'}"
        build(url, ring, args.size)
        store = open_store(url, ring, create=False)
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = Workspace(store).verify()
            samples.append(time.perf_counter() - start)
            assert report.damage == [], report.damage[:3]
        store.dispose()
    print(
        f"verify, {args.size:,} incidents with their rows: median {statistics.median(samples):.2f} s "
        f"of {args.repeat} runs (target 5 s); runs: {', '.join(f'{s:.2f}' for s in samples)}"
    )
    print(machine())


if __name__ == "__main__":
    main()
