"""The dashboard's database: the built Parquet tables laid out for the questions the pages ask.

The Parquet files are the contract, in the build's order. The dashboard asks other questions:
one indicator across every region, the rows of a view in reading order, which documents touch
a theme or a year. At national scale (millions of rows) scanning the Parquet files for each of
those is too slow, so every build also writes a DuckDB file (`targets.duckdb`) where

- `targets` is sorted by indicator, region and year, so one indicator's rows sit together and
  DuckDB's min/max index skips the rest, and carries the derived columns of store.relations;
  `listed_targets` holds the same rows in reading order, where a region's or a document's rows
  sit together (the details page, heatmap cells, the reader);
- repeated names (regions, documents, indicators, units, roles, kinds…; store.fields names
  them; and the theme of the per-theme counts) are ENUM types: stored and compared as small
  integers, which makes grouping and filtering several times faster. Their values are declared
  in sorted order, so ORDER BY sorts them as it sorts text;
- the relations of store.relations are stored as tables;
- `source_files` records which Parquet files it was made from, so a stale database (Parquet
  files replaced without a rebuild) is never served.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb

from store import paths
from store.fields import enum_columns
from store.relations import emit_relations, keyed_documents_sql, keyed_targets_sql, placed_clauses_sql

TABLES = paths.TABLE_NAMES
# Raised whenever the layout below changes, so a database of an older layout is not served.
LAYOUT_VERSION = 19
DATABASE_NAME = paths.DATABASE_NAME

# ENUM uses of the derived columns (the stored columns' come from store.fields).
_DERIVED_ENUMS = {
    "indicator_key_text": [("targets", "indicator_key")],
    "indicator_label_text": [("targets", "indicator_label")],
    "region_label_text": [("targets", "region_label"), ("clauses", "region_label"),
                          ("documents", "region_label")],
    "region_name": [("clauses", "region")],
    "region_code": [("clauses", "region_code")],
    "province_name": [("clauses", "province")],
    "theme_set_text": [("targets", "theme_set")],
}


def enum_types() -> dict[str, list[tuple[str, str]]]:
    types = enum_columns()
    for name, uses in _DERIVED_ENUMS.items():
        types.setdefault(name, []).extend(uses)
    return types


def parquet_files(directory: Path) -> dict[str, Path]:
    return {name: Path(paths.table_file(directory, name)) for name in TABLES}


# Bytes read from the end of each Parquet file to recognise it: the footer, where Parquet keeps
# the schema, row counts and every column chunk's statistics and offsets.
STAMP_TAIL_BYTES = 64 * 1024


def parquet_stamp(files: dict[str, Path]) -> list[tuple[str, int, str]]:
    """Name, size and a hash of the footer of each Parquet table: what the database was made from.

    Content, not modification times: a copy or a fresh clone of the bundled data (new times,
    same bytes) keeps its database, and a table rewritten with other rows does not.
    """
    stamp = []
    for name in TABLES:
        path = Path(files[name])
        size = path.stat().st_size
        with path.open("rb") as handle:
            handle.seek(max(0, size - STAMP_TAIL_BYTES))
            digest = hashlib.sha256(handle.read()).hexdigest()
        stamp.append((name, size, digest))
    return stamp


def write_serving_database(files: dict[str, Path], database: Path, memory_limit: str = "2GB",
                           reference_writer=None) -> None:
    """Write `database` from the Parquet tables `files` (table name -> path); the caller
    renames it into place.

    `reference_writer(con)` may add reference tables (theme taxonomy, indicator dictionary).
    The memory limit keeps a national-scale sort from taking the machine; DuckDB spills to disk.
    """
    database = Path(database)
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{memory_limit}'")
        source = {name: f"read_parquet({_literal(files[name])})" for name in TABLES}
        con.execute(f"CREATE TEMP VIEW placed_clauses AS {placed_clauses_sql(source['clauses'], source['documents'])}")
        con.execute(f"CREATE TEMP VIEW keyed_targets AS {keyed_targets_sql(source['targets'], source['documents'])}")
        con.execute("CREATE TEMP VIEW keyed_documents AS "
                    + keyed_documents_sql(source["documents"], source["clauses"], source["targets"]))
        sources = {**source, "targets": "keyed_targets", "clauses": "placed_clauses",
                   "documents": "keyed_documents"}
        _create_enum_types(con, sources)
        con.execute(f"""
            CREATE TABLE targets AS SELECT {_enum_columns(con, 'targets', 'keyed_targets')}
            FROM keyed_targets ORDER BY indicator_key, region_code, year, target_id""")
        # Clauses sit by province and region, so one heatmap cell reads a few blocks.
        for name, order in (("documents", "doc_id"),
                            ("clauses", "province, region_code, doc_id, span_start"),
                            ("review", "doc_id, span_start")):
            con.execute(f"CREATE TABLE {name} AS SELECT {_enum_columns(con, name, sources[name])} "
                        f"FROM {sources[name]} ORDER BY {order}")
        emit_relations(con, as_tables=True)
        _code_themes(con)
        con.execute(f"CREATE TABLE layout AS SELECT {LAYOUT_VERSION} AS version")
        con.execute("CREATE TABLE source_files (name VARCHAR, size BIGINT, footer_sha256 VARCHAR)")
        con.executemany("INSERT INTO source_files VALUES (?, ?, ?)", parquet_stamp(files))
        if reference_writer is not None:
            reference_writer(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def serving_database_is_current(directory: Path) -> bool:
    """True when `directory` holds a database made from exactly the Parquet files beside it."""
    database = paths.database_file(directory)
    if not database.exists():
        return False
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            recorded = sorted(tuple(row) for row in con.execute(
                "SELECT name, size, footer_sha256 FROM source_files").fetchall())
            version = con.execute("SELECT max(version) FROM layout").fetchall()[0][0]
            return version == LAYOUT_VERSION and recorded == sorted(parquet_stamp(parquet_files(directory)))
    except (duckdb.Error, OSError):
        return False


def write_serving_database_atomically(directory: Path, **options) -> Path:
    """Write the database beside the Parquet files through a temporary name, then rename."""
    directory = Path(directory)
    final = paths.database_file(directory)
    temporary = final.with_name(f".{final.name}.tmp")
    try:
        write_serving_database(parquet_files(directory), temporary, **options)
    except BaseException:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
        raise
    os.replace(temporary, final)
    return final


def refresh_serving_database(directory: Path) -> bool:
    """Write the database for `directory` unless a current one is there; False when another
    build holds the folder (its own write will bring the database)."""
    from store.lock import BuildLocked, build_lock

    if serving_database_is_current(directory):
        return True
    try:
        with build_lock(Path(directory)):
            write_serving_database_atomically(directory)
    except BuildLocked:
        return False
    return True


def _create_enum_types(con, sources: dict[str, str]) -> None:
    """One ENUM type per kind of name, holding every value any of its columns takes, sorted."""
    for type_name, columns in enum_types().items():
        union = " UNION ".join(f"SELECT {column}::VARCHAR AS v FROM {sources[table]}"
                               for table, column in columns)
        values = [v for (v,) in con.execute(
            f"SELECT v FROM ({union}) WHERE v IS NOT NULL GROUP BY v ORDER BY v").fetchall()]
        if not values:
            values = [""]  # an ENUM needs one value; an empty table has nothing to store
        # CREATE TYPE takes no parameters: the values go in as quoted literals.
        con.execute(f"CREATE TYPE {type_name} AS ENUM ({_enum_values(values)})")


# The relations that count per theme, with the theme as a column: stored as an ENUM too, so
# grouping by theme and province compares small integers.
THEME_COLUMNS = (("target_theme_counts", "theme"), ("clause_theme_counts", "theme"))


def _code_themes(con) -> None:
    union = " UNION ".join(f"SELECT {column}::VARCHAR AS v FROM {table}" for table, column in THEME_COLUMNS)
    values = [v for (v,) in con.execute(f"SELECT v FROM ({union}) WHERE v IS NOT NULL GROUP BY v ORDER BY v").fetchall()]
    con.execute(f"CREATE TYPE theme_name AS ENUM ({_enum_values(values or [''])})")
    for table, column in THEME_COLUMNS:
        con.execute(f"ALTER TABLE {table} ALTER {column} TYPE theme_name")


def _enum_values(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _enum_columns(con, table: str, source: str) -> str:
    """The select list of `source` with the columns stored as ENUMs cast to their types."""
    casts = {column: type_name for type_name, columns in enum_types().items()
             for t, column in columns if t == table}
    names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    return ", ".join(f"{name}::{casts[name]} AS {name}" if name in casts else name for name in names)


def _literal(path: Path | str) -> str:
    # Paths cannot be bound parameters in CREATE TABLE AS; quote them as SQL string literals.
    text = str(path) if paths.is_remote(path) else str(Path(path).resolve())
    return "'" + text.replace("'", "''") + "'"
