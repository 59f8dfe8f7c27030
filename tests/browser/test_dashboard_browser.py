"""What only a browser shows: drawn charts, Chinese glyphs, the theme button, downloads."""
from __future__ import annotations

import io
import urllib.parse

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect

from board import exports, queries
from board.filters import Filters
from store import connection

PAGES = [  # url path (the default page lives at the root), title, has a chart
    ("", "总览", True),
    ("trajectory", "目标轨迹", True),
    ("coverage", "主题覆盖", True),
    ("compare", "城市对比", True),
    ("details", "数据明细与下载", False),
    ("reader", "原文对照", False),
    ("importing", "导入文件", False),
]


def open_page(page, server: str, path: str, title: str, params: dict | None = None):
    query = ("?" + urllib.parse.urlencode(params, doseq=True)) if params else ""
    page.goto(f"{server}/{path}{query}")
    expect(page.locator("h1").first).to_have_text(title)
    # The run has finished when the status widget stops showing "running".
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)


def glyph_images_differ(page, first: str, second: str) -> bool:
    """Two different Chinese strings render to different pixels (missing glyphs draw identical boxes)."""
    page.evaluate("""([a, b]) => {
        for (const [id, text] of [['glyph-a', a], ['glyph-b', b]]) {
            const span = document.createElement('span');
            span.id = id; span.textContent = text;
            span.style.cssText = 'font-size:40px;position:fixed;left:0;top:0;background:#fff;color:#000;z-index:99999;font-family:"Noto Sans CJK SC",sans-serif';
            document.body.appendChild(span);
        }
        document.getElementById('glyph-b').style.top = '60px';
    }""", [first, second])
    image_a = page.locator("#glyph-a").screenshot()
    image_b = page.locator("#glyph-b").screenshot()
    page.evaluate("() => { document.getElementById('glyph-a').remove(); document.getElementById('glyph-b').remove(); }")
    return image_a != image_b


@pytest.mark.parametrize("path,title,has_chart", PAGES)
def test_every_page_draws_with_chinese_glyphs(page, server, artifacts, path, title, has_chart):
    open_page(page, server, path, title)
    if has_chart:
        expect(page.locator(".js-plotly-plot svg").first).to_be_visible()
        # The chart carries its Chinese title as drawn SVG text.
        assert page.locator(".js-plotly-plot .gtitle").first.text_content().strip() != ""
    assert glyph_images_differ(page, "卫生健康", "规划目标")
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("筛选条件")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.screenshot(path=str(artifacts / f"{path or 'overview'}.png"), full_page=True)


def test_reader_shows_markup_from_documents_as_text(page, server, artifacts):
    open_page(page, server, "reader", "原文对照", {"read": "东湖区｜东湖区卫生健康局2025年工作计划"})
    expect(page.get_by_text("<script>alert(1)</script>", exact=False).first).to_be_visible()
    assert page.locator(".doc-reader script").count() == 0
    assert page.locator(".st-key-reader_text .doc-reader mark").count() == 6
    page.screenshot(path=str(artifacts / "reader_donghu.png"), full_page=True)


def test_theme_button_changes_the_page_and_holds_across_pages(page, server, artifacts):
    open_page(page, server, "", "总览")
    targets = page.locator('[data-testid="stMetricValue"]').nth(2)
    expect(targets).to_have_text("29 条")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="中医药", exact=True).click()
    expect(targets).to_have_text("5 条")
    assert "theme=%E4%B8%AD%E5%8C%BB%E8%8D%AF" in page.url  # the view is now a shareable link
    page.screenshot(path=str(artifacts / "overview_tcm.png"), full_page=True)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("数据明细与下载").click()
    expect(page.locator("h1").first).to_have_text("数据明细与下载")
    expect(page.get_by_text("共 5 行")).to_be_visible()


def test_downloads_hold_exactly_the_filtered_rows(page, server, artifacts, browser_data_dir):
    expected = queries.detail_rows(connection.connect(browser_data_dir), Filters(themes=["疾控"]))
    open_page(page, server, "details", "数据明细与下载", {"theme": "疾控"})
    expect(page.get_by_text("共 9 行")).to_be_visible()

    with page.expect_download() as excel:
        page.get_by_role("button", name="下载 Excel").click()
    assert excel.value.suggested_filename == "卫生健康规划目标_疾控.xlsx"
    excel_path = artifacts / excel.value.suggested_filename
    excel.value.save_as(excel_path)
    sheet = openpyxl.load_workbook(excel_path)["数据"]
    header = [c.value for c in sheet[1]]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[header.index("目标编号")] for row in body] == expected["target_id"].tolist()
    assert [row[header.index("数值")] for row in body] == [
        None if pd.isna(v) else v for v in expected["value"].tolist()]

    with page.expect_download() as csv:
        page.get_by_role("button", name="下载 CSV").click()
    assert csv.value.suggested_filename == "卫生健康规划目标_疾控.csv"
    csv_path = artifacts / csv.value.suggested_filename
    csv.value.save_as(csv_path)
    content = csv_path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content == exports.to_csv(expected)
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert frame["目标编号"].tolist() == expected["target_id"].tolist()


@pytest.mark.parametrize("path,title,has_chart", PAGES[1:])
def test_a_link_to_a_page_is_the_first_visit_after_the_server_starts(
        page, browser_data_dir, artifacts, path, title, has_chart):
    """The page a shared link names opens inside the router, with the link's filters, even when
    no session has run the router yet (Streamlit's legacy pages/ mode answers such a first
    visit; the page hands over to the router)."""
    from tests.live_server import dashboard_server

    log = artifacts / f"server_first_visit_{path}.log"
    with dashboard_server(browser_data_dir, log) as fresh:
        open_page(page, fresh.url, path, title, {"theme": "疾控", "region": "明州市"})
        pickers = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        expect(pickers.filter(has_text="主题")).to_contain_text("疾控")
        expect(pickers.filter(has_text="地区")).to_contain_text("明州市")
        if path not in ("reader", "importing"):
            expect(page.get_by_text("当前筛选：主题：疾控；地区：明州市", exact=False).first).to_be_visible()
        navigation = page.locator('[data-testid="stSidebarNav"]')
        expect(navigation.get_by_text("总览")).to_be_visible()
        assert navigation.locator("a").count() == len(PAGES)
        assert "theme=" in page.url and "region=" in page.url
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
