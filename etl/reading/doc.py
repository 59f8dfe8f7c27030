"""Old binary Word files (.doc, Word 97 and later, as also saved by WPS and LibreOffice).

A .doc is an OLE2 compound file. Its WordDocument stream holds the characters; the table stream
(0Table or 1Table) holds the piece table, which says where each run of the text lives and
whether it is stored as UTF-16 (any Chinese text) or as 8-bit cp1252, and the paragraph
properties, which tell a table cell's end from a row's end. Only the main text is read: the
headers, footers, footnotes and text boxes stored after it are left out, as for .docx.
"""
from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator
from pathlib import Path

from etl.reading.errors import (
    CORRUPT_DOC_FILE,
    CORRUPT_WORD_FILE,
    ENCRYPTED_WORD_FILE,
    OLD_WORD_VERSION,
    WORD_TOO_LARGE,
    Unreadable,
    os_error_reason,
)
from etl.reading.layout import join_cell_lines
from etl.reading.word import MAX_PART_BYTES, Block, FieldState, blocks_to_text

_WORD_IDENT = 0xA5EC
_FIRST_WORD97_VERSION = 0xC0  # nFib of Word 97; Word 6 and 95 files use another layout
_ENCRYPTED = 0x0100  # FibBase flags: fEncrypted
_TABLE_STREAM_1 = 0x0200  # FibBase flags: fWhichTblStm
# Positions in FibRgFcLcb97 (pairs of offset and length in the table stream).
_PAPX_BIN_TABLE = 13
_PIECE_TABLE = 33
# Paragraph property codes (sprm) that mark table paragraphs.
_IN_TABLE, _ROW_END, _TABLE_DEPTH = 0x2416, 0x2417, 0x6649

