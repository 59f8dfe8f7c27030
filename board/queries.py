"""One query per page need. Each takes (con, filters, ...) and filters in SQL.

Indicators are keyed by their canonical id, or by the indicator as written when the
dictionary did not map it (`indicator_key`), so unmapped values stay reachable.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import duckdb
import pandas as pd

from board.filters import Filters
from board.labels import UNQUANTIFIED_KINDS, technical_last
from store.connection import fetch_batches, fetch_df, fetch_rows
from store.fields import SETTLED_BY_SHAPE
from store.relations import LEVEL_KINDS_SQL, level_rank, region_order  # one reading order: levels, then codes

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


def _theme_sets(con: Con, filters: Filters) -> tuple[str, ...] | None:
    """The codes of the theme lists (store.relations' theme_sets) holding a chosen theme, for
    Filters.theme_sets_where; None without a theme filter. Looked up once per query: a lookup
    written into each condition as a subquery costs more to plan than to run."""
    if not filters.themes:
        return None
    return tuple(code for (code,) in fetch_rows(
        con, "SELECT theme_set::VARCHAR FROM theme_sets WHERE "
             + " OR ".join("list_contains(themes, ?)" for _ in filters.themes), list(filters.themes)))


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
        SELECT d.doc_id, d.region_label AS region, d.region_code, d.region_level, d.plan_year, d.title
        FROM documents d
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
    sets = _theme_sets(con, filters)
    cw, cp = filters.theme_sets_where("c", sets, counted=True)
    # One query: the documents, and the targets as counted by store.relations' target_counts.
    n_documents, n_regions, n_targets, n_baselines, n_quantified = fetch_rows(con, f"""
        WITH docs AS (SELECT count(*) AS n_documents, count(DISTINCT region_code) AS n_regions
                      FROM documents d WHERE {dw}),
        counted AS (
            SELECT COALESCE(sum(c.n) FILTER (WHERE c.role = 'target'), 0)::BIGINT,
                   COALESCE(sum(c.n) FILTER (WHERE c.role = 'baseline'), 0)::BIGINT,
                   COALESCE(sum(c.n) FILTER (WHERE c.role = 'target' AND c.quantified), 0)::BIGINT
            FROM target_counts c WHERE {cw})
        SELECT * FROM docs, counted""", dp + cp)[0]
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
        SELECT c.theme, any_value(c.region_label) AS region, c.region_code,
               sum(c.n)::BIGINT AS n_targets, 'region' AS grouping
        FROM target_theme_counts c
        WHERE {cw} AND c.role = 'target' AND {theme_condition}
        GROUP BY c.theme, c.region_code ORDER BY c.theme, c.region_code""", cp + theme_params)


