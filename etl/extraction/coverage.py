"""Full-coverage commitments: 全覆盖, 全面覆盖, 所有…, 各…均…, 全部达到 (TARGETS.md).

They carry no digit; they are read as value 100 % of kind full_coverage and kept apart from
numeric targets so that filters and counts can include or exclude them.
"""
from __future__ import annotations

import re

from etl.extraction import lexicon as lx
from etl.extraction.indicator_names import clean_indicator, strip_regions
from etl.extraction.numbers import find_numbers
from etl.extraction.values import WINDOW

_COVERAGE_ACTION_RE = re.compile(r"达到|实现|提供|开展|接入|建有|设置|配备|完成|具备|纳入|覆盖")
_COVERAGE_WORD_RE = re.compile("全面覆盖|全覆盖")
_CLAUSE_CUT_RE = re.compile(r"[,，;；]")
_EACH_WORD_RE = re.compile(r"(均能|均|都)(?=[\u4e00-\u9fff])")
_LEADING_COUNT_RE = re.compile(r"^\d+[家个所]")


def find_full_coverage(sentence: str, p_start: int, p_end: int,
                       masked: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """全覆盖 / 全面覆盖 / 所有… / 各…均… commitments that carry no number (TARGETS.md)."""
    if p_end - p_start > 4 * WINDOW:
        return []  # an unpunctuated run this long is not a commitment phrase
    phrase = sentence[p_start:p_end]
    found = []
    for m in _COVERAGE_WORD_RE.finditer(phrase):
        quote = next(((s, e) for s, e in masked if s <= p_start + m.start() < e), None)
        if quote and quote[1] - 1 != p_start + m.end():
            continue  # inside a name, unless the quote is a slogan like “三个全覆盖”
        after_at = quote[1] - p_start if quote else m.end()
        tail = phrase[after_at:]
        if tail.startswith(lx.COVERAGE_NOT_COMMITMENT):
            continue
        head_end = (quote[0] - p_start) if quote else m.start()
        subject = _coverage_subject(phrase[:head_end])
        if m.group(0) == "全面覆盖":
            subject += "覆盖" + clean_indicator(_CLAUSE_CUT_RE.split(tail)[0])
        elif not subject:
            subject = clean_indicator(tail)
        if subject:
            found.append((subject, p_start + m.start(), p_start + m.end()))
    if found:
        return found
    everything = next((m for m in re.finditer("所有", phrase)
                       if not any(s <= p_start + m.start() < e for s, e in masked)), None)
    m = lx.FULL_COVERAGE_RE.search(phrase)
    after_all = phrase[everything.end():] if everything else ""
    if everything and not find_numbers(after_all) and _COVERAGE_ACTION_RE.search(after_all):
        rest = _EACH_WORD_RE.sub("", after_all)
        indicator = clean_indicator(rest)
        if indicator:
            start = p_start + everything.start()
            found.append((indicator, start, start + 2))
    elif m and ("各" in phrase[:m.start()] or m.group(0).startswith("全部")):
        subject = clean_indicator(phrase[:m.start()])
        subject = _LEADING_COUNT_RE.sub("", subject)
        obj = phrase[m.end():].strip()
        if subject and obj:
            indicator = subject + m.group("verb") + obj
            found.append((indicator, p_start + m.start(), p_start + m.end()))
    return found


def _coverage_subject(head: str) -> str:
    """What is to be covered: the words before 全覆盖, after the last 并, without 实现/推动."""
    head = head[head.rfind("并") + 1:] if "并" in head else head
    head = lx.COVERAGE_VERB_RE.sub("", head)
    return clean_indicator(strip_regions(head))

