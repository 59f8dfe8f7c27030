"""Markup in a plan is shown as text, never run, on every page that shows source sentences.

A plan (白沙区 2025) with `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` inside
target sentences, and markup in its issuer and URL, goes through `python -m etl build`. The
dashboard then serves that build to Chromium: no dialog ever opens, the reader shows the tag
as literal text, and no <img src=x> element or extra <script> appears anywhere.
"""
from __future__ import annotations

import html
import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from board import charts, queries
from board.filters import Filters
from store import connection
from tests.robustness.hostile_sources import IMG, MARKUP_DOC_ID, MARKUP_META, SCRIPT

DOC_LABEL = f"{MARKUP_META['region']}｜{MARKUP_META['title']}"
SCRIPT_INDICATOR = "法定传染病报告及时率"
IMG_INDICATOR = "35岁以上居民首诊测血压率"


@pytest.fixture(scope="module")
def hostile_con(hostile_build):
    return connection.connect(hostile_build[1])


@pytest.fixture(scope="module")
def indicators(hostile_con):
    return queries.indicator_list(hostile_con, Filters()).set_index("indicator_key")


def assert_no_markup_ran(page) -> None:
    assert page.dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("img[onerror]").count() == 0
    # Scripts inside the app's own markup only: none comes from a document.
    assert page.locator("[data-testid=stMain] script").count() == 0
    assert "alert(1)" not in "".join(page.evaluate(
        "() => Array.from(document.scripts).map(s => s.textContent)"))


def open_page(page, url: str, title: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_have_text(title)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)


def test_the_build_keeps_the_markup_in_target_sentences(hostile_con):
    rows = queries.detail_rows(hostile_con, Filters(doc_ids=[MARKUP_DOC_ID]))
    sentences = dict(zip(rows["indicator"], rows["source_text"]))
    assert SCRIPT in sentences[SCRIPT_INDICATOR]
    assert IMG in sentences[IMG_INDICATOR]


def figure_strings(figure) -> list[str]:
    """Every string a figure hands to plotly.js (hover text, labels, titles)."""
    found = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(figure.to_json()))
    return found


@pytest.mark.parametrize("indicator,markup", [(SCRIPT_INDICATOR, SCRIPT), (IMG_INDICATOR, IMG)])
def test_chart_hover_text_holds_the_markup_escaped(hostile_con, indicator, markup):
    rows = queries.trajectory(hostile_con, Filters(), indicator)
    values = queries.cross_city(hostile_con, Filters(), indicator)
    for figure in (charts.trajectory_figure(rows, indicator), charts.cross_city_figure(values, indicator)):
        strings = figure_strings(figure)
        assert not any("<script" in s or "<img" in s for s in strings)
    # The hover label wraps the sentence with <br>; joined again it holds the escaped tag.
    hover = "".join(figure_strings(charts.trajectory_figure(rows, indicator))).replace("<br>", "")
    assert html.escape(markup).replace(" ", "") in hover.replace(" ", "")


def test_reader_shows_the_tags_as_text_and_runs_nothing(hostile_server, watched_page):
    page = watched_page
    open_page(page, f"{hostile_server.url}/reader?" + urllib.parse.urlencode({"read": DOC_LABEL}),
              "原文对照")
    reader = page.locator(".st-key-reader_text .doc-reader")
    expect(reader).to_be_visible()
    # The "1" in alert(1) is a number too, highlighted with its reading-order superscript;
    # without those superscripts the text reads exactly as the document prints it.
    shown = reader.evaluate(
        "node => { const copy = node.cloneNode(true);"
        " copy.querySelectorAll('sup').forEach(s => s.remove()); return copy.textContent; }")
    assert SCRIPT in shown and IMG in shown
    # Both hostile sentences yield targets, so their numbers are highlighted beside the tags.
    assert reader.locator("mark:not(.hl-unmatched)").count() == 5
    # The issuer and URL from the metadata carry an <img> too; they show, but as text.
    expect(page.get_by_text("白沙区卫生健康局<img", exact=False).first).to_be_visible()
    assert_no_markup_ran(page)


def test_details_table_runs_nothing(hostile_server, watched_page):
    page = watched_page
    open_page(page, f"{hostile_server.url}/details?" + urllib.parse.urlencode({"doc": DOC_LABEL}),
              "数据明细与下载")
    expect(page.get_by_text("共 5 行")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    # The table is drawn on a canvas; search it for the sentence so it is rendered and read.
    search = page.get_by_label("搜索（指标、原文、文件、章节）")
    search.fill("alert(1)")
    search.press("Enter")
    expect(page.get_by_text("共 2 行")).to_be_visible()
    assert_no_markup_ran(page)


@pytest.mark.parametrize("indicator", [SCRIPT_INDICATOR, IMG_INDICATOR])
def test_trajectory_hover_shows_the_sentence_as_text(hostile_server, watched_page, indicators, indicator):
    page = watched_page
    units = indicators.loc[indicator, "units"]
    choice = f"{indicators.loc[indicator, 'indicator_label']}（{units}）" if units else indicator
    open_page(page, f"{hostile_server.url}/trajectory?" + urllib.parse.urlencode({"indicator": choice}),
              "目标轨迹")
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("svg").first).to_be_visible()
    point = chart.locator(".scatterlayer .point").first
    point.hover(force=True)
    hover = chart.locator(".hoverlayer")
    expect(hover).to_contain_text("alert(1)")
    shown = hover.text_content()
    assert (SCRIPT in shown) if indicator == SCRIPT_INDICATOR else ("onerror=alert(1)" in shown)
    assert_no_markup_ran(page)


def test_compare_table_and_bars_run_nothing(hostile_server, watched_page, indicators):
    page = watched_page
    regions = indicators.loc[SCRIPT_INDICATOR, "n_regions"]
    choice = f"{indicators.loc[SCRIPT_INDICATOR, 'indicator_label']}（{regions}个地区）"
    open_page(page, f"{hostile_server.url}/compare?" + urllib.parse.urlencode({"cmp_indicator": choice}),
              "城市对比")
    expect(page.locator(".js-plotly-plot svg").first).to_be_visible()
    bar = page.locator(".js-plotly-plot").first.locator(".bars .point").first
    bar.hover(force=True)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    assert_no_markup_ran(page)
