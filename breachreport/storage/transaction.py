"""The unit of work: one database transaction and the repositories that work inside it.

Every repository shares the transaction's session, key ring and data-key cache through one
``IncidentChain`` (and the MAC'd attached-row helper built on it); a repository that needs another
one is given it here, explicitly. Never commits: ``Store.transaction`` does, when the block ends.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from breachreport.crypto import DataKeyCache, KeyRing
from breachreport.storage.accounts import AccountRepository
from breachreport.storage.actors import ActorRepository
from breachreport.storage.attached import AttachedRows
from breachreport.storage.bulletins import BulletinRepository
from breachreport.storage.chain import IncidentChain
from breachreport.storage.events import EventRepository
from breachreport.storage.evidence import EvidenceRepository
from breachreport.storage.filings import FilingRepository
from breachreport.storage.incidents import IncidentRepository
from breachreport.storage.invitations import InvitationRepository
from breachreport.storage.keys import KeyRepository
from breachreport.storage.organisation import OrganisationRepository
from breachreport.storage.outbox import OutboxRepository
from breachreport.storage.proposals import ProposalRepository
from breachreport.storage.register import OpenedSummaries, Register
from breachreport.storage.reviews import ReviewRepository
from breachreport.storage.settings import SettingRepository
from breachreport.storage.shredding import ShreddingRepository
from breachreport.storage.sign_in import SignInRepository

REPOSITORIES = (
    "incidents",
    "events",
    "register",
    "filings",
    "actors",
    "accounts",
    "organisation",
    "invitations",
    "proposals",
    "reviews",
    "evidence",
    "bulletins",
    "outbox",
    "settings",
    "shredding",
    "keys",
    "sign_ins",
)


class Transaction:
    """One database transaction, as repositories: ``tx.incidents.load(ref)``, ``tx.events...``."""

    def __init__(
        self, session: Session, ring: KeyRing, keys: DataKeyCache, opened: OpenedSummaries
    ) -> None:
        self.session = session
        chain = IncidentChain(session, ring, keys)
        rows = AttachedRows(chain)
        self.incidents = IncidentRepository(chain)
        self.events = EventRepository(chain)
        self.register = Register(session, keys, opened)
        self.filings = FilingRepository(chain)
        self.actors = ActorRepository(chain)
        self.accounts = AccountRepository(chain, self.actors)
        self.organisation = OrganisationRepository(chain)
        self.invitations = InvitationRepository(chain, rows)
        self.proposals = ProposalRepository(chain, rows)
        self.reviews = ReviewRepository(chain, rows)
        self.evidence = EvidenceRepository(chain, rows)
        self.bulletins = BulletinRepository(chain, rows)
        self.outbox = OutboxRepository(chain, rows)
        self.settings = SettingRepository(chain, rows)
        self.shredding = ShreddingRepository(chain)
        self.keys = KeyRepository(chain)
        self.sign_ins = SignInRepository(chain)
