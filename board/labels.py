"""Chinese labels for columns and coded values, and the theme order.

The codes (role, kind, comparator, ...) are the data contract's; these are what an official reads.
"""
from __future__ import annotations

from pathlib import Path

import yaml

# Themes the product brief asks for one-click access to.
FEATURED_THEMES = ["中医药", "一老一小", "疾控"]

# Starting taxonomy of the product brief; used only when no themes file can be read.
FALLBACK_THEME_ORDER = [
    "中医药", "一老一小", "疾控", "妇幼", "基层卫生", "医疗服务", "健康促进", "心理健康", "数字健康",
    "人才科教", "医改医保", "应急急救", "监管安全", "党建行风", "人口生育", "职业健康", "其他",
]

# Kinds that carry no printed number: a qualitative wording or a "全覆盖" with no digit.
UNQUANTIFIED_KINDS = ["qualitative", "full_coverage"]

ROLE_LABELS = {"target": "目标", "baseline": "基线"}
KIND_LABELS = {
    "level": "水平值", "count": "数量", "change": "变化量", "rank": "排名",
    "qualitative": "定性表述", "full_coverage": "全覆盖",
}
COMPARATOR_LABELS = {
    ">=": "不低于（≥）", "<=": "不高于（≤）", "=": "达到（=）", ">": "高于（>）", "<": "低于（<）",
    "range": "区间",
}
COMPARATOR_SYMBOLS = {">=": "≥", "<=": "≤", "=": "", ">": ">", "<": "<", "range": ""}
DIRECTION_LABELS = {"up": "越高越好", "down": "越低越好"}
ORIGIN_LABELS = {"text": "正文", "table": "指标表"}
LEVEL_LABELS = {"省": "省", "市": "市", "区县": "区县"}
STATUS_LABELS = {
    "already_met": "基线已达到目标",
    "to_improve": "需进一步改善",
    "unknown": "方向未知",
}

COLUMN_LABELS = {
    "target_id": "目标编号", "doc_id": "文件编号", "doc_title": "文件标题", "title": "文件标题",
    "region": "地区", "region_level": "层级", "province": "省份", "parent_region": "上级地区",
    "plan_year": "规划年份", "horizon_year": "目标年份", "doc_type": "文件类型",
    "issuer": "发文机关", "date": "发布日期", "url": "网址",
    "section": "章节", "clause": "条目编号", "clause_title": "条目标题", "clause_id": "条目编号（内部）",
    "indicator": "指标（原文）", "indicator_id": "指标代码", "indicator_name": "标准指标",
    "indicator_key": "指标代码", "role": "类型", "year": "年份", "value": "数值",
    "value_high": "区间上限", "unit": "单位", "comparator": "比较方式", "kind": "值的种类",
    "value_text": "原文数值", "nature": "性质", "category": "类别", "themes": "主题",
    "direction": "方向", "origin": "来源位置", "source_text": "原文句子",
    "span_start": "原文起点", "span_end": "原文终点", "confidence": "置信度",
    "n_targets": "目标数", "n_documents": "文件数", "n_regions": "地区数",
    "n_baselines": "基线数", "baseline_year": "基线年份", "baseline_value": "基线值",
    "target_year": "目标年份", "target_value": "目标值", "change_abs": "需变化量",
    "change_per_year": "年均需变化", "status": "判断", "n_clauses": "条目数",
    "n_quantified": "量化条目数",
}


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column)


def theme_order(*candidates: Path) -> list[str]:
    """Theme names in taxonomy order, from the first readable themes file among `candidates`."""
    for path in candidates:
        try:
            content = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        names = [entry["name"] for entry in (content or {}).get("themes", [])
                 if isinstance(entry, dict) and entry.get("name")]
        if names:
            return names
    return list(FALLBACK_THEME_ORDER)


def format_value(value: float | None, value_high: float | None, unit: str | None,
                 comparator: str | None) -> str:
    """A value as officials write it: ≥85%, 3–5个, ≤9.5/10万."""
    if value is None or value != value:  # None or NaN
        return ""
    unit = unit or ""
    if comparator == "range" and value_high is not None and value_high == value_high:
        return f"{_number(value)}–{_number(value_high)}{unit}"
    return f"{COMPARATOR_SYMBOLS.get(comparator or '=', '')}{_number(value)}{unit}"


def _number(value: float) -> str:
    return f"{value:g}"
