"""The canonical text of a document: the string every offset (span) in the build refers to.

Each character maps to at most one character (except \\r\\n, which becomes one \\n), so the
normalised text lines up with what a reader sees, and the whole job is one ``str.translate``
with a table filled in as characters are first met (a corpus uses a few thousand of them).
"""
from __future__ import annotations

import unicodedata
from functools import cache

# Compatibility mappings we do NOT apply although they give a single character: a circled
# list marker "①" would become the digit "1" glued to the text, and "10⁵" would read as "105".
_KEPT_COMPAT_TAGS = ("<circle>", "<super>", "<sub>", "<fraction>")

# Line boundaries other than \n (form feed between pages of converted files, Unicode line
# and paragraph separators): they end a line, so they become \n rather than vanish.
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def normalize_text(raw: str) -> str:
    """Return ``raw`` in canonical form.

    - full-width and other compatibility forms that have a one-character NFKC form become
      that character (１２％ → 12%, （一） → (一), ，： → ,:), so numbers read as ASCII;
    - BOM, NUL, other control and zero-width formatting characters are dropped (\\n, \\t kept);
    - \\r\\n and \\r become \\n;
    - non-breaking, ideographic (U+3000) and other space characters become a plain space.

    Chinese punctuation without a one-character compatibility form (。、“”《》〔〕—‰≥≤) stays.
    """
    return raw.replace("\r\n", "\n").translate(_translation_table())


@cache
def _translation_table() -> dict[int, str | None]:
    return _CharacterTable()


class _CharacterTable(dict):
    """Code point -> its canonical form, worked out the first time the character is met.

    Working out all 200 000 code points up front took longer than translating a corpus.
    """

    def __missing__(self, code_point: int) -> str | None:
        char = chr(code_point)
        mapped = _map_character(char) if _may_have_mapping(code_point) else char
        self[code_point] = mapped
        return mapped


def _may_have_mapping(code_point: int) -> bool:
    # Planes 3-13 and 15-16 hold only ideographs without compatibility forms and private use
    # characters: they stay as they are.
    return code_point < 0x30000 or 0xE0000 <= code_point < 0xE1000


# GB2312 text decoded as GB2312 gives U+2015 (―) where GBK and GB18030 give U+2014 (—) for the
# same dash: one character for the dash of 0—6岁 and 2023—2025年, whatever the decoder.
_SAME_CHARACTER = {"\u2015": "\u2014"}


def _map_character(char: str) -> str | None:
    if char in "\n\t":
        return char
    if char in _SAME_CHARACTER:
        return _SAME_CHARACTER[char]
    if char in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):
        return None
    if category == "Zs":
        return " "
    if unicodedata.decomposition(char).startswith(_KEPT_COMPAT_TAGS):
        return char
    normalized = unicodedata.normalize("NFKC", char)
    return normalized if len(normalized) == 1 else char
