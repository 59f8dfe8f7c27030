"""Administrative divisions by their GB/T 2260 code (data/reference/regions.csv).

Names repeat across the country (鼓楼区 is in four cities), so a region is known by its code;
names are for display and for finding the region a document speaks of.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl import paths

# The suffixes official names end with, longest first; a document may write 浙江 for 浙江省.
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
             "地区", "新区", "林区", "特区", "省", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # 省 / 市 / 区县
    province_code: str
    parent_code: str | None


@dataclass(frozen=True)
class RegionTable:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]  # full names and short names (浙江, 嘉兴)

    def get(self, code: str | None) -> Region | None:
        return self.by_code.get(code or "")

    def named(self, name: str) -> tuple[Region, ...]:
        return self.by_name.get(name, ())

    def province_of(self, region: Region) -> Region:
        return self.by_code[region.province_code]

    def parent_of(self, region: Region) -> Region | None:
        return self.by_code.get(region.parent_code or "")


def short_name(name: str) -> str:
    """浙江省 → 浙江, 嘉兴市 → 嘉兴; names of two characters keep their suffix (城区, 沙县)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def read_region_table(path: Path = paths.REGIONS_FILE) -> RegionTable:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        regions = [Region(row["code"], row["name"], row["level"], row["province_code"],
                          row["parent_code"] or None) for row in csv.DictReader(lines)]
    by_code = {r.code: r for r in regions}
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        for name in {region.name, short_name(region.name)}:
            by_name.setdefault(name, []).append(region)
    return RegionTable(by_code, {name: tuple(found) for name, found in by_name.items()})


@cache
def region_table() -> RegionTable:
    return read_region_table()


@cache
def _name_pattern() -> re.Pattern[str]:
    table = region_table()

    def findable(name: str) -> bool:
        regions = table.by_name[name]
        if len(name) >= 3:
            return True
        # Two-character names: provinces and cities go by them (浙江, 嘉兴), but county names
        # of two characters (城区, 郊区, 矿区) are everyday words.
        return any(r.level in ("省", "市") for r in regions)

    names = sorted((n for n in table.by_name if findable(n)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def regions_in(text: str) -> list[tuple[int, Region]]:
    """Every region named in text, as (position, region) — each name may stand for several."""
    table = region_table()
    found = []
    for m in _name_pattern().finditer(text):
        for region in table.named(m.group(0)):
            found.append((m.start(), region))
    return found


def most_specific_region(text: str, context: str = "") -> Region | None:
    """The region a title or issuer line speaks for: the most specific one named, with a
    same-name district told apart by the city or province named beside it or in `context`
    (the rest of the document's head and its signature)."""
    found = regions_in(text)
    if not found:
        return None
    named_codes = {r.code for _, r in found} | {r.code for _, r in regions_in(context)}
    rank = {"区县": 2, "市": 1, "省": 0}

    def score(item: tuple[int, Region]) -> tuple:
        position, region = item
        # A region whose parent or province is named too is the one meant.
        supported = (region.parent_code in named_codes) + (region.province_code in named_codes)
        ambiguous = len(region_table().named(region.name))
        return (rank[region.level], supported, -ambiguous, -position)

    return max(found, key=score)[1]
