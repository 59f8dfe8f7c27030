"""The data contract: every output table's columns, types and allowed values, defined once.

The build ends by validating each table against these schemas; a table that breaks the
contract stops the build before anything is written.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

ROLES = ["target", "baseline"]
COMPARATORS = [">=", "<=", "=", ">", "<", "range"]
KINDS = ["level", "count", "change", "rank", "qualitative", "full_coverage"]
ORIGINS = ["text", "table"]
DIRECTIONS = ["up", "down"]
REGION_LEVELS = ["省", "市", "区县"]
NATURES = ["预期性", "约束性"]
# Rows whose confidence falls below this are listed for review.
REVIEW_THRESHOLD = 0.6

# Column order of the targets table (PRODUCT.md contract first, then additions).
TARGET_COLUMNS = [
    "target_id", "doc_id", "doc_title", "region", "region_level", "province", "plan_year",
    "section", "clause", "clause_title", "indicator", "indicator_id", "indicator_name",
    "role", "year", "value", "value_high", "unit", "comparator", "kind", "value_text",
    "nature", "category", "themes", "direction", "origin", "source_text",
    "span_start", "span_end", "confidence",
    # additions
    "parent_region", "clause_id",
]

DOCUMENT_COLUMNS = [
    "doc_id", "file", "region", "region_level", "province", "parent_region", "plan_year",
    "horizon_year", "doc_type", "title", "issuer", "date", "url", "text", "n_chars", "sha256",
]

CLAUSE_COLUMNS = [
    "clause_id", "doc_id", "section", "clause", "clause_title", "text", "themes",
    "span_start", "span_end", "n_targets", "n_quantified",
]

REVIEW_COLUMNS = [
    "doc_id", "reason", "decision", "target_id", "number_text", "source_text", "span_start",
    "span_end", "confidence", "note",
]


class TargetsSchema(pa.DataFrameModel):
    target_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    doc_id: Series[str]
    doc_title: Series[str]
    region: Series[str] = pa.Field(str_length={"min_value": 1})
    region_level: Series[str] = pa.Field(isin=REGION_LEVELS)
    province: Series[str]
    plan_year: Series[pd.Int64Dtype] = pa.Field(ge=1990, le=2100)
    section: Series[str]
    clause: Series[str]
    clause_title: Series[str]
    indicator: Series[str] = pa.Field(str_length={"min_value": 1})
    indicator_id: Series[str] = pa.Field(nullable=True)
    indicator_name: Series[str] = pa.Field(nullable=True)
    role: Series[str] = pa.Field(isin=ROLES)
    year: Series[pd.Int64Dtype] = pa.Field(ge=1990, le=2100)
    value: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Series[str]
    comparator: Series[str] = pa.Field(isin=COMPARATORS, nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    value_text: Series[str] = pa.Field(str_length={"min_value": 1})
    nature: Series[str] = pa.Field(nullable=True)
    category: Series[str] = pa.Field(nullable=True)
    themes: Series[object]
    direction: Series[str] = pa.Field(isin=DIRECTIONS, nullable=True)
    origin: Series[str] = pa.Field(isin=ORIGINS)
    source_text: Series[str] = pa.Field(str_length={"min_value": 1})
    span_start: Series[pd.Int64Dtype] = pa.Field(ge=0)
    span_end: Series[pd.Int64Dtype] = pa.Field(ge=0)
    confidence: Series[float] = pa.Field(ge=0, le=1)
    parent_region: Series[str] = pa.Field(nullable=True)
    clause_id: Series[str]

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def span_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["span_end"] > df["span_start"]

    @pa.dataframe_check
    def numbers_have_comparators(cls, df: pd.DataFrame) -> Series[bool]:
        # A number without a comparator (or a comparator without a number) cannot be read.
        return df["value"].isna() == df["comparator"].isna()

    @pa.dataframe_check
    def ranges_have_high_values(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["comparator"] == "range") == df["value_high"].notna()


class DocumentsSchema(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(unique=True)
    file: Series[str]
    region: Series[str] = pa.Field(str_length={"min_value": 1})
    region_level: Series[str] = pa.Field(isin=REGION_LEVELS)
    province: Series[str]
    parent_region: Series[str] = pa.Field(nullable=True)
    plan_year: Series[pd.Int64Dtype] = pa.Field(ge=1990, le=2100)
    horizon_year: Series[pd.Int64Dtype] = pa.Field(ge=1990, le=2100)
    doc_type: Series[str] = pa.Field(nullable=True)
    title: Series[str]
    issuer: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    n_chars: Series[pd.Int64Dtype]
    sha256: Series[str]

    class Config:
        strict = True
        ordered = True


class ClausesSchema(pa.DataFrameModel):
    clause_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    section: Series[str]
    clause: Series[str]
    clause_title: Series[str]
    text: Series[str]
    themes: Series[object]
    span_start: Series[pd.Int64Dtype] = pa.Field(ge=0)
    span_end: Series[pd.Int64Dtype] = pa.Field(ge=0)
    n_targets: Series[pd.Int64Dtype] = pa.Field(ge=0)
    n_quantified: Series[pd.Int64Dtype] = pa.Field(ge=0)

    class Config:
        strict = True
        ordered = True


class ReviewSchema(pa.DataFrameModel):
    doc_id: Series[str]
    reason: Series[str] = pa.Field(isin=["low_confidence", "number_without_target"])
    # Why a number gave no target (year, phone number, past achievement …; etl.lexicon).
    decision: Series[str] = pa.Field(nullable=True)
    target_id: Series[str] = pa.Field(nullable=True)
    number_text: Series[str]
    source_text: Series[str]
    span_start: Series[pd.Int64Dtype] = pa.Field(ge=0)
    span_end: Series[pd.Int64Dtype] = pa.Field(ge=0)
    confidence: Series[float] = pa.Field(nullable=True)
    note: Series[str]

    class Config:
        strict = True
        ordered = True
