"""Timing and memory measurement: percentiles, and running one task in a fresh child process
so that its peak memory is its own (resource.getrusage in the child, read back as JSON).
"""
from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile_ms(seconds: list[float], q: float) -> float:
    """The q-th percentile (0-100) of durations in seconds, in milliseconds (nearest rank)."""
    if not seconds:
        return float("nan")
    ordered = sorted(seconds)
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1)))))
    return round(ordered[rank] * 1000, 1)


def timed(function: Callable, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def peak_rss_mb() -> dict:
    """Peak resident memory of this process and of its largest finished child, in MB.

    Linux keeps getrusage's maximum across exec, so a child started by a large parent would
    report the parent's peak; the kernel's high-water mark of this process (VmHWM) is its own.
    """
    own = _own_high_water_mb()
    if own is None:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def _own_high_water_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_in_child(target: str, timeout: float | None = None, env: dict | None = None, **kwargs) -> dict:
    """Run `module:function(**kwargs)` in a new Python process; return its dict plus peak memory.

    A child of its own gives each measurement a clean heap: the peak is that task's alone.
    """
    with tempfile.TemporaryDirectory() as scratch:
        result_path = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "bench.measure", target, json.dumps(kwargs), str(result_path)]
        child_env = dict(os.environ, **(env or {}))
        child_env["PYTHONPATH"] = str(ROOT) + os.pathsep + child_env.get("PYTHONPATH", "")
        completed = subprocess.run(command, cwd=ROOT, env=child_env, timeout=timeout,
                                   capture_output=True, text=True)
        if completed.returncode != 0 or not result_path.exists():
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-15:]
            raise RuntimeError(f"{target} failed in its child process:\n" + "\n".join(tail))
        return json.loads(result_path.read_text(encoding="utf-8"))


def _child_main(target: str, kwargs_json: str, result_path: str) -> None:
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    result = function(**json.loads(kwargs_json))
    result.update(peak_rss_mb())
    Path(result_path).write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")


if __name__ == "__main__":
    _child_main(*sys.argv[1:4])
