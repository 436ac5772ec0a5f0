"""Sending one mail through the organisation's SMTP server, with the standard library's smtplib.

The connection is encrypted as the settings say: STARTTLS on a plain connection (refused when the
server does not offer it, so a mail never goes out in clear by surprise), TLS from the first byte,
or none. The certificate is checked against the system's CAs, or against the organisation's own
CA file. ``config.timeout`` bounds the connection and every answer the server gives.

Every failure becomes one ``MailFailed`` with a one-line message that names the server and what it
answered, never the mail's body or its recipient (the message may reach a log); the server's own
words are stripped of anything that looks like an address. ``permanent`` says whether sending the
same mail again can help: False for a server that cannot be reached, is slow or answers 4xx (try
again later), True for a 5xx refusal or a refused sign-in.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from email.utils import getaddresses

from ..errors import MailFailed
from ..i18n import _
from .config import MailConfig

# A server's answer is shown at most this long, on one line.
_REASON_LIMIT = 160
_ADDRESS = re.compile(r"<[^<>]*>|[^\s<>]+@[^\s<>]+")


def send(config: MailConfig, message: EmailMessage) -> None:
    """Send ``message`` through ``config``'s server; its recipients are its To, Cc and Bcc.

    From is set to the configured sender when the message has none; the envelope sender is always
    the configured sender (where bounces go). A server that refuses some of the recipients fails the
    whole send (the others have it; the caller records the failure and decides).
    """
    recipients = _addressed(config, message)
    with _connected(config) as server:
        _hand_over(server, config, message, recipients)


class Connection:
    """Several mails over one connection, as a reminder run sends them: opened at the first
    ``send``, signed in once, closed (QUIT) by ``close`` or at the end of a ``with`` block. After
    any failure the connection is dropped and the next ``send`` opens a new one, so that one
    refused mail never leaves the next in a half-spoken conversation. Failures are ``send``'s."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config
        self._server: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        recipients = _addressed(self.config, message)
        try:
            if self._server is None:
                self._server = _open(self.config)
            _hand_over(self._server, self.config, message, recipients)
        except BaseException as error:
            self._drop()
            failure = _as_failure(self.config, error)
            if failure is None or failure is error:
                raise
            raise failure from None

    def close(self) -> None:
        if self._server is not None:
            with suppress(smtplib.SMTPException, OSError):
                self._server.quit()
        self._drop()

    def _drop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()


