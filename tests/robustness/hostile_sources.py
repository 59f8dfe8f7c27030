"""Two source documents that carry hostile text, written in the style of real plans.

清溪市 2025 工作要点: sentences that open with spreadsheet formulas (=HYPERLINK, +1+2, -3+4,
@SUM) around real targets, and an indicator table whose 人口自然增长率 row is negative.
白沙区 2025 工作计划: sentences holding a script tag and an <img onerror> tag around real
targets, and metadata (issuer, URL) with markup in it.

`write_hostile_sources(folder)` copies the bundled sources and adds both documents with their
metadata rows, so a build sees them beside the real plans.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from store import paths

FORMULA_FILE = "qingxi_2025_work_points.txt"
FORMULA_DOC_ID = "qingxi-2025-work-points"
MARKUP_FILE = "baisha_2025_work_plan.txt"
MARKUP_DOC_ID = "baisha-2025-work-plan"

HYPERLINK = '=HYPERLINK("http://example.invalid","点击")'
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

FORMULA_SENTENCES = {  # what a sentence opens with -> the sentence as printed
    "=": HYPERLINK + "查看全市托育地图，全年新增普惠托育机构10家以上。",
    "+": "+1+2中医馆提质行动全面铺开，全市新建中医馆15家以上。",
    "-": "-3+4社区医养联动机制在各街道推开，65岁以上老年人健康管理率达到72%以上。",
    "@": "@SUM(1)汇总各县区师承带教名单，全年培养基层中医药骨干人才120名以上。",
}

FORMULA_TEXT = f"""2025年清溪市卫生健康工作要点

为深入贯彻健康中国战略，持续推进健康清溪建设，现将2025年全市卫生健康重点工作安排如下。

一、推进中医药传承创新发展

1.提升中医药服务能力。{FORMULA_SENTENCES["+"]}推广中医适宜技术，基层医疗卫生机构中医药服务覆盖率达到100%。

2.加强中医药人才培养。{FORMULA_SENTENCES["@"]}

二、推进一老一小健康服务

3.完善普惠托育服务体系。{FORMULA_SENTENCES["="]}每千人口拥有3岁以下婴幼儿托位数达到4.5个。

4.提升老年健康服务水平。{FORMULA_SENTENCES["-"]}

三、筑牢疾病预防控制网底

5.提升免疫规划服务质量。儿童免疫规划疫苗接种率保持95%以上，适龄儿童麻腮风疫苗接种率达到98%。

6.加强慢性病综合防治。高血压患者基层规范管理服务率达到65%以上，重大慢性病过早死亡率下降0.5个百分点。

附件：清溪市卫生健康重点指标

\t类别
\t序号
\t指  标
\t2024年
\t2025年
\t性质

\t人口发展
\t1
\t常住人口自然增长率（‰）
\t-1.5
\t-1.2
\t预期性

\t
\t2
\t人均预期寿命（岁）
\t81.6
\t≥81.8
\t预期性
"""

SCRIPT_SENTENCE = f"在区政府网站“疾控动态”栏目{SCRIPT}按月公开监测信息，全区法定传染病报告及时率达到100%。"
IMG_SENTENCE = f"社区随访记录模板改为{IMG}附图版本，35岁以上居民首诊测血压率达到95%以上。"

MARKUP_TEXT = f"""2025年白沙区卫生健康工作计划

2025年，全区卫生健康工作坚持以人民健康为中心，聚焦群众急难愁盼，扎实推进各项重点任务。

一、织密疾病预防控制网络

1.强化传染病监测预警。{SCRIPT_SENTENCE}

2.做实慢性病综合防治。{IMG_SENTENCE}

二、提升一老一小健康服务

3.完善托育服务。全年新增托位300个以上，每千人口拥有3岁以下婴幼儿托位数达到4.6个。

4.推进医养结合。65岁以上老年人中医药健康管理率达到75%以上。
"""

FORMULA_META = dict(
    doc_id=FORMULA_DOC_ID, file=FORMULA_FILE, region="清溪市", region_code="339901", region_level="市", province="浙江省",
    parent_region="浙江省", plan_year="2025", horizon_year="2025", doc_type="工作要点",
    title="2025年清溪市卫生健康工作要点", issuer="清溪市卫生健康委员会", date="2025-03-18",
    url=HYPERLINK)
MARKUP_META = dict(
    doc_id=MARKUP_DOC_ID, file=MARKUP_FILE, region="白沙区", region_code="420799", region_level="区县", province="湖北省",
    parent_region="鄂州市", plan_year="2025", horizon_year="2025", doc_type="工作计划",
    title="白沙区卫生健康局2025年工作计划", issuer="白沙区卫生健康局" + IMG, date="2025-02-10",
    url="http://example.invalid/a)" + IMG)


def write_hostile_sources(folder: Path) -> Path:
    """The bundled sources plus both hostile documents and their metadata rows, in `folder`."""
    shutil.copytree(paths.SOURCES_DIR, folder)
    (folder / FORMULA_FILE).write_text(FORMULA_TEXT, encoding="utf-8")
    (folder / MARKUP_FILE).write_text(MARKUP_TEXT, encoding="utf-8")
    metadata = folder / paths.SOURCES_METADATA.name
    metadata.chmod(0o644)
    with metadata.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    rows += [{c: meta.get(c, "") for c in columns} for meta in (FORMULA_META, MARKUP_META)]
    with metadata.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return folder
