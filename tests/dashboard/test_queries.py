"""Queries on the sample data: what each page would show, row by row."""
import math

import pandas as pd
import pytest

from board import queries
from board.filters import Filters
from store import connection
from tests.fixtures.sample_data import REGION_CODES


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples, NaN/NA turned into None so expected values read naturally."""
    out = []
    for record in frame[columns].itertuples(index=False):
        out.append(tuple(None if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))
                         else v for v in record))
    return out


def test_filter_options(con):
    options = queries.filter_options(con)
    # Regions in the official order: cities before districts, then by code.
    assert options["regions"] == [REGION_CODES[name] for name in ("明州市", "清河市", "东湖区")]
    assert options["region_labels"] == {code: name for name, code in REGION_CODES.items()}
    assert options["levels"] == ["市", "区县"]
    assert (options["year_min"], options["year_max"]) == (2023, 2027)
    assert options["documents"]["label"].tolist()[-1] == "东湖区｜东湖区卫生健康局2025年工作计划"


def test_overview_kpis_without_filters(con):
    assert queries.overview_kpis(con, Filters()) == {
        "n_documents": 4, "n_regions": 3, "n_targets": 29, "n_baselines": 5,
        "n_quantified": 26, "share_quantified": 26 / 29}


def test_overview_kpis_for_tcm(con):
    # 中医药 targets: 100%, 全覆盖, 5家以上, 稳步提升, 一半以上 -> 3 of 5 carry a number.
    kpis = queries.overview_kpis(con, Filters(themes=["中医药"]))
    assert (kpis["n_documents"], kpis["n_targets"], kpis["n_quantified"]) == (4, 5, 3)


def test_overview_kpis_for_a_district(con):
    kpis = queries.overview_kpis(con, Filters(levels=["区县"]))
    assert (kpis["n_documents"], kpis["n_regions"], kpis["n_targets"], kpis["n_baselines"]) == (1, 1, 6, 0)


def test_theme_region_matrix_for_disease_control(con):
    matrix = queries.theme_region_matrix(con, Filters(themes=["疾控"]))
    assert rows(matrix, ["theme", "region", "n_targets"]) == [
        ("疾控", "明州市", 1), ("疾控", "清河市", 4), ("疾控", "东湖区", 2)]


def test_document_list_for_one_region(con):
    documents = queries.document_list(con, Filters(regions=[REGION_CODES["明州市"]]))
    assert rows(documents, ["doc_id", "plan_year", "n_targets", "n_baselines"]) == [
        ("mingzhou-2025-work-points", 2025, 5, 0), ("mingzhou-2024-plan", 2024, 11, 2)]


def test_document_year_filter_keeps_plans_reporting_that_year(con):
    # 2023 is only a baseline year, stated by the two multi-year plans.
    documents = queries.document_list(con, Filters(year_min=2023, year_max=2023))
    assert documents["doc_id"].tolist() == ["mingzhou-2024-plan", "qinghe-2024-plan"]


def test_indicator_list_puts_indicators_that_change_from_their_baseline_first(con):
    indicators = queries.indicator_list(con, Filters())
    assert rows(indicators.head(5), ["indicator_key", "units", "n_baselines", "n_targets", "n_regions",
                                     "n_changing_regions"]) == [
        ("infant_mortality", "‰", 2, 6, 3, 2),
        ("hypertension_management", "%", 1, 4, 3, 1),
        ("childcare_places", "个", 1, 4, 2, 1),
        ("vaccination_rate", "%", 1, 2, 1, 1),
        # Two targets but no baseline: listed after every indicator with a change to show.
        ("health_literacy", "%、百分点", 0, 2, 1, 0)]
    assert queries.default_indicator(indicators) == "infant_mortality"
    # Qualitative-only indicators are listed too (drawn as statements), after the numeric ones.
    qualitative = indicators.set_index("indicator_key").loc["基层中医药服务能力"]
    assert (qualitative["n_baselines"], qualitative["n_targets"]) == (0, 0)
    assert qualitative["n_statements"] >= 1


def test_default_indicator_without_any_baseline(con):
    indicators = queries.indicator_list(con, Filters(regions=[REGION_CODES["东湖区"]]))
    assert queries.default_indicator(indicators) == indicators["indicator_key"].iloc[0]
    assert queries.default_indicator(indicators.iloc[0:0]) is None


def test_trajectory_of_infant_mortality_in_one_city(con):
    trajectory = queries.trajectory(con, Filters(regions=[REGION_CODES["明州市"]]), "infant_mortality")
    assert rows(trajectory, ["year", "role", "value", "comparator", "value_text"]) == [
        (2023, "baseline", 3.2, "=", "3.2"),
        (2025, "target", 3.0, "<=", "≤3"),
        (2027, "target", 3.0, "<=", "3‰以下"),
        (2027, "target", 2.8, "<=", "≤2.8")]


def test_change_required_is_direction_aware(con):
    changes = queries.change_required(con, Filters(), "infant_mortality")
    assert rows(changes, ["region", "baseline_year", "baseline_value", "target_year", "target_value",
                          "change_abs", "change_per_year", "status"]) == [
        ("明州市", 2023, 3.2, 2025, 3.0, -0.2, -0.1, "to_improve"),
        ("明州市", 2023, 3.2, 2027, 3.0, -0.2, -0.05, "to_improve"),
        ("明州市", 2023, 3.2, 2027, 2.8, -0.4, -0.1, "to_improve"),
        # 清河市 already stands at 2.1‰: a ceiling of 3‰ asks for less than it has reached.
        ("清河市", 2023, 2.1, 2025, 3.0, 0.9, 0.45, "already_met"),
        ("清河市", 2023, 2.1, 2027, 3.0, 0.9, 0.225, "already_met"),
        ("东湖区", None, None, 2025, 5.0, None, None, "no_baseline")]


def test_change_required_for_a_higher_is_better_indicator(con):
    changes = queries.change_required(con, Filters(), "vaccination_rate")
    assert rows(changes, ["baseline_value", "target_value", "change_abs", "status"]) == [
        (98.0, 95.0, -3.0, "already_met"), (98.0, 95.0, -3.0, "already_met")]


def test_change_required_finds_baselines_even_when_only_targets_are_shown(con):
    changes = queries.change_required(con, Filters(roles=["target"]), "hypertension_management")
    assert rows(changes, ["region", "baseline_value", "target_value", "status"]) == [
        ("明州市", None, 70.0, "no_baseline"), ("清河市", 66.0, 72.0, "to_improve"),
        ("清河市", 66.0, 75.0, "to_improve"), ("东湖区", None, 65.0, "no_baseline")]


def test_theme_coverage_by_region_for_tcm(con):
    coverage = queries.theme_coverage(con, Filters(themes=["中医药"]), "region")
    assert rows(coverage, ["theme", "group_label", "n_clauses", "n_quantified_clauses",
                           "n_qualitative_clauses", "n_targets", "n_all_clauses"]) == [
        ("中医药", "明州市", 2, 2, 0, 2, 11),
        ("中医药", "清河市", 1, 0, 1, 0, 3),
        ("中医药", "东湖区", 1, 1, 0, 1, 5)]
    assert coverage["group"].tolist() == [REGION_CODES[name] for name in ("明州市", "清河市", "东湖区")]
    assert coverage["share"].round(4).tolist() == [0.1818, 0.3333, 0.2]


def test_theme_coverage_by_document_labels_documents(con):
    coverage = queries.theme_coverage(con, Filters(themes=["一老一小"]), "document")
    assert rows(coverage, ["group_label", "n_clauses", "n_targets"]) == [
        ("东湖区｜东湖区卫生健康局2025年工作计划", 2, 2),
        ("明州市｜2025年明州市卫生健康工作要点", 1, 1),
        ("明州市｜明州市人民政府办公室关于推进卫生健康事业高质量发展的实施意见", 2, 7),
        ("清河市｜清河市卫生健康事业发展实施方案（2024—2027年）", 2, 3)]


def test_a_heatmap_cell_lists_its_clauses_and_targets(con):
    clauses = queries.clauses_for_cell(con, Filters(), "中医药", "region", REGION_CODES["明州市"])
    assert rows(clauses, ["clause_title", "n_targets", "n_quantified"]) == [
        ("传承发展中医药事业", 2, 1), ("建设基层中医馆", 2, 1)]
    targets = queries.targets_for_cell(con, Filters(), "中医药", "region", REGION_CODES["明州市"])
    assert targets["value_text"].tolist() == ["100%", "全覆盖", "5家以上", "稳步提升"]


def test_cross_city_takes_latest_target_and_prefers_the_table(con):
    values = queries.cross_city(con, Filters(), "infant_mortality")
    assert rows(values, ["region", "region_level", "year", "value", "value_text"]) == [
        ("东湖区", "区县", 2025, 5.0, "千分之五以下"),
        ("清河市", "市", 2027, 3.0, "≤3"),
        ("明州市", "市", 2027, 2.8, "≤2.8")]


def test_cross_city_for_one_year(con):
    values = queries.cross_city(con, Filters(), "hypertension_management", 2025)
    assert rows(values, ["region", "value", "value_text"]) == [
        ("清河市", 72.0, "72"), ("明州市", 70.0, "70%以上"), ("东湖区", 65.0, "65%以上")]


def test_presence_matrix_for_disease_control(con):
    presence = queries.presence_matrix(con, Filters(themes=["疾控"]))
    assert rows(presence, ["indicator_key", "region", "n_rows", "latest_text"]) == [
        ("vaccination_rate", "清河市", 3, "≥95"),
        ("hypertension_management", "明州市", 1, "70%以上"),
        ("hypertension_management", "清河市", 3, "75"),
        ("hypertension_management", "东湖区", 1, "65%以上")]


def test_detail_rows_search_reads_the_sentence(con):
    found = queries.detail_rows(con, Filters(), "托育")
    assert found["target_id"].tolist() == ["donghu-2025-work-plan-t30"]
    # A LIKE wildcard is just a character: no sentence holds an underscore.
    assert queries.detail_rows(con, Filters(), "_").empty
    assert queries.detail_rows(con, Filters(), "%以上")["value_text"].tolist() == ["70%以上", "65%以上"]


def test_detail_rows_only_quantified_for_a_theme(con):
    # Baselines stay (they carry numbers); 东湖区's qualitative 进一步提高 goes.
    found = queries.detail_rows(con, Filters(themes=["疾控"], quantified_only=True))
    assert found["value_text"].tolist() == ["70%以上", "98", "≥95", "≥95", "66", "72", "75", "65%以上"]


def test_document_highlights_include_numbers_without_targets(con):
    highlights = queries.document_highlights(con, "mingzhou-2025-work-points")
    assert rows(highlights, ["span_start", "mark", "value_text"]) == [
        (44, "target", "5家以上"), (58, "target", "稳步提升"), (99, "target", "20万人以上"),
        (138, "target", "70%以上"), (177, "target", "38%"), (183, "unmatched", "12356")]
    document = queries.document(con, "mingzhou-2025-work-points")
    assert document["text"][183:188] == "12356"
    assert queries.document(con, "no-such-document") is None


def test_every_query_runs_on_every_data_set(any_data_dir):
    con = connection.connect(any_data_dir)
    filters = Filters()
    indicators = queries.indicator_list(con, filters)
    key = queries.default_indicator(indicators)
    assert queries.overview_kpis(con, filters)["n_documents"] > 0
    for by in ("region", "document"):
        coverage = queries.theme_coverage(con, filters, by)
        assert (coverage["n_clauses"] == coverage["n_quantified_clauses"] + coverage["n_qualitative_clauses"]).all()
    if key is not None:
        trajectory = queries.trajectory(con, filters, key)
        assert trajectory["value"].notna().all()
        queries.change_required(con, filters, key)
        queries.cross_city(con, filters, key)
    detail = queries.detail_rows(con, filters)
    assert len(detail) == connection.fetch_rows(con, "SELECT count(*) FROM targets")[0][0]


@pytest.mark.parametrize("theme", ["中医药", "一老一小", "疾控"])
def test_theme_filters_keep_only_rows_of_that_theme(any_data_dir, theme):
    con = connection.connect(any_data_dir)
    detail = queries.detail_rows(con, Filters(themes=[theme]))
    assert all(theme in list(themes) for themes in detail["themes"])
