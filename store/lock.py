"""One build at a time per data folder.

The lock is a file inside the data folder itself (not a predictable name in the shared temp
folder), opened without following symbolic links and never truncated — filelock does both —
so a link planted there cannot redirect it, and nothing else can stop every build.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from store import paths


class BuildLocked(Exception):
    """Another build holds the data folder."""


@contextmanager
def build_lock(data_dir: Path):
    """Hold the data folder's build lock, or raise BuildLocked at once."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / paths.LOCK_NAME), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(f"{data_dir.name}: 另一个构建正在进行，请等它完成后再试") from None
    except OSError as problem:  # a directory or a dangling link where the lock should be
        raise BuildLocked(f"{data_dir.name}: 无法取得构建锁（{paths.LOCK_NAME}：{problem.strerror or problem}）") from None
    try:
        yield
    finally:
        lock.release()
