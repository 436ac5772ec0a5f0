"""Rendering, importing and refusing facts log nothing that was typed and leave no temporary file.

The browser counterpart (a real `streamlit run`, its log, data folder and temporary folder) is in
test_download_isolation.py.
"""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import UTC, datetime

import pytest

from breachreport.crypto import KeyRing
from breachreport.documents import NotificationContext
from breachreport.documents.catalogue import DOCUMENTS, render_draft
from breachreport.domain.facts import parse_facts
from breachreport.domain.status import Role
from breachreport.errors import FactsInvalid, InputError
from breachreport.services import Actor, Workspace
from breachreport.storage import open_store

MARKER = "MARKER-NOLEAK-2718"
# A name in a script the server may have no font for (Debian's fonts-liberation and fonts-dejavu
# have no Chinese): the PDF prints boxes, and nothing may name the characters.
NAME = "王秀英"
CONTEXT = NotificationContext(
    incident_ref="BR-2024-0001",
    facts_version=2,
    generated_at=datetime(2024, 2, 1, 9, 0, tzinfo=UTC),
    chain_head="cd" * 32,
)


@pytest.fixture
def facts():
    return parse_facts(
        {
            "controller": {"name": f"Region Nordmark {MARKER}"},
            "contact": {"dpo_name": NAME},
            "times": {"aware_at": "2024-01-20T14:00"},
            "description": {"summary": f"Patienten {NAME} skrevs ut för tidigt. {MARKER}"},
            "measures": {"taken": f"{NAME} har informerats. {MARKER}"},
        }
    )


def _every_document(facts) -> list[bytes]:
    return [
        render_draft(name, facts=facts, lang=lang, fmt=fmt, context=CONTEXT)
        for name, kind in DOCUMENTS.items()
        for lang in kind.langs()
        for fmt in kind.formats
    ]


def test_rendering_every_document_logs_nothing_typed(facts, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    made = _every_document(facts)
    assert len(made) == sum(len(k.langs()) * len(k.formats) for k in DOCUMENTS.values())
    assert all(made)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert MARKER not in logged
    assert not any(char in logged for char in NAME)


def test_a_character_no_font_can_draw_is_not_named_in_the_log(facts, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    render_draft("data-subject-notice", facts=facts, lang="sv", fmt="pdf", context=CONTEXT)
    warnings = [record.getMessage() for record in caplog.records if record.name == "weasyprint"]
    assert warnings, "expected WeasyPrint to warn of the missing glyphs (a CJK font installed?)"
    assert all("printed as a box" in text for text in warnings)
    assert not any(char in text for text in warnings for char in NAME)


def test_rendering_every_document_writes_no_temporary_file(facts, tmp_path, monkeypatch):
    _every_document(facts)  # loads the libraries first (finding them may use a temporary file)
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    made: list[str] = []
    for name in (
        "mkstemp",
        "mkdtemp",
        "NamedTemporaryFile",
        "TemporaryFile",
        "SpooledTemporaryFile",
    ):
        original = getattr(tempfile, name)

        def spy(*args, _name=name, _original=original, **kwargs):
            made.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(tempfile, name, spy)
    _every_document(facts)
    assert made == []
    assert list(folder.iterdir()) == []


def test_refused_and_imported_facts_are_not_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    store = open_store(f"sqlite:///{tmp_path / 'breachreport.db'}", KeyRing.generate())
    try:
        workspace = Workspace(store)
        actor = Actor(name="Karin Holm", role=Role.DPO)
        refused = {
            "contact": {"contact_email": f"{MARKER}@", "contact_phone": MARKER},
            "controller": {"org_number": MARKER},
            "description": {"kinds": [MARKER], "summary": MARKER * 3000},
            "times": {"aware_at": MARKER},
        }
        for data in (refused, json.dumps(refused), json.dumps(refused)[:-3], {"other": MARKER}):
            with pytest.raises((FactsInvalid, InputError)) as caught:
                workspace.import_facts(actor=actor, data=data)
            assert MARKER not in str(caught.value)
            if isinstance(caught.value, FactsInvalid):
                assert not any(MARKER in line for line in caught.value.messages("sv"))
        workspace.import_facts(
            actor=actor, data={"description": {"summary": f"Utskrivning. {MARKER}"}}
        )
    finally:
        store.dispose()
    assert not any(MARKER in record.getMessage() for record in caplog.records)
