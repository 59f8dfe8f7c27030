"""The dashboard rebuilds its data when the sources' content changes, once per change; a build
that fails leaves the last good data on every page, under a banner that says why."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

import etl
from etl.pipeline import build_all
from store import paths
from tests.dashboard.test_app import ROOT

SEED = "000_c2891e936343edea.txt"


@pytest.fixture
def served_folder(tmp_path, monkeypatch):
    """A data folder of an office's own (sources/ with sources.csv, built), served by the
    dashboard, with every build the dashboard starts counted."""
    data = tmp_path / "data"
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    build_all(sources_dir=data / "sources", out_dir=data)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    started = []
    real_build = etl.build_all

    def counted(*args, **kwargs):
        started.append(1)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(etl, "build_all", counted)
    return data, started


def overview() -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_unchanged_sources_are_not_built_again_even_with_new_file_times(served_folder):
    data, started = served_folder
    for path in (data / "sources").iterdir():
        path.touch()  # a copy or a fresh clone: new times, same bytes
    overview()
    overview()
    assert started == []


def test_a_failed_build_keeps_the_last_data_under_a_banner_and_is_not_retried(served_folder):
    data, started = served_folder
    (data / "sources" / SEED).write_bytes(b"")
    app = overview()
    assert started == [1]
    (banner,) = app.warning
    assert "重新生成数据失败" in banner.value and "文件为空" in banner.value
    assert app.metric[2].value != "0 条"  # the last good targets are still shown
    overview()
    assert started == [1]  # the same sources are not built again on the next visit

    # Put back as it was: the data already answers it, nothing to build, no banner.
    shutil.copy2(paths.SOURCES_DIR / SEED, data / "sources" / SEED)
    app = overview()
    assert started == [1] and not app.warning

    # A real edit is built once, and the pages show it.
    text = (paths.SOURCES_DIR / SEED).read_text(encoding="utf-8")
    (data / "sources" / SEED).write_text(text.replace("100部以上", "120部以上"), encoding="utf-8")
    app = overview()
    assert started == [1, 1] and not app.warning
    overview()
    assert started == [1, 1]
