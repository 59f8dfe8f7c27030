"""Word files: the body's paragraphs and tables in document order, merged cells kept in place.

A .docx is read straight from its zip package, so a package written by any office suite reads
the same: Microsoft Office, WPS Office or LibreOffice, transitional or Strict namespace, with or
without the optional parts. Elements are matched by local name; the text elements (w:t and
the like) only in the WordprocessingML namespaces, so DrawingML or math text is never taken
for body text. A file whose bytes are an old binary .doc goes to etl.reading.doc whatever its
name says.

Page headers and footers, footnotes, endnotes and comments live in parts of their own and are
never read: they are page chrome or asides, not the document's text.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from etl.reading.errors import (
    CORRUPT_WORD_FILE,
    WORD_TOO_DEEP,
    WORD_TOO_LARGE,
    WORD_ZIP_BOMB,
    Unreadable,
    os_error_reason,
)
from etl.reading.layout import LineWriter, cell_span, flatten_rows, join_cell_lines

# --- limits against hostile files ------------------------------------------------------------
_MB = 1024 * 1024
# The longest plans seen so far carry well under 1 MB of document.xml (a 300-page report with
# tables stays under 20 MB). Parsing 64 MB of dense XML takes about 1 GB of memory, the most a
# single upload may cost the server.
MAX_PART_BYTES = 64 * _MB
# Everything read from one package (the document, its relationships, embedded chunks).
MAX_PACKAGE_BYTES = 128 * _MB
# Parts written by Word, WPS and LibreOffice inflate 5 to 20 times, and even a long table of
# identical cells stays under 200 times; deflate bombs sit near deflate's limit of about 1000.
MAX_COMPRESSION_RATIO = 200
# A part smaller than this cannot hurt whatever its ratio (tiny parts compress oddly).
RATIO_CHECKED_FROM_BYTES = 1 * _MB
# Real documents nest under 20 elements deep; a table in a text box in a table stays under 40.
# Far below the Python recursion limit, which the readers below descend by.
MAX_XML_DEPTH = 100

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --- names -------------------------------------------------------------------------------------
_WORD_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
})
_OFFICE_DOCUMENT_RELATIONSHIPS = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
})
_MAIN_DOCUMENT_CONTENT_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
})
_USUAL_MAIN_DOCUMENT = "word/document.xml"
_HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_EXTENSIONS = frozenset({"htm", "html", "xhtml"})

# Never text: deletions and the old place of moved text, field instructions, ruby (pinyin)
# guides above the characters they annotate.
_DROPPED = frozenset({"del", "moveFrom", "delText", "instrText", "delInstrText", "rt", "fldData"})
_CHARACTERS = {"tab": "\t", "ptab": "\t", "noBreakHyphen": "-", "softHyphen": ""}
# w:sym in the Symbol font: the signs that carry meaning in targets, and Greek letters.
_SYMBOL_FONT = {
    0xB3: "≥", 0xA3: "≤", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB0: "°", 0xD6: "√", 0xB9: "≠",
    0xBB: "≈", 0xB7: "•", 0xAE: "→", 0xAC: "←", 0xA5: "∞", 0xD7: "·", 0x2D: "−",
}
_SYMBOL_FONT.update(zip(map(ord, "abgdezhqiklmnxoprstufcyw"), "αβγδεζηθικλμνξοπρστυφχψω"))
_SYMBOL_FONT.update(zip(map(ord, "ABGDEZHQIKLMNXOPRSTUFCYW"), "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"))

_SECURE_PARSING = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True,
)

Block = tuple[str, object]  # ("line", text) | ("table", rows) | ("chunk", lines)


class _MalformedXml(Exception):
    """A part that is not well-formed XML."""


def docx_to_text(path: Path) -> str:
    """Body paragraphs and tables of a WordprocessingML package, in document order."""
    try:
        file = path.open("rb")
    except OSError as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    # Past opening, a failing read or seek comes from offsets a damaged package points to.
    try:
        with file, zipfile.ZipFile(file) as archive:
            package = _Package(archive)
            part_name, root = _main_document(package)
            body = next(_word_children(root, "body"), None)
            if body is None:
                return ""
            return blocks_to_text(_DocumentReader(package, part_name).blocks(body))
    except (zipfile.BadZipFile, _MalformedXml, OSError, NotImplementedError):
        raise Unreadable(CORRUPT_WORD_FILE) from None


def blocks_to_text(blocks: Iterable[Block]) -> str:
    """Paragraph lines as they are (tabs as spaces), tables and chunks in the flattened layout."""
    lines = LineWriter()
    for kind, value in blocks:
        if kind == "line":
            lines.write(value.replace("\t", " "))
            lines.end_line()
        elif kind == "table":
            lines.add_raw_lines(flatten_rows(value))
        else:
            lines.add_raw_lines(value)
    return lines.text()


# --- the package ---------------------------------------------------------------------------------


class _Package:
    """The parts of a zip package by case-blind name, each read within the limits."""

    def __init__(self, archive: zipfile.ZipFile):
        self._archive = archive
        self._parts: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if not info.is_dir():
                self._parts.setdefault(_part_key(info.filename), info)
        self._budget = MAX_PACKAGE_BYTES
        self._content_types: tuple[dict[str, str], dict[str, str]] | None = None

    def has(self, name: str) -> bool:
        return self._info(name) is not None

    def read(self, name: str) -> bytes | None:
        info = self._info(name)
        if info is None:
            return None
        limit = min(MAX_PART_BYTES, self._budget)
        _check_declared_size(info, limit)
        try:
            with self._archive.open(info) as stream:
                # One byte over the limit tells a header that understated the size.
                data = stream.read(limit + 1)
        except (zlib.error, EOFError, NotImplementedError, RuntimeError):
            # damaged data, an unknown compression method, a password-protected entry
            raise zipfile.BadZipFile from None
        if len(data) > limit:
            raise _too_large(limit)
        self._budget -= len(data)
        return data

    def xml(self, name: str):
        data = self.read(name)
        return None if data is None else _parse_xml(data)

    def content_type(self, name: str) -> str:
        overrides, defaults = self.declared_content_types()
        extension = name.rpartition(".")[2].lower()
        return overrides.get(_part_key(name)) or defaults.get(extension, "")

    def declared_content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        # [Content_Types].xml may be missing or odd: it only helps, it is never required.
        if self._content_types is None:
            overrides, defaults = {}, {}
            for element in _elements(_optional_xml(self, "[Content_Types].xml")):
                content_type = (element.get("ContentType") or "").lower()
                if _local_name(element) == "Override" and element.get("PartName"):
                    overrides[_part_key(element.get("PartName"))] = content_type
                elif _local_name(element) == "Default" and element.get("Extension"):
                    defaults[element.get("Extension").lower()] = content_type
            self._content_types = overrides, defaults
        return self._content_types

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        key = _part_key(name)
        return self._parts.get(key) or self._parts.get(unquote(key))


def _part_key(name: str) -> str:
    # Part names compare without case; some tools write backslashes or a leading slash.
    return name.replace("\\", "/").lstrip("/").lower()


def _check_declared_size(info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise _too_large(limit)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise Unreadable(WORD_ZIP_BOMB.format(ratio=MAX_COMPRESSION_RATIO))


def _too_large(limit: int) -> Unreadable:
    # The limit that was reached: the part's own, or what is left of the package's.
    stated = MAX_PART_BYTES if limit == MAX_PART_BYTES else MAX_PACKAGE_BYTES
    return Unreadable(WORD_TOO_LARGE.format(limit=stated // _MB))


def _parse_xml(data: bytes):
    """The root element, parsed without entities, DTDs or network, refused when too deep."""
    root, depth = None, 0
    try:
        for event, element in etree.iterparse(io.BytesIO(data), events=("start", "end"),
                                              **_SECURE_PARSING):
            if event == "end":
                depth -= 1
                continue
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise Unreadable(WORD_TOO_DEEP.format(limit=MAX_XML_DEPTH))
            if root is None:
                root = element
    except etree.XMLSyntaxError as problem:
        if "depth" in str(problem).lower():  # the parser's own nesting limit
            raise Unreadable(WORD_TOO_DEEP.format(limit=MAX_XML_DEPTH)) from None
        raise _MalformedXml from None
    if root is None:
        raise _MalformedXml
    return root


def _optional_xml(package: _Package, name: str):
    try:
        return package.xml(name)
    except _MalformedXml:
        return None


def _main_document(package: _Package):
    """(part name, root) of the main document: through the package relationships, then the
    declared content types, then the usual name. A zip without one is not a Word file."""
    for name in dict.fromkeys(_main_document_candidates(package)):  # each part once
        root = package.xml(name)
        if root is not None and _word_name(root) == "document":
            return name, root
    raise Unreadable(CORRUPT_WORD_FILE)


def _main_document_candidates(package: _Package) -> Iterator[str]:
    for _, kind, target in _relationships(package, ""):
        if kind in _OFFICE_DOCUMENT_RELATIONSHIPS and package.has(target):
            yield target
    overrides, _ = package.declared_content_types()
    for name, content_type in overrides.items():
        if content_type in _MAIN_DOCUMENT_CONTENT_TYPES and package.has(name):
            yield name
    if package.has(_USUAL_MAIN_DOCUMENT):
        yield _USUAL_MAIN_DOCUMENT


def _relationships(package: _Package, part_name: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's internal relationships ("" is the package)."""
    folder, base = posixpath.split(part_name)
    root = _optional_xml(package, posixpath.join(folder, "_rels", base + ".rels"))
    found = []
    for element in _elements(root):
        target = element.get("Target")
        external = (element.get("TargetMode") or "").lower() == "external"
        if _local_name(element) == "Relationship" and target and not external:
            found.append((element.get("Id") or "", element.get("Type") or "",
                          _resolve(folder, target)))
    return found


