"""Data access, filters, charts, exports and the document reader of the dashboard.

Plain Python (no Streamlit), so every piece can be tested and reused on its own.
"""
