"""The facts laid out in the EDPB's common template for Art. 33 notifications."""

from __future__ import annotations

from ..domain.facts import Facts
from ..errors import InputError
from .notification import NotificationContext


def render_edpb_document(
    *, facts: Facts, lang: str, fmt: str, context: NotificationContext
) -> bytes:
    raise InputError("The EDPB template cannot be rendered yet.")  # being built (issue 18)
