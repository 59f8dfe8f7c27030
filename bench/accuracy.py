"""`python -m bench accuracy [DIR …]`: the extractor scored against answer keys.

Each folder holds documents with their keys in the development set's layout:

    docs/<id>.txt|.docx|.html   the document, as an official would hand it over
    docs/<id>.json              city (region), level, year (null: the page never says), title
    gold/<id>.jsonl             one target per line: quote, value, value_high, unit, comparator,
                                kind, target_year, themes, optional
    tables/<id>.txt|… + .json   an indicator table, and tables/<id>.gold.jsonl one line per
                                numeric cell: indicator, unit, year, value, comparator, role

The bundled seed documents (data/sources + tests/expected) and the held-out documents of
tests/unseen are scored the same way: their hand-written rows become key lines on the fly.

Every document is read as `python -m etl extract` reads it (etl.preview), with the region,
level and year of its .json when given. A row matches a key line when its source_text holds
the line's quote (NFKC, no whitespace) and its value equals the key's (80万 may be 80 or
800000, 85% may be 85 or 0.85); each row matches at most one line. Optional lines are neither
misses nor false positives; full_coverage rows are not scored; table rows are scored as cells:
same year, value and comparator, and the indicator holding the key's name (brackets ignored).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import ROOT

RESULTS = ROOT / "bench" / "accuracy.json"
DEVSET = ROOT.parent / "shared" / "devset"
# Sets written for the project; the holdout and blind ones were scored once unseen (their
# READMEs keep those first figures) and guard against regressions since.
OWN_FOLDERS = [ROOT / "tests" / name for name in ("realistic", "holdout", "blind", "blind2", "blind3", "blind4", "blind5")]
MAIN_THEMES = ("中医药", "一老一小", "疾控")
_DOC_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".doc")
_BRACKETS = re.compile(r"[()（）\[\]【】〔〕]")


@dataclass
class Case:
    """One document and its key."""

    folder: str
    name: str
    path: Path
    region: str | None = None
    level: str | None = None
    year: int | None = None
    horizon: int | None = None
    gold: list[dict] = field(default_factory=list)   # text key lines
    cells: list[dict] = field(default_factory=list)  # table key cells


# ---------------------------------------------------------------- loading the keys

def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document_in(folder: Path, stem: str) -> Path | None:
    return next((folder / f"{stem}{s}" for s in _DOC_SUFFIXES if (folder / f"{stem}{s}").exists()), None)


def load_devset_folder(folder: Path) -> list[Case]:
    """Cases of a folder in the development set's layout."""
    cases = []
    docs = folder / "docs"
    for meta_path in sorted(docs.glob("*.json")) if docs.is_dir() else []:
        document = _document_in(docs, meta_path.stem)
        key = folder / "gold" / f"{meta_path.stem}.jsonl"
        if document is None or not key.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        lines = _jsonl(key)
        cases.append(Case(folder.name, meta_path.stem, document, meta.get("city"), meta.get("level"),
                          meta.get("year"), meta.get("horizon"),
                          gold=[g for g in lines if g.get("origin") != "table"],
                          cells=[g for g in lines if g.get("origin") == "table"]))
    tables = folder / "tables"
    for key in sorted(tables.glob("*.gold.jsonl")) if tables.is_dir() else []:
        stem = key.name[: -len(".gold.jsonl")]
        document = _document_in(tables, stem)
        if document is None:
            continue
        meta_path = tables / f"{stem}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        cases.append(Case(folder.name, stem, document, meta.get("city"), meta.get("level"),
                          meta.get("year"), meta.get("horizon"), cells=_jsonl(key)))
    return cases


def _key_from_expected(row: dict) -> dict:
    """A hand-written expected row (tests/expected, tests/unseen) as a key line or cell."""
    if row.get("origin") == "table":
        return {"indicator": row["indicator"], "unit": row.get("unit"), "year": row["year"],
                "value": row["value"], "comparator": row["comparator"], "role": row["role"],
                "origin": "table"}
    return {"quote": row["sentence"], "indicator": row["indicator"], "value": row["value"],
            "value_high": row.get("value_high"), "unit": row.get("unit") or "",
            "comparator": row["comparator"], "kind": row["kind"], "target_year": row["year"]}


