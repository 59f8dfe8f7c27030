"""What the pages do when a view holds more than a chart can show: many regions sum to their
province, many documents keep the largest, long lists are cut and say so; and the shortcuts the
dashboard's database takes (per-document clause counts, document lookups) give the same answers
as counting the rows."""
import pandas as pd
import pytest

from board import charts, queries
from board.filters import Filters
from tests.fixtures.sample_data import REGION_CODES

FILTER_SETS = [
    Filters(), Filters(themes=["中医药"]), Filters(themes=["疾控", "一老一小"]),
    Filters(quantified_only=True), Filters(regions=[REGION_CODES["东湖区"], REGION_CODES["明州市"]], year_min=2025, year_max=2027),
    Filters(themes=["疾控"], levels=["市"], quantified_only=True),
]


@pytest.fixture
def one_region_per_heatmap(monkeypatch):
    """The sample has three regions in one province; a limit of one makes them 'too many'."""
    monkeypatch.setattr(queries, "MAX_REGION_COLUMNS", 1)


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: f.describe())
def test_theme_coverage_equals_counting_each_clause(con, filters):
    coverage = queries.theme_coverage(con, filters, "document")
    # The same numbers from the clause rows, filtered and counted one by one in SQL.
    dw, dp = filters.documents_where("d", with_themes=False)
    quantified = "AND c.n_quantified > 0" if filters.quantified_only else ""
    chosen = list(filters.themes)
    rows = con.execute(f"""
        SELECT theme, doc_id, count(*) AS n_clauses,
               count(*) FILTER (WHERE n_quantified > 0) AS n_quantified_clauses
        FROM (SELECT unnest(c.themes) AS theme, c.doc_id, c.n_quantified
              FROM clauses c JOIN documents d USING (doc_id) WHERE {dw} {quantified})
        WHERE {'list_contains(?::VARCHAR[], theme)' if chosen else 'TRUE'}
        GROUP BY ALL ORDER BY ALL""", dp + ([chosen] if chosen else [])).fetchall()
    expected = sorted((t, d, n, q) for t, d, n, q in rows)
    got = sorted(zip(coverage["theme"], coverage["group"], coverage["n_clauses"],
                     coverage["n_quantified_clauses"]))
    assert got == expected


def test_heatmap_of_many_regions_sums_them_to_their_province(con, one_region_per_heatmap):
    matrix = queries.theme_region_matrix(con, Filters(themes=["疾控"]))
    assert set(matrix["grouping"]) == {"province"}
    assert set(matrix["region"]) == {"江南省"}
    by_region = queries.detail_rows(con, Filters(themes=["疾控"], roles=["target"]))
    assert int(matrix["n_targets"].sum()) == len(by_region)
    figure = charts.theme_region_heatmap(matrix, ["疾控"], [])
    assert figure.layout.xaxis.title.text == "省份"
    assert "按省份汇总" in figure.layout.title.text


def test_choosing_few_regions_shows_them_one_by_one(con, one_region_per_heatmap):
    matrix = queries.theme_region_matrix(con, Filters(themes=["疾控"], regions=[REGION_CODES["明州市"]]))
    assert set(matrix["grouping"]) == {"region"} and set(matrix["region"]) == {"明州市"}


def test_presence_matrix_of_many_regions_counts_regions_per_province(con, one_region_per_heatmap):
    presence = queries.presence_matrix(con, Filters())
    by_region = queries.presence_matrix(con, Filters(regions=[REGION_CODES["明州市"], REGION_CODES["清河市"], REGION_CODES["东湖区"]][:1]))
    assert set(presence["grouping"]) == {"province"} and set(by_region["grouping"]) == {"region"}
    row = presence.set_index("indicator_key").loc["infant_mortality"]
    # 婴儿死亡率 is stated by every region of the sample.
    assert (row["region"], row["n_rows"], row["latest_text"]) == ("江南省", 3, "3个地区")
    figure = charts.presence_heatmap(presence, [])
    assert figure.layout.xaxis.title.text == "省份"


def test_presence_matrix_keeps_the_indicators_stated_by_most_regions(con, monkeypatch):
    monkeypatch.setattr(queries, "MAX_PRESENCE_INDICATORS", 3)
    presence = queries.presence_matrix(con, Filters())
    # Stated by 3, 3 and 2 regions; the four others by one region each. Ties go by id.
    assert set(presence["indicator_key"]) == {"hypertension_management", "infant_mortality",
                                              "childcare_places"}


