"""Views an official reads without help: every chart on 目标轨迹, 城市对比, 总览 and 主题覆盖 says
in words what it shows, defines its indicator and its direction, names its sources and the
build date; changes of rates are in 百分点; regions a chart leaves out are named with the
reason; tables show “—”, never None or nan; the indicator × region matrix is coloured by the
indicator's direction, not by how many values a cell holds."""
from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml

from board import captions, charts, queries
from board.filters import Filters
from board.markup import md
from store import connection, paths
from tests.dashboard.test_app import figures, run_page
from tests.fixtures.sample_data import REGION_CODES
from tests.fixtures.with_statement import write_sample_with_statement

MINGZHOU_PLAN = "明州市人民政府办公室关于推进卫生健康事业高质量发展的实施意见"
QINGHE_PLAN = "清河市卫生健康事业发展实施方案（2024—2027年）"
DONGHU_PLAN = "东湖区卫生健康局2025年工作计划"
BUILD_DATE = "2026-01-15"


@pytest.fixture(scope="module")
def statement_dir(tmp_path_factory):
    return write_sample_with_statement(tmp_path_factory.mktemp("with_statement"))


@pytest.fixture(scope="module")
def statement_con(statement_dir):
    return connection.connect(statement_dir)


# -- the dictionary ----------------------------------------------------------------------------
def test_every_indicator_in_the_dictionary_has_a_one_sentence_definition():
    from etl.tagging.indicators import validate_dictionary

    entries = yaml.safe_load(paths.INDICATORS_FILE.read_text(encoding="utf-8"))["indicators"]
    missing = [e["id"] for e in entries if not str(e.get("definition") or "").strip()]
    assert missing == []
    assert all(e["definition"].endswith("。") and len(e["definition"]) <= 80 for e in entries)
    assert validate_dictionary() == []


def test_definition_line_states_definition_and_direction():
    entries = captions.load_dictionary(paths.INDICATORS_FILE)
    # The sample's ids are its own; the dictionary entry is found by the indicator's name.
    info = captions.indicator_info(entries, "infant_mortality", "婴儿死亡率", "down")
    assert captions.definition_line(info) == "指标定义：每1000名活产婴儿中，未满1周岁死亡的人数。方向：越低越好。"
    rate = captions.indicator_info(entries, "hypertension_management_rate", "高血压患者规范管理率")
    assert captions.definition_line(rate).endswith("方向：越高越好。")
    unmapped = captions.indicator_info(entries, "社区护理中心", "社区护理中心")
    assert captions.definition_line(unmapped) == (
        "指标定义：“社区护理中心”未收入标准指标词典，名称按文件原文。方向：未定（词典未给出，不判断好坏）。")


# -- titles ------------------------------------------------------------------------------------
def test_trajectory_titles_say_what_the_chart_shows(con):
    def title(region: str | None, key: str, label: str) -> str:
        filters = Filters(regions=[REGION_CODES[region]]) if region else Filters()
        return charts.trajectory_figure(queries.trajectory(con, filters, key), label).layout.title.text

    assert title("明州市", "infant_mortality", "婴儿死亡率") == "明州市婴儿死亡率：2023年基线3.2‰，目标2027年≤2.8‰"
    assert title("清河市", "hypertension_management", "高血压患者规范管理率") == \
        "清河市高血压患者规范管理率：2023年基线66%，目标2027年75%"
    assert title("东湖区", "infant_mortality", "婴儿死亡率") == "东湖区婴儿死亡率：目标2025年≤5‰（未给出基线）"
    assert title("明州市", "基层中医药服务能力", "基层中医药服务能力") == "明州市基层中医药服务能力：目标2025年“稳步提升”"
    assert title(None, "infant_mortality", "婴儿死亡率") == "婴儿死亡率：3个地区的基线（2023年）与目标（2025—2027年）"
    assert title(None, "maternal_mortality", "孕产妇死亡率") == "东湖区孕产妇死亡率：目标2025年≤10/10万（未给出基线）"


def test_change_chart_title_counts_what_it_shows(con):
    figure = charts.change_figure(queries.change_required(con, Filters(), "infant_mortality"), "婴儿死亡率")
    assert figure.layout.title.text == "婴儿死亡率：5个有基线的目标中3个需比基线降低，2个基线已达到目标"
    assert figure.layout.title.subtitle.text == "另有1个目标没有可比的基线（东湖区），图中未绘出，见下表"


