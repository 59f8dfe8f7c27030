"""The summary `python -m etl build` prints reads in Chinese: kinds, roles and review reasons by
their labels (store.fields), never by their codes."""
from __future__ import annotations

import re

from etl.__main__ import _print_summary

SUMMARY = {
    "documents": 5, "clauses": 163, "targets": 307,
    "by_kind": {"level": 155, "count": 103, "full_coverage": 27, "qualitative": 12, "rank": 7, "change": 3},
    "by_role": {"target": 277, "baseline": 30},
    "by_theme": {"基层卫生": 63, "中医药": 37},
    "mapped": 174, "largest_unmapped": {"新建健康步道": 1},
    "review": 14, "review_low_confidence": 1,
    "review_sample": [
        {"doc_id": "echeng-2025-work-plan", "reason": "low_confidence", "number_text": "100%",
         "note": "读取把握不大，请核对指标名称与数值"},
        {"doc_id": "echeng-2025-work-plan", "reason": "number_without_target", "number_text": "35项",
         "note": "固定提法中的数量"}],
}


def test_the_build_summary_names_codes_by_their_chinese_labels(capsys):
    _print_summary(SUMMARY, 0.7)
    printed = capsys.readouterr().out
    assert "按值的种类：水平值 155，数量 103，全覆盖 27，定性表述 12，排名 7，变化量 3" in printed
    assert "按类型：目标 277，基线 30" in printed
    assert "低置信度  「100%」" in printed and "未抽出目标  「35项」" in printed
    assert "……另有 12 条" in printed
    # Outside document ids and the file name, nothing in Latin letters: no `change 3, count 111`.
    words = printed.replace("echeng-2025-work-plan", "").replace("review.parquet", "")
    assert re.findall(r"[A-Za-z_]{2,}", words) == []
