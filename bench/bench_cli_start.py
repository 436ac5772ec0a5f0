"""Benchmark of the command line's start: --help, --version, a command's --help, schema and list.

Each command runs as a new process, as a shell would start it; prints the median of N runs with
the issue's target (--help and --version under 0.3 s; a command's --help too, since click
builds every command before it answers). With --baseline REV the same commands run
on an older commit too (unpacked with git archive into a temporary folder), for a before/after.
    .venv/bin/python bench/bench_cli_start.py --runs 15 --baseline 5f2be91
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "--help": ["--help"],
    "--version": ["--version"],
    "render --help": ["render", "--help"],
    "schema": ["schema"],
    "list": ["list"],
}
TARGET_SECONDS = {"--help": 0.3, "--version": 0.3, "render --help": 0.3}


def run_once(argv: list[str], *, env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "breachreport", *argv],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"breachreport {' '.join(argv)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def environment(home: Path, source: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    env["BREACHREPORT_HOME"] = str(home)
    env["BREACHREPORT_ACTOR"] = "Bench DPO"
    if source is not None:  # the older commit's package first on the path
        env["PYTHONPATH"] = str(source)
    return env


def measure(label: str, source: Path | None, runs: int, scratch: Path) -> dict[str, list[float]]:
    home = scratch / f"home-{label}"
    cwd = source or ROOT
    env = environment(home, source)
    run_once(["demo"], env=env, cwd=cwd)  # the data list reads (and the import caches warmed)
    timings: dict[str, list[float]] = {}
    for name, argv in COMMANDS.items():
        run_once(argv, env=env, cwd=cwd)  # one warm-up: bytecode written, files in the page cache
        timings[name] = [run_once(argv, env=env, cwd=cwd) for _ in range(runs)]
    return timings


def unpack(rev: str, scratch: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", rev, "breachreport", "templates"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    target = scratch / f"source-{rev}"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def report(label: str, timings: dict[str, list[float]]) -> None:
    print(f"\n{label}")
    print(f"  {'command':<14} {'median':>8} {'min':>8} {'max':>8}  target")
    for name, values in timings.items():
        median = statistics.median(values)
        target = TARGET_SECONDS.get(name)
        verdict = (
            "" if target is None else f"< {target:.1f} s  {'ok' if median < target else 'MISSED'}"
        )
        print(f"  {name:<14} {median:>7.3f}s {min(values):>7.3f}s {max(values):>7.3f}s  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (default: 15)")
    parser.add_argument("--baseline", metavar="REV", help="also time this older commit")
    args = parser.parse_args()
    print(
        f"breachreport start-up, median of {args.runs} runs; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        scratch = Path(folder)
        if args.baseline:
            report(
                f"baseline {args.baseline}",
                measure("baseline", unpack(args.baseline, scratch), args.runs, scratch),
            )
        report("this working tree", measure("now", None, args.runs, scratch))


if __name__ == "__main__":
    main()
