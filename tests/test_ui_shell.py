"""The screens around the incidents, driven with Streamlit's AppTest: first run, sign-in and out,
idle sessions, the overview (register), starting an incident, the organisation and account pages,
each in Swedish and English. Pure parts (the register's deadlines and table) are tested directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from importlib import import_module

import pytest
from conftest import DPO_LOGIN
from streamlit.testing.v1 import AppTest
from ui_support import app_session
from ui_support import shown as _texts

from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import CASE_NUMBER
from breachreport.domain.clocks import ClockStatus
from breachreport.domain.problems import RULES
from breachreport.domain.status import Role
from breachreport.domain.times import utc_now
from breachreport.services.accounts import PASSWORD_TOO_SHORT, OrganisationProfile
from breachreport.services.setup_code import issue as issue_setup_code
from breachreport.ui import texts
from breachreport.ui.shell.deadlines import art33_deadline
from breachreport.ui.shell.passwords import MISMATCH
from breachreport.ui.shell.register_table import filter_frame, register_frame

# The package exports each screen's function under its module's name; the modules hold the texts.
account_page = import_module("breachreport.ui.shell.account")
first_run_page = import_module("breachreport.ui.shell.first_run")
new_page = import_module("breachreport.ui.shell.new_incident")
overview_page = import_module("breachreport.ui.shell.overview")
sign_in_page = import_module("breachreport.ui.shell.sign_in")
LANGS = ["sv", "en"]
ORG = {
    "name": "Region Nordmark",
    "org_number": "232100-0016",
    "postal_address": "Box 700\n901 89 Nordstad",
    "sector": "region",
    "nis2_entity": "essential",
    "dpo_name": "Karin Holm",
    "dpo_email": "dataskyddsombud@nordmark.example.se",
}


def _no_trouble(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, _texts(app.error)


def _anonymous(lang: str = "sv") -> AppTest:
    return app_session(lang=lang)


def _operator_code() -> str:
    """A setup code for the first account, issued as `breachreport setup-code` would."""
    from breachreport.ui.context import resources

    return issue_setup_code(resources().accounts.store).code


def _facts(title: str, *, aware: datetime, **description) -> dict:
    return {
        "description": {"title_internal": title, **description},
        "times": {"aware_at": aware.isoformat()},
    }


def _import(resources, title: str, *, hours_ago: float, **description) -> str:
    dpo = resources.accounts.list()[0]
    aware = utc_now() - timedelta(hours=hours_ago)
    incident = resources.workspace.import_facts(
        actor=dpo.actor, data=_facts(title, aware=aware, **description)
    )
    return incident.reference


# -- first run -----------------------------------------------------------------------------------


def test_first_run_creates_folder_key_first_dpo_and_profile(app_home):
    app = _anonymous().run()
    _no_trouble(app)
    assert (app_home / "master.key").exists()
    assert any("master.key" in text for text in _texts(app.info))

    username, name, password = DPO_LOGIN
    app.text_input(key="br_first_setup_code").set_value(_operator_code())
    app.text_input(key="br_first_username").set_value(username)
    app.text_input(key="br_first_name").set_value(name)
    app.text_input(key="br_first_password").set_value(password)
    app.text_input(key="br_first_password_again").set_value(password)
    app.form_submit_button[0].click().run()
    _no_trouble(app)
    assert "Steg 2 av 2" in _texts(app.header)[0]

    app.text_input(key="br_first_organisation_name").set_value(ORG["name"])
    app.text_input(key="br_first_organisation_org_number").set_value(ORG["org_number"])
    app.text_area(key="br_first_organisation_postal_address").set_value(ORG["postal_address"])
    app.selectbox(key="br_first_organisation_sector.sv").set_value(ORG["sector"])
    app.selectbox(key="br_first_organisation_nis2_entity.sv").set_value(ORG["nis2_entity"])
    app.text_input(key="br_first_organisation_dpo_name").set_value(ORG["dpo_name"])
    app.text_input(key="br_first_organisation_dpo_email").set_value(ORG["dpo_email"])
    app.form_submit_button[0].click().run()
    _no_trouble(app)

    from breachreport.ui.context import resources

    opened = resources()
    [dpo] = opened.accounts.list()
    assert (dpo.username, dpo.display_name, dpo.role) == (username, name, Role.DPO)
    assert opened.accounts.organisation() == OrganisationProfile.parse(ORG)
    assert app.session_state["br_account_id"] == dpo.id
    assert _texts(app.title) == [overview_page.TITLE.sv]


@pytest.mark.parametrize("lang", LANGS)
def test_first_run_shows_password_problems_in_the_users_language(app_home, lang):
    app = _anonymous(lang).run()
    app.text_input(key="br_first_username").set_value("dpo@example.se")
    app.text_input(key="br_first_name").set_value("Karin Holm")
    app.text_input(key="br_first_password").set_value("kort")
    app.text_input(key="br_first_password_again").set_value("annat")
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert PASSWORD_TOO_SHORT(lang) in message
    assert MISMATCH(lang) in message
    from breachreport.ui.context import resources

    assert not resources().accounts.has_accounts()


@pytest.mark.parametrize("lang", LANGS)
def test_first_run_explains_a_bad_organisation_number_in_the_users_language(app_home, lang):
    app = _anonymous(lang).run()
    username, name, password = DPO_LOGIN
    app.text_input(key="br_first_setup_code").set_value(_operator_code())
    app.text_input(key="br_first_username").set_value(username)
    app.text_input(key="br_first_name").set_value(name)
    app.text_input(key="br_first_password").set_value(password)
    app.text_input(key="br_first_password_again").set_value(password)
    app.form_submit_button[0].click().run()
    app.text_input(key="br_first_organisation_name").set_value("Region Nordmark")
    app.text_input(key="br_first_organisation_org_number").set_value("12345")
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert RULES["org_number_format"](lang) in message
    assert _texts(app.header)  # still on step 2: nothing was saved
    from breachreport.ui.context import resources

    assert resources().accounts.organisation().name is None


# -- signing in and out --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("username", [DPO_LOGIN[0], "nobody@example.se"])
def test_a_failed_sign_in_shows_one_neutral_message(app_resources, lang, username):
    app = _anonymous(lang).run()
    _no_trouble(app)
    app.text_input(key="br_sign_in_username").set_value(username)
    app.text_input(key="br_sign_in_password").set_value("not the password at all")
    app.form_submit_button[0].click().run()
    assert _texts(app.error) == [sign_in_page.FAILED(lang)]
    assert "br_account_id" not in app.session_state


def test_signing_in_opens_the_overview(app_resources):
    username, _name, password = DPO_LOGIN
    app = _anonymous().run()
    app.text_input(key="br_sign_in_username").set_value(username)
    app.text_input(key="br_sign_in_password").set_value(password)
    app.form_submit_button[0].click().run()
    _no_trouble(app)
    assert _texts(app.title) == [overview_page.TITLE.sv]


def test_signing_out_returns_to_sign_in(signed_in_app):
    app = signed_in_app().run()
    assert _texts(app.title) == [overview_page.TITLE.sv]
    app.button(key="br_sign_out").click().run()
    _no_trouble(app)
    assert _texts(app.title) == [sign_in_page.TITLE.sv]
    assert "br_account_id" not in app.session_state


@pytest.mark.parametrize("lang", LANGS)
def test_an_idle_session_expires_and_says_so_once(signed_in_app, app_resources, lang):
    idle = app_resources.settings.session_idle_minutes
    app = signed_in_app(lang=lang)
    app.session_state["br_last_seen"] = utc_now() - timedelta(minutes=idle + 1)
    app.run()
    assert _texts(app.title) == [sign_in_page.TITLE(lang)]
    assert _texts(app.warning) == [texts.SESSION_EXPIRED(lang)]
    app.run()
    assert not app.warning


def test_a_recent_session_stays_signed_in(signed_in_app, app_resources):
    idle = app_resources.settings.session_idle_minutes
    app = signed_in_app()
    app.session_state["br_last_seen"] = utc_now() - timedelta(minutes=idle - 1)
    app.run()
    assert _texts(app.title) == [overview_page.TITLE.sv]


# -- the overview --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "status", "band"),
    [
        ("sv", "Fullständigt anmäld", "Mycket hög"),
        ("en", "Complete notification filed", "Very high"),
    ],
)
def test_overview_shows_the_demo_incident_with_status_band_and_met_deadline(
    signed_in_app, app_resources, lang, status, band
):
    demo = load_demo(app_resources.workspace)
    app = signed_in_app(lang=lang).run()
    _no_trouble(app)
    table = app.dataframe[0].value
    [row] = table.to_dict("records")
    assert row["reference"] == demo.reference
    assert (row["status"], row["band"]) == (status, band)
    assert row["deadline"] == "✅ " + ClockStatus.MET.label(lang)
    assert row["case_number"] == CASE_NUMBER
    assert row["due"] == datetime(2024, 1, 23, 14, 0)  # Stockholm wall-clock time


def test_overview_marks_deadlines_under_12_hours_and_missed_ones(signed_in_app, app_resources):
    urgent = _import(app_resources, "Fel mottagare", hours_ago=65)
    calm = _import(app_resources, "Borttappad dator", hours_ago=2)
    late = _import(app_resources, "Inloggning av obehörig", hours_ago=80)
    app = signed_in_app(lang="en").run()
    assert not app.exception
    [attention] = _texts(app.main.error)
    assert urgent in attention and late in attention and calm not in attention
    rows = {r["reference"]: r for r in app.dataframe[0].value.to_dict("records")}
    assert rows[urgent]["deadline"].startswith("🔴") and "left" in rows[urgent]["deadline"]
    assert rows[calm]["deadline"].startswith("⏳")
    assert rows[late]["deadline"] == "⛔ Missed"
    assert rows[late]["hours_left"] < 0
    assert list(rows)[:2] == [urgent, calm]  # running deadlines first, soonest first
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {
        "Running deadlines": "2",
        "Under 12 hours left": "1",
        "Missed, not filed": "1",
    }


def test_overview_filters_by_status_band_and_text(signed_in_app, app_resources):
    demo = load_demo(app_resources.workspace)
    other = _import(app_resources, "Brev till fel adress", hours_ago=1)
    app = signed_in_app().run()
    assert len(app.dataframe[0].value) == 2
    app.text_input(key="br_filter_text").set_value("brev till").run()
    assert list(app.dataframe[0].value["reference"]) == [other]
    app.text_input(key="br_filter_text").set_value("").run()
    app.multiselect(key="br_filter_status").set_value(["complete"]).run()
    assert list(app.dataframe[0].value["reference"]) == [demo.reference]
    app.multiselect(key="br_filter_band").set_value(["low"]).run()
    assert not app.dataframe
    assert overview_page.NONE_MATCH.sv in _texts(app.info)


def test_overview_charts_incidents_over_time_by_kind_and_cause(signed_in_app, app_resources):
    load_demo(app_resources.workspace)
    app = signed_in_app().run()
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2
    by_kind, by_cause = (chart.proto.spec for chart in charts)
    assert '"breach_type:N"' in by_kind or '"field": "breach_type"' in by_kind
    assert '"cause:N"' in by_cause or '"field": "cause"' in by_cause
    assert _texts(app.header) == [
        overview_page.WAITING.sv,
        overview_page.DOWNLOAD.sv,
        overview_page.CHART_TITLE.sv,
    ]


def test_opening_an_incident_selects_it_and_shows_its_deadline_in_the_sidebar(
    signed_in_app, app_resources
):
    demo = load_demo(app_resources.workspace)
    app = signed_in_app().run()
    app.selectbox(key="br_open_ref").set_value(demo.reference)
    app.button(key="br_open").click().run()
    assert not app.exception
    assert app.session_state["br_incident"] == demo.reference
    assert overview_page.TITLE.sv not in _texts(app.title)  # on the incident's questions now
    sidebar = " ".join(_texts(app.sidebar.success))
    assert "tisdag 23 januari 2024 kl. 14:00" in sidebar
    app.button(key="br_leave_incident").click().run()
    assert "br_incident" not in app.session_state


def test_an_incident_that_does_not_exist_is_let_go(signed_in_app):
    app = signed_in_app(incident="BR-2024-9999").run()
    assert not app.exception
    assert "BR-2024-9999" in " ".join(_texts(app.sidebar.warning))
    assert "br_incident" not in app.session_state
    assert _texts(app.title) == [overview_page.TITLE.sv]


@pytest.mark.parametrize("lang", LANGS)
def test_sidebar_shows_a_running_deadline_in_red_under_12_hours(signed_in_app, app_resources, lang):
    ref = _import(app_resources, "Fel mottagare", hours_ago=70)
    app = signed_in_app(incident=ref, lang=lang).run()
    [box] = _texts(app.sidebar.error)
    assert "🔴" in box and ("kvar" if lang == "sv" else "left") in box


def test_the_overview_lists_a_thousand_incidents(signed_in_app, app_resources):
    # Speed is measured by bench/bench_app.py, not asserted here: these machines are noisy.
    dpo = app_resources.accounts.list()[0]
    start = utc_now() - timedelta(days=700)
    kinds = ["malware", "misdirected", "loss_or_theft", "unauthorised_access"]
    causes = ["human_error", "malicious_external", "technical_fault", None]
    for n in range(1000):
        description = {"breach_type": kinds[n % 4]}
        if causes[n % 4]:
            description["cause"] = causes[n % 4]
        facts = _facts(f"Incident {n}", aware=start + timedelta(hours=16 * n), **description)
        app_resources.workspace.import_facts(actor=dpo.actor, data=facts)
    app = signed_in_app().run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 1000


# -- starting an incident ------------------------------------------------------------------------


def _new_page(signed_in_app, lang: str = "sv") -> AppTest:
    app = signed_in_app(lang=lang).run()
    app.button(key="br_overview_new").click().run()
    assert _texts(app.title) == [new_page.TITLE(lang)]
    return app


def test_starting_an_incident_starts_the_72_hour_clock_at_once(signed_in_app, app_resources):
    dpo = app_resources.accounts.list()[0]
    app_resources.accounts.save_organisation(by=dpo, profile=OrganisationProfile.parse(ORG))
    app = _new_page(signed_in_app)
    _no_trouble(app)
    app.text_input(key="br_new_title").set_value("Lista skickad till fel mottagare")
    app.text_area(key="br_new_summary").set_value("En lista med namn mejlades till fel adress.")
    app.multiselect(key="br_new_kinds.sv").set_value(["confidentiality"])
    app.form_submit_button[0].click().run()
    _no_trouble(app)

    [row] = app_resources.workspace.register()
    assert app.session_state["br_incident"] == row.reference
    assert _texts(app.success) == [new_page.STARTED.sv.format(ref=row.reference)]
    [deadline] = _texts(app.main.info)
    # 72 hours away reads in days: more than two days.
    assert "⏳ 2 dagar" in deadline and "kvar" in deadline and "Senast" in deadline
    facts = app_resources.workspace.incident(row.reference).facts
    assert facts.controller.name == ORG["name"]
    assert facts.contact.dpo_email == ORG["dpo_email"]
    assert [k.value for k in facts.description.kinds] == ["confidentiality"]
    assert facts.times.aware_at is not None
    assert utc_now() - facts.times.aware_at < timedelta(minutes=2)
    assert any("Senast" in text for text in _texts(app.sidebar.info))  # always visible

    app.button(key="br_new_to_questions").click().run()
    assert not app.exception
    assert app.session_state["br_incident"] == row.reference


@pytest.mark.parametrize("lang", LANGS)
def test_a_time_skipped_by_summer_time_is_refused_in_the_users_language(signed_in_app, lang):
    app = _new_page(signed_in_app, lang)
    app.text_input(key="br_new_title").set_value("Stöld av dator")
    app.date_input(key="br_new_aware_date").set_value(date(2024, 3, 31))
    app.time_input(key="br_new_aware_time").set_value(clock_time(2, 30))
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert RULES["time_nonexistent"](lang) in message
    assert "br_incident" not in app.session_state


@pytest.mark.parametrize("lang", LANGS)
def test_a_time_repeated_when_summer_time_ends_asks_which_one(signed_in_app, app_resources, lang):
    app = _new_page(signed_in_app, lang)
    app.text_input(key="br_new_title").set_value("Stöld av dator")
    app.date_input(key="br_new_aware_date").set_value(date(2024, 10, 27))
    app.time_input(key="br_new_aware_time").set_value(clock_time(2, 30))
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert RULES["time_ambiguous"](lang) in message
    assert app_resources.workspace.register() == []

    app.radio(key=f"br_new_aware_offset.{lang}").set_value("+01:00")
    app.form_submit_button[0].click().run()
    assert not app.exception
    [row] = app_resources.workspace.register()
    assert row.aware_at == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)  # 02:30 winter time


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_incident_needs_what_happened(signed_in_app, app_resources, lang):
    app = _new_page(signed_in_app, lang)
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert new_page.NEED_WHAT(lang) in message
    assert app_resources.workspace.register() == []


# -- organisation and account --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_organisation_page_saves_and_explains_bad_answers(
    signed_in_app, app_resources, open_page, lang
):
    app = open_page(signed_in_app(lang=lang), "organisation").run()
    _no_trouble(app)
    app.text_input(key="br_organisation_name").set_value("Region Nordmark")
    app.text_input(key="br_organisation_dpo_email").set_value("inte en adress")
    app.form_submit_button[0].click().run()
    [message] = _texts(app.error)
    assert RULES["email_format"](lang) in message
    assert app_resources.accounts.organisation().name is None
    app.text_input(key="br_organisation_dpo_email").set_value("dpo@nordmark.example.se")
    app.form_submit_button[0].click().run()
    _no_trouble(app)
    assert _texts(app.success) == [texts.SAVED(lang)]
    assert app_resources.accounts.organisation().dpo_email == "dpo@nordmark.example.se"


def test_organisation_page_is_read_only_for_a_legal_reviewer(app_resources, open_page):
    dpo = app_resources.accounts.list()[0]
    reviewer = app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password="fyra gröna äpplen i korgen",
        role=Role.LEGAL_REVIEWER,
    )
    app = _anonymous()
    app.session_state["br_account_id"] = reviewer.id
    open_page(app, "organisation").run()
    _no_trouble(app)
    assert app.form_submit_button[0].disabled
    assert app.text_input(key="br_organisation_name").disabled


@pytest.mark.parametrize("lang", LANGS)
def test_account_page_changes_the_password_and_refuses_a_wrong_one(
    signed_in_app, app_resources, open_page, lang
):
    username, _name, password = DPO_LOGIN
    new_password = "sju sovande sjömän på däck"
    app = open_page(signed_in_app(lang=lang), "account").run()
    _no_trouble(app)
    app.text_input(key="br_password_current").set_value("fel lösenord helt klart")
    app.text_input(key="br_password_new").set_value(new_password)
    app.text_input(key="br_password_again").set_value(new_password)
    app.form_submit_button[0].click().run()
    assert _texts(app.error) == [account_page.WRONG_CURRENT(lang)]

    app.text_input(key="br_password_current").set_value(password)
    app.text_input(key="br_password_new").set_value(new_password)
    app.text_input(key="br_password_again").set_value(new_password)
    app.form_submit_button[0].click().run()
    _no_trouble(app)
    assert _texts(app.success) == [account_page.CHANGED(lang)]
    assert app_resources.accounts.authenticate(username=username, password=new_password)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["overview", "new", "organisation", "account"])
def test_every_page_renders_in_both_languages(signed_in_app, app_resources, open_page, page, lang):
    demo = load_demo(app_resources.workspace)
    app = open_page(signed_in_app(incident=demo.reference, lang=lang), page).run()
    _no_trouble(app)
    assert app.title
    assert any(demo.reference in text for text in _texts(app.sidebar.markdown))


@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_and_first_run_render_in_both_languages(app_home, lang):
    app = _anonymous(lang).run()
    _no_trouble(app)
    assert _texts(app.title) == [first_run_page.TITLE(lang)]


# -- the register's deadlines, without Streamlit -------------------------------------------------


def test_register_deadline_agrees_with_the_workspace_clocks(app_resources):
    workspace = app_resources.workspace
    dpo = app_resources.accounts.list()[0]
    demo = load_demo(workspace)
    refs = [
        demo.reference,
        _import(app_resources, "Körs", hours_ago=10),
        _import(app_resources, "Brådskar", hours_ago=66),
        _import(app_resources, "Missad", hours_ago=100),
    ]
    decided = workspace.import_facts(
        actor=dpo.actor,
        data={
            "times": {"aware_at": (utc_now() - timedelta(hours=5)).isoformat()},
            "decision": {"outcome": "document_only", "reason": "Krypterad enhet; nyckeln säker."},
        },
    )
    refs.append(decided.reference)
    now = utc_now()
    for row in workspace.register():
        clock = next(c for c in workspace.clocks(row.reference, now=now) if c.key == "gdpr_art33")
        mine = art33_deadline(
            aware_at=row.aware_at,
            filing_kinds=row.filing_kinds,
            filed_at=row.filed_at,
            decision=row.decision,
            recommended=row.recommended,
            now=now,
        )
        assert (mine.status, mine.due, mine.time_left) == (clock.status, clock.due, clock.time_left)
    assert sorted(r.reference for r in workspace.register()) == sorted(refs)


def test_register_frame_filters_ignore_case_and_keep_order():
    now = datetime(2024, 1, 21, 12, tzinfo=UTC)
    assert register_frame([], now=now, lang="sv").empty
    frame = register_frame(_rows(now), now=now, lang="en")
    assert list(frame["reference"]) == ["BR-2", "BR-1"]
    assert list(filter_frame(frame, text="LAPTOP")["reference"]) == ["BR-1"]
    assert list(filter_frame(frame, statuses=["draft"], bands=["low"])["reference"]) == [
        "BR-2",
        "BR-1",
    ]


def _rows(now: datetime):
    from breachreport.domain.status import Status
    from breachreport.services import RegisterRow

    def row(ref: str, title: str, hours_ago: int) -> RegisterRow:
        return RegisterRow(
            id=ref,
            reference=ref,
            status=Status.DRAFT,
            version=1,
            created_at=now,
            updated_at=now,
            title=title,
            aware_at=now - timedelta(hours=hours_ago),
            breach_type=None,
            kinds=[],
            subjects=None,
            decision=None,
            filings=0,
            case_number=None,
            band="low",
            recommended="notify_authority",
        )

    return [row("BR-1", "Stolen laptop", 1), row("BR-2", "Wrong recipient", 60)]


def test_a_shredded_incident_shows_as_a_tombstone_that_cannot_be_opened(
    signed_in_app, app_resources
):
    late = _import(app_resources, "Inloggning av obehörig", hours_ago=80)
    kept = _import(app_resources, "Fel mottagare", hours_ago=2)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.shred(ref=late, actor=dpo.actor, reason="Registered twice.")
    app = signed_in_app(lang="en").run()
    _no_trouble(app)
    rows = {r["reference"]: r for r in app.dataframe[0].value.to_dict("records")}
    assert rows[late]["status"].startswith("Shredded (")
    assert rows[late]["title"] == ""
    assert not rows[late]["deadline"].startswith("⛔")  # its handling is over: nothing missed
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Missed, not filed"] == "0"
    [opener] = [s for s in app.selectbox if s.key == "br_open_ref"]
    assert opener.options == [f"{kept} – Fel mottagare"]
