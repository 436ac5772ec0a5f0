"""What a filing freezes: every language and format of its recipient's own document.

IMY's filings keep the notification; CERT-SE's keep the report of their kind; a recipient kept by
reference only (the police, IVO) keeps no document, only the facts the report was made from.
"""

from __future__ import annotations

from ..domain import recipients
from ..domain.facts import Facts
from ..domain.recipients import CERT_SE, IMY
from ..errors import InputError
from .cert_se import render_cert_se_files
from .notification import NotificationContext, render_notification_files


def filing_documents(
    recipient: str, kind: str, *, facts: Facts, context: NotificationContext
) -> dict[str, bytes]:
    """The documents to freeze with a filing to ``recipient`` of ``kind``, by file name
    (``imy-notification.sv.pdf``, ``cert-se-early-warning.en.docx``); empty for a recipient kept
    by reference only. A PDF that cannot be laid out here is left out, as for IMY: it is made
    later from the HTML kept beside it."""
    if recipient == IMY:
        return render_notification_files(facts=facts, context=context)
    found = recipients.recipient(recipient)
    report = found.kind(kind) if found is not None else None
    if report is None:
        raise InputError(f"{recipient} takes no report of the kind '{kind}'.")
    if recipient == CERT_SE and report.document is not None:
        return render_cert_se_files(report.document, facts=facts, context=context)
    return {}
