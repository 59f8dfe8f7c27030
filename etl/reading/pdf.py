"""PDF plans (text PDFs): running text in reading order, ruled tables flattened in place.

What a PDF gives is positioned characters, not paragraphs. This module rebuilds the text a
reader sees, from the geometry of the characters (pdfplumber):

- lines: characters that share a baseline band, left to right; no space is put between two
  Chinese characters that justified text merely spaced apart;
- paragraphs: Chinese PDFs break lines at the page width, so a line that runs to the right
  margin continues on the next line unless that line starts a new paragraph (indented, a
  different type size, or after a wider gap). Documents that do not indent their paragraphs
  are joined only where the full line does not end a sentence (。；！？：);
- page furniture: running headers and footers (the same text, or the same text with another
  page number, at the top or bottom of many pages), page numbers, characters outside the
  page, and the red header (红头) of a government notice (the issuer's name in large red type
  above the red rule on page 1) are dropped; the title and 文号 lines in plain type stay;
- tables: ruled tables (pdfplumber's table finder on the visible lines) come out in the
  flattened layout of etl.reading.layout where they stand, with merged cells as column and
  row spans; a table that continues on the next page continues as rows of the same table.
  Indicator tables that a converter printed as runs of labelled records
  ("领域：… 指标：… 2015 年：… 2020 年：…", one record per paragraph) become tables too.

A PDF without a text layer (a scan) cannot be read: it is refused with one line saying so.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from etl.reading.errors import (
    CORRUPT_PDF,
    EMPTY_FILE,
    ENCRYPTED_PDF,
    IMAGE_NAMED_PDF,
    NOT_FOUND,
    PDF_TOO_LARGE,
    PDF_TOO_MANY_PAGES,
    PDF_WITHOUT_TEXT,
    PDF_WITHOUT_UNICODE,
    SCANNED_PDF,
    Unreadable,
    os_error_reason,
)
from etl.reading.layout import LineWriter, flatten_rows, join_cell_lines

# Text plans with their appendices run to a few MB (the 48-page national outline is 1 MB);
# files far larger are scans or image-heavy, and pdfminer keeps a parsed file in memory at
# several times its size, so a limit keeps one bad file from exhausting a build machine.
MAX_PDF_BYTES = 100 * 1024 * 1024
# The longest plans (a province's five-year health plan with appendices) have under 200
# pages; reading takes about 0.1 s per page, so 1,000 pages keeps one file under two minutes.
MAX_PDF_PAGES = 1000

# --- Geometry, in multiples of the body type size unless said otherwise ----------------------

# A line "runs to the right margin" when it ends within this of it: a full Chinese line ends
# less than a character short (punctuation that may not start a line pushes one across).
_FULL_LINE_SLACK = 1.5
# Lines whose type sizes differ by more than this share are set in different type.
_SIZE_TOLERANCE = 0.15
# Lines of a wrapped title follow each other within this many type sizes.
_TITLE_PITCH = 2.2
# A paragraph's first line starts about two characters right of the margin.
_MIN_INDENT = 1.0
# A gap between lines wider than this many times the usual line pitch ends a paragraph.
_PARAGRAPH_GAP = 1.6
# Type this much larger than the body, in red, above the red rule is the red header.
_RED_HEADER_SIZE = 1.25
# Without a red rule, the red header is looked for in this top share of page 1.
_RED_HEADER_ZONE = 0.4
# Share of body lines that must start indented for the document to mark paragraphs by indent.
_INDENTED_STYLE_SHARE = 0.05
# Characters spaced further apart than this (Latin, digits, or Chinese next to them) are
# separate words (Word puts a quarter character between Chinese and digits); Chinese characters
# are spaced apart by justification up to a full character.
_WORD_GAP = 0.15
_CJK_WORD_GAP = 1.0
# Running headers and footers are among the first and last lines of a page and recur at
# about the same height on at least this share of the pages (and at least two pages).
_EDGE_LINES = 3
_FURNITURE_PAGE_SHARE = 0.4
_FURNITURE_POSITION = 3.0
# A rule that is at least this share of the page wide (the red rule under a red header).
_RULE_WIDTH_SHARE = 0.4
# A PDF with more than this share of scanned pages is a scan. A scanned page is an image
# covering this share of the page with fewer characters than this on it (a portal's stamp or
# page number may be added to a scan as text).
_MAX_SCANNED_SHARE = 0.5
_SCAN_IMAGE_SHARE = 0.5
_SCAN_MAX_CHARS = 40
# More unmapped glyphs than this share means the text layer is unreadable.
_MAX_UNMAPPED_SHARE = 0.3
# Coordinates closer than this (points) are the same table boundary.
_BOUNDARY_TOLERANCE = 2.0

_SENTENCE_ENDINGS = "。；！？：;!?:"
_CLOSING_MARKS = "”’」』）)"
_SPACES = " \u3000\xa0\t"
_DECORATION = re.compile(r"^[\s★☆■□◆◇●○▲△※—\-_=─━]+$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_PAGE_NUMBER_LENGTH = 8
_APPENDIX_HEADING = re.compile(r"^(?:附件|附表|附录|附图)\s*\d")
_IMAGE_SIGNATURES = (
    (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"), (b"RIFF", "WebP"),
)
# A PDF may have bytes before its header; readers look for it in the first kilobyte.
_PDF_HEADER_WINDOW = 1024


# --- What a page holds -----------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    red: bool  # every character is red
    page: int


_Rows = list[list[tuple[str, int, int]]]  # (text, colspan, rowspan), as flatten_rows takes


@dataclass
class _Table:
    rows: _Rows
    columns: list[float]  # the x positions of the column boundaries
    top: float
    page: int


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_Table]
    red_rule_top: float | None  # the top of the first wide red rule, if any
    scanned: bool  # a page-sized image with next to no text on it
    unmapped: int = 0  # glyphs without a Unicode value ("(cid:123)")
    chars: int = 0


@dataclass
class _Margins:
    left: float
    right: float


@dataclass
class _Geometry:
    body_size: float
    line_pitch: float
    indented_style: bool
    margins: dict[int, _Margins] = field(default_factory=dict)


# --- Entry point -----------------------------------------------------------------------------


def pdf_to_text(path: Path) -> str:
    """The text of a text PDF: paragraphs one per line, tables flattened, furniture dropped."""
    _check_file(path)
    pages = _read_pages(path)
    _refuse_without_text(pages)
    body_size = _body_size(pages)
    geometry = _geometry(pages, body_size)
    _drop_page_furniture(pages, geometry)
    _drop_red_header(pages[0], body_size)
    blocks = _join_continued_tables(_reading_order(pages))
    return _render(_join_wrapped_lines(blocks, geometry))


# --- Opening the file ------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_PDF_HEADER_WINDOW)
    except FileNotFoundError:
        raise Unreadable(NOT_FOUND) from None
    except OSError as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    if size > MAX_PDF_BYTES:
        raise Unreadable(PDF_TOO_LARGE.format(
            size=round(size / 2**20), limit=MAX_PDF_BYTES // 2**20))
    if not head.strip():
        raise Unreadable(EMPTY_FILE)
    for signature, kind in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            raise Unreadable(IMAGE_NAMED_PDF.format(kind=kind))
    if b"%PDF-" not in head:
        raise Unreadable(CORRUPT_PDF)


def _read_pages(path: Path) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise Unreadable(PDF_TOO_MANY_PAGES.format(
                    pages=len(pdf.pages), limit=MAX_PDF_PAGES))
            return [_read_page(page, number) for number, page in enumerate(pdf.pages)]
    except Unreadable:
        raise
    except Exception as problem:  # pdfminer raises many kinds for a damaged file
        if _is_encryption_problem(problem, (PDFEncryptionError, PDFPasswordIncorrect)):
            raise Unreadable(ENCRYPTED_PDF) from None
        raise Unreadable(CORRUPT_PDF) from None


def _is_encryption_problem(problem: BaseException, kinds: tuple[type, ...]) -> bool:
    # pdfplumber wraps pdfminer's exceptions; look through the chain.
    while problem is not None:
        if isinstance(problem, kinds):
            return True
        if problem.args and isinstance(problem.args[0], kinds):
            return True
        problem = problem.__cause__ or problem.__context__
    return False


def _refuse_without_text(pages: list[_Page]) -> None:
    chars = sum(page.chars for page in pages)
    scanned_pages = sum(1 for page in pages if page.scanned)
    # A scan with a typed cover page would otherwise pass with its cover as the whole plan;
    # a scanned signature page at the end of a text PDF is fine.
    if scanned_pages > _MAX_SCANNED_SHARE * len(pages):
        raise Unreadable(SCANNED_PDF)
    if chars == 0:
        raise Unreadable(PDF_WITHOUT_TEXT)
    if sum(page.unmapped for page in pages) > _MAX_UNMAPPED_SHARE * chars:
        raise Unreadable(PDF_WITHOUT_UNICODE)


# --- One page: characters into lines, ruled tables into rows ---------------------------------


def _read_page(page, number: int) -> _Page:
    chars = [char for char in page.dedupe_chars().chars if _on_page(char, page)]
    unmapped = sum(1 for char in chars if char["text"].startswith("(cid:"))
    chars = [char for char in chars if not char["text"].startswith("(cid:")]
    chars = _without_rotated_page_numbers(chars)
    tables = _ruled_tables(page, number, chars)
    outside = [char for char in chars if not any(_inside(char, bbox) for bbox, _ in tables)]
    return _Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        lines=[_make_line(row, number) for row in _group_into_lines(outside)],
        tables=[table for _, table in tables],
        red_rule_top=_red_rule_top(page),
        scanned=_looks_scanned(page, len(chars)),
        unmapped=unmapped,
        chars=len(chars) + unmapped,
    )


def _looks_scanned(page, chars: int) -> bool:
    page_area = float(page.width) * float(page.height)
    image_area = max(
        ((image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) for image in page.images),
        default=0.0,
    )
    return image_area >= _SCAN_IMAGE_SHARE * page_area and chars < _SCAN_MAX_CHARS


def _on_page(char: dict, page) -> bool:
    # Some converters leave glyphs outside the visible page (a stray "X" beside the footer).
    x0, top, x1, bottom = page.bbox
    middle_x = (char["x0"] + char["x1"]) / 2
    middle_y = (char["top"] + char["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom and bool(char["text"])


def _without_rotated_page_numbers(chars: list[dict]) -> list[dict]:
    """Landscape pages in a portrait document print their number turned on its side ("— 6 —"
    read downwards in the margin); left in, its pieces would join the lines beside them."""
    by_left_edge: dict[int, list[dict]] = {}
    for char in chars:
        by_left_edge.setdefault(round(char["x0"]), []).append(char)
    dropped: set[int] = set()
    for char in chars:
        if not char["upright"] and id(char) not in dropped:
            dropped.update(id(c) for c in _rotated_page_number(by_left_edge, char))
    return [char for char in chars if id(char) not in dropped]


def _rotated_page_number(by_left_edge: dict[int, list[dict]], start: dict) -> list[dict]:
    """The longest run of characters stacked exactly above and below `start` (each within two
    widths of the next) that reads as a page number; empty if there is none."""
    left = round(start["x0"])
    column = sorted(
        (
            c for edge in (left - 1, left, left + 1) for c in by_left_edge.get(edge, ())
            if abs(c["x0"] - start["x0"]) <= 1 and abs(c["x1"] - start["x1"]) <= 1
        ),
        key=lambda c: c["top"],
    )
    reach = 2 * (start["x1"] - start["x0"])
    index = next(i for i, c in enumerate(column) if c is start)
    first = last = index
    # A page number is a few characters: look no further than that.
    while index - first < _PAGE_NUMBER_LENGTH and first > 0 and (
        column[first]["top"] - column[first - 1]["bottom"] <= reach
    ):
        first -= 1
    while last - index < _PAGE_NUMBER_LENGTH and last + 1 < len(column) and (
        column[last + 1]["top"] - column[last]["bottom"] <= reach
    ):
        last += 1
    runs = [column[i:j + 1] for i in range(first, index + 1) for j in range(index, last + 1)]
    numbers = [run for run in runs if _is_page_number("".join(c["text"] for c in run))]
    return max(numbers, key=len, default=[])


def _inside(char: dict, bbox: tuple[float, float, float, float]) -> bool:
    middle_x = (char["x0"] + char["x1"]) / 2
    middle_y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= middle_x <= bbox[2] and bbox[1] <= middle_y <= bbox[3]


def _group_into_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters whose vertical extents overlap by half form one line, left to right."""
    rows: list[list[dict]] = []
    bands: list[list[float]] = []  # [top, bottom] of each row
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        index = _overlapping_row(bands, char)
        if index is None:
            rows.append([char])
            bands.append([char["top"], char["bottom"]])
        else:
            rows[index].append(char)
            band = bands[index]
            band[0], band[1] = min(band[0], char["top"]), max(band[1], char["bottom"])
    return [sorted(row, key=lambda c: c["x0"]) for row in rows]


