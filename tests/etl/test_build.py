"""The build: contract, bundled data up to date, repeatable, atomic, locked."""
import hashlib
import shutil

import duckdb
import pandas as pd
import pytest

from etl.pipeline import build_all
from etl.reading import SourceError
from store import fields, paths, schema
from store.regions import region_table
from store.lock import BuildLocked, build_lock

OUTPUT_NAMES = {name: f"{name}.parquet" for name in paths.TABLE_NAMES}


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    summary = build_all(sources_dir=paths.SOURCES_DIR, out_dir=out)
    return out, summary


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_bundled_data_equals_a_fresh_build(fresh_build):
    out, _ = fresh_build
    for file_name in OUTPUT_NAMES.values():
        bundled = pd.read_parquet(paths.DATA_DIR / file_name)
        fresh = pd.read_parquet(out / file_name)
        pd.testing.assert_frame_equal(bundled, fresh, obj=file_name)


def test_two_builds_write_the_same_bytes(fresh_build, tmp_path):
    out, _ = fresh_build
    build_all(sources_dir=paths.SOURCES_DIR, out_dir=tmp_path)
    for file_name in OUTPUT_NAMES.values():
        assert (tmp_path / file_name).read_bytes() == (out / file_name).read_bytes(), file_name


def test_outputs_follow_the_contract(fresh_build):
    out, summary = fresh_build
    targets = pd.read_parquet(out / "targets.parquet")
    assert list(targets.columns) == fields.TARGETS.columns
    schema.schema("targets").validate(targets.assign(
        plan_year=targets.plan_year.astype("Int64"), year=targets.year.astype("Int64"),
        span_start=targets.span_start.astype("Int64"), span_end=targets.span_end.astype("Int64")))
    assert summary["documents"] == 5
    assert summary["targets"] == len(targets)
    # Every span points at its value in the document's text.
    documents = pd.read_parquet(out / "documents.parquet").set_index("doc_id")["text"]
    for row in targets.itertuples():
        assert documents[row.doc_id][row.span_start:row.span_end] == row.value_text


def test_the_database_holds_every_table(fresh_build):
    out, _ = fresh_build
    con = duckdb.connect(str(out / "targets.duckdb"), read_only=True)
    tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"targets", "documents", "clauses", "review", "themes", "indicators"} <= tables
    (count,) = con.execute("SELECT count(*) FROM targets").fetchall()[0]
    assert count == len(pd.read_parquet(out / "targets.parquet"))
    con.close()


def test_a_failed_build_leaves_the_last_good_data(fresh_build, tmp_path):
    out, _ = fresh_build
    before = _digests(out)
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, sources)
    (sources / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with (sources / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("broken,broken.txt,杭州市,330100,市,浙江省,,2025,2025,工作要点,坏文件,,,\n")
    with pytest.raises(SourceError, match="broken.txt"):
        build_all(sources_dir=sources, out_dir=out)
    assert _digests(out) == before


def test_a_second_build_waits_for_the_first(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(BuildLocked, match="另一个构建正在进行"):
            build_all(sources_dir=paths.SOURCES_DIR, out_dir=tmp_path)


def test_review_list_explains_itself_in_chinese(fresh_build):
    out, _ = fresh_build
    review = pd.read_parquet(out / "review.parquet")
    assert len(review) > 0
    assert review["note"].str.contains(r"[\u4e00-\u9fff]").all(), review["note"].unique()


def test_a_large_corpus_builds_the_same_on_two_processes(tmp_path):
    """From 16 documents the build extracts on every core; the rows must not change."""
    sources = tmp_path / "sources"
    sources.mkdir()
    seed = (paths.SOURCES_DIR / "000_c2891e936343edea.txt").read_text(encoding="utf-8")
    rows = ["doc_id,file,region,region_code,region_level,province,plan_year,title"]
    counties = [r for r in region_table().by_code.values() if r.province_code == "330000" and r.level == "区县"][:16]
    for i, county in enumerate(counties):
        # Each copy differs so that no two documents are the same file.
        (sources / f"plan{i:02d}.txt").write_text(seed.replace("嘉兴", county.name), encoding="utf-8")
        rows.append(f"plan{i:02d},plan{i:02d}.txt,{county.name},{county.code},区县,浙江省,2025,"
                    f"2025年{county.name}卫生健康工作要点")
    (sources / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    from etl.pipeline import build_tables
    one = build_tables(sources, processes=1).targets
    two = build_tables(sources, processes=2).targets
    pd.testing.assert_frame_equal(one, two)
    assert one["doc_id"].nunique() == 16
