"""How long a refused sign-in takes, by why it was refused (issue 17): an unknown name, a wrong
password, a disabled account and a try the throttle holds back must take the same time, so that
timing tells nobody which names exist.

    .venv/bin/python bench/bench_signin.py                 # SQLite, 50 tries of each
    .venv/bin/python bench/bench_signin.py --tries 20 --pg-url postgresql+psycopg://...

Uses the real default Argon2 parameters. The kinds take turns, so that a busy moment of the shared
machine falls on all of them alike. Prints the median of each, and the largest ratio between two
medians (target: at most 1.20).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from breachreport.crypto import KeyRing  # noqa: E402
from breachreport.domain.status import Role  # noqa: E402
from breachreport.errors import AuthenticationFailed  # noqa: E402
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts  # noqa: E402
from breachreport.services.passwords import PAIR_DELAY  # noqa: E402
from breachreport.storage import open_store  # noqa: E402

PASSWORD = "tre blå hästar i snö"
OWNER = "karin.holm@nordmark.example.se"
TARGET = 1.20
# Between two tries of one kind: fewer than NAME_DELAY.free failures an hour on one name, so that
# only the held-back kind is ever held back (a day holds the 50 tries of each kind).
SPACED = timedelta(minutes=7)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def measure(url: str, tries: int) -> dict[str, list[float]]:
    clock = Clock()
    accounts = Accounts(open_store(url, KeyRing.generate()), clock=clock)
    accounts.create_first_dpo(username=OWNER, display_name="Karin Holm", password=PASSWORD)
    johan = accounts.add(
        by=LOCAL_OPERATOR,
        username="johan@nordmark.example.se",
        display_name="Johan",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    accounts.disable(by=LOCAL_OPERATOR, account_id=johan.id)
    start = clock.now
    # Each kind on a timeline of its own, a day apart (the windows are an hour at most), so that
    # no kind's refusals make another's wait; within the 90 days, so that nothing is pruned.
    # One address that has used up its free failures on the owner's name: every try from it is
    # held back (held-back tries do not count, so the wait stays as it is).
    clock.now = start + timedelta(days=3)
    for _ in range(PAIR_DELAY.free):
        refuse(accounts, OWNER, "not the password", "192.0.2.99")

    def fresh_address(n: int) -> str:
        return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    kinds: dict[str, tuple[datetime, timedelta, Callable[[int], int]]] = {
        "unknown name": (
            start,
            SPACED,
            lambda n: refuse(
                accounts, f"nobody{n}@nordmark.example.se", PASSWORD, fresh_address(n)
            ),
        ),
        "wrong password": (
            start + timedelta(days=1),
            SPACED,
            lambda n: refuse(accounts, OWNER, "tre blå hästar i regn", fresh_address(n)),
        ),
        "disabled account": (
            start + timedelta(days=2),
            SPACED,
            lambda n: refuse(accounts, johan.username, PASSWORD, fresh_address(n)),
        ),
        "held back": (
            clock.now,
            timedelta(microseconds=1),
            lambda n: refuse(accounts, OWNER, PASSWORD, "192.0.2.99"),
        ),
    }
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for n in range(tries):
        for kind, (begin, step, attempt) in kinds.items():
            clock.now = begin + step * (n + 1)
            started = time.perf_counter()
            wait = attempt(n)
            times[kind].append(time.perf_counter() - started)
            if (kind == "held back") != (wait > 0):  # each kind must be what it says
                raise SystemExit(f"{kind}: told to wait {wait} s; the set-up is wrong")
    return times


def refuse(accounts: Accounts, username: str, password: str, client: str) -> int:
    """The wait the refusal told (0 for none)."""
    try:
        accounts.authenticate(username=username, password=password, client=client)
    except AuthenticationFailed as refused:
        return getattr(refused, "wait_seconds", 0)
    raise SystemExit(f"{username} signed in: the benchmark's set-up is wrong")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=50, help="tries of each kind (default 50)")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL instead of a SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.pg_url or f"sqlite:///{Path(folder) / 'breachreport.sqlite3'}"
        times = measure(url, max(args.tries, 1))
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    print(f"refused sign-ins, median of {args.tries} each, default Argon2 parameters:")
    for kind, median in medians.items():
        print(f"  {kind:<17} {median * 1000:8.1f} ms")
    ratio = max(medians.values()) / min(medians.values())
    verdict = "ok" if ratio <= TARGET else "TOO FAR APART"
    print(f"  largest ratio     {ratio:8.3f}   (target <= {TARGET:.2f}: {verdict})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
