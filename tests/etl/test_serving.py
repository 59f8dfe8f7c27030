"""The dashboard's database (store.database): made from the Parquet tables, served only while it
matches them, laid out as the pages read it."""
import os
import shutil

import duckdb
import pandas as pd
import pytest

from store import connection, database
from tests.fixtures.sample_data import write_sample_data


@pytest.fixture
def data_dir(tmp_path):
    directory = write_sample_data(tmp_path / "data")
    database.write_serving_database_atomically(directory)
    return directory


def _database_name(con) -> str:
    return con.execute("SELECT current_database()").fetchall()[0][0]


def test_the_dashboard_reads_the_database_while_it_matches_the_parquet_files(data_dir):
    assert database.serving_database_is_current(data_dir)
    assert _database_name(connection.connect(data_dir)) == "targets"


def test_a_replaced_parquet_file_sends_the_dashboard_back_to_the_parquet_files(data_dir):
    targets = data_dir / "targets.parquet"
    frame = pd.read_parquet(targets)
    frame.iloc[:-1].to_parquet(targets, index=False)
    assert not database.serving_database_is_current(data_dir)
    assert _database_name(connection.connect(data_dir)) == "memory"


def test_a_copy_with_new_file_times_keeps_its_database(data_dir, tmp_path):
    # A fresh clone of the bundled data gives every file a new time but the same bytes.
    copy = tmp_path / "clone"
    shutil.copytree(data_dir, copy)
    for path in copy.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert database.serving_database_is_current(copy)
    assert _database_name(connection.connect(copy)) == "targets"


def test_a_database_of_an_older_layout_is_not_served(data_dir, monkeypatch):
    monkeypatch.setattr(database, "LAYOUT_VERSION", database.LAYOUT_VERSION + 1)
    assert not database.serving_database_is_current(data_dir)


def test_a_damaged_database_is_not_served(data_dir):
    (data_dir / database.DATABASE_NAME).write_bytes(b"not a database")
    assert not database.serving_database_is_current(data_dir)
    assert _database_name(connection.connect(data_dir)) == "memory"


def test_names_are_enums_sorted_like_text_and_rows_keep_reading_order(data_dir):
    con = duckdb.connect(str(data_dir / database.DATABASE_NAME), read_only=True)
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
    before = (data_dir / database.DATABASE_NAME).read_bytes()
    shutil.copy2(data_dir / "review.parquet", data_dir / "saved.parquet")
    (data_dir / "review.parquet").write_bytes(b"broken")
    with pytest.raises(duckdb.Error):
        database.write_serving_database_atomically(data_dir)
    assert (data_dir / database.DATABASE_NAME).read_bytes() == before
    assert not (data_dir / f".{database.DATABASE_NAME}.tmp").exists()


def test_the_database_command_writes_it_for_a_folder_of_tables(tmp_path, capsys):
    from etl.__main__ import EXIT_BAD_INPUT, main

    directory = write_sample_data(tmp_path / "copied")
    assert main(["database", "--data", str(directory)]) == 0
    assert database.serving_database_is_current(directory)
    assert main(["database", "--data", str(tmp_path / "empty")]) == EXIT_BAD_INPUT
    assert "缺少数据表 targets.parquet" in capsys.readouterr().err
