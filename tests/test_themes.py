"""Theme tagging: the three themes officials filter by first must be right on every clause.

tests/data/themes_expected.csv states, for every clause of the seed documents, whether it is about
中医药, 一老一小 and 疾控, decided by reading the clause as a health official would (the note
column says why where the call is not obvious). A clause is keyed by file, clause number as
printed and the first 12 word characters of its title (or text), so the key survives re-splitting.
"""
from __future__ import annotations

import csv
import importlib
import re
import unicodedata
from pathlib import Path

import pytest

from etl.layout.sections import split_document
from etl.tagging.themes import load_taxonomy, tag_themes, theme_names
from store import paths

EXPECTED_CSV = Path(__file__).parent / "data" / "themes_expected.csv"
KEY_THEMES = ["中医药", "一老一小", "疾控"]
# Clauses with fewer Chinese characters than this are datelines, document numbers and table cells.
MIN_PROSE_CJK = 20
PRODUCT_ORDER = [
    "中医药", "一老一小", "疾控", "妇幼", "基层卫生", "医疗服务", "健康促进", "心理健康",
    "数字健康", "人才科教", "医改医保", "应急急救", "监管安全", "党建行风", "人口生育",
    "职业健康", "其他",
]


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _read(path: Path) -> str:
    read_document = _optional("etl.reading", "read_document")
    if read_document is not None:
        return read_document(path)
    return unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))


def _clauses(text: str):
    table_spans = _optional("etl.tables", "table_spans")
    skip = table_spans(text) if table_spans is not None else None
    return split_document(text, skip=skip)


