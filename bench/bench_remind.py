"""Benchmark of the reminders and the deadline calendar (issue 20), on a fresh SQLite store of 500
incidents (set up untimed) whose awareness times are spread over the 40 days before a fixed moment,
a third of them notified to IMY (preliminary), with reminder rules that escalate, two DPO accounts
with mail addresses and a real SMTP server on 127.0.0.1:

- the reminder run of the five-minute timer when nothing new is due, five minutes after a run that
  sent what was due (target: under 5 s);
- the first run at a moment when dozens of reminders and escalations fall due: planning, claiming
  each in the outbox, sending each through SMTP and recording it in the history (target: under
  10 s; the number of mails is printed beside it);
- one DPO account's calendar feed over the same store (target: under 3 s).

    .venv/bin/python bench/bench_remind.py               # 7 runs of each
    .venv/bin/python bench/bench_remind.py --repeat 3 --incidents 500

Each run of the reminders starts from its own copy of the store as set up, so every first run
finds the same mails due. Prints the median of each and its ratio to the target (at most 1.00 is
within it).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # the tests' SMTP server (aiosmtpd on 127.0.0.1)

from smtp_support import SmtpServer  # noqa: E402

from breachreport.crypto import KeyRing  # noqa: E402
from breachreport.demo.cast import ORGANISATION  # noqa: E402
from breachreport.domain.changes import NOT_YET_KNOWN  # noqa: E402
from breachreport.domain.choices import FilingKind  # noqa: E402
from breachreport.domain.reminders import ReminderRules  # noqa: E402
from breachreport.domain.status import Role  # noqa: E402
from breachreport.domain.times import to_stockholm  # noqa: E402
from breachreport.services import Actor, Workspace  # noqa: E402
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts  # noqa: E402
from breachreport.storage import open_store  # noqa: E402

STEADY_TARGET = 5.0
SEND_TARGET = 10.0
CALENDAR_TARGET = 3.0
DPO = Actor("Bench DPO", Role.DPO)
# The run's moment: ten past the hour, so that no reminder (awareness times fall on the half
# hour, the rules' hours are whole) falls due in the five minutes after it.
NOW = datetime(2026, 3, 16, 9, 10, tzinfo=UTC)
SPREAD = timedelta(days=40)
STEADY_AFTER = timedelta(minutes=5)
RULES = ReminderRules(
    before_hours=(24, 6), escalation_hours=2, escalation_address="ledning@nordmark.example.se"
)
DPO_ACCOUNTS = (
    ("karin.holm@nordmark.example.se", "Karin Holm"),
    ("anders.lund@nordmark.example.se", "Anders Lund"),
)
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # as the tests' accounts
BASE_URL = "https://breachreport.nordmark.example.se"


def aware_times(count: int) -> list[datetime]:
    """``count`` awareness times spread evenly over SPREAD before NOW, each on the half hour."""
    step = SPREAD / max(count, 1)
    found = []
    for index in range(count):
        moment = NOW - step * (index + 0.5)
        found.append(
            moment.replace(minute=30 if moment.minute >= 30 else 0, second=0, microsecond=0)
        )
    return found


def minimum_facts(aware: datetime, index: int) -> dict[str, object]:
    """The least a valid incident needs (tests/collaboration_support.py MINIMUM), aware at
    ``aware``; the summary is not personal data, and varies so that no two incidents are alike."""
    return {
        **ORGANISATION,
        "times.aware_at": to_stockholm(aware).strftime("%Y-%m-%dT%H:%M"),
        "description.summary": f"Ransomware at the hosting provider of supplier {index + 1}.",
        "description.breach_type": "malware",
        "description.kinds": ["availability"],
        "data.subjects_count": NOT_YET_KNOWN,
        "data.subject_categories": ["patients"],
        "data.data_categories": ["identity", "health"],
    }


def set_up(path: Path, ring: KeyRing, incidents: int) -> Actor:
    """The store as the runs find it: the incidents (a third filed with IMY), the rules, two DPO
    accounts with mail addresses. Returns the first DPO account's actor (for the calendar)."""
    store = open_store(f"sqlite:///{path}", ring)
    try:
        workspace = Workspace(store, clock=lambda: NOW)
        for index, aware in enumerate(aware_times(incidents)):
            opened = workspace.open_incident(
                actor=DPO,
                changes=minimum_facts(aware, index),
                at=aware + timedelta(minutes=20),
            )
            if index % 3 == 0:
                workspace.file(
                    actor=DPO,
                    ref=opened.reference,
                    kind=FilingKind.PRELIMINARY,
                    at=min(aware + timedelta(hours=3), NOW - timedelta(minutes=5)),
                )
        workspace.reminders.set_rules(actor=DPO, rules=RULES, at=NOW - SPREAD)
        people = Accounts(store, clock=lambda: NOW, password_hasher=CHEAP)
        made = [
            people.add(
                by=LOCAL_OPERATOR,
                username=username,
                display_name=name,
                password="correct horse battery staple",
                role=Role.DPO,
            )
            for username, name in DPO_ACCOUNTS
        ]
        return Actor(made[0].display_name, Role.DPO, account_id=made[0].id)
    finally:
        store.dispose()


