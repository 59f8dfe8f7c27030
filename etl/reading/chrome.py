"""Remove the web-page furniture (breadcrumbs, toolbars, footers) that comes with documents
copied or saved from government portals, without touching the document's own lines.

A line is dropped only when it is made entirely of chrome tokens
(data/reference/page_chrome.yaml), is a menu bar of short "|"-separated items naming a known
site section, or is short and holds an unmistakable chrome marker; a line ending like a
sentence stays. Lines starting with a tab are flattened table cells and are never touched,
nor are the blank lines that separate their rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from store.paths import CHROME_FILE

# Characters that separate toolbar items: spaces, bars, slashes and the brackets around buttons.
_SEPARATORS = frozenset(" \t|/【】[]·•,、")
_SENTENCE_ENDINGS = ("。", ";", "；", "!", "！", "?", "？")
_TABLE_CELL_PREFIX = "\t"


@dataclass(frozen=True)
class ChromeRules:
    """Compiled chrome tokens. Build with `load_chrome_rules`."""

    max_line_length: int
    short_line_length: int
    strong_label: re.Pattern[str]  # label and its colon, value not included
    footer_prefix: re.Pattern[str]
    weak_label: re.Pattern[str]
    sentence_label: re.Pattern[str]
    fixed_tokens: tuple[re.Pattern[str], ...]  # runs of words, shaped patterns
    short_line_markers: tuple[str, ...]
    menu_min_items: int
    menu_max_item_length: int
    menu_words: frozenset[str]


def load_chrome_rules(path: Path = CHROME_FILE) -> ChromeRules:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = _alternation(config["words"])
    return ChromeRules(
        max_line_length=int(config["max_line_length"]),
        short_line_length=int(config["short_line_length"]),
        strong_label=_label_pattern(config["labels"]),
        footer_prefix=_label_pattern(config["footer_prefixes"], colon="[:：]?"),
        weak_label=_label_pattern(config["weak_labels"]),
        sentence_label=_label_pattern(config["sentence_labels"]),
        fixed_tokens=(
            re.compile(f"(?:{words})+[:：]?", re.IGNORECASE),
            *(re.compile(pattern, re.IGNORECASE) for pattern in config["patterns"]),
        ),
        short_line_markers=tuple(config["short_line_markers"]),
        menu_min_items=int(config["menu_lines"]["min_items"]),
        menu_max_item_length=int(config["menu_lines"]["max_item_length"]),
        menu_words=frozenset(config["words"]) | frozenset(config["menu_lines"]["section_names"]),
    )


def strip_page_chrome(text: str, rules: ChromeRules | None = None) -> str:
    """Drop chrome lines and keyword adverts inside words, collapse blank runs to one blank
    line (except next to table rows) and trim blank lines at both ends."""
    rules = rules or _default_rules()
    lines = text.split("\n")
    links = _link_list_lines(lines)
    kept = [line for i, line in enumerate(lines) if i not in links and not is_chrome_line(line, rules)]
    return inline_advert_pattern().sub("", "\n".join(_collapse_blank_runs(kept)))


# "相关链接:" and the list of other articles under it (· 遵义市…会议召开), up to a blank line.
_LINK_LIST_HEADING_RE = re.compile(
    r"^\s*(?:【)?(?:相关链接|相关阅读|相关新闻|相关文章|相关报道|延伸阅读|推荐阅读|热点推荐|热门推荐|热门文章|"
    r"猜你喜欢|你可能感兴趣|更多阅读|往期回顾|往期推荐)(?:】)?\s*[:：]?\s*$")
_LINK_ITEM_RE = re.compile(r"^\s*(?:[·•●▪◆■\-*>]|\d{1,2}[.、])\s*\S")
# "精选留言", "网友评论": readers' comments under a repost run to the next blank line.
_COMMENTS_HEADING_RE = re.compile(r"^\s*(?:精选留言|网友评论|全部评论|热门评论|读者留言|评论区|最新评论)\s*[:：]?\s*$")


def _link_list_lines(lines: list[str]) -> set[int]:
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        comments = bool(_COMMENTS_HEADING_RE.match(line))
        if not comments and not _LINK_LIST_HEADING_RE.match(line):
            continue
        dropped.add(index)
        for following in range(index + 1, len(lines)):
            item = lines[following]
            if not item.strip():
                break
            if not comments and (not _LINK_ITEM_RE.match(item) or item.rstrip().endswith(_SENTENCE_ENDINGS)):
                break
            dropped.add(following)
    return dropped


def is_chrome_line(line: str, rules: ChromeRules | None = None) -> bool:
    rules = rules or _default_rules()
    if line.startswith(_TABLE_CELL_PREFIX):
        return False
    stripped = line.strip()
    if not stripped or len(stripped) > rules.max_line_length:
        return False
    if stripped.endswith(_SENTENCE_ENDINGS) and not rules.sentence_label.match(stripped):
        return False
    if len(stripped) <= rules.short_line_length and any(
        marker in stripped for marker in rules.short_line_markers
    ):
        return True
    return _is_menu_bar(stripped, rules) or _is_made_of_chrome_tokens(stripped, rules)


def removed_chrome_lines(text: str, rules: ChromeRules | None = None) -> list[str]:
    """The lines `strip_page_chrome` would drop, for checking a source by eye."""
    return [line for line in text.split("\n") if is_chrome_line(line, rules)]


@cache
def inline_advert_pattern(path: Path = CHROME_FILE) -> re.Pattern[str]:
    """Keyword advertisements inserted inside words by repost sites (page_chrome.yaml)."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    return re.compile("|".join(f"(?:{p})" for p in config.get("inline_adverts") or []) or r"(?!x)x")


