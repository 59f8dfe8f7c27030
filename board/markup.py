"""Text from documents and their metadata, made safe for the places Streamlit reads Markdown.

st.markdown, st.caption, st.info … render Markdown (bold, links, images fetched from any host,
`:red[…]` colours, `$…$` formulas). A region, title, issuer or note taken from sources.csv or a
document must show as the characters it holds, so every ASCII punctuation mark is backslash-
escaped (CommonMark lets any of them be) and line breaks become spaces. Links are offered only
for http(s) addresses.
"""
from __future__ import annotations

import re
import urllib.parse

_MARKDOWN_PUNCTUATION_RE = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark
_LINE_BREAK_RE = re.compile(r"[\r\n\u2028\u2029]+")
SAFE_SCHEMES = ("http", "https")


def md(value) -> str:
    """`value` as Markdown that renders exactly its characters, on one line."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = _LINE_BREAK_RE.sub(" ", str(value))
    return _MARKDOWN_PUNCTUATION_RE.sub(r"\\\1", text)


def web_address(value) -> str | None:
    """The address when it is an http(s) link with a host, else None (javascript:, data:,
    file:, relative paths and anything unparsable are not offered as links)."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in address):
        return None
    try:
        parts = urllib.parse.urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    return address
