"""Number expressions as Chinese plans print them: digits, Chinese numerals and fractions.

cn2an reads the Chinese numerals; this module only knows the shapes around them
(千分之五, 十万分之九, 一个百分点, 一半, 前三) and where each number stands in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

CN_NUMERAL = "零〇一二两三四五六七八九十百千万点"


@dataclass(frozen=True)
class NumberToken:
    """One number expression: its value(s), unit implied by its form, and where it stands."""

    value: float
    value_high: float | None
    start: int
    end: int
    implied_unit: str | None = None  # 千分之五 → ‰, 一半 → %, 前三 → 名
    is_chinese: bool = False
    is_rank: bool = False
    is_ratio: bool = False  # 医护比1:1.2: the value is the second term, to 1
    is_split: bool = False  # 按6∶4的比例分担: how a sum is divided, never a value to reach


@lru_cache(maxsize=1024)  # plans repeat a handful of numerals (三, 五, 十五), and cn2an is slow
def cn_to_number(numeral: str) -> float | None:
    """A Chinese numeral (五, 十五, 九点五, 两) as a number, or None if it is not one."""
    if numeral[:1] in ("百", "千", "万"):
        numeral = "一" + numeral  # 百强 reads as 一百
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


_ARABIC = r"\d+(?:\.\d+)?"
_RANGE_SEP = r"\s*[-—–~～至到]\s*"
_SPLIT = rf"{_ARABIC}(?:\s*[:：∶]\s*{_ARABIC})+"
# Every form below starts with one of these characters. Testing for them first lets re pass
# over the other characters at once instead of trying each form there (4x faster scans).
_FIRST_CHARS = r"\d\-−一二两三四五六七八九十百千万前"  # (一…九 also start 三成)
# Order matters: longer forms first so that 十万分之九 is not read as 十万 + 分之九.
_TOKEN_RE = re.compile(
    rf"(?=[{_FIRST_CHARS}])"
    rf"(?:(?P<frac>(?P<frac_base>十万|万|千|百)分之(?P<frac_num>[{CN_NUMERAL}]+|{_ARABIC}))"
    # 按照6∶4的比例分担, 分担比例为5:3:2: the parts a sum is split into.
    rf"|(?P<split>(?<![\d.:：∶]){_SPLIT}(?![\d.:：∶])(?=\s*的?比例)"
    rf"|(?:(?<=比例为)|(?<=比例是)){_SPLIT}(?![\d.:：∶]))"
    # 医护比1:1.2, 床护比1∶0.6, 按1比1配套: a ratio to one, printed as one expression.
    rf"|(?P<ratio>(?<![\d.:：])1\s*[:：∶比]\s*(?P<ratio_to>{_ARABIC})(?![\d:：]))"
    rf"|(?P<range>(?P<lo>{_ARABIC}){_RANGE_SEP}(?P<hi>{_ARABIC}))"
    rf"|(?P<per>(?P<per_num>{_ARABIC})\s*/\s*(?P<per_base>10万|十万|1万|万|1000|千|100))"
    rf"|(?P<rank>前(?P<rank_num>[一二两三四五六七八九十百]+|\d+))"
    rf"|(?P<top>(?P<top_num>[一二三四五六七八九十百]+|\d+)强)"
    rf"|(?P<arabic>(?<![\d.])[-−](?=\d){_ARABIC}|{_ARABIC})"
    rf"|(?P<half>一半)"
    # 三成以上, 九成: tenths, read as a percentage (not 建成 or 完成: no numeral before them).
    rf"|(?P<tenths>(?<![一二两三四五六七八九十百千万])[一二三四五六七八九])成(?![立为员果本都功效熟长绩])"
    rf"|(?P<cn>[一二两三四五六七八九十百千]+(?:点[零一二三四五六七八九]+)?)(?=个?百分点|倍))"
)
_FRACTION_UNITS = {"十万": "/10万", "万": "/万", "千": "‰", "百": "%"}
_PER_UNITS = {"10万": "/10万", "十万": "/10万", "1万": "/万", "万": "/万", "1000": "‰", "千": "‰", "100": "%"}


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberToken]:
    """Every number expression in text[start:end], left to right, without overlaps.

    Offsets are within `text`, so a caller reading one phrase of a sentence gets sentence
    offsets without copying the phrase. The character before `start` still counts as the
    one before a printed minus sign; phrases start after a separator, which is never one.
    """
    tokens = []
    for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        token = _token_from_match(m)
        if token is not None:
            tokens.append(token)
    return tokens


def has_number(text: str) -> bool:
    """Whether `text` holds any number expression (a cheap test before reading it)."""
    return _TOKEN_RE.search(text) is not None


def _token_from_match(m: re.Match) -> NumberToken | None:
    # The outermost named group closes last, so lastgroup names the form that matched.
    form = m.lastgroup
    if form == "arabic":
        # A printed minus belongs to the value (人口自然增长率控制在-1.2‰以内).
        return NumberToken(float(m.group("arabic").replace("−", "-")), None, m.start(), m.end())
    if form == "frac":
        raw = m.group("frac_num")
        value = float(raw) if raw[0].isdigit() else cn_to_number(raw)
        if value is None:
            return None
        return NumberToken(value, None, m.start(), m.end(), _FRACTION_UNITS[m.group("frac_base")],
                           is_chinese=not raw[0].isdigit())
    if form == "split":
        first_part = re.match(_ARABIC, m.group("split")).group()
        return NumberToken(float(first_part), None, m.start(), m.end(), is_split=True)
    if form == "ratio":
        return NumberToken(float(m.group("ratio_to")), None, m.start(), m.end(), is_ratio=True)
    if form == "range":
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        if hi <= lo:
            # "2024-2035" style spans are years or codes, not ranges of values; read the first.
            return NumberToken(lo, None, m.start("lo"), m.end("lo"))
        return NumberToken(lo, hi, m.start(), m.end())
    if form == "per":
        return NumberToken(float(m.group("per_num")), None, m.start(), m.end(),
                           _PER_UNITS[m.group("per_base")])
    if form == "half":
        return NumberToken(50.0, None, m.start(), m.end(), "%", is_chinese=True)
    if form == "tenths":
        return NumberToken(10.0 * cn_to_number(m.group("tenths")), None, m.start(), m.end(), "%",
                           is_chinese=True)
    # 前三 / 前50 (within the first N) and 百强 / 30强 (among the top N) both read as ranks.
    for group, number_group in (("rank", "rank_num"), ("top", "top_num")):
        if form == group:
            raw = m.group(number_group)
            value = float(raw) if raw.isdigit() else cn_to_number(raw)
            if value is None:
                return None
            return NumberToken(value, None, m.start(), m.end(), "名", is_chinese=not raw.isdigit(),
                               is_rank=True)
    if form == "cn":
        value = cn_to_number(m.group("cn"))
        if value is None:
            return None
        return NumberToken(value, None, m.start(), m.end(), is_chinese=True)
    return None