def _resolve(folder: str, target: str) -> str:
    # Targets are relative to the source part's folder, or absolute with a leading slash.
    target = target.replace("\\", "/")
    joined = target if target.startswith("/") else posixpath.join("/", folder, target)
    return posixpath.normpath(joined).lstrip("/")


# --- the document ------------------------------------------------------------------------------


class _DocumentReader:
    """Walks the main document part into blocks: lines, tables and embedded chunks."""

    def __init__(self, package: _Package, part_name: str):
        self._package = package
        self._part_name = part_name
        self._chunk_targets: dict[str, str] | None = None
        self._fields = FieldState()

    def blocks(self, container) -> Iterator[Block]:
        for child in _branches(container):
            name = _word_name(child)
            if name == "p":
                yield from self._paragraph(child)
            elif name == "tbl":
                yield "table", self._table_rows(child)
            elif name == "altChunk":
                yield from self._chunk(child)
            elif not _is_dropped(child):
                # content controls (w:sdt), custom XML, and any other wrapper a suite writes
                yield from self.blocks(child)

    # paragraphs

    def _paragraph(self, paragraph) -> Iterator[Block]:
        text = _ParagraphText()
        self._read_inline(paragraph, text)
        self._fields.paragraph_ended()
        for line in text.lines:
            yield "line", line
        # Text boxes are read once, after the paragraph they are anchored in.
        for box in text.boxes:
            yield from self.blocks(box)

    def _read_inline(self, element, text: "_ParagraphText") -> None:
        for child in _branches(element):
            name = _word_name(child)
            if _is_dropped(child):
                continue
            if name == "fldChar":
                self._fields.mark(_attribute(child, "fldCharType"))
            elif name == "txbxContent":
                text.boxes.append(child)
            elif name in ("br", "cr"):
                # a line, page or column break: the text after it starts a new line, and a
                # break alone makes no line
                text.new_line()
            elif name in _CHARACTERS or name in ("t", "sym"):
                if not self._fields.hiding:
                    text.write(_inline_characters(child, name))
            else:
                self._read_inline(child, text)  # runs, hyperlinks, insertions, content controls

    # tables

    def _table_rows(self, table) -> list[list[tuple[str, int, int]]]:
        grid = []
        for row in _table_parts(table, "tr"):
            if _is_deleted_row(row):
                continue
            cells = []
            for cell in _table_parts(row, "tc"):
                span, vertical, horizontal = _cell_layout(cell)
                if horizontal == "continue" and cells:
                    # old-style horizontal merge: widen the cell it continues
                    text, previous_span, previous_vertical = cells[-1]
                    cells[-1] = (text, previous_span + span, previous_vertical)
                    continue
                cells.append((self._cell_text(cell), span, vertical))
            grid.append((_grid_before(row), cells))
        return _word_grid_to_rows(grid)

    def _cell_text(self, cell) -> str:
        # A table inside a cell is written inside the cell's own line, after the text before
        # it: its cells apart by spaces, its rows and the cell's paragraphs around it apart by
        # "；". Written as rows of their own, the inner rows would break the outer table's
        # layout (one line per cell, a blank line per row) and detach the inner numbers from
        # the outer row they belong to.
        pieces: list[str] = []
        paragraphs: list[str] = []
        for kind, value in self.blocks(cell):
            if kind == "table":
                pieces += [join_cell_lines(paragraphs), _inner_table_text(value)]
                paragraphs = []
            else:
                paragraphs += [value] if kind == "line" else value
        pieces.append(join_cell_lines(paragraphs))
        return "；".join(piece for piece in pieces if piece)

    # embedded chunks

    def _chunk(self, element) -> Iterator[Block]:
        target = self._chunk_part(_attribute(element, "id"))
        data = self._package.read(target) if target else None
        if data is None:
            return
        text = _chunk_text(data, target, self._package.content_type(target))
        if text.strip():
            yield "chunk", text.split("\n")

    def _chunk_part(self, relationship_id: str | None) -> str | None:
        if self._chunk_targets is None:
            self._chunk_targets = {
                rel_id: target
                for rel_id, _, target in _relationships(self._package, self._part_name)
            }
        return self._chunk_targets.get(relationship_id or "")