def test_cross_city_title_and_the_matrix_title(con):
    values = queries.cross_city(con, Filters(), "infant_mortality")
    figure = charts.cross_city_figure(values, "婴儿死亡率")
    assert figure.layout.title.text == "婴儿死亡率：3个地区的最新目标（2025—2027年，年份不同），最低为明州市≤2.8‰"
    one_year = charts.cross_city_figure(queries.cross_city(con, Filters(), "hypertension_management", 2025),
                                        "高血压患者规范管理率", 2025)
    assert one_year.layout.title.text == "高血压患者规范管理率：3个地区的2025年目标，最高为清河市72%"
    matrix = charts.presence_heatmap(queries.presence_matrix(con, Filters()), ["明州市", "清河市", "东湖区"])
    assert matrix.layout.title.text == \
        "7个标准指标在3个地区的最新目标：<br>颜色表示该地区目标与其他地区相比的好坏（按指标方向）"


def test_long_titles_wrap_and_keep_a_parenthesis_whole():
    assert charts.wrap_text("婴儿死亡率：3个地区的最新目标（2025—2027年，年份不同），最低为明州市≤2.8‰", 30) == [
        "婴儿死亡率：3个地区的最新目标（2025—2027年，年份不同），", "最低为明州市≤2.8‰"]


# -- sources -----------------------------------------------------------------------------------
def test_source_line_names_a_few_documents_and_the_build_date(con):
    rows = queries.trajectory(con, Filters(), "infant_mortality")
    assert captions.frame_source_line(rows, BUILD_DATE) == (
        f"来源：3份规划文件：《{MINGZHOU_PLAN}》《{QINGHE_PLAN}》《{DONGHU_PLAN}》。数据生成日期：2026-01-15。")
    changes = queries.change_required(con, Filters(), "hypertension_management").dropna(subset=["change_abs"])
    assert captions.frame_source_line(changes, BUILD_DATE, "doc_title", "baseline_doc_title") == (
        f"来源：1份规划文件：《{QINGHE_PLAN}》。数据生成日期：2026-01-15。")


def test_source_line_counts_many_documents(con):
    line = captions.query_source_line(queries.sources_in_view(con, Filters()), BUILD_DATE)
    assert line == ("来源：4份规划文件（每个数值的文件与原句见悬停提示和“数据明细与下载”页）。"
                    "数据生成日期：2026-01-15。")
    sources = queries.target_sources(con, Filters(), "hypertension_management")
    assert sources["doc_title"].tolist() == ["2025年明州市卫生健康工作要点", QINGHE_PLAN, DONGHU_PLAN]
    assert sources["n_documents"].tolist() == [3, 3, 3]


# -- 目标轨迹 ----------------------------------------------------------------------------------
def test_changes_of_a_rate_are_in_percentage_points(con):
    changes = queries.change_required(con, Filters(), "hypertension_management")
    figure = charts.change_figure(changes, "高血压患者规范管理率")
    assert figure.layout.xaxis.title.text == "需变化（百分点）"
    (bars,) = figure.data
    assert list(bars.text) == ["+6个百分点", "+9个百分点"]
    assert [c[3:] for c in bars.customdata] == [["+6个百分点", "+3个百分点"], ["+9个百分点", "+2.25个百分点"]]
    table = captions.change_table(changes)
    assert table["change_abs"].tolist() == ["—", "+6个百分点", "+9个百分点", "—"]
    assert captions.format_change(1.0, "%") == "+1个百分点"
    assert captions.format_change(-0.4, "‰") == "−0.4‰"
    # A rate per mille changes in its own unit, clearly labelled.
    per_mille = charts.change_figure(queries.change_required(con, Filters(), "infant_mortality"), "婴儿死亡率")
    assert per_mille.layout.xaxis.title.text == "需变化（‰）"


def test_default_indicator_is_stated_by_most_regions_and_is_not_a_flat_line():
    indicators = pd.DataFrame({
        "indicator_key": ["flat", "no_baseline", "changing"],
        "n_regions": [9, 12, 3], "n_baselines": [4, 0, 1], "n_targets": [8, 12, 2],
        "n_changing_regions": [0, 0, 2]})
    assert queries.default_indicator(indicators) == "changing"
    assert queries.default_indicator(indicators.iloc[:2]) == "flat"  # a baseline at least
    assert queries.default_indicator(indicators.iloc[1:2]) == "no_baseline"


def test_flat_targets_do_not_count_as_changing(con):
    # 清河市's 适龄儿童免疫规划疫苗接种率: 98 → ≥95, a change; a target equal to its baseline is not.
    indicators = queries.indicator_list(con, Filters(regions=[REGION_CODES["东湖区"]]))
    assert indicators["n_changing_regions"].sum() == 0
    listed = queries.indicator_list(con, Filters()).set_index("indicator_key")
    assert listed.loc["vaccination_rate", "n_changing_regions"] == 1
    assert listed.loc["health_literacy", "n_changing_regions"] == 0


