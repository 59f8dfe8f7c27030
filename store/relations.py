"""The relations the dashboard reads besides the four tables, each defined once.

The dashboard database (store.database) stores them as tables, laid out for the pages'
questions; a connection over Parquet files alone (store.connection) creates the same relations
as views. Both emit them from the definitions here, so the two can never disagree.

- `targets` gains `indicator_key` (the dictionary id, else the indicator as written),
  `indicator_label` (its name), `list_order` (reading order: province, cities, districts by
  their code, then document and place in the text), its region's label and place in that order
  (`region_index`), and `theme_set`, a code for its list of themes (see `theme_sets`);
- `documents` gain their region's label and rank, and what the document filters ask of their
  clauses and values: every theme those touch (`touched_themes`) and every year the values
  state (`stated_years`);
- `clauses` gain their document's province, region and region code;
- `region_labels`: one row per region code with the name shown for it (a same-name district
  carries its city: 鼓楼区（南京市）) and its place in the reading order;
- `theme_sets`: the few distinct theme lists of the targets, by code: a theme filter finds the
  codes here and compares one small value per row instead of searching every row's list;
- `listed_targets`: the targets in reading order (the database keeps `targets` by indicator):
  the details page, a heatmap cell and a document's numbers read a few neighbouring blocks;
  `document_rows`: where each document's rows start and end in that order;
- `document_texts`: each document's text in short pieces, so opening one document decompresses
  a few kilobytes and not a block of thousands of long texts;
- `clause_theme_counts`, `clause_totals`: clauses per document (and theme);
- `target_theme_counts`: targets per theme and every sidebar filter;
- `target_counts`: targets per document, theme list and every sidebar filter: what the counts
  and document lists under any filter read instead of the rows;
- `baseline_candidates`: every target with each baseline it may be compared with (same
  indicator, region and unit, an earlier year), ranked as the comparison picks them, by
  indicator; `candidate_changes`, the same reduced to whether the values differ, by theme;
- `indicator_parts`, `indicator_rows` (and `indicator_rows_by_region`, the same rows by
  region): the targets reduced to what the indicator list counts under a filter (indicator,
  unit, baseline/target/statement, region) and the filter columns;
- `indicator_summary`: the indicator list with no filter (and how many regions state each
  mapped indicator, which orders the indicator × region matrix); `indicator_theme_summary`,
  the same for each theme chosen alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.fields import UNQUANTIFIED_KINDS

# Kinds whose value is a level that a baseline and a target of the same unit can be compared by.
LEVEL_KINDS_SQL = "('level', 'count', 'rank')"
# Characters of document text per stored piece (see document_texts).
TEXT_PIECE_CHARS = 256

# Reading order of region levels: the province's own plan, then cities, then districts.
LEVEL_RANK_SQL = "CASE {a}region_level WHEN '省' THEN 0 WHEN '市' THEN 1 ELSE 2 END"
INDICATOR_KEY_SQL = "COALESCE({a}indicator_id, {a}indicator)"
INDICATOR_LABEL_SQL = "COALESCE({a}indicator_name, {a}indicator)"
UNQUANTIFIED_SQL = "(" + ", ".join(f"'{kind}'" for kind in UNQUANTIFIED_KINDS) + ")"
NUMERIC_SQL = f"(value IS NOT NULL AND kind NOT IN {UNQUANTIFIED_SQL})"
# How the indicator list counts a row: a numeric baseline or target, or a statement.
COUNTED_AS_SQL = f"""CASE WHEN NOT {NUMERIC_SQL} THEN 'statement'
    WHEN role = 'baseline' THEN 'baseline' WHEN role = 'target' THEN 'target' END"""


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
    the data share carries the city (or province) above it: 鼓楼区（南京市）, 鼓楼区（福州市）;
    its level's rank and its place in the reading order from 1 (`region_index`)."""
    # Only the code, the label, the rank and the place, so that joining it adds no column a
    # query names.
    return f"""
        SELECT region_code,
               CASE WHEN count(*) OVER (PARTITION BY region) > 1
                    THEN region || '（' || COALESCE(parent_region, province) || '）'
                    ELSE region END AS region_label,
               level_rank,
               (row_number() OVER (ORDER BY level_rank, region_code))::INTEGER AS region_index
        FROM (SELECT *, {level_rank()} AS level_rank
              FROM (SELECT region_code, any_value(region) AS region, any_value(region_level) AS region_level,
                           any_value(province) AS province, any_value(parent_region) AS parent_region
                    FROM {documents} GROUP BY region_code))"""


def theme_set_sql(alias: str = "") -> str:
    """A code for a list of themes: the same for lists of the same themes in any order."""
    return f"to_json(list_sort(list_distinct({_prefix(alias)}themes)))::VARCHAR"