def test_coverage_by_region_sums_to_province_and_cells_follow(con, one_region_per_heatmap):
    coverage = queries.theme_coverage(con, Filters(themes=["中医药"]), "region")
    assert set(coverage["grouping"]) == {"province"} and set(coverage["group"]) == {"江南省"}
    clauses = queries.clauses_for_cell(con, Filters(themes=["中医药"]), "中医药", "province", "江南省")
    assert len(clauses) == int(coverage["n_clauses"].sum())


def test_coverage_by_document_keeps_the_documents_with_most_clauses(con, monkeypatch):
    everything = queries.theme_coverage(con, Filters(), "document")
    monkeypatch.setattr(queries, "MAX_DOCUMENT_COLUMNS", 2)
    kept = queries.theme_coverage(con, Filters(), "document")
    totals = everything.groupby("group")["n_all_clauses"].first()
    largest = totals.reset_index().sort_values(["n_all_clauses", "group"], ascending=[False, True])
    assert set(kept["group"]) == set(largest["group"].head(2))
    assert kept["group"].nunique() == 2 < everything["group"].nunique()


def test_reader_choices_follow_the_document_list(con):
    for filters in FILTER_SETS:
        choices = queries.document_choices(con, filters)
        assert choices["doc_id"].tolist() == queries.document_list(con, filters)["doc_id"].tolist()


def test_target_row_by_document_and_id(con):
    row = queries.detail_rows(con, Filters(regions=[REGION_CODES["东湖区"]])).iloc[0]
    found = queries.target_row(con, row["target_id"], row["doc_id"])
    assert found["target_id"].tolist() == [row["target_id"]]
    assert queries.target_row(con, row["target_id"], "mingzhou-2024-plan").empty


def test_change_chart_draws_at_most_forty_bars_and_says_how_many(con, monkeypatch):
    changes = queries.change_required(con, Filters(), "infant_mortality")
    monkeypatch.setattr(charts, "MAX_CHANGE_BARS", 1)
    figure = charts.change_figure(changes, "婴儿死亡率")
    drawn = sum(len(trace.y) for trace in figure.data)
    assert drawn == 1
    assert f"共 {len(changes.dropna(subset=['change_abs']))} 个目标，图中显示前 1 个" in figure.layout.title.text


def test_unfiltered_indicator_list_is_the_stored_summary_and_matches_counting(con):
    stored = queries.indicator_list(con, Filters())
    # Every row has a role, so this filter keeps every row but makes the list be counted anew.
    counted = queries.indicator_list(con, Filters(roles=("target", "baseline")))
    assert stored.to_dict("records") == counted.to_dict("records")


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: f.describe())
def test_theme_counts_equal_counting_each_target(con, filters):
    matrix = queries.theme_region_matrix(con, filters)
    rows = queries.detail_rows(con, filters)
    rows = rows[rows["role"] == "target"].explode("themes")
    if filters.themes:
        rows = rows[rows["themes"].isin(filters.themes)]
    expected = rows.groupby(["themes", "region"]).size()
    got = matrix.set_index(["theme", "region"])["n_targets"]
    assert sorted(got.items()) == sorted((key, int(n)) for key, n in expected.items())


def test_document_picker_lists_the_chosen_regions_documents_when_there_are_many(con):
    from board.filters import document_options

    documents = queries.filter_options(con)["documents"]
    everything = documents["doc_id"].tolist()
    assert document_options(documents, [], set(), max_options=10) == everything
    assert document_options(documents, [], set(), max_options=2) == []
    mingzhou = documents.loc[documents["region"] == "明州市", "doc_id"].tolist()
    assert len(mingzhou) == 2
    assert document_options(documents, [REGION_CODES["明州市"]], set(), max_options=2) == mingzhou
    # A document chosen by a link stays offered.
    assert document_options(documents, [], {"donghu-2025-work-plan"}, max_options=2) == ["donghu-2025-work-plan"]


def test_a_limited_document_list_is_the_start_of_the_full_one_with_the_same_counts(con):
    for filters in FILTER_SETS:
        full = queries.document_list(con, filters)
        first = queries.document_list(con, filters, limit=2)
        assert first.to_dict("records") == full.head(2).to_dict("records")
        assert queries.document_choices(con, filters, limit=2)["doc_id"].tolist() == full["doc_id"].head(2).tolist()


