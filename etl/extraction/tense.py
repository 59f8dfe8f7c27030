"""Whether a number reports the past or commits to the future, from the words around it.

Chinese marks tense with words, not verb forms: 已/截至/完成了 report what was done, 力争/确保/
到2025年 commit to what will be; a year in brackets beside a target (≥62%(2022年:61%)) gives last
year's figure for comparison; 预计 gives an estimate. Sections that review the past (工作成效,
完成情况) report, unless a sentence says it looks ahead.
"""
from __future__ import annotations

import re

from etl.extraction import lexicon as lx

_OPENING_YEAR_RE = re.compile(r"^[(（“]?(20\d\d)年(?!底前|前)")
_TO_YEAR_RE = re.compile(r"(到|至)\s*20\d\d\s*年")
# "截至2022年底…共完成…": a count taken at a date in the past.
# 已 before a verb (已投入, 已建成) reports what is done; 已婚/已知 are not verbs of doing.
_AS_OF_RE = re.compile(r"截至|截止到?|截止目前|目前已|现已|已(?![婚知故])[\u4e00-\u9fff]")
# "同比增长12.3%" in a plan's review, unless the sentence bounds it (以内, 不低于) or aims (力争).
_YEAR_ON_YEAR_RE = re.compile(r"同比(?:增长|下降|提高|增加|减少|上升|降低)")
# (预期寿命 and 计划生育 are names, not plans.)
_FUTURE_RE = re.compile(r"力争|确保|争取|努力|计划(?!生育)|预期目标|下一步|明年|今年|年内|年底前|"
                        r"(?:到|至)\s*20\d\d\s*年|不低于|不少于|不超过|不高于|≥|≤|控制在")
_PAST_PERIOD_RE = re.compile(r"[“\"「『‘]?(十[一二三四五]五)[”\"」』’]?(?:期间|时期|以来|末)")
_PERIOD_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
# (2022年:61%) (2022:90%) (上年:80%) (去年为73%) (上年89.2%): a figure of an earlier year given
# beside a target.
_PAST_BRACKET_RE = re.compile(
    r"[(（]\s*(?:(?P<year>(?:19|20)\d\d)\s*年?(?:度|底|末)?|上年|去年|前年|上一年|上年度|基期|基线|现状|原)"
    r"\s*(?:(?:[:：]|为|是|值|水平|实际|完成)[^()（）]{0,24}|\d[^()（）]{0,20})[)）]")
# "预计接种人数39000人,平均接种费用为24元/人": an estimate word with a number in its own phrase
# makes the rest of the sentence estimates ("加强服务成本测算," estimates nothing).
_ESTIMATE_RE = re.compile(r"(?:预计|预估|估算|测算|估计)[^,，;；。:：]*?\d")


# "回顾2022:去年,全市新增托位860个": a sentence that opens by looking back.
_LOOKS_BACK_OPENING_RE = re.compile(r"^\W{0,3}(?:回顾|去年|上一年|上年度?|前一年|过去一年|过去[一二三四五]年)")


def reports_past(sentence: str, plan_year: int | None, section_reports_past: bool = False) -> str | None:
    """The reason a sentence's numbers report the past ("past achievement"…), or None."""
    if any(map(sentence.__contains__, lx.PAST_MARKERS)) or _AS_OF_RE.search(sentence):
        return "past achievement"
    if _LOOKS_BACK_OPENING_RE.match(sentence):
        return "past achievement"
    # "2023年全省…完成…" opens with a year before the plan's own.
    m = _OPENING_YEAR_RE.match(sentence)
    if m and plan_year and int(m.group(1)) < plan_year and not _TO_YEAR_RE.search(sentence):
        return "past achievement"
    period = _PAST_PERIOD_RE.search(sentence)
    if period and plan_year and _PERIOD_END[period.group(1)] < plan_year:
        return "past achievement"  # "“十三五”期间,全市…由…提高到…" in a 十四五 plan
    looks_ahead = _FUTURE_RE.search(sentence) is not None
    if _YEAR_ON_YEAR_RE.search(sentence) and not looks_ahead:
        return "past achievement"
    if section_reports_past and not looks_ahead:
        return "report of the past"
    return None


