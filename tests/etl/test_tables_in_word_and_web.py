"""The same indicator table saved as a Word document or a web page reads like the text copy.

Officials more often hold the appendix as a .docx or a saved page than as flattened text:
merged cells there are real column and row spans. These tests build both from one grid
(part of the 2024 Jiaxing appendix, merges included) and compare the rows with the rows the
text copy of that appendix gives.
"""
import html

import docx
import pytest

from etl.reading import read_document
from etl.reading.normalize import normalize_text
from etl.tables import find_table_blocks, parse_indicator_table
from store.paths import SOURCES_DIR

FIELDS = ("category", "indicator", "unit", "role", "year", "value", "value_high", "comparator",
          "kind", "value_text", "nature")

HEADER = ["类别", "序号", "指  标", "2023年", "2025年", "2027年", "性质"]
# Each row: cells as (text, colspan, rowspan); a cell covered by a rowspan above is left out.
GRID = [
    [("健康水平", 1, 3), ("1", 1, 1), ("人均预期寿命（岁）", 1, 1), ("82.4", 1, 1), ("82.5", 1, 1),
     ("82.7", 1, 1), ("预期性", 1, 1)],
    [("2", 1, 1), ("人均健康预期寿命（岁）", 1, 1), ("同比例提高", 3, 1), ("预期性", 1, 1)],
    [("5", 1, 1), ("国民体质合格率（％）", 1, 1), ("94.3", 1, 1), ("94.5", 1, 1), ("94.7", 1, 1),
     ("预期性", 1, 1)],
    [("健康资源", 1, 2), ("10", 1, 1), ("千人床位数（张）", 1, 1), ("5.6", 1, 1), ("≥6.1", 2, 1),
     ("预期性", 1, 1)],
    [("13", 1, 1), ("疾控机构规范化率（％）", 1, 1), ("100", 3, 1), ("约束性", 1, 1)],
    [("健康保障", 1, 1), ("25", 1, 1), ("个人卫生支出占卫生总费用比重（％）", 1, 1), ("≤25", 3, 1),
     ("预期性", 1, 1)],
]
INDICATORS = {"人均预期寿命", "人均健康预期寿命", "国民体质合格率", "千人床位数", "疾控机构规范化率",
              "个人卫生支出占卫生总费用比重"}


def as_tuples(rows):
    return [tuple(getattr(row, field) for field in FIELDS) for row in rows]


@pytest.fixture(scope="module")
def rows_from_text():
    text = normalize_text((SOURCES_DIR / "002_0fb9e7b9b40adc34.txt").read_text(encoding="utf-8"))
    (block,) = find_table_blocks(text)
    return [row for row in as_tuples(parse_indicator_table(block, plan_year=2024))
            if row[1] in INDICATORS]


def _table_rows(text: str):
    (block,) = find_table_blocks(text)
    return as_tuples(parse_indicator_table(block, plan_year=2024))


def _grid_positions():
    """(row, column, text, colspan, rowspan) of every printed cell, header excluded."""
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(GRID):
        column = 0
        for text, colspan, rowspan in row:
            while (r, column) in occupied:
                column += 1
            yield r, column, text, colspan, rowspan
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, column + dc))
            column += colspan


def test_a_word_table_with_merged_cells(tmp_path, rows_from_text):
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("嘉兴市卫生健康现代化建设重点指标体系")
    table = document.add_table(rows=len(GRID) + 1, cols=len(HEADER))
    for column, text in enumerate(HEADER):
        table.cell(0, column).text = text
    for r, column, text, colspan, rowspan in _grid_positions():
        cell = table.cell(r + 1, column)
        if colspan > 1 or rowspan > 1:
            cell = cell.merge(table.cell(r + rowspan, column + colspan - 1))
        cell.text = text
    path = tmp_path / "指标体系.docx"
    document.save(path)
    assert _table_rows(read_document(path)) == rows_from_text


def test_a_web_page_table_with_colspan_and_rowspan(tmp_path, rows_from_text):
    body = ["<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in HEADER) + "</tr>"]
    for row in GRID:
        cells = "".join(
            f"<td{f' colspan={c}' if c > 1 else ''}{f' rowspan={r}' if r > 1 else ''}>{html.escape(t)}</td>"
            for t, c, r in row)
        body.append(f"<tr>{cells}</tr>")
    page = ("<html><head><meta charset='utf-8'><title>指标体系</title></head><body>"
            "<div class='nav'><a href='/'>首页</a></div><div class='article'>"
            "<p>附件</p><p>嘉兴市卫生健康现代化建设重点指标体系</p>"
            f"<table border='1'>{''.join(body)}</table></div></body></html>")
    path = tmp_path / "指标体系.html"
    path.write_text(page, encoding="utf-8")
    assert _table_rows(read_document(path)) == rows_from_text