def _addressed(config: MailConfig, message: EmailMessage) -> list[str]:
    """The message's recipients (To, Cc, Bcc), with From set to the sender when it has none."""
    if message["From"] is None:
        message["From"] = config.sender
    fields = [value for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    recipients = [address for _name, address in getaddresses(fields) if address]
    if not recipients:
        raise MailFailed(_("The mail has no recipient."), permanent=True)
    return recipients


def _hand_over(
    server: smtplib.SMTP, config: MailConfig, message: EmailMessage, recipients: list[str]
) -> None:
    """One mail over an open connection; MailFailed when the server refuses it (or some of its
    recipients), anything else as smtplib raised it."""
    try:
        refused = server.send_message(message, from_addr=config.sender, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as error:
        code, reason = _first_refusal(error.recipients)
        raise _refused(code, reason) from None
    except smtplib.SMTPSenderRefused as error:
        raise MailFailed(
            _(
                "The mail server refused the sender {sender}: {code} {reason}.",
                sender=config.sender,
                code=error.smtp_code,
                reason=_reason(error.smtp_error),
            ),
            permanent=_is_permanent(error.smtp_code),
        ) from None
    except smtplib.SMTPDataError as error:
        raise _refused(error.smtp_code, error.smtp_error) from None
    if refused:
        code, reason = _first_refusal(refused)
        raise MailFailed(
            _(
                "The mail server refused {refused} of {total} recipients: {code} {reason}.",
                refused=len(refused),
                total=len(recipients),
                code=code,
                reason=_reason(reason),
            ),
            permanent=_is_permanent(code),
        )


def check(config: MailConfig) -> None:
    """Connect, secure the connection, sign in when a user is set, and say goodbye: the settings
    work, or MailFailed says why not. Sends nothing."""
    with _connected(config):
        pass


@contextmanager
def _connected(config: MailConfig) -> Iterator[smtplib.SMTP]:
    """An open, secured and signed-in connection; closed (QUIT) afterwards. Every smtplib and
    socket failure inside, the caller's included, comes out as MailFailed."""
    server: smtplib.SMTP | None = None
    try:
        server = _open(config)
        yield server
        # The mail is handed over: a lost goodbye changes nothing.
        with suppress(smtplib.SMTPException, OSError):
            server.quit()
    except BaseException as error:
        failure = _as_failure(config, error)
        if failure is None or failure is error:
            raise
        raise failure from None
    finally:
        if server is not None:
            server.close()


def _as_failure(config: MailConfig, error: BaseException) -> MailFailed | None:
    """The MailFailed an smtplib or socket error stands for (a MailFailed is itself); None for
    anything else, which is not the server's doing."""
    if isinstance(error, MailFailed):
        return error
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return MailFailed(
            _(
                "The mail server refused the sign-in: {code} {reason}.",
                code=error.smtp_code,
                reason=_reason(error.smtp_error),
            ),
            permanent=True,
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return MailFailed(
            _(
                "The mail server {host}:{port} answered {code} {reason}.",
                host=config.host,
                port=config.port,
                code=error.smtp_code,
                reason=_reason(error.smtp_error),
            ),
            permanent=_is_permanent(error.smtp_code),
        )
    if isinstance(error, smtplib.SMTPException | OSError):
        return _connection_failed(config, error)
    return None


def _open(config: MailConfig) -> smtplib.SMTP:
    """Connect as ``config.security`` says, then sign in when a user is set."""
    context = _tls_context(config) if config.security in ("starttls", "tls") else None
    server: smtplib.SMTP
    if config.security == "tls":
        server = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        server.ehlo_or_helo_if_needed()
        if config.security == "starttls":
            if not server.has_extn("starttls"):
                raise MailFailed(
                    _(
                        "The mail server {host}:{port} does not offer STARTTLS, so nothing was sent over an unencrypted connection.",
                        host=config.host,
                        port=config.port,
                    )
                )
            server.starttls(context=context)
            server.ehlo()
        if config.user:
            if not server.has_extn("auth"):
                raise MailFailed(
                    _(
                        "The mail server {host}:{port} does not offer a sign-in (AUTH), but a mail user is set.",
                        host=config.host,
                        port=config.port,
                    ),
                    permanent=True,
                )
            server.login(config.user, config.password or "")
    except BaseException:
        server.close()
        raise
    return server


def _tls_context(config: MailConfig) -> ssl.SSLContext:
    """Certificates checked against the organisation's CA file, or the system's CAs."""
    if config.ca_file is None:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=str(config.ca_file))
    except (OSError, ssl.SSLError) as error:
        raise MailFailed(
            _(
                "The CA file {path} for the mail server cannot be read: {reason}.",
                path=str(config.ca_file),
                reason=_reason(getattr(error, "strerror", None) or str(error)),
            ),
            permanent=True,
        ) from None


def _connection_failed(config: MailConfig, error: BaseException) -> MailFailed:
    """A failure on the way to the server or while waiting for it: never permanent."""
    where = {"host": config.host, "port": config.port}
    if _timed_out(error):
        seconds = format(config.timeout, "g")
        return MailFailed(
            _(
                "The mail server {host}:{port} did not answer within {seconds} s.",
                seconds=seconds,
                **where,
            )
        )
    verify = _certificate_problem(error)
    if verify is not None:
        return MailFailed(
            _(
                "The certificate of the mail server {host}:{port} was not accepted: {reason}.",
                reason=_reason(verify),
                **where,
            )
        )
    if isinstance(error, ssl.SSLError):
        return MailFailed(
            _(
                "The encrypted connection to the mail server {host}:{port} failed: {reason}.",
                reason=_reason(error.reason or str(error)),
                **where,
            )
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return MailFailed(
            _("The mail server {host}:{port} closed the connection unexpectedly.", **where)
        )
    if isinstance(error, socket.gaierror):
        return MailFailed(_("The mail server's name {host} cannot be resolved.", host=config.host))
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return MailFailed(
            _(
                "The mail server {host}:{port} does not support this mail: {reason}.",
                reason=_reason(str(error)),
                **where,
            ),
            permanent=True,
        )
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return MailFailed(
        _(
            "The mail server {host}:{port} cannot be reached: {reason}.",
            reason=_reason(reason),
            **where,
        )
    )


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    """The error and the ones it was raised from or during (smtplib wraps a timeout in
    SMTPServerDisconnected)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _timed_out(error: BaseException) -> bool:
    return any(isinstance(link, TimeoutError) for link in _chain(error))


def _certificate_problem(error: BaseException) -> str | None:
    for link in _chain(error):
        if isinstance(link, ssl.SSLCertVerificationError):
            return link.verify_message or link.reason or "certificate verify failed"
    return None


def _refused(code: int, reason: bytes | str) -> MailFailed:
    return MailFailed(
        _("The mail server refused the mail: {code} {reason}.", code=code, reason=_reason(reason)),
        permanent=_is_permanent(code),
    )


def _first_refusal(refused: dict[str, tuple[int, bytes]]) -> tuple[int, bytes | str]:
    """The code and text of one refused recipient (the worst: a 5xx before a 4xx)."""
    if not refused:
        return 554, "no recipient accepted"
    return max(refused.values(), key=lambda answer: answer[0])


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def _reason(text: bytes | str | None) -> str:
    """A server's words on one short line, without addresses (they may be the recipient's)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = " ".join((text or "").split())
    line = _ADDRESS.sub("<address>", line).rstrip(".")
    if len(line) > _REASON_LIMIT:
        line = line[: _REASON_LIMIT - 1].rstrip() + "…"
    return line or "-"
