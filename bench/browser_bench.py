"""(4) A real dashboard server and Debian's Chromium: time from opening the page to the first
drawn chart, and the server's memory after every page has been visited.

Only the loopback address is used; the server is stopped when the measurement ends.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.measure import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_PATHS = {"overview": "", "trajectory": "trajectory", "coverage": "coverage",
              "compare": "compare", "details": "details", "reader": "reader"}
CHART = ".js-plotly-plot svg.main-svg"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dashboard_server(data_dir: Path, log_path: Path, startup_s: float = 90):
    """`streamlit run dashboard.py` on a free localhost port; yields (base URL, process id)."""
    port = _free_port()
    env = dict(os.environ, HEALTH_TARGETS_DATA_DIR=str(data_dir))
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the dashboard server exited early; see {log_path}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the dashboard server did not answer")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def process_memory_mb(pid: int) -> dict:
    """Resident memory now and at its peak (Linux /proc), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS"), "peak_rss_mb": fields.get("VmHWM")}


def _open_until_chart(browser, url: str, timeout_ms: float) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(CHART).first.wait_for(state="visible", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        context.close()


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
    """First chart on the overview, cold (fresh server) and warm (second visit); optionally every
    page visited once more and the server's memory afterwards."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError("Chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    result: dict = {}
    with dashboard_server(data_dir, log_path) as (base, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            timeout_ms = timeout_s * 1000
            for visit in ("first_chart_cold_s", "first_chart_warm_s"):
                try:
                    result[visit] = round(_open_until_chart(browser, base + "/", timeout_ms), 2)
                except Exception as failure:  # no chart within the time limit is a result too
                    result[visit] = None
                    result.setdefault("errors", []).append(
                        f"{visit}: no chart within {timeout_s:.0f} s ({type(failure).__name__})")
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
