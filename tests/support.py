"""Helpers shared by the tests: comparing extracted rows with rows written by hand."""
from __future__ import annotations

import json
from pathlib import Path

from etl.reading.normalize import normalize_text

TESTS_DIR = Path(__file__).resolve().parent
EXPECTED_DIR = TESTS_DIR / "expected"
UNSEEN_DIR = TESTS_DIR / "unseen"
VALUE_FIELDS = ("role", "year", "value", "value_high", "unit", "comparator", "kind")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def value_key(row: dict, sentence_field: str) -> tuple:
    """What identifies one stated value: where it stands and what it says."""
    sentence = normalize_text(row[sentence_field]).strip() if sentence_field else ""
    return (sentence, normalize_text(row["value_text"]), row["value"], row["role"], row["year"])


def match_rows(expected: list[dict], got: list[dict], expected_sentence: str | None = "sentence",
               got_sentence: str | None = "source_text") -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, missed expected rows, extra extracted rows)."""
    pool: dict[tuple, list[dict]] = {}
    for row in got:
        pool.setdefault(value_key(row, got_sentence), []).append(row)
    pairs, missed = [], []
    for row in expected:
        candidates = pool.get(value_key(row, expected_sentence), [])
        if not candidates:
            missed.append(row)
            continue
        chosen = next((c for c in candidates if c["indicator"] == normalize_text(row["indicator"])),
                      candidates[0])
        candidates.remove(chosen)
        pairs.append((row, chosen))
    extra = [row for rows in pool.values() for row in rows]
    return pairs, missed, extra


def field_differences(pairs: list[tuple[dict, dict]], fields=VALUE_FIELDS) -> list[str]:
    out = []
    for want, got in pairs:
        for field in fields:
            wanted = want.get(field)
            if field == "unit":
                wanted = wanted or ""
            if wanted != got[field]:
                out.append(f"{want['value_text']} {field}: got {got[field]!r}, want {wanted!r}")
    return out
