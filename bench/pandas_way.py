"""The same page views computed the way most Streamlit apps do it: the whole Parquet files read
into pandas once (pd.read_parquet), then every view filtered and aggregated in pandas.

This is the comparison point for the DuckDB data layer. It is kept favourable to pandas: the
frames are loaded once and reused (as an app caching them with st.cache_resource would), so the
timings below are filtering and aggregation only; the load is timed separately.
"""
from __future__ import annotations

import pandas as pd

from board.filters import Filters
from board.labels import UNQUANTIFIED_KINDS

LEVEL_ORDER = {"省": 0, "市": 1, "区县": 2}


def load(data_dir: str) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(f"{data_dir}/{name}.parquet")
            for name in ("targets", "documents", "clauses", "review")}


def _has_theme(themes: pd.Series, chosen: tuple[str, ...]) -> pd.Series:
    exploded = themes.explode()
    return exploded.isin(chosen).groupby(level=0).any().reindex(themes.index, fill_value=False)


def target_mask(t: pd.DataFrame, f: Filters) -> pd.Series:
    mask = pd.Series(True, index=t.index)
    if f.themes:
        mask &= _has_theme(t["themes"], f.themes)
    for column, values in (("region_code", f.regions), ("region_level", f.levels), ("doc_id", f.doc_ids),
                           ("nature", f.natures), ("role", f.roles)):
        if values:
            mask &= t[column].isin(values)
    if f.year_min is not None:
        mask &= t["year"] >= f.year_min
    if f.year_max is not None:
        mask &= t["year"] <= f.year_max
    if f.quantified_only:
        mask &= ~t["kind"].isin(UNQUANTIFIED_KINDS)
    return mask


def document_mask(d: pd.DataFrame, t: pd.DataFrame, f: Filters) -> pd.Series:
    mask = pd.Series(True, index=d.index)
    for column, values in (("region_code", f.regions), ("region_level", f.levels), ("doc_id", f.doc_ids)):
        if values:
            mask &= d[column].isin(values)
    if f.themes:
        mask &= d["doc_id"].isin(t.loc[_has_theme(t["themes"], f.themes), "doc_id"])
    if f.year_min is not None or f.year_max is not None:
        low, high = f.year_min or 0, f.year_max or 9999
        overlap = (d["horizon_year"] >= low) & (d["plan_year"] <= high)
        mask &= overlap | d["doc_id"].isin(t.loc[t["year"].between(low, high), "doc_id"])
    return mask


def _key(t: pd.DataFrame) -> pd.Series:
    return t["indicator_id"].fillna(t["indicator"])


def indicator_list(t: pd.DataFrame) -> pd.DataFrame:
    rows = t[t["value"].notna()].assign(key=lambda x: _key(x))
    grouped = rows.groupby("key").agg(
        n_baselines=("role", lambda r: (r == "baseline").sum()),
        n_targets=("role", lambda r: (r == "target").sum()),
        n_regions=("region", "nunique"), n_documents=("doc_id", "nunique"))
    return grouped.sort_values(["n_regions", "n_targets"], ascending=False).reset_index()


def page_view(page: str, frames: dict[str, pd.DataFrame], f: Filters) -> int:
    """One view of a page; returns the number of rows of its main result."""
    t, d, c, r = frames["targets"], frames["documents"], frames["clauses"], frames["review"]
    ft = t[target_mask(t, f)]
    if page == "overview":
        docs = d[document_mask(d, t, f)]
        targets = ft[ft["role"] == "target"]
        matrix = targets[["themes", "region"]].explode("themes").groupby(["themes", "region"]).size()
        counts = ft.groupby("doc_id")["role"].value_counts().unstack(fill_value=0)
        listed = docs.drop(columns="text").merge(counts, left_on="doc_id", right_index=True, how="left")
        listed = listed.sort_values(["region", "plan_year"], ascending=[True, False])
        return len(matrix) + len(listed)
    if page in ("trajectory", "compare"):
        indicators = indicator_list(ft)
        if indicators.empty:
            return 0
        key = indicators["key"].iloc[0]
        rows = ft[(_key(ft) == key) & ft["value"].notna()].sort_values(["region", "doc_id", "year"])
        if page == "trajectory":
            level = rows[rows["kind"].isin(["level", "count", "rank"])]
            targets, baselines = level[level["role"] == "target"], level[level["role"] == "baseline"]
            pairs = targets.merge(baselines, on=["region", "unit"], how="left", suffixes=("", "_b"))
            pairs = pairs[pairs["year_b"].isna() | (pairs["year_b"] < pairs["year"])]
            pairs = pairs.sort_values(["target_id", "year_b"], ascending=[True, False])
            return len(pairs.drop_duplicates("target_id"))
        latest = rows[rows["role"] == "target"].sort_values(["year", "plan_year"], ascending=False)
        latest = latest.drop_duplicates("region")
        presence = ft[ft["indicator_id"].notna()].groupby(["indicator_id", "region"]).agg(
            n_rows=("target_id", "size"), latest_year=("year", "max"))
        return len(latest) + len(presence)
    if page == "coverage":
        docs = d.loc[document_mask(d, t, Filters(regions=f.regions, levels=f.levels,
                                                 doc_ids=f.doc_ids, year_min=f.year_min,
                                                 year_max=f.year_max)), ["doc_id", "region"]]
        clauses = c[["doc_id", "themes", "n_quantified"]].merge(docs, on="doc_id")
        exploded = clauses.explode("themes")
        if f.themes:
            exploded = exploded[exploded["themes"].isin(f.themes)]
        by_region = exploded.groupby(["themes", "region"]).agg(
            n_clauses=("doc_id", "size"), n_quantified=("n_quantified", lambda q: (q > 0).sum()))
        by_document = exploded.groupby(["themes", "doc_id"]).size()
        return len(by_region) + len(by_document)
    if page == "details":
        rows = ft.assign(order=ft["region_level"].map(LEVEL_ORDER)).sort_values(
            ["order", "region", "doc_id", "span_start", "target_id"])
        return len(rows)
    if page == "reader":
        docs = d[document_mask(d, t, f)].sort_values(["region", "plan_year"], ascending=[True, False])
        if docs.empty:
            return 0
        doc_id = docs["doc_id"].iloc[0]
        text = docs["text"].iloc[0]
        marks = pd.concat([t[t["doc_id"] == doc_id][["span_start", "span_end", "value_text"]],
                           r[(r["doc_id"] == doc_id) & (r["reason"] == "number_without_target")]
                           [["span_start", "span_end", "number_text"]]])
        return len(marks.sort_values("span_start")) + int(len(text) > 0)
    raise ValueError(page)
