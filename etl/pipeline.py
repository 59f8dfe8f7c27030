"""Build the targets table from the source documents.

    load      sources.csv + each document's text            (reading, at the edge)
    process   clauses, sentence targets, table rows, themes,
              canonical indicators, review list              (pure: `extract_document`)
    save      validate against the contract, then write every
              output to a temporary file and rename          (writing, at the edge)

A build that fails anywhere writes nothing: the last good data stays in place.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path

import pandas as pd

from etl.extraction.lexicon import SKIP_REASONS_ZH
from etl.extraction.restatements import SENTENCE_KEY, without_restatements
from etl.extraction.sentences import ReadingContext, analyse_sentence
from etl.extraction.tense import opening_target_year, section_modes
from etl.layout.sections import Clause, split_document
from etl.layout.text_view import TextView, text_view
from etl.reading import SourceError, read_document
from etl.sources import SourceMeta, check_sources_directory, load_metadata
from etl.tables import find_table_blocks, parse_indicator_table
from etl.tagging.indicators import map_indicator
from etl.tagging.themes import tag_target_themes, tag_themes
from store import fields, paths, schema

Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)


class BuildError(Exception):
    """A build that cannot finish; the message is one line for the person running it."""


@dataclass
class DocumentResult:
    targets: list[dict] = field(default_factory=list)
    clauses: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)


@dataclass
class Tables:
    documents: pd.DataFrame
    clauses: pd.DataFrame
    targets: pd.DataFrame
    review: pd.DataFrame


# ---------------------------------------------------------------- process (pure)

def extract_document(text: str, meta: SourceMeta) -> DocumentResult:
    """Every target, baseline, clause and review item of one document's normalised text.

    The document is read through its cleaned view (etl.layout.text_view); every span and quoted text
    in the result points at the document's own characters.
    """
    view = text_view(text)
    result = DocumentResult()
    blocks = find_table_blocks(view.text)
    clauses = split_document(view.text, skip=[(b.start, b.end) for b in blocks])
    modes = section_modes(meta.title, [clause.section for clause in clauses], meta.plan_year)
    # "三、发展目标 / 到2025年,…" then "——…托位数达到4.5个": a section's opening year holds for
    # the undated items under it, until another sentence opens with a year.
    section_years: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        clause_id = f"{meta.doc_id}:{index + 1:03d}"
        themes = tag_themes(clause.section, clause.clause_title, clause.text)
        default_year = section_years.get(clause.section) or meta.horizon_year
        rows = _clause_targets(view, clause, clause_id, themes, meta, result.review, modes[index],
                               default_year)
        # Only an unnumbered paragraph that opens with the year leads a section; "1.扩大人才总量。
        # 到2025年,…" dates its own item.
        opened = opening_target_year(clause.sentences[0].text, meta.plan_year) \
            if clause.sentences and not clause.clause else None
        if opened:
            section_years[clause.section] = opened
        result.targets.extend(rows)
        start, end = view.span(clause.start, clause.end)
        result.clauses.append(_clause_row(clause_id, meta, clause.section, clause.clause,
                                          clause.clause_title, text[start:end], themes,
                                          start, end, rows))
    for number, block in enumerate(blocks):
        clause_id = f"{meta.doc_id}:table{number + 1}"
        rows = [_table_target(view, row, block.title, clause_id, meta)
                for row in parse_indicator_table(block, meta.plan_year)]
        if not rows and block.rows:
            # A table whose cells could not be placed under its years is listed as a table,
            # not read as a heap of single numbers.
            start, end = view.span(block.start, block.end)
            result.review.append(_review_row(
                meta.doc_id, "number_without_target", "table not read", None, text[start:end][:40],
                " | ".join(block.header), start, end, None, SKIP_REASONS_ZH["table not read"]))
        block_themes = sorted({t for r in rows for t in r["themes"]}, key=_theme_order)
        result.targets.extend(rows)
        start, end = view.span(block.start, block.end)
        result.clauses.append(_clause_row(clause_id, meta, block.title or "指标表", "", block.title or "指标表",
                                          text[start:end], block_themes, start, end, rows))
    result.targets = without_restatements(result.targets, result.review)
    for row in result.targets:
        if row["confidence"] < fields.REVIEW_THRESHOLD:
            result.review.append(_review_row(meta.doc_id, "low_confidence", None, row["target_id"],
                                             row["value_text"], row["source_text"], row["span_start"],
                                             row["span_end"], row["confidence"], "读取把握不大，请核对指标名称与数值"))
    return result


def _clause_targets(view: TextView, clause: Clause, clause_id: str, themes: list[str], meta: SourceMeta,
                    review: list[dict], reports_past: bool = False,
                    default_year: int | None = None) -> list[dict]:
    default_year = default_year or meta.horizon_year
    rows = []
    merged: dict[tuple, list[str]] = {}  # (own themes, indicator themes) -> the target's themes
    context = ReadingContext(reports_past=reports_past)
    for sentence in clause.sentences:
        readings, skipped = analyse_sentence(sentence.text, default_year=default_year,
                                             plan_year=meta.plan_year, context=context)
        # Shown as the source: the whole sentence, semicolon-joined parts included.
        source_text = view.original_text(sentence.whole_start, sentence.whole_end)
        for reading in readings:
            start, end = view.span(sentence.start + reading.start, sentence.start + reading.end)
            match = map_indicator(reading.indicator, reading.unit)
            # A target is about what its own words name (产前筛查率 in a paragraph on 医养结合
            # is not 一老一小) and the indicator it measures, not about its whole clause.
            own = tag_target_themes(clause.section, _target_words(sentence.text, reading))
            indicator_themes = tuple(match.themes) if match else ()
            key = (tuple(own), indicator_themes)
            if key not in merged:
                merged[key] = _merge_themes(own, indicator_themes)
            target_themes = merged[key]
            rows.append(_target_row(
                meta, clause_id, clause.section, clause.clause, clause.clause_title,
                indicator=reading.indicator, match=match, role=reading.role,
                year=reading.year or default_year, value=reading.value,
                value_high=reading.value_high, unit=reading.unit, comparator=reading.comparator,
                kind=reading.kind, value_text=view.original[start:end], nature=None, category=None,
                themes=target_themes, origin="text", source_text=source_text, start=start, end=end,
                confidence=reading.confidence,
            ) | {SENTENCE_KEY: sentence.whole_start})
        for skip in skipped:
            # Every number gets a decision: those that gave no target are listed with theirs.
            start, end = view.span(sentence.start + skip.start, sentence.start + skip.end)
            review.append(_review_row(meta.doc_id, "number_without_target", skip.reason, None,
                                      view.original[start:end],
                                      source_text, start, end, None,
                                      SKIP_REASONS_ZH.get(skip.reason, skip.reason)))
    return rows


_PHRASE_CUT = re.compile(r"[,，;；。:：|]")
_TARGET_WORDS_BEFORE = 30


def _target_words(sentence: str, reading) -> str:
    """The indicator and the words of the value's own phrase: what a target is about."""
    start = max(0, reading.start - _TARGET_WORDS_BEFORE)
    cuts = list(_PHRASE_CUT.finditer(sentence, start, reading.start))
    if cuts:
        start = cuts[-1].end()
    return f"{reading.indicator}。{sentence[start:reading.end]}"


