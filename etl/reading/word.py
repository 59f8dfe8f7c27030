"""Word (.docx): body paragraphs and tables in document order, merged cells kept in place."""
from __future__ import annotations

from pathlib import Path

from etl.reading.errors import CORRUPT_WORD_FILE, NOT_FOUND, Unreadable, os_error_reason
from etl.reading.layout import LineWriter, cell_span, flatten_rows, join_cell_lines



def docx_to_text(path: Path) -> str:
    """Body paragraphs and tables in document order."""
    from docx import Document
    from docx.oxml.ns import qn

    if not path.exists():
        raise Unreadable(NOT_FOUND)
    if path.is_dir():
        raise Unreadable(os_error_reason(path, IsADirectoryError()))
    try:
        document = Document(str(path))
    except OSError as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    except Exception:  # python-docx raises many kinds for a damaged package
        raise Unreadable(CORRUPT_WORD_FILE) from None

    lines = LineWriter()
    for element in _body_blocks(document.element.body, qn):
        if element.tag == qn("w:p"):
            lines.write(_paragraph_text(element, qn).replace("\t", " "))
            lines.end_line()
        elif element.tag == qn("w:tbl"):
            lines.add_raw_lines(flatten_rows(_word_table_rows(element, qn)))
    return lines.text()


def _body_blocks(body, qn):
    # Content controls (w:sdt) wrap ordinary paragraphs and tables; look inside them.
    for element in body.iterchildren():
        if element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_blocks(content, qn)
        elif element.tag in (qn("w:p"), qn("w:tbl")):
            yield element


def _paragraph_text(paragraph, qn) -> str:
    # Text of runs, including those inside hyperlinks and tracked insertions; tabs and
    # breaks as Word shows them.
    pieces = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:tab"):
            pieces.append("\t")
        else:
            pieces.append("\n")
    return "".join(pieces)


_WordCell = tuple[str, int, "str | None"]  # text, grid span, vertical merge mark


def _word_table_rows(table, qn) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, colspan, rowspan) from Word's grid spans and vertical merges."""
    grid: list[list[_WordCell]] = []
    for row in table.iterchildren(qn("w:tr")):
        cells = []
        for cell in row.iterchildren(qn("w:tc")):
            properties = cell.find(qn("w:tcPr"))
            span, merge = 1, None
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = cell_span(grid_span.get(qn("w:val")))
                vertical = properties.find(qn("w:vMerge"))
                if vertical is not None:
                    merge = vertical.get(qn("w:val")) or "continue"
            text = join_cell_lines(
                [_paragraph_text(p, qn) for p in cell.iter(qn("w:p"))]
            )
            cells.append((text, span, merge))
        grid.append(cells)
    return _word_grid_to_rows(grid)


def _word_grid_to_rows(grid: list[list[_WordCell]]) -> list[list[tuple[str, int, int]]]:
    # Word marks a vertical merge as "restart" then "continue" cells in later rows; count the
    # continuations to get a rowspan, and leave the continuation cells out (the flattener
    # writes them as empty cells).
    columns = [_columns_of(cells) for cells in grid]
    rows: list[list[tuple[str, int, int]]] = []
    for row_index, cells in enumerate(grid):
        row = []
        for (text, span, merge), column in zip(cells, columns[row_index]):
            if merge == "continue":
                continue
            rowspan = 1
            if merge == "restart":
                for later in range(row_index + 1, len(grid)):
                    below = dict(zip(columns[later], grid[later]))
                    if column in below and below[column][2] == "continue":
                        rowspan += 1
                    else:
                        break
            row.append((text, span, rowspan))
        rows.append(row)
    return rows


def _columns_of(cells: list[_WordCell]) -> list[int]:
    columns, column = [], 0
    for _, span, _ in cells:
        columns.append(column)
        column += span
    return columns
