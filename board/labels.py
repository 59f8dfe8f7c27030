"""Chinese labels for columns and coded values, and the theme order.

The codes (role, kind, comparator, ...) and their labels are the fields' (store.fields); this
module adds what only the dashboard shows: symbols, statuses, the theme order.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from store import fields

# Themes the product brief asks for one-click access to.
FEATURED_THEMES = ["中医药", "一老一小", "疾控"]

# Starting taxonomy of the product brief; used only when no themes file can be read.
FALLBACK_THEME_ORDER = [
    "中医药", "一老一小", "疾控", "妇幼", "基层卫生", "医疗服务", "健康促进", "心理健康", "数字健康",
    "人才科教", "医改医保", "应急急救", "监管安全", "党建行风", "人口生育", "职业健康", "其他",
]

# The code lists and column labels are defined once, with the fields (store.fields).
UNQUANTIFIED_KINDS = list(fields.UNQUANTIFIED_KINDS)
ROLE_LABELS = fields.ROLES
KIND_LABELS = fields.KINDS
COMPARATOR_LABELS = fields.COMPARATORS
DIRECTION_LABELS = fields.DIRECTIONS
ORIGIN_LABELS = fields.ORIGINS
NATURE_CHOICES = list(fields.NATURES)
COMPARATOR_SYMBOLS = {">=": "≥", "<=": "≤", "=": "", ">": ">", "<": "<", "range": ""}
STATUS_LABELS = {
    "already_met": "基线已达到目标",
    "to_improve": "需进一步改善",
    "unknown": "方向未知",
}


def column_label(column: str) -> str:
    return fields.column_label(column)


def is_technical(column: str) -> bool:
    """An id, hash, offset or confidence (store.fields' `technical` flag): what an official
    does not read, so tables hide it and files list it last. The first table defining the
    column decides, as for its label."""
    for table in fields.TABLES.values():
        for f in table.fields:
            if f.name == column:
                return f.technical
    return False


def technical_last(columns) -> list[str]:
    """The columns in the order given, those an official reads first and technical ones after."""
    columns = list(columns)
    return [c for c in columns if not is_technical(c)] + [c for c in columns if is_technical(c)]


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
