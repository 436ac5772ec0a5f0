"""The mails breachreport sends, composed from plain-text templates in Swedish and English.

A mail is made from a ``MailContext``: the incident's reference, a deadline's label and time, a
link, the recipient's and the organisation's names. That is all a template sees, so a mail can
never carry facts about a breach or the people in it: mail is not encrypted at rest on the
servers it passes. The context is plain data and goes to JSON and back (``to_json``/``from_json``),
so a mail waiting in the outbox is stored as its context and composed when it is sent.

Templates live flat in ``templates/`` as ``mail-<kind>.<lang>.txt.j2``: the first line is the
subject, then a blank line, then the body. They are rendered in Jinja's immutable sandbox with
undefined names refused; dates are shown in Europe/Stockholm with the weekday.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import quote, urlencode

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..domain.times import format_local, format_span, to_utc
from ..errors import InputError
from ..i18n import LANGS, _

MailKind = Literal["reminder", "escalation", "invitation", "review_notice", "test"]
KINDS: tuple[MailKind, ...] = get_args(MailKind)
# Mails a person sent by acting (an invitation) are not marked as automatic; the rest are, so
# that out-of-office replies and the like stay away (RFC 3834).
_AUTOMATIC: frozenset[str] = frozenset({"reminder", "escalation", "review_notice", "test"})
APP_NAME = "breachreport"
# What a mail of each kind cannot do without (the rest is shown when given).
_NEEDS: dict[str, tuple[str, ...]] = {
    "reminder": ("reference", "due"),
    "escalation": ("reference", "due"),
    "invitation": ("link",),
    "review_notice": ("reference",),
    "test": (),
}
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class MailContext:
    """Everything a mail may say. Each field is optional; a template shows what is given."""

    reference: str | None = None  # the incident's reference, e.g. "BR-2024-0001"
    link: str | None = None  # where to act (see link_to); None: the mail names the app instead
    deadline: str | None = None  # the clock's label in the mail's language
    due: datetime | None = None  # aware UTC; shown in Europe/Stockholm with weekday
    condition: str | None = None  # "om incidenten är betydande", in the mail's language
    hours_before: float | None = None  # the rule that fired (24, 6, 2 ...)
    recipient_name: str | None = None
    organisation: str | None = None  # the organisation's name (not a breach fact)
    expires_at: datetime | None = None  # invitation: link valid until
    version: int | None = None  # review notice: the facts version that waits

    def __post_init__(self) -> None:
        for name in ("due", "expires_at"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_utc(value))

    def to_json(self) -> dict[str, Any]:
        """The given fields as JSON values (times as ISO 8601 in UTC); unset fields are left out."""
        data: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            data[field.name] = value.isoformat() if isinstance(value, datetime) else value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MailContext:
        """The context ``to_json`` wrote. InputError for an unknown field or a value of the wrong
        kind (a stored mail that was tampered with or written by another version)."""
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                _("A stored mail has unknown fields: {names}.", names=", ".join(unknown))
            )
        values: dict[str, Any] = {}
        for name, value in data.items():
            if value is None:
                continue
            values[name] = _read(name, value)
        return cls(**values)


_TEXT_FIELDS = frozenset(
    {"reference", "link", "deadline", "condition", "recipient_name", "organisation"}
)


def _read(name: str, value: Any) -> Any:
    """One JSON value back into its field's type."""
    wrong = InputError(_("A stored mail has a malformed field: {name}.", name=name))
    if name in _TEXT_FIELDS:
        if not isinstance(value, str):
            raise wrong
        return value
    if name in ("due", "expires_at"):
        if not isinstance(value, str):
            raise wrong
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise wrong from None
        if instant.tzinfo is None:
            raise wrong
        return instant.astimezone(UTC)
    if name == "hours_before":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        return float(value)
    if name == "version":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    raise wrong


def link_to(
    base_url: str | None, *, ref: str | None = None, invite_token: str | None = None
) -> str | None:
    """Where a mail sends its reader: the incident's page (``?incident=REF``), an invitation
    (``?invite=TOKEN``), or the app's front page; None without a base URL (the mail then names
    the app and the incident instead of linking)."""
    if ref is not None and invite_token is not None:
        raise ValueError("a link goes to an incident or to an invitation, not both")
    if base_url is None or not base_url.strip():
        return None
    base = base_url.strip().rstrip("/")
    if invite_token is not None:
        return f"{base}/?invite={quote(invite_token, safe='')}"
    if ref is not None:
        return f"{base}/?{urlencode({'incident': ref})}"
    return f"{base}/"


