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


def value_key(row: dict) -> tuple:
    """What one stated value says."""
    return (normalize_text(row["value_text"]), row["value"], row["role"], row["year"])


def match_rows(expected: list[dict], got: list[dict], expected_sentence: str | None = "sentence",
               got_sentence: str | None = "source_text") -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, missed expected rows, extra extracted rows).

    A row stands where the expected one does when its source holds the expected sentence: the
    source shown is the whole sentence, of which the analyst may have written one part (the
    words up to a semicolon).
    """
    pool: dict[tuple, list[dict]] = {}
    for row in got:
        pool.setdefault(value_key(row), []).append(row)
    pairs, missed = [], []
    for row in expected:
        candidates = pool.get(value_key(row), [])
        if expected_sentence and got_sentence:
            sentence = normalize_text(row[expected_sentence]).strip()
            candidates = [c for c in candidates if sentence in normalize_text(c[got_sentence])]
        if not candidates:
            missed.append(row)
            continue
        chosen = next((c for c in candidates if c["indicator"] == normalize_text(row["indicator"])),
                      candidates[0])
        pool[value_key(row)].remove(chosen)
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
