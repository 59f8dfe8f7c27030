"""Every path the project reads or writes, and the one answer to "where is the data".

No project imports here, so any module (ETL, dashboard, tests, benchmarks) can use it.

A data folder holds the source documents (`sources/`) and the published build:
`builds/<id>/` with the four Parquet tables and the dashboard database, `current` pointing at
the build being served, and `targets.parquet` (and the other tables) pointing into `current`,
so the contract's file names always name one complete build.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# An installed copy (pip install .) carries the reference data as store/reference/ and the
# dashboard's entry script and pages as board/app/ (pyproject.toml maps them there); a source
# checkout keeps them in data/reference/ and at the root. Only an installed copy has the former.
_PACKAGED_REFERENCE = Path(__file__).resolve().parent / "reference"
INSTALLED = _PACKAGED_REFERENCE.is_dir()

# Reference data shipped with the project (domain knowledge as data files).
REFERENCE_DIR = _PACKAGED_REFERENCE if INSTALLED else BASE_DIR / "data" / "reference"
THEMES_FILE = REFERENCE_DIR / "themes.yaml"
INDICATORS_FILE = REFERENCE_DIR / "indicators.yaml"
CHROME_FILE = REFERENCE_DIR / "page_chrome.yaml"
REGIONS_FILE = REFERENCE_DIR / "regions.csv"

# The data folder: the environment variable wins, for the build and the dashboard alike.
DATA_DIR_ENV = "HEALTH_TARGETS_DATA_DIR"
# Installed, the program has no project folder of its own: it works on ./data where it is run.
DEFAULT_DATA_DIR = Path.cwd() / "data" if INSTALLED else BASE_DIR / "data"

# The dashboard's entry script (its pages/ and .streamlit/config.toml beside it).
APP_DIR = BASE_DIR / "board" / "app" if INSTALLED else BASE_DIR
DASHBOARD_FILE = APP_DIR / "dashboard.py"
STREAMLIT_CONFIG = APP_DIR / ".streamlit" / "config.toml"

# Names inside a data folder.
TABLE_NAMES = ("targets", "documents", "clauses", "review")
DATABASE_NAME = "targets.duckdb"
SOURCES_NAME = "sources"
SOURCES_METADATA_NAME = "sources.csv"
BUILDS_NAME = "builds"
CURRENT_NAME = "current"
LOCK_NAME = ".build.lock"

# The bundled data folder (tests and the default of every command use these).
DATA_DIR = DEFAULT_DATA_DIR
SOURCES_DIR = DATA_DIR / SOURCES_NAME
SOURCES_METADATA = SOURCES_DIR / SOURCES_METADATA_NAME


def data_location() -> Path | str:
    """Where the data is: $HEALTH_TARGETS_DATA_DIR (a folder, or an object-storage prefix such
    as s3://bucket/health-targets, kept as text), else the project's data/ folder (installed:
    data/ in the working directory)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override and is_remote(override):
        return override
    return Path(override) if override else DEFAULT_DATA_DIR


def is_remote(location: Path | str) -> bool:
    """An object-storage or web location (s3://, gs://, https://…), read through DuckDB's httpfs."""
    return "://" in str(location)


def sources_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SOURCES_NAME


def table_file(data_dir: Path | str, name: str) -> Path | str:
    """The published table `name` of a data folder (a remote location keeps its text form)."""
    if is_remote(data_dir):
        return f"{str(data_dir).rstrip('/')}/{name}.parquet"
    return Path(data_dir) / f"{name}.parquet"


def database_file(data_dir: Path) -> Path:
    return Path(data_dir) / DATABASE_NAME
