"""Documents the extractor was not developed on (other provinces, cities, years, formats).

The rows in tests/unseen/*.expected.jsonl were written by hand from the documents. The aim
for unseen documents: at least 95% of the rows given are real targets read right (precision)
and at least 93% of the real targets are found (recall).
"""
import json

import pytest

from etl.pipeline import extract_document
from etl.reading import read_document
from etl.sources import SourceMeta
from tests.support import UNSEEN_DIR, field_differences, load_jsonl, match_rows

DOCUMENTS = ["guangdong-fs-2026.txt", "hubei-district-2023.html", "sichuan-city-plan-2025.txt",
             "shandong-province-2024.txt", "chongqing-district-2026.html", "jiangsu-city-plan-2023.txt"]


def _extract(file_name):
    stem = file_name.rsplit(".", 1)[0]
    meta = json.loads((UNSEEN_DIR / f"{stem}.meta.json").read_text(encoding="utf-8"))
    source = SourceMeta(
        doc_id=stem, file=file_name, region=meta["region"], region_level=meta["region_level"],
        province=meta["province"], parent_region=meta.get("parent_region"),
        plan_year=meta["plan_year"], horizon_year=meta.get("horizon_year") or meta["plan_year"],
        doc_type=None, title=meta["title"], issuer=meta.get("issuer"), date=meta.get("date"), url=None)
    rows = extract_document(read_document(UNSEEN_DIR / file_name), source).targets
    return rows, load_jsonl(UNSEEN_DIR / f"{stem}.expected.jsonl")


@pytest.mark.parametrize("file_name", DOCUMENTS)
def test_unseen_document_precision_and_recall(file_name):
    rows, expected = _extract(file_name)
    # Table rows are matched on their cell and year; text rows on their sentence too.
    pairs, missed, extra = match_rows(expected, rows, expected_sentence=None, got_sentence=None)
    precision = len(pairs) / max(1, len(pairs) + len(extra))
    recall = len(pairs) / max(1, len(pairs) + len(missed))
    assert precision >= 0.95, [(r["indicator"], r["value_text"]) for r in extra]
    assert recall >= 0.93, [(r["indicator"], r["value_text"]) for r in missed]
    wrong = field_differences(pairs, ("value_high", "comparator", "kind"))
    assert len(wrong) <= 0.05 * len(pairs), wrong
