"""`python -m etl extract` and `python -m etl build` as a user runs them."""
import csv
import io
import json
import subprocess
import sys

from etl.__main__ import EXIT_BAD_INPUT
from store import fields, paths
from tests.support import UNSEEN_DIR


def run_etl(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True, text=True,
                          cwd=cwd or paths.BASE_DIR, timeout=120)


def test_extract_prints_one_json_row_per_target():
    result = run_etl("extract", str(paths.SOURCES_DIR / "000_c2891e936343edea.txt"))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    first = rows[0]
    assert set(fields.TARGETS.columns) <= set(first)
    assert (first["region"], first["indicator"], first["value"], first["unit"], first["comparator"],
            first["kind"], first["year"], first["value_text"]) == (
        "嘉兴市", "新增入省库健康科普作品", 100.0, "部", ">=", "count", 2025, "100部以上")


def test_extract_a_document_the_project_has_never_seen_as_csv():
    result = run_etl("extract", str(UNSEEN_DIR / "guangdong-fs-2026.txt"), "--region", "佛山市",
                     "--year", "2026", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # Excel reads the Chinese text as UTF-8
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == fields.TARGETS.columns
    assert {r["region"] for r in rows} == {"佛山市"}
    assert {r["year"] for r in rows} >= {"2026"}
    assert len(rows) >= 55


def test_extract_does_not_touch_data(tmp_path):
    before = {p.name: p.stat().st_mtime_ns for p in paths.DATA_DIR.iterdir() if p.is_file()}
    run_etl("extract", str(paths.SOURCES_DIR / "001_3340ccc55046799e.txt"))
    after = {p.name: p.stat().st_mtime_ns for p in paths.DATA_DIR.iterdir() if p.is_file()}
    assert after == before


def test_an_unreadable_file_gives_one_clear_line(tmp_path):
    bad = tmp_path / "图片.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    result = run_etl("extract", str(bad))
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "图片.txt" in lines[0] and "Traceback" not in result.stderr


def test_a_missing_file_gives_one_clear_line(tmp_path):
    result = run_etl("extract", str(tmp_path / "没有这个文件.docx"))
    assert result.returncode == EXIT_BAD_INPUT
    assert "没有这个文件.docx" in result.stderr and "Traceback" not in result.stderr


def test_extract_never_refuses_a_document_without_a_year(tmp_path):
    page = tmp_path / "报道.txt"
    page.write_text("加大重点人群健康保障\n家庭医生签约服务覆盖率达到45%以上,为2000名老年人提供免费体检。\n",
                    encoding="utf-8")
    result = run_etl("extract", str(page))
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["indicator"], r["value"], r["year"]) for r in rows] == [
        ("家庭医生签约服务覆盖率", 45.0, None), ("为老年人提供免费体检", 2000.0, None)]
    assert len(result.stderr.strip().splitlines()) == 1 and "年份" in result.stderr


def test_extract_reads_region_level_and_year_from_the_document(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text("崇川区卫生健康委员会2025年工作要点\n一、主要目标\n每千人口床位数达到6.5张。\n", encoding="utf-8")
    result = run_etl("extract", str(notice))
    assert result.returncode == 0, result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["region"], row["region_level"], row["province"], row["parent_region"], row["year"]) == (
        "崇川区", "区县", "江苏省", "南通市", 2025)


def test_extract_csv_makes_formula_like_text_inert(tmp_path):
    from tests.robustness.hostile_sources import FORMULA_TEXT

    plan = tmp_path / "清溪市2025年工作要点.txt"
    plan.write_text(FORMULA_TEXT, encoding="utf-8")
    result = run_etl("extract", str(plan), "--region", "清溪市", "--year", "2025", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline="")))
    cells = [value for row in rows for value in row.values()]
    assert any(value.startswith("'=") for value in cells)
    assert not [value for value in cells if value[:1] in ("=", "+", "@") or
                (value[:1] == "-" and not value.lstrip("-").replace(".", "", 1).isdigit())]
