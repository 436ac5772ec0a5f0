"""breachreport: from "we think personal data leaked" to a filed GDPR breach notification to IMY.

The public surface is re-exported here; modules behind it may change.
"""

from .errors import (
    BreachReportError,
    FactsInvalid,
    FilingRefused,
    InputError,
    IntegrityError,
    MasterKeyError,
    NotFound,
    PermissionDenied,
    SettingsError,
    StorageError,
    VersionConflict,
)

__version__ = "0.1.0"

__all__ = [
    "BreachReportError",
    "FactsInvalid",
    "FilingRefused",
    "InputError",
    "IntegrityError",
    "MasterKeyError",
    "NotFound",
    "PermissionDenied",
    "SettingsError",
    "StorageError",
    "VersionConflict",
    "__version__",
]
