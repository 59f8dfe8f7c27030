"""`python -m bench`: generate the data, run every measurement, print a table and write
bench/results.json. `python -m bench --quick` is the small version for CI (under two minutes).
`python -m bench accuracy` scores the extractor against answer keys (bench/accuracy.py).

    1. build throughput on generated documents, 1 and 2 processes (and a profile of the build)
    2. every page's queries through store.connection + board.queries vs the pandas way
    3. every page's whole script through Streamlit's AppTest
    4. first drawn chart in Chromium (bundled data and generated data) and the server's memory
    5. the same queries on a hive-partitioned copy of the targets (province / year)
    6. the details page's Excel and CSV downloads: time, file size and peak memory
    7. side by side in one Chromium: the dashboard's first chart against a bare Streamlit page
    8. the server's memory over 20 sessions that each visit every page (bundled and generated data)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import report
from bench.measure import ROOT

OUT_DIR = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
GENERATOR_VERSION = 2  # regions carry codes; some districts share a name


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (under two minutes)")
    parser.add_argument("--rows", type=int, help="targets rows to generate (3,000,000; quick: 40,000)")
    parser.add_argument("--documents", type=int, help="documents for the build (400; quick: 24)")
    parser.add_argument("--repeats", type=int, help="timed runs per page and filter set, after one warm-up (1)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["build", "queries", "parquet", "downloads", "apptest", "browser",
                                                                  "hive", "sidebyside", "sessions"],
                        help="parts to leave out")
    parser.add_argument("--visits", type=int, help="new tabs per app in the side-by-side (5; quick: 1)")
    parser.add_argument("--sessions", type=int, help="browser sessions for the server's memory (20; quick: 2)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the results JSON")
    return parser.parse_args(argv)


def generated_dataset(rows: int, seed: int = 2030) -> Path:
    """The generated tables for this size, reused when an earlier run already wrote them."""
    from bench.generate_targets import write_dataset

    directory = OUT_DIR / f"targets_{rows}"
    stamp = directory / "generated.json"
    wanted = {"rows": rows, "seed": seed, "generator": GENERATOR_VERSION}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        start = time.perf_counter()
        counts = write_dataset(directory, rows, seed)
        print(f"generated {counts} in {time.perf_counter() - start:.1f} s", flush=True)
        stamp.write_text(json.dumps(wanted))
    from store import database

    if not database.serving_database_is_current(directory):
        # What the build writes beside its Parquet files for the dashboard (store.database).
        start = time.perf_counter()
        database.write_serving_database_atomically(directory)
        print(f"wrote the dashboard database in {time.perf_counter() - start:.1f} s", flush=True)
    return directory


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if argv[:1] == ["accuracy"]:
        from bench.accuracy import main as accuracy

        return accuracy(argv[1:])
    args = parse_args(argv)
    quick = args.quick
    rows = args.rows or (40_000 if quick else 3_000_000)
    n_documents = args.documents or (24 if quick else 400)
    repeats = args.repeats or 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"rows": rows, "quick": quick}

    if "build" not in args.skip:
        from bench.build_bench import measure_build, profile_build
        from bench.generate_documents import write_corpus

        corpus = OUT_DIR / "corpus"
        write_corpus(corpus, n_documents)
        by_processes = measure_build(corpus)
        results["build_by_processes"] = {str(p): r for p, r in by_processes.items()}
        best = max(by_processes.values(), key=lambda r: r["mb_per_s"])
        results["build"] = {k: best[k] for k in ("documents", "mb", "seconds", "mb_per_s", "processes",
                                                 "peak_rss_mb")}
        if not quick:
            profile_build(corpus, OUT_DIR / "profile_build.txt")
        report.write_results(results, args.results)
        print(f"build done ({time.perf_counter() - started:.0f} s)", flush=True)

    data_dir = generated_dataset(rows)
    if "queries" not in args.skip:
        from bench.query_bench import measure_queries

        # The quick run keeps to the project's layout and the partitioned one.
        # "parquet" (the same queries over the Parquet files in place, every derived relation a
        # view computed per query) takes the longest: at 3M rows the baseline candidates alone
        # are a self-join of the targets per query.
        layouts = ("database",) + (() if quick or "parquet" in args.skip else ("parquet",)) \
            + (() if "hive" in args.skip else ("hive",))
        if "hive" not in args.skip:
            from bench.partitioned import write_partitioned

            hive_dir = OUT_DIR / f"targets_{rows}_hive"
            results["hive"] = write_partitioned(data_dir, hive_dir)
        measured = measure_queries(data_dir, repeats=repeats, layouts=layouts, hive_dir=
                                   (OUT_DIR / f"targets_{rows}_hive") if "hive" in layouts else None)
        results["queries"] = measured.pop("queries")
        results["query_details"] = measured
        report.write_results(results, args.results)
        print(f"queries done ({time.perf_counter() - started:.0f} s)", flush=True)

    if "downloads" not in args.skip:
        from bench.download_bench import measure_downloads
        from board.exports import MAX_DOWNLOAD_ROWS

        sizes = (min(rows, 40_000),) if quick else (100_000, MAX_DOWNLOAD_ROWS)
        results["downloads"] = measure_downloads(data_dir, sizes)
        report.write_results(results, args.results)
        print(f"downloads done ({time.perf_counter() - started:.0f} s)", flush=True)

    if "apptest" not in args.skip:
        from bench.apptest_bench import measure_pages

        results["pages"] = measure_pages(data_dir, timeout_s=60)
        report.write_results(results, args.results)
        print(f"AppTest done ({time.perf_counter() - started:.0f} s)", flush=True)

    if "browser" not in args.skip:
        from bench.browser_bench import measure_browser
        from store import paths

        try:
            seed = measure_browser(paths.DATA_DIR, OUT_DIR / "server_seed.log", visit_all=False)
            generated = measure_browser(data_dir, OUT_DIR / "server_generated.log", visit_all=True)
            results["first_chart_s"] = {"seed": seed["first_chart_warm_s"],
                                        "3m": generated["first_chart_warm_s"]}
            results["server_rss_mb"] = generated["server"]["rss_mb"]
            results["server_rss_complete"] = all(
                v is not None for v in generated.get("page_visit_s", {}).values())
            results["browser_details"] = {"seed": seed, "generated": generated}
        except Exception as failure:  # a missing browser must not lose the other results
            results["browser_error"] = f"{type(failure).__name__}: {str(failure).splitlines()[0][:200]}"
        print(f"browser done ({time.perf_counter() - started:.0f} s)", flush=True)

    if "sidebyside" not in args.skip:
        from bench import side_by_side
        from store import paths

        try:
            results["side_by_side"] = side_by_side.measure_side_by_side(
                paths.DATA_DIR, OUT_DIR, visits=args.visits or (1 if quick else 5))
            print("\n".join(side_by_side.lines(results["side_by_side"])), flush=True)
        except Exception as failure:  # a missing browser must not lose the other results
            results["side_by_side_error"] = f"{type(failure).__name__}: {str(failure).splitlines()[0][:200]}"
        report.write_results(results, args.results)
        print(f"side by side done ({time.perf_counter() - started:.0f} s)", flush=True)

    if "sessions" not in args.skip:
        from bench import session_memory
        from store import paths

        sessions = args.sessions or (2 if quick else 20)
        # The aim is on the bundled data; the full run adds the generated national data.
        data_sets = {"sessions": paths.DATA_DIR} if quick else {"sessions": paths.DATA_DIR,
                                                                "sessions_generated": data_dir}
        for key, directory in data_sets.items():
            try:
                results[key] = session_memory.measure_sessions(
                    directory, OUT_DIR / f"server_{key}.log", sessions=sessions)
                print(f"{key}:", "\n".join(session_memory.lines(results[key])), flush=True)
            except Exception as failure:
                results[f"{key}_error"] = f"{type(failure).__name__}: {str(failure).splitlines()[0][:200]}"
        report.write_results(results, args.results)
        print(f"sessions done ({time.perf_counter() - started:.0f} s)", flush=True)

    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    report.write_results(results, args.results)
    print(report.table(results))
    print(f"\nwrote {args.results} in {results['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
