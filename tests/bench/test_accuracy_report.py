"""`python -m bench accuracy`: the scorer itself, and the figures it gives on the project's own
answer keys (a regression guard for the extractor)."""
import json
import subprocess
import sys

from bench.accuracy import Case, load_devset_folder, same_value, score_cells, score_text
from store import paths

REALISTIC = paths.BASE_DIR / "tests" / "realistic"


def row(source, value, unit="%", comparator=">=", year=2024, origin="text", kind="level", themes=(),
        indicator="指标", role="target"):
    return {"source_text": source, "value": value, "unit": unit, "comparator": comparator, "year": year,
            "origin": origin, "kind": kind, "themes": list(themes), "indicator": indicator,
            "role": role, "value_text": str(value)}


def test_a_row_matches_a_key_line_by_quote_and_value_and_once_only():
    key = [{"quote": "签约覆盖率达到 45%以上", "value": 45, "unit": "%", "comparator": ">=",
            "target_year": 2024, "themes": ["基层卫生"]},
           {"quote": "各完成筛查80万人次", "value": 80, "unit": "万人次", "comparator": "=", "target_year": None},
           {"quote": "各完成筛查80万人次", "value": 80, "unit": "万人次", "comparator": "=", "target_year": None}]
    rows = [row("家庭医生签约覆盖率达到45%以上。", 45),
            row("两癌各完成筛查80万人次。", 800000, unit="万人次", comparator="="),
            row("与目标无关的句子。", 3)]
    score = score_text(rows, key)
    figures = score.figures()
    # 80万 may be read as 80 or 800000; one row matches one line, so the second 80 is missed.
    assert (figures["matched"], figures["gold"], figures["rows"]) == (2, 3, 3)
    assert score.misses == ["各完成筛查80万人次 = 80"]
    assert figures["comparator"] == figures["unit"] == figures["year"] == 1.0


def test_optional_lines_are_neither_misses_nor_false_positives():
    key = [{"quote": "建设率达到50%", "value": 50, "unit": "%", "comparator": "=", "target_year": None,
            "optional": True}]
    figures = score_text([row("健康社区建设率达到50%。", 50, comparator="=")], key).figures()
    assert (figures["gold"], figures["rows"], figures["matched"], figures["precision"]) == (0, 0, 0, None)


def test_table_cells_match_on_year_value_comparator_and_name_without_brackets():
    cells = [{"indicator": "执业(助理)医师", "unit": "万人", "year": 2015, "value": 37.5, "comparator": "=",
              "role": "target"}]
    got = [row("…", 37.5, unit="万人", comparator="=", year=2015, origin="table",
               indicator="卫生机构中医类别执业(助理)医师")]
    score = score_cells(got, cells, text_gold=False)
    assert (score.cells_matched, score.cells_role_ok) == (1, 1)
    assert same_value(0.85, 85) and same_value(800000, 80) and not same_value(81, 80)


def test_the_project_keys_load_in_the_development_sets_layout():
    cases = load_devset_folder(REALISTIC)
    assert [c.path.parent.name for c in cases].count("docs") == 16
    assert len([c for c in cases if c.cells]) == 5
    assert [c.name for c in cases if c.path.parent.name == "docs" and not c.gold] == ["r07"]  # all past
    assert all(isinstance(case, Case) and case.path.exists() for case in cases)


def test_the_report_runs_as_a_user_runs_it_and_the_extractor_holds_its_figures(tmp_path):
    results = tmp_path / "accuracy.json"
    done = subprocess.run([sys.executable, "-m", "bench", "accuracy", str(REALISTIC), "--results", str(results)],
                          capture_output=True, text=True, cwd=paths.BASE_DIR, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "overall" in done.stdout and "reasons most often given" in done.stdout
    overall = json.loads(results.read_text(encoding="utf-8"))["overall"]
    # The project's own keys (tests/realistic): what the extractor reached, kept as a floor.
    assert overall["precision"] >= 0.97 and overall["recall"] >= 0.97
    assert overall["year"] >= 0.97 and overall["comparator"] >= 0.97
    assert overall["cells_matched"] >= 0.95 * overall["cells"]
