"""What only Chromium shows on the explained views: the change axis in 百分点, the regions the
city comparison does not draw, chart text that stays inside its chart at 1440×900 and
1280×720, and no request leaving 127.0.0.1 while the pages load."""
from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.browser.test_dashboard_browser import open_page
from tests.fixtures.with_statement import write_sample_with_statement
from tests.live_server import dashboard_server

VIEWPORTS = [(1440, 900), (1280, 720)]
PAGES = [  # name, url path and query, title
    ("overview", "", "总览"),
    ("trajectory", "trajectory?" + urllib.parse.urlencode({"indicator": "高血压患者规范管理率（%）"}), "目标轨迹"),
    ("compare", "compare?" + urllib.parse.urlencode({"cmp_indicator": "孕产妇死亡率（2个地区）"}), "城市对比"),
    ("coverage", "coverage", "主题覆盖"),
]
LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture(scope="module")
def statement_server(tmp_path_factory, artifacts):
    data = write_sample_with_statement(tmp_path_factory.mktemp("views_data"))
    with dashboard_server(data, artifacts / "server_views.log") as running:
        yield running.url


@pytest.fixture(params=VIEWPORTS, ids=lambda size: f"{size[0]}x{size[1]}")
def sized_page(request, chromium_browser):
    """A page of the given size that records every request it makes."""
    width, height = request.param
    context = chromium_browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requested = []
    page.on("request", lambda req: page.requested.append(req.url))
    yield page
    context.close()


def wait_for_charts(page, count: int) -> None:
    # The first visit after a server start reads the data first: allow it the page timeout.
    expect(page.locator(".js-plotly-plot .main-svg").nth(count - 1)).to_be_attached(timeout=30_000)
    page.wait_for_timeout(300)  # plotly lays out its text right after drawing the SVG


def text_outside_its_chart(page) -> list[str]:
    """Texts of every chart that stand beyond the chart's own box (cut off by the page)."""
    return page.evaluate("""() => {
        const out = [];
        for (const plot of document.querySelectorAll('.js-plotly-plot')) {
            const box = plot.getBoundingClientRect();
            for (const t of plot.querySelectorAll('svg text')) {
                const r = t.getBoundingClientRect();
                if (!t.textContent.trim() || r.width === 0) continue;
                if (r.left < box.left - 1 || r.right > box.right + 1) out.push(t.textContent);
            }
        }
        return out;
    }""")


def scroll_screenshots(page, path_stem) -> None:
    """The page as an official scrolls it: the main column one screen at a time."""
    main = '[data-testid="stMain"]'
    total = page.evaluate(f"() => document.querySelector('{main}').scrollHeight")
    height = page.viewport_size["height"]
    for index, top in enumerate(range(0, total, height - 80)):
        page.evaluate(f"() => document.querySelector('{main}').scrollTo(0, {top})")
        page.wait_for_timeout(200)
        page.screenshot(path=f"{path_stem}_{index}.png")
    page.evaluate(f"() => document.querySelector('{main}').scrollTo(0, 0)")


def test_the_change_of_a_rate_reads_in_percentage_points(sized_page, statement_server):
    page = sized_page
    open_page(page, statement_server, PAGES[1][1], "目标轨迹")
    wait_for_charts(page, 2)
    change_chart = page.locator(".js-plotly-plot").nth(1)
    expect(change_chart.locator(".xtitle")).to_have_text("需变化（百分点）")
    expect(change_chart.locator("text.bartext").first).to_have_text("+6个百分点")
    expect(page.get_by_text("指标定义：按国家基本公共卫生服务规范", exact=False).first).to_be_visible()
    expect(page.get_by_text("来源：1份规划文件：《清河市卫生健康事业发展实施方案（2024—2027年）》",
                            exact=False)).to_be_visible()


def test_the_city_comparison_names_the_region_it_does_not_draw(sized_page, statement_server):
    page = sized_page
    open_page(page, statement_server, PAGES[2][1], "城市对比")
    wait_for_charts(page, 2)
    expect(page.get_by_text("图中未绘出1个地区：清河市只有定性表述：“保持在较低水平”。")).to_be_visible()
    bars = page.locator(".js-plotly-plot").first.locator("text.bartext")
    expect(bars).to_have_count(1)
    expect(bars.first).to_contain_text("≤10/10万 · 2025年 · 区县")


@pytest.mark.parametrize("name,path,title", PAGES, ids=[p[0] for p in PAGES])
def test_pages_load_from_this_machine_only_and_keep_chart_text_inside(
        sized_page, statement_server, artifacts, name, path, title):
    page = sized_page
    open_page(page, statement_server, path, title)
    wait_for_charts(page, 1)
    assert text_outside_its_chart(page) == []
    width = page.viewport_size["width"]
    scroll_screenshots(page, str(artifacts / f"views_{name}_{width}"))
    hosts = {urllib.parse.urlsplit(url).hostname for url in page.requested
             if urllib.parse.urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= LOCAL_HOSTS, sorted(url for url in page.requested if "127.0.0.1" not in url)


def test_the_chart_toolbar_speaks_chinese_and_shows_no_plotly_logo(sized_page, statement_server):
    page = sized_page
    open_page(page, statement_server, PAGES[1][1], "目标轨迹")
    wait_for_charts(page, 1)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    titles = [buttons.nth(i).get_attribute("data-title") for i in range(buttons.count())]
    assert "下载图片（PNG）" in titles
    assert "还原坐标轴" in titles
    # Streamlit adds its own full-screen button with a fixed English title; every plotly button
    # speaks Chinese.
    assert [title for title in titles if title and title.isascii()] == ["Fullscreen"], titles
    assert chart.locator(".modebar-btn--logo").count() == 0
