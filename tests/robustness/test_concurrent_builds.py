"""Two `etl build` runs started at once on one output folder: one builds, the other stops.

Both processes start together. As soon as one holds the build lock it is paused (SIGSTOP), so
the other is certain to meet the lock whatever the machine's speed; it must exit non-zero with
one line saying another build is running. The first then resumes and finishes, and the folder
holds a complete build with the same rows as a build run alone.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.__main__ import EXIT_LOCKED
from store import paths

OUTPUTS = ["targets.parquet", "documents.parquet", "clauses.parquet", "review.parquet"]


def start_build(sources: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--sources", str(sources), "--out", str(out), "--quiet"],
        cwd=paths.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def flock_holders(pids: set[int]) -> set[int]:
    """Which of `pids` hold an flock lock right now (from /proc/locks)."""
    holders = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and "->" not in fields:
            pid = int(fields[fields.index("FLOCK") + 3])
            if pid in pids:
                holders.add(pid)
    return holders


def wait_for_lock_holder(processes: list[subprocess.Popen]) -> subprocess.Popen | None:
    """The process that takes the lock, paused; None if every build ended before it was seen."""
    by_pid = {p.pid: p for p in processes}
    while any(p.poll() is None for p in processes):
        for pid in flock_holders(set(by_pid)):
            os.kill(pid, signal.SIGSTOP)
            return by_pid[pid]
        time.sleep(0.002)
    return None


def read_outputs(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / name) for name in OUTPUTS}


def test_a_second_simultaneous_build_stops_with_one_line_and_the_first_completes(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, sources)
    out = tmp_path / "out"
    out.mkdir()

    for _attempt in range(3):  # retried only if both ended before the lock could be seen
        processes = [start_build(sources, out), start_build(sources, out)]
        try:
            holder = wait_for_lock_holder(processes)
            if holder is not None:
                other = next(p for p in processes if p is not holder)
                other_out, other_err = other.communicate(timeout=300)
        finally:
            for process in processes:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGCONT)
        outcomes = [p.communicate(timeout=600) for p in processes]
        if holder is not None:
            break
    else:
        pytest.fail("neither build was seen holding the lock")

    assert holder.returncode == 0, outcomes[processes.index(holder)][1]
    assert other.returncode == EXIT_LOCKED
    assert other_out == ""
    lines = other_err.strip().splitlines()
    assert len(lines) == 1 and "另一个构建正在进行" in lines[0], other_err

    # The folder holds one complete build: every table readable, no temporary files left.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        OUTPUTS + ["targets.duckdb", paths.BUILDS_NAME, paths.CURRENT_NAME, paths.LOCK_NAME])
    builds = list((out / paths.BUILDS_NAME).iterdir())
    assert len(builds) == 1 and not builds[0].name.startswith(".")
    assert (out / paths.CURRENT_NAME).resolve() == builds[0]
    alone = tmp_path / "alone"
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--sources", str(sources), "--out", str(alone), "--quiet"],
        cwd=paths.BASE_DIR, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    built, expected = read_outputs(out), read_outputs(alone)
    for name in OUTPUTS:
        pd.testing.assert_frame_equal(built[name], expected[name], obj=name)
    assert len(built["targets.parquet"]) > 0
    with duckdb.connect(str(out / "targets.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM targets").fetchone()[0] == len(expected["targets.parquet"])
