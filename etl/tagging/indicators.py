"""Map an indicator as a plan names it to the canonical dictionary in data/reference/indicators.yaml.

Plans word the same indicator differently (签约率 / 家庭医生签约服务覆盖率 / 全人群签约覆盖率), so
each entry carries regular expressions searched in the cleaned text. The longest match wins, so
the most specific wording decides; `exclude` patterns keep a general entry off a variant's text;
and the stated unit rejects an entry of another kind (a count for a rate).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.tagging.themes import load_taxonomy
from store import paths

DIRECTIONS = ("up", "down")

# Units are compared by family: a reading stated in one family cannot be an indicator of another.
_RATE_UNITS = {"%", "‰", "/10万", "/万", "/千", "百分点"}
_AGE_UNITS = {"岁"}
_MONEY_UNITS = {"元", "万元", "亿元"}
_TIME_UNITS = {"分钟", "小时", "天", "日"}
_NO_UNIT = {"", "分"}  # indices and scores
_QUOTES = "“”‘’\"'「」『』《》"


@dataclass(frozen=True)
class IndicatorMatch:
    indicator_id: str
    indicator_name: str
    unit: str
    direction: str
    themes: list[str]


@dataclass(frozen=True)
class _Entry:
    order: int
    id: str
    name: str
    unit: str
    direction: str
    themes: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...]
    units: tuple[str, ...]


def load_dictionary(path: Path = paths.INDICATORS_FILE) -> list[dict]:
    """The dictionary entries as written in the file."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["indicators"]


def clean_indicator(text: str) -> str:
    """NFKC, no whitespace or quotation marks: the text the patterns are written for."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in _QUOTES)


def normalise_unit(unit: str | None) -> str:
    unit = clean_indicator(unit or "").strip("()")
    return {"1/10万": "/10万", "/100000": "/10万", "‰": "‰", "个百分点": "百分点"}.get(unit, unit)


def _unit_family(unit: str) -> str:
    for family, units in (("rate", _RATE_UNITS), ("age", _AGE_UNITS), ("money", _MONEY_UNITS),
                          ("time", _TIME_UNITS), ("none", _NO_UNIT)):
        if unit in units:
            return family
    return "count"


def _unit_fits(entry: _Entry, unit: str | None) -> bool:
    unit = normalise_unit(unit)
    if not unit:
        return True
    if entry.units:
        return unit in entry.units
    return _unit_family(unit) == _unit_family(entry.unit)


def _compile_entry(order: int, raw: dict) -> _Entry:
    patterns = [re.compile(p) for p in raw.get("patterns") or []]
    patterns += [re.compile(re.escape(clean_indicator(s))) for s in raw.get("synonyms") or []]
    return _Entry(
        order=order,
        id=raw["id"],
        name=raw["name"],
        unit=normalise_unit(str(raw.get("unit") or "")),
        direction=raw["direction"],
        themes=tuple(raw.get("themes") or []),
        patterns=tuple(patterns),
        exclude=tuple(re.compile(p) for p in raw.get("exclude") or []),
        units=tuple(normalise_unit(str(u)) for u in raw.get("units") or []),
    )


@lru_cache(maxsize=4)
def _entries(path: Path = paths.INDICATORS_FILE) -> tuple[_Entry, ...]:
    return tuple(_compile_entry(i, raw) for i, raw in enumerate(load_dictionary(path)))


def _match_length(entry: _Entry, text: str) -> int:
    """Length of the longest pattern match, 0 when none matches or an exclusion applies."""
    if any(p.search(text) for p in entry.exclude):
        return 0
    best = 0
    for pattern in entry.patterns:
        for m in pattern.finditer(text):
            best = max(best, m.end() - m.start())
    return best


def map_indicator(indicator: str, unit: str | None = None) -> IndicatorMatch | None:
    """The canonical indicator for `indicator` (stated in `unit`), or None when none fits."""
    match = _map_cached(indicator, unit)
    # A fresh copy, so that no caller can change the cached answer.
    return None if match is None else IndicatorMatch(match.indicator_id, match.indicator_name,
                                                     match.unit, match.direction, list(match.themes))


@lru_cache(maxsize=65536)
def _map_cached(indicator: str, unit: str | None) -> IndicatorMatch | None:
    text = clean_indicator(indicator)
    if not text:
        return None
    candidates = []
    for entry in _entries():
        length = _match_length(entry, text)
        if length and _unit_fits(entry, unit):
            exact_unit = normalise_unit(unit) == entry.unit
            candidates.append((-length, not exact_unit, entry.order, entry))
    if not candidates:
        return None
    entry = min(candidates, key=lambda c: c[:3])[3]
    return IndicatorMatch(entry.id, entry.name, entry.unit, entry.direction, list(entry.themes))


def validate_dictionary(path: Path = paths.INDICATORS_FILE) -> list[str]:
    """Problems in the dictionary file; an empty list when it is sound."""
    problems = []
    theme_names = {t.name for t in load_taxonomy()}
    seen: set[str] = set()
    for raw in load_dictionary(path):
        ident = raw.get("id", "")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", ident or ""):
            problems.append(f"{ident!r}: id is not snake_case")
        if ident in seen:
            problems.append(f"{ident}: duplicate id")
        seen.add(ident)
        if not raw.get("name"):
            problems.append(f"{ident}: no name")
        if raw.get("direction") not in DIRECTIONS:
            problems.append(f"{ident}: direction {raw.get('direction')!r} is not up or down")
        if "unit" not in raw:
            problems.append(f"{ident}: no unit")
        if not raw.get("themes"):
            problems.append(f"{ident}: no themes")
        for theme in raw.get("themes") or []:
            if theme not in theme_names:
                problems.append(f"{ident}: theme {theme!r} is not in the taxonomy")
        if not (raw.get("patterns") or raw.get("synonyms")):
            problems.append(f"{ident}: no patterns or synonyms")
        for pattern in [*(raw.get("patterns") or []), *(raw.get("exclude") or [])]:
            try:
                re.compile(pattern)
            except re.error as err:
                problems.append(f"{ident}: pattern {pattern!r} does not compile ({err})")
    return problems
