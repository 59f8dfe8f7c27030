"""Split a plan's normalised text into sections, clauses and sentences.

Chinese plans number their parts 一、 (section), (一) or 1. (clause). Web copies often lose
markers ("(十" repeated, ")优化…", a bare "十六" before the title), so markers are read
leniently and bare numerals are accepted only where they continue the clause sequence.
Offsets always point into the text given, so every span can be traced back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

_CN_DIGITS = "〇零一二三四五六七八九十百"
_SECTION_RE = re.compile(rf"^(?P<marker>[{_CN_DIGITS}]{{1,3}}、|、)(?P<rest>.*)$")
_PAREN_RE = re.compile(rf"^(?P<marker>\((?P<num>[{_CN_DIGITS}]{{1,4}})\)?|(?P<num2>[{_CN_DIGITS}]{{1,4}})?\))(?P<rest>.*)$")
_ARABIC_RE = re.compile(r"^(?P<marker>(?P<num>\d{1,3})[.、](?!\d))(?P<rest>.*)$")
# "2.7岁以下儿童…" in a list numbered 1., 2., 3.: the list number glued to the first number.
_GLUED_ARABIC_RE = re.compile(r"^(?P<marker>(?P<num>\d{1,3})[.．])(?P<rest>\d.*)$")
# A short line without a full stop reads as a heading, unless it states a value
# (news sub-headings such as "学生体质达标率逾90%" are targets too).
_STATES_VALUE_RE = re.compile(
    r"[≥≤]|\d(?:\.\d+)?(?:%|‰|/10万|岁|万|亿|个|家|张|名|人|所|项|次|辆|床|元|天|分钟)"
    r"|(?:达到?|提高到|提升到|增长到|降至|降到|逾|超过|不低于|不少于|不超过|控制在)\d")
_BARE_CN_RE = re.compile(rf"^(?P<num>[{_CN_DIGITS}]{{1,4}})(?P<rest>[^{_CN_DIGITS}、.)].*)$")
_SENTENCE_END = "。；;！!？?"
# A clause title is its first sentence when that sentence is short enough to be a heading.
_MAX_TITLE_CHARS = 40
# Lines without a marker or full stop and at most this long read as headings.
_MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class Sentence:
    """A part of a clause read on its own: up to 。！？, or up to a semicolon (；) when the
    full sentence runs on; `whole_start`/`whole_end` span the full sentence it belongs to,
    which is what an official is shown as the source of a value."""

    text: str
    start: int
    end: int
    whole_start: int = -1
    whole_end: int = -1


@dataclass(frozen=True)
class Clause:
    section: str
    clause: str
    clause_title: str
    text: str
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class _Line:
    text: str  # stripped
    start: int
    end: int


def _lines(text: str, skip: list[tuple[int, int]]) -> list[_Line]:
    """Non-empty lines with their offsets, leaving out regions (tables) to skip."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if any(s <= start < e for s, e in skip):
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(stripped, start + lead, start + lead + len(stripped)))
    return out


def _cn_to_int(numeral: str) -> int | None:
    try:
        return int(cn2an.cn2an(numeral, "strict"))
    except (ValueError, KeyError, TypeError):
        return None


def _is_heading_like(body: str, numbered: bool = False) -> bool:
    """A line that names a part rather than stating commitments. An unnumbered short line that
    states a value (a news sub-heading) is read as a clause; a numbered part heading
    ("四、构建15分钟社区健康服务圈") stays a heading."""
    body = body.strip()
    if not body or len(body) > _MAX_HEADING_CHARS or (not numbered and _STATES_VALUE_RE.search(body)):
        return False
    inner = body.rstrip("。")
    return not any(ch in inner for ch in _SENTENCE_END)


def _is_full_sentence(body: str) -> bool:
    body = body.strip()
    return body.endswith("。") and ("," in body or "，" in body)


def _title_of(body: str) -> str:
    for i, ch in enumerate(body):
        if ch in _SENTENCE_END:
            return body[:i] if i <= _MAX_TITLE_CHARS else ""
    return body if len(body) <= _MAX_TITLE_CHARS else ""


