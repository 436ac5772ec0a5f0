"""Benchmark of the encrypted store against a plain table: import, register, export, render.

The plain baseline holds the same incidents unencrypted. Import and export go through a SQLModel
table (what an ordinary app would write); the register is read from that table with SQLAlchemy
Core, the fastest ordinary read: the columns the register shows, the summary parsed from JSON and
mapped to the same register rows as the app's. The two listings are timed side by side, one after
the other in the same loop, so that a busy machine slows both alike.

Prints medians and the encrypted/plain ratios with the issue's targets. Run it on a quiet machine:
    .venv/bin/python bench/bench_store.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, create_engine, select

from breachreport.crypto import KeyRing
from breachreport.demo.scenario import COMPLETE_AT, scenario_facts
from breachreport.domain.changes import apply
from breachreport.domain.facts import Facts, parse_facts
from breachreport.domain.status import Role
from breachreport.services import Actor, Workspace
from breachreport.services.views import register_row
from breachreport.storage import open_store

REGISTER_REPEAT = 7  # listings of each kind, interleaved

DPO = Actor("Bench DPO", Role.DPO)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


class PlainIncident(SQLModel, table=True):
    """The baseline: the same data in plain JSON columns, no encryption, no audit chain."""

    __tablename__ = "plain_incident"
    id: str = Field(primary_key=True)
    reference: str = Field(index=True, unique=True)
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    facts: str
    summary: str


def realistic_facts(count: int, seed: int = 7) -> list[Facts]:
    """Variations of the scenario incident: other types, counts, categories, dates and titles."""
    rng = random.Random(seed)
    base = scenario_facts(COMPLETE_AT).to_json_dict()
    base_aware = datetime.fromisoformat(base["times"]["aware_at"])
    types = ["malware", "misdirected", "unauthorised_access", "loss_or_theft", "accidental_change"]
    categories = ["identity", "contact", "personal_number", "health", "financial", "credentials"]
    found = []
    for index in range(count):
        aware = datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 16_000))
        # Every time of the scenario moves with the awareness, so that the timeline still holds
        # (a decision or a report never before the breach).
        moved = parse_facts(_shifted(base, aware - base_aware), now=NOW)
        changes = {
            "description.title_internal": f"Incident {index}: {rng.choice(types)} at unit {rng.randrange(90)}",
            "description.breach_type": rng.choice(types),
            "data.data_categories": rng.sample(categories, rng.randrange(1, 4)),
            "data.subjects_count": {"value": rng.randrange(1, 5000), "precision": "approximate"},
            "data.records_count": {
                "value": rng.randrange(5000, 90_000),
                "precision": "approximate",
            },
            "times.occurred_from": (aware - timedelta(hours=10)).isoformat(),
            "times.discovered_at": (aware - timedelta(hours=2)).isoformat(),
            "times.aware_at": aware.isoformat(),
            "times.ended_at": (aware + timedelta(days=3)).isoformat(),
            "communication.informed_at": (aware + timedelta(days=4)).isoformat(),
        }
        found.append(apply(moved, changes, now=NOW))
    return found


def _shifted(value: object, delta: timedelta) -> object:
    """``value`` (facts as JSON) with every date and time in it moved by ``delta``."""
    if isinstance(value, dict):
        return {name: _shifted(item, delta) for name, item in value.items()}
    if isinstance(value, list):
        return [_shifted(item, delta) for item in value]
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return (datetime.fromisoformat(value) + delta).isoformat()
        except ValueError:
            return value
    return value


def median_time(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def side_by_side(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median of each action, run in turn in one loop (a, b, a, b, …), so that a change of
    load on a shared machine falls on every action alike and their ratio stays fair."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def _summary(facts: Facts) -> dict:
    """The app's own summary of an incident's facts, as the plain table stores it in clear."""
    from breachreport.services.views import summary as summary_of

    return summary_of(facts, [])


def _register_row(row: object) -> object:
    """The app's own register row, built from a summary the plain read parsed."""
    return register_row(row)


def import_encrypted(
    folder: Path, facts: list[Facts], *, url: str | None = None, ring: KeyRing | None = None
) -> tuple[str, KeyRing, dict[str, float], list[str]]:
    """Import ``facts`` one by one into an encrypted store. ``url`` and ``ring`` let a caller keep
    the filled database (``bench_all`` goes on to rotate and verify it); by default it is
    ``enc.db`` in ``folder`` under a throwaway key. Returns the url, the ring, the import figures
    and the references."""
    url = url or f"sqlite:///{folder / 'enc.db'}"
    store = open_store(url, ring or KeyRing.generate())
    workspace = Workspace(store, clock=lambda: NOW)
    payloads = [f.to_json_dict() for f in facts]
    start = time.perf_counter()
    import_times = []
    refs = []
    for payload in payloads:
        one = time.perf_counter()
        refs.append(workspace.import_facts(actor=DPO, data=payload).reference)
        import_times.append(time.perf_counter() - one)
    total_import = time.perf_counter() - start
    store.dispose()
    figures = {
        "import_total_s": total_import,
        "import_median_ms": statistics.median(import_times) * 1000,
    }
    return url, store.ring, figures, refs


