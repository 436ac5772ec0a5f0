"""``breachreport user add|list|disable|enable``: the operator of a data folder manages accounts."""

from __future__ import annotations

import json

import pytest
from cli_support import run

from breachreport.cli import main
from breachreport.errors import AuthenticationFailed
from breachreport.runtime.home import open_home
from breachreport.services.accounts import Accounts
from breachreport.settings import load_settings

PASSWORD = "fyra gröna äpplen i korgen"


@pytest.fixture
def home(app_home, monkeypatch, capsys):
    monkeypatch.setenv("BREACHREPORT_NEW_PASSWORD", PASSWORD)
    assert main(["init"]) == 0
    capsys.readouterr()
    return app_home


def accounts() -> Accounts:
    return Accounts(open_home(load_settings()))


def test_an_added_account_is_listed_and_can_sign_in(home, capsys):
    code, out, _ = run(
        capsys, "user", "add", "Johan.Ek@nordmark.example.se", "--name", "Johan Ek",
        "--role", "legal_reviewer",
    )  # fmt: skip
    assert code == 0 and out.strip() == "Added Johan.Ek@nordmark.example.se (Legal reviewer)."
    code, out, _ = run(capsys, "user", "list")
    assert code == 0 and "Johan Ek" in out and "Legal reviewer" in out and "active" in out
    [listed] = json.loads(run(capsys, "user", "list", "--json")[1])
    assert (listed["username"], listed["role"], listed["disabled"]) == (
        "Johan.Ek@nordmark.example.se",
        "legal_reviewer",
        False,
    )
    signed_in = accounts().authenticate(username="johan.ek@nordmark.example.se", password=PASSWORD)
    assert signed_in.display_name == "Johan Ek"


def test_without_the_variable_the_password_is_asked_for_twice(home, capsys, monkeypatch):
    monkeypatch.delenv("BREACHREPORT_NEW_PASSWORD")
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("breachreport.cli.getpass.getpass", lambda prompt: next(answers))
    assert run(capsys, "user", "add", "kim@example.se", "--name", "Kim", "--role", "dpo")[0] == 0
    assert accounts().authenticate(username="kim@example.se", password=PASSWORD).role.value == "dpo"


def test_two_different_passwords_save_nothing(home, capsys, monkeypatch):
    monkeypatch.delenv("BREACHREPORT_NEW_PASSWORD")
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("breachreport.cli.getpass.getpass", lambda prompt: next(answers))
    code, _, err = run(capsys, "user", "add", "kim@example.se", "--name", "Kim", "--role", "dpo")
    assert (
        code == 1
        and err.strip() == "breachreport: error: The two passwords differ; nothing was saved."
    )
    assert accounts().list() == []


def test_a_taken_username_is_one_line(home, capsys):
    assert run(capsys, "user", "add", "kim@example.se", "--name", "Kim", "--role", "dpo")[0] == 0
    code, _, err = run(capsys, "user", "add", "KIM@example.se", "--name", "Kim", "--role", "admin")
    assert code == 1 and "already exists" in err and "Traceback" not in err


def test_an_unknown_role_is_refused_by_the_parser(home, capsys):
    with pytest.raises(SystemExit):
        main(["user", "add", "x@example.se", "--name", "X", "--role", "owner"])
    assert "invalid choice" in capsys.readouterr().err
    assert accounts().list() == []


def test_a_weak_password_is_refused(home, capsys, monkeypatch):
    monkeypatch.setenv("BREACHREPORT_NEW_PASSWORD", "sommar2024")
    code, _, err = run(capsys, "user", "add", "kim@example.se", "--name", "Kim", "--role", "dpo")
    assert code == 1 and "Choose another password" in err


def test_disable_stops_sign_in_and_enable_lets_it_again(home, capsys):
    run(capsys, "user", "add", "kim@example.se", "--name", "Kim", "--role", "dpo")
    code, out, _ = run(capsys, "user", "disable", "Kim@Example.se")
    assert code == 0 and "Disabled kim@example.se" in out
    assert "disabled" in run(capsys, "user", "list")[1]
    with pytest.raises(AuthenticationFailed):
        accounts().authenticate(username="kim@example.se", password=PASSWORD)
    assert run(capsys, "user", "enable", "kim@example.se")[0] == 0
    assert accounts().authenticate(username="kim@example.se", password=PASSWORD)


def test_an_unknown_username_is_one_line(home, capsys):
    code, _, err = run(capsys, "user", "disable", "nobody@example.se")
    assert (code, err.strip()) == (1, "breachreport: error: No account with that username.")


def test_a_username_that_is_not_utf8_is_one_line(home, capsys):
    """An argument that is not UTF-8 reaches Python with half a character in it."""
    code, _, err = run(capsys, "user", "disable", "nobody\udcff@example.se")
    assert code == 1 and err.count("\n") == 1 and "No account with that username" in err


def test_an_empty_list_says_how_to_start(home, capsys):
    assert "breachreport user add" in run(capsys, "user", "list")[1]
