"""breachreport: from "we think personal data leaked" to a filed GDPR breach notification to IMY.

The public surface is what ``__all__`` names: the workspace (the use cases' facade), who acts in
it, the facts of an incident, the roles, and the errors. Modules behind it may change;
tests/test_architecture.py pins this list.

Each name is imported the first time it is asked for (the module ``__getattr__`` below), so
``import breachreport`` -- which every command, even ``breachreport --help``, does first -- loads
neither the storage stack nor the domain models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from breachreport.domain.facts import Facts
    from breachreport.domain.status import Role
    from breachreport.errors import (
        AuthenticationFailed,
        BreachReportError,
        FactsInvalid,
        FilingRefused,
        InputError,
        IntegrityError,
        InvitationRefused,
        MailFailed,
        MasterKeyError,
        NotFound,
        PermissionDenied,
        SettingsError,
        StorageError,
        VersionConflict,
    )
    from breachreport.services import Actor, Workspace

__version__ = "0.1.0"

__all__ = [
    "Workspace",
    "Actor",
    "Facts",
    "Role",
    "AuthenticationFailed",
    "BreachReportError",
    "FactsInvalid",
    "FilingRefused",
    "InputError",
    "IntegrityError",
    "InvitationRefused",
    "MailFailed",
    "MasterKeyError",
    "NotFound",
    "PermissionDenied",
    "SettingsError",
    "StorageError",
    "VersionConflict",
]
_ERRORS = frozenset(__all__[4:])  # everything after the four model names is an error class


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it, so later lookups are plain attributes."""
    # Plain import statements, not importlib with a string: the import graph that checks the
    # layers and cycles (tests/test_architecture.py) must see these edges.
    if name in _ERRORS:
        from breachreport import errors

        value = getattr(errors, name)
    elif name in ("Workspace", "Actor"):
        from breachreport import services

        value = getattr(services, name)
    elif name == "Facts":
        from breachreport.domain.facts import Facts as value
    elif name == "Role":
        from breachreport.domain.status import Role as value
    else:
        raise AttributeError(f"module 'breachreport' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
