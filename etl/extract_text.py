"""Quantified targets stated in a sentence of a Chinese health plan.

A sentence is cut into phrases (，；：); each number in a phrase is read with its unit and
comparator words, checked against the things that are not targets (names, years, ages,
grades, fixed sets), and given an indicator taken from the words around it. Lists joined by
分别 / 均 / 各 / 、 give one target per named indicator. See TARGETS.md for the reading rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl import lexicon as lx
from etl.numbers import NumberToken, find_numbers


# How far around a number its words are read (indicator names are far shorter).
_WINDOW = 120


@dataclass(frozen=True)
class Reading:
    """One value stated in a sentence; offsets are within that sentence."""

    indicator: str
    value: float | None
    value_high: float | None
    unit: str
    comparator: str | None
    kind: str
    value_text: str
    year: int | None
    start: int
    end: int
    confidence: float
    role: str = "target"


@dataclass(frozen=True)
class Skipped:
    """A number that yielded no target, and why (for the review list)."""

    number_text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class _Value:
    token: NumberToken
    unit: str
    comparator: str
    kind: str
    start: int  # value_text span within the sentence
    end: int
    shared_verb: str | None = None  # 均 / 各 right before the value


def read_targets(sentence: str, default_year: int | None = None) -> list[Reading]:
    """The targets a sentence states (see `analyse_sentence` for the skipped numbers too)."""
    return analyse_sentence(sentence, default_year)[0]


def analyse_sentence(sentence: str, default_year: int | None = None,
                     plan_year: int | None = None) -> tuple[list[Reading], list[Skipped]]:
    """Targets and skipped numbers of one sentence.

    default_year: the year of targets whose sentence names none (the plan's horizon);
    plan_year: the year the plan is written for, to tell reports of past years apart.
    """
    masked = _masked_ranges(sentence)
    readings: list[Reading] = []
    skipped: list[Skipped] = []
    past = _reports_past(sentence, plan_year or default_year)
    carried_verb = None  # "建成20家以上中医馆，100家以上中医阁": the verb carries to the next phrase
    for p_start, p_end in _phrases(sentence):
        values = []
        for token in find_numbers(sentence[p_start:p_end]):
            token = replace(token, start=token.start + p_start, end=token.end + p_start)
            value, reason = _read_value(sentence, token, masked)
            if value is None:
                skipped.append(Skipped(sentence[token.start:token.end], token.start, token.end, reason))
            else:
                values.append(value)
        if past and values:
            skipped.extend(Skipped(sentence[v.start:v.end], v.start, v.end, "past achievement")
                           for v in values)
            continue
        phrase_readings = _readings_for_phrase(sentence, p_start, p_end, values, skipped, carried_verb)
        carried_verb = next((v for v in (_leading_count_verb(r.indicator) for r in phrase_readings
                                         if r.kind == "count") if v), carried_verb)
        if not past:
            # Full coverage stated with no number, or after the phrase's last number.
            tail_start = max((v.end for v in values), default=p_start)
            phrase_readings += _full_coverage(sentence, tail_start, p_end, masked)
            if values:
                # …or complete before the first number ("全部达到基本标准30%达到推荐标准").
                head_end = min(v.start for v in values)
                head = sentence[p_start:head_end]
                if _ALL_THEN_SHARE_RE.search(head) and not re.search(r"(达到|达|实现)$", head):
                    phrase_readings = _full_coverage(sentence, p_start, head_end, masked) + phrase_readings
        readings.extend(phrase_readings)
    readings = _carry_count_verbs(readings)
    year_marks = _year_marks(sentence)
    readings = [replace(r, year=_year_for(r.start, year_marks, default_year)) for r in readings]
    return readings, skipped


def _carry_count_verbs(readings: list[Reading]) -> list[Reading]:
    """"招引2000人以上,其中硕博人才不少于400人": the later count inherits the verb."""
    out = []
    verb = None
    for r in readings:
        if r.kind == "count":
            own = _leading_count_verb(r.indicator)
            if own:
                verb = own
            elif verb and len(r.indicator) <= 10 and not lx.COUNT_VERB_RE.search(r.indicator):
                r = replace(r, indicator=verb + r.indicator)
        out.append(r)
    return out


# ---------------------------------------------------------------- sentence layout

def _masked_ranges(sentence: str) -> list[tuple[int, int]]:
    """Spans inside quotes and title marks: names, slogans and programme titles."""
    spans = []
    i = 0
    while i < len(sentence):
        close = lx.QUOTE_PAIRS.get(sentence[i])
        if close:
            j = sentence.find(close, i + 1)
            if j != -1 and j - i <= 40:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def _phrases(sentence: str) -> list[tuple[int, int]]:
    """Phrase spans cut at ，；： outside brackets and quotes."""
    spans = []
    depth = 0
    start = 0
    for i, ch in enumerate(sentence):
        if ch in "(（[【“《":
            depth += 1
        elif ch in ")）]】”》" and depth:
            depth -= 1
        elif depth == 0 and (ch in lx.PHRASE_SEPARATORS or (ch in lx.LIST_SEPARATORS and sentence[max(0, i - 3):i] == "全覆盖")):
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def _reports_past(sentence: str, plan_year: int | None) -> bool:
    """A sentence that reports what was done ("2023年,全区新建…12个", "已建成…")."""
    if any(marker in sentence for marker in lx.PAST_MARKERS):
        return True
    m = re.match(r"^(20\d\d)年[,，]", sentence)
    return bool(m and plan_year and int(m.group(1)) < plan_year and "到" not in sentence)


_YEAR_MARK_RE = re.compile(r"(?:(?P<pre>到|至|于|在)\s*)?(?P<year>20\d\d)\s*年(?P<post>底|末|前|内|度)?")


def _year_marks(sentence: str) -> list[tuple[int, int]]:
    """(position, year) of each target year the sentence names (到2027年, 2025年底前)."""
    return [(m.start(), int(m.group("year"))) for m in _YEAR_MARK_RE.finditer(sentence)
            if not sentence[max(0, m.start() - 2):m.start()].endswith(("由", "从")) and
            not sentence[m.end():m.end() + 1] == "的"]


def _year_for(position: int, marks: list[tuple[int, int]], default_year: int | None) -> int | None:
    before = [year for pos, year in marks if pos < position]
    return before[-1] if before else default_year


# ---------------------------------------------------------------- one number

def _read_value(sentence: str, token: NumberToken, masked: list[tuple[int, int]]) -> tuple[_Value | None, str]:
    """Unit, comparator and kind of one number, or None with the reason it is no target."""
    if any(s <= token.start < e for s, e in masked):
        return None, "inside quotes or a title"
    # Words near the number decide how it reads; a window keeps huge unpunctuated text linear.
    before = sentence[max(0, token.start - _WINDOW):token.start]
    after = sentence[token.end:token.end + _WINDOW]
    if before.endswith("第"):
        return None, "ordinal"
    if re.search(r"[A-Za-z+＋]$", before) or re.match(r"[A-Za-z+＋]", after):
        return None, "part of a name or code"
    if before.endswith("(") and after.startswith(")"):
        return None, "list marker"
    if not token.is_chinese and _is_year(token, after):
        return None, "year"

    unit, unit_len = _unit_after(token, after)
    rest = after[unit_len:]
    if not unit and not token.is_chinese and re.match(r"[.、．)]", rest) and not re.search(r"\d$", before):
        return None, "clause number"
    if unit in lx.NON_TARGET_UNITS:
        return None, lx.NON_TARGET_UNITS[unit]
    if unit in lx.AGE_UNITS and "寿命" not in before[-12:]:
        return None, "age"
    if unit in lx.DURATION_UNITS and not _is_time_limit(before, rest):
        return None, "duration in a name"
    if not unit and not token.is_rank and rest[:1] and _is_cjk(rest[0]) and not _starts_comparator(rest):
        return None, "number inside a name"
    if before.endswith("等"):
        return None, "count summarising a list"

    start = token.start
    comparator = "="
    prefix = _prefix_comparator(before)
    change_verb = next((v for v in lx.CHANGE_VERBS if before.endswith(v)), None)
    if prefix:
        comparator = prefix[1]
        start -= len(prefix[0])
    elif _comparator_before_verb(before):
        comparator = ">="
    end = token.end + unit_len
    suffix = next((s for s in lx.SUFFIX_COMPARATORS if rest.startswith(s[0])), None)
    if suffix:
        comparator = suffix[1] if comparator == "=" else comparator
        end += len(suffix[0])
    if comparator == "=" and any(before.rstrip().endswith(v) for v in lx.CEILING_VERBS):
        comparator = "<="

    if token.is_rank:
        is_top = sentence[token.end - 1:token.end] == "强"
        has_verb = re.search(r"(进入|位居|位列|跻身|排名|保持|稳居)", before[-10:])
        if (is_top and not has_verb) or (not has_verb and not lx.RANK_CONTEXT_RE.search(before[-6:]).group(0)):
            return None, "not a rank"
        comparator = "<=" if comparator == "=" else comparator
        unit = "名"
        kind = "rank"
    elif change_verb and unit in ("百分点", "个百分点", "%"):
        start -= len(change_verb)
        kind = "change"
    elif unit in lx.LEVEL_UNITS or unit in ("元", "万元", "亿元") or unit in lx.DURATION_UNITS:
        kind = "level"
    else:
        kind = "count"
    if unit == "个百分点":
        unit = "百分点"
    if token.value_high is not None:
        comparator = "range"
    return _Value(token, unit, comparator, kind, start, end), ""


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
    return bool(re.search(r"(时间|时长|时限|用时|周期)", before[-12:])) and not (rest[:1] and _is_cjk(rest[0]) and not _starts_comparator(rest))


def _starts_comparator(text: str) -> bool:
    return any(text.startswith(s) for s, _ in lx.SUFFIX_COMPARATORS) or text.startswith(("的",))


def _prefix_comparator(before: str) -> tuple[str, str] | None:
    stripped = before.rstrip()
    return next(((w, c) for w, c in lx.PREFIX_COMPARATORS if stripped.endswith(w)), None)


def _comparator_before_verb(before: str) -> str | None:
    """"至少举办6次": a comparator word governing the verb that governs the number."""
    m = re.search(r"(至少|不少于|最少)(" + lx.COUNT_VERB_RE.pattern + r")$", before.rstrip())
    return ">=" if m else None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _drop_qualifiers(sentence: str, values: list[_Value], skipped: list[Skipped]) -> list[_Value]:
    """In "10类40项以上", the first count only qualifies the second."""
    kept = []
    for i, v in enumerate(values):
        nxt = values[i + 1] if i + 1 < len(values) else None
        if nxt is not None and v.kind == "count" and nxt.kind == "count" and nxt.start == v.end:
            skipped.append(Skipped(sentence[v.start:v.end], v.start, v.end, "qualifies the next count"))
            continue
        kept.append(v)
    return kept


# ---------------------------------------------------------------- indicators

def _readings_for_phrase(sentence: str, p_start: int, p_end: int, values: list[_Value],
                         skipped: list[Skipped], carried_verb: str | None = None) -> list[Reading]:
    if not values:
        return []
    phrase = sentence[p_start:p_end]
    # "A、B、C分别达35%、15%、15%以上": pair the named indicators with the values.
    if len(values) >= 2 and "分别" in phrase:
        paired = _pair_respectively(sentence, p_start, values)
        if paired:
            return paired
    if len(values) == 1:
        shared = _shared_value(sentence, p_start, values[0])
        if shared:
            return shared
    segments = _segments(sentence, p_start, p_end, values)
    values = _share_adjacent_comparators(values)
    readings = []
    first_verb = None
    for (s_start, s_end), value in zip(segments, values):
        starts_phrase = not sentence[p_start:value.start].strip()
        reading = _reading(sentence, s_start, s_end, value, skipped,
                           first_verb or (carried_verb if starts_phrase else None))
        if reading is None:
            continue
        verb = _leading_count_verb(reading.indicator)
        if first_verb is None and verb:
            first_verb = verb
        elif first_verb and not verb and reading.kind == "count" and readings:
            reading = replace(reading, indicator=first_verb + reading.indicator)
        readings.extend(_split_rank(sentence, reading) if reading.kind == "rank" else [reading])
    return readings


def _split_rank(sentence: str, reading: Reading) -> list[Reading]:
    """"急救平均时间、心肺复苏成功率等主要指标进入全省前三": one rank per named indicator."""
    m = re.match(r"^(?P<items>.+?)(等(主要)?指标)?(?P<scope>全国|全省|全市|全区)?排名$", reading.indicator)
    if not m or "、" not in m.group("items") or "(" in m.group("items"):
        return [reading]
    scope = m.group("scope") or ""
    return [replace(reading, indicator=item + scope + "排名") for item in _split_names(m.group("items"))]


def _segments(sentence: str, p_start: int, p_end: int, values: list[_Value]) -> list[tuple[int, int]]:
    """Give each value its own stretch of the phrase, cut at the 、 between values."""
    bounds = []
    seg_start = p_start
    for i, value in enumerate(values):
        if i + 1 < len(values):
            nxt = values[i + 1]
            gap = sentence[value.end:nxt.start]
            cut = _list_cut(gap)
            if cut is not None:
                seg_end = value.end + cut
                bounds.append((seg_start, seg_end))
                seg_start = seg_end + 1
                continue
            # No list mark between two values: the first may count the words up to the next,
            # and the next value's words start right after the first.
            bounds.append((seg_start, nxt.start))
            seg_start = value.end
        else:
            bounds.append((seg_start, p_end))
    # "10类40项以上…": two counts side by side share their words and their comparator.
    for i in range(len(values) - 2, -1, -1):
        if values[i].end == values[i + 1].start:
            bounds[i] = bounds[i + 1] = (bounds[i][0], bounds[i + 1][1])
    return bounds


def _share_adjacent_comparators(values: list[_Value]) -> list[_Value]:
    out = list(values)
    for i in range(len(out) - 2, -1, -1):
        if (out[i].end == out[i + 1].start and out[i].comparator == "="
                and out[i + 1].comparator not in ("=", "range")):
            out[i] = replace(out[i], comparator=out[i + 1].comparator)
    return out


def _list_cut(gap: str) -> int | None:
    for i, ch in enumerate(gap):
        if ch in lx.LIST_SEPARATORS or ch == "和":
            return i
    return None


def _reading(sentence: str, s_start: int, s_end: int, value: _Value,
             skipped: list[Skipped], list_verb: str | None = None) -> Reading | None:
    before = sentence[max(s_start, value.start - _WINDOW):value.start]
    after = sentence[value.end:min(s_end, value.end + _WINDOW)]
    confidence = 0.9
    noun_after = _noun_after(after)
    clean_before = _clean_indicator(before)
    if value.kind == "count" and noun_after:
        # Number before its noun: "创建65家无烟党政机关" counts things only after a verb of doing
        # or building (or one shared by the list it stands in); "落实18项核心制度" names a set.
        verb_at = _last_count_verb(before)
        if verb_at is not None:
            governed = before[verb_at:]
            if governed.rstrip().endswith("的") and len(governed) > 12:
                governed = lx.COUNT_VERB_RE.match(governed).group(0)
            indicator = _strip_regions(lx.GENERIC_VERBS_RE.sub("", _clean_indicator(governed))) + noun_after
        elif list_verb:
            indicator = list_verb + clean_before + noun_after
        else:
            skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                   "number names a fixed set"))
            return None
    elif value.unit == "%" and value.kind == "level" and noun_after and not _ends_with_measure(clean_before):
        # "80%以上基层医疗机构建成…" — the share of units that do something.
        indicator = _strip_regions(clean_before) + noun_after + "比例"
    elif value.unit == "%" and value.kind == "level" and re.match(r"(达到|实现|建成|开展|提供)", after) \
            and _ALL_THEN_SHARE_RE.search(sentence[max(0, value.start - _WINDOW):value.start]):
        # "…全部达到基本标准,30%达到推荐标准": all reach one bar, a share reaches the next.
        context = sentence[max(0, value.start - _WINDOW):value.start]
        head = context[:list(_ALL_THEN_SHARE_RE.finditer(context))[-1].start()]
        subject = _clean_indicator(re.split(r"[,，;；。]", head)[-1])
        indicator = subject + re.split(r"[,，;；]", after)[0] + "比例"
        confidence -= 0.1
    else:
        indicator = clean_before
        if value.kind == "count" and value.unit in ("项", "大项") and lx.PROGRAMME_NOUN_RE.search(before.rstrip()):
            skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                   "size of a named programme"))
            return None
        if not indicator or indicator in lx.COUNT_VERBS:
            indicator = (indicator or "") + _noun_for_unit(value.unit)
            confidence -= 0.3
    indicator = _QUALIFIER_TAIL_RE.sub("", _YEAR_IN_NAME_RE.sub("", indicator).strip(" ,、"))
    # "病例数达同期出院病例数70%以上" → "病例数占同期出院病例数比例".
    if value.unit == "%":
        indicator = re.sub(r"达(?=[^达]*数$)(.*数)$", r"占\1比例", indicator)
    kind = value.kind
    if kind == "count" and (_LEVEL_NAME_RE.search(indicator) or
                            (indicator.startswith("每个") and value.unit in ("人", "名"))):
        kind = "level"
    if kind == "rank":
        indicator = _rank_name(indicator, before)
    if len(indicator) <= 3:
        # "A+级", "签约率": too short to stand on its own as a column title; a person should look.
        confidence -= 0.35
    if not value.unit:
        confidence -= 0.1
    token = value.token
    return Reading(
        indicator=indicator,
        value=token.value,
        value_high=token.value_high,
        unit=value.unit,
        comparator=value.comparator,
        kind=kind,
        value_text=sentence[value.start:value.end],
        year=None,
        start=value.start,
        end=value.end,
        confidence=round(max(confidence, 0.1), 2),
    )


# "X全部达到…标准, 30%达到…": the subject of an all-then-share pair.
_ALL_THEN_SHARE_RE = re.compile(r"(全部|均|都)(达到|达|实现)")
# "推进2025年16家…": the year is when, not what.
_YEAR_IN_NAME_RE = re.compile(r"20\d\d年度?")
# "推广10类" before "40项": the qualifying count is not part of the name.
_QUALIFIER_TAIL_RE = re.compile(r"\d+(?:\.\d+)?大?[类项个种]$")
# Per-capita and ratio indicators are levels even when counted in 人 or 张.
_LEVEL_NAME_RE = re.compile(r"^(每[千万百十]|千人|万人|人均)|(率|比例|占比|比重|水平|指数)$")


def _rank_name(indicator: str, before: str) -> str:
    """"急救平均时间等主要指标进入全省前三" → "急救平均时间等主要指标全省排名"."""
    scope = re.search(r"(全国|全省|全市|全区|省内|市内)", before[-8:])
    name = re.sub(r"(进入|位居|位列|跻身|保持|排名|排在|稳居)?(全国|全省|全市|全区|省内|市内)?$", "", indicator)
    if name.endswith("排名"):
        return name
    return name + (scope.group(1) if scope else "") + "排名"


def _noun_after(after: str) -> str:
    """The noun a number counts when it stands before it ("65家无烟党政机关" → 无烟党政机关)."""
    text = re.sub(r"^\d+(?:\.\d+)?[项类个种](?:以上|及以上)?", "", after).lstrip("的 ")
    if not text or not (_is_cjk(text[0]) or text[0] in "“‘《"):
        return ""
    # A verb right after the value means the words before it were the indicator.
    if re.match(r"(达到|达|以上|以下|左右|的比例|比例|覆盖)", text):
        return ""
    cut = re.search(r"等|并|[,，;；]", text)
    return text[:cut.start()] if cut else text


def _has_noun(text: str) -> bool:
    """Whether the words before a number name something beyond a bare verb."""
    if not text:
        return False
    m = lx.COUNT_VERB_RE.search(text)
    remainder = text[m.end():] if m and m.start() == 0 else text
    return len(remainder) >= 2


def _ends_with_measure(text: str) -> bool:
    return bool(re.search(r"(率|比例|占比|比重|水平|指数|覆盖面)$", text))


def _last_count_verb(before: str) -> int | None:
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
    if _clean_indicator(tail) and len(_clean_indicator(tail)) > 8 and not tail.rstrip().endswith("的"):
        return None
    return last.start()


def _leading_count_verb(indicator: str) -> str | None:
    """The verb an indicator starts with, joined verbs included ("遴选并展示")."""
    m = lx.COUNT_VERB_RE.match(indicator)
    if not m:
        return None
    joined = re.match(r"[并和及]", indicator[m.end():])
    if joined:
        second = lx.COUNT_VERB_RE.match(indicator, m.end() + 1)
        if second:
            return indicator[:second.end()]
    return m.group(0)


def _noun_for_unit(unit: str) -> str:
    return {"人": "人才", "人次": "人次", "万人": "人数", "名": "人才", "家": "数量", "个": "数量",
            "项": "项数", "场": "场次", "场次": "场次"}.get(unit, "数量")


def _strip_regions(text: str) -> str:
    return lx.REGION_WORDS_RE.sub("", text)


def _clean_indicator(text: str) -> str:
    """Drop leading fillers and trailing verbs so the words read as a column title."""
    text = text.strip(" ,，、;；:：")
    changed = True
    while changed and text:
        changed = False
        m = lx.LEADING_YEAR_RE.match(text)
        if m and m.end() > 0:
            text = text[m.end():].lstrip(" ,，")
            changed = True
            continue
        for word in lx.LEADING_FILLERS:
            if text.startswith(word):
                text = text[len(word):]
                changed = True
                break
        for word in lx.TRAILING_VERBS:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                changed = True
                break
        stripped = text.strip(" ,，、")
        if stripped != text:
            text = stripped
            changed = True
    return text


def _split_names(text: str) -> list[str]:
    parts = [p for p in lx.CONJUNCTION_RE.split(text) if p.strip()]
    return parts


def _pair_respectively(sentence: str, p_start: int, values: list[_Value]) -> list[Reading] | None:
    phrase_head = sentence[max(p_start, values[0].start - _WINDOW):values[0].start]
    idx = phrase_head.find("分别")
    if idx == -1:
        return None
    names = _split_names(_clean_indicator(phrase_head[:idx]))
    if len(names) != len(values):
        return None
    names = _shared_prefix(names)
    shared_cmp = next((v.comparator for v in reversed(values) if v.comparator != "="), "=")
    readings = []
    for name, value in zip(names, values):
        comparator = value.comparator if value.comparator != "=" else shared_cmp
        readings.append(_simple_reading(_clean_indicator(name), replace(value, comparator=comparator), sentence))
    return readings


def _shared_value(sentence: str, p_start: int, value: _Value) -> list[Reading] | None:
    """"A和B均达到70%以上", "建成A、B、C各3-5个": one target per named indicator."""
    head = sentence[max(p_start, value.start - _WINDOW):value.start]
    m = re.search(r"(均|各|都)(达到|达|为|在|保持在|保持|不低于|不少于)?$", head.rstrip())
    if not m:
        return None
    names = _split_names(_clean_indicator(head[:m.start()]))
    if len(names) < 2:
        return None
    verb = _leading_count_verb(names[0]) if value.kind == "count" else None
    names = _share_tail(names)
    readings = []
    for i, name in enumerate(names):
        name = _clean_indicator(name)
        if verb and i > 0 and not _leading_count_verb(name):
            name = verb + name
        readings.append(_simple_reading(name, value, sentence))
    return readings


_TAIL_START_RE = re.compile(r"(患者|人群|人员|老年人|儿童|孕产妇|居民)")


def _share_tail(names: list[str]) -> list[str]:
    """"高血压和2型糖尿病患者规范管理服务率" → each disease gets "患者规范管理服务率"."""
    m = _TAIL_START_RE.search(names[-1])
    if not m or m.start() == 0:
        return names
    tail = names[-1][m.start():]
    return [n if _TAIL_START_RE.search(n) or len(n) > 6 else n + tail for n in names]


def _shared_prefix(names: list[str]) -> list[str]:
    """"县级医院出院患者手术占比、微创手术占比": later items share the first one's subject."""
    first = names[0]
    out = [first]
    for name in names[1:]:
        common = 0
        while common < min(len(first), len(name)) and first[-1 - common] == name[-1 - common]:
            common += 1
        core = _core_word(name)
        prefix = first[: len(first) - len(name)] if core and first.endswith(core) and len(first) > len(name) else ""
        out.append(name if not prefix or common < 2 or name.startswith(prefix) else prefix_of(first, name) + name)
    return out


def prefix_of(first: str, name: str) -> str:
    """The part of `first` before the words it shares with `name`'s ending."""
    common = 0
    while common < min(len(first), len(name)) and first[-1 - common] == name[-1 - common]:
        common += 1
    return first[: len(first) - common] if common < len(first) else ""


def _core_word(name: str) -> str:
    m = re.search(r"(占比|比例|率|数)$", name)
    return m.group(1) if m else ""


def _simple_reading(indicator: str, value: _Value, sentence: str) -> Reading:
    confidence = 0.85 if len(indicator) > 4 else 0.6
    return Reading(indicator, value.token.value, value.token.value_high, value.unit, value.comparator,
                   value.kind, sentence[value.start:value.end], None, value.start, value.end, confidence)


# ---------------------------------------------------------------- full coverage

def _full_coverage(sentence: str, p_start: int, p_end: int, masked: list[tuple[int, int]]) -> list[Reading]:
    """全覆盖 / 全面覆盖 / 所有… / 各…均… commitments that carry no number (TARGETS.md)."""
    if p_end - p_start > 4 * _WINDOW:
        return []  # an unpunctuated run this long is not a commitment phrase
    phrase = sentence[p_start:p_end]
    readings = []
    for m in re.finditer("全面覆盖|全覆盖", phrase):
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
            subject += "覆盖" + _clean_indicator(re.split(r"[,，;；]", tail)[0])
        elif not subject:
            subject = _clean_indicator(tail)
        if subject:
            readings.append(_coverage_reading(subject, p_start + m.start(), p_start + m.end(), sentence))
    if readings:
        return readings
    everything = re.search("所有", phrase)
    m = lx.FULL_COVERAGE_RE.search(phrase)
    if everything and not find_numbers(phrase[everything.end():]) and _COVERAGE_ACTION_RE.search(phrase[everything.end():]):
        rest = re.sub(r"(均能|均|都)(?=[\u4e00-\u9fff])", "", phrase[everything.end():])
        indicator = _clean_indicator(rest)
        if indicator:
            start = p_start + everything.start()
            readings.append(_coverage_reading(indicator, start, start + 2, sentence))
    elif m and ("各" in phrase[:m.start()] or m.group(0).startswith("全部")):
        subject = _clean_indicator(phrase[:m.start()])
        subject = re.sub(r"^\d+[家个所]", "", subject)
        obj = phrase[m.end():].strip()
        if subject and obj:
            indicator = subject + m.group("verb") + obj
            readings.append(_coverage_reading(indicator, p_start + m.start(), p_start + m.end(), sentence))
    return readings


_COVERAGE_ACTION_RE = re.compile(r"达到|实现|提供|开展|接入|建有|设置|配备|完成|具备|纳入|覆盖")


def _coverage_subject(head: str) -> str:
    """What is to be covered: the words before 全覆盖, after the last 并, without 实现/推动."""
    head = head[head.rfind("并") + 1:] if "并" in head else head
    head = lx.COVERAGE_VERB_RE.sub("", head)
    return _strip_regions(_clean_indicator(head)) if not head.startswith(("全市", "全区")) else _clean_indicator(_strip_regions(head))


def _after_last_list_mark(text: str) -> str:
    """The last item of a 、-list, ignoring 、 inside brackets such as 各县(市、区)."""
    depth = 0
    cut = 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        elif ch in lx.LIST_SEPARATORS and depth == 0:
            cut = i + 1
    return text[cut:]


def _coverage_reading(indicator: str, start: int, end: int, sentence: str) -> Reading:
    return Reading(indicator, 100.0, None, "%", "=", "full_coverage", sentence[start:end], None,
                   start, end, 0.75)
