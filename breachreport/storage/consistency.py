"""The database's own consistency, apart from tampering: what the engine can check of its files.

A broken index or a damaged page is not an attacker's doing as a rule (a disk, a crash, a copy
taken mid-write), and it needs another remedy (restore a backup, REINDEX), so ``verify`` reports it
in a section of its own.

- SQLite: ``PRAGMA integrity_check``. ``quick_check`` is faster but does not compare indexes with
  their tables, so an index that disagrees with its table (the issue's example) passes it; at
  10,000 incidents integrity_check takes well under two seconds (see SECURITY.md for the figures).
- PostgreSQL, without superuser rights: indexes left invalid or not ready (a failed
  ``CREATE INDEX CONCURRENTLY``, ``pg_index``); the data-checksum failures the server counted for
  this database (``pg_stat_database``, when checksums are on); and, only if the ``amcheck``
  extension is already installed and this role may run it, ``bt_index_check`` on every B-tree
  index of our tables. Nothing is ever installed.

Problems are the engine's own words, which name tables, indexes and pages, never row values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

_MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Consistency:
    """What was checked (names of the checks, for the report) and the problems found."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_consistency(session: Session) -> Consistency:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _sqlite(session)
    if dialect == "postgresql":
        return _postgresql(session)
    return Consistency()


def _sqlite(session: Session) -> Consistency:
    try:
        rows = session.execute(sa.text(f"PRAGMA integrity_check({_MAX_PROBLEMS})")).scalars()
        said = [str(line) for line in rows]
    except sa_exc.DatabaseError as error:  # "database disk image is malformed", before any row
        said = [_first_line(error)]
    problems = [] if said == ["ok"] else said
    return Consistency(checked=["PRAGMA integrity_check"], problems=problems)


def _postgresql(session: Session) -> Consistency:
    checked = ["invalid indexes (pg_index)"]
    problems = [
        f"index {name} is not valid (a failed or unfinished build): REINDEX it"
        for name in session.execute(
            sa.text(
                "SELECT c.relname FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) "
                "ORDER BY c.relname"
            )
        ).scalars()
    ]
    failures = session.execute(
        sa.text("SELECT checksum_failures FROM pg_stat_database WHERE datname = current_database()")
    ).scalar_one_or_none()
    if failures is not None:  # NULL unless the cluster has data checksums on
        checked.append("data checksum failures (pg_stat_database)")
        if failures:
            problems.append(f"the server counted {failures} data checksum failures")
    amcheck = _amcheck(session)
    if amcheck is not None:
        checked.append("amcheck bt_index_check")
        problems += amcheck
    return Consistency(checked=checked, problems=problems)


def _amcheck(session: Session) -> list[str] | None:
    """``bt_index_check`` on our B-tree indexes, if amcheck is installed and ours to run; None
    if it is not (then nothing was checked this way)."""
    # Where the extension put its function, quoted by the server: it may be outside search_path.
    schema = session.execute(
        sa.text(
            "SELECT quote_ident(n.nspname) FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'"
        )
    ).scalar_one_or_none()
    if schema is None:
        return None
    allowed = session.execute(
        sa.text(
            "SELECT has_function_privilege(p.oid, 'EXECUTE') FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.proname = 'bt_index_check' AND p.pronargs = 1 AND quote_ident(n.nspname) = :s"
        ),
        {"s": schema},
    ).scalar_one_or_none()
    if not allowed:
        return None
    indexes = session.execute(
        sa.text(
            "SELECT c.oid, c.relname FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_am a ON a.oid = c.relam "
            "WHERE n.nspname = current_schema() AND a.amname = 'btree' "
            "AND i.indisvalid AND i.indisready ORDER BY c.relname"
        )
    ).all()
    problems = []
    for oid, name in indexes:
        try:
            with session.begin_nested():  # a failed check must not spoil the transaction
                session.execute(sa.text(f"SELECT {schema}.bt_index_check(:oid)"), {"oid": oid})
        except sa_exc.DBAPIError as error:
            problems.append(f"index {name}: {_first_line(error)}")
    return problems


def _first_line(error: sa_exc.DBAPIError) -> str:
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__
