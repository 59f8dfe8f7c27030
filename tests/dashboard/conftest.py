"""Shared fixtures: the sample data set, and the real build when it exists."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import (  # noqa: E402
    connection,  # noqa: E402
    database,
    paths,
)
from tests.fixtures.sample_data import write_sample_data  # noqa: E402


def real_data_available() -> bool:
    return not connection.missing_tables(paths.DATA_DIR)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    return write_sample_data(tmp_path_factory.mktemp("sample_data"))


@pytest.fixture(scope="session")
def sample_database_dir(sample_dir, tmp_path_factory) -> Path:
    """The sample data with the dashboard's DuckDB file beside it, as a build leaves it."""
    directory = tmp_path_factory.mktemp("sample_database")
    for name in database.TABLES:
        shutil.copy2(sample_dir / f"{name}.parquet", directory / f"{name}.parquet")
    shutil.copytree(sample_dir / "reference", directory / "reference")
    database.write_serving_database_atomically(directory)
    return directory


# Every query test runs on both storages: Parquet files read in place, and the DuckDB file
# (sorted, ENUM-typed) that the build writes for the dashboard. Both must give the same rows.
@pytest.fixture(scope="session", params=["parquet", "database"])
def con(request, sample_dir):
    if request.param == "parquet":
        return connection.connect(sample_dir)
    directory = request.getfixturevalue("sample_database_dir")
    assert database.serving_database_is_current(directory)
    return connection.connect(directory)


# The sample data always; the project's own build too once it has been written.
DATA_SETS = ["sample"] + (["built"] if real_data_available() else [])


@pytest.fixture(scope="session", params=DATA_SETS)
def any_data_dir(request, sample_dir) -> Path:
    return sample_dir if request.param == "sample" else paths.DATA_DIR
