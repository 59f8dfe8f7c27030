"""The results as results.json and as a table for the terminal, with each aim met or missed."""
from __future__ import annotations

import json
from pathlib import Path

# Aims on a 2-core machine (issue #4).
AIM_BUILD_MB_PER_S = 2.0
AIM_QUERY_P95_MS = 100.0
AIM_RATIO = 5.0
AIM_SERVER_RSS_MB = 600.0
AIM_FIRST_CHART_S = 3.0
# Issue #12: the first chart within 1.25× a bare Streamlit page's; ≤ 400 MB after 20 sessions.
AIM_SIDE_BY_SIDE_RATIO = 1.25
AIM_RSS_AFTER_SESSIONS_MB = 400.0
AIM_SESSIONS = 20


def aims(results: dict) -> list[tuple[str, str, bool | None]]:
    """(aim, measured, met) for every aim that was measured in this run."""
    checks = []
    build = results.get("build")
    if build:
        checks.append((f"build ≥ {AIM_BUILD_MB_PER_S} MB/s", f"{build['mb_per_s']} MB/s "
                       f"({build['processes']} processes)", build["mb_per_s"] >= AIM_BUILD_MB_PER_S))
    for page, q in results.get("queries", {}).items():
        checks.append((f"{page}: p95 ≤ {AIM_QUERY_P95_MS:.0f} ms", f"{q['p95_ms']} ms",
                       q["p95_ms"] <= AIM_QUERY_P95_MS))
        if q.get("ratio") is not None:
            checks.append((f"{page}: ≥ {AIM_RATIO:.0f}× pandas", f"{q['ratio']}×", q["ratio"] >= AIM_RATIO))
    if results.get("server_rss_mb") is not None:
        # Memory read before every page had finished says nothing about the aim.
        complete = results.get("server_rss_complete", True)
        checks.append((f"server RSS ≤ {AIM_SERVER_RSS_MB:.0f} MB", f"{results['server_rss_mb']} MB"
                       + ("" if complete else " (pages unfinished)"),
                       (results["server_rss_mb"] <= AIM_SERVER_RSS_MB) if complete else None))
    for data_set, seconds in (results.get("first_chart_s") or {}).items():
        # None: no chart was drawn within the time limit.
        checks.append((f"first chart ≤ {AIM_FIRST_CHART_S:.0f} s warm ({data_set})",
                       "no chart in time" if seconds is None else f"{seconds} s",
                       seconds is not None and seconds <= AIM_FIRST_CHART_S))
    side = results.get("side_by_side")
    if side:
        checks.append((f"first chart ≤ {AIM_SIDE_BY_SIDE_RATIO}× bare page", f"{side['ratio']}× "
                       f"({side['dashboard']['median_s']} s / {side['bare']['median_s']} s)",
                       side["ratio"] <= AIM_SIDE_BY_SIDE_RATIO))
    sessions = results.get("sessions")
    if sessions and sessions["sessions"] >= AIM_SESSIONS:
        after = sessions["rss_mb"][str(AIM_SESSIONS)]
        checks.append((f"RSS after {AIM_SESSIONS} sessions ≤ {AIM_RSS_AFTER_SESSIONS_MB:.0f} MB",
                       f"{after} MB", after <= AIM_RSS_AFTER_SESSIONS_MB))
    return checks


def table(results: dict) -> str:
    lines = [f"rows: {results.get('rows')}"]
    by_processes = results.get("build_by_processes", {})
    if by_processes:
        lines.append("")
        lines.append(f"{'build':<10}{'docs':>6}{'MB':>8}{'s':>8}{'MB/s':>8}{'peak MB':>10}")
        for processes, b in by_processes.items():
            lines.append(f"{processes + ' proc':<10}{b['documents']:>6}{b['mb']:>8}{b['seconds']:>8}"
                         f"{b['mb_per_s']:>8}{b['peak_rss_mb']:>10}")
    queries = results.get("queries", {})
    if queries:
        extra = sorted({k for q in queries.values() for k in q if k.endswith("_p95_ms")
                        and not k.startswith("pandas")})
        lines.append("")
        header = f"{'page':<12}{'p50 ms':>9}{'p95 ms':>9}{'pandas p95':>12}{'ratio':>8}"
        header += "".join(f"{k.replace('_p95_ms', ' p95'):>12}" for k in extra)
        header += f"{'AppTest s':>11}"
        lines.append(header)
        for page, q in queries.items():
            apptest = (results.get("pages", {}).get(page) or {}).get("apptest_s")
            row = (f"{page:<12}{q['p50_ms']:>9}{q['p95_ms']:>9}{q['pandas_p95_ms']:>12}"
                   f"{str(q['ratio']):>8}")
            row += "".join(f"{str(q.get(k, '')):>12}" for k in extra)
            row += f"{'—' if apptest is None else apptest:>11}"
            lines.append(row)
    profile = (results.get("query_details") or {}).get("profile") or {}
    if profile:
        lines.append("")
        lines.append("where each page's query time goes (p95 ms per query, slowest first; slowest filters):")
        for page, by_query in profile.items():
            lines.append(f"  {page:<11}" + " · ".join(
                f"{query} {q['p95_ms']}" + (f" ({q['slowest']})" if q["p95_ms"] > AIM_QUERY_P95_MS / 4 else "")
                for query, q in by_query.items()))
    if results.get("first_chart_s"):
        lines.append("")
        lines.append("first chart (warm): " + ", ".join(
            f"{k} {'none in time' if v is None else f'{v} s'}" for k, v in results["first_chart_s"].items()))
    if results.get("server_rss_mb") is not None:
        lines.append(f"server RSS after every page: {results['server_rss_mb']} MB")
    side = results.get("side_by_side")
    if side:
        lines.append(f"first chart, new tab (median of {side['visits']}): dashboard {side['dashboard']['median_s']} s, "
                     f"bare Streamlit page {side['bare']['median_s']} s, ratio {side['ratio']}")
    for key, data in (("sessions", "bundled data"), ("sessions_generated", f"{results.get('rows')} rows")):
        sessions = results.get(key)
        if sessions:
            marks = ", ".join(f"{k}: {v}" for k, v in sessions["rss_mb"].items() if k != "peak")
            lines.append(f"server RSS MB by sessions, {data} ({marks}); {sessions['growth_mb_per_session']} MB "
                         f"per session, 100 sessions ≈ {sessions['estimate_100_mb']} MB")
    lines.append("")
    for aim, measured, met in aims(results):
        mark = "met" if met else ("missed" if met is not None else "n/a")
        lines.append(f"  [{mark:>6}] {aim:<34} {measured}")
    return "\n".join(lines)


def write_results(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
