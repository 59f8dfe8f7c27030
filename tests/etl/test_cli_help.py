"""What `python -m etl --help` promises: every exit code listed, each distinct from argparse's
usage error, and --verbose showing the per-document log lines a normal run keeps quiet."""
import re
import shutil

import pytest

from etl.__main__ import (
    COMMAND_EXITS,
    EXIT_BAD_INPUT,
    EXIT_ERROR,
    EXIT_LOCKED,
    EXIT_MEANINGS,
    EXIT_OK,
    EXIT_USAGE,
)
from store import paths
from tests.etl.test_cli import run_etl

SOURCE_FILES = sorted(p.name for p in paths.SOURCES_DIR.iterdir() if p.name != paths.SOURCES_METADATA_NAME)


def listed_codes(help_text: str) -> dict[int, str]:
    """The exit codes a help text lists under 退出码, with their meanings."""
    section = help_text.split("退出码：", 1)[1]
    return {int(code): meaning for code, meaning in re.findall(r"^\s+(\d+)\s+(.+)$", section, re.M)}


def test_the_exit_codes_are_distinct_and_usage_keeps_argparses_code():
    codes = [EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_LOCKED, EXIT_BAD_INPUT]
    assert len(set(codes)) == len(codes)
    assert EXIT_USAGE == 2 and EXIT_BAD_INPUT != 2
    assert set(EXIT_MEANINGS) == set(codes)


def test_help_lists_every_exit_code():
    result = run_etl("--help")
    assert result.returncode == EXIT_OK
    assert listed_codes(result.stdout) == EXIT_MEANINGS


@pytest.mark.parametrize("command", sorted(COMMAND_EXITS))
def test_each_command_lists_its_exit_codes(command):
    result = run_etl(command, "--help")
    assert result.returncode == EXIT_OK
    assert listed_codes(result.stdout) == {code: EXIT_MEANINGS[code] for code in COMMAND_EXITS[command]}


def test_a_usage_error_gives_argparses_code():
    result = run_etl("extract")  # FILE missing
    assert result.returncode == EXIT_USAGE
    assert "usage:" in result.stderr


def test_bad_input_gives_the_bad_input_code(tmp_path):
    result = run_etl("extract", str(tmp_path / "缺少的文件.txt"))
    assert result.returncode == EXIT_BAD_INPUT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "缺少的文件.txt" in lines[0]


def test_verbose_logs_a_line_per_document_that_the_default_run_does_not(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, sources)
    quiet = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(tmp_path / "quiet"))
    verbose = run_etl("build", "--quiet", "--verbose", "--sources", str(sources), "--out", str(tmp_path / "verbose"))
    assert quiet.returncode == verbose.returncode == EXIT_OK, verbose.stderr
    assert quiet.stderr == ""
    for name in SOURCE_FILES:
        assert any(line.startswith("INFO ") and name in line for line in verbose.stderr.splitlines()), name
        assert name not in quiet.stderr
    # The results printed are the same either way (only the timing differs).
    assert _untimed(verbose.stdout) == _untimed(quiet.stdout)


def test_verbose_is_taken_before_the_command_too(tmp_path):
    result = run_etl("-v", "extract", str(paths.SOURCES_DIR / SOURCE_FILES[0]))
    assert result.returncode == EXIT_OK, result.stderr
    assert f"INFO etl.__main__: {SOURCE_FILES[0]}" in result.stderr


def _untimed(output: str) -> str:
    return re.sub(r"（(?:用时\s*)?\d+(?:\.\d+)?\s*秒）", "", output)
