"""`breachreport serve`: the packaged page with the package's own Streamlit settings, from any
folder, on 127.0.0.1 unless told otherwise; the checkout's config keeps the same safety settings;
the files under contrib/ pass systemd-analyze where it exists.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from breachreport import web
from breachreport.cli.service import is_loopback, streamlit_options

ROOT = Path(__file__).resolve().parents[1]
SAFETY = {
    ("client", "showErrorDetails"): "none",
    ("server", "maxUploadSize"): 21,
    ("browser", "gatherUsageStats"): False,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREACHREPORT_", "STREAMLIT_"))}
    env.update(BREACHREPORT_HOME=str(home), PYTHONUNBUFFERED="1")
    return env


def test_the_packaged_settings_hold_the_safety_settings():
    packaged = tomllib.loads(web.config_text())
    for (section, name), value in SAFETY.items():
        assert packaged[section][name] == value, (section, name)
    assert packaged["server"]["headless"] is True
    assert packaged["server"]["enableAgentApi"] is False
    assert packaged["logger"]["hideWelcomeMessage"] is True  # no outside address look-up


def test_the_checkouts_streamlit_config_keeps_the_same_safety_settings():
    checkout = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    for (section, name), value in SAFETY.items():
        assert checkout[section][name] == value, (section, name)


def test_the_settings_become_command_line_options_with_the_address_last():
    options = streamlit_options(web.config_text(), address="127.0.0.1", port=8501)
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    assert pairs["--client.showErrorDetails"] == "none"
    assert pairs["--server.maxUploadSize"] == "21"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--server.headless"] == "true"
    assert options[-4:] == ["--server.address", "127.0.0.1", "--server.port", "8501"]


def test_the_page_script_ships_inside_the_package():
    script = web.page_script()
    assert script.is_file()
    assert script.parent == Path(web.__file__).parent
    assert "breachreport.ui.router" in script.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("breach.example.se", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine_only(address, loopback):
    assert is_loopback(address) is loopback


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for name in ("tcp", "tcp6"):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
def test_serve_from_another_folder_listens_on_loopback_only_with_the_packaged_settings(tmp_path):
    """From a folder whose own .streamlit/config.toml (and STREAMLIT_* variables) would weaken
    the settings: the packaged ones still hold."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux's /proc/net/tcp to see where the server listens")
    cwd = tmp_path / "elsewhere"
    (cwd / ".streamlit").mkdir(parents=True)
    (cwd / ".streamlit" / "config.toml").write_text(
        '[server]\nenableAgentApi = true\nmaxUploadSize = 500\naddress = "0.0.0.0"\n'
        '[client]\nshowErrorDetails = "full"\n'
    )
    port = _free_port()
    env = _env(tmp_path / "home")
    env["STREAMLIT_SERVER_ENABLE_AGENT_API"] = "true"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "breachreport", "--lang", "en", "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
            with urllib.request.urlopen(f"{base}/", timeout=10) as answer:
                assert answer.status == 200
                assert b'id="root"' in answer.read()
            # The folder's config and the variable asked for the agent API: the package's won.
            with urllib.request.urlopen(f"{base}/_stcore/agent/openapi.json", timeout=10) as answer:
                description = json.loads(answer.read())["info"]["description"]
            assert "switched off" in description
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a busy machine: stop it, the checks still run
                process.kill()
                process.wait()
    said = log.read_text()
    assert f"listening on http://127.0.0.1:{port}" in said
    assert "No account exists yet" in said
    assert "TLS" not in said
    assert "External URL" not in said and "Network URL" not in said


@pytest.fixture
def in_process(tmp_path, monkeypatch):
    """`serve` run in this process with Streamlit stubbed out (nothing listens) and the process's
    logging left alone; returns the options Streamlit would have been started with."""
    started: list[list[str]] = []
    monkeypatch.setenv("BREACHREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(
        "breachreport.runtime.logging_setup.configure_logging", lambda settings: None
    )
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kwargs: started.append(kwargs["args"]))
    return started


def test_another_address_is_passed_on_to_streamlit(in_process):
    from breachreport import cli

    code = cli.main(["--lang", "en", "serve", "--address", "0.0.0.0", "--port", "9999"])
    assert code == 0
    [command] = in_process
    assert command[:2] == ["run", str(web.page_script())]
    assert command[-4:] == ["--server.address", "0.0.0.0", "--server.port", "9999"]


def test_another_address_comes_with_a_tls_warning_on_standard_error(in_process, capsys):
    from breachreport import cli

    cli.main(["--lang", "en", "serve", "--address", "0.0.0.0"])
    said = capsys.readouterr()
    assert "put a reverse proxy with TLS (https) in front" in said.err
    assert "TLS" not in said.out
    cli.main(["--lang", "sv", "serve", "--address", "192.168.1.10"])
    assert "omvänd proxy med TLS" in capsys.readouterr().err
    cli.main(["--lang", "en", "serve"])
    assert "TLS" not in capsys.readouterr().err


# -- contrib/ ------------------------------------------------------------------------------------

CONTRIB = ROOT / "contrib"


def test_the_service_unit_takes_the_key_as_a_credential_and_is_hardened():
    unit = (CONTRIB / "systemd" / "breachreport.service").read_text(encoding="utf-8")
    for line in (
        "LoadCredential=master.key:",
        "Environment=BREACHREPORT_KEY_FILE=%d/master.key",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ExecStart=/opt/breachreport/bin/breachreport serve",
    ):
        assert line in unit, line


def test_the_container_runs_non_root_with_a_health_check():
    containerfile = (CONTRIB / "Containerfile").read_text(encoding="utf-8")
    compose = (CONTRIB / "compose.yaml").read_text(encoding="utf-8")
    assert "USER 10001" in containerfile
    assert "breachreport" in containerfile and "health" in containerfile
    assert "read_only: true" in compose
    assert "postgres" in compose
    assert '"breachreport", "health"' in compose


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not found")
def test_systemd_analyze_accepts_the_units(tmp_path):
    """The units as installed: ExecStart must exist, so a stand-in for /opt/... is put on a copy."""
    units = tmp_path / "units"
    units.mkdir()
    fake = tmp_path / "breachreport"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    for path in sorted((CONTRIB / "systemd").iterdir()):
        text = path.read_text(encoding="utf-8")
        (units / path.name).write_text(
            text.replace("/opt/breachreport/bin/breachreport", str(fake))
        )
    names = [str(units / p.name) for p in sorted((CONTRIB / "systemd").iterdir())]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        # Outside a booted systemd (a container, a chroot) these say nothing about the files.
        if "System has not been booted" not in line
        and "Failed to connect to bus" not in line
        and "Cannot check" not in line
    ]
    assert result.returncode == 0 or not problems, "\n".join(problems)
    assert not [line for line in problems if "breachreport" in line], "\n".join(problems)
