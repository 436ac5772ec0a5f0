"""Settings from the environment (prefix BREACHREPORT_), checked at start-up.

Refuses unsafe values outside development: a shared deployment must get its master key from outside
the data folder and must not run on a placeholder key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SettingsError

_PLACEHOLDERS = {"", "changeme", "change-me", "secret", "masterkey", "test", "dev", "xxx"}


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("breachreport", appauthor=False))


class Settings(BaseSettings):
    """Where the data lives and where its keys come from."""

    model_config = SettingsConfigDict(env_prefix="BREACHREPORT_", extra="ignore")

    home: Path = default_home()
    database_url: str | None = None
    master_key: SecretStr | None = None
    key_file: Path | None = None
    environment: Literal["development", "production"] = "development"
    # Minutes without a request after which a signed-in user must sign in again (at most a day).
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # The address people reach the app at (https://breach.example.se), for the links in supplier
    # invitations; unset, the address the DPO's own browser used is taken instead.
    public_url: str | None = None
    # How much breachreport logs (its own loggers; libraries stay at WARNING), and as text or as
    # one JSON object a line for a log collector. Log lines never hold what users typed.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # A TOML file of rule sets over the built-in dated rule table (deadlines, conditions, the date
    # each applies from): to switch on a proposal such as the Digital Omnibus from a date, or to
    # add a sector's significance thresholds. Checked in full when the data folder is opened.
    rules_file: Path | None = None
    # A supplier's Ed25519 key for signing its bulletins to its customers (`bulletin init-key`);
    # the private key is kept mode 0600, by default in the data folder.
    bulletin_key_file: Path | None = None
    # The organisation's SMTP server, for reminders, escalations, invitation mails and notices to
    # legal reviewers. Unset host: no mail is sent (the app and `remind` say so). The password comes
    # from BREACHREPORT_SMTP_PASSWORD or, better, from a file only the service can read.
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)  # default by security: 587, 465, 25
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_password_file: Path | None = None
    smtp_sender: str | None = None
    # Seconds to wait for the server at each step before the send counts as failed (and is retried
    # by the next `breachreport remind`).
    smtp_timeout: float = Field(default=20.0, gt=0, le=300)
    # A CA certificate (PEM) to check the SMTP server's certificate with, for a server whose
    # certificate comes from the organisation's own CA; unset, the system's trusted CAs are used.
    smtp_ca_file: Path | None = None
    # The address people reach the app at, for the links in mails (and supplier invitations);
    # BREACHREPORT_PUBLIC_URL, its older name, is read when this is unset.
    base_url: str | None = None

    @field_validator("rules_file")
    @classmethod
    def _readable_rules(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        if not value.is_file():
            raise ValueError(f"the rules file {value} does not exist or is not a file")
        try:
            raw = tomllib.loads(value.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ValueError(f"the rules file {value} cannot be read as TOML ({error})") from None
        if not isinstance(raw.get("sets"), dict) or set(raw) != {"sets"}:
            raise ValueError(
                f"the rules file {value} must hold [sets.NAME] tables and nothing else"
            )
        return value

    @field_validator("base_url", "public_url")
    @classmethod
    def _web_address(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("https://", "http://")) or len(value.split("://", 1)[1]) == 0:
            name = f"BREACHREPORT_{(info.field_name or '').upper()}"
            raise ValueError(f"{name} must be a web address starting with https://")
        return value.rstrip("/")

    @field_validator("smtp_security", mode="before")
    @classmethod
    def _security_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if info.field_name == "log_level" else value.strip().lower()

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'breachreport.db'}"

    @property
    def resolved_key_file(self) -> Path:
        return self.key_file or self.home / "master.key"

    @property
    def resolved_bulletin_key_file(self) -> Path:
        return self.bulletin_key_file or self.home / "bulletin-signing.key"

    @property
    def resolved_base_url(self) -> str | None:
        """Where links in mails point: BREACHREPORT_BASE_URL, else BREACHREPORT_PUBLIC_URL."""
        return self.base_url or self.public_url

    @property
    def resolved_smtp_port(self) -> int:
        return self.smtp_port or {"starttls": 587, "tls": 465, "none": 25}[self.smtp_security]

    def resolved_smtp_password(self) -> str | None:
        """The SMTP password from the environment or from its secrets file (read at each call, so
        a rotated file takes effect without a restart); SettingsError if the file cannot be read."""
        if self.smtp_password is not None:
            return self.smtp_password.get_secret_value()
        if self.smtp_password_file is None:
            return None
        try:
            return self.smtp_password_file.read_text(encoding="utf-8").strip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(
                f"Cannot read BREACHREPORT_SMTP_PASSWORD_FILE {self.smtp_password_file}: "
                f"{getattr(error, 'strerror', None) or error}."
            ) from None

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        key = self.master_key.get_secret_value() if self.master_key else None
        if key is not None and key.strip().lower() in _PLACEHOLDERS:
            raise ValueError("BREACHREPORT_MASTER_KEY is a placeholder; generate a real key")
        if self.smtp_password is not None and self.smtp_password_file is not None:
            raise ValueError(
                "set BREACHREPORT_SMTP_PASSWORD or BREACHREPORT_SMTP_PASSWORD_FILE, not both"
            )
        if self.smtp_host and not self.smtp_sender:
            raise ValueError(
                "BREACHREPORT_SMTP_HOST needs BREACHREPORT_SMTP_SENDER (the From address)"
            )
        if self.environment == "production":
            if self.master_key is None and self.key_file is None:
                raise ValueError(
                    "a production deployment needs BREACHREPORT_MASTER_KEY or "
                    "BREACHREPORT_KEY_FILE outside the data folder"
                )
            if self.key_file is not None and self.home in self.key_file.resolve().parents:
                raise ValueError(
                    "in production the key file must not live in the data folder beside the database"
                )
            if self.database_url is None:
                raise ValueError("a production deployment needs BREACHREPORT_DATABASE_URL")
        return self


def load_settings(**overrides: object) -> Settings:
    """Read the settings; SettingsError with one line if they are unsafe or malformed."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        text = first["msg"].removeprefix("Value error, ")
        if where == "rules_file":
            raise SettingsError(f"Bad BREACHREPORT_RULES_FILE: {text}.") from None
        raise SettingsError(f"Unsafe settings{f' ({where})' if where else ''}: {text}.") from None
