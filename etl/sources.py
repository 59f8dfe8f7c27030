"""The metadata file that describes each source document (region, level, year, title …).

Every document in data/sources/ needs one row; every row needs its document. Problems are
reported as one line that names the file and what is wrong.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from etl.reading import SUPPORTED_SUFFIXES, SourceError
from etl.reading.errors import Unreadable
from etl.reading.text import decode_text
from store.fields import REGION_LEVELS
from store.regions import RegionError, region_names, resolve_region

REQUIRED_COLUMNS = ["doc_id", "file", "region", "region_level", "province", "plan_year", "title"]
# region_code: the 6-digit GB/T 2260 code; optional only where the name alone is unambiguous.
OPTIONAL_COLUMNS = ["region_code", "parent_region", "horizon_year", "doc_type", "issuer", "date", "url"]
DOCUMENT_SUFFIXES = set(SUPPORTED_SUFFIXES)
_YEAR_RANGE = range(1990, 2101)


@dataclass(frozen=True)
class SourceMeta:
    doc_id: str
    file: str
    region: str
    region_level: str
    province: str
    parent_region: str | None
    plan_year: int
    horizon_year: int
    doc_type: str | None
    title: str
    issuer: str | None
    date: str | None
    url: str | None
    region_code: str = ""


def decode_metadata(metadata_path: Path) -> str:
    """The metadata file's text. Excel saves CSV as UTF-8 with a BOM, or in the system's code
    page (GBK on a Chinese Windows PC): the encoding is detected as for any text source."""
    if not metadata_path.exists():
        raise SourceError(metadata_path, "元数据文件不存在")
    try:
        return decode_text(metadata_path.read_bytes())
    except Unreadable as problem:
        raise SourceError(metadata_path, f"元数据文件无法读取：{problem.reason}") from None
    except OSError as problem:
        raise SourceError(metadata_path, f"元数据文件无法读取：{problem}") from None


def load_metadata(metadata_path: Path) -> list[SourceMeta]:
    """Read and check the metadata file; raise SourceError naming the file and the problem."""
    text = decode_metadata(metadata_path)
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as problem:
        raise SourceError(metadata_path, f"元数据文件无法读取：{problem}") from None
    missing = [c for c in REQUIRED_COLUMNS if rows and c not in rows[0]]
    if not rows:
        raise SourceError(metadata_path, "元数据文件没有任何文件行")
    if missing:
        raise SourceError(metadata_path, f"元数据缺少列：{'、'.join(missing)}")
    metas = [_meta_from_row(metadata_path, i + 2, row) for i, row in enumerate(rows)]
    _check_unique(metadata_path, metas)
    return metas


def check_sources_directory(sources_dir: Path, metas: list[SourceMeta]) -> None:
    """Every listed file exists, and every document file in the folder is listed."""
    listed = {m.file for m in metas}
    root = sources_dir.resolve()
    for meta in metas:
        path = sources_dir / meta.file
        if not path.is_file():
            raise SourceError(path, f"元数据（doc_id={meta.doc_id}）指向的文件不存在")
        # A link may point anywhere: what is read must stay inside the sources folder.
        if root not in path.resolve().parents:
            raise SourceError(path, "文件链接到 sources 文件夹以外的位置，不予读取")
    for path in sorted(sources_dir.iterdir()):
        if path.suffix.lower() in DOCUMENT_SUFFIXES and path.name not in listed:
            raise SourceError(path, "文件在 sources.csv 中没有元数据行（请补充地区、年份、标题等）")


def _meta_from_row(path: Path, line: int, row: dict[str, str]) -> SourceMeta:
    def text(column: str) -> str | None:
        value = (row.get(column) or "").strip()
        return value or None

    where = f"第 {line} 行"
    for column in REQUIRED_COLUMNS:
        if not text(column):
            raise SourceError(path, f"{where}缺少 {column}")
    level = text("region_level")
    if level not in REGION_LEVELS:
        raise SourceError(path, f"{where} region_level「{level}」不是 {'/'.join(REGION_LEVELS)} 之一")
    plan_year = _year(path, where, "plan_year", text("plan_year"))
    horizon_year = _year(path, where, "horizon_year", text("horizon_year")) if text("horizon_year") else plan_year
    if horizon_year < plan_year:
        raise SourceError(path, f"{where} horizon_year {horizon_year} 早于 plan_year {plan_year}")
    try:
        region = resolve_region(text("region"), level, text("province"), text("parent_region"),
                                text("region_code"))
    except RegionError as problem:
        raise SourceError(path, f"{where}{problem}") from None
    province, parent, code_level = region_names(region)
    if code_level != level:
        raise SourceError(path, f"{where}地区「{region.name}」（{region.code}）是{code_level}级，"
                                f"region_level 却是 {level}")
    _check_file_name(path, where, text("file"))
    return SourceMeta(
        doc_id=text("doc_id"), file=text("file"), region=text("region"), region_level=level,
        province=text("province"), parent_region=text("parent_region") or parent, plan_year=plan_year,
        horizon_year=horizon_year, doc_type=text("doc_type"), title=text("title"),
        issuer=text("issuer"), date=text("date"), url=text("url"), region_code=region.code,
    )


def _check_file_name(path: Path, where: str, name: str) -> None:
    """A document is named by its file name alone: no folder, no way out of the sources folder."""
    if Path(name).name != name or name in (".", "..") or "\\" in name or ":" in name:
        raise SourceError(path, f"{where} file「{name}」必须是 sources 文件夹中的文件名，不能带路径")


def _year(path: Path, where: str, column: str, raw: str | None) -> int:
    try:
        year = int(str(raw))
    except ValueError:
        raise SourceError(path, f"{where} {column}「{raw}」不是年份") from None
    if year not in _YEAR_RANGE:
        raise SourceError(path, f"{where} {column} {year} 不是合理的年份")
    return year


def _check_unique(path: Path, metas: list[SourceMeta]) -> None:
    seen_ids, seen_files = set(), set()
    for meta in metas:
        if meta.doc_id in seen_ids:
            raise SourceError(path, f"doc_id「{meta.doc_id}」重复")
        if meta.file in seen_files:
            raise SourceError(path, f"文件「{meta.file}」在元数据中出现两次")
        seen_ids.add(meta.doc_id)
        seen_files.add(meta.file)
