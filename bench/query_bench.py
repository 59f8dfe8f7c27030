"""(2) Every page's queries at scale through the project's data layer (store.connection.connect +
board.queries), against the same views computed in pandas; each in its own child process.
"""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from bench.measure import percentile_ms, run_in_child
from bench.pages import PAGES, page_queries, sidebar, typical_filters


def sample_regions(data_dir: str, count: int = 3) -> list[str]:
    """A few regions of the province with the most documents (an official's own area)."""
    documents = str(Path(data_dir) / "documents.parquet")
    con = duckdb.connect()
    province = con.execute("SELECT province FROM read_parquet(?) GROUP BY province "
                           "ORDER BY count(*) DESC, province LIMIT 1", [documents]).fetchall()[0][0]
    # Filters hold region codes (names repeat across the country).
    rows = con.execute("SELECT region_code FROM read_parquet(?) WHERE province = ? GROUP BY region_code "
                       "ORDER BY count(*) DESC, region_code LIMIT ?", [documents, province, count]).fetchall()
    return [r for (r,) in rows]


def connect(data_dir: str, layout: str):
    """The project's data layer on one layout of the same data:
    "database" (store.connection.connect: the DuckDB file the build lays out for the dashboard),
    "parquet" (the same layer reading the Parquet files in place, as without that file),
    "hive" (the same layer on the province/year-partitioned copy of the targets)."""
    from store import connection

    if layout == "database":
        from store import database

        if not database.serving_database_is_current(Path(data_dir)):
            raise RuntimeError(f"{data_dir}: no current {database.DATABASE_NAME}; write it first")
        con = connection.connect(data_dir)
    elif layout in ("parquet", "hive"):
        con = connection.connect_parquet(data_dir)
    else:
        raise ValueError(layout)
    con.execute("SET enable_progress_bar = false")
    return con


def duckdb_pages(data_dir: str, regions: list[str], repeats: int, layout: str = "database",
                 pages: list[str] | None = None) -> dict:
    """Runs in a child: each page under each typical filter set, once to warm up, then timed."""
    start = time.perf_counter()
    con = connect(data_dir, layout)
    connect_s = time.perf_counter() - start
    start = time.perf_counter()
    sidebar(con)
    sidebar_s = time.perf_counter() - start
    samples: dict[str, list[float]] = {p: [] for p in pages or PAGES}
    cpu: dict[str, list[float]] = {p: [] for p in samples}
    sizes: dict[str, dict] = {}
    # page -> query -> [(ms, filter set, rows, CPU ms)] of every timed run: where the time goes.
    by_query: dict[str, dict[str, list]] = {p: {} for p in samples}
    for name, filters in typical_filters(regions).items():
        for page in samples:
            page_queries(page, con, filters)
            for _ in range(repeats):
                start = time.perf_counter()
                sizes[f"{page}/{name}"] = page_queries(page, con, filters)
                samples[page].append(time.perf_counter() - start)
                cpu[page].append(sum(q["cpu_ms"] for q in sizes[f"{page}/{name}"].values()) / 1000)
                for query, measured in sizes[f"{page}/{name}"].items():
                    by_query[page].setdefault(query, []).append(
                        (measured["ms"], name, measured["rows"], measured["cpu_ms"]))
    return {"layout": layout, "connect_s": round(connect_s, 3), "sidebar_ms": round(sidebar_s * 1000, 1),
            "pages": {p: {"p50_ms": percentile_ms(s, 50), "p95_ms": percentile_ms(s, 95),
                          "cpu_p50_ms": percentile_ms(cpu[p], 50), "n": len(s)}
                      for p, s in samples.items()},
            "profile": {p: query_profile(runs) for p, runs in by_query.items()},
            "sizes": sizes}


def query_profile(runs: dict[str, list]) -> dict:
    """Per query of one page, slowest first: p50/p95 over every filter set and repeat, the CPU
    time's median (the work, less sensitive to other load than the clock), and the filter set of
    its slowest run with the rows that run returned."""
    profile = {}
    for query, timed in runs.items():
        seconds = [ms / 1000 for ms, _, _, _ in timed]
        slowest_ms, slowest_filters, rows, _ = max(timed)
        profile[query] = {"p50_ms": percentile_ms(seconds, 50), "p95_ms": percentile_ms(seconds, 95),
                          "cpu_p50_ms": percentile_ms([cpu / 1000 for *_, cpu in timed], 50),
                          "max_ms": slowest_ms, "slowest": slowest_filters, "rows": rows}
    return dict(sorted(profile.items(), key=lambda item: -item[1]["p95_ms"]))


def pandas_pages(data_dir: str, regions: list[str], repeats: int, pages: list[str] | None = None) -> dict:
    """Runs in a child: the whole files read into pandas, then the same views in pandas."""
    from bench import pandas_way

    start = time.perf_counter()
    frames = pandas_way.load(data_dir)
    load_s = time.perf_counter() - start
    samples: dict[str, list[float]] = {p: [] for p in pages or PAGES}
    for filters in typical_filters(regions).values():
        for page in samples:
            for _ in range(repeats):
                start = time.perf_counter()
                pandas_way.page_view(page, frames, filters)
                samples[page].append(time.perf_counter() - start)
    return {"load_s": round(load_s, 2),
            "pages": {p: {"p50_ms": percentile_ms(s, 50), "p95_ms": percentile_ms(s, 95), "n": len(s)}
                      for p, s in samples.items()}}


def measure_queries(data_dir: Path, repeats: int = 2, layouts=("database", "parquet"),
                    hive_dir: Path | None = None) -> dict:
    """p50/p95 per page for each data layout and for pandas, with the ratio and peak memory.

    Layouts (see `connect`): "database" is what the dashboard uses; "parquet" and "hive" are
    the same queries over the Parquet files in place and over the partitioned copy in hive_dir.
    """
    regions = sample_regions(str(data_dir))
    by_layout = {layout: run_in_child("bench.query_bench:duckdb_pages",
                                      data_dir=str(hive_dir if layout == "hive" else data_dir),
                                      regions=regions, repeats=repeats, layout=layout)
                 for layout in layouts}
    pandas = run_in_child("bench.query_bench:pandas_pages", data_dir=str(data_dir), regions=regions,
                          repeats=1)
    project = by_layout["database"]
    queries = {}
    for page in PAGES:
        duck, pd_page = project["pages"][page], pandas["pages"][page]
        queries[page] = {
            "p50_ms": duck["p50_ms"], "p95_ms": duck["p95_ms"],
            "pandas_p50_ms": pd_page["p50_ms"], "pandas_p95_ms": pd_page["p95_ms"],
            "ratio": round(pd_page["p95_ms"] / duck["p95_ms"], 2) if duck["p95_ms"] else None,
        }
        for layout, result in by_layout.items():
            if layout != "database":
                queries[page][f"{layout}_p95_ms"] = result["pages"][page]["p95_ms"]
    memory = {f"duckdb_{layout}": result["self_peak_rss_mb"] for layout, result in by_layout.items()}
    memory["pandas"] = pandas["self_peak_rss_mb"]
    return {"queries": queries, "regions": regions, "peak_rss_mb": memory,
            "pandas_load_s": pandas["load_s"],
            "sidebar_ms": {layout: r["sidebar_ms"] for layout, r in by_layout.items()},
            "connect_s": {layout: r["connect_s"] for layout, r in by_layout.items()},
            "profile": project["profile"], "sizes": project["sizes"]}
