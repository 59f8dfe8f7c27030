"""The benchmark's pieces on tiny sizes: generated data that keeps the contract, documents the
build can read, every page's queries, the pandas comparison, the partitioned data set, one page
through Streamlit's test runner, and the aims report."""
from __future__ import annotations

import pytest

from bench import pandas_way, report
from bench.apptest_bench import measure_pages
from bench.generate_documents import write_corpus
from bench.generate_targets import contract_frames, generate_tables, write_dataset
from bench.measure import percentile_ms, run_in_child
from bench.pages import PAGES, page_queries, typical_filters
from bench.partitioned import connect_partitioned, write_partitioned
from bench.query_bench import connect, sample_regions
from board import queries
from board.filters import Filters
from etl.pipeline import build_tables, validate
from store import connection, database


@pytest.fixture(scope="module")
def small_tables():
    return generate_tables(4_000, seed=5)


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bench_data")
    write_dataset(directory, 4_000, seed=5)
    database.write_serving_database_atomically(directory)
    return directory


def test_generated_tables_keep_the_contract(small_tables):
    frames = contract_frames(small_tables)
    validate(frames)  # raises BuildError on any breach
    assert len(frames.targets) == 4_000
    assert set(frames.targets["kind"]) == {"level", "count", "change", "rank", "qualitative", "full_coverage"}
    assert set(frames.targets["origin"]) == {"text", "table"}
    assert {"中医药", "一老一小", "疾控"} <= set(frames.targets["themes"].explode())


def test_every_span_points_at_its_value_in_the_document(small_tables):
    frames = contract_frames(small_tables)
    texts = dict(zip(frames.documents["doc_id"], frames.documents["text"]))
    targets = frames.targets
    shown = [texts[d][s:e] for d, s, e in zip(targets["doc_id"], targets["span_start"], targets["span_end"])]
    assert shown == targets["value_text"].tolist()
    clauses = frames.clauses
    assert [texts[d][s:e] for d, s, e in zip(clauses["doc_id"], clauses["span_start"], clauses["span_end"])] \
        == clauses["text"].tolist()
    review = frames.review
    assert [texts[d][s:e] for d, s, e in zip(review["doc_id"], review["span_start"], review["span_end"])] \
        == review["number_text"].tolist()


def test_the_same_seed_gives_the_same_data(small_tables):
    again = generate_tables(4_000, seed=5)
    assert again.targets.equals(small_tables.targets)
    assert not generate_tables(4_000, seed=6).targets.equals(small_tables.targets)


def test_generated_documents_are_read_by_the_build(tmp_path):
    summary = write_corpus(tmp_path, 6, seed=3)
    assert summary["documents"] == 6
    tables = build_tables(tmp_path, processes=1)
    assert len(tables.documents) == 6
    assert {"level", "count", "change", "rank", "full_coverage"} <= set(tables.targets["kind"])
    assert "range" in set(tables.targets["comparator"])
    assert "table" in set(tables.targets["origin"])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_gives_the_same_rows_from_the_database_and_the_parquet_files(small_dir, page):
    database, parquet = connect(str(small_dir), "database"), connect(str(small_dir), "parquet")
    for filters in typical_filters(sample_regions(str(small_dir))).values():
        from_database = page_queries(page, database, filters)
        from_parquet = page_queries(page, parquet, filters)
        assert {q: r["rows"] for q, r in from_database.items()} == \
            {q: r["rows"] for q, r in from_parquet.items()}


def test_pandas_way_finds_the_same_rows_as_the_data_layer(small_dir):
    frames = pandas_way.load(str(small_dir))
    con = connection.connect(small_dir)
    for filters in (Filters(), Filters(themes=("疾控",)), Filters(year_min=2025, year_max=2027)):
        assert pandas_way.page_view("details", frames, filters) == len(queries.detail_rows(con, filters))


def test_partitioned_data_set_answers_like_the_single_file(small_dir, tmp_path):
    written = write_partitioned(small_dir, tmp_path / "hive")
    assert written["files"] > 31
    single, partitioned = connection.connect(small_dir), connect_partitioned(str(tmp_path / "hive"))
    filters = Filters(themes=("一老一小",), year_min=2024, year_max=2027)
    assert queries.overview_kpis(partitioned, filters) == queries.overview_kpis(single, filters)
    columns = ["target_id", "region", "year", "value_text"]
    assert queries.detail_rows(partitioned, filters)[columns].equals(
        queries.detail_rows(single, filters)[columns])
    # The dashboard's own connect finds the partitioned targets folder by itself.
    assert connection.missing_tables(tmp_path / "hive") == []
    assert queries.overview_kpis(connection.connect(tmp_path / "hive"), filters) == queries.overview_kpis(single, filters)


def test_one_page_through_the_test_runner(small_dir):
    result = measure_pages(small_dir, timeout_s=60, pages=["overview"])["overview"]
    assert result["errors"] == []
    assert result["apptest_s"] > 0


def test_child_process_reports_its_own_peak_memory(tmp_path):
    result = run_in_child("bench.build_bench:build_once", sources_dir=str(write_corpus_dir(tmp_path)),
                          processes=1)
    assert result["documents"] == 2
    assert result["self_peak_rss_mb"] > 10


def write_corpus_dir(tmp_path):
    write_corpus(tmp_path, 2, seed=1)
    return tmp_path


def test_percentiles_use_the_nearest_rank():
    samples = [0.010, 0.020, 0.030, 0.040, 0.050]
    assert percentile_ms(samples, 50) == 30.0
    assert percentile_ms(samples, 95) == 50.0


def test_aims_report_says_which_are_met():
    results = {"build": {"mb_per_s": 2.5, "processes": 2},
               "queries": {"overview": {"p95_ms": 120.0, "ratio": 6.0}},
               "server_rss_mb": 700.0, "first_chart_s": {"seed": 1.2}}
    assert [met for _, _, met in report.aims(results)] == [True, False, True, False, True]
    unfinished = dict(results, server_rss_complete=False, first_chart_s={"3m": None})
    assert [met for _, _, met in report.aims(unfinished)] == [True, False, True, None, False]