def _overlapping_row(bands: list[list[float]], char: dict) -> int | None:
    height = max(char["bottom"] - char["top"], 0.1)
    for index in range(len(bands) - 1, -1, -1):
        top, bottom = bands[index]
        if bottom < char["top"]:
            return None  # rows further up end even higher
        overlap = min(bottom, char["bottom"]) - max(top, char["top"])
        if overlap >= 0.5 * min(height, max(bottom - top, 0.1)):
            return index
    return None


def _line_text(chars: list[dict]) -> str:
    pieces: list[str] = []
    previous = None
    for char in chars:
        if previous is not None and _word_gap_between(previous, char):
            pieces.append(" ")
        pieces.append(char["text"])
        previous = char
    return "".join(pieces).strip(_SPACES)


def _word_gap_between(left: dict, right: dict) -> bool:
    if left["text"].isspace() or right["text"].isspace():
        return False  # the PDF's own space characters are kept as they are
    gap = right["x0"] - left["x1"]
    size = min(left["size"], right["size"])
    if _is_wide(left["text"]) and _is_wide(right["text"]):
        return gap > _CJK_WORD_GAP * size
    return gap > _WORD_GAP * size


def _is_wide(text: str) -> bool:
    return unicodedata.east_asian_width(text[:1]) in ("W", "F")


