"""The health check a service manager or container runtime runs: can the database be reached,
does the key open it, is its schema the newest this version knows. Reads only; never migrates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from breachreport.errors import BreachReportError
from breachreport.settings import Settings


@dataclass(frozen=True)
class Health:
    """The outcome: ``ok``, one line saying why, and what was found (None where not reached)."""

    ok: bool
    reason: str
    database: str | None = None
    schema: str | None = None
    newest_schema: str | None = None
    key_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def check_health(settings: Settings) -> Health:
    """Open the database read-only and check it; never raises for a problem it can name."""
    from breachreport.runtime.home import load_key_ring  # noqa: PLC0415 - the storage stack is heavy to import
    from breachreport.storage import migrate, open_store  # noqa: PLC0415
    from breachreport.storage.database import check_connection, describe, make_engine  # noqa: PLC0415
    from breachreport.storage.store import translate_errors  # noqa: PLC0415

    url = settings.resolved_database_url
    newest = migrate.head_revision()
    missing = _missing_sqlite_file(url)
    if missing is not None:
        return Health(False, f"No database at {missing}; run breachreport init.", url, None, newest)
    try:
        engine = make_engine(url)
    except BreachReportError as error:
        return Health(False, str(error), newest_schema=newest)
    where = describe(engine)
    current: str | None = None
    try:
        check_connection(engine)
        with translate_errors(), engine.connect() as connection:
            reading = connection.execution_options(sqlite_begin="DEFERRED")
            current = migrate.current_revision(reading)
        if current != newest:
            return Health(
                False,
                f"The database is at schema {current or 'none'}, not the newest ({newest}); "
                "run breachreport init to upgrade it.",
                where,
                current,
                newest,
            )
        ring = load_key_ring(settings)
        # create=False: checks the schema and the key ring against the key-check MAC, writes nothing.
        open_store(url, ring, create=False).dispose()
    except BreachReportError as error:
        return Health(False, str(error), where, current, newest)
    finally:
        engine.dispose()
    return Health(
        True,
        f"OK: {where} at schema {current}, opened with master key {ring.active_id}.",
        where,
        current,
        newest,
        ring.active_id,
    )


def _missing_sqlite_file(url: str) -> str | None:
    """The path of a SQLite database that does not exist (making an engine would create its
    folder), or None."""
    if not url.startswith("sqlite"):
        return None
    from pathlib import Path  # noqa: PLC0415

    from sqlalchemy.engine import make_url  # noqa: PLC0415

    try:
        database = make_url(url).database or ""
    except Exception:  # noqa: BLE001 - make_engine says what is wrong with the URL
        return None
    if not database or database == ":memory:" or Path(database).expanduser().exists():
        return None
    return database