def _table_target(view: TextView, row, title: str, clause_id: str, meta: SourceMeta) -> dict:
    match = map_indicator(row.indicator, row.unit)
    start, end = view.span(row.span_start, row.span_end)
    themes = list(match.themes) if match and match.themes else tag_themes(title, row.indicator, row.indicator)
    return _target_row(
        meta, clause_id, title or "指标表", row.seq, row.indicator,
        indicator=row.indicator, match=match, role=row.role, year=row.year, value=row.value,
        value_high=row.value_high, unit=row.unit, comparator=row.comparator, kind=row.kind,
        value_text=view.original[start:end], nature=row.nature, category=row.category, themes=themes,
        origin="table", source_text=row.source_text, start=start, end=end,
        confidence=row.confidence,
    )


def _target_row(meta: SourceMeta, clause_id: str, section: str, clause: str, clause_title: str, *,
                indicator, match, role, year, value, value_high, unit, comparator, kind, value_text,
                nature, category, themes, origin, source_text, start, end, confidence) -> dict:
    return {
        "target_id": _target_id(meta.doc_id, origin, start, end, indicator, role, year),
        "doc_id": meta.doc_id, "doc_title": meta.title, "region": meta.region,
        "region_level": meta.region_level, "province": meta.province, "plan_year": meta.plan_year,
        "section": section, "clause": clause, "clause_title": clause_title, "indicator": indicator,
        "indicator_id": match.indicator_id if match else None,
        "indicator_name": match.indicator_name if match else None,
        "role": role, "year": year, "value": value, "value_high": value_high, "unit": unit or "",
        "comparator": comparator, "kind": kind, "value_text": value_text, "nature": nature,
        "category": category, "themes": list(themes),
        "direction": match.direction if match else None, "origin": origin,
        "source_text": source_text, "span_start": start, "span_end": end,
        "confidence": float(confidence), "parent_region": meta.parent_region, "clause_id": clause_id,
        "region_code": meta.region_code,
    }


