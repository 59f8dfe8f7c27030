"""One Chromium for the whole test session.

Playwright's sync API allows one running instance per thread, so the browser tests and the
robustness tests share this one instead of each starting their own.
"""
import pytest

from tests.live_server import CHROMIUM, CHROMIUM_ARGS, require_chromium


@pytest.fixture(scope="session")
def chromium_browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
