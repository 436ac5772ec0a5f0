"""Evidence on both backends: accepted kinds recognised by content, a size limit, sealed at rest
with the incident's key, listed with its hash, downloaded only by those who may (a supplier
contact: only their own), and every download in the history."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from collaboration_support import PDF, World, build_world
from sqlmodel import SQLModel

import breachreport.services.evidence as evidence_module
from breachreport.domain.file_types import sniff
from breachreport.errors import InputError, IntegrityError, PermissionDenied
from breachreport.storage import open_store

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EML = (
    b"From: Omar Haddad <omar@samplan.example.se>\r\n"
    b"To: dso@nordmark.example.se\r\n"
    b"Subject: Forensic report\r\n"
    b"MIME-Version: 1.0\r\n\r\n"
    b"The report is attached.\r\n"
)


def office(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", *names):
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = office("word/document.xml")
XLSX = office("xl/workbook.xml")


@pytest.fixture
def world(store) -> World:
    return build_world(store)


def upload(world: World, actor=None, *, filename="forensics.pdf", content=PDF, **more):
    return world.workspace.evidence.upload(
        actor=actor or world.dpo.actor, ref=world.ref, filename=filename, content=content, **more
    )


# -- what may be attached ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "media_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("screen.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        (
            "timeline.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "counts.xlsx",
            XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.txt", "Loggarna visar ingen utgående trafik.\n".encode(), "text/plain"),
        ("firewall.log", b"2024-01-19 23:31 DENY out\n", "text/plain"),
        ("patients.csv", b"ward;count\n12;40\n", "text/csv"),
        ("mail.eml", EML, "message/rfc822"),
        ("mail.msg", MSG, "application/vnd.ms-outlook"),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(filename, content, media_type):
    kind = sniff(content, filename)
    assert kind is not None and kind.media_type == media_type


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows program named as a PDF
        ("screen.png", PDF),  # a PDF named as an image
        ("report.pdf", b"This is text, not a PDF."),
        ("notes.txt", b"\x00\x01\x02binary"),
        ("timeline.docx", office("other/thing.xml")),  # a zip, but no Word document
        ("timeline.docx", b"PK\x03\x04 not really a zip"),
        ("counts.xlsx", DOCX),
        ("mail.eml", b"Just some words, no headers.\n"),
        ("page.html", b"<html><body>hello</body></html>"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("no-extension", PDF),
    ],
)
def test_other_content_is_refused_whatever_its_name(world, filename, content):
    assert sniff(content, filename) is None
    with pytest.raises(InputError, match="cannot be attached"):
        upload(world, filename=filename, content=content)
    assert world.workspace.evidence.files(ref=world.ref) == []


def test_a_declared_media_type_must_agree_with_the_content(world):
    with pytest.raises(InputError, match="sent as image/png, but its content is PDF"):
        upload(world, media_type="image/png")
    made = upload(world, media_type="application/pdf; charset=binary")
    assert made.media_type == "application/pdf"
    assert upload(world, media_type="application/octet-stream").media_type == "application/pdf"
    # What a browser guesses from the extension and is no accepted kind is not held against it:
    # Windows names a .csv file application/vnd.ms-excel.
    csv_file = upload(
        world, filename="logg.csv", content=b"tid;handelse\n", media_type="application/vnd.ms-excel"
    )
    assert csv_file.media_type == "text/csv"


def test_files_over_the_size_limit_and_empty_files_are_refused(world, monkeypatch):
    over = b"a" * (evidence_module.MAX_BYTES + 1)
    with pytest.raises(InputError, match="larger than 20 MB"):
        upload(world, filename="big.txt", content=over)
    with pytest.raises(InputError, match="empty"):
        upload(world, filename="empty.txt", content=b"")
    monkeypatch.setattr(evidence_module, "MAX_BYTES", len(PDF))
    upload(world)  # exactly at the limit
    with pytest.raises(InputError, match="larger than"):
        upload(world, content=PDF + b"\n")


def test_a_path_in_the_file_name_is_dropped(world):
    assert upload(world, filename="C:\\Users\\omar\\forensics.pdf").filename == "forensics.pdf"
    assert upload(world, filename="../../etc/forensics.pdf").filename == "forensics.pdf"
    for bad in ("bad\nname.pdf", "bad\u2028name.pdf", "rapport\u202efdp.exe.pdf"):
        with pytest.raises(InputError, match="control characters"):
            upload(world, filename=bad)


# -- listing, downloading, history ---------------------------------------------------------------


def test_evidence_is_listed_with_its_hash_and_who_attached_it(world):
    made = upload(world, description="IMY:s mottagningskvitto")
    [listed] = world.workspace.evidence.files(ref=world.ref, actor=world.reviewer.actor)
    assert listed == made
    assert listed.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (listed.size, listed.media_type, listed.uploaded_by, listed.uploader_role.value) == (
        len(PDF),
        "application/pdf",
        "Karin Holm",
        "dpo",
    )
    assert listed.description == "IMY:s mottagningskvitto"


def test_those_who_may_read_the_incident_download_and_each_download_is_history(world):
    made = upload(world)
    for actor in (world.dpo.actor, world.admin.actor, world.reviewer.actor):
        got = world.workspace.evidence.download(actor=actor, evidence_id=made.id)
        assert got.content == PDF and got.file == made
    downloads = [
        (e.actor, e.role)
        for e in world.workspace.history(world.ref)
        if e.kind == "evidence_downloaded"
    ]
    assert downloads == [
        ("Karin Holm", "dpo"),
        ("Anna Berg", "admin"),
        ("Johan Ek", "legal_reviewer"),
    ]
    uploaded = [e for e in world.workspace.history(world.ref) if e.kind == "evidence_uploaded"]
    assert [(e.actor, e.role) for e in uploaded] == [("Karin Holm", "dpo")]


def test_a_reviewer_of_another_incident_cannot_download(world):
    other = world.open_another()
    made = world.workspace.evidence.upload(
        actor=world.dpo.actor, ref=other, filename="police.pdf", content=PDF
    )
    with pytest.raises(PermissionDenied, match="not assigned"):
        world.workspace.evidence.download(actor=world.reviewer.actor, evidence_id=made.id)
    with pytest.raises(PermissionDenied):
        world.workspace.evidence.files(ref=other, actor=world.reviewer.actor)


def test_a_supplier_contact_sees_and_downloads_only_what_they_attached(world):
    theirs = upload(world, world.supplier, filename="forensics.txt", content=b"Our findings.\n")
    dpos = upload(world, filename="police-report.pdf")
    listed = world.workspace.evidence.files(ref=world.ref, actor=world.supplier)
    assert [f.id for f in listed] == [theirs.id]
    assert listed[0].uploaded_by == "Omar Haddad"
    assert (
        world.workspace.evidence.download(actor=world.supplier, evidence_id=theirs.id).content
        == b"Our findings.\n"
    )
    with pytest.raises(PermissionDenied, match="only the files they attached"):
        world.workspace.evidence.download(actor=world.supplier, evidence_id=dpos.id)
    assert {f.id for f in world.workspace.evidence.files(ref=world.ref)} == {theirs.id, dpos.id}


def test_a_legal_reviewer_cannot_attach_evidence(world):
    with pytest.raises(PermissionDenied, match="may not attach evidence"):
        upload(world, world.reviewer.actor)


# -- at rest -------------------------------------------------------------------------------------


def test_names_descriptions_contents_and_hashes_never_reach_the_files(sqlite_url, ring):
    store = open_store(sqlite_url, ring)
    world = build_world(store)
    marker = f"marker{secrets.token_hex(8)}"
    content = f"{marker}: no outgoing traffic in the logs.\n".encode()
    made = world.workspace.evidence.upload(
        actor=world.supplier,
        ref=world.ref,
        filename=f"{marker}.txt",
        content=content,
        description=f"{marker} description",
    )
    world.workspace.evidence.download(actor=world.dpo.actor, evidence_id=made.id)
    digest = hashlib.sha256(content)
    needles = [marker.encode(), digest.hexdigest().encode(), digest.digest()]
    folder = Path(sa.make_url(sqlite_url).database).parent
    files = [p for p in folder.iterdir() if p.is_file()]
    assert not [p.name for p in files if any(n in p.read_bytes() for n in needles)]
    store.dispose()
    assert not [p.name for p in files if p.exists() and any(n in p.read_bytes() for n in needles)]


@pytest.mark.parametrize("column", ["content_ct", "meta_ct", "invitation_id", "size"])
def test_tampered_evidence_is_reported_and_refused(store, column):
    world = build_world(store)
    made = upload(world)
    t = SQLModel.metadata.tables["evidence"]
    with store.engine.begin() as connection:
        value = connection.execute(sa.select(t.c[column])).scalar_one()
        if isinstance(value, bytes):
            value = value[:-1] + bytes([value[-1] ^ 1])
        elif column == "size":
            value += 1
        else:
            value = world.invitation_id  # claim the supplier attached it
        connection.execute(sa.update(t).values({column: value}))
    assert any("evidence" in d.problem for d in world.workspace.verify().damage)
    with pytest.raises(IntegrityError):
        world.workspace.evidence.download(actor=world.dpo.actor, evidence_id=made.id)
