"""Plotly figures, each a pure function of a query's DataFrame.

Conventions every chart keeps: a Chinese title, axis titles with units, years as whole numbers,
a colour-blind-safe palette that survives black-and-white printing (Okabe–Ito), baselines as
solid markers and targets as hollow ones shaped by their comparator, and never two units on one
axis (values with different units go to separate panels, which the chart says).
Text from documents is HTML-escaped before it reaches a hover label or an axis.
"""
from __future__ import annotations

import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from board.labels import (
    COMPARATOR_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    format_value,
)

FONT_FAMILY = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
               '"PingFang SC", sans-serif')
# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
LEVEL_COLOURS = {"省": "#009E73", "市": "#0072B2", "区县": "#E69F00"}
# Direction-aware: blue for a target that asks for improvement, vermilion when the baseline
# already meets it (the target asks for less than is reached), grey when it cannot be told.
STATUS_COLOURS = {"to_improve": "#0072B2", "already_met": "#D55E00", "no_baseline": "#999999",
                  "unknown": "#999999"}
QUANTIFIED_COLOUR, QUALITATIVE_COLOUR = "#0072B2", "#E69F00"
HEATMAP_SCALE = "Blues"

TARGET_SYMBOLS = {">=": "triangle-up-open", ">": "triangle-up-open", "<=": "triangle-down-open",
                  "<": "triangle-down-open", "=": "circle-open", "range": "square-open"}
BASELINE_SYMBOL = "circle"
EMPTY_TITLE_SUFFIX = "（无数据）"


def _escape(text) -> str:
    return "" if text is None or (isinstance(text, float) and text != text) else html.escape(str(text))


def _wrapped(text, width: int = 32) -> str:
    """Escaped text broken into lines for a hover label."""
    return "<br>".join(_escape(line) for line in textwrap.wrap(str(text or ""), width)) or ""


def _layout(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": html.escape(title), "x": 0.0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        template="plotly_white",
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        legend={"title": {"text": ""}},
        margin={"l": 10, "r": 10, "t": 70, "b": 40},
    )
    if height:
        fig.update_layout(height=height)
    return fig


def _year_axis(fig: go.Figure) -> None:
    fig.update_xaxes(tickformat="d", dtick=1, title_text="年份")


def _unit_text(unit: str | None) -> str:
    return f"（{unit}）" if unit else ""


def empty_figure(title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text="当前筛选条件下没有数据", showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title + EMPTY_TITLE_SUFFIX, height=300)