def document_list(con: Con, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Documents in view with their targets and baselines under the filters; the first `limit`
    of them in list order when given (rows are counted for those only)."""
    dw, dp = filters.documents_where("d")
    cw, cp = filters.theme_sets_where("c", _theme_sets(con, filters), counted=True)
    limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
    order = f"ORDER BY {level_rank()}, region_code, plan_year DESC, doc_id"
    return fetch_df(con, f"""
        WITH listed AS (
            SELECT d.doc_id, d.region_label AS region, d.region_code, d.region_level, d.plan_year,
                   d.horizon_year, d.doc_type, d.title, d.issuer, d.date, d.url
            FROM documents d WHERE {dw} {order} {limit_sql}),
        counts AS (
            SELECT c.doc_id, sum(c.n) FILTER (WHERE c.role = 'target') AS n_targets,
                   sum(c.n) FILTER (WHERE c.role = 'baseline') AS n_baselines
            FROM target_counts c WHERE {cw} AND c.doc_id IN (SELECT doc_id FROM listed)
            GROUP BY c.doc_id)
        SELECT listed.*, COALESCE(counts.n_targets, 0)::BIGINT AS n_targets,
               COALESCE(counts.n_baselines, 0)::BIGINT AS n_baselines
        FROM listed LEFT JOIN counts USING (doc_id)
        {order}""", dp + cp)


def document_choices(con: Con, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The documents in view, in the order of the document list, without counting their rows."""
    dw, dp = filters.documents_where("d")
    limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
    return fetch_df(con, f"""
        SELECT d.doc_id, d.region_label AS region, d.title
        FROM documents d WHERE {dw}
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id{limit_sql}""", dp)


# -- 目标轨迹 ----------------------------------------------------------------------------------
def indicator_list(con: Con, filters: Filters) -> pd.DataFrame:
    """Indicators under the filters, qualitative-only ones included (shown as statements).

    `n_changing_regions` counts the regions where a numeric target differs from its baseline
    (the pairing change_required draws): those indicators come first, the ones most regions
    state first among them, so the first indicator offered is never a flat line.
    """
    stored = _stored_summary(filters)
    if stored is None:
        return counted_indicator_list(con, filters)
    summary, params = stored
    return fetch_df(con, f"""
        SELECT indicator_key, indicator_label, units, n_baselines, n_targets, n_statements,
               n_regions, n_changing_regions
        FROM {summary} {_INDICATOR_ORDER}""", params)


_INDICATOR_ORDER = """ORDER BY n_changing_regions > 0 DESC, n_regions DESC,
                 n_baselines + n_targets DESC, indicator_label, indicator_key"""


def _stored_summary(filters: Filters) -> tuple[str, list] | None:
    """The indicator list counted when the data was written, for the views it covers: no
    filter, or one theme alone (store.relations' indicator_summary, indicator_theme_summary)."""
    if filters == Filters():
        return "indicator_summary", []
    if len(filters.themes) == 1 and replace(filters, themes=()) == Filters():
        return "(SELECT * FROM indicator_theme_summary WHERE theme = ?)", [filters.themes[0]]
    return None


def counted_indicator_list(con: Con, filters: Filters) -> pd.DataFrame:
    """indicator_list counted from the rows, for any filter."""
    n_regions, sets = _region_count(con), _theme_sets(con, filters)
    changing_sql, changing_params = _changing_regions(n_regions, filters, sets)
    rw, rp = filters.theme_sets_where("r", sets, counted=True)
    # Rows counted per part (indicator, unit, baseline/target/statement; store.relations'
    # indicator_parts), then parts summed per indicator: a few thousand small groups.
    return fetch_df(con, f"""
        WITH {changing_sql},
        parts AS (
            SELECT r.part, count(*) AS n, {_region_bits(n_regions, 'r')} AS regions
            FROM {_indicator_rows(filters)} r WHERE {rw} GROUP BY r.part),
        units AS (
            SELECT p.indicator_key, p.unit, min(p.indicator_label) AS indicator_label,
                   sum(n) FILTER (WHERE p.counted_as = 'baseline') AS n_baselines,
                   sum(n) FILTER (WHERE p.counted_as = 'target') AS n_targets,
                   sum(n) FILTER (WHERE p.counted_as = 'statement') AS n_statements,
                   bit_or(regions) AS regions
            FROM parts JOIN indicator_parts p USING (part) GROUP BY p.indicator_key, p.unit),
        listed AS (
            SELECT indicator_key, min(indicator_label) AS indicator_label,
                   string_agg(unit, '、' ORDER BY unit) AS units,
                   COALESCE(sum(n_baselines), 0)::BIGINT AS n_baselines,
                   COALESCE(sum(n_targets), 0)::BIGINT AS n_targets,
                   COALESCE(sum(n_statements), 0)::BIGINT AS n_statements,
                   bit_count(bit_or(regions)) AS n_regions
            FROM units GROUP BY indicator_key)
        SELECT listed.*, COALESCE(c.n_changing_regions, 0) AS n_changing_regions
        FROM listed LEFT JOIN changing c USING (indicator_key) {_INDICATOR_ORDER}""", changing_params + rp)


def _changing_regions(n_regions: int, filters: Filters, sets) -> tuple[str, list]:
    """A `changing` CTE: per indicator, the regions with a target that differs from the
    baseline change_required pairs it with (baselines looked up whatever the role filter)."""
    tw, tp = filters.theme_sets_where("c", sets)
    picked, pp = _picked_baselines(tw, tp, filters, sets, "c.changes",
                                   carried=("indicator_key", "region_index"), candidates="candidate_changes")
    return f"""
        picked AS ({picked}),
        changing AS (
            SELECT indicator_key, {_region_bits(n_regions, 'picked', count=True)} AS n_changing_regions
            FROM picked WHERE picked GROUP BY indicator_key)""", pp


def _indicator_rows(filters: Filters) -> str:
    """indicator_rows laid out for the filters: by region when they name regions or
    documents, else by theme list and year."""
    return "indicator_rows_by_region" if filters.regions or filters.doc_ids else "indicator_rows"


def _region_count(con: Con) -> int:
    return max(1, int(fetch_rows(con, "SELECT count(*) FROM region_labels")[0][0]))


def _region_bits(n_regions: int, alias: str = "t", count: bool = False) -> str:
    """The regions of a group as one bit each (regions are numbered 1…n_regions in
    region_labels), or with `count` how many: count(DISTINCT region_code) with one small state
    per group instead of a hash set, several times faster; bit_or joins groups."""
    bits = f"bitstring_agg({alias}.region_index, 1, {int(n_regions)})"
    return f"COALESCE(bit_count({bits}), 0)" if count else bits


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
    tw, tp = filters.theme_sets_where("t", _theme_sets(con, filters))
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
        drawn AS (SELECT region_code, doc_id, count(*) OVER () AS n_series FROM series
                  ORDER BY n DESC, region_code, doc_id LIMIT {int(max_series)})
        SELECT {columns}, drawn.n_series
        FROM targets t JOIN drawn USING (region_code, doc_id)
        WHERE {tw} AND {_key()} = ? {order}""", tp + [indicator_key] + tp + [indicator_key])


def target_years(con: Con, filters: Filters, indicator_key: str) -> list[int]:
    """The years an indicator has targets for under the filters."""
    tw, tp = filters.theme_sets_where("t", _theme_sets(con, filters))
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
    # Neither the chart nor the table shows the sentence (the heaviest column at national
    # scale), so it is not fetched. The baseline each target is paired with: its best ranked
    # candidate (store.relations' baseline_candidates) that the filters keep.
    sets = _theme_sets(con, filters)
    tw, tp = replace(filters, roles=()).theme_sets_where("t", sets)
    picked, pp = _picked_baselines("c.indicator_key = ? AND c.target_order IN (SELECT list_order FROM tg)",
                                   [indicator_key], filters, sets, "c.baseline")
    return fetch_df(con, f"""
        WITH tg AS (
            SELECT t.target_id, t.list_order, t.region_code, t.region_label AS region, t.doc_id,
                   t.doc_title, t.year, t.value, t.value_high, t.comparator, t.unit, t.value_text,
                   t.direction
            FROM targets t
            WHERE {tw} AND {_key()} = ? AND t.role = 'target' AND t.value IS NOT NULL
              AND t.kind IN {LEVEL_KINDS_SQL}),
        picked AS ({picked}),
        pairs AS (
            SELECT tg.target_id, tg.region_code, tg.region, tg.doc_id, tg.doc_title, tg.year AS target_year,
                   tg.value AS target_value, tg.value_high, tg.comparator, tg.unit,
                   tg.value_text,
                   COALESCE(tg.direction, CASE WHEN tg.comparator IN ('>=', '>') THEN 'up'
                                               WHEN tg.comparator IN ('<=', '<') THEN 'down' END)
                       AS direction,
                   p.picked.year AS baseline_year, p.picked.value AS baseline_value,
                   p.picked.value_text AS baseline_text, p.picked.doc_title AS baseline_doc_title
            FROM tg LEFT JOIN picked p ON p.target_order = tg.list_order)
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
                    ELSE 'to_improve' END AS status
        FROM pairs
        ORDER BY region_code, doc_id, target_year, target_id""", tp + [indicator_key] + pp)


def _picked_baselines(which: str, params: list, filters: Filters, sets, value: str,
                      carried: tuple[str, ...] = (),
                      candidates: str = "baseline_candidates") -> tuple[str, list]:
    """A query of `target_order`, the `carried` columns of the target and `picked` for the
    `candidates` (store.relations' baseline_candidates or candidate_changes, alias c)
    matching `which`: per target, `value` of its best ranked candidate whose baseline the
    filters keep.

    A baseline shares its target's region (so its level) and is always a number: only the
    themes, documents, natures and years can set one aside. Without those the first ranked
    candidate is the pick, and no ranking is needed."""
    baseline_filters = Filters(themes=filters.themes, doc_ids=filters.doc_ids,
                               natures=filters.natures, year_min=filters.year_min,
                               year_max=filters.year_max)
    bw, bp = baseline_filters.theme_sets_where("c.baseline", sets)
    if bw == "TRUE":
        columns = ", ".join(f"c.{c}" for c in ("target_order",) + carried)
        return f"SELECT {columns}, {value} AS picked FROM {candidates} c " \
               f"WHERE {which} AND c.rank = 1", list(params)
    # Grouped by the target's number alone; what it carries is the same on each candidate.
    columns = ", ".join(["c.target_order"] + [f"any_value(c.{c}) AS {c}" for c in carried])
    return f"""SELECT {columns}, arg_min({value}, c.rank) AS picked FROM {candidates} c
               WHERE {which} AND {bw} GROUP BY c.target_order""", params + bp


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
    # The documents in view and their column, chosen once for the clause counts and totals.
    frame = fetch_df(con, f"""
        WITH docs AS (
            SELECT d.doc_id, {group} AS grp, {group_label} AS grp_label, {group_order} AS grp_order
            FROM documents d WHERE {dw}),
        totals AS (
            SELECT docs.grp, sum(ct.{counted}) AS n_all_clauses
            FROM clause_totals ct JOIN docs USING (doc_id)
            GROUP BY docs.grp HAVING sum(ct.{counted}) > 0
            ORDER BY n_all_clauses DESC, docs.grp LIMIT {limit}),
        cl_counts AS (
            SELECT ct.theme, docs.grp, any_value(docs.grp_label) AS grp_label,
                   min(docs.grp_order) AS grp_order,
                   sum(ct.{counted}) AS n_clauses,
                   sum(ct.n_quantified_clauses) AS n_quantified_clauses,
                   sum(ct.{counted} - ct.n_quantified_clauses) AS n_qualitative_clauses
            FROM clause_theme_counts ct JOIN docs USING (doc_id)
            WHERE {theme_condition.replace('theme', 'ct.theme')} AND {kept.format(a='ct')}
            GROUP BY ct.theme, docs.grp HAVING sum(ct.{counted}) > 0),
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
        ORDER BY cl_counts.theme, cl_counts.grp_order, cl_counts.grp_label, cl_counts.grp""",
        dp + theme_params + tp + theme_params)
    return _distinct_group_labels(frame)


def _distinct_group_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Two plans of one region may share a title (yearly work points often do): their columns
    would merge, so such labels get the document id added."""
    if frame.empty:
        return frame
    groups, labels = frame["group"].tolist(), frame["group_label"].tolist()
    first: dict = {}
    for group, label in zip(groups, labels):
        first.setdefault(group, label)
    uses = Counter(first.values())
    shared = {group for group, label in first.items() if uses[label] > 1}
    if not shared:
        return frame
    return frame.assign(group_label=[f"{label}（{group}）" if group in shared else label
                                     for group, label in zip(groups, labels)])


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
    in_theme, theme_params = Filters(themes=(theme,)).theme_sets_where(
        "t", _theme_sets(con, Filters(themes=(theme,))))
    return detail_rows(con, filters, extra=(f"{in_theme} AND {group_expr} = ?", theme_params + [group]),
                       limit=CELL_ROWS)


# -- 城市对比 ----------------------------------------------------------------------------------
def cross_city(con: Con, filters: Filters, indicator_key: str, year: int | None = None) -> pd.DataFrame:
    """One target per region for an indicator: the given year's, else the latest one.

    When a plan states the same year twice (text and indicator table), the table's figure wins.
    """
    tw, tp = filters.theme_sets_where("t", _theme_sets(con, filters))
    year_condition, year_params = ("t.year = ?", [int(year)]) if year is not None else ("TRUE", [])
    # Two steps: each region's pick, by the sort key of the order above (the first row in that
    # order has the least key; no window sorts the rows with all their columns), then the
    # columns of those rows only.
    return fetch_df(con, f"""
        WITH picked AS (
            SELECT arg_min(t.list_order, create_sort_key(
                       t.year, 'DESC NULLS LAST', t.plan_year, 'DESC NULLS LAST',
                       t.origin = 'table', 'DESC NULLS LAST', t.target_id, 'ASC NULLS LAST')) AS list_order
            FROM targets t
            WHERE {tw} AND {_key()} = ? AND t.role = 'target' AND t.value IS NOT NULL
              AND {year_condition}
            GROUP BY t.region_code)
        SELECT region_label AS region, region_code, region_level, parent_region, doc_id, doc_title,
               year, value, value_high, comparator, unit, kind, value_text, source_text, direction,
               indicator_label
        FROM targets t WHERE {_key()} = ? AND t.list_order IN (SELECT list_order FROM picked)
        ORDER BY value DESC, region_code""", tp + [indicator_key] + year_params + [indicator_key])


def cross_city_not_drawn(con: Con, filters: Filters, indicator_key: str,
                         year: int | None = None) -> pd.DataFrame:
    """Regions stating the indicator under the filters that get no bar from cross_city, and why.

    `reason`: "other_year" (numeric targets, none for `year`), "qualitative" (targets with no
    number) or "baseline_only"; `target_years`, `statements` and `baseline_text` say more.
    """
    tw, tp = filters.theme_sets_where("t", _theme_sets(con, filters))
    in_year, year_params = ("t.year = ?", [int(year)]) if year is not None else ("TRUE", [])
    numeric_target = "t.role = 'target' AND t.value IS NOT NULL"
    # The regions with a bar first (one cheap pass), then the lists only for the few without.
    return fetch_df(con, f"""
        WITH drawn AS (
            SELECT DISTINCT t.region_code FROM targets t
            WHERE {tw} AND {_key()} = ? AND {numeric_target} AND {in_year}),
        stated AS (
            SELECT t.region_code, any_value(t.region_label) AS region,
                   min({level_rank('t')}) AS level_rank,
                   list(DISTINCT t.year ORDER BY t.year) FILTER (WHERE {numeric_target}) AS target_years,
                   list(DISTINCT t.value_text::VARCHAR ORDER BY t.value_text::VARCHAR)
                       FILTER (WHERE t.role = 'target' AND t.value IS NULL) AS statements,
                   arg_max(t.year || '年：' || t.value_text::VARCHAR, t.year)
                       FILTER (WHERE t.role = 'baseline') AS baseline_text
            FROM targets t ANTI JOIN drawn USING (region_code) WHERE {tw} AND {_key()} = ?
            GROUP BY t.region_code)
        SELECT region, region_code,
               CASE WHEN COALESCE(len(target_years), 0) > 0 THEN 'other_year'
                    WHEN COALESCE(len(statements), 0) > 0 THEN 'qualitative'
                    ELSE 'baseline_only' END AS reason,
               COALESCE(target_years, []) AS target_years, COALESCE(statements, []) AS statements,
               baseline_text
        FROM stated
        ORDER BY level_rank, region_code""", tp + [indicator_key] + year_params + tp + [indicator_key])


def target_sources(con: Con, filters: Filters, indicator_key: str | None = None,
                   role: str | None = None, mapped_only: bool = False,
                   limit: int = 3) -> pd.DataFrame:
    """The documents the values of a chart come from: the first `limit` in reading order
    (`doc_id`, `region`, `doc_title`) and their number in all (`n_documents`)."""
    sets = _theme_sets(con, filters)
    if indicator_key is None:
        # Any role and mapped or not under the filters: the documents are in target_counts.
        table, (where, params) = "target_counts", filters.theme_sets_where("t", sets, counted=True)
        mapped = "t.mapped"
    else:
        table, (where, params) = "targets", filters.theme_sets_where("t", sets)
        mapped = "t.indicator_id IS NOT NULL"
    conditions, params = [where], list(params)
    if indicator_key is not None:
        conditions.append(f"{_key()} = ?")
        params.append(indicator_key)
    if role is not None:
        conditions.append("t.role = ?")
        params.append(role)
    if mapped_only:
        conditions.append(mapped)
    return fetch_df(con, f"""
        WITH used AS (SELECT DISTINCT t.doc_id FROM {table} t WHERE {' AND '.join(conditions)})
        SELECT d.doc_id, d.region_label AS region, d.title AS doc_title,
               (SELECT count(*) FROM used) AS n_documents
        FROM documents d SEMI JOIN used USING (doc_id)
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id LIMIT {int(limit)}""", params)


def sources_in_view(con: Con, filters: Filters, limit: int = 3) -> pd.DataFrame:
    """The documents in view (charts that count clauses read every one of them), in the shape
    of target_sources."""
    dw, dp = filters.documents_where("d")
    return fetch_df(con, f"""
        SELECT d.doc_id, d.region_label AS region, d.title AS doc_title,
               count(*) OVER () AS n_documents
        FROM documents d WHERE {dw}
        ORDER BY {region_order('d')}, d.plan_year DESC, d.doc_id LIMIT {int(limit)}""", dp)


def presence_matrix(con: Con, filters: Filters) -> pd.DataFrame:
    """Which region states which (dictionary) indicator: rows, the latest value as printed, and
    the latest numeric target ranked against the other regions' (rank_against_direction).

    Only the MAX_PRESENCE_INDICATORS indicators stated by the most regions are kept. With more
    regions than MAX_REGION_COLUMNS, columns are provinces, `n_rows` counts the province's
    regions stating the indicator and `grouping` says "province".
    """
    grouping = region_grouping(con, filters)
    n_regions, sets = _region_count(con), _theme_sets(con, filters)
    tw, tp = filters.theme_sets_where("t", sets)
    stored = _stored_summary(filters)
    if stored is not None:
        summary, params = stored
        top = f"""
            SELECT indicator_key FROM {summary} WHERE n_mapped_regions > 0
            ORDER BY n_mapped_regions DESC, indicator_key::VARCHAR LIMIT {MAX_PRESENCE_INDICATORS}"""
    else:
        # Counted from indicator_rows (see indicator_list); a mapped row's indicator_key is its
        # indicator_id.
        rw, params = filters.theme_sets_where("r", sets, counted=True)
        top = f"""
            SELECT p.indicator_key FROM (
                SELECT r.part, {_region_bits(n_regions, 'r')} AS regions FROM {_indicator_rows(filters)} r
                WHERE {rw} AND r.mapped GROUP BY r.part) JOIN indicator_parts p USING (part)
            GROUP BY p.indicator_key
            ORDER BY bit_count(bit_or(regions)) DESC, p.indicator_key::VARCHAR
            LIMIT {MAX_PRESENCE_INDICATORS}"""
    if grouping == "province":
        # Every region: the top indicators' rows sit together in targets (kept by indicator).
        return fetch_df(con, f"""
            WITH top AS ({top})
            SELECT t.indicator_id AS indicator_key, min(t.indicator_name) AS indicator_label,
                   t.province AS region, '省' AS region_level,
                   {_region_bits(n_regions, count=True)} AS n_rows,
                   {_region_bits(n_regions, count=True)} || '个地区' AS latest_text,
                   max(t.year) AS latest_year, 'province' AS grouping
            FROM targets t SEMI JOIN top USING (indicator_key)
            WHERE t.indicator_id IS NOT NULL AND {tw}
            GROUP BY t.indicator_id, t.province
            ORDER BY indicator_label, region""", params + tp)
    # A few regions: their rows sit together in listed_targets. Which rows, from the filter
    # columns; then the columns of those rows only.
    cells = fetch_df(con, f"""
        WITH top AS ({top}),
        in_top AS (
            SELECT * FROM listed_targets WHERE list_order IN (
                SELECT t.list_order FROM listed_targets t SEMI JOIN top USING (indicator_key)
                WHERE t.indicator_id IS NOT NULL AND {tw})),
        picked AS (
            SELECT t.indicator_id, t.region_code,
                   arg_min(struct_pack(value := t.value, value_high := t.value_high, unit := t.unit,
                                       comparator := t.comparator, year := t.year),
                           create_sort_key(t.year, 'DESC NULLS LAST', t.plan_year, 'DESC NULLS LAST',
                                           t.origin = 'table', 'DESC NULLS LAST',
                                           t.target_id, 'ASC NULLS LAST')) AS target
            FROM in_top t
            WHERE t.role = 'target' AND t.value IS NOT NULL
              AND t.kind IN ('level', 'count', 'rank', 'full_coverage')
            GROUP BY t.indicator_id, t.region_code),
        cells AS (
            SELECT t.indicator_id, min(t.indicator_name) AS indicator_label,
                   any_value(t.region_label) AS region, t.region_code,
                   any_value(t.region_level) AS region_level, count(*) AS n_rows,
                   -- The latest year, a target before a baseline, the table's figure before the
                   -- text's; of two such rows the first by id.
                   arg_min(t.value_text, create_sort_key(
                       t.year, 'DESC NULLS LAST', t.role = 'target', 'DESC NULLS LAST',
                       t.origin = 'table', 'DESC NULLS LAST', t.target_id, 'ASC NULLS LAST'))
                       FILTER (WHERE t.year IS NOT NULL AND t.role IS NOT NULL AND t.origin IS NOT NULL)
                       AS latest_text,
                   max(t.year) AS latest_year, any_value(t.direction) AS direction,
                   bool_or(t.role = 'target') AS has_target
            FROM in_top t
            GROUP BY t.indicator_id, t.region_code)
        SELECT c.indicator_id AS indicator_key, c.indicator_label, c.region, c.region_code,
               c.region_level, c.n_rows, c.latest_text, c.latest_year, c.direction, c.has_target,
               p.target.value AS target_value, p.target.value_high AS target_value_high,
               p.target.unit AS target_unit, p.target.comparator AS target_comparator,
               p.target.year AS target_year, 'region' AS grouping
        FROM cells c LEFT JOIN picked p
          ON p.indicator_id = c.indicator_id AND p.region_code = c.region_code
        ORDER BY c.indicator_label, c.region_code""", params + tp)
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
    # Column arrays and positions: a few hundred cells, each of which pandas' row-by-row
    # access would cost more than the query that found them.
    n = len(cells)
    scores, ranks, n_compared, notes = [float("nan")] * n, [pd.NA] * n, [0] * n, [""] * n
    values, highs = cells["target_value"].tolist(), cells["target_value_high"].tolist()
    units, labels, directions = cells["target_unit"].tolist(), cells["indicator_label"].tolist(), \
        cells["direction"].tolist()
    has_target = cells["has_target"].tolist()
    by_indicator: dict = {}
    for i, key in enumerate(cells["indicator_key"].tolist()):
        if not pd.isna(key):
            by_indicator.setdefault(key, []).append(i)
    for positions in by_indicator.values():
        direction = next((directions[i] for i in positions if not pd.isna(directions[i])), None)
        numeric = [i for i in positions if not pd.isna(values[i])]
        counts = Counter(units[i] for i in numeric if not pd.isna(units[i]))
        # The most common unit; of two as common, the first in sorted order.
        unit = min(u for u, n in counts.items() if n == max(counts.values())) if counts else None
        comparable = [i for i in numeric if unit is not None and units[i] == unit]
        sized = not _independent_of_size(str(labels[positions[0]]), unit)
        for i in positions:
            row = {"target_value": values[i], "has_target": has_target[i], "target_unit": units[i]}
            notes[i] = _why_not_compared(row, unit, len(comparable), direction, sized)
        if direction not in ("up", "down") or len(comparable) < 2 or sized:
            continue
        # The weakest end of a range is what the plan commits to.
        committed = [highs[i] if direction == "down" and not pd.isna(highs[i]) else values[i]
                     for i in comparable]
        better_is_higher = direction == "up"
        for i, value in zip(comparable, committed):
            others = len(committed) - 1
            lower = sum(v < value for v in committed)
            higher = sum(v > value for v in committed)
            less_demanding, more_demanding = (lower, higher) if better_is_higher else (higher, lower)
            ties = others - less_demanding - more_demanding
            scores[i] = (less_demanding + 0.5 * ties) / others
            ranks[i] = 1 + more_demanding
            n_compared[i] = len(committed)
    return cells.assign(score=scores, rank=pd.array(ranks, dtype="Int64"), n_compared=n_compared,
                        compare_note=notes)


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
    where, params = _detail_where(con, filters, search, extra)
    return fetch_df(con, _rows_in_reading_order(where, limit), params)


def detail_row_batches(con: Con, filters: Filters, search: str | None = None,
                       rows_per_batch: int = 20_000):
    """The rows detail_rows gives, in the same order, as DataFrames of at most
    `rows_per_batch` rows (for downloads of any size)."""
    where, params = _detail_where(con, filters, search, None)
    yield from fetch_batches(con, _rows_in_reading_order(where), params, rows_per_batch)


def _rows_in_reading_order(where: str, limit: int | None = None) -> str:
    """The detail columns of the rows of listed_targets (alias t) matching `where`, in reading
    order, the first `limit` of them when given.

    Two steps: which rows, from the filter columns and the reading order alone; then the wide
    columns of those rows only. In one step DuckDB reads every column of every block a filter
    of several values (regions, theme lists) cannot rule out, before filtering."""
    limit_sql = f" ORDER BY t.list_order LIMIT {int(limit)}" if limit is not None else ""
    return f"""
        SELECT {_DETAIL_SELECT} FROM listed_targets t
        WHERE t.list_order IN (SELECT t.list_order FROM listed_targets t WHERE {where}{limit_sql})
        ORDER BY t.list_order"""


def documents_for_selection(con: Con, filters: Filters, search: str | None = None) -> pd.DataFrame:
    """Metadata of the documents the selected rows come from."""
    used, params = _selected_documents(con, filters, search)
    return fetch_df(con, f"""
        SELECT doc_id, region, title, issuer, date, url, plan_year FROM documents
        WHERE doc_id IN ({used})
        ORDER BY region, plan_year DESC, doc_id""", params)


def detail_count(con: Con, filters: Filters, search: str | None = None) -> int:
    """How many rows the filters and search select."""
    if not (search and search.strip()):
        # Without a search the sidebar filters alone decide: summed from target_counts.
        cw, cp = filters.theme_sets_where("c", _theme_sets(con, filters), counted=True)
        return int(fetch_rows(con, f"SELECT COALESCE(sum(c.n), 0) FROM target_counts c WHERE {cw}", cp)[0][0])
    where, params = _detail_where(con, filters, search, None)
    return int(fetch_rows(con, f"SELECT count(*) FROM listed_targets t WHERE {where}", params)[0][0])


def _selected_documents(con: Con, filters: Filters, search: str | None) -> tuple[str, list]:
    """A query of the ids of the documents the filters and search select rows from."""
    if not (search and search.strip()):
        cw, cp = filters.theme_sets_where("c", _theme_sets(con, filters), counted=True)
        return f"SELECT c.doc_id FROM target_counts c WHERE {cw}", cp
    where, params = _detail_where(con, filters, search, None)
    return f"SELECT t.doc_id FROM listed_targets t WHERE {where}", params


def _detail_where(con: Con, filters: Filters, search: str | None,
                  extra: tuple[str, list] | None) -> tuple[str, list]:
    tw, tp = filters.theme_sets_where("t", _theme_sets(con, filters))
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
    frame = fetch_df(con, f"""
        SELECT doc_id, region, region_level, plan_year, horizon_year, doc_type, title, issuer,
               date, url, ({_TEXT_OF_DOCUMENT}) AS text FROM documents WHERE doc_id = ?""",
                     [doc_id, doc_id])
    return None if frame.empty else frame.iloc[0].to_dict()


# The text of one document, joined from its pieces (store.relations' document_texts): a few
# kilobytes read, where the documents table's text column is compressed in large blocks.
_TEXT_OF_DOCUMENT = "SELECT string_agg(piece, '' ORDER BY piece_start) FROM document_texts WHERE doc_id = ?"


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
    # Evaluated on this document's rows only: the themes list is searched directly.
    tw, tp = filters.targets_where("t")
    clause_in_view, cp = "TRUE", []
    if filters.themes:
        clause_in_view = """EXISTS (SELECT 1 FROM clauses c WHERE c.doc_id = r.doc_id
            AND r.span_start >= c.span_start AND r.span_end <= c.span_end
            AND list_has_any(c.themes, ?::VARCHAR[]))"""
        cp = [list(filters.themes)]
    # listed_targets: the document's rows sit together in reading order.
    return fetch_df(con, f"""
        SELECT t.span_start, t.span_end, 'target' AS mark, t.target_id,
               {_label()} AS indicator_label, t.indicator, t.role, t.year, t.value,
               t.value_high, t.unit, t.comparator, t.kind, t.value_text, t.confidence,
               NULL::VARCHAR AS note, COALESCE(({tw}), FALSE) AS in_view
        FROM listed_targets t WHERE t.list_order BETWEEN ? AND ?
        UNION ALL
        SELECT r.span_start, r.span_end, 'unmatched' AS mark, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, r.number_text, r.confidence, r.note,
               COALESCE(({clause_in_view}), FALSE) AS in_view
        FROM review r, ({_TEXT_OF_DOCUMENT}) AS d(text)
        WHERE r.doc_id = ? AND r.reason = 'number_without_target'
          AND (r.decision IS NULL OR NOT list_contains(?::VARCHAR[], r.decision))
          AND NOT COALESCE(CASE WHEN length(r.number_text) = 4 THEN {_DOCUMENT_NUMBER_YEAR} END, FALSE)
        ORDER BY span_start, mark, target_id""",
                    tp + list(_document_rows(con, doc_id)) + cp + [doc_id, doc_id, list(SETTLED_BY_SHAPE)])


def target_row(con: Con, target_id: str, doc_id: str | None = None) -> pd.DataFrame:
    """One row by its id; naming its document lets the scan skip every other document's rows."""
    if doc_id is None:
        return fetch_df(con, f"SELECT {', '.join(DETAIL_COLUMNS)} FROM listed_targets WHERE target_id = ?",
                        [target_id])
    return fetch_df(con, f"SELECT {', '.join(DETAIL_COLUMNS)} FROM listed_targets "
                         "WHERE list_order BETWEEN ? AND ? AND target_id = ?",
                    list(_document_rows(con, doc_id)) + [target_id])


def _document_rows(con: Con, doc_id: str) -> tuple[int, int]:
    """Where a document's rows sit in listed_targets (they sit together in reading order): its
    first and last list_order, from store.relations' document_rows; (0, -1) when it has none.
    A range of one integer column prunes the scan to a block, a document id does not."""
    found = fetch_rows(con, "SELECT first_order, last_order FROM document_rows WHERE doc_id = ?", [doc_id])
    return found[0] if found else (0, -1)


# -- helpers -----------------------------------------------------------------------------------
def _group_columns(by: str) -> tuple[str, str, str]:
    """The column a heatmap groups by, its label, and its sort key: regions and provinces in
    the official order (level, then GB/T 2260 code), documents by label."""
    if by == "region":
        return "d.region_code", "d.region_label", "lpad(d.level_rank::VARCHAR, 2, '0') || d.region_code"
    if by == "province":
        return "d.province", "d.province", "left(d.region_code, 2)"
    if by == "document":
        label = "d.region_label || '｜' || d.title"
        return "d.doc_id", label, label
    raise ValueError(f"unknown grouping: {by}")


def _chosen_themes_condition(filters: Filters, column: str) -> tuple[str, list]:
    """Restrict unnested themes to the chosen ones, so co-tagged themes do not fill the matrix."""
    if not filters.themes:
        return "TRUE", []
    return f"list_contains(?::VARCHAR[], {column})", [list(filters.themes)]
