"""``workspace.reminders.run`` against a real SMTP server on 127.0.0.1: the worked example with a
clock moving forward in quarter hours, one mail per rule, clock and address, nothing once the
deadline is met or passed, runs that overlap, a server that refuses or stalls, and mails that carry
no personal data of the scenario. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import CHEAP
from sqlmodel import SQLModel

from breachreport.demo.cast import ORGANISATION, PEOPLE, at
from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import CASE_NUMBER, PRELIMINARY_AT, STEPS
from breachreport.domain.status import Role
from breachreport.errors import PermissionDenied
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts

ESCALATION = "ledning@nordmark.example.se"
INCIDENT_DPO = "dataskyddsombud@nordmark.example.se"  # the scenario's facts: contact.dpo_email
DPO_ACCOUNT = "karin.holm@nordmark.example.se"
OPERATOR = Actor(name="Karin Holm", role=Role.DPO)
BEFORE_FILING = at("2024-01-22T15:50")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def accounts(store) -> None:
    """A DPO account with a mail address, one with the incident's DPO address in other letters (one
    mail, not two), a disabled DPO, a DPO whose username is no address, and a legal reviewer (no
    reminders)."""
    people = Accounts(store, password_hasher=CHEAP)
    password = "correct horse battery staple"
    for username, name, role in (
        (DPO_ACCOUNT, "Karin Holm", Role.DPO),
        ("Dataskyddsombud@Nordmark.example.se", "Dataskyddsombudet", Role.DPO),
        ("per.berg@nordmark.example.se", "Per Berg", Role.DPO),
        ("vikarie", "Vikarie", Role.DPO),
        ("johan.ek@nordmark.example.se", "Johan Ek", Role.LEGAL_REVIEWER),
    ):
        people.add(
            by=LOCAL_OPERATOR, username=username, display_name=name, password=password, role=role
        )
    berg = next(a for a in people.list() if a.display_name == "Per Berg")
    people.disable(by=LOCAL_OPERATOR, account_id=berg.id)


def world(
    store,
    smtp_server,
    *,
    until: datetime | None = None,
    mail_timeout: float = 15.0,
    **rules: Any,
) -> tuple[Workspace, Clock, str]:
    # The timeout is generous: a client that gives up after the server has taken a mail (a busy
    # CI machine) records it as failed, and the next run sends it again, so a count would be off.
    clock = Clock(at("2024-01-20T14:00"))
    config = smtp_server.config(timeout=mail_timeout)
    workspace = Workspace(store, clock=clock, mail=lambda: config)
    ref = load_demo(workspace, until=until).reference
    accounts(store)
    if rules:
        workspace.reminders.set_rules(actor=OPERATOR, rules=rules, at=at("2024-01-20T14:00"))
    return workspace, clock, ref


def walk(workspace: Workspace, start: str, end: str, step: int = 15) -> list[tuple[datetime, Any]]:
    """Run every ``step`` minutes from ``start`` to ``end`` (Swedish time); every line with its
    run's time."""
    found = []
    now, stop = at(start), at(end)
    while now <= stop:
        found.extend((now, line) for line in workspace.reminders.run(at=now).lines)
        now += timedelta(minutes=step)
    return found


def sent(lines) -> Counter:
    return Counter(
        (when, line.kind, line.label.en, line.to.lower())
        for when, line in lines
        if line.outcome == "sent"
    )


def mail_events(store, ref: str) -> list[dict[str, Any]]:
    with store.transaction(write=False) as tx:
        record = tx.incidents.load(ref)
        return [e.payload for e in tx.events.for_incident(record.id) if e.kind == "mail_sent"]


IMY_72H = "Notification to IMY (72 hours)"


# -- the scenario ------------------------------------------------------------------------------------


