"""导入文件: an official adds a plan from the dashboard and removes one; nothing is written
before 加入看板, a bad file changes nothing, and a read-only deployment offers no upload."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import etl
from board import import_view
from etl.importing import NewDocument, add_documents, remove_document
from etl.pipeline import build_all
from etl.reading import SourceError
from store import paths
from tests.dashboard.test_app import ROOT

PLAN = """2026年清溪县卫生健康工作要点
清溪县卫生健康局
2026年2月10日

一、提升基层服务能力
1.新建村卫生室12个，家庭医生签约服务覆盖率达到80%以上。
2.全县65岁及以上老年人健康管理率达到72%。
"""


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    build_all(sources_dir=data / "sources", out_dir=data)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.delenv("HEALTH_TARGETS_READ_ONLY", raising=False)
    return data


def plan_row(doc_id="qingxi-2026"):
    # 清溪: an invented county, given a code of 浙江省 the table does not hold.
    return {"doc_id": doc_id, "region": "清溪县", "region_code": "339981", "region_level": "区县",
            "province": "浙江省", "parent_region": "", "plan_year": "2026", "horizon_year": "2026",
            "doc_type": "工作要点", "title": "2026年清溪县卫生健康工作要点", "issuer": "清溪县卫生健康局",
            "date": "2026-02-10", "url": ""}


def documents(data):
    return pd.read_parquet(data / "documents.parquet")["doc_id"].tolist()


def test_adding_a_document_publishes_it_with_its_file_and_row(data_folder):
    before = documents(data_folder)
    summary = add_documents(data_folder, [NewDocument("清溪县2026年工作要点.txt", PLAN.encode("utf-8"), plan_row())])
    assert sorted(documents(data_folder)) == sorted(before + ["qingxi-2026"])
    assert summary["documents"] == len(before) + 1
    assert (data_folder / "sources" / "清溪县2026年工作要点.txt").read_bytes() == PLAN.encode("utf-8")
    targets = pd.read_parquet(data_folder / "targets.parquet")
    added = targets[targets["doc_id"] == "qingxi-2026"]
    assert sorted(added["value_text"]) == ["12个", "72%", "80%以上"]
    # The dashboard sees nothing left to build: the build records what sources/ now holds.
    from store.freshness import needs_build
    assert not needs_build(data_folder)
    assert not list(data_folder.glob(".import-*"))


@pytest.mark.parametrize("name, data, row, reason", [
    ("scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, plan_row(), "图片"),
    ("plan.txt", PLAN.encode("utf-8"), dict(plan_row(), region_code="", region="鼓楼区", province="江苏省"),
     "鼓楼区」有多个同名地区"),
    ("000_c2891e936343edea.txt", PLAN.encode("utf-8"), plan_row(), "同名文件"),
    ("plan.txt", PLAN.encode("utf-8"), plan_row("jiaxing-2025-work-points"), "已被其他文件使用"),
    ("../plan.txt", PLAN.encode("utf-8"), plan_row(), "不能带路径"),
    ("plan.exe", PLAN.encode("utf-8"), plan_row(), "不支持"),
])
def test_a_bad_document_changes_nothing(data_folder, name, data, row, reason):
    def snapshot():
        return {str(p.relative_to(data_folder)): p.read_bytes() for p in sorted(data_folder.rglob("*"))
                if p.is_file() and not p.name.endswith(".lock")}

    before = snapshot()
    with pytest.raises(SourceError, match=reason):
        add_documents(data_folder, [NewDocument(name, data, row)])
    assert snapshot() == before


def test_removing_a_document_takes_out_its_file_row_and_rows(data_folder):
    add_documents(data_folder, [NewDocument("qingxi.txt", PLAN.encode("utf-8"), plan_row())])
    remove_document(data_folder, "qingxi-2026")
    assert "qingxi-2026" not in documents(data_folder)
    assert not (data_folder / "sources" / "qingxi.txt").exists()
    assert "qingxi" not in (data_folder / "sources" / "sources.csv").read_text(encoding="utf-8-sig")


def test_a_read_only_deployment_offers_no_import(data_folder, monkeypatch):
    monkeypatch.setenv("HEALTH_TARGETS_READ_ONLY", "1")
    assert "只读" in etl.importing_disabled(data_folder)
    with pytest.raises(SourceError, match="只读"):
        add_documents(data_folder, [NewDocument("qingxi.txt", PLAN.encode("utf-8"), plan_row())])
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/importing.py").run()
    assert not app.exception
    assert "只读" in app.info[0].value
    assert not app.get("file_uploader")


def test_the_form_is_prefilled_from_the_document():
    from etl.preview import preview_text

    facts = preview_text(PLAN, "清溪县2026年工作要点.txt").facts
    defaults = import_view.initial_fields(facts, "清溪县2026年工作要点.txt")
    assert (defaults["plan_year"], defaults["horizon_year"], defaults["title"], defaults["issuer"],
            defaults["date"], defaults["doc_type"]) == (2026, 2026, "2026年清溪县卫生健康工作要点",
                                                       "清溪县卫生健康局", "2026-02-10", "工作要点")


def test_region_choices_tell_same_name_districts_apart():
    codes, labels = import_view.region_choices()
    assert labels["320106"] == "鼓楼区（江苏省南京市）" and labels["350102"] == "鼓楼区（福建省福州市）"
    assert codes.index("330000") < codes.index("330400") < codes.index("330402")
    row = import_view.metadata_row({"region_code": "330402", "plan_year": 2025, "horizon_year": 2025,
                                    "title": "t", "doc_id": "d"})
    assert (row["region"], row["region_level"], row["province"], row["parent_region"]) == (
        "南湖区", "区县", "浙江省", "嘉兴市")


def open_import_page() -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/importing.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_page_previews_an_upload_and_adds_it(data_folder):
    # 嘉兴市's own plan text under a new name: the page reads its region and year from it.
    text = (paths.SOURCES_DIR / "000_c2891e936343edea.txt").read_text(encoding="utf-8")
    text = text.replace("2025年", "2026年")
    before = len(documents(data_folder))
    app = open_import_page()
    assert app.title[0].value == "导入文件"
    app.file_uploader[0].set_value(("嘉兴2026要点.txt", text.encode("utf-8"), "text/plain")).run()
    assert not app.exception, [e.value for e in app.exception]
    key = import_view.content_key("嘉兴2026要点.txt", text.encode("utf-8"))
    assert app.selectbox(key=f"{key}_region").value == "330400"
    assert app.number_input(key=f"{key}_year").value == 2026
    assert any("将加入目标与基线" in m.value for m in app.markdown)
    assert len(documents(data_folder)) == before  # nothing written by the preview
    app.button(key="import_add").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(documents(data_folder)) == before + 1
    assert (data_folder / "sources" / "嘉兴2026要点.txt").exists()


def test_the_page_says_why_a_file_cannot_be_read_and_offers_no_button(data_folder):
    app = open_import_page()
    app.file_uploader[0].set_value(("scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
                                    "application/pdf")).run()
    assert not app.exception
    shown = app.error[0].value.replace("\\", "")  # as the reader sees it: Markdown escapes gone
    assert shown.startswith("scan.pdf: ") and "图片" in shown
    assert not [b for b in app.button if b.key == "import_add"]


def test_the_page_removes_a_document(data_folder):
    add_documents(data_folder, [NewDocument("qingxi.txt", PLAN.encode("utf-8"), plan_row())])
    app = open_import_page()
    app.selectbox(key="remove_doc").set_value("qingxi-2026").run()
    app.checkbox(key="remove_confirm").check().run()
    app.button(key="remove_button").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "qingxi-2026" not in documents(data_folder)


def test_two_imports_at_once_are_served_one_after_the_other(data_folder):
    import threading

    from store.lock import sources_lock

    told_to_wait = threading.Event()
    outcome = {}

    def second_official():
        row = dict(plan_row("qingxi-2026-b"), title="2026年清溪县卫生健康工作要点（二）")
        outcome["summary"] = add_documents(
            data_folder, [NewDocument("清溪县2026年工作要点二.txt", PLAN.replace("12个", "15个").encode("utf-8"), row)],
            on_wait=told_to_wait.set)

    with sources_lock(data_folder):  # the first official's import is under way
        waiting = threading.Thread(target=second_official)
        waiting.start()
        assert told_to_wait.wait(60), "the second import was not told it waits"
        assert "qingxi-2026-b" not in documents(data_folder)
    waiting.join(300)
    assert not waiting.is_alive()
    assert "qingxi-2026-b" in documents(data_folder)
    add_documents(data_folder, [NewDocument("清溪县2026年工作要点.txt", PLAN.encode("utf-8"), plan_row())])
    assert {"qingxi-2026", "qingxi-2026-b"} <= set(documents(data_folder))
