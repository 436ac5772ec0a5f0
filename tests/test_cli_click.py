"""The command line through click's CliRunner: the README's commands parse word for word, the
verbs are listed in the order of the work, a refused command line exits 2, and an error reads in
the language asked for.

``invoke`` runs ``main`` (the entry point, with its error handling) inside CliRunner's isolation;
``parsed`` runs click's own parsing with every command's work replaced, so that a command line can
be checked without a data folder.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from breachreport import __version__
from breachreport.cli import breachreport, main
from breachreport.cli.context import Run

ROOT = Path(__file__).resolve().parents[1]
VERBS = (
    "init", "demo", "organisation", "list", "export", "import", "supplier", "bulletin", "render",
    "register", "assess", "clocks", "recipients", "reviewer", "approve", "four-eyes", "schema", "verify", "file", "filings",
    "case-number", "history", "reminders", "remind", "calendar", "rotate-key", "shred", "retention", "backup", "restore", "user", "serve", "setup-code", "health",
)  # fmt: skip


def invoke(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``main(argv)`` with standard output and error captured by CliRunner."""
    with CliRunner().isolation(env=env) as (out, err, _both):
        code = main(list(argv))
        sys.stdout.flush()  # CliRunner's streams are buffered: what was printed, into the bytes
        sys.stderr.flush()
    return code, out.getvalue().decode(), err.getvalue().decode()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.fixture
def parsed(monkeypatch):
    """Parse a command line with click, run nothing: returns the command path that would run and
    the values it would get, or the exit code when click refuses it."""
    seen: list[tuple[tuple[str, ...], dict]] = []
    for path, command in _commands(breachreport):

        def record(*args, path=path, **values):
            seen.append((path, values))
            return 0

        monkeypatch.setattr(command, "callback", record)

    def parse(argv: list[str]):
        result = CliRunner().invoke(breachreport, argv, obj=Run())
        if result.exit_code != 0:
            return result.exit_code, result.output
        [(path, values)] = seen[-1:]
        return " ".join(path), values

    return parse


