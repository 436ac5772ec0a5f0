"""Who acts (roles) and where an incident stands (status), with both labels.

The status is derived from the filings and the decision; it is never typed in by a user.
"""

from __future__ import annotations

from collections.abc import Sequence

from .choices import FilingKind
from .circumstances import Outcome
from .labels import Choice


class Role(Choice):
    ADMIN = ("admin", "Administratör", "Administrator")
    DPO = ("dpo", "Dataskyddsombud", "Data protection officer")
    LEGAL_REVIEWER = ("legal_reviewer", "Juridisk granskare", "Legal reviewer")
    SUPPLIER_CONTACT = ("supplier_contact", "Leverantörskontakt", "Supplier contact")


class Status(Choice):
    DRAFT = ("draft", "Utkast, inte anmäld", "Draft, not notified")
    NOT_NOTIFIED = (
        "not_notified",
        "Dokumenterad, ska inte anmälas",
        "Documented, not to be notified",
    )
    PRELIMINARY = ("preliminary", "Preliminärt anmäld", "Preliminary notification filed")
    SUPPLEMENTED = ("supplemented", "Kompletterad", "Supplement filed")
    COMPLETE = ("complete", "Fullständigt anmäld", "Complete notification filed")
    WITHDRAWN = ("withdrawn", "Anmälan återkallad", "Notification withdrawn")


_BY_LAST_FILING = {
    FilingKind.PRELIMINARY: Status.PRELIMINARY,
    FilingKind.SUPPLEMENT: Status.SUPPLEMENTED,
    FilingKind.COMPLETE: Status.COMPLETE,
    FilingKind.WITHDRAWAL: Status.WITHDRAWN,
}


def derive_status(filing_kinds: Sequence[FilingKind], outcome: Outcome | None) -> Status:
    """The status after these filings (oldest first) and the DPO's decision."""
    if filing_kinds:
        return _BY_LAST_FILING[filing_kinds[-1]]
    if outcome is Outcome.DOCUMENT_ONLY:
        return Status.NOT_NOTIFIED
    return Status.DRAFT
