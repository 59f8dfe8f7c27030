"""Quantified targets stated in a sentence of a Chinese health plan.

A sentence is cut into phrases (，；：); each number in a phrase is read with its unit and
comparator words, checked against the things that are not targets (names, years, ages,
grades, fixed sets), and given an indicator taken from the words around it. Lists joined by
分别 / 均 / 各 / 、 give one target per named indicator. See TARGETS.md for the reading rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from etl.extraction import lexicon as lx
from etl.extraction.coverage import find_full_coverage
from etl.extraction.identifiers import identifier_spans, is_contact_or_advert
from etl.extraction.indicator_names import (
    clean_indicator,
    ends_with_measure,
    last_count_verb,
    leading_count_verb,
    noun_after,
    noun_for_unit,
    rank_name,
    share_measure,
    share_tail,
    shared_prefix,
    split_names,
    strip_regions,
)
from etl.extraction.numbers import find_numbers, has_number
from etl.extraction.tense import estimates, past_figures_in_brackets, reports_past
from etl.extraction.values import WINDOW, Value, read_value


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
    respectively: int = 0  # values of one 分别 list share a number (their order pairs them with years)


@dataclass(frozen=True)
class Skipped:
    """A number that yielded no target, and why (for the review list)."""

    number_text: str
    start: int
    end: int
    reason: str


def read_targets(sentence: str, default_year: int | None = None, in_table_cell: bool = False) -> list[Reading]:
    """The targets a sentence (or a table cell's text) states (see `analyse_sentence` for the
    skipped numbers too)."""
    return analyse_sentence(sentence, default_year, context=ReadingContext(in_table_cell=in_table_cell))[0]


@dataclass
class ReadingContext:
    """What a sentence inherits from the sentences before it in its paragraph."""

    # "力争到2020年使…达到16%;…人数达到800万人;…": a year named earlier in the same
    # sentence, before a semicolon, holds for the parts after it.
    carried_year: int | None = None
    # The section reports work done (工作成效, 完成情况): numbers are past unless marked future.
    reports_past: bool = False
    # The last value read: "进一步增长到76岁" measures what the value before it measured.
    subject: Reading | None = None
    # "截至2022年底,共完成…;完成…24479人": a report carries over a semicolon too.
    carried_past: str | None = None
    # Reading one cell of an indicator table, where a bare "6.2/10万" is the value itself.
    in_table_cell: bool = False


def analyse_sentence(sentence: str, default_year: int | None = None, plan_year: int | None = None,
                     context: ReadingContext | None = None) -> tuple[list[Reading], list[Skipped]]:
    """Targets and skipped numbers of one sentence; every number gets one decision.

    default_year: the year of targets whose sentence names none (the plan's horizon);
    plan_year: the year the plan is written for, to tell reports of past years apart;
    context: what the sentences before this one in its paragraph said (updated here).
    """
    context = context if context is not None else ReadingContext()
    readings, skipped, past_reason = _analyse(sentence, default_year, plan_year, context)
    if readings:
        context.subject = readings[-1]
    # A year, or a report of the past, carries over a semicolon, not past the end of the sentence.
    ends_part = sentence.rstrip()[-1:] in (";", "；")
    if ends_part:
        marks = _year_marks(sentence)
        context.carried_year = marks[-1][1] if marks else context.carried_year
        context.carried_past = past_reason
    else:
        context.carried_year = context.carried_past = None
    return readings, skipped


def _analyse(sentence: str, default_year: int | None, plan_year: int | None,
             context: ReadingContext) -> tuple[list[Reading], list[Skipped], str | None]:
    coverage_cue = _may_state_coverage(sentence)
    if not coverage_cue and not has_number(sentence):
        return [], [], None  # most sentences of a plan state no number and no coverage at all
    if not context.in_table_cell and not _WORD_RE.search(lx.UNIT_RE.sub("", sentence)):
        # "82.5", "≥90", "/10万" on a line of their own: a table's cell read as running text.
        return [], [Skipped(sentence[t.start:t.end], t.start, t.end, "number alone in a table cell")
                    for t in find_numbers(sentence)], None
    if is_contact_or_advert(sentence):
        return [], [Skipped(sentence[t.start:t.end], t.start, t.end, "contact details or advertising")
                    for t in find_numbers(sentence)], None
    masked = _masked_ranges(sentence)
    decided = ([(start, end, "inside quotes or a title") for start, end in masked]
               + identifier_spans(sentence) + past_figures_in_brackets(sentence, plan_year)
               + estimates(sentence))
    readings: list[Reading] = []
    skipped: list[Skipped] = []
    past_reason = (reports_past(sentence, plan_year or default_year, context.reports_past)
                   or (context.carried_past if not _LOOKS_AHEAD_RE.search(sentence) else None))
    subject_hint = context.subject.indicator if context.subject else None
    carried_verb = None  # "建成20家以上中医馆，100家以上中医阁": the verb carries to the next phrase
    for p_start, p_end in _phrases(sentence):
        values = []
        for token in find_numbers(sentence, p_start, p_end):
            value, reason = read_value(sentence, token, decided, subject_hint)
            if value is None:
                skipped.append(Skipped(sentence[token.start:token.end], token.start, token.end, reason))
            else:
                values.append(value)
        if past_reason and values:
            skipped.extend(Skipped(sentence[v.start:v.end], v.start, v.end, past_reason) for v in values)
            continue
        phrase_readings = _readings_for_phrase(sentence, p_start, p_end, values, skipped, carried_verb,
                                               readings)
        if phrase_readings:
            carried_verb = next((v for v in (leading_count_verb(r.indicator) for r in phrase_readings
                                             if r.kind == "count") if v), carried_verb)
        if not past_reason and coverage_cue:
            # Full coverage stated with no number, or after the phrase's last number.
            tail_start = max((v.end for v in values), default=p_start)
            phrase_readings += _coverage_readings(sentence, tail_start, p_end, masked)
            if values:
                # …or complete before the first number ("全部达到基本标准30%达到推荐标准").
                head_end = min(v.start for v in values)
                head = sentence[p_start:head_end]
                if _ALL_THEN_SHARE_RE.search(head) and not _REACH_AT_END_RE.search(head):
                    phrase_readings = _coverage_readings(sentence, p_start, head_end, masked) + phrase_readings
        readings.extend(phrase_readings)
        if phrase_readings:
            subject_hint = phrase_readings[-1].indicator or subject_hint
    readings = _carry_count_verbs(readings)
    readings = _carry_subjects(readings, context.subject)
    year_marks = _year_marks(sentence)
    default = context.carried_year or default_year
    readings = [_with_year(r, _year_for(r.start, year_marks, default)) for r in readings]
    readings = _pair_years(sentence, readings, year_marks)
    if plan_year:
        # "2022年居民健康素养水平达到33.6%": a value dated before the plan reports the past.
        skipped += [Skipped(r.value_text, r.start, r.end, "past achievement")
                    for r in readings if r.year is not None and r.year < plan_year]
        readings = [r for r in readings if r.year is None or r.year >= plan_year]
    return readings, skipped, past_reason


_LOOKS_AHEAD_RE = re.compile(r"力争|确保|争取|计划|(?:到|至)\s*20\d\d\s*年")


# A value whose own words are only a verb of change measures what the value before it did;
# "较上年提高2个百分点", "比2020年缩短0.5天": the comparison named, the measure left to the value before.
_BARE_SUBJECT_RE = re.compile(
    r"^(?:(?:较|比)(?:上年|去年|上一年|上年度|基期|20\d\d年(?:底|末)?)|同比|环比)?"
    r"(?:再|又|进一步|继续|分别|力争|争取|并|且|同时|其中|之后|以后)*"
    r"(?:增长|提高|提升|上升|增加|下降|降低|降|减少|达|达到|保持|稳定|控制|超过|增至|降至)?(?:到|至|在)?$")


def _carry_subjects(readings: list[Reading], previous: Reading | None) -> list[Reading]:
    """"从2015年的73.25岁增长到74岁;到2030年,进一步增长到76岁": 76 is 人均预期寿命 too."""
    out = []
    for reading in readings:
        subject = out[-1] if out else previous
        if (subject is not None and _BARE_SUBJECT_RE.match(reading.indicator)
                and _same_unit_family(subject.unit, reading.unit) and not subject.indicator.startswith("数量")):
            reading = replace(reading, indicator=subject.indicator, confidence=min(reading.confidence, 0.8))
        out.append(reading)
    return out


def _same_unit_family(first: str, second: str) -> bool:
    return first == second or {first, second} <= {"%", "百分点"}


_YEAR_GROUP_JOIN_RE = re.compile(r"^(?:底|末|前)?\s*(?:和|与|及|、|,|，)\s*(?:到|至)?$")


def _pair_years(sentence: str, readings: list[Reading], marks: list[tuple[int, int]]) -> list[Reading]:
    """"到2023年底和2030年,…分别不低于24%和30%": the values of a 分别 list take the listed years."""
    groups: dict[int, list[int]] = {}
    for index, reading in enumerate(readings):
        if reading.respectively:
            groups.setdefault(reading.respectively, []).append(index)
    for indexes in groups.values():
        first = readings[indexes[0]].start
        listed = _year_group_before(sentence, marks, first)
        if len(listed) == len(indexes) >= 2:
            for index, year in zip(indexes, listed):
                readings[index] = _with_year(readings[index], year)
    return readings


def _year_group_before(sentence: str, marks: list[tuple[int, int]], position: int) -> list[int]:
    """The last run of years joined by 和/与/、 before position ("2023年底和2030年")."""
    before = [(pos, year) for pos, year in marks if pos < position]
    if not before:
        return []
    group = [before[-1]]
    for pos, year in reversed(before[:-1]):
        gap_start = sentence.find("年", pos) + 1
        gap = sentence[gap_start:group[0][0]]
        if not _YEAR_GROUP_JOIN_RE.match(gap):
            break
        group.insert(0, (pos, year))
    return [year for _, year in group]


def _may_state_coverage(sentence: str) -> bool:
    """Whether the sentence holds a cue `find_full_coverage` reads (全覆盖, 所有, 均达到…)."""
    return "覆盖" in sentence or "所有" in sentence or lx.FULL_COVERAGE_RE.search(sentence) is not None


def _with_year(reading: Reading, year: int | None) -> Reading:
    # dataclasses.replace re-runs __init__ through introspection; this runs once per target.
    if reading.year == year:
        return reading
    copy = object.__new__(Reading)
    copy.__dict__.update(reading.__dict__, year=year)
    return copy


def _coverage_readings(sentence: str, start: int, end: int, masked: list[tuple[int, int]]) -> list[Reading]:
    return [Reading(indicator, 100.0, None, "%", "=", "full_coverage", sentence[s:e], None, s, e, 0.75)
            for indicator, s, e in find_full_coverage(sentence, start, end, masked)]


def _carry_count_verbs(readings: list[Reading]) -> list[Reading]:
    """"招引2000人以上,其中硕博人才不少于400人": the later count inherits the verb."""
    out = []
    verb = None
    for r in readings:
        if r.kind == "count":
            own = leading_count_verb(r.indicator)
            if own:
                verb = own
            elif verb and len(r.indicator) <= 10 and not lx.COUNT_VERB_RE.search(r.indicator):
                r = replace(r, indicator=verb + r.indicator)
        out.append(r)
    return out


# ---------------------------------------------------------------- sentence layout

_QUOTE_OPEN_RE = re.compile("|".join(map(re.escape, lx.QUOTE_PAIRS)))


def _masked_ranges(sentence: str) -> list[tuple[int, int]]:
    """Spans inside quotes and title marks: names, slogans and programme titles."""
    spans = []
    # Jump from one opening mark to the next instead of visiting every character.
    m = _QUOTE_OPEN_RE.search(sentence)
    while m:
        i = m.start()
        j = sentence.find(lx.QUOTE_PAIRS[m.group(0)], i + 1)
        if j != -1 and j - i <= 40:
            spans.append((i, j + 1))
            m = _QUOTE_OPEN_RE.search(sentence, j + 1)
        else:
            m = _QUOTE_OPEN_RE.search(sentence, i + 1)
    return spans


_OPENERS = "(（[【“《"
_CLOSERS = ")）]】”》"
# Only these characters can open, close or end a phrase; the rest are skipped in one step.
_PHRASE_MARK_RE = re.compile(
    "[" + re.escape(_OPENERS + _CLOSERS + lx.PHRASE_SEPARATORS + lx.LIST_SEPARATORS + "|") + "]")


_WORD_RE = re.compile(r"[\u4e00-\u9fff]")
_RATIO_COLON_RE = re.compile(r"\d\s*[:：]\s*\d")  # 1:1.2, 5:3:2, 8:30: digits on both sides
# What follows a label's colon when the line is "指标名称：值" (a performance list's line).
_BARE_VALUE_RE = re.compile(r"\s*(?:[≥≤<>＞＜=]|不少于|不低于|不超过|不高于|达到|约)?\s*\d[\d.]*"
                            r"(?:\s*[-—–~]\s*\d[\d.]*)?(?:\s*/\s*(?:10万|十万|1万|万|1000|千|100))?"
                            r"\s*[^\s\d,，;；。:：(（]{0,4}\s*"
                            r"(?:[(（][^()（）]{0,40}[)）])?\s*[。;；]?$")


def _phrases(sentence: str) -> list[tuple[int, int]]:
    """Phrase spans cut at ，；： outside brackets and quotes."""
    spans = []
    depth = 0
    start = 0
    for m in _PHRASE_MARK_RE.finditer(sentence):
        i, ch = m.start(), m.group(0)
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
        elif ch in ":：" and (_RATIO_COLON_RE.match(sentence, max(0, i - 1))
                              or _BARE_VALUE_RE.match(sentence, i + 1)):
            continue  # 医护比1:1.2, 5:3:2 (ratios); "孕产妇系统管理率：≥90%" (a label and its value)
        elif ch == "|" or (depth == 0 and (ch in lx.PHRASE_SEPARATORS or (
                ch in lx.LIST_SEPARATORS and sentence[max(0, i - 3):i] == "全覆盖"))):
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


# The leading lookahead lets re skip the characters no mark can start with (到/至/于/在 or 2).
_YEAR_MARK_RE = re.compile(
    r"(?=[到至于在2])(?:(?P<pre>到|至|于|在)\s*)?(?P<year>20\d\d)\s*年(?P<post>底|末|前|内|度)?")


# "“十四五”末", "十五五期末": the last year of a five-year plan period.
_PERIOD_END_RE = re.compile(r"[“\"]?(十[一二三四五六]五)[”\"]?(?:时期|期)?末")
_PERIOD_LAST_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030,
                     "十六五": 2035}


def _year_marks(sentence: str) -> list[tuple[int, int]]:
    marks = _dated_marks(sentence)
    if "五" in sentence:
        marks += [(m.start(), _PERIOD_LAST_YEAR[m.group(1)]) for m in _PERIOD_END_RE.finditer(sentence)]
        marks.sort()
    return marks


def _dated_marks(sentence: str) -> list[tuple[int, int]]:
    """(position, year) of each target year the sentence names (到2027年, 2025年底前)."""
    # "比2020年提高1岁", "从2015年的…", "在2020年基础上": a year to compare with, not the
    # target's year; "2015年的73.25岁" dates a past figure, but "提高到2020年的77.6岁" names the
    # year aimed at.
    return [(m.start(), int(m.group("year"))) for m in _YEAR_MARK_RE.finditer(sentence)
            if not sentence[max(0, m.start() - 2):m.start()].endswith(
                ("由", "从", "比", "较", "与", "同", "—", "-", "–", "~", "至"))
            and not sentence.startswith(("基础上", "的基础上", "水平上", "基数上"), m.end())
            and not (sentence[m.end():m.end() + 1] == "的" and not m.group("pre"))
            and not sentence[m.end():m.end() + 1] in (")", "）")
            and not _inside_brackets(sentence, m.start())]


def _inside_brackets(sentence: str, position: int) -> bool:
    """Years in brackets date a programme ("提升行动(2024—2026年)"), not a target."""
    opened = max(sentence.rfind("(", 0, position), sentence.rfind("（", 0, position))
    closed = max(sentence.rfind(")", 0, position), sentence.rfind("）", 0, position))
    return opened > closed


def _year_for(position: int, marks: list[tuple[int, int]], default_year: int | None) -> int | None:
    before = [year for pos, year in marks if pos < position]
    return before[-1] if before else default_year


# ---------------------------------------------------------------- one number



















# ---------------------------------------------------------------- indicators

def _readings_for_phrase(sentence: str, p_start: int, p_end: int, values: list[Value],
                         skipped: list[Skipped], carried_verb: str | None = None,
                         earlier: list[Reading] | None = None) -> list[Reading]:
    if not values:
        return []
    phrase = sentence[p_start:p_end]
    part = _part_of_previous(sentence, p_start, values, earlier or [])
    if part:
        return part
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
        starts_phrase = not clean_indicator(sentence[p_start:value.start])
        reading = _reading(sentence, s_start, s_end, value, skipped,
                           first_verb or (carried_verb if starts_phrase else None))
        if reading is None:
            continue
        verb = leading_count_verb(reading.indicator)
        if first_verb is None and verb:
            first_verb = verb
        elif first_verb and not verb and reading.kind == "count" and readings:
            reading = replace(reading, indicator=first_verb + reading.indicator)
        readings.extend(_split_rank(sentence, reading) if reading.kind == "rank" else [reading])
    return readings


_PART_HEAD_RE = re.compile(r"^\s*(?:其中|含|包括)\s*$")


def _part_of_previous(sentence: str, p_start: int, values: list[Value],
                      earlier: list[Reading]) -> list[Reading]:
    """"新建…医院12家,其中10家在原特区外": a part of the count before it, in the same unit."""
    if len(values) != 1 or not earlier or not _PART_HEAD_RE.match(sentence[p_start:values[0].start]):
        return []
    value, whole = values[0], earlier[-1]
    if whole.kind != "count" or whole.unit != value.unit:
        return []
    detail = re.split(r"[,，;；。]", sentence[value.end:])[0].strip()
    reading = _simple_reading(f"{whole.indicator}(其中{detail})" if detail else f"{whole.indicator}(其中)",
                              value, sentence)
    return [replace(reading, kind="count")]


_RANK_ITEMS_RE = re.compile(r"^(?P<items>.+?)(等(主要)?指标)?(?P<scope>全国|全省|全市|全区)?排名$")


def _split_rank(sentence: str, reading: Reading) -> list[Reading]:
    """"急救平均时间、心肺复苏成功率等主要指标进入全省前三": one rank per named indicator."""
    m = _RANK_ITEMS_RE.match(reading.indicator)
    if not m or "、" not in m.group("items") or "(" in m.group("items"):
        return [reading]
    scope = m.group("scope") or ""
    return [replace(reading, indicator=item + scope + "排名") for item in split_names(m.group("items"))]


def _segments(sentence: str, p_start: int, p_end: int, values: list[Value]) -> list[tuple[int, int]]:
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


def _share_adjacent_comparators(values: list[Value]) -> list[Value]:
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


def _reading(sentence: str, s_start: int, s_end: int, value: Value,
             skipped: list[Skipped], list_verb: str | None = None) -> Reading | None:
    before = sentence[max(s_start, value.start - WINDOW):value.start]
    after = sentence[value.end:min(s_end, value.end + WINDOW)]
    confidence = 0.9
    noun = noun_after(after)
    clean_before = clean_indicator(before)
    if value.kind == "count" and noun:
        # Number before its noun: "创建65家无烟党政机关" counts things only after a verb of doing
        # or building (or one shared by the list it stands in); "落实18项核心制度" names a set.
        verb_at = last_count_verb(before)
        if _DONE_WELL_RE.search(before.rstrip()) or (value.unit == "类" and before.rstrip().endswith("好")):
            # "开展好8类健康细胞示范建设": doing a known set well, not a number to reach.
            skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                   "number names a set"))
            return None
        if verb_at is None and _AT_PLACES_RE.search(before.rstrip()) and value.unit in _PLACE_UNITS:
            return Reading("在" + noun, value.token.value, value.token.value_high, value.unit, value.comparator,
                           "count", sentence[value.start:value.end], None, value.start, value.end, 0.8)
        if verb_at is None and _SERVE_RE.search(before.rstrip()):
            # "为2000名适龄儿童窝沟封闭", "为1.2万名残疾人开展…服务": people to serve.
            if value.unit not in lx.PERSON_UNITS:
                skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                       "scope of a service"))
                return None
            indicator = "为" + noun
            return Reading(indicator, value.token.value, value.token.value_high, value.unit,
                           value.comparator, "count", sentence[value.start:value.end], None,
                           value.start, value.end, 0.85)
        if verb_at is not None:
            governed = before[verb_at:]
            if governed.rstrip().endswith("的") and len(governed) > 12:
                governed = lx.COUNT_VERB_RE.match(governed).group(0)
            indicator = strip_regions(lx.GENERIC_VERBS_RE.sub("", clean_indicator(governed))) + noun
        elif list_verb:
            indicator = list_verb + clean_before + noun
        elif value.comparator in (">=", "<=", ">", "<"):
            # "每个县至少有1所二级甲等以上综合医院": a bound printed before the count commits to it.
            indicator = strip_regions(clean_before) + noun
        else:
            skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                   "number names a fixed set"))
            return None
    elif value.unit == "%" and value.kind == "level" and noun and not ends_with_measure(clean_before):
        # "80%以上基层医疗机构建成…" — the share of units that do something.
        indicator = strip_regions(clean_before) + noun + "比例"
    elif value.unit == "%" and value.kind == "level" and _REACH_VERB_RE.match(after) \
            and _ALL_THEN_SHARE_RE.search(sentence[max(0, value.start - WINDOW):value.start]):
        # "…全部达到基本标准,30%达到推荐标准": all reach one bar, a share reaches the next.
        context = sentence[max(0, value.start - WINDOW):value.start]
        head = context[:list(_ALL_THEN_SHARE_RE.finditer(context))[-1].start()]
        subject = clean_indicator(re.split(r"[,，;；。]", head)[-1])
        indicator = subject + re.split(r"[,，;；]", after)[0] + "比例"
        confidence -= 0.1
    else:
        indicator = clean_before
        if value.kind == "count" and value.unit in ("项", "大项") and lx.PROGRAMME_NOUN_RE.search(before.rstrip()):
            # "完成健康中国行动15项", "确定民生实事项目8项": the size of a named set.
            skipped.append(Skipped(sentence[value.start:value.end], value.start, value.end,
                                   "size of a named programme"))
            return None
        if not indicator or indicator in lx.COUNT_VERBS:
            indicator = (indicator or "") + noun_for_unit(value.unit)
            confidence -= 0.3
    indicator = _COMPARED_TAIL_RE.sub("", indicator)
    indicator = _QUALIFIER_TAIL_RE.sub("", _YEAR_IN_NAME_RE.sub("", indicator).strip(" ,、"))
    # "病例数达同期出院病例数70%以上" → "病例数占同期出院病例数比例".
    if value.unit == "%":
        indicator = _SHARE_OF_COUNT_RE.sub(r"占\1比例", indicator)
    kind = _kind_for_name(value.kind, indicator, value.unit)
    if kind == "rank":
        indicator = rank_name(indicator, before)
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


# "开展好8类…活动": doing a known set well, not a count to reach ("做好58个专科培育" is one).
_DONE_WELL_RE = re.compile(r"(?:开展|落实|实施|推进|抓)好$")
# "(免费)为…", "向…提供": the people a service is for.
_SERVE_RE = re.compile(r"(?<![成作认称视改更转分列定评因以])(?:为|向|给)(?:全市|全区|全县|全省|全镇|辖区|全辖区)?$")
# "在10个社区卫生服务站开设…": the number of places a service is set up in.
_AT_PLACES_RE = re.compile(r"(?:^|[^\u4e00-\u9fff]|力争|确保|并|再|全年)在$")
_PLACE_UNITS = {"个", "家", "所", "处", "座"}
# "X全部达到…标准, 30%达到…": the subject of an all-then-share pair.
_ALL_THEN_SHARE_RE = re.compile(r"(全部|均|都)(达到|达|实现)")
# "…全部达到" right before the number: the number is what all reach, not a share.
_REACH_AT_END_RE = re.compile(r"(达到|达|实现)$")
# "床位数从2020年的6.3张提高到", "人均预期寿命比2020年提高": the start or the comparison is not
# part of the indicator's name.
_COMPARED_TAIL_RE = re.compile(r"(?<=[\u4e00-\u9fff)）])(?:从|由|比|较)(?=[^,，;；]*(?:\d|目前|现在|上年|去年))[^,，;；]*$")
# "推进2025年16家…": the year is when, not what.
_YEAR_IN_NAME_RE = re.compile(r"20\d\d年度?")
# "推广10类" before "40项": the qualifying count is not part of the name.
_QUALIFIER_TAIL_RE = re.compile(r"\d+(?:\.\d+)?大?[类项个种]$")
# "…30%达到推荐标准": a share of units reaching a bar.
_REACH_VERB_RE = re.compile(r"(达到|实现|建成|开展|提供)")
# "病例数达同期出院病例数70%以上": the share one count is of another.
_SHARE_OF_COUNT_RE = re.compile(r"达(?=[^达]*数$)(.*数)$")
# Per-capita and ratio indicators are levels even when counted in 人 or 张.
_LEVEL_NAME_RE = re.compile(r"^(每[千万百十]|千人|万人|人均)|(率|比例|占比|比重|水平|指数)$")






















def _pair_respectively(sentence: str, p_start: int, values: list[Value]) -> list[Reading] | None:
    phrase_head = sentence[max(p_start, values[0].start - WINDOW):values[0].start]
    idx = phrase_head.find("分别")
    if idx == -1:
        return None
    names = split_names(clean_indicator(phrase_head[:idx]))
    if len(names) == 1 and names[0]:
        # "居民健康素养水平分别不低于24%和30%": one indicator, a value per year or place named.
        names = names * len(values)
    if len(names) != len(values):
        return None
    names = shared_prefix(share_measure(names))
    shared_cmp = next((v.comparator for v in reversed(values) if v.comparator != "="), "=")
    # "分别提高2个百分点和3个百分点": the change verb is printed once, before the first value.
    shared_change = values[0].kind == "change"
    readings = []
    for name, value in zip(names, values):
        comparator = value.comparator if value.comparator != "=" else shared_cmp
        kind = "change" if shared_change and value.unit in ("百分点", "%") else value.kind
        readings.append(replace(_simple_reading(clean_indicator(name), replace(value, comparator=comparator, kind=kind),
                                                sentence), respectively=values[0].start + 1))
    return readings


_EACH_AT_END_RE = re.compile(r"(均|各|都)(达到|达|为|在|保持在|保持|不低于|不少于|不高于|不超过|控制在|控制到|"
                             r"降至|降到|提高到|提升到|稳定在|维持在|增加|新增|增补|招聘|招录|培养|培训|配备|"
                             r"建设|建成|新建|设立|打造|创建|遴选)?$")


def _shared_value(sentence: str, p_start: int, value: Value) -> list[Reading] | None:
    """"A和B均达到70%以上", "建成A、B、C各3-5个": one target per named indicator."""
    head = sentence[max(p_start, value.start - WINDOW):value.start]
    m = _EACH_AT_END_RE.search(head.rstrip())
    if not m:
        return _each_builds(head, value, sentence)
    names = split_names(clean_indicator(head[:m.start()]))
    if len(names) < 2:
        return None
    verb = leading_count_verb(names[0]) if value.kind == "count" else None
    names = share_tail(names)
    readings = []
    for i, name in enumerate(names):
        name = clean_indicator(name)
        if verb and i > 0 and not leading_count_verb(name):
            name = verb + name
        readings.append(_simple_reading(name, value, sentence))
    return readings












_EACH_VERB_RE = re.compile(r"各(?=" + lx.COUNT_VERB_RE.pattern + r")")


def _each_builds(head: str, value: Value, sentence: str) -> list[Reading] | None:
    """"在市中医医院、市人民医院各建设传承工作室1至2个": one target for each place named."""
    m = _EACH_VERB_RE.search(head)
    if not m or value.kind != "count":
        return None
    names = split_names(clean_indicator(head[:m.start()]))
    if len(names) < 2 or any(len(name) > 20 for name in names):
        return None
    what = clean_indicator(head[m.end():])
    return [_simple_reading(name + what, value, sentence) for name in names]


def _simple_reading(indicator: str, value: Value, sentence: str) -> Reading:
    confidence = 0.85 if len(indicator) > 4 else 0.6
    return Reading(indicator, value.token.value, value.token.value_high, value.unit, value.comparator,
                   _kind_for_name(value.kind, indicator, value.unit), sentence[value.start:value.end],
                   None, value.start, value.end, confidence)


def _kind_for_name(kind: str, indicator: str, unit: str) -> str:
    """Per-capita and ratio indicators are levels even when counted in 人 or 张."""
    if kind == "count" and (_LEVEL_NAME_RE.search(indicator) or
                            (indicator.startswith("每个") and unit in ("人", "名"))):
        return "level"
    return kind


# ---------------------------------------------------------------- full coverage









