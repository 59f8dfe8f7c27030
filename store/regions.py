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

from store import paths

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


class RegionError(ValueError):
    """A region that cannot be placed in the code table; str() says why, in Chinese."""


def resolve_region(name: str, level: str | None = None, province: str | None = None,
                   parent: str | None = None, code: str | None = None) -> Region:
    """The region a metadata row means: by its code when given (checked against the name), else
    the one region of that name in the province (and under that parent) — a same-name district
    without a code or a parent to tell it apart is an error, not a guess."""
    table = region_table()
    if code:
        region = table.get(code.strip()) or _declared_region(table, name, level, province, code.strip())
        if name and name not in (region.name, short_name(region.name)):
            raise RegionError(f"地区代码 {code} 是{region.name}，与地区「{name}」不符")
        return region
    candidates = list(table.named(name))
    if province:
        candidates = [r for r in candidates if table.province_of(r).name in (province, short_name(province))
                      or r.province_code == r.code and r.name == province] or candidates
    if parent:
        candidates = [r for r in candidates if (table.parent_of(r) and table.parent_of(r).name == parent)
                      or r.province_code == (table.parent_of(r) or r).code] or candidates
    if level:
        candidates = [r for r in candidates if r.level == level] or candidates
    if not candidates:
        raise RegionError(f"地区「{name}」不在行政区划代码表中，请填写 region_code（6 位行政区划代码）")
    if len(candidates) > 1:
        listed = "、".join(f"{r.code}（{(table.parent_of(r) or table.province_of(r)).name}）" for r in candidates)
        raise RegionError(f"地区「{name}」有多个同名地区：{listed}，请填写 region_code 区分")
    return candidates[0]


def _declared_region(table: RegionTable, name: str, level: str | None, province: str | None,
                     code: str) -> Region:
    """A code the table does not hold yet: districts are created and renamed every year, and
    the table lags behind. Taken as declared when it is a 6-digit code of a known province,
    the row names that province, and the region's name and level are given."""
    province_region = table.get(code[:2] + "0000") if re.fullmatch(r"\d{6}", code) else None
    if province_region is None:
        raise RegionError(f"地区代码 {code} 不是 6 位行政区划代码，或不属于任何省份")
    if not name or level not in ("市", "区县"):
        raise RegionError(f"地区代码 {code} 不在行政区划代码表中：请同时填写地区名称和层级（市/区县）")
    if province and province not in (province_region.name, short_name(province_region.name)):
        raise RegionError(f"地区代码 {code} 属于{province_region.name}，与省份「{province}」不符")
    city = table.get(code[:4] + "00")
    parent = city.code if level == "区县" and city is not None else province_region.code
    return Region(code, name, level, province_region.code, parent)


def region_names(region: Region) -> tuple[str, str, str | None]:
    """(province name, parent name or None, level) of a region, for the metadata columns."""
    table = region_table()
    province = table.province_of(region)
    parent = table.parent_of(region)
    return province.name, (parent.name if parent else None), region.level
