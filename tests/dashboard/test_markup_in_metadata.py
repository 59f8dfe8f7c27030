"""Metadata from sources.csv (title, issuer, date, URL) reaches Markdown on several pages; it
must show as the characters it holds: no bold, no colour, no image fetched, no script link."""
from __future__ import annotations

import pandas as pd
import pytest

from board.markup import md, web_address
from tests.dashboard.test_app import run_page
from tests.fixtures.sample_data import write_sample_data

HOSTILE_TITLE = "**加粗**的:red[红字]标题$x^2$"
HOSTILE_ISSUER = "![追踪](http://evil.example/p.png)卫生健康局\n# 大标题"
HOSTILE_URL = "javascript:alert(1)"
DOC_ID = "donghu-2025-work-plan"
PLAIN_DOC_ID = "mingzhou-2024-plan"
PLAIN_URL = "https://wjw.example.gov.cn/art/2024/3/1/art_1229_1.html"


@pytest.mark.parametrize("text, shown", [
    ("**加粗**", r"\*\*加粗\*\*"),
    (":red[红字]", r"\:red\[红字\]"),
    ("![x](http://evil.example/p.png)", r"\!\[x\]\(http\:\/\/evil\.example\/p\.png\)"),
    ("第一行\n# 第二行", r"第一行 \# 第二行"),
    ("$x^2$ & <b>", r"\$x\^2\$ \& \<b\>"),
    ("嘉兴市卫生健康委员会", "嘉兴市卫生健康委员会"),
    (None, ""),
])
def test_markdown_punctuation_is_escaped_and_lines_joined(text, shown):
    assert md(text) == shown


@pytest.mark.parametrize("address, offered", [
    ("https://wjw.example.gov.cn/art/2025/1/2/art_1.html", True),
    ("http://example.gov.cn/a?b=1&c=(2)", True),
    ("javascript:alert(1)", False),
    ("JAVASCRIPT:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("file:///etc/passwd", False),
    ("//evil.example/x", False),
    ("/relative/path.html", False),
    ("https://", False),
    ("http://exa mple.com", False),
    (None, False),
])
def test_only_http_links_with_a_host_are_offered(address, offered):
    assert (web_address(address) is not None) == offered


@pytest.fixture(scope="module")
def hostile_metadata(tmp_path_factory):
    directory = write_sample_data(tmp_path_factory.mktemp("hostile_metadata"))
    documents = pd.read_parquet(directory / "documents.parquet")
    mask = documents["doc_id"] == DOC_ID
    documents.loc[mask, "title"] = HOSTILE_TITLE
    documents.loc[mask, "issuer"] = HOSTILE_ISSUER
    documents.loc[mask, "url"] = HOSTILE_URL
    documents.loc[documents["doc_id"] == PLAIN_DOC_ID, "url"] = PLAIN_URL
    documents.to_parquet(directory / "documents.parquet", index=False)
    return directory


def _markdown_sources(app) -> list[str]:
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def test_the_reader_shows_metadata_as_text_and_no_script_link(hostile_metadata, monkeypatch):
    app = run_page("reader", hostile_metadata, monkeypatch)
    app.selectbox(key="read").set_value(DOC_ID).run()
    assert not app.exception
    caption = next(c.value for c in app.caption if "卫生健康局" in c.value)
    assert r"\!\[追踪\]\(http\:\/\/evil\.example\/p\.png\)卫生健康局 \# 大标题" in caption
    assert all("javascript" not in text for text in _markdown_sources(app))
    assert app.get("link_button") == []  # no http(s) address: no link offered


def test_the_filters_caption_shows_a_chosen_title_as_text(hostile_metadata, monkeypatch):
    app = run_page("details", hostile_metadata, monkeypatch)
    app.multiselect(key="doc").set_value([DOC_ID]).run()
    caption = next(c.value for c in app.caption if c.value.startswith("当前筛选"))
    assert md(HOSTILE_TITLE) in caption and HOSTILE_TITLE not in caption


def test_a_coverage_cell_names_a_document_as_text(hostile_metadata, monkeypatch):
    app = run_page("coverage", hostile_metadata, monkeypatch, {"theme": "一老一小"})
    app.radio(key="cov_by").set_value("document").run()
    app.selectbox(key="cov_group").set_value(DOC_ID).run()
    assert any(md(HOSTILE_TITLE) in m.value for m in app.markdown)


def test_an_http_address_is_offered_as_a_link(hostile_metadata, monkeypatch):
    app = run_page("reader", hostile_metadata, monkeypatch)
    app.selectbox(key="read").set_value(PLAIN_DOC_ID).run()
    (button,) = app.get("link_button")
    assert button.proto.url == PLAIN_URL and button.proto.label == "原文网址"
