"""The register page in the Streamlit app, driven headless with AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from breachreport.cli import main

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("BREACHREPORT_HOME", str(folder))
    for name in ("BREACHREPORT_MASTER_KEY", "BREACHREPORT_DATABASE_URL", "BREACHREPORT_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_first_run_creates_the_data_folder_and_explains_the_empty_register(home):
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert (home / "master.key").exists() and (home / "breachreport.db").exists()
    assert "Registret är tomt" in app.info[0].value


def test_the_register_lists_the_demo_incident(home, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["Referens"]) == ["BR-2024-0001"]
    assert list(table["IMY:s diarienummer"]) == ["IMY-2024-0412"]
    assert "Fullständigt anmäld" in list(table["Status"])
