"""Text cells made safe for spreadsheets, for every CSV and Excel file the project writes.

Spreadsheet programs run cell text that starts with = + - @ (or a tab / carriage return) as a
formula; following the OWASP CSV-injection rule such text gets a leading apostrophe. Numbers,
negative ones included, are written as numbers and never pass through here.
"""
from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