def test_the_scenario_is_reminded_once_per_address_and_nothing_after_the_filing(store, smtp_server):
    workspace, _, ref = world(store, smtp_server, escalation_address=ESCALATION)
    lines = walk(workspace, "2024-01-20T14:00", "2024-01-24T18:00")
    # 24 h before IMY's deadline (23 January 14:00), to the incident's DPO and the DPO account;
    # filed at 16:00 on the 22nd, so neither the 6-hour reminder nor the escalation goes.
    reminder_at = at("2024-01-22T14:00")
    assert sent(lines) == Counter(
        {
            (reminder_at, "reminder", IMY_72H, INCIDENT_DPO): 1,
            (reminder_at, "reminder", IMY_72H, DPO_ACCOUNT): 1,
        }
    )
    assert [line.outcome for _, line in lines] == ["sent", "sent"]
    received = smtp_server.wait_for(2)
    assert len(received) == 2
    assert sorted(e.rcpt_tos for e in smtp_server.envelopes) == [(INCIDENT_DPO,), (DPO_ACCOUNT,)]
    assert smtp_server.greetings == 1  # both mails of the run over one connection; idle runs open none
    assert all(ref in m["Subject"] for m in received)
    assert reminder_at < PRELIMINARY_AT
    # The history: one "mail_sent" per mail, by the reminder service, naming the clock and rule.
    events = mail_events(store, ref)
    assert len(events) == 2
    assert {(e["kind"], e["clock"]) for e in events} == {("reminder", "gdpr_art33")}
    history = [h for h in workspace.history(ref) if h.kind == "mail_sent"]
    assert {h.actor for h in history} == {"breachreport remind"}


def test_a_run_as_if_at_another_time_is_recorded_when_the_mail_really_went(store, smtp_server):
    """``remind --at`` writes the mail as of that time (time left, Date), but the history says when
    it was sent, and what it was about, never to whom."""
    workspace, clock, ref = world(store, smtp_server)
    clock.now = at("2024-03-01T09:00")  # long after the scenario; the run looks back
    lines = workspace.reminders.run(at=at("2024-01-22T14:00")).lines
    assert [line.outcome for line in lines] == ["sent", "sent"]
    assert all("24" in m.get_content() for m in smtp_server.wait_for(2))
    history = [h for h in workspace.history(ref) if h.kind == "mail_sent"]
    assert [h.at for h in history] == [at("2024-03-01T09:00")] * 2
    assert {h.document for h in history} == {"reminder · gdpr_art33"}
    assert not any("@" in (h.document or "") for h in history)


@pytest.mark.parametrize("escalation", [ESCALATION, None])
def test_an_unfiled_deadline_gets_every_rule_once_and_escalates_only_to_an_address(
    store, smtp_server, escalation
):
    """The scenario stopped before the filing: 24 h and 6 h before to both addresses, the
    escalation 2 h before where an address is set, and nothing once the deadline has passed."""
    workspace, _, ref = world(
        store, smtp_server, until=BEFORE_FILING, escalation_address=escalation
    )
    lines = walk(workspace, "2024-01-22T13:00", "2024-01-24T12:00")
    expected = Counter()
    for when in ("2024-01-22T14:00", "2024-01-23T08:00"):  # 24 h and 6 h before
        for address in (INCIDENT_DPO, DPO_ACCOUNT):
            expected[(at(when), "reminder", IMY_72H, address)] = 1
    if escalation:
        expected[(at("2024-01-23T12:00"), "escalation", IMY_72H, ESCALATION)] = 1
    assert sent(lines) == expected
    assert len(smtp_server.wait_for(len(expected))) == len(expected)
    assert len(mail_events(store, ref)) == len(expected)
    rules = workspace.reminders.rules()
    assert rules.escalates is (escalation is not None)


