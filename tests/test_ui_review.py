"""The legal review page: drafts side by side, comments, approval and its withdrawal, assignment."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from ui_support import app_session

from breachreport.demo.loading import load_demo
from breachreport.domain.status import Role

PASSWORD = "fyra gröna äpplen i korgen"


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


def _as(account, ref: str, open_page, lang: str = "sv") -> AppTest:
    app = app_session(account_id=account.id, incident=ref, lang=lang)
    app = open_page(app, "review").run()
    assert not app.exception
    return app


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_review_page_renders_for_the_dpo_in_both_languages(
    app_resources, open_page, reviewer, lang
):
    demo = load_demo(app_resources.workspace)
    dpo = app_resources.accounts.list()[0]
    app = _as(dpo, demo.reference, open_page, lang)
    heading = {"sv": "Granskning", "en": "Review"}[lang]
    assert app.title[0].value.startswith(heading)
    assert not app.error


def test_the_dpo_assigns_the_reviewer_from_the_page(app_resources, open_page, reviewer):
    demo = load_demo(app_resources.workspace)
    dpo = app_resources.accounts.list()[0]
    app = _as(dpo, demo.reference, open_page)
    app.selectbox(key=f"br_review_who.{demo.reference}").select(reviewer.id)
    app.button(key=f"br_review_assign.{demo.reference}").click().run()
    assert not app.exception
    names = [a.reviewer for a in app_resources.workspace.reviews.reviewers(ref=demo.reference)]
    assert "Johan Ek" in names


def test_a_reviewer_comments_approves_and_a_later_change_withdraws_it(
    app_resources, open_page, reviewer
):
    demo = load_demo(app_resources.workspace)
    dpo = app_resources.accounts.list()[0]
    reviews = app_resources.workspace.reviews
    reviews.assign_reviewer(actor=dpo.actor, ref=demo.reference, reviewer=reviewer.actor)
    app = _as(reviewer, demo.reference, open_page)
    app.text_area(key=f"br_review_text.{demo.reference}").input("Stryk leverantörens namn i E.")
    [send] = [b for b in app.button if b.label == "Skicka kommentar"]
    send.click().run()
    assert not app.exception
    comments = reviews.comments(ref=demo.reference)
    assert (
        comments[-1].text == "Stryk leverantörens namn i E." and comments[-1].author == "Johan Ek"
    )

    # The demo was approved before its last filing; a change withdraws that approval.
    def change(text: str) -> int:
        version = app_resources.workspace.incident(demo.reference).version
        app_resources.workspace.revise(
            actor=dpo.actor,
            ref=demo.reference,
            changes={"measures.planned": text},
            expected_version=version,
        )
        return version + 1

    version = change("Avtalen ses över före sommaren.")
    app = _as(reviewer, demo.reference, open_page)
    assert any("gäller inte längre" in w.value for w in app.warning)
    [approve] = [b for b in app.button if b.label == f"Godkänn version {version}"]
    approve.click().run()
    assert not app.exception
    state = reviews.current_approval(ref=demo.reference)
    assert state.approved and state.approval.facts_version == version

    later = change("Avtalen ses över före hösten.")
    app = _as(reviewer, demo.reference, open_page)
    assert any("gäller inte längre" in w.value for w in app.warning)
    assert [b for b in app.button if b.label == f"Godkänn version {later}"]
