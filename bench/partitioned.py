"""Past one machine: the targets as a hive-partitioned Parquet data set (province=…/year=…/),
written with DuckDB's COPY … PARTITION_BY and read back with the same page queries.

A deployment can keep such a data set on a shared disk or in object storage; DuckDB reads only
the partitions a filter needs (a year range opens only those years' files).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

TARGETS_DIR = "targets"  # store.connection.PARTITIONED_TARGETS
OTHER_TABLES = ("documents", "clauses", "review")


def write_partitioned(data_dir: Path, out_dir: Path) -> dict:
    """targets partitioned by province and year; the smaller tables copied beside it as files."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    source = str(Path(data_dir) / "targets.parquet").replace("'", "''")
    target = str(out_dir / TARGETS_DIR).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM read_parquet('{source}')) TO '{target}' "
                "(FORMAT parquet, PARTITION_BY (province, year), COMPRESSION zstd)")
    for name in OTHER_TABLES:
        shutil.copyfile(Path(data_dir) / f"{name}.parquet", out_dir / f"{name}.parquet")
    files = list((out_dir / TARGETS_DIR).rglob("*.parquet"))
    return {"files": len(files), "mb": round(sum(f.stat().st_size for f in files) / 1e6, 1)}


def connect_partitioned(location: str) -> duckdb.DuckDBPyConnection:
    """The dashboard's own data layer on the partitioned data set (a local folder, or an
    s3:// / https:// prefix with HEALTH_TARGETS_PARTITIONED=1; see store.connection.connect_parquet)."""
    from store import connection

    return connection.connect_parquet(str(location))