def test_a_changed_awareness_time_gives_new_reminders(store, smtp_server):
    workspace, clock, ref = world(store, smtp_server, until=BEFORE_FILING)
    first = walk(workspace, "2024-01-22T14:00", "2024-01-22T14:00")
    assert len(first) == 2
    clock.now = at("2024-01-22T15:55")
    incident = workspace.incident(ref)
    workspace.revise(
        actor=OPERATOR,
        ref=ref,
        changes={"times.aware_at": "2024-01-20T18:00"},
        expected_version=incident.version,
        reason="The supplier's confirmation came four hours later than first recorded.",
        at=clock.now,
    )
    # The deadline moved four hours: its 24-hour reminder falls again, at 18:00, once.
    later = walk(workspace, "2024-01-22T15:55", "2024-01-22T19:00", step=5)
    assert {(when, line.to) for when, line in later} == {
        (at("2024-01-22T18:00"), INCIDENT_DPO),
        (at("2024-01-22T18:00"), DPO_ACCOUNT),
    }


def test_a_significance_not_yet_known_is_reminded_with_its_condition(store, smtp_server):
    config = smtp_server.config()
    workspace = Workspace(store, mail=lambda: config)
    changes = {k: v for k, v in STEPS[0].changes.items() if k != "description.processors"}
    changes |= {
        "times.occurred_from": "2026-11-01T23:30",
        "times.discovered_at": "2026-11-02T08:00",
        "times.aware_at": "2026-11-02T09:00",
    }
    ref = workspace.open_incident(
        actor=OPERATOR, changes=changes, at=at("2026-11-02T09:30")
    ).reference
    workspace.reminders.set_rules(
        actor=OPERATOR, rules={"language": "en"}, at=at("2026-11-02T09:30")
    )
    lines = workspace.reminders.run(at=at("2026-11-03T03:00")).lines
    assert [(line.kind, line.label.en, line.to) for line in lines] == [
        ("reminder", "Early warning to CERT-SE (24 hours)", INCIDENT_DPO)
    ]
    (mail,) = smtp_server.wait_for(1)
    body = mail.get_content()
    assert ref in body and "if the incident is significant" in body


def test_a_reminder_with_nobody_to_send_to_is_reported(store, smtp_server):
    config = smtp_server.config()
    workspace = Workspace(store, mail=lambda: config)
    changes = {k: v for k, v in STEPS[0].changes.items() if k != "contact.dpo_email"}
    ref = workspace.open_incident(
        actor=OPERATOR, changes=changes, at=at("2024-01-20T14:00")
    ).reference
    report = workspace.reminders.run(at=at("2024-01-22T14:00"))
    assert report.lines == [] and report.nobody == (ref,)
    accounts(store)  # a DPO account with a mail address: now there is someone
    report = workspace.reminders.run(at=at("2024-01-22T14:05"))
    assert sorted((line.outcome, line.to.lower()) for line in report.lines) == [
        ("sent", INCIDENT_DPO),  # the DPO account of that name
        ("sent", DPO_ACCOUNT),
    ]
    assert report.nobody == ()


def test_a_deadline_across_the_start_of_summer_time_is_reminded_in_elapsed_hours(
    store, smtp_server
):
    """Aware Friday 27 March 2026 at 10:00: IMY's 72 hours end on Monday at 11:00 summer time (the
    clocks went forward on Sunday), and the 24-hour reminder goes on Sunday at 11:00, saying so."""
    config = smtp_server.config()
    workspace = Workspace(store, mail=lambda: config)
    changes = {k: v for k, v in STEPS[0].changes.items() if k != "description.processors"}
    changes |= {
        "times.occurred_from": "2026-03-27T01:00",
        "times.discovered_at": "2026-03-27T08:00",
        "times.aware_at": "2026-03-27T10:00",
    }
    ref = workspace.open_incident(
        actor=OPERATOR, changes=changes, at=at("2026-03-27T10:30")
    ).reference
    workspace.reminders.set_rules(
        actor=OPERATOR, rules={"language": "en"}, at=at("2026-03-27T10:30")
    )

    def imy(when: str) -> list[Any]:
        lines = workspace.reminders.run(at=at(when)).lines
        return [line for line in lines if line.label.en == IMY_72H]

    assert imy("2026-03-29T10:59") == []
    (line,) = imy("2026-03-29T11:00")
    assert line.outcome == "sent" and line.due == at("2026-03-30T11:00")
    mail = next(m for m in smtp_server.wait_for(1) if "IMY" in m["Subject"])
    assert ref in mail["Subject"]
    assert "Monday 30 March 2026, 11:00 (CEST)" in mail.get_content()


