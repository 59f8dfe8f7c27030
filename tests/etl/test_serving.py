"""The dashboard's database (etl.serving): made from the Parquet tables, served only while it
matches them, laid out as the pages read it."""
import os
import shutil

import duckdb
import pandas as pd
import pytest

from board import data
from etl import serving
from tests.fixtures.sample_data import write_sample_data


@pytest.fixture
def data_dir(tmp_path):
    directory = write_sample_data(tmp_path / "data")
    serving.write_serving_database_atomically(directory)
    return directory


def _database_name(con) -> str:
    return con.execute("SELECT current_database()").fetchall()[0][0]


def test_the_dashboard_reads_the_database_while_it_matches_the_parquet_files(data_dir):
    assert serving.serving_database_is_current(data_dir)
    assert _database_name(data.connect(data_dir)) == "targets"


def test_a_replaced_parquet_file_sends_the_dashboard_back_to_the_parquet_files(data_dir):
    targets = data_dir / "targets.parquet"
    stat = targets.stat()
    os.utime(targets, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not serving.serving_database_is_current(data_dir)
    assert _database_name(data.connect(data_dir)) == "memory"


def test_a_database_of_an_older_layout_is_not_served(data_dir, monkeypatch):
    monkeypatch.setattr(serving, "LAYOUT_VERSION", serving.LAYOUT_VERSION + 1)
    assert not serving.serving_database_is_current(data_dir)


def test_a_damaged_database_is_not_served(data_dir):
    (data_dir / serving.DATABASE_NAME).write_bytes(b"not a database")
    assert not serving.serving_database_is_current(data_dir)
    assert _database_name(data.connect(data_dir)) == "memory"


def test_names_are_enums_sorted_like_text_and_rows_keep_reading_order(data_dir):
    con = duckdb.connect(str(data_dir / serving.DATABASE_NAME), read_only=True)
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'targets'").fetchall())
    assert types["region"].startswith("ENUM(") and types["indicator_key"].startswith("ENUM(")
    assert types["source_text"] == "VARCHAR"
    regions = [r for (r,) in con.execute("SELECT DISTINCT region FROM targets ORDER BY region").fetchall()]
    assert regions == sorted(regions)
    in_order = con.execute("SELECT target_id FROM targets ORDER BY list_order").fetchall()
    frame = pd.read_parquet(data_dir / "targets.parquet")
    frame["level"] = frame["region_level"].map({"省": 0, "市": 1}).fillna(2)
    expected = frame.sort_values(["level", "region", "doc_id", "span_start", "target_id"])
    assert [t for (t,) in in_order] == expected["target_id"].tolist()
    # Stored sorted by indicator, so one indicator's rows sit together.
    keys = [k for (k,) in con.execute("SELECT indicator_key::VARCHAR FROM targets").fetchall()]
    assert keys == sorted(keys)


def test_a_failed_write_leaves_the_last_database(data_dir, monkeypatch):
    before = (data_dir / serving.DATABASE_NAME).read_bytes()
    shutil.copy2(data_dir / "review.parquet", data_dir / "saved.parquet")
    (data_dir / "review.parquet").write_bytes(b"broken")
    with pytest.raises(duckdb.Error):
        serving.write_serving_database_atomically(data_dir)
    assert (data_dir / serving.DATABASE_NAME).read_bytes() == before
    assert not (data_dir / f".{serving.DATABASE_NAME}.tmp").exists()


def test_the_database_command_writes_it_for_a_folder_of_tables(tmp_path, capsys):
    from etl.__main__ import EXIT_BAD_INPUT, main

    directory = write_sample_data(tmp_path / "copied")
    assert main(["database", "--data", str(directory)]) == 0
    assert serving.serving_database_is_current(directory)
    assert main(["database", "--data", str(tmp_path / "empty")]) == EXIT_BAD_INPUT
    assert "缺少数据表 targets.parquet" in capsys.readouterr().err
