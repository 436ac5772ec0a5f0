"""Master key rotation: a new master key in the ring, every data key re-wrapped under it, old keys
retired once nothing needs them.

The order keeps every step recoverable. The new ring is saved (atomically, mode 0600) before any
data key is wrapped under its new key, so a crash never leaves data under a key nobody has; data
keys are re-wrapped in batches, one transaction each, so a crash loses at most one batch of work;
and running ``rotate-key`` again first finishes what an earlier run left (data keys under an older
key of the ring) instead of making yet another key. A key is retired only when no data key needs
it, checked again after the ring is saved.

When the key ring comes from BREACHREPORT_MASTER_KEY, breachreport cannot change it. Then rotation
takes two steps: ``rotate-key --new-ring-to FILE`` writes the new ring (nothing else changes), the
operator puts it into the variable (their secret store), and ``rotate-key`` re-wraps under it.
Retiring works the same way. Nothing ever re-wraps data keys under a key that is not saved.

Never writes key material anywhere but the key file or the file the operator names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..crypto import KeyRing
from ..errors import MasterKeyError, SettingsError
from ..i18n import _, _n
from ..settings import Settings
from ..storage import Store, open_store
from .home import load_key_ring

BATCH = 1000
_FROM_ENVIRONMENT = (
    "The key ring comes from BREACHREPORT_MASTER_KEY, which breachreport cannot change. Run "
    "'breachreport rotate-key {option}--new-ring-to FILE' to write the new key ring to FILE "
    "(mode 0600), set BREACHREPORT_MASTER_KEY to its content, then run 'breachreport "
    "rotate-key' to re-wrap the data keys. Nothing was changed."
)


@dataclass(frozen=True)
class RotationReport:
    """What ``rotate`` did, and how many data keys each master key of the ring still wraps."""

    active_id: str
    new_key: bool  # False: an earlier, unfinished rotation was completed
    rewrapped: int
    unopened: tuple[str, ...]  # data keys that did not open, left as they were
    usage: dict[str, int]
    key_file: Path | None  # where the new ring was saved, if here


@dataclass(frozen=True)
class RetireReport:
    key_id: str
    ring: KeyRing  # the ring without it
    key_file: Path | None  # where it was saved, or None when the operator must set it


def rotate(settings: Settings, *, batch: int = BATCH) -> RotationReport:
    """Make a new active master key (saved first) and re-wrap every data key under it; or, if an
    earlier rotation did not finish, finish that one."""
    ring = load_key_ring(settings)
    usage = _usage(settings, ring)
    new_key = not _pending(ring, usage)
    key_file = None
    if new_key:
        if settings.master_key is not None:
            raise SettingsError(_FROM_ENVIRONMENT.format(option=""))
        ring = ring.with_new_master_key()
        key_file = settings.resolved_key_file
        _save(ring, key_file)  # before anything depends on the new key
    store = open_store(settings.resolved_database_url, ring)
    try:
        count, unopened = rewrap(store, batch=batch)
        with store.transaction(write=False) as tx:
            usage = tx.keys.usage()
    finally:
        store.dispose()
    return RotationReport(
        active_id=ring.active_id,
        new_key=new_key,
        rewrapped=count,
        unopened=unopened,
        usage={key_id: usage.get(key_id, 0) for key_id in ring.master_keys},
        key_file=key_file,
    )


def rewrap(store: Store, *, batch: int = BATCH) -> tuple[int, tuple[str, ...]]:
    """Re-wrap every data key that is not under the store's active master key, ``batch`` per
    transaction; (how many, the ids of those that did not open)."""
    total, unopened, after = 0, [], ""
    while True:
        with store.transaction() as tx:
            done = tx.keys.rewrap(after=after, limit=batch)
        total += done.rewrapped
        unopened += done.unopened
        if done.last_id is None:
            return total, tuple(unopened)
        after = done.last_id


def new_ring(settings: Settings) -> KeyRing:
    """The configured ring with a new active master key, for the operator to save; checked against
    the database first, and nothing is changed."""
    ring = load_key_ring(settings)
    _usage(settings, ring)
    return ring.with_new_master_key()


def retire(settings: Settings, key_id: str, *, save: bool = True) -> RetireReport:
    """Remove an old master key from the ring, if no data key needs it any more.

    With a key file the ring is saved there; from BREACHREPORT_MASTER_KEY it is only returned
    (``save=False``), for the operator to put into their secret store.
    """
    ring = load_key_ring(settings)
    smaller = ring.without_master_key(key_id)
    _refuse_if_used(key_id, _usage(settings, ring))
    if settings.master_key is not None:
        if save:
            raise SettingsError(_FROM_ENVIRONMENT.format(option=f"--retire {key_id} "))
        return RetireReport(key_id, smaller, None)
    key_file = settings.resolved_key_file
    _save(smaller, key_file)
    # A process still running with the old ring might have wrapped a key under it meanwhile.
    try:
        _refuse_if_used(key_id, _usage(settings, ring))
    except MasterKeyError:
        ring.save_file(key_file)
        raise
    return RetireReport(key_id, smaller, key_file)


def _save(ring: KeyRing, path: Path) -> None:
    try:
        ring.save_file(path)
    except OSError as error:
        raise MasterKeyError(
            _(
                "The key ring could not be saved to {path} ({reason}); nothing was changed. Write "
                "it elsewhere with --new-ring-to FILE and put it in place yourself.",
                path=path,
                reason=error.strerror or type(error).__name__,
            )
        ) from None


def _usage(settings: Settings, ring: KeyRing) -> dict[str, int]:
    store = open_store(settings.resolved_database_url, ring)
    try:
        with store.transaction(write=False) as tx:
            return tx.keys.usage()
    finally:
        store.dispose()


def _pending(ring: KeyRing, usage: dict[str, int]) -> bool:
    return any(count for key_id, count in usage.items() if key_id != ring.active_id)


def _refuse_if_used(key_id: str, usage: dict[str, int]) -> None:
    count = usage.get(key_id, 0)
    if count:
        raise MasterKeyError(
            _n(
                "{count} data key is still wrapped under master key {key_id}; run 'breachreport "
                "rotate-key' to re-wrap it, then retire the master key. Nothing was changed.",
                "{count} data keys are still wrapped under master key {key_id}; run 'breachreport "
                "rotate-key' to re-wrap them, then retire it. Nothing was changed.",
                count,
                count=count,
                key_id=key_id,
            )
        )
