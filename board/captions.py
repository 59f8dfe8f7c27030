"""What each chart says in words: sentence titles, the indicator's definition and direction,
the source line under every chart, notes on what a chart leaves out, and tables without
None/NaN.

Plain functions of the queries' frames (no Streamlit), so tests read exactly what an official
reads. Titles follow Our World in Data's grapher: the title states what the chart shows
("明州市婴儿死亡率：2023年基线3.2‰，目标2027年≤2.8‰"), not only what it is about.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from board.labels import STATUS_LABELS, format_value
from store import fields, paths

MISSING = "—"  # shown for every empty cell: never None, nan or <NA>
DIRECTION_WORDS = fields.DIRECTIONS  # up: 越高越好, down: 越低越好
# Below this many documents a source line names each one; above, it counts them.
TITLES_LISTED = 3
# Kinds whose value stands on the indicator's own scale (a change or a statement does not).
LEVEL_KINDS = ("level", "count", "rank")


# -- the indicator dictionary ------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorInfo:
    label: str
    direction: str | None  # "up" / "down" / None when neither the data nor the dictionary says
    definition: str | None
    in_dictionary: bool


def load_dictionary(*candidates: Path) -> list[dict]:
    """Entries of the first readable indicator dictionary among `candidates`."""
    for path in candidates:
        try:
            entries = _read_dictionary(str(path), Path(path).stat().st_mtime_ns)
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            continue
        if entries:
            return entries
    return []


@lru_cache(maxsize=8)
def _read_dictionary(path: str, mtime_ns: int) -> list[dict]:
    # Keyed by modification time too, so an edited dictionary is read again.
    content = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [entry for entry in content["indicators"] if isinstance(entry, dict)]


def dictionary() -> list[dict]:
    """The dictionary of the data being served: a data folder may carry its own (as it may
    carry its own themes), else the project's."""
    location = paths.data_location()
    candidates = [] if isinstance(location, str) else [Path(location) / "reference" / "indicators.yaml"]
    return load_dictionary(*candidates, paths.INDICATORS_FILE)


def indicator_info(entries: list[dict], key: str, label: str,
                   direction: str | None = None) -> IndicatorInfo:
    """The dictionary's entry for an indicator, by id, else by its name (data sets made by hand
    may use other ids). `direction` from the data wins: it is the dictionary's at build time."""
    entry = next((e for e in entries if e.get("id") == key), None) or \
        next((e for e in entries if e.get("name") == label), None)
    if entry is None:
        return IndicatorInfo(label, direction if direction in DIRECTION_WORDS else None, None, False)
    chosen = direction if direction in DIRECTION_WORDS else entry.get("direction")
    return IndicatorInfo(label, chosen if chosen in DIRECTION_WORDS else None,
                         (entry.get("definition") or "").strip() or None, True)


def first_direction(frame: pd.DataFrame) -> str | None:
    """The direction the rows carry (one indicator's rows all carry the dictionary's)."""
    if frame.empty or "direction" not in frame.columns:
        return None
    known = frame["direction"].dropna()
    return str(known.iloc[0]) if len(known) else None


def definition_line(info: IndicatorInfo) -> str:
    """“指标定义：…。方向：越低越好。” — shown beside every chart of one indicator."""
    if info.definition:
        definition = info.definition.rstrip("。") + "。"
    elif info.in_dictionary:
        definition = "指标词典中暂无定义。"
    else:
        definition = f"“{info.label}”未收入标准指标词典，名称按文件原文。"
    direction = DIRECTION_WORDS.get(info.direction, "未定（词典未给出，不判断好坏）")
    return f"指标定义：{definition}方向：{direction}。"


# -- sources -----------------------------------------------------------------------------------
def source_line(titles: list[str], n_documents: int, build_date: str = "") -> str:
    """The documents a chart's values come from and when the data was built."""
    if n_documents <= 0:
        line = "来源：当前筛选条件下没有规划文件。"
    elif n_documents <= TITLES_LISTED and titles:
        line = f"来源：{n_documents}份规划文件：" + "".join(f"《{t}》" for t in titles) + "。"
    else:
        line = (f"来源：{n_documents}份规划文件（每个数值的文件与原句见悬停提示和“数据明细与下载”页）。")
    if build_date:
        line += f"数据生成日期：{build_date}。"
    return line


def sources_of(frame: pd.DataFrame, *title_columns: str) -> tuple[list[str], int]:
    """Distinct document titles in `title_columns` of a chart's rows, in order of appearance."""
    titles: list[str] = []
    for column in title_columns or ("doc_title",):
        if column in frame.columns:
            titles += [str(t) for t in frame[column].dropna()]
    distinct = list(dict.fromkeys(titles))
    return distinct[:TITLES_LISTED], len(distinct)


