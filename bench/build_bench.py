"""(1) Build throughput: the ETL's build_tables on a generated corpus, with 1 and 2 processes."""
from __future__ import annotations

import cProfile
import io
import pstats
import time
from pathlib import Path

from bench.measure import run_in_child


def build_once(sources_dir: str, processes: int) -> dict:
    """Runs in a child process: one full build_tables (read, extract, assemble, validate)."""
    from etl.pipeline import build_tables

    directory = Path(sources_dir)
    files = [p for p in directory.iterdir() if p.suffix == ".txt"]
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    start = time.perf_counter()
    tables = build_tables(directory, processes=processes)
    seconds = time.perf_counter() - start
    return {"documents": len(files), "mb": round(size_mb, 3), "seconds": round(seconds, 2),
            "mb_per_s": round(size_mb / seconds, 3), "processes": processes,
            "targets": len(tables.targets)}


def measure_build(sources_dir: Path, processes_list=(1, 2)) -> dict:
    """Throughput per process count; peak memory counts the parent and each worker."""
    results = {}
    for processes in processes_list:
        result = run_in_child("bench.build_bench:build_once", sources_dir=str(sources_dir),
                              processes=processes)
        workers = result["children_peak_rss_mb"] * processes if processes > 1 else 0.0
        # Workers run side by side: the whole build's peak is at most parent + every worker's peak.
        result["peak_rss_mb"] = round(result["self_peak_rss_mb"] + workers, 1)
        results[processes] = result
    return results


def profile_build(sources_dir: Path, out_file: Path, top: int = 25) -> str:
    """cProfile of a one-process build: where the build's time goes, by cumulative and own time."""
    from etl.pipeline import build_tables

    profiler = cProfile.Profile()
    profiler.enable()
    build_tables(sources_dir, processes=1)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    out_file.write_text(text.getvalue(), encoding="utf-8")
    return text.getvalue()
