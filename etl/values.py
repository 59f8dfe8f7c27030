"""One number in a sentence: its unit, comparator and kind, or why it is not a target.

Only the words near the number decide (TARGETS.md: comparator words, units, the things that
are not targets), so reading stays linear even in huge unpunctuated text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl import lexicon as lx
from etl.numbers import NumberToken

# How far around a number its words are read (indicator names are far shorter).
WINDOW = 120

# Word lists as tuples: str.endswith/startswith test a whole tuple in one call, and only a
# hit needs the (ordered) search for which word it was.
_PREFIX_WORDS = tuple(w for w, _ in lx.PREFIX_COMPARATORS)
_SUFFIX_WORDS = tuple(w for w, _ in lx.SUFFIX_COMPARATORS)
_CHANGE_VERBS = tuple(lx.CHANGE_VERBS)
_CEILING_VERBS = tuple(lx.CEILING_VERBS)
_LETTER_BEFORE_RE = re.compile(r"[A-Za-z+＋]$")
_LETTER_AFTER_RE = re.compile(r"[A-Za-z+＋]")
_NUMBERING_AFTER_RE = re.compile(r"[.、．)]")
_DIGIT_BEFORE_RE = re.compile(r"\d$")
_RANK_VERB_RE = re.compile(r"(进入|位居|位列|跻身|排名|保持|稳居)")
_TIME_WORD_RE = re.compile(r"(时间|时长|时限|用时|周期|住院日|天数|日数)")
_AT_LEAST_VERB_RE = re.compile(r"(至少|不少于|最少)(" + lx.COUNT_VERB_RE.pattern + r")$")


@dataclass(frozen=True)
class Value:
    """A number read as a value: its unit, comparator, kind and printed span in the sentence."""

    token: NumberToken
    unit: str
    comparator: str
    kind: str
    start: int  # value_text span within the sentence
    end: int


def read_value(sentence: str, token: NumberToken, masked: list[tuple[int, int]]) -> tuple[Value | None, str]:
    """Unit, comparator and kind of one number, or None with the reason it is no target."""
    if masked and any(s <= token.start < e for s, e in masked):
        return None, "inside quotes or a title"
    # Words near the number decide how it reads; a window keeps huge unpunctuated text linear.
    before = sentence[max(0, token.start - WINDOW):token.start]
    after = sentence[token.end:token.end + WINDOW]
    if before.endswith("第"):
        return None, "ordinal"
    if _LETTER_BEFORE_RE.search(before) or _LETTER_AFTER_RE.match(after):
        return None, "part of a name or code"
    if before.endswith("(") and after.startswith(")"):
        return None, "list marker"
    if not token.is_chinese and _is_year(token, after):
        return None, "year"

    unit, unit_len = _unit_after(token, after)
    rest = after[unit_len:]
    if (not unit and not token.is_chinese and _NUMBERING_AFTER_RE.match(rest)
            and not _DIGIT_BEFORE_RE.search(before)):
        return None, "clause number"
    if unit in lx.NON_TARGET_UNITS:
        return None, lx.NON_TARGET_UNITS[unit]
    if unit in lx.AGE_UNITS and "寿命" not in before[-12:]:
        return None, "age"
    if unit in lx.DURATION_UNITS and not _is_time_limit(before, rest):
        # "24小时儿科门诊", "15分钟服务圈" name a service; "平均住院日不超过7.5天" limits a time.
        return None, "duration in a name"
    if not unit and not token.is_rank and rest[:1] and is_cjk(rest[0]) and not _starts_comparator(rest):
        return None, "number inside a name"
    if before.endswith("等"):
        return None, "count summarising a list"

    start = token.start
    comparator = "="
    prefix = _prefix_comparator(before)
    change_verb = (next(v for v in _CHANGE_VERBS if before.endswith(v))
                   if before.endswith(_CHANGE_VERBS) else None)
    if prefix:
        comparator = prefix[1]
        start -= len(prefix[0])
    elif _comparator_before_verb(before):
        comparator = ">="
    end = token.end + unit_len
    suffix = (next(s for s in lx.SUFFIX_COMPARATORS if rest.startswith(s[0]))
              if rest.startswith(_SUFFIX_WORDS) else None)
    if suffix:
        comparator = suffix[1] if comparator == "=" else comparator
        end += len(suffix[0])
    if comparator == "=" and before.rstrip().endswith(_CEILING_VERBS):
        comparator = "<="

    if token.is_rank:
        is_top = sentence[token.end - 1:token.end] == "强"
        has_verb = _RANK_VERB_RE.search(before[-10:])
        if (is_top and not has_verb) or (not has_verb and not lx.RANK_CONTEXT_RE.search(before[-6:]).group(0)):
            return None, "not a rank"
        comparator = "<=" if comparator == "=" else comparator
        unit = "名"
        kind = "rank"
    elif change_verb and unit in ("百分点", "个百分点", "%"):
        start -= len(change_verb)
        kind = "change"
    elif unit in lx.LEVEL_UNITS or unit in ("元", "万元", "亿元", "分") or unit in lx.DURATION_UNITS:
        kind = "level"
    else:
        kind = "count"
    if unit == "个百分点":
        unit = "百分点"
    if token.value_high is not None:
        comparator = "range"
    return Value(token, unit, comparator, kind, start, end), ""


def _is_year(token: NumberToken, after: str) -> bool:
    if token.value_high is not None:
        return 1900 <= token.value <= 2100 and 1900 <= token.value_high <= 2100
    if not (1900 <= token.value <= 2100 and token.value == int(token.value)):
        return False
    return after[:1] in ("年", "-", "—", "–", ")", "〕", "]") or after.startswith(("年", "版"))


def _unit_after(token: NumberToken, after: str) -> tuple[str, int]:
    if token.implied_unit:
        # 前三名 / 前50位 keep their counter in the printed text.
        extra = 1 if token.is_rank and after[:1] in ("名", "位") else 0
        return token.implied_unit, extra
    m = lx.UNIT_RE.match(after)
    if not m:
        return "", 0
    unit = m.group(0)
    # "万" followed by a counter reads as one unit (80万人, 10万元 are in UNITS already).
    return unit, len(unit)


def _is_time_limit(before: str, rest: str) -> bool:
    """A duration that is itself the value: a time limit, or a table cell holding only it."""
    if not before.strip() and not rest.strip():
        return True
    names_a_service = bool(rest[:1]) and is_cjk(rest[0]) and not _starts_comparator(rest)
    if names_a_service:
        return False
    limited = (_prefix_comparator(before) is not None or _starts_comparator(rest)
               or before.rstrip().endswith(_CEILING_VERBS))
    return limited or bool(_TIME_WORD_RE.search(before[-12:]))


def _starts_comparator(text: str) -> bool:
    return text.startswith(_SUFFIX_WORDS) or text.startswith(("的",))


def _prefix_comparator(before: str) -> tuple[str, str] | None:
    stripped = before.rstrip()
    if not stripped.endswith(_PREFIX_WORDS):
        return None
    return next((w, c) for w, c in lx.PREFIX_COMPARATORS if stripped.endswith(w))


def _comparator_before_verb(before: str) -> str | None:
    """"至少举办6次": a comparator word governing the verb that governs the number."""
    m = _AT_LEAST_VERB_RE.search(before.rstrip())
    return ">=" if m else None


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
