"""Every page through Streamlit's test runner: runs, reacts to filters, restores a shared link."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.paths import DATA_DIR_ENV
from tests.fixtures.reader_data import DOC_LABEL as READER_DOC
from tests.fixtures.reader_data import ISSUE_LINE, write_reader_data
from tests.fixtures.sample_data import REGION_CODES

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "trajectory", "coverage", "compare", "details", "reader"]
TITLES = {"overview": "总览", "trajectory": "目标轨迹", "coverage": "主题覆盖", "compare": "城市对比",
          "details": "数据明细与下载", "reader": "原文对照"}


def run_page(page: str, data_dir: Path, monkeypatch, query_params: dict | None = None) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if query_params:
        app.query_params.update(query_params)
    app.run()
    # Streamlit's test runner runs the router once, then every later run runs the page file on
    # its own (board.frame draws the frame in place): one more run, so the widgets a test
    # sets are those the page's own runs create.
    if page != "overview":
        app.switch_page(f"pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def set_filter(app: AppTest, key: str, values: list[str]) -> AppTest:
    """Choose values in a sidebar multiselect, as a user would: regions by the name shown (the
    widget holds their codes)."""
    if key == "region":
        values = [REGION_CODES[name] for name in values]
    app.multiselect(key=key).set_value(values).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def chart_titles(app: AppTest) -> list[str]:
    return [f["layout"]["title"]["text"] for f in figures(app)]


def markdown_text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


@pytest.mark.parametrize("theme", [None, "中医药", "一老一小", "疾控"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_under_default_and_featured_themes(page, theme, any_data_dir, monkeypatch):
    app = run_page(page, any_data_dir, monkeypatch, {"theme": theme} if theme else None)
    assert app.title[0].value == TITLES[page]
    if theme:
        assert app.multiselect(key="theme").value == [theme]
    assert not [e for e in app.get("error")]


def test_quick_theme_button_sets_the_theme(sample_dir, monkeypatch):
    app = run_page("overview", sample_dir, monkeypatch)
    app.button(key="quick_一老一小").click().run()
    assert app.multiselect(key="theme").value == ["一老一小"]
    assert app.metric[2].value == "13 条"


def test_overview_metrics_follow_the_region_filter(sample_dir, monkeypatch):
    app = run_page("overview", sample_dir, monkeypatch)
    assert [m.value for m in app.metric] == ["4 份", "3 个", "29 条", "90%"]
    app.multiselect(key="region").select(REGION_CODES["东湖区"]).run()
    assert [m.value for m in app.metric] == ["1 份", "1 个", "6 条", "83%"]
    heatmap = figures(app)[0]
    assert heatmap["data"][0]["x"] == ["东湖区"]


def test_overview_document_table_links_to_the_reader(sample_dir, monkeypatch):
    app = run_page("overview", sample_dir, monkeypatch, {"region": "东湖区"})
    table = app.dataframe[0].value
    assert table["title"].tolist() == ["东湖区卫生健康局2025年工作计划"]
    assert table["reader"].iloc[0].startswith("reader?")
    assert "read=%E4%B8%9C%E6%B9%96%E5%8C%BA" in table["reader"].iloc[0]


def test_trajectory_default_indicator_and_region_filter(sample_dir, monkeypatch):
    app = run_page("trajectory", sample_dir, monkeypatch)
    assert app.selectbox(key="indicator").value == "infant_mortality"
    before = figures(app)[0]
    assert before["layout"]["title"]["text"] == "婴儿死亡率：3个地区的基线（2023年）与目标（2025—2027年）"
    assert {t["name"].replace("<br>", "") for t in before["data"] if t.get("mode") == "lines"} == {
        "东湖区｜东湖区卫生健康局2025年工作计划", "明州市｜明州市人民政府办公室关于推进卫生健康事业高质量发展的实施意见",
        "清河市｜清河市卫生健康事业发展实施方案（2024—2027年）"}
    set_filter(app, "region", ["清河市"])
    after = figures(app)[0]
    assert after["layout"]["title"]["text"] == "清河市婴儿死亡率：2023年基线2.1‰，目标2027年≤3‰"
    assert {t["name"].replace("<br>", "") for t in after["data"] if t.get("mode") == "lines"} == {
        "清河市｜清河市卫生健康事业发展实施方案（2024—2027年）"}
    assert app.dataframe[0].value["status"].tolist() == ["基线已达到目标", "基线已达到目标"]


def test_coverage_heatmap_and_cell_listing(sample_dir, monkeypatch):
    app = run_page("coverage", sample_dir, monkeypatch, {"theme": "中医药"})
    heatmap = figures(app)[0]
    assert heatmap["data"][0]["y"] == ["中医药"] and heatmap["data"][0]["x"] == ["东湖区", "明州市", "清河市"]
    app.selectbox(key="cov_group").select(REGION_CODES["明州市"]).run()
    assert "**中医药 · 明州市**：条目 2 条，数值 4 条" in markdown_text(app)
    app.radio(key="cov_by").set_value("document").run()
    assert len(figures(app)[0]["data"][0]["x"]) == 4  # every plan has a 中医药 clause
    set_filter(app, "region", ["清河市"])
    assert figures(app)[0]["data"][0]["x"] == ["清河市｜清河市卫生健康事业发展实施方案（2024—2027年）"]


def test_compare_bars_follow_the_level_filter(sample_dir, monkeypatch):
    app = run_page("compare", sample_dir, monkeypatch)
    assert app.selectbox(key="cmp_indicator").value == "infant_mortality"
    bars = [t for t in figures(app)[0]["data"] if t["type"] == "bar"]
    assert sorted(y for t in bars for y in t["y"]) == ["东湖区", "明州市", "清河市"]
    set_filter(app, "level", ["市"])
    bars = [t for t in figures(app)[0]["data"] if t["type"] == "bar"]
    assert sorted(y for t in bars for y in t["y"]) == ["明州市", "清河市"]


def test_details_rows_follow_filters_and_search(sample_dir, monkeypatch):
    app = run_page("details", sample_dir, monkeypatch)
    assert "共 **34** 行" in markdown_text(app)
    set_filter(app, "theme", ["疾控"])
    assert "共 **9** 行" in markdown_text(app)
    app.text_input(key="q").input("高血压").run()
    assert "共 **5** 行" in markdown_text(app)
    table = app.dataframe[0].value
    assert table["原文数值"].tolist() == ["70%以上", "66", "72", "75", "65%以上"]
    assert [b.proto.label for b in app.get("download_button")] == ["下载 Excel", "下载 CSV"]


def test_details_empty_result_is_a_friendly_message(sample_dir, monkeypatch):
    app = run_page("details", sample_dir, monkeypatch, {"q": "不存在的词"})
    assert app.info[0].value == "没有符合条件的数据。请修改搜索词或放宽左侧的筛选条件。"


def test_reader_escapes_and_follows_the_filters(sample_dir, monkeypatch):
    app = run_page("reader", sample_dir, monkeypatch, {"region": "东湖区"})
    assert app.selectbox(key="read").options == ["东湖区｜东湖区卫生健康局2025年工作计划"]
    page_html = "".join(h.proto.body for h in app.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html and "<script>" not in page_html
    app.selectbox(key="read_number").select_index(2).run()
    row = app.dataframe[0].value
    assert row.loc["原文数值", "内容"] == "10家"


def test_deep_link_restores_filters_across_pages(sample_dir, monkeypatch):
    params = {"theme": "疾控", "region": ["明州市", "清河市"], "years": ["2025", "2027"],
              "role": "目标", "quant": "true"}
    app = run_page("details", sample_dir, monkeypatch, params)
    assert app.multiselect(key="theme").value == ["疾控"]
    assert app.multiselect(key="region").value == [REGION_CODES["明州市"], REGION_CODES["清河市"]]
    assert app.slider(key="years").value == (2025, 2027)
    assert app.multiselect(key="role").value == ["target"]
    assert app.toggle(key="quant").value is True
    assert app.dataframe[0].value["原文数值"].tolist() == ["70%以上", "≥95", "≥95", "72", "75"]
    app.switch_page("pages/overview.py").run()
    assert app.multiselect(key="theme").value == ["疾控"]
    assert app.metric[2].value == "5 条"


@pytest.mark.parametrize("params", [
    {"years": ["1e309", "2027"]}, {"years": ["-1e309", "nan"]}, {"years": "abc"},
    {"quant": "maybe"}, {"role": "老板"}, {"region": ["不存在的地区", "<b>x</b>"]},
    {"theme": "x" * 5000}, {"doc": "'; DROP TABLE targets; --"},
])
def test_a_link_with_nonsense_parameters_opens_the_page(sample_dir, monkeypatch, params):
    # Hand-edited or truncated links: the page opens; what cannot be read is left out.
    app = run_page("details", sample_dir, monkeypatch, params)
    assert app.title[0].value == "数据明细与下载"
    assert app.dataframe, "the table is drawn"


# -- 数据明细与下载 and 原文对照: what an official sees --------------------------------------
TECHNICAL_LABELS = {"目标编号", "文件编号", "地区代码", "原文起点", "原文终点", "置信度"}


def test_details_table_reads_region_indicator_value_year_first_without_ids(sample_dir, monkeypatch):
    app = run_page("details", sample_dir, monkeypatch)
    table = app.dataframe[0]
    shown = table.value
    assert list(shown.columns[:5]) == ["地区", "指标（原文）", "数值", "单位", "年份"]
    assert not set(shown.columns) & TECHNICAL_LABELS
    # Empty text cells read "—"; empty number cells are drawn with the same placeholder.
    text = shown.select_dtypes(exclude="number")
    assert text.notna().all().all()
    assert not text.isin(["None", "nan", "NaN", "<NA>", ""]).any().any()
    assert (shown["区间上限"].isna()).any() and table.proto.placeholder == "—"
    assert shown.loc[shown["原文数值"] == "稳步提升", "比较方式"].tolist() == ["—"]


def test_details_technical_columns_shown_on_request_at_the_end(sample_dir, monkeypatch):
    app = run_page("details", sample_dir, monkeypatch)
    app.toggle(key="show_technical").set_value(True).run()
    assert not app.exception
    columns = list(app.dataframe[0].value.columns)
    assert set(columns[-len(TECHNICAL_LABELS):]) == TECHNICAL_LABELS
    assert columns[:5] == ["地区", "指标（原文）", "数值", "单位", "年份"]


def _reader_html(app: AppTest) -> str:
    """The document's text as the page draws it (not the legend)."""
    return next(h.proto.body for h in app.get("html") if '<div class="doc-reader">' in h.proto.body)


