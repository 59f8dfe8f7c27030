"""What one document would add, without touching data/: the rows of `python -m etl extract`.

The caller may know the region, level and year; whatever it leaves out is read from the
document itself (etl.layout.document_facts). A year that cannot be found never stops the preview:
the rows then carry no plan year of their own and a note says so.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from etl.layout.document_facts import DocumentFacts, read_facts
from etl.pipeline import DocumentResult, extract_document
from etl.reading import read_document
from etl.sources import SourceMeta
from store import fields

log = logging.getLogger(__name__)


@dataclass
class Preview:
    meta: SourceMeta
    text: str
    result: DocumentResult
    facts: DocumentFacts
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        """The targets table's rows for this document, in document order, contract columns only."""
        ordered = sorted(self.result.targets,
                         key=lambda r: (r["span_start"], r["origin"], r["year"] or 0, r["role"]))
        return [{column: row[column] for column in fields.TARGETS.columns} for row in ordered]


def preview_file(path: Path | str, *, region: str | None = None, level: str | None = None,
                 year: int | None = None, horizon: int | None = None,
                 listed: SourceMeta | None = None) -> Preview:
    """Read one file and extract its rows; raise SourceError when the file cannot be read."""
    path = Path(path)
    text = read_document(path)
    return preview_text(text, path.name, region=region, level=level, year=year, horizon=horizon,
                        listed=listed)


def _region_code(region: str, level: str, facts: DocumentFacts) -> str:
    """The code of the region named, when the document or the name alone settles it."""
    from store.regions import RegionError, resolve_region

    if facts.region_code and facts.region == region:
        return facts.region_code
    try:
        return resolve_region(region, level, facts.province, facts.parent_region).code
    except RegionError:
        return ""


def preview_text(text: str, file_name: str, *, region: str | None = None, level: str | None = None,
                 year: int | None = None, horizon: int | None = None,
                 listed: SourceMeta | None = None) -> Preview:
    facts = read_facts(text, file_name)
    log.debug("%s：文中读出 地区 %s（%s），规划年份 %s，目标年份 %s，标题 %s", file_name, facts.region,
              facts.region_level, facts.plan_year, facts.horizon_year, facts.title)
    notes = []
    if listed is not None and year is None:
        plan_year, horizon_year = listed.plan_year, horizon or listed.horizon_year
    else:
        plan_year = year or facts.plan_year
        # A horizon the document states (…到2020年将实现, （2025—2027年）) holds whoever gives the year.
        stated = facts.horizon_year if facts.horizon_year and (plan_year is None or facts.horizon_year >= plan_year) else None
        horizon_year = horizon or stated or plan_year
    if plan_year is None:
        notes.append(f"{file_name}: 文中没有写明规划年份，未写年份的目标不标年份（可用 --year 指定）")
    region_name = region or (listed.region if listed else None) or facts.region or "未知"
    region_level = level or (listed.region_level if listed else None) or facts.region_level or "市"
    meta = SourceMeta(
        doc_id=listed.doc_id if listed else Path(file_name).stem,
        file=file_name,
        region=region_name,
        region_level=region_level,
        province=(listed.province if listed else None) or facts.province or "",
        parent_region=listed.parent_region if listed else facts.parent_region,
        plan_year=plan_year,
        horizon_year=horizon_year,
        doc_type=listed.doc_type if listed else facts.doc_type,
        title=(listed.title if listed else None) or facts.title or Path(file_name).stem,
        issuer=listed.issuer if listed else facts.issuer,
        date=listed.date if listed else facts.date,
        url=listed.url if listed else None,
        region_code=(listed.region_code if listed else None) or _region_code(region_name, region_level, facts),
    )
    return Preview(meta=meta, text=text, result=extract_document(text, meta), facts=facts, notes=notes)
