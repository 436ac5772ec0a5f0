"""A filing belongs to one recipient and one report type (issue 18), on both backends.

The scenario moved to Saturday 17 January 2026 (the cybersäkerhetslag in force), the region an
essential entity: CERT-SE's chain beside IMY's, each filing frozen with its own recipient's case
number, what changed counted since the last report to the same recipient, CERT-SE's own order,
approval and lateness rules, the police kept by reference, the register and the status IMY's
alone, and a recipient column changed behind the application's back reported by verify.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from breachreport.demo.cast import ORGANISATION
from breachreport.demo.cast import at as swedish
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.choices import FilingKind
from breachreport.domain.recipients import ReportType, all_report_kinds, recipient_keys
from breachreport.domain.status import Role
from breachreport.errors import FilingRefused, InputError
from breachreport.services import Actor, Workspace

DPO = Actor(name="Karin Holm", role=Role.DPO)
AWARE = swedish("2026-01-17T14:00")  # Saturday
NOW = swedish("2026-03-02T09:00")
EARLY_WARNING_AT = swedish("2026-01-17T18:30")
PRELIMINARY_AT = swedish("2026-01-19T16:00")  # Monday, 50 hours after awareness
NOTIFICATION_AT = swedish("2026-01-20T10:00")
CERT_NUMBER = "CERT-SE-2026-0042"
IMY_NUMBER = "IMY-2026-0123"

OPENING = {
    **ORGANISATION,
    "description.summary": "Ransomware at the hosting provider of the discharge-planning system.",
    "description.breach_type": "malware",
    "description.cause": "malicious_external",
    "description.kinds": ["availability"],
    "times.discovered_at": swedish("2026-01-17T08:30"),
    "times.aware_at": AWARE,
    "times.ongoing": True,
    "data.subject_categories": ["patients"],
    "data.data_categories": ["identity", "health"],
    "data.subjects_count": NOT_YET_KNOWN,
    "cyber.significant": True,
    "cyber.critical_systems_hit": True,
    "cyber.suspected_crime": True,
}


@pytest.fixture
def workspace(store) -> Workspace:
    return Workspace(store, clock=lambda: NOW)


def _opened(workspace: Workspace, **changes) -> str:
    opening = {**OPENING, **changes}
    opening = {k: v for k, v in opening.items() if v is not None}
    return workspace.open_incident(actor=DPO, changes=opening, at=AWARE).reference


def _revise(workspace: Workspace, ref: str, changes: dict) -> None:
    version = workspace.incident(ref).version
    workspace.revise(actor=DPO, ref=ref, changes=changes, expected_version=version)


def _both_chains(workspace: Workspace) -> str:
    """An early warning and an incident notification to CERT-SE, a preliminary notification to
    IMY: each with its own case number."""
    ref = _opened(workspace)
    workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="early-warning",
        case_number=CERT_NUMBER,
        submitted_at=EARLY_WARNING_AT,
    )
    workspace.file(actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY, submitted_at=PRELIMINARY_AT)
    workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="incident-notification",
        case_number=CERT_NUMBER,
        submitted_at=NOTIFICATION_AT,
    )
    workspace.record_case_number(actor=DPO, ref=ref, case_number=IMY_NUMBER, seq=2)
    return ref


def _trace(workspace: Workspace, ref: str) -> tuple:
    """Everything a refused filing must leave as it was."""
    return (
        [(f.seq, f.recipient, f.kind.value, f.case_number) for f in workspace.filings(ref)],
        [(e.seq, e.kind) for e in workspace.history(ref)],
        workspace.incident(ref).version,
    )


def test_each_filing_is_frozen_for_its_recipient_with_its_own_case_number(workspace):
    ref = _both_chains(workspace)
    filings = workspace.filings(ref)
    assert [(f.seq, f.recipient, f.kind.value, f.case_number) for f in filings] == [
        (1, "cert-se", "early-warning", CERT_NUMBER),
        (2, "imy", "preliminary", IMY_NUMBER),
        (3, "cert-se", "incident-notification", CERT_NUMBER),
    ]
    assert [f.filed_at for f in filings] == [EARLY_WARNING_AT, PRELIMINARY_AT, NOTIFICATION_AT]
    # IMY's kind is the FilingKind its rules use, CERT-SE's the report type of its chain.
    assert filings[1].kind is FilingKind.PRELIMINARY
    assert isinstance(filings[0].kind, ReportType)
    assert filings[0].kind.label("sv") == "Tidig varning"
    # Each froze its own recipient's document, in both languages.
    assert "imy-notification.sv.html" in filings[1].documents
    assert not any(name.startswith("cert-se") for name in filings[1].documents)
    for filing, document in ((filings[0], "cert-se-early-warning"), (filings[2], "cert-se-incident-notification")):  # fmt: skip
        assert f"{document}.sv.html" in filing.documents
        assert f"{document}.en.md" in filing.documents
        assert not any(name.startswith("imy-") for name in filing.documents)


def test_the_register_and_the_status_count_imy_and_the_clocks_every_recipient(workspace):
    ref = _both_chains(workspace)
    [row] = workspace.register()
    assert (row.filings, row.case_number, row.filing_kinds) == (1, IMY_NUMBER, ("preliminary",))
    assert row.filed_at == (PRELIMINARY_AT,)
    assert row.status.value == workspace.incident(ref).status.value == "preliminary"
    clocks = {c.key: c for c in workspace.clocks(ref, now=NOW)}
    assert (clocks["nis2_early_warning"].status.value, clocks["nis2_early_warning"].met_at) == (
        "met",
        EARLY_WARNING_AT,
    )
    assert clocks["nis2_notification"].met_at == NOTIFICATION_AT
    assert (clocks["gdpr_art33"].status.value, clocks["gdpr_art33"].met_at) == (
        "met",
        PRELIMINARY_AT,
    )


def test_an_incident_notification_without_an_early_warning_counts_for_both(workspace):
    ref = _opened(workspace)
    warned = workspace.filing_check(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="incident-notification",
        submitted_at=EARLY_WARNING_AT,
    )
    assert warned.may_file
    assert any("counts as the early warning too" in w("en") for w in warned.warnings)
    workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="incident-notification",
        submitted_at=EARLY_WARNING_AT,
    )
    clocks = {c.key: c for c in workspace.clocks(ref, now=NOW)}
    assert clocks["nis2_early_warning"].met_at == EARLY_WARNING_AT
    with pytest.raises(FilingRefused, match="counts as the early warning too"):
        workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind="early-warning")


def test_what_changed_is_counted_since_the_last_report_to_the_same_recipient(workspace):
    ref = _both_chains(workspace)
    # A CERT-SE question only: nothing new for IMY, a progress report for CERT-SE.
    _revise(workspace, ref, {"cyber.root_cause": "A phished password of the hosting provider."})
    with pytest.raises(FilingRefused, match="Nothing has changed since the previous filing"):
        workspace.file(actor=DPO, ref=ref, kind=FilingKind.SUPPLEMENT)
    progress = workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="progress-report",
        submitted_at=swedish("2026-02-02T10:00"),
    )
    assert set(progress.changes) == {"cyber.root_cause"}
    # An IMY question: IMY's supplement carries it alone, since IMY's preliminary notification.
    _revise(workspace, ref, {"data.subjects_count": {"value": 4120, "precision": "exact"}})
    supplement = workspace.file(actor=DPO, ref=ref, kind=FilingKind.SUPPLEMENT)
    assert set(supplement.changes) == {"data.subjects_count", "data.not_yet_known"}
    quoted = workspace.render(ref=ref, filing_seq=supplement.seq, lang="en", fmt="md").decode()
    assert IMY_NUMBER in quoted and CERT_NUMBER not in quoted  # IMY's number, not CERT-SE's
    # CERT-SE is not asked about the people: another progress report has nothing new for it.
    check = workspace.filing_check(actor=DPO, ref=ref, recipient="cert-se", kind="progress-report")
    assert any("Nothing CERT-SE asks about has changed" in w("en") for w in check.warnings)


def test_cert_se_reports_keep_their_order(workspace):
    ref = _opened(workspace)
    for kind in ("progress-report", "final-report"):
        with pytest.raises(FilingRefused, match="needs the incident notification to CERT-SE first"):
            workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind=kind)
    workspace.file(
        actor=DPO, ref=ref, recipient="cert-se", kind="early-warning", submitted_at=EARLY_WARNING_AT
    )
    with pytest.raises(FilingRefused, match="early warning has already been sent"):
        workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind="early-warning")
    with pytest.raises(FilingRefused, match="CERT-SE takes no report of the kind 'preliminary'"):
        workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind="preliminary")
    with pytest.raises(FilingRefused, match="IMY takes no report of the kind 'early-warning'"):
        workspace.file(actor=DPO, ref=ref, kind="early-warning")


def test_a_final_report_needs_managements_approval_before_it_and_the_root_cause(workspace):
    ref = _both_chains(workspace)
    before = _trace(workspace, ref)
    with pytest.raises(FilingRefused) as refused:
        workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind="final-report")
    paths = {p.path for p in refused.value.problems}
    assert {"cyber.approved_by", "cyber.approved_at", "cyber.root_cause"} <= paths
    assert {"cyber.severity_impact", "measures.taken"} <= paths
    assert _trace(workspace, ref) == before  # refused: nothing written
    _revise(
        workspace,
        ref,
        {
            "cyber.approved_by": "Eva Lund, regiondirektör",
            "cyber.approved_at": swedish("2026-02-16T10:00"),
            "cyber.root_cause": "A phished password of the hosting provider.",
            "cyber.severity_impact": NOT_YET_KNOWN,
            "measures.taken": "The environment was isolated and rebuilt from backups.",
        },
    )
    with pytest.raises(FilingRefused, match="after it was sent"):
        workspace.file(
            actor=DPO,
            ref=ref,
            recipient="cert-se",
            kind="final-report",
            submitted_at=swedish("2026-02-16T09:00"),
        )
    final = workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="final-report",
        submitted_at=swedish("2026-02-16T11:00"),
    )
    assert (final.recipient, final.kind.value, final.case_number) == (
        "cert-se",
        "final-report",
        None,
    )
    with pytest.raises(FilingRefused, match="final report has already been sent"):
        workspace.file(actor=DPO, ref=ref, recipient="cert-se", kind="progress-report")


def test_a_late_report_to_cert_se_needs_its_reasons(workspace):
    ref = _opened(workspace)
    late = swedish("2026-01-18T16:00")  # Sunday, two hours past the early warning's 24 hours
    before = _trace(workspace, ref)
    with pytest.raises(FilingRefused, match=r"after its deadline \(18 January 2026, 14:00"):
        workspace.file(
            actor=DPO, ref=ref, recipient="cert-se", kind="early-warning", submitted_at=late
        )
    assert _trace(workspace, ref) == before
    filed = workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="early-warning",
        submitted_at=late,
        delay_reasons="The hosting provider confirmed the attack only on Sunday afternoon.",
    )
    assert filed.delay_reasons.startswith("The hosting provider")
    assert any("the reasons for the delay go with it" in w("en") for w in filed.warnings)


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"controller.nis2_entity": "not_covered"}, "not recorded as an essential or important"),
        ({"cyber.significant": False}, "judged not significant"),
    ],
    ids=["not-covered", "not-significant"],
)
def test_a_report_the_law_does_not_ask_for_goes_as_a_voluntary_one(workspace, changes, why):
    ref = _opened(workspace, **changes)
    filed = workspace.file(
        actor=DPO, ref=ref, recipient="cert-se", kind="early-warning", submitted_at=EARLY_WARNING_AT
    )
    voluntary = [w("en") for w in filed.warnings if "voluntary" in w("en")]
    assert len(voluntary) == 1 and why in voluntary[0]
    # A voluntary report has no legal deadline: a late one needs no reasons.
    late = workspace.file(
        actor=DPO,
        ref=ref,
        recipient="cert-se",
        kind="incident-notification",
        submitted_at=swedish("2026-01-24T10:00"),
    )
    assert late.delay_reasons is None
    assert not any("deadline" in w("en") for w in late.warnings)


def test_the_police_report_is_kept_by_reference_with_its_number(workspace):
    ref = _both_chains(workspace)
    crime = workspace.file(
        actor=DPO,
        ref=ref,
        recipient="police",
        kind="crime-report",
        case_number="5000-K123456-26",
        submitted_at=swedish("2026-01-19T09:00"),
    )
    assert (crime.seq, crime.recipient, crime.case_number, crime.documents) == (
        4,
        "police",
        "5000-K123456-26",
        [],
    )
    assert crime.by_reference
    with pytest.raises(InputError, match="kept by reference only: no document"):
        workspace.render(ref=ref, filing_seq=4)
    # Without its number: filed all the same, with a reminder to record it.
    lex_maria = workspace.file(actor=DPO, ref=ref, recipient="ivo", kind="lex-maria")
    assert any("No reference number was given" in w("en") for w in lex_maria.warnings)
    recorded = workspace.record_case_number(
        actor=DPO, ref=ref, case_number="3.5.1-12345/2026", recipient="ivo"
    )
    assert (recorded.seq, recorded.case_number) == (5, "3.5.1-12345/2026")
    assert workspace.register()[0].filings == 1  # still IMY's one notification


def test_a_case_number_must_have_its_recipients_form(workspace):
    ref = _both_chains(workspace)
    with pytest.raises(InputError, match="does not look like an IMY case number"):
        workspace.record_case_number(actor=DPO, ref=ref, case_number="CERT-SE-1", seq=2)
    # CERT-SE's numbers are free text: recorded as given (not upper-cased).
    recorded = workspace.record_case_number(actor=DPO, ref=ref, case_number="cse-77", seq=1)
    assert recorded.case_number == "cse-77"
    # IMY's number given with a follow-up must be IMY's.
    _revise(workspace, ref, {"data.subjects_count": {"value": 4120, "precision": "exact"}})
    before = _trace(workspace, ref)
    with pytest.raises(FilingRefused, match="does not look like IMY's"):
        workspace.file(actor=DPO, ref=ref, kind=FilingKind.SUPPLEMENT, case_number=CERT_NUMBER)
    assert _trace(workspace, ref) == before


def test_a_filing_renders_in_its_recipients_own_document(workspace):
    ref = _both_chains(workspace)
    early = workspace.render(ref=ref, filing_seq=1, lang="en", fmt="md").decode()
    assert (
        early
        == workspace.render(
            ref=ref, filing_seq=1, document="cert-se-early-warning", lang="en", fmt="md"
        ).decode()
    )
    assert "Early warning" in early and "IMY" not in early.split("\n", 3)[0]
    imy = workspace.render(ref=ref, filing_seq=2, lang="sv", fmt="md").decode()
    assert "Preliminär anmälan nr 2, inlämnad till IMY" in imy
    with pytest.raises(InputError, match="went to CERT-SE and was frozen as cert-se-early-warning"):
        workspace.render(ref=ref, filing_seq=1, document="imy-notification", fmt="html")
    with pytest.raises(InputError, match="Only the IMY notification"):
        workspace.render(ref=ref, filing_seq=2, document="cert-se-early-warning", fmt="html")


def test_a_changed_recipient_column_is_reported_by_verify(workspace, store):
    ref = _both_chains(workspace)
    assert workspace.verify().damage == []
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE filing SET recipient = 'imy' WHERE seq = 1"))
    problems = [d.problem for d in workspace.verify().damage]
    assert problems == ["filing 1: its MAC does not match"]
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE filing SET recipient = 'police' WHERE seq = 2"))
    assert "filing 2: its MAC does not match" in [d.problem for d in workspace.verify().damage]
    assert ref


def test_the_command_lines_choices_are_the_recipients_and_their_kinds():
    from breachreport.cli import options

    assert recipient_keys() == options.RECIPIENTS
    assert all_report_kinds() == options.REPORT_KINDS


def test_a_shredded_incident_keeps_imys_notifications_in_the_register(workspace):
    ref = _both_chains(workspace)
    workspace.shred(ref=ref, actor=DPO, reason="The retention period has run out.")
    [row] = workspace.register()
    assert row.shredded_at is not None
    assert (row.filings, row.filing_kinds, row.case_number) == (1, ("preliminary",), IMY_NUMBER)
    assert row.reported_at == (EARLY_WARNING_AT, PRELIMINARY_AT, NOTIFICATION_AT)
