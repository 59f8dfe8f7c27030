"""Read a source document (plain text, HTML, Word or PDF) into the canonical text of the build.

`read_document` is the only door: whatever the format, the result is decoded (text.py, html.py,
word.py, pdf.py), normalised (normalize.py) and stripped of web-page chrome (chrome.py). Anything
wrong with the file becomes a `SourceError` whose message an official can act on.
"""
from __future__ import annotations

from pathlib import Path

from etl.reading.chrome import strip_page_chrome
from etl.reading.errors import (
    EMPTY_FILE,
    FILE_TOO_LARGE,
    NOT_FOUND,
    ONLY_CHROME,
    SourceError,
    Unreadable,
    os_error_reason,
)
from etl.reading.normalize import normalize_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
WORD_SUFFIXES = (".docx", ".doc")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES

__all__ = ["SUPPORTED_SUFFIXES", "SourceError", "read_document", "read_raw_text"]


def read_document(path: Path | str) -> str:
    """Return the document's text: decoded, normalised and without page chrome."""
    path = Path(path)
    text = normalize_text(read_raw_text(path))
    if not text.strip():
        raise SourceError(path, EMPTY_FILE)
    text = strip_page_chrome(text)
    if not text.strip():
        raise SourceError(path, ONLY_CHROME)
    return text


def read_raw_text(path: Path) -> str:
    """The file's text as its format gives it, before normalisation."""
    from etl.reading.html import decode_html, html_to_text
    from etl.reading.text import decode_text

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(path, _unsupported_reason(suffix))
    try:
        if suffix in WORD_SUFFIXES:
            return _word_to_text(path)
        if suffix in PDF_SUFFIXES:
            from etl.reading.pdf import pdf_to_text

            return pdf_to_text(path)
        data = _read_bytes(path)
        if suffix in HTML_SUFFIXES:
            return html_to_text(decode_html(data))
        return decode_text(data)
    except Unreadable as problem:
        raise SourceError(path, problem.reason) from None


def _word_to_text(path: Path) -> str:
    """Text of a Word file, .docx or old .doc, told apart by its bytes rather than its name."""
    from etl.reading.doc import doc_to_text
    from etl.reading.word import OLE2_SIGNATURE, docx_to_text

    if not path.exists():
        raise Unreadable(NOT_FOUND)
    if path.is_dir():
        raise Unreadable(os_error_reason(path, IsADirectoryError()))
    try:
        with path.open("rb") as file:
            head = file.read(len(OLE2_SIGNATURE))
    except OSError as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    return doc_to_text(path) if head == OLE2_SIGNATURE else docx_to_text(path)


def _unsupported_reason(suffix: str) -> str:
    supported = "、".join(SUPPORTED_SUFFIXES)
    if not suffix:
        return f"文件没有扩展名，无法判断格式（支持的格式：{supported}）"
    return f"不支持 {suffix} 格式的文件（支持的格式：{supported}）"


# A plan's text, even a whole five-year plan saved as a web page, is a few megabytes; far
# larger text files are data dumps or built to exhaust memory (read whole, then copied).
MAX_TEXT_BYTES = 64 * 1024 * 1024


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise Unreadable(FILE_TOO_LARGE.format(size=size // (1024 * 1024), limit=MAX_TEXT_BYTES // (1024 * 1024)))
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # a file that grew since: still bounded
    except OSError as problem:
        raise Unreadable(os_error_reason(path, problem)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise Unreadable(FILE_TOO_LARGE.format(size=len(data) // (1024 * 1024), limit=MAX_TEXT_BYTES // (1024 * 1024)))
    if not data.strip():
        raise Unreadable(EMPTY_FILE)
    return data
