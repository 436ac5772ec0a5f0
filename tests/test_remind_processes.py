"""Two `breachreport remind` processes started at the same moment, as two overlapping cron or
timer runs would be, on SQLite and on PostgreSQL: the database decides, and each mail goes once.

The threads of tests/test_remind.py share one interpreter; these are separate processes with
their own connections, the way a server runs them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest

REMINDED = (
    "dataskyddsombud@nordmark.example.se",  # the worked example's own DPO address
    "karin.holm@nordmark.example.se",
    "jonas.ek@nordmark.example.se",
    "sara.lind@nordmark.example.se",
)


def _cli(env: dict[str, str], *argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "breachreport", "--lang", "en", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _done(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def env(request, tmp_path, smtp_server) -> dict[str, str]:
    folder = tmp_path / "home"
    found = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    found.update(
        BREACHREPORT_HOME=str(folder),
        BREACHREPORT_SMTP_HOST="127.0.0.1",
        BREACHREPORT_SMTP_PORT=str(smtp_server.port),
        BREACHREPORT_SMTP_SECURITY="none",
        BREACHREPORT_SMTP_SENDER="breachreport@nordmark.example.se",
        BREACHREPORT_BASE_URL="https://incident.nordmark.example.se",
        BREACHREPORT_ACTOR="Karin Holm",
        BREACHREPORT_NEW_PASSWORD="correct horse battery staple",
    )
    if request.param == "postgres":
        found["BREACHREPORT_DATABASE_URL"] = request.getfixturevalue("fresh_pg_url")
    for argv in (
        ("demo",),
        *(("user", "add", a, "--name", a, "--role", "dpo") for a in REMINDED[1:]),
    ):
        code, out, err = _done(_cli(found, *argv))
        assert code == 0, err
    return found


def test_two_overlapping_runs_send_each_mail_once(env, smtp_server):
    first, second = (_cli(env, "remind", "--at", "2024-01-22T14:00") for _ in range(2))
    results = [_done(first), _done(second)]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    lines = [line for _, out, _ in results for line in out.splitlines() if line.startswith("sent")]
    assert len(lines) == len(REMINDED)  # between them; which run sent which is the race's
    received = smtp_server.wait_for(len(REMINDED))
    assert Counter(m["To"] for m in received) == Counter(REMINDED)
    # A third run finds nothing left to send.
    code, out, _ = _done(_cli(env, "remind", "--at", "2024-01-22T14:10"))
    assert code == 0 and out.startswith("Nothing due")
    assert len(smtp_server.messages) == len(REMINDED)


def test_the_mails_carry_no_fact_of_the_breach(env, smtp_server):
    code, _, err = _done(_cli(env, "remind", "--at", "2024-01-22T14:00"))
    assert code == 0, err
    facts = _done(_cli(env, "export", "BR-2024-0001"))[1]
    assert "Utpressningsvirus" in facts  # the worked example's summary, to be sure it is there
    for message in smtp_server.wait_for(len(REMINDED)):
        body = message.get_content()
        assert "Utpressningsvirus" not in body and "utskrivningsplanering" not in body
        assert "https://incident.nordmark.example.se/?incident=BR-2024-0001" in body
