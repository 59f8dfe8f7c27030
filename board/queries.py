"""One query per page need. Each takes (con, filters, ...) and filters in SQL.

Indicators are keyed by their canonical id, or by the indicator as written when the
dictionary did not map it (`indicator_key`), so unmapped values stay reachable.
"""
from __future__ import annotations

import re
from dataclasses import replace

import duckdb
import pandas as pd

from board.filters import Filters
from board.labels import UNQUANTIFIED_KINDS, technical_last
from store.connection import fetch_batches, fetch_df, fetch_rows
from store.fields import SETTLED_BY_SHAPE
from store.relations import level_rank, region_order  # one reading order: levels, then codes

Con = duckdb.DuckDBPyConnection

# Stored by the build (store.database): the dictionary id, else the indicator as written.
_KEY = "{a}.indicator_key"
_LABEL = "{a}.indicator_label"
_QUANTIFIED = "{a}.kind NOT IN (" + ", ".join(f"'{k}'" for k in UNQUANTIFIED_KINDS) + ")"

# Rows drawn on a value axis; qualitative and full-coverage rows are statements, not points.
_NUMERIC = "(t.value IS NOT NULL AND t.kind NOT IN ('qualitative', 'full_coverage'))"

# Columns of the detail table and the downloads, in reading order: where, what, how much, for
# which year first; the ids, offsets and confidence (store.fields' `technical` flag) go last,
# and the page hides them unless asked. `region` is shown as the region's label (a name two
# regions share carries its city); its code is kept with the ids.
DETAIL_COLUMNS = technical_last([
    "region", "indicator", "value", "unit", "year", "role", "value_text", "comparator",
    "value_high", "kind", "indicator_name", "themes", "nature", "category", "source_text",
    "doc_title", "plan_year", "region_level", "section", "clause", "clause_title", "direction",
    "origin", "confidence", "target_id", "doc_id", "region_code", "span_start", "span_end",
])
_DETAIL_SELECT = ", ".join("t.region_label AS region" if c == "region" else f"t.{c}" for c in DETAIL_COLUMNS)


# Past this many regions a column per region is unreadable and slow to draw: the heatmaps sum
# regions to their province instead, and choosing regions in the sidebar shows them one by one.
MAX_REGION_COLUMNS = 60
# Past this many documents the document heatmap keeps those with the most clauses.
MAX_DOCUMENT_COLUMNS = 60
# Rows of the indicator × region matrix: the indicators stated by the most regions.
MAX_PRESENCE_INDICATORS = 40
# Documents listed on the overview and offered by the reader's picker (narrow by region for more).
LISTED_DOCUMENTS = 1000
# Rows the details page shows (its downloads hold every row).
DETAIL_PAGE_ROWS = 1000
# Rows listed for one heatmap cell (a province's cell can hold thousands).
CELL_ROWS = 1000


def region_grouping(con: Con, filters: Filters) -> str:
    """"region", or "province" when the view spans more regions than a heatmap can show."""
    dw, dp = filters.documents_where("d")
    n_regions = fetch_rows(con, f"SELECT count(DISTINCT d.region_code) FROM documents d WHERE {dw}", dp)[0][0]
    return "province" if n_regions > MAX_REGION_COLUMNS else "region"


def _key(alias: str = "t") -> str:
    return _KEY.format(a=alias)


def _label(alias: str = "t") -> str:
    return _LABEL.format(a=alias)


def doc_label(region: str, title: str) -> str:
    """How a document is named in pickers and URLs."""
    return f"{region}｜{title}"


# -- options for the sidebar -------------------------------------------------------------------
def filter_options(con: Con) -> dict:
    """Values the sidebar offers: regions by code in the official order (provinces, cities,
    districts) with their labels, levels, year bounds, documents. The natures are the
    contract's code list (board.labels.NATURE_CHOICES), so a link naming one always works."""
    region_rows = fetch_rows(con, "SELECT region_code, region_label FROM region_labels "
                                  "ORDER BY level_rank, region_code")
    regions = [code for code, _ in region_rows]
    levels = [r for (r,) in fetch_rows(con, f"""
        SELECT region_level FROM documents GROUP BY region_level
        ORDER BY min({level_rank()})""")]
    year_min, year_max = fetch_rows(con, "SELECT min(year), max(year) FROM targets")[0]
    documents = fetch_df(con, f"""
        SELECT d.doc_id, l.region_label AS region, d.region_code, d.region_level, d.plan_year, d.title
        FROM documents d JOIN region_labels l USING (region_code)
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id""")
    documents["label"] = [doc_label(r, t) for r, t in zip(documents["region"], documents["title"])]
    return {
        "regions": regions, "region_labels": dict(region_rows), "levels": levels,
        "year_min": year_min, "year_max": year_max, "documents": documents,
    }


# -- 总览 -------------------------------------------------------------------------------------
def overview_kpis(con: Con, filters: Filters) -> dict:
    """Documents and regions in view, targets, baselines and the share of targets with a number."""
    dw, dp = filters.documents_where("d")
    n_documents, n_regions = fetch_rows(
        con, f"SELECT count(*), count(DISTINCT region_code) FROM documents d WHERE {dw}", dp)[0]
    tw, tp = filters.targets_where("t")
    n_targets, n_baselines, n_quantified = fetch_rows(con, f"""
        SELECT count(*) FILTER (WHERE t.role = 'target'),
               count(*) FILTER (WHERE t.role = 'baseline'),
               count(*) FILTER (WHERE t.role = 'target' AND {_QUANTIFIED.format(a='t')})
        FROM targets t WHERE {tw}""", tp)[0]
    return {
        "n_documents": n_documents, "n_regions": n_regions, "n_targets": n_targets,
        "n_baselines": n_baselines, "n_quantified": n_quantified,
        "share_quantified": (n_quantified / n_targets) if n_targets else None,
    }


