"""The Streamlit screens. Pages read and act through the services only: no SQL, no crypto here."""