def keyed_targets_sql(source: str, documents: str) -> str:
    """`targets` with its derived columns, from relations holding the targets and documents."""
    return f"""
        SELECT t.*, {indicator_key('t')} AS indicator_key, {indicator_label('t')} AS indicator_label,
               (row_number() OVER (ORDER BY {list_order_sql('t')}))::INTEGER AS list_order,
               l.region_label, l.region_index, {theme_set_sql('t')} AS theme_set
        FROM {source} t LEFT JOIN ({region_labels_sql(documents)}) l USING (region_code)"""


def keyed_documents_sql(documents: str, clauses: str, targets: str) -> str:
    """`documents` with their derived columns, from relations holding the documents, clauses
    and targets as written."""
    return f"""
        SELECT d.*, l.region_label, l.level_rank,
               COALESCE(th.themes, []) AS touched_themes, COALESCE(y.years, []) AS stated_years
        FROM {documents} d
        LEFT JOIN ({region_labels_sql(documents)}) l USING (region_code)
        LEFT JOIN (SELECT doc_id, list(DISTINCT theme ORDER BY theme) AS themes FROM (
                       SELECT doc_id, unnest(themes) AS theme FROM {clauses}
                       UNION ALL
                       SELECT doc_id, unnest(themes) AS theme FROM {targets})
                   WHERE theme IS NOT NULL GROUP BY doc_id) th USING (doc_id)
        LEFT JOIN (SELECT doc_id, list(DISTINCT year ORDER BY year) AS years FROM {targets}
                   WHERE year IS NOT NULL GROUP BY doc_id) y USING (doc_id)"""


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


def _baseline_candidates_sql() -> str:
    """Each numeric target (a level, count or rank) with every baseline of the same indicator,
    region and unit from an earlier year; `rank` 1 is the one a comparison picks: from the same
    document first, then the latest year and plan, then by id. The target's own filter columns
    keep their names; the baseline's sit in `baseline` under the same names, so one filter
    condition applies to either side."""
    numeric = f"{{a}}.value IS NOT NULL AND {{a}}.kind IN {LEVEL_KINDS_SQL}"
    baseline = ", ".join(f"{c} := bl.{c}" for c in (
        "doc_id", "region_code", "region_level", "theme_set", "year", "nature", "kind",
        "plan_year", "target_id", "value", "value_text", "doc_title"))
    return f"""
        SELECT tg.indicator_key, tg.region_code, tg.region_index, tg.target_id,
               tg.list_order AS target_order, tg.doc_id, tg.region_level, tg.theme_set, tg.year,
               tg.nature, tg.role, tg.kind,
               (row_number() OVER (PARTITION BY tg.target_id
                    ORDER BY bl.doc_id = tg.doc_id DESC, bl.year DESC, bl.plan_year DESC,
                             bl.target_id))::INTEGER AS rank,
               tg.value <> bl.value AS changes, struct_pack({baseline}) AS baseline
        FROM targets tg JOIN targets bl
          ON bl.indicator_key = tg.indicator_key AND bl.region_code = tg.region_code
         AND bl.unit = tg.unit AND bl.year < tg.year
        WHERE tg.role = 'target' AND {numeric.format(a='tg')}
          AND bl.role = 'baseline' AND {numeric.format(a='bl')}"""


def _indicator_summary_sql(by_theme: bool) -> str:
    """The indicator list as the dashboard's query computes it (board.queries.indicator_list):
    with no filter, or `by_theme` for each theme alone, a theme filter keeping the targets and
    the baselines that carry the theme. `n_mapped_regions` counts the regions stating a mapped
    indicator (it orders the indicator × region matrix)."""
    theme = "theme, " if by_theme else ""
    rows = ("(SELECT *, unnest(list_distinct(themes)) AS theme FROM targets)" if by_theme
            else "targets")
    if by_theme:
        # The target's themes, each kept when its picked baseline carries it too: per target
        # and theme the best ranked candidate among those.
        picked = """
            SELECT c.indicator_key, th.theme, any_value(c.region_code) AS region_code,
                   arg_min(c.changes, c.rank) AS changes
            FROM baseline_candidates c
            JOIN (SELECT theme_set, unnest(themes) AS theme FROM theme_sets) th USING (theme_set)
            JOIN theme_sets bt ON bt.theme_set = c.baseline.theme_set
            WHERE list_contains(bt.themes, th.theme)
            GROUP BY c.indicator_key, c.target_order, th.theme"""
    else:
        picked = "SELECT indicator_key, region_code, changes FROM baseline_candidates WHERE rank = 1"
    return f"""
        SELECT s.*, COALESCE(c.n_changing_regions, 0) AS n_changing_regions
        FROM (SELECT {theme}indicator_key, min(indicator_label) AS indicator_label,
                     string_agg(DISTINCT unit, '、' ORDER BY unit) AS units,
                     count(*) FILTER (WHERE role = 'baseline' AND {NUMERIC_SQL}) AS n_baselines,
                     count(*) FILTER (WHERE role = 'target' AND {NUMERIC_SQL}) AS n_targets,
                     count(*) FILTER (WHERE NOT {NUMERIC_SQL}) AS n_statements,
                     count(DISTINCT region_code) AS n_regions,
                     count(DISTINCT region_code) FILTER (WHERE indicator_id IS NOT NULL) AS n_mapped_regions
              FROM {rows} GROUP BY {theme}indicator_key) s
        LEFT JOIN (SELECT {theme}indicator_key, count(DISTINCT region_code) AS n_changing_regions
                   FROM ({picked}) WHERE changes
                   GROUP BY {theme}indicator_key) c USING ({theme}indicator_key)"""


