"""Indicator names: the words around a value, cleaned so they read as a column title.

"实现工作场所职业病危害因素监测合格率达85%以上" → "工作场所职业病危害因素监测合格率";
"创建65家无烟党政机关" → "创建无烟党政机关"; lists share their subject, count verb or tail.
"""
from __future__ import annotations

import re

from etl.extraction import lexicon as lx
from etl.extraction.values import is_cjk

_TAIL_START_RE = re.compile(r"(患者|人群|人员|老年人|儿童|孕产妇|居民)")


def _by_char(words: list[str], position: int) -> dict[str, tuple[str, ...]]:
    """Words keyed by their first (0) or last (-1) character, each list in its original order."""
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[position], []).append(word)
    return {char: tuple(group) for char, group in index.items()}


# clean_indicator runs for every number read: look up only the words that can match.
_FILLERS_BY_FIRST = _by_char(lx.LEADING_FILLERS, 0)
_VERBS_BY_LAST = _by_char(lx.TRAILING_VERBS, -1)


_SCOPE_RE = re.compile(r"(全国|全省|全市|全区|省内|市内)")
_RANK_TAIL_RE = re.compile(r"(进入|位居|位列|跻身|保持|排名|排在|稳居)?(全国|全省|全市|全区|省内|市内)?$")
_LEADING_COUNT_RE = re.compile(r"^\d+(?:\.\d+)?[项类个种](?:以上|及以上)?")
_VERB_AFTER_VALUE_RE = re.compile(r"(达到|达|以上|以下|左右|的比例|比例|覆盖)")
_NOUN_END_RE = re.compile(r"等|并|[,，;；]")
_MEASURE_END_RE = re.compile(r"(率|比例|占比|比重|水平|指数|覆盖面)$")
_JOINED_RE = re.compile(r"[并和及]")
_CORE_WORD_RE = re.compile(r"(占比|比例|率|数)$")


def rank_name(indicator: str, before: str) -> str:
    """"急救平均时间等主要指标进入全省前三" → "急救平均时间等主要指标全省排名"."""
    scope = _SCOPE_RE.search(before[-8:])
    name = _RANK_TAIL_RE.sub("", indicator)
    if name.endswith("排名"):
        return name
    return name + (scope.group(1) if scope else "") + "排名"


# "为5000名65岁以上老年人…": an age band that defines the people counted.
_LEADING_AGE_RE = re.compile(r"^\d+(?:\s*[-—~至]\s*\d+)?\s*(?:周岁|岁|个月)(?:及以上|以上|以下|及以下)?")


def noun_after(after: str) -> str:
    """The noun a number counts when it stands before it ("65家无烟党政机关" → 无烟党政机关)."""
    text = _LEADING_COUNT_RE.sub("", after).lstrip("的 ")
    age = _LEADING_AGE_RE.match(text)
    if age and age.end() < len(text) and is_cjk(text[age.end()]):
        return age.group(0) + noun_after(text[age.end():])
    if not text or not (is_cjk(text[0]) or text[0] in "“‘《"):
        return ""
    # A verb right after the value means the words before it were the indicator.
    if _VERB_AFTER_VALUE_RE.match(text):
        return ""
    cut = _NOUN_END_RE.search(text)
    return text[:cut.start()] if cut else text


def ends_with_measure(text: str) -> bool:
    return bool(_MEASURE_END_RE.search(text))


def last_count_verb(before: str) -> int | None:
    matches = list(lx.COUNT_VERB_RE.finditer(before))
    if not matches:
        return None
    last = matches[-1]
    # "遴选并展示10名…": joined verbs govern together.
    if len(matches) >= 2 and before[matches[-2].end():last.start()] in ("并", "和", "及"):
        last = matches[-2]
    # The verb must govern the number: nothing but fillers between them.
    tail = before[last.end():]
    # "建强以…为牵引的10个联盟": a modifier ending in 的 still leaves the verb governing.
    if clean_indicator(tail) and len(clean_indicator(tail)) > 8 and not tail.rstrip().endswith("的"):
        return None
    return last.start()


