"""Every path the project reads or writes, rooted at one base directory.

No project imports here, so any module (ETL, dashboard, tests, benchmarks) can use it.
"""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"
SOURCES_DIR = DATA_DIR / "sources"
SOURCES_METADATA = SOURCES_DIR / "sources.csv"
REFERENCE_DIR = DATA_DIR / "reference"
THEMES_FILE = REFERENCE_DIR / "themes.yaml"
INDICATORS_FILE = REFERENCE_DIR / "indicators.yaml"
CHROME_FILE = REFERENCE_DIR / "page_chrome.yaml"
REGIONS_FILE = REFERENCE_DIR / "regions.csv"

TARGETS_PARQUET = DATA_DIR / "targets.parquet"
DOCUMENTS_PARQUET = DATA_DIR / "documents.parquet"
CLAUSES_PARQUET = DATA_DIR / "clauses.parquet"
REVIEW_PARQUET = DATA_DIR / "review.parquet"
DUCKDB_FILE = DATA_DIR / "targets.duckdb"