def test_value_axes_start_at_zero_for_rates_and_do_not_blow_up_ages(con):
    rows = queries.trajectory(con, Filters(), "hypertension_management")
    assert charts.trajectory_figure(rows, "高血压患者规范管理率").layout.yaxis.rangemode == "tozero"
    low, high = charts.value_axis(pd.Series([82.4, 82.5, 82.7]), "岁")["range"]
    assert high - low >= 0.1 * 82.7 and low < 82.4 and high > 82.7


def test_legend_names_hold_the_whole_document_title(con):
    figure = charts.trajectory_figure(queries.trajectory(con, Filters(), "infant_mortality"), "婴儿死亡率")
    names = [t.name for t in figure.data if t.mode == "lines"]
    assert [n.replace("<br>", "") for n in names] == [
        f"明州市｜{MINGZHOU_PLAN}", f"清河市｜{QINGHE_PLAN}", f"东湖区｜{DONGHU_PLAN}"]
    assert all(len(line) <= charts.LEGEND_WIDTH + 1 for n in names for line in n.split("<br>"))
    long = charts.legend_name("明州市", "关于" + "推进卫生健康事业高质量发展" * 5 + "的实施意见")
    assert long.count("<br>") == charts.LEGEND_LINES - 1 and long.endswith("…")


# -- 城市对比 ----------------------------------------------------------------------------------
def test_targets_for_other_years_are_hatched_and_noted(con):
    values = queries.cross_city(con, Filters(), "infant_mortality")
    figure = charts.cross_city_figure(values, "婴儿死亡率")
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    assert list(bars["区县"].marker.pattern.shape) == ["/"]
    assert list(bars["市"].marker.pattern.shape) == ["", ""]
    assert figure.layout.title.subtitle.text == "斜线柱：2027年以外的目标（多数地区为2027年），并列比较时请注意"
    assert captions.mixed_years_note(values) == (
        "目标年份不同：清河市、明州市为2027年，东湖区为2025年。斜线柱是2027年以外的目标；"
        "在“目标年份”中选定一年可按同一年比较。")
    # One region per year: no majority, the latest year is the reference.
    two = values[values["region"] != "清河市"]
    assert captions.off_year_note(two) == "斜线柱：2027年以外的目标（2027年为图中最晚的目标年份），并列比较时请注意"
    assert captions.mixed_years_note(queries.cross_city(con, Filters(), "infant_mortality", 2027)) is None


def test_a_region_stating_the_indicator_only_in_words_is_named(statement_con):
    not_drawn = queries.cross_city_not_drawn(statement_con, Filters(), "maternal_mortality")
    assert not_drawn["region"].tolist() == ["清河市"] and not_drawn["reason"].tolist() == ["qualitative"]
    assert captions.not_drawn_note(not_drawn, None) == "图中未绘出1个地区：清河市只有定性表述：“保持在较低水平”。"
    drawn = queries.cross_city(statement_con, Filters(), "maternal_mortality")
    assert drawn["region"].tolist() == ["东湖区"]


def test_a_region_without_a_target_for_the_chosen_year_is_named(con):
    not_drawn = queries.cross_city_not_drawn(con, Filters(), "infant_mortality", 2027)
    assert captions.not_drawn_note(not_drawn, 2027) == "图中未绘出1个地区：东湖区只有2025年的目标，没有2027年的。"
    assert queries.cross_city_not_drawn(con, Filters(), "infant_mortality").empty


def test_matrix_cells_are_ranked_by_the_indicators_direction(con):
    presence = queries.presence_matrix(con, Filters())
    scores = {(k, r): s for k, r, s in zip(presence["indicator_key"], presence["region"], presence["score"])}
    # 婴儿死亡率 is better lower: the lowest ceiling (明州市 ≤2.8‰) is best, 东湖区's ≤5‰ worst.
    assert [scores[("infant_mortality", r)] for r in ("明州市", "清河市", "东湖区")] == [1.0, 0.5, 0.0]
    # 高血压患者规范管理率 is better higher: 清河市's 75% is best.
    assert [scores[("hypertension_management", r)] for r in ("清河市", "明州市", "东湖区")] == [1.0, 0.5, 0.0]
    # Stated by one region only: nothing to compare, and the cell says so.
    alone = presence[presence["indicator_key"] == "maternal_mortality"].iloc[0]
    assert math.isnan(alone["score"]) and alone["compare_note"] == "只有该地区提出数值目标，无从比较"


