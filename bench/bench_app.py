"""Server-side time of app reruns, measured with Streamlit's AppTest: the overview with 1,000
incidents, and one guided step of the questions. Prints medians against the 300 ms target.

    .venv/bin/python bench/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import machine, realistic_facts  # noqa: E402

RERUNS = 15


def timed_runs(app, spent: list[float], reruns: int) -> float:
    app.run()
    assert not app.exception, app.exception
    spent.clear()
    for _ in range(reruns):
        app.run()
    return statistics.median(spent)


def measure_app(incidents: int = 1000, reruns: int = RERUNS) -> dict[str, float]:
    """Median server-side seconds of a rerun of the overview with ``incidents`` incidents (the
    scenario and variations of it) and of the scenario's guided questions, in a throwaway data
    folder. The environment and ``router.run`` are put back afterwards."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    import breachreport.ui.router as router
    from breachreport.demo.loading import load_demo
    from breachreport.ui.context import resources

    before = os.environ.get("BREACHREPORT_HOME")
    run = router.run
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["BREACHREPORT_HOME"] = str(Path(tmp) / "home")
            opened = resources()
            dpo = opened.accounts.create_first_dpo(
                username="bench@example.se",
                display_name="Bench DPO",
                password="a long bench passphrase",
            )
            reference = load_demo(opened.workspace).reference
            for facts in realistic_facts(incidents - 1):
                opened.workspace.import_facts(actor=dpo.actor, data=facts.to_json_dict())

            spent: list[float] = []

            def timed() -> None:
                began = time.perf_counter()
                try:
                    run()
                finally:
                    spent.append(time.perf_counter() - began)

            router.run = timed  # app.py calls router.run on every rerun

            def app(**state) -> AppTest:
                test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
                test.session_state["br_account_id"] = dpo.id
                for key, value in state.items():
                    test.session_state[key] = value
                return test

            overview = timed_runs(app(), spent, reruns)
            step = app(br_incident=reference)
            step._page_hash = calc_hash("questions")  # how AppTest addresses a callable page
            questions = timed_runs(step, spent, reruns)
            opened.workspace.store.dispose()
    finally:
        router.run = run
        if before is None:
            os.environ.pop("BREACHREPORT_HOME", None)
        else:
            os.environ["BREACHREPORT_HOME"] = before
    return {"overview_s": overview, "step_s": questions}


def main() -> None:
    found = measure_app()
    overview, questions = found["overview_s"], found["step_s"]
    print(f"machine: {machine()}")
    print(
        f"overview rerun, 1,000 incidents (server-side median of {RERUNS}): {overview * 1000:.0f} ms"
    )
    print(
        f"guided step (questions page) rerun, median of {RERUNS}:        {questions * 1000:.0f} ms"
    )
    print("target: under 300 ms median for both")


if __name__ == "__main__":
    main()
