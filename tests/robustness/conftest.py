"""Shared fixtures: a build of the hostile documents, a dashboard on it, and Chromium."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from store import paths
from tests.live_server import dashboard_server
from tests.robustness.hostile_sources import write_hostile_sources


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """(sources folder, output folder) of `python -m etl build` over the bundled plans plus the
    hostile documents."""
    root = tmp_path_factory.mktemp("hostile")
    sources = write_hostile_sources(root / "sources")
    out = root / "data"
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--sources", str(sources), "--out", str(out), "--quiet"],
        capture_output=True, text=True, cwd=paths.BASE_DIR, timeout=600)
    assert result.returncode == 0, result.stderr
    return sources, out


@pytest.fixture(scope="session")
def hostile_server(hostile_build, tmp_path_factory):
    _, out = hostile_build
    with dashboard_server(out, tmp_path_factory.mktemp("hostile_server") / "server.log") as server:
        yield server


@pytest.fixture
def watched_page(chromium_page):
    """A page that records every dialog (alert, confirm, prompt) it is asked to show."""
    page = chromium_page
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page


@pytest.fixture
def workspace(tmp_path):
    """A copy of the sources and of the last good build, to break at will."""
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, sources)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("targets.parquet", "documents.parquet", "clauses.parquet", "review.parquet"):
        shutil.copy(paths.DATA_DIR / name, out / name)
    return sources, out
