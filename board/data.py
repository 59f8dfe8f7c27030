"""Read-only DuckDB access to the built tables.

The dashboard never writes to the data directory while serving: it opens an in-memory
database whose views read the parquet files in place.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from etl import paths

DATA_DIR_ENV = "HEALTH_TARGETS_DATA_DIR"
TABLES = ("targets", "documents", "clauses", "review")


def data_dir() -> Path:
    """The directory holding the built tables (the environment variable wins, for tests)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else paths.DATA_DIR


def is_default_data_dir(directory: Path) -> bool:
    return Path(directory).resolve() == paths.DATA_DIR.resolve()


def missing_tables(directory: Path) -> list[str]:
    return [name for name in TABLES if not (Path(directory) / f"{name}.parquet").exists()]


def needs_build(directory: Path, sources_dir: Path = paths.SOURCES_DIR) -> bool:
    """True when a table is missing or a source document is newer than the built targets."""
    if missing_tables(directory):
        return True
    built = (Path(directory) / "targets.parquet").stat().st_mtime
    sources = [p for p in Path(sources_dir).glob("*") if p.is_file()] if Path(sources_dir).is_dir() else []
    return any(p.stat().st_mtime > built for p in sources)


def data_version(directory: Path) -> str:
    """Changes whenever a table is rebuilt, so cached results are keyed to one build."""
    stamps = []
    for name in TABLES:
        path = Path(directory) / f"{name}.parquet"
        stamps.append(f"{path.stat().st_mtime_ns}" if path.exists() else "-")
    return ":".join(stamps)


def build_date(directory: Path) -> str:
    """Date the targets table was written (local time, YYYY-MM-DD)."""
    import datetime as dt

    path = Path(directory) / "targets.parquet"
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d")


def connect(directory: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with one view per table over the parquet files in `directory`."""
    directory = Path(directory) if directory is not None else data_dir()
    con = duckdb.connect(":memory:")
    for name in TABLES:
        path = (directory / f"{name}.parquet").resolve()
        # A view's path cannot be a bound parameter; quote it as an SQL string literal.
        literal = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({literal})")
    return con


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """Run a parameterised query and return a pandas DataFrame (through Arrow)."""
    return con.sql(sql, params=params or []).arrow().read_all().to_pandas()


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
