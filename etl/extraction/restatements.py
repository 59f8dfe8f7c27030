"""One target stated twice is one target: headlines, sub-headings and summaries repeat it.

News reposts put a plan's main targets in the headline, again in a sub-heading and once more
in the body; a project table repeats the sentence above it. Officials must see each target
once, traced to the sentence that states it in full; the other statements go to the review
table as restatements.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from etl.extraction.lexicon import SKIP_REASONS_ZH

_SENTENCE_END = ("。", "；", ";", "!", "！", "?", "？")
# Words that vary between statements of the same indicator (我省人均预期寿命将 / 人均预期寿命).
_LOOSE_WORDS_RE = re.compile(r"^(?:我省|我市|我区|我县|全省|全市|全区|全县|居民|城乡居民)+|(?:将|要|力争|争取)+$")
_SAME_NAME = 0.75
# Rows carry where their sentence starts under this key (not a contract column): values of
# one sentence are separate statements, the same words again elsewhere are a restatement.
SENTENCE_KEY = "_sentence_start"


def without_restatements(targets: list[dict], review: list[dict]) -> list[dict]:
    """Text targets without repeats of a target stated elsewhere in the document."""
    kept: list[dict] = []
    # Only rows stating the same value can restate each other: compare within those groups.
    by_value: dict[tuple, list[dict]] = {}
    for row in sorted(targets, key=_preference):
        key = (row["value"], row["value_high"], row["unit"], row["year"], row["kind"])
        group = by_value.setdefault(key, [])
        earlier = next((k for k in group if _restates(row, k)), None) if row["origin"] == "text" else None
        if earlier is None:
            kept.append(row)
            group.append(row)
            continue
        review.append({"doc_id": row["doc_id"], "reason": "number_without_target", "decision": "restated",
                       "target_id": None,
                       "number_text": row["value_text"], "source_text": row["source_text"],
                       "span_start": row["span_start"], "span_end": row["span_end"], "confidence": None,
                       "note": SKIP_REASONS_ZH["restated"]})
    order = {id(row): i for i, row in enumerate(targets)}
    return sorted(kept, key=lambda row: order[id(row)])


def _preference(row: dict) -> tuple:
    """Full sentences before headlines and table cells, then sentences under a section heading
    before the title and lead above the first heading ("今年要新增托位1500个!" repeats the
    numbered item below it), then document order."""
    return (row["origin"] != "text", _is_headline_or_cell(row), not row["section"], row["span_start"])


def _is_headline_or_cell(row: dict) -> bool:
    sentence = row["source_text"].strip()
    return "|" in sentence or (not sentence.endswith(_SENTENCE_END) and len(sentence) <= 40)


def _restates(row: dict, other: dict) -> bool:
    if other["origin"] != "text" or row.get(SENTENCE_KEY) == other.get(SENTENCE_KEY):
        return False  # values of one sentence are separate statements
    same_value = (row["value"] == other["value"] and row["value_high"] == other["value_high"]
                  and row["unit"] == other["unit"] and row["year"] == other["year"]
                  and row["kind"] == other["kind"])
    if not same_value or row["value"] is None:
        return False
    if row["indicator_id"] and row["indicator_id"] == other["indicator_id"]:
        return True
    # Two full sentences restate only the same words; a headline may word it more loosely
    # (人均食盐日摄入量 / 人均每日食盐摄入量), but 城市/农村地区急救平均反应时间 stay apart.
    loosely = _is_headline_or_cell(row) or _is_headline_or_cell(other)
    return _similar_names(row["indicator"], other["indicator"], loosely)


def _similar_names(first: str, second: str, loosely: bool) -> bool:
    a, b = _LOOSE_WORDS_RE.sub("", first), _LOOSE_WORDS_RE.sub("", second)
    if len(a) < 4 or len(b) < 4:
        return False  # "数量", "比例": too little to tell two indicators apart
    if a in b or b in a:
        return True
    # A headline shortens the name (每千人口床位数 for 每千人口医疗卫生机构床位数).
    return loosely and (_is_subsequence(a, b) or _is_subsequence(b, a)
                        or SequenceMatcher(None, a, b).ratio() >= _SAME_NAME)


def _is_subsequence(short: str, long: str) -> bool:
    characters = iter(long)
    return len(short) < len(long) and all(c in characters for c in short)
