"""Any single-byte change of any stored value (any column of any row of any table but the schema
version and the sign-in attempt log), and any row deleted alone, is reported by ``verify``: a
Hypothesis property, and a sweep over every row and every value of the attacked store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel
from tamper_support import BACKENDS, attacked, built_target, verify_on


@pytest.fixture(scope="module", params=BACKENDS)
def target(request, tmp_path_factory):
    yield from built_target(request, tmp_path_factory)


# Not under any chain by design: alembic's own row, and the sign-in log (a throttle's memory).
UNGUARDED = {"alembic_version", "sign_in_attempt"}
TABLES = sorted(name for name in SQLModel.metadata.tables if name not in UNGUARDED)


def changed(value: Any, data: st.DataObject) -> Any:
    """``value`` with one byte of it changed (or, for times, one unit of its stored form)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value ^ (1 << data.draw(st.integers(0, 7)))
    if isinstance(value, bytes | memoryview):
        blob = bytearray(bytes(value))
        at = data.draw(st.integers(0, len(blob) - 1))
        blob[at] ^= data.draw(st.integers(1, 255))
        return bytes(blob)
    if isinstance(value, str):
        assume(value)
        at = data.draw(st.integers(0, len(value) - 1))
        other = data.draw(st.sampled_from("0aZ-_ .9fx").filter(lambda c: c != value[at]))
        return value[:at] + other + value[at + 1 :]
    if isinstance(value, datetime):
        unit = data.draw(st.sampled_from(["microseconds", "seconds", "days"]))
        return value + timedelta(**{unit: data.draw(st.sampled_from([1, -1]))})
    if isinstance(value, list):
        if not value:
            return ["x"]
        at = data.draw(st.integers(0, len(value) - 1))
        return [*value[:at], changed(value[at], data), *value[at + 1 :]]
    if isinstance(value, dict):
        assume(value)
        key = data.draw(st.sampled_from(sorted(value)))
        return {**value, key: changed(value[key], data)}
    raise AssertionError(f"no change for {type(value).__name__}")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_a_single_byte_changed_anywhere_is_reported(target, data):
    store = target.store
    with attacked(store) as connection:
        name = data.draw(st.sampled_from(TABLES), label="table")
        table = SQLModel.metadata.tables[name]
        keys = list(table.primary_key.columns)
        rows = connection.execute(sa.select(table).order_by(*keys)).all()
        assume(rows)
        row = data.draw(st.sampled_from(rows), label="row")
        columns = [c.name for c in table.columns if getattr(row, c.name) is not None]
        column = data.draw(st.sampled_from(columns), label="column")
        new = changed(getattr(row, column), data)
        where = sa.and_(*(key == getattr(row, key.name) for key in keys))
        try:
            with connection.begin_nested():
                connection.execute(sa.update(table).where(where).values({column: new}))
        except sa.exc.DBAPIError:
            assume(False)  # a constraint refused it: nothing was changed
        damage = verify_on(store, connection)
    assert damage, f"{name}.{column} changed from {getattr(row, column)!r} to {new!r} unnoticed"


def _every_row(store):
    for name in TABLES:
        table = SQLModel.metadata.tables[name]
        keys = list(table.primary_key.columns)
        with store.engine.connect() as connection:
            rows = connection.execute(sa.select(table).order_by(*keys)).all()
        for row in rows:
            yield table, row, sa.and_(*(key == getattr(row, key.name) for key in keys))


def _first_change(value: Any) -> Any:
    """A fixed one-byte change (the sweep's counterpart of ``changed``)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value ^ 1
    if isinstance(value, bytes | memoryview):
        blob = bytearray(bytes(value))
        blob[len(blob) // 2] ^= 1
        return bytes(blob)
    if isinstance(value, str):
        at = len(value) // 2
        return value[:at] + ("0" if value[at] != "0" else "1") + value[at + 1 :]
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, list):
        return [_first_change(value[0]), *value[1:]] if value else ["x"]
    key = sorted(value)[0]
    return {**value, key: _first_change(value[key])}


def test_every_row_deleted_alone_is_reported(target):
    missed, deleted = [], 0
    for table, row, where in _every_row(target.store):
        with attacked(target.store) as connection:
            try:
                with connection.begin_nested():
                    connection.execute(sa.delete(table).where(where))
            except sa.exc.DBAPIError:
                continue  # a foreign key refused it
            deleted += 1
            if not verify_on(target.store, connection):
                missed.append(f"{table.name} {tuple(row)[:1]}")
    assert deleted > 50 and missed == []


def test_every_stored_value_changed_alone_is_reported(target):
    missed, changed_ = [], 0
    for table, row, where in _every_row(target.store):
        for column in table.columns:
            value = getattr(row, column.name)
            if value is None:
                continue
            with attacked(target.store) as connection:
                try:
                    with connection.begin_nested():
                        connection.execute(
                            sa.update(table)
                            .where(where)
                            .values({column.name: _first_change(value)})
                        )
                except sa.exc.DBAPIError:
                    continue  # a constraint refused it
                changed_ += 1
                if not verify_on(target.store, connection):
                    missed.append(f"{table.name}.{column.name}")
    assert changed_ > 400 and missed == []
