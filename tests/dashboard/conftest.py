"""Shared fixtures: the sample data set, and the real build when it exists."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from board import data  # noqa: E402
from etl import paths  # noqa: E402
from tests.fixtures.sample_data import write_sample_data  # noqa: E402


def real_data_available() -> bool:
    return not data.missing_tables(paths.DATA_DIR)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    return write_sample_data(tmp_path_factory.mktemp("sample_data"))


@pytest.fixture(scope="session")
def con(sample_dir):
    return data.connect(sample_dir)


# The sample data always; the project's own build too once it has been written.
DATA_SETS = ["sample"] + (["built"] if real_data_available() else [])


@pytest.fixture(scope="session", params=DATA_SETS)
def any_data_dir(request, sample_dir) -> Path:
    return sample_dir if request.param == "sample" else paths.DATA_DIR