def leading_count_verb(indicator: str) -> str | None:
    """The verb an indicator starts with, joined verbs included ("遴选并展示")."""
    m = lx.COUNT_VERB_RE.match(indicator)
    if not m:
        return None
    joined = _JOINED_RE.match(indicator[m.end():])
    if joined:
        second = lx.COUNT_VERB_RE.match(indicator, m.end() + 1)
        if second:
            return indicator[:second.end()]
    return m.group(0)


def noun_for_unit(unit: str) -> str:
    return {"人": "人才", "人次": "人次", "万人": "人数", "名": "人才", "家": "数量", "个": "数量",
            "项": "项数", "场": "场次", "场次": "场次"}.get(unit, "数量")


def strip_regions(text: str) -> str:
    return lx.REGION_WORDS_RE.sub("", text)


def clean_indicator(text: str) -> str:
    """Drop leading fillers and trailing verbs so the words read as a column title."""
    # ①②… number the items of a list (a WeChat post's "①新增基层中医馆20个"), not the name.
    text = text.strip(" ,，、;；:：").lstrip("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ ")
    changed = True
    while changed and text:
        changed = False
        m = lx.LEADING_YEAR_RE.match(text)
        if m and m.end() > 0:
            text = text[m.end():].lstrip(" ,，")
            changed = True
            continue
        for word in _FILLERS_BY_FIRST.get(text[0], ()):
            if text.startswith(word):
                text = text[len(word):]
                changed = True
                break
        for word in _VERBS_BY_LAST.get(text[-1:], ()):
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                changed = True
                break
        stripped = text.strip(" ,，、")
        if stripped != text:
            text = stripped
            changed = True
    return text


def split_names(text: str) -> list[str]:
    parts = [p for p in lx.CONJUNCTION_RE.split(text) if p.strip()]
    return parts


def share_tail(names: list[str]) -> list[str]:
    """"高血压和2型糖尿病患者规范管理服务率" → each disease gets "患者规范管理服务率"."""
    m = _TAIL_START_RE.search(names[-1])
    if m and m.start() > 0:
        tail = names[-1][m.start():]
        return [n if _TAIL_START_RE.search(n) or len(n) > 6 else n + tail for n in names]
    # "门诊和住院次均费用增幅": a two-character first item parallels the last one's opening.
    first, last = names[0], names[-1]
    if len(first) <= 2 and len(last) > len(first) + 2 and not ends_with_measure(first):
        tail = last[len(first):]
        return [n + tail if len(n) <= 2 else n for n in names[:-1]] + [last]
    return names


_POPULATION_RE = re.compile(r"(儿童|老年人|孕产妇|婴幼儿|新生儿|学生|青少年|妇女|居民|人群|患者)")


def share_measure(names: list[str]) -> list[str]:
    """"0-36个月儿童、65岁及以上老年人中医药健康管理率": each group gets "中医药健康管理率"."""
    last = names[-1]
    m = None
    for m in _POPULATION_RE.finditer(last):
        pass
    if m is None or not ends_with_measure(last) or m.end() >= len(last):
        return names
    measure = last[m.end():]
    return [name + measure if _POPULATION_RE.search(name[-4:]) and not ends_with_measure(name) else name
            for name in names[:-1]] + [last]


def shared_prefix(names: list[str]) -> list[str]:
    """"县级医院出院患者手术占比、微创手术占比": later items share the first one's subject."""
    first = names[0]
    out = [first]
    for name in names[1:]:
        common = _common_ending(first, name)
        subject = first[: len(first) - common]
        shares_subject = (_core_word(name) and len(first) > len(name) and common >= 2
                          and subject and not name.startswith(subject))
        out.append(subject + name if shares_subject else name)
    return out


def _common_ending(first: str, second: str) -> int:
    """How many characters the two names share at their end."""
    common = 0
    while common < min(len(first), len(second)) and first[-1 - common] == second[-1 - common]:
        common += 1
    return common


def _core_word(name: str) -> str:
    m = _CORE_WORD_RE.search(name)
    return m.group(1) if m else ""
