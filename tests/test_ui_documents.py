"""The documents in the app, driven with AppTest: the filings, review and notice pages and the
register on the overview. Drawing a page makes and records nothing; a download is made only when
clicked, and each one is recorded once in the incident's history with its document, language and
format. Files are read back as their readers would (python-docx, pypdf, csv, openpyxl).
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from documents_support import pdf_text
from documents_support import word_text as _word_text
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from ui_support import app_session
from ui_support import no_trouble as _no_trouble
from ui_support import shown as _texts

from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import ORGANISATION
from breachreport.documents.notice import notice_readability
from breachreport.documents.register_export import COLUMNS
from breachreport.domain.circumstances import Outcome
from breachreport.domain.status import Role
from breachreport.services import HistoryEntry
from breachreport.ui import texts
from breachreport.ui.downloads import DownloadFailed
from breachreport.ui.incident import answers
from breachreport.ui.incident import notice as notice_page
from breachreport.ui.incident import review as review_page

LANGS = ["sv", "en"]
PASSWORD = "fyra gröna äpplen i korgen"
HEADER = {key: title for key, title, _ in COLUMNS}
NOT_NOTIFIED_REASON = "Disken är krypterad med stark nyckel som inte har röjts."
# Long words and one endless sentence: officialese that no reader should get.
OFFICIALESE = (
    "Organisationens informationssäkerhetsrelaterade incidenthanteringsprocess identifierade "
    "otillräckliga behörighetsadministrationsrutiner avseende leverantörsförvaltade "
    "verksamhetssystem, varigenom obehöriga externa aktörer sannolikt erhöll möjlighet till "
    "åtkomst avseende patientadministrativa uppgifter samt kompletterande journalinformation "
    "innefattande diagnosrelaterade anteckningar."
)
Makers = dict[str, Callable[[], bytes]]


@pytest.fixture
def made(monkeypatch) -> Makers:
    """The download buttons' file makers, by file name, as Streamlit registers them."""
    found: Makers = {}

    def register(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        found[file_name] = data_callable
        return f"deferred-{len(found)}"

    monkeypatch.setattr(MediaFileManager, "add_deferred", register)
    return found


@pytest.fixture
def demo(app_resources) -> str:
    """The scenario incident: filed as preliminary (1) and a final supplement (2), people
    informed."""
    return load_demo(app_resources.workspace).reference


@pytest.fixture
def reviewer(app_resources, demo):
    """A legal reviewer assigned to the scenario incident."""
    dpo = app_resources.accounts.list()[0]
    account = app_resources.accounts.add(
        by=dpo,
        username="jurist@nordmark.example.se",
        display_name="Johan Ek",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    app_resources.workspace.reviews.assign_reviewer(
        actor=dpo.actor, ref=demo, reviewer=account.actor
    )
    return account


def _as(account, page: str, open_page, *, ref: str | None = None, lang: str = "sv") -> AppTest:
    app = app_session(account_id=account.id, lang=lang, incident=ref or None)
    app = open_page(app, page).run()
    _no_trouble(app)
    return app


def _downloads(resources, ref: str) -> list[HistoryEntry]:
    return [e for e in resources.workspace.history(ref) if e.kind == "document_downloaded"]


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


def _readable(data: bytes, fmt: str) -> str:
    """The text a reader sees in the file."""
    if fmt == "pdf":
        return _pdf_text(data)
    if fmt == "docx":
        return _word_text(data)
    return data.decode("utf-8")


# -- drawing a page ------------------------------------------------------------------------------


CERT_SE_KINDS = ("early-warning", "incident-notification", "progress-report", "final-report")


def _expected(ref: str, page: str, version: int) -> set[str]:
    both = ("sv", "en")
    if page == "filings":
        # The demo's region is an essential entity: CERT-SE's reports are offered as drafts too.
        more = ("edpb-template", *(f"cert-se-{kind}" for kind in CERT_SE_KINDS))
        return {
            f"{ref}.imy-notification.{which}.{lang}.{fmt}"
            for which in ("draft", "1-preliminary", "2-supplement")
            for lang in both
            for fmt in ("md", "html", "docx", "pdf")
        } | {
            f"{ref}.{doc}.draft.{lang}.{fmt}"
            for doc in more
            for lang in both
            for fmt in ("md", "html", "docx", "pdf")
        }
    if page == "review":
        return {f"{ref}.review-copy.v{version}.{fmt}" for fmt in ("pdf", "html", "md")} | {
            f"{ref}.imy-notification.draft.{lang}.{fmt}" for lang in both for fmt in ("docx", "pdf")
        }
    return {
        f"{ref}.data-subject-notice.{lang}.{fmt}"
        for lang in both
        for fmt in ("md", "html", "docx", "pdf")
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["filings", "review", "notice"])
def test_drawing_a_document_page_offers_every_file_but_makes_and_records_none(
    app_resources, open_page, demo, made, page, lang
):
    dpo = app_resources.accounts.list()[0]
    before = _downloads(app_resources, demo)
    _as(dpo, page, open_page, ref=demo, lang=lang)
    version = app_resources.workspace.incident(demo).version
    assert set(made) == _expected(demo, page, version)
    assert _downloads(app_resources, demo) == before == []


# -- a download is one entry in the history ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "recorded", "fmt"),
    [
        ("draft.sv.docx", "imy-notification · sv · docx", "docx"),
        ("draft.en.pdf", "imy-notification · en · pdf", "pdf"),
        ("draft.sv.md", "imy-notification · sv · md", "md"),
        ("1-preliminary.en.docx", "imy-notification · en · docx · filing 1", "docx"),
        ("2-supplement.sv.pdf", "imy-notification · sv · pdf · filing 2", "pdf"),
        ("2-supplement.en.html", "imy-notification · en · html · filing 2", "html"),
    ],
)
def test_a_filings_download_is_made_on_click_and_recorded_once(
    app_resources, open_page, demo, made, name, recorded, fmt
):
    dpo = app_resources.accounts.list()[0]
    _as(dpo, "filings", open_page, ref=demo)
    content = made[f"{demo}.imy-notification.{name}"]()
    [entry] = _downloads(app_resources, demo)
    assert (entry.document, entry.actor, entry.role) == (recorded, "Karin Holm", "dpo")
    text = _readable(content, fmt)
    assert "Region Nordmark" in text and demo in text
    if "filing" in recorded:  # the frozen copy, exactly as it was kept
        seq = int(recorded.rsplit(" ", 1)[-1])
        lang = name.split(".")[1]
        kept = app_resources.workspace.render(
            ref=demo, lang=lang, fmt=fmt, filing_seq=seq, actor=dpo.actor
        )
        assert content == kept


def test_every_click_is_a_download_of_its_own(app_resources, open_page, demo, made):
    dpo = app_resources.accounts.list()[0]
    _as(dpo, "filings", open_page, ref=demo, lang="en")
    make = made[f"{demo}.imy-notification.draft.en.md"]
    make()
    make()
    found = _downloads(app_resources, demo)
    assert [e.document for e in found] == ["imy-notification · en · md"] * 2


# -- the review page -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_legal_reviewer_downloads_the_review_copy_in_both_languages(
    app_resources, open_page, demo, reviewer, made, lang
):
    app = _as(reviewer, "review", open_page, ref=demo, lang=lang)
    assert review_page.REVIEW_COPY(lang) in _texts(app.header)
    version = app_resources.workspace.incident(demo).version
    content = made[f"{demo}.review-copy.v{version}.pdf"]()
    [entry] = _downloads(app_resources, demo)
    assert (entry.document, entry.actor, entry.role) == (
        "review-copy · sv+en · pdf",
        "Johan Ek",
        "legal_reviewer",
    )
    text = _pdf_text(content)
    # Swedish and English side by side, with the assessment's reasons.
    assert "Vad har hänt?" in text and "What happened?" in text


