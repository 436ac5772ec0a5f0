"""Peak memory of the app's process with 10,000 incidents (target 250 MB, issue 16).

A fresh Python process opens the data folder and does what the dashboard does: the register
(``Workspace.register``), the overview's table (``register_frame``) and one AppTest run of the
overview signed in as a DPO; then it renders every document of one incident in every language
and format (Markdown, HTML, Word, PDF), as a DPO's downloads would. It reports its own peak
resident size (the kernel's ``VmHWM``; see ``_peak_mb`` for why not ``ru_maxrss``) after each
step, so the figure is that process's alone:
    .venv/bin/python bench/bench_memory.py --size 10000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MB = 250.0
_MARK = "peak-memory:"  # the child's one line of results on stdout


def prepare(settings) -> str:
    """The first DPO's account in the data folder, made here so that the measured process does
    not pay for the password hash; returns its id for the child to sign in with."""
    from breachreport.runtime.home import open_home
    from breachreport.services.accounts import Accounts

    store = open_home(settings)
    try:
        return (
            Accounts(store)
            .create_first_dpo(
                username="memory@example.se",
                display_name="Bench DPO",
                password="a long bench passphrase",
            )
            .id
        )
    finally:
        store.dispose()


def peak_memory(settings, account_id: str, *, app: bool = True, timeout: float = 900) -> dict:
    """Run the dashboard's work in a fresh process over ``settings``'s data folder. Returns
    ``{"incidents": n, "peak_mb": …, "ru_maxrss_mb": …, "stages": {step: peak MB after it}}``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    env["BREACHREPORT_HOME"] = str(settings.home)
    env["BREACHREPORT_KEY_FILE"] = str(settings.resolved_key_file)
    if settings.database_url:
        env["BREACHREPORT_DATABASE_URL"] = settings.database_url
    command = [sys.executable, str(Path(__file__).resolve()), "--child", account_id]
    if not app:
        command.append("--no-app")
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith(_MARK):
            return json.loads(line.removeprefix(_MARK))
    raise RuntimeError(f"the memory probe failed (exit {done.returncode}):\n{done.stderr[-3000:]}")


def _peak_mb() -> float:
    """This process's peak resident size so far. Linux's ``ru_maxrss`` is not enough: it keeps
    the peak of the process that forked this one across ``exec`` (a 400 MB parent makes a fresh
    ``python -c`` report 400 MB), so the kernel's high-water mark of this process's own memory,
    ``VmHWM``, is read instead, and ``ru_maxrss`` only where that does not exist."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return _ru_maxrss_mb()


def _ru_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(account_id: str, app: bool) -> None:
    """The measured process: nothing is imported or built before it that the app would not."""
    stages: dict[str, float] = {"python": _peak_mb()}
    from streamlit.testing.v1 import AppTest

    from breachreport.domain.times import utc_now
    from breachreport.ui.context import resources
    from breachreport.ui.shell.register_table import register_frame

    stages["imports"] = _peak_mb()
    workspace = resources().workspace
    rows = workspace.register()
    stages["register"] = _peak_mb()
    frame = register_frame(rows, now=utc_now(), lang="sv")
    assert len(frame) == len(rows)
    stages["overview table"] = _peak_mb()
    if app:
        test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        test.session_state["br_account_id"] = account_id
        test.run()
        assert not test.exception, test.exception
        stages["overview page (AppTest)"] = _peak_mb()
    rendered = _every_document(workspace, rows[len(rows) // 2].reference)
    stages[f"every document ({rendered} files)"] = _peak_mb()
    found = {
        "incidents": len(rows),
        "peak_mb": _peak_mb(),
        "ru_maxrss_mb": _ru_maxrss_mb(),  # for comparison; includes the parent's peak, see above
        "stages": stages,
    }
    print(_MARK + json.dumps(found), flush=True)


def _every_document(workspace, ref: str) -> int:
    """Every document of the catalogue for ``ref``, in each of its languages and formats; returns
    how many files were made."""
    from breachreport.documents.catalogue import DOCUMENTS

    made = 0
    for document, kind in DOCUMENTS.items():
        for lang in ("sv",) if kind.bilingual else kind.langs():
            for fmt in kind.formats:
                assert workspace.render(ref=ref, document=document, lang=lang, fmt=fmt)
                made += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest run")
    parser.add_argument("--child", metavar="ACCOUNT_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, app=not args.no_app)
        return

    from bench_lifecycle import build
    from bench_store import machine

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        settings = build(Path(tmp), args.size)
        account_id = prepare(settings)
        start = time.perf_counter()
        found = peak_memory(settings, account_id, app=not args.no_app)
        spent = time.perf_counter() - start
    print(f"\n{found['incidents']:,} incidents, peak resident memory after each step:")
    for stage, megabytes in found["stages"].items():
        print(f"  {stage:<28}{megabytes:>8.0f} MB")
    verdict = "ok" if found["peak_mb"] < TARGET_MB else "TOO MUCH"
    print(f"peak {found['peak_mb']:.0f} MB (target under {TARGET_MB:.0f} MB): {verdict}")
    print(f"(the probe took {spent:.0f} s)")


if __name__ == "__main__":
    main()