def _target_id(doc_id: str, origin: str, start: int, end: int, indicator: str, role: str, year: int) -> str:
    # Same document text → same spans → same ids across rebuilds.
    key = f"{doc_id}|{origin}|{start}|{end}|{indicator}|{role}|{year}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _clause_row(clause_id, meta, section, number, title, text, themes, start, end, rows) -> dict:
    quantified = [r for r in rows if r["kind"] not in ("qualitative", "full_coverage")]
    return {
        "clause_id": clause_id, "doc_id": meta.doc_id, "section": section, "clause": number,
        "clause_title": title, "text": text, "themes": list(themes), "span_start": start,
        "span_end": end, "n_targets": len(rows), "n_quantified": len(quantified),
    }


def _review_row(doc_id, reason, decision, target_id, number_text, source_text, start, end, confidence,
                note) -> dict:
    return {"doc_id": doc_id, "reason": reason, "decision": decision, "target_id": target_id,
            "number_text": number_text,
            "source_text": source_text, "span_start": start, "span_end": end,
            "confidence": confidence, "note": note}


def _merge_themes(first, second) -> list[str]:
    merged = sorted(set(first) | set(second), key=_theme_order)
    # "其他" means nothing else applies.
    return [t for t in merged if t != "其他"] or merged


@lru_cache(maxsize=1)
def _theme_positions() -> dict[str, int]:
    from etl.tagging.themes import theme_names
    return {name: i for i, name in enumerate(theme_names())}


def _theme_order(name: str) -> int:
    positions = _theme_positions()
    return positions.get(name, len(positions))


def document_row(meta: SourceMeta, text: str) -> dict:
    return {
        "doc_id": meta.doc_id, "file": meta.file, "region": meta.region,
        "region_level": meta.region_level, "province": meta.province,
        "parent_region": meta.parent_region, "plan_year": meta.plan_year,
        "horizon_year": meta.horizon_year, "doc_type": meta.doc_type, "title": meta.title,
        "issuer": meta.issuer, "date": meta.date, "url": meta.url, "text": text,
        "n_chars": len(text), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "region_code": meta.region_code,
    }


