"""Indicator tables in the layouts real copies give them: one cell per line with " |", pipe
rows with Markdown rules, space-aligned PDF text, tab rows with group lines and explanations,
merged cells left empty. Each table is written for these tests (invented values)."""
from etl.layout.text_view import text_view
from etl.tables import find_table_blocks, parse_indicator_table


def cells(text, plan_year=2025):
    view = text_view(text).text
    (block,) = find_table_blocks(view)
    return [(r.category, r.indicator, r.unit, r.role, r.year, r.value, r.comparator, r.nature)
            for r in parse_indicator_table(block, plan_year)]


ONE_CELL_PER_LINE = """专栏1 “十四五”时期全省卫生健康主要指标 |
||||
具体指标 |
2020年 |
2025年 |
年均增长(%) |
属性 |
健康水平 |
人均预期寿命(岁) |
78.2 |
79 |
— |
预期性 |
卫生资源 |
每千人口床位数(张) |
6.1 |
7.2 |
3.4 |
预期性 |
执业(助理)医师(万人) |
12.5 |
15.0 |
3.7 |
约束性 |
"""


def test_one_cell_per_line_with_bars_group_rows_and_a_growth_column():
    assert cells(ONE_CELL_PER_LINE) == [
        ("健康水平", "人均预期寿命", "岁", "baseline", 2020, 78.2, "=", "预期性"),
        ("健康水平", "人均预期寿命", "岁", "target", 2025, 79.0, "=", "预期性"),
        ("卫生资源", "每千人口床位数", "张", "baseline", 2020, 6.1, "=", "预期性"),
        ("卫生资源", "每千人口床位数", "张", "target", 2025, 7.2, "=", "预期性"),
        ("卫生资源", "执业(助理)医师", "万人", "baseline", 2020, 12.5, "=", "约束性"),
        ("卫生资源", "执业(助理)医师", "万人", "target", 2025, 15.0, "=", "约束性"),
    ]


PIPE_ROWS = """附表 主要指标
| 指标 | 单位 | 2023年(基数) | 2024年 | 2025年 |
|---|---|---|---|---|
| 二级以上公立医院预约诊疗率 | % | 61 | 65以上 | 70以上 |
说明:预约诊疗率按二级以上公立医院门诊预约人次计算。
| 家庭医生重点人群签约覆盖率 | % | 80.2 | ≥85 | |
"""


def test_pipe_rows_with_a_rule_an_explanation_and_a_merged_cell_left_empty():
    assert cells(PIPE_ROWS) == [
        (None, "二级以上公立医院预约诊疗率", "%", "baseline", 2023, 61.0, "=", None),
        (None, "二级以上公立医院预约诊疗率", "%", "target", 2024, 65.0, ">=", None),
        (None, "二级以上公立医院预约诊疗率", "%", "target", 2025, 70.0, ">=", None),
        (None, "家庭医生重点人群签约覆盖率", "%", "baseline", 2023, 80.2, "=", None),
        (None, "家庭医生重点人群签约覆盖率", "%", "target", 2024, 85.0, ">=", None),
        (None, "家庭医生重点人群签约覆盖率", "%", "target", 2025, 85.0, ">=", None),
    ]


SPACE_ALIGNED = """表 2   主要发展指标

序号  领域        指标                          单位      2024 年   2026 年   属性
  1   健康水平    人均预期寿命                  岁        80.1      80.6      预期性
  2               孕产妇死亡率                  /10 万    6.2       ≤9        约束性
  3               每千人口拥有 3 岁以下婴幼儿   个        3.6       4.5       预期性
                  托位数
注:2024 年为统计快报数。
"""


def test_columns_aligned_by_spaces_with_a_category_printed_once_and_a_wrapped_name():
    assert cells(SPACE_ALIGNED, 2025) == [
        ("健康水平", "人均预期寿命", "岁", "baseline", 2024, 80.1, "=", "预期性"),
        ("健康水平", "人均预期寿命", "岁", "target", 2026, 80.6, "=", "预期性"),
        ("健康水平", "孕产妇死亡率", "/10万", "baseline", 2024, 6.2, "=", "约束性"),
        ("健康水平", "孕产妇死亡率", "/10万", "target", 2026, 9.0, "<=", "约束性"),
        ("健康水平", "每千人口拥有3岁以下婴幼儿托位数", "个", "baseline", 2024, 3.6, "=", "预期性"),
        ("健康水平", "每千人口拥有3岁以下婴幼儿托位数", "个", "target", 2026, 4.5, "=", "预期性"),
    ]


GROUP_LINES_AND_A_NOTE = """健康行动主要指标
指标\t基期水平\t2025年目标值\t2030年目标值\t指标性质
(一)控烟行动
15岁以上人群吸烟率(%)\t24.5\t<22\t<20\t预期性
(二)心理健康促进行动
居民心理健康素养水平(%)\t15\t20\t30\t倡导性
注:基期水平为2021年数据。
"""


def test_group_lines_between_rows_and_a_base_year_given_by_the_note():
    assert cells(GROUP_LINES_AND_A_NOTE) == [
        ("控烟行动", "15岁以上人群吸烟率", "%", "baseline", 2021, 24.5, "=", "预期性"),
        ("控烟行动", "15岁以上人群吸烟率", "%", "target", 2025, 22.0, "<", "预期性"),
        ("控烟行动", "15岁以上人群吸烟率", "%", "target", 2030, 20.0, "<", "预期性"),
        ("心理健康促进行动", "居民心理健康素养水平", "%", "baseline", 2021, 15.0, "=", "倡导性"),
        ("心理健康促进行动", "居民心理健康素养水平", "%", "target", 2025, 20.0, "=", "倡导性"),
        ("心理健康促进行动", "居民心理健康素养水平", "%", "target", 2030, 30.0, "=", "倡导性"),
    ]


def test_a_table_that_gives_no_cell_goes_to_review_as_a_table():
    from etl.pipeline import extract_document
    from etl.sources import SourceMeta

    meta = SourceMeta("d", "d.txt", "测试市", "市", "测试省", None, 2024, 2024, None, "t", None, None, None)
    text = "主要指标\n指标\t2023年\t2025年\n医疗卫生机构床位(张)\t—\t—\n健康管理率(%)\t/\t/\n"
    result = extract_document(text, meta)
    assert [r for r in result.targets if r["origin"] == "table"] == []
    assert [r["decision"] for r in result.review] == ["table not read"]
