"""Whether a data folder's build is out of date: decided from the sources' content, not clocks.

A build records each source file's size, modification time and SHA-256 (build.json). A file
whose size and time are unchanged is not read again; one whose time changed is hashed, and only
a changed hash asks for a build. A file dated in the future therefore causes one build, not one
per page visit. A caller that saw a build fail passes the sources it failed on, so the same
sources are not tried again on every visit.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from store import paths
from store.outputs import build_record

# Files hashed by this process, by path, size and time: a fresh clone (every time new) or a
# server asked on every page visit hashes each file once, not once per visit.
_HASHED: dict[tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_fingerprint(sources_dir: Path, known: dict | None = None) -> dict[str, dict]:
    """{file name: {size, mtime_ns, sha256}} of every file in the sources folder."""
    known = known or {}
    fingerprint = {}
    directory = Path(sources_dir)
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        info = path.stat()
        before = known.get(path.name) or {}
        seen = (str(path), info.st_size, info.st_mtime_ns)
        if before.get("size") == info.st_size and before.get("mtime_ns") == info.st_mtime_ns:
            digest = before.get("sha256")
        elif seen in _HASHED:
            digest = _HASHED[seen]
        else:
            digest = _HASHED[seen] = _sha256(path)
        fingerprint[path.name] = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": digest}
    return fingerprint


def same_content(first: dict, second: dict) -> bool:
    return {k: v.get("sha256") for k, v in first.items()} == {k: v.get("sha256") for k, v in second.items()}


def missing_tables(data_dir: Path | str) -> list[str]:
    """Tables with no file; the targets may also be a partitioned data set (a `targets/` folder).
    A remote location is not listed here; reading it reports what is missing."""
    if paths.is_remote(data_dir):
        return []
    data_dir = Path(data_dir)
    return [name for name in paths.TABLE_NAMES if not Path(paths.table_file(data_dir, name)).exists()
            and not (name == "targets" and (data_dir / "targets").is_dir())]


def needs_build(data_dir: Path, failed_on: dict | None = None) -> bool:
    """True when a table is missing, or the sources' content differs from what the current build
    was made from — unless it is what `failed_on` (the fingerprint a build already failed on)
    records: the same sources are not tried again until they change."""
    data_dir = Path(data_dir)
    if missing_tables(data_dir):
        return not (failed_on and same_content(current_sources(data_dir, failed_on), failed_on))
    recorded = build_record(data_dir).get("sources") or {}
    current = current_sources(data_dir, recorded)
    if same_content(current, recorded):
        return False
    return not (failed_on and same_content(current, failed_on))


def current_sources(data_dir: Path, known: dict | None = None) -> dict[str, dict]:
    """The fingerprint of the data folder's sources now (reusing hashes of unchanged files)."""
    return source_fingerprint(paths.sources_dir(Path(data_dir)), known)
