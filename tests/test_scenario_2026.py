"""The supplier-ransomware scenario (../shared/cases) moved 104 weeks later, to Saturday 17 January
2026, two days after the cybersäkerhetslag (2025:1506) came into force, with the region as an
essential entity: played through the workspace (the DPO's answers, at their own times) and the
command line (clocks, filings, documents), as a DPO would, with both chains side by side.

- Sat 17 Jan 14:00: aware. `clocks` shows IMY's 72 hours and CERT-SE's chain beside it: the early
  warning due Sun 18 Jan 14:00, "if significant" while that is not known.
- Sun 18 Jan: the cyber questions answered (significant); the early warning to CERT-SE at 10:30.
- Mon 19 Jan 16:00: the preliminary notification to IMY.
- Tue 20 Jan 11:00: the incident notification to CERT-SE.
- Fri 23 Jan: IMY's case number arrives.
Every filing is frozen with its own case number, every frozen document is rendered with
`render --filing N` and read back, and so is the notice to the patients as Word. At its 2024 dates
the same scenario gets no cybersäkerhetslag chain.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_support import run
from documents_support import IMY_HEADINGS, one_line, stockholm, text_of, word_body

from breachreport.demo.scenario import PRELIMINARY_AT, scenario_facts
from breachreport.domain.changes import diff
from breachreport.domain.choices import Nis2Entity, Sector
from breachreport.domain.facts import Facts, stored_facts
from breachreport.domain.status import Role
from breachreport.domain.times import STOCKHOLM, to_stockholm
from breachreport.runtime.home import open_home
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
from breachreport.settings import load_settings

MOVED = timedelta(weeks=104)  # Sat 20 Jan 2024 -> Sat 17 Jan 2026: the weekdays stay
DPO = Actor(name="Karin Holm", role=Role.DPO)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?")
# The dates written in the scenario's own words, moved with it.
WORDS = {
    "20 januari": "17 januari",
    "20 January": "17 January",
    "25 januari": "22 januari",
    "25 January": "22 January",
    "29 januari": "26 januari",
    "29 January": "26 January",
    "RN-DSO-2024-007": "RN-DSO-2026-007",
    "5000-K100412-24": "5000-K100412-26",
}
# What the DPO answers for CERT-SE on Sunday morning, and on Tuesday before the notification.
CYBER_EARLY = {
    "cyber.significant": True,
    "cyber.critical_systems_hit": True,
    "cyber.outage_hours": 19,
    "cyber.affected_services": "Samordnad utskrivning av patienter från sjukhus till kommunal "
    "omsorg, och beställning av förbrukningsmaterial till vårdavdelningar.",
    "english.cyber_affected_services": "Coordinated discharge of patients from hospital to "
    "municipal care, and ordering supplies for the wards.",
    "cyber.suspected_crime": True,
    "cyber.cross_border_effect": False,
    "cyber.supplier_origin": True,
}
CYBER_NOTIFICATION = {
    "cyber.indicators": "Utpressningsvirus krypterade driftleverantörens virtualiseringsservrar; "
    "indikatorer enligt driftleverantörens rapport.",
    "english.cyber_indicators": "Ransomware encrypted the hosting provider's virtualisation "
    "servers; indicators as in the hosting provider's report.",
    "cyber.severity_impact": "Två verksamhetssystem ur drift; vården har ställt om till manuella "
    "rutiner.",
    "english.cyber_severity_impact": "Two business systems out of service; care has switched to "
    "manual routines.",
}
# The region's organisation profile: the regimes it turns on (CERT-SE as an essential entity, IVO as
# a care provider) beside IMY.
REGION = OrganisationProfile(
    name="Region Nordmark",
    sector=Sector.REGION,
    nis2_entity=Nis2Entity.ESSENTIAL,
    health_care=True,
    dpo_name="Karin Holm",
    dpo_email="dataskyddsombud@nordmark.example.se",
)
CASE_NUMBERS = {
    "early-warning": "CERT-SE-2026-0117",
    "preliminary": "IMY-2026-0412",
    "incident-notification": "CERT-SE-2026-0131",
}


def _moved(value: Any) -> Any:
    """The scenario's facts JSON 104 weeks later: every time, and the dates in its words."""
    if isinstance(value, dict):
        return {key: _moved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item) for item in value]
    if isinstance(value, str) and ISO.fullmatch(value):
        return (datetime.fromisoformat(value) + MOVED).isoformat()
    if isinstance(value, str):
        for old, new in WORDS.items():
            value = value.replace(old, new)
    return value


