"""(6) Downloads at scale: the details page's Excel and CSV files written from the database the
way the server writes them (board.queries.detail_row_batches into board.exports), each size in
a child process of its own, so its peak memory is that download's alone.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.measure import run_in_child


def _first_rows(batches, limit: int):
    """The batches up to `limit` rows (the last one cut)."""
    left = limit
    for batch in batches:
        if left <= 0:
            return
        yield batch.iloc[:left]
        left -= len(batch)


def write_download(data_dir: str, kind: str, rows: int) -> dict:
    """Runs in a child: the first `rows` rows of the unfiltered view written as `kind`."""
    from board import exports, queries
    from board.filters import Filters
    from store import connection

    con = connection.connect(data_dir)
    start = time.perf_counter()
    batches = _first_rows(queries.detail_row_batches(con, Filters()), rows)
    with tempfile.TemporaryDirectory(prefix="bench-download-") as folder:
        path = Path(folder) / f"download.{kind}"
        if kind == "csv":
            with path.open("wb") as handle:
                written = exports.write_csv(batches, handle)
        else:
            written = exports.write_xlsx(batches, path, "基准测试", {"数据生成日期": "-"},
                                         queries.documents_for_selection(con, Filters()),
                                         columns=queries.DETAIL_COLUMNS)
        size = path.stat().st_size
        data = path.read_bytes()  # the server hands the finished file to Streamlit as bytes
    return {"kind": kind, "rows": written, "seconds": round(time.perf_counter() - start, 2),
            "file_mb": round(size / 1e6, 1), "bytes_read": len(data)}


def measure_downloads(data_dir: Path, sizes: tuple[int, ...]) -> list[dict]:
    results = []
    for rows in sizes:
        for kind in ("xlsx", "csv"):
            measured = run_in_child("bench.download_bench:write_download", data_dir=str(data_dir),
                                    kind=kind, rows=rows)
            measured.pop("bytes_read", None)
            results.append(measured)
            print(f"  download {kind} {measured['rows']:,} rows: {measured['seconds']} s, "
                  f"{measured['file_mb']} MB file, peak {measured['self_peak_rss_mb']} MB", flush=True)
    return results
