"""The text the extractor reads: the document's text as it should have arrived, with a map back.

Real documents come as reposts in traditional characters, with pinyin glosses inside words
(達(dá)到), with the spaces PDFs put between digits and characters (2025 年, 26 %), with
sentences broken across lines at the page width, with doubled punctuation and with ASCII full
stops where a Chinese one belongs. The extractor reads a cleaned view of the text; every
character of the view remembers where it stands in the document, so that spans, sentences
and values shown to an official are always the document's own characters.

Each step only drops characters or replaces one character by one (a traditional character
by its simplified form), so the map stays exact.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class TextView:
    """`text` as the extractor reads it; `origin[i]` is where text[i] stands in `original`."""

    original: str
    text: str
    origin: array  # len(text) + 1 entries; the last one is len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The document offsets of view[start:end]."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        first, last = self.span(start, end)
        return self.original[first:last]


def text_view(original: str) -> TextView:
    """The cleaned view of a document's (normalised) text."""
    view = _identity(original)
    view = _replace_characters(view, _to_simplified(view.text))
    # Lines are joined before spaces go: a PDF's "15 岁" at a line start shows the line was cut.
    for step in (_drop_pinyin_glosses, _join_wrapped_lines, _drop_layout_spaces,
                 _chinese_full_stops, _drop_doubled_marks):
        view = step(view)
    return view


def _identity(text: str) -> TextView:
    return TextView(text, text, array("l", range(len(text) + 1)))


def _keep(view: TextView, drop: list[tuple[int, int]]) -> TextView:
    """The view without the given (start, end) ranges, which must be sorted and disjoint."""
    if not drop:
        return view
    pieces, origin = [], array("l")
    cursor = 0
    for start, end in drop:
        pieces.append(view.text[cursor:start])
        origin.extend(view.origin[cursor:start])
        cursor = end
    pieces.append(view.text[cursor:])
    origin.extend(view.origin[cursor:])
    return TextView(view.original, "".join(pieces), origin)


def _replace_characters(view: TextView, text: str) -> TextView:
    """The same view with each character replaced one for one (same length)."""
    if text == view.text:
        return view
    return TextView(view.original, text, view.origin)


# ---------------------------------------------------------------- traditional characters

@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """Traditional characters as simplified ones, one for one (reposts in 繁體 read like the rest)."""
    if text.isascii():
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: convert character by character instead.
    convert = _converter().convert
    return "".join(c if c.isascii() else (lambda s: s if len(s) == 1 else c)(convert(c)) for c in text)


# ---------------------------------------------------------------- pinyin, spaces, marks


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# 達(dá)到: a syllable with a tone mark in brackets right after a character glosses its sound.
_PINYIN_GLOSS_RE = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,6}}\)")


def _drop_pinyin_glosses(view: TextView) -> TextView:
    return _keep(view, [m.span() for m in _PINYIN_GLOSS_RE.finditer(view.text)])


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_MARKS = "。，、；：？！“”‘’《》〈〉「」『』【】〔〕（）—…·"
_TIGHT = _CJK + _CJK_MARKS + ",;:!?()%‰"
# The space a PDF or a careless copy puts between characters that Chinese writes together:
# between two characters, or between a digit and a character (2025 年, 26 %, 15 岁). Spaces
# between two ASCII words or numbers stay, as do tabs, line ends and the runs of spaces that
# align the columns of a table copied from a PDF.
_LAYOUT_SPACE_RE = re.compile(
    rf"(?<=[{_TIGHT}])[ \u3000](?=[{_TIGHT}\d])|(?<=\d)[ \u3000](?=[{_TIGHT}])")
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])[ \u3000](?=[{_CJK}])")
# Text taken from a PDF spaces characters apart throughout; a web page puts a space between two
# characters only to part two phrases ("人均预期寿命提高到77.5岁 三甲医院增至12家").
_PDF_SPACES_MIN = 8
_PDF_SPACES_PER_CHAR = 1 / 400


def _drop_layout_spaces(view: TextView) -> TextView:
    text = view.text
    between_characters = len(_CJK_SPACE_RE.findall(text))
    spaced_like_pdf = between_characters >= max(_PDF_SPACES_MIN, _PDF_SPACES_PER_CHAR * len(text))
    drop, parts = [], []
    for m in _LAYOUT_SPACE_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text.startswith("\t", line_start) or m.start() == line_start:
            continue  # table cells and indentation keep their spaces
        if not spaced_like_pdf and _CJK_SPACE_RE.match(text, m.start()):
            parts.append(m.start())
        else:
            drop.append(m.span())
    if parts:
        chars = list(text)
        for position in parts:
            chars[position] = "，"  # one character for one: the map stays exact
        view = _replace_characters(view, "".join(chars))
    return _keep(view, drop)


# An ASCII full stop after a character and before a character or a line end ends a sentence
# (以上.城乡…); after a digit it is a decimal point or a list number.
_ASCII_FULL_STOP_RE = re.compile(rf"(?<=[{_CJK}%‰)）”])\.(?=[{_CJK}“(（]|\s*$)", re.MULTILINE)


# "25。4%": a full stop typed for a decimal point between two digits.
_FULL_STOP_AS_POINT_RE = re.compile(r"(?<=\d)[。．](?=\d)")


def _chinese_full_stops(view: TextView) -> TextView:
    text = _FULL_STOP_AS_POINT_RE.sub(".", view.text)
    if "." in text:
        text = _ASCII_FULL_STOP_RE.sub("。", text)
    return _replace_characters(view, text)


_DOUBLED_MARK_RE = re.compile(r"([,，、。;；:：])\1+")


