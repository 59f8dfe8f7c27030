"""One number in a sentence: its unit, comparator and kind, or why it is not a target.

Only the words near the number decide (TARGETS.md: comparator words, units, the things that
are not targets), so reading stays linear even in huge unpunctuated text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extraction import lexicon as lx
from etl.extraction.numbers import NumberToken

# How far around a number its words are read (indicator names are far shorter).
WINDOW = 120

# Word lists as tuples: str.endswith/startswith test a whole tuple in one call, and only a
# hit needs the (ordered) search for which word it was.
_PREFIX_WORDS = tuple(w for w, _ in lx.PREFIX_COMPARATORS)
_SUFFIX_WORDS = tuple(w for w, _ in lx.SUFFIX_COMPARATORS)
_CHANGE_VERBS = tuple(lx.CHANGE_VERBS)
_CEILING_VERBS = tuple(lx.CEILING_VERBS)
_LETTER_BEFORE_RE = re.compile(r"[A-Za-z+＋×*]$")
_LETTER_AFTER_RE = re.compile(r"[A-Za-z+＋×*]")
# "配置AED300台", "新增CT 2台": an English device name then how many (not DRG2.0 or 5G).
_DEVICE_NAME_BEFORE_RE = re.compile(r"(?<![A-Za-z0-9.])[A-Za-z]{2,6}\s?$")
_DEVICE_COUNT_RE = re.compile(r"^\s?(?:台|套|辆|部|个|家|所)")
# "目标1:", "任务2:", "附件3", "表1": a label's number, not a value.
# A count joined to the one before it ("…1个A和1个B", "…2家、3家"), and a bound over the first.
_JOINED_RE = re.compile(r"(?:和|及|以及|、)$")
_AT_LEAST_COUNT_RE = re.compile(r"(?:至少|不少于|最少)(?:" + lx.COUNT_VERB_RE.pattern + r")?\s*\d")
_LABEL_NUMBER_RE = re.compile(r"(?:^|[^\u4e00-\u9fff]|见|如|按|据)(?:目标|任务|指标|措施|举措|项目|附件|附表|表|图|专栏|第)$")
# "至少配备1名全科医生的比例达到75%": the count qualifies the name of the share that follows.
# "培育年产值超10亿元的中药企业5家": the amount describes the enterprises counted after it.
_QUALIFIES_A_NOUN_RE = re.compile(r"^(?:以上|以下)?的[\u4e00-\u9fff“”\"]{1,12}\d")
_QUALIFIES_A_SHARE_RE = re.compile(r"^[^，,；;。:：]{0,30}?的(?:比例|占比|比重|覆盖率|达标率)"
                                   r"(?:达到|达|为|不低于|提高到|提升到|保持在)?\s*\d")
_NUMBERING_AFTER_RE = re.compile(r"[.、．)]")
_DIGIT_BEFORE_RE = re.compile(r"\d$")
_RANK_VERB_RE = re.compile(r"(进入|位居|位列|跻身|排名|保持|稳居)")
_TIME_WORD_RE = re.compile(r"(时间|时长|时限|用时|周期|住院日|天数|日数)")
# "至少举办6次", "至少掌握6类": a lower bound printed before the verb that governs the number.
_AT_LEAST_VERB_RE = re.compile(r"(至少|不少于|最少)(要有|有|设有|建有|拥有|掌握|配备|配置|开展|提供|组织|举办|召开|实施|"
                               + lx.COUNT_VERB_RE.pattern + r")$")


@dataclass(frozen=True)
class Value:
    """A number read as a value: its unit, comparator, kind and printed span in the sentence."""

    token: NumberToken
    unit: str
    comparator: str
    kind: str
    start: int  # value_text span within the sentence
    end: int


def read_value(sentence: str, token: NumberToken, decided: list[tuple[int, int, str]],
               subject_hint: str | None = None) -> tuple[Value | None, str]:
    """Unit, comparator and kind of one number, or None with the reason it is no target.

    decided: spans already known not to hold targets (quotes, phone numbers, dates, past
    figures in brackets …) with their reasons; subject_hint: what the value before this one
    measured ("…寿命…74岁;到2030年,进一步增长到76岁").
    """
    for start, end, reason in decided:
        if start <= token.start < end:
            return None, reason
    # Words near the number decide how it reads; a window keeps huge unpunctuated text linear.
    before = sentence[max(0, token.start - WINDOW):token.start]
    after = sentence[token.end:token.end + WINDOW]
    if before.endswith("第"):
        return None, "ordinal"
    if "|" in sentence and _alone_in_cell(sentence, token):
        return None, "number alone in a table cell"
    if (_LETTER_BEFORE_RE.search(before) and not _DEVICE_COUNT_RE.match(after)
            and not (_DEVICE_NAME_BEFORE_RE.search(before) and lx.UNIT_RE.match(after))) \
            or _LETTER_AFTER_RE.match(after):
        return None, "part of a name or code"
    if before.endswith("(") and after.startswith(")"):
        return None, "list marker"
    if _LABEL_NUMBER_RE.search(before) and (after[:1] in (":", "：", " ", "") or not is_cjk(after[:1] or "x")):
        return None, "list marker"
    if not token.is_chinese and _is_year(token, after):
        return None, "year"
    if _FROM_RE.search(before):
        return None, "baseline in text"  # "从2015年的73.25岁增长到74岁": the start, not the aim

    if token.is_split:
        return None, "sharing ratio"
    if token.is_ratio:
        return _ratio_value(before, after, token)
    unit, unit_len = _unit_after(token, after)
    per = lx.PER_UNIT_RE.match(after, unit_len) if unit else None
    if per:
        unit, unit_len = unit + per.group(0), per.end()  # 3次/月, 24元/人
    rest = after[unit_len:]
    if unit and (_QUALIFIES_A_SHARE_RE.match(rest)
                 or (unit not in ("%", "‰") and _QUALIFIES_A_NOUN_RE.match(rest))):  # 80%以上的… is a share
        return None, "number inside a name"
    if (not unit and not token.is_chinese and _NUMBERING_AFTER_RE.match(rest)
            and not _DIGIT_BEFORE_RE.search(before)):
        return None, "clause number"
    if unit in lx.NON_TARGET_UNITS and not _is_level_reached(unit, token, before):
        return None, lx.NON_TARGET_UNITS[unit]
    if unit in lx.AGE_UNITS and not _is_life_expectancy(before, rest, subject_hint):
        return None, "age"
    if unit in ("个月", "月龄") and _POPULATION_AFTER_RE.match(rest):
        return None, "age"  # 0-36个月儿童
    if unit in lx.DURATION_UNITS and not _is_time_limit(before, rest):
        # "24小时儿科门诊", "15分钟服务圈" name a service; "平均住院日不超过7.5天" limits a time.
        return None, "duration in a name"
    if not unit and not token.is_rank and rest[:1] and is_cjk(rest[0]) and not _starts_comparator(rest):
        return None, "number inside a name"
    if before.endswith("等") or (before.endswith(_TOTAL_WORDS) and _LIST_FOLLOWS_RE.match(rest)
                                 and unit not in _MONEY_UNITS):  # a sum of money is a budget (below)
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
        has_verb = _RANK_VERB_RE.search(_phrase_of(before)[-24:])
        if (is_top and not has_verb) or (not has_verb and not lx.RANK_CONTEXT_RE.search(before[-6:]).group(0)):
            return None, "not a rank"
        comparator = "<=" if comparator == "=" else comparator
        unit = "名"
        kind = "rank"
    elif change_verb and (unit in ("百分点", "个百分点", "%") or unit in lx.DURATION_UNITS):
        start -= len(change_verb)  # 提高2个百分点, 较上年缩短0.3天
        kind = "change"
    elif (unit in lx.LEVEL_UNITS or unit in ("元", "万元", "亿元", "分", "级")
          or unit in lx.DURATION_UNITS):
        kind = "level"
    else:
        kind = "count"
    if unit == "个百分点":
        unit = "百分点"
    if unit == "%" and kind == "level" and token.value > 100 and not _MAY_EXCEED_RE.search(before[-16:]):
        return None, "impossible percentage"  # "提升到254%": a decimal point lost in copying
    if token.value_high is not None:
        comparator = "range"
    if unit in _MONEY_UNITS and comparator == "=" and _is_budget(_phrase_of(before, _LABELLED_CUT_RE)) \
            and not _REACH_BEFORE_RE.search(before):
        # "资金合计1260万元", "每个补助15万元": money set aside; "经费达到60万元以上" is a level.
        return None, "budget"
    return Value(token, unit, comparator, kind, start, end), ""


# "从2015年的73.25岁", "由目前的26分钟", "从上年的": where a change starts, not where it aims.
_FROM_RE = re.compile(r"(?:从|由)\s*(?:(?:19|20)\d\d\s*年(?:底|末)?\s*的?|目前的?|现在的?|现有的?|上年的?|去年的?"
                      r"|[^,，;；。\d]{0,6}的)?\s*$")


def _alone_in_cell(sentence: str, token: NumberToken) -> bool:
    """"1 | 项目名称 | … | 170 |": a bare number in a cell of a table with no year columns
    (row numbers, amounts) says nothing a reader could name."""
    left = sentence.rfind("|", 0, token.start) + 1
    right = sentence.find("|", token.end)
    right = len(sentence) if right == -1 else right
    return not sentence[left:token.start].strip() and not sentence[token.end:right].strip()


_REACH_VERB_END_RE = re.compile(r"(?:缩短|控制|降|减少|压缩|提高|达)(?:至|到|在)?$")
# Shares of a whole stay within 100 %; growth and ratios may exceed it.
_MAY_EXCEED_RE = re.compile(r"(?:增长|增加|提高|提升|上升)(?![到至])|新增|增幅|增速|翻|倍|比值|之比")
_REACH_BEFORE_RE = re.compile(r"(?:达到|达|提高到|提高至|提升到|提升至|增加到|增至|不低于|不少于)\s*$")
_TOTAL_WORDS = ("共", "共计", "合计", "总计", "一共")
# "…共3项,主要为…": the total of the items listed next.
_LIST_FOLLOWS_RE = re.compile(r"[,，:：]?(?:主要为|主要是|包括|分别为|分别是|即|具体为|具体是|其中)|[:：]")
_MONEY_UNITS = {"元", "万元", "亿元"}
_BUDGET_WORDS_RE = re.compile(r"资金|预算|测算|投资|投入|拨付|补助|补贴|奖补|筹措|合计|总计|共计|安排|下达|争取|财政|配套|经费")
# A per-head amount is a level to reach (人均基本公共卫生服务经费达102元), not money set aside.
_PER_HEAD_RE = re.compile(r"人均|每人|每位|每名")
# Words that name a group of people defined by age: "65岁以上老年人", "0-6岁儿童".
_POPULATION_AFTER_RE = re.compile(r"(?:及以上|以上|以下|及以下|至\d+岁)?的?(?:老年人|老人|儿童|婴幼儿|人群|居民|"
                                  r"妇女|学生|青少年|人口|男性|女性|孕产妇|新生儿|患者|群体|适龄)")
_PHRASE_CUT_RE = re.compile(r"[,，;；:：。]")


# "项目资金：2860万元": a label and its value are one phrase for what the value is.
_LABELLED_CUT_RE = re.compile(r"[,，;；。]")


def _phrase_of(before: str, cut: re.Pattern = _PHRASE_CUT_RE) -> str:
    """The words before a number back to the start of its phrase."""
    cuts = list(cut.finditer(before))
    return before[cuts[-1].end():] if cuts else before


def _is_life_expectancy(before: str, rest: str, subject_hint: str | None) -> bool:
    """"人均预期寿命从2015年的73.25岁增长到74岁": years of life, not an age group."""
    if _POPULATION_AFTER_RE.match(rest):
        return False
    phrase = _phrase_of(before)
    if "寿命" in phrase or "寿命" in before[-12:]:
        return True
    # "…寿命…;到2030年,进一步增长到76岁": a phrase with no subject of its own.
    return bool(subject_hint and "寿命" in subject_hint and not re.search(r"[\u4e00-\u9fff]{2,}(?:率|数|人)", phrase))


def _is_budget(phrase: str) -> bool:
    """"资金测算数合计为430万元": money set aside, not a level to reach (人均经费达102元 is one)."""
    return bool(_BUDGET_WORDS_RE.search(phrase)) and not _PER_HEAD_RE.search(phrase)


def _is_year(token: NumberToken, after: str) -> bool:
    if token.value_high is not None:
        return 1900 <= token.value <= 2100 and 1900 <= token.value_high <= 2100
    if not (1900 <= token.value <= 2100 and token.value == int(token.value)):
        return False
    # "回顾2022:" heads a review of that year as "2022年:" would.
    return after[:1] in ("年", "-", "—", "–", ")", "〕", "]", ":", "：") or after.startswith(("年", "版"))


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


_RATIO_RULE_RE = re.compile(r"(?:按照?|依照|以)\s*$")


def _ratio_value(before: str, after: str, token: NumberToken) -> tuple[Value | None, str]:
    """医护比达到1:1.2 is a level to reach; 按1:1比例落实配套资金 says how funds are shared."""
    if _RATIO_RULE_RE.search(before) or re.match(r"\s*的?比例?(?:配套|分担|安排|落实|匹配)", after):
        return None, "sharing ratio"
    prefix = _prefix_comparator(before)
    comparator = prefix[1] if prefix else "="
    start = token.start - (len(prefix[0]) if prefix else 0)
    end = token.end
    rest = after.lstrip()
    suffix = (next(s for s in lx.SUFFIX_COMPARATORS if rest.startswith(s[0]))
              if rest.startswith(_SUFFIX_WORDS) else None)
    if suffix and comparator == "=":
        comparator = suffix[1]
        end += len(after) - len(rest) + len(suffix[0])
    return Value(token, "", comparator, "level", start, end), ""


def _is_time_limit(before: str, rest: str) -> bool:
    """A duration that is itself the value: a time limit, or a table cell holding only it."""
    if not before.strip() and not rest.strip():
        return True
    names_a_service = bool(rest[:1]) and is_cjk(rest[0]) and not _starts_comparator(rest)
    if names_a_service:
        return False
    limited = (_prefix_comparator(before) is not None or _starts_comparator(rest)
               or before.rstrip().endswith(_CEILING_VERBS))
    if before.rstrip().endswith(_CHANGE_VERBS):
        return True  # 较上年缩短0.3天: the change of a time
    return limited or bool(_TIME_WORD_RE.search(before[-12:])) or bool(
        _TIME_WORD_RE.search(_phrase_of(before)) and _REACH_VERB_END_RE.search(before))


def _starts_comparator(text: str) -> bool:
    return text.startswith(_SUFFIX_WORDS) or text.startswith(("的",))


def _prefix_comparator(before: str) -> tuple[str, str] | None:
    stripped = before.rstrip()
    if not stripped.endswith(_PREFIX_WORDS):
        return None
    return next((w, c) for w, c in lx.PREFIX_COMPARATORS if stripped.endswith(w))


def _comparator_before_verb(before: str) -> str | None:
    """"至少举办6次": a comparator word governing the verb that governs the number; and
    "至少建成1个影像中心和1个心电中心": the same bound over each count joined to the first."""
    before = before.rstrip()
    if _AT_LEAST_VERB_RE.search(before):
        return ">="
    if _JOINED_RE.search(before) and _AT_LEAST_COUNT_RE.search(_phrase_of(before)):
        return ">="
    return None


def _is_level_reached(unit: str, token: NumberToken, before: str) -> bool:
    """"平均级别达到4级以上": a level in digits reached is a target; "二级甲等", "三级医院"
    and "C级" stay grades in names."""
    return unit == "级" and not token.is_chinese and bool(_REACH_BEFORE_RE.search(before))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
