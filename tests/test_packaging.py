"""The product as a wheel: built from this tree, installed in a fresh virtual environment and used
from another folder, it sets up a data folder, loads the worked example and renders every document
from the templates it carries (issue 15). A checkout is never on the installed copy's path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from documents_support import text_of

from breachreport.documents.catalogue import BOTH, DOCUMENTS

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What the wheel is built from: the pyproject names README.md and LICENSE, and maps templates/.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "breachreport", "templates")
BIN = "Scripts" if os.name == "nt" else "bin"
TIMEOUT = 180  # seconds for any one command; a render takes a few on a busy machine
REFERENCE = re.compile(r"^([A-Z]+-\d{4}-\d{4})\s", re.MULTILINE)


def test_every_package_of_the_source_is_listed_for_the_wheel():
    """pyproject.toml lists its packages (a search cannot see the mapped templates/), so a new
    sub-package left out of the list would be missing from every install."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "breachreport").rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages"
    # The folders of data (no __init__.py) are listed too, each with its package-data, so that
    # setuptools ships them without a warning on every install.
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    for name in listed - on_disk - {"breachreport.templates"}:
        assert (ROOT / Path(*name.split("."))).is_dir(), name
        assert data.get(name) or list((ROOT / Path(*name.split("."))).glob("*.py")), name
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"breachreport.templates": "templates"}


def test_a_checkout_renders_from_its_own_templates_folder():
    from breachreport.documents.environment import DEFAULT_TEMPLATES

    assert DEFAULT_TEMPLATES == ROOT / "templates"


# -- the wheel, installed -------------------------------------------------------------------------