def _cjk_count(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def _key_text(clause) -> str:
    return "".join(re.findall(r"\w", clause.clause_title or clause.text))[:12]


def _seed_clauses() -> dict[tuple[str, str, str], object]:
    out = {}
    for path in sorted(paths.SOURCES_DIR.glob("*.txt")):
        for clause in _clauses(_read(path)):
            if _cjk_count(clause.text) >= MIN_PROSE_CJK:
                out[(path.name, clause.clause, _key_text(clause))] = clause
    return out


def _expected_rows() -> list[dict]:
    with open(EXPECTED_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SEED_CLAUSES = _seed_clauses()
EXPECTED = _expected_rows()


def test_taxonomy_has_the_product_themes_in_order():
    assert theme_names() == PRODUCT_ORDER


def test_every_theme_has_a_description_and_only_other_has_no_keywords():
    for theme in load_taxonomy():
        assert theme.description, theme.name
        assert bool(theme.keywords) == (theme.name != "其他"), theme.name
        assert all(w > 0 for w in [*theme.keywords.values(), *theme.heading_keywords.values()])


def test_expectations_cover_every_seed_clause_and_nothing_else():
    expected_keys = {(r["file"], r["clause"], r["key"]) for r in EXPECTED}
    assert len(expected_keys) == len(EXPECTED), "duplicate keys in themes_expected.csv"
    assert sorted(set(SEED_CLAUSES) - expected_keys) == [], "clauses without an expectation"
    assert sorted(expected_keys - set(SEED_CLAUSES)) == [], "expectations without a clause"


@pytest.mark.parametrize("file", sorted({r["file"] for r in EXPECTED}))
def test_key_themes_match_hand_labels_on_every_clause(file):
    wrong = []
    for row in (r for r in EXPECTED if r["file"] == file):
        clause = SEED_CLAUSES.get((row["file"], row["clause"], row["key"]))
        if clause is None:
            continue  # reported by the coverage test
        got = tag_themes(clause.section, clause.clause_title, clause.text)
        for theme in KEY_THEMES:
            if (theme in got) != (row[theme] == "1"):
                wrong.append(f"{row['clause']} {row['key']}: {theme} expected {row[theme]}, got {got}")
    assert wrong == []


def test_clauses_per_document_for_each_key_theme():
    """What 主题覆盖 shows for the seed plans: clauses, then 中医药 / 一老一小 / 疾控 clauses."""
    counts = {}
    for (file, _, _), clause in SEED_CLAUSES.items():
        c = counts.setdefault(file[:3], [0, 0, 0, 0])
        got = tag_themes(clause.section, clause.clause_title, clause.text)
        c[0] += 1
        for i, theme in enumerate(KEY_THEMES, start=1):
            c[i] += theme in got
    assert counts == {
        "000": [41, 3, 4, 6],
        "001": [16, 1, 1, 3],
        "002": [46, 3, 6, 7],
        "003": [28, 1, 2, 4],
        "004": [27, 4, 3, 4],
    }


def _seed(file_prefix: str, key: str):
    return next(c for (f, _, k), c in SEED_CLAUSES.items() if f.startswith(file_prefix) and k == key)


@pytest.mark.parametrize(
    "file_prefix, key, expected",
    [
        ("000", "擦亮全民健心品牌", ["心理健康"]),
        ("000", "提升医疗应急救援和采供血", ["医疗服务", "应急急救"]),
        ("000", "健全落实生育支持政策", ["人口生育"]),
        ("000", "因地制宜学习推广三明医改", ["医改医保"]),
        ("000", "纵深推进清廉医院建设", ["党建行风"]),
        ("000", "深化优生优育服务内涵", ["妇幼"]),
        ("002", "加大职业健康保护力度", ["职业健康"]),
        ("002", "推广普及医学人工智能应用", ["数字健康"]),
        ("002", "落实保障措施", ["其他"]),
        ("003", "严格卫生监督执法", ["监管安全"]),
        ("004", "推进家庭医生签约服务高质", ["基层卫生"]),
        ("004", "广泛开展健康促进行动", ["健康促进"]),
    ],
)
def test_other_themes_on_seed_clauses(file_prefix, key, expected):
    clause = _seed(file_prefix, key)
    assert tag_themes(clause.section, clause.clause_title, clause.text) == expected


# Clauses written for these tests in the style of district work plans:
# (case, section, title, text, key themes expected, another theme that must be there or None).
WRITTEN_CASES = [
    ("一老一小 only names the population an infectious-disease clause protects",
     "三、守牢公共卫生安全底线", "加强重点传染病防控",
     "加强重点传染病防控。做好流感、诺如病毒感染、手足口病等传染病监测预警和疫情处置，"
     "重点关注“一老一小”人群，指导养老机构、托幼机构落实晨午检和消毒措施，"
     "严防聚集性疫情发生。提高传染病网络直报质量，报告及时率保持100%。",
     ["疾控"], None),
    ("中医 is one item in the list of departments a township centre sets up",
     "二、夯实基层医疗卫生网底", "提升乡镇卫生院服务能力",
     "提升乡镇卫生院服务能力。推进乡镇卫生院标准化建设，全科、口腔、中医、康复等科室"
     "设置率达到100%。加强村卫生室规范化管理，完善乡村医生养老保障，推进家庭医生签约"
     "服务扩面提质，重点人群签约覆盖率达到75%以上。",
     [], "基层卫生"),
    ("a funding list names every programme once",
     "五、保障措施", "加大投入保障",
     "加大投入保障。落实政府办医责任，统筹安排资金支持基层医疗、“一老一小”健康服务、"
     "疾病预防控制和中医药发展，完善财政补助与绩效评价挂钩机制。",
     [], None),
    ("children's vaccination booking is one app of a digital-health clause",
     "六、推进数字健康建设", "深化“互联网+医疗健康”",
     "深化“互联网+医疗健康”。推进电子健康档案和电子病历数据互联互通，上线预约挂号、"
     "检查检验结果查询、儿童预防接种预约等便民应用，二级以上医院全部接入区域健康信息平台。",
     [], "数字健康"),
    ("a 中医药 section's training clause",
     "四、推进中医药传承发展", "加强人才培养",
     "加强人才培养。开展基层西学中培训班2期，遴选名老中医药专家学术经验继承人10名，"
     "推进中医师承教育。",
     ["中医药"], "人才科教"),
    ("a childcare clause",
     "六、关爱一老一小", "发展普惠托育",
     "发展普惠托育。新增普惠托位500个，每千人口拥有3岁以下婴幼儿托位数达到4.5个，"
     "推进社区嵌入式托育点建设。",
     ["一老一小"], None),
    ("an immunisation clause whose targets are children and the elderly",
     "三、提升公共卫生服务水平", "做好免疫规划工作",
     "做好免疫规划工作。适龄儿童国家免疫规划疫苗接种率保持在95%以上，规范预防接种门诊"
     "建设，推进60岁以上老年人流感疫苗免费接种。",
     ["疾控"], None),
    ("a clause with no cue of its own takes its section's theme",
     "五、中医药传承创新工程", "",
     "制定年度工作清单，明确责任单位和完成时限，按季度通报进展。",
     ["中医药"], None),
    ("elderly care given its own sentence inside a primary-care clause",
     "二、夯实基层医疗卫生网底", "提升社区卫生服务能力",
     "提升社区卫生服务能力。推进社区卫生服务中心标准化建设，完善全科诊疗。"
     "推进社区卫生服务中心与养老机构签约合作，开展医养结合和安宁疗护服务，满足老年人"
     "居家医疗需求。",
     ["一老一小"], "基层卫生"),
]


@pytest.mark.parametrize(
    "section, title, text, key_expected, also", [c[1:] for c in WRITTEN_CASES],
    ids=[c[0] for c in WRITTEN_CASES],
)
def test_written_cases(section, title, text, key_expected, also):
    got = tag_themes(section, title, unicodedata.normalize("NFKC", text))
    assert [t for t in got if t in KEY_THEMES] == key_expected
    if also is not None:
        assert also in got


def test_nothing_to_go_on_is_other():
    assert tag_themes("", "", "2024年4月11日") == ["其他"]
    assert tag_themes("三、保障措施", "加强组织领导", "加强组织领导。各地要细化任务分工，形成工作合力。") == ["其他"]


@pytest.mark.parametrize("words, expected", [
    # One target's own words, with no section heading to fall back on.
    ("为2000名65岁及以上老年人提供免费健康体检", ["一老一小"]),
    ("35岁以上人群首诊测血压率达到95%", ["疾控"]),
    ("合格碘盐食用率保持在90%以上", ["疾控"]),
    ("8-10岁儿童甲状腺肿大率控制在5%以下", ["疾控"]),
    ("蚊、蝇、蟑螂密度监测每月不少于2次", ["疾控"]),
    ("新生儿访视率不低于90%", ["妇幼"]),
    ("新生儿听力筛查率保持在98%以上", ["妇幼"]),
])
def test_a_target_is_tagged_by_its_own_words(words, expected):
    from etl.tagging.themes import tag_target_themes

    assert tag_target_themes("", words) == expected
