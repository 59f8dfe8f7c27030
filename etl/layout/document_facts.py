"""What a document says about itself: title, region, plan year and horizon, issuer, date, 文号.

Used where nobody has told the tool these facts yet: `python -m etl extract` without options,
and the import form, which shows them prefilled for the official to check. Each fact is read
from where Chinese notices print it: the title line (2023年…工作要点, …（2025—2027年）,
“十四五”…规划, 健康X2030), the publishing fields of a web page (发布日期, 发布机构, 文号), the
signature block (issuer line, then 2023年4月22日), and the 到20XX年 horizons in the body.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from etl.extraction.identifiers import is_contact_or_advert
from store.regions import Region, most_specific_region, region_table

# Words that make a line a plan's title (工作要点, 实施方案 …) or a notice about one.
_TITLE_WORDS = re.compile(r"要点|计划|规划|纲要|意见|方案|通知|重点工作|实事|绩效目标|行动|任务|安排|报告|总结")
_ANNUAL_WORDS = re.compile(r"要点|工作计划|年度|重点工作|实事|绩效目标|工作安排|工作任务")
_MULTI_YEAR_WORDS = re.compile(r"规划|纲要|行动方案|行动计划|实施意见|实施方案|三年|五年")
_SENTENCE_MARKS = re.compile(r"[。;；!！?？]")
_YEAR = r"(?:19|20)\d\d"
_YEAR_SPAN_RE = re.compile(rf"({_YEAR})\s*年?\s*[—–\-~～至到]+\s*({_YEAR})\s*年?")
# A year in a title that is not a target year (到2020年) nor a document number's (〔2024〕).
_YEAR_IN_TITLE_RE = re.compile(rf"(?<![到至于〔\[])({_YEAR})\s*年")
_BARE_DATE_LINE_RE = re.compile(rf"^\s*({_YEAR})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*$")
_PLAN_NAME_YEAR_RE = re.compile(rf"[\u4e00-\u9fff]({_YEAR})(?![\d年])")  # 健康甘肃2030, 健康中国2030
_FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
                    "十四五": (2021, 2025), "十五五": (2026, 2030), "十六五": (2031, 2035)}
_TO_YEAR_RE = re.compile(rf"(?:到|至|于)\s*({_YEAR})\s*年")
_DATE_FIELD_RE = re.compile(
    rf"(?:发布日期|发布时间|公开日期|成文日期|印发日期|发文日期|日期|发表时间|时间)\s*[:：]?\s*"
    rf"({_YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})")
_SIGNED_DATE_RE = re.compile(rf"^\s*({_YEAR})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*$")
_ANY_DATE_RE = re.compile(rf"({_YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})")
_DOC_NUMBER_RE = re.compile(rf"[\u4e00-\u9fff]{{1,6}}[〔\[（(]\s*({_YEAR})\s*[〕\]）)]\s*\d+\s*号")
_ISSUER_FIELD_RE = re.compile(r"(?:发布机构|发文机关|信息来源|来源)\s*[:：]\s*([^\s:：|]{2,30})")
_ISSUER_RE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|卫生健康委员会|卫生健康委|卫健委|"
    r"卫生健康局|卫生和计划生育委员会|卫生计生委|卫生局|办公室|委员会|领导小组)$")
# The part of a notice's title that names the document it sends out: 关于印发《X》的通知.
_SENT_DOCUMENT_RE = re.compile(r"《([^》]{4,80})》")

# How far into a document its title and publishing fields stand.
_HEAD_LINES = 40
_HEAD_CHARS = 3000
_TAIL_CHARS = 600  # the signature block: issuer and date


@dataclass(frozen=True)
class DocumentFacts:
    title: str | None = None
    plan_year: int | None = None
    horizon_year: int | None = None
    region: str | None = None
    region_code: str | None = None
    region_level: str | None = None
    province: str | None = None
    parent_region: str | None = None
    issuer: str | None = None
    date: str | None = None  # YYYY-MM-DD
    doc_number: str | None = None
    doc_type: str | None = None


def read_facts(text: str, file_name: str = "") -> DocumentFacts:
    from etl.layout.text_view import text_view

    # Titles and years as the extractor reads the text (lines joined, layout spaces gone);
    # labelled fields (来源: X 阅读量:) from the text as printed, where spaces still part them.
    printed = text
    text = text_view(text).text
    lines = [line.strip() for line in text[:_HEAD_CHARS].split("\n") if line.strip()][:_HEAD_LINES]
    title = _title(lines)
    date = _date(printed)
    issuer = _issuer(printed, [line.strip() for line in printed[:_HEAD_CHARS].split("\n") if line.strip()])
    plan_year, horizon_year = _years(title, text, date, file_name)
    region = _region(title, issuer, lines, printed[:_HEAD_CHARS] + printed[-_TAIL_CHARS:])
    table = region_table()
    province = table.province_of(region) if region else None
    parent = table.parent_of(region) if region else None
    number = _DOC_NUMBER_RE.search(text[:_HEAD_CHARS])
    return DocumentFacts(
        title=title,
        plan_year=plan_year,
        horizon_year=horizon_year,
        region=region.name if region else None,
        region_code=region.code if region else None,
        region_level=region.level if region else None,
        province=province.name if province else None,
        parent_region=parent.name if parent else None,
        issuer=issuer,
        date=date,
        doc_number=re.sub(r"\s+", "", number.group(0)) if number else None,
        doc_type=_doc_type(title or ""),
    )


def _title(lines: list[str]) -> str | None:
    """The first line that reads as a plan's title: short, no sentence marks, a plan word;
    failing that, a news page's headline (the first line near the top that reads as one)."""
    candidates = [line for line in lines if _reads_as_title(line) and _TITLE_WORDS.search(line)]
    if candidates:
        # A notice sending out a plan names the plan in 《》; its own title line comes first.
        return candidates[0]
    # A notice whose title line is too long or broken to read as one: "现将《…方案》印发给你们".
    for line in lines:
        sent = _SENDS_PLAN_RE.search(line)
        if sent:
            return sent.group(1)
    return next((line for line in lines[:5] if _reads_as_title(line)), None)


