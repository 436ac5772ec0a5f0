"""A stored value changed into something its column cannot hold as its type (issue 17's audit): a
time with minute 60, JSON cut short, text that is not UTF-8. SQLite stores whatever it is given, and
such a value used to stop ``verify`` with "unexpected error (ValueError)" (exit 70) for a shared row,
or say only "its rows cannot be read" for an incident's. Now each is damage like any other: named by
its incident (where it has one), its kind of row and its column, and the rest is still checked."""

from __future__ import annotations

import pytest
from tamper_support import attacked, built_target, verify_on

from breachreport.services import Workspace

# SQLite only: PostgreSQL's typed columns refuse these values when they are written.
BAD_UTF8 = "CAST(X'64706FE1' AS TEXT)"


@pytest.fixture(scope="module", params=["sqlite"])
def target(request, tmp_path_factory):
    yield from built_target(request, tmp_path_factory)


# (table, where, column, SQL value, whose incident (a, shredded or None), words in the problem)
UNREADABLE = [
    ("actor", None, "created_at", "'2024-01-20 13:60:00.000000'", None, "actor "),
    ("actor", None, "role", BAD_UTF8, None, "actor "),
    ("data_key", "purpose = 'directory'", "created_at", "'garbage'", None, "data key "),
    ("account", None, "last_login_at", "'2024-02-30 10:00:00'", None, "account "),
    ("setting", "name = 'four_eyes'", "value", "'{bad'", None, "setting four_eyes"),
    ("organisation", None, "updated_at", "'x'", None, "the organisation profile"),
    ("ledger", "seq = 3", "at", "'2024-13-01 00:00:00'", None, "ledger entry 3"),
    ("tombstone", None, "filings", "'[1,'", "shredded", "tombstone"),
    ("incident", "id = :a", "updated_at", "'q'", "a", "incident row"),
    ("incident_event", "incident_id = :a AND seq = 2", "fields", "'['", "a", "event 2"),
    ("filing", "incident_id = :a", "filed_at", "'2024-01-22 25:00:00'", "a", "filing "),
    ("comment", "incident_id = :a", "created_at", "'garbage'", "a", "comment "),
    ("comment", "incident_id = :a", "author_role", BAD_UTF8, "a", "comment "),
    ("approval", "incident_id = :a", "approved_at", "'yesterday'", "a", "approval "),
    (
        "filing_document",
        "filing_id IN (SELECT id FROM filing WHERE incident_id = :a)",
        "name",
        BAD_UTF8,
        "a",
        "filing_document ",
    ),
]


@pytest.mark.parametrize(
    ("name", "where", "column", "value", "whose", "words"),
    UNREADABLE,
    ids=[f"{case[0]}.{case[2]}" for case in UNREADABLE],
)
def test_a_value_that_cannot_be_read_is_damage_named_by_row_and_column(
    target, name, where, column, value, whose, words
):
    reference = {"a": target.a_ref, "shredded": target.shredded_ref, None: None}[whose]
    with attacked(target.store) as connection:
        changed = connection.exec_driver_sql(
            f'UPDATE "{name}" SET "{column}" = {value} WHERE rowid = '
            f'(SELECT rowid FROM "{name}" WHERE {where or "1"} ORDER BY rowid LIMIT 1)'.replace(
                ":a", "?"
            ),
            (target.a_id,) * (where or "").count(":a"),
        )
        assert changed.rowcount == 1
        damage = verify_on(target.store, connection)
    said = f"{column} cannot be read"
    found = [
        d for d in damage if d.reference == reference and words in d.problem and said in d.problem
    ]
    assert found, f"{name}.{column}: said {damage}"
    assert len(damage) <= 2, damage  # the row itself, not every other check failing after it


def test_the_store_is_whole_again_after_the_attacks(target):
    assert Workspace(target.store).verify().damage == []