@pytest.mark.parametrize(("lang", "fmt"), [("sv", "docx"), ("en", "pdf")])
def test_a_legal_reviewer_downloads_the_draft_as_word_or_pdf(
    app_resources, open_page, demo, reviewer, made, lang, fmt
):
    _as(reviewer, "review", open_page, ref=demo, lang="en")
    content = made[f"{demo}.imy-notification.draft.{lang}.{fmt}"]()
    [entry] = _downloads(app_resources, demo)
    assert entry.document == f"imy-notification · {lang} · {fmt}"
    assert entry.actor == "Johan Ek"
    assert "Region Nordmark" in _readable(content, fmt)


def test_a_reviewer_no_longer_assigned_gets_no_file_and_nothing_is_recorded(
    app_resources, open_page, demo, reviewer, made
):
    _as(reviewer, "review", open_page, ref=demo)
    dpo = app_resources.accounts.list()[0]
    app_resources.workspace.reviews.remove_reviewer(
        actor=dpo.actor, ref=demo, reviewer=reviewer.actor
    )
    version = app_resources.workspace.incident(demo).version
    with pytest.raises(DownloadFailed):
        made[f"{demo}.review-copy.v{version}.html"]()
    assert _downloads(app_resources, demo) == []


# -- the notice to the data subjects -------------------------------------------------------------


