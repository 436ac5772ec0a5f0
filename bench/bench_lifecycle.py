"""Benchmark of the keys and data lifecycle: rotating the master key over 10,000 data keys, verify,
backup and restore of 10,000 incidents. Prints medians with the issue's targets.

    .venv/bin/python bench/bench_lifecycle.py --size 10000 --repeat 3
    .venv/bin/python bench/bench_lifecycle.py --pg-url postgresql+psycopg://postgres@127.0.0.1/postgres

The incidents are variations of the scenario, imported one by one as ``breachreport import`` does
(one event each), on SQLite; with ``--pg-url`` the same database is also restored into a new
PostgreSQL database (dropped afterwards) and measured there.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import DPO, NOW, machine, realistic_facts  # noqa: E402

from breachreport.runtime import backup, rotation  # noqa: E402
from breachreport.runtime.home import initialise, load_key_ring  # noqa: E402
from breachreport.services import Workspace  # noqa: E402
from breachreport.settings import Settings, load_settings  # noqa: E402
from breachreport.storage import open_store  # noqa: E402


def median_of(repeat: int, action: Callable[[int], object]) -> float:
    samples = []
    for run in range(repeat):
        start = time.perf_counter()
        action(run)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def new_home(folder: Path) -> Settings:
    """An empty data folder with its key file and database, as ``breachreport init`` makes it."""
    settings = load_settings(home=folder / "source", database_url=None)
    initialise(settings)
    return settings


def build(folder: Path, size: int) -> Settings:
    settings = new_home(folder)
    store = open_store(settings.resolved_database_url, load_key_ring(settings))
    workspace = Workspace(store, clock=lambda: NOW)
    start = time.perf_counter()
    for facts in realistic_facts(size):
        workspace.import_facts(actor=DPO, data=facts.to_json_dict())
    store.dispose()
    print(f"  (set-up: {size:,} incidents imported in {time.perf_counter() - start:.0f} s)")
    return settings


def sqlite_urls(folder: Path) -> Callable[[], str]:
    """New empty SQLite databases under ``folder``, one per call (restore wants an empty one)."""
    return lambda: f"sqlite:///{folder / uuid.uuid4().hex / 'db.sqlite3'}"


def measure(settings: Settings, folder: Path, repeat: int, new_url: Callable[[], str]) -> dict:
    folder.mkdir(parents=True, exist_ok=True)

    def verify(_run: int) -> None:
        store = open_store(settings.resolved_database_url, load_key_ring(settings))
        report = Workspace(store).verify()
        store.dispose()
        assert report.damage == [], report.damage[:3]

    def rotate(_run: int) -> None:
        report = rotation.rotate(settings)
        assert report.new_key and report.unopened == ()

    def write(run: int) -> None:
        backup.backup(settings, folder / f"backup-{run}.brb")

    def restore(run: int) -> None:
        target = load_settings(
            home=folder / f"restored-{run}",
            database_url=new_url(),
            key_file=settings.resolved_key_file,
        )
        report = backup.restore(target, folder / "backup-0.brb")
        assert report.verify.damage == []

    found = {
        "verify_s": median_of(repeat, verify),
        "rotate_s": median_of(repeat, rotate),
        "backup_s": median_of(repeat, write),
        "restore_s": median_of(repeat, restore),
    }
    found["backup_mb"] = (folder / "backup-0.brb").stat().st_size / 1e6
    return found


def report(label: str, size: int, found: dict) -> None:
    lines = [
        (f"rotate-key: new key, re-wrap {size + 1:,} data keys", found["rotate_s"], "target 5 s"),
        ("verify every incident", found["verify_s"], "target 5 s"),
        ("backup to a new file", found["backup_s"], f"({found['backup_mb']:.0f} MB)"),
        ("restore into an empty database, verified", found["restore_s"], ""),
    ]
    title = f"{size:,} incidents ({label})"
    print(f"\n{title}{'median':>{56 - len(title)}}")
    for text, seconds, note in lines:
        print(f"  {text:<46} {seconds:>7.2f} s   {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg-url", help="a PostgreSQL server where databases may be created")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = build(folder, args.size)
        report(
            "SQLite",
            args.size,
            measure(settings, folder / "sqlite", args.repeat, sqlite_urls(folder)),
        )
        if args.pg_url:
            report(
                "PostgreSQL",
                args.size,
                measure_postgres(args.pg_url, settings, folder, args.repeat),
            )


def measure_postgres(pg_url: str, source: Settings, folder: Path, repeat: int) -> dict:
    """``measure`` on PostgreSQL: ``source`` restored into a new database on the server at
    ``pg_url``; every database made here is dropped afterwards."""
    admin = sa.create_engine(sa.make_url(pg_url), isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def new_url() -> str:
        name = f"br_bench_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)

    try:
        (folder / "pg").mkdir()
        backup.backup(source, folder / "pg" / "seed.brb")
        shutil.copy(source.resolved_key_file, folder / "pg" / "master.key")
        settings = load_settings(home=folder / "pg", database_url=new_url())
        backup.restore(settings, folder / "pg" / "seed.brb")
        return measure(settings, folder / "pg", repeat, new_url)
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
