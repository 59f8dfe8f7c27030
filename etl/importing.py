"""Adding documents to a data folder, or removing one: the files and their sources.csv rows
change together with a rebuild, or nothing changes at all.

The new sources are assembled in a staging folder beside sources/ (the files already there are
hard-linked, not copied), checked and built from there; only a build that succeeded is
published, and only then do the new files and the new sources.csv take their places, each by
one rename. The build records the staging folder's fingerprint, which names the same files with
the same contents, so the dashboard does not build again when they arrive in sources/.
Everything runs under the folder's sources lock: two officials importing at once are served one
after the other.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from etl.reading import SUPPORTED_SUFFIXES, SourceError
from etl.sources import REQUIRED_COLUMNS, OPTIONAL_COLUMNS, SourceMeta, check_sources_directory, load_metadata
from store import paths

# The columns of sources.csv as this module writes it (a file with others keeps them too).
COLUMNS = ["doc_id", "file", "region", "region_code", "region_level", "province", "parent_region",
           "plan_year", "horizon_year", "doc_type", "title", "issuer", "date", "url"]
assert set(COLUMNS) == set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
# The largest file an official may add (a whole five-year plan as PDF with its tables is a few MB).
MAX_UPLOAD_MB = 50
READ_ONLY_ENV = "HEALTH_TARGETS_READ_ONLY"
# How long an import waits for another one to finish before giving up.
WAIT_SECONDS = 600


@dataclass(frozen=True)
class NewDocument:
    """A file to add: its name in sources/, its bytes and its sources.csv row."""

    file_name: str
    data: bytes
    row: dict[str, str]


def importing_disabled(data_dir: Path | str) -> str | None:
    """Why documents cannot be added to this data folder, or None when they can."""
    if os.environ.get(READ_ONLY_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return "本看板的数据设为只读（部署设置），不能在这里导入文件；请联系管理员添加。"
    if paths.is_remote(data_dir):
        return "本看板读取的是远程存储中的数据，不能在这里导入文件；请联系管理员添加。"
    data_dir = Path(data_dir)
    sources = paths.sources_dir(data_dir)
    for folder in (data_dir, sources):
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            return f"数据文件夹 {folder.name} 不可写（只读部署），不能在这里导入文件。"
    return None


def row_from_meta(meta: SourceMeta) -> dict[str, str]:
    """A sources.csv row for a document's metadata."""
    values = {column: getattr(meta, column) for column in COLUMNS}
    return {column: "" if value is None else str(value) for column, value in values.items()}


def check_new_row(row: dict[str, str], file_name: str) -> SourceMeta:
    """The row read exactly as the build reads sources.csv; raise SourceError naming what is
    wrong (the message says 第 2 行, the row's place in a file of its own)."""
    with tempfile.TemporaryDirectory(prefix="health-targets-check-") as folder:
        metadata = Path(folder) / paths.SOURCES_METADATA_NAME
        _write_rows(metadata, [dict(row, file=file_name)], COLUMNS)
        (meta,) = load_metadata(metadata)
    return meta


