"""Read-only DuckDB access to the built tables, for the dashboard.

The dashboard never writes to the data folder while serving: it opens the build's DuckDB file
read-only, or an in-memory database whose views read the Parquet files in place and derive the
same relations (store.relations) from them.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from store import database, paths
from store.freshness import missing_tables, needs_build  # noqa: F401 - part of this module's API
from store.outputs import current_build
from store.relations import emit_relations, keyed_documents_sql, keyed_targets_sql, placed_clauses_sql

# For an object-storage location, whether its targets are a hive-partitioned data set.
PARTITIONED_ENV = "HEALTH_TARGETS_PARTITIONED"
PARTITIONED_TARGETS = "targets"
# Memory DuckDB may use for its block cache and queries (the rest of the server is Python).
MEMORY_LIMIT_ENV = "HEALTH_TARGETS_DUCKDB_MEMORY"
DEFAULT_MEMORY_LIMIT = "160MB"
# The pages' queries are short: read a few blocks, return a few hundred rows. Two optimizer
# passes cost more to plan than they save when such a query runs: finding subplans two parts
# of a query share (several milliseconds on tables of forty columns) and turning short IN
# lists into joins. Both stay off for the dashboard's connections.
PLANNING_CONFIG = {"disabled_optimizers": "common_subplan,in_clause"}
TABLES = paths.TABLE_NAMES
data_dir = paths.data_location
is_remote = paths.is_remote


def builds_from_sources(directory: Path | str) -> bool:
    """Whether the dashboard keeps this data folder's tables in step with its sources: a local
    folder with a sources/ folder and its sources.csv (the bundled data, or one an office keeps).
    A folder of tables only (copied, generated, remote) is served as it is."""
    if is_remote(directory):
        return False
    return (paths.sources_dir(Path(directory)) / paths.SOURCES_METADATA_NAME).is_file()


def data_version(directory: Path | str) -> str:
    """Changes whenever a build is published, so cached results are keyed to one build.

    A remote location has no cheap modification time: its results are kept until the server
    restarts (a deployment restarts it after publishing new data)."""
    if is_remote(directory):
        return f"remote:{directory}"
    build = current_build(Path(directory))
    stamps = [str(build) if build else "-"]
    for name in [f"{name}.parquet" for name in TABLES] + [PARTITIONED_TARGETS, paths.DATABASE_NAME]:
        path = Path(directory) / name
        stamps.append(f"{path.stat().st_mtime_ns}" if path.exists() else "-")
    return ":".join(stamps)


def build_date(directory: Path | str) -> str:
    """Date the targets table was written (local time, YYYY-MM-DD); empty when remote."""
    import datetime as dt

    if is_remote(directory):
        return ""
    path = Path(paths.table_file(directory, "targets"))
    if not path.exists():
        path = Path(directory) / PARTITIONED_TARGETS
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d")


def connect(directory: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the built tables in `directory`.

    The build's DuckDB file (laid out for these pages, see store.database) is opened when it was
    made from exactly the Parquet files beside it; otherwise the Parquet files are read in place
    through views that add the same derived columns and tables. `directory` may also be a
    location holding a hive-partitioned targets data set (see `connect_parquet`).
    """
    directory = directory if directory is not None else data_dir()
    if is_remote(directory):
        con = connect_parquet(str(directory))
        con.execute("SET enable_progress_bar = false")
        return con
    # The build being served, resolved once: a build published meanwhile does not mix in.
    directory = current_build(Path(directory)) or Path(directory)
    if database.serving_database_is_current(directory):
        con = duckdb.connect(str(paths.database_file(directory)), read_only=True, config={
            # DuckDB caches the blocks it reads up to this limit; the server's memory stays
            # bounded at national scale. Spills go to the system's temp folder, never data/.
            "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT),
            "temp_directory": str(Path(tempfile.gettempdir()) / "health-targets-duckdb"),
            **PLANNING_CONFIG,
        })
    else:
        con = connect_parquet(str(directory))
    con.execute("SET enable_progress_bar = false")
    return con


def connect_parquet(location: str) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with views over the Parquet tables at `location`.

    `location` is a local folder or an object-storage prefix (s3://…, gs://…, https://…, read
    through DuckDB's httpfs extension). The targets are either one file, `targets.parquet`, or a
    hive-partitioned data set under `targets/` (`targets/province=…/year=…/*.parquet`), from
    which DuckDB reads only the partitions a filter needs.
    """
    base = location.rstrip("/")
    con = duckdb.connect(":memory:", config=PLANNING_CONFIG)
    # Keep each file's footer after the first read: a partitioned data set has hundreds of files.
    con.execute("SET parquet_metadata_cache = true")
    remote = is_remote(base)
    if remote:
        con.execute("INSTALL httpfs; LOAD httpfs")
    partitioned = (not remote and (Path(base) / PARTITIONED_TARGETS).is_dir()) or \
        (remote and os.environ.get(PARTITIONED_ENV) == "1")
    if partitioned:
        targets = f"read_parquet({_literal(f'{base}/{PARTITIONED_TARGETS}/**/*.parquet')}, " \
                  "hive_partitioning = true, union_by_name = true)"
    else:
        targets = f"read_parquet({_literal(f'{base}/targets.parquet')})"
    documents, clauses = (f"read_parquet({_literal(f'{base}/{name}.parquet')})" for name in ("documents", "clauses"))
    con.execute(f"CREATE VIEW review AS SELECT * FROM read_parquet({_literal(f'{base}/review.parquet')})")
    con.execute(f"CREATE VIEW documents AS {keyed_documents_sql(documents, clauses, targets)}")
    con.execute(f"CREATE VIEW targets AS {keyed_targets_sql(targets, documents)}")
    con.execute("CREATE VIEW clauses AS " + placed_clauses_sql(clauses, documents))
    emit_relations(con, as_tables=False)
    return con


def _literal(text: str) -> str:
    # A view's path cannot be a bound parameter; quote it as an SQL string literal.
    return "'" + text.replace("'", "''") + "'"


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """Run a parameterised query and return a pandas DataFrame (through Arrow).

    ENUM columns of the DuckDB file arrive as Arrow dictionaries; they are decoded to plain
    text so that callers see the same frames whichever storage answered.
    """
    table = con.sql(sql, params=params or []).arrow().read_all()
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(index, field.name, table.column(index).cast(field.type.value_type))
    return table.to_pandas()


def fetch_batches(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None,
                  rows_per_batch: int = 20_000):
    """Run a parameterised query and yield its result as DataFrames of at most
    `rows_per_batch` rows, so a million-row result never sits in memory whole."""
    reader = con.sql(sql, params=params or []).to_arrow_reader(rows_per_batch)
    for batch in reader:
        table = pa.Table.from_batches([batch])
        for index, field in enumerate(table.schema):
            if pa.types.is_dictionary(field.type):
                table = table.set_column(index, field.name, table.column(index).cast(field.type.value_type))
        yield table.to_pandas()


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
