"""Every file the command line writes for download or backup is its owner's alone (0600), whatever
the umask, and an older file at the same path does not keep its wider mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from breachreport.cli import main
from breachreport.private_files import write_private_bytes

REF = "BR-2024-0001"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo_home(home, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    return home


@pytest.fixture
def open_umask():
    """The most permissive umask: a file made with the default mode would be world-writable."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


WRITES = {
    "render html": ["render", REF, "--format", "html", "--output"],
    "render pdf": ["render", REF, "--format", "pdf", "--output"],
    "render docx": ["render", REF, "--format", "docx", "--output"],
    "register csv": ["register", "--output"],
    "register xlsx": ["register", "--format", "xlsx", "--output"],
    "export": ["export", REF, "--output"],
    "backup": ["backup"],
}


@pytest.mark.parametrize("argv", list(WRITES.values()), ids=list(WRITES))
def test_a_written_file_is_readable_by_its_owner_only(
    demo_home, capsys, tmp_path, open_umask, argv
):
    target = tmp_path / "out" / "copy"
    target.parent.mkdir()
    assert main([*argv, str(target)]) == 0, capsys.readouterr().err
    assert mode(target) == 0o600
    assert target.stat().st_size > 0
    assert [p.name for p in target.parent.iterdir()] == ["copy"]  # no temporary file left


@pytest.mark.parametrize("argv", [WRITES["render html"], WRITES["register csv"]])
def test_an_older_world_readable_file_is_replaced_by_a_private_one(
    demo_home, capsys, tmp_path, argv
):
    target = tmp_path / "copy"
    target.write_text("an older copy")
    target.chmod(0o644)
    assert main([*argv, str(target)]) == 0, capsys.readouterr().err
    assert mode(target) == 0o600 and target.read_text(encoding="utf-8") != "an older copy"


def test_the_file_is_private_from_its_first_byte(tmp_path, monkeypatch, open_umask):
    """Seen from inside the write: the bytes go to a file that is already 0600."""
    seen: list[int] = []
    real_fdopen = os.fdopen

    def watching(fd, *args, **kwargs):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", watching)
    write_private_bytes(tmp_path / "notice.pdf", b"%PDF-1.7")
    assert seen == [0o600]
    assert mode(tmp_path / "notice.pdf") == 0o600


def test_the_export_file_holds_what_standard_output_would(demo_home, capsys, tmp_path):
    assert main(["export", REF]) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "facts.json"
    assert main(["--lang", "en", "export", REF, "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == printed
    assert capsys.readouterr().err == f"Wrote {target} (readable by you only)\n"
