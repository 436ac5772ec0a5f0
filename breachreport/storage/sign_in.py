"""Sign-in attempts (``tx.sign_ins``): the throttle's memory and the record of refusals.

Never stores a typed name or a client address, only their keyed hashes (see ``SignInAttempt``).
"""

from __future__ import annotations

from breachreport.storage.chain import IncidentChain


class SignInRepository:
    """Attempts by keyed name and client hashes; filled in by the sign-in throttle."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.audit_key = chain.ring.audit_key
