"""Where mail goes: the SMTP server, its security, the sign-in, the sender, and the web address the
links in mails point at. Built from the settings; None when no SMTP host is set."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..settings import Settings

Security = Literal["starttls", "tls", "none"]


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int
    security: Security
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    base_url: str | None = None  # without a trailing slash; None: mails name the app, no link
    ca_file: Path | None = None  # a private CA for the server's certificate (else the system's)

    @classmethod
    def from_settings(cls, settings: Settings) -> MailConfig | None:
        """The settings' mail server; None when BREACHREPORT_SMTP_HOST is unset. SettingsError
        when the password file cannot be read."""
        if not settings.smtp_host:
            return None
        assert settings.smtp_sender is not None  # the settings refuse a host without a sender
        return cls(
            host=settings.smtp_host,
            port=settings.resolved_smtp_port,
            security=settings.smtp_security,
            sender=settings.smtp_sender,
            user=settings.smtp_user or None,
            password=settings.resolved_smtp_password(),
            timeout=settings.smtp_timeout,
            base_url=settings.resolved_base_url,
            ca_file=settings.smtp_ca_file,
        )
