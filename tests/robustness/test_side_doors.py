"""What comes in through the side doors: paths out of the sources folder, a redirected lock,
files built to exhaust the reader, pages whose declared encoding lies, a publish that fails
half-way. Each is read right or refused with one line naming the file; nothing is published
half-way and the last good data stays in place.
"""
from __future__ import annotations

import csv
import os
import shutil

import pytest

from etl.pipeline import build_all
from etl.reading import SourceError, read_document
from store import outputs, paths
from store.lock import BuildLocked
from tests.robustness.test_bad_files import (
    SEED,
    add_document,
    assert_builds_same_rows,
    assert_stopped_cleanly,
    digests,
    html_page,
    replace_seed,
    run_etl,
    seed_text,
    write_metadata,
)


def point_seed_row_at(sources, file_value):
    rows = list(csv.DictReader((sources / "sources.csv").open(encoding="utf-8")))
    for row in rows:
        if row["file"] == SEED:
            row["file"] = file_value
    write_metadata(sources, rows)


# ---------------------------------------------------------------- files outside the sources folder

@pytest.mark.parametrize("file_value", ["../../etc/passwd", "/etc/passwd", "sub/../../secret.txt",
                                        "..\\secret.txt", "C:secret.txt"])
def test_a_metadata_row_naming_a_path_is_refused(workspace, file_value):
    sources, out = workspace
    point_seed_row_at(sources, file_value)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "sources.csv")
    assert "必须是 sources 文件夹中的文件名，不能带路径" in result.stderr


def test_a_link_leading_out_of_the_sources_folder_is_refused(workspace, tmp_path):
    sources, out = workspace
    outside = tmp_path / "outside.txt"
    outside.write_text(seed_text(), encoding="utf-8")
    (sources / SEED).unlink()
    (sources / SEED).symlink_to(outside)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, SEED)
    assert "链接到 sources 文件夹以外" in result.stderr


def test_a_link_inside_the_sources_folder_is_read(workspace):
    sources, out = workspace
    # The document's bytes under a name the folder does not list as a document.
    (sources / SEED).rename(sources / "real-file.dat")
    (sources / SEED).symlink_to(sources / "real-file.dat")
    assert_builds_same_rows(sources, out)


# ---------------------------------------------------------------- the build lock

def test_a_link_where_the_lock_lives_truncates_nothing(workspace, tmp_path):
    sources, out = workspace
    precious = tmp_path / "precious.txt"
    precious.write_text("不能被清空", encoding="utf-8")
    (out / paths.LOCK_NAME).symlink_to(precious)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert result.returncode != 0 and "构建锁" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert precious.read_text(encoding="utf-8") == "不能被清空"
    assert digests(out) == before


def test_a_folder_where_the_lock_lives_stops_with_one_line(workspace):
    sources, out = workspace
    (out / paths.LOCK_NAME).mkdir()
    with pytest.raises(BuildLocked, match="无法取得构建锁"):
        build_all(sources_dir=sources, out_dir=out)


# ---------------------------------------------------------------- files built to exhaust the reader

def test_a_page_nested_a_hundred_thousand_deep_is_refused(workspace):
    sources, out = workspace
    deep = ("<html><body>" + "<div>" * 100_000 + "全年新增托位300个。" + "</div>" * 100_000
            + "</body></html>").encode("utf-8")
    add_document(sources, "deep.html", deep)
    before = digests(out)
    result = run_etl("build", "--quiet", "--sources", str(sources), "--out", str(out))
    assert_stopped_cleanly(result, out, before, "deep.html")
    assert "嵌套过深" in result.stderr and "RecursionError" not in result.stderr


def test_a_text_file_past_the_size_limit_is_refused_without_reading_it(tmp_path):
    from etl.reading import MAX_TEXT_BYTES

    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:  # sparse: the test writes no 64 MB
        handle.truncate(MAX_TEXT_BYTES + 1)
    with pytest.raises(SourceError, match=r"dump.txt: 文件过大（64 MB，上限 64 MB）"):
        read_document(big)


# ---------------------------------------------------------------- declared encodings that lie

def gbk_page_declaring(charset: str) -> bytes:
    return html_page(seed_text()).decode("utf-8").replace("charset='utf-8'", f"charset='{charset}'").encode(
        "gb18030")


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "koi8-r"])
def test_a_gbk_page_declaring_a_latin_charset_reads_as_chinese(workspace, charset):
    sources, out = workspace
    replace_seed(sources, "page.html", gbk_page_declaring(charset))
    assert_builds_same_rows(sources, out)


def test_a_utf8_page_declaring_gbk_reads_as_utf8(workspace):
    sources, out = workspace
    page = html_page(seed_text()).decode("utf-8").replace("charset='utf-8'", "charset='gb2312'")
    replace_seed(sources, "page.html", page.encode("utf-8"))
    assert_builds_same_rows(sources, out)


def test_a_page_that_reads_as_nonsense_in_every_encoding_is_refused(tmp_path):
    page = tmp_path / "noise.html"
    noise = bytes((i * 37 + 11) % 94 + 161 for i in range(4000))  # high bytes, no pattern of a language
    page.write_bytes(b"<html><head><meta charset='windows-1252'></head><body><p>" + noise[:2000].replace(
        b"\x81", b"") + b"</p><p>" + bytes(reversed(noise[2000:])) + b"</p></body></html>")
    with pytest.raises(SourceError, match="noise.html: 无法识别的编码"):
        read_document(page)


# ---------------------------------------------------------------- publishing in one step

def test_a_publish_that_fails_half_way_leaves_the_last_build_and_no_litter(tmp_path, monkeypatch):
    out = tmp_path / "data"
    build_all(sources_dir=paths.SOURCES_DIR, out_dir=out)
    current = (out / paths.CURRENT_NAME).resolve()
    before = digests(out)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs, "write_serving_database", full_disk)
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, sources)
    (sources / SEED).write_text(seed_text().replace("100部以上", "120部以上"), encoding="utf-8")
    with pytest.raises(OSError):
        build_all(sources_dir=sources, out_dir=out)
    assert (out / paths.CURRENT_NAME).resolve() == current
    assert digests(out) == before
    assert not [p for p in (out / paths.BUILDS_NAME).iterdir() if p.name.startswith(".")]
    assert not [p for p in out.rglob("*") if p.suffix in (".tmp", ".wal")]
    assert os.listdir(out / paths.BUILDS_NAME) == [current.name]
