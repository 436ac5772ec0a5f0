"""Benchmark of the IMY notification as Word and PDF files for the scenario incident.

Prints the median render time of each file (after one warm-up that loads the libraries, the fonts
and the templates) against the issue's targets: DOCX within 150 ms, PDF within 1 s. Run it on a
quiet machine:
    .venv/bin/python bench/bench_documents.py --repeat 21
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import NOW, machine  # noqa: E402

from breachreport.crypto import KeyRing  # noqa: E402
from breachreport.demo.loading import load_demo  # noqa: E402
from breachreport.demo.scenario import (  # noqa: E402
    CASE_NUMBER,
    COMPLETE_AT,
    PRELIMINARY_AT,
    scenario_facts,
)
from breachreport.documents import FilingInfo, NotificationContext  # noqa: E402
from breachreport.documents.catalogue import DOCUMENTS  # noqa: E402
from breachreport.documents.notification import render_notification_bytes  # noqa: E402
from breachreport.domain.changes import diff  # noqa: E402
from breachreport.domain.choices import FilingKind  # noqa: E402
from breachreport.services import Workspace  # noqa: E402
from breachreport.storage import open_store  # noqa: E402

TARGET_MS = {"docx": 150.0, "pdf": 1000.0}
CHAIN_HEAD = "0123456789abcdef" * 4


def scenario_filings():
    """The scenario's two filings: the preliminary one (every answer) and the complete one."""
    preliminary = scenario_facts(PRELIMINARY_AT)
    complete = scenario_facts(COMPLETE_AT)
    first = FilingInfo(kind=FilingKind.PRELIMINARY, seq=1, filed_at=PRELIMINARY_AT)
    second = FilingInfo(
        kind=FilingKind.COMPLETE,
        seq=2,
        filed_at=COMPLETE_AT,
        case_number=CASE_NUMBER,
        changes=diff(preliminary, complete),
        first_filed_at=PRELIMINARY_AT,
    )
    for name, facts, filing in (
        ("preliminary", preliminary, first),
        ("complete", complete, second),
    ):
        context = NotificationContext(
            incident_ref="BR-2024-0001",
            facts_version=filing.seq * 5,
            generated_at=filing.filed_at,
            chain_head=CHAIN_HEAD,
            filing=filing,
        )
        yield name, facts, context


def median_ms(render, repeat: int) -> tuple[float, int]:
    size = len(render())  # warm-up: imports, fonts, compiled templates
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def measure_filings(repeat: int) -> list[tuple[str, str, str, float, int]]:
    """(filing, language, format, median ms, size in bytes) of the scenario's filed notification
    as DOCX and PDF, in both languages."""
    found = []
    for name, facts, context in scenario_filings():
        for lang in ("sv", "en"):
            for fmt in ("docx", "pdf"):

                def render(facts=facts, context=context, lang=lang, fmt=fmt) -> bytes:
                    return render_notification_bytes(
                        facts=facts, lang=lang, fmt=fmt, context=context
                    )

                median, size = median_ms(render, repeat)
                found.append((name, lang, fmt, median, size))
    return found


def measure_drafts(repeat: int, lang: str = "sv") -> dict[tuple[str, str], tuple[float, int]]:
    """(document, format) -> (median ms, size in bytes) of every draft document of the scenario
    incident as the app renders it (``Workspace.render``), after the demo is played into a
    throwaway store. The review copy holds both languages whatever ``lang`` says."""
    found: dict[tuple[str, str], tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'documents.db'}", KeyRing.generate())
        try:
            reference = load_demo(Workspace(store)).reference
            workspace = Workspace(store, clock=lambda: NOW)
            for document, kind in DOCUMENTS.items():
                for fmt in kind.formats:

                    def render(document=document, fmt=fmt) -> bytes:
                        return workspace.render(
                            ref=reference, document=document, lang=lang, fmt=fmt
                        )

                    found[document, fmt] = median_ms(render, repeat)
        finally:
            store.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument(
        "--drafts", action="store_true", help="also time every draft document of the scenario"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"median of {args.repeat} renders after one warm-up\n")
    print(f"{'document':<28}{'format':<8}{'median ms':>10}{'target ms':>11}{'size kB':>9}  verdict")
    worst: dict[str, float] = {}
    for name, lang, fmt, median, size in measure_filings(args.repeat):
        worst[fmt] = max(worst.get(fmt, 0.0), median)
        verdict = "ok" if median <= TARGET_MS[fmt] else "SLOW"
        print(
            f"{name + ' (' + lang + ')':<28}{fmt:<8}{median:>10.1f}"
            f"{TARGET_MS[fmt]:>11.0f}{size / 1024:>9.1f}  {verdict}"
        )
    print()
    for fmt, median in worst.items():
        print(f"slowest {fmt} median: {median:.1f} ms (target {TARGET_MS[fmt]:.0f} ms)")
    if args.drafts:
        print("\ndrafts of the scenario incident (sv), as the app renders them")
        for (document, fmt), (median, size) in measure_drafts(args.repeat).items():
            print(f"  {document:<22}{fmt:<6}{median:>10.1f} ms{size / 1024:>9.1f} kB")


if __name__ == "__main__":
    main()