def facts_2026(as_of_2024: str) -> Facts:
    """The facts as known at ``as_of_2024`` (Swedish time, in 2024), moved to 2026. The report to
    the national authority that the 2024 facts list is left out: in 2026 the DPO files it to
    CERT-SE through the product, as a filing of its own."""
    data = _moved(scenario_facts(stockholm(as_of_2024)).model_dump(mode="json"))
    other = data.get("other") or {}
    other["reports"] = [r for r in other.get("reports") or [] if r["authority"] != "csirt"]
    return stored_facts(data)


def changes_to(old: Facts, new: Facts) -> dict[str, Any]:
    return {path: value for path, (_old, value) in diff(old, new).items()}


@pytest.fixture
def workspace_at(home, capsys) -> Iterator:
    """The data folder made by `init`, and a workspace on it whose clock reads the given time."""
    assert run(capsys, "init")[0] == 0
    store = open_home(load_settings())

    def at(text: str) -> Workspace:
        moment = stockholm(text)
        return Workspace(store, clock=lambda: moment)

    yield at
    store.dispose()


def clocks(capsys, ref: str, at: str) -> tuple[list[dict], str]:
    """`clocks REF --at AT`: the JSON, and the table a DPO reads."""
    code, out, err = run(capsys, "clocks", ref, "--at", at, "--json")
    assert code == 0, err
    found = json.loads(out)
    code, table, err = run(capsys, "clocks", ref, "--at", at)
    assert code == 0, err
    return found, table


def by_key(found: list[dict]) -> dict[str, dict]:
    return {clock["key"]: clock for clock in found}


def file(capsys, ref: str, *args: str) -> str:
    code, out, err = run(capsys, "file", ref, *args)
    assert code == 0, err
    return out


def filings(capsys, ref: str) -> list[dict]:
    code, out, err = run(capsys, "filings", ref, "--json")
    assert code == 0, err
    return json.loads(out)


def render(capsys, tmp_path: Path, ref: str, *args: str, name: str) -> str:
    """`render REF ARGS --output FILE`, and what a reader sees in FILE."""
    target = tmp_path / name
    code, _out, err = run(capsys, "render", ref, *args, "--output", str(target))
    assert code == 0, err
    return one_line(text_of(None, target))


def open_region_incident(workspace_at) -> str:
    """Sat 17 Jan 2026 14:00: the DPO opens the incident from the organisation profile (a region,
    an essential entity, a care provider) and what the supplier's call told."""
    workspace = workspace_at("2026-01-17T14:00")
    accounts = Accounts(workspace.store, clock=lambda: stockholm("2026-01-02T09:00"))
    accounts.save_organisation(by=LOCAL_OPERATOR, profile=REGION)
    facts = facts_2026("2024-01-20T14:00")
    assert to_stockholm(facts.times.aware_at) == datetime(2026, 1, 17, 14, 0, tzinfo=STOCKHOLM)
    assert to_stockholm(facts.times.aware_at).strftime("%A") == "Saturday"
    changes = {**accounts.organisation().as_changes(), **changes_to(Facts(), facts)}
    incident = workspace.open_incident(actor=DPO, changes=changes, at=stockholm("2026-01-17T14:00"))
    controller = incident.facts.controller
    assert (controller.nis2_entity, controller.health_care) == (Nis2Entity.ESSENTIAL, True)
    return incident.reference


