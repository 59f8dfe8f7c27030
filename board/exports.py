"""Downloads: the filtered rows as Excel (with an explanation sheet) and as CSV.

Spreadsheet programs run cell text that starts with = + - @ (or a tab / carriage return) as a
formula; following the OWASP CSV-injection rule such text gets a leading apostrophe, while real
numbers — negatives included — stay numbers.
"""
from __future__ import annotations

import codecs
import io
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import xlsxwriter

from board.labels import (
    COMPARATOR_LABELS,
    DIRECTION_LABELS,
    KIND_LABELS,
    ORIGIN_LABELS,
    ROLE_LABELS,
    column_label,
    is_technical,
    technical_last,
)
from store.cells import FORMULA_TRIGGERS, neutralise  # noqa: F401 - re-exported for callers

DATA_SHEET, NOTES_SHEET = "数据", "说明"
_CODED_COLUMNS = {"role": ROLE_LABELS, "kind": KIND_LABELS, "comparator": COMPARATOR_LABELS,
                  "direction": DIRECTION_LABELS, "origin": ORIGIN_LABELS}

# Files up to this many rows are made with the page, so the click downloads at once; larger
# ones are made when the button is clicked.
EAGER_DOWNLOAD_ROWS = 2_000
# Past this the view must be narrowed first. Excel itself holds a million rows, but writing
# them takes minutes and the file is held by the server until sent (bench: python -m bench,
# "downloads": seconds, file size and peak memory per size).
MAX_DOWNLOAD_ROWS = 200_000


def readable_frame(rows: pd.DataFrame, for_spreadsheet: bool = True) -> pd.DataFrame:
    """The rows as an official reads them: Chinese headers and labels, themes joined, technical
    columns (ids, offsets, confidence) last; for a spreadsheet, formula-like text is made inert."""
    out = pd.DataFrame(index=rows.index)
    for column in technical_last(rows.columns):
        values = rows[column]
        if column in _CODED_COLUMNS:
            mapping = _CODED_COLUMNS[column]
            values = values.map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
        if column == "themes":
            values = values.map(_join_list)
        if for_spreadsheet and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            values = values.map(lambda v: neutralise(v) if isinstance(v, str) else v)
        out[column_label(column)] = values
    return out.reset_index(drop=True)


# What the page shows where a cell is empty (text cells here; number cells by the table's
# placeholder), never "None" or "nan".
MISSING = "—"


def page_frame(rows: pd.DataFrame, show_technical: bool = False) -> pd.DataFrame:
    """The rows as the page's table shows them: readable_frame, the technical columns only when
    asked for, empty text cells as MISSING (numbers stay numbers, for sorting)."""
    kept = [c for c in rows.columns if show_technical or not is_technical(c)]
    out = readable_frame(rows[kept], for_spreadsheet=False)
    for label in out.columns:
        values = out[label]
        if not pd.api.types.is_numeric_dtype(values):
            out[label] = values.map(lambda v: MISSING if _is_blank(v) else v).astype(object)
    return out


