"""The EDPB's common Art. 33 template: one incident's facts as the template's JSON, keyed by the
template's own field ids, checked against its JSON Schema before it leaves."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from .base import UseCases
from .permissions import Actor


class EdpbTemplate(UseCases):
    """``workspace.edpb.export``."""

    def export(self, ref: str, *, actor: Actor | None = None) -> dict[str, Any]:
        raise InputError("The EDPB export is being built.")  # issue 18
