"""Where the dashboard reads from: the project's data folder, another folder, a partitioned
data set, or an object-storage prefix (configuration only here: no network in tests)."""
from pathlib import Path

from board import data


def test_an_object_storage_prefix_is_kept_as_text_and_never_listed(monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, "s3://health-bucket/targets-2026")
    location = data.data_dir()
    assert location == "s3://health-bucket/targets-2026"
    assert data.is_remote(location) and not data.is_default_data_dir(location)
    assert data.missing_tables(location) == []
    assert data.data_version(location) == "remote:s3://health-bucket/targets-2026"
    assert data.build_date(location) == ""


def test_a_local_folder_stays_a_path(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    assert data.data_dir() == Path(tmp_path)
    assert not data.is_remote(data.data_dir())
    assert data.missing_tables(tmp_path) == ["targets", "documents", "clauses", "review"]
