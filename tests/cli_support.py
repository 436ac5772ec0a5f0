"""Running the command line in-process, as the CLI, backup, rotation, shredding and fault tests do:
in English, the language they read its messages in.
"""

from __future__ import annotations

from breachreport.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``breachreport --lang en ARGV...``: the exit code and what it printed (out, err)."""
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err
