"""How generated plans word their targets: the indicator catalogue, plausible values, and the
phrasing pools (comparator words, verbs, leads, section and clause titles) shared by the
document generator and the table generator.

The wordings follow the reading rules of the project's targets guide (以上/不低于/至少 → ≥,
以下/以内/不超过 → ≤, ranges, changes in 百分点, ranks, 全覆盖); every sentence frame here is
written for the benchmark, none is taken from a real plan.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from store import paths

COUNT_UNITS = {"个", "家", "名", "辆", "项", "张", "人", "万人", "元", "分钟", ""}
# Themes plans write about most; the three featured themes get their fair share.
THEME_WEIGHTS = {
    "中医药": 9, "一老一小": 10, "疾控": 10, "妇幼": 6, "基层卫生": 9, "医疗服务": 10,
    "健康促进": 7, "心理健康": 3, "数字健康": 4, "人才科教": 5, "医改医保": 5, "应急急救": 4,
    "监管安全": 3, "党建行风": 2, "人口生育": 3, "职业健康": 2, "其他": 1,
}

# Long-tail indicators: what local plans count beyond the dictionary, built from a facility and
# a measure. (facility, themes)
LONG_TAIL_FACILITIES = [
    ("社区卫生服务站", "基层卫生"), ("村卫生室", "基层卫生"), ("托育机构", "一老一小"),
    ("中医馆", "中医药"), ("国医堂", "中医药"), ("预防接种门诊", "疾控"), ("发热门诊", "疾控"),
    ("哨点医院", "疾控"), ("医养结合机构", "一老一小"), ("老年友善医疗机构", "一老一小"),
    ("心理门诊", "心理健康"), ("急救站点", "应急急救"), ("职业健康检查机构", "职业健康"),
    ("妇幼保健机构", "妇幼"), ("健康驿站", "健康促进"), ("智慧药房", "数字健康"),
    ("县域医共体", "医改医保"), ("胸痛救治单元", "医疗服务"), ("卒中防治单元", "医疗服务"),
    ("母婴室", "一老一小"), ("无烟单位", "健康促进"), ("传染病监测点", "疾控"),
    ("中医特色专科", "中医药"), ("安宁疗护病床", "一老一小"), ("卫生监督执法点", "监管安全"),
]
LONG_TAIL_MEASURES = [
    ("覆盖率", "%", "up"), ("达标率", "%", "up"), ("规范化建设率", "%", "up"),
    ("群众满意度", "%", "up"), ("新建数", "个", "up"), ("新增数", "家", "up"),
    ("标准化率", "%", "up"), ("信息化覆盖率", "%", "up"),
]

# value_text frames per comparator: (prefix, suffix) around "<number><unit>".
GE_FRAMES = [("", "以上"), ("", "以上"), ("不低于", ""), ("至少", ""), ("", "及以上"), ("不少于", "")]
LE_FRAMES = [("", "以下"), ("", "以内"), ("不超过", ""), ("不高于", "")]
# Verbs standing before the value (not part of value_text).
GE_VERBS = ["达到", "达", "提高到", "保持在", ""]
LE_VERBS = ["控制在", "降至", "保持在"]
EQ_VERBS = ["达到", "达", "建成", "新增", "打造"]
# Leads: the year, and what a plan writes before the indicator.
# (before the year, after it)
YEAR_LEADS = [("到", "年，"), ("", "年，"), ("到", "年底，"), ("力争到", "年，")]
PLAIN_LEADS = ["全年", "力争", "确保", "推动", ""]
QUALITATIVE_TEXTS = ["同比例提高", "持续巩固在历史低水平", "稳步提升", "保持全省前列", "逐年下降",
                     "较上年提高"]
CATEGORIES = ["健康水平", "健康服务", "健康资源", "健康保障", "健康科技", "健康产业"]
CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
               "十四", "十五", "十六", "十七", "十八", "十九", "二十"]

# Section headings and clause titles by theme, in the voice of a health commission.
SECTION_TITLES = {
    "中医药": ["传承创新发展中医药事业", "提升中医药服务能力"],
    "一老一小": ["完善“一老一小”健康服务", "加强老年健康和托育服务供给"],
    "疾控": ["筑牢疾病预防控制网底", "健全公共卫生应急和疾控体系"],
    "妇幼": ["守护母婴安全和妇幼健康", "提升妇幼健康服务水平"],
    "基层卫生": ["夯实基层医疗卫生服务网", "推进基层卫生强基提质"],
    "医疗服务": ["推动优质医疗资源扩容下沉", "提升医疗服务质量和效率"],
    "健康促进": ["深入开展健康城市行动", "普及健康生活方式"],
    "心理健康": ["加强心理健康和精神卫生服务"],
    "数字健康": ["推进卫生健康数字化转型"],
    "人才科教": ["强化卫生健康人才和科技支撑"],
    "医改医保": ["深化医药卫生体制改革"],
    "应急急救": ["提升医疗应急和院前急救能力"],
    "监管安全": ["提高综合监管和安全生产水平"],
    "党建行风": ["加强党建引领和行风建设"],
    "人口生育": ["促进人口长期均衡发展"],
    "职业健康": ["加强职业健康保护"],
    "其他": ["强化组织保障"],
}
CLAUSE_TITLES = {
    "中医药": ["建设基层中医药服务阵地", "推广中医药适宜技术", "培育中医药特色专科"],
    "一老一小": ["发展普惠托育服务", "推进医养结合", "加强老年健康服务", "守护儿童健康成长"],
    "疾控": ["完善传染病监测预警", "巩固免疫规划成效", "推进慢性病综合防控", "加强疾控机构建设"],
    "妇幼": ["保障母婴安全", "加强出生缺陷防治"],
    "基层卫生": ["做实家庭医生签约服务", "提升基层服务能力", "优化基本公共卫生服务"],
    "医疗服务": ["推进重点专科建设", "改善就医体验", "提升医疗质量"],
    "健康促进": ["开展全民健康素养促进", "推进控烟和健康环境建设"],
    "心理健康": ["完善社会心理服务体系"],
    "数字健康": ["推进智慧医疗建设", "促进健康数据互通共享"],
    "人才科教": ["引育高层次卫生人才", "加强医学科研创新"],
    "医改医保": ["深化紧密型医共体建设", "推进公立医院综合改革"],
    "应急急救": ["完善院前急救网络", "提升卫生应急处置能力"],
    "监管安全": ["强化卫生监督执法", "守牢安全生产底线"],
    "党建行风": ["深化清廉医院建设"],
    "人口生育": ["落实生育支持措施"],
    "职业健康": ["推进职业病危害治理"],
    "其他": ["加强统筹协调"],
}
# Sentences that carry no target but numbers a reader might take for one (names, fixed sets,
# populations), each with the number the build would list for review: (sentence, number_text).
FILLER_SENTENCES = [
    ("全面落实18项医疗质量安全核心制度，持续改进医疗服务。", "18项"),
    ("深化“1+6”医防融合服务模式，推动防治结合。", "1"),
    ("畅通12356心理援助热线，做好心理危机干预。", "12356"),
    ("围绕“十四五”规划目标任务，压实各方责任。", ""),
    ("加强对0—3岁婴幼儿家庭的科学育儿指导。", ""),
    ("二级以上医院全面提供24小时急诊服务。", ""),
    ("做好2型糖尿病患者随访评估和用药指导。", ""),
    ("统筹推进“三医”协同发展和治理。", ""),
    ("完善区域检验、影像、心电、病理“四大中心”建设。", ""),
    ("健全工作机制，细化任务分工，确保各项措施落地见效。", ""),
]


@dataclass(frozen=True)
class Indicator:
    indicator_id: str | None     # None: not in the dictionary (unmapped)
    name: str
    unit: str
    direction: str | None
    themes: tuple[str, ...]
    low: float                   # plausible range of a stated value
    high: float
    decimals: int


def theme_names() -> list[str]:
    with open(paths.THEMES_FILE, encoding="utf-8") as handle:
        return [t["name"] for t in yaml.safe_load(handle)["themes"]]


def value_range(name: str, unit: str, direction: str | None) -> tuple[float, float, int]:
    """A range an official would find plausible for this kind of indicator."""
    per_population = name.startswith(("每千", "每万", "千人口"))
    if unit == "%":
        return (60.0, 98.0, 1) if direction != "down" else (3.0, 30.0, 1)
    if unit == "‰":
        return (2.0, 8.0, 1) if direction == "down" else (10.0, 16.0, 1)
    if unit == "/10万":
        return (4.0, 20.0, 1)
    if unit == "岁":
        return (77.0, 83.0, 1)
    if per_population:
        return (1.0, 9.0, 1)
    if unit == "万人":
        return (5.0, 90.0, 0)
    if unit == "元":
        return (80.0, 130.0, 0)
    if unit == "分钟":
        return (8.0, 15.0, 0)
    if unit == "":
        return (60.0, 95.0, 1)
    return (1.0, 60.0, 0)


def load_catalogue(n_long_tail: int = 600) -> list[Indicator]:
    """The dictionary's indicators, then long-tail ones: half with an id of their own, half unmapped."""
    with open(paths.INDICATORS_FILE, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["indicators"]
    catalogue = []
    for entry in entries:
        unit, direction = entry.get("unit") or "", entry.get("direction")
        low, high, decimals = value_range(entry["name"], unit, direction)
        catalogue.append(Indicator(entry["id"], entry["name"], unit, direction,
                                   tuple(entry.get("themes") or ["其他"]), low, high, decimals))
    tail = [(f, t, m, u, d) for f, t in LONG_TAIL_FACILITIES for m, u, d in LONG_TAIL_MEASURES]
    scopes = ["", "全域", "城乡", "县域", "镇（街道）", "重点人群"]
    for i in range(n_long_tail):
        facility, theme, measure, unit, direction = tail[i % len(tail)]
        scope = scopes[(i // len(tail)) % len(scopes)]
        name = f"{scope}{facility}{measure}"
        low, high, decimals = value_range(name, unit, direction)
        indicator_id = f"local_{i:04d}" if i % 2 == 0 else None
        catalogue.append(Indicator(indicator_id, name, unit, direction if indicator_id else None,
                                   (theme,), low, high, decimals))
    return catalogue


def format_number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