@cache
def _default_rules() -> ChromeRules:
    return load_chrome_rules()


def _alternation(items: list[str]) -> str:
    # Longest first so "分享到" is tried before "分享".
    return "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))


def _label_pattern(labels: list[str], colon: str = "[:：]") -> re.Pattern[str]:
    return re.compile(f"(?:{_alternation(labels)})\\s*{colon}\\s*", re.IGNORECASE)


def _is_menu_bar(line: str, rules: ChromeRules) -> bool:
    items = [item.strip() for item in re.split(r"[|｜]", line)]
    return (
        len(items) >= rules.menu_min_items
        and all(0 < len(item) <= rules.menu_max_item_length for item in items)
        and any(item in rules.menu_words for item in items)
    )


def _is_made_of_chrome_tokens(line: str, rules: ChromeRules) -> bool:
    """True when `line` splits into chrome tokens and separators, at least one token strong.

    A small dynamic programme over positions rather than one big regular expression, because
    free-running label values ("信息来源:市卫生健康委") make a regular expression backtrack
    exponentially on long lines that are not chrome.
    """
    length = len(line)

    @cache
    def parses_from(start: int, has_strong: bool) -> bool:
        position = start
        while position < length and line[position] in _SEPARATORS:
            position += 1
        if position == length:
            return has_strong
        for end, is_strong in _token_ends(line, position, rules):
            if end > position and parses_from(end, has_strong or is_strong):
                return True
        return False

    return parses_from(0, False)


def _token_ends(line: str, position: int, rules: ChromeRules):
    """Yield (end, is_strong) for every chrome token that can start at `position`."""
    for token in rules.fixed_tokens:
        match = token.match(line, position)
        if match:
            yield match.end(), True
    for label, is_strong in (
        (rules.strong_label, True),
        (rules.footer_prefix, True),
        (rules.sentence_label, True),
        (rules.weak_label, False),
    ):
        match = label.match(line, position)
        if match:
            yield from ((end, is_strong) for end in _label_value_ends(line, match.end()))


def _label_value_ends(line: str, value_start: int) -> range:
    # A value runs to the end of the line or to the next wide gap or bar, and may stop early
    # where the next token begins ("发布日期:2025-04-02 浏览次数:").
    stop = len(line)
    for gap in ("  ", "|"):
        found = line.find(gap, value_start)
        if found != -1:
            stop = min(stop, found)
    return range(stop, value_start - 1, -1)


def _collapse_blank_runs(lines: list[str]) -> list[str]:
    """At most one blank line in a row, no blank lines at either end; blank lines that touch a
    table row (a line starting with a tab) are kept as they are."""
    result: list[str] = []
    index = 0
    while index < len(lines):
        if not _is_blank(lines[index]):
            result.append(lines[index])
            index += 1
            continue
        run_end = index
        while run_end < len(lines) and _is_blank(lines[run_end]):
            run_end += 1
        at_edge = index == 0 or run_end == len(lines)
        touches_table = (index > 0 and lines[index - 1].startswith(_TABLE_CELL_PREFIX)) or (
            run_end < len(lines) and lines[run_end].startswith(_TABLE_CELL_PREFIX)
        )
        if not at_edge:
            result.extend(lines[index:run_end] if touches_table else [""])
        index = run_end
    return result


def _is_blank(line: str) -> bool:
    return not line.strip() and not line.startswith(_TABLE_CELL_PREFIX)
