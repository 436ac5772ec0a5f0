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
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        key = self.master_key.get_secret_value() if self.master_key else None
        if key is not None and key.strip().lower() in _PLACEHOLDERS:
            raise ValueError("BREACHREPORT_MASTER_KEY is a placeholder; generate a real key")
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