def add_documents(data_dir: Path | str, documents: list[NewDocument], progress=None,
                  on_wait=None) -> dict:
    """Add the documents and rebuild; return the build summary. Raises SourceError (or the
    build's error) with nothing changed."""
    if not documents:
        raise ValueError("no documents to add")
    data_dir = Path(data_dir)
    reason = importing_disabled(data_dir)
    if reason:
        raise SourceError(data_dir, reason)
    for document in documents:
        _check_upload(document)

    def change(staging: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        taken_files = {row.get("file") for row in rows}
        taken_ids = {row.get("doc_id") for row in rows}
        for document in documents:
            if document.file_name in taken_files or (staging / document.file_name).exists():
                raise SourceError(document.file_name, "看板中已有同名文件；请改名后再导入，或先移除原文件")
            doc_id = document.row.get("doc_id", "")
            if doc_id in taken_ids:
                raise SourceError(document.file_name, f"文件编号 {doc_id} 已被其他文件使用，请换一个编号")
            (staging / document.file_name).write_bytes(document.data)
            rows.append(dict(document.row, file=document.file_name))
            taken_files.add(document.file_name)
            taken_ids.add(doc_id)
        return rows

    return _change_sources(data_dir, change, progress, on_wait,
                           arriving=[d.file_name for d in documents], leaving=[])


def remove_document(data_dir: Path | str, doc_id: str, progress=None, on_wait=None) -> dict:
    """Remove one document (its file and row) and rebuild; nothing changes on failure."""
    data_dir = Path(data_dir)
    reason = importing_disabled(data_dir)
    if reason:
        raise SourceError(data_dir, reason)
    leaving: list[str] = []

    def change(staging: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        kept = [row for row in rows if row.get("doc_id") != doc_id]
        if len(kept) == len(rows):
            raise SourceError(paths.SOURCES_METADATA_NAME, f"没有编号为 {doc_id} 的文件")
        if not kept:
            raise SourceError(paths.SOURCES_METADATA_NAME, "这是看板中唯一的文件，不能移除（看板至少要有一份文件）")
        for row in rows:
            if row.get("doc_id") == doc_id:
                leaving.append(row["file"])
                (staging / row["file"]).unlink(missing_ok=True)
        return kept

    return _change_sources(data_dir, change, progress, on_wait, arriving=[], leaving=leaving)


def _check_upload(document: NewDocument) -> None:
    name = document.file_name
    if Path(name).name != name or name.startswith(".") or "\\" in name or ":" in name or not name.strip():
        raise SourceError(name or "?", "文件名不能带路径，也不能以点开头")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise SourceError(name, f"不支持 {Path(name).suffix or '无扩展名'} 格式的文件（支持：{'、'.join(SUPPORTED_SUFFIXES)}）")
    if name == paths.SOURCES_METADATA_NAME:
        raise SourceError(name, "不能导入名为 sources.csv 的文件")
    if len(document.data) > MAX_UPLOAD_MB * 1024 * 1024:
        raise SourceError(name, f"文件过大（上限 {MAX_UPLOAD_MB} MB）")
    if not document.data:
        raise SourceError(name, "文件为空")


def _change_sources(data_dir: Path, change, progress, on_wait, arriving: list[str], leaving: list[str]) -> dict:
    from etl.pipeline import build_all
    from store.lock import sources_lock

    sources = paths.sources_dir(data_dir)
    with sources_lock(data_dir, wait_seconds=WAIT_SECONDS, on_wait=on_wait):
        staging_root = Path(tempfile.mkdtemp(prefix=".import-", dir=data_dir))
        try:
            staging = staging_root / "sources"
            _link_copy(sources, staging)
            metadata = staging / paths.SOURCES_METADATA_NAME
            rows, columns = _read_rows(metadata)
            rows = change(staging, rows)
            _write_rows(metadata, rows, columns)
            check_sources_directory(staging, load_metadata(metadata))
            summary = build_all(progress=progress, sources_dir=staging, out_dir=data_dir)
            # Published: the sources take the staging folder's state, one rename per file.
            sources.mkdir(parents=True, exist_ok=True)
            for name in arriving:
                os.replace(staging / name, sources / name)
            os.replace(metadata, sources / paths.SOURCES_METADATA_NAME)
            for name in leaving:
                (sources / name).unlink(missing_ok=True)
            return summary
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)


def _link_copy(source: Path, target: Path) -> None:
    """target/ with every regular file of source/ hard-linked (copied where links cannot be)."""
    target.mkdir(parents=True)
    if not source.is_dir():
        return
    for path in source.iterdir():
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            os.link(path, target / path.name, follow_symlinks=False)
        except OSError:
            shutil.copy2(path, target / path.name)


def _read_rows(metadata: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Rows and columns of an existing sources.csv (any encoding the build accepts)."""
    if not metadata.exists():
        return [], list(COLUMNS)
    from etl.sources import decode_metadata

    text = decode_metadata(metadata)
    reader = csv.DictReader(io.StringIO(text))
    rows = [dict(row) for row in reader]
    columns = list(reader.fieldnames or []) + [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    return rows, columns


def _write_rows(metadata: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    """sources.csv as Excel opens it (UTF-8 with a byte-order mark), written whole then renamed."""
    temporary = metadata.with_name(f".{metadata.name}.{uuid.uuid4().hex}")
    with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column) or "" for column in columns})
    os.replace(temporary, metadata)
