"""Storage: encrypted tables, their migrations, and the transactions the services run in.

Only this package and ``breachreport.crypto`` ever see ciphertext; callers get plain records.
"""

from breachreport.storage.database import make_engine
from breachreport.storage.migrate import downgrade, upgrade
from breachreport.storage.records import (
    ActorRecord,
    Damage,
    EventRecord,
    FilingRecord,
    IncidentRecord,
    IncidentSummary,
    NewEvent,
)
from breachreport.storage.store import Store, open_store
from breachreport.storage.transaction import Transaction

__all__ = [
    "ActorRecord",
    "Damage",
    "EventRecord",
    "FilingRecord",
    "IncidentRecord",
    "IncidentSummary",
    "NewEvent",
    "Store",
    "Transaction",
    "downgrade",
    "make_engine",
    "open_store",
    "upgrade",
]