def frame_source_line(frame: pd.DataFrame, build_date: str, *title_columns: str) -> str:
    titles, n = sources_of(frame, *title_columns)
    return source_line(titles, n, build_date)


def query_source_line(sources: pd.DataFrame, build_date: str) -> str:
    """From a sources query (first documents' `doc_title` and the total in `n_documents`)."""
    n = int(sources["n_documents"].iloc[0]) if len(sources) else 0
    return source_line([str(t) for t in sources["doc_title"].head(TITLES_LISTED)], n, build_date)


# -- numbers in words --------------------------------------------------------------------------
def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _number(value: float) -> str:
    return f"{float(value):.4g}"


def format_change(value, unit: str | None) -> str:
    """A difference between two values of `unit`: a rate's change in 百分点, never “%”
    (41%→42% is +1个百分点, while “+1%” would read as a relative change)."""
    if _is_missing(value):
        return MISSING
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{_number(abs(value))}{change_unit(unit, spoken=True)}"


def change_unit(unit: str | None, spoken: bool = False) -> str:
    """The unit of a difference: 百分点 for %, else the values' own unit."""
    if unit == "%":
        return "个百分点" if spoken else "百分点"
    return unit or ""


def years_text(years) -> str:
    """2025年, or 2025—2027年 for a span."""
    values = sorted({int(y) for y in years if not _is_missing(y)})
    if not values:
        return ""
    return f"{values[0]}年" if len(values) == 1 else f"{values[0]}—{values[-1]}年"


def _value(row) -> str:
    return format_value(row["value"], row.get("value_high"), row["unit"], row["comparator"]) or \
        str(row["value_text"])


# -- 目标轨迹 ----------------------------------------------------------------------------------
def _headline_target(targets: pd.DataFrame) -> pd.Series:
    """The target a title names: the latest year's, from the indicator table before the text
    (as the city comparison picks), then the latest plan."""
    ranked = targets.assign(
        _table=(targets["origin"] == "table") if "origin" in targets.columns else False,
        _plan=targets["plan_year"] if "plan_year" in targets.columns else 0)
    ranked = ranked.sort_values(["year", "_table", "_plan", "target_id"],
                                ascending=[False, False, False, True], kind="stable")
    return ranked.iloc[0]


def _baseline_before(baselines: pd.DataFrame, target: pd.Series) -> pd.Series | None:
    """The latest baseline before the target's year in its unit, from its document first."""
    earlier = baselines[(baselines["year"] < target["year"]) & (baselines["unit"] == target["unit"])]
    if earlier.empty:
        return None
    earlier = earlier.assign(_same=earlier["doc_id"] == target["doc_id"])
    return earlier.sort_values(["_same", "year"], ascending=[False, False], kind="stable").iloc[0]


def trajectory_title(rows: pd.DataFrame, label: str) -> str:
    """One region: its baseline and latest target in words; several: the indicator and years."""
    regions = list(dict.fromkeys(rows["region"]))
    if len(regions) == 1:
        return _one_region_title(rows, regions[0], label)
    numeric = rows[rows["value"].notna() & ~rows["kind"].isin(["qualitative", "full_coverage"])]
    baseline_years = years_text(numeric.loc[numeric["role"] == "baseline", "year"])
    target_years = years_text(numeric.loc[numeric["role"] == "target", "year"])
    if baseline_years and target_years:
        return f"{label}：{len(regions)}个地区的基线（{baseline_years}）与目标（{target_years}）"
    if target_years:
        return f"{label}：{len(regions)}个地区的目标（{target_years}）"
    return f"{label}：{len(regions)}个地区的表述（{years_text(rows['year'])}）"


def _one_region_title(rows: pd.DataFrame, region: str, label: str) -> str:
    head = f"{region}{label}："
    levels = rows[rows["value"].notna() & rows["kind"].isin(LEVEL_KINDS)]
    targets, baselines = levels[levels["role"] == "target"], levels[levels["role"] == "baseline"]
    if not targets.empty:
        target = _headline_target(targets)
        baseline = _baseline_before(baselines, target)
        goal = f"目标{int(target['year'])}年{_value(target)}"
        if baseline is None:
            return head + goal + "（未给出基线）"
        return head + f"{int(baseline['year'])}年基线{_value(baseline)}，" + goal
    stated = rows[rows["role"] == "target"]
    if not stated.empty:
        target = _headline_target(stated)
        return head + f"目标{int(target['year'])}年“{target['value_text']}”"
    if not baselines.empty:
        baseline = baselines.sort_values("year").iloc[-1]
        return head + f"{int(baseline['year'])}年基线{_value(baseline)}（无目标）"
    return head + f"{years_text(rows['year'])}的表述"


