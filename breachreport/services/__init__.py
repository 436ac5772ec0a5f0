"""The use cases: what screens and the command line may do, and the read models they get back.

One module per group of use cases, each built on ``base.UseCase``; ``workspace.Workspace`` is the
thin facade that composes them. This package's ``__init__`` only re-exports for callers outside:
modules inside the package import their siblings directly, so no cycle runs through here.
"""

from __future__ import annotations

from .permissions import Actor
from .workspace import (
    CASE_NUMBER,
    FORMATS,
    LANGS,
    REGISTER_FORMATS,
    REVISION_KINDS,
    Filing,
    FilingCheckResult,
    HistoryEntry,
    Incident,
    RegisterRow,
    VerifyReport,
    Workspace,
    dumps,
    imy_paths,
)

__all__ = [
    "CASE_NUMBER",
    "FORMATS",
    "LANGS",
    "REGISTER_FORMATS",
    "REVISION_KINDS",
    "Actor",
    "Filing",
    "FilingCheckResult",
    "HistoryEntry",
    "Incident",
    "RegisterRow",
    "VerifyReport",
    "Workspace",
    "dumps",
    "imy_paths",
]