_SENTENCE_BREAK_RE = re.compile("[" + re.escape(_SENTENCE_END) + "\n]")


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences end at 。；！？ (and line ends); each keeps its offset in the document and the
    span of the full sentence (to 。！？ or the line end) it is part of."""
    out: list[Sentence] = []
    start = 0
    whole_from = 0  # index in `out` of the first part of the current full sentence
    for m in _SENTENCE_BREAK_RE.finditer(text):  # jumps from one break to the next
        i = m.start()
        _append_sentence(out, text, start, i + (m.group(0) != "\n"), offset)
        start = i + 1
        if m.group(0) not in _PART_END:
            _close_whole(out, whole_from)
            whole_from = len(out)
    _append_sentence(out, text, start, len(text), offset)
    _close_whole(out, whole_from)
    return out


_PART_END = "；;"


def _close_whole(out: list[Sentence], first: int) -> None:
    if first >= len(out):
        return
    whole_start, whole_end = out[first].start, out[-1].end
    for index in range(first, len(out)):
        part = out[index]
        out[index] = Sentence(part.text, part.start, part.end, whole_start, whole_end)


def _append_sentence(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped.strip(_SENTENCE_END):
        return  # blank, or nothing but sentence marks
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    out.append(Sentence(stripped, offset + s, offset + s + len(stripped)))


def _read_marker(line: str, last_number: int | None) -> tuple[str, str, int | None] | None:
    """(marker as printed, body, number) for a clause line, or None for a plain line."""
    m = _ARABIC_RE.match(line)
    if m:
        return m.group("num"), m.group("rest"), int(m.group("num"))
    m = _GLUED_ARABIC_RE.match(line)
    if m and last_number is not None and int(m.group("num")) == last_number + 1:
        return m.group("num"), m.group("rest"), int(m.group("num"))
    m = _PAREN_RE.match(line)
    if m:
        numeral = m.group("num") or m.group("num2") or ""
        number = _cn_to_int(numeral) if numeral else None
        return m.group("marker"), m.group("rest"), number
    m = _BARE_CN_RE.match(line)
    if m and last_number is not None:
        number = _cn_to_int(m.group("num"))
        # Only a numeral that continues the sequence is a lost marker, not prose.
        if number is not None and last_number < number <= last_number + 10:
            return m.group("num"), m.group("rest"), number
    return None


def split_document(text: str, skip: list[tuple[int, int]] | None = None) -> list[Clause]:
    """Clauses of a document, each with its section heading, number, title and sentences."""
    skip = skip or []
    clauses: list[Clause] = []
    section = ""
    last_number: int | None = None
    for line in _lines(text, skip):
        sec = _SECTION_RE.match(line.text)
        if sec and _is_heading_like(sec.group("rest"), numbered=True):
            section = line.text.rstrip("。 ").lstrip("、")
            last_number = 0 if last_number is None else last_number
            continue
        marker = _read_marker(line.text, last_number)
        if marker is not None:
            printed, body, number = marker
            body_offset = line.start + (len(line.text) - len(body))
            if number is not None:
                last_number = number
            elif last_number is not None:
                last_number += 1
            # (A sentence of several phrases that ends with 。 states something; it heads nothing.)
            if _is_heading_like(body) and printed.startswith("(") and not _is_full_sentence(body):
                # "(一)实施…行动。" alone on its line heads the numbered clauses below it.
                section = body.rstrip("。 ")
                last_number = 0
                continue
            clauses.append(_make_clause(section, printed.rstrip(".、"), body, body_offset))
            continue
        if (_is_heading_like(line.text) and not line.text.endswith("。")
                and clauses_after_heading_expected(line.text)):
            section = line.text.rstrip("。 ")
            continue
        clauses.append(_make_clause(section, "", line.text, line.start))
    return clauses


def clauses_after_heading_expected(line: str) -> bool:
    """Short unpunctuated lines are headings unless they are a document's dateline or number."""
    return not re.fullmatch(r"[\d年月日\-./ ]+|.*〔\d{4}〕\d+号", line)


def _make_clause(section: str, number: str, body: str, offset: int) -> Clause:
    return Clause(
        section=section,
        clause=number,
        clause_title=_title_of(body),
        text=body,
        start=offset,
        end=offset + len(body),
        sentences=split_sentences(body, offset),
    )