def theme_region_matrix(con: Con, filters: Filters) -> pd.DataFrame:
    """Targets per theme and region (long form: theme, region, n_targets, grouping).

    With more regions in view than MAX_REGION_COLUMNS the `region` column holds provinces and
    `grouping` says "province".
    """
    grouping = region_grouping(con, filters)
    cw, cp = filters.theme_counts_where("c")
    theme_condition, theme_params = _chosen_themes_condition(filters, "c.theme")
    if grouping == "province":
        return fetch_df(con, f"""
            SELECT c.theme, c.province AS region, sum(c.n)::BIGINT AS n_targets, 'province' AS grouping
            FROM target_theme_counts c
            WHERE {cw} AND c.role = 'target' AND {theme_condition}
            GROUP BY c.theme, c.province ORDER BY c.theme, region""", cp + theme_params)
    return fetch_df(con, f"""
        SELECT c.theme, any_value(l.region_label) AS region, c.region_code,
               sum(c.n)::BIGINT AS n_targets, 'region' AS grouping
        FROM target_theme_counts c JOIN region_labels l USING (region_code)
        WHERE {cw} AND c.role = 'target' AND {theme_condition}
        GROUP BY c.theme, c.region_code ORDER BY c.theme, c.region_code""", cp + theme_params)


def document_list(con: Con, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Documents in view with their targets and baselines under the filters; the first `limit`
    of them in list order when given (rows are counted for those only)."""
    dw, dp = filters.documents_where("d")
    tw, tp = filters.targets_where("t")
    limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
    order = f"ORDER BY {level_rank()}, region_code, plan_year DESC, doc_id"
    return fetch_df(con, f"""
        WITH listed AS (
            SELECT d.doc_id, l.region_label AS region, d.region_code, d.region_level, d.plan_year,
                   d.horizon_year, d.doc_type, d.title, d.issuer, d.date, d.url
            FROM documents d JOIN region_labels l USING (region_code) WHERE {dw} {order} {limit_sql}),
        counts AS (
            SELECT t.doc_id, count(*) FILTER (WHERE t.role = 'target') AS n_targets,
                   count(*) FILTER (WHERE t.role = 'baseline') AS n_baselines
            FROM targets t WHERE {tw} AND t.doc_id IN (SELECT doc_id FROM listed)
            GROUP BY t.doc_id)
        SELECT listed.*, COALESCE(counts.n_targets, 0) AS n_targets,
               COALESCE(counts.n_baselines, 0) AS n_baselines
        FROM listed LEFT JOIN counts USING (doc_id)
        {order}""", dp + tp)


def document_choices(con: Con, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The documents in view, in the order of the document list, without counting their rows."""
    dw, dp = filters.documents_where("d")
    limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
    return fetch_df(con, f"""
        SELECT d.doc_id, l.region_label AS region, d.title
        FROM documents d JOIN region_labels l USING (region_code) WHERE {dw}
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id{limit_sql}""", dp)


# -- 目标轨迹 ----------------------------------------------------------------------------------
def indicator_list(con: Con, filters: Filters) -> pd.DataFrame:
    """Indicators under the filters, qualitative-only ones included (shown as statements).

    `n_changing_regions` counts the regions where a numeric target differs from its baseline
    (the pairing change_required draws): those indicators come first, the ones most regions
    state first among them, so the first indicator offered is never a flat line.
    """
    changing_sql, changing_params = _changing_regions(filters)
    order = """ORDER BY n_changing_regions > 0 DESC, n_regions DESC,
                 n_baselines + n_targets DESC, indicator_label"""
    if filters == Filters():
        # Counted once when the data was written (store.database.INDICATOR_SUMMARY_SQL).
        return fetch_df(con, f"""
            WITH {changing_sql}
            SELECT s.*, COALESCE(c.n_changing_regions, 0) AS n_changing_regions
            FROM indicator_summary s LEFT JOIN changing c USING (indicator_key) {order}""",
                        changing_params)
    tw, tp = filters.targets_where("t")
    return fetch_df(con, f"""
        WITH {changing_sql},
        listed AS (
            SELECT {_key()} AS indicator_key, min({_label()}) AS indicator_label,
                   string_agg(DISTINCT t.unit, '、' ORDER BY t.unit) AS units,
                   count(*) FILTER (WHERE t.role = 'baseline' AND {_NUMERIC}) AS n_baselines,
                   count(*) FILTER (WHERE t.role = 'target' AND {_NUMERIC}) AS n_targets,
                   count(*) FILTER (WHERE NOT {_NUMERIC}) AS n_statements,
                   count(DISTINCT t.region_code) AS n_regions
            FROM targets t WHERE {tw}
            GROUP BY indicator_key)
        SELECT listed.*, COALESCE(c.n_changing_regions, 0) AS n_changing_regions
        FROM listed LEFT JOIN changing c USING (indicator_key) {order}""", changing_params + tp)


def _changing_regions(filters: Filters) -> tuple[str, list]:
    """A `changing` CTE: per indicator, the regions with a target that differs from the
    baseline change_required pairs it with (baselines looked up whatever the role filter)."""
    tw, tp = filters.targets_where("t")
    bw, bp = replace(filters, roles=()).targets_where("t")
    level = "t.value IS NOT NULL AND t.kind IN ('level', 'count', 'rank')"
    return f"""
        tg AS (SELECT {_key()} AS indicator_key, t.target_id, t.region_code, t.doc_id, t.unit,
                      t.year, t.value FROM targets t
               WHERE {tw} AND t.role = 'target' AND {level}),
        bl AS (SELECT {_key()} AS indicator_key, t.target_id, t.region_code, t.doc_id, t.unit,
                      t.year, t.plan_year, t.value FROM targets t
               WHERE {bw} AND t.role = 'baseline' AND {level}),
        paired AS (
            SELECT tg.indicator_key, tg.region_code, tg.value <> bl.value AS changes,
                   row_number() OVER (PARTITION BY tg.target_id
                       ORDER BY bl.doc_id = tg.doc_id DESC, bl.year DESC, bl.plan_year DESC,
                                bl.target_id) AS pick
            FROM tg JOIN bl ON bl.indicator_key = tg.indicator_key
              AND bl.region_code = tg.region_code AND bl.unit = tg.unit AND bl.year < tg.year),
        changing AS (
            SELECT indicator_key, count(DISTINCT region_code) AS n_changing_regions
            FROM paired WHERE pick = 1 AND changes GROUP BY indicator_key)""", tp + bp


def default_indicator(indicators: pd.DataFrame) -> str | None:
    """The indicator a page opens on: the first listed (most regions first) with a baseline
    and a target that differs from it; else one with a baseline and a numeric target; else
    the first listed."""
    if indicators.empty:
        return None
    changing = indicators.get("n_changing_regions", pd.Series(0, index=indicators.index)) > 0
    with_baseline = (indicators["n_baselines"] >= 1) & (indicators["n_targets"] >= 1)
    for chosen in (changing, with_baseline):
        if chosen.any():
            return indicators.loc[chosen, "indicator_key"].iloc[0]
    return indicators["indicator_key"].iloc[0]


def trajectory(con: Con, filters: Filters, indicator_key: str,
               max_series: int | None = None) -> pd.DataFrame:
    """Every value stated for one indicator, by region, document and year (qualitative
    statements and full-coverage commitments included; the chart shows them as annotations).

    With `max_series`, only the region/document series with the most values (as many as the
    chart draws) are returned, and `n_series` says how many there are in all.
    """
    tw, tp = filters.targets_where("t")
    columns = f"""t.region_label AS region, t.region_level, t.doc_id, t.doc_title, t.plan_year, t.year, t.role,
               t.value, t.value_high, t.unit, t.comparator, t.kind, t.value_text,
               t.source_text, t.direction, t.nature, t.origin, {_label()} AS indicator_label,
               t.target_id"""
    order = "ORDER BY t.region_code, t.doc_id, t.year, t.role = 'target', t.target_id"
    if max_series is None:
        return fetch_df(con, f"SELECT {columns} FROM targets t WHERE {tw} AND {_key()} = ? {order}",
                        tp + [indicator_key])
    return fetch_df(con, f"""
        WITH series AS (
            SELECT t.region_code, t.doc_id, count(*) AS n FROM targets t
            WHERE {tw} AND {_key()} = ? GROUP BY t.region_code, t.doc_id),
        drawn AS (SELECT region_code, doc_id FROM series ORDER BY n DESC, region_code, doc_id
                  LIMIT {int(max_series)})
        SELECT {columns}, (SELECT count(*) FROM series) AS n_series
        FROM targets t SEMI JOIN drawn USING (region_code, doc_id)
        WHERE {tw} AND {_key()} = ? {order}""", tp + [indicator_key] + tp + [indicator_key])


def target_years(con: Con, filters: Filters, indicator_key: str) -> list[int]:
    """The years an indicator has targets for under the filters."""
    tw, tp = filters.targets_where("t")
    return [int(y) for (y,) in fetch_rows(con, f"""
        SELECT DISTINCT t.year FROM targets t
        WHERE {tw} AND {_key()} = ? AND t.role = 'target' AND t.year IS NOT NULL
        ORDER BY t.year""", tp + [indicator_key])]


def change_required(con: Con, filters: Filters, indicator_key: str) -> pd.DataFrame:
    """For each target: its baseline, the change it asks for, and whether the baseline already meets it.

    The baseline is the latest one before the target year in the same region and unit, from the
    same document when it has one. Baselines are looked up whatever the role filter says.
    Direction comes from the dictionary, else from the comparator (≥ means higher is better).
    """
    tw, tp = replace(filters, roles=()).targets_where("t")
    return fetch_df(con, f"""
        WITH rows AS (
            SELECT t.target_id, t.region_code, t.region_label AS region, t.doc_id, t.doc_title,
                   t.year, t.plan_year, t.role,
                   t.value, t.value_high, t.comparator, t.unit, t.value_text, t.source_text,
                   t.direction
            FROM targets t
            WHERE {tw} AND {_key()} = ? AND t.value IS NOT NULL
              AND t.kind IN ('level', 'count', 'rank')),
        tg AS (SELECT * FROM rows WHERE role = 'target'),
        bl AS (SELECT * FROM rows WHERE role = 'baseline'),
        pairs AS (
            SELECT tg.target_id, tg.region_code, tg.region, tg.doc_id, tg.doc_title, tg.year AS target_year,
                   tg.value AS target_value, tg.value_high, tg.comparator, tg.unit,
                   tg.value_text, tg.source_text,
                   COALESCE(tg.direction, CASE WHEN tg.comparator IN ('>=', '>') THEN 'up'
                                               WHEN tg.comparator IN ('<=', '<') THEN 'down' END)
                       AS direction,
                   bl.year AS baseline_year, bl.value AS baseline_value,
                   bl.value_text AS baseline_text, bl.doc_title AS baseline_doc_title,
                   row_number() OVER (PARTITION BY tg.target_id
                       ORDER BY bl.doc_id = tg.doc_id DESC, bl.year DESC, bl.plan_year DESC,
                                bl.target_id) AS pick
            FROM tg LEFT JOIN bl
              ON bl.region_code = tg.region_code AND bl.unit = tg.unit AND bl.year < tg.year)
        SELECT target_id, region, doc_id, doc_title, baseline_year, baseline_value,
               baseline_text, baseline_doc_title, target_year, target_value, value_high, comparator, unit,
               value_text, direction,
               round(target_value - baseline_value, 6) AS change_abs,
               round((target_value - baseline_value) / (target_year - baseline_year), 6)
                   AS change_per_year,
               CASE WHEN baseline_value IS NULL THEN 'no_baseline'
                    WHEN direction = 'up' AND baseline_value >= target_value THEN 'already_met'
                    WHEN direction = 'down' AND baseline_value <= target_value THEN 'already_met'
                    WHEN direction IS NULL THEN 'unknown'
                    ELSE 'to_improve' END AS status,
               source_text
        FROM pairs WHERE pick = 1
        ORDER BY region_code, doc_id, target_year, target_id""", tp + [indicator_key])


# -- 主题覆盖 ----------------------------------------------------------------------------------
def theme_coverage(con: Con, filters: Filters, by: str = "region") -> pd.DataFrame:
    """Per theme and region (by="region") or document (by="document"):
    clauses addressing the theme, how many carry a number, targets quantifying the theme,
    and the theme's share of all clauses of that region or document.

    By region with more regions than MAX_REGION_COLUMNS, the groups are provinces; by document
    with more documents than MAX_DOCUMENT_COLUMNS, the documents with the most clauses are kept.
    `grouping` says which ("region", "province" or "document").
    """
    grouping = region_grouping(con, filters) if by == "region" else by
    group, group_label, group_order = _group_columns(grouping)
    # Clause filters other than theme and "only quantified" are about the document, so the
    # per-document clause counts (clause_theme_counts, clause_totals) answer them.
    dw, dp = filters.documents_where("d", with_themes=False)
    counted = "n_quantified_clauses" if filters.quantified_only else "n_clauses"
    tw, tp = filters.theme_counts_where("c")
    theme_condition, theme_params = _chosen_themes_condition(filters, "theme")
    limit = MAX_DOCUMENT_COLUMNS if grouping == "document" else "ALL"
    # Documents past the limit are dropped by the join with totals; skip counting them at all.
    kept = "{a}.doc_id IN (SELECT grp FROM totals)" if grouping == "document" else "TRUE"
    frame = fetch_df(con, f"""
        WITH totals AS (
            SELECT {group} AS grp, sum(ct.{counted}) AS n_all_clauses
            FROM clause_totals ct JOIN documents d USING (doc_id)
                 JOIN region_labels l USING (region_code) WHERE {dw}
            GROUP BY grp HAVING sum(ct.{counted}) > 0
            ORDER BY n_all_clauses DESC, grp LIMIT {limit}),
        cl_counts AS (
            SELECT ct.theme, {group} AS grp, any_value({group_label}) AS grp_label,
                   min({group_order}) AS grp_order,
                   sum(ct.{counted}) AS n_clauses,
                   sum(ct.n_quantified_clauses) AS n_quantified_clauses,
                   sum(ct.{counted} - ct.n_quantified_clauses) AS n_qualitative_clauses
            FROM clause_theme_counts ct JOIN documents d USING (doc_id)
                 JOIN region_labels l USING (region_code)
            WHERE {dw} AND {theme_condition.replace('theme', 'ct.theme')} AND {kept.format(a='ct')}
            GROUP BY ct.theme, grp HAVING sum(ct.{counted}) > 0),
        tg AS (
            SELECT c.theme, {group.replace('d.', 'c.')} AS grp, sum(c.n) AS n_targets
            FROM target_theme_counts c
            WHERE {tw} AND c.role = 'target' AND c.quantified
              AND {theme_condition.replace('theme', 'c.theme')} AND {kept.format(a='c')}
            GROUP BY c.theme, grp)
        SELECT cl_counts.theme, cl_counts.grp AS "group", cl_counts.grp_label AS group_label,
               cl_counts.n_clauses::BIGINT AS n_clauses,
               cl_counts.n_quantified_clauses::BIGINT AS n_quantified_clauses,
               cl_counts.n_qualitative_clauses::BIGINT AS n_qualitative_clauses,
               COALESCE(tg.n_targets, 0)::BIGINT AS n_targets,
               totals.n_all_clauses::BIGINT AS n_all_clauses,
               round(cl_counts.n_clauses / totals.n_all_clauses, 6) AS share,
               '{grouping}' AS grouping
        FROM cl_counts
        JOIN totals USING (grp)
        LEFT JOIN tg ON tg.theme = cl_counts.theme AND tg.grp = cl_counts.grp
        ORDER BY cl_counts.theme, cl_counts.grp_order, cl_counts.grp_label""",
        dp + dp + theme_params + tp + theme_params)
    return _distinct_group_labels(frame)


def _distinct_group_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Two plans of one region may share a title (yearly work points often do): their columns
    would merge, so such labels get the document id added."""
    if frame.empty:
        return frame
    labels = frame.drop_duplicates("group").set_index("group")["group_label"]
    shared = labels[labels.duplicated(keep=False)]
    if shared.empty:
        return frame
    frame = frame.copy()
    mask = frame["group"].isin(shared.index)
    frame.loc[mask, "group_label"] = frame.loc[mask, "group_label"] + "（" + frame.loc[mask, "group"] + "）"
    return frame


def clauses_for_cell(con: Con, filters: Filters, theme: str, by: str, group: str) -> pd.DataFrame:
    """Clauses of one theme in one region, province or document (a heatmap cell), in document order."""
    cw, cp = filters.clauses_where("c", "d")
    # Clauses carry their document's region and province (store.database): the cell's condition
    # goes to the clauses scan itself.
    column = {"region": "c.region_code", "province": "c.province", "document": "c.doc_id"}[by]
    return fetch_df(con, f"""
        SELECT c.region_label AS region, d.title AS doc_title, c.section, c.clause, c.clause_title,
               c.text, c.n_targets, c.n_quantified, c.clause_id, c.doc_id
        FROM clauses c JOIN documents d USING (doc_id)
        WHERE {column} = ? AND list_contains(c.themes, ?) AND {cw}
        ORDER BY c.region_code, d.doc_id, c.span_start LIMIT {CELL_ROWS}""", [group, theme] + cp)


def targets_for_cell(con: Con, filters: Filters, theme: str, by: str, group: str) -> pd.DataFrame:
    """Values of one theme in one region or document."""
    group_expr = _group_columns(by)[0].replace("d.", "t.")
    return detail_rows(con, filters, extra=(f"list_contains(t.themes, ?) AND {group_expr} = ?",
                                            [theme, group]), limit=CELL_ROWS)


# -- 城市对比 ----------------------------------------------------------------------------------
def cross_city(con: Con, filters: Filters, indicator_key: str, year: int | None = None) -> pd.DataFrame:
    """One target per region for an indicator: the given year's, else the latest one.

    When a plan states the same year twice (text and indicator table), the table's figure wins.
    """
    tw, tp = filters.targets_where("t")
    year_condition, year_params = ("t.year = ?", [int(year)]) if year is not None else ("TRUE", [])
    return fetch_df(con, f"""
        WITH ranked AS (
            SELECT t.*, row_number() OVER (PARTITION BY t.region_code
                ORDER BY t.year DESC, t.plan_year DESC, t.origin = 'table' DESC, t.target_id) AS pick
            FROM targets t
            WHERE {tw} AND {_key()} = ? AND t.role = 'target' AND t.value IS NOT NULL
              AND {year_condition})
        SELECT region_label AS region, region_code, region_level, parent_region, doc_id, doc_title,
               year, value, value_high, comparator, unit, kind, value_text, source_text, direction,
               indicator_label
        FROM ranked WHERE pick = 1
        ORDER BY value DESC, region_code""", tp + [indicator_key] + year_params)


def cross_city_not_drawn(con: Con, filters: Filters, indicator_key: str,
                         year: int | None = None) -> pd.DataFrame:
    """Regions stating the indicator under the filters that get no bar from cross_city, and why.

    `reason`: "other_year" (numeric targets, none for `year`), "qualitative" (targets with no
    number) or "baseline_only"; `target_years`, `statements` and `baseline_text` say more.
    """
    tw, tp = filters.targets_where("t")
    in_year, year_params = ("t.year = ?", [int(year)]) if year is not None else ("TRUE", [])
    numeric_target = "t.role = 'target' AND t.value IS NOT NULL"
    return fetch_df(con, f"""
        WITH stated AS (
            SELECT t.region_code, any_value(t.region_label) AS region,
                   min({level_rank('t')}) AS level_rank,
                   count(*) FILTER (WHERE {numeric_target} AND {in_year}) AS n_drawn,
                   list(DISTINCT t.year ORDER BY t.year) FILTER (WHERE {numeric_target}) AS target_years,
                   list(DISTINCT t.value_text::VARCHAR ORDER BY t.value_text::VARCHAR)
                       FILTER (WHERE t.role = 'target' AND t.value IS NULL) AS statements,
                   arg_max(t.year || '年：' || t.value_text::VARCHAR, t.year)
                       FILTER (WHERE t.role = 'baseline') AS baseline_text
            FROM targets t WHERE {tw} AND {_key()} = ?
            GROUP BY t.region_code)
        SELECT region, region_code,
               CASE WHEN COALESCE(len(target_years), 0) > 0 THEN 'other_year'
                    WHEN COALESCE(len(statements), 0) > 0 THEN 'qualitative'
                    ELSE 'baseline_only' END AS reason,
               COALESCE(target_years, []) AS target_years, COALESCE(statements, []) AS statements,
               baseline_text
        FROM stated WHERE n_drawn = 0
        ORDER BY level_rank, region_code""", year_params + tp + [indicator_key])


def target_sources(con: Con, filters: Filters, indicator_key: str | None = None,
                   role: str | None = None, mapped_only: bool = False,
                   limit: int = 3) -> pd.DataFrame:
    """The documents the values of a chart come from: the first `limit` in reading order
    (`doc_id`, `region`, `doc_title`) and their number in all (`n_documents`)."""
    tw, tp = filters.targets_where("t")
    conditions, params = [tw], list(tp)
    if indicator_key is not None:
        conditions.append(f"{_key()} = ?")
        params.append(indicator_key)
    if role is not None:
        conditions.append("t.role = ?")
        params.append(role)
    if mapped_only:
        conditions.append("t.indicator_id IS NOT NULL")
    return fetch_df(con, f"""
        WITH used AS (SELECT DISTINCT t.doc_id FROM targets t WHERE {' AND '.join(conditions)})
        SELECT d.doc_id, l.region_label AS region, d.title AS doc_title,
               (SELECT count(*) FROM used) AS n_documents
        FROM documents d SEMI JOIN used USING (doc_id) JOIN region_labels l USING (region_code)
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id LIMIT {int(limit)}""", params)


def sources_in_view(con: Con, filters: Filters, limit: int = 3) -> pd.DataFrame:
    """The documents in view (charts that count clauses read every one of them), in the shape
    of target_sources."""
    dw, dp = filters.documents_where("d")
    return fetch_df(con, f"""
        SELECT d.doc_id, l.region_label AS region, d.title AS doc_title,
               count(*) OVER () AS n_documents
        FROM documents d JOIN region_labels l USING (region_code) WHERE {dw}
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id LIMIT {int(limit)}""", dp)


def presence_matrix(con: Con, filters: Filters) -> pd.DataFrame:
    """Which region states which (dictionary) indicator: rows, the latest value as printed, and
    the latest numeric target ranked against the other regions' (rank_against_direction).

    Only the MAX_PRESENCE_INDICATORS indicators stated by the most regions are kept. With more
    regions than MAX_REGION_COLUMNS, columns are provinces, `n_rows` counts the province's
    regions stating the indicator and `grouping` says "province".
    """
    grouping = region_grouping(con, filters)
    tw, tp = filters.targets_where("t")
    top = f"""
        top AS (SELECT t.indicator_id FROM targets t WHERE {tw} AND t.indicator_id IS NOT NULL
                GROUP BY t.indicator_id
                ORDER BY count(DISTINCT t.region_code) DESC, t.indicator_id LIMIT {MAX_PRESENCE_INDICATORS})"""
    if grouping == "province":
        return fetch_df(con, f"""
            WITH {top}
            SELECT t.indicator_id AS indicator_key, min(t.indicator_name) AS indicator_label,
                   t.province AS region, '省' AS region_level,
                   count(DISTINCT t.region_code) AS n_rows,
                   count(DISTINCT t.region_code) || '个地区' AS latest_text, max(t.year) AS latest_year,
                   'province' AS grouping
            FROM targets t SEMI JOIN top USING (indicator_id) WHERE {tw}
            GROUP BY t.indicator_id, t.province
            ORDER BY indicator_label, region""", tp + tp)
    cells = fetch_df(con, f"""
        WITH {top},
        picked AS (
            SELECT t.indicator_id, t.region_code, t.value, t.value_high, t.unit, t.comparator,
                   t.year, row_number() OVER (PARTITION BY t.indicator_id, t.region_code
                       ORDER BY t.year DESC, t.plan_year DESC, t.origin = 'table' DESC,
                                t.target_id) AS pick
            FROM targets t SEMI JOIN top USING (indicator_id)
            WHERE {tw} AND t.role = 'target' AND t.value IS NOT NULL
              AND t.kind IN ('level', 'count', 'rank', 'full_coverage')),
        cells AS (
            SELECT t.indicator_id, min(t.indicator_name) AS indicator_label,
                   any_value(t.region_label) AS region, t.region_code,
                   any_value(t.region_level) AS region_level, count(*) AS n_rows,
                   arg_max(t.value_text, t.year * 100 + (t.role = 'target')::INTEGER * 10
                           + (t.origin = 'table')::INTEGER) AS latest_text,
                   max(t.year) AS latest_year, any_value(t.direction) AS direction,
                   bool_or(t.role = 'target') AS has_target
            FROM targets t SEMI JOIN top USING (indicator_id) WHERE {tw}
            GROUP BY t.indicator_id, t.region_code)
        SELECT c.indicator_id AS indicator_key, c.indicator_label, c.region, c.region_code,
               c.region_level, c.n_rows, c.latest_text, c.latest_year, c.direction, c.has_target,
               p.value AS target_value, p.value_high AS target_value_high, p.unit AS target_unit,
               p.comparator AS target_comparator, p.year AS target_year, 'region' AS grouping
        FROM cells c LEFT JOIN picked p
          ON p.indicator_id = c.indicator_id AND p.region_code = c.region_code AND p.pick = 1
        ORDER BY c.indicator_label, c.region_code""", tp + tp + tp)
    return rank_against_direction(cells)


def rank_against_direction(cells: pd.DataFrame) -> pd.DataFrame:
    """Each cell's latest numeric target ranked among the regions' targets for the same
    indicator, the dictionary's direction saying which end is better.

    Only indicators whose size does not grow with the region's are ranked (rates, shares,
    per-capita figures, ages, indices, ranks; see _independent_of_size).
    `score` runs from 0 (every other region's target is more demanding) to 1 (none is):
    (regions with a less demanding target + half the ties) / (regions compared - 1). Only
    targets in the indicator's most common unit are compared; a cell with nothing to compare
    (a statement, a baseline only, another unit, the only region) has no score and a
    `compare_note` saying why. `rank` is 1 for the most demanding target.
    """
    out = cells.assign(score=float("nan"), rank=pd.NA, n_compared=0, compare_note="")
    out["rank"] = out["rank"].astype("Int64")
    for _, part in out.groupby("indicator_key", sort=False):
        direction = part["direction"].dropna().iloc[0] if part["direction"].notna().any() else None
        numeric = part[part["target_value"].notna()]
        unit = numeric["target_unit"].value_counts().sort_index().idxmax() if len(numeric) else None
        comparable = numeric[numeric["target_unit"] == unit]
        sized = not _independent_of_size(str(part["indicator_label"].iloc[0]), unit)
        for index, row in part.iterrows():
            out.at[index, "compare_note"] = _why_not_compared(row, unit, len(comparable), direction, sized)
        if direction not in ("up", "down") or len(comparable) < 2 or sized:
            continue
        # The weakest end of a range is what the plan commits to.
        committed = comparable["target_value_high"].fillna(comparable["target_value"]) \
            if direction == "down" else comparable["target_value"]
        better_is_higher = direction == "up"
        for index, value in committed.items():
            others = committed.drop(index)
            less_demanding = (others < value) if better_is_higher else (others > value)
            more_demanding = (others > value) if better_is_higher else (others < value)
            ties = len(others) - int(less_demanding.sum()) - int(more_demanding.sum())
            out.at[index, "score"] = (int(less_demanding.sum()) + 0.5 * ties) / len(others)
            out.at[index, "rank"] = 1 + int(more_demanding.sum())
            out.at[index, "n_compared"] = len(committed)
    return out


# Rates, shares, per-capita figures, ages, indices and ranks can be set side by side across
# regions; a count (中医阁数, 体检人数, 新增托位数) grows with the region's size, so a larger
# count is not a better target and such cells are not coloured.
_RATE_UNITS = {"%", "‰", "/10万", "/万", "/千", "岁"}
_SIZE_FREE_NAME = re.compile(r"^每|人均|率|占比|比例|比重|指数|排名|时间")


def _independent_of_size(label: str, unit: str | None) -> bool:
    return (unit or "") in _RATE_UNITS or bool(_SIZE_FREE_NAME.search(label))


def _why_not_compared(row, unit: str | None, n_comparable: int, direction: str | None,
                      sized: bool = False) -> str:
    if pd.isna(row["target_value"]):
        return "只有基线，没有目标" if not row["has_target"] else "只有定性表述，没有数值目标"
    if sized:
        return "数量多少与地区规模有关，不比较好坏"
    if row["target_unit"] != unit:
        return f"单位（{row['target_unit'] or '无'}）与其他地区（{unit or '无'}）不同，不参与比较"
    if direction not in ("up", "down"):
        return "指标方向未定，不比较好坏"
    if n_comparable < 2:
        return "只有该地区提出数值目标，无从比较"
    return ""


# -- 数据明细 ----------------------------------------------------------------------------------
def detail_rows(con: Con, filters: Filters, search: str | None = None,
                extra: tuple[str, list] | None = None, limit: int | None = None) -> pd.DataFrame:
    """The filtered rows (all detail columns), optionally narrowed by a text search.

    `limit` bounds what a page shows; downloads ask for every row.
    """
    where, params = _detail_where(filters, search, extra)
    columns = _DETAIL_SELECT
    if limit is None:
        return fetch_df(con, f"SELECT {columns} FROM targets t WHERE {where} ORDER BY t.list_order",
                        params)
    # Two steps: where the page ends in reading order, from one integer column; then the rows
    # up to there, so the scan reads the wide columns only where those rows are.
    return fetch_df(con, f"""
        SELECT {columns} FROM targets t
        WHERE {where} AND t.list_order <= (
            SELECT max(list_order) FROM (
                SELECT t.list_order FROM targets t WHERE {where}
                ORDER BY t.list_order LIMIT {int(limit)}))
        ORDER BY t.list_order LIMIT {int(limit)}""", params + params)


def detail_row_batches(con: Con, filters: Filters, search: str | None = None,
                       rows_per_batch: int = 20_000):
    """The rows detail_rows gives, in the same order, as DataFrames of at most
    `rows_per_batch` rows (for downloads of any size)."""
    where, params = _detail_where(filters, search, None)
    yield from fetch_batches(con, f"SELECT {_DETAIL_SELECT} FROM targets t WHERE {where} "
                                  "ORDER BY t.list_order", params, rows_per_batch)


def documents_for_selection(con: Con, filters: Filters, search: str | None = None) -> pd.DataFrame:
    """Metadata of the documents the selected rows come from."""
    where, params = _detail_where(filters, search, None)
    return fetch_df(con, f"""
        SELECT doc_id, region, title, issuer, date, url, plan_year FROM documents
        WHERE doc_id IN (SELECT DISTINCT t.doc_id FROM targets t WHERE {where})
        ORDER BY region, plan_year DESC, doc_id""", params)


def detail_count(con: Con, filters: Filters, search: str | None = None) -> int:
    """How many rows the filters and search select."""
    where, params = _detail_where(filters, search, None)
    return int(con.execute(f"SELECT count(*) FROM targets t WHERE {where}", params).fetchall()[0][0])


def _detail_where(filters: Filters, search: str | None, extra: tuple[str, list] | None) -> tuple[str, list]:
    tw, tp = filters.targets_where("t")
    conditions, params = [tw], list(tp)
    if search and search.strip():
        conditions.append(
            "contains(lower(concat_ws(' ', t.indicator, t.indicator_name, t.value_text, "
            "t.source_text, t.doc_title, t.section, t.clause_title, t.region_label)), lower(?))")
        params.append(search.strip())
    if extra:
        conditions.append(extra[0])
        params += extra[1]
    return " AND ".join(conditions), params


# -- 原文对照 ----------------------------------------------------------------------------------
def document(con: Con, doc_id: str) -> dict | None:
    """One document's metadata and its normalised text."""
    frame = fetch_df(con, """
        SELECT doc_id, region, region_level, plan_year, horizon_year, doc_type, title, issuer,
               date, url, text FROM documents WHERE doc_id = ?""", [doc_id])
    return None if frame.empty else frame.iloc[0].to_dict()


# A year printed in the brackets of a document number (嘉政办发〔2024〕5号) is part of the number,
# settled by its shape like the decisions in SETTLED_BY_SHAPE. The build may give it another
# decision (its 〔〕 read as quotes), so the reader checks the shape itself.
_DOCUMENT_NUMBER_YEAR = r"""(regexp_full_match(r.number_text, '(19|20)\d\d')
    AND substr(d.text, r.span_start, 1) IN ('〔', '[', '［', '【')
    AND substr(d.text, r.span_end + 1, 1) IN ('〕', ']', '］', '】'))"""


def document_highlights(con: Con, doc_id: str, filters: Filters | None = None) -> pd.DataFrame:
    """Every number found in the document: the values it yielded and those that yielded none
    (years, dates, document numbers and other numbers settled by their shape left out).

    `in_view` says whether a number falls under the filters: a value by the rows' own filters,
    a number without a value by the themes of the clause it stands in. The reader greys the rest.
    """
    filters = filters or Filters()
    tw, tp = filters.targets_where("t")
    clause_in_view, cp = "TRUE", []
    if filters.themes:
        clause_in_view = """EXISTS (SELECT 1 FROM clauses c WHERE c.doc_id = r.doc_id
            AND r.span_start >= c.span_start AND r.span_end <= c.span_end
            AND list_has_any(c.themes, ?::VARCHAR[]))"""
        cp = [list(filters.themes)]
    return fetch_df(con, f"""
        SELECT t.span_start, t.span_end, 'target' AS mark, t.target_id,
               {_label()} AS indicator_label, t.indicator, t.role, t.year, t.value,
               t.value_high, t.unit, t.comparator, t.kind, t.value_text, t.confidence,
               NULL::VARCHAR AS note, COALESCE(({tw}), FALSE) AS in_view
        FROM targets t WHERE t.doc_id = ?
        UNION ALL
        SELECT r.span_start, r.span_end, 'unmatched' AS mark, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, r.number_text, r.confidence, r.note,
               COALESCE(({clause_in_view}), FALSE) AS in_view
        FROM review r JOIN documents d ON d.doc_id = r.doc_id
        WHERE r.doc_id = ? AND r.reason = 'number_without_target'
          AND (r.decision IS NULL OR NOT list_contains(?::VARCHAR[], r.decision))
          AND NOT COALESCE(CASE WHEN length(r.number_text) = 4 THEN {_DOCUMENT_NUMBER_YEAR} END, FALSE)
        ORDER BY span_start, mark, target_id""",
                    tp + [doc_id] + cp + [doc_id, list(SETTLED_BY_SHAPE)])


def target_row(con: Con, target_id: str, doc_id: str | None = None) -> pd.DataFrame:
    """One row by its id; naming its document lets the scan skip every other document's rows."""
    if doc_id is None:
        return fetch_df(con, f"SELECT {', '.join(DETAIL_COLUMNS)} FROM targets WHERE target_id = ?",
                        [target_id])
    return fetch_df(con, f"SELECT {', '.join(DETAIL_COLUMNS)} FROM targets "
                         "WHERE doc_id = ? AND target_id = ?", [doc_id, target_id])


# -- helpers -----------------------------------------------------------------------------------
def _group_columns(by: str) -> tuple[str, str, str]:
    """The column a heatmap groups by, its label, and its sort key: regions and provinces in
    the official order (level, then GB/T 2260 code), documents by label."""
    if by == "region":
        return "d.region_code", "l.region_label", "lpad(l.level_rank::VARCHAR, 2, '0') || d.region_code"
    if by == "province":
        return "d.province", "d.province", "left(d.region_code, 2)"
    if by == "document":
        label = "l.region_label || '｜' || d.title"
        return "d.doc_id", label, label
    raise ValueError(f"unknown grouping: {by}")


def _chosen_themes_condition(filters: Filters, column: str) -> tuple[str, list]:
    """Restrict unnested themes to the chosen ones, so co-tagged themes do not fill the matrix."""
    if not filters.themes:
        return "TRUE", []
    return f"list_contains(?::VARCHAR[], {column})", [list(filters.themes)]
