"""The dashboard's database: the built Parquet tables laid out for the questions the pages ask.

The Parquet files are the contract, in the build's order. The dashboard asks other questions:
one indicator across every region, the rows of a view in reading order, which documents touch
a theme or a year. At national scale (millions of rows) scanning the Parquet files for each of
those is too slow, so the build also writes a DuckDB file (`targets.duckdb`) where

- `targets` is sorted by indicator, region and year, so one indicator's rows sit together and
  DuckDB's min/max index skips the rest, and carries `indicator_key` (the dictionary id, else
  the indicator as written), `indicator_label` (its name) and `list_order` (the position in
  reading order: province, cities, districts, then document and place in the text), so a page
  of rows is a top-N on one integer;
- repeated names (regions, documents, indicators, units, roles, kinds…) are ENUM types: stored
  and compared as small integers, which makes grouping and filtering several times faster.
  Their values are declared in sorted order, so ORDER BY sorts them as it sorts text;
- `document_themes` and `document_years` answer "does this document touch theme X / year Y"
  without scanning the targets; `clause_theme_counts` and `clause_totals` count clauses per
  document (and theme) once, instead of on every view of the theme coverage page;
  `target_theme_counts` counts targets per theme, document, year, nature, role and whether
  quantified, which answers every theme count the pages draw; `indicator_summary` is the
  indicator list with no filter, the first thing the trajectory and compare pages show;
- `source_files` records which Parquet files it was made from, so a stale database (Parquet
  files replaced without a rebuild) is never served.

Both the build and the benchmark's generated data go through `write_serving_database`.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

TABLES = ("targets", "documents", "clauses", "review")
# Raised whenever the layout below changes, so a database of an older layout is not served.
LAYOUT_VERSION = 4
DATABASE_NAME = "targets.duckdb"

# Reading order of region levels: the province's own plan, then cities, then districts.
LEVEL_RANK_SQL = "CASE {a}region_level WHEN '省' THEN 0 WHEN '市' THEN 1 ELSE 2 END"
INDICATOR_KEY_SQL = "COALESCE({a}indicator_id, {a}indicator)"
INDICATOR_LABEL_SQL = "COALESCE({a}indicator_name, {a}indicator)"

# ENUM type -> the (table, column) pairs that use it; a table's column not listed stays VARCHAR.
# Derived targets columns (indicator_key, indicator_label) are read from the targets file.
ENUM_TYPES = {
    "doc_key": [("documents", "doc_id"), ("targets", "doc_id"), ("clauses", "doc_id"),
                ("review", "doc_id")],
    "doc_title_text": [("targets", "doc_title")],
    "region_name": [("documents", "region"), ("targets", "region"), ("documents", "parent_region"),
                    ("targets", "parent_region"), ("clauses", "region")],
    "province_name": [("documents", "province"), ("targets", "province"), ("clauses", "province")],
    "level_name": [("documents", "region_level"), ("targets", "region_level")],
    "indicator_key_text": [("targets", "indicator_key")],
    "indicator_label_text": [("targets", "indicator_label")],
    "indicator_id_text": [("targets", "indicator_id")],
    "indicator_name_text": [("targets", "indicator_name")],
    "unit_text": [("targets", "unit")],
    "role_name": [("targets", "role")],
    "kind_name": [("targets", "kind")],
    "comparator_name": [("targets", "comparator")],
    "nature_name": [("targets", "nature")],
    "origin_name": [("targets", "origin")],
    "direction_name": [("targets", "direction")],
    "category_name": [("targets", "category")],
}


def level_rank(alias: str = "") -> str:
    return LEVEL_RANK_SQL.format(a=f"{alias}." if alias else "")


def indicator_key(alias: str = "") -> str:
    return INDICATOR_KEY_SQL.format(a=f"{alias}." if alias else "")


def indicator_label(alias: str = "") -> str:
    return INDICATOR_LABEL_SQL.format(a=f"{alias}." if alias else "")


def list_order_sql(alias: str = "") -> str:
    """The reading order of rows: level, region, document, place in the document."""
    a = f"{alias}." if alias else ""
    return f"{level_rank(alias)}, {a}region, {a}doc_id, {a}span_start, {a}target_id"


# Clauses per document and theme, and per document: every clause filter except theme and
# "only quantified" is about the document, so these answer the theme coverage page.
CLAUSE_THEME_COUNTS_SQL = """
    SELECT doc_id, theme, count(*) AS n_clauses,
           count(*) FILTER (WHERE n_quantified > 0) AS n_quantified_clauses
    FROM (SELECT doc_id, unnest(themes) AS theme, n_quantified FROM clauses)
    GROUP BY doc_id, theme"""
CLAUSE_TOTALS_SQL = """
    SELECT doc_id, count(*) AS n_clauses,
           count(*) FILTER (WHERE n_quantified > 0) AS n_quantified_clauses
    FROM clauses GROUP BY doc_id"""


# Kinds that state no number (contract.KINDS); the dashboard counts the others as quantified.
UNQUANTIFIED_KINDS = ("qualitative", "full_coverage")

# Targets counted per theme and everything the sidebar filters them by: the overview's and the
# theme coverage page's theme counts read this (about a fifth of the unnested rows).
TARGET_THEME_COUNTS_SQL = f"""
    SELECT doc_id, region, region_level, province, theme, year, nature, role,
           kind NOT IN {UNQUANTIFIED_KINDS} AS quantified, count(*) AS n
    FROM (SELECT doc_id, region, region_level, province, unnest(themes) AS theme, year, nature,
                 role, kind FROM targets)
    GROUP BY ALL"""

# The indicator list with no filter (the first view of the trajectory and compare pages): one
# pass over every row with a distinct count, so it is counted once when the data is written.
INDICATOR_SUMMARY_SQL = f"""
    SELECT indicator_key, min(indicator_label) AS indicator_label,
           string_agg(DISTINCT unit, '、' ORDER BY unit) AS units,
           count(*) FILTER (WHERE role = 'baseline' AND {{numeric}}) AS n_baselines,
           count(*) FILTER (WHERE role = 'target' AND {{numeric}}) AS n_targets,
           count(*) FILTER (WHERE NOT {{numeric}}) AS n_statements,
           count(DISTINCT region) AS n_regions
    FROM targets GROUP BY indicator_key"""
NUMERIC_SQL = f"(value IS NOT NULL AND kind NOT IN {UNQUANTIFIED_KINDS})"


def parquet_files(directory: Path) -> dict[str, Path]:
    return {name: Path(directory) / f"{name}.parquet" for name in TABLES}


def parquet_stamp(files: dict[str, Path]) -> list[tuple[str, int, int]]:
    """Name, size and modification time of each Parquet table: what the database was made from.

    A rename keeps both, so files written under a temporary name stamp as their final selves.
    """
    stamp = []
    for name in TABLES:
        info = Path(files[name]).stat()
        stamp.append((name, info.st_size, info.st_mtime_ns))
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
        source = {name: _literal(files[name]) for name in TABLES}
        con.execute(f"""
            CREATE TEMP VIEW placed_clauses AS
            SELECT c.*, d.province, d.region
            FROM read_parquet({source['clauses']}) c
            JOIN (SELECT doc_id, province, region FROM read_parquet({source['documents']})) d
              USING (doc_id)""")
        con.execute(f"""
            CREATE TEMP VIEW keyed_targets AS
            SELECT *, {indicator_key()} AS indicator_key, {indicator_label()} AS indicator_label
            FROM read_parquet({source['targets']})""")
        sources = {**{name: f"read_parquet({source[name]})" for name in TABLES},
                   "targets": "keyed_targets", "clauses": "placed_clauses"}
        _create_enum_types(con, sources)
        con.execute(f"""
            CREATE TABLE targets AS
            WITH ordered AS (
                SELECT *, (row_number() OVER (ORDER BY {list_order_sql()}))::INTEGER AS list_order
                FROM keyed_targets)
            SELECT {_enum_columns(con, 'targets', 'keyed_targets')}, list_order FROM ordered
            ORDER BY indicator_key, region, year, target_id""")
        # Clauses carry their document's province and region and sit in that order, so one
        # region's or province's clauses (a heatmap cell) are read from a few blocks.
        for name, order in (("documents", "doc_id"),
                            ("clauses", "province, region, doc_id, span_start"),
                            ("review", "doc_id, span_start")):
            con.execute(f"CREATE TABLE {name} AS SELECT {_enum_columns(con, name, sources[name])} "
                        f"FROM {sources[name]} ORDER BY {order}")
        con.execute("""
            CREATE TABLE document_themes AS
            SELECT DISTINCT doc_id, theme FROM (
                SELECT doc_id, unnest(themes) AS theme FROM clauses
                UNION ALL
                SELECT doc_id, unnest(themes) AS theme FROM targets)
            ORDER BY theme, doc_id""")
        con.execute(f"CREATE TABLE clause_theme_counts AS {CLAUSE_THEME_COUNTS_SQL} ORDER BY theme, doc_id")
        con.execute(f"CREATE TABLE clause_totals AS {CLAUSE_TOTALS_SQL} ORDER BY doc_id")
        con.execute(f"CREATE TABLE target_theme_counts AS {TARGET_THEME_COUNTS_SQL} "
                    "ORDER BY theme, province, region, doc_id")
        con.execute("CREATE TABLE indicator_summary AS "
                    + INDICATOR_SUMMARY_SQL.format(numeric=NUMERIC_SQL) + " ORDER BY indicator_key")
        con.execute("""
            CREATE TABLE document_years AS
            SELECT DISTINCT doc_id, year FROM targets WHERE year IS NOT NULL ORDER BY year, doc_id""")
        con.execute(f"CREATE TABLE layout AS SELECT {LAYOUT_VERSION} AS version")
        con.execute("CREATE TABLE source_files (name VARCHAR, size BIGINT, mtime_ns BIGINT)")
        con.executemany("INSERT INTO source_files VALUES (?, ?, ?)", parquet_stamp(files))
        if reference_writer is not None:
            reference_writer(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def serving_database_is_current(directory: Path) -> bool:
    """True when `directory` holds a database made from exactly the Parquet files beside it."""
    database = Path(directory) / DATABASE_NAME
    if not database.exists():
        return False
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            recorded = sorted(tuple(row) for row in con.execute(
                "SELECT name, size, mtime_ns FROM source_files").fetchall())
            version = con.execute("SELECT max(version) FROM layout").fetchall()[0][0]
            return version == LAYOUT_VERSION and recorded == sorted(parquet_stamp(parquet_files(directory)))
    except (duckdb.Error, OSError):
        return False


def write_serving_database_atomically(directory: Path, **options) -> Path:
    """Write the database beside the Parquet files through a temporary name, then rename."""
    directory = Path(directory)
    final = directory / DATABASE_NAME
    temporary = final.with_name(f".{DATABASE_NAME}.tmp")
    try:
        write_serving_database(parquet_files(directory), temporary, **options)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, final)
    return final


def _create_enum_types(con, sources: dict[str, str]) -> None:
    """One ENUM type per kind of name, holding every value any of its columns takes, sorted."""
    for type_name, columns in ENUM_TYPES.items():
        union = " UNION ".join(f"SELECT {column}::VARCHAR AS v FROM {sources[table]}"
                               for table, column in columns)
        values = [v for (v,) in con.execute(
            f"SELECT v FROM ({union}) WHERE v IS NOT NULL GROUP BY v ORDER BY v").fetchall()]
        if not values:
            values = [""]  # an ENUM needs one value; an empty table has nothing to store
        # CREATE TYPE takes no parameters: the values go in as quoted literals.
        con.execute(f"CREATE TYPE {type_name} AS ENUM ({_enum_values(values)})")


def _enum_values(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _enum_columns(con, table: str, source: str) -> str:
    """The select list of `source` with the columns ENUM_TYPES names for `table` cast to them."""
    casts = {column: type_name for type_name, columns in ENUM_TYPES.items()
             for t, column in columns if t == table}
    names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    return ", ".join(f"{name}::{casts[name]} AS {name}" if name in casts else name for name in names)


def _literal(path: Path) -> str:
    # Paths cannot be bound parameters in CREATE TABLE AS; quote them as SQL string literals.
    return "'" + str(Path(path).resolve()).replace("'", "''") + "'"


def refresh_serving_database(directory: Path) -> bool:
    """Write the database for `directory` unless a current one is there; False when another
    build holds the folder (its own write will bring the database)."""
    from etl.writer import BuildLocked, build_lock

    if serving_database_is_current(directory):
        return True
    try:
        with build_lock(Path(directory)):
            write_serving_database_atomically(directory)
    except BuildLocked:
        return False
    return True
