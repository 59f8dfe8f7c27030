"""Read a source document (plain text, HTML or Word) into the canonical text of the build.

`read_document` is the only door: whatever the format, the result is decoded, normalised
(etl.normalize) and stripped of web-page chrome (etl.chrome). Anything wrong with the file
becomes a `SourceError` whose message an official can act on.

Tables in HTML and Word files come out in the flattened layout used by plain-text sources:
each cell on its own line prefixed by a tab (an empty cell is a line holding just a tab) and a
blank line after each row. A merged cell is written once, where it starts; the rows a vertical
merge reaches into get an empty cell in its place.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from etl.chrome import strip_page_chrome
from etl.normalize import normalize_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
WORD_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES

EMPTY_FILE = "文件为空"
BINARY_FILE = "不是文本文件（看起来是二进制数据）"
UNKNOWN_ENCODING = "无法识别的编码"
NOT_FOUND = "文件不存在"
CORRUPT_WORD_FILE = "无法打开 Word 文件（文件已损坏，或并不是 .docx 格式）"
ONLY_CHROME = "文件中只有网页导航和页脚，没有正文"


class SourceError(Exception):
    """A source document that cannot be read; str() is "<file name>: <reason>"."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(path, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


def read_document(path: Path | str) -> str:
    """Return the document's text: decoded, normalised and without page chrome."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(path, _unsupported_reason(suffix))
    try:
        if suffix in WORD_SUFFIXES:
            raw_text = _docx_to_text(path)
        else:
            data = _read_bytes(path)
            if suffix in HTML_SUFFIXES:
                raw_text = html_to_text(decode_html(data))
            else:
                raw_text = decode_text(data)
    except _Unreadable as problem:
        raise SourceError(path, problem.reason) from None
    text = normalize_text(raw_text)
    if not text.strip():
        raise SourceError(path, EMPTY_FILE)
    text = strip_page_chrome(text)
    if not text.strip():
        raise SourceError(path, ONLY_CHROME)
    return text


class _Unreadable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _unsupported_reason(suffix: str) -> str:
    supported = "、".join(SUPPORTED_SUFFIXES)
    if suffix == ".doc":
        return f"不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入（支持的格式：{supported}）"
    if not suffix:
        return f"文件没有扩展名，无法判断格式（支持的格式：{supported}）"
    return f"不支持 {suffix} 格式的文件（支持的格式：{supported}）"


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise _Unreadable(_os_error_reason(path, problem)) from None
    if not data.strip():
        raise _Unreadable(EMPTY_FILE)
    return data


def _os_error_reason(path: Path, problem: OSError) -> str:
    if isinstance(problem, FileNotFoundError):
        return NOT_FOUND
    if isinstance(problem, IsADirectoryError) or path.is_dir():
        return "这是一个文件夹，不是文件"
    if isinstance(problem, PermissionError):
        return "没有读取这个文件的权限"
    return f"无法读取文件（{problem.strerror or problem}）"


# --- Plain text: finding the encoding ---------------------------------------------------

# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of the binary files most often misnamed .txt (images, PDF, Office, archives).
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BM", b"II*\x00", b"MM\x00*",
    b"\x7fELF", b"MZ",
)
_SAMPLE_BYTES = 65536
# Control bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_MAX_CONTROL_SHARE = 0.08
_MIN_UTF16_ZERO_SHARE = 0.02
# GBK/GB18030 and Chinese UTF-16 are what Chinese offices save; Big5 covers traditional script.
_CHINESE_ENCODINGS = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
# Share of characters that must fall in GB2312 (the everyday simplified set) before a
# successful GB18030 decode is trusted without asking charset-normalizer.
_MIN_GB2312_SHARE = 0.9


def decode_text(data: bytes) -> str:
    """Decode a plain-text file's bytes; raise _Unreadable for binary data or unknown encodings.

    Order matters: a strict UTF-8 decode is nearly never wrong when it succeeds, while
    statistical detection is easily fooled on short GBK texts.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strictly(data[len(bom):], encoding)
    if data.startswith(_BINARY_SIGNATURES):
        raise _Unreadable(BINARY_FILE)
    utf16_text = _utf16_without_bom(data)
    if utf16_text is not None:
        return utf16_text
    if _control_share(data[:_SAMPLE_BYTES]) > _MAX_CONTROL_SHARE:
        raise _Unreadable(BINARY_FILE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        # A file cut off inside its last character (a truncated download or copy) is still
        # UTF-8: keep everything before the incomplete character.
        if problem.reason == "unexpected end of data" and len(data) - problem.start < 4:
            return data[:problem.start].decode("utf-8")
    try:
        text = data.decode("gb18030")
        if _gb2312_share(text[:_SAMPLE_BYTES]) >= _MIN_GB2312_SHARE:
            return text
    except UnicodeDecodeError:
        pass
    return _decode_with_detection(data)


def _decode_strictly(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _Unreadable(UNKNOWN_ENCODING) from None


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 Chinese text has zero bytes from ASCII digits, spaces and newlines on one side of
    # each code unit, and only a few on the other (from characters such as 一 U+4E00);
    # binary data has them on both sides alike.
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or len(data) % 2:
        return None
    units = len(sample) // 2
    zeros_even = sample[0::2].count(0) / units
    zeros_odd = sample[1::2].count(0) / units
    if zeros_odd >= _MIN_UTF16_ZERO_SHARE and zeros_even <= zeros_odd / 4:
        encoding = "utf-16-le"
    elif zeros_even >= _MIN_UTF16_ZERO_SHARE and zeros_odd <= zeros_even / 4:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _gb2312_share(text: str) -> float:
    if not text:
        return 0.0
    # Each character outside GB2312 turns into one "?" when encoded with replacement.
    outside = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
    return 1 - outside / len(text)


def _decode_with_detection(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None:
        raise _Unreadable(UNKNOWN_ENCODING)
    encoding = best.encoding
    # GB18030 decodes everything GBK and GB2312 do, and more.
    if encoding in ("gbk", "gb2312", "cp936"):
        encoding = "gb18030"
    return _decode_strictly(data, encoding)


# --- HTML ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Pages declaring GBK or GB2312 often hold characters only GB18030 has.
_ENCODING_ALIASES = dict.fromkeys(("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936"), "gb18030")


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: byte-order mark first, then the page's <meta charset>, then the
    same detection as plain text."""
    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            encoding = _ENCODING_ALIASES.get(encoding, encoding)
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall back to detection
    return decode_text(data)


# Elements that are never document text.
_ALWAYS_DROPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "svg",
    "canvas", "button", "select", "head", "title",
})
# Search boxes and login forms are chrome, but old portals wrap the whole page in one <form>:
# a form is dropped only when it holds no paragraphs, headings or tables.
_DOCUMENT_BLOCKS = "p, table, h1, h2, h3, h4, article"
# id/class words of navigation bars, breadcrumbs (often named "position"/"location" on Chinese
# portals), share bars and footers.
_CHROME_NAME = re.compile(
    r"nav|menu|footer|breadcrumb|crumb|share|toolbar|tool-bar|sidebar|copyright|"
    r"topbar|top-bar|location|position",
    re.IGNORECASE,
)
# Containers never dropped by name, however they are classed (they hold the document).
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
_ARTICLE_TAGS = frozenset({"main", "article"})
# Above this much text an element named like chrome is a page wrapper, unless most of its text
# is links (a long menu).
_MAX_CHROME_TEXT = 600
_MIN_MENU_LINK_SHARE = 0.5
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
    "center", "tr", "td", "th", "table", "caption", "hr", "body", "html", "fieldset", "legend",
    "details", "summary", "header",
})
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")  # HTML whitespace only: &nbsp; survives


def html_to_text(html: str) -> str:
    """Text of an HTML page, one block per line, tables flattened."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body
    if root is None:
        return ""
    _drop_chrome_elements(root)
    lines = _LineWriter()
    _render_block(root, lines)
    return lines.text()


def _drop_chrome_elements(node) -> None:
    # Top-down, never looking inside an element once it is dropped.
    for child in list(node.iter()):
        if _is_chrome_element(child):
            child.decompose()
        else:
            _drop_chrome_elements(child)


def _is_chrome_element(node) -> bool:
    if node.tag in _ALWAYS_DROPPED:
        return True
    if node.tag in _CONTENT_TAGS:
        return False
    if node.tag == "form":
        return node.css_first(_DOCUMENT_BLOCKS) is None
    if node.tag == "header":
        # A page's header is the site banner; an article's own header holds its title.
        return not _inside(node, _ARTICLE_TAGS) and _is_small_or_menu(node)
    return _has_chrome_name(node) and _is_small_or_menu(node)


def _is_small_or_menu(node) -> bool:
    text_length = len(node.text(deep=True, strip=True))
    if text_length <= _MAX_CHROME_TEXT:
        return True
    link_length = sum(len(link.text(deep=True, strip=True)) for link in node.css("a"))
    return link_length >= _MIN_MENU_LINK_SHARE * text_length


def _inside(node, tags: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _has_chrome_name(node) -> bool:
    attributes = node.attributes or {}
    names = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
    return bool(_CHROME_NAME.search(names))


class _LineWriter:
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


def _render_block(node, lines: _LineWriter) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            lines.write(_WHITESPACE_RUN.sub(" ", child.text(deep=False)))
        elif tag == "br":
            lines.end_line()
        elif tag == "table" and not _is_layout_table(child):
            lines.add_raw_lines(_flatten_rows(_html_table_rows(child)))
        elif tag in _BLOCK_TAGS:
            lines.end_line()
            _render_block(child, lines)
            lines.end_line()
        elif tag.startswith("-"):
            continue  # comments, doctype
        else:
            _render_block(child, lines)


def _is_layout_table(table) -> bool:
    # Old portals lay out whole pages with tables; only grids of short cells are data tables.
    rows = _direct_rows(table)
    if not rows or max(len(_row_cells(row)) for row in rows) < 2:
        return True
    if len(table.css("table")) > 1:  # the list includes the table itself
        return True
    for row in rows:
        for cell in _row_cells(row):
            if cell.css_first("h1, h2, h3") or len(cell.css("p")) > 5:
                return True
    return False


def _direct_rows(table) -> list:
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child.iter() if row.tag == "tr")
    return rows


def _row_cells(row) -> list:
    return [cell for cell in row.iter() if cell.tag in ("td", "th")]


def _html_table_rows(table) -> list[list[tuple[str, int, int]]]:
    """Rows of (cell text, colspan, rowspan)."""
    rows = []
    for row in _direct_rows(table):
        cells = []
        for cell in _row_cells(row):
            attributes = cell.attributes or {}
            cells.append((
                _cell_text(cell),
                _span(attributes.get("colspan")),
                _span(attributes.get("rowspan")),
            ))
        rows.append(cells)
    return rows


def _cell_text(cell) -> str:
    writer = _LineWriter()
    _render_block(cell, writer)
    return _join_cell_lines(writer.text().split("\n"))


def _span(value: str | None) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return 1


def _join_cell_lines(parts: list[str]) -> str:
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


def _flatten_rows(rows: list[list[tuple[str, int, int]]]) -> list[str]:
    """Flattened table lines from rows of (text, colspan, rowspan).

    A merged cell is written once, in its first row; each later row it covers gets one empty
    cell at its position, so rows keep their shape where a value spans several rows.
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
                lines.append("\t")
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
            if rowspan > 1:
                covering[column] = (rowspan - 1, colspan)
            column += colspan
            next_cell = next(remaining, None)
        lines.append("")
    return lines


# --- Word (.docx) ---------------------------------------------------------------------------


def _docx_to_text(path: Path) -> str:
    """Body paragraphs and tables in document order."""
    from docx import Document
    from docx.oxml.ns import qn

    if not path.exists():
        raise _Unreadable(NOT_FOUND)
    if path.is_dir():
        raise _Unreadable(_os_error_reason(path, IsADirectoryError()))
    try:
        document = Document(str(path))
    except OSError as problem:
        raise _Unreadable(_os_error_reason(path, problem)) from None
    except Exception:  # python-docx raises many kinds for a damaged package
        raise _Unreadable(CORRUPT_WORD_FILE) from None

    lines = _LineWriter()
    for element in _body_blocks(document.element.body, qn):
        if element.tag == qn("w:p"):
            lines.write(_paragraph_text(element, qn).replace("\t", " "))
            lines.end_line()
        elif element.tag == qn("w:tbl"):
            lines.add_raw_lines(_flatten_rows(_word_table_rows(element, qn)))
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
                    span = _span(grid_span.get(qn("w:val")))
                vertical = properties.find(qn("w:vMerge"))
                if vertical is not None:
                    merge = vertical.get(qn("w:val")) or "continue"
            text = _join_cell_lines(
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
