"""The packaged Streamlit app: ``page.py``, the script ``breachreport serve`` runs, and
``config.toml``, the Streamlit settings it always runs with (as command-line options, so that no
folder's own .streamlit/config.toml can weaken them).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def page_script() -> Path:
    """The path of the Streamlit script, inside the installed package."""
    return Path(str(files(__name__).joinpath("page.py")))


def config_text() -> str:
    """The packaged Streamlit settings (TOML)."""
    return files(__name__).joinpath("config.toml").read_text(encoding="utf-8")