class _ParagraphText:
    """A paragraph's lines (a break starts a new one) and the text boxes anchored in it."""

    def __init__(self):
        self.lines: list[str] = [""]
        self.boxes: list = []

    def write(self, text: str) -> None:
        self.lines[-1] += text

    def new_line(self) -> None:
        self.lines.append("")


class FieldState:
    """Complex fields show their result; the instruction between begin and separate is hidden.

    A field's instruction never spans a paragraph end, so at each paragraph end every open
    field counts as showing its result: a damaged field (a begin without its separate) then
    hides at most the rest of its paragraph, never the rest of the document.
    """

    def __init__(self):
        self._in_instruction: list[bool] = []

    @property
    def hiding(self) -> bool:
        return any(self._in_instruction)

    def mark(self, kind: str | None) -> None:
        if kind == "begin":
            self._in_instruction.append(True)
        elif kind == "separate" and self._in_instruction:
            self._in_instruction[-1] = False
        elif kind == "end" and self._in_instruction:
            self._in_instruction.pop()

    def paragraph_ended(self) -> None:
        self._in_instruction = [False] * len(self._in_instruction)


def _chunk_text(data: bytes, part_name: str, content_type: str) -> str:
    """An embedded HTML or plain-text chunk (w:altChunk); other kinds (RTF, MHT, another
    package) are left out rather than read as garbage."""
    from etl.reading.html import decode_html, html_to_text
    from etl.reading.text import decode_text

    extension = part_name.rpartition(".")[2].lower()
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    try:
        if (content_type in _HTML_CONTENT_TYPES or extension in _HTML_EXTENSIONS
                or start.startswith((b"<!doctype html", b"<html"))):
            return html_to_text(decode_html(data))
        if content_type == "text/plain" or extension == "txt":
            return decode_text(data)
    except Unreadable:  # an empty or binary chunk adds nothing to the document
        return ""
    except RecursionError:  # the HTML reader descends by recursion: a hostile nesting
        raise Unreadable(WORD_TOO_DEEP.format(limit=MAX_XML_DEPTH)) from None
    return ""