def _scroll_target(app: AppTest) -> str:
    return json.loads(app.get("bidi_component")[0].proto.json)["id"]


def test_reader_lists_only_documents_of_the_chosen_theme(sample_dir, monkeypatch):
    app = run_page("reader", sample_dir, monkeypatch, {"theme": "妇幼"})
    assert app.selectbox(key="read").options == [
        "明州市｜明州市人民政府办公室关于推进卫生健康事业高质量发展的实施意见",
        "清河市｜清河市卫生健康事业发展实施方案（2024—2027年）",
        "东湖区｜东湖区卫生健康局2025年工作计划"]
    # A link to a plan without the theme says so instead of showing it.
    app = run_page("reader", sample_dir, monkeypatch,
                   {"theme": "妇幼", "read": "明州市｜2025年明州市卫生健康工作要点"})
    assert "明州市｜2025年明州市卫生健康工作要点" not in app.selectbox(key="read").options
    assert any("不符合当前筛选条件" in c.value for c in app.caption)


def test_reader_lists_the_numbers_of_the_theme_and_greys_the_others(sample_dir, monkeypatch):
    app = run_page("reader", sample_dir, monkeypatch,
                   {"theme": "中医药", "read": "明州市｜2025年明州市卫生健康工作要点"})
    assert app.selectbox(key="read_number").options == [
        "[1] 5家以上 · 新增中医馆 · 2025年", "[2] 稳步提升 · 基层中医药服务能力 · 2025年"]
    assert "符合当前筛选的 **2** 个" in markdown_text(app)
    page = _reader_html(app)
    assert page.count("<mark") == 6 and page.count("hl-other") == 4  # the text still reads whole
    assert "不在当前筛选范围的数字" in "".join(h.proto.body for h in app.get("html"))


