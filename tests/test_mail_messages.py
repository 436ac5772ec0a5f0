"""The mails as a recipient reads them: every kind in both languages, the deadline in Swedish time
across the spring DST change, the link or the app's name, the headers, and nothing beyond what the
context gives (so nothing about a breach can slip in)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from breachreport.errors import InputError
from breachreport.mail.messages import KINDS, MailContext, compose, link_to
from breachreport.mail.transport import send

SENDER = "breachreport@nordmark.example.se"
TO = "karin.holm@nordmark.example.se"
REF = "BR-2026-0007"
LINK = "https://breach.nordmark.example.se/?incident=BR-2026-0007"
NOW = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)
# 14:00 on Sunday 29 March 2026 in Stockholm: summer time began at 02:00 that night (UTC+2).
DUE_AFTER_CHANGE = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
# 13:00 on Saturday 28 March 2026 in Stockholm: still winter time (UTC+1).
DUE_BEFORE_CHANGE = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
LABEL = {"sv": "Anmälan till IMY (72 timmar)", "en": "Notification to IMY (72 hours)"}
CONDITION = {"sv": "om incidenten är betydande", "en": "if the incident is significant"}


def context(lang: str = "sv", **changes) -> MailContext:
    base = MailContext(
        reference=REF,
        link=LINK,
        deadline=LABEL[lang],
        due=DUE_AFTER_CHANGE,
        condition=CONDITION[lang],
        hours_before=24,
        recipient_name="Karin Holm",
        organisation="Nordmark Energi AB",
        expires_at=datetime(2026, 4, 3, 21, 59, 59, tzinfo=UTC),
        version=4,
    )
    return dataclasses.replace(base, **changes)


def body(message) -> str:
    return message.get_content()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_in_both_languages(kind, lang):
    message = compose(kind, lang, to=TO, sender=SENDER, context=context(lang), now=NOW)

    assert message["Subject"].strip()
    assert "\n" not in message["Subject"]
    text = body(message)
    assert "None" not in text and "{{" not in text and "{%" not in text
    assert "Nordmark Energi AB" in text
    assert message["Content-Language"] == lang
    assert message.get_content_charset() == "utf-8"
    if kind != "test":
        assert REF in message["Subject"]
        assert REF in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_languages_differ(lang):
    other = "en" if lang == "sv" else "sv"
    one = compose("reminder", lang, to=TO, sender=SENDER, context=context(lang), now=NOW)
    two = compose("reminder", other, to=TO, sender=SENDER, context=context(lang), now=NOW)
    assert body(one) != body(two)


def test_a_reminder_says_what_is_due_when_how_long_and_why():
    text = body(compose("reminder", "sv", to=TO, sender=SENDER, context=context(), now=NOW))

    assert "Anmälan till IMY (72 timmar)" in text
    assert "söndag 29 mars 2026 kl. 14:00 (CEST)" in text
    assert "26 tim" in text  # 10:00 UTC on the 28th to 12:00 UTC on the 29th
    assert "gäller bara om incidenten är betydande" in text
    assert LINK in text
    assert "påminnelseregler" in text and "24 timmar" in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "168 timmar före den här tidsfristen"),
        ("en", "168 hours before this deadline"),
    ],
)
def test_a_reminder_names_the_hours_of_its_own_deadline_not_every_deadline(lang, said):
    """With hours of its own for one deadline (a week before CERT-SE's final report, say), the
    mail says when it goes for this deadline and claims nothing of the others."""
    text = body(
        compose(
            "reminder", lang, to=TO, sender=SENDER, context=context(lang, hours_before=168), now=NOW
        )
    )
    assert said in " ".join(text.split())
    assert "varje tidsfrist" not in text and "each deadline" not in text


def test_a_deadline_before_the_dst_change_is_shown_in_winter_time():
    before = compose(
        "reminder",
        "en",
        to=TO,
        sender=SENDER,
        context=context("en", due=DUE_BEFORE_CHANGE),
        now=NOW,
    )
    after = compose("reminder", "en", to=TO, sender=SENDER, context=context("en"), now=NOW)

    assert "Saturday 28 March 2026, 13:00 (CET)" in body(before)
    assert "Sunday 29 March 2026, 14:00 (CEST)" in body(after)
    assert "2 h left" in before["Subject"]


def test_without_a_link_the_mail_names_the_app_and_the_incident():
    for lang, wording in (
        ("sv", f"Öppna breachreport och välj incident {REF}."),
        ("en", f"Open breachreport and choose incident {REF}."),
    ):
        message = compose(
            "reminder", lang, to=TO, sender=SENDER, context=context(lang, link=None), now=NOW
        )
        assert wording in body(message)
        assert "https://" not in body(message)


def test_an_escalation_says_nobody_has_filed_and_the_deadline_is_close():
    text = body(
        compose(
            "escalation", "en", to=TO, sender=SENDER, context=context("en", hours_before=2), now=NOW
        )
    )

    assert "Nobody has recorded the deadline below as met yet" in text
    assert "escalation contact" in text and "2 hours" in text


def test_a_passed_deadline_is_said_so():
    message = compose(
        "escalation", "sv", to=TO, sender=SENDER, context=context(), now=DUE_AFTER_CHANGE
    )
    assert "tidsfristen har gått ut" in body(message)
    assert "har gått ut" in message["Subject"]


def test_an_invitation_names_who_invites_its_personal_link_and_its_end():
    link = link_to("https://breach.nordmark.example.se/", invite_token="tok_Abc-123")
    message = compose("invitation", "sv", to=TO, sender=SENDER, context=context(link=link), now=NOW)
    text = body(message)

    assert link == "https://breach.nordmark.example.se/?invite=tok_Abc-123"
    assert "Nordmark Energi AB ber dig" in text
    assert link in text
    assert "personlig" in text
    assert "fredag 3 april 2026 kl. 23:59 (CEST)" in text
    assert message["Auto-Submitted"] is None  # a person sent it


def test_a_review_notice_names_the_version_that_waits():
    text = body(
        compose("review_notice", "en", to=TO, sender=SENDER, context=context("en"), now=NOW)
    )
    assert f"A draft (version 4) of incident {REF} is waiting for your review." in text


def test_headers():
    message = compose("reminder", "sv", to=TO, sender=SENDER, context=context(), now=NOW)

    assert message["From"] == SENDER
    assert message["To"].addresses[0].addr_spec == TO
    assert message["To"].addresses[0].display_name == "Karin Holm"
    assert message["Date"].datetime == NOW
    assert message["Message-ID"].endswith("@nordmark.example.se>")
    assert message["Auto-Submitted"] == "auto-generated"
    other = compose("reminder", "sv", to=TO, sender=SENDER, context=context(), now=NOW)
    assert other["Message-ID"] != message["Message-ID"]


def test_the_body_holds_only_what_the_context_gives():
    """Two contexts with every value different: once each one's values are blanked, the mails are
    the same, so the template adds nothing of its own that could vary (no facts, no names)."""
    one = context()
    two = MailContext(
        reference="BR-2031-0999",
        link="https://other.example.org/?incident=BR-2031-0999",
        deadline="Tidig varning till CERT-SE (24 timmar)",
        due=DUE_AFTER_CHANGE,
        condition="om tjänsten är samhällsviktig",
        hours_before=24,
        recipient_name="Olle Berg",
        organisation="Vattenfall Syd AB",
        expires_at=one.expires_at,
        version=9,
    )
    for kind in KINDS:
        texts = []
        for given in (one, two):
            message = compose(kind, "sv", to=TO, sender=SENDER, context=given, now=NOW)
            text = message["Subject"] + "\n" + body(message)
            for field in ("link", "reference", "deadline", "condition", "recipient_name"):
                text = text.replace(getattr(given, field), f"<{field}>")
            text = text.replace(given.organisation, "<organisation>")
            texts.append(text.replace(f"version {given.version}", "version <version>"))
        assert texts[0] == texts[1], kind


def test_a_context_shows_only_what_is_set():
    bare = MailContext(reference=REF, due=DUE_AFTER_CHANGE)
    text = body(compose("reminder", "en", to=TO, sender=SENDER, context=bare, now=NOW))

    assert text.startswith("Hello,\n")
    assert "Condition" not in text and "Deadline:" not in text
    assert "Open breachreport and choose incident" in text


def test_a_mail_that_lacks_what_its_kind_needs_is_refused():
    with pytest.raises(InputError):
        compose("invitation", "sv", to=TO, sender=SENDER, context=context(link=None), now=NOW)
    with pytest.raises(InputError):
        compose("reminder", "sv", to=TO, sender=SENDER, context=context(due=None), now=NOW)


def test_the_context_goes_to_json_and_back():
    given = context(hours_before=1.5)
    data = json.loads(json.dumps(given.to_json()))

    assert data["due"] == "2026-03-29T12:00:00+00:00"
    assert MailContext.from_json(data) == given
    assert MailContext.from_json(MailContext().to_json()) == MailContext()


def test_times_are_kept_in_utc():
    stockholm = DUE_AFTER_CHANGE.astimezone(timezone(timedelta(hours=2)))
    given = MailContext(due=stockholm)
    assert given.due.tzinfo == UTC
    assert given.to_json()["due"] == "2026-03-29T12:00:00+00:00"


@pytest.mark.parametrize(
    "data",
    [
        {"reference": REF, "body": "the breach"},
        {"due": "2026-03-29T12:00:00"},  # no zone
        {"due": "tomorrow"},
        {"version": "4"},
        {"reference": 7},
    ],
)
def test_a_stored_context_that_is_wrong_is_refused(data):
    with pytest.raises(InputError):
        MailContext.from_json(data)


def test_links():
    assert link_to(None, ref=REF) is None
    assert link_to("  ", ref=REF) is None
    assert (
        link_to("https://breach.example.se/", ref=REF)
        == f"https://breach.example.se/?incident={REF}"
    )
    assert link_to("https://breach.example.se/app", invite_token="t") == (
        "https://breach.example.se/app/?invite=t"
    )
    assert link_to("https://breach.example.se") == "https://breach.example.se/"
    with pytest.raises(ValueError):
        link_to("https://breach.example.se", ref=REF, invite_token="t")


def test_a_composed_mail_arrives_readable(smtp_server):
    message = compose("reminder", "sv", to=TO, sender=SENDER, context=context(), now=NOW)
    send(smtp_server.config(), message)

    (received,) = smtp_server.wait_for(1)
    assert received["Subject"] == message["Subject"]
    assert "söndag 29 mars 2026 kl. 14:00 (CEST)" in received.get_content()
    assert received["Auto-Submitted"] == "auto-generated"
    assert smtp_server.envelopes[0].rcpt_tos == (TO,)
