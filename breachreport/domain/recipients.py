"""Who receives reports about an incident, and which reports each one takes: read from
``rules/recipients.toml``, so that a recipient or a report type is data, not code.

The deadlines, conditions and dates of each report type are the dated rule table's
(``rule_table``); this module knows only identities: names, channels, case-number formats, the
per-recipient confidentiality note and the document each report is rendered as. Pure apart from
reading the package's own data file once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .choices import FilingKind
from .labels import Text

IMY = "imy"
CERT_SE = "cert-se"
POLICE = "police"
IVO = "ivo"


@dataclass(frozen=True)
class ReportType:
    """One kind of report to one recipient ("early-warning" to CERT-SE). Reads like a ``Choice``:
    ``value`` is the stored key, ``text`` the labels, ``label(lang)`` one of them."""

    recipient: str
    value: str
    text: Text
    document: str | None  # the document it is rendered as; None: kept by reference only

    def label(self, lang: str) -> str:
        return self.text(lang)


@dataclass(frozen=True)
class Regime:
    key: str
    name: Text


@dataclass(frozen=True)
class Recipient:
    key: str
    regime: Regime
    name: Text
    short: Text
    channel: Text
    confidentiality: Text
    case_number_pattern: str
    case_number_example: str
    case_number_name: Text
    kinds: tuple[ReportType, ...]

    @property
    def by_reference(self) -> bool:
        """Whether its reports are kept by reference only (no document of our own)."""
        return all(kind.document is None for kind in self.kinds)

    def kind(self, key: str) -> ReportType | None:
        return next((kind for kind in self.kinds if kind.value == key), None)

    def kind_keys(self) -> tuple[str, ...]:
        return tuple(kind.value for kind in self.kinds)

    def case_number_ok(self, number: str) -> bool:
        return re.fullmatch(self.case_number_pattern, number) is not None


def _text(value: dict[str, str]) -> Text:
    return Text(value["sv"], value["en"])


@cache
def _load() -> dict[str, Recipient]:
    raw: dict[str, Any] = tomllib.loads(
        resources.files(__package__).joinpath("rules", "recipients.toml").read_text("utf-8")
    )
    regimes = {key: Regime(key, _text(value["name"])) for key, value in raw["regimes"].items()}
    found = {}
    for key, value in raw["recipients"].items():
        number = value["case_number"]
        found[key] = Recipient(
            key=key,
            regime=regimes[value["regime"]],
            name=_text(value["name"]),
            short=_text(value["short"]),
            channel=_text(value["channel"]),
            confidentiality=_text(value["confidentiality"]),
            case_number_pattern=number["pattern"],
            case_number_example=number["example"],
            case_number_name=_text(number["name"]),
            kinds=tuple(
                ReportType(key, kind["key"], _text(kind["label"]), kind.get("document"))
                for kind in value["kinds"]
            ),
        )
    return found


def recipients() -> dict[str, Recipient]:
    """Every recipient, in the order of the data file (IMY first)."""
    return dict(_load())


def recipient(key: str) -> Recipient | None:
    return _load().get(key)


def recipient_keys() -> tuple[str, ...]:
    return tuple(_load())


def report_kind(recipient_key: str, kind: str) -> FilingKind | ReportType | None:
    """The kind of a filing to ``recipient_key``: IMY's as the ``FilingKind`` the IMY rules use,
    any other recipient's as its ``ReportType``; None if the recipient takes no such report."""
    found = recipient(recipient_key)
    if found is None or found.kind(kind) is None:
        return None
    return FilingKind(kind) if recipient_key == IMY else found.kind(kind)


def all_report_kinds() -> tuple[str, ...]:
    """Every report kind of every recipient, each once, in the data file's order."""
    return tuple(dict.fromkeys(k for r in _load().values() for k in r.kind_keys()))
