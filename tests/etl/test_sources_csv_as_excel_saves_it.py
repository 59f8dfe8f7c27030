"""sources.csv as an office saves it: Excel on a Chinese Windows PC writes GBK (or GB18030) with
CRLF line ends, Excel's "CSV UTF-8" adds a BOM; each reads to the same metadata as plain UTF-8."""
from __future__ import annotations

import pytest

from etl.reading import SourceError
from etl.sources import load_metadata
from store import paths

ORIGINAL = paths.SOURCES_DIR / paths.SOURCES_METADATA_NAME


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_sources_csv_saved_by_excel_reads_as_the_original(tmp_path, encoding, line_end):
    text = ORIGINAL.read_text(encoding="utf-8")
    saved = tmp_path / paths.SOURCES_METADATA_NAME
    saved.write_bytes(text.replace("\r\n", "\n").replace("\n", line_end).encode(encoding))
    expected = load_metadata(ORIGINAL)
    assert any(not meta.region.isascii() for meta in expected)  # Chinese text to get wrong
    assert load_metadata(saved) == expected


def test_sources_csv_in_no_text_encoding_is_refused_naming_the_file(tmp_path):
    saved = tmp_path / paths.SOURCES_METADATA_NAME
    saved.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(SourceError, match="sources.csv"):
        load_metadata(saved)
