"""The evidence page, driven with AppTest: a file attached is listed with its SHA-256, its content is
fetched only when its download is clicked (and the history says so), a disguised or oversized file
is refused with a clear message, and a reviewer not assigned sees nothing."""

from __future__ import annotations

import hashlib

import pytest
from collaboration_support import MINIMUM, PDF
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from ui_support import app_session
from ui_support import no_trouble as _no_trouble
from ui_support import shown as _texts

from breachreport.domain.status import Role
from breachreport.services.evidence import MAX_BYTES
from breachreport.ui.incident import evidence as evidence_page

LANGS = ["sv", "en"]
PASSWORD = "fyra gröna äpplen i korgen"
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48  # a program


def _incident(resources) -> str:
    dpo = resources.accounts.list()[0]
    return resources.workspace.open_incident(actor=dpo.actor, changes=MINIMUM).reference


def _page(signed_in_app, open_page, ref: str, lang: str = "sv") -> AppTest:
    app = open_page(signed_in_app(incident=ref, lang=lang), "evidence").run()
    _no_trouble(app)
    return app


def _attach(app: AppTest, ref: str, name: str, content: bytes, mime: str, lang: str = "sv"):
    app.file_uploader(key=f"br_ev_file.{ref}").set_value((name, content, mime))
    app.text_input(key=f"br_ev_description.{ref}").input("Rapport från Samplans forensiker")
    [attach] = [b for b in app.button if b.label == evidence_page.ATTACH(lang)]
    attach.click().run()
    _no_trouble(app)
    return app


def _downloads(monkeypatch) -> dict[str, object]:
    """The download buttons' content makers, by file name, as Streamlit registers them."""
    made: dict[str, object] = {}

    def register(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        made[file_name] = data_callable
        return f"deferred-{len(made)}"

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)
    return made


def _reviewer(resources, *, assigned_to: str | None):
    dpo = resources.accounts.list()[0]
    reviewer = resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    if assigned_to:
        resources.workspace.reviews.assign_reviewer(
            actor=dpo.actor, ref=assigned_to, reviewer=reviewer.actor
        )
    return reviewer