# -- 目标轨迹 ----------------------------------------------------------------------------------
def trajectory_figure(rows: pd.DataFrame, indicator_label: str) -> go.Figure:
    """Values of one indicator over the years, one line per region and document.

    Baselines are solid circles, targets hollow: ▲ for "at least", ▼ for "at most", ○ for
    "reach", □ with a vertical bar for a range. One panel per unit and kind of value.
    Statements without a value on the axis (同比例提高, 全覆盖) are drawn as labelled diamonds
    in a panel of their own, so that no stated target is missing from the picture.
    """
    title = f"{indicator_label}：基线与目标"
    if rows.empty:
        return empty_figure(title)
    rows = rows.copy()
    series_keys = list(dict.fromkeys(zip(rows["region"], rows["doc_id"])))
    notes = []
    # The query may have kept only the series drawn; it then says how many there are in all.
    n_series = int(rows["n_series"].iloc[0]) if "n_series" in rows.columns else len(series_keys)
    if n_series > len(series_keys) and len(series_keys) <= MAX_SERIES_DRAWN:
        notes.append(f"共 {n_series} 个地区/文件，图中显示数值最多的 {len(series_keys)} 个；用左侧“地区”筛选查看其他")
    elif len(series_keys) > MAX_SERIES_DRAWN:
        # Thousands of lines say nothing; draw the series with the most values, and say so.
        sizes = rows.groupby(["region", "doc_id"], sort=False).size().sort_values(ascending=False, kind="stable")
        series_keys = list(sizes.index[:MAX_SERIES_DRAWN])
        keep = set(series_keys)
        rows = rows[[key in keep for key in zip(rows["region"], rows["doc_id"])]]
        notes.append(f"共 {len(sizes)} 个地区/文件，图中显示数值最多的 {MAX_SERIES_DRAWN} 个；用左侧“地区”筛选查看其他")
    numeric = rows["value"].notna() & ~rows["kind"].isin(["qualitative", "full_coverage"])
    rows["panel"] = [f"{KIND_LABELS.get(k, k)}{_unit_text(u)}" if is_number else STATEMENT_PANEL
                     for k, u, is_number in zip(rows["kind"], rows["unit"], numeric)]
    panels = list(dict.fromkeys(rows[numeric].sort_values(["kind", "unit"])["panel"]))
    if (~numeric).any():
        panels.append(STATEMENT_PANEL)
    heights = [1.0 if p != STATEMENT_PANEL else 0.45 for p in panels]
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=False, vertical_spacing=0.14,
                        row_heights=heights,
                        subplot_titles=[html.escape(p) for p in panels] if len(panels) > 1 else None)
    colours = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(series_keys)}
    legend_seen = set()
    for panel_index, panel in enumerate(panels, start=1):
        panel_rows = rows[rows["panel"] == panel]
        for (region, doc_id), series in panel_rows.groupby(["region", "doc_id"], sort=False):
            series = series.sort_values(["year", "role"], ascending=[True, True])
            colour = colours[(region, doc_id)]
            name = _escape(f"{region}｜{_short_title(series['doc_title'].iloc[0])}")
            if panel == STATEMENT_PANEL:
                fig.add_trace(_statement_markers(series, colour, name, name not in legend_seen),
                              row=panel_index, col=1)
                legend_seen.add(name)
                continue
            fig.add_trace(go.Scatter(
                x=series["year"], y=series["value"], mode="lines", name=name,
                legendgroup=name, showlegend=name not in legend_seen,
                line={"color": colour, "width": 2, "dash": "dot"}, hoverinfo="skip",
            ), row=panel_index, col=1)
            legend_seen.add(name)
            fig.add_trace(_value_markers(series, colour, name), row=panel_index, col=1)
        if panel == STATEMENT_PANEL:
            fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False,
                             title_text="", row=panel_index, col=1)
        else:
            unit = panel_rows["unit"].iloc[0]
            axis_title = f"{indicator_label}{_unit_text(unit)}" if len(panels) == 1 else \
                f"数值{_unit_text(unit)}"
            fig.update_yaxes(title_text=html.escape(axis_title), row=panel_index, col=1)
    _add_symbol_legend(fig, rows[numeric])
    _year_axis(fig)
    all_years = sorted({int(y) for y in rows["year"].dropna()})
    if all_years:
        fig.update_xaxes(range=[all_years[0] - 0.5, all_years[-1] + 0.5])
    height = 200 + sum(int(340 * h) for h in heights)
    _layout(fig, title, height=height)
    if len(panels) > 1:
        notes.insert(0, PANEL_NOTE)
    if notes:
        fig.update_layout(title_subtitle_text="；".join(notes), margin_t=110)
    return fig


# Said whenever one indicator's values cannot share an axis.
PANEL_NOTE = "单位或口径不同的数值分图显示；定性表述与全覆盖单列"


# Region/document series drawn in one trajectory chart.
MAX_SERIES_DRAWN = 30
# Bars drawn in the change chart (one per target).
MAX_CHANGE_BARS = 40

# The panel of statements that have no value on an axis.
STATEMENT_PANEL = "定性表述与全覆盖"


def _statement_markers(series: pd.DataFrame, colour: str, name: str, show_legend: bool) -> go.Scatter:
    """Qualitative targets as labelled diamonds along the year axis."""
    custom = [[ROLE_LABELS.get(r, r), _escape(t), _escape(d), _wrapped(s)]
              for r, t, d, s in zip(series["role"], series["value_text"], series["doc_title"],
                                    series["source_text"])]
    return go.Scatter(
        x=series["year"], y=[name] * len(series), mode="markers+text", name=name,
        legendgroup=name, showlegend=show_legend,
        text=[_escape(_short_title(str(t), 10)) for t in series["value_text"]],
        textposition="top center", textfont={"size": 11, "color": colour},
        marker={"symbol": "diamond-open", "size": 12, "color": colour, "line": {"width": 2, "color": colour}},
        customdata=custom,
        hovertemplate=("<b>%{customdata[0]}</b> %{x}年：%{customdata[1]}<br>"
                       "%{customdata[2]}<br>%{customdata[3]}<extra>%{fullData.name}</extra>"),
    )


