"""Logging settings: BREACHREPORT_LOG_LEVEL and BREACHREPORT_LOG_FORMAT=json; at DEBUG, what was
typed through the services reaches no log line, and the libraries that would log SQL parameters
stay at WARNING.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from conftest import CHEAP

from breachreport.documents.catalogue import DOCUMENTS
from breachreport.domain.status import Role
from breachreport.errors import AuthenticationFailed, BreachReportError, SettingsError
from breachreport.runtime.logging_setup import configure_logging
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import Accounts
from breachreport.settings import load_settings

MARKER = "MARKER-LOGGING-5309"
LIBRARIES = ("sqlalchemy", "sqlalchemy.engine", "alembic", "weasyprint")


@pytest.fixture
def restore_logging():
    """configure_logging changes process-wide loggers: put them back for the other tests."""
    ours = logging.getLogger("breachreport")
    saved = (list(ours.handlers), ours.level, {n: logging.getLogger(n).level for n in LIBRARIES})
    yield
    ours.handlers[:] = saved[0]
    ours.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def debug_json(monkeypatch, restore_logging) -> io.StringIO:
    monkeypatch.setenv("BREACHREPORT_LOG_LEVEL", "debug")
    monkeypatch.setenv("BREACHREPORT_LOG_FORMAT", "JSON")
    settings = load_settings()
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    return stream


def test_the_defaults_are_info_and_text(monkeypatch):
    monkeypatch.delenv("BREACHREPORT_LOG_LEVEL", raising=False)
    monkeypatch.delenv("BREACHREPORT_LOG_FORMAT", raising=False)
    settings = load_settings()
    assert (settings.log_level, settings.log_format) == ("INFO", "text")


@pytest.mark.parametrize(("name", "value"), [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml")])
def test_an_unknown_level_or_format_is_refused_at_start(monkeypatch, name, value):
    monkeypatch.setenv(f"BREACHREPORT_{name}", value)
    with pytest.raises(SettingsError, match=name.lower()):
        load_settings()


def test_json_lines_are_one_object_each_with_the_exception_type_only(debug_json):
    log = logging.getLogger("breachreport.test")
    log.debug("plain %s", "line")
    try:
        raise ValueError(f"typed by someone: {MARKER}")
    except ValueError:
        log.exception("something failed")
    lines = [json.loads(line) for line in debug_json.getvalue().splitlines()]
    assert [(e["level"], e["logger"], e["message"]) for e in lines] == [
        ("DEBUG", "breachreport.test", "plain line"),
        ("ERROR", "breachreport.test", "something failed"),
    ]
    assert lines[1]["exception"] == "ValueError"
    assert MARKER not in debug_json.getvalue()


def test_configuring_twice_keeps_one_handler(debug_json):
    configure_logging(load_settings(), stream=debug_json)
    logging.getLogger("breachreport.test").info("once")
    assert debug_json.getvalue().count("once") == 1


def test_libraries_stay_at_warning_at_debug(debug_json, caplog):
    caplog.set_level(logging.DEBUG)  # even with the root logger at DEBUG
    for name in LIBRARIES:
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING, name


def test_a_marker_typed_through_the_services_is_in_no_log_line_at_debug(store, debug_json, caplog):
    caplog.set_level(logging.DEBUG)  # and whatever reaches the root logger, from any library
    workspace = Workspace(store)
    dpo = Actor(name="Karin Holm", role=Role.DPO)
    incident = workspace.import_facts(
        actor=dpo,
        data={
            "controller": {"name": f"Region Nordmark {MARKER}"},
            "contact": {"dpo_name": f"Karin {MARKER}"},
            "times": {"aware_at": "2024-01-20T14:00"},
            "description": {
                "title_internal": f"Felskick {MARKER}",
                "summary": f"En lista skickades fel. {MARKER}",
            },
            "measures": {"taken": f"Mottagaren har raderat listan. {MARKER}"},
        },
    )
    ref = incident.reference
    workspace.export(ref)
    workspace.history(ref)
    workspace.assessment(ref)
    workspace.register_file(fmt="csv")
    for name, kind in DOCUMENTS.items():
        for lang in kind.langs():
            for fmt in kind.formats:
                workspace.render(ref=ref, document=name, lang=lang, fmt=fmt, actor=dpo)
    with pytest.raises(BreachReportError):
        workspace.import_facts(actor=dpo, data={"times": {"aware_at": MARKER}})
    accounts = Accounts(store, password_hasher=CHEAP)
    accounts.create_first_dpo(
        username="dpo@example.se", display_name=f"Karin {MARKER}", password="tre blå hästar i snö"
    )
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(username=f"{MARKER}@example.se", password=MARKER)
    workspace.verify()

    written = debug_json.getvalue()
    assert MARKER not in written
    assert all(json.loads(line) for line in written.splitlines())
    assert not [r.getMessage() for r in caplog.records if MARKER in r.getMessage()]