def _inline_characters(element, name: str) -> str:
    if name == "t":
        return element.text or ""
    if name == "sym":
        return _symbol_text(element)
    return _CHARACTERS[name]


def _inner_table_text(rows: list[list[tuple[str, int, int]]]) -> str:
    row_texts = (" ".join(text for text, _, _ in row if text) for row in rows)
    return "；".join(text for text in row_texts if text)


def _symbol_text(symbol) -> str:
    try:
        code = int(_attribute(symbol, "char") or "", 16)
    except ValueError:
        return ""
    if not 0xF000 <= code <= 0xF0FF:
        printable = 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return chr(code) if printable else ""
    # Symbol fonts store their characters in the private-use area; only the Symbol font's
    # signs and letters mean text, other fonts (Wingdings and the like) are pictures.
    if (_attribute(symbol, "font") or "").strip().lower() == "symbol":
        code -= 0xF000
        return _SYMBOL_FONT.get(code) or (chr(code) if chr(code).isdigit() else "")
    return ""


# --- tables --------------------------------------------------------------------------------------

_WordCell = tuple[str, int, "str | None"]  # text, grid span, vertical merge mark


def _table_parts(element, name: str) -> Iterator:
    """Rows of a table or cells of a row, also when wrapped in content controls."""
    for child in _branches(element):
        if _word_name(child) == name:
            yield child
        elif not _is_dropped(child):
            yield from _table_parts(child, name)