def cell_text(value) -> str:
    """One cell as text: MISSING when empty, whole numbers without a decimal point."""
    if _is_blank(value):
        return MISSING
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _is_blank(value) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def _join_list(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return "、".join(str(v) for v in list(value))


def to_csv(rows: pd.DataFrame) -> bytes:
    """The rows as CSV bytes (see write_csv)."""
    buffer = io.BytesIO()
    write_csv([rows], buffer)
    return buffer.getvalue()


def write_csv(batches: Iterable[pd.DataFrame], handle: BinaryIO, columns: list[str] | None = None) -> int:
    """Write the rows, batch after batch, as CSV to a binary handle; return the row count.
    `columns` names the detail columns for the header when there may be no batch at all.

    UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. Rows end in CRLF
    (RFC 4180): the csv writer then quotes any cell holding a carriage return, which with bare
    LF line ends would split the row in two."""
    handle.write(codecs.BOM_UTF8)
    written, header_written = 0, False
    for batch in batches:
        text = readable_frame(batch).to_csv(index=False, header=not header_written, lineterminator="\r\n")
        handle.write(text.encode("utf-8"))
        written += len(batch)
        header_written = True
    if not header_written and columns:
        handle.write((",".join(column_label(c) for c in technical_last(columns)) + "\r\n").encode("utf-8"))
    return written


def to_xlsx(rows: pd.DataFrame, filters_description: str, build_info: Mapping[str, str] | str,
            documents: pd.DataFrame | None = None) -> bytes:
    """The rows as .xlsx bytes (see write_xlsx)."""
    with tempfile.TemporaryDirectory(prefix="health-targets-xlsx-") as folder:
        path = Path(folder) / "download.xlsx"
        write_xlsx([rows], path, filters_description, build_info, documents)
        return path.read_bytes()


def write_xlsx(batches: Iterable[pd.DataFrame], path: Path, filters_description: str,
               build_info: Mapping[str, str] | str, documents: pd.DataFrame | None = None,
               columns: list[str] | None = None) -> int:
    """Sheet 数据: the rows (numbers as numbers); sheet 说明: the filters, build date and sources.
    Returns the row count.

    Written row by row in xlsxwriter's constant-memory mode to a file: memory stays that of one
    batch whatever the number of rows. `columns` names the detail columns when there may be no
    batch at all (an empty selection still gets its header row).
    """
    # Text is written as text: never as formulas, URLs or numbers guessed from strings.
    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "tmpdir": str(Path(path).parent), "strings_to_formulas": False,
        "strings_to_urls": False, "strings_to_numbers": False})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                  "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(DATA_SHEET)
    labels: list[str] | None = None
    written = 0

    def write_header(names: list[str]) -> None:
        for col, name in enumerate(names):
            width = 40 if name in (column_label("source_text"), column_label("doc_title")) else 12
            sheet.set_column(col, col, width, wrap if width > 12 else None)
            sheet.write_string(0, col, str(name), header)

    for batch in batches:
        frame = readable_frame(batch)
        if labels is None:
            labels = list(frame.columns)
            write_header(labels)
        for record in frame.itertuples(index=False):
            written += 1
            for col, value in enumerate(record):
                _write_cell(sheet, written, col, value)
    if labels is None:
        labels = [column_label(c) for c in technical_last(columns or [])]
        write_header(labels)
    sheet.freeze_panes(1, 0)
    if labels:
        sheet.autofilter(0, 0, max(written, 1), len(labels) - 1)
    frame_rows = written

    notes = workbook.add_worksheet(NOTES_SHEET)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 90, wrap)
    lines = [("内容", "卫生健康规划目标与基线（每行一个数值，来自规划文件原文）"),
             ("行数", str(frame_rows)),
             ("筛选条件", filters_description)]
    if isinstance(build_info, str):
        lines.append(("数据生成日期", build_info))
    else:
        lines += [(str(k), str(v)) for k, v in build_info.items()]
    lines.append(("说明", "“原文数值”与“原文句子”照录文件原文；以 = + - @ 开头的文字前加了单引号，"
                          "以免被当作公式执行。"))
    for row_index, (key, value) in enumerate(lines):
        notes.write_string(row_index, 0, key, header)
        notes.write_string(row_index, 1, neutralise(value))
    if documents is not None and not documents.empty:
        start = len(lines) + 1
        notes.write_string(start, 0, "来源文件", header)
        columns = [c for c in ("region", "title", "issuer", "date", "url") if c in documents.columns]
        for col, name in enumerate(columns, start=1):
            notes.write_string(start, col, column_label(name), header)
        for offset, record in enumerate(documents[columns].itertuples(index=False), start=1):
            for col, value in enumerate(record, start=1):
                notes.write_string(start + offset, col, neutralise(_text(value)))
    workbook.close()
    return written


def _write_cell(sheet, row: int, col: int, value) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        sheet.write_blank(row, col, None)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        sheet.write_number(row, col, float(value) if isinstance(value, (float, np.floating)) else int(value))
    else:
        sheet.write_string(row, col, neutralise(str(value)))


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def file_name(stem: str, extension: str) -> str:
    return f"{stem}.{extension}"
