"""The legal clocks of one incident: GDPR Art. 33 and 34, NIS2, processors' contracts, IMY's window.

Derived from the facts and the filings, never stored. Instants are UTC; hours are elapsed time,
days and months are Swedish calendar time. Pure: the caller passes ``now``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .assessment import Assessment, assess
from .choices import Authority, FilingKind, InformStatus, Nis2Entity, NotInformReason
from .circumstances import Outcome
from .facts import Facts
from .labels import Choice, Text
from .times import STOCKHOLM, format_duration, format_local, from_stockholm, to_stockholm, to_utc

ART33_HOURS = 72
NIS2_EARLY_WARNING_HOURS = 24
NIS2_NOTIFICATION_HOURS = 72
IMY_SUPPLEMENT_WEEKS = 4
# Cybersäkerhetslagen (2025:1506) applies to incidents that the entity becomes aware of from here.
NIS2_IN_FORCE = from_stockholm(datetime(2026, 1, 15))


class ClockStatus(Choice):
    RUNNING = ("running", "Pågår", "Running")
    MET = ("met", "Uppfylld", "Met")
    MISSED = ("missed", "Missad", "Missed")
    NOT_APPLICABLE = ("not_applicable", "Gäller inte", "Not applicable")


@dataclass(frozen=True)
class Clock:
    """One deadline: what, on which legal basis, when, and where it stands at ``now``.

    ``time_left`` is set while the deadline has not been met: positive while running, negative
    once overdue. ``note`` says why a clock does not apply, or how its due time was reckoned.
    """

    key: str
    label: Text
    basis: Text
    status: ClockStatus
    starts_at: datetime | None = None
    due: datetime | None = None
    time_left: timedelta | None = None
    met_at: datetime | None = None
    note: Text | None = None

    def to_json(self) -> dict[str, Any]:
        def instant(value: datetime | None) -> str | None:
            return value.astimezone(UTC).isoformat() if value else None

        def text(value: Text | None) -> dict[str, str] | None:
            return {"sv": value.sv, "en": value.en} if value else None

        left = None
        if self.time_left is not None:
            left = Text(*(_left(self.time_left, lang) for lang in ("sv", "en")))
        due_local = None
        if self.due is not None:
            due_local = Text(*(format_local(self.due, lang, weekday=True) for lang in ("sv", "en")))
        return {
            "key": self.key,
            "label": text(self.label),
            "basis": text(self.basis),
            "status": self.status.value,
            "status_label": text(self.status.text),
            "starts_at": instant(self.starts_at),
            "due": instant(self.due),
            "due_local": text(due_local),
            "time_left_seconds": int(self.time_left.total_seconds())
            if self.time_left is not None
            else None,
            "time_left": text(left),
            "met_at": instant(self.met_at),
            "note": text(self.note),
        }


def _left(delta: timedelta, lang: str) -> str:
    span = format_duration(delta, lang)
    if delta >= timedelta(0):
        return f"{span} kvar" if lang == "sv" else f"{span} left"
    return f"{span} över tiden" if lang == "sv" else f"{span} overdue"


def after_hours(start: datetime, hours: int) -> datetime:
    """``hours`` elapsed hours after ``start``: nights, weekends and clock changes all count."""
    return to_utc(start) + timedelta(hours=hours)


def after_calendar(start: datetime, *, months: int = 0, days: int = 0) -> datetime:
    """The same Swedish wall-clock time ``months`` and ``days`` later (clamped to the month's end).

    A wall time skipped by the spring change resolves to the same instant an hour later in summer
    time; a repeated one to its first occurrence.
    """
    local = to_stockholm(start).replace(tzinfo=None)
    year, month = divmod(local.month - 1 + months, 12)
    year, month = local.year + year, month + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    moved = local.replace(year=year, month=month, day=day) + timedelta(days=days)
    return moved.replace(tzinfo=STOCKHOLM, fold=0).astimezone(UTC)


def _deadline(
    key: str,
    label: Text,
    basis: Text,
    *,
    start: datetime,
    due: datetime,
    done: datetime | None,
    now: datetime,
    note: Text | None = None,
) -> Clock:
    """Met when done at or before ``due``; missed when done late, or not done and past due."""
    if done is not None:
        status = ClockStatus.MET if done <= due else ClockStatus.MISSED
        return Clock(key, label, basis, status, start, due, None, done, note)
    status = ClockStatus.RUNNING if now <= due else ClockStatus.MISSED
    return Clock(key, label, basis, status, start, due, due - now, None, note)


def _not_applicable(key: str, label: Text, basis: Text, note: Text) -> Clock:
    return Clock(key, label, basis, ClockStatus.NOT_APPLICABLE, note=note)


_ART33 = (
    Text("Anmälan till IMY (72 timmar)", "Notification to IMY (72 hours)"),
    Text(
        "GDPR art. 33.1: anmäl utan onödigt dröjsmål och om möjligt inom 72 timmar från att ni fick "
        "kännedom; en senare anmälan ska ange skälen till dröjsmålet.",
        "GDPR Art. 33(1): notify without undue delay and, where feasible, within 72 hours of "
        "becoming aware; a later notification must give the reasons for the delay.",
    ),
)
_ART34 = (
    Text("Information till de registrerade", "Telling the data subjects"),
    Text(
        "GDPR art. 34.1: vid hög risk ska de registrerade informeras utan onödigt dröjsmål; det "
        "finns ingen fast frist.",
        "GDPR Art. 34(1): where the risk is high, the data subjects must be told without undue "
        "delay; there is no fixed deadline.",
    ),
)
_NIS2_LAW_SV = "Cybersäkerhetslagen (2025:1506) och NIS2-direktivet art. 23.4"
_NIS2_LAW_EN = "Cybersecurity Act (2025:1506) and NIS2 Directive Art. 23(4)"
_NIS2 = {
    "nis2_early_warning": (
        Text("Tidig varning till CERT-SE (24 timmar)", "Early warning to the CSIRT (24 hours)"),
        Text(
            f"{_NIS2_LAW_SV} a: tidig varning inom 24 timmar från kännedom om en betydande incident.",
            f"{_NIS2_LAW_EN}(a): an early warning within 24 hours of becoming aware of a "
            "significant incident.",
        ),
    ),
    "nis2_notification": (
        Text(
            "Incidentanmälan till CERT-SE (72 timmar)",
            "Incident notification to the CSIRT (72 hours)",
        ),
        Text(
            f"{_NIS2_LAW_SV} b: incidentanmälan inom 72 timmar från kännedom om en betydande incident.",
            f"{_NIS2_LAW_EN}(b): an incident notification within 72 hours of becoming aware of a "
            "significant incident.",
        ),
    ),
    "nis2_final_report": (
        Text("Slutrapport till CERT-SE (en månad)", "Final report to the CSIRT (one month)"),
        Text(
            f"{_NIS2_LAW_SV} d: slutrapport senast en månad efter incidentanmälan; en "
            "lägesrapport i stället om incidenten pågår.",
            f"{_NIS2_LAW_EN}(d): a final report no later than one month after the incident "
            "notification; a progress report instead if the incident is still ongoing.",
        ),
    ),
}
_SUPPLEMENT = (
    Text("Komplettering till IMY (cirka fyra veckor)", "Supplement to IMY (about four weeks)"),
    Text(
        "GDPR art. 33.4: det som inte är känt får lämnas i omgångar utan onödigt dröjsmål; IMY tar "
        "emot kompletteringar inom ungefär fyra veckor från den första anmälan.",
        "GDPR Art. 33(4): what is not yet known may follow in phases without undue delay; IMY "
        "accepts supplements within about four weeks of the first notification.",
    ),
)
_NO_AWARENESS = Text(
    "Startar när tidpunkten för kännedom är angiven.",
    "Starts once the time of awareness is recorded.",
)


def _decided(facts: Facts, assessment: Assessment) -> Outcome:
    """The DPO's decision when recorded, else the assessment's (cautious) recommendation."""
    return facts.decision.outcome or assessment.outcome


def _art33(
    facts: Facts, first: tuple[FilingKind, datetime] | None, outcome: Outcome, now: datetime
) -> Clock:
    """Met by the first notification (preliminary or complete) at or before 72 hours."""
    aware = facts.times.aware_at
    if first is None and outcome is Outcome.DOCUMENT_ONLY:
        note = Text(
            "Beslutet är att bara dokumentera incidenten internt (art. 33.5).",
            "The decision is to document the breach internally only (Art. 33(5)).",
        )
        return _not_applicable("gdpr_art33", *_ART33, note)
    if aware is None:
        return _not_applicable("gdpr_art33", *_ART33, _NO_AWARENESS)
    done = first[1] if first else None
    return _deadline(
        "gdpr_art33", *_ART33, start=aware, due=after_hours(aware, ART33_HOURS), done=done, now=now
    )


def _art34(
    facts: Facts, told: datetime | None, outcome: Outcome, assessment: Assessment, now: datetime
) -> Clock:
    """No fixed due time: met once the data subjects are told, running while the duty applies.

    Which duty applies follows what the DPO recorded: a reason in section I not to tell them
    (Art. 34(3) a or b, or no high risk) stops the clock, whatever the decision said earlier
    (``contradictions`` flags that); then the decision; then the assessment's recommendation.
    """
    start = facts.times.aware_at
    if told is not None:
        return Clock("gdpr_art34", *_ART34, ClockStatus.MET, start, met_at=told)
    communication = facts.communication
    reason = communication.reason_not
    if communication.status is InformStatus.WILL_NOT_INFORM and reason is not None:
        if reason is NotInformReason.DISPROPORTIONATE:
            return Clock("gdpr_art34", *_ART34, ClockStatus.RUNNING, start, note=_PUBLIC_NOTICE)
        note = Text(
            f"Ni har angett att de registrerade inte ska informeras: {reason.label('sv')}.",
            f"You recorded that the data subjects will not be told: {reason.label('en')}.",
        )
        return _not_applicable("gdpr_art34", *_ART34, note)
    if outcome is not Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS:
        return _not_applicable("gdpr_art34", *_ART34, _not_told_because(facts, outcome, assessment))
    return Clock("gdpr_art34", *_ART34, ClockStatus.RUNNING, start)


_PUBLIC_NOTICE = Text(
    "Art. 34.3 c: ett offentligt meddelande eller en liknande åtgärd ersätter informationen till "
    "var och en; den ska ändå ske utan onödigt dröjsmål.",
    "Art. 34(3)(c): a public communication or a similar measure replaces telling each person; it "
    "must still be made without undue delay.",
)


def _not_told_because(facts: Facts, outcome: Outcome, assessment: Assessment) -> Text:
    """Why no one needs to be told: the DPO's decision when recorded, else the assessment's."""
    if facts.decision.outcome is not None:
        return Text(
            f"Beslutet är ”{outcome.label('sv')}”: de registrerade behöver inte informeras.",
            f"The decision is '{outcome.label('en')}': the data subjects need not be told.",
        )
    exemption = assessment.exemption
    if exemption is not None and exemption is not NotInformReason.DISPROPORTIONATE:
        return Text(
            f"Riskbedömningen: {exemption.label('sv')}; inget beslut är registrerat ännu.",
            f"The assessment: {exemption.label('en')}; no decision is recorded yet.",
        )
    return Text(
        "Riskbedömningen bedömer inte risken som hög; inget beslut är registrerat ännu.",
        "The assessment does not judge the risk high; no decision is recorded yet.",
    )


def _nis2(facts: Facts, now: datetime) -> list[Clock]:
    """Early warning, notification and final report; met by the CSIRT reports in facts.other.reports.

    The CSIRT reports with a time, in time order, count as the early warning, the incident
    notification and the final report. Shown for every incident of an essential or important
    entity: whether the incident is significant is for the organisation to judge.
    """
    keys = list(_NIS2)
    entity = facts.controller.nis2_entity
    aware = facts.times.aware_at
    note = None
    if entity not in (Nis2Entity.ESSENTIAL, Nis2Entity.IMPORTANT):
        note = Text(
            "Organisationen är inte angiven som väsentlig eller viktig verksamhetsutövare.",
            "The organisation is not recorded as an essential or important entity.",
        )
    elif aware is None:
        note = _NO_AWARENESS
    elif aware < NIS2_IN_FORCE:
        note = Text(
            "Cybersäkerhetslagen gäller incidenter från den 15 januari 2026; före dess gällde "
            "NIS-lagen med rapport till MSB.",
            "The Cybersecurity Act applies to incidents from 15 January 2026; before that the NIS "
            "Act applied, with reports to MSB.",
        )
    if note is not None:
        return [_not_applicable(key, *_NIS2[key], note) for key in keys]
    reports = sorted(
        r.reported_at
        for r in facts.other.reports or []
        if r.authority is Authority.CSIRT and r.reported_at is not None
    )
    done = reports + [None] * (3 - len(reports))
    early = _deadline(
        keys[0],
        *_NIS2[keys[0]],
        start=aware,
        due=after_hours(aware, NIS2_EARLY_WARNING_HOURS),
        done=done[0],
        now=now,
    )
    notification = _deadline(
        keys[1],
        *_NIS2[keys[1]],
        start=aware,
        due=after_hours(aware, NIS2_NOTIFICATION_HOURS),
        done=done[1],
        now=now,
    )
    sent = notification.met_at
    provisional = None
    if sent is None:
        provisional = Text(
            "Preliminärt räknad från fristen för incidentanmälan tills anmälan är gjord.",
            "Counted from the incident notification's deadline until the notification is made.",
        )
    start = sent or notification.due
    final = _deadline(
        keys[2],
        *_NIS2[keys[2]],
        start=start,
        due=after_calendar(start, months=1),
        done=done[2],
        now=now,
        note=provisional,
    )
    return [early, notification, final]


def _processors(facts: Facts, now: datetime) -> list[Clock]:
    """One clock per processor whose contract sets hours: met when it told the controller in time."""
    found = []
    for p in facts.description.processors or []:
        if p.contract_hours is None:
            continue
        hours = p.contract_hours
        label = Text(
            f"{p.name} underrättar er ({hours} timmar enligt avtal)",
            f"{p.name} tells you ({hours} hours under the contract)",
        )
        basis = Text(
            "GDPR art. 33.2 och personuppgiftsbiträdesavtalet: biträdet ska underrätta den "
            f"personuppgiftsansvarige utan onödigt dröjsmål, enligt avtalet inom {hours} timmar "
            "från att biträdet fick kännedom.",
            "GDPR Art. 33(2) and the data processing agreement: the processor must tell the "
            f"controller without undue delay, under the contract within {hours} hours of becoming "
            "aware.",
        )
        key = f"processor:{p.name}"
        if p.aware_at is None:
            note = Text(
                "Ange när biträdet fick kännedom.", "Record when the processor became aware."
            )
            found.append(_not_applicable(key, label, basis, note))
            continue
        found.append(
            _deadline(
                key,
                label,
                basis,
                start=p.aware_at,
                due=after_hours(p.aware_at, hours),
                done=p.notified_controller_at,
                now=now,
            )
        )
    return found


def _supplement(filings: list[tuple[FilingKind, datetime]], now: datetime) -> Clock:
    """Runs four calendar weeks from a preliminary first filing; met by a complete notification
    (or a withdrawal) within the window. A supplement alone leaves it running."""
    if not filings:
        note = Text("Startar med den första anmälan.", "Starts with the first notification.")
        return _not_applicable("imy_supplement_window", *_SUPPLEMENT, note)
    kind, first = filings[0]
    if kind is FilingKind.COMPLETE:
        note = Text("Den första anmälan var fullständig.", "The first notification was complete.")
        return _not_applicable("imy_supplement_window", *_SUPPLEMENT, note)
    closing = (FilingKind.COMPLETE, FilingKind.WITHDRAWAL)
    done = next((at for k, at in filings[1:] if k in closing), None)
    return _deadline(
        "imy_supplement_window",
        *_SUPPLEMENT,
        start=first,
        due=after_calendar(first, days=7 * IMY_SUPPLEMENT_WEEKS),
        done=done,
        now=now,
    )


def clocks(
    facts: Facts,
    *,
    now: datetime,
    first_filed_at: datetime | None = None,
    filings: Sequence[tuple[FilingKind | str, datetime]] = (),
    notified_subjects_at: datetime | None = None,
    assessment: Assessment | None = None,
) -> list[Clock]:
    """Every clock of the incident at ``now``.

    ``filings`` are the notifications to IMY as (kind, filed_at); ``first_filed_at`` alone stands
    for a preliminary first filing when the filings are not at hand. ``notified_subjects_at``
    defaults to ``communication.informed_at``. Which duties apply follows the DPO's decision when
    recorded, else the assessment (computed when not given).
    """
    now = to_utc(now)
    # Seen from ``now``: what happened later has not happened yet.
    ordered = sorted(
        ((FilingKind(k), to_utc(at)) for k, at in filings if to_utc(at) <= now),
        key=lambda f: f[1],
    )
    if not ordered and first_filed_at is not None:
        ordered = [(FilingKind.PRELIMINARY, to_utc(first_filed_at))]
    notices = [f for f in ordered if f[0] is not FilingKind.WITHDRAWAL]
    first = next(
        ((k, at) for k, at in notices if k in (FilingKind.PRELIMINARY, FilingKind.COMPLETE)), None
    )
    assessment = assessment or assess(facts)
    outcome = _decided(facts, assessment)
    told = notified_subjects_at or facts.communication.informed_at
    if told is not None and to_utc(told) > now:
        told = None
    return [
        _art33(facts, first, outcome, now),
        _art34(facts, to_utc(told) if told else None, outcome, assessment, now),
        *_nis2(facts, now),
        *_processors(facts, now),
        _supplement(ordered, now),
    ]
