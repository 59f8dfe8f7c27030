"""`pip install .` gives a working program: the wheel holds every package, the reference data,
the dashboard and the console scripts, and the installed copy runs from any folder.

The wheel is built offline from a copy of the project (so nothing is written into the source
tree), with the setuptools of the project's environment (requirements-test.txt).
"""
from __future__ import annotations

import ast
import configparser
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from store import paths

ROOT = paths.BASE_DIR
PACKAGES = ("etl", "store", "board")
# Not needed to build the wheel, and large or changing while tests run.
NOT_COPIED = {".git", ".venv", ".hypothesis", ".ruff_cache", "__pycache__", "bench", "tests", "docs",
              "build", "dist"}


def _not_copied(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in NOT_COPIED or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("packaging")
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=_not_copied, symlinks=True)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(project), "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "-w", str(tmp / "wheels")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = (tmp / "wheels").glob("health_targets-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel installed into a folder of its own (its dependencies come from this environment)."""
    target = tmp_path_factory.mktemp("installed")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", str(wheel), "--no-deps", "--no-index", "--quiet",
         "--target", str(target)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return target


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def source_modules() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for package in PACKAGES for p in (ROOT / package).rglob("*.py")
            if "__pycache__" not in p.parts}


def test_the_wheel_holds_every_module_and_nothing_from_outside_the_packages(wheel):
    inside = names(wheel)
    assert source_modules() <= inside
    top = {name.split("/")[0] for name in inside if not name.split("/")[0].endswith(".dist-info")}
    assert top == set(PACKAGES)


def test_the_wheel_holds_the_reference_data_unchanged(wheel):
    reference = sorted(p for p in (ROOT / "data" / "reference").iterdir() if p.is_file())
    assert reference
    with zipfile.ZipFile(wheel) as archive:
        for path in reference:
            assert archive.read(f"store/reference/{path.name}") == path.read_bytes(), path.name


def test_the_wheel_holds_the_dashboard_with_its_pages_and_settings(wheel):
    expected = {"board/app/dashboard.py", "board/app/.streamlit/config.toml"}
    expected |= {f"board/app/pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert expected <= names(wheel)


def test_the_wheel_declares_the_console_scripts(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        config = configparser.ConfigParser()
        config.read_string(archive.read(entry_points).decode("utf-8"))
    assert dict(config["console_scripts"]) == {
        "health-targets-etl": "etl.__main__:main",
        "health-targets-dashboard": "board.launch:main",
    }


def imported_libraries() -> set[str]:
    """Top-level names of the libraries the installed code imports (not the stdlib, not its own)."""
    files = [p for package in (*PACKAGES, "pages") for p in (ROOT / package).rglob("*.py")]
    found = set()
    for path in [*files, ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - set(PACKAGES) - {"__future__"}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_library_the_code_imports_is_a_pinned_dependency():
    # A library present in the development environment by chance would be missing after
    # `pip install .`: each one imported must be pinned in requirements.txt.
    pinned = {_normalised(line.split("==")[0]) for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    distributions = importlib.metadata.packages_distributions()
    missing = {name for name in imported_libraries()
               if not {_normalised(d) for d in distributions.get(name, [name])} & pinned}
    assert not missing


def run_installed(installed: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    env.pop(paths.DATA_DIR_ENV, None)
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_the_installed_copy_finds_its_files_from_any_folder(installed, tmp_path):
    probe = ("from store import paths; import etl, board;"
             "print(etl.__file__, paths.INSTALLED, paths.REFERENCE_DIR, paths.DEFAULT_DATA_DIR,"
             " paths.DASHBOARD_FILE.is_file(), sep='|')")
    result = run_installed(installed, [sys.executable, "-c", probe], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module, is_installed, reference, data, dashboard = result.stdout.strip().split("|")
    assert Path(module).is_relative_to(installed)
    assert is_installed == "True" and dashboard == "True"
    assert Path(reference) == installed / "store" / "reference"
    assert Path(data) == tmp_path / "data"


def test_the_installed_command_builds_in_another_folder(installed, tmp_path):
    from etl.__main__ import EXIT_OK

    command = installed / "bin" / "health-targets-etl"
    help_text = run_installed(installed, [str(command), "--help"], cwd=tmp_path)
    assert help_text.returncode == EXIT_OK, help_text.stderr
    assert help_text.stdout.startswith("usage: health-targets-etl") and "当前目录下的 data/" in help_text.stdout
    shutil.copytree(paths.SOURCES_DIR, tmp_path / "data" / "sources")
    built = run_installed(installed, [str(command), "build", "--quiet"], cwd=tmp_path)
    assert built.returncode == EXIT_OK, built.stderr
    assert (tmp_path / "data" / "targets.parquet").exists() and (tmp_path / "data" / "targets.duckdb").exists()


def test_the_dashboard_command_carries_the_project_settings_and_lets_options_override_them():
    from board.launch import command

    line = command(["--server.port", "9000"])
    assert line[-1] == str(paths.DASHBOARD_FILE) and line[line.index("-m") + 1:][:2] == ["streamlit", "run"]
    assert "--server.headless=true" in line and "--theme.base=light" in line
    assert line.index("--server.port") > line.index("--server.headless=true")