def _value_markers(series: pd.DataFrame, colour: str, name: str) -> go.Scatter:
    """All the values of one region's document as one trace: a symbol per point, bars for ranges.

    One trace per series, not per point: at national scale a chart holds tens of thousands.
    """
    symbols = [BASELINE_SYMBOL if role == "baseline" else TARGET_SYMBOLS.get(cmp, "circle-open")
               for role, cmp in zip(series["role"], series["comparator"])]
    is_range = (series["comparator"] == "range") & series["value_high"].notna()
    error = None
    if is_range.any():
        error = {"type": "data", "symmetric": False, "color": colour, "thickness": 2, "width": 8,
                 "array": (series["value_high"] - series["value"]).where(is_range, 0).tolist(),
                 "arrayminus": [0] * len(series)}
    custom = [[ROLE_LABELS.get(role, role), _escape(text), _escape(title), _wrapped(sentence),
               _escape(COMPARATOR_LABELS.get(cmp, ""))]
              for role, text, title, sentence, cmp in zip(series["role"], series["value_text"],
                                                          series["doc_title"], series["source_text"],
                                                          series["comparator"])]
    return go.Scatter(
        x=series["year"].tolist(), y=series["value"].tolist(), mode="markers", legendgroup=name,
        showlegend=False, name=name,
        marker={"symbol": symbols, "size": 13, "color": colour, "line": {"width": 2, "color": colour}},
        error_y=error, customdata=custom,
        hovertemplate=("<b>%{customdata[0]}</b> %{x}年：%{customdata[1]} %{customdata[4]}<br>"
                       "%{customdata[2]}<br>%{customdata[3]}<extra>%{fullData.name}</extra>"),
    )


def _add_symbol_legend(fig: go.Figure, rows: pd.DataFrame) -> None:
    """Legend entries explaining marker shapes (drawn off-canvas, in neutral grey)."""
    entries = []
    if (rows["role"] == "baseline").any():
        entries.append(("基线（实心圆）", BASELINE_SYMBOL))
    targets = rows[rows["role"] == "target"]
    for comparators, label in (((">=", ">"), "目标：不低于（空心▲）"),
                               (("<=", "<"), "目标：不高于（空心▼）"),
                               (("=",), "目标：达到（空心○）"),
                               (("range",), "目标：区间（空心□与竖线）")):
        if targets["comparator"].isin(comparators).any():
            entries.append((label, TARGET_SYMBOLS[comparators[0]]))
    for label, symbol in entries:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label,
                                 legendgroup="symbols", hoverinfo="skip",
                                 marker={"symbol": symbol, "size": 11, "color": "#555555",
                                         "line": {"width": 2, "color": "#555555"}}))