def revise(workspace_at, ref: str, at: str, changes: dict[str, Any], reason: str) -> None:
    workspace = workspace_at(at)
    workspace.revise(
        actor=DPO,
        ref=ref,
        changes=changes,
        expected_version=workspace.incident(ref).version,
        reason=reason,
        at=stockholm(at),
    )


# -- the scenario in 2026 --------------------------------------------------------------------------


def test_the_region_files_to_cert_se_and_imy_side_by_side_in_january_2026(
    workspace_at, capsys, tmp_path
):
    ref = open_region_incident(workspace_at)

    # Saturday 15:00: both chains side by side. CERT-SE's early warning is due Sunday 14:00, its
    # incident notification with IMY's 72 hours on Tuesday 14:00; significance is not known yet,
    # so the chain shows "if significant" with its deadlines, never hidden.
    found, table = clocks(capsys, ref, "2026-01-17T15:00")
    clock = by_key(found)
    early = clock["nis2_early_warning"]
    assert (early["recipient"], early["report"]) == ("cert-se", "early-warning")
    assert early["due"] == stockholm("2026-01-18T14:00").isoformat()
    assert early["due_local"]["en"] == "Sunday 18 January 2026, 14:00 (CET)"
    assert early["status"] == "running"
    assert early["condition"]["en"] == "If the incident is significant"
    assert clock["nis2_notification"]["due"] == stockholm("2026-01-20T14:00").isoformat()
    art33 = clock["gdpr_art33"]
    assert art33["recipient"] == "imy"
    assert art33["due"] == stockholm("2026-01-20T14:00").isoformat()
    assert early["time_left"]["en"] == "23 h left"
    assert "18 January 2026, 14:00 (CET)" in table
    assert "20 January 2026, 14:00 (CET)" in table  # IMY's deadline in the same table
    recipients = [c["recipient"] for c in found]
    assert recipients.index("imy") < recipients.index("cert-se") < recipients.index("ivo")
    # The profile's health care brings IVO's lex Maria report in: no fixed deadline, and only if
    # a patient suffered or risked a serious care injury.
    lex_maria = clock["ivo_lex_maria"]
    assert (lex_maria["recipient"], lex_maria["due"]) == ("ivo", None)
    assert lex_maria["condition"]["en"].startswith("If a patient suffered")
    assert "Lex Maria report to IVO" in table

    # Sunday 10:00: supplier A's system is down too. 10:15: the DPO answers CERT-SE's questions:
    # significant, sector-critical systems out for 19 hours, a crime suspected, started at a
    # supplier. 10:30: the early warning.
    revise(
        workspace_at,
        ref,
        "2026-01-18T10:00",
        _only_new(workspace_at, ref, "2024-01-21T10:00"),
        "Leverantör A:s uppgifter",
    )
    revise(workspace_at, ref, "2026-01-18T10:15", CYBER_EARLY, "CERT-SE:s frågor besvarade")
    found, _table = clocks(capsys, ref, "2026-01-18T10:20")
    early = by_key(found)["nis2_early_warning"]
    assert early["condition"] is None or "significant" not in early["condition"]["en"].lower()
    assert early["time_left"]["en"] == "3 h 40 min left"
    out = file(
        capsys,
        ref,
        "--to",
        "cert-se",
        "--kind",
        "early-warning",
        "--case-number",
        CASE_NUMBERS["early-warning"],
        "--submitted-at",
        "2026-01-18T10:30",
    )
    assert "no. 1" in out

    # Monday: the facts as the DPO and the legal reviewer had them; 16:00 the preliminary
    # notification to IMY, inside its 72 hours.
    revise(
        workspace_at,
        ref,
        "2026-01-19T15:45",
        _only_new(workspace_at, ref, "2024-01-22T16:00"),
        "Underlag för anmälan till IMY",
    )
    out = file(capsys, ref, "--kind", "preliminary", "--submitted-at", "2026-01-19T16:00")
    assert "no. 2" in out

    # Tuesday 11:00: the incident notification to CERT-SE, with the assessment it asks for.
    revise(workspace_at, ref, "2026-01-20T10:30", CYBER_NOTIFICATION, "CERT-SE:s bedömning")
    out = file(
        capsys,
        ref,
        "--to",
        "cert-se",
        "--kind",
        "incident-notification",
        "--case-number",
        CASE_NUMBERS["incident-notification"],
        "--submitted-at",
        "2026-01-20T11:00",
    )
    assert "no. 3" in out

    # Friday: IMY's case number arrives for the preliminary notification.
    code, out, err = run(capsys, "case-number", ref, CASE_NUMBERS["preliminary"], "--filing", "2")
    assert code == 0, err

    # Every filing, frozen with its recipient, kind, time and own case number.
    listed = filings(capsys, ref)
    assert [(f["seq"], f["recipient"], f["kind"]) for f in listed] == [
        (1, "cert-se", "early-warning"),
        (2, "imy", "preliminary"),
        (3, "cert-se", "incident-notification"),
    ]
    assert [f["case_number"] for f in listed] == list(CASE_NUMBERS.values())
    code, table, err = run(capsys, "filings", ref)
    assert code == 0, err
    rows = [line.split() for line in table.splitlines()[1:]]
    assert [(row[0], row[1], row[-1]) for row in rows] == [
        ("1", "CERT-SE", CASE_NUMBERS["early-warning"]),
        ("2", "IMY", CASE_NUMBERS["preliminary"]),
        ("3", "CERT-SE", CASE_NUMBERS["incident-notification"]),
    ]
    assert [f["filed_at"] for f in listed] == [
        stockholm(at).isoformat()
        for at in ("2026-01-18T10:30", "2026-01-19T16:00", "2026-01-20T11:00")
    ]

    # The clocks they met: CERT-SE's by its own filings, IMY's by its own; the final report to
    # CERT-SE now runs a month from the incident notification.
    found, table = clocks(capsys, ref, "2026-01-23T12:00")
    clock = by_key(found)
    assert clock["nis2_early_warning"]["met_at"] == stockholm("2026-01-18T10:30").isoformat()
    assert clock["nis2_notification"]["met_at"] == stockholm("2026-01-20T11:00").isoformat()
    assert clock["gdpr_art33"]["met_at"] == stockholm("2026-01-19T16:00").isoformat()
    final = clock["nis2_final_report"]
    assert final["status"] == "running"
    assert final["due_local"]["en"].startswith("Friday 20 February 2026")
    assert final["time_left"]["en"] == "27 days left"  # days, not hours, this far away

    # Every frozen document, rendered from its filing and read back as a DPO reads it.
    for filing in listed:
        documents = filing["documents"]
        assert len(documents) == 8, documents  # two languages, four formats
        for name in documents:
            document, lang, fmt = name.rsplit(".", 2)
            text = render(
                capsys,
                tmp_path,
                ref,
                "--filing",
                str(filing["seq"]),
                "--document",
                document,
                "--lang",
                lang,
                "--format",
                fmt,
                name=f"{filing['seq']}.{name}",
            )
            _reads_as_filed(filing, document, lang, fmt, text)

    # The letter to the patients, as Word, says what happened and that IMY was told on Monday.
    for lang, told in (
        (
            "sv",
            "Vi har anmält det som hänt till Integritetsskyddsmyndigheten (IMY) den 19 januari 2026.",
        ),
        (
            "en",
            "We reported it to the Swedish Authority for Privacy Protection (IMY) on 19 January 2026.",
        ),
    ):
        target = tmp_path / f"notice.{lang}.docx"
        code, _out, err = run(
            capsys,
            "render",
            ref,
            "--document",
            "data-subject-notice",
            "--format",
            "docx",
            "--lang",
            lang,
            "--output",
            str(target),
        )
        assert code == 0, err
        letter = " ".join(word_body(target))
        assert told in letter
        assert (
            "Vi fick veta det den 17 januari 2026."
            if lang == "sv"
            else "We learnt of it on 17 January 2026."
        ) in letter
        assert "Region Nordmark" in letter and ref in letter


