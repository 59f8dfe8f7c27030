"""Cached getters shared by the pages (the only place the pages touch the data).

The connection is cached per data directory and build; query results are cached per query,
filter values and arguments, so moving between pages with the same filters costs nothing.
"""
from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

import streamlit as st

from board import exports, queries
from board.filters import Filters
from board.markup import md
from board.labels import theme_order as _theme_order
from store import connection, paths

ACTIVE_FILTERS = "_active_filters"


@st.cache_resource(show_spinner=False)
def _connection(directory: str, version: str):
    return connection.connect(directory)


def _source() -> tuple[str, str]:
    directory = connection.data_dir()
    return str(directory), connection.data_version(directory)


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, directory: str, version: str, *args):
    cursor = _connection(directory, version).cursor()
    try:
        return getattr(queries, name)(cursor, *args)
    finally:
        cursor.close()


def query(name: str, *args):
    """Run board.queries.<name>(con, *args), cached by data build and arguments."""
    directory, version = _source()
    return _run(name, directory, version, *args)


@st.cache_data(show_spinner=False, max_entries=64)
def _small_export(kind: str, directory: str, version: str, filters: Filters, search: str | None,
                  description: str, build_date: str) -> bytes:
    # Small files (made with the page) are kept, so every rerun does not write them again.
    return _write_export(kind, directory, version, filters, search, description, build_date)


def _write_export(kind: str, directory: str, version: str, filters: Filters, search: str | None,
                  description: str, build_date: str) -> bytes:
    """The file written batch by batch from the database to a temporary file, then read once:
    the server holds one batch of rows and the finished file, never the rows as a frame."""
    cursor = _connection(directory, version).cursor()
    try:
        batches = queries.detail_row_batches(cursor, filters, search)
        with tempfile.TemporaryDirectory(prefix="health-targets-download-") as folder:
            path = Path(folder) / f"download.{kind}"
            if kind == "csv":
                with path.open("wb") as handle:
                    exports.write_csv(batches, handle, columns=queries.DETAIL_COLUMNS)
            else:
                documents = queries.documents_for_selection(cursor, filters, search)
                exports.write_xlsx(batches, path, description, {"数据生成日期": build_date}, documents,
                                   columns=queries.DETAIL_COLUMNS)
            return path.read_bytes()
    finally:
        cursor.close()


def export(kind: str, filters: Filters, search: str | None, description: str, total: int = 0) -> bytes:
    """The filtered rows as an .xlsx or .csv file; small ones made once per filters and build."""
    directory, version = _source()
    if total <= exports.EAGER_DOWNLOAD_ROWS:
        return _small_export(kind, directory, version, filters, search, description, build_date())
    return _write_export(kind, directory, version, filters, search, description, build_date())


MAX_DOWNLOAD_ROWS = exports.MAX_DOWNLOAD_ROWS


def download_data(kind: str, filters: Filters, search: str | None, description: str, total: int):
    """The file's bytes now for small selections (ready when clicked); for large ones a function
    the button calls on click, so a view of a million rows is not written out unless asked for."""
    if total <= exports.EAGER_DOWNLOAD_ROWS:
        return export(kind, filters, search, description, total)
    return lambda: export(kind, filters, search, description, total)


def options() -> dict:
    return query("filter_options")


@st.cache_data(show_spinner=False)
def _themes(directory: str) -> list[str]:
    # A data directory may carry its own taxonomy (test data does); else the project's.
    return _theme_order(Path(directory) / "reference" / "themes.yaml", paths.THEMES_FILE)


def themes() -> list[str]:
    return _themes(str(connection.data_dir()))


def build_date() -> str:
    return connection.build_date(connection.data_dir())


def active_filters() -> Filters:
    return st.session_state.get(ACTIVE_FILTERS, Filters())


def region_labels() -> dict[str, str]:
    """Region code -> the name shown for it (a name two regions share carries its city)."""
    return options()["region_labels"]


def ordered_region_labels() -> list[str]:
    """The regions' labels in the official order (levels, then codes), for chart axes."""
    labels = region_labels()
    return [labels[code] for code in options()["regions"]]


def doc_labels() -> dict[str, str]:
    documents = options()["documents"]
    return dict(zip(documents["doc_id"], documents["label"]))


def link_to(page_path: str, **extra: str) -> str:
    """A relative link to another page keeping the current filters, plus `extra` parameters."""
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    params.update({key: [value] for key, value in extra.items()})
    return f"{page_path}?{urllib.parse.urlencode(params, doseq=True)}"


def filters_caption(filters: Filters) -> None:
    st.caption("当前筛选：" + md(filters.describe(doc_labels(), region_labels())))
