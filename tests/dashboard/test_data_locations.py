"""Where the dashboard reads from: the project's data folder, another folder, a partitioned
data set, or an object-storage prefix (configuration only here: no network in tests)."""
from pathlib import Path

from store import connection, paths


def test_an_object_storage_prefix_is_kept_as_text_and_never_listed(monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, "s3://health-bucket/targets-2026")
    location = connection.data_dir()
    assert location == "s3://health-bucket/targets-2026"
    assert connection.is_remote(location) and not connection.builds_from_sources(location)
    assert connection.missing_tables(location) == []
    assert connection.data_version(location) == "remote:s3://health-bucket/targets-2026"
    assert connection.build_date(location) == ""


def test_a_local_folder_stays_a_path(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path))
    assert connection.data_dir() == Path(tmp_path)
    assert not connection.is_remote(connection.data_dir())
    assert connection.missing_tables(tmp_path) == ["targets", "documents", "clauses", "review"]
