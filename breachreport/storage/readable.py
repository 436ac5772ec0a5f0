"""Reading rows for ``verify`` when a stored value may not be readable as its column's type.

A value written behind the application's back (a time with minute 60, JSON cut short, text that is
not UTF-8 on SQLite) makes the conversion of its row fail, and one such value spoils the whole
query. ``rows`` reads a table as usual and, only if that fails, again without conversion, then
converts value by value: an unreadable value becomes ``UNREADABLE`` and ``unreadable(row)`` names
its columns, so that verify reports it by table, row and column and checks everything else.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

# What converting a stored value can raise (UnicodeDecodeError and JSONDecodeError are ValueErrors).
_CONVERSION = (ValueError, TypeError, OverflowError)


class _Unreadable:
    """Stands in for a stored value that cannot be read as its column's type."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unreadable>"


UNREADABLE = _Unreadable()


def rows(
    session: Session, table: sa.Table, *, where: Any = None, order_by: tuple[Any, ...] = ()
) -> list[Any]:
    """Every row of ``table`` (matching ``where``), each with its columns as attributes."""
    query = sa.select(table)
    if where is not None:
        query = query.where(where)
    query = query.order_by(*order_by)
    sqlite = session.get_bind().dialect.name == "sqlite"
    try:
        return list(session.execute(query))
    except _CONVERSION:
        pass
    except sa.exc.OperationalError:  # SQLite's own "could not decode to UTF-8"
        if not sqlite:
            raise
    return _one_by_one(session, table, where, order_by)


def unreadable(row: Any) -> tuple[str, ...]:
    """The columns of ``row`` whose stored value could not be read (none for a sound row)."""
    return getattr(row, "_unreadable", ())


def said(label: str, row: Any) -> str:
    """The line verify prints for a row with unreadable values."""
    columns = ", ".join(unreadable(row))
    return (
        f"{label}: {columns} cannot be read (a value of the wrong form was written behind the "
        "application's back)"
    )


def _one_by_one(session: Session, table: sa.Table, where: Any, order_by: tuple[Any, ...]) -> list:
    dialect = session.get_bind().dialect
    sqlite = dialect.name == "sqlite"
    selected, converters = [], []
    for column in table.columns:
        textual = sqlite and _stored_as_text(column.type)
        if textual:  # the bytes as stored, decoded below, so bad UTF-8 is one value, not the query
            selected.append(sa.cast(column, sa.LargeBinary).label(column.name))
        else:
            selected.append(sa.type_coerce(column, sa.types.NullType()).label(column.name))
        converters.append((column.name, textual, column.type.dialect_impl(dialect)))
    query = sa.select(*selected)
    if where is not None:
        query = query.where(where)
    found = []
    for raw in session.execute(query.order_by(*order_by)):
        values: dict[str, Any] = {}
        bad: list[str] = []
        for (name, textual, type_), value in zip(converters, raw, strict=True):
            try:
                if textual and isinstance(value, bytes):
                    value = value.decode("utf-8")
                convert = type_.result_processor(dialect, None)
                values[name] = convert(value) if convert is not None else value
            except _CONVERSION:
                values[name] = UNREADABLE
                bad.append(name)
        found.append(SimpleNamespace(**values, _unreadable=tuple(bad)))
    return found


def _stored_as_text(type_: Any) -> bool:
    impl = getattr(type_, "impl", type_)
    return isinstance(impl, sa.String | sa.JSON | sa.DateTime)
