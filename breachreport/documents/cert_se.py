"""The reports to CERT-SE under the cybersäkerhetslag (2025:1506): early warning, incident
notification, progress report and final report, from the same facts as the IMY notification.
"""

from __future__ import annotations

from ..domain.facts import Facts
from ..errors import InputError
from .notification import NotificationContext

CERT_SE_DOCUMENTS = (
    "cert-se-early-warning",
    "cert-se-incident-notification",
    "cert-se-progress-report",
    "cert-se-final-report",
)


def render_cert_se(
    document: str, *, facts: Facts, lang: str, fmt: str, context: NotificationContext
) -> bytes:
    raise InputError(f"The {document} cannot be rendered yet.")  # being built (issue 18)