def _run(command: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None):
    """Run a command and return its output; a failure shows what the command said."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} ended with {done.returncode}:\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return done.stdout


def _setuptools_is_new_enough() -> bool:
    """Whether this environment can build without fetching setuptools (77: license expressions)."""
    try:
        return int(version("setuptools").split(".")[0]) >= 77
    except (PackageNotFoundError, ValueError):
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the tree, so that the build leaves nothing in the checkout."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-w", base / "dist"]
    if _setuptools_is_new_enough():
        command.append("--no-build-isolation")  # offline: the build backend is already here
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=TIMEOUT
    )
    if done.returncode != 0 and "setuptools" in done.stderr and "version" in done.stderr:
        pytest.skip(
            "the isolated build could not fetch setuptools>=77 (offline?); "
            "install it into this environment to build without the network"
        )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (built,) = (base / "dist").glob("breachreport-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its dependencies come from this
    environment's site-packages through a .pth file, which is faster than installing them again and
    works without the network. The checkout itself is on no path of it."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=TIMEOUT
    )
    python = folder / BIN / "python"
    # The wheel first: with the .pth in place pip would see this environment's breachreport.
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=folder,
    )
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=folder
        ).strip()
    )
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz-breachreport-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """A folder far from the checkout, to run the installed commands in."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="module")
def environ(elsewhere) -> dict[str, str]:
    """The environment of the installed commands: no PYTHONPATH, none of the developer's own
    breachreport settings, and a data folder of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONPATH" and not key.startswith("BREACHREPORT_")
    }
    env["BREACHREPORT_HOME"] = str(elsewhere / "data")
    env["BREACHREPORT_ACTOR"] = "packaging-test"
    return env


@pytest.fixture(scope="module")
def demo(venv, elsewhere, environ) -> str:
    """The reference of the worked example, loaded by the installed command after ``init``."""
    command = venv / BIN / "breachreport"
    _run([command, "init"], cwd=elsewhere, env=environ)
    _run([command, "demo"], cwd=elsewhere, env=environ)
    listing = _run([command, "list"], cwd=elsewhere, env=environ)
    found = REFERENCE.search(listing)
    assert found, f"no incident in the register after demo:\n{listing}"
    return found.group(1)


@pytest.mark.slow
def test_the_wheel_carries_the_templates_the_settings_and_the_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {path.name for path in (ROOT / "templates").iterdir() if path.is_file()}
    assert templates, "the checkout has no templates"
    missing = {name for name in templates if f"breachreport/templates/{name}" not in names}
    assert missing == set()
    assert "breachreport/storage/migrations/env.py" in names
    migrations = ROOT / "breachreport" / "storage" / "migrations" / "versions"
    for script in migrations.glob("*.py"):
        assert f"breachreport/storage/migrations/versions/{script.name}" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    if not (ROOT / "breachreport" / "web").is_dir():
        pytest.skip("breachreport/web (the Streamlit page and its settings) does not exist yet")
    assert "breachreport/web/config.toml" in names
    assert "breachreport/web/page.py" in names


@pytest.mark.slow
def test_the_wheel_declares_its_license_urls_and_classifiers(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode("utf-8")
    assert "License-Expression: Apache-2.0" in metadata
    assert "Project-URL: Homepage," in metadata
    assert "Classifier: Natural Language :: Swedish" in metadata
    assert "Classifier: Programming Language :: Python :: 3.12" in metadata


@pytest.mark.slow
def test_the_installed_copy_is_the_wheel_not_the_checkout(venv, elsewhere, environ):
    said = _run(
        [
            venv / BIN / "python",
            "-c",
            "import breachreport; from breachreport.documents.environment import "
            "DEFAULT_TEMPLATES as t; print(breachreport.__file__); print(t)",
        ],
        cwd=elsewhere,
        env=environ,
    )
    package, templates = (Path(line) for line in said.splitlines())
    assert package.is_relative_to(venv.resolve())
    assert templates == package.parent / "templates"
    assert not package.is_relative_to(ROOT)


def _documents() -> list[tuple[str, str | None, str]]:
    """Every document the catalogue knows, in each of its languages and formats."""
    return [
        (kind.name, None if lang == BOTH else lang, fmt)
        for kind in DOCUMENTS.values()
        for lang in kind.langs()
        for fmt in kind.formats
    ]


def _text_of(path: Path) -> str:
    """What a reader sees in a rendered file."""
    return text_of(None, path)


@pytest.mark.slow
def test_the_installed_command_renders_every_document_from_another_folder(
    venv, elsewhere, environ, demo
):
    jobs = [
        (
            Path("documents") / f"{document}.{lang or BOTH}.{fmt}",
            ["render", demo, "--document", document, "--format", fmt]
            + (["--lang", lang] if lang else []),
        )
        for document, lang, fmt in _documents()
    ]
    # The frozen copy of the first filing, which the worked example has filed.
    jobs.append(
        (Path("documents") / "filing-1.pdf", ["render", demo, "--filing", "1", "--format", "pdf"])
    )
    (elsewhere / "documents").mkdir()

    # Each command starts Python afresh (seconds on a busy machine): the command itself writes the
    # first document of each format, side by side (WAL queues their history entries), and one
    # Python of the installed environment writes the rest through the same entry point.
    by_command: dict[str, tuple[Path, list[str]]] = {}
    in_one_process = []
    for target, arguments in jobs:
        if target.suffix in by_command:
            in_one_process.append([*arguments, "--output", str(target)])
        else:
            by_command[target.suffix] = (target, arguments)

    def render(job: tuple[Path, list[str]]) -> None:
        target, arguments = job
        command = venv / BIN / "breachreport"
        _run([command, *arguments, "--output", target], cwd=elsewhere, env=environ)

    with ThreadPoolExecutor(max_workers=len(by_command)) as pool:
        list(pool.map(render, by_command.values()))
    script = (
        "import json, sys\n"
        "from breachreport.cli import main\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    if main(argv) != 0:\n"
        "        sys.exit('breachreport ' + ' '.join(argv) + ' failed')\n"
    )
    python = venv / BIN / "python"
    _run([python, "-c", script, json.dumps(in_one_process)], cwd=elsewhere, env=environ)

    for target, _ in jobs:
        written = elsewhere / target
        assert written.stat().st_size > 0, target.name
        assert demo in _text_of(written), f"{target.name} does not name the incident"


@pytest.mark.slow
def test_an_organisations_own_templates_folder_still_wins_over_the_packaged_one(
    venv, elsewhere, environ, demo
):
    own = elsewhere / "own-templates"
    own.mkdir()
    (own / "imy-notification.en.md.j2").write_text("Our own notification.\n", encoding="utf-8")
    env = {**environ, "BREACHREPORT_TEMPLATES": str(own)}
    command = [venv / BIN / "breachreport", "render", demo, "--format", "md", "--output", "-"]
    assert _run([*command, "--lang", "en"], cwd=elsewhere, env=env) == "Our own notification.\n"
    # The templates the folder does not hold still come from the package.
    assert demo in _run([*command, "--lang", "sv"], cwd=elsewhere, env=env)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_the_installed_command_serves_the_packaged_page_from_another_folder(
    venv, elsewhere, environ, demo
):
    """``serve`` finds the page and the Streamlit settings inside the installed package: the
    server answers its health check, and only on this machine's loopback address."""
    if "serve" not in _run([venv / BIN / "breachreport", "--help"], cwd=elsewhere, env=environ):
        pytest.skip("breachreport serve does not exist yet")
    port = _free_port()
    server = subprocess.Popen(
        [str(venv / BIN / "breachreport"), "serve", "--port", str(port)],
        cwd=elsewhere,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as response:
                    answer = response.read().decode()
            except OSError:
                time.sleep(0.5)
        if answer is None:
            server.kill()
            pytest.fail(f"serve did not answer on port {port}:\n{server.communicate()[0][-3000:]}")
        assert answer == "ok"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