def _only_new(workspace_at, ref: str, as_of_2024: str) -> dict[str, Any]:
    """What the scenario knew at ``as_of_2024`` that the incident does not hold yet (moved to
    2026), leaving the DPO's own CERT-SE answers alone."""
    current = workspace_at("2026-01-17T14:00").incident(ref).facts
    target = facts_2026(as_of_2024)
    return {
        path: value
        for path, value in changes_to(current, target).items()
        if not path.startswith(("cyber.", "english.cyber_"))
    }


def _reads_as_filed(filing: dict, document: str, lang: str, fmt: str, text: str) -> None:
    """A frozen document says what it is, to whom, about which incident, with its number."""
    where = f"{filing['seq']} {document}.{lang}.{fmt}"
    assert "Region Nordmark" in text, where
    if filing["recipient"] == "imy":
        assert document == "imy-notification", where
        for heading in IMY_HEADINGS[lang]:
            assert heading in text, (where, heading)
        assert ("20 januari 2026 kl. 14:00" if lang == "sv" else "20 January 2026, 14:00") in text
        # What goes to CERT-SE stays out of IMY's copy.
        assert "CERT-SE-2026" not in text, where
        return
    assert document == f"cert-se-{filing['kind']}", where
    assert filing["case_number"] in text, where
    assert ("17 januari 2026 kl. 14:00" if lang == "sv" else "17 January 2026, 14:00") in text, (
        where
    )
    services = (
        "Samordnad utskrivning av patienter"
        if lang == "sv"
        else "Coordinated discharge of patients"
    )
    assert services in text, where
    # CERT-SE gets no details about the people: neither their number nor their kinds of data.
    assert "4\u00a0900" not in text and "4 900" not in text and "4,900" not in text, where
    assert "IMY-2026" not in text, where
    if filing["kind"] == "incident-notification":
        indicators = "Utpressningsvirus krypterade" if lang == "sv" else "Ransomware encrypted"
        assert indicators in text, where


