"""breachreport's Streamlit entry point: for now a read-only view of the register.

Reads through the services only; nothing decrypted is cached between reruns.
"""

from __future__ import annotations

import streamlit as st

from breachreport.domain.times import format_local
from breachreport.errors import BreachReportError
from breachreport.home import initialise, open_home
from breachreport.services import Workspace
from breachreport.settings import load_settings


@st.cache_resource
def _workspace(database_url: str, key_source: str) -> Workspace:
    settings = load_settings()
    initialise(settings)  # first run: data folder, key file and database
    return Workspace(open_home(settings))


def workspace() -> Workspace:
    """One workspace per database and key, shared by sessions; it holds no decrypted data."""
    settings = load_settings()
    return _workspace(settings.resolved_database_url, str(settings.resolved_key_file))


def register_page() -> None:
    st.title("breachreport")
    st.caption(
        "Registret över personuppgiftsincidenter (art. 33.5 GDPR), anmälda eller inte. "
        "Allt som skrivs in lagras krypterat."
    )
    try:
        rows = workspace().register()
    except BreachReportError as error:
        st.error(str(error))
        return
    if not rows:
        st.info(
            "Registret är tomt. Kör `breachreport demo` för att läsa in ett exempel, eller "
            "`breachreport import FIL` för att läsa in en incident."
        )
        return
    st.dataframe(
        [
            {
                "Referens": row.reference,
                "Rubrik": row.title or "",
                "Status": row.status.label("sv"),
                "Kännedom": format_local(row.aware_at, "sv") if row.aware_at else "",
                "IMY:s diarienummer": row.case_number or "",
                "Anmälningar": row.filings,
            }
            for row in rows
        ],
        hide_index=True,
        use_container_width=True,
    )


st.set_page_config(page_title="breachreport", layout="wide")
register_page()
