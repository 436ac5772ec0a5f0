"""The sign-in throttle on SQLite and PostgreSQL (issue 17): every refusal costs one Argon2 check
and the same database work, a wait instead of a lock that others cannot keep renewing on the owner,
a wait told alike for names that exist and names that do not, an overall throttle against spraying,
and a record of attempts that never holds the typed name or the address."""

from __future__ import annotations

import importlib
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from test_accounts import Clock

from breachreport.domain.status import Role
from breachreport.errors import AuthenticationFailed
from breachreport.services.accounts import LOCAL_OPERATOR, SSO_ONLY, Accounts
from breachreport.services.passwords import (
    CLIENT_DELAY,
    KEEP_ATTEMPTS,
    NAME_DELAY,
    OVERALL_LIMIT,
    PAIR_DELAY,
)
from breachreport.storage import open_store
from breachreport.storage.accounts import login_index

T0 = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
PASSWORD = "tre blå hästar i snö"
OWNER = "karin.holm@nordmark.example.se"
HOME, AWAY, ATTACKER = "198.51.100.7", "192.0.2.44", "203.0.113.66"


class CountingHasher(PasswordHasher):
    """Argon2 at its cheapest, counting the hashes it makes and the ones it checks."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.hashed = self.verified = 0

    def hash(self, password, *, salt=None):  # noqa: ANN001, ANN201 - as PasswordHasher
        self.hashed += 1
        return super().hash(password, salt=salt)

    def verify(self, hash, password):  # noqa: A002, ANN001, ANN201 - as PasswordHasher
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def accounts(store, clock, hasher) -> Accounts:
    made = Accounts(store, clock=clock, password_hasher=hasher)
    made.create_first_dpo(username=OWNER, display_name="Karin Holm", password=PASSWORD)
    return made


def told(accounts: Accounts, username: str, password: str, client: str | None) -> int | None:
    """None if signed in, else the wait in seconds the refusal told (0 for none)."""
    try:
        accounts.authenticate(username=username, password=password, client=client)
    except AuthenticationFailed as refused:
        return refused.wait_seconds
    return None


def guess(accounts: Accounts, username: str = OWNER, client: str | None = ATTACKER) -> int | None:
    return told(accounts, username, "not the password", client)


# -- one hash, the same reads and writes -----------------------------------------------------------


def test_the_decoy_is_made_at_start_up_so_the_first_unknown_name_costs_one_check(store, clock):
    hasher = CountingHasher()
    made = Accounts(store, clock=clock, password_hasher=hasher)
    assert (hasher.hashed, hasher.verified) == (1, 0)
    assert guess(made, "nobody@example.se") == 0
    assert (hasher.hashed, hasher.verified) == (1, 1)


PATHS = ["unknown name", "wrong password", "disabled", "single sign-on only", "throttled"]


def _prepare(accounts: Accounts, clock: Clock, path: str) -> tuple[str, str]:
    """The username and the password for one refusal path."""
    johan = accounts.add(
        by=LOCAL_OPERATOR,
        username="johan@nordmark.example.se",
        display_name="Johan",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    if path == "unknown name":
        return "nobody@nordmark.example.se", PASSWORD
    if path == "wrong password":
        return johan.username, "tre blå hästar i regn"
    if path == "disabled":
        accounts.disable(by=LOCAL_OPERATOR, account_id=johan.id)
        return johan.username, PASSWORD
    if path == "single sign-on only":
        accounts.sign_in_sso(
            email="sso@nordmark.example.se", display_name="Sso", role=Role.LEGAL_REVIEWER,
            email_verified=True,
        )  # fmt: skip
        return "sso@nordmark.example.se", SSO_ONLY
    for _ in range(PAIR_DELAY.free):
        guess(accounts, johan.username, client=None)
    return johan.username, PASSWORD  # the right password, too early


@pytest.mark.parametrize("path", PATHS)
def test_every_refusal_checks_exactly_one_hash_and_makes_none(accounts, clock, hasher, path):
    username, password = _prepare(accounts, clock, path)
    hashed, verified = hasher.hashed, hasher.verified
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(username=username, password=password)
    assert (hasher.hashed - hashed, hasher.verified - verified) == (0, 1)


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("karin\udcff@nordmark.example.se", PASSWORD),
        (OWNER, PASSWORD + "\udcff"),
        ("\ud800", "\ud800"),
    ],
)
def test_half_a_character_typed_is_an_ordinary_refusal(accounts, hasher, username, password):
    """A lone surrogate (what a command-line argument that is not UTF-8 becomes) in the name or
    the password is refused like any wrong guess, with its one check, never a crash."""
    verified = hasher.verified
    with pytest.raises(AuthenticationFailed) as refused:
        accounts.authenticate(username=username, password=password, client=ATTACKER)
    assert refused.value.wait_seconds == 0 and hasher.verified == verified + 1
    assert told(accounts, OWNER, PASSWORD, ATTACKER) is None


def test_every_refusal_asks_the_database_the_same_statements(store, accounts, clock):
    johan = accounts.add(
        by=LOCAL_OPERATOR,
        username="johan@nordmark.example.se",
        display_name="Johan",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(" ".join(statement.split()))

    paths = {
        "unknown name": ("nobody@nordmark.example.se", PASSWORD),
        "wrong password": (OWNER, "tre blå hästar i regn"),
        "throttled": (OWNER, PASSWORD),
        "disabled": (johan.username, PASSWORD),
    }
    shapes = {}
    for path, (username, password) in paths.items():
        if path == "throttled":
            for _ in range(PAIR_DELAY.free):
                guess(accounts, OWNER, client=None)
        if path == "disabled":
            accounts.disable(by=LOCAL_OPERATOR, account_id=johan.id)
        sa.event.listen(store.engine, "before_cursor_execute", seen)
        try:
            statements.clear()
            with pytest.raises(AuthenticationFailed):
                accounts.authenticate(username=username, password=password)
            shapes[path] = list(statements)
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", seen)
    first_words = [statement.split()[0].upper() for statement in shapes["unknown name"]]
    assert first_words.count("INSERT") == 1 and first_words.count("DELETE") == 1
    assert not any(s.upper().startswith("UPDATE") for s in shapes["wrong password"])
    for path, shape in shapes.items():
        assert shape == shapes["unknown name"], path


# -- a wait, never a lock ----------------------------------------------------------------------------


def test_the_owner_at_home_gets_in_however_long_an_attacker_guessed_from_elsewhere(accounts, clock):
    assert told(accounts, OWNER, PASSWORD, HOME) is None  # signed in from home before
    waits = []
    for _ in range(40):  # each guess as soon as it may, over hours
        waits.append(guess(accounts))
        clock.advance(seconds=waits[-1] or 0)
    assert max(waits) == 15 * 60  # the attacker's own slot reached its cap ...
    clock.advance(seconds=-1)  # ... and is still waiting
    assert guess(accounts) > 0
    assert told(accounts, OWNER, PASSWORD, HOME) is None  # the owner at home: no wait at all
    away = told(accounts, OWNER, PASSWORD, AWAY)  # from a new address: the name's short wait
    assert 0 < away <= NAME_DELAY.cap.total_seconds()
    clock.advance(seconds=away)
    assert told(accounts, OWNER, PASSWORD, AWAY) is None


def test_guesses_from_many_addresses_hold_a_new_address_for_a_minute_at_most(accounts, clock):
    assert told(accounts, OWNER, PASSWORD, HOME) is None
    counted = [guess(accounts, client=f"203.0.113.{n}") for n in range(1, 60)]
    # After the name's free failures every further guess must wait, from any new address ...
    assert counted[: NAME_DELAY.free - 1] == [0] * (NAME_DELAY.free - 1)
    assert all(0 < wait <= 60 for wait in counted[NAME_DELAY.free :])
    # ... and a wait cut short does not count as a failure, so it cannot be made longer.
    assert len(set(counted[NAME_DELAY.free :])) == 1
    assert told(accounts, OWNER, PASSWORD, AWAY) == counted[-1]
    assert told(accounts, OWNER, PASSWORD, HOME) is None  # known at home: not held at all
    clock.advance(minutes=1)
    assert told(accounts, OWNER, PASSWORD, AWAY) is None


def test_one_address_trying_many_names_is_held_on_every_name_and_others_are_not(accounts):
    names = [f"user{n}@nordmark.example.se" for n in range(CLIENT_DELAY.free)]
    assert {guess(accounts, name) for name in names[:-1]} == {0}
    assert guess(accounts, names[-1]) == 1
    assert guess(accounts, "another@nordmark.example.se") == 1
    assert told(accounts, OWNER, PASSWORD, ATTACKER) == 1  # even the right password, from there
    assert told(accounts, OWNER, PASSWORD, HOME) is None


def test_an_ipv6_network_stepping_through_its_addresses_counts_as_one_address(accounts):
    """A subscriber holds a whole /64: a fresh address for every guess is still the same place.
    An IPv4 address written as IPv6 is the IPv4 address."""
    names = [f"user{n}@nordmark.example.se" for n in range(CLIENT_DELAY.free)]
    stepped = [
        guess(accounts, name, client=f"2001:db8:5:7::{n + 1:x}") for n, name in enumerate(names)
    ]
    assert stepped == [0] * (CLIENT_DELAY.free - 1) + [1]
    assert guess(accounts, "another@nordmark.example.se", client="2001:db8:5:7:ffff::9") == 1
    assert guess(accounts, "another@nordmark.example.se", client="2001:db8:5:8::1") == 0
    for n in range(PAIR_DELAY.free):
        assert guess(accounts, client="::ffff:198.51.100.200") == (n == PAIR_DELAY.free - 1)
    assert told(accounts, OWNER, PASSWORD, "198.51.100.200") == 1


def test_the_told_wait_is_the_same_for_a_real_name_and_an_unknown_one(accounts, clock):
    def schedule(username: str, client: str) -> list[int | None]:
        seen = []
        for step in range(PAIR_DELAY.free + 6):
            seen.append(guess(accounts, username, client))
            clock.advance(seconds=step % 3)  # sometimes too early, sometimes not
        return seen

    start = clock.now
    real = schedule(OWNER, "203.0.113.1")
    clock.now = start + timedelta(hours=2)
    unknown = schedule("nobody@nordmark.example.se", "203.0.113.2")
    assert real == unknown
    assert max(real) > 0


def test_the_overall_throttle_holds_every_new_address_and_spares_known_ones(accounts, clock):
    assert told(accounts, OWNER, PASSWORD, HOME) is None
    for n in range(OVERALL_LIMIT):
        assert guess(accounts, f"user{n}@example.se", client=f"10.0.{n // 250}.{n % 250}") == 0
        clock.advance(seconds=0.5)
    fresh = guess(accounts, "someone.else@example.se", client="192.0.2.200")
    assert 0 < fresh <= 60
    assert told(accounts, OWNER, PASSWORD, AWAY) == fresh  # a real name is held alike
    assert told(accounts, OWNER, PASSWORD, HOME) is None  # the owner at home is not
    clock.advance(minutes=1)
    assert guess(accounts, "someone.else@example.se", client="192.0.2.200") == 0


def test_a_clock_set_back_does_not_hold_anyone_until_it_catches_up(accounts, clock):
    waits = []
    for _ in range(PAIR_DELAY.free + 3):
        waits.append(guess(accounts, client=HOME))
        clock.advance(seconds=waits[-1])
    assert waits[-1] == 8
    clock.advance(seconds=-8)
    assert guess(accounts, client=HOME) == 8  # still waiting, as told
    clock.advance(hours=-1)  # the machine's clock corrected backwards
    assert told(accounts, OWNER, PASSWORD, HOME) is None


def test_guesses_sent_at_once_get_no_more_tries_than_one_after_another(store, accounts):
    guessers = PAIR_DELAY.free + 5
    barrier = threading.Barrier(guessers)

    def run() -> None:
        barrier.wait(10)
        guess(accounts)

    threads = [threading.Thread(target=run) for _ in range(guessers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    outcomes = [row.outcome for row in _attempt_rows(store)]
    assert sorted(outcomes) == ["refused"] * PAIR_DELAY.free + ["throttled"] * 5


# -- the record --------------------------------------------------------------------------------------


def _attempt_rows(store) -> list[tuple]:
    with store.engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT at, name_index, client_index, outcome FROM sign_in_attempt")
        ).all()


def test_attempts_keep_only_keyed_hashes_that_match_the_account(store, ring, accounts):
    guess(accounts, "  KARIN.Holm@nordmark.example.se ")
    guess(accounts, "nobody@nordmark.example.se")
    told(accounts, OWNER, PASSWORD, HOME)
    rows = _attempt_rows(store)
    assert [row.outcome for row in rows] == ["refused", "refused", "accepted"]
    assert rows[0].name_index == rows[2].name_index == login_index(ring.audit_key, OWNER)
    assert rows[0].client_index == rows[1].client_index != rows[2].client_index
    record = accounts.sign_in_record(by=LOCAL_OPERATOR)
    [karin] = record.accounts
    assert (karin.username, karin.refused, karin.accepted, karin.throttled) == (OWNER, 1, 1, 0)
    assert (record.unknown_refused, record.unknown_names) == (1, 1)


def test_attempts_older_than_90_days_are_pruned_by_later_ones(store, accounts, clock):
    guess(accounts)
    clock.advance(days=KEEP_ATTEMPTS.days, seconds=1)
    guess(accounts, "nobody@nordmark.example.se")
    rows = _attempt_rows(store)
    assert len(rows) == 1


def test_neither_the_typed_name_nor_the_address_reaches_the_files(sqlite_url, ring):
    marker = f"marker{uuid.uuid4().hex}"
    address = "2001:db8:" + ":".join(marker[i : i + 4] for i in (6, 10, 14))
    store = open_store(sqlite_url, ring)
    accounts = Accounts(store, clock=Clock(T0), password_hasher=CountingHasher())
    for typed in (f"{marker}@example.se", f"{marker.upper()}@EXAMPLE.SE", marker):
        guess(accounts, typed, client=address)
    assert len(_attempt_rows(store)) == 3
    folder = Path(sa.make_url(sqlite_url).database).parent
    needles = [marker.encode(), marker.upper().encode(), address.encode()]
    leaks = [p.name for p in folder.iterdir() if any(n in p.read_bytes() for n in needles)]
    store.dispose()
    leaks += [p.name for p in folder.iterdir() if any(n in p.read_bytes() for n in needles)]
    assert leaks == []


# -- the sign-in screen ------------------------------------------------------------------------------


def test_the_screen_tells_the_wait_after_repeated_failures(app_resources):
    from conftest import DPO_LOGIN
    from ui_support import app_session, no_trouble, shown

    page = importlib.import_module("breachreport.ui.shell.sign_in")

    username = DPO_LOGIN[0]
    app = app_session(lang="en").run()
    for _ in range(PAIR_DELAY.free):
        app.text_input(key="br_sign_in_username").set_value(username)
        app.text_input(key="br_sign_in_password").set_value("not the password at all")
        app.form_submit_button[0].click().run()
        no_trouble(app)
    # The fifth failure: the next try waits a second, and the screen says so, nothing more.
    assert shown(app.error) == [f"{page.FAILED('en')} {page.wait(1)('en')}"]
    assert shown(app.error) == ["Sign-in failed. Check the username and the password. "
                                "Wait 1 second before trying again."]  # fmt: skip
    assert "br_account_id" not in app.session_state


@pytest.mark.parametrize(
    ("peer", "forwarded", "counted_as"),
    [
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),  # a direct connection: its own address
        (None, ["198.51.100.1, 203.0.113.9"], "203.0.113.9"),  # behind the proxy: its last hop
        (None, ["10.0.0.1", "2001:DB8::1"], "2001:db8::1"),
        (None, [], None),  # this machine, no proxy: the neutral address
        (None, ["not an address"], None),
    ],
)
def test_the_screen_counts_the_browser_under_its_address(monkeypatch, peer, forwarded, counted_as):
    from types import SimpleNamespace

    page = importlib.import_module("breachreport.ui.shell.sign_in")

    headers = SimpleNamespace(get_all=lambda name: forwarded if name == "X-Forwarded-For" else [])
    context = SimpleNamespace(ip_address=peer, headers=headers)
    monkeypatch.setattr(page, "st", SimpleNamespace(context=context))
    assert page.client_address() == counted_as


# -- the command line --------------------------------------------------------------------------------


def test_the_operator_reads_the_attempts_per_account_and_only_counts_unknown_names(
    app_home, monkeypatch, capsys
):
    import json

    from cli_support import run

    from breachreport.cli import main
    from breachreport.runtime.home import open_home
    from breachreport.settings import load_settings

    monkeypatch.setenv("BREACHREPORT_NEW_PASSWORD", PASSWORD)
    assert main(["init"]) == 0
    code, _out, _err = run(
        capsys, "user", "add", "Johan.Ek@nordmark.example.se", "--name", "Johan Ek",
        "--role", "legal_reviewer",
    )  # fmt: skip
    assert code == 0
    accounts = Accounts(open_home(load_settings()), password_hasher=CountingHasher())
    assert told(accounts, "johan.ek@nordmark.example.se", PASSWORD, HOME) is None
    for typed in ("JOHAN.EK@nordmark.example.se", "nobody@example.se", "nobody2@example.se"):
        guess(accounts, typed)
    code, out, _err = run(capsys, "user", "sign-ins", "--json")
    assert code == 0
    listed = json.loads(out)
    [johan] = listed["accounts"]
    assert (johan["username"], johan["refused"], johan["accepted"]) == (
        "Johan.Ek@nordmark.example.se",
        1,
        1,
    )
    assert listed["unknown_names"] == {"names": 2, "refused": 2, "throttled": 0}
    assert "nobody" not in out
    code, out, _err = run(capsys, "user", "sign-ins")
    assert code == 0 and "Johan.Ek@nordmark.example.se: 1 refused" in out
    assert "Names no account has: 2 different, 2 refused" in out and "nobody" not in out
    with pytest.raises(SystemExit) as bad:
        main(["user", "sign-ins", "--days", "0"])
    assert bad.value.code == 2 and "'--days': 0 is not in the range" in capsys.readouterr().err