def test_matrix_colours_run_from_worse_to_better_not_by_count(con):
    presence = queries.presence_matrix(con, Filters())
    figure = charts.presence_heatmap(presence, ["明州市", "清河市", "东湖区"])
    grey, ranked = figure.data
    assert ranked.colorscale[0][1] == "#D55E00" and ranked.colorscale[-1][1] == "#0072B2"
    assert list(ranked.colorbar.ticktext) == ["较差", "居中", "较好"]
    assert (ranked.zmin, ranked.zmax) == (0, 1)
    row = list(figure.data[1].y).index("婴儿死亡率 ↓")
    assert list(ranked.z[row]) == [1.0, 0.5, 0.0]
    assert list(ranked.text[row]) == ["≤2.8‰<br>2027年", "≤3‰<br>2027年", "≤5‰<br>2025年"]
    maternal = list(grey.y).index("孕产妇死亡率 ↓")
    assert grey.z[maternal][2] == 1.0 and grey.text[maternal][2] == "≤10/10万<br>2025年"


def test_matrix_compares_one_unit_and_the_committed_end_of_a_range():
    cells = pd.DataFrame({
        "indicator_key": ["wait"] * 4, "indicator_label": "每千人口候床人数", "region": ["甲", "乙", "丙", "丁"],
        "direction": "down", "target_value": [3.0, 2.0, 4.0, None],
        "target_value_high": [5.0, None, None, None], "target_unit": ["人", "人", "%", None],
        "has_target": [True, True, True, True]})
    ranked = queries.rank_against_direction(cells)
    # Lower is better; 甲's 3–5 commits to at most 5, worse than 乙's 2. 丙 is in another unit.
    assert ranked["score"].tolist()[:2] == [0.0, 1.0]
    assert ranked["rank"].tolist()[:2] == [2, 1]
    assert ranked["compare_note"].tolist()[2:] == ["单位（%）与其他地区（人）不同，不参与比较",
                                                  "只有定性表述，没有数值目标"]


def test_matrix_does_not_rank_counts_that_grow_with_the_region():
    # A city plans more 中医阁 than a district because it is larger, not because it does better.
    cells = pd.DataFrame({
        "indicator_key": ["tcm_pavilions"] * 2, "indicator_label": "中医阁数", "region": ["甲市", "乙区"],
        "direction": "up", "target_value": [100.0, 20.0], "target_value_high": [None, None],
        "target_unit": ["家", "家"], "has_target": [True, True]})
    ranked = queries.rank_against_direction(cells)
    assert ranked["score"].isna().all()
    assert set(ranked["compare_note"]) == {"数量多少与地区规模有关，不比较好坏"}


# -- the pages, as Streamlit draws them ----------------------------------------------------------
def captions_of(app) -> list[str]:
    return [c.value for c in app.caption]


def assert_no_missing_markers(app):
    for table in app.dataframe:
        cells = {str(v) for v in table.value.astype(str).to_numpy().ravel()}
        assert not cells & {"None", "nan", "NaN", "<NA>", "NaT"}, cells


def test_trajectory_page_defines_the_indicator_and_names_its_sources(sample_dir, monkeypatch):
    app = run_page("trajectory", sample_dir, monkeypatch)
    shown = captions_of(app)
    assert md("指标定义：每1000名活产婴儿中，未满1周岁死亡的人数。方向：越低越好。") in shown
    build_date = connection.build_date(sample_dir)
    assert md(f"来源：3份规划文件：《{MINGZHOU_PLAN}》《{QINGHE_PLAN}》《{DONGHU_PLAN}》。"
              f"数据生成日期：{build_date}。") in shown
    app.selectbox(key="indicator").set_value("hypertension_management").run()
    change = figures(app)[1]
    assert change["layout"]["xaxis"]["title"]["text"] == "需变化（百分点）"
    assert app.dataframe[0].value["change_abs"].tolist() == ["—", "+6个百分点", "+9个百分点", "—"]
    assert_no_missing_markers(app)


def test_compare_page_names_the_region_it_does_not_draw(statement_dir, monkeypatch):
    app = run_page("compare", statement_dir, monkeypatch)
    app.selectbox(key="cmp_indicator").set_value("maternal_mortality").run()
    notes = [m.value for m in app.markdown]
    assert ":material/info: " + md("图中未绘出1个地区：清河市只有定性表述：“保持在较低水平”。") in notes
    assert_no_missing_markers(app)


@pytest.mark.parametrize("page", ["overview", "trajectory", "coverage", "compare"])
def test_tables_show_a_dash_never_none_or_nan(page, sample_dir, monkeypatch):
    app = run_page(page, sample_dir, monkeypatch)
    assert_no_missing_markers(app)
    # Every chart has a source line under it.
    assert sum(c.startswith("来源：") for c in captions_of(app)) >= len(figures(app))
