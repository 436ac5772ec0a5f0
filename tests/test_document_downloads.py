"""Every document through the services and the command line: which exist in which formats, who may
take a copy, that each copy taken is in the history, and the register as CSV and Excel with the
incidents that were not notified."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from documents_support import text_of
from openpyxl import load_workbook

from breachreport.cli import main
from breachreport.demo.loading import load_demo
from breachreport.documents.catalogue import DOCUMENTS, file_name
from breachreport.domain.circumstances import Outcome
from breachreport.domain.status import Role
from breachreport.errors import InputError, NotFound, PermissionDenied
from breachreport.services import Actor, Workspace

DPO = Actor(name="Karin Holm", role=Role.DPO)
SUPPLIER = Actor(name="Omar Haddad", role=Role.SUPPLIER_CONTACT)
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
LAPTOP = "Bärbar dator glömd på tåget"
NOT_NOTIFIED = "Disken var krypterad med stark nyckel; ingen risk för de registrerade."


@pytest.fixture
def world(store):
    workspace = Workspace(store, clock=lambda: NOW)
    scenario = load_demo(workspace).reference
    laptop = workspace.open_incident(
        actor=DPO,
        changes={
            "description.title_internal": LAPTOP,
            "times.aware_at": "2024-02-20T09:00",
            "description.summary": "A laptop with an encrypted disk was left on a train.",
            "description.breach_type": "loss_or_theft",
            "description.kinds": ["confidentiality"],
        },
        at=NOW,
    ).reference
    workspace.decide(
        actor=DPO,
        ref=laptop,
        outcome=Outcome.DOCUMENT_ONLY,
        reason=NOT_NOTIFIED,
        expected_version=workspace.incident(laptop).version,
        at=NOW,
    )
    return workspace, scenario, laptop


def test_every_document_in_every_format_carries_the_incident_and_is_recorded(world):
    workspace, ref, _ = world
    taken = []
    for document, kind in DOCUMENTS.items():
        for fmt in kind.formats:
            data = workspace.download(ref=ref, document=document, lang="sv", fmt=fmt, actor=DPO)
            text = text_of(fmt, data)
            assert ref in text, (document, fmt)
            assert "Region Nordmark" in text, (document, fmt)
            lang = "sv+en" if kind.bilingual else "sv"
            taken.append(f"{document} · {lang} · {fmt}")
    entries = [e for e in workspace.history(ref) if e.kind == "document_downloaded"]
    assert [e.document for e in entries] == taken
    assert {(e.actor, e.role) for e in entries} == {("Karin Holm", "dpo")}


def test_a_preview_is_not_a_download(world):
    workspace, ref, _ = world
    workspace.render(ref=ref, document="data-subject-notice", lang="en", fmt="html")
    assert not [e for e in workspace.history(ref) if e.kind == "document_downloaded"]


def test_a_frozen_filing_download_names_the_filing(world):
    workspace, ref, _ = world
    data = workspace.download(ref=ref, lang="en", fmt="docx", filing_seq=2, actor=DPO)
    assert "this supplement completes the notification" in text_of("docx", data)
    entry = workspace.history(ref)[-1]
    assert entry.document == "imy-notification · en · docx · filing 2"


def test_formats_a_document_does_not_come_in_are_refused_clearly(world):
    workspace, ref, _ = world
    with pytest.raises(InputError, match="comes as md, html, pdf"):
        workspace.render(ref=ref, document="review-copy", lang="sv", fmt="docx")
    with pytest.raises(InputError, match="Unknown document"):
        workspace.render(ref=ref, document="press-release", lang="sv", fmt="html")
    with pytest.raises(InputError, match="Only the IMY notification"):
        workspace.render(ref=ref, document="review-copy", fmt="html", filing_seq=1)
    with pytest.raises(NotFound):
        workspace.render(ref=ref, fmt="html", filing_seq=9)


def test_the_notice_tells_people_when_imy_was_notified_once_it_was(world):
    workspace, ref, laptop = world
    told = "Vi har anmält det som hänt till Integritetsskyddsmyndigheten (IMY) den 22 januari 2024."
    notice = workspace.render(ref=ref, document="data-subject-notice", lang="sv", fmt="md")
    assert told in notice.decode()
    draft = workspace.render(ref=laptop, document="data-subject-notice", lang="sv", fmt="md")
    assert "Vi har anmält" not in draft.decode()  # never filed: nothing claimed about IMY


def test_a_supplier_contact_takes_no_document(world):
    workspace, ref, _ = world
    with pytest.raises(PermissionDenied):
        workspace.download(ref=ref, fmt="pdf", actor=SUPPLIER)
    assert not [e for e in workspace.history(ref) if e.kind == "document_downloaded"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_register_holds_the_incident_that_was_not_notified_with_reason_and_decider(world, lang):
    workspace, ref, laptop = world
    rows = list(
        csv.reader(
            io.StringIO(workspace.register_file(fmt="csv", lang=lang).decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header, body = rows[0], rows[1:]
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_ref) == {ref, laptop}
    assert NOT_NOTIFIED in by_ref[laptop].values()
    assert "Karin Holm" in by_ref[laptop].values()
    sheet = load_workbook(io.BytesIO(workspace.register_file(fmt="xlsx", lang=lang))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert {row[0] for row in cells[1:]} == {ref, laptop}
    assert any(NOT_NOTIFIED in row for row in cells)


def test_the_register_comes_as_csv_or_xlsx_only(world):
    workspace, _, _ = world
    with pytest.raises(InputError, match="csv or xlsx"):
        workspace.register_file(fmt="pdf")


def test_file_names_say_what_the_download_is():
    assert file_name("BR-2024-0001", "review-copy", "sv", "pdf") == "BR-2024-0001.review-copy.pdf"
    assert (
        file_name("BR-2024-0001", "imy-notification", "en", "docx", "2-complete")
        == "BR-2024-0001.imy-notification.2-complete.en.docx"
    )


# -- the command line ------------------------------------------------------------------------------


def test_register_and_documents_from_the_command_line(home, capsys, tmp_path):
    assert main(["demo"]) == 0
    out = tmp_path / "register.xlsx"
    assert main(["register", "--format", "xlsx", "--output", str(out)]) == 0
    assert load_workbook(out).active["A2"].value == "BR-2024-0001"
    capsys.readouterr()
    assert main(["--lang", "sv", "register"]) == 0
    assert capsys.readouterr().out.startswith("\ufeffÄrende;")
    notice = tmp_path / "notice.pdf"
    assert (
        main(
            [
                "render",
                "BR-2024-0001",
                "--document",
                "data-subject-notice",
                "--format",
                "pdf",
                "--output",
                str(notice),
            ]
        )
        == 0
    )
    assert "Region Nordmark" in text_of("pdf", notice.read_bytes())
    assert main(["history", "BR-2024-0001"]) == 0
    assert "document_downloaded [data-subject-notice · sv · pdf]" in capsys.readouterr().out


def test_a_supplier_contact_cannot_render_from_the_command_line(home, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    supplier = ["--as", "Omar Haddad", "--role", "supplier_contact"]
    code = main(["--lang", "en", *supplier, "render", "BR-2024-0001"])  # "may not": English
    assert code != 0
    err = capsys.readouterr().err
    assert "may not" in err and "Traceback" not in err


def test_the_json_export_validates_against_the_published_schema(world):
    import jsonschema

    from breachreport.domain.facts import facts_schema

    workspace, ref, laptop = world
    validator = jsonschema.Draft202012Validator(facts_schema())
    for one in (ref, laptop):
        exported = workspace.export(one)
        assert list(validator.iter_errors(exported)) == []
    broken = workspace.export(ref)
    broken["data"]["subjects_count"] = {"value": "many"}
    assert list(validator.iter_errors(broken))  # the check itself can fail


def test_without_pdf_libraries_a_filing_still_goes_through_and_its_pdf_comes_later(
    store, monkeypatch
):
    """A server without Pango must not stop the 72-hour filing: the filed HTML is kept, and its
    PDF is laid out from that frozen HTML once PDF works."""
    import breachreport.documents.notification as notification
    from breachreport.errors import SettingsError

    def missing(_html: str) -> bytes:
        raise SettingsError("PDF needs Debian's libpango-1.0-0")

    workspace = Workspace(store, clock=lambda: NOW)
    monkeypatch.setattr(notification, "render_pdf", missing)
    incident = load_demo(workspace, until=datetime(2024, 1, 22, 15, 0, tzinfo=UTC))
    ref = incident.reference
    [filed] = workspace.filings(ref)
    monkeypatch.undo()
    pdf = workspace.render(ref=ref, lang="sv", fmt="pdf", filing_seq=filed.seq)
    assert "Preliminär anmälan" in text_of("pdf", pdf)


def test_a_shredded_incident_stays_in_the_register_as_a_tombstone(world):
    workspace, ref, laptop = world
    workspace.shred(ref=laptop, actor=DPO, reason="Retention period passed.", at=NOW)
    text = workspace.register_file(fmt="csv", lang="en").decode("utf-8-sig")
    [line] = [row for row in text.splitlines() if row.startswith(laptop)]
    assert "Shredded (" in line
    assert "2024-03-01 13:00, Karin Holm: Retention period passed." in line
    assert LAPTOP not in text  # the title was sealed with the destroyed key
    assert ref in text
