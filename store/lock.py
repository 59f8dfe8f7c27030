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


# Held while a document is added to or removed from sources/ (etl.importing).
SOURCES_LOCK_NAME = ".sources.lock"


class BuildLocked(Exception):
    """Another build holds the data folder."""


class SourcesBusy(Exception):
    """Another import or removal is changing the data folder's sources."""


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


@contextmanager
def sources_lock(data_dir: Path, wait_seconds: float = 0, on_wait=None):
    """Hold the lock on the data folder's sources while a document is added or removed (and
    while the dashboard rebuilds on its own), so two changes are made one after the other.

    Waits up to `wait_seconds`, calling `on_wait()` once if it has to wait at all; raises
    SourcesBusy when the wait runs out.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / SOURCES_LOCK_NAME), timeout=0)
    try:
        try:
            lock.acquire()
        except Timeout:
            if wait_seconds <= 0:
                raise
            if on_wait is not None:
                on_wait()
            lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise SourcesBusy(f"{data_dir.name}: 另一位用户正在导入或移除文件，请稍后再试") from None
    except OSError as problem:
        raise SourcesBusy(f"{data_dir.name}: 无法取得导入锁（{SOURCES_LOCK_NAME}：{problem.strerror or problem}）") from None
    try:
        yield
    finally:
        lock.release()