def _as(account, ref: str, open_page, lang: str = "sv") -> AppTest:
    app = app_session(account_id=account.id, incident=ref, lang=lang)
    app = open_page(app, "evidence").run()
    _no_trouble(app)
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_an_attached_pdf_is_listed_with_its_hash_and_downloads_only_on_click(
    signed_in_app, app_resources, open_page, monkeypatch, lang
):
    ref = _incident(app_resources)
    made = _downloads(monkeypatch)
    app = _attach(
        _page(signed_in_app, open_page, ref, lang),
        ref,
        "forensics.pdf",
        PDF,
        "application/pdf",
        lang,
    )
    assert any("forensics.pdf" in s for s in _texts(app.success))
    [stored] = app_resources.workspace.evidence.files(ref=ref)
    assert (stored.filename, stored.description) == (
        "forensics.pdf",
        "Rapport från Samplans forensiker",
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert digest in _texts(app.code)
    shown = " ".join(_texts(app.markdown))
    assert "forensics.pdf" in shown and "PDF" in shown and f"{len(PDF)} B" in shown
    assert "Karin Holm" in " ".join(_texts(app.caption))

    # Drawing the button fetched nothing; clicking it fetches the file and the history says so.
    assert "forensics.pdf" in made
    kinds = [e.kind for e in app_resources.workspace.history(ref)]
    assert "evidence_downloaded" not in kinds
    assert made["forensics.pdf"]() == PDF
    last = app_resources.workspace.history(ref)[-1]
    assert (last.kind, last.actor, last.role) == ("evidence_downloaded", "Karin Holm", "dpo")


@pytest.mark.parametrize("lang", LANGS)
def test_a_disguised_file_is_refused_with_a_clear_message(
    signed_in_app, app_resources, open_page, lang
):
    ref = _incident(app_resources)
    app = _attach(
        _page(signed_in_app, open_page, ref, lang),
        ref,
        "invoice.pdf",
        DISGUISED,
        "application/pdf",
        lang,
    )
    [message] = [e for e in _texts(app.error) if "invoice.pdf" in e]
    assert message.startswith(
        {"sv": "invoice.pdf kan inte bifogas", "en": "invoice.pdf cannot be attached"}[lang]
    )
    assert "PDF (.pdf)" in message
    assert app_resources.workspace.evidence.files(ref=ref) == []


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    big = PDF + b"\x00" * (MAX_BYTES + 1 - len(PDF))
    app = _attach(_page(signed_in_app, open_page, ref, "en"), ref, "dump.pdf", big, "", "en")
    assert "dump.pdf is larger than 20 MB; attach a smaller file or split it." in _texts(app.error)
    assert app_resources.workspace.evidence.files(ref=ref) == []


def test_what_the_service_refuses_is_shown_not_raised(signed_in_app, app_resources, open_page):
    ref = _incident(app_resources)
    app = _attach(
        _page(signed_in_app, open_page, ref, "en"), ref, "empty.txt", b"", "text/plain", "en"
    )
    assert any(e.startswith(evidence_page.REFUSED.en) and "empty" in e for e in _texts(app.error))
    assert app_resources.workspace.evidence.files(ref=ref) == []


def test_the_browsers_odd_type_for_a_csv_does_not_refuse_it(
    signed_in_app, app_resources, open_page
):
    ref = _incident(app_resources)
    app = _attach(
        _page(signed_in_app, open_page, ref),
        ref,
        "counts.csv",
        b"ward;count\n12;40\n",
        "application/vnd.ms-excel",
    )
    [stored] = app_resources.workspace.evidence.files(ref=ref)
    assert stored.media_type == "text/csv"
    assert not [e for e in _texts(app.error) if "counts.csv" in e]


def test_the_accepted_kinds_and_the_limit_are_shown(signed_in_app, app_resources, open_page):
    ref = _incident(app_resources)
    app = _page(signed_in_app, open_page, ref, "en")
    shown = " ".join(_texts(app.caption))
    assert "PDF (.pdf)" in shown and "Word document (.docx)" in shown and "20 MB" in shown
    assert ".msg" in app.file_uploader(key=f"br_ev_file.{ref}").allowed_type


def test_an_assigned_reviewer_lists_and_downloads_but_cannot_attach(
    app_resources, open_page, monkeypatch
):
    ref = _incident(app_resources)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.evidence.upload(
        actor=dpo.actor, ref=ref, filename="forensics.pdf", content=PDF
    )
    reviewer = _reviewer(app_resources, assigned_to=ref)
    made = _downloads(monkeypatch)
    app = _as(reviewer, ref, open_page)
    assert "forensics.pdf" in " ".join(_texts(app.markdown))
    assert not app.file_uploader
    assert made["forensics.pdf"]() == PDF
    last = app_resources.workspace.history(ref)[-1]
    assert (last.kind, last.actor) == ("evidence_downloaded", "Johan Ek")


@pytest.mark.parametrize("lang", LANGS)
def test_a_reviewer_not_assigned_sees_a_message_and_no_file(
    app_resources, open_page, monkeypatch, lang
):
    ref = _incident(app_resources)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.evidence.upload(
        actor=dpo.actor, ref=ref, filename="forensics.pdf", content=PDF
    )
    reviewer = _reviewer(app_resources, assigned_to=None)
    made = _downloads(monkeypatch)
    app = _as(reviewer, ref, open_page, lang)
    refusal = "not assigned" if lang == "en" else "inte utsedd att granska"
    assert any(refusal in e for e in _texts(app.error))
    assert "forensics.pdf" not in " ".join(_texts(app.markdown))
    assert made == {} and not app.file_uploader
