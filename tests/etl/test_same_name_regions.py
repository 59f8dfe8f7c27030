"""Two districts of one name (鼓楼区 of 南京市 and of 福州市) stay two regions from sources.csv
to the dashboard: keyed by their codes, shown with their city, never merged."""
import csv

import pytest

from board import queries
from board.filters import Filters
from etl.pipeline import build_all
from etl.reading import SourceError
from store import connection

PLAN = """{year}年{city}鼓楼区卫生健康工作要点

一、提升基层服务能力
1.新建社区卫生服务站{stations}个，家庭医生签约服务覆盖率达到{signing}%以上。
"""
HEADER = ["doc_id", "file", "region", "region_code", "region_level", "province", "parent_region",
          "plan_year", "horizon_year", "doc_type", "title", "issuer", "date", "url"]


def write_sources(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in HEADER})


def gulou(city, code, province, stations, signing):
    doc_id = f"gulou-{code}"
    return doc_id, {
        "doc_id": doc_id, "file": f"{doc_id}.txt", "region": "鼓楼区", "region_code": code,
        "region_level": "区县", "province": province, "parent_region": city, "plan_year": "2025",
        "doc_type": "工作要点", "title": f"2025年{city}鼓楼区卫生健康工作要点",
    }, PLAN.format(year=2025, city=city, stations=stations, signing=signing)


@pytest.fixture(scope="module")
def two_gulou(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    sources = data / "sources"
    rows = []
    for city, code, province, stations, signing in (("南京市", "320106", "江苏省", 3, 80),
                                                    ("福州市", "350102", "福建省", 5, 75)):
        doc_id, row, text = gulou(city, code, province, stations, signing)
        sources.mkdir(parents=True, exist_ok=True)
        (sources / row["file"]).write_text(text, encoding="utf-8")
        rows.append(row)
    write_sources(sources, rows)
    build_all(sources_dir=sources, out_dir=data)
    return connection.connect(data)


def test_the_two_districts_are_two_regions_labelled_by_their_city(two_gulou):
    options = queries.filter_options(two_gulou)
    assert options["regions"] == ["320106", "350102"]
    assert options["region_labels"] == {"320106": "鼓楼区（南京市）", "350102": "鼓楼区（福州市）"}


def test_each_district_keeps_its_own_targets(two_gulou):
    for code, expected in (("320106", ["3个", "80%以上"]), ("350102", ["5个", "75%以上"])):
        rows = queries.detail_rows(two_gulou, Filters(regions=[code]))
        assert sorted(rows["value_text"].tolist()) == expected
    compared = queries.cross_city(two_gulou, Filters(), "family_doctor_contract_rate")
    assert sorted(zip(compared["region"], compared["value"])) == [("鼓楼区（南京市）", 80.0),
                                                                  ("鼓楼区（福州市）", 75.0)]


def test_a_same_name_district_without_its_code_or_city_is_refused(tmp_path):
    # 江苏省 has two: 南京市鼓楼区 and 徐州市鼓楼区.
    _, row, text = gulou("南京市", "320106", "江苏省", 3, 80)
    row.update(region_code="", parent_region="")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / row["file"]).write_text(text, encoding="utf-8")
    write_sources(tmp_path / "sources", [row])
    with pytest.raises(SourceError, match="鼓楼区」有多个同名地区：320106（南京市）、320302（徐州市），请填写 region_code"):
        build_all(sources_dir=tmp_path / "sources", out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "targets.parquet").exists()
