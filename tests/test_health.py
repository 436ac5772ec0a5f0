"""`breachreport health`: the database, the key against the key-check MAC, the schema against the
newest migration; exit 0 or 1 with one line why, or a JSON object. It never writes or migrates.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from breachreport.crypto import KeyRing
from breachreport.runtime.health import check_health
from breachreport.runtime.home import initialise
from breachreport.settings import Settings
from breachreport.storage import downgrade, migrate


def _settings(home, **extra) -> Settings:
    values = {"home": home, "database_url": None, "master_key": None, "key_file": None}
    return Settings(**{**values, **extra})


@pytest.fixture
def ready(tmp_path) -> Settings:
    settings = _settings(tmp_path / "home")
    initialise(settings)
    return settings


def test_a_sound_database_with_its_key_is_healthy(ready):
    health = check_health(ready)
    assert health.ok, health.reason
    assert health.schema == health.newest_schema == migrate.head_revision()
    assert health.key_id == KeyRing.load_file(ready.resolved_key_file).active_id
    assert health.reason.startswith("OK: ")


def test_a_wrong_key_is_unhealthy(ready, tmp_path):
    other = tmp_path / "other.key"
    KeyRing.generate().save_file(other)
    health = check_health(_settings(ready.home, key_file=other))
    assert not health.ok
    assert "not in the configured key ring" in health.reason or "audit key" in health.reason


def test_a_missing_key_is_unhealthy(ready):
    ready.resolved_key_file.unlink()
    health = check_health(ready)
    assert not health.ok
    assert "No master key" in health.reason


def test_a_database_behind_on_migrations_is_unhealthy_and_left_as_it_is(ready):
    downgrade(ready.resolved_database_url, "-1")
    health = check_health(ready)
    assert not health.ok
    assert "breachreport init" in health.reason
    assert health.schema != health.newest_schema
    assert check_health(ready).schema == health.schema  # not upgraded by looking


def test_no_database_is_unhealthy_and_nothing_is_created(tmp_path):
    home = tmp_path / "never"
    health = check_health(_settings(home))
    assert not health.ok
    assert "run breachreport init" in health.reason
    assert not home.exists()


@pytest.mark.postgres
def test_postgresql_is_checked_the_same_way(fresh_pg_url, tmp_path):
    settings = _settings(tmp_path / "home", database_url=fresh_pg_url)
    initialise(settings)
    assert check_health(settings).ok
    other = tmp_path / "other.key"
    KeyRing.generate().save_file(other)
    assert not check_health(
        _settings(tmp_path / "home", database_url=fresh_pg_url, key_file=other)
    ).ok


def _health(home, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACHREPORT_")}
    env.update(BREACHREPORT_HOME=str(home), **extra)
    return subprocess.run(
        [sys.executable, "-m", "breachreport", "health", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_exits_0_or_1_with_one_line(ready, tmp_path):
    good = _health(ready.home)
    assert good.returncode == 0, good.stderr
    assert len(good.stdout.strip().splitlines()) == 1
    other = tmp_path / "other.key"
    KeyRing.generate().save_file(other)
    bad = _health(ready.home, BREACHREPORT_KEY_FILE=str(other))
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1
    assert bad.stdout == ""


def test_the_command_answers_in_json(ready, tmp_path):
    good = _health(ready.home, "--json")
    assert good.returncode == 0
    answer = json.loads(good.stdout)
    assert answer["ok"] is True
    assert answer["schema"] == answer["newest_schema"]
    bad = _health(tmp_path / "nowhere", "--json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["ok"] is False


def test_unsafe_settings_are_unhealthy_not_a_crash(ready):
    answer = _health(ready.home, "--json", BREACHREPORT_ENVIRONMENT="production")
    assert answer.returncode == 1
    assert "production" in json.loads(answer.stdout)["reason"]
