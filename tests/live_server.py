"""A real dashboard server on a given data folder, and the memory its processes hold.

Started the way tests/browser starts it (streamlit run on a free localhost port); the server
log goes to a file beside the test's temporary data so a failure can point at it.
"""
from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from board.launch import server_environment

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as root, with no network but the loopback (see STYLE.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_LIMIT_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "Server", "dashboard_server", "folder_digests", "free_port",
           "require_chromium", "streamlit_server", "tree_rss_bytes"]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def require_chromium() -> None:
    """Missing Chromium fails the test: these checks only mean something in a real browser."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install it with `apt-get install -y chromium fonts-noto-cjk`")


@contextmanager
def dashboard_server(data_dir: Path, log: Path):
    """`streamlit run dashboard.py` reading `data_dir`; yields a Server once it answers."""
    with streamlit_server(ROOT / "dashboard.py", log, {"HEALTH_TARGETS_DATA_DIR": str(data_dir)}) as server:
        yield server


@contextmanager
def streamlit_server(script: Path, log: Path, env: dict[str, str] | None = None):
    """`streamlit run <script>` from the project folder (its .streamlit/config.toml applies),
    with the allocator setting the start script uses; yields a Server once it answers."""
    port = free_port()
    env = {**os.environ, **server_environment(), **(env or {})}
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(process, url, log)
            yield Server(url, process, log)
        finally:
            _stop(process)


def _wait_until_healthy(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"the dashboard server exited early:\n{log.read_text(encoding='utf-8')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the dashboard server did not answer")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants (VmRSS from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces or brackets: fields start after the last ')'.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root_pid]
    while pending:
        pid = pending.pop()
        total += _vm_rss(pid)
        pending.extend(children.get(pid, []))
    return total


def _vm_rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def folder_digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256), to prove nothing was written."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
