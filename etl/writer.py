"""Write the build's outputs so that readers only ever see a complete, valid set.

Each output goes to a temporary file in the same folder and is renamed into place only once
every file has been written; a lock keeps two builds from writing at the same time.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from etl import paths
from etl.serving import write_serving_database

OUTPUT_NAMES = {
    "targets": paths.TARGETS_PARQUET.name,
    "documents": paths.DOCUMENTS_PARQUET.name,
    "clauses": paths.CLAUSES_PARQUET.name,
    "review": paths.REVIEW_PARQUET.name,
}


class BuildLocked(Exception):
    """Another build holds the lock."""


@contextmanager
def build_lock(out_dir: Path):
    """One build at a time per output folder.

    The lock file lives in the temp folder, named after the output folder, so that a build
    that fails leaves the output folder exactly as it was.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(str(out_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"health-targets-build-{key}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"{out_dir.name}: 另一个构建正在进行，请等它完成后再试") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_outputs(tables, out_dir: Path) -> None:
    temporaries: list[tuple[Path, Path]] = []
    try:
        for name, file_name in OUTPUT_NAMES.items():
            final = out_dir / file_name
            temporary = final.with_name(f".{file_name}.tmp")
            _write_parquet(getattr(tables, name), temporary)
            temporaries.append((temporary, final))
        database = out_dir / paths.DUCKDB_FILE.name
        temporary_db = database.with_name(f".{database.name}.tmp")
        _write_duckdb(temporary_db, {name: tmp for (tmp, _), name in zip(temporaries, OUTPUT_NAMES)})
        temporaries.append((temporary_db, database))
    except BaseException:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, final in temporaries:
        os.replace(temporary, final)


def _write_parquet(frame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # Drop pandas' own metadata so the file depends only on the data (repeatable builds).
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd")


def _write_duckdb(path: Path, parquet_files: dict[str, Path]) -> None:
    # The same tables, laid out for the dashboard's questions (see etl.serving).
    write_serving_database(parquet_files, path, reference_writer=_write_reference_tables)


def _write_reference_tables(con) -> None:
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
