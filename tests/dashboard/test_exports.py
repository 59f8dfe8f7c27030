"""Downloads: headers in Chinese, numbers as numbers, formula-like text made inert."""
import io

import openpyxl
import pandas as pd

from board import exports, queries
from board.filters import Filters
from board.labels import column_label
from store.fields import TARGETS
from tests.fixtures.sample_data import REGION_CODES


def read_xlsx(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_xlsx_data_sheet_headers_and_numbers(con):
    rows = queries.detail_rows(con, Filters(regions=[REGION_CODES["清河市"]], roles=["baseline"]))
    content = exports.to_xlsx(rows, "地区：清河市", {"数据生成日期": "2025-06-01"})
    sheet = read_xlsx(content)["数据"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["地区", "指标（原文）", "数值", "单位", "年份", "类型"]
    values = {h: c.value for h, c in zip(header, sheet[2])}
    assert values["数值"] == 2.1 and sheet.cell(2, header.index("数值") + 1).data_type == "n"
    assert values["年份"] == 2023
    assert values["类型"] == "基线" and values["主题"] == "妇幼、一老一小"
    assert values["原文句子"] == "婴儿死亡率（‰） 2.1 ≤3 ≤3 约束性"
    assert sheet.max_row == 1 + 3


def test_xlsx_explanation_sheet_states_filters_date_and_sources(con):
    rows = queries.detail_rows(con, Filters(themes=["中医药"]))
    documents = queries.documents_for_selection(con, Filters(themes=["中医药"]))
    content = exports.to_xlsx(rows, Filters(themes=["中医药"]).describe(), {"数据生成日期": "2025-06-01"},
                              documents)
    notes = [[c.value for c in row] for row in read_xlsx(content)["说明"].iter_rows()]
    assert ["行数", "5"] == notes[1][:2]
    assert notes[2][1].startswith("主题：中医药；地区：全部")
    assert ["数据生成日期", "2025-06-01"] == notes[3][:2]
    sources = [row[1:3] for row in notes if row[0] is None and row[1]]
    assert ["明州市", "2025年明州市卫生健康工作要点"] in [list(s) for s in sources]


def test_formula_like_text_is_neutralised_and_negative_numbers_stay_numeric():
    frame = pd.DataFrame({
        "source_text": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "普通文字"],
        "value": [-3.5, -1.0, 0.0, 1.0, 2.0, 3.0, None],
    })
    sheet = read_xlsx(exports.to_xlsx(frame, "", "2025-06-01"))["数据"]
    texts = [sheet.cell(r, 1).value for r in range(2, 9)]
    assert texts[:5] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'\tx"]
    assert texts[5].startswith("'")  # the carriage return is stored escaped (_x000D_)
    assert texts[6] == "普通文字"
    assert [sheet.cell(r, 2).value for r in range(2, 8)] == [-3.5, -1, 0, 1, 2, 3]
    assert all(sheet.cell(r, 2).data_type == "n" for r in range(2, 8))
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, 9))