def _make_line(chars: list[dict], page: int) -> _Line:
    visible = [char for char in chars if not char["text"].isspace()] or chars
    return _Line(
        text=_line_text(chars),
        x0=min(char["x0"] for char in visible),
        x1=max(char["x1"] for char in visible),
        top=min(char["top"] for char in visible),
        bottom=max(char["bottom"] for char in visible),
        size=statistics.median(char["size"] for char in visible),
        red=all(_is_red(char.get("non_stroking_color")) for char in visible),
        page=page,
    )


def _is_red(color) -> bool:
    if not _is_numeric_colour(color):
        return False
    if len(color) == 3:
        red, green, blue = color
        return red >= 0.6 and green <= 0.35 and blue <= 0.35
    if len(color) == 4:  # CMYK: red is full magenta and yellow, little cyan and black
        cyan, magenta, yellow, black = color
        return cyan <= 0.3 and magenta >= 0.6 and yellow >= 0.6 and black <= 0.4
    return False


def _red_rule_top(page) -> float | None:
    tops = [
        shape["top"]
        for shape in (*page.rects, *page.lines)
        if shape["x1"] - shape["x0"] >= _RULE_WIDTH_SHARE * float(page.width)
        and shape["bottom"] - shape["top"] <= 8
        and (_is_red(shape.get("non_stroking_color")) or _is_red(shape.get("stroking_color")))
    ]
    return min(tops) if tops else None