def compose(
    kind: MailKind, lang: str, *, to: str, sender: str, context: MailContext, now: datetime
) -> EmailMessage:
    """The mail of ``kind`` in ``lang`` ("sv" or "en"; anything else reads as Swedish) to ``to``.

    Subject and plain-text body (UTF-8) come from ``templates/mail-<kind>.<lang>.txt.j2`` and show
    only what ``context`` holds. Headers: From, To, Subject, Date (``now``), a Message-ID in the
    sender's domain, Content-Language, and Auto-Submitted for the automatic kinds.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    for name in _NEEDS[kind]:
        if getattr(context, name) is None:
            raise InputError(_("The mail cannot be composed: its {field} is missing.", field=name))
    lang = lang if lang in LANGS else "sv"
    subject, body = render(kind, lang, context, now)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = _recipient(to, context.recipient_name)
    message["Subject"] = subject
    message["Date"] = format_datetime(to_utc(now))
    message["Message-ID"] = make_msgid(APP_NAME, domain=_domain(sender))
    if kind in _AUTOMATIC:
        message["Auto-Submitted"] = "auto-generated"
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = lang  # after set_content, which drops every Content-* header
    return message


def render(kind: MailKind, lang: str, context: MailContext, now: datetime) -> tuple[str, str]:
    """The subject (one line) and the body of a mail, as the template writes them."""
    text = _template(kind, lang).render(_view(lang, context, now))
    # A line left out (no condition, no link) leaves no gap: at most one blank line in a row.
    text = _BLANK_LINES.sub("\n\n", text)
    head, _blank, body = text.partition("\n")
    subject = " ".join(head.split())
    if not subject:
        raise ValueError(f"the template of {kind} ({lang}) has no subject on its first line")
    return subject, body.strip("\n") + "\n"


def _view(lang: str, context: MailContext, now: datetime) -> dict[str, Any]:
    """What the templates see: the context's own values and their readable forms, nothing else."""
    now = to_utc(now)
    view: dict[str, Any] = {
        field.name: getattr(context, field.name) for field in dataclasses.fields(context)
    }
    view.update(
        app=APP_NAME,
        due_text=format_local(context.due, lang, weekday=True) if context.due else None,
        left_text=None,
        overdue=False,
        before_text=_hours(context.hours_before, lang),
        expires_text=(
            format_local(context.expires_at, lang, weekday=True) if context.expires_at else None
        ),
    )
    if context.due is not None:
        if context.due > now:
            view["left_text"] = format_span(context.due - now, lang)
        else:
            view["overdue"] = True
    return view


def _hours(value: float | None, lang: str) -> str | None:
    """A rule's hours for people: '24 timmar', '1 timme', '1,5 timmar' / '24 hours', '1 hour'."""
    if value is None:
        return None
    number = f"{value:g}"
    if lang == "sv":
        return f"{number.replace('.', ',')} {'timme' if value == 1 else 'timmar'}"
    return f"{number} {'hour' if value == 1 else 'hours'}"


def _recipient(to: str, name: str | None) -> str:
    """The To header: the address, with the person's name when it makes a valid header."""
    address = to.strip()
    if not name or "<" in address:
        return address
    try:
        return str(Address(display_name=name, addr_spec=address))
    except (ValueError, IndexError):
        return address


def _domain(sender: str) -> str:
    """The sender's domain, for the Message-ID (the machine's name says nothing useful)."""
    _name, address = parseaddr(sender)
    domain = address.rpartition("@")[2].strip()
    return domain or "localhost"


# -- the templates -------------------------------------------------------------------------------


def _built_in_templates() -> Path:
    """templates/ of the product: the package's data when installed, the checkout's own folder
    when run in place (as documents/environment.py finds it; mail may not import documents)."""
    packaged = files("breachreport") / "templates"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.resolve()
    return Path(__file__).resolve().parents[2] / "templates"


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(_built_in_templates())),
        undefined=StrictUndefined,
        autoescape=False,  # plain text: nothing to escape, and no markup to inject either
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template(kind: str, lang: str) -> Template:
    return _environment().get_template(f"mail-{kind}.{lang}.txt.j2")