def test_an_incident_that_cannot_be_read_is_named_and_the_others_are_reminded(store, smtp_server):
    config = smtp_server.config()
    workspace = Workspace(store, mail=lambda: config)
    refs = [
        workspace.open_incident(
            actor=OPERATOR, changes=STEPS[0].changes, at=at("2024-01-20T14:00")
        ).reference
        for _ in range(2)
    ]
    incident = SQLModel.metadata.tables["incident"]
    with store.engine.begin() as connection:
        where = incident.c.reference == refs[0]
        blob = connection.execute(sa.select(incident.c.facts_ct).where(where)).scalar_one()
        damaged = bytes([blob[0], blob[1] ^ 1, *blob[2:]])
        connection.execute(sa.update(incident).where(where).values(facts_ct=damaged))
    report = workspace.reminders.run(at=at("2024-01-22T14:00"))
    assert report.unreadable == (refs[0],)
    assert [(line.outcome, line.reference) for line in report.lines] == [("sent", refs[1])]


# -- overlapping runs --------------------------------------------------------------------------------


def test_two_runs_at_the_same_moment_send_each_mail_once(store, smtp_server):
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING)
    start = threading.Barrier(2)
    reports: list[Any] = []
    errors: list[BaseException] = []

    def one_run() -> None:
        other = Workspace(store, mail=workspace.mail)
        try:
            start.wait()
            reports.append(other.reminders.run(at=at("2024-01-23T08:00")))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    lines = [line for report in reports for line in report.lines]
    # The 24-hour reminder was never sent: the 6-hour one supersedes it, one to each address.
    assert sorted((line.outcome, line.to) for line in lines) == [
        ("sent", INCIDENT_DPO),
        ("sent", DPO_ACCOUNT),
    ]
    assert len(smtp_server.wait_for(2)) == 2
    assert len(mail_events(store, ref)) == 2
    assert workspace.reminders.run(at=at("2024-01-23T08:15")).lines == []


# -- a server that refuses or stalls -----------------------------------------------------------------


@pytest.mark.parametrize("code", [550, 451])
def test_a_refused_mail_is_reported_retried_and_sent_once(store, smtp_server, code):
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING)
    smtp_server.refuse(code)
    first = workspace.reminders.run(at=at("2024-01-22T14:00"))
    assert [line.outcome for line in first.lines] == ["failed", "failed"]
    assert first.failed and all(str(code) in (line.error or "") for line in first.lines)
    assert smtp_server.messages == []
    smtp_server.accept()
    second = workspace.reminders.run(at=at("2024-01-22T14:05"))
    assert sorted((line.outcome, line.to) for line in second.lines) == [
        ("sent", INCIDENT_DPO),
        ("sent", DPO_ACCOUNT),
    ]
    assert workspace.reminders.run(at=at("2024-01-22T14:10")).lines == []
    assert len(smtp_server.wait_for(2)) == 2
    assert [e["attempt"] for e in mail_events(store, ref)] == [2, 2]


def test_a_stalled_server_times_out_and_the_next_run_sends(store, smtp_server):
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING, mail_timeout=1.0)
    # The server stalls far past the client's 1 s, so even a busy machine sees the time-out; the
    # second run gets the usual generous client, or a slow answer there would fail it too.
    smtp_server.stall(30)
    first = workspace.reminders.run(at=at("2024-01-22T14:00"))
    assert [line.outcome for line in first.lines] == ["failed", "failed"]
    smtp_server.stall(0)
    workspace.mail = lambda: smtp_server.config()
    second = workspace.reminders.run(at=at("2024-01-22T14:15"))
    assert [line.outcome for line in second.lines] == ["sent", "sent"]
    assert len(smtp_server.wait_for(2)) == 2
    assert len(mail_events(store, ref)) == 2


