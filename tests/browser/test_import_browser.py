"""导入文件 in Chromium: an official uploads a province plan as .docx, sees the preview, clicks
加入看板 and 总览 counts one more document; image bytes named .pdf are refused and change nothing."""
from __future__ import annotations

import shutil

import docx
import pandas as pd
import pytest
from playwright.sync_api import expect

from etl.pipeline import build_all
from store import paths
from tests.live_server import dashboard_server

PLAN_PARAGRAPHS = [
    "湖南省卫生健康委员会关于印发《湖南省基层卫生健康服务能力提升三年行动方案（2025—2027年）》的通知",
    "各市州卫生健康委：",
    "现将方案印发给你们，请认真贯彻落实。",
    "湖南省卫生健康委员会",
    "2025年3月18日",
    "一、工作目标",
    "到2027年，全省80%以上的乡镇卫生院达到服务能力基本标准，每万常住人口全科医生数达到4.2人，"
    "65岁及以上老年人城乡社区规范健康管理服务率达到65%以上。",
    "二、主要指标",
]
TABLE = [["指标", "单位", "2024年(基期)", "2025年", "2027年", "属性"],
         ["乡镇卫生院服务能力达标率", "%", "72", "75", "≥80", "预期性"],
         ["每万常住人口全科医生数", "人", "3.6", "3.8", "4.2", "约束性"]]


def province_plan(path):
    document = docx.Document()
    for text in PLAN_PARAGRAPHS:
        document.add_paragraph(text)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, cells in enumerate(TABLE):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(path)
    return path


@pytest.fixture
def import_server(tmp_path, artifacts):
    data = tmp_path / "data"
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    build_all(sources_dir=data / "sources", out_dir=data)
    with dashboard_server(data, artifacts / "server_import.log") as server:
        yield server.url, data


def open_import_page(page, url):
    page.goto(f"{url}/importing")
    expect(page.locator("h1").first).to_have_text("导入文件")
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)


def test_an_official_adds_a_province_plan_and_the_overview_counts_it(page, import_server, tmp_path, artifacts):
    url, data = import_server
    before = len(pd.read_parquet(data / "documents.parquet"))
    open_import_page(page, url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(province_plan(tmp_path / "湖南省基层能力提升行动方案.docx")))
    expect(page.get_by_text("将加入目标与基线", exact=False)).to_be_visible(timeout=60_000)
    # The metadata read from the document: the province, and the plan's first year.
    expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="地区").first).to_match_aria_snapshot(
        '- combobox "地区": 湖南省', timeout=10_000)
    page.screenshot(path=str(artifacts / "import_preview.png"), full_page=True)
    assert len(pd.read_parquet(data / "documents.parquet")) == before  # nothing written yet
    page.get_by_role("button", name="加入看板").click()
    expect(page.locator("h1").first).to_have_text("总览", timeout=120_000)
    expect(page.get_by_text("已加入 1 个文件", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text(f"{before + 1} 份")
    assert len(pd.read_parquet(data / "documents.parquet")) == before + 1
    page.screenshot(path=str(artifacts / "import_added.png"), full_page=True)


def test_image_bytes_named_pdf_are_refused_and_change_nothing(page, import_server, tmp_path):
    url, data = import_server
    fake = tmp_path / "规划.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    before = {p.name: p.read_bytes() for p in (data / "sources").iterdir()}
    open_import_page(page, url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(fake))
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_contain_text("这是一张图片", timeout=60_000)
    expect(page.get_by_role("button", name="加入看板")).to_have_count(0)
    assert {p.name: p.read_bytes() for p in (data / "sources").iterdir()} == before


def test_a_broken_file_dropped_behind_the_dashboards_back_leaves_every_page_drawing(page, import_server):
    url, data = import_server
    sources = data / "sources"
    (sources / "坏文件.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    metadata = sources / "sources.csv"
    lines = metadata.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(doc_id="broken", file="坏文件.txt", region="嘉兴市", region_level="市", province="浙江省",
               plan_year="2026", title="坏文件")
    metadata.write_text("\n".join(lines + [",".join(row[c] for c in header)]) + "\n", encoding="utf-8")
    for path, title, has_chart in [("", "总览", True), ("trajectory", "目标轨迹", True),
                                   ("details", "数据明细与下载", False)]:
        page.goto(f"{url}/{path}")
        expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
        banner = page.locator('[data-testid="stAlertContentWarning"]').first
        expect(banner).to_contain_text("坏文件.txt")
        expect(banner).to_contain_text("仍显示上次成功生成的数据")
        if has_chart:
            expect(page.locator(".js-plotly-plot svg").first).to_be_visible()
    assert (data / "current").resolve().name in {p.name for p in (data / "builds").iterdir()}
