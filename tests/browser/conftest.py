"""A real dashboard server on the sample data, and Debian's Chromium driving it.

Missing Chromium is a failure, not a skip: these tests are the only check that charts are
drawn, Chinese text shows as glyphs and downloads work in a browser.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures.sample_data import write_sample_data  # noqa: E402
from tests.live_server import dashboard_server  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Playwright's 5 s default for expect() is shorter than a chart takes to draw on a loaded
# 2-core machine (seen on the coverage page while other work ran); what is checked is whether
# it is drawn, so the assertions wait as long as the pages' own timeout.
from playwright.sync_api import expect  # noqa: E402

expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser_data_dir(tmp_path_factory) -> Path:
    return write_sample_data(tmp_path_factory.mktemp("browser_data"))


@pytest.fixture(scope="session")
def server(browser_data_dir, artifacts):
    """`streamlit run dashboard.py` on the sample data; yields its base URL."""
    with dashboard_server(browser_data_dir, artifacts / "server.log") as running:
        yield running.url


@pytest.fixture
def page(chromium_page):
    return chromium_page
