"""(3) Each page's whole script through Streamlit's test runner, on a chosen data directory.

Every page runs in a child process of its own, so its caches start empty: the time is a first
view of that page (connection, sidebar options, the page's queries, charts, tables, downloads).
"""
from __future__ import annotations

import subprocess
import time

from bench.measure import ROOT, run_in_child
from bench.pages import PAGES

DATA_DIR_ENV = "HEALTH_TARGETS_DATA_DIR"


def apptest_page(page: str, timeout_s: float) -> dict:
    """Runs in a child whose environment points the app at the data directory."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout_s)
    if page != "overview":
        # Open the page directly, as a shared link does (the router would otherwise run the
        # default page first).
        app.switch_page(f"pages/{page}.py")
    start = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - start
    errors = [str(e.value)[:200] for e in app.exception]
    return {"apptest_s": round(elapsed, 2), "errors": errors}


def measure_pages(data_dir, timeout_s: float = 60.0, pages=PAGES) -> dict:
    results = {}
    for page in pages:
        try:
            results[page] = run_in_child("bench.apptest_bench:apptest_page", timeout=timeout_s + 20,
                                         env={DATA_DIR_ENV: str(data_dir)}, page=page,
                                         timeout_s=timeout_s)
        except subprocess.TimeoutExpired:
            results[page] = {"apptest_s": None, "errors": [f"no result within {timeout_s:.0f} s"],
                             "timed_out_after_s": timeout_s}
        except RuntimeError as failure:
            reason = str(failure).strip().splitlines()[-1][:200]
            results[page] = {"apptest_s": None, "errors": [reason], "timed_out_after_s": timeout_s}
    return results
