"""The contract as pandera schemas, built from the field definitions (store.fields).

The build ends by validating every table against these; a table that breaks the contract stops
the build before anything is written.
"""
from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from store.fields import TABLES, Field, Table

# Text columns are checked cell by cell (str or missing) rather than by dtype: pandas gives an
# empty column, or one read back from Parquet, a dtype of its own choosing.
_DTYPES = {"text": None, "integer": pd.Int64Dtype(), "number": float, "text_list": object}


def _is_text(series: pd.Series) -> pd.Series:
    return series.isna() | series.map(lambda value: isinstance(value, str))


def pandas_dtype(field: Field):
    """The dtype a frame column is built with ("object" for text: str or None, never NaN)."""
    return {"text": object, "integer": "Int64", "number": "float64", "text_list": object}[field.type]


def _column(field: Field) -> pa.Column:
    checks = [pa.Check(_is_text, name="text")] if field.type == "text" else []
    if field.allowed is not None:
        checks.append(pa.Check.isin(list(field.allowed)))
    if field.min_length:
        checks.append(pa.Check.str_length(min_value=field.min_length))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    return pa.Column(_DTYPES[field.type], checks=checks, nullable=field.nullable, unique=field.unique,
                     name=field.name)


def _span_is_ordered(df: pd.DataFrame) -> pd.Series:
    return df["span_end"] > df["span_start"]


def _numbers_have_comparators(df: pd.DataFrame) -> pd.Series:
    # A number without a comparator (or a comparator without a number) cannot be read.
    return df["value"].isna() == df["comparator"].isna()


def _ranges_have_high_values(df: pd.DataFrame) -> pd.Series:
    return (df["comparator"] == "range") == df["value_high"].notna()


_TABLE_CHECKS = {"span_is_ordered": _span_is_ordered, "numbers_have_comparators": _numbers_have_comparators,
                 "ranges_have_high_values": _ranges_have_high_values}


def _schema(table: Table) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {f.name: _column(f) for f in table.fields},
        checks=[pa.Check(_TABLE_CHECKS[name], name=name) for name in table.checks],
        strict=True, ordered=True, name=table.name)


@cache
def schema(table_name: str) -> pa.DataFrameSchema:
    return _schema(TABLES[table_name])
