"""The command line as a shell sees it: what --help imports, and a reader that goes away early.

Behaviour, not timing: bench/bench_cli_start.py measures how long a start takes.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from breachreport import cli
from breachreport.cli import main

HEAVY = ("streamlit", "weasyprint", "sqlalchemy", "docx", "openpyxl", "alembic", "jinja2", "mako")
APP_MODULES = ("breachreport.services", "breachreport.storage", "breachreport.documents")


def imported_by(*argv: str) -> set[str]:
    """Every module ``python -X importtime -m breachreport ARGV`` imports."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "breachreport", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", result.stderr, re.MULTILINE)
    assert found, "no -X importtime lines"
    return set(found)


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["render", "--help"]])
def test_help_and_version_import_neither_the_app_nor_its_heavy_libraries(argv):
    modules = imported_by(*argv)
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    app = sorted(m for m in modules if m.startswith(APP_MODULES))
    assert heavy == [] and app == []


def test_the_parsers_choices_are_the_ones_the_app_knows():
    from breachreport.documents.catalogue import DOCUMENTS
    from breachreport.domain.choices import FilingKind
    from breachreport.domain.status import Role
    from breachreport.services import FORMATS, LANGS, REGISTER_FORMATS

    assert tuple(r.value for r in Role) == cli.ROLES
    assert tuple(k.value for k in FilingKind) == cli.FILING_KINDS
    assert tuple(DOCUMENTS) == cli.DOCUMENT_NAMES
    assert (cli.FORMATS, cli.LANGS, cli.REGISTER_FORMATS) == (FORMATS, LANGS, REGISTER_FORMATS)


# -- a reader that goes away ---------------------------------------------------------------------


@pytest.fixture
def demo_home(home, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    return home


@pytest.mark.parametrize("argv", [["history", "BR-2024-0001"], ["list"], ["schema"]])
def test_a_closed_pipe_ends_the_command_quietly(demo_home, argv):
    """The reader's end is closed before the command writes: every write meets a broken pipe."""
    process = subprocess.Popen(
        [sys.executable, "-m", "breachreport", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert err == ""
    assert code == cli.EXIT_CLOSED_PIPE


# The schema (100 kB) is more than a pipe holds: it is still writing when head has gone.
@pytest.mark.parametrize("command", ["history BR-2024-0001", "list", "schema"])
def test_piped_into_head_prints_its_first_line_and_no_error(demo_home, command):
    shell = f"'{sys.executable}' -m breachreport {command} | head -1"
    result = subprocess.run(
        ["sh", "-c", shell], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_other_os_errors_are_still_reported(home, capsys, monkeypatch):
    """Only the closed pipe is quiet: an error that is not one still gets its line."""

    def fails():
        raise PermissionError("not a pipe")

    # The schema command builds its schema when it runs: make that step fail.
    monkeypatch.setattr("breachreport.domain.facts.facts_schema", fails)
    code = main(["--lang", "en", "schema"])
    assert code == cli.EXIT_UNEXPECTED
    assert "unexpected error (PermissionError)" in capsys.readouterr().err
