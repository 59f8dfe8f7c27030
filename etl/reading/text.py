"""Plain text: finding the encoding of a file's bytes.

Order matters: a strict UTF-8 decode is nearly never wrong when it succeeds, while statistical
detection (charset-normalizer) is easily fooled on short GBK texts.
"""
from __future__ import annotations

import codecs

from etl.reading.errors import BINARY_FILE, UNKNOWN_ENCODING, Unreadable

# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS = (
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
    """Decode a plain-text file's bytes; raise Unreadable for binary data or unknown encodings.

    Order matters: a strict UTF-8 decode is nearly never wrong when it succeeds, while
    statistical detection is easily fooled on short GBK texts.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_strictly(data[len(bom):], encoding)
    if data.startswith(_BINARY_SIGNATURES):
        raise Unreadable(BINARY_FILE)
    utf16_text = _utf16_without_bom(data)
    if utf16_text is not None:
        return utf16_text
    if _control_share(data[:_SAMPLE_BYTES]) > _MAX_CONTROL_SHARE:
        raise Unreadable(BINARY_FILE)
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
        raise Unreadable(UNKNOWN_ENCODING) from None


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
        raise Unreadable(UNKNOWN_ENCODING)
    encoding = best.encoding
    # GB18030 decodes everything GBK and GB2312 do, and more.
    if encoding in ("gbk", "gb2312", "cp936"):
        encoding = "gb18030"
    return _decode_strictly(data, encoding)

