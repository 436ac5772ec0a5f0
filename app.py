"""breachreport's Streamlit entry point: a router over the pages in breachreport/ui/."""

from breachreport.ui.router import run

run()
