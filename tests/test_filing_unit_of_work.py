"""Each use case is one unit of work: filing renders before it locks, then checks and writes at
once, so that a refused or overtaken filing leaves nothing behind; deciding reads and writes in one
transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachreport.demo.scenario import CASE_NUMBER, ORGANISATION
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.choices import FilingKind
from breachreport.domain.circumstances import Outcome
from breachreport.domain.status import Role
from breachreport.errors import FilingRefused, VersionConflict
from breachreport.services import Actor, Workspace
from breachreport.services import filing as filing_module

NOW = datetime(2024, 1, 22, 16, 0, tzinfo=UTC)
DPO = Actor("Karin Holm", Role.DPO)
COLLEAGUE = Actor("Anna Berg", Role.ADMIN)
OPENING = {
    **ORGANISATION,
    "times.aware_at": "2024-01-20T14:00",
    "description.summary": "Ransomware at the hosting provider of a supplier.",
    "description.breach_type": "malware",
    "description.kinds": ["availability"],
    "data.subjects_count": NOT_YET_KNOWN,
    "data.subject_categories": ["patients"],
    "data.data_categories": ["identity", "health"],
}


@pytest.fixture
def workspace(store) -> Workspace:
    return Workspace(store, clock=lambda: NOW)


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Counts the renderings of a filing's documents (each call renders every copy)."""
    calls: list[int] = []
    real = filing_module.filing_documents

    def counted(recipient, kind, **kwargs):
        calls.append(kwargs["context"].facts_version)
        return real(recipient, kind, **kwargs)

    monkeypatch.setattr(filing_module, "filing_documents", counted)
    return calls


def _opened(workspace: Workspace) -> str:
    return workspace.open_incident(actor=DPO, changes=OPENING).reference


def _filed_preliminary(workspace: Workspace) -> str:
    ref = _opened(workspace)
    workspace.file(actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY)
    return ref


def test_a_refused_filing_leaves_no_case_number_and_no_event(workspace, renders):
    ref = _filed_preliminary(workspace)
    before = workspace.history(ref)
    # Nothing sent to IMY changed: the supplement is refused, with a well-formed case number given.
    with pytest.raises(FilingRefused) as caught:
        workspace.file(actor=DPO, ref=ref, kind=FilingKind.SUPPLEMENT, case_number=CASE_NUMBER)
    assert "nothing_changed" in {p.code for p in caught.value.problems}
    assert workspace.history(ref) == before
    assert [f.case_number for f in workspace.filings(ref)] == [None]
    assert workspace.register()[0].case_number is None
    assert len(renders) == 1  # the preliminary filing's; the refused one rendered nothing


def test_a_filing_takes_the_case_number_and_the_filing_together(workspace):
    ref = _filed_preliminary(workspace)
    workspace.revise(
        actor=DPO,
        ref=ref,
        changes={"data.subjects_count": {"value": 4899, "precision": "exact"}},
        expected_version=1,
    )
    workspace.file(actor=DPO, ref=ref, kind=FilingKind.SUPPLEMENT, case_number=CASE_NUMBER)
    kinds = [entry.kind for entry in workspace.history(ref)]
    assert kinds[-2:] == ["case_number", "filed"]
    assert [f.case_number for f in workspace.filings(ref)] == [CASE_NUMBER, None]


def test_a_change_made_while_the_documents_render_is_rendered_again(workspace, monkeypatch):
    ref = _opened(workspace)
    real = filing_module.filing_documents
    versions: list[int] = []

    def overtaken(recipient, kind, **kwargs):
        versions.append(kwargs["context"].facts_version)
        if len(versions) == 1:  # a colleague saves while the first rendering runs
            workspace.revise(
                actor=COLLEAGUE,
                ref=ref,
                changes={"description.summary": "Ransomware; the backups were untouched."},
                expected_version=1,
            )
        return real(recipient, kind, **kwargs)

    monkeypatch.setattr(filing_module, "filing_documents", overtaken)
    filing = workspace.file(actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY)
    assert versions == [1, 2]
    assert filing.facts.description.summary == "Ransomware; the backups were untouched."
    copy = workspace.render(ref=ref, filing_seq=1, lang="en", fmt="md").decode()
    assert "the backups were untouched" in copy


def test_an_incident_that_keeps_changing_is_a_version_conflict_and_nothing_is_filed(
    workspace, monkeypatch
):
    ref = _opened(workspace)
    real = filing_module.filing_documents

    def always_overtaken(recipient, kind, **kwargs):
        version = kwargs["context"].facts_version
        workspace.revise(
            actor=COLLEAGUE,
            ref=ref,
            changes={"description.summary": f"Account number {version + 1}."},
            expected_version=version,
        )
        return real(recipient, kind, **kwargs)

    monkeypatch.setattr(filing_module, "filing_documents", always_overtaken)
    with pytest.raises(VersionConflict):
        workspace.file(actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY)
    assert workspace.filings(ref) == []
    assert "filed" not in {entry.kind for entry in workspace.history(ref)}


def test_deciding_reads_and_writes_in_one_transaction(workspace, store, monkeypatch):
    ref = _opened(workspace)
    opened: list[bool] = []
    real = store.transaction

    def counted(*args, **kwargs):
        opened.append(kwargs.get("write", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "transaction", counted)
    decided = workspace.decide(
        actor=DPO,
        ref=ref,
        outcome=Outcome.NOTIFY_AUTHORITY,
        reason="Health data of many patients.",
        expected_version=1,
    )
    assert opened == [True]
    assert decided.version == 2
    assert decided.facts.decision.outcome is Outcome.NOTIFY_AUTHORITY
