"""Word files built byte by byte, in the shapes other office suites write them.

python-docx writes one shape only (Microsoft's); these helpers write the zip packages of WPS
Office and LibreOffice, the Strict namespace, and old binary .doc files (an OLE2 compound file
holding a Word 97 text stream) that no Python library writes.
"""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
OFFICE_DOCUMENT = R + "/officeDocument"
OFFICE_DOCUMENT_STRICT = R_STRICT + "/officeDocument"
NAMESPACES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="wps"'
)
MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def document_xml(body: str, w: str = W, r: str = R) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{w}" xmlns:r="{r}" {NAMESPACES}><w:body>{body}'
            f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')


def relationships(*relations: tuple[str, str, str]) -> str:
    """A .rels part from (id, type, target) triples."""
    items = "".join(f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
                    for rel_id, kind, target in relations)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{items}</Relationships>")


def content_types(*overrides: tuple[str, str]) -> str:
    items = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>')


def write_package(path: Path, parts: dict[str, str | bytes], directories: tuple[str, ...] = ()) -> Path:
    """A zip holding the parts in the order given, with directory entries first if asked."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for directory in directories:
            archive.writestr(zipfile.ZipInfo(directory), b"")
        for name, data in parts.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def word_package(path: Path, body: str, parts: dict[str, str | bytes] | None = None) -> Path:
    """A package the way Microsoft Word lays it out, with the body and any further parts."""
    return write_package(path, {
        "[Content_Types].xml": content_types(("/word/document.xml", MAIN_CONTENT_TYPE)),
        "_rels/.rels": relationships(("rId1", OFFICE_DOCUMENT, "word/document.xml")),
        "word/document.xml": document_xml(body),
        **(parts or {}),
    })


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def table(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def cell(content: str) -> str:
    return f"<w:tc><w:tcPr/>{content}</w:tc>"


# --- old binary .doc --------------------------------------------------------------------------

_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_SMALLEST_REGULAR_STREAM = 4096  # smaller streams would belong in the mini stream


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (version 3) holding the streams given; the directory is a chain
    of right siblings, as a red-black tree may legally be while it stays short."""
    padded = []
    for data in streams.values():
        data = data.ljust(_SMALLEST_REGULAR_STREAM, b"\0") if data else b""
        padded.append(data + b"\0" * (-len(data) % _SECTOR))
    entries = [_directory_entry("Root Entry", 5, child=1 if streams else _NO_STREAM)]
    entries += [b""] * len(streams)  # filled in once the streams' sectors are known
    entries += [_directory_entry("", 0)] * (-len(entries) % 4)
    directory_sectors = len(entries) // 4
    data_sectors = sum(len(data) for data in padded) // _SECTOR
    fat_sectors = (directory_sectors + data_sectors) // (_SECTOR // 4 - 1) + 1
    assert fat_sectors <= 109, "the header lists at most 109 FAT sectors"

    fat = [_FAT_SECTOR] * fat_sectors
    fat += _chain(len(fat), directory_sectors)
    for index, (name, data) in enumerate(streams.items()):
        sibling = index + 2 if index + 1 < len(streams) else _NO_STREAM
        start = len(fat) if padded[index] else _END_OF_CHAIN
        fat += _chain(len(fat), len(padded[index]) // _SECTOR)
        size = max(len(data), _SMALLEST_REGULAR_STREAM) if data else 0
        entries[index + 1] = _directory_entry(name, 2, right=sibling, start=start, size=size)
    fat += [_FREE] * (-len(fat) % (_SECTOR // 4))

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, fat_sectors, fat_sectors, 0, _SMALLEST_REGULAR_STREAM,
                          _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    header += struct.pack(f"<{fat_sectors}I", *range(fat_sectors))
    header += struct.pack("<I", _FREE) * (109 - fat_sectors)
    return header + struct.pack(f"<{len(fat)}I", *fat) + b"".join(entries) + b"".join(padded)


def _chain(first: int, count: int) -> list[int]:
    """FAT entries for `count` consecutive sectors from sector `first`."""
    return [first + index + 1 for index in range(count - 1)] + [_END_OF_CHAIN] if count else []


def _directory_entry(name: str, kind: int, right: int = _NO_STREAM, child: int = _NO_STREAM,
                     start: int = _END_OF_CHAIN, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", _NO_STREAM, right, child) + bytes(16 + 4 + 16)
    return entry + struct.pack("<IQ", start, size)


# A Word 97 main text: paragraph marks end paragraphs, 0x07 ends table cells and rows.
PARAGRAPH, CELL, CELL_PARAGRAPH, ROW = "paragraph", "cell", "cell paragraph", "row"
_MARKS = {PARAGRAPH: "\r", CELL: "\x07", CELL_PARAGRAPH: "\r", ROW: "\x07"}
_UNICODE_TEXT_AT = 0x800
_EIGHT_BIT_TEXT_AT = 0x400


def word97_streams(paragraphs: list[tuple[str, str]], eight_bit_first: str = "",
                   version: int = 0xC1, flags: int = 0) -> dict[str, bytes]:
    """WordDocument and 0Table streams of a .doc whose main text is the paragraphs given, each
    (text, kind). An 8-bit (cp1252) piece of plain paragraphs may come first; the rest is
    one UTF-16 piece, as Word stores Chinese text."""
    text = "".join(content + _MARKS[kind] for content, kind in paragraphs)
    unicode_bytes = text.encode("utf-16-le")
    eight_bit = eight_bit_first.encode("cp1252")
    fkp_page = (_UNICODE_TEXT_AT + len(unicode_bytes) + _SECTOR - 1) // _SECTOR
    pieces = [(len(eight_bit), (_EIGHT_BIT_TEXT_AT * 2) | 0x40000000)] if eight_bit else []
    pieces.append((len(text), _UNICODE_TEXT_AT))
    piece_table = _piece_table(pieces)
    bin_table = struct.pack("<III", _UNICODE_TEXT_AT, _UNICODE_TEXT_AT + len(unicode_bytes), fkp_page)
    table_stream = piece_table + bin_table
    places = {33: (0, len(piece_table)), 13: (len(piece_table), len(bin_table))}

    stream = bytearray(fkp_page * _SECTOR + _SECTOR)
    struct.pack_into("<HH", stream, 0, 0xA5EC, version)
    struct.pack_into("<H", stream, 0x0A, flags)
    struct.pack_into("<H", stream, 32, 14)  # FibRgW97: 14 values
    struct.pack_into("<H", stream, 62, 22)  # FibRgLw97: 22 values, the fourth is ccpText
    struct.pack_into("<i", stream, 64 + 12, len(eight_bit) + len(text))
    struct.pack_into("<H", stream, 152, 93)  # FibRgFcLcb97: 93 pairs
    for index, (offset, length) in places.items():
        struct.pack_into("<II", stream, 154 + index * 8, offset, length)
    stream[_EIGHT_BIT_TEXT_AT:_EIGHT_BIT_TEXT_AT + len(eight_bit)] = eight_bit
    stream[_UNICODE_TEXT_AT:_UNICODE_TEXT_AT + len(unicode_bytes)] = unicode_bytes
    stream[fkp_page * _SECTOR:] = _paragraph_property_page(paragraphs)
    return {"WordDocument": bytes(stream), "0Table": table_stream}


def _piece_table(pieces: list[tuple[int, int]]) -> bytes:
    starts, descriptors, position = [0], b"", 0
    for length, place in pieces:
        position += length
        starts.append(position)
        descriptors += struct.pack("<HIH", 0, place, 0)
    plc = struct.pack(f"<{len(starts)}i", *starts) + descriptors
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def _paragraph_property_page(paragraphs: list[tuple[str, str]]) -> bytes:
    """One PAPX page with a run per paragraph; table paragraphs carry sprmPFInTable and
    sprmPItap, row ends also sprmPFTtp."""
    page = bytearray(_SECTOR)
    count = len(paragraphs)
    assert 4 * (count + 1) + 13 * count < 256, "too many paragraphs for one page"
    position, free = _UNICODE_TEXT_AT, _SECTOR - 2
    for index, (content, kind) in enumerate(paragraphs):
        struct.pack_into("<I", page, 4 * index, position)
        position += 2 * (len(content) + 1)
        if kind == PARAGRAPH:
            continue
        sprms = struct.pack("<HB", 0x2416, 1) + struct.pack("<Hi", 0x6649, 1)
        if kind == ROW:
            sprms += struct.pack("<HB", 0x2417, 1)
        grpprl_and_style = b"\0\0" + sprms
        if len(grpprl_and_style) % 2:
            papx = bytes([(len(grpprl_and_style) + 1) // 2]) + grpprl_and_style
        else:
            papx = bytes([0, len(grpprl_and_style) // 2]) + grpprl_and_style
        free -= len(papx) + (len(papx) % 2)
        page[free:free + len(papx)] = papx
        page[4 * (count + 1) + 13 * index] = free // 2
    struct.pack_into("<I", page, 4 * count, position)
    page[511] = count
    return bytes(page)
