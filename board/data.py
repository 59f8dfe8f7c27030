"""Read-only DuckDB access to the built tables.

The dashboard never writes to the data directory while serving: it opens the build's DuckDB
file read-only, or an in-memory database whose views read the Parquet files in place.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from etl import paths, serving

DATA_DIR_ENV = "HEALTH_TARGETS_DATA_DIR"
# For an object-storage location, whether its targets are a hive-partitioned data set.
PARTITIONED_ENV = "HEALTH_TARGETS_PARTITIONED"
PARTITIONED_TARGETS = "targets"
# Memory DuckDB may use for its block cache and queries (the rest of the server is Python).
MEMORY_LIMIT_ENV = "HEALTH_TARGETS_DUCKDB_MEMORY"
DEFAULT_MEMORY_LIMIT = "160MB"
TABLES = ("targets", "documents", "clauses", "review")


def data_dir() -> Path | str:
    """Where the built tables are: the environment variable wins (another folder, or an
    object-storage prefix such as s3://bucket/health-targets, kept as text)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override and is_remote(override):
        return override
    return Path(override) if override else paths.DATA_DIR


def is_remote(location: Path | str) -> bool:
    """An object-storage or web location (s3://, gs://, https://…), read through DuckDB's httpfs."""
    return "://" in str(location)


def is_default_data_dir(directory: Path | str) -> bool:
    return not is_remote(directory) and Path(directory).resolve() == paths.DATA_DIR.resolve()


def missing_tables(directory: Path | str) -> list[str]:
    """Tables with no file; the targets may also be a partitioned data set (a `targets/` folder).
    A remote location is not listed here; reading it reports what is missing."""
    if is_remote(directory):
        return []
    directory = Path(directory)
    return [name for name in TABLES if not (directory / f"{name}.parquet").exists()
            and not (name == "targets" and (directory / PARTITIONED_TARGETS).is_dir())]


def needs_build(directory: Path, sources_dir: Path = paths.SOURCES_DIR) -> bool:
    """True when a table is missing or a source document is newer than the built targets."""
    if missing_tables(directory):
        return True
    built = (Path(directory) / "targets.parquet").stat().st_mtime
    sources = [p for p in Path(sources_dir).glob("*") if p.is_file()] if Path(sources_dir).is_dir() else []
    return any(p.stat().st_mtime > built for p in sources)


def data_version(directory: Path | str) -> str:
    """Changes whenever a table is rebuilt, so cached results are keyed to one build.

    A remote location has no cheap modification time: its results are kept until the server
    restarts (a deployment restarts it after publishing new data)."""
    if is_remote(directory):
        return f"remote:{directory}"
    stamps = []
    names = [f"{name}.parquet" for name in TABLES] + [PARTITIONED_TARGETS, serving.DATABASE_NAME]
    for name in names:
        path = Path(directory) / name
        stamps.append(f"{path.stat().st_mtime_ns}" if path.exists() else "-")
    return ":".join(stamps)


def build_date(directory: Path | str) -> str:
    """Date the targets table was written (local time, YYYY-MM-DD); empty when remote."""
    import datetime as dt

    if is_remote(directory):
        return ""
    path = Path(directory) / "targets.parquet"
    if not path.exists():
        path = Path(directory) / PARTITIONED_TARGETS
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d")


def connect(directory: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the built tables in `directory`.

    The build's DuckDB file (laid out for these pages, see etl.serving) is opened when it was
    made from exactly the Parquet files beside it; otherwise the Parquet files are read in place
    through views that add the same derived columns and tables. `directory` may also be a
    location holding a hive-partitioned targets data set (see `connect_parquet`).
    """
    directory = directory if directory is not None else data_dir()
    if is_remote(directory):
        con = connect_parquet(str(directory))
        con.execute("SET enable_progress_bar = false")
        return con
    directory = Path(directory)
    if serving.serving_database_is_current(directory):
        con = duckdb.connect(str(directory / serving.DATABASE_NAME), read_only=True, config={
            # DuckDB caches the blocks it reads up to this limit; the server's memory stays
            # bounded at national scale. Spills go to the system's temp folder, never data/.
            "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT),
            "temp_directory": str(Path(tempfile.gettempdir()) / "health-targets-duckdb"),
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
    con = duckdb.connect(":memory:")
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
    con.execute(f"""
        CREATE VIEW targets AS
        SELECT *, {serving.indicator_key()} AS indicator_key,
               {serving.indicator_label()} AS indicator_label,
               (row_number() OVER (ORDER BY {serving.list_order_sql()}))::INTEGER AS list_order
        FROM {targets}""")
    for name in ("documents", "review"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(f'{base}/{name}.parquet')})")
    # Clauses with their document's province and region, as the DuckDB file stores them.
    con.execute(f"""
        CREATE VIEW clauses AS
        SELECT c.*, d.province, d.region
        FROM read_parquet({_literal(f'{base}/clauses.parquet')}) c
        JOIN (SELECT doc_id, province, region FROM documents) d USING (doc_id)""")
    # What the DuckDB file stores as tables, derived on the fly.
    con.execute("""
        CREATE VIEW document_themes AS
        SELECT DISTINCT doc_id, theme FROM (
            SELECT doc_id, unnest(themes) AS theme FROM clauses
            UNION ALL SELECT doc_id, unnest(themes) AS theme FROM targets)""")
    con.execute("CREATE VIEW document_years AS SELECT DISTINCT doc_id, year FROM targets "
                "WHERE year IS NOT NULL")
    con.execute(f"CREATE VIEW clause_theme_counts AS {serving.CLAUSE_THEME_COUNTS_SQL}")
    con.execute(f"CREATE VIEW clause_totals AS {serving.CLAUSE_TOTALS_SQL}")
    con.execute(f"CREATE VIEW target_theme_counts AS {serving.TARGET_THEME_COUNTS_SQL}")
    con.execute("CREATE VIEW indicator_summary AS "
                + serving.INDICATOR_SUMMARY_SQL.format(numeric=serving.NUMERIC_SQL))
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


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
