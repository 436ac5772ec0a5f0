"""What a filing freezes: every language and format of its recipient's own document.

IMY's filings keep the notification; CERT-SE's keep the report of their kind; a recipient kept by
reference only (the police, IVO) keeps no document, only the facts the report was made from.
"""

from __future__ import annotations

from ..domain.facts import Facts
from ..domain.recipients import IMY
from .notification import NotificationContext, render_notification_files


def filing_documents(
    recipient: str, kind: str, *, facts: Facts, context: NotificationContext
) -> dict[str, bytes]:
    """The documents to freeze with a filing to ``recipient`` of ``kind``, by file name
    (``imy-notification.sv.pdf``, ``cert-se-early-warning.en.docx``); empty for a recipient kept
    by reference only."""
    if recipient == IMY:
        return render_notification_files(facts=facts, context=context)
    return {}  # CERT-SE's reports: being built (issue 18)