def test_a_mail_still_failing_at_its_deadline_expires(store, smtp_server):
    workspace, _, ref = world(
        store, smtp_server, until=BEFORE_FILING, escalation_address=ESCALATION
    )
    smtp_server.refuse(550, only=ESCALATION)
    walk(workspace, "2024-01-22T14:00", "2024-01-23T08:00", step=18 * 60)  # the reminders go
    assert [line.outcome for line in workspace.reminders.run(at=at("2024-01-23T12:00")).lines] == [
        "failed"
    ]
    assert [line.outcome for line in workspace.reminders.run(at=at("2024-01-23T13:00")).lines] == [
        "failed"
    ]
    late = workspace.reminders.run(at=at("2024-01-23T14:05")).lines
    assert [(line.kind, line.outcome) for line in late] == [("escalation", "expired")]
    assert workspace.reminders.run(at=at("2024-01-23T14:10")).lines == []
    assert [e["kind"] for e in mail_events(store, ref)] == ["reminder"] * 4
    states = {
        (line.kind, line.state)
        for line in workspace.reminders.schedule(ref, now=at("2024-01-23T14:10"))
    }
    assert ("escalation", "expired") in states


def test_a_failed_reminder_replaced_by_a_later_one_is_not_sent_as_well(store, smtp_server):
    """The server refuses the 24-hour reminder and is back only when the 6-hour one is due: the
    6-hour one goes, and the 24-hour one is given up rather than sent late beside it."""
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING)
    smtp_server.refuse(451)
    assert [line.outcome for line in workspace.reminders.run(at=at("2024-01-22T14:00")).lines] == [
        "failed",
        "failed",
    ]
    smtp_server.accept()
    lines = workspace.reminders.run(at=at("2024-01-23T08:00")).lines
    assert sorted((line.outcome, line.to) for line in lines) == [
        ("expired", INCIDENT_DPO),
        ("expired", DPO_ACCOUNT),
        ("sent", INCIDENT_DPO),
        ("sent", DPO_ACCOUNT),
    ]
    assert len(smtp_server.wait_for(2)) == 2
    assert {e["due"] for e in mail_events(store, ref)} == {at("2024-01-23T14:00").isoformat()}


# -- what the mails say ------------------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def personal_data() -> set[str]:
    """Everything the scenario says about the breach and the people in it: names, numbers, every
    free text of its steps (the organisation's own name is not a fact of the breach)."""
    found = {p.name for p in PEOPLE} | {p.name.split()[-1] for p in PEOPLE}
    found |= {CASE_NUMBER, "4900", "4 900", "4899", "61000", "785 00 00", "232199-0000"}
    for step in STEPS:
        texts = _strings(step.changes) + ([step.reason] if step.reason else [])
        found |= {t for t in texts if " " in t.strip()}  # free text, not a choice's value
    found.discard(ORGANISATION["controller.name"])
    found -= {INCIDENT_DPO}  # the DPO's own address is where the mail goes, not what it says
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_mail_carries_personal_data_of_the_scenario(store, smtp_server, language):
    workspace, _, _ = world(
        store, smtp_server, until=BEFORE_FILING, escalation_address=ESCALATION, language=language
    )
    walk(workspace, "2024-01-22T13:00", "2024-01-23T14:00", step=60)
    mails = smtp_server.wait_for(5)
    assert len(mails) == 5
    secrets = personal_data()
    for mail in mails:
        text = f"{mail['Subject']}\n{mail.get_content()}"
        leaked = sorted(
            s for s in secrets if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text, re.I)
        )
        assert leaked == [], leaked
        assert mail["Content-Language"] == language