def _frames(app: AppTest) -> list[str]:
    """The HTML of each preview frame, from its data: URL."""
    found = []
    for frame in app.get("iframe"):
        prefix, encoded = frame.proto.src.split(",", 1)
        assert prefix == "data:text/html;charset=utf-8;base64"
        found.append(base64.b64decode(encoded).decode("utf-8"))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_notice_page_shows_both_notices_the_lix_score_and_the_duty(
    app_resources, open_page, demo, lang
):
    dpo = app_resources.accounts.list()[0]
    app = _as(dpo, "notice", open_page, ref=demo, lang=lang)
    assert app.title[0].value == f"{texts.NAV_NOTICE(lang)} · {demo}"
    swedish, english = _frames(app)
    assert "Viktig information om dina personuppgifter" in swedish
    assert "Important information about your personal data" in english
    score = notice_readability(app_resources.workspace.incident(demo).facts, "sv")
    assert score < notice_page.LIX_GOAL
    line = notice_page.lix_line(score, lang)
    assert line in _texts(app.success)
    assert notice_page.readability_meaning(score)(lang) in line
    assert not app.warning
    # The scenario's assessment and decision both say the people must be told.
    facts = app_resources.workspace.incident(demo).facts
    shown = _texts(app.markdown)
    assert notice_page.MUST(lang) in shown
    decided = notice_page.decision_says(facts)(lang)
    assert decided == notice_page.DECIDED_TELL(lang).format(
        label=Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS.label(lang)
    )
    assert decided in shown
    assert _downloads(app_resources, demo) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_notice_hard_to_read_is_warned_about_and_names_the_dpos_texts(
    app_resources, open_page, demo, lang
):
    dpo = app_resources.accounts.list()[0]
    workspace = app_resources.workspace
    workspace.revise(
        actor=dpo.actor,
        ref=demo,
        changes={
            "description.summary": " ".join([OFFICIALESE] * 3),
            "measures.taken": " ".join([OFFICIALESE] * 3),
            "measures.planned": OFFICIALESE,
            "consequences.details": OFFICIALESE,
        },
        expected_version=workspace.incident(demo).version,
    )
    score = notice_readability(workspace.incident(demo).facts, "sv")
    assert score >= notice_page.LIX_GOAL
    app = _as(dpo, "notice", open_page, ref=demo, lang=lang)
    [warning] = _texts(app.warning)
    assert warning.startswith(notice_page.lix_line(score, lang))
    assert answers.label("description.summary", lang) in warning
    assert not app.success or all("LIX" not in text for text in _texts(app.success))


