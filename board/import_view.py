"""What the 导入文件 page shows for an uploaded file: the metadata read from the document as
form defaults, the sources.csv row the form gives, and the preview's rows and highlights in the
shapes the details and 原文对照 pages use. Plain functions; the page holds the layout.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

import pandas as pd

from store import fields
from store.regions import region_names, region_table

# Rows of the preview table, in the details page's order (a subset an official checks first).
PREVIEW_COLUMNS = ["indicator", "value_text", "role", "year", "value", "unit", "comparator", "kind",
                   "themes", "source_text"]
LEVEL_ORDER = {"省": 0, "市": 1, "区县": 2}


def region_choices() -> tuple[list[str], dict[str, str]]:
    """Every region of the code table, provinces then cities then districts by code, with a
    label that tells same-name districts apart: 鼓楼区（江苏省南京市）."""
    table = region_table()
    regions = sorted(table.by_code.values(), key=lambda r: (LEVEL_ORDER.get(r.level, 3), r.code))
    labels = {}
    for region in regions:
        province, parent, _ = region_names(region)
        where = province if parent in (None, province) else f"{province}{parent}"
        labels[region.code] = region.name if region.level == "省" else f"{region.name}（{where}）"
    return [r.code for r in regions], labels


def content_key(file_name: str, data: bytes) -> str:
    """A short key for one upload, so its widgets keep their values across reruns."""
    return hashlib.sha256(file_name.encode("utf-8") + b"\0" + data).hexdigest()[:12]


def initial_fields(facts, file_name: str, today: date | None = None) -> dict:
    """Form defaults from what the document says about itself (etl's DocumentFacts)."""
    today = today or date.today()
    plan_year = facts.plan_year or today.year
    horizon = facts.horizon_year if facts.horizon_year and facts.horizon_year >= plan_year else plan_year
    return {
        "region_code": facts.region_code or None,
        "plan_year": int(plan_year),
        "horizon_year": int(horizon),
        "doc_type": facts.doc_type or "",
        "title": _plan_title(facts.title) or re.sub(r"\.[^.]+$", "", file_name),
        "issuer": facts.issuer or "",
        "date": facts.date or "",
        "url": "",
        "doc_id": suggested_doc_id(facts.region_code, plan_year, file_name),
    }


def _plan_title(title: str | None) -> str | None:
    """关于印发《X》的通知 → X: a notice that sends out a plan is filed under the plan's name."""
    if not title:
        return title
    sent = re.search(r"印发[^《]{0,12}《([^》]{4,80})》", title)
    return sent.group(1) if sent else title


def suggested_doc_id(region_code: str | None, plan_year: int, file_name: str) -> str:
    """region code, year and a few characters of the file's name hash: short, unique, stable."""
    tail = hashlib.sha1(file_name.encode("utf-8")).hexdigest()[:6]
    return f"{region_code or 'doc'}-{plan_year}-{tail}"


def metadata_row(values: dict) -> dict[str, str]:
    """The sources.csv row for the form's values (province, parent and level from the code)."""
    region = region_table().get(values.get("region_code"))
    row = {key: "" if values.get(key) is None else str(values.get(key)).strip()
           for key in ("doc_id", "plan_year", "horizon_year", "doc_type", "title", "issuer", "date", "url")}
    if region is None:
        row.update(region="", region_code="", region_level="", province="", parent_region="")
        return row
    province, parent, level = region_names(region)
    row.update(region=region.name, region_code=region.code, region_level=level, province=province,
               parent_region=parent or "")
    return row


def preview_rows(preview) -> pd.DataFrame:
    """The rows the document would add, in document order."""
    rows = pd.DataFrame(preview.rows, columns=fields.TARGETS.columns)
    return rows[PREVIEW_COLUMNS].reset_index(drop=True)


def preview_review(preview) -> pd.DataFrame:
    """Numbers listed for review, with the reason in words."""
    review = pd.DataFrame(preview.result.review, columns=fields.REVIEW.columns)
    listed = review[~review["decision"].isin(fields.SETTLED_BY_SHAPE)]
    return listed[["number_text", "note", "source_text"]].reset_index(drop=True)


def preview_highlights(preview) -> pd.DataFrame:
    """The highlights 原文对照 draws (board.reader.render_document) for the preview's text."""
    targets = pd.DataFrame(preview.rows, columns=fields.TARGETS.columns)
    marked = pd.DataFrame({
        "span_start": targets["span_start"], "span_end": targets["span_end"], "mark": "target",
        "target_id": targets["target_id"],
        "indicator_label": targets["indicator_name"].fillna(targets["indicator"]),
        "indicator": targets["indicator"], "role": targets["role"], "year": targets["year"],
        "value": targets["value"], "value_high": targets["value_high"], "unit": targets["unit"],
        "comparator": targets["comparator"], "kind": targets["kind"], "value_text": targets["value_text"],
        "confidence": targets["confidence"], "note": None,
    })
    review = pd.DataFrame(preview.result.review, columns=fields.REVIEW.columns)
    unmatched = review[(review["reason"] == "number_without_target")
                       & ~review["decision"].isin(fields.SETTLED_BY_SHAPE)]
    others = pd.DataFrame({
        "span_start": unmatched["span_start"], "span_end": unmatched["span_end"], "mark": "unmatched",
        "value_text": unmatched["number_text"], "confidence": unmatched["confidence"],
        "note": unmatched["note"],
    })
    frames = [frame for frame in (marked, others) if not frame.empty]
    if not frames:
        return marked.iloc[0:0]
    return pd.concat(frames, ignore_index=True).sort_values(["span_start", "mark"], kind="stable") \
        .reset_index(drop=True)
