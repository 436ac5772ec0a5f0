"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 at a free port, in a thread of its own.

``SmtpServer`` keeps every mail it accepts (parsed, in order) and can be told to refuse recipients,
to answer slowly (a timeout test) or to demand a sign-in. ``security="starttls"`` offers STARTTLS
and ``security="tls"`` speaks TLS from the first byte, both with a self-signed certificate for
127.0.0.1 and localhost made by ``make_certificate``; ``config()`` then names that certificate as
the CA file, as an organisation with a private CA would.

The fixtures ``smtp_server``, ``smtp_starttls_server`` and ``smtp_tls_server`` in conftest.py start
one per test and stop it afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import ipaddress
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from breachreport.mail.config import MailConfig

HOST = "127.0.0.1"
SENDER = "breachreport@nordmark.example.se"
# The one account the server knows when a sign-in is asked for (see SmtpServer(users=...)).
USER = "breachreport-mailer"
PASSWORD = "mailer secret 7f3a"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (another process may take it the
    moment after: for a port that must stay closed, use ``closed_port``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses every connection while the block runs: it is bound here
    without listening, so no other test (another xdist worker's server) can start listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind((HOST, 0))
        yield holder.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) valid for 127.0.0.1 and localhost, written to
    ``folder`` as cert.pem and key.pem. The certificate is its own CA: hand it to a client as the
    CA file and it verifies; without it, the system's CAs refuse it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "breachreport test mail server")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclasses.dataclass(frozen=True)
class Envelope:
    """What the server saw around one accepted mail: the SMTP sender and recipients, and whether
    the client had signed in (the account) and was on TLS."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    login: str | None
    tls: bool


class _Handler:
    """aiosmtpd's handler: every answer goes through here so that the test can steer it."""

    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def _wait(self) -> None:
        if self.owner._stall > 0:
            await asyncio.sleep(self.owner._stall)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        await self._wait()
        self.owner.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        await self._wait()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await self._wait()
        refusal = self.owner._refusal
        refused = self.owner._refused_addresses
        if refusal is not None and (not refused or address.lower() in refused):
            code, text = refusal
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await self._wait()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        message = BytesParser(policy=policy.default).parsebytes(content)
        login = session.auth_data.login.decode() if session.authenticated else None
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.owner._received(
            message, Envelope(envelope.mail_from, tuple(envelope.rcpt_tos), login, tls)
        )
        return "250 Message accepted for delivery"


class _BoundController(Controller):
    """aiosmtpd's Controller serving on a socket bound before it starts, at a port the system
    picked. A port probed free and bound only later can be taken meanwhile by another test (an
    xdist worker's SMTP or Streamlit server), and the server then failed to start."""

    def __init__(self, handler: Any, *, sock: socket.socket, **kwargs: Any) -> None:
        self._sock = sock
        super().__init__(handler, hostname=HOST, port=sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class SmtpServer:
    """A running SMTP server on 127.0.0.1 that keeps what it accepts.

    ``security`` is the mode it speaks (as ``MailConfig.security``); ``users`` the accounts it
    accepts for AUTH (offered on every mode, over plain text too, like a lenient relay);
    ``require_auth`` refuses mail until the client has signed in.
    """

    def __init__(
        self,
        *,
        security: Literal["none", "starttls", "tls"] = "none",
        certificate: tuple[Path, Path] | None = None,
        users: dict[str, str] | None = None,
        require_auth: bool = False,
    ) -> None:
        if security != "none" and certificate is None:
            raise ValueError("a STARTTLS or TLS server needs a certificate (make_certificate)")
        self.security = security
        self.cert_file = certificate[0] if certificate else None
        self.users = dict(users if users is not None else {USER: PASSWORD})
        self.messages: list[EmailMessage] = []
        self.greetings = 0  # EHLO/HELO greetings seen: one per connection (two with STARTTLS)
        self.envelopes: list[Envelope] = []
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((HOST, 0))
        self.port = listener.getsockname()[1]
        self._refusal: tuple[int, str] | None = None
        self._refused_addresses: set[str] = set()
        self._stall = 0.0
        self._changed = threading.Condition()
        kwargs: dict[str, Any] = {
            "authenticator": self._authenticate,
            "auth_require_tls": False,
            "auth_required": require_auth,
        }
        context = None
        if certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        if security == "starttls":
            kwargs["tls_context"] = context
        self._controller = _BoundController(
            _Handler(self),
            sock=listener,
            # aiosmtpd's default of 5 s to come up is short on a busy CI machine.
            ready_timeout=60,
            ssl_context=context if security == "tls" else None,
            server_hostname="mail.nordmark.example.se",
            **kwargs,
        )
        self._controller.factory = self._factory

    def _factory(self) -> SMTP:
        # AUTH over plain text is what a lenient relay allows; aiosmtpd warns of it per connection.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return SMTP(self._controller.handler, **self._controller.SMTP_kwargs)

    # -- life ----------------------------------------------------------------------------------

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._stall = 0.0
        self._controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the test steers ------------------------------------------------------------------

    def config(self, **overrides: Any) -> MailConfig:
        """A MailConfig that reaches this server (security as the server speaks, the test
        certificate as CA file, sender breachreport@nordmark.example.se, timeout 15 s).

        The timeout is generous on purpose: on a busy machine a client that gives up after the
        server has taken a mail counts it as failed, and a retry sends it twice. A test of the
        timeout itself sets its own, against a server that stalls far longer."""
        base = MailConfig(
            host=HOST,
            port=self.port,
            security=self.security,
            sender=SENDER,
            timeout=15.0,
            ca_file=self.cert_file,
        )
        return dataclasses.replace(base, **overrides)

    def refuse(
        self, code: int = 550, text: str = "5.1.1 Mailbox unavailable", *, only: str | None = None
    ) -> None:
        """Refuse recipients from now on with ``code text``: every one, or ``only`` that address."""
        self._refusal = (code, text)
        self._refused_addresses = {only.lower()} if only else set()

    def accept(self) -> None:
        """Accept every recipient again."""
        self._refusal = None
        self._refused_addresses = set()

    def stall(self, seconds: float) -> None:
        """Wait ``seconds`` before each answer to EHLO, MAIL, RCPT and DATA (0: answer at once)."""
        self._stall = float(seconds)

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        """The accepted messages once there are at least ``count``; AssertionError after
        ``timeout`` seconds with fewer (it returns as soon as they are there: the long default
        costs only a failing test its time)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the SMTP server accepted {len(self.messages)} mails, expected {count}"
                    )
                self._changed.wait(left)
            return list(self.messages)

    # -- the server's side ---------------------------------------------------------------------

    def _received(self, message: EmailMessage, envelope: Envelope) -> None:
        with self._changed:
            self.messages.append(message)
            self.envelopes.append(envelope)
            self._changed.notify_all()

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        if self.users.get(login) != password:
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=auth_data)
