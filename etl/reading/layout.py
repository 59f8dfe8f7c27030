"""Tables and lines as every reader hands them on: one block per line, tables flattened.

Tables come out in the flattened layout used by plain-text sources: each cell on its own line
prefixed by a tab (an empty cell is a line holding just a tab) and a blank line after each
row. A merged cell is written once, where it starts, and every other column and row it covers
gets an empty cell, so each value keeps the column of its header (目标值 over 2025年 | 2026年,
≥45 for both years). A row that is one cell across the table (a title, a group such as
健康水平, a note) stays one cell.
"""
from __future__ import annotations


class LineWriter:
    """Collects inline text into lines; block boundaries end the current line."""

    def __init__(self):
        self._lines: list[str] = []
        self._current: list[str] = []

    def write(self, text: str) -> None:
        self._current.append(text)

    def end_line(self) -> None:
        line = "".join(self._current).strip(" ")
        self._current = []
        if line:
            self._lines.append(line)

    def add_raw_lines(self, lines: list[str]) -> None:
        self.end_line()
        if self._lines and self._lines[-1] != "":
            self._lines.append("")
        self._lines.extend(lines)

    def text(self) -> str:
        self.end_line()
        return "\n".join(self._lines)



def cell_span(value: str | None) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return 1


def join_cell_lines(parts: list[str]) -> str:
    # A cell is one line: its paragraphs join without a gap between Chinese characters and
    # with a space between Latin words or numbers.
    text = ""
    for part in (part.strip().replace("\t", " ") for part in parts):
        if not part:
            continue
        if text and text[-1].isascii() and part[0].isascii():
            text += " "
        text += part
    return text


def flatten_rows(rows: list[list[tuple[str, int, int]]]) -> list[str]:
    """Flattened table lines from rows of (text, colspan, rowspan).

    A merged cell is written once, in its first row and column; the other columns it spans get
    empty cells, and each later row it covers gets empty cells at its position, so rows keep
    their shape where a value spans several columns or rows.
    """
    lines: list[str] = []
    # column index -> (rows still covered, columns covered) for cells merged downwards
    covering: dict[int, tuple[int, int]] = {}
    for cells in rows:
        column = 0
        remaining = iter(cells)
        next_cell = next(remaining, None)
        while next_cell is not None or any(start >= column for start in covering):
            if column in covering:
                rows_left, width = covering[column]
                lines.extend(["\t"] * width)
                if rows_left > 1:
                    covering[column] = (rows_left - 1, width)
                else:
                    del covering[column]
                column += width
                continue
            if next_cell is None:
                column = min(start for start in covering if start >= column)
                continue
            text, colspan, rowspan = next_cell
            lines.append("\t" + text)
            alone = len(cells) == 1 and not covering
            if not alone:
                lines.extend(["\t"] * (colspan - 1))
            if rowspan > 1:
                covering[column] = (rowspan - 1, colspan)
            column += colspan
            next_cell = next(remaining, None)
        lines.append("")
    return lines

