"""Chart builders: titles, units, whole-number years, marker shapes, escaping."""
import pandas as pd

from board import charts, queries
from board.filters import Filters
from tests.fixtures.sample_data import REGION_CODES


def marker_traces(figure):
    return [t for t in figure.data if t.mode == "markers" and t.x[0] is not None]


def points_of(figure):
    """(year, value, symbol) of every drawn value; one trace holds one series' points."""
    return [(x, y, symbol) for t in marker_traces(figure)
            for x, y, symbol in zip(t.x, t.y, t.marker.symbol)]


def test_trajectory_has_chinese_title_units_and_whole_years(con):
    rows = queries.trajectory(con, Filters(regions=[REGION_CODES["明州市"]]), "infant_mortality")
    figure = charts.trajectory_figure(rows, "婴儿死亡率")
    assert figure.layout.title.text == "明州市婴儿死亡率：2023年基线3.2‰，目标2027年≤2.8‰"
    assert figure.layout.xaxis.tickformat == "d" and figure.layout.xaxis.dtick == 1
    assert figure.layout.xaxis.title.text == "年份"
    assert figure.layout.yaxis.title.text == "婴儿死亡率（‰）"
    assert "Noto Sans CJK SC" in figure.layout.font.family


def test_baselines_solid_targets_hollow_by_comparator(con):
    rows = queries.trajectory(con, Filters(regions=[REGION_CODES["明州市"]]), "infant_mortality")
    figure = charts.trajectory_figure(rows, "婴儿死亡率")
    assert points_of(figure) == [(2023, 3.2, "circle"), (2025, 3.0, "triangle-down-open"),
                      (2027, 3.0, "triangle-down-open"), (2027, 2.8, "triangle-down-open")]
    legend = [t.name for t in figure.data if t.legendgroup == "symbols"]
    assert legend == ["基线（实心圆）", "目标：不高于（空心▼）"]


def test_range_target_draws_a_vertical_bar(con):
    rows = queries.trajectory(con, Filters(), "社区护理中心")
    figure = charts.trajectory_figure(rows, "社区护理中心")
    (point,) = marker_traces(figure)
    assert list(point.marker.symbol) == ["square-open"]
    assert list(point.error_y.array) == [2.0] and list(point.error_y.arrayminus) == [0]


def test_a_national_scale_trajectory_draws_thirty_series_and_says_so():
    rows = pd.DataFrame({
        "region": [f"地区{i:03d}" for i in range(80) for _ in range(2)],
        "region_level": "市", "doc_id": [f"d{i:03d}" for i in range(80) for _ in range(2)],
        "doc_title": "工作要点", "plan_year": 2025, "year": [2023, 2025] * 80,
        "role": ["baseline", "target"] * 80, "value": [80.0, 85.0] * 80, "value_high": None,
        "unit": "%", "comparator": ["=", ">="] * 80, "kind": "level", "value_text": ["80%", "85%以上"] * 80,
        "source_text": "句子", "direction": "up", "nature": None, "indicator_label": "签约率",
        "target_id": [f"t{i}" for i in range(160)]})
    figure = charts.trajectory_figure(rows, "签约率")
    assert len(marker_traces(figure)) == 30
    assert "共 80 个地区/文件，图中显示数值最多的 30 个" in figure.layout.title.subtitle.text


def test_two_units_go_to_two_panels(con):
    # 健康素养: a level in % (2025) and a change in 百分点 (2027) must not share an axis.
    rows = queries.trajectory(con, Filters(), "health_literacy")
    figure = charts.trajectory_figure(rows, "居民健康素养水平")
    assert {figure.layout.yaxis.title.text, figure.layout.yaxis2.title.text} == {"数值（%）", "数值（百分点）"}
    assert figure.layout.xaxis2.tickformat == "d"
    assert figure.layout.title.subtitle.text == "单位或口径不同的数值分图显示；定性表述与全覆盖单列"


def test_qualitative_statements_are_drawn_as_labelled_points(con):
    rows = queries.trajectory(con, Filters(), "基层中医药服务能力")
    assert not rows.empty and rows["value"].isna().all()
    figure = charts.trajectory_figure(rows, "基层中医药服务能力")
    statements = [t for t in figure.data if t.mode == "markers+text"]
    assert statements and all(t.marker.symbol == "diamond-open" for t in statements)
    assert set(statements[0].text) <= set(rows["value_text"].str.slice(0, 10)) | {
        t[:9] + "…" for t in rows["value_text"]}


