"""The filing page tells the truth before the DPO confirms (AppTest): a withdrawn approval, answers
to follow, lateness and contradictions are on the screen, recomputed as the kind changes; the time
it went in to IMY is asked for; reasons for lateness given in the form keep an approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import hours_ago
from ui_support import shown as _texts

from breachreport.demo.scenario import STEPS
from breachreport.domain.choices import FilingKind
from breachreport.domain.status import Role
from breachreport.domain.times import format_local, from_stockholm, to_stockholm, utc_now
from breachreport.ui import texts
from breachreport.ui.incident import filings

PASSWORD = "fyra gröna äpplen i korgen"


def _no_trouble(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert texts.UNEXPECTED.sv not in _texts(app.error)


def _first_report(resources, *, hours_ago: float) -> str:
    """The scenario's first day of facts, aware ``hours_ago``: enough for a preliminary filing."""
    aware = utc_now() - timedelta(hours=hours_ago)
    changes = {**STEPS[0].changes, "times.aware_at": aware.isoformat()}
    dpo = resources.accounts.list()[0]
    return resources.workspace.open_incident(actor=dpo.actor, changes=changes).reference


@pytest.fixture
def reviewer(app_resources):
    dpo = app_resources.accounts.list()[0]
    return app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )


def _approved(resources, reviewer, ref: str) -> None:
    dpo = resources.accounts.list()[0]
    workspace = resources.workspace
    workspace.reviews.assign_reviewer(actor=dpo.actor, ref=ref, reviewer=reviewer.actor)
    workspace.reviews.approve(
        actor=reviewer.actor, ref=ref, facts_version=workspace.incident(ref).version
    )


def _filing_page(signed_in_app, open_page, ref: str, lang: str = "sv") -> AppTest:
    app = open_page(signed_in_app(incident=ref, lang=lang), "filings").run()
    _no_trouble(app)
    return app


def _warnings(app: AppTest) -> str:
    return " ".join(_texts(app.main.warning))


def _confirm_and_file(app: AppTest, ref: str) -> AppTest:
    app.checkbox(key=f"br_f_sure.{ref}").check()
    app.button(key=f"br_f_go.{ref}").click().run()
    _no_trouble(app)
    return app


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_approval_withdrawn_by_a_later_change_is_on_the_screen_before_filing(
    signed_in_app, app_resources, open_page, reviewer, lang
):
    ref = _first_report(app_resources, hours_ago=2)
    _approved(app_resources, reviewer, ref)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.revise(
        actor=dpo.actor,
        ref=ref,
        changes={"measures.planned": "Öva återställning från säkerhetskopia."},
        expected_version=1,
    )
    app = _filing_page(signed_in_app, open_page, ref, lang)
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY).run()
    shown = _warnings(app)
    withdrawn = {
        "sv": "Godkännandet av version 1 gäller inte längre: uppgifterna ändrades i version 2",
        "en": "The approval of version 1 no longer holds: the facts changed in version 2",
    }[lang]
    assert withdrawn in shown and "Johan Ek" in shown
    assert app_resources.workspace.filings(ref) == []

    _confirm_and_file(app, ref)
    [filed] = app_resources.workspace.filings(ref)
    filed_line = filings.FILED(lang).format(seq=1, kind=FilingKind.PRELIMINARY.label(lang))
    [success] = [text for text in _texts(app.success) if filed_line in text]
    assert filings.FILED_WITH(lang) in success and withdrawn in success