def _scored(row: dict) -> bool:
    """Only numbers are scored: not full coverage, not qualitative statements."""
    return row.get("value") is not None and row.get("kind") != "full_coverage"


def load_unseen_folder(folder: Path) -> list[Case]:
    """tests/unseen: <name>.<ext> + <name>.meta.json + <name>.expected.jsonl."""
    cases = []
    for meta_path in sorted(folder.glob("*.meta.json")):
        stem = meta_path.name[: -len(".meta.json")]
        document = _document_in(folder, stem)
        if document is None:
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        keys = [_key_from_expected(r) for r in _jsonl(folder / f"{stem}.expected.jsonl") if _scored(r)]
        cases.append(Case(folder.name, stem, document, meta["region"], meta["region_level"],
                          meta["plan_year"], meta.get("horizon_year"),
                          gold=[k for k in keys if k.get("origin") != "table"],
                          cells=[k for k in keys if k.get("origin") == "table"]))
    return cases


def load_seed_folder(expected: Path, sources: Path) -> list[Case]:
    """The bundled sources with tests/expected/<stem>.jsonl (text) and <stem>.table.jsonl."""
    from etl.sources import load_metadata

    cases = []
    for meta in load_metadata(sources / "sources.csv"):
        stem = meta.file.rsplit(".", 1)[0]
        text_key, table_key = expected / f"{stem}.jsonl", expected / f"{stem}.table.jsonl"
        if not text_key.exists():
            continue
        cells = [_key_from_expected({**r, "origin": "table"}) for r in _jsonl(table_key) if _scored(r)] \
            if table_key.exists() else []
        cases.append(Case("seeds", stem, sources / meta.file, meta.region, meta.region_level,
                          meta.plan_year, meta.horizon_year,
                          gold=[_key_from_expected(r) for r in _jsonl(text_key) if _scored(r)], cells=cells))
    return cases


def default_folders() -> list[tuple[str, list[Case]]]:
    from store import paths

    folders = [("seeds", load_seed_folder(ROOT / "tests" / "expected", paths.SOURCES_DIR)),
               ("unseen", load_unseen_folder(ROOT / "tests" / "unseen"))]
    folders += [(f.name, load_devset_folder(f)) for f in OWN_FOLDERS if f.is_dir()]
    if DEVSET.is_dir():
        folders.append(("devset", load_devset_folder(DEVSET)))
    return folders


# ---------------------------------------------------------------- scoring

def _squash(text: str | None) -> str:
    # Keys and rows compared as the reader's canonical text (etl.reading.normalize): a key
    # typed with another dash or full-width form still finds its row.
    from etl.reading.normalize import normalize_text

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", normalize_text(text or "")))


