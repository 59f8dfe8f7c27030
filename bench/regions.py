"""Thousands of plausible regions: the 31 provincial-level divisions, each with cities and
districts whose names are built from syllable lists (seeded, so every run names them alike).

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


@dataclass(frozen=True)
class Region:
    name: str
    level: str          # 市 or 区县 (the contract's region levels)
    province: str
    parent: str         # the city a district belongs to, else the province


def generate_regions(per_province: int = 100, seed: int = 7) -> list[Region]:
    """About `per_province` cities and districts in every province, uniquely named."""
    rng = np.random.default_rng(seed)
    used: set[str] = set()
    regions: list[Region] = []

    def fresh(suffixes: list[str]) -> str:
        while True:
            stem = rng.choice(FIRST_SYLLABLES) + rng.choice(SECOND_SYLLABLES)
            name = stem + rng.choice(suffixes)
            if name not in used and stem[0] != stem[1]:
                used.add(name)
                return name

    for province in PROVINCES:
        if province in MUNICIPALITIES:
            for _ in range(per_province):
                regions.append(Region(fresh(["区"]), "区县", province, province))
            continue
        n_cities = max(1, per_province // 8)
        cities = [fresh(["市"]) for _ in range(n_cities)]
        regions += [Region(city, "市", province, province) for city in cities]
        for i in range(per_province - n_cities):
            parent = cities[i % n_cities]
            regions.append(Region(fresh(["区", "县", "县", "市"]), "区县", province, parent))
    return regions
