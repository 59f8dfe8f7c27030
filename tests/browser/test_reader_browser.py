"""In Chromium: a number chosen beside the text comes into view in the text's box; the details
table is as tall as its rows; no page asks anything of a host other than the dashboard's own."""
from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.browser.test_dashboard_browser import PAGES, open_page
from tests.fixtures.reader_data import DOC_LABEL, LAST_NUMBER, write_reader_data
from tests.live_server import dashboard_server

TEXT_BOX = ".st-key-reader_text"


@pytest.fixture(scope="module")
def reader_server(tmp_path_factory, artifacts):
    data = write_reader_data(tmp_path_factory.mktemp("reader_data"))
    with dashboard_server(data, artifacts / "server_reader.log") as running:
        yield running.url


# The mark's box lies inside the visible part of the scrolling text box, and of the window.
_IN_VIEW_JS = """mark => {
    let box = mark.parentElement;
    while (box && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowY)
                    && box.scrollHeight > box.clientHeight)) box = box.parentElement;
    const m = mark.getBoundingClientRect(), b = box.getBoundingClientRect(), px = 1;  // rounding
    return m.top >= b.top - px && m.bottom <= b.bottom + px && m.left >= b.left - px
        && m.right <= b.right + px && m.top >= -px && m.bottom <= window.innerHeight + px;
}"""


def visible_in_text_box(page, mark) -> bool:
    return mark.evaluate(_IN_VIEW_JS)


def wait_until_chosen_is_in_view(page) -> None:
    # The script scrolls once the new text is drawn: wait for it rather than for a fixed time.
    page.wait_for_function(
        "() => { const mark = document.querySelector('%s mark.hl-chosen');"
        " return mark !== null && (%s)(mark); }" % (TEXT_BOX, _IN_VIEW_JS))


def choose_number(page, option_text: str) -> None:
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="选择一个数字")
    picker.click()
    page.keyboard.type(option_text)
    page.keyboard.press("Enter")
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)


def test_choosing_a_number_scrolls_it_into_view(page, reader_server, artifacts):
    open_page(page, reader_server, "reader", "原文对照", {"read": DOC_LABEL})
    marks = page.locator(f"{TEXT_BOX} .doc-reader mark")
    expect(marks).to_have_count(7)
    last = marks.nth(6)
    expect(last).to_contain_text(LAST_NUMBER)
    # The first number is chosen on opening; the last stands far below the box's bottom.
    expect(marks.nth(0)).to_have_class("hl hl-level hl-chosen")
    assert visible_in_text_box(page, marks.nth(0))
    assert not visible_in_text_box(page, last)

    choose_number(page, f"{LAST_NUMBER}（未生成目标）")
    expect(last).to_have_class("hl hl-unmatched hl-chosen")
    wait_until_chosen_is_in_view(page)
    assert visible_in_text_box(page, last)
    page.screenshot(path=str(artifacts / "reader_scrolled.png"), full_page=True)

    choose_number(page, "65%以上")
    expect(marks.nth(0)).to_have_class("hl hl-level hl-chosen")
    wait_until_chosen_is_in_view(page)
    assert visible_in_text_box(page, marks.nth(0)) and not visible_in_text_box(page, last)


def test_the_details_table_is_as_tall_as_its_rows(page, server):
    def table_height(params):
        open_page(page, server, "details", "数据明细与下载", params)
        table = page.locator('[data-testid="stDataFrame"]').first
        expect(table).to_be_visible()
        return table.bounding_box()["height"]

    few = table_height({"q": "高血压"})  # 5 rows
    many = table_height(None)  # 34 rows: 25 shown, the rest scroll inside the table
    assert 6 * 35 <= few <= 6 * 35 + 10
    assert 26 * 35 <= many <= 26 * 35 + 10


def test_no_request_leaves_the_dashboard_server(page, server):
    """Fonts, icons and scripts all come from the dashboard itself: officials' networks often
    reach nothing else, and nothing about their use should leave the building."""
    host = urllib.parse.urlsplit(server).netloc
    outside = []

    def record(request):
        parts = urllib.parse.urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != host:
            outside.append(request.url)

    page.on("request", record)
    for path, title, _ in PAGES:
        open_page(page, server, path, title)
        page.wait_for_load_state("networkidle")  # charts, fonts and the icon fetched too
    assert outside == []