def _short_title(title: str, width: int = 18) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def change_figure(changes: pd.DataFrame, indicator_label: str) -> go.Figure:
    """Change each target asks for from its baseline, coloured by whether it is already met."""
    title = f"{indicator_label}：各目标相对基线需变化量"
    changes = changes.dropna(subset=["change_abs"])
    if changes.empty:
        return empty_figure(title)
    if len(changes) > MAX_CHANGE_BARS:
        # One bar per target stops being readable long before thousands; the table lists all.
        title += f"（共 {len(changes):,} 个目标，图中显示前 {MAX_CHANGE_BARS} 个，全部见下表）"
        changes = changes.head(MAX_CHANGE_BARS)
    unit = "、".join(dict.fromkeys(changes["unit"]))
    fig = go.Figure()
    labels = [_escape(f"{r}｜{y}年 {t}") for r, y, t in
              zip(changes["region"], changes["target_year"], changes["value_text"])]
    for status, part in changes.assign(label=labels).groupby("status", sort=False):
        fig.add_trace(go.Bar(
            x=part["change_abs"], y=part["label"], orientation="h",
            name=STATUS_LABELS.get(status, status), marker_color=STATUS_COLOURS.get(status, "#999999"),
            customdata=list(zip(part["baseline_year"].astype("Int64").astype(str),
                                part["baseline_value"], part["change_per_year"])),
            hovertemplate=("%{y}<br>基线 %{customdata[0]}年：%{customdata[1]:.4~g}<br>"
                           "需变化 %{x:.4~g}，年均 %{customdata[2]:.4~g}<extra>%{fullData.name}</extra>"),
        ))
    fig.update_xaxes(title_text=html.escape(f"需变化量{_unit_text(unit)}"), zeroline=True,
                     zerolinecolor="#444444")
    fig.update_yaxes(title_text="地区｜目标年份 目标", autorange="reversed")
    return _layout(fig, title, height=200 + 36 * len(changes))