# -- the same scenario at its own dates ------------------------------------------------------------


def test_the_scenario_at_its_2024_dates_gets_no_cybersakerhetslag_chain(home, capsys, tmp_path):
    assert run(capsys, "init")[0] == 0
    source = tmp_path / "facts-2024.json"
    source.write_text(
        json.dumps(scenario_facts(PRELIMINARY_AT).model_dump(mode="json")), encoding="utf-8"
    )
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    ref = out.strip()
    found, table = clocks(capsys, ref, "2024-01-20T15:00")
    cert_se = [clock for clock in found if clock["recipient"] == "cert-se"]
    # Nothing runs and nothing is due under the cybersäkerhetslag: it came into force in 2026.
    assert all(clock["due"] is None for clock in cert_se), cert_se
    assert all(clock["status"] in ("not_applicable",) for clock in cert_se), cert_se
    lines = table.splitlines()
    for clock in cert_se:  # the table a DPO reads says so, with no deadline
        [line] = [line for line in lines if line.startswith(clock["label"]["en"])]
        assert line.split()[-3:] == ["Not", "applicable", "-"], line
    # IMY's 72 hours run as they did.
    art33 = by_key(found)["gdpr_art33"]
    assert art33["due"] == stockholm("2024-01-23T14:00").isoformat()
    for clock in cert_se:
        note = (clock["note"] or {}).get("en", "")
        assert "15 January 2026" in note, clock


def test_the_clocks_table_says_if_significant_while_that_is_not_known(workspace_at, capsys):
    ref = open_region_incident(workspace_at)
    found, table = clocks(capsys, ref, "2026-01-17T15:00")
    assert by_key(found)["nis2_early_warning"]["condition"]["en"] in table