def test_fixture_formula_sentence_is_inert_in_both_formats(con):
    rows = queries.detail_rows(con, Filters(), "普惠托育")
    sheet = read_xlsx(exports.to_xlsx(rows, "", "2025-06-01"))["数据"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("原文句子") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK(")
    csv = exports.to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv


def test_csv_starts_with_bom_and_has_chinese_headers(con):
    rows = queries.detail_rows(con, Filters(regions=[REGION_CODES["东湖区"]]))
    content = exports.to_csv(rows)
    assert content.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert list(frame.columns[:5]) == ["地区", "指标（原文）", "数值", "单位", "年份"]
    assert len(frame) == 6
    assert frame["数值"].tolist()[:1] == [65.0]


def test_file_names_say_what_they_hold():
    stem = Filters(themes=["中医药"], year_min=2025, year_max=2027).file_stem()
    assert exports.file_name(stem, "xlsx") == "卫生健康规划目标_中医药_2025-2027.xlsx"


def test_downloads_written_in_batches_equal_the_one_frame_files(con, tmp_path):
    # The server writes large downloads batch by batch; the files must not depend on it.
    filters = Filters()
    rows = queries.detail_rows(con, filters)
    batches = list(queries.detail_row_batches(con, filters, rows_per_batch=7))
    assert len(batches) == -(-len(rows) // 7)
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), rows)
    csv_path = tmp_path / "rows.csv"
    with csv_path.open("wb") as handle:
        assert exports.write_csv(iter(batches), handle) == len(rows)
    assert csv_path.read_bytes() == exports.to_csv(rows)
    xlsx_path = tmp_path / "rows.xlsx"
    assert exports.write_xlsx(iter(batches), xlsx_path, "", "2025-06-01") == len(rows)
    in_batches = [[c.value for c in r] for r in read_xlsx(xlsx_path.read_bytes())["数据"].iter_rows()]
    at_once = [[c.value for c in r] for r in read_xlsx(exports.to_xlsx(rows, "", "2025-06-01"))["数据"].iter_rows()]
    assert in_batches == at_once


def test_an_empty_selection_downloads_the_header_row(con, tmp_path):
    nothing = Filters(regions=["000000"])
    path = tmp_path / "empty.xlsx"
    assert exports.write_xlsx(queries.detail_row_batches(con, nothing), path, "", "2025-06-01",
                              columns=queries.DETAIL_COLUMNS) == 0
    sheet = read_xlsx(path.read_bytes())["数据"]
    assert [c.value for c in sheet[1]][:3] == ["地区", "指标（原文）", "数值"] and sheet.max_row == 1
    buffer = io.BytesIO()
    assert exports.write_csv(queries.detail_row_batches(con, nothing), buffer,
                             columns=queries.DETAIL_COLUMNS) == 0
    header = buffer.getvalue().decode("utf-8-sig").splitlines()
    assert len(header) == 1 and header[0].startswith("地区,指标（原文）,数值")


# The columns an official does not read: every field store.fields flags technical, by label.
TECHNICAL = [column_label(f.name) for f in TARGETS.fields if f.technical and f.name in queries.DETAIL_COLUMNS]


def test_technical_columns_come_last_in_both_downloads(con):
    rows = queries.detail_rows(con, Filters(regions=[REGION_CODES["东湖区"]]))
    header = [c.value for c in read_xlsx(exports.to_xlsx(rows, "", "2025-06-01"))["数据"][1]]
    csv_header = pd.read_csv(io.BytesIO(exports.to_csv(rows)), encoding="utf-8-sig").columns.tolist()
    assert csv_header == header
    assert header[:5] == ["地区", "指标（原文）", "数值", "单位", "年份"]
    assert sorted(header[-len(TECHNICAL):]) == sorted(TECHNICAL)
    assert {"目标编号", "文件编号", "地区代码", "原文起点", "原文终点", "置信度"} <= set(TECHNICAL)
    # Nothing an official reads stands among or after them.
    assert not set(header[:-len(TECHNICAL)]) & set(TECHNICAL)


def test_a_frame_in_any_column_order_is_written_technical_last():
    frame = pd.DataFrame({"target_id": ["t1"], "span_start": [3], "region": ["东湖区"], "value": [5.0]})
    header = [c.value for c in read_xlsx(exports.to_xlsx(frame, "", "2025-06-01"))["数据"][1]]
    assert header == ["地区", "数值", "目标编号", "原文起点"]
    assert exports.to_csv(frame).decode("utf-8-sig").splitlines()[0] == "地区,数值,目标编号,原文起点"


def test_the_page_table_hides_technical_columns_and_shows_a_dash_for_missing(con):
    rows = queries.detail_rows(con, Filters(regions=[REGION_CODES["东湖区"]]))
    shown = exports.page_frame(rows)
    assert list(shown.columns[:5]) == ["地区", "指标（原文）", "数值", "单位", "年份"]
    assert not set(shown.columns) & set(TECHNICAL)
    text = shown.select_dtypes(exclude="number")
    assert text.notna().all().all()
    assert not text.isin(["None", "nan", "NaN", "<NA>", ""]).any().any()
    qualitative = shown[shown["原文数值"] == "进一步提高"].iloc[0]
    assert qualitative["比较方式"] == exports.MISSING and qualitative["单位"] == exports.MISSING
    with_ids = exports.page_frame(rows, show_technical=True)
    assert list(with_ids.columns[-len(TECHNICAL):]) == [c for c in with_ids.columns if c in TECHNICAL]
