"""Formula text in a plan never runs in the official's spreadsheet.

A plan (清溪市 2025) whose sentences open with =HYPERLINK(...), +1+2, -3+4 and @SUM(1), and
whose indicator table reports a negative 人口自然增长率, goes through `python -m etl build`.
Its Excel and CSV downloads — made by board.exports and clicked in the browser on
数据明细与下载 — hold those sentences as text behind an apostrophe (the OWASP CSV-injection
rule), while the values, the negative ones included, stay numbers.
"""
from __future__ import annotations

import csv
import io
import urllib.parse

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect

from board import exports, queries
from board.filters import Filters
from board.labels import column_label
from etl.reading.normalize import normalize_text
from store import connection
from tests.robustness.hostile_sources import (
    FORMULA_DOC_ID,
    FORMULA_META,
    FORMULA_SENTENCES,
    HYPERLINK,
)

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = [column_label(c) for c in
                   ("year", "value", "value_high", "plan_year", "confidence", "span_start", "span_end")]
SENTENCE = column_label("source_text")
VALUE = column_label("value")
VALUE_TEXT = column_label("value_text")
INDICATOR = column_label("indicator")
DOC_LABEL = f"{FORMULA_META['region']}｜{FORMULA_META['title']}"


@pytest.fixture(scope="module")
def hostile_con(hostile_build):
    return connection.connect(hostile_build[1])


@pytest.fixture(scope="module")
def formula_rows(hostile_con) -> pd.DataFrame:
    return queries.detail_rows(hostile_con, Filters(doc_ids=[FORMULA_DOC_ID]))


def test_the_build_keeps_every_formula_sentence_and_the_negative_values(formula_rows):
    sentences = set(formula_rows["source_text"])
    for sentence in FORMULA_SENTENCES.values():
        assert normalize_text(sentence) in sentences
    growth = formula_rows[formula_rows["indicator"] == "常住人口自然增长率"]
    assert sorted(zip(growth["year"], growth["value"], growth["value_text"])) == [
        (2024, -1.5, "-1.5"), (2025, -1.2, "-1.2")]


def xlsx_cells(content: bytes) -> tuple[list[str], list[list]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))[exports.DATA_SHEET]
    header = [c.value for c in sheet[1]]
    return header, [list(row) for row in sheet.iter_rows(min_row=2)]


def assert_excel_is_inert(content: bytes, rows: pd.DataFrame) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(TRIGGERS), f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
    header, body = xlsx_cells(content)
    assert len(body) == len(rows)
    sentences = [row[header.index(SENTENCE)].value for row in body]
    for sentence in FORMULA_SENTENCES.values():
        assert "'" + normalize_text(sentence) in sentences
    # Every value is a number cell holding exactly the extracted value, negatives included.
    value_cells = [row[header.index(VALUE)] for row in body]
    assert [c.value for c in value_cells] == [None if pd.isna(v) else v for v in rows["value"]]
    assert all(c.data_type == "n" for c in value_cells if c.value is not None)
    by_text = {row[header.index(VALUE_TEXT)].value: row[header.index(VALUE)] for row in body}
    assert by_text["'-1.5"].value == -1.5 and by_text["'-1.5"].data_type == "n"
    assert by_text["'-1.2"].value == -1.2 and by_text["'-1.2"].data_type == "n"
    # The explanation sheet lists the document's URL, which is a formula too.
    notes = [c.value for row in workbook[exports.NOTES_SHEET].iter_rows() for c in row]
    assert "'" + HYPERLINK in notes


def assert_csv_is_inert(content: bytes, rows: pd.DataFrame) -> None:
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    header, body = records[0], records[1:]
    assert len(body) == len(rows)
    for record in body:
        for name, field in zip(header, record):
            if field.startswith(TRIGGERS):
                # Only a real number may start with a minus sign.
                assert name in NUMERIC_COLUMNS, (name, field)
                float(field)
    sentences = [record[header.index(SENTENCE)] for record in body]
    for sentence in FORMULA_SENTENCES.values():
        assert "'" + normalize_text(sentence) in sentences
    values = {record[header.index(VALUE_TEXT)]: record[header.index(VALUE)] for record in body}
    assert values["'-1.5"] == "-1.5" and values["'-1.2"] == "-1.2"
    assert [float(r[header.index(VALUE)]) if r[header.index(VALUE)] else None for r in body] == [
        None if pd.isna(v) else v for v in rows["value"]]


def test_excel_download_holds_formulas_as_text_and_values_as_numbers(formula_rows, hostile_con):
    documents = queries.documents_for_selection(hostile_con, Filters(doc_ids=[FORMULA_DOC_ID]))
    content = exports.to_xlsx(formula_rows, Filters(doc_ids=[FORMULA_DOC_ID]).describe(),
                              "2025-01-01", documents)
    assert_excel_is_inert(content, formula_rows)


def test_csv_download_holds_formulas_as_text_and_values_as_numbers(formula_rows):
    assert_csv_is_inert(exports.to_csv(formula_rows), formula_rows)


def test_cells_opening_with_a_tab_or_carriage_return_are_inert_too(formula_rows):
    # The build strips leading blanks from sentences, so these cells are made here.
    row = formula_rows[formula_rows["indicator"] == "常住人口自然增长率"].head(1).copy()
    row["source_text"] = "\t=1+2 年内完成"
    row["indicator"] = "\r@SUM(A1:A9)"
    row["value"] = -3.0
    header, body = xlsx_cells(exports.to_xlsx(row, "", "2025-01-01"))
    cells = body[0]
    assert cells[header.index(SENTENCE)].value == "'\t=1+2 年内完成"
    # XML cannot carry a bare carriage return: the file holds the OOXML escape _x000D_,
    # which Excel turns back into the character.
    assert cells[header.index(INDICATOR)].value.replace("_x000D_", "\r") == "'\r@SUM(A1:A9)"
    assert cells[header.index(VALUE)].value == -3.0 and cells[header.index(VALUE)].data_type == "n"
    records = list(csv.reader(io.StringIO(exports.to_csv(row).decode("utf-8-sig"), newline="")))
    assert len(records) == 2  # the carriage return stays inside its quoted cell
    record = dict(zip(records[0], records[1]))
    assert record[SENTENCE] == "'\t=1+2 年内完成"
    assert record[INDICATOR] == "'\r@SUM(A1:A9)"
    assert record[VALUE] == "-3.0"


def test_browser_downloads_on_the_details_page_are_inert(hostile_server, hostile_build, watched_page,
                                                          formula_rows, tmp_path):
    page = watched_page
    page.goto(f"{hostile_server.url}/details?" + urllib.parse.urlencode({"doc": DOC_LABEL}))
    expect(page.locator("h1").first).to_have_text("数据明细与下载")
    expect(page.get_by_text(f"共 {len(formula_rows)} 行")).to_be_visible()
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)

    with page.expect_download() as excel:
        page.get_by_role("button", name="下载 Excel").click()
    excel_path = tmp_path / excel.value.suggested_filename
    excel.value.save_as(excel_path)
    assert_excel_is_inert(excel_path.read_bytes(), formula_rows)

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="下载 CSV").click()
    csv_path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    assert csv_path.read_bytes() == exports.to_csv(formula_rows)
    assert_csv_is_inert(csv_path.read_bytes(), formula_rows)
    assert page.dialogs == []
