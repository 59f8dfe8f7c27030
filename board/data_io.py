"""Cached getters shared by the pages (the only place the pages touch the data).

The connection is cached per data directory and build; query results are cached per query,
filter values and arguments, so moving between pages with the same filters costs nothing.
What every run reads (the filter options, the drawn figures) is one object shared by all
sessions; every cache is bounded, so the server's memory does not grow with visits.
"""
from __future__ import annotations

import tempfile
import urllib.parse
from pathlib import Path

import streamlit as st

from board import charts, exports, queries
from board.filters import Filters
from board.markup import md
from board.labels import theme_order as _theme_order
from store import connection, paths

ACTIVE_FILTERS = "_active_filters"
# Pickled bytes of query results kept in memory, whatever the number of filter sets officials
# choose; the least recently used go first (at 3 million targets one indicator's required
# changes are 17 MB, most results under 1 MB).
QUERY_CACHE_SIZE = "96MB"
EXPORT_CACHE_SIZE = "32MB"


# One connection per build, shared by every session (each query takes its own cursor); a build
# replaced by an import is let go rather than kept open beside the new one.
@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(directory: str, version: str):
    return connection.connect(directory)


def _source() -> tuple[str, str]:
    directory = connection.data_dir()
    return str(directory), connection.data_version(directory)


def _ask(name: str, directory: str, version: str, *args):
    cursor = _connection(directory, version).cursor()
    try:
        return getattr(queries, name)(cursor, *args)
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=512, max_size=QUERY_CACHE_SIZE)
def _run(name: str, directory: str, version: str, *args):
    return _ask(name, directory, version, *args)


def query(name: str, *args):
    """Run board.queries.<name>(con, *args), cached by data build and arguments."""
    directory, version = _source()
    return _run(name, directory, version, *args)


@st.cache_data(show_spinner=False, max_entries=64, max_size=EXPORT_CACHE_SIZE)
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


# Shared by every session and page visit: building a figure is most of a page run's Python
# time, and st.plotly_chart reads a figure without changing it.
@st.cache_resource(show_spinner=False, max_entries=64)
def figure(name: str, *args):
    """board.charts.<name>(*args), built once for the same data and arguments."""
    return getattr(charts, name)(*args)


# The sidebar and most pages read the filter options several times a run: one shared object per
# build instead of a copy unpickled at each call. Callers only read it.
@st.cache_resource(show_spinner=False, max_entries=4)
def _options(directory: str, version: str) -> dict:
    options = _ask("filter_options", directory, version)
    documents, labels = options["documents"], options["region_labels"]
    return {**options, "doc_labels": dict(zip(documents["doc_id"], documents["label"])),
            "ordered_region_labels": [labels[code] for code in options["regions"]]}


def options() -> dict:
    return _options(*_source())


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
    return options()["ordered_region_labels"]


def doc_labels() -> dict[str, str]:
    return options()["doc_labels"]


def link_to(page_path: str, **extra: str) -> str:
    """A relative link to another page keeping the current filters, plus `extra` parameters."""
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    params.update({key: [value] for key, value in extra.items()})
    return f"{page_path}?{urllib.parse.urlencode(params, doseq=True)}"


def filters_caption(filters: Filters) -> None:
    st.caption("当前筛选：" + md(filters.describe(doc_labels(), region_labels())))