_PARAGRAPH_END, _CELL_END = "\r", "\x07"
_FIELD_MARKS = {"\x13": "begin", "\x14": "separate", "\x15": "end"}
# Line break, page or section break, column break: the text after them starts a new line.
_BREAKS = frozenset("\x0b\x0c\x0e")
# The non-breaking and the optional hyphen, and the tab; the other control characters anchor
# pictures, drawings, footnote and comment marks, and stand for no text.
_SPECIAL = {"\x1e": "-", "\x1f": "", "\t": "\t"}
_CP1252 = {byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0xA0)
           if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def doc_to_text(path: Path) -> str:
    """Main text of a .doc: paragraphs one per line, tables in the flattened layout."""
    import olefile

    # Nothing in a .doc is compressed: the file's size bounds what is read.
    if path.stat().st_size > MAX_PART_BYTES:
        raise Unreadable(WORD_TOO_LARGE.format(limit=MAX_PART_BYTES // (1024 * 1024)))
    try:
        with olefile.OleFileIO(str(path)) as storage:
            word_stream, table_stream = _streams(storage)
        return blocks_to_text(_Reader(word_stream, table_stream).blocks())
    except (FileNotFoundError, PermissionError, IsADirectoryError) as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    except (OSError, struct.error, IndexError, ValueError, EOFError):
        raise Unreadable(CORRUPT_DOC_FILE) from None
    except RecursionError:
        # olefile walks the directory tree by recursion: a hostile file chains thousands of
        # entries to exhaust it
        raise Unreadable(CORRUPT_DOC_FILE) from None


def _streams(storage) -> tuple[bytes, bytes]:
    if storage.exists("EncryptedPackage"):  # a password-protected .docx is an OLE2 file
        raise Unreadable(ENCRYPTED_WORD_FILE)
    if not storage.exists("WordDocument"):  # another Office file (a spreadsheet, ...)
        raise Unreadable(CORRUPT_WORD_FILE)
    word_stream = storage.openstream("WordDocument").read()
    identifier, version = struct.unpack_from("<HH", word_stream, 0)
    flags = struct.unpack_from("<H", word_stream, 0x0A)[0]
    if identifier != _WORD_IDENT:
        raise ValueError("not a Word document stream")
    if version < _FIRST_WORD97_VERSION:
        raise Unreadable(OLD_WORD_VERSION)
    if flags & _ENCRYPTED:
        raise Unreadable(ENCRYPTED_WORD_FILE)
    table_name = "1Table" if flags & _TABLE_STREAM_1 else "0Table"
    if not storage.exists(table_name):
        raise ValueError("no table stream")
    return word_stream, storage.openstream(table_name).read()


class _Reader:
    def __init__(self, word_stream: bytes, table_stream: bytes):
        self._word = word_stream
        self._table = table_stream
        self._main_text_length, self._places = _file_information(word_stream)
        self._paragraphs = _ParagraphProperties(word_stream, self._table_part(_PAPX_BIN_TABLE))

    def blocks(self) -> Iterator[Block]:
        fields, body = FieldState(), _Body()
        for character, position in self._characters():
            if character in _FIELD_MARKS:
                fields.mark(_FIELD_MARKS[character])
            elif character in (_PARAGRAPH_END, _CELL_END):
                fields.paragraph_ended()
                in_table, row_end = self._paragraphs.table_marks(position)
                if character == _CELL_END and row_end:
                    body.end_row()
                elif character == _CELL_END:
                    body.end_cell()
                else:
                    yield from body.end_paragraph(in_table)
            elif character in _BREAKS:
                body.new_line()
            elif not fields.hiding:
                body.write(_SPECIAL.get(character, character if character >= " " else ""))
        yield from body.finish()

    def _characters(self) -> Iterator[tuple[str, int]]:
        """Each character of the main text with its byte position in the WordDocument stream."""
        for start, end, place, compressed in _pieces(self._table_part(_PIECE_TABLE)):
            end = min(end, self._main_text_length)
            if start >= end:
                continue
            width = 1 if compressed else 2
            if compressed:
                place //= 2
            data = self._word[place:place + (end - start) * width]
            if len(data) != (end - start) * width:
                raise ValueError("a piece of text lies outside the WordDocument stream")
            if compressed:
                text = data.decode("latin-1").translate(_CP1252)
            else:
                text = data.decode("utf-16-le", "replace")
            for offset, character in enumerate(text):
                yield character, place + offset * width

    def _table_part(self, index: int) -> bytes:
        offset, length = struct.unpack_from("<II", self._word, self._places + index * 8)
        part = self._table[offset:offset + length]
        if len(part) != length:
            raise ValueError("a structure lies outside the table stream")
        return part


class _Body:
    """Paragraph lines, table cells and rows as their end marks arrive."""

    def __init__(self):
        self._lines = [""]  # the current paragraph, a new line after each break
        self._cell_lines: list[str] = []
        self._cells: list[tuple[str, int, int]] = []
        self._rows: list[list[tuple[str, int, int]]] = []

    def write(self, text: str) -> None:
        self._lines[-1] += text

    def new_line(self) -> None:
        self._lines.append("")

    def end_paragraph(self, in_table: bool) -> Iterator[Block]:
        if in_table:
            self._cell_lines += self._lines  # a paragraph of a cell, or of a table inside it
        else:
            yield from self.finish()
        self._lines = [""]

    def end_cell(self) -> None:
        self._cells.append((join_cell_lines(self._cell_lines + self._lines), 1, 1))
        self._cell_lines, self._lines = [], [""]

    def end_row(self) -> None:
        self._rows.append(self._cells)
        self._cells, self._lines = [], [""]

    def finish(self) -> Iterator[Block]:
        """The table before the current paragraph, then the paragraph."""
        if self._rows:
            yield "table", self._rows
            self._rows = []
        yield from (("line", line) for line in self._lines)


def _file_information(word_stream: bytes) -> tuple[int, int]:
    """(length of the main text in characters, where FibRgFcLcb begins) from the FIB, whose
    sections are each preceded by their own count."""
    position = 32  # after FibBase
    counts = struct.unpack_from("<H", word_stream, position)[0]
    position += 2 + counts * 2  # FibRgW97
    counts = struct.unpack_from("<H", word_stream, position)[0]
    long_values = position + 2  # FibRgLw97: its fourth value is ccpText
    if counts < 4:
        raise ValueError("file information block too short")
    position = long_values + counts * 4
    pairs = struct.unpack_from("<H", word_stream, position)[0]
    if pairs <= _PIECE_TABLE:
        raise ValueError("file information block too short")
    return struct.unpack_from("<i", word_stream, long_values + 12)[0], position + 2


def _pieces(clx: bytes) -> Iterator[tuple[int, int, int, bool]]:
    """(first character, end character, byte position, 8-bit) of each piece of text."""
    position = 0
    while clx[position] == 0x01:  # property modifiers of fast-saved files come first
        position += 3 + struct.unpack_from("<H", clx, position + 1)[0]
    if clx[position] != 0x02:
        raise ValueError("no piece table")
    length = struct.unpack_from("<I", clx, position + 1)[0]
    table = clx[position + 5:position + 5 + length]
    count = (length - 4) // 12
    starts = struct.unpack_from(f"<{count + 1}i", table, 0)
    for index in range(count):
        place = struct.unpack_from("<I", table, 4 * (count + 1) + 8 * index + 2)[0]
        compressed = bool(place & 0x40000000)
        yield starts[index], starts[index + 1], place & 0x3FFFFFFF, compressed


class _ParagraphProperties:
    """Whether a paragraph mark is in a table and ends a row, from the paragraph property
    pages (PAPX FKPs) that the bin table points to."""

    def __init__(self, word_stream: bytes, bin_table: bytes):
        self._word = word_stream
        count = max(0, (len(bin_table) - 4) // 8)
        self._bounds = struct.unpack_from(f"<{count + 1}I", bin_table, 0) if count else ()
        pages = struct.unpack_from(f"<{count}I", bin_table, 4 * (count + 1)) if count else ()
        self._pages = [value & 0x3FFFFF for value in pages]  # the low 22 bits number the page
        self._cache: dict[int, tuple[tuple[int, ...], list[tuple[bool, bool]]]] = {}

    def table_marks(self, position: int) -> tuple[bool, bool]:
        index = bisect.bisect_right(self._bounds, position) - 1
        if not 0 <= index < len(self._pages):
            return False, False
        bounds, marks = self._page(self._pages[index])
        run = bisect.bisect_right(bounds, position) - 1
        return marks[run] if 0 <= run < len(marks) else (False, False)

    def _page(self, number: int):
        if number not in self._cache:
            page = self._word[number * 512:(number + 1) * 512]
            if len(page) != 512:
                raise ValueError("a property page lies outside the WordDocument stream")
            runs = page[511]
            bounds = struct.unpack_from(f"<{runs + 1}I", page, 0)
            marks = [_marks(_paragraph_sprms(page, 4 * (runs + 1) + 13 * run)) for run in range(runs)]
            self._cache[number] = bounds, marks
        return self._cache[number]


def _paragraph_sprms(page: bytes, entry: int) -> bytes:
    offset = page[entry] * 2
    if offset == 0:
        return b""
    size = page[offset]
    if size == 0:
        return page[offset + 4:offset + 2 + 2 * page[offset + 1]]
    return page[offset + 3:offset + 2 * size]  # after the size byte and the 2-byte style


def _marks(sprms: bytes) -> tuple[bool, bool]:
    in_table = row_end = False
    for code, operand in _each_sprm(sprms):
        if code in (_IN_TABLE, _TABLE_DEPTH):
            in_table = in_table or any(operand)
        elif code == _ROW_END:
            row_end = any(operand[:1])
    return in_table, row_end


def _each_sprm(sprms: bytes) -> Iterator[tuple[int, bytes]]:
    position = 0
    while position + 2 <= len(sprms):
        code = struct.unpack_from("<H", sprms, position)[0]
        position += 2
        size = _operand_size(code, sprms, position)
        yield code, sprms[position:position + size]
        position += size


def _operand_size(code: int, sprms: bytes, position: int) -> int:
    fixed = (1, 1, 2, 4, 2, 2, 0, 3)[code >> 13]
    if fixed:
        return fixed
    if code == 0xD608 and position + 2 <= len(sprms):  # sprmTDefTable: 2-byte size, plus one
        return 1 + struct.unpack_from("<H", sprms, position)[0]
    if code == 0xC615 and sprms[position:position + 1] == b"\xff":
        # sprmPChgTabs too long for its size byte: tabs deleted (4 bytes each), then added
        # (3 bytes each), each list after its count
        deleted = sprms[position + 1]
        added = sprms[position + 2 + 4 * deleted]
        return 3 + 4 * deleted + 3 * added
    if position < len(sprms):
        return 1 + sprms[position]
    return len(sprms)
