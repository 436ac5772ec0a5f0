"""Benchmark of supplier bulletins (issue 19), on the second scenario's bulletin 3:

- verifying one customer's signed part (target: under 50 ms);
- importing that part into a fresh SQLite store, as ``breachreport bulletin import`` does:
  verification, the new incident and the supplier's proposal, in one transaction (target: under
  50 ms; the store, its organisation profile and the supplier's key are set up untimed);
- importing bulletin 3 into a store that took in bulletin 2 already (same target): the part
  attaches to its incident and its differences from bulletin 2 are worked out;
- signing a bulletin with 300 customer parts and splitting it into 300 files (target: under 2 s).

    .venv/bin/python bench/bench_bulletin.py               # 7 runs of each
    .venv/bin/python bench/bench_bulletin.py --repeat 3 --customers 300

Prints the median of each and its ratio to the target (at most 1.00 is within it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from breachreport.crypto import KeyRing  # noqa: E402
from breachreport.crypto.bulletin_signing import (  # noqa: E402
    fingerprint,
    generate_key,
    public_key_text,
    sign,
    signed_file_bytes,
    split,
    verify,
)
from breachreport.domain.bulletin import Bulletin, example_bulletin  # noqa: E402
from breachreport.domain.bulletin_example import VASTMARK, example_data  # noqa: E402
from breachreport.domain.fields import luhn_ok  # noqa: E402
from breachreport.domain.status import Role  # noqa: E402
from breachreport.services import Actor, Workspace  # noqa: E402
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts  # noqa: E402
from breachreport.services.organisation import OrganisationProfile  # noqa: E402
from breachreport.storage import open_store  # noqa: E402

VERIFY_TARGET = 0.050
IMPORT_TARGET = 0.050
SIGN_SPLIT_TARGET = 2.0
DPO = Actor("Bench DPO", Role.DPO)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def org_number(index: int) -> str:
    """A valid (invented) municipal org number, one for each index."""
    base = f"2129{index:05d}"
    check = next(digit for digit in "0123456789" if luhn_ok(base + digit))
    return f"{base[:6]}-{base[6:]}{check}"


def many_customers(count: int) -> Bulletin:
    """Bulletin 3 of the example with ``count`` customer parts, each with its own numbers."""
    data = example_data(3)
    template = data["customers"][2]
    data["customers"] = [
        {
            **template,
            "org_number": org_number(index),
            "name": f"Kund {index + 1} kommun",
            "subjects_count": {"value": 1000 + index, "precision": "exact"},
            "protected_identities": index % 41,
        }
        for index in range(count)
    ]
    return Bulletin.model_validate(data)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def import_once(
    folder: Path, index: int, part: bytes, key_text: str, earlier: bytes | None = None
) -> float:
    """Set up a fresh store for Region Västmark with the supplier registered (untimed), then
    time the import of its signed part; with ``earlier``, that version is imported first
    (untimed), so that the part timed is a later version attached to its incident."""
    store = open_store(f"sqlite:///{folder / f'controller-{index}.sqlite3'}", KeyRing.generate())
    try:
        accounts = Accounts(store, clock=lambda: NOW)
        profile = OrganisationProfile(name=VASTMARK[1], org_number=VASTMARK[0], sector=VASTMARK[2])
        accounts.save_organisation(by=LOCAL_OPERATOR, profile=profile)
        workspace = Workspace(store, clock=lambda: NOW)
        workspace.bulletins.add_supplier(actor=DPO, name="Personalrum Nord AB", public_key=key_text)
        if earlier is not None:
            workspace.bulletins.import_bulletin(actor=DPO, data=earlier)
        start = time.perf_counter()
        imported = workspace.bulletins.import_bulletin(actor=DPO, data=part)
        elapsed = time.perf_counter() - start
        if imported.created == (earlier is not None) or not imported.proposed:
            raise SystemExit("the import proposed nothing: the benchmark's set-up is wrong")
        return elapsed
    finally:
        store.dispose()


# The figures: name -> (key for bench_all, target in seconds).
FIGURES = {
    "verify one signed part": ("bulletin_verify", VERIFY_TARGET),
    "import one part (fresh SQLite)": ("bulletin_import", IMPORT_TARGET),
    "import the next version (same store)": ("bulletin_import_next", IMPORT_TARGET),
    "sign + split {customers} parts": ("bulletin_sign_split", SIGN_SPLIT_TARGET),
}


def measure(repeat: int = 7, customers: int = 300) -> dict[str, list[float]]:
    """The samples (seconds) of each figure, by its name in FIGURES (with the customers' count)."""
    repeat = max(repeat, 1)
    key = generate_key()
    keys = {fingerprint(key): key.public_key()}
    part = signed_file_bytes(split(sign(example_bulletin(3), key))[VASTMARK[0]])
    first = signed_file_bytes(split(sign(example_bulletin(2), key))[VASTMARK[0]])
    verify(part, keys, VASTMARK[0])  # warm: pydantic builds its validators on first use
    verifying = timed(lambda: verify(part, keys, VASTMARK[0]), repeat * 5)
    with tempfile.TemporaryDirectory() as folder:
        key_text = public_key_text(key, "Personalrum Nord AB")
        import_once(Path(folder), -1, part, key_text)  # warm
        importing = [import_once(Path(folder), n, part, key_text) for n in range(repeat)]
        next_version = [
            import_once(Path(folder), repeat + n, part, key_text, earlier=first)
            for n in range(repeat)
        ]
    bulletin = many_customers(customers)

    def sign_and_split() -> None:
        files = split(sign(bulletin, key))
        for signed in files.values():
            signed_file_bytes(signed)
        if len(files) != customers:
            raise SystemExit("split lost a part: the benchmark is wrong")

    return {
        "verify one signed part": verifying,
        "import one part (fresh SQLite)": importing,
        "import the next version (same store)": next_version,
        f"sign + split {customers} parts": timed(sign_and_split, repeat),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--customers", type=int, default=300, help="parts to sign (default 300)")
    args = parser.parse_args()
    samples = measure(args.repeat, args.customers)
    targets = [target for _key, target in FIGURES.values()]
    print(f"supplier bulletins, median of {max(args.repeat, 1)} runs (5 times as many verifying):")
    passed = True
    for (name, values), target in zip(samples.items(), targets, strict=True):
        median = statistics.median(values)
        ratio = median / target
        passed &= ratio <= 1
        print(
            f"  {name:<38} {median * 1000:9.1f} ms   target {target * 1000:6.0f} ms   "
            f"ratio {ratio:5.2f} ({'ok' if ratio <= 1 else 'TOO SLOW'})"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