# --- Ruled tables ----------------------------------------------------------------------------


def _ruled_tables(page, number: int, chars: list[dict]) -> list[tuple[tuple, _Table]]:
    """Tables drawn with lines, as (bbox, table); boxes of one row or one column are frames
    around text, not tables."""
    visible = page.filter(_is_visible_graphic)
    found = visible.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    tables = []
    for table in found:
        columns = _boundaries([x for cell in table.cells for x in (cell[0], cell[2])])
        rows = _boundaries([y for cell in table.cells for y in (cell[1], cell[3])])
        if len(columns) < 3 or len(rows) < 3:
            continue
        grid = _table_grid(chars, table.cells, columns, rows)
        if not any(text for row in grid for text, _, _ in row):
            continue
        tables.append((table.bbox, _Table(grid, columns, float(table.bbox[1]), number)))
    return tables


def _is_visible_graphic(obj: dict) -> bool:
    # Word shades each line of some documents with a white box; such boxes are not rules.
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    return bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))


def _is_white(color) -> bool:
    if isinstance(color, (int, float)):
        return color >= 0.95
    if not _is_numeric_colour(color):
        return False
    if len(color) == 4:  # CMYK: no ink
        return max(color) <= 0.05
    return min(color) >= 0.95


def _is_numeric_colour(color) -> bool:
    return isinstance(color, (tuple, list)) and bool(color) and all(
        isinstance(value, (int, float)) for value in color
    )