def test_reader_does_not_count_document_numbers_and_dates_as_misses(tmp_path, monkeypatch):
    data = write_reader_data(tmp_path)
    app = run_page("reader", data, monkeypatch, {"read": READER_DOC})
    options = app.selectbox(key="read_number").options
    assert len(options) == 7 and options[-1] == "[7] 12（未生成目标）"
    assert "**文中数字 7 个**（1 个未生成目标）" in markdown_text(app)
    # 〔2025〕3号 and the date after it are printed as they stand, with no mark in them.
    assert ISSUE_LINE in _reader_html(app)


def test_reader_outlines_the_chosen_number_and_asks_to_scroll_to_it(tmp_path, monkeypatch):
    data = write_reader_data(tmp_path)
    app = run_page("reader", data, monkeypatch, {"read": READER_DOC})
    assert f'id="{_scroll_target(app)}"' in _reader_html(app)  # the first number, at first
    app.selectbox(key="read_number").select_index(6).run()
    target = _scroll_target(app)
    page = _reader_html(app)
    assert page.count('class="hl hl-unmatched hl-chosen"') == 1
    assert f'<mark class="hl hl-unmatched hl-chosen" id="{target}"' in page
    assert page.split(f'id="{target}"')[1].split(">", 1)[1].startswith("12<sup>7</sup>")
    assert "未能判断这个数字是否为目标" in "".join(w.value for w in app.warning)
