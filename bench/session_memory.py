"""(8) The server's memory as officials come and go: one server on a copy of the bundled data,
`sessions` browser sessions one after another (each its own browser context: the dashboard
opened, then every page chosen in the sidebar, then the tab closed), and the server's resident
memory (VmRSS) idle, after the first session and after 5, 10, 20. The growth per session
between the 5th and the last is what each further official costs, and gives the estimate for
100 sessions.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.browser_bench import process_memory_mb
from bench.report import AIM_RSS_AFTER_SESSIONS_MB
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, dashboard_server

PAGES = ["总览", "目标轨迹", "主题覆盖", "城市对比", "数据明细与下载", "原文对照", "导入文件"]
CHECKPOINTS = (1, 5, 10, 20)
# The app root says when the page's script has finished (the running indicator shows only
# after a delay, so its absence alone does not say the run is over).
APP = '[data-testid="stApp"]'


def rss_mb(pid: int) -> float:
    return process_memory_mb(pid)["rss_mb"]


def one_session(browser, url: str, timeout_ms: float) -> None:
    """An official's visit: the dashboard, then every page from the sidebar, then tab closed."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(url)
        for title in PAGES:
            page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
            expect(page.locator("h1").first).to_have_text(title, timeout=timeout_ms)
            expect(page.locator(APP)).to_have_attribute("data-test-script-state", "notRunning",
                                                        timeout=timeout_ms)
    finally:
        context.close()


def measure_sessions(data_dir: Path, log: Path, sessions: int = 20, timeout_s: float = 300,
                     settle_s: float = 2.0) -> dict:
    """RSS idle and at every checkpoint (after `settle_s` for the server to finish the last
    session's work), the time the sessions took, and the growth per session past the 5th."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError("Chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    rss: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="session-memory-") as scratch:
        data = _served_copy(data_dir, Path(scratch))
        with dashboard_server(data, log) as server, sync_playwright() as playwright:
            pid = server.process.pid
            time.sleep(settle_s)
            rss["0"] = rss_mb(pid)
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            started = time.perf_counter()
            try:
                for number in range(1, sessions + 1):
                    one_session(browser, server.url + "/", timeout_s * 1000)
                    if number in CHECKPOINTS or number == sessions:
                        time.sleep(settle_s)
                        rss[str(number)] = rss_mb(pid)
            finally:
                browser.close()
            elapsed = time.perf_counter() - started
            rss["peak"] = process_memory_mb(pid)["peak_rss_mb"]
    return summarise(rss, sessions, elapsed)


def _served_copy(data_dir: Path, scratch: Path) -> Path:
    """A folder the dashboard keeps in step with its sources is served from a copy, so the
    measurement cannot write to it; tables alone (generated data) are served where they are."""
    if not (data_dir / "sources").is_dir():
        return data_dir
    shutil.copytree(data_dir, scratch / "data")
    return scratch / "data"


def summarise(rss: dict[str, float], sessions: int, elapsed: float) -> dict:
    """Growth per session from the 5th (caches warm by then) to the last; 100 by that slope
    (never below what was measured: memory that shrank a little does not go on shrinking)."""
    first = 5 if sessions > 5 else 1
    per_session = (rss[str(sessions)] - rss[str(first)]) / (sessions - first) if sessions > first else 0.0
    estimate = rss[str(sessions)] + max(per_session, 0.0) * (100 - sessions)
    return {"sessions": sessions, "rss_mb": rss, "seconds": round(elapsed, 1),
            "growth_mb_per_session": round(per_session, 1), "growth_from_session": first,
            "estimate_100_mb": round(estimate)}


def lines(result: dict) -> list[str]:
    rss = result["rss_mb"]
    marks = ", ".join(f"{k}: {v} MB" for k, v in rss.items() if k != "peak")
    return [f"server RSS by sessions (every page each): {marks}; peak {rss['peak']} MB",
            f"  growth {result['growth_mb_per_session']} MB per session after session "
            f"{result.get('growth_from_session', 5)}; "
            f"100 sessions ≈ {result['estimate_100_mb']} MB (aim after 20: ≤ {AIM_RSS_AFTER_SESSIONS_MB:.0f} MB)"]


if __name__ == "__main__":
    # python -m bench.session_memory [sessions] [data folder]: 20 and the bundled data by default.
    import sys

    from store import paths

    log = Path(tempfile.mkdtemp(prefix="session-memory-log-")) / "server.log"
    count = int(sys.argv[1]) if sys.argv[1:] else 20
    folder = Path(sys.argv[2]) if sys.argv[2:] else paths.DATA_DIR
    print("\n".join(lines(measure_sessions(folder, log, count))))