def _drop_doubled_marks(view: TextView) -> TextView:
    return _keep(view, [(m.start() + 1, m.end()) for m in _DOUBLED_MARK_RE.finditer(view.text)])


# ---------------------------------------------------------------- lines broken mid-sentence

_SENTENCE_END = "。；;！!？?：:"
# A line ending in one of these has not finished its sentence.
_OPEN_ENDINGS = ",，、（(《“‘"
_CLAUSE_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.、．](?!\d)|"
    r"[①-⑳]|第[一二三四五六七八九十\d]+[章节条部分]|附件|附表|注[:：]|抄送|[-—]\s*\d+\s*[-—])")
_LIST_ITEM_RE = re.compile(r"^\d{1,3}[.、．]")
# A line of text copied from a PDF: a number at the line start stands apart from its unit.
_NUMBER_AT_START_RE = re.compile(r"^\d+(?:\.\d+)? [\u4e00-\u9fff%‰]")
# Words that ask for the value after them: a line cannot end a sentence on them.
_AWAITS_VALUE_RE = re.compile(r"(?:控制在|控制到|保持在|稳定在|达到|提高到|提升到|增加到|增长到|降低到|下降到|"
                              r"降至|增至|不低于|不少于|不超过|不高于|超过|低于|高于|为|达)$")
# A count (not a year) opening the next line: 2000名, 35%, 1.2万人.
_COUNT_AT_START_RE = re.compile(r"^\d+(?:\.\d+)?(?!\d)(?!\s*年)\s*(?:[%‰]|[\u4e00-\u9fff])")
_LONG_LINE = 20
_WRAP_MIN_LINES = 5
# A line at least this share of a full line's width ran to the margin.
_FULL_LINE_SHARE = 0.8


def _join_wrapped_lines(view: TextView) -> TextView:
    """Drop the line breaks (and blank lines) inside a sentence broken across lines."""
    lines = _line_spans(view.text)
    width = _wrap_width([view.text[s:e] for s, e in lines])
    drop = []
    for (start, end), (next_start, next_end) in zip(lines, lines[1:]):
        line, following = view.text[start:end], view.text[next_start:next_end]
        if _continues(line, following, width):
            drop.append((end, next_start))
    return _keep(view, drop)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trailing spaces excluded."""
    spans, position = [], 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        if stripped.strip():
            spans.append((position, position + len(stripped)))
        position += len(raw) + 1
    return spans


def _display_width(line: str) -> int:
    """Columns a line takes on a page: characters and the marks that were full-width take two
    (the normaliser turned ，；： into ASCII), digits and letters one."""
    return sum(1 if ch.isascii() and ch not in ",;:()!?" else 2 for ch in line.strip())


def _wrap_width(lines: list[str]) -> float | None:
    """How wide a full line is, when the text keeps a page's line breaks (a copied PDF): most
    lines end mid-sentence at about the same width. None for text whose lines are paragraphs."""
    body = [line for line in lines if len(line.strip()) >= 8 and not _is_table_line(line)]
    open_ended = [line for line in body if line.rstrip()[-1] not in _SENTENCE_END]
    if len(open_ended) < _WRAP_MIN_LINES or len(open_ended) < 0.5 * len(body):
        return None
    widths = sorted(_display_width(line) for line in body)
    full = widths[int(0.9 * (len(widths) - 1))] * _FULL_LINE_SHARE
    # Web pages end few lines mid-sentence, and those are short (headings, menus); a copied
    # PDF ends most lines at the margin.
    at_margin = sum(1 for line in open_ended if _display_width(line) >= full)
    return full if full >= 20 and at_margin >= 0.5 * len(open_ended) else None


_ALIGNED_COLUMNS_RE = re.compile(r"\S {2,}\S.* {2,}\S")


def _is_table_line(line: str) -> bool:
    return "\t" in line or "|" in line or bool(_ALIGNED_COLUMNS_RE.search(line.strip()))


def _continues(line: str, following: str, width: int | None) -> bool:
    if _is_table_line(line) or _is_table_line(following):
        return False  # table rows keep their lines
    stripped = line.strip()
    if stripped[-1] in _SENTENCE_END or _CLAUSE_START_RE.match(following):
        return False
    if _LIST_ITEM_RE.match(stripped) and _LIST_ITEM_RE.match(following.strip()):
        return False  # "1.…≥90%" then "2.7岁以下…": items of a numbered list
    if _unclosed(stripped):
        return True
    if stripped[-1] in _OPEN_ENDINGS:
        return True
    if _NUMBER_AT_START_RE.match(following.strip()):
        return True  # "…全区\n15 岁及以上人群吸烟率": the number was set on a line of its own
    if _AWAITS_VALUE_RE.search(stripped) and following.strip()[:1].isdigit():
        return True  # "…发病率控制在\n220/10万以内": a value too long for the line went to the next
    if len(stripped) >= _LONG_LINE and _is_cjk_char(stripped[-1]) and _COUNT_AT_START_RE.match(following.strip()):
        return True  # "…全省培养公共卫生医师\n2000名,…": a long line cut before its count
    if _is_cell_like(following):
        return False  # "…管理服务率" then "%" then "61.2": cells of a table, one per line
    return width is not None and _display_width(stripped) >= width


def _is_cell_like(line: str) -> bool:
    """A unit, a number or a word of a few characters on a line of its own, with no sentence
    mark: a table's cell, where the tail of a wrapped sentence would end with one."""
    text = line.strip()
    return len(text) <= 6 and text[-1:] not in _SENTENCE_END


def _unclosed(line: str) -> bool:
    for opening, closing in ("《》", "()", "（）", "“”"):
        if line.count(opening) > line.count(closing):
            return True
    return False


def _is_cjk_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