# -- dry runs, no server, the schedule and the rules -------------------------------------------------


def test_a_dry_run_sends_and_claims_nothing(store, smtp_server):
    workspace, _, _ = world(store, smtp_server, until=BEFORE_FILING)
    dry = workspace.reminders.run(at=at("2024-01-22T14:00"), dry_run=True)
    assert [(line.outcome, line.to) for line in dry.lines] == [
        ("would_send", INCIDENT_DPO),
        ("would_send", DPO_ACCOUNT),
    ]
    assert smtp_server.messages == []
    assert [line.outcome for line in workspace.reminders.run(at=at("2024-01-22T14:00")).lines] == [
        "sent",
        "sent",
    ]
    assert workspace.reminders.run(at=at("2024-01-22T14:05"), dry_run=True).lines == []


def test_without_a_mail_server_nothing_is_claimed(store, smtp_server):
    workspace, _, _ = world(store, smtp_server, until=BEFORE_FILING)
    unset = Workspace(store)
    assert not unset.reminders.mail_configured()
    report = unset.reminders.run(at=at("2024-01-22T14:00"))
    assert not report.mail_configured
    assert [line.outcome for line in report.lines] == ["would_send", "would_send"]
    # Set up later, the same mails still go.
    assert [line.outcome for line in workspace.reminders.run(at=at("2024-01-22T14:30")).lines] == [
        "sent",
        "sent",
    ]


def test_the_schedule_shows_what_went_and_what_is_due(store, smtp_server):
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING)
    workspace.reminders.run(at=at("2024-01-22T14:00"))
    lines = workspace.reminders.schedule(ref, now=at("2024-01-22T20:00"))
    assert [(line.state, line.to, line.send_at) for line in lines] == [
        ("sent", INCIDENT_DPO, at("2024-01-22T14:00")),
        ("sent", DPO_ACCOUNT, at("2024-01-22T14:00")),
        ("planned", INCIDENT_DPO, at("2024-01-23T08:00")),
        ("planned", DPO_ACCOUNT, at("2024-01-23T08:00")),
    ]
    assert {line.attempts for line in lines if line.state == "sent"} == {1}
    with pytest.raises(PermissionDenied):
        workspace.reminders.schedule(
            ref, actor=Actor(name="Lena Sjöberg", role=Role.SUPPLIER_CONTACT)
        )


def test_after_a_gap_the_schedule_shows_the_earlier_reminder_skipped(store, smtp_server):
    workspace, _, ref = world(store, smtp_server, until=BEFORE_FILING)
    lines = workspace.reminders.schedule(ref, now=at("2024-01-23T09:00"))
    assert [(line.state, line.send_at) for line in lines] == [
        ("skipped", at("2024-01-22T14:00")),
        ("skipped", at("2024-01-22T14:00")),
        ("due", at("2024-01-23T08:00")),
        ("due", at("2024-01-23T08:00")),
    ]


def test_the_rules_are_set_by_a_dpo_and_recorded(store, smtp_server):
    workspace, _, _ = world(store, smtp_server)
    assert workspace.reminders.rules_changed() is None
    with pytest.raises(PermissionDenied):
        workspace.reminders.set_rules(
            actor=Actor(name="Johan Ek", role=Role.LEGAL_REVIEWER), rules={"before_hours": [12]}
        )
    rules = workspace.reminders.set_rules(
        actor=OPERATOR,
        rules={"before_hours": [12], "escalation_address": ESCALATION},
        at=at("2024-02-01T09:00"),
    )
    assert workspace.reminders.rules() == rules
    changed = workspace.reminders.rules_changed()
    assert (
        changed is not None and changed.by == "Karin Holm" and changed.at == at("2024-02-01T09:00")
    )
    assert workspace.reminders.addressless_dpos() == ["Vikarie"]