def test_trajectory_returns_only_the_series_drawn_and_how_many_there_are(con):
    everything = queries.trajectory(con, Filters(), "infant_mortality")
    sizes = everything.groupby(["region", "doc_id"]).size()
    top = sizes.reset_index().sort_values([0, "region", "doc_id"], ascending=[False, True, True]).iloc[0]
    drawn = queries.trajectory(con, Filters(), "infant_mortality", max_series=1)
    assert set(zip(drawn["region"], drawn["doc_id"])) == {(top["region"], top["doc_id"])}
    assert drawn["n_series"].unique().tolist() == [len(sizes)]
    expected = everything[(everything["region"] == top["region"]) & (everything["doc_id"] == top["doc_id"])]
    pd.testing.assert_frame_equal(drawn.drop(columns="n_series").reset_index(drop=True),
                                  expected.reset_index(drop=True))
    figure = charts.trajectory_figure(drawn, "婴儿死亡率")
    assert f"共 {len(sizes)} 个地区/文件，图中显示数值最多的 1 个" in figure.layout.title.subtitle.text


def test_target_years_are_the_years_the_trajectory_has_targets_for(con):
    for filters in FILTER_SETS:
        rows = queries.trajectory(con, filters, "infant_mortality")
        expected = sorted(int(y) for y in rows.loc[rows["role"] == "target", "year"].dropna().unique())
        assert queries.target_years(con, filters, "infant_mortality") == expected


def test_plans_sharing_a_region_and_title_stay_separate_columns():
    frame = pd.DataFrame({"theme": ["疾控", "疾控", "中医药"], "group": ["a-2024", "a-2025", "b"],
                          "group_label": ["甲市｜卫生健康工作要点", "甲市｜卫生健康工作要点", "乙市｜规划"]})
    labelled = queries._distinct_group_labels(frame)
    assert labelled["group_label"].tolist() == [
        "甲市｜卫生健康工作要点（a-2024）", "甲市｜卫生健康工作要点（a-2025）", "乙市｜规划"]
    figure = charts.coverage_bars_figure(labelled.assign(n_quantified_clauses=1, n_qualitative_clauses=0),
                                         ["疾控", "中医药"])
    assert len(figure.layout.annotations) == 3


@pytest.mark.parametrize("theme", ["中医药", "一老一小", "疾控", "妇幼"])
def test_one_theme_alone_lists_what_counting_its_rows_lists(con, theme):
    """A theme chosen alone is answered from the list the build counted per theme
    (indicator_theme_summary); counting the rows under the same filter gives the same list,
    the same counts, the same changing regions and so the same default indicator."""
    filters = Filters(themes=[theme])
    stored = queries.indicator_list(con, filters)
    counted = queries.counted_indicator_list(con, filters)
    assert not counted.empty
    pd.testing.assert_frame_equal(stored.reset_index(drop=True), counted.reset_index(drop=True),
                                  check_dtype=False)
    # The matrix's indicators too: the same theme named twice is counted from the rows.
    twice = queries.presence_matrix(con, Filters(themes=[theme, theme]))
    once = queries.presence_matrix(con, filters)
    pd.testing.assert_frame_equal(once.reset_index(drop=True), twice.reset_index(drop=True),
                                  check_dtype=False)


def test_a_baseline_outside_the_chosen_theme_is_not_the_one_compared(tmp_path):
    """Under a theme filter a target is compared with the best baseline that carries the theme
    too; the list the build counts per theme follows the same rule. 明州市's infant mortality
    baseline is tagged 妇幼 alone here, its targets 妇幼 and 一老一小."""
    from store import connection, database
    from tests.fixtures.sample_data import build_frames, write_sample_data

    folder = write_sample_data(tmp_path / "data")
    targets = build_frames()["targets"]
    baseline = (targets["indicator_id"] == "infant_mortality") & (targets["role"] == "baseline") \
        & (targets["region_code"] == REGION_CODES["明州市"])
    targets.loc[baseline, "themes"] = pd.Series([["妇幼"]] * int(baseline.sum()),
                                                index=targets.index[baseline])
    targets.to_parquet(folder / "targets.parquet", index=False)
    database.write_serving_database_atomically(folder)
    con = connection.connect(folder)

    def changing(filters):
        listed = queries.indicator_list(con, filters)
        counted = queries.counted_indicator_list(con, filters)
        pd.testing.assert_frame_equal(listed, counted, check_dtype=False)
        return listed.set_index("indicator_key").loc["infant_mortality", "n_changing_regions"]

    assert changing(Filters()) == 2
    assert changing(Filters(themes=["妇幼"])) == 2
    assert changing(Filters(themes=["一老一小"])) == 1  # 清河市 alone: 明州市 has no 一老一小 baseline