@pytest.mark.parametrize(("lang", "fmt"), [("sv", "pdf"), ("en", "md"), ("en", "html")])
def test_a_notice_download_is_recorded_with_its_language_and_format(
    app_resources, open_page, demo, made, lang, fmt
):
    dpo = app_resources.accounts.list()[0]
    _as(dpo, "notice", open_page, ref=demo, lang="sv")
    content = made[f"{demo}.data-subject-notice.{lang}.{fmt}"]()
    [entry] = _downloads(app_resources, demo)
    assert entry.document == f"data-subject-notice · {lang} · {fmt}"
    title = {
        "sv": "Viktig information om dina personuppgifter",
        "en": "Important information about your personal data",
    }[lang]
    assert title in _readable(content, fmt)


def test_an_assigned_reviewer_opens_the_notice_page(app_resources, open_page, demo, reviewer):
    app = _as(reviewer, "notice", open_page, ref=demo, lang="en")
    assert app.title[0].value == f"{texts.NAV_NOTICE.en} · {demo}"
    assert len(_frames(app)) == 2


# -- the register --------------------------------------------------------------------------------


def _not_notified(resources) -> str:
    """A lost, encrypted laptop that the DPO decided only to document."""
    dpo = resources.accounts.list()[0]
    laptop = resources.workspace.open_incident(
        actor=dpo.actor,
        changes={
            **ORGANISATION,
            "description.title_internal": "Krypterad bärbar dator glömd på tåg",
            "times.aware_at": "2024-02-20T09:00",
            "description.breach_type": "loss_or_theft",
            "data.data_categories": ["identity", "contact"],
            "circumstances.encryption": "strong_key_safe",
        },
    )
    resources.workspace.decide(
        actor=dpo.actor,
        ref=laptop.reference,
        outcome=Outcome.DOCUMENT_ONLY,
        reason=NOT_NOTIFIED_REASON,
        expected_version=laptop.version,
    )
    return laptop.reference


def _register_file(made: Makers, lang: str, fmt: str) -> bytes:
    [name] = [
        n for n in made if n.startswith("breachreport-register.") and n.endswith(f".{lang}.{fmt}")
    ]
    return made[name]()


def _csv_rows(data: bytes, lang: str) -> dict[str, dict[str, str]]:
    records = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    return {r[HEADER["reference"](lang)]: r for r in records}


def _xlsx_rows(data: bytes, lang: str) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    records = [dict(zip(header, row, strict=True)) for row in rows]
    return {str(r[HEADER["reference"](lang)]): r for r in records}


@pytest.mark.parametrize("lang", LANGS)
def test_the_register_downloads_include_an_incident_not_notified(
    app_resources, open_page, demo, made, lang
):
    laptop = _not_notified(app_resources)
    dpo = app_resources.accounts.list()[0]
    _as(dpo, "overview", open_page, lang=lang)
    # The overview offers the register and the person's own deadline calendar, nothing else.
    assert {n.split(".")[0] for n in made} == {"breachreport-register", "breachreport-deadlines"}
    for rows in (
        _csv_rows(_register_file(made, lang, "csv"), lang),
        _xlsx_rows(_register_file(made, lang, "xlsx"), lang),
    ):
        assert set(rows) == {demo, laptop}
        entry = rows[laptop]
        assert entry[HEADER["decision"](lang)] == Outcome.DOCUMENT_ONLY.label(lang)
        assert entry[HEADER["decision_reason"](lang)] == NOT_NOTIFIED_REASON
        assert entry[HEADER["decided_by"](lang)] == "Karin Holm"
    assert _downloads(app_resources, demo) == []


def test_a_reviewers_register_holds_their_assigned_incidents_only(
    app_resources, open_page, demo, reviewer, made
):
    _not_notified(app_resources)
    _as(reviewer, "overview", open_page, lang="en")
    assert set(_csv_rows(_register_file(made, "en", "csv"), "en")) == {demo}