# -- heatmaps ----------------------------------------------------------------------------------
def heatmap_figure(frame: pd.DataFrame, *, x: str, y: str, z: str, title: str, x_title: str,
                   y_title: str, z_title: str, x_order: list[str] | None = None,
                   y_order: list[str] | None = None, text: str | None = None,
                   as_percent: bool = False) -> go.Figure:
    """A heatmap of long-form counts; empty cells are zero and every cell shows its value."""
    if frame.empty:
        return empty_figure(title)
    x_values = _ordered(frame[x], x_order)
    y_values = _ordered(frame[y], y_order)
    matrix = frame.pivot_table(index=y, columns=x, values=z, aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(index=y_values, columns=x_values, fill_value=0)
    if text:
        labels = frame.pivot_table(index=y, columns=x, values=text, aggfunc="first")
        labels = labels.reindex(index=y_values, columns=x_values)
        cell_text = [[_escape(v) if isinstance(v, str) else "" for v in row] for row in labels.values.tolist()]
    elif as_percent:
        cell_text = [[f"{v:.0%}" if v else "" for v in row] for row in matrix.values.tolist()]
    else:
        cell_text = [[f"{v:g}" if v else "" for v in row] for row in matrix.values.tolist()]
    fig = go.Figure(go.Heatmap(
        z=matrix.values, x=[_escape(v) for v in x_values], y=[_escape(v) for v in y_values],
        text=cell_text, texttemplate="%{text}", colorscale=HEATMAP_SCALE, zmin=0,
        colorbar=_colorbar(z_title, as_percent, float(matrix.values.max()) if matrix.size else 0.0),
        hovertemplate=(f"{html.escape(y_title)}：%{{y}}<br>{html.escape(x_title)}：%{{x}}<br>"
                       f"{html.escape(z_title)}：%{{z{':.0%' if as_percent else ''}}}<extra></extra>"),
        xgap=2, ygap=2,
    ))
    fig.update_xaxes(title_text=html.escape(x_title), side="bottom", type="category")
    fig.update_yaxes(title_text=html.escape(y_title), autorange="reversed", type="category")
    return _layout(fig, title, height=max(320, 140 + 34 * len(y_values)))


def _ordered(values: pd.Series, order: list[str] | None) -> list[str]:
    """The distinct values, those named in `order` first in its order, then the rest sorted."""
    present = set(values)
    preferred = [v for v in (order or []) if v in present]
    return preferred + sorted(present - set(preferred))


def _colorbar(title: str, as_percent: bool, top: float) -> dict:
    """Shares as percentages; counts on whole-number ticks (never 0.5 of a target)."""
    bar = {"title": {"text": html.escape(title)}}
    if as_percent:
        return {**bar, "tickformat": ".0%"}
    return {**bar, "tickformat": "d", "tick0": 0, "dtick": max(1, math.ceil(top / 5))}


# What a heatmap column is, by the queries' `grouping` column.
GROUPING_TITLES = {"region": "地区", "province": "省份", "document": "文件"}


def _grouping(frame: pd.DataFrame, default: str = "region") -> str:
    if "grouping" in frame.columns and len(frame):
        return str(frame["grouping"].iloc[0])
    return default


def theme_region_heatmap(matrix: pd.DataFrame, theme_order: list[str], region_order: list[str]) -> go.Figure:
    by_province = _grouping(matrix) == "province"
    return heatmap_figure(matrix, x="region", y="theme", z="n_targets",
                          title="各主题目标数（地区较多，按省份汇总）" if by_province else "各主题目标数（按地区）",
                          x_title="省份" if by_province else "地区", y_title="主题", z_title="目标数（条）",
                          x_order=None if by_province else region_order, y_order=theme_order)


def coverage_heatmap(coverage: pd.DataFrame, theme_order: list[str], by: str, measure: str) -> go.Figure:
    """Theme × region (or province, or document): clauses addressing the theme, as a count or a share."""
    column_title = GROUPING_TITLES.get(_grouping(coverage, by), "地区")
    as_share = measure == "share"
    return heatmap_figure(
        coverage, x="group_label", y="theme", z="share" if as_share else "n_clauses",
        title=f"主题覆盖：各{column_title}涉及各主题的条目{'占比' if as_share else '数'}",
        x_title=column_title, y_title="主题",
        z_title="占该处全部条目的比例（%）" if as_share else "条目数（条）",
        y_order=theme_order, as_percent=as_share)


def presence_heatmap(presence: pd.DataFrame, region_order: list[str]) -> go.Figure:
    """Which region states which indicator; each cell shows the latest value as printed.

    Summed to provinces (by the query), each cell counts the province's regions stating it."""
    if _grouping(presence) == "province":
        return heatmap_figure(presence, x="region", y="indicator_label", z="n_rows",
                              title="各省份提出该指标的地区数（地区较多，按省份汇总）", x_title="省份",
                              y_title="指标", z_title="提出该指标的地区（个）", text="latest_text")
    return heatmap_figure(presence, x="region", y="indicator_label", z="n_rows",
                          title="各地区是否提出该指标（格内为最新数值原文）", x_title="地区",
                          y_title="指标", z_title="数值条数（条）", x_order=region_order,
                          text="latest_text")


# -- 主题覆盖 bars -------------------------------------------------------------------------------
# Plans drawn as panels in the quantified-vs-qualitative bars; the rest are left to the table.
MAX_PLANS_DRAWN = 12


def coverage_bars_figure(coverage: pd.DataFrame, theme_order: list[str]) -> go.Figure:
    """Per plan: clauses of each theme with a number (quantified) and without (qualitative)."""
    title = "各规划各主题的量化与定性条目"
    if coverage.empty:
        return empty_figure(title)
    groups = list(dict.fromkeys(coverage["group_label"]))
    if len(groups) > MAX_PLANS_DRAWN:
        # One panel per plan stops being readable (and plotly refuses) long before thousands.
        totals = coverage.groupby("group_label")[["n_quantified_clauses", "n_qualitative_clauses"]].sum().sum(axis=1)
        groups = list(totals.sort_values(ascending=False, kind="stable").index[:MAX_PLANS_DRAWN])
        coverage = coverage[coverage["group_label"].isin(groups)]
        title += f"（条目最多的 {MAX_PLANS_DRAWN} 个规划）"
    fig = make_subplots(rows=len(groups), cols=1, shared_xaxes=True, vertical_spacing=min(0.06, 0.5 / len(groups)),
                        subplot_titles=[html.escape(_short_title(g, 40)) for g in groups])
    for index, group in enumerate(groups, start=1):
        part = coverage[coverage["group_label"] == group]
        order = [t for t in theme_order if t in set(part["theme"])] + \
            sorted(set(part["theme"]) - set(theme_order))
        part = part.set_index("theme").reindex(order)
        for column, name, colour in (("n_quantified_clauses", "有数字的条目（量化）", QUANTIFIED_COLOUR),
                                     ("n_qualitative_clauses", "无数字的条目（定性）", QUALITATIVE_COLOUR)):
            fig.add_trace(go.Bar(
                y=[_escape(t) for t in order], x=part[column], orientation="h", name=name,
                marker_color=colour, legendgroup=name, showlegend=index == 1,
                marker_pattern_shape="" if column == "n_quantified_clauses" else "/",
                hovertemplate=f"%{{y}}：%{{x}} 条<extra>{name}</extra>",
            ), row=index, col=1)
        fig.update_yaxes(autorange="reversed", row=index, col=1)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="条目数（条）", row=len(groups), col=1)
    return _layout(fig, title, height=160 + sum(
        40 + 26 * coverage[coverage["group_label"] == g]["theme"].nunique() for g in groups))


