"""Evidence for the proposed data-layer changes: the slowest page queries as they are, next to
the same work on a targets file laid out for the dashboard (an indicator_key column, a theme
bit mask, sorted by indicator_key/region/year, 100,000-row row groups).

    python -m bench.proposals [DATA_DIR]     (default: the generated 3-million-row set)

Prints best-of-three milliseconds per variant and writes bench/out/proposals.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from bench import phrasing
from bench.measure import ROOT

OUT_DIR = ROOT / "bench" / "out"


def _best_ms(con, sql: str, params=(), runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        con.execute(sql, list(params)).fetchall()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def write_dashboard_layout(targets: Path, out_file: Path) -> None:
    """The proposed layout, written from the build's file with one DuckDB COPY."""
    themes = ", ".join(f"'{t}'" for t in phrasing.theme_names())
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    source = str(targets).replace("'", "''")
    con.execute(f"""
        COPY (SELECT *, COALESCE(indicator_id, indicator) AS indicator_key,
                     list_reduce(list_transform(themes, lambda x: (1 << (list_position([{themes}], x) - 1))::BIGINT),
                                 lambda a, b: a | b) AS theme_mask
              FROM read_parquet('{source}')
              ORDER BY indicator_key, region, year)
        TO '{str(out_file).replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)""")


def run(data_dir: Path) -> dict:
    targets = data_dir / "targets.parquet"
    laid_out = OUT_DIR / f"{data_dir.name}_dashboard_layout.parquet"
    if not laid_out.exists() or laid_out.stat().st_mtime < targets.stat().st_mtime:
        write_dashboard_layout(targets, laid_out)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"CREATE VIEW targets AS SELECT * FROM read_parquet('{targets}')")
    con.execute(f"CREATE VIEW laid_out AS SELECT * FROM read_parquet('{laid_out}')")
    key = con.execute("SELECT COALESCE(indicator_id, indicator) AS k FROM targets "
                      "GROUP BY k ORDER BY count(*) DESC, k LIMIT 1").fetchall()[0][0]
    region = con.execute("SELECT region FROM targets GROUP BY region ORDER BY region LIMIT 1").fetchall()[0][0]
    disease_bit = 1 << phrasing.theme_names().index("疾控")
    indicator_list = """
        SELECT COALESCE(indicator_id, indicator) AS k, min(COALESCE(indicator_name, indicator)),
               string_agg(DISTINCT unit, '、' ORDER BY unit),
               count(*) FILTER (WHERE role = 'baseline'), count(*) FILTER (WHERE role = 'target'),
               {regions} {documents}
        FROM targets WHERE value IS NOT NULL GROUP BY k"""
    trajectory = """
        SELECT region, region_level, doc_id, doc_title, plan_year, year, role, value, value_high,
               unit, comparator, kind, value_text, source_text, direction, nature, target_id
        FROM {table} WHERE {key} = ? {region} AND value IS NOT NULL ORDER BY region, doc_id, year"""
    results = {
        "indicator_list: as is (two exact distinct counts)": _best_ms(con, indicator_list.format(
            regions="count(DISTINCT region)", documents=", count(DISTINCT doc_id)")),
        "indicator_list: without n_documents (no page shows it)": _best_ms(con, indicator_list.format(
            regions="count(DISTINCT region)", documents="")),
        "indicator_list: approx_count_distinct(region)": _best_ms(con, indicator_list.format(
            regions="approx_count_distinct(region)", documents="")),
        "theme filter: list_has_any(themes, ['疾控'])": _best_ms(
            con, "SELECT count(*) FROM targets WHERE list_has_any(themes, ?::VARCHAR[])", [["疾控"]]),
        "theme filter: list_contains(themes, '疾控')": _best_ms(
            con, "SELECT count(*) FROM targets WHERE list_contains(themes, ?)", ["疾控"]),
        "theme filter: theme_mask & bit (laid out)": _best_ms(
            con, "SELECT count(*) FROM laid_out WHERE theme_mask & ? <> 0", [disease_bit]),
        "trajectory, all regions: as is": _best_ms(con, trajectory.format(
            table="targets", key="COALESCE(indicator_id, indicator)", region=""), [key]),
        "trajectory, all regions: laid out": _best_ms(con, trajectory.format(
            table="laid_out", key="indicator_key", region=""), [key]),
        "trajectory, one region: as is": _best_ms(con, trajectory.format(
            table="targets", key="COALESCE(indicator_id, indicator)", region="AND region = ?"), [key, region]),
        "trajectory, one region: laid out": _best_ms(con, trajectory.format(
            table="laid_out", key="indicator_key", region="AND region = ?"), [key, region]),
        "detail page, first 1,000 rows + count (as is)": _best_ms(
            con, "SELECT * FROM targets ORDER BY region, doc_id, span_start LIMIT 1000")
        + _best_ms(con, "SELECT count(*) FROM targets"),
        "target_row by target_id (as is)": _best_ms(
            con, "SELECT * FROM targets WHERE target_id = ?", ["0000000000000000"]),
    }
    (OUT_DIR / "proposals.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return results


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else OUT_DIR / "targets_3000000"
    for label, ms in run(data_dir).items():
        print(f"{label:<58}{ms:>10.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