_SENDS_PLAN_RE = re.compile(r"(?:现将|关于印发)《([^》]{4,80})》")


_LIST_MARKER_RE = re.compile(r"^(?:\d{1,3}[.、．]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")
# "发布时间:…", "来源:…" are fields; "遵义:到2025年…" is a headline naming its place.
# "各县(市、区)卫生健康局,委直属各单位:" addresses readers; "…「十四五」规划:到2025年…" is a
# headline whose colon introduces its gist.
_FIELD_LABEL_RE = re.compile(r"^[^:：]{0,8}(?:时间|日期|来源|作者|编辑|记者|链接|浏览|阅读|索引|文号|机构|分类)\s*[:：]"
                             r"|^[^:：]{9,}[:：]\s*$")


def _reads_as_title(line: str) -> bool:
    # 鲁卫基层字〔2023〕3号 is the notice's number; "某某委员会文件" the red header's name.
    if _DOC_NUMBER_RE.fullmatch(line.strip()) or line.strip().endswith("文件"):
        return False
    return (6 <= len(line) <= 80 and len(re.findall(r"[\u4e00-\u9fff]", line)) >= 4
            and not line.endswith("。") and not _SENTENCE_MARKS.search(line) and ">" not in line
            and line.count(",") + line.count("，") <= 1 and not _FIELD_LABEL_RE.match(line)
            and not _LIST_MARKER_RE.match(line) and not is_contact_or_advert(line))