# -- 城市对比 ----------------------------------------------------------------------------------
def cross_city_figure(values: pd.DataFrame, indicator_label: str) -> go.Figure:
    """One bar per region, largest at the top, coloured by level (市 / 区县).

    Each bar is labelled with its comparator, value, unit, year and level; a hollow ▲/▼ at the
    bar's end repeats the comparator, and a range shows as a bar to its upper bound.
    Different units go to separate panels.
    """
    title = f"{indicator_label}：各地区目标对比"
    if values.empty:
        return empty_figure(title)
    units = list(dict.fromkeys(values["unit"]))
    fig = make_subplots(rows=len(units), cols=1, vertical_spacing=0.12,
                        subplot_titles=[html.escape(f"单位：{u or '无'}") for u in units] if len(units) > 1 else None)
    for index, unit in enumerate(units, start=1):
        part = values[values["unit"] == unit].sort_values(["value", "region"], ascending=[False, True])
        regions = [_escape(r) for r in part["region"]]
        labels = [f"{format_value(v, h, u, c)} · {y}年 · {lvl}" for v, h, u, c, y, lvl in zip(
            part["value"], part["value_high"], part["unit"], part["comparator"], part["year"],
            part["region_level"])]
        part = part.assign(_region=regions, _label=labels)
        for level, level_part in part.groupby("region_level", sort=False):
            error = None
            if (level_part["comparator"] == "range").any():
                error = {"type": "data", "symmetric": False, "arrayminus": [0] * len(level_part),
                         "array": (level_part["value_high"] - level_part["value"]).fillna(0).tolist(),
                         "color": "#333333"}
            fig.add_trace(go.Bar(
                x=level_part["value"], y=level_part["_region"], orientation="h",
                name=html.escape(level), legendgroup=level, showlegend=index == 1,
                marker_color=LEVEL_COLOURS.get(level, "#999999"), error_x=error,
                text=[_escape(t) for t in level_part["_label"]], textposition="outside",
                customdata=list(zip([_escape(t) for t in level_part["value_text"]],
                                    [_escape(t) for t in level_part["doc_title"]],
                                    [_wrapped(t) for t in level_part["source_text"]])),
                hovertemplate=("<b>%{y}</b>：%{customdata[0]}<br>%{customdata[1]}<br>"
                               "%{customdata[2]}<extra></extra>"),
            ), row=index, col=1)
        for comparator in (">=", ">", "<=", "<"):
            marked = part[part["comparator"] == comparator]
            if not marked.empty:
                fig.add_trace(go.Scatter(
                    x=marked["value"], y=marked["_region"], mode="markers", showlegend=False,
                    marker={"symbol": TARGET_SYMBOLS[comparator], "size": 12, "color": "#222222",
                            "line": {"width": 2, "color": "#222222"}},
                    hoverinfo="skip"), row=index, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(regions)),
                         title_text="地区", row=index, col=1)
        upper = float(pd.concat([part["value"], part["value_high"].dropna()]).max() or 1)
        fig.update_xaxes(title_text=html.escape(f"{indicator_label}{_unit_text(unit)}"),
                         range=[0, upper * 1.45], row=index, col=1)
    if len(units) > 1:
        fig.add_annotation(text="单位不同的数值分图显示", showarrow=False, xref="paper", yref="paper",
                           x=1, y=1.08, xanchor="right", font={"size": 12})
    fig.update_layout(barmode="overlay", bargap=0.35)
    return _layout(fig, title, height=200 + sum(
        60 + 44 * int((values["unit"] == u).sum()) for u in units))
