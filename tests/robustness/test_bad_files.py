"""Whatever an office feeds the tool: each case is read right or stopped with one clear line.

Every bad file is made here by the test. For each, `etl build` either gives the same rows as
the clean original or exits non-zero with one line naming the file and the problem — and
then leaves the output folder byte-identical. `etl extract` behaves the same way.
"""
import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import docx
import pandas as pd
import pytest


from etl.__main__ import EXIT_BAD_INPUT
from store import paths

SEED = "000_c2891e936343edea.txt"
SEED_ID = "jiaxing-2025-work-points"
ROW_FIELDS = ["indicator", "role", "year", "value", "value_high", "unit", "comparator", "kind", "value_text"]


def run_etl(*args):
    return subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True, text=True,
                          cwd=paths.BASE_DIR, timeout=600)


def digests(folder: Path) -> dict[str, str]:
    """Every file a reader could open in the data folder (links followed); the empty lock file
    a build takes is no data."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != paths.LOCK_NAME}


def seed_text() -> str:
    return (paths.SOURCES_DIR / SEED).read_text(encoding="utf-8")


def replace_seed(sources: Path, new_name: str, data: bytes) -> None:
    """Put another file in place of the seed, under the seed's metadata row."""
    (sources / SEED).unlink()
    (sources / new_name).write_bytes(data)
    rows = list(csv.DictReader((sources / "sources.csv").open(encoding="utf-8")))
    for row in rows:
        if row["file"] == SEED:
            row["file"] = new_name
    write_metadata(sources, rows)


def write_metadata(sources: Path, rows: list[dict]) -> None:
    with (sources / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def add_document(sources: Path, name: str, data: bytes, **meta) -> None:
    (sources / name).write_bytes(data)
    rows = list(csv.DictReader((sources / "sources.csv").open(encoding="utf-8")))
    row = {k: "" for k in rows[0]}
    row.update(doc_id=name, file=name, region="某市", region_code="339902", region_level="市", province="浙江省",
               plan_year="2025", title="测试文件")
    row.update(meta)
    write_metadata(sources, rows + [row])


def seed_rows(folder: Path) -> list[tuple]:
    targets = pd.read_parquet(folder / "targets.parquet")
    seed = targets[(targets.doc_id == SEED_ID) & (targets.origin == "text")]
    return sorted(tuple(None if pd.isna(v) else v for v in r) for r in seed[ROW_FIELDS].itertuples(index=False))


def assert_stopped_cleanly(result, out: Path, before: dict, file_name: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert file_name in lines[0] and "Traceback" not in result.stderr
    assert digests(out) == before


def assert_builds_same_rows(sources: Path, out: Path) -> None:
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert seed_rows(out) == seed_rows(paths.DATA_DIR)


def html_page(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>工作要点</title>"
        "<style>p { color: #333 } .nav { float: left }</style>"
        "<script>var visits = 12345; document.write('访问量' + visits);</script></head><body>"
        "<nav class='nav'><a href='/'>首页</a> <a href='/zwgk'>政务公开</a></nav>"
        "<div class='breadcrumb'>当前位置: 首页 &gt; 通知公告</div>"
        f"<div class='article'>{paragraphs}</div>"
        "<div class='share'>分享到: 微信 微博</div>"
        "<footer>网站地图 | 联系我们 ICP备12345678号</footer></body></html>"
    ).encode("utf-8")


def docx_bytes(text: str, path: Path) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(path)
    return path.read_bytes()


# ---------------------------------------------------------------- files that must be read

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_read_as_the_original(workspace, encoding):
    sources, out = workspace
    text = seed_text().replace("\xa0", " ")  # GBK has no no-break space; the reader turns it into a space anyway
    replace_seed(sources, f"{encoding}.txt", text.encode(encoding))
    assert_builds_same_rows(sources, out)


def test_nul_bytes_inside_text_are_dropped(workspace):
    sources, out = workspace
    data = seed_text().encode("utf-8").replace("。".encode(), "。".encode() + b"\x00")
    replace_seed(sources, "with-nul.txt", data)
    assert_builds_same_rows(sources, out)


def test_full_width_digits_throughout(workspace):
    sources, out = workspace
    full_width = seed_text().translate({ord(d): chr(ord(d) - ord("0") + ord("０")) for d in "0123456789"})
    full_width = full_width.replace("%", "％")
    replace_seed(sources, "full-width.txt", full_width.encode("utf-8"))
    assert_builds_same_rows(sources, out)


def test_a_saved_web_page(workspace):
    sources, out = workspace
    replace_seed(sources, "page.html", html_page(seed_text()))
    assert_builds_same_rows(sources, out)


def test_a_word_document(workspace, tmp_path):
    sources, out = workspace
    replace_seed(sources, "plan.docx", docx_bytes(seed_text(), tmp_path / "plan.docx"))
    assert_builds_same_rows(sources, out)


def test_a_20_mb_single_line_is_read(tmp_path):
    line = seed_text().replace("\n", " ")
    big = tmp_path / "one-line.txt"
    big.write_text(line * (20_000_000 // len(line.encode("utf-8")) + 1), encoding="utf-8")
    assert big.stat().st_size >= 20_000_000
    result = run_etl("extract", str(big), "--region", "嘉兴市", "--year", "2025")
    assert result.returncode == 0, result.stderr[-500:]
    first = json.loads(result.stdout.splitlines()[0])
    assert (first["indicator"], first["value_text"]) == ("新增入省库健康科普作品", "100部以上")


# ---------------------------------------------------------------- files that must be refused

BAD_FILES = {
    "empty.txt": (b"", "文件为空"),
    "blank.txt": (b" \n\t\r\n   \n", "文件为空"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 30, "二进制"),
    "scan.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    "broken.docx": (b"PK\x03\x04 not really a zip", "Word"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_files_stop_the_build_and_keep_the_data(workspace, name):
    sources, out = workspace
    data, reason = BAD_FILES[name]
    add_document(sources, name, data)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, name)
    assert reason in result.stderr
    extract = run_etl("extract", str(sources / name), "--year", "2025")
    assert extract.returncode == EXIT_BAD_INPUT and name in extract.stderr and len(extract.stderr.strip().splitlines()) == 1


def test_the_same_document_twice(workspace):
    sources, out = workspace
    add_document(sources, "copy-of-seed.txt", (sources / SEED).read_bytes())
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "copy-of-seed.txt")
    assert "内容相同" in result.stderr


def test_metadata_naming_a_missing_file(workspace):
    sources, out = workspace
    (sources / "001_3340ccc55046799e.txt").unlink()
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "001_3340ccc55046799e.txt")
    assert "不存在" in result.stderr


def test_a_file_without_metadata(workspace):
    sources, out = workspace
    (sources / "new-plan.txt").write_text(seed_text().replace("嘉兴", "湖州"), encoding="utf-8")
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "new-plan.txt")
    assert "元数据" in result.stderr


@pytest.mark.parametrize("field,value,reason", [
    ("plan_year", "3025", "不是合理的年份"),
    ("plan_year", "二〇二五", "不是年份"),
    ("region", "", "缺少 region"),
    ("region_level", "乡", "region_level"),
])
def test_impossible_metadata(workspace, field, value, reason):
    sources, out = workspace
    rows = list(csv.DictReader((sources / "sources.csv").open(encoding="utf-8")))
    rows[2][field] = value
    write_metadata(sources, rows)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "sources.csv")
    assert reason in result.stderr