def _boundaries(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= _BOUNDARY_TOLERANCE:
            continue
        merged.append(value)
    return merged


def _position(boundaries: list[float], value: float) -> int:
    return min(range(len(boundaries)), key=lambda index: abs(boundaries[index] - value))


def _table_grid(chars: list[dict], cells, columns: list[float], rows: list[float]) -> _Rows:
    """Rows of (text, colspan, rowspan): each cell's spans are the column and row boundaries
    its box crosses; a position no cell covers (a missing rule) becomes an empty cell."""
    placed: dict[tuple[int, int], tuple[str, int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for x0, top, x1, bottom in cells:
        column, row = _position(columns, x0), _position(rows, top)
        colspan = max(1, _position(columns, x1) - column)
        rowspan = max(1, _position(rows, bottom) - row)
        placed[(row, column)] = (_cell_text(chars, (x0, top, x1, bottom)), colspan, rowspan)
        covered.update(
            (r, c) for r in range(row, row + rowspan) for c in range(column, column + colspan)
        )
    grid = []
    for row in range(len(rows) - 1):
        cells_in_row = []
        for column in range(len(columns) - 1):
            if (row, column) in placed:
                cells_in_row.append(placed[(row, column)])
            elif (row, column) not in covered:
                cells_in_row.append(("", 1, 1))
        grid.append(cells_in_row)
    return grid


def _cell_text(chars: list[dict], bbox: tuple[float, float, float, float]) -> str:
    inside = [char for char in chars if _inside(char, bbox)]
    return join_cell_lines([_line_text(row) for row in _group_into_lines(inside)])


# --- Furniture: running headers and footers, page numbers, the red header --------------------


def _body_size(pages: list[_Page]) -> float:
    sizes = [round(line.size * 2) / 2 for page in pages for line in page.lines for _ in line.text]
    return statistics.mode(sizes) if sizes else 12.0


def _drop_page_furniture(pages: list[_Page], geometry: _Geometry) -> None:
    recurring = _recurring_edge_lines(pages, geometry)
    for page in pages:
        edges = {id(line) for line in _edge_lines(page)}
        page.lines = [
            line for line in page.lines
            if not (id(line) in edges and _is_furniture(line, page, recurring, geometry))
        ]


def _is_furniture(line: _Line, page: _Page, recurring: set, geometry: _Geometry) -> bool:
    if _is_page_number(line.text):
        return True
    # Appendices each head their first page "附件 N": numbered like pages, but content.
    if _APPENDIX_HEADING.match(line.text) or _spans_text_block(line, geometry):
        return False
    return _signature(line, page) in recurring


def _edge_lines(page: _Page) -> list[_Line]:
    return page.lines[:_EDGE_LINES] + page.lines[-_EDGE_LINES:]


def _spans_text_block(line: _Line, geometry: _Geometry) -> bool:
    # Running headers and footers are short; a line from margin to margin is the body's own.
    margins = geometry.margins[line.page]
    return line.x0 <= margins.left + line.size and _reaches_right_margin(line, margins)


def _signature(line: _Line, page: _Page) -> tuple[str, str, int]:
    # Text with page numbers made alike, which edge of the page, and the height from that
    # edge in steps of a few type sizes: the same header on every page has one signature.
    text = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
    from_top = line.top < page.height / 2
    distance = line.top if from_top else page.height - line.bottom
    height_step = round(distance / (_FURNITURE_POSITION * line.size))
    return text, "top" if from_top else "bottom", height_step


def _recurring_edge_lines(pages: list[_Page], geometry: _Geometry) -> set[tuple[str, str, int]]:
    if len(pages) < 2:
        return set()
    counts: dict[tuple[str, str, int], int] = {}
    for page in pages:
        signatures = {
            _signature(line, page)
            for line in _edge_lines(page)
            if not _spans_text_block(line, geometry)
        }
        for signature in signatures:
            counts[signature] = counts.get(signature, 0) + 1
    needed = max(2, _FURNITURE_PAGE_SHARE * len(pages))
    return {signature for signature, count in counts.items() if count >= needed}


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _drop_red_header(page: _Page, body_size: float) -> None:
    """Drop the red header: lines all in red above the red rule (or near the top of page 1
    without one) set in large type, or red decoration such as the star on the rule."""
    limit = page.red_rule_top if page.red_rule_top is not None else _RED_HEADER_ZONE * page.height
    page.lines = [
        line for line in page.lines
        if not (
            line.red
            and line.bottom <= limit + body_size
            and (line.size >= _RED_HEADER_SIZE * body_size or _DECORATION.match(line.text))
        )
    ]


# --- Reading order and paragraphs ------------------------------------------------------------


def _reading_order(pages: list[_Page]) -> list[_Line | _Table]:
    blocks: list[_Line | _Table] = []
    for page in pages:
        blocks.extend(sorted([*page.lines, *page.tables], key=lambda block: block.top))
    return blocks


def _join_continued_tables(blocks: list[_Line | _Table]) -> list[_Line | _Table]:
    """A table that ends one page and one with the same columns that starts the next page
    are one table; a header row repeated on the new page is left out."""
    joined: list[_Line | _Table] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            isinstance(block, _Table)
            and isinstance(previous, _Table)
            and block.page == previous.page + 1
            and _same_columns(block.columns, previous.columns)
        ):
            rows = block.rows[1:] if block.rows[:1] == previous.rows[:1] else block.rows
            joined[-1] = _Table(previous.rows + rows, previous.columns, previous.top, block.page)
        else:
            joined.append(block)
    return joined


def _same_columns(first: list[float], second: list[float]) -> bool:
    return len(first) == len(second) and all(
        abs(a - b) <= 2 * _BOUNDARY_TOLERANCE for a, b in zip(first, second)
    )


def _geometry(pages: list[_Page], body_size: float) -> _Geometry:
    body_lines = [line for page in pages for line in page.lines if _is_body(line, body_size)]
    geometry = _Geometry(
        body_size=body_size,
        line_pitch=_line_pitch(pages, body_size),
        indented_style=_share_indented(body_lines, _margins_of(body_lines), body_size)
        >= _INDENTED_STYLE_SHARE,
    )
    # Margins are measured over all pages of one layout: odd and even pages may mirror each
    # other, and landscape pages (appendix tables) have their own. One page alone is too
    # little to go by: a page of a hanging list would take the list's indent for its margin.
    for layout_pages in _pages_by_layout(pages).values():
        lines = [line for page in layout_pages for line in page.lines if _is_body(line, body_size)]
        margins = _margins_of(lines)
        for page in layout_pages:
            geometry.margins[page.number] = margins
    return geometry


def _pages_by_layout(pages: list[_Page]) -> dict[tuple, list[_Page]]:
    groups: dict[tuple, list[_Page]] = {}
    for page in pages:
        groups.setdefault((round(page.width), round(page.height), page.number % 2), []).append(page)
    return groups


def _is_body(line: _Line, body_size: float) -> bool:
    return abs(line.size - body_size) <= _SIZE_TOLERANCE * body_size


def _margins_of(lines: list[_Line]) -> _Margins:
    if not lines:
        return _Margins(0.0, 0.0)
    starts = sorted(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines)
    # Most lines start at the left margin and most run to the right one.
    return _Margins(starts[len(starts) // 10], ends[(len(ends) * 9) // 10])


def _share_indented(lines: list[_Line], margins: _Margins, body_size: float) -> float:
    if not lines:
        return 0.0
    indented = [
        line for line in lines if _MIN_INDENT * body_size <= line.x0 - margins.left <= 4 * body_size
    ]
    return len(indented) / len(lines)


def _line_pitch(pages: list[_Page], body_size: float) -> float:
    steps = [
        later.top - earlier.top
        for page in pages
        for earlier, later in zip(page.lines, page.lines[1:])
        if _is_body(earlier, body_size) and _is_body(later, body_size) and later.top > earlier.top
    ]
    return statistics.median(steps) if steps else 2 * body_size


def _join_wrapped_lines(blocks: list[_Line | _Table], geometry: _Geometry) -> list[str | _Rows]:
    """Paragraph texts and table rows in reading order."""
    result: list[str | _Rows] = []
    previous: _Line | None = None
    for block in blocks:
        if isinstance(block, _Table):
            result.append(block.rows)
            previous = None
            continue
        if previous is not None and _continues(previous, block, geometry):
            result[-1] = _joined(result[-1], block.text)
        else:
            result.append(block.text)
        previous = block
    return result


def _continues(line: _Line, following: _Line, geometry: _Geometry) -> bool:
    """Whether `following` carries on the paragraph that `line` wraps."""
    margins = geometry.margins[line.page]
    next_margins = geometry.margins[following.page]
    if _is_title_line(line, geometry) or _is_title_line(following, geometry):
        return _title_continues(line, following, margins)
    if not _reaches_right_margin(line, margins):
        return False  # a short line: a heading or the end of a paragraph
    if abs(following.size - line.size) > _SIZE_TOLERANCE * line.size:
        return False
    wide_gap = following.top - line.top > _PARAGRAPH_GAP * geometry.line_pitch
    if following.page == line.page and wide_gap:
        return False
    if following.x0 - next_margins.left >= _MIN_INDENT * following.size:
        return False  # an indented (or centred) line starts a paragraph
    if geometry.indented_style:
        return True  # paragraphs are marked by their indent; a full line ending 。 goes on
    return not line.text.rstrip(_CLOSING_MARKS).endswith(tuple(_SENTENCE_ENDINGS))


def _reaches_right_margin(line: _Line, margins: _Margins) -> bool:
    return line.x1 >= margins.right - _FULL_LINE_SLACK * line.size


def _is_title_line(line: _Line, geometry: _Geometry) -> bool:
    return line.size > (1 + _SIZE_TOLERANCE) * geometry.body_size


def _title_continues(line: _Line, following: _Line, margins: _Margins) -> bool:
    # A title in large type wraps as centred lines: the first spans the width, the next one
    # is centred under it in the same type.
    centre = (line.x0 + line.x1) / 2
    return (
        line.page == following.page
        and abs(following.size - line.size) <= _SIZE_TOLERANCE * line.size
        and _reaches_right_margin(line, margins)
        and abs((following.x0 + following.x1) / 2 - centre) <= line.size
        and following.top - line.top <= _TITLE_PITCH * line.size
    )


def _joined(text: str, continuation: str) -> str:
    # Latin words and numbers broken at the line end keep a space between them.
    if _is_latin_alnum(text[-1:]) and _is_latin_alnum(continuation[:1]):
        return f"{text} {continuation}"
    return text + continuation


def _is_latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


# --- Labelled records: an indicator table printed one record per paragraph -------------------

# A label is a year ("2015 年", which may follow the previous value without a space where a
# line wrapped), or a short run without spaces after the start of the paragraph or a space;
# a colon ends it.
_LABEL = re.compile(
    r"(?:(?<!\d)((?:19|20)\d{2}\s?年[^\s:：]{0,4})|(?:^|(?<=\s))([^\s:：，,。；;]{1,10}))[:：]"
)
_MIN_RECORD_LABELS = 3
_MIN_RECORDS = 2


def _labelled_record(text: str) -> list[tuple[str, str]] | None:
    matches = list(_LABEL.finditer(text))
    if len(matches) < _MIN_RECORD_LABELS or matches[0].start() != 0:
        return None
    fields = []
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following else len(text)
        label = match.group(1) or match.group(2)
        fields.append((label, text[match.end():end].strip(_SPACES)))
    return fields


def _record_tables(blocks: list[str | _Rows]) -> list[str | _Rows]:
    """Runs of paragraphs that are records with the same labels become tables (the labels are
    the header row); every other block is left as it is."""
    result: list[str | _Rows] = []
    index = 0
    while index < len(blocks):
        run = _record_run(blocks, index)
        if len(run) >= _MIN_RECORDS:
            header = [(label, 1, 1) for label, _ in run[0]]
            result.append([header] + [[(value, 1, 1) for _, value in record] for record in run])
            index += len(run)
        else:
            result.append(blocks[index])
            index += 1
    return result


def _record_run(blocks: list[str | _Rows], start: int) -> list[list[tuple[str, str]]]:
    run: list[list[tuple[str, str]]] = []
    labels = None
    for block in blocks[start:]:
        record = _labelled_record(block) if isinstance(block, str) else None
        if record is None:
            break
        record_labels = [re.sub(r"\s+", "", label) for label, _ in record]
        if labels is not None and record_labels != labels:
            break
        labels = record_labels
        run.append(record)
    return run


def _render(blocks: list[str | _Rows]) -> str:
    lines = LineWriter()
    for block in _record_tables(blocks):
        if isinstance(block, str):
            lines.write(block)
            lines.end_line()
        else:
            lines.add_raw_lines(flatten_rows(block))
    return lines.text()
