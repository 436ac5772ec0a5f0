"""Shared fixtures: a fresh database per test on each backend, a key ring, an open store; the app's
data folder and an AppTest signed in as the DPO (set-up in ui_support.py); the browser for the
browser tests (browser_support.py). Helpers that are not fixtures live in the *_support modules.

PostgreSQL tests skip with a reason when no server answers, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from ui_support import APP_FILE, app_session  # noqa: F401 - tests import APP_FILE from here

from breachreport.crypto import KeyRing
from breachreport.storage import Store, open_store

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pg_admin_url() -> sa.URL:
    """A server where the tests may create and drop databases (``BREACHREPORT_TEST_PG_URL``)."""
    url = sa.make_url(os.environ.get("BREACHREPORT_TEST_PG_URL") or PG_ADMIN_URL)
    return url.set(drivername="postgresql+psycopg")


@cache
def _pg_problem() -> str | None:
    # The answer is kept for the whole worker, and in CI a problem fails every PostgreSQL test it
    # runs: one slow answer on a busy machine (the old single try of 3 s) must not decide that.
    engine = sa.create_engine(pg_admin_url(), connect_args={"connect_timeout": 10})
    try:
        for attempt in range(3):
            try:
                with engine.connect():
                    return None
            except sa.exc.DBAPIError as error:
                problem = str(error.orig).strip().splitlines()[0]
                if attempt < 2:
                    time.sleep(1)
        url = pg_admin_url()
        return (
            f"PostgreSQL not reachable at {url.host}:{url.port or 5432}; set "
            f"BREACHREPORT_TEST_PG_URL or start it ({problem})"
        )
    finally:
        engine.dispose()


def _require_pg() -> None:
    problem = _pg_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{problem}; PostgreSQL tests never skip in CI", pytrace=False)
    pytest.skip(problem)


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A URL to a new, empty PostgreSQL database, dropped after the test."""
    _require_pg()
    admin = sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"br_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_admin_url().set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A URL to a SQLite file that does not exist yet, in a folder of its own."""
    return f"sqlite:///{tmp_path / 'data' / 'breachreport.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing.generate()


@pytest.fixture
def store(database_url, ring) -> Iterator[Store]:
    """An open store on a fresh database (both backends)."""
    opened = open_store(database_url, ring)
    try:
        yield opened
    finally:
        opened.dispose()


# -- the Streamlit app ---------------------------------------------------------------------------

DPO_LOGIN = ("dpo@nordmark.example.se", "Karin Holm", "correct horse battery staple")
# Argon2 at its cheapest: accounts made in tests hash in a millisecond, not a quarter second.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def app_home(tmp_path, monkeypatch) -> Path:
    """An empty data folder for the app on the embedded default (SQLite, key file)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BREACHREPORT_HOME", str(folder))
    for name in ("BREACHREPORT_MASTER_KEY", "BREACHREPORT_DATABASE_URL", "BREACHREPORT_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture
def home(app_home, monkeypatch) -> Path:
    """``app_home`` for the command line, acting as the DPO (as ``--as`` would say)."""
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    return app_home


@pytest.fixture
def app_resources(app_home):
    """The app's workspace and accounts on ``app_home``, with the first DPO account created."""
    from breachreport.ui.context import resources

    opened = resources()
    if not opened.accounts.has_accounts():
        username, name, password = DPO_LOGIN
        opened.accounts.create_first_dpo(username=username, display_name=name, password=password)
    return opened


@pytest.fixture
def signed_in_app(app_resources):
    """Make an AppTest of app.py, signed in as the first DPO, optionally on one incident."""
    dpo = app_resources.accounts.list()[0]

    def make(*, incident: str | None = None, lang: str = "sv"):
        return app_session(account_id=dpo.id, lang=lang, incident=incident or None)

    return make


@pytest.fixture
def open_page():
    """Point an AppTest at a page of st.navigation by its url_path (e.g. "organisation").

    AppTest.switch_page only finds file pages; a callable st.Page is known by the hash of its
    url_path, which is what the browser asks for too.
    """
    from streamlit.util import calc_hash

    def go(app, url_path: str):
        app._page_hash = calc_hash(url_path)
        return app

    return go


# -- the browser ---------------------------------------------------------------------------------


@pytest.fixture
def chromium() -> str:
    """Debian's chromium (skips outside CI when missing)."""
    from browser_support import require_chromium

    return require_chromium()


@pytest.fixture
def browser(chromium, request) -> Iterator:
    """One browser; ``browser(name)`` opens a tab in a context of its own (cookies, session)."""
    from browser_support import people

    with people(chromium, request) as person:
        yield person


# -- the mail server -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def smtp_certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 (the CA file of the TLS servers below)."""
    from smtp_support import make_certificate

    return make_certificate(tmp_path_factory.mktemp("smtp-certificate"))


@pytest.fixture
def smtp_server() -> Iterator:
    """An SMTP server on 127.0.0.1 without encryption that keeps what it accepts (SmtpServer);
    ``smtp_server.config()`` is the MailConfig that reaches it."""
    from smtp_support import SmtpServer

    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp_starttls_server(smtp_certificate) -> Iterator:
    """An SMTP server that offers STARTTLS with the self-signed certificate; its config() has
    security "starttls" and the certificate as CA file."""
    from smtp_support import SmtpServer

    with SmtpServer(security="starttls", certificate=smtp_certificate) as server:
        yield server


@pytest.fixture
def smtp_tls_server(smtp_certificate) -> Iterator:
    """An SMTP server that speaks TLS from the first byte (port 465 style); config() has security
    "tls" and the certificate as CA file."""
    from smtp_support import SmtpServer

    with SmtpServer(security="tls", certificate=smtp_certificate) as server:
        yield server
