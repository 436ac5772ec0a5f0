"""Single sign-on: the operator's mapping from addresses to roles, the accounts it makes, and the
app signing in whoever Streamlit's st.login brought back (AppTest seeds st.user)."""

from __future__ import annotations

import pytest
from conftest import APP_FILE
from streamlit.testing.v1 import AppTest
from ui_support import app_session

from breachreport.domain.status import Role
from breachreport.errors import AuthenticationFailed, SettingsError
from breachreport.services.accounts import Accounts
from breachreport.services.sso import sso_config

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-tests-only-0123456789",
    "client_id": "breachreport",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}
MAPPING = {
    "label": "Region Nordmark",
    "roles": {
        "karin.holm@nordmark.example": "dpo",
        "@juristbyran.example": "legal_reviewer",
        "it.chef@nordmark.example": "admin",
    },
}


def test_without_auth_section_single_sign_on_is_off():
    assert sso_config({}) is None
    assert sso_config({"breachreport_sso": MAPPING}) is None


def test_exact_address_wins_over_its_domain_and_case_does_not_matter():
    config = sso_config(
        {
            "auth": AUTH,
            "breachreport_sso": {
                "roles": {
                    "@juristbyran.example": "legal_reviewer",
                    "boss@juristbyran.example": "dpo",
                }
            },
        }
    )
    assert config is not None
    assert config.role_for("Boss@JuristByran.example") is Role.DPO
    assert config.role_for("johan.ek@juristbyran.example") is Role.LEGAL_REVIEWER
    assert config.role_for("someone@elsewhere.example") is None
    assert config.role_for("not an address") is None
    assert config.role_for(None) is None


@pytest.mark.parametrize(
    ("roles", "named"),
    [
        ({"lena@supplier.example": "supplier_contact"}, "lena@supplier.example"),
        ({"karin@nordmark.example": "chief"}, "karin@nordmark.example"),
        ({"nordmark.example": "dpo"}, "nordmark.example"),
    ],
)
def test_a_bad_mapping_is_refused_naming_the_entry(roles, named):
    with pytest.raises(SettingsError, match=named):
        sso_config({"auth": AUTH, "breachreport_sso": {"roles": roles}})


@pytest.fixture
def accounts(store) -> Accounts:
    return Accounts(store)


def test_first_sign_in_makes_an_account_without_a_usable_password(accounts):
    made = accounts.sign_in_sso(
        email="Karin.Holm@nordmark.example",
        display_name="Karin Holm",
        role=Role.DPO,
        email_verified=True,
    )
    assert made.role is Role.DPO
    assert made.username == "karin.holm@nordmark.example"
    again = accounts.sign_in_sso(
        email="karin.holm@nordmark.example", display_name=None, role=Role.DPO, email_verified=None
    )
    assert again.id == made.id
    assert again.last_login_at is not None
    for guess in ("", "!single-sign-on", "karin.holm@nordmark.example"):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(username="karin.holm@nordmark.example", password=guess)


def test_the_mapping_never_changes_a_role_nor_revives_a_disabled_account(accounts):
    from breachreport.services.accounts import LOCAL_OPERATOR

    reviewer = accounts.add(
        by=LOCAL_OPERATOR,
        username="johan.ek@juristbyran.example",
        display_name="Johan Ek",
        password="a long enough password 1",
        role=Role.LEGAL_REVIEWER,
    )
    with pytest.raises(AuthenticationFailed):
        accounts.sign_in_sso(
            email="johan.ek@juristbyran.example",
            display_name="Johan",
            role=Role.DPO,
            email_verified=True,
        )
    assert accounts.get(reviewer.id).role is Role.LEGAL_REVIEWER
    accounts.disable(by=LOCAL_OPERATOR, account_id=reviewer.id)
    with pytest.raises(AuthenticationFailed):
        accounts.sign_in_sso(
            email="johan.ek@juristbyran.example",
            display_name="Johan",
            role=Role.LEGAL_REVIEWER,
            email_verified=True,
        )


def test_an_unverified_address_is_refused(accounts):
    with pytest.raises(AuthenticationFailed):
        accounts.sign_in_sso(
            email="karin.holm@nordmark.example",
            display_name="K",
            role=Role.DPO,
            email_verified=False,
        )
    assert accounts.list() == []


def _app(user: dict, lang: str = "en") -> AppTest:
    app = app_session(lang=lang)
    app.secrets["auth"] = AUTH
    app.secrets["breachreport_sso"] = MAPPING
    app.user = user
    return app


def _text(app: AppTest) -> str:
    parts = [e.value for e in (*app.markdown, *app.caption, *app.title)]
    parts += [e.value for e in (*app.error, *app.warning, *app.info)]
    return "\n".join(str(p) for p in parts)


def test_sign_in_page_offers_the_organisations_sign_in(app_resources):
    app = _app({}).run()
    assert not app.exception
    labels = [b.label for b in app.button]
    assert "Sign in with Region Nordmark" in labels


def test_a_mapped_person_arrives_signed_in_with_the_mapped_role(app_resources):
    app = _app(
        {
            "is_logged_in": True,
            "email": "johan.ek@juristbyran.example",
            "email_verified": True,
            "name": "Johan Ek",
        }
    ).run()
    assert not app.exception
    assert "Johan Ek" in _text(app)
    account = app_resources.accounts.find("johan.ek@juristbyran.example")
    assert account.role is Role.LEGAL_REVIEWER
    assert app.session_state["br_account_id"] == account.id


def test_an_unmapped_person_is_told_so_and_stays_out(app_resources):
    app = _app({"is_logged_in": True, "email": "stranger@elsewhere.example"}).run()
    assert not app.exception
    assert "no role in breachreport" in _text(app)
    assert "br_account_id" not in app.session_state
    assert [a.username for a in app_resources.accounts.list()] == [
        app_resources.accounts.list()[0].username
    ]


def test_signing_out_ends_the_providers_session_too(app_resources):
    app = _app(
        {"is_logged_in": True, "email": "karin.holm@nordmark.example", "name": "Karin Holm"}
    ).run()
    assert "br_account_id" in app.session_state
    next(b for b in app.button if b.key == "br_sign_out").click().run()
    assert not app.exception
    assert "br_account_id" not in app.session_state
    assert app.user.get("is_logged_in") is False


def test_a_misconfigured_mapping_leaves_local_sign_in_working(app_resources):
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.secrets["auth"] = AUTH
    app.secrets["breachreport_sso"] = {"roles": {"lena@supplier.example": "supplier_contact"}}
    app.session_state["br_lang"] = "en"
    app.run()
    assert not app.exception
    assert "Single sign-on is misconfigured" in _text(app)
    assert any(b.label == "Sign in" for b in app.button)
