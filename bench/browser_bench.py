"""(4) A real dashboard server and Debian's Chromium: time from opening the page to the first
drawn chart, and the server's memory after every page has been visited.

Only the loopback address is used; the server is stopped when the measurement ends.
"""
from __future__ import annotations

import time
from pathlib import Path

# The same server and Chromium setup as the browser tests.
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, dashboard_server

PAGE_PATHS = {"overview": "", "trajectory": "trajectory", "coverage": "coverage",
              "compare": "compare", "details": "details", "reader": "reader"}
CHART = ".js-plotly-plot svg.main-svg"


def process_memory_mb(pid: int) -> dict:
    """Resident memory now and at its peak (Linux /proc), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS"), "peak_rss_mb": fields.get("VmHWM")}


def _open_until_chart(context, url: str, timeout_ms: float) -> float:
    """Open a new tab at `url`; seconds until the first chart's SVG is visible."""
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(CHART).first.wait_for(state="visible", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        page.close()


def _open_until_done(browser, url: str, timeout_ms: float) -> float:
    """Open a page and wait until its script has finished (the running indicator is gone)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator("h1").first.wait_for(state="visible", timeout=timeout_ms)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        context.close()


def measure_browser(data_dir: Path, log_path: Path, visit_all: bool, timeout_s: float = 60) -> dict:
    """First chart on the overview, cold (fresh server, new browser) and warm (the same browser
    opening it again in a new tab); optionally every page visited and the server's memory after."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError("Chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    result: dict = {}
    with dashboard_server(data_dir, log_path) as server, sync_playwright() as playwright:
        base, pid = server.url, server.process.pid
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            timeout_ms = timeout_s * 1000
            # Cold: a server just started and a browser that has never seen the app. Warm: the
            # same user opening the dashboard again, in a new tab (server and browser cache warm).
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            for visit in ("first_chart_cold_s", "first_chart_warm_s"):
                try:
                    result[visit] = round(_open_until_chart(context, base + "/", timeout_ms), 2)
                except Exception as failure:  # no chart within the time limit is a result too
                    result[visit] = None
                    result.setdefault("errors", []).append(
                        f"{visit}: no chart within {timeout_s:.0f} s ({type(failure).__name__})")
            context.close()
            if visit_all:
                visits = {}
                for page, path in PAGE_PATHS.items():
                    try:
                        visits[page] = round(_open_until_done(browser, f"{base}/{path}", timeout_ms), 2)
                    except Exception as failure:  # a page that never finishes is a result too
                        visits[page] = None
                        result.setdefault("errors", []).append(f"{page}: {str(failure).splitlines()[0][:160]}")
                result["page_visit_s"] = visits
            result["server"] = process_memory_mb(pid)
        finally:
            browser.close()
    return result