def test_hover_text_from_documents_is_escaped(con):
    rows = queries.trajectory(con, Filters(regions=[REGION_CODES["东湖区"]]), "hypertension_management")
    figure = charts.trajectory_figure(rows, "高血压患者规范管理率")
    (point,) = marker_traces(figure)
    assert "&lt;script&gt;" in point.customdata[0][3]
    assert "<script>" not in point.customdata[0][3]


def test_cross_city_bars_sorted_coloured_by_level_and_labelled(con):
    values = queries.cross_city(con, Filters(), "infant_mortality")
    figure = charts.cross_city_figure(values, "婴儿死亡率")
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    assert bars["区县"].marker.color == charts.LEVEL_COLOURS["区县"]
    # 东湖区's latest target is for 2025, the cities' for 2027: its label says so.
    assert list(bars["区县"].text) == ["\u2003≤5‰ · 2025年（年份不同） · 区县"]
    assert list(bars["市"].text) == ["\u2003≤3‰ · 2027年 · 市", "\u2003≤2.8‰ · 2027年 · 市"]
    # Largest value on top: plotly lists horizontal categories from the bottom.
    assert list(figure.layout.yaxis.categoryarray) == ["明州市", "清河市", "东湖区"]
    assert figure.layout.xaxis.title.text == "婴儿死亡率（‰）"
    comparator_marks = [t for t in figure.data if t.type == "scatter"]
    assert [t.marker.symbol for t in comparator_marks] == ["triangle-down-open"]


def test_coverage_heatmap_counts_and_shares(con):
    coverage = queries.theme_coverage(con, Filters(themes=["中医药"]), "region")
    counts = charts.coverage_heatmap(coverage, ["中医药"], "region", "count")
    assert counts.layout.title.text == "主题覆盖：各地区涉及各主题的条目数，最多为明州市的中医药（2条）"
    assert list(counts.data[0].x) == ["东湖区", "明州市", "清河市"]
    assert counts.data[0].z.tolist() == [[1, 2, 1]]
    shares = charts.coverage_heatmap(coverage, ["中医药"], "region", "share")
    assert shares.data[0].text == (("20%", "18%", "33%"),) or list(map(list, shares.data[0].text)) == [["20%", "18%", "33%"]]


def test_overview_heatmap_follows_theme_order(con):
    matrix = queries.theme_region_matrix(con, Filters())
    figure = charts.theme_region_heatmap(matrix, ["中医药", "一老一小", "疾控"], ["明州市", "清河市", "东湖区"])
    assert list(figure.data[0].y)[:3] == ["中医药", "一老一小", "疾控"]
    assert list(figure.data[0].x) == ["明州市", "清河市", "东湖区"]
    assert figure.layout.title.text == "各主题目标数（按地区）：一老一小最多，13条"


def test_quantified_and_qualitative_bars_per_plan(con):
    coverage = queries.theme_coverage(con, Filters(themes=["疾控"]), "document")
    figure = charts.coverage_bars_figure(coverage, ["疾控"])
    quantified = [t for t in figure.data if t.name == "有数字的条目（量化）"]
    qualitative = [t for t in figure.data if t.name == "无数字的条目（定性）"]
    # 东湖区 plan: one 疾控 clause with a number, one without.
    assert [list(t.x) for t in quantified][0] == [1] and [list(t.x) for t in qualitative][0] == [1]
    assert figure.layout.barmode == "stack"


def test_change_figure_colours_targets_already_met(con):
    changes = queries.change_required(con, Filters(), "infant_mortality")
    figure = charts.change_figure(changes, "婴儿死亡率")
    colours = {t.name: t.marker.color for t in figure.data}
    assert colours == {"需进一步改善": charts.STATUS_COLOURS["to_improve"],
                       "基线已达到目标": charts.STATUS_COLOURS["already_met"]}


def test_empty_data_gives_a_titled_empty_chart(con):
    rows = queries.trajectory(con, Filters(regions=["000000"]), "infant_mortality")
    figure = charts.trajectory_figure(rows, "婴儿死亡率")
    assert figure.layout.title.text == "婴儿死亡率：基线与目标（无数据）"
    assert figure.layout.annotations[0].text == "当前筛选条件下没有数据"


def test_count_heatmaps_have_whole_number_colour_ticks():
    frame = pd.DataFrame({"theme": ["中医药", "疾控", "中医药"], "region": ["甲市", "甲市", "乙区"],
                          "n_targets": [1, 3, 2]})
    figure = charts.heatmap_figure(frame, x="region", y="theme", z="n_targets", title="t", x_title="地区",
                                   y_title="主题", z_title="目标数（条）")
    colorbar = figure.data[0].colorbar
    assert (colorbar.tickformat, colorbar.dtick) == ("d", 1)
