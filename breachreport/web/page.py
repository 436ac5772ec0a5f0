"""The Streamlit script of the installed app, run by ``breachreport serve`` (a checkout's app.py
does the same): a router over the pages in breachreport/ui/.
"""

from breachreport.ui.router import run

run()
