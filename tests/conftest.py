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


@pytest.fixture
def chromium_page(chromium_browser):
    """A fresh browser context and page: Chinese locale, downloads allowed, 30 s timeouts."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000},
                                           accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
