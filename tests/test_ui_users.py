"""The users page: a DPO adds a legal reviewer, sees every account, and disables one."""

from __future__ import annotations

import pytest
from conftest import APP_FILE
from streamlit.testing.v1 import AppTest

from breachreport.domain.status import Role
from breachreport.errors import AuthenticationFailed

PASSWORD = "sju sjösjuka sjömän sjunger"


def _users_page(signed_in_app, open_page, lang="sv") -> AppTest:
    app = open_page(signed_in_app(lang=lang), "users").run()
    assert not app.exception
    return app


def _fill(app: AppTest, *, username: str, name: str, password: str, repeat: str) -> AppTest:
    app.text_input(key="br_users_username").input(username)
    app.text_input(key="br_users_name").input(name)
    app.selectbox(key="br_users_role").select("legal_reviewer")
    app.text_input(key="br_users_password").input(password)
    app.text_input(key="br_users_repeat").input(repeat)
    return _submit(app)


def _submit(app: AppTest) -> AppTest:
    [submit] = [b for b in app.button if b.label in ("Lägg till användare", "Add a user")]
    return submit.click().run()


def test_a_dpo_adds_a_legal_reviewer_who_can_then_sign_in(signed_in_app, open_page, app_resources):
    app = _users_page(signed_in_app, open_page)
    assert app.title[0].value == "Användare"
    app = _fill(
        app,
        username="jurist@nordmark.example.se",
        name="Johan Ek",
        password=PASSWORD,
        repeat=PASSWORD,
    )
    assert not app.exception
    reviewer = app_resources.accounts.authenticate(
        username="jurist@nordmark.example.se", password=PASSWORD
    )
    assert reviewer.role is Role.LEGAL_REVIEWER and reviewer.display_name == "Johan Ek"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", "Användaren kunde inte läggas till"), ("en", "The user could not be added")],
)
def test_a_short_password_is_refused_in_the_users_language(
    signed_in_app, open_page, app_resources, lang, expected
):
    app = _users_page(signed_in_app, open_page, lang)
    app = _fill(app, username="kort@example.se", name="Kort", password="kort", repeat="kort")
    assert any(expected in e.value for e in app.error)
    assert len(app_resources.accounts.list()) == 1


def test_a_disabled_account_can_no_longer_sign_in(signed_in_app, open_page, app_resources):
    dpo = app_resources.accounts.list()[0]
    app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    app = _users_page(signed_in_app, open_page)
    [toggle] = [b for b in app.button if b.key == "br_users_toggle"]
    assert toggle.label == "Stäng av"
    toggle.click().run()
    assert not app.exception
    with pytest.raises(AuthenticationFailed):
        app_resources.accounts.authenticate(
            username="jurist@nordmark.example.se", password=PASSWORD
        )


def test_a_legal_reviewer_has_no_users_page(app_resources, open_page):
    dpo = app_resources.accounts.list()[0]
    reviewer = app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state["br_account_id"] = reviewer.id
    app = open_page(app, "users").run()
    assert not app.exception
    assert all(title.value != "Användare" for title in app.title)