def copy_of(source: Path, target: Path) -> Path:
    """A consistent copy of the SQLite database (the backup API, so a WAL is taken in)."""
    target.touch(mode=0o600)  # the store refuses (and mends) a database others could read
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def remind_once(path: Path, ring: KeyRing, server: SmtpServer) -> tuple[float, float, int, int]:
    """The first run at NOW on this store, then the timer's next run five minutes later: the
    seconds of each and the mails each sent."""
    config = server.config(base_url=BASE_URL)
    store = open_store(f"sqlite:///{path}", ring)
    try:
        workspace = Workspace(store, clock=lambda: NOW, mail=lambda: config)
        start = time.perf_counter()
        first = workspace.reminders.run(at=NOW)
        send = time.perf_counter() - start
        start = time.perf_counter()
        second = workspace.reminders.run(at=NOW + STEADY_AFTER)
        steady = time.perf_counter() - start
    finally:
        store.dispose()
    if first.failed or second.failed:
        raise SystemExit("a mail failed to go: the benchmark's SMTP server is wrong")
    return send, steady, _sent(first.lines), _sent(second.lines)


def _sent(lines: list) -> int:
    return sum(1 for line in lines if line.outcome == "sent")


# The figures: name -> (key for bench_all, target in seconds).
FIGURES = {
    "run, nothing new due ({incidents} incidents)": ("remind_steady", STEADY_TARGET),
    "first run, {mails} mails due ({incidents} incidents)": ("remind_send", SEND_TARGET),
    "calendar feed of a DPO ({incidents} incidents)": ("calendar_feed", CALENDAR_TARGET),
}


def measure(repeat: int = 7, incidents: int = 500) -> dict[str, list[float]]:
    """The samples (seconds) of each figure, by its name in FIGURES (with the incidents' count
    and the mails the first run sent)."""
    repeat = max(repeat, 1)
    ring = KeyRing.generate()
    steady: list[float] = []
    sending: list[float] = []
    mails: set[int] = set()
    with tempfile.TemporaryDirectory() as tmp, SmtpServer() as server:
        folder = Path(tmp)
        original = folder / "set-up.sqlite3"
        account = set_up(original, ring, incidents)
        remind_once(copy_of(original, folder / "warm.sqlite3"), ring, server)  # warm the imports
        for index in range(repeat):
            send, still, sent, sent_later = remind_once(
                copy_of(original, folder / f"run-{index}.sqlite3"), ring, server
            )
            if sent_later:
                raise SystemExit("the steady run sent mails: the benchmark's moment is wrong")
            sending.append(send)
            steady.append(still)
            mails.add(sent)
        if len(mails) != 1:
            raise SystemExit(f"the first runs sent different numbers of mails: {sorted(mails)}")
        (sent,) = mails
        if incidents >= 100 and sent == 0:
            raise SystemExit("the first run sent nothing: the benchmark's set-up is wrong")
        store = open_store(f"sqlite:///{original}", ring)
        try:
            workspace = Workspace(store, clock=lambda: NOW)

            def feed() -> bytes:
                return workspace.calendar.feed(actor=account, now=NOW, base_url=BASE_URL)

            if b"BEGIN:VEVENT" not in feed() and incidents >= 100:  # warm, and a check
                raise SystemExit("the calendar is empty: the benchmark's set-up is wrong")
            calendar = []
            for _ in range(repeat):
                start = time.perf_counter()
                feed()
                calendar.append(time.perf_counter() - start)
        finally:
            store.dispose()
    names = [name.format(incidents=incidents, mails=sent) for name in FIGURES]
    return dict(zip(names, (steady, sending, calendar), strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--incidents", type=int, default=500, help="incidents (default 500)")
    args = parser.parse_args()
    samples = measure(args.repeat, args.incidents)
    targets = [target for _key, target in FIGURES.values()]
    print(f"reminders and calendar, median of {max(args.repeat, 1)} runs:")
    passed = True
    for (name, values), target in zip(samples.items(), targets, strict=True):
        median = statistics.median(values)
        ratio = median / target
        passed &= ratio <= 1
        print(
            f"  {name:<48} {median:7.3f} s   target {target:4.0f} s   "
            f"ratio {ratio:5.2f} ({'ok' if ratio <= 1 else 'TOO SLOW'})"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
