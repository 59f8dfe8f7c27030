"""Publish a build in one step, so readers only ever see a complete, valid set.

A build is written whole into a new folder `builds/<id>/` (the four Parquet tables, the
dashboard database and `build.json`, which records the sources it was made from); then the
`current` link is switched to it with one rename. The table names of the contract
(`targets.parquet` …) are links into `current`, so they always name one build. A build that
fails anywhere removes its folder and leaves `current` where it was. The folder's id is the
content hash of its tables: the same sources give the same id, and nothing changes.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from store import paths
from store.database import serving_database_is_current, write_serving_database

BUILD_RECORD = "build.json"
# Builds kept besides the current one: a reader that opened the previous build keeps working.
KEEP_PREVIOUS = 1


def publish(tables, data_dir: Path, sources: dict | None = None) -> Path:
    """Write `tables` (attributes named as paths.TABLE_NAMES) as a new build of `data_dir` and
    make it the current one; return the build's folder. `sources` is recorded in build.json."""
    data_dir = Path(data_dir)
    builds = data_dir / paths.BUILDS_NAME
    builds.mkdir(parents=True, exist_ok=True)
    staging = builds / f".staging-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        files = {name: staging / f"{name}.parquet" for name in paths.TABLE_NAMES}
        for name, path in files.items():
            _write_parquet(getattr(tables, name), path)
        build_id = _content_id(files)
        final = builds / build_id
        if final.exists() and (final / BUILD_RECORD).exists() and serving_database_is_current(final):
            # The same tables are published already: only the record of sources is renewed.
            shutil.rmtree(staging)
            _write_record(final, build_id, sources)
        else:
            write_serving_database(files, staging / paths.DATABASE_NAME, reference_writer=write_reference_tables)
            _write_record(staging, build_id, sources)
            shutil.rmtree(final, ignore_errors=True)
            os.rename(staging, final)
        _switch_current(data_dir, final)
        _ensure_table_links(data_dir)
        _prune(builds, keep=final)
        return final
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_record(build: Path, build_id: str, sources: dict | None) -> None:
    record = build / BUILD_RECORD
    temporary = build / f".{BUILD_RECORD}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps({"id": build_id, "sources": sources or {}}, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    os.replace(temporary, record)


def current_build(data_dir: Path) -> Path | None:
    """The folder of the build being served, or None before the first build."""
    link = Path(data_dir) / paths.CURRENT_NAME
    return link.resolve() if link.exists() else None


def build_record(data_dir: Path) -> dict:
    """build.json of the current build ({} when there is none, or it cannot be read)."""
    build = current_build(data_dir)
    try:
        return json.loads((build / BUILD_RECORD).read_text(encoding="utf-8")) if build else {}
    except (OSError, ValueError):
        return {}


def _switch_current(data_dir: Path, build: Path) -> None:
    """Point `current` at `build` with one rename (a new link replaces the old atomically)."""
    link = data_dir / paths.CURRENT_NAME
    target = os.path.relpath(build, data_dir)
    if link.is_symlink() and os.readlink(link) == target:
        return
    temporary = data_dir / f".{paths.CURRENT_NAME}-{uuid.uuid4().hex}"
    os.symlink(target, temporary)
    try:
        if link.exists() and not link.is_symlink():
            shutil.rmtree(link)  # a folder left by an older layout
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _ensure_table_links(data_dir: Path) -> None:
    """targets.parquet, … and targets.duckdb as links into `current` (made once)."""
    names = [f"{name}.parquet" for name in paths.TABLE_NAMES] + [paths.DATABASE_NAME]
    for name in names:
        path = data_dir / name
        target = os.path.join(paths.CURRENT_NAME, name)
        if path.is_symlink() and os.readlink(path) == target:
            continue
        temporary = data_dir / f".{name}-{uuid.uuid4().hex}"
        os.symlink(target, temporary)
        os.replace(temporary, path)  # replaces a plain file an older layout wrote


def _prune(builds: Path, keep: Path) -> None:
    """Remove older builds, keeping the current one and the one before it."""
    others = sorted((b for b in builds.iterdir() if b.is_dir() and b != keep and not b.name.startswith(".")),
                    key=lambda b: b.stat().st_mtime, reverse=True)
    for old in others[KEEP_PREVIOUS:]:
        shutil.rmtree(old, ignore_errors=True)
    for leftover in builds.glob(".staging-*"):  # a build that was killed before it could clean up
        if leftover.stat().st_mtime < keep.stat().st_mtime:
            shutil.rmtree(leftover, ignore_errors=True)


def _content_id(files: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name in paths.TABLE_NAMES:
        digest.update(name.encode())
        digest.update(files[name].read_bytes())
    return digest.hexdigest()[:16]


def _write_parquet(frame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # Drop pandas' own metadata so the file depends only on the data (repeatable builds).
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd")


def write_reference_tables(con) -> None:
    """The theme taxonomy and indicator dictionary, so the database answers on its own."""
    import pandas as pd

    themes = yaml.safe_load(paths.THEMES_FILE.read_text(encoding="utf-8"))["themes"]
    theme_frame = pd.DataFrame([{"theme": t["name"], "description": t.get("description", ""),
                                 "position": i} for i, t in enumerate(themes)])
    indicators = yaml.safe_load(paths.INDICATORS_FILE.read_text(encoding="utf-8"))["indicators"]
    indicator_frame = pd.DataFrame([{
        "indicator_id": i["id"], "indicator_name": i["name"], "unit": i.get("unit"),
        "direction": i.get("direction"), "themes": list(i.get("themes") or []),
    } for i in indicators])
    con.register("theme_frame", theme_frame)
    con.register("indicator_frame", indicator_frame)
    con.execute("CREATE TABLE themes AS SELECT * FROM theme_frame")
    con.execute("CREATE TABLE indicators AS SELECT * FROM indicator_frame")