def readme_commands() -> list[str]:
    """Every ``.venv/bin/breachreport ...`` line of the README, its comment cut off."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found = []
    for line in lines:
        for part in line.split("&&"):
            part = part.strip()
            if part.startswith(".venv/bin/breachreport "):
                found.append(re.sub(r"\s+#.*$", "", part).removeprefix(".venv/bin/breachreport "))
    return found


def one_reading(command: str) -> list[str]:
    """A README line as one command: ``a|b`` is the first choice, ``[...]`` is given, and the
    placeholders get values of their kind."""
    words = []
    for word in shlex.split(command.replace("[", "").replace("]", "")):
        words.append(word.split("|")[0] if "|" in word and not word.startswith("-") else word)
    return ["8502" if w == "P" else w for w in words]


def test_the_readme_has_the_commands_this_test_reads():
    assert len(readme_commands()) >= 25


@pytest.mark.parametrize("command", readme_commands())
def test_every_command_of_the_readme_parses_word_for_word(parsed, command):
    path, values = parsed(one_reading(command))
    assert isinstance(path, str), values  # not an exit code: click accepted the line
    verb = one_reading(command)[0] if not command.startswith("--") else None
    assert verb is None or path.split()[0] == verb


def test_the_list_of_commands_keeps_the_order_of_the_work():
    result = CliRunner().invoke(breachreport, ["--help"], obj=Run())
    assert result.exit_code == 0
    listed = re.findall(r"^  ([a-z-]+)\s", result.output.split("Commands:")[1], re.MULTILINE)
    assert tuple(listed) == VERBS


def test_version_prints_its_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"breachreport {__version__}\n"


def test_a_refused_choice_exits_2_and_names_the_choices(parsed):
    code, said = parsed(["render", "BR-2024-0001", "--format", "odt"])
    assert code == 2
    assert "invalid choice: 'odt' (choose from 'md', 'html', 'docx', 'pdf')" in said


def test_file_takes_a_recipient_and_its_kind_and_imy_stays_the_default(parsed):
    path, values = parsed(
        [
            "file",
            "BR-2026-0001",
            "--to",
            "cert-se",
            "--kind",
            "early-warning",
            "--case-number",
            "X-1",
        ]
    )
    assert path == "file"
    assert (values["recipient"], values["kind"], values["case_number"]) == (
        "cert-se",
        "early-warning",
        "X-1",
    )
    path, values = parsed(["file", "BR-2026-0001", "--kind", "preliminary"])
    assert (values["recipient"], values["kind"]) == ("imy", "preliminary")
    code, said = parsed(["file", "BR-2026-0001", "--to", "msb", "--kind", "early-warning"])
    assert code == 2 and "'imy', 'cert-se', 'police', 'ivo'" in said


def test_filings_lists_and_render_of_a_filing_defaults_to_its_own_document(parsed):
    path, values = parsed(["filings", "BR-2026-0001", "--json"])
    assert (path, values["as_json"]) == ("filings", True)
    path, values = parsed(["render", "BR-2026-0001", "--filing", "2"])
    assert (values["filing"], values["document"]) == (2, None)
    path, values = parsed(["render", "BR-2026-0001", "--document", "cert-se-final-report"])
    assert values["document"] == "cert-se-final-report"


def test_years_and_months_together_are_refused(capsys):
    with pytest.raises(SystemExit) as refused:
        main(["retention", "--years", "5", "--months", "3"])
    assert refused.value.code == 2
    assert "not allowed with argument --years" in capsys.readouterr().err


def test_a_port_out_of_range_is_refused(parsed):
    code, said = parsed(["serve", "--port", "70000"])
    assert code == 2 and "70000 is not a port number (1 to 65535)" in said


def test_lang_after_render_is_the_documents_language_not_the_messages(parsed):
    path, values = parsed(["--lang", "en", "render", "BR-2024-0001", "--lang", "sv"])
    assert path == "render" and values["doc_lang"] == "sv"


def test_an_unknown_incident_reads_in_swedish_under_lang_sv_and_in_english_under_lang_en(home):
    assert invoke("init")[0] == 0
    sv = invoke("--lang", "sv", "export", "BR-2099-0042")
    en = invoke("--lang", "en", "export", "BR-2099-0042")
    assert sv[0] == en[0] == 1 and sv[1] == en[1] == ""
    assert sv[2] == "breachreport: fel: Det finns ingen incident BR-2099-0042.\n"
    assert en[2] == "breachreport: error: No incident BR-2099-0042.\n"


def test_an_input_error_of_the_command_line_itself_follows_lang(home):
    """The command line's own errors come from its catalogue (cli.po)."""
    assert invoke("init")[0] == 0
    sv = invoke("shred", "BR-2024-0001")
    en = invoke("shred", "BR-2024-0001", "--lang", "en")
    assert sv[2] == "breachreport: fel: Säg varför med --reason; skälet står kvar i registret.\n"
    assert (
        en[2] == "breachreport: error: Say why with --reason; the reason stays in the register.\n"
    )


def test_counts_are_plurals_of_the_language_not_brackets(home):
    assert invoke("init")[0] == 0
    code, out, _ = invoke("retention", "--months", "13", env={"BREACHREPORT_LANG": "sv"})
    assert code == 0 and "1 år och 1 månad " in out
    code, out, _ = invoke("--lang", "en", "retention", "--years", "2")
    assert code == 0 and "Retention period: 2 years after" in out and "(s)" not in out


def test_a_retention_period_is_said_with_the_languages_plurals():
    from breachreport.cli.retention import span

    assert span(13).in_("sv") == "1 år och 1 månad"
    assert span(13).in_("en") == "1 year and 1 month"
    assert span(60).in_("sv") == "5 år" and span(6).in_("en") == "6 months"