def assemble_tables(documents: list[dict], results: list[DocumentResult | DocumentColumns]) -> Tables:
    """Frames in contract column order and types, sorted so that builds are repeatable."""
    # Frames are built from one list per column: far quicker than from one dict per row.
    results = [res if isinstance(res, DocumentColumns) else DocumentColumns.of(res) for res in results]
    targets = _frame(_joined([res.targets for res in results], fields.TARGETS.columns),
                     fields.TARGETS,
                     ["doc_id", "span_start", "origin", "indicator", "year", "role"])
    clauses = _frame(_joined([res.clauses for res in results], fields.CLAUSES.columns),
                     fields.CLAUSES, ["doc_id", "span_start"])
    review = _frame(_joined([res.review for res in results], fields.REVIEW.columns),
                    fields.REVIEW, ["doc_id", "span_start", "reason"])
    docs = _frame(_by_column(documents, fields.DOCUMENTS.columns), fields.DOCUMENTS, ["doc_id"])
    return Tables(documents=docs, clauses=clauses, targets=targets, review=review)


def _frame(data: dict[str, list], table: fields.Table, sort_by: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({f.name: _typed(f, data[f.name]) for f in table.fields}, columns=table.columns)
    return frame.sort_values(sort_by, kind="stable").reset_index(drop=True)


def _typed(field: fields.Field, values: list) -> pd.Series:
    """A column in its contract type, built straight from the values (no type guessing)."""
    series = pd.Series(values, dtype=schema.pandas_dtype(field))
    if field.type != "text":
        return series
    # Text columns hold str or None (never NaN), as the contract and the parquet files expect.
    return series.where(series.notna(), None)


def validate(tables: Tables) -> None:
    """Check every table against the contract; raise BuildError listing what is wrong."""
    import pandera.errors

    for name in fields.TABLES:
        try:
            schema.schema(name).validate(getattr(tables, name), lazy=True)
        except pandera.errors.SchemaErrors as errors:
            cases = errors.failure_cases.head(5).to_dict("records")
            raise BuildError(f"表 {name} 不符合数据约定：{cases}") from None


# ---------------------------------------------------------------- load and save (edges)

def read_sources(sources_dir: Path, metadata_path: Path) -> list[tuple[SourceMeta, str]]:
    metas = load_metadata(metadata_path)
    check_sources_directory(sources_dir, metas)
    documents = []
    seen: dict[str, str] = {}
    for meta in metas:
        text = read_document(sources_dir / meta.file)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            raise SourceError(sources_dir / meta.file, f"与 {seen[digest]} 内容相同（同一文件放了两次）")
        seen[digest] = meta.file
        log.debug("%s：读出 %d 字", meta.file, len(text))
        documents.append((meta, text))
    return documents


def build_tables(sources_dir: Path = paths.SOURCES_DIR, metadata_path: Path | None = None,
                 progress: Progress | None = None, processes: int | None = None) -> Tables:
    metadata_path = metadata_path or Path(sources_dir) / paths.SOURCES_METADATA_NAME
    sources = read_sources(sources_dir, metadata_path)
    results = list(_extract_all(sources, progress, processes))
    documents = [document_row(meta, text) for meta, text in sources]
    tables = assemble_tables(documents, results)
    validate(tables)
    return tables


# Below this many documents a process pool costs more than it saves.
_PARALLEL_FROM = 16


# Extraction makes millions of short-lived objects and no reference cycles worth chasing; with
# the default threshold (700) the cyclic collector ran so often it took ~5% of extraction time.
_GC_THRESHOLD = 100_000


def _extract_all(sources, progress: Progress | None, processes: int | None):
    """extract_document over every source, on every core for large corpora, in input order."""
    total = len(sources)
    workers = processes or os.cpu_count() or 1
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], _GC_THRESHOLD), *threshold[1:])
    try:
        if workers <= 1 or total < _PARALLEL_FROM:
            for i, (meta, text) in enumerate(sources):
                if progress:
                    progress(i, total, meta.file)
                yield _noted(meta, _extract_pair((meta, text)))
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=gc.set_threshold,
                                     initargs=gc.get_threshold()) as pool:
                chunk = max(1, total // (workers * 8))
                for i, result in enumerate(pool.map(_extract_pair, sources, chunksize=chunk)):
                    if progress:
                        progress(i, total, sources[i][0].file)
                    yield _noted(sources[i][0], result)
    finally:
        gc.set_threshold(*threshold)
    if progress:
        progress(total, total, "")


def _noted(meta: SourceMeta, result: DocumentColumns) -> DocumentColumns:
    """One log line per document (logged in the main process: workers have no log setup)."""
    if log.isEnabledFor(logging.INFO):
        log.info("%s：目标与基线 %d 行，条款 %d 条，待复核 %d 条", meta.file, _row_count(result.targets),
                 _row_count(result.clauses), _row_count(result.review))
    return result


def _row_count(columns: dict[str, list]) -> int:
    return len(next(iter(columns.values()), []))


def _extract_pair(pair: tuple[SourceMeta, str]) -> DocumentColumns:
    meta, text = pair
    # Columns cost far less to unpickle than one dict per row, and a build holding a few lists
    # per document rather than a dict per row keeps the garbage collector's rounds short.
    return DocumentColumns.of(extract_document(text, meta))


@dataclass
class DocumentColumns:
    """A DocumentResult with each table held as one list per contract column."""

    targets: dict[str, list]
    clauses: dict[str, list]
    review: dict[str, list]

    @classmethod
    def of(cls, result: DocumentResult) -> DocumentColumns:
        return cls(_by_column(result.targets, fields.TARGETS.columns),
                   _by_column(result.clauses, fields.CLAUSES.columns),
                   _by_column(result.review, fields.REVIEW.columns))


def _by_column(rows: list[dict], columns: list[str]) -> dict[str, list]:
    if not rows:
        return {column: [] for column in columns}
    cells = map(itemgetter(*columns), rows)  # one tuple per row, in column order
    return dict(zip(columns, map(list, zip(*cells))))


def _joined(parts: list[dict[str, list]], columns: list[str]) -> dict[str, list]:
    """The documents' columns laid end to end."""
    return {column: list(chain.from_iterable(part[column] for part in parts)) for column in columns}


def build_all(progress: Progress | None = None, sources_dir: Path | None = None,
              out_dir: Path | None = None, processes: int | None = None) -> dict:
    """Rebuild every output of a data folder (default: paths.data_location()) from its sources
    (default: the folder's sources/), publish it in one step and return the build summary.

    A build that fails publishes nothing: the data folder stays exactly as it was.
    """
    from store import freshness
    from store.lock import build_lock
    from store.outputs import build_record, publish

    out_dir = Path(out_dir or paths.data_location())
    sources_dir = Path(sources_dir or paths.sources_dir(out_dir))
    log.info("构建 %s（源文件：%s）", out_dir, sources_dir)
    with build_lock(out_dir):
        fingerprint = freshness.source_fingerprint(sources_dir, build_record(out_dir).get("sources"))
        tables = build_tables(sources_dir, progress=progress, processes=processes)
        build = publish(tables, out_dir, sources=fingerprint)
    log.info("已发布构建 %s", build)
    return summarise(tables)


def summarise(tables: Tables) -> dict:
    targets = tables.targets
    themes = targets.explode("themes")["themes"].value_counts().to_dict() if len(targets) else {}
    per_doc = targets.groupby(["doc_id", "kind"]).size().unstack(fill_value=0) if len(targets) else None
    return {
        "documents": len(tables.documents),
        "clauses": len(tables.clauses),
        "targets": len(targets),
        "by_kind": targets["kind"].value_counts().to_dict(),
        "by_role": targets["role"].value_counts().to_dict(),
        "by_theme": themes,
        "by_document_and_kind": per_doc.to_dict("index") if per_doc is not None else {},
        "mapped": int(targets["indicator_id"].notna().sum()),
        "review": len(tables.review),
        "review_low_confidence": int((tables.review["reason"] == "low_confidence").sum()),
        "largest_unmapped": (targets[targets["indicator_id"].isna()]["indicator"]
                             .value_counts().head(10).to_dict()),
        "review_sample": tables.review.sort_values(["reason", "doc_id", "span_start"])
                         .head(12)[["doc_id", "reason", "number_text", "note"]].to_dict("records"),
    }