def test_a_late_filing_with_reasons_given_in_the_form_keeps_the_approval(
    signed_in_app, app_resources, open_page, reviewer
):
    ref = _first_report(app_resources, hours_ago=100)
    _approved(app_resources, reviewer, ref)
    app = _filing_page(signed_in_app, open_page, ref)
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY).run()
    assert "efter 72-timmarsfristen" in _warnings(app)
    reasons = "Leverantören bekräftade först efter helgen att patientuppgifter berördes."
    app.text_area(key=f"br_f_delay_text.{ref}").set_value(reasons).run()
    assert not app.button(key=f"br_f_go.{ref}").disabled
    _confirm_and_file(app, ref)

    [filed] = app_resources.workspace.filings(ref)
    assert filed.delay_reasons == reasons
    state = app_resources.workspace.reviews.current_approval(ref=ref)
    assert state.approved and state.approval.approved_by == "Johan Ek"
    assert "gäller inte längre" not in " ".join(_texts(app.success))
    kinds = [e.kind for e in app_resources.workspace.history(ref)]
    assert "revised" not in kinds and kinds[-1] == "filed"


def test_the_warnings_follow_the_kind_before_anything_is_confirmed(
    signed_in_app, app_resources, open_page
):
    ref = _first_report(app_resources, hours_ago=2)
    app = _filing_page(signed_in_app, open_page, ref)
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY).run()
    assert "ännu inte känt, kompletteras" in _warnings(app)
    assert not app.button(key=f"br_f_go.{ref}").disabled
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.COMPLETE).run()
    _no_trouble(app)
    todo = " ".join(_texts(app.main.info))
    assert filings.REFUSED.sv in todo and "fyraögonsprincipen" in todo
    assert app.button(key=f"br_f_go.{ref}").disabled


def test_the_time_it_went_in_to_imy_is_what_the_filing_and_the_clocks_keep(
    signed_in_app, app_resources, open_page
):
    ref = _first_report(app_resources, hours_ago=30)
    # Typed as Swedish time: never in the hour the clocks repeat, which the app refuses.
    earlier = to_stockholm(from_stockholm(hours_ago(20)))
    app = _filing_page(signed_in_app, open_page, ref)
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY)
    app.date_input(key=f"br_f_sub_date.{ref}").set_value(earlier.date())
    app.time_input(key=f"br_f_sub_time.{ref}").set_value(earlier.time()).run()
    _confirm_and_file(app, ref)
    [filed] = app_resources.workspace.filings(ref)
    assert filed.filed_at == earlier
    art33 = next(c for c in app_resources.workspace.clocks(ref) if c.key == "gdpr_art33")
    assert art33.met_at == earlier
    # The history keeps both: when it was recorded here, and when it went in to IMY.
    history = open_page(signed_in_app(incident=ref, lang="sv"), "history").run()
    _no_trouble(history)
    shown = history.main.get("arrow_data_frame") or history.main.get("dataframe")
    cells = " ".join(str(v) for frame in shown for v in frame.value.to_numpy().ravel())
    assert f"inlämnad till IMY {format_local(earlier, 'sv')}" in cells


def test_a_time_before_awareness_is_refused_before_filing(signed_in_app, app_resources, open_page):
    ref = _first_report(app_resources, hours_ago=2)
    app = _filing_page(signed_in_app, open_page, ref, "en")
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.PRELIMINARY)
    two_days_ago = to_stockholm(utc_now() - timedelta(days=2)).date()
    app.date_input(key=f"br_f_sub_date.{ref}").set_value(two_days_ago).run()
    _no_trouble(app)
    assert "cannot have been submitted to IMY before awareness" in " ".join(_texts(app.main.info))
    assert app.button(key=f"br_f_go.{ref}").disabled


def test_only_a_supplement_offers_to_complete_the_notification(
    signed_in_app, app_resources, open_page
):
    ref = _first_report(app_resources, hours_ago=2)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.file(actor=dpo.actor, ref=ref, kind=FilingKind.PRELIMINARY)
    app = _filing_page(signed_in_app, open_page, ref, "en")
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.SUPPLEMENT).run()
    [final] = [c for c in app.checkbox if c.key == f"br_f_final.{ref}"]
    assert final.label == filings.FINAL.en
    final.check().run()
    _no_trouble(app)
    assert "four eyes" in " ".join(_texts(app.main.info))
    app.radio(key=f"br_f_kind.{ref}").set_value(FilingKind.COMPLETE).run()
    assert not [c for c in app.checkbox if c.key == f"br_f_final.{ref}"]