# "≥62%(60.4%)": a bare figure in brackets right after a target is where the indicator stands.
_FIGURE_IN_BRACKETS_RE = re.compile(r"(?<=[\d%‰万人个家张次])\s*[(（]\s*\d+(?:\.\d+)?\s*(?:%|‰|/10万)?\s*[)）]")


def past_figures_in_brackets(sentence: str, plan_year: int | None) -> list[tuple[int, int, str]]:
    """Spans of brackets holding an earlier year's figure, with their reason."""
    spans = [(m.start(), m.end(), "past figure in brackets") for m in _FIGURE_IN_BRACKETS_RE.finditer(sentence)]
    for m in _PAST_BRACKET_RE.finditer(sentence):
        year = m.group("year")
        if year and plan_year and int(year) >= plan_year:
            continue  # (2025年:95%) beside a 2023 plan names a later target, not the past
        spans.append((m.start(), m.end(), "past figure in brackets"))
    return spans


def estimates(sentence: str) -> list[tuple[int, int, str]]:
    m = _ESTIMATE_RE.search(sentence)
    return [(m.start(), len(sentence), "estimate")] if m else []


# Headings of parts that review what was done, and of parts that plan (which end a review).
_REPORT_HEADING_RE = re.compile(
    r"工作成效|主要成效|取得成效|取得的成效|工作成绩|主要成绩|主要成就|完成情况|进展情况|执行情况|实施情况|"
    r"工作总结|年度总结|回顾|自评|自查|主要做法|工作开展情况|总体情况|基本情况|发展基础|工作基础|发展现状|现状分析|"
    r"发展背景|发展环境|现实基础|主要成就|取得的成绩|工作成就")
_PLAN_HEADING_RE = re.compile(
    r"目标|任务|安排|计划|打算|思路|下一步|要点|举措|措施|重点工作|总体要求|主要指标|指导思想|保障|路径|行动|"
    # news and WeChat headings: "2025年这样干", "今年怎么干", "划重点"
    r"这样干|怎么干|干什么|今年|明年|新的一年|下阶段|下一阶段|接下来|划重点")
_HEADING_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年?")
_REPORT_TITLE_RE = re.compile(r"总结|自评|自查|完成情况|工作报告|年度报告|绩效评价|述职")


def section_modes(title: str | None, sections: list[str], plan_year: int | None = None) -> list[bool]:
    """For each clause (by its section heading): does its part report the past?

    A review heading (工作成效, 完成情况, 发展基础) starts a review, a planning heading (目标,
    任务, 下一步, or a heading naming the plan's year or a later one) ends it; headings that say
    neither keep the mode they find (sub-headings of a review). A document titled as a report (总结, 自评, 工作报告) starts in review.
    """
    reporting = bool(title and _REPORT_TITLE_RE.search(title))
    modes, last = [], None
    for section in sections:
        if section != last:
            year = _HEADING_YEAR_RE.search(section)
            if _REPORT_HEADING_RE.search(section):
                reporting = True
            elif _PLAN_HEADING_RE.search(section) or (year and plan_year and int(year.group(1)) >= plan_year):
                reporting = False  # a planning heading, or one naming the plan's year or later
            last = section
        modes.append(reporting)
    return modes


# "到2025年,…", "展望2035年,…": a sentence that opens by naming the year it aims at.
_OPENING_TARGET_YEAR_RE = re.compile(
    r"^\W{0,3}(?:力争|计划|预计)?(?:到|至|展望)\s*((?:20|21)\d\d)\s*年(?:底|末)?\s*[,，:：]")


def opening_target_year(sentence: str, plan_year: int | None) -> int | None:
    """The year a sentence opens by aiming at (not before the plan's own year), or None."""
    m = _OPENING_TARGET_YEAR_RE.match(sentence)
    if not m:
        return None
    year = int(m.group(1))
    return year if plan_year is None or year >= plan_year else None
