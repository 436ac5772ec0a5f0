"""bench/bench_all.py, the one command that gathers every figure, runs end to end on a handful of
incidents and prints each figure the issues ask for. No timing is asserted: speed is the
benchmark's business, and this only catches a benchmark that has stopped running."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

# What issues 2, 4, 6, 7 and 16 ask to be measured, as the table names it.
EXPECTED = [
    "register listing, 12 incidents",
    "register listing, encrypted/plain",
    "import, per incident",
    "export of one incident",
    *(
        f"render {document} {fmt}"
        for document, formats in [
            ("imy-notification sv", ("md", "html", "docx", "pdf")),
            ("data-subject-notice sv", ("md", "html", "pdf")),
            ("review-copy sv+en", ("md", "html", "pdf")),
        ]
        for fmt in formats
    ),
    "rotate-key, keys of 12 incidents (SQLite)",
    "verify, 12 incidents (SQLite)",
    "backup, 12 incidents (SQLite)",
    "restore, 12 incidents (SQLite)",
    "dashboard rerun, 12 incidents (AppTest)",
    "guided step rerun (AppTest)",
    "peak memory, 12 incidents (fresh process)",
]


def test_bench_all_prints_every_figure_with_its_target_and_the_machine(tmp_path):
    results = tmp_path / "latest.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    done = subprocess.run(
        [sys.executable, "bench/bench_all.py", "--quick", "--size", "12", "--repeat", "1"]
        + ["--out", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in done.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| measure ")
    }
    for name in EXPECTED:
        assert name in rows, f"{name!r} missing from the table:\n{done.stdout}"
    assert rows["render imy-notification sv docx"][0] == "150 ms"  # target, as issue 6 sets it
    assert rows["register listing, encrypted/plain"][0] == "≤ 1.1"  # over a Core read, issue 16
    assert rows["register listing, 12 incidents"][0] == "0.15 s"
    assert rows["render review-copy sv+en pdf"][0] == "300 ms"  # issue 16, tighter than PDFs'
    assert rows["render imy-notification sv pdf"][0] == "1000 ms"
    assert rows["peak memory, 12 incidents (fresh process)"][0] == "250 MB"
    assert rows["render imy-notification sv md"][0] == "–"  # no issue sets one
    assert "SQLite" in done.stdout and "cores" in done.stdout and "date:" in done.stdout

    saved = json.loads(results.read_text(encoding="utf-8"))
    assert {m["label"] for m in saved["measures"]} == set(rows)
    for measure in saved["measures"]:
        assert math.isfinite(measure["median"]) and measure["median"] > 0, measure
        assert measure["verdict"] in {"pass", "FAIL", "–"}
    assert saved["machine"]["cpu"] and saved["machine"]["sqlite"]
