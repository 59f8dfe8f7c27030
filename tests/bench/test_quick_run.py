"""`python -m bench --quick`, as CI runs it: every part of the benchmark end to end on small
sizes, writing a results file of the agreed shape. Figures are printed, never asserted."""
from __future__ import annotations

import json
import subprocess
import sys

from store import paths
from tests.live_server import require_chromium


def test_quick_benchmark_runs_every_part_and_writes_the_results(tmp_path):
    require_chromium()
    results_file = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--quick", "--results", str(results_file)],
                         cwd=paths.BASE_DIR, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    print(run.stdout)
    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert results["rows"] == 40_000 and results["quick"] is True
    assert set(results["build"]) >= {"documents", "mb", "seconds", "mb_per_s", "processes", "peak_rss_mb"}
    pages = ["overview", "trajectory", "coverage", "compare", "details", "reader"]
    assert list(results["queries"]) == pages
    for page in pages:
        assert set(results["queries"][page]) >= {"p50_ms", "p95_ms", "pandas_p95_ms", "ratio"}
        assert results["pages"][page]["errors"] == [] and results["pages"][page]["apptest_s"] > 0
    assert "browser_error" not in results, results.get("browser_error")
    assert results["server_rss_mb"] > 0
    assert set(results["first_chart_s"]) == {"seed", "3m"}
    assert all(seconds is not None for seconds in results["first_chart_s"].values())