def change_title(changes: pd.DataFrame, label: str, direction: str | None) -> str:
    """What the change chart says: how many targets ask for improvement, how many are met."""
    compared = changes.dropna(subset=["change_abs"])
    if compared.empty:
        return f"{label}：没有可与基线比较的目标"
    counts = compared["status"].value_counts()
    verb = {"up": "提高", "down": "降低"}.get(direction, "改善")
    parts = []
    if counts.get("to_improve"):
        parts.append(f"{counts['to_improve']}个需比基线{verb}")
    if counts.get("already_met"):
        parts.append(f"{counts['already_met']}个基线已达到目标")
    if counts.get("unknown"):
        parts.append(f"{counts['unknown']}个方向未知")
    return f"{label}：{len(compared)}个有基线的目标中" + "，".join(parts)


def change_explanation(info: IndicatorInfo) -> str:
    """What the change chart measures, with the indicator's definition and direction."""
    sign = {"up": "正值表示需要提高", "down": "负值表示需要降低"}.get(info.direction)
    line = ("需变化＝目标值－基线值（同一地区、同一单位、目标年份之前最近的基线）；"
            "百分比指标的变化以百分点计。")
    if sign:
        line += f"{info.label}{DIRECTION_WORDS[info.direction]}，{sign}。"
    return line + definition_line(info)


def change_note(changes: pd.DataFrame) -> str | None:
    """Targets the change chart leaves out for want of a baseline."""
    missing = changes[changes["change_abs"].isna()]
    if missing.empty:
        return None
    regions = "、".join(dict.fromkeys(missing["region"]))
    return f"另有{len(missing)}个目标没有可比的基线（{regions}），图中未绘出，见下表"


def change_table(changes: pd.DataFrame) -> pd.DataFrame:
    """The change table as shown: changes in 百分点 for rates, “—” where nothing is known."""
    return pd.DataFrame({
        "region": changes["region"].map(_text),
        "doc_title": changes["doc_title"].map(_text),
        "baseline_year": changes["baseline_year"].map(_year),
        "baseline_text": changes["baseline_text"].map(_text),
        "target_year": changes["target_year"].map(_year),
        "value_text": changes["value_text"].map(_text),
        "unit": changes["unit"].map(_text),
        "change_abs": [format_change(v, u) for v, u in zip(changes["change_abs"], changes["unit"])],
        "change_per_year": [format_change(v, u) for v, u in
                            zip(changes["change_per_year"], changes["unit"])],
        "status": changes["status"].map(lambda s: STATUS_LABELS.get(s, "无基线")),
    })


# -- 城市对比 ----------------------------------------------------------------------------------
def cross_city_title(values: pd.DataFrame, label: str, year: int | None,
                     direction: str | None) -> str:
    """The regions compared and their years; with one unit and a direction, the most
    demanding target."""
    n = len(values)
    if year is not None:
        head = f"{label}：{n}个地区的{year}年目标"
    elif values["year"].nunique() == 1:
        head = f"{label}：{n}个地区的最新目标（均为{int(values['year'].iloc[0])}年）"
    else:
        head = f"{label}：{n}个地区的最新目标（{years_text(values['year'])}，年份不同）"
    if n < 2 or direction not in ("up", "down") or values["unit"].nunique() != 1:
        return head
    ordered = values.sort_values(["value", "region"], ascending=[direction == "down", True], kind="stable")
    best = ordered.iloc[0]
    word = "最高" if direction == "up" else "最低"
    return head + f"，{word}为{best['region']}{_value(best)}"


def main_year(values: pd.DataFrame) -> int | None:
    """The target year most regions share (the latest among equally common ones)."""
    if values.empty:
        return None
    counts = values["year"].astype(int).value_counts()
    return int(max(counts.index, key=lambda y: (counts[y], y)))


def _main_year_reason(values: pd.DataFrame, year: int) -> str:
    counts = values["year"].astype(int).value_counts()
    if (counts == counts[year]).sum() == 1:
        return f"多数地区为{year}年"
    return f"{year}年为图中最晚的目标年份"