def same_value(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return any(abs(got - w) <= 1e-9 * max(1.0, abs(w)) for w in (want, want * 10000, want / 100))


@dataclass
class Score:
    gold: int = 0
    rows: int = 0
    matched: int = 0
    matched_optional: int = 0
    comparator_ok: int = 0
    unit_ok: int = 0
    year_ok: int = 0
    year_checked: int = 0
    theme_tp: int = 0
    theme_fp: int = 0
    theme_fn: int = 0
    cells: int = 0
    cells_matched: int = 0
    cells_role_ok: int = 0
    table_rows: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    missed_cells: list = field(default_factory=list)
    extra_cells: list = field(default_factory=list)
    refused: str | None = None

    def add(self, other: Score) -> None:
        for name in ("gold", "rows", "matched", "matched_optional", "comparator_ok", "unit_ok",
                     "year_ok", "year_checked", "theme_tp", "theme_fp", "theme_fn", "cells",
                     "cells_matched", "cells_role_ok", "table_rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        def ratio(a, b):
            return round(a / b, 3) if b else None

        precision_rows = self.rows - self.matched_optional
        theme_p = ratio(self.theme_tp, self.theme_tp + self.theme_fp)
        theme_r = ratio(self.theme_tp, self.theme_tp + self.theme_fn)
        theme_f1 = (round(2 * theme_p * theme_r / (theme_p + theme_r), 3)
                    if theme_p and theme_r else (None if theme_p is None and theme_r is None else 0.0))
        return {
            "gold": self.gold, "rows": precision_rows, "matched": self.matched,
            "precision": ratio(self.matched, precision_rows), "recall": ratio(self.matched, self.gold),
            "comparator": ratio(self.comparator_ok, self.matched), "unit": ratio(self.unit_ok, self.matched),
            "year": ratio(self.year_ok, self.year_checked), "main_theme_f1": theme_f1,
            "cells": self.cells, "cells_matched": self.cells_matched,
            "cells_role_ok": self.cells_role_ok, "table_rows": self.table_rows,
        }


def _scored_text_rows(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["origin"] == "text" and r["value"] is not None
            and r["kind"] != "full_coverage"]


def score_text(rows: list[dict], gold: list[dict]) -> Score:
    score = Score()
    candidates = [(r, _squash(r["source_text"])) for r in _scored_text_rows(rows)]
    score.rows = len(candidates)
    used: set[int] = set()
    # Required lines first, so that an optional line never takes a row a required one needs.
    ordered = sorted(gold, key=lambda g: bool(g.get("optional")))
    for line in ordered:
        quote = _squash(line["quote"])
        match = next((i for i, (row, text) in enumerate(candidates)
                      if i not in used and quote in text and same_value(row["value"], line["value"])), None)
        if not line.get("optional"):
            score.gold += 1
        if match is None:
            if not line.get("optional"):
                score.misses.append(f"{line['quote']} = {line['value']}")
            continue
        used.add(match)
        row = candidates[match][0]
        if line.get("optional"):
            score.matched_optional += 1
            continue
        score.matched += 1
        problems = []
        if row["comparator"] == line["comparator"]:
            score.comparator_ok += 1
        else:
            problems.append(f"comparator {row['comparator']} ≠ {line['comparator']}")
        if _squash(row["unit"]) == _squash(line.get("unit")):
            score.unit_ok += 1
        else:
            problems.append(f"unit {row['unit']!r} ≠ {line.get('unit')!r}")
        if line.get("target_year") is not None:
            score.year_checked += 1
            if row["year"] == line["target_year"]:
                score.year_ok += 1
            else:
                problems.append(f"year {row['year']} ≠ {line['target_year']}")
        if "themes" in line:
            want = {t for t in line["themes"] if t in MAIN_THEMES}
            got = {t for t in row["themes"] if t in MAIN_THEMES}
            score.theme_tp += len(want & got)
            score.theme_fp += len(got - want)
            score.theme_fn += len(want - got)
            if want != got:
                problems.append(f"themes {sorted(got)} ≠ {sorted(want)}")
        if problems:
            score.wrong.append(f"{line['quote']}: " + "; ".join(problems))
    score.extras = [f"{candidates[i][0]['indicator']} = {candidates[i][0]['value_text']}"
                    f"  «{candidates[i][0]['source_text'][:50]}»"
                    for i in range(len(candidates)) if i not in used]
    return score


def score_cells(rows: list[dict], cells: list[dict], text_gold: bool) -> Score:
    score = Score()
    table_rows = [r for r in rows if r["origin"] == "table" and r["value"] is not None]
    score.cells, score.table_rows = len(cells), len(table_rows)
    used: set[int] = set()
    for cell in cells:
        name = _BRACKETS.sub("", _squash(cell["indicator"]))
        match = next((i for i, row in enumerate(table_rows)
                      if i not in used and row["year"] == cell["year"]
                      and same_value(row["value"], cell["value"]) and row["comparator"] == cell["comparator"]
                      and name in _BRACKETS.sub("", _squash(row["indicator"]))), None)
        if match is None:
            score.missed_cells.append(f"{cell['indicator']} {cell['year']} = {cell['value']}")
            continue
        used.add(match)
        score.cells_matched += 1
        if table_rows[match]["role"] == cell.get("role", table_rows[match]["role"]):
            score.cells_role_ok += 1
    score.extra_cells = [f"{r['indicator']} {r['year']} = {r['value_text']}"
                         for i, r in enumerate(table_rows) if i not in used]
    if not text_gold:
        # A table file: every text row read from it is a cell read wrongly.
        score.rows = len(_scored_text_rows(rows))
        score.extras = [f"{r['indicator']} = {r['value_text']}" for r in _scored_text_rows(rows)]
    return score


def score_case(case: Case) -> tuple[Score, list[str]]:
    from etl.preview import preview_file
    from etl.reading import SourceError

    try:
        preview = preview_file(case.path, region=case.region, level=case.level, year=case.year,
                               horizon=case.horizon)
    except SourceError as refused:
        score = Score(gold=sum(1 for g in case.gold if not g.get("optional")), cells=len(case.cells),
                      refused=str(refused))
        return score, []
    rows = preview.rows
    score = score_text(rows, case.gold) if case.gold else Score()
    if case.cells:
        cells = score_cells(rows, case.cells, text_gold=bool(case.gold))
        score.add(cells) if case.gold else None
        if not case.gold:
            score = cells
        else:
            score.missed_cells, score.extra_cells = cells.missed_cells, cells.extra_cells
    elif not case.gold:
        score.rows = len(_scored_text_rows(rows))
    return score, [r for r in preview.result.review]


# ---------------------------------------------------------------- report

def run(folders: list[tuple[str, list[Case]]], verbose: bool = False) -> dict:
    report: dict = {"folders": {}, "review_reasons": {}}
    reasons: Counter = Counter()
    overall = Score()
    for folder, cases in folders:
        total = Score()
        documents = {}
        for case in cases:
            score, review = score_case(case)
            reasons.update(item["note"] for item in review)
            total.add(score)
            documents[case.name] = {**score.figures(), "refused": score.refused}
            if verbose:
                _print_details(folder, case.name, score)
        overall.add(total)
        report["folders"][folder] = {"total": total.figures(), "documents": documents,
                                     "refused": sum(1 for d in documents.values() if d["refused"])}
    report["overall"] = overall.figures()
    report["review_reasons"] = dict(reasons.most_common(12))
    return report


def _print_details(folder: str, name: str, score: Score) -> None:
    figures = score.figures()
    print(f"\n== {folder}/{name}: P {figures['precision']} R {figures['recall']} "
          f"cells {score.cells_matched}/{score.cells}" + (f"  REFUSED {score.refused}" if score.refused else ""))
    for label, items in (("missed", score.misses), ("extra", score.extras), ("wrong", score.wrong),
                         ("missed cell", score.missed_cells), ("extra cell", score.extra_cells)):
        for item in items:
            print(f"   {label}: {item}")


def table(report: dict) -> str:
    header = (f"{'folder / document':<34} {'gold':>5} {'rows':>5} {'P':>6} {'R':>6} {'cmp':>6} "
              f"{'unit':>6} {'year':>6} {'themeF1':>7} {'cells':>9} {'role':>5}")
    lines = [header, "-" * len(header)]

    def line(label: str, f: dict, refused: str | None = None) -> str:
        def show(value):
            return "—" if value is None else f"{value:.2f}"
        cells = f"{f['cells_matched']}/{f['cells']}" if f["cells"] else "—"
        role = f"{f['cells_role_ok']}" if f["cells"] else "—"
        text = (f"{label:<34} {f['gold']:>5} {f['rows']:>5} {show(f['precision']):>6} {show(f['recall']):>6} "
                f"{show(f['comparator']):>6} {show(f['unit']):>6} {show(f['year']):>6} "
                f"{show(f['main_theme_f1']):>7} {cells:>9} {role:>5}")
        return text + (f"  拒绝读取：{refused}" if refused else "")

    for folder, part in report["folders"].items():
        for name, figures in part["documents"].items():
            lines.append(line(f"  {folder}/{name}", figures, figures.get("refused")))
        lines.append(line(f"{folder} (all)", part["total"]))
        lines.append("")
    lines.append(line("overall", report["overall"]))
    if report["review_reasons"]:
        lines.append("\nreasons most often given in the review table:")
        lines += [f"  {count:>4}  {reason}" for reason, count in report["review_reasons"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        help="folders in the development set's layout (default: the project's own "
                             "keys, and ../shared/devset when it is there)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and wrong fields")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the figures (JSON)")
    args = parser.parse_args(argv)
    if args.folders:
        folders = [(f.name, load_devset_folder(f)) for f in args.folders]
    else:
        folders = default_folders()
        if not DEVSET.is_dir():
            print(f"note: {DEVSET} is not here; scoring the project's own keys only", file=sys.stderr)
    report = run(folders, verbose=args.verbose)
    print(table(report))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
