"""The one-time setup code for the first account: issued by the operator, single-use, expiring,
stored only as an HMAC; without it the first-run page and the library make no account.
`breachreport user add` still makes the first DPO from the shell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from conftest import APP_FILE, CHEAP, DPO_LOGIN
from streamlit.testing.v1 import AppTest

from breachreport.errors import AuthenticationFailed, PermissionDenied
from breachreport.services import setup_code
from breachreport.services.accounts import Accounts
from breachreport.storage.tables import Setting

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PASSWORD = "tre blå hästar i snö"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store, clock) -> Accounts:
    return Accounts(store, clock=clock, password_hasher=CHEAP)


def _first(accounts: Accounts, code: str):
    return setup_code.create_first_dpo(
        accounts, code=code, username="dpo@example.se", display_name="Karin Holm", password=PASSWORD
    )


def _refused(accounts: Accounts, code: str) -> None:
    with pytest.raises(AuthenticationFailed, match="breachreport setup-code"):
        _first(accounts, code)
    assert not accounts.has_accounts()


def test_a_fresh_code_makes_the_first_dpo(accounts, clock):
    issued = setup_code.issue(accounts.store, now=clock())
    assert issued.expires_at == T0 + setup_code.VALID_FOR
    dpo = _first(accounts, issued.code)
    assert dpo.role.value == "dpo"
    assert accounts.has_accounts()


def test_the_code_is_typed_back_whatever_the_case_and_spacing(accounts, clock):
    code = setup_code.issue(accounts.store, now=clock()).code
    assert setup_code.is_valid(accounts.store, f"  {code.lower().replace('-', ' ')} ", now=T0)


@pytest.mark.parametrize("code", ["", "   ", "0000-0000-0000-0000-0000", "not a code"])
def test_no_code_or_a_wrong_code_is_refused_and_nothing_is_made(accounts, clock, code):
    setup_code.issue(accounts.store, now=clock())
    _refused(accounts, code)


def test_no_code_issued_at_all_is_refused(accounts):
    _refused(accounts, "ABCD-EFGH-JKMN-PQRS-TVWX")


def test_an_expired_code_is_refused(accounts, clock):
    code = setup_code.issue(accounts.store, now=clock()).code
    clock.now = T0 + setup_code.VALID_FOR
    _refused(accounts, code)


def test_a_code_works_once(accounts, clock):
    code = setup_code.issue(accounts.store, now=clock()).code
    assert setup_code.redeem(accounts.store, code, now=T0)
    assert not setup_code.redeem(accounts.store, code, now=T0)
    _refused(accounts, code)


def test_a_used_code_cannot_make_a_second_dpo(accounts, clock):
    code = setup_code.issue(accounts.store, now=clock()).code
    _first(accounts, code)
    with pytest.raises(AuthenticationFailed):
        setup_code.create_first_dpo(
            accounts, code=code, username="other@example.se", display_name="Eva", password=PASSWORD
        )
    assert [a.username for a in accounts.list()] == ["dpo@example.se"]


def test_a_fresh_code_invalidates_the_older_one(accounts, clock):
    older = setup_code.issue(accounts.store, now=clock()).code
    newer = setup_code.issue(accounts.store, now=clock()).code
    _refused(accounts, older)
    _first(accounts, newer)


def test_a_valid_code_after_the_first_account_is_still_refused(accounts, clock):
    accounts.create_first_dpo(username="dpo@example.se", display_name="Karin", password=PASSWORD)
    code = setup_code.issue(accounts.store, now=clock()).code
    with pytest.raises(PermissionDenied):
        setup_code.create_first_dpo(
            accounts, code=code, username="x@example.se", display_name="X", password=PASSWORD
        )


def test_only_an_hmac_of_the_code_is_stored(accounts, clock):
    code = setup_code.issue(accounts.store, now=clock()).code
    with accounts.store.transaction(write=False) as tx:
        row = tx.session.get(Setting, setup_code.SETTING)
    stored = json.dumps(row.value)
    assert code not in stored and code.replace("-", "") not in stored
    assert len(row.value["mac"]) == 64


# -- the first-run page --------------------------------------------------------------------------


def _fill(app: AppTest, code: str | None) -> AppTest:
    username, name, password = DPO_LOGIN
    if code is not None:
        app.text_input(key="br_first_setup_code").set_value(code)
    app.text_input(key="br_first_username").set_value(username)
    app.text_input(key="br_first_name").set_value(name)
    app.text_input(key="br_first_password").set_value(password)
    app.text_input(key="br_first_password_again").set_value(password)
    return app.form_submit_button[0].click().run()


def _store():
    from breachreport.ui.context import resources

    return resources().accounts.store


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("case", ["none", "wrong", "used", "expired"])
def test_the_first_run_page_refuses_without_a_valid_code(app_home, lang, case):
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_lang"] = lang
    app.run()
    store = _store()
    issued_at = datetime.now(UTC)
    if case == "expired":
        issued_at -= setup_code.VALID_FOR + timedelta(seconds=1)
    code = setup_code.issue(store, now=issued_at).code
    if case == "used":
        assert setup_code.redeem(store, code)
    typed = {"none": None, "wrong": "0000-0000-0000-0000-0000"}.get(case, code)
    _fill(app, typed)
    [message] = [str(e.value) for e in app.error]
    assert "breachreport setup-code" in message
    if case != "none":
        assert message == setup_code.REFUSED(lang)
    assert not Accounts(store).has_accounts()
    assert "br_account_id" not in app.session_state


def test_the_first_run_page_takes_a_valid_code(app_home):
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_lang"] = "en"
    app.run()
    _fill(app, setup_code.issue(_store()).code)
    assert not app.error
    assert "Step 2 of 2" in str(app.header[0].value)
    assert Accounts(_store()).has_accounts()


# -- the command line ----------------------------------------------------------------------------


def _cli(home, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    env.update(BREACHREPORT_HOME=str(home), **extra)
    return subprocess.run(
        [sys.executable, "-m", "breachreport", "--lang", "en", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _printed_code(out: str) -> str:
    line = next(line for line in out.splitlines() if "Setup code" in line)
    return line.rsplit(" ", 1)[1]


def test_init_prints_a_code_and_setup_code_replaces_it(tmp_path):
    home = tmp_path / "home"
    first = _cli(home, "init")
    assert first.returncode == 0, first.stderr
    older = _printed_code(first.stdout)
    fresh = _cli(home, "setup-code")
    assert fresh.returncode == 0, fresh.stderr
    newer = _printed_code(fresh.stdout)
    assert "breachreport setup-code" in fresh.stdout
    from breachreport.runtime.home import open_home
    from breachreport.settings import Settings

    store = open_home(Settings(home=home, database_url=None, master_key=None, key_file=None))
    try:
        assert not setup_code.is_valid(store, older)
        assert setup_code.is_valid(store, newer)
    finally:
        store.dispose()


def test_user_add_still_makes_the_first_dpo_and_then_no_code_is_issued(tmp_path):
    home = tmp_path / "home"
    assert _cli(home, "init").returncode == 0
    added = _cli(
        home,
        "user",
        "add",
        "dpo@example.se",
        "--name",
        "Karin Holm",
        "--role",
        "dpo",
        BREACHREPORT_NEW_PASSWORD=PASSWORD,
    )
    assert added.returncode == 0, added.stderr
    again = _cli(home, "setup-code")
    assert again.returncode == 0
    assert "Accounts already exist" in again.stdout
    assert "Setup code" not in again.stdout
