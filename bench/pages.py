"""What each dashboard page asks of the data layer for one view, and the filters an official
typically sets (the three featured themes, a few regions, a year range, cities only).

`page_queries` runs a page's board.queries functions in the order the page calls them, so one
call is one uncached page view.
"""
from __future__ import annotations

import time

from board import charts, exports, queries
from board.filters import Filters
from board.labels import theme_order
from store import paths

THEME_ORDER = theme_order(paths.THEMES_FILE)

PAGES = ["overview", "trajectory", "coverage", "compare", "details", "reader"]


def typical_filters(regions: list[str]) -> dict[str, Filters]:
    """Named filter sets; `regions` are a few regions of one province (from the data)."""
    return {
        "none": Filters(),
        "中医药": Filters(themes=("中医药",)),
        "一老一小": Filters(themes=("一老一小",)),
        "疾控": Filters(themes=("疾控",)),
        "regions": Filters(regions=tuple(regions)),
        "2025-2027": Filters(year_min=2025, year_max=2027),
        "疾控+cities+quantified": Filters(themes=("疾控",), levels=("市",), quantified_only=True),
        "一老一小+regions+years": Filters(themes=("一老一小",), regions=tuple(regions),
                                     year_min=2024, year_max=2030),
    }


def sidebar(con) -> dict:
    """What the shared sidebar asks on every page (cached by the app after the first view)."""
    return queries.filter_options(con)


def page_queries(page: str, con, filters: Filters) -> dict:
    """Run one page's queries; return per query the rows that came back, the milliseconds and
    the CPU milliseconds of the process (every DuckDB thread: the work, whatever else runs)."""
    sizes = {}

    def run(name, *args):
        start, cpu = time.perf_counter(), time.process_time()
        result = getattr(queries, name)(con, *args)
        elapsed_ms = round((time.perf_counter() - start) * 1000, 1)
        cpu_ms = round((time.process_time() - cpu) * 1000, 1)
        rows = len(result) if hasattr(result, "__len__") else 1
        key = name if name not in sizes else f"{name}#2"
        sizes[key] = {"rows": rows, "ms": elapsed_ms, "cpu_ms": cpu_ms}
        return result

    if page == "overview":
        run("overview_kpis", filters)
        run("theme_region_matrix", filters)
        run("target_sources", filters, None, "target")
        run("document_list", filters, queries.LISTED_DOCUMENTS)
    elif page in ("trajectory", "compare"):
        indicators = run("indicator_list", filters)
        if page == "trajectory":
            key = queries.default_indicator(indicators)
            if key is not None:
                run("trajectory", filters, key, charts.MAX_SERIES_DRAWN)
                run("change_required", filters, key)
        else:
            stated = indicators[indicators["n_targets"] > 0].sort_values(
                ["n_regions", "n_targets"], ascending=False, kind="stable")
            if not stated.empty:
                key = stated["indicator_key"].iloc[0]
                run("target_years", filters, key)
                run("cross_city", filters, key, None)
                run("cross_city_not_drawn", filters, key, None)
                run("presence_matrix", filters)
                run("target_sources", filters, None, None, True)
    elif page == "coverage":
        coverage = run("theme_coverage", filters, "region")
        if not coverage.empty:
            run("sources_in_view", filters)
            # The cell the page opens on: the first theme in taxonomy order, its first column.
            present = set(coverage["theme"])
            theme = next((t for t in THEME_ORDER if t in present), sorted(present)[0])
            group, grouping = coverage["group"].iloc[0], coverage["grouping"].iloc[0]
            run("clauses_for_cell", filters, theme, grouping, group)
            run("targets_for_cell", filters, theme, grouping, group)
            run("theme_coverage", filters, "document")
    elif page == "details":
        total = run("detail_count", filters, None)
        run("detail_rows", filters, None, None, queries.DETAIL_PAGE_ROWS)
        if total <= exports.EAGER_DOWNLOAD_ROWS:
            # Small views make their download files with the page (larger ones on click).
            run("detail_rows", filters, None)
            run("documents_for_selection", filters, None)
    elif page == "reader":
        documents = run("document_choices", filters, queries.LISTED_DOCUMENTS + 1)
        if not documents.empty:
            doc_id = documents["doc_id"].iloc[0]
            run("document", doc_id)
            highlights = run("document_highlights", doc_id, filters)
            # The number the page opens on: the first under the filters.
            shown = highlights[highlights["in_view"]]
            if not shown.empty and shown["mark"].iloc[0] == "target":
                run("target_row", shown["target_id"].iloc[0], doc_id)
    else:
        raise ValueError(f"unknown page: {page}")
    return sizes
