"""The relations the dashboard reads besides the four tables, each defined once.

The dashboard database (store.database) stores them as tables, laid out for the pages'
questions; a connection over Parquet files alone (store.connection) creates the same relations
as views. Both emit them from the definitions here, so the two can never disagree.

- `targets` gains `indicator_key` (the dictionary id, else the indicator as written),
  `indicator_label` (its name) and `list_order` (reading order: province, cities, districts by
  their code, then document and place in the text);
- `clauses` gain their document's province, region and region code;
- `region_labels`: one row per region code with the name shown for it (a same-name district
  carries its city: 鼓楼区（南京市）) and its place in the reading order;
- `document_themes`, `document_years`: does a document touch theme X / year Y;
- `clause_theme_counts`, `clause_totals`: clauses per document (and theme);
- `target_theme_counts`: targets per theme and every sidebar filter;
- `indicator_summary`: the indicator list with no filter.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.fields import UNQUANTIFIED_KINDS

# Reading order of region levels: the province's own plan, then cities, then districts.
LEVEL_RANK_SQL = "CASE {a}region_level WHEN '省' THEN 0 WHEN '市' THEN 1 ELSE 2 END"
INDICATOR_KEY_SQL = "COALESCE({a}indicator_id, {a}indicator)"
INDICATOR_LABEL_SQL = "COALESCE({a}indicator_name, {a}indicator)"
UNQUANTIFIED_SQL = "(" + ", ".join(f"'{kind}'" for kind in UNQUANTIFIED_KINDS) + ")"
NUMERIC_SQL = f"(value IS NOT NULL AND kind NOT IN {UNQUANTIFIED_SQL})"


def _prefix(alias: str) -> str:
    return f"{alias}." if alias else ""


def level_rank(alias: str = "") -> str:
    return LEVEL_RANK_SQL.format(a=_prefix(alias))


def indicator_key(alias: str = "") -> str:
    return INDICATOR_KEY_SQL.format(a=_prefix(alias))


def indicator_label(alias: str = "") -> str:
    return INDICATOR_LABEL_SQL.format(a=_prefix(alias))


def region_order(alias: str = "") -> str:
    """Regions in the official order: level, then GB/T 2260 code (北京 before 上海)."""
    return f"{level_rank(alias)}, {_prefix(alias)}region_code"


def list_order_sql(alias: str = "") -> str:
    """The reading order of rows: level, region code, document, place in the document."""
    a = _prefix(alias)
    return f"{region_order(alias)}, {a}doc_id, {a}span_start, {a}target_id"


def region_labels_sql(documents: str) -> str:
    """One row per region code: its name, and the label shown for it — a name two regions of
    the data share carries the city (or province) above it: 鼓楼区（南京市）, 鼓楼区（福州市）."""
    # Only the code, the label and the rank, so that joining it adds no column a query names.
    return f"""
        SELECT region_code,
               CASE WHEN count(*) OVER (PARTITION BY region) > 1
                    THEN region || '（' || COALESCE(parent_region, province) || '）'
                    ELSE region END AS region_label,
               {level_rank()} AS level_rank
        FROM (SELECT region_code, any_value(region) AS region, any_value(region_level) AS region_level,
                     any_value(province) AS province, any_value(parent_region) AS parent_region
              FROM {documents} GROUP BY region_code)"""


def keyed_targets_sql(source: str, documents: str) -> str:
    """`targets` with its derived columns, from relations holding the targets and documents."""
    return f"""
        SELECT t.*, {indicator_key('t')} AS indicator_key, {indicator_label('t')} AS indicator_label,
               (row_number() OVER (ORDER BY {list_order_sql('t')}))::INTEGER AS list_order,
               l.region_label
        FROM {source} t LEFT JOIN ({region_labels_sql(documents)}) l USING (region_code)"""


def placed_clauses_sql(clauses: str, documents: str) -> str:
    """`clauses` with their document's province, region, region code and region label."""
    return f"""
        SELECT c.*, d.province, d.region, d.region_code, l.region_label
        FROM {clauses} c
        JOIN (SELECT doc_id, province, region, region_code FROM {documents}) d USING (doc_id)
        LEFT JOIN ({region_labels_sql(documents)}) l USING (region_code)"""


@dataclass(frozen=True)
class Relation:
    name: str
    sql: str  # over targets, documents, clauses (as placed) and relations defined before it
    order: str  # how the dashboard database lays its rows out

    def emit(self, con, as_table: bool) -> None:
        if as_table:
            con.execute(f"CREATE TABLE {self.name} AS {self.sql} ORDER BY {self.order}")
        else:
            con.execute(f"CREATE VIEW {self.name} AS {self.sql}")


RELATIONS = (
    Relation("region_labels", region_labels_sql("documents"), "level_rank, region_code"),
    Relation("document_themes", """
        SELECT DISTINCT doc_id, theme FROM (
            SELECT doc_id, unnest(themes) AS theme FROM clauses
            UNION ALL
            SELECT doc_id, unnest(themes) AS theme FROM targets)""", "theme, doc_id"),
    Relation("document_years", """
        SELECT DISTINCT doc_id, year FROM targets WHERE year IS NOT NULL""", "year, doc_id"),
    # Every clause filter except theme and "only quantified" is about the document, so these
    # answer the theme coverage page.
    Relation("clause_theme_counts", """
        SELECT doc_id, theme, count(*) AS n_clauses,
               count(*) FILTER (WHERE n_quantified > 0) AS n_quantified_clauses
        FROM (SELECT doc_id, unnest(themes) AS theme, n_quantified FROM clauses)
        GROUP BY doc_id, theme""", "theme, doc_id"),
    Relation("clause_totals", """
        SELECT doc_id, count(*) AS n_clauses,
               count(*) FILTER (WHERE n_quantified > 0) AS n_quantified_clauses
        FROM clauses GROUP BY doc_id""", "doc_id"),
    # Targets counted per theme and everything the sidebar filters them by: the overview's and
    # the theme coverage page's theme counts read this (about a fifth of the unnested rows).
    Relation("target_theme_counts", f"""
        SELECT doc_id, region_code, region, region_level, province, theme, year, nature, role,
               kind NOT IN {UNQUANTIFIED_SQL} AS quantified, count(*) AS n
        FROM (SELECT doc_id, region_code, region, region_level, province, unnest(themes) AS theme,
                     year, nature, role, kind FROM targets)
        GROUP BY ALL""", "theme, province, region_code, doc_id"),
    # The first view of the trajectory and compare pages: counted once when the data is written.
    Relation("indicator_summary", f"""
        SELECT indicator_key, min(indicator_label) AS indicator_label,
               string_agg(DISTINCT unit, '、' ORDER BY unit) AS units,
               count(*) FILTER (WHERE role = 'baseline' AND {NUMERIC_SQL}) AS n_baselines,
               count(*) FILTER (WHERE role = 'target' AND {NUMERIC_SQL}) AS n_targets,
               count(*) FILTER (WHERE NOT {NUMERIC_SQL}) AS n_statements,
               count(DISTINCT region_code) AS n_regions
        FROM targets GROUP BY indicator_key""", "indicator_key"),
)


def emit_relations(con, as_tables: bool) -> None:
    """Create every derived relation on `con`, as tables (the dashboard database) or views."""
    for relation in RELATIONS:
        relation.emit(con, as_tables)