def _is_deleted_row(row) -> bool:
    properties = next(_word_children(row, "trPr"), None)
    return properties is not None and next(_word_children(properties, "del"), None) is not None


def _grid_before(row) -> int:
    # Grid columns a row leaves out before its first cell; needed to line merges up.
    properties = next(_word_children(row, "trPr"), None)
    before = next(_word_children(properties, "gridBefore"), None) if properties is not None else None
    return cell_span(_attribute(before, "val")) if before is not None else 0


def _cell_layout(cell) -> tuple[int, str | None, str | None]:
    """Grid span, vertical merge mark and old-style horizontal merge mark of a cell."""
    properties = next(_word_children(cell, "tcPr"), None)
    span, marks = 1, {}
    if properties is not None:
        grid_span = next(_word_children(properties, "gridSpan"), None)
        if grid_span is not None:
            span = cell_span(_attribute(grid_span, "val"))
        for name in ("vMerge", "hMerge"):
            merge = next(_word_children(properties, name), None)
            if merge is not None:
                marks[name] = _attribute(merge, "val") or "continue"
    return span, marks.get("vMerge"), marks.get("hMerge")


def _word_grid_to_rows(grid: list[tuple[int, list[_WordCell]]]) -> list[list[tuple[str, int, int]]]:
    # Word marks a vertical merge as "restart" then "continue" cells in later rows; count the
    # continuations to get a rowspan, and leave the continuation cells out (the flattener
    # writes them as empty cells).
    columns = [_columns_of(cells, first) for first, cells in grid]
    rows: list[list[tuple[str, int, int]]] = []
    for row_index, (_, cells) in enumerate(grid):
        row = []
        for (text, span, merge), column in zip(cells, columns[row_index]):
            if merge == "continue":
                continue
            rowspan = 1
            if merge == "restart":
                for later in range(row_index + 1, len(grid)):
                    below = dict(zip(columns[later], grid[later][1]))
                    if column in below and below[column][2] == "continue":
                        rowspan += 1
                    else:
                        break
            row.append((text, span, rowspan))
        rows.append(row)
    return rows


def _columns_of(cells: list[_WordCell], first: int) -> list[int]:
    columns, column = [], first
    for _, span, _ in cells:
        columns.append(column)
        column += span
    return columns


# --- elements ------------------------------------------------------------------------------------


def _elements(root) -> Iterator:
    if root is not None:
        yield from (element for element in root.iter() if isinstance(element.tag, str))


def _local_name(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _word_name(element) -> str:
    """The local name of a WordprocessingML element (either namespace), else ""."""
    if not isinstance(element.tag, str):
        return ""
    namespace, _, name = element.tag.rpartition("}")
    return name if namespace[1:] in _WORD_NAMESPACES else ""


def _word_children(element, name: str) -> Iterator:
    return (child for child in element if _word_name(child) == name)


def _attribute(element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return value
    return None


def _is_dropped(element) -> bool:
    # Property elements (w:pPr, w:rPr, w:sdtPr, w:sectPr ...) hold formatting, never text.
    return _word_name(element) in _DROPPED or _local_name(element).endswith("Pr")


def _branches(element) -> Iterator:
    """The element's children, with mc:AlternateContent replaced by one of its branches:
    both hold the same content (a text box in DrawingML and again in VML), read it once."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions, unexpanded entities
        if _local_name(child) == "AlternateContent":
            branch = next((b for b in child if _local_name(b) == "Choice"), None)
            if branch is None:
                branch = next((b for b in child if _local_name(b) == "Fallback"), None)
            if branch is not None:
                yield from _branches(branch)
        else:
            yield child
