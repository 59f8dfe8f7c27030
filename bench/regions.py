"""Thousands of plausible regions: the 31 provincial-level divisions, each with cities and
districts whose names are built from syllable lists (seeded, so every run names them alike).

Each region has a 6-digit code in the shape of GB/T 2260 (the province's real prefix, then the
city's and district's numbers), and, as in the real table (鼓楼区 is in four cities), some
districts share a name with a district of another city: only their codes tell them apart.

Generated names only look like real ones; any match with a real place is a coincidence.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The 31 provincial-level divisions of mainland China (public administrative names).
PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区",
    "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
]
# Municipalities have districts directly under the province-level city.
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

# Characters common in Chinese place names (first and second syllable).
FIRST_SYLLABLES = list("安宁平清江河山云阳泉丰德兴和华新永长东西南北明凤龙桂松柳临白金石青宜昌庆嘉常泰荣汉武盛源溪林湖川鹤景")
SECOND_SYLLABLES = list("州阳城安宁江山源平川溪口丘陵都水原乡泽海林峰台坪关桥庄岭门浦湾沙田")


# Every this many districts, one takes the name of a district elsewhere.
SHARED_NAME_EVERY = 40


@dataclass(frozen=True)
class Region:
    name: str
    level: str          # 市 or 区县 (the contract's region levels)
    province: str
    parent: str         # the city a district belongs to, else the province
    code: str           # 6 digits, GB/T 2260 style


def _province_codes() -> dict[str, str]:
    from store.regions import region_table

    return {r.name: r.code for r in region_table().by_code.values() if r.level == "省"}


def generate_regions(per_province: int = 100, seed: int = 7) -> list[Region]:
    """About `per_province` cities and districts in every province; a few districts share a
    name with a district of another city."""
    rng = np.random.default_rng(seed)
    used: set[str] = set()
    regions: list[Region] = []
    province_codes = _province_codes()
    districts_named: list[str] = []

    def fresh(suffixes: list[str]) -> str:
        while True:
            stem = rng.choice(FIRST_SYLLABLES) + rng.choice(SECOND_SYLLABLES)
            name = stem + rng.choice(suffixes)
            if name not in used and stem[0] != stem[1]:
                used.add(name)
                return name

    def district_name() -> str:
        if districts_named and len(districts_named) % SHARED_NAME_EVERY == SHARED_NAME_EVERY - 1:
            name = districts_named[int(rng.integers(len(districts_named)))]  # a same-name district
        else:
            name = fresh(["区", "县", "县", "市"])
        districts_named.append(name)
        return name

    for province in PROVINCES:
        prefix = province_codes[province][:2]
        if province in MUNICIPALITIES:
            for i in range(per_province):
                regions.append(Region(fresh(["区"]), "区县", province, province,
                                      f"{prefix}{1 + i // 99:02d}{1 + i % 99:02d}"))
            continue
        n_cities = max(1, per_province // 8)
        cities = [(fresh(["市"]), f"{prefix}{c + 1:02d}00") for c in range(n_cities)]
        regions += [Region(city, "市", province, province, code) for city, code in cities]
        for i in range(per_province - n_cities):
            city, city_code = cities[i % n_cities]
            regions.append(Region(district_name(), "区县", province, city,
                                  f"{city_code[:4]}{1 + i // n_cities:02d}"))
    return regions


def table_regions() -> list[Region]:
    """The cities and districts of the bundled region table (data/reference/regions.csv), with
    their real names and codes — for documents the build reads, which checks every region
    against that table. Their same-name districts (four 鼓楼区) come with them."""
    from store.regions import region_names, region_table

    regions = []
    for region in region_table().by_code.values():
        if region.level not in ("市", "区县"):
            continue
        province, parent, level = region_names(region)
        regions.append(Region(region.name, level, province, parent or province, region.code))
    return sorted(regions, key=lambda r: r.code)
