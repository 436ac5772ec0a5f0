"""The organisation's own rules file (BREACHREPORT_RULES_FILE) over the built-in dated rule table,
installed for this process when its data folder is opened or its rules are listed."""

from __future__ import annotations

from breachreport.domain import rule_table
from breachreport.errors import SettingsError
from breachreport.settings import Settings


def install_rules(settings: Settings) -> None:
    """Install the built-in table with the rules file over it; SettingsError naming the file and
    the fault if it cannot be used. Without a rules file the table in use is left as it is."""
    path = settings.rules_file
    if path is None:
        return
    try:
        text = path.read_text(encoding="utf-8")
        table = rule_table.parse_rules(text, source=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"Bad BREACHREPORT_RULES_FILE: {path} cannot be read ({error})."
        ) from None
    except rule_table.RulesError as error:
        raise SettingsError(f"Bad BREACHREPORT_RULES_FILE: {error}.") from None
    rule_table.install(table)