RELATIONS = (
    Relation("region_labels", region_labels_sql("documents"), "level_rank, region_code"),
    Relation("theme_sets", """
        SELECT theme_set, any_value(list_sort(list_distinct(themes))) AS themes
        FROM targets WHERE theme_set IS NOT NULL GROUP BY theme_set""", "theme_set"),
    Relation("listed_targets", "SELECT * FROM targets", "list_order"),
    Relation("document_rows", """
        SELECT doc_id, min(list_order) AS first_order, max(list_order) AS last_order
        FROM targets GROUP BY doc_id""", "doc_id"),
    Relation("document_texts", f"""
        SELECT doc_id, piece_start, substr(text, piece_start + 1, {TEXT_PIECE_CHARS}) AS piece
        FROM (SELECT doc_id, text, unnest(range(0, greatest(COALESCE(length(text), 0), 1),
                                                {TEXT_PIECE_CHARS})) AS piece_start
              FROM documents)""", "doc_id, piece_start"),
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
        SELECT doc_id, region_code, region, region_label, region_level, province, theme, year,
               nature, role, kind NOT IN {UNQUANTIFIED_SQL} AS quantified, count(*) AS n
        FROM (SELECT doc_id, region_code, region, region_label, region_level, province,
                     unnest(themes) AS theme, year, nature, role, kind FROM targets)
        GROUP BY ALL""", "theme, province, region_code, doc_id"),
    # About a third of the rows: the same targets counted by their list of themes (no row
    # counted twice when several themes are chosen) and whether their indicator is mapped;
    # laid out by theme list, so a theme filter reads only its blocks.
    Relation("target_counts", f"""
        SELECT doc_id, region_code, region_level, theme_set, year, nature, role,
               kind NOT IN {UNQUANTIFIED_SQL} AS quantified, indicator_id IS NOT NULL AS mapped,
               count(*) AS n
        FROM targets GROUP BY ALL""", "theme_set, year"),
    Relation("baseline_candidates", _baseline_candidates_sql(), "indicator_key, region_code, target_id, rank"),
    # What the indicator list asks of the candidates under any filter (does the picked
    # baseline differ), laid out by theme list and year so those filters read their blocks.
    Relation("candidate_changes", """
        SELECT indicator_key, region_index, target_order, rank, changes, doc_id, region_code,
               region_level, theme_set, year, nature, role, kind,
               struct_pack(doc_id := baseline.doc_id, theme_set := baseline.theme_set,
                           year := baseline.year, nature := baseline.nature) AS baseline
        FROM baseline_candidates""", "theme_set, year"),
    # The indicator list under any filter counts rows by indicator, unit and how they count
    # (COUNTED_AS_SQL): a few thousand such parts, numbered, and every target as its part, its
    # region's number and the filter columns. Narrow, so kept twice: by theme list and year
    # (a theme or year filter reads only its blocks) and by region (a region's or document's
    # rows sit in one block).
    Relation("indicator_parts", f"""
        SELECT (row_number() OVER (ORDER BY indicator_key, unit, counted_as))::INTEGER AS part,
               indicator_key, unit, counted_as, min(indicator_label) AS indicator_label
        FROM (SELECT indicator_key, unit, indicator_label, {COUNTED_AS_SQL} AS counted_as FROM targets)
        GROUP BY indicator_key, unit, counted_as""", "part"),
    Relation("indicator_rows", f"""
        SELECT p.part, t.region_index, t.theme_set, t.region_code, t.region_level, t.doc_id,
               t.nature, t.role, t.year, t.kind NOT IN {UNQUANTIFIED_SQL} AS quantified,
               t.indicator_id IS NOT NULL AS mapped
        FROM (SELECT *, {COUNTED_AS_SQL} AS counted_as FROM targets) t JOIN indicator_parts p
          ON p.indicator_key IS NOT DISTINCT FROM t.indicator_key AND p.unit IS NOT DISTINCT FROM t.unit
         AND p.counted_as IS NOT DISTINCT FROM t.counted_as""", "theme_set, year"),
    Relation("indicator_rows_by_region", "SELECT * FROM indicator_rows", "region_index"),
    # The first view of the trajectory and compare pages, and the views of one theme (the
    # sidebar's theme buttons): counted once when the data is written.
    Relation("indicator_summary", _indicator_summary_sql(by_theme=False), "indicator_key"),
    Relation("indicator_theme_summary", _indicator_summary_sql(by_theme=True), "theme, indicator_key"),
)


def emit_relations(con, as_tables: bool) -> None:
    """Create every derived relation on `con`, as tables (the dashboard database) or views."""
    for relation in RELATIONS:
        relation.emit(con, as_tables)