def import_plain(folder: Path, facts: list[Facts]) -> tuple[sa.Engine, dict[str, float]]:
    """The same incidents into the plain SQLModel table, one by one; returns its engine."""
    engine = create_engine(f"sqlite:///{folder / 'plain.db'}")
    SQLModel.metadata.create_all(engine)
    payloads = [f.to_json_dict() for f in facts]
    start = time.perf_counter()
    import_times = []
    for index, payload in enumerate(payloads):
        one = time.perf_counter()
        parsed = parse_facts(payload, now=NOW)
        with Session(engine) as session:
            session.add(
                PlainIncident(
                    id=os.urandom(16).hex(),
                    reference=f"BR-2024-{index + 1:05d}",
                    status="draft",
                    version=1,
                    created_at=NOW,
                    updated_at=NOW,
                    facts=json.dumps(parsed.model_dump(mode="json")),
                    summary=json.dumps(_summary(parsed)),
                )
            )
            session.commit()
        import_times.append(time.perf_counter() - one)
    total_import = time.perf_counter() - start
    figures = {
        "import_total_s": total_import,
        "import_median_ms": statistics.median(import_times) * 1000,
    }
    return engine, figures


def plain_register(engine: sa.Engine) -> Callable[[], list]:
    """The baseline register: a SQLAlchemy Core read of the plain table's register columns (no
    ORM objects, no facts), each summary parsed from JSON and mapped to the app's register row."""
    table = PlainIncident.__table__
    query = sa.select(
        table.c.id,
        table.c.reference,
        table.c.status,
        table.c.version,
        table.c.created_at,
        table.c.updated_at,
        table.c.summary,
    ).order_by(table.c.created_at, table.c.reference)

    def listing() -> list:
        with engine.connect() as connection:
            return [
                _register_row(
                    SimpleNamespace(
                        id=r.id,
                        reference=r.reference,
                        status=r.status,
                        version=r.version,
                        created_at=r.created_at,
                        updated_at=r.updated_at,
                        summary=json.loads(r.summary),
                    )
                )
                for r in connection.execute(query)
            ]

    return listing


def compare_stores(
    folder: Path,
    facts: list[Facts],
    *,
    url: str | None = None,
    ring: KeyRing | None = None,
    repeat: int = REGISTER_REPEAT,
) -> tuple[dict[str, float], dict[str, float]]:
    """The encrypted store and the plain table filled with ``facts``, then read: the register
    (first listing after opening, then ``repeat`` listings of each side by side) and one export.
    Returns the encrypted figures and the plain ones under the same names."""
    url, ring, enc, refs = import_encrypted(folder, facts, url=url, ring=ring)
    engine, plain = import_plain(folder, facts)
    # A fresh store, as after a restart: the first listing unwraps every data key.
    store = open_store(url, ring)
    try:
        workspace = Workspace(store, clock=lambda: NOW)
        plain_listing = plain_register(engine)
        start = time.perf_counter()
        rows = workspace.register()
        enc["list_cold_s"] = time.perf_counter() - start
        start = time.perf_counter()
        baseline = plain_listing()
        plain["list_cold_s"] = time.perf_counter() - start
        assert len(rows) == len(baseline) == len(facts)
        listed = side_by_side({"enc": workspace.register, "plain": plain_listing}, repeat)
        enc["list_s"], plain["list_s"] = listed["enc"], listed["plain"]

        target = refs[len(refs) // 2]
        plain_target = f"BR-2024-{len(facts) // 2:05d}"

        def plain_export() -> dict:
            with Session(engine) as session:
                row = session.exec(
                    select(PlainIncident).where(PlainIncident.reference == plain_target)
                ).one()
                return parse_facts(row.facts, now=NOW).to_json_dict()

        enc["export_ms"] = median_time(lambda: workspace.export(target), 30) * 1000
        plain["export_ms"] = median_time(plain_export, 30) * 1000
        enc["render_html_ms"] = (
            median_time(lambda: workspace.render(ref=target, lang="sv", fmt="html"), 30) * 1000
        )
    finally:
        store.dispose()
        engine.dispose()
    return enc, plain


def machine_info() -> dict[str, str]:
    """What the figures were measured on: CPU model, cores, memory, Python, SQLite and the OS."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    system = platform.system()
    try:
        release = platform.freedesktop_os_release()
        system = f"{release.get('PRETTY_NAME', system)}, kernel {platform.release()}"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory or "unknown",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": system,
    }


def machine() -> str:
    info = machine_info()
    return f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, {platform.system()}"


def compare(size: int) -> tuple[dict[str, float], dict[str, float]]:
    """The encrypted store and the plain table, each filled with ``size`` realistic incidents."""
    facts = realistic_facts(size)
    with tempfile.TemporaryDirectory() as tmp:
        return compare_stores(Path(tmp), facts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for size in args.sizes:
        enc, plain = compare(size)
        print(f"\n{size:,} incidents (SQLite)           encrypted      plain    ratio")
        for key, label in [
            ("import_total_s", "import, total (s)"),
            ("import_median_ms", "import, median per incident (ms)"),
            ("list_cold_s", "register, first listing (s)"),
            ("list_s", "register listing, median (s)"),
            ("export_ms", "export one incident, median (ms)"),
        ]:
            print(
                f"  {label:<34} {enc[key]:>9.3f}  {plain[key]:>9.3f}  {enc[key] / plain[key]:>6.2f}"
            )
        print(f"  {'render HTML notification (ms)':<34} {enc['render_html_ms']:>9.3f}")
        print(
            "  targets: listing 10,000 within 0.15 s; encrypted/plain listing at most 1.1 "
            "(plain: a Core read); HTML notification within 20 ms"
        )


if __name__ == "__main__":
    main()
