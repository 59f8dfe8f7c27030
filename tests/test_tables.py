"""Indicator tables: finding them in document text and reading one row per year value."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reading.normalize import normalize_text
from etl.tables import find_table_blocks, parse_indicator_table, table_spans
from store.paths import SOURCES_DIR
from tests.support import EXPECTED_DIR, load_jsonl

FIELDS = ("category", "seq", "indicator", "unit", "role", "year", "value", "value_high",
          "comparator", "kind", "value_text", "nature")


def as_tuples(rows):
    return [tuple(getattr(row, field) for field in FIELDS) for row in rows]


def read_002() -> str:
    path = SOURCES_DIR / "002_0fb9e7b9b40adc34.txt"
    return normalize_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def text_002() -> str:
    return read_002()


@pytest.fixture(scope="module")
def rows_002(text_002):
    (block,) = find_table_blocks(text_002)
    return parse_indicator_table(block, plan_year=2024)


# The appendix 嘉兴市卫生健康现代化建设重点指标体系 as a reader of the plan sees it: one row per
# indicator and year a printed cell covers (tests/expected/002_….table.jsonl, which the accuracy
# report scores too). Merged cells (5.6 then ≥6.1; a single ≥90) give their value to every year
# column they span; "—" gives nothing.
EXPECTED_002 = [tuple(row[field] for field in FIELDS)
                for row in load_jsonl(EXPECTED_DIR / "002_0fb9e7b9b40adc34.table.jsonl")]

# Cells whose number sits inside words; they are read like a sentence.
IN_WORDS_002 = {"A+级力争保持在2个及以上", "力争进入全国前50"}


def test_002_appendix_is_found_as_one_table_with_its_title_and_header(text_002):
    (block,) = find_table_blocks(text_002)
    assert block.title == "嘉兴市卫生健康现代化建设重点指标体系"
    assert block.header == ["类别", "序号", "指标", "2023年", "2025年", "2027年", "性质"]
    assert len(block.rows) == 31  # 30 indicators, indicator 8 printed on two rows


def test_002_rows_read_from_the_layout_match_the_printed_table(rows_002):
    got = [row for row in as_tuples(rows_002) if row[10] not in IN_WORDS_002]
    expected = [row for row in EXPECTED_002 if row[10] not in IN_WORDS_002]
    assert got == expected


def test_002_cells_with_a_number_inside_words_are_read_as_targets(rows_002):
    got = [row for row in as_tuples(rows_002) if row[10] in IN_WORDS_002]
    expected = [row for row in EXPECTED_002 if row[10] in IN_WORDS_002]
    assert got == expected


def test_002_row_counts(rows_002):
    assert len(rows_002) == 92
    assert sum(r.role == "baseline" for r in rows_002) == 30
    assert sum(r.role == "target" for r in rows_002) == 62
    assert sum(r.value is None for r in rows_002 if r.value_text not in IN_WORDS_002) == 12
    assert len({(r.seq, r.indicator) for r in rows_002}) == 31


def test_002_every_span_is_the_value_cell_in_the_text(text_002, rows_002):
    for row in rows_002:
        assert text_002[row.span_start:row.span_end] == row.value_text


def test_002_merged_cell_years_share_one_span(rows_002):
    beds = [r for r in rows_002 if r.indicator == "千人床位数"]
    assert [(r.year, r.value_text) for r in beds] == [(2023, "5.6"), (2025, "≥6.1"), (2027, "≥6.1")]
    assert (beds[1].span_start, beds[1].span_end) == (beds[2].span_start, beds[2].span_end)
    assert beds[1].confidence < beds[0].confidence


def test_002_source_text_is_the_printed_row(rows_002):
    by_seq = {r.seq + r.indicator: r.source_text for r in rows_002}
    assert by_seq["10千人床位数"] == "健康资源 | 10 | 千人床位数(张) | 5.6 | ≥6.1 | 预期性"
    assert by_seq["19全国三级公立医院绩效考核排名(中医类)"] == "19 | 中医类 | 力争进入全国前50 | 预期性"
    assert by_seq["8国家医疗健康信息互联互通标准化成熟度评价(达四级以上的医疗机构)"] == (
        "达四级以上的医疗机构(个) | 5 | ≥8 | ≥11 | 预期性")


def test_002_table_span_covers_the_table_and_nothing_around_it(text_002):
    ((start, end),) = table_spans(text_002)
    table = text_002[start:end]
    assert table.startswith("\t类别\n")
    assert table.endswith("\t83\n\t预期性")
    assert "附件" not in table and "抄送" not in table
    assert "强化监测评价" in text_002[:start]


# The same appendix pasted from a word processor: one row per line, cells separated by tabs.
PASTED_002 = "\n".join("\t".join(cells) for cells in [
    ["类别", "序号", "指标", "2023年", "2025年", "2027年", "性质"],
    ["健康水平", "1", "人均预期寿命(岁)", "82.4", "82.5", "82.7", "预期性"],
    ["", "2", "人均健康预期寿命(岁)", "同比例提高", "预期性"],
    ["", "3", "孕产妇死亡率(1/10万)", "持续巩固在历史低水平", "预期性"],
    ["", "4", "婴儿死亡率(‰)", "持续巩固在历史低水平", "预期性"],
    ["", "5", "国民体质合格率(%)", "94.3", "94.5", "94.7", "预期性"],
    ["", "6", "居民健康素养水平(%)", "41", "41.5", "42", "预期性"],
    ["健康科技", "7", "新增省级及以上重点学科(专科)", "—", "≥15", "预期性"],
    ["", "8", "国家医疗健康信息互联互通标准化成熟度评价", "达四级以上的县(市、区)(个)", "6", "≥7", "预期性"],
    ["", "", "", "达四级以上的医疗机构(个)", "5", "≥8", "≥11", "预期性"],
    ["", "9", "省级及以上卫生高端人才(名)", "60", "70", "80", "预期性"],
    ["健康资源", "10", "千人床位数(张)", "5.6", "≥6.1", "预期性"],
    ["", "11", "千人医师数(人)", "4.0", "≥4.2", "预期性"],
    ["", "12", "千人护士数(人)", "4.2", "≥4.6", "预期性"],
    ["", "13", "疾控机构规范化率(%)", "100", "约束性"],
    ["", "14", "县级公立医院中三级医院占比(%)", "34", "37", "40", "约束性"],
    ["", "15", "镇(街道)卫生院(社区卫生服务中心)服务能力达到国家标准占比(%)", "85", "≥90", "约束性"],
    ["", "16", "每千名老年人医疗机构康复护理床位数(张)", "5.0", "5.5", "5.8", "预期性"],
    ["", "17", "每千人口拥有3岁以下婴幼儿托位数 (个)", "3.8", "4.6", "5.5", "预期性"],
    ["健康服务", "18", "全国三级公立医院绩效考核排名", "西医类", "A+级力争保持在2个及以上", "预期性"],
    ["", "19", "", "中医类", "力争进入全国前50", "预期性"],
    ["", "20", "县域就诊率(%)", "≥90", "预期性"],
    ["", "21", "重点人群家庭医生签约覆盖率(%)", "≥85", "约束性"],
    ["", "22", "适龄儿童国家免疫规划疫苗接种率(以镇〔街道〕为单位 )(%)", "≥95", "约束性"],
    ["", "23", "重大慢性病过早死亡率(%)", "9.3", "9.0", "8.5", "预期性"],
    ["", "24", "总体癌症五年生存率(%)", "47", "48", "≥50", "预期性"],
    ["健康保障", "25", "个人卫生支出占卫生总费用比重(%)", "≤25", "预期性"],
    ["", "26", "人均基本公共卫生服务经费(元)", "稳步提升", "约束性"],
    ["", "27", "城乡居民基本医疗保险政策范围内住院报销比例(含大病保险)(%)", "68", "70", "70", "预期性"],
    ["", "28", "异地结算医疗机构开通率(%)", "50", "60", "70", "预期性"],
    ["综合指数", "29", "健康嘉兴发展指数", "85.2", "86.2", "87", "预期性"],
    ["", "30", "中医药发展指数", "79", "81", "83", "预期性"],
])
PASTED_DOCUMENT = "附件\n\n嘉兴市卫生健康现代化建设重点指标体系\n" + PASTED_002 + "\n\n抄送：市委各部门。\n"


def test_pasted_table_reads_like_the_flattened_one():
    (block,) = find_table_blocks(PASTED_DOCUMENT)
    assert block.title == "嘉兴市卫生健康现代化建设重点指标体系"
    rows = parse_indicator_table(block)
    got = [row for row in as_tuples(rows) if row[10] not in IN_WORDS_002]
    assert got == [row for row in EXPECTED_002 if row[10] not in IN_WORDS_002]
    for row in rows:
        assert PASTED_DOCUMENT[row.span_start:row.span_end] == row.value_text
    assert table_spans(PASTED_DOCUMENT) == [(block.start, block.end)]
    assert PASTED_DOCUMENT[block.end:].strip() == "抄送：市委各部门。"


def test_pasted_table_cells_with_numbers_inside_words():
    (block,) = find_table_blocks(PASTED_DOCUMENT)
    got = [row for row in as_tuples(parse_indicator_table(block)) if row[10] in IN_WORDS_002]
    assert got == [row for row in EXPECTED_002 if row[10] in IN_WORDS_002]


def flattened(rows: list[list[str]]) -> str:
    """A table in the layout readers produce: one cell per tab-led line, blank line between rows."""
    return "\n\n".join("\n".join("\t" + cell for cell in cells) for cells in rows)


# A made-up city plan appendix with its own unit column and a 基期 year column.
QINGXI_APPENDIX = (
    "(四)加强督促检查。各地要把规划实施情况纳入年度目标责任考核。\n\n"
    "附件2\n\n"
    "青溪市“十四五”卫生健康事业发展主要指标\n\n"
    + flattened([
        ["领域", "指标", "单位", "2020年(基期)", "2025年", "属性"],
        ["健康水平", "人均预期寿命", "岁", "81.6", "82.3", "预期性"],
        ["", "孕产妇死亡率", "1/10万", "6.8", "<8", "预期性"],
        ["", "婴儿死亡率", "‰", "2.9", "<4", "预期性"],
        ["", "5岁以下儿童死亡率", "‰", "3.6", "≤5", "预期性"],
        ["", "居民健康素养水平", "%", "30.1", "≥35%", "预期性"],
        ["健康服务", "每千人口执业(助理)医师数", "人", "3.2", "3.8", "预期性"],
        ["", "每千人口拥有3岁以下婴幼儿托位数", "个", "1.9", "4.5", "预期性"],
        ["", "二级及以上综合医院设置老年医学科比例", "%", "42", "≥80", "预期性"],
        ["", "新增三级医院", "家", "—", "2-3", "预期性"],
        ["", "家庭医生签约服务覆盖率", "%", "/", "稳中有升", "约束性"],
        ["", "严重精神障碍患者规范管理率", "%", "≥85", "约束性"],
        ["健康保障", "个人卫生支出占卫生总费用的比重", "%", "26.7", "25以下", "约束性"],
        ["", "人均基本公共卫生服务经费", "元", "74", "按国家标准落实", "约束性"],
    ])
    + "\n\n注:属性为约束性的指标纳入年度考核。\n"
)

EXPECTED_QINGXI = [
    ("健康水平", "", "人均预期寿命", "岁", "baseline", 2020, 81.6, None, "=", "level", "81.6", "预期性"),
    ("健康水平", "", "人均预期寿命", "岁", "target", 2025, 82.3, None, "=", "level", "82.3", "预期性"),
    ("健康水平", "", "孕产妇死亡率", "/10万", "baseline", 2020, 6.8, None, "=", "level", "6.8", "预期性"),
    ("健康水平", "", "孕产妇死亡率", "/10万", "target", 2025, 8.0, None, "<", "level", "<8", "预期性"),
    ("健康水平", "", "婴儿死亡率", "‰", "baseline", 2020, 2.9, None, "=", "level", "2.9", "预期性"),
    ("健康水平", "", "婴儿死亡率", "‰", "target", 2025, 4.0, None, "<", "level", "<4", "预期性"),
    ("健康水平", "", "5岁以下儿童死亡率", "‰", "baseline", 2020, 3.6, None, "=", "level", "3.6", "预期性"),
    ("健康水平", "", "5岁以下儿童死亡率", "‰", "target", 2025, 5.0, None, "<=", "level", "≤5", "预期性"),
    ("健康水平", "", "居民健康素养水平", "%", "baseline", 2020, 30.1, None, "=", "level", "30.1", "预期性"),
    ("健康水平", "", "居民健康素养水平", "%", "target", 2025, 35.0, None, ">=", "level", "≥35%", "预期性"),
    ("健康服务", "", "每千人口执业(助理)医师数", "人", "baseline", 2020, 3.2, None, "=", "level", "3.2", "预期性"),
    ("健康服务", "", "每千人口执业(助理)医师数", "人", "target", 2025, 3.8, None, "=", "level", "3.8", "预期性"),
    ("健康服务", "", "每千人口拥有3岁以下婴幼儿托位数", "个", "baseline", 2020, 1.9, None, "=", "level", "1.9", "预期性"),
    ("健康服务", "", "每千人口拥有3岁以下婴幼儿托位数", "个", "target", 2025, 4.5, None, "=", "level", "4.5", "预期性"),
    ("健康服务", "", "二级及以上综合医院设置老年医学科比例", "%", "baseline", 2020, 42.0, None, "=", "level", "42", "预期性"),
    ("健康服务", "", "二级及以上综合医院设置老年医学科比例", "%", "target", 2025, 80.0, None, ">=", "level", "≥80", "预期性"),
    ("健康服务", "", "新增三级医院", "家", "target", 2025, 2.0, 3.0, "range", "count", "2-3", "预期性"),
    ("健康服务", "", "家庭医生签约服务覆盖率", "%", "target", 2025, None, None, None, "qualitative", "稳中有升", "约束性"),
    ("健康服务", "", "严重精神障碍患者规范管理率", "%", "baseline", 2020, 85.0, None, ">=", "level", "≥85", "约束性"),
    ("健康服务", "", "严重精神障碍患者规范管理率", "%", "target", 2025, 85.0, None, ">=", "level", "≥85", "约束性"),
    ("健康保障", "", "个人卫生支出占卫生总费用的比重", "%", "baseline", 2020, 26.7, None, "=", "level", "26.7", "约束性"),
    ("健康保障", "", "个人卫生支出占卫生总费用的比重", "%", "target", 2025, 25.0, None, "<=", "level", "25以下", "约束性"),
    ("健康保障", "", "人均基本公共卫生服务经费", "元", "baseline", 2020, 74.0, None, "=", "level", "74", "约束性"),
    ("健康保障", "", "人均基本公共卫生服务经费", "元", "target", 2025, None, None, None, "qualitative", "按国家标准落实", "约束性"),
]


def test_other_city_appendix_with_a_unit_column():
    (block,) = find_table_blocks(QINGXI_APPENDIX)
    assert block.title == "青溪市“十四五”卫生健康事业发展主要指标"
    assert block.header == ["领域", "指标", "单位", "2020年(基期)", "2025年", "属性"]
    rows = parse_indicator_table(block, plan_year=2021)
    assert as_tuples(rows) == EXPECTED_QINGXI
    for row in rows:
        assert QINGXI_APPENDIX[row.span_start:row.span_end] == row.value_text
    assert "注:" not in QINGXI_APPENDIX[block.start:block.end]


def test_category_printed_once_and_left_out_of_later_rows():
    # A merged 类别 cell that a reader emits only on its first row: later rows start at 序号.
    text = "表1 主要健康指标\n" + flattened([
        ["类别", "序号", "指标名称", "2020年", "2025年目标", "2030年目标", "指标性质"],
        ["健康水平", "1", "人均预期寿命(岁)", "79.5", "80", "81", "预期性"],
        ["2", "婴儿死亡率(‰)", "5.2", "≤5", "≤4.5", "预期性"],
    ])
    (block,) = find_table_blocks(text)
    assert block.title == "表1 主要健康指标"
    assert as_tuples(parse_indicator_table(block))[3:] == [
        ("健康水平", "2", "婴儿死亡率", "‰", "baseline", 2020, 5.2, None, "=", "level", "5.2", "预期性"),
        ("健康水平", "2", "婴儿死亡率", "‰", "target", 2025, 5.0, None, "<=", "level", "≤5", "预期性"),
        ("健康水平", "2", "婴儿死亡率", "‰", "target", 2030, 4.5, None, "<=", "level", "≤4.5", "预期性"),
    ]


def test_nature_merged_down_over_rows_carries_to_the_rows_below():
    # Readers write a cell merged over several rows once and leave an empty cell below it.
    text = "重点指标\n" + flattened([
        ["序号", "指标", "2022年", "2024年", "2026年", "指标属性", "责任单位"],
        ["1", "高血压患者基层规范管理服务率(%)", "62", "≥65", "约束性", "市卫生健康委"],
        ["2", "2型糖尿病患者基层规范管理服务率(%)", "≥65", "", ""],
    ])
    (block,) = find_table_blocks(text)
    assert as_tuples(parse_indicator_table(block)) == [
        (None, "1", "高血压患者基层规范管理服务率", "%", "baseline", 2022, 62.0, None, "=", "level", "62", "约束性"),
        (None, "1", "高血压患者基层规范管理服务率", "%", "target", 2024, 65.0, None, ">=", "level", "≥65", "约束性"),
        (None, "1", "高血压患者基层规范管理服务率", "%", "target", 2026, 65.0, None, ">=", "level", "≥65", "约束性"),
        (None, "2", "2型糖尿病患者基层规范管理服务率", "%", "baseline", 2022, 65.0, None, ">=", "level", "≥65", "约束性"),
        (None, "2", "2型糖尿病患者基层规范管理服务率", "%", "target", 2024, 65.0, None, ">=", "level", "≥65", "约束性"),
        (None, "2", "2型糖尿病患者基层规范管理服务率", "%", "target", 2026, 65.0, None, ">=", "level", "≥65", "约束性"),
    ]


def test_baseline_and_target_columns_without_years():
    # 目标值 is for the plan's own year; a 基期值 with no year printed cannot be placed in time.
    text = flattened([
        ["序号", "指标", "基期值", "目标值", "指标属性"],
        ["1", "千人口执业(助理)医师数(人)", "2.9", "3.2", "预期性"],
        ["2", "新增省级区域医疗中心(个)", "—", "2", "预期性"],
    ])
    (block,) = find_table_blocks(text)
    assert as_tuples(parse_indicator_table(block, plan_year=2025)) == [
        (None, "1", "千人口执业(助理)医师数", "人", "target", 2025, 3.2, None, "=", "level", "3.2", "预期性"),
        (None, "2", "新增省级区域医疗中心", "个", "target", 2025, 2.0, None, "=", "count", "2", "预期性"),
    ]
    assert parse_indicator_table(block, plan_year=None) == []


@pytest.mark.parametrize("name", ["000_c2891e936343edea.txt", "001_3340ccc55046799e.txt",
                                  "003_12e7a73b8ed4ed9f.txt", "004_d5ba40e950fad47a.txt"])
def test_plans_without_tables_have_no_blocks(name):
    text = normalize_text((SOURCES_DIR / name).read_text(encoding="utf-8"))
    assert find_table_blocks(text) == []
    assert table_spans(text) == []


def test_002_body_before_the_appendix_has_no_blocks(text_002):
    assert find_table_blocks(text_002[: text_002.index("附件:")]) == []
    assert find_table_blocks("") == []


def test_tab_lines_without_an_indicator_header_are_not_tables():
    text = "责任单位\t牵头部门\t完成时限\n市卫生健康委\t市财政局\t2025年\n" + flattened(
        [["项目", "2023年", "2025年"], ["体检", "12", "15"]])
    assert find_table_blocks(text) == []


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(
    st.tuples(
        st.sampled_from(["床位数(张)", "规范管理率(%)", "发展指数", "死亡率(‰)"]),
        st.lists(st.one_of(
            st.decimals(min_value=0, max_value=999, places=1).map(str),
            st.integers(min_value=1, max_value=99).map(lambda n: f"≥{n}"),
            st.just("—"),
        ), min_size=1, max_size=3),
    ),
    min_size=1, max_size=6,
))
def test_any_flattened_table_spans_point_at_the_value_cells(table):
    rows = [["指标", "2023年", "2025年", "2027年", "性质"]]
    rows += [[name, *values, "预期性"] for name, values in table]
    text = "主要指标\n\n" + flattened(rows) + "\n"
    (block,) = find_table_blocks(text)
    parsed = parse_indicator_table(block)
    for row in parsed:
        assert text[row.span_start:row.span_end] == row.value_text
    # k cells over 3 year columns: one column each, the last cell spanning the columns left.
    def years_covered(values):
        widths = [1] * (len(values) - 1) + [3 - (len(values) - 1)]
        return sum(width for value, width in zip(values, widths) if value != "—")

    assert len(parsed) == sum(years_covered(values) for _, values in table)


# A web or Word table whose header takes two lines: 基期 and 属性 merged down, 目标值 merged
# across the year columns below it; one target merged across two years.
TWO_LINE_HEADER_HTML = """<html><body><p>附表 清平市妇幼健康主要指标</p><table border="1">
<tr><th rowspan="2">序号</th><th rowspan="2">指标</th><th rowspan="2">单位</th>
<th rowspan="2">2023年(基期)</th><th colspan="3">目标值</th><th rowspan="2">属性</th></tr>
<tr><th>2024年</th><th>2025年</th><th>2026年</th></tr>
<tr><td>1</td><td>孕产妇系统管理率</td><td>%</td><td>93.5</td><td>≥90</td><td colspan="2">≥92</td><td>预期性</td></tr>
<tr><td>2</td><td>社区医院数量</td><td>个</td><td>96</td><td>110</td><td>125</td><td>140</td><td>约束性</td></tr>
</table><p>注：“≥”表示不低于。</p></body></html>"""


def test_a_two_line_header_with_target_years_under_a_merged_cell(tmp_path):
    from etl.reading import read_document

    page = tmp_path / "指标.html"
    page.write_text(TWO_LINE_HEADER_HTML, encoding="utf-8")
    (block,) = find_table_blocks(read_document(page))
    rows = [(r.indicator, r.role, r.year, r.value, r.comparator, r.nature)
            for r in parse_indicator_table(block, plan_year=2024)]
    assert rows == [
        ("孕产妇系统管理率", "baseline", 2023, 93.5, "=", "预期性"),
        ("孕产妇系统管理率", "target", 2024, 90.0, ">=", "预期性"),
        ("孕产妇系统管理率", "target", 2025, 92.0, ">=", "预期性"),
        ("孕产妇系统管理率", "target", 2026, 92.0, ">=", "预期性"),
        ("社区医院数量", "baseline", 2023, 96.0, "=", "约束性"),
        ("社区医院数量", "target", 2024, 110.0, "=", "约束性"),
        ("社区医院数量", "target", 2025, 125.0, "=", "约束性"),
        ("社区医院数量", "target", 2026, 140.0, "=", "约束性"),
    ]


def test_the_same_table_from_word_reads_the_same(tmp_path):
    import docx

    from etl.reading import read_document

    document = docx.Document()
    document.add_paragraph("附表 清平市妇幼健康主要指标")
    table = document.add_table(rows=4, cols=8)
    header = ["序号", "指标", "单位", "2023年(基期)", "目标值", "", "", "属性"]
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for column, text in ((4, "2024年"), (5, "2025年"), (6, "2026年")):
        table.cell(1, column).text = text
    for column in (0, 1, 2, 3, 7):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 4).merge(table.cell(0, 6))
    for row, values in ((2, ["1", "孕产妇系统管理率", "%", "93.5", "≥90", "≥92", "", "预期性"]),
                        (3, ["2", "社区医院数量", "个", "96", "110", "125", "140", "约束性"])):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    table.cell(2, 5).merge(table.cell(2, 6))
    path = tmp_path / "指标.docx"
    document.save(path)
    (block,) = find_table_blocks(read_document(path))
    rows = [(r.indicator, r.year, r.value) for r in parse_indicator_table(block, plan_year=2024)]
    assert rows == [("孕产妇系统管理率", 2023, 93.5), ("孕产妇系统管理率", 2024, 90.0),
                    ("孕产妇系统管理率", 2025, 92.0), ("孕产妇系统管理率", 2026, 92.0),
                    ("社区医院数量", 2023, 96.0), ("社区医院数量", 2024, 110.0),
                    ("社区医院数量", 2025, 125.0), ("社区医院数量", 2026, 140.0)]


# A five-year plan's table whose header takes three lines: 目标值 over 中期 | 期末 over the years.
THREE_LINE_HEADER = flattened([
    ["类别", "指标", "单位", "2025年基期值", "目标值", "", "指标属性"],
    ["", "", "", "", "中期", "期末", ""],
    ["", "", "", "", "2027年", "2030年", ""],
    ["健康水平", "人均预期寿命", "岁", "80.3", "80.7", "81.3", "预期性"],
    ["", "孕产妇死亡率", "/10万", "6.2", "≤8", "", "预期性"],
])


def test_a_three_line_header_names_each_year_column():
    (block,) = find_table_blocks(THREE_LINE_HEADER)
    rows = [(r.indicator, r.role, r.year, r.value, r.comparator)
            for r in parse_indicator_table(block, plan_year=2026)]
    assert rows == [
        ("人均预期寿命", "baseline", 2025, 80.3, "="), ("人均预期寿命", "target", 2027, 80.7, "="),
        ("人均预期寿命", "target", 2030, 81.3, "="),
        ("孕产妇死亡率", "baseline", 2025, 6.2, "="), ("孕产妇死亡率", "target", 2027, 8.0, "<="),
        ("孕产妇死亡率", "target", 2030, 8.0, "<="),
    ]


# 现状值 without a year (dated by the note under the table) and 到2026年目标值.
STATUS_AND_BY_YEAR = flattened([
    ["序号", "指标名称", "单位", "现状值", "到2026年目标值", "指标性质"],
    ["1", "乡镇卫生院服务能力达标率", "%", "82.5", "≥90", "约束性"],
    ["2", "远程医疗服务覆盖乡镇卫生院比例", "%", "—", "100", "预期性"],
]) + "\n\n注：现状值为2024年数据，“—”表示暂无统计。\n"


def test_a_status_column_dated_by_the_note_and_a_by_year_target_column():
    (block,) = find_table_blocks(STATUS_AND_BY_YEAR)
    rows = [(r.indicator, r.role, r.year, r.value, r.comparator, r.nature)
            for r in parse_indicator_table(block, plan_year=2025)]
    assert rows == [
        ("乡镇卫生院服务能力达标率", "baseline", 2024, 82.5, "=", "约束性"),
        ("乡镇卫生院服务能力达标率", "target", 2026, 90.0, ">=", "约束性"),
        ("远程医疗服务覆盖乡镇卫生院比例", "target", 2026, 100.0, "=", "预期性"),
    ]


def test_a_cell_that_dates_its_figure_and_a_change_written_in_words():
    text = flattened([
        ["指标", "2015年", "2020年", "2030年"],
        ["经常参加体育锻炼人数(亿人)", "3.6(2014 年)", "4.35", "5.3"],
        ["重大慢性病过早死亡率(%)", "19.1(2013 年)", "比 2015 年降低 10%", "比 2015 年降低 30%"],
    ])
    (block,) = find_table_blocks(text)
    rows = [(r.indicator, r.role, r.year, r.value, r.kind) for r in parse_indicator_table(block, plan_year=2016)]
    assert rows == [
        ("经常参加体育锻炼人数", "baseline", 2014, 3.6, "level"),
        ("经常参加体育锻炼人数", "target", 2020, 4.35, "level"),
        ("经常参加体育锻炼人数", "target", 2030, 5.3, "level"),
        ("重大慢性病过早死亡率", "baseline", 2013, 19.1, "level"),
        ("重大慢性病过早死亡率", "target", 2020, 10.0, "change"),
        ("重大慢性病过早死亡率", "target", 2030, 30.0, "change"),
    ]


def test_one_cell_per_line_with_categories_printed_once_and_an_estimate_column():
    # A web copy: no row breaks, 一级/二级指标 printed only where they change, a note at the end.
    lines = ["一级指标", "二级指标", "三级指标", "单位", "2026年预计", "2027年目标",
             "健康环境", "水质", "集中式饮用水水源地水质达标率", "%", "100", "100",
             "卫生设施", "农村卫生户厕普及率", "%", "98.2", "≥99",
             "健康人群", "健康水平", "人均预期寿命", "岁", "83.8", "84.2",
             "婴儿死亡率", "‰", "2.1", "≤2.5",
             "数据来源：市统计局、市卫生健康委"]
    (block,) = find_table_blocks("\n".join(lines) + "\n")
    rows = [(r.category, r.indicator, r.role, r.year, r.value)
            for r in parse_indicator_table(block, plan_year=2027)]
    assert rows == [
        ("水质", "集中式饮用水水源地水质达标率", "baseline", 2026, 100.0),
        ("水质", "集中式饮用水水源地水质达标率", "target", 2027, 100.0),
        ("卫生设施", "农村卫生户厕普及率", "baseline", 2026, 98.2),
        ("卫生设施", "农村卫生户厕普及率", "target", 2027, 99.0),
        ("健康水平", "人均预期寿命", "baseline", 2026, 83.8),
        ("健康水平", "人均预期寿命", "target", 2027, 84.2),
        ("健康水平", "婴儿死亡率", "baseline", 2026, 2.1),
        ("健康水平", "婴儿死亡率", "target", 2027, 2.5),
    ]