def _doc_type(title: str) -> str | None:
    for word in ("工作要点", "工作计划", "实施意见", "实施方案", "行动方案", "行动计划", "规划纲要", "规划",
                 "重点工作", "民生实事", "绩效目标", "通知"):
        if word in title:
            return word
    return None


def _years(title: str | None, text: str, date: str | None, file_name: str) -> tuple[int | None, int | None]:
    """(plan year, horizon year): what the plan is for, and the year its undated targets are for."""
    named = title or ""
    sent = _SENT_DOCUMENT_RE.search(named)
    if sent:
        named = sent.group(1)  # 关于印发《2023年…工作要点》的通知 → the plan's own title
    plan = horizon = None
    span = _YEAR_SPAN_RE.search(named)
    if span:
        plan, horizon = int(span.group(1)), int(span.group(2))
    else:
        for word, (first, last) in _FIVE_YEAR_PLANS.items():
            if word in named:
                plan, horizon = first, last
                break
    if plan is None:
        year = _YEAR_IN_TITLE_RE.search(named)
        if year:
            plan = int(year.group(1))
    name_year = _PLAN_NAME_YEAR_RE.search(named)
    if name_year and horizon is None:
        horizon = int(name_year.group(1))  # 健康甘肃2030: the plan's horizon, not its year
    to_year = _TO_YEAR_RE.search(named)
    if to_year and horizon is None:
        horizon = int(to_year.group(1))  # …到2020年将实现: a title naming the year it aims at
    if plan is None and date:
        plan = int(date[:4])
    if plan is None:
        first = _YEAR_IN_TITLE_RE.search(text[:600]) or _YEAR_IN_TITLE_RE.search(file_name)
        plan = int(first.group(1)) if first else None
    if horizon is None and plan is not None and _MULTI_YEAR_WORDS.search(named) \
            and not _ANNUAL_WORDS.search(named):
        # A multi-year plan's undated targets are for the year its 总体目标 aims at.
        horizon = _stated_horizon(text, plan)
    if horizon is not None and plan is not None and horizon < plan:
        horizon = None
    return plan, horizon


def _stated_horizon(text: str, plan_year: int) -> int | None:
    years = Counter(int(y) for y in _TO_YEAR_RE.findall(text) if int(y) >= plan_year)
    if not years:
        return None
    # The most often named target year; on a tie the nearer one (2025 before 2035).
    return min(years, key=lambda y: (-years[y], y))


def _date(text: str) -> str | None:
    head = text[:_HEAD_CHARS]
    field = _DATE_FIELD_RE.search(head)
    if field:
        return _iso(*field.groups())
    for line in head.split("\n")[:10]:
        # A news page prints its publishing date near the top ("2018/12/11 22:30:15 发布").
        bare = _BARE_DATE_LINE_RE.match(line) or _ANY_DATE_RE.search(line)
        if bare and "〔" not in line:
            return _iso(*bare.groups())
    for line in text.split("\n"):
        signed = _SIGNED_DATE_RE.match(line)
        if signed:
            return _iso(*signed.groups())
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _issuer(text: str, lines: list[str]) -> str | None:
    field = _ISSUER_FIELD_RE.search(text[:_HEAD_CHARS])
    if field and _ISSUER_RE.match(field.group(1)):
        return field.group(1)
    all_lines = [line.strip() for line in text.split("\n")]
    for index, line in enumerate(all_lines):
        # The signature block: the issuer's name on its own line above the signing date.
        if _SIGNED_DATE_RE.match(line):
            above = next((all_lines[i] for i in range(index - 1, max(-1, index - 4), -1) if all_lines[i]), "")
            if _ISSUER_RE.match(above):
                return above
    for line in lines:
        if _ISSUER_RE.match(line):
            return line
    return field.group(1) if field else None


def _region(title: str | None, issuer: str | None, lines: list[str], context: str) -> Region | None:
    for place in (title, issuer, *lines[:10]):
        if place:
            region = most_specific_region(place, context)
            if region is not None:
                return region
    return None