def off_year_note(values: pd.DataFrame) -> str | None:
    """The chart's subtitle when its bars are for different years: which bars are hatched."""
    if values.empty or values["year"].nunique() < 2:
        return None
    year = main_year(values)
    return f"斜线柱：{year}年以外的目标（{_main_year_reason(values, year)}），并列比较时请注意"


def mixed_years_note(values: pd.DataFrame) -> str | None:
    """“目标年份不同：…” when regions' latest targets are for different years."""
    if values.empty or values["year"].nunique() < 2:
        return None
    groups = values.groupby(values["year"].astype(int), sort=False)["region"].apply(list)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), -item[0]))
    parts = [f"{'、'.join(regions)}为{year}年" for year, regions in ordered]
    return ("目标年份不同：" + "，".join(parts) + f"。斜线柱是{main_year(values)}年以外的目标；"
            "在“目标年份”中选定一年可按同一年比较。")


def not_drawn_note(not_drawn: pd.DataFrame, year: int | None) -> str | None:
    """Regions that state the indicator but have no bar, and why."""
    if not_drawn.empty:
        return None
    parts = [_not_drawn_reason(row, year) for row in not_drawn.to_dict("records")]
    return f"图中未绘出{len(parts)}个地区：" + "；".join(parts) + "。"


def _not_drawn_reason(row: dict, year: int | None) -> str:
    region = row["region"]
    if row["reason"] == "other_year":
        years = "、".join(f"{int(y)}" for y in row["target_years"])
        return f"{region}只有{years}年的目标" + (f"，没有{year}年的" if year is not None else "")
    if row["reason"] == "qualitative":
        statements = [_short(str(s), 30) for s in list(row["statements"])[:2]]
        return f"{region}只有定性表述：" + "、".join(f"“{s}”" for s in statements)
    return f"{region}只有基线（{row['baseline_text']}），没有目标"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def presence_title(presence: pd.DataFrame) -> str:
    n_indicators = presence["indicator_key"].nunique()
    n_columns = presence["region"].nunique()
    if "grouping" in presence.columns and presence["grouping"].iloc[0] == "province":
        return f"{n_indicators}个标准指标在{n_columns}个省份各有几个地区提出（地区较多，按省份汇总）"
    return (f"{n_indicators}个标准指标在{n_columns}个地区的最新目标："
            "颜色表示该地区目标与其他地区相比的好坏（按指标方向）")


# -- 总览 and 主题覆盖 ---------------------------------------------------------------------------
def theme_matrix_title(matrix: pd.DataFrame) -> str:
    by_province = "grouping" in matrix.columns and len(matrix) and matrix["grouping"].iloc[0] == "province"
    head = "各主题目标数（地区较多，按省份汇总）" if by_province else "各主题目标数（按地区）"
    if matrix.empty or not matrix["n_targets"].sum():
        return head
    totals = matrix.groupby("theme", sort=False)["n_targets"].sum()
    top = totals[totals == totals.max()].index
    return head + f"：{'、'.join(top)}最多，{int(totals.max())}条"


def coverage_title(coverage: pd.DataFrame, column_title: str, as_share: bool) -> str:
    head = f"主题覆盖：各{column_title}涉及各主题的条目{'占比' if as_share else '数'}"
    if coverage.empty:
        return head
    measure = "share" if as_share else "n_clauses"
    top = coverage.sort_values([measure, "group_label", "theme"], ascending=[False, True, True],
                               kind="stable").iloc[0]
    amount = f"{top['share']:.0%}" if as_share else f"{int(top['n_clauses'])}条"
    return head + f"，最多为{top['group_label']}的{top['theme']}（{amount}）"


def coverage_bars_title(coverage: pd.DataFrame) -> str:
    head = "各规划各主题的量化与定性条目"
    if coverage.empty:
        return head
    quantified = int(coverage["n_quantified_clauses"].sum())
    total = quantified + int(coverage["n_qualitative_clauses"].sum())
    if not total:
        return head
    return head + f"：按主题计，{quantified / total:.0%}的条目写有数字"


# -- tables ------------------------------------------------------------------------------------
def _text(value) -> str:
    return MISSING if _is_missing(value) or str(value) == "" else str(value)


def _year(value) -> str:
    return MISSING if _is_missing(value) else f"{int(value)}"


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as displayed: every empty cell “—”; whole numbers without “.0”; text as is."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if values.isna().any() or values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(_cell)
        else:
            out[column] = values
    return out


def _cell(value) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "、".join(map(str, value)) or MISSING
    if _is_missing(value):
        return MISSING
    if isinstance(value, float):
        return f"{value:g}"
    return _text(value)

