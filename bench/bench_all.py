"""Every figure of the project in one run, each with its target from the issues, then the machine.

    .venv/bin/python bench/bench_all.py                 # 10,000 incidents: takes several minutes
    .venv/bin/python bench/bench_all.py --quick         # 1,000 incidents, fewer repeats
    .venv/bin/python bench/bench_all.py --pg-url postgresql+psycopg://postgres@127.0.0.1/postgres

Prints one table (measure, target, median, ratio, verdict) and writes the same as JSON to
bench/results/latest.json. The figures come from the other scripts of bench/, which still run on
their own: bench_store (import, register, export, against a plain table: the register side by
side with a SQLAlchemy Core read of the same rows unencrypted), bench_documents
(every draft of the scenario incident), bench_lifecycle (rotate-key, verify, backup, restore),
bench_app (AppTest reruns), bench_memory (peak memory of a fresh process), bench_bulletin
(supplier bulletins) and bench_remind (reminder runs and the calendar feed).

The ratio column is median/target, so at most 1 passes; where the target is itself a ratio to the
plain table, it is that ratio. In parentheses, for figures without a target: encrypted/plain.
Medians on a shared machine are noisy: run it again before believing a single failure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import bench_app  # noqa: E402
import bench_browser  # noqa: E402
import bench_bulletin  # noqa: E402
import bench_documents  # noqa: E402
import bench_lifecycle  # noqa: E402
import bench_memory  # noqa: E402
import bench_remind  # noqa: E402
import bench_store  # noqa: E402

from breachreport.runtime.home import load_key_ring  # noqa: E402

RESULTS = BENCH / "results" / "latest.json"

# The targets of the issues (medians on the project's 2-core machine). Formats without one: None.
RENDER_TARGET_MS = {"html": 20.0, "docx": 150.0, "pdf": 1000.0}
# A document's own target, where an issue sets one tighter than its format's.
DOCUMENT_TARGET_MS = {("review-copy", "pdf"): 300.0}  # issue 16
TARGETS = {
    "register_list": 0.15,  # s, issue 16 (1 s in issue 2)
    "register_vs_plain": 1.1,  # encrypted/plain Core read, issue 16 (1.5 over ORM in issue 2)
    "rotate": 5.0,  # s, issue 7
    "verify": 5.0,  # s, issue 7
    "overview_rerun": 0.3,  # s, issue 4
    "guided_step": 0.3,  # s, issue 4
    "peak_memory": 250.0,  # MB, issue 16 (500 in issue 7), every document rendered
    "browser_page_change": 0.5,  # s, issue 13
    "browser_save": 0.5,  # s, issue 13
    "browser_filing": 1.5,  # s, issue 13
    "bulletin_verify": 0.05,  # s, issue 19
    "bulletin_import": 0.05,  # s, issue 19 (a fresh SQLite store)
    "bulletin_import_next": 0.05,  # s, issue 19 (the next version into the same store)
    "bulletin_sign_split": 2.0,  # s, issue 19 (300 customer parts)
    "remind_steady": 5.0,  # s, issue 20 (the five-minute timer's run, 500 incidents)
    "remind_send": 10.0,  # s, issue 20 (a first run with dozens of mails due, 500 incidents)
    "calendar_feed": 3.0,  # s, issue 20 (one DPO's calendar, 500 incidents)
}
BULLETIN_CUSTOMERS = 300
# The incidents of the reminder figures (their targets are for 500; fewer on a smaller --size).
REMIND_INCIDENTS = 500
# bench_browser's names for the same three figures.
BROWSER_KEYS = {
    "page change": "browser_page_change",
    "save": "browser_save",
    "filing (preliminary)": "browser_filing",
}


@dataclass
class Measure:
    """One row: ``median`` in ``unit``; ``plain`` the same figure on the plain table, if any."""

    key: str
    label: str
    median: float
    unit: str  # "s", "ms", "MB" or "x" (a ratio)
    target: float | None = None
    plain: float | None = None
    detail: dict | None = None  # kept in the JSON only

    @property
    def to_target(self) -> float | None:
        return None if self.target is None else self.median / self.target

    @property
    def over_plain(self) -> float | None:
        """encrypted/plain, where the plain table was measured too."""
        if self.unit == "x":
            return self.median
        return self.median / self.plain if self.plain else None

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "–"
        return "pass" if self.median <= self.target else "FAIL"


def _plan(size: int, app_incidents: int, pg: bool) -> list[Measure]:
    n, a = f"{size:,}", f"{app_incidents:,}"
    remind = min(size, REMIND_INCIDENTS)
    rows = [
        Measure("register_list", f"register listing, {n} incidents", 0, "s"),
        Measure("register_vs_plain", "register listing, encrypted/plain", 0, "x"),
        Measure("register_first", f"register, first listing after opening, {n}", 0, "s"),
        Measure("import", "import, per incident", 0, "ms"),
        Measure("export", "export of one incident", 0, "ms"),
    ]
    for document, kind in bench_documents.DOCUMENTS.items():
        lang = "sv+en" if kind.bilingual else "sv"
        for fmt in kind.formats:
            rows.append(
                Measure(f"render:{document}:{fmt}", f"render {document} {lang} {fmt}", 0, "ms")
            )
    backends = ["SQLite", "PostgreSQL"] if pg else ["SQLite"]
    for backend in backends:
        suffix = "" if backend == "SQLite" else ":pg"
        rows += [
            Measure(f"rotate{suffix}", f"rotate-key, keys of {n} incidents ({backend})", 0, "s"),
            Measure(f"verify{suffix}", f"verify, {n} incidents ({backend})", 0, "s"),
            Measure(f"backup{suffix}", f"backup, {n} incidents ({backend})", 0, "s"),
            Measure(f"restore{suffix}", f"restore, {n} incidents ({backend})", 0, "s"),
        ]
    rows += [
        Measure("overview_rerun", f"dashboard rerun, {a} incidents (AppTest)", 0, "ms"),
        Measure("guided_step", "guided step rerun (AppTest)", 0, "ms"),
        Measure("peak_memory", f"peak memory, {n} incidents (fresh process)", 0, "MB"),
        Measure("browser_page_change", "page change in chromium", 0, "s"),
        Measure("browser_save", "save of the questions page in chromium", 0, "s"),
        Measure("browser_filing", "preliminary filing in chromium, documents made", 0, "s"),
        *(
            Measure(key, f"bulletin: {name.format(customers=BULLETIN_CUSTOMERS)}", 0, "ms")
            for name, (key, _target) in bench_bulletin.FIGURES.items()
        ),
        *(
            Measure(key, f"reminders: {name.format(incidents=remind, mails='the')}", 0, "s")
            for name, (key, _target) in bench_remind.FIGURES.items()
        ),
    ]
    for row in rows:
        base = row.key.removesuffix(":pg")
        if base in TARGETS:
            row.target = TARGETS[base] * (1000 if row.unit == "ms" else 1)
        elif base.startswith("render:"):
            _, document, fmt = base.split(":")
            row.target = DOCUMENT_TARGET_MS.get((document, fmt), RENDER_TARGET_MS.get(fmt))
    return rows


def _stage(name: str, action: Callable[[], object]) -> object:
    """Run one part, saying on stderr how long it took (the table alone goes to stdout)."""
    print(f"... {name}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    found = action()
    print(f"    done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return found


def run(
    *,
    size: int,
    app_incidents: int,
    doc_repeat: int,
    life_repeat: int,
    reruns: int,
    pg_url: str | None,
) -> list[Measure]:
    rows = {m.key: m for m in _plan(size, app_incidents, bool(pg_url))}

    def put(key: str, median: float, plain: float | None = None) -> None:
        rows[key].median = median
        rows[key].plain = plain

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # One data folder of `size` incidents serves the store figures, the lifecycle and the
        # memory probe: filling it is the slowest part of the run.
        settings = bench_lifecycle.new_home(folder)
        facts = bench_store.realistic_facts(size)
        enc, plain = _stage(
            f"encrypted store and plain table: import {size:,} incidents, list, export",
            lambda: bench_store.compare_stores(
                folder,
                facts,
                url=settings.resolved_database_url,
                ring=load_key_ring(settings),
            ),
        )
        put("register_list", enc["list_s"])
        put("register_vs_plain", enc["list_s"] / plain["list_s"])
        rows["register_vs_plain"].plain = plain["list_s"]
        put("register_first", enc["list_cold_s"], plain["list_cold_s"])
        put("import", enc["import_median_ms"], plain["import_median_ms"])
        put("export", enc["export_ms"], plain["export_ms"])

        account_id = bench_memory.prepare(settings)
        probes = _stage(
            f"peak memory of a fresh process with {size:,} incidents ({life_repeat}x)",
            lambda: [bench_memory.peak_memory(settings, account_id) for _ in range(life_repeat)],
        )
        memory = sorted(probes, key=lambda probe: probe["peak_mb"])[len(probes) // 2]
        assert memory["incidents"] == size, memory
        put("peak_memory", memory["peak_mb"])
        rows["peak_memory"].detail = {
            "peak_mb_after": memory["stages"],
            "ru_maxrss_mb": memory["ru_maxrss_mb"],  # includes the parent's peak: not the figure
        }

        lifecycle = _stage(
            f"rotate-key, verify, backup, restore ({life_repeat}x each, SQLite)",
            lambda: bench_lifecycle.measure(
                settings, folder / "sqlite", life_repeat, bench_lifecycle.sqlite_urls(folder)
            ),
        )
        for name in ("rotate", "verify", "backup", "restore"):
            put(name, lifecycle[f"{name}_s"])
        if pg_url:
            found = _stage(
                "the same on PostgreSQL",
                lambda: bench_lifecycle.measure_postgres(pg_url, settings, folder, life_repeat),
            )
            for name in ("rotate", "verify", "backup", "restore"):
                put(f"{name}:pg", found[f"{name}_s"])

    drafts = _stage(
        f"every draft of the scenario incident ({doc_repeat} renders each)",
        lambda: bench_documents.measure_drafts(doc_repeat),
    )
    for (document, fmt), (median, _size) in drafts.items():
        put(f"render:{document}:{fmt}", median)

    _quiet_streamlit()
    app = _stage(
        f"AppTest reruns with {app_incidents:,} incidents ({reruns} each)",
        lambda: bench_app.measure_app(app_incidents, reruns),
    )
    put("overview_rerun", app["overview_s"] * 1000)
    put("guided_step", app["step_s"] * 1000)

    browser = _stage(
        f"the DPO's clicks in chromium ({reruns} page changes and saves)",
        lambda: bench_browser.measure(reruns, max(2, reruns // 3)),
    )
    for name, spent in browser.items():
        put(BROWSER_KEYS[name], statistics.median(spent))

    bulletins = _stage(
        f"supplier bulletins: verify, import, sign and split {BULLETIN_CUSTOMERS} parts",
        lambda: bench_bulletin.measure(reruns, customers=BULLETIN_CUSTOMERS),
    )
    for name, spent in bulletins.items():
        key = next(
            k
            for n, (k, _t) in bench_bulletin.FIGURES.items()
            if n == name or n.format(customers=BULLETIN_CUSTOMERS) == name
        )
        put(key, statistics.median(spent) * 1000)

    remind = min(size, REMIND_INCIDENTS)
    reminders = _stage(
        f"reminders and calendar over {remind:,} incidents, a real SMTP server ({reruns}x each)",
        lambda: bench_remind.measure(reruns, incidents=remind),
    )
    # In FIGURES' order; the names carry the number of mails the first run sent.
    for (key, _target), (name, spent) in zip(
        bench_remind.FIGURES.values(), reminders.items(), strict=True
    ):
        put(key, statistics.median(spent))
        rows[key].label = f"reminders: {name}"
    return list(rows.values())


def _quiet_streamlit() -> None:
    """AppTest's set-up opens the workspace outside a script run, and Streamlit warns about that
    each time; those warnings say nothing about the figures."""
    from streamlit.runtime.scriptrunner_utils import script_run_context

    script_run_context._LOGGER.disabled = True


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}"
    if unit == "MB":
        return f"{value:.0f} MB"
    digits = 3 if unit == "s" and value < 10 else 1 if unit == "ms" and value < 100 else 0
    if unit == "s" and value >= 10:
        digits = 1
    return f"{value:.{digits}f} {unit}"


def table(rows: list[Measure]) -> str:
    """The rows as a Markdown table, ready for a closing note."""
    lines = [("measure", "target", "median", "ratio", "verdict")]
    for row in rows:
        if row.unit == "x":
            target = f"≤ {row.target:g}"
            median = f"{_number(row.median * row.plain, 's')} vs {_number(row.plain, 's')} plain"
        else:
            target = f"{row.target:g} {row.unit}" if row.target is not None else "–"
            median = _number(row.median, row.unit)
        if row.unit == "x":  # the target is a ratio: the ratio itself stands against it
            shown = f"{row.median:.2f}"
        elif row.to_target is not None:
            shown = f"{row.to_target:.2f}"
        elif row.over_plain is not None:
            shown = f"({row.over_plain:.2f}x plain)"
        else:
            shown = "–"
        lines.append((row.label, target, median, shown, row.verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    out = []
    for index, line in enumerate(lines):
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        out.append("| " + " | ".join(cells) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 incidents and fewer repeats")
    parser.add_argument("--size", type=int, help="incidents (default 10,000; 1,000 with --quick)")
    parser.add_argument("--pg-url", help="also rotate, verify, back up and restore on PostgreSQL")
    parser.add_argument("--repeat", type=int, help="renders, lifecycle runs and reruns each")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"the JSON (default {RESULTS})")
    args = parser.parse_args()
    size = args.size or (1000 if args.quick else 10_000)
    app_incidents = min(size, 1000)  # the dashboard target is for 1,000 incidents
    started = datetime.now(UTC)
    load_before = _load()
    clock = time.perf_counter()
    rows = run(
        size=size,
        app_incidents=app_incidents,
        doc_repeat=args.repeat or (3 if args.quick else 21),
        life_repeat=args.repeat or (1 if args.quick else 3),
        reruns=args.repeat or (3 if args.quick else bench_app.RERUNS),
        pg_url=args.pg_url,
    )
    duration = time.perf_counter() - clock
    info = bench_store.machine_info()
    print(table(rows))
    print()
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM; "
        f"Python {info['python']}, SQLite {info['sqlite']}; {info['os']}"
    )
    print(
        f"date: {started:%Y-%m-%d %H:%M} UTC; the run took {duration / 60:.1f} min; "
        f"load average {load_before} at the start"
        + (
            " (--quick: smaller sizes and fewer repeats than the targets assume)"
            if args.quick
            else ""
        )
    )
    failed = [row.label for row in rows if row.verdict == "FAIL"]
    print(f"{len(rows) - len(failed)} of {len(rows)} rows within target or without one")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "date": started.isoformat(timespec="seconds"),
                "duration_s": round(duration, 1),
                "quick": args.quick,
                "incidents": size,
                "app_incidents": app_incidents,
                "load_average_at_start": load_before,
                "machine": info,
                "measures": [
                    {
                        **asdict(row),
                        "median_over_target": row.to_target,
                        "encrypted_over_plain": row.over_plain,
                        "verdict": row.verdict,
                    }
                    for row in rows
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"written to {args.out}")


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
