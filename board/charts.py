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

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from board import captions
from board.labels import (
    COMPARATOR_LABELS,
    DIRECTION_LABELS,
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
# Better / worse than the other regions, by the indicator's direction: blue and vermilion (the
# Okabe–Ito pair read by every colour vision), light grey in the middle; a cell with nothing to
# compare it with gets no fill at all, only its text in grey: no colour, no judgement.
RANK_SCALE = [[0.0, "#D55E00"], [0.5, "#E3E3E3"], [1.0, "#0072B2"]]
NOT_COMPARED_COLOUR = "#FFFFFF"
NOT_COMPARED_TEXT = "#6E6E6E"

# plotly_white as these charts use it: its layout and the defaults of the trace types drawn here.
# The full template carries every trace type's defaults, sent with each chart (7 of its 9 KB)
# and copied and checked with each figure; the charts look the same with this part of it.
DRAWN_TRACE_TYPES = ("bar", "heatmap", "scatter")
TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout,
                              data={kind: pio.templates["plotly_white"].data[kind] for kind in DRAWN_TRACE_TYPES})

TARGET_SYMBOLS = {">=": "triangle-up-open", ">": "triangle-up-open", "<=": "triangle-down-open",
                  "<": "triangle-down-open", "=": "circle-open", "range": "square-open"}
BASELINE_SYMBOL = "circle"
EMPTY_TITLE_SUFFIX = "（无数据）"


def _escape(text) -> str:
    return "" if text is None or (isinstance(text, float) and text != text) else html.escape(str(text))


def _wrapped(text, width: int = 32) -> str:
    """Escaped text broken into lines for a hover label."""
    return "<br>".join(_escape(line) for line in textwrap.wrap(str(text or ""), width)) or ""


# A 1280-pixel screen leaves about 900 pixels for a chart: titles wrap before they run out.
TITLE_WIDTH = 40
SUBTITLE_WIDTH = 56
_BREAK_AFTER = "：，；、）。"


def wrap_text(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` Chinese characters (Latin letters and digits count
    half), broken after punctuation where it can be."""
    lines, line = [], ""
    for piece in _pieces(str(text)):
        if line and _display_width(line + piece) > width:
            lines.append(line)
            line = ""
        while _display_width(piece) > width:  # a piece longer than a line is cut anywhere
            cut = _fitting(piece, width)
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    return lines + [line] if line else lines


def _pieces(text: str) -> list[str]:
    """Runs ending in punctuation; a parenthesis （…） stays in one piece."""
    pieces, current, depth = [], "", 0
    for ch in text:
        current += ch
        depth += {"（": 1, "）": -1}.get(ch, 0)
        if ch in _BREAK_AFTER and depth <= 0:
            pieces.append(current)
            current, depth = "", 0
    return pieces + [current] if current else pieces


def _display_width(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _fitting(text: str, width: int) -> int:
    for end in range(len(text), 0, -1):
        if _display_width(text[:end]) <= width:
            return end
    return 1


def _wrapped_html(text: str, width: int, max_lines: int | None = None) -> str:
    """Escaped lines joined by <br>; past `max_lines` the last line ends in “…”."""
    lines = wrap_text(text, width)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [last[: _fitting(last, width - 1)] + "…"]
    return "<br>".join(html.escape(line) for line in lines)


def _layout(fig: go.Figure, title: str, height: int | None = None, subtitle: str | None = None,
            top_extra: int = 0) -> go.Figure:
    """Title (a sentence, wrapped) and subtitle at the top left, fonts, margins; the top margin
    and the height grow with the lines of the title so the plot keeps its size."""
    title_lines = wrap_text(title, TITLE_WIDTH)
    subtitle_lines = wrap_text(subtitle, SUBTITLE_WIDTH) if subtitle else []
    top = 20 + 24 * len(title_lines) + (19 * len(subtitle_lines) + 8 if subtitle_lines else 0) + 18 + top_extra
    title_spec = {"text": "<br>".join(html.escape(line) for line in title_lines), "x": 0.0,
                  "xanchor": "left", "xref": "container", "y": 1.0, "yanchor": "top",
                  "yref": "container", "pad": {"t": 14, "l": 10}, "font": {"size": 17}}
    if subtitle_lines:
        title_spec["subtitle"] = {"text": "<br>".join(html.escape(line) for line in subtitle_lines),
                                  "font": {"size": 13, "color": "#555555"}}
    fig.update_layout(
        title=title_spec,
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        template=TEMPLATE,
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        legend={"title": {"text": ""}},
        margin={"l": 10, "r": 10, "t": top, "b": 40},
    )
    fig.update_layout(height=(height or 450) + max(0, top - 70))
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
    The title says what the chart shows (captions.trajectory_title).
    """
    if rows.empty:
        return empty_figure(f"{indicator_label}：基线与目标")
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
    title = captions.trajectory_title(rows, indicator_label)
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
            name = legend_name(region, series["doc_title"].iloc[0])
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
            fig.update_yaxes(title_text=html.escape(axis_title), row=panel_index, col=1,
                             **value_axis(pd.concat([panel_rows["value"], panel_rows["value_high"]]), unit))
    _add_symbol_legend(fig, rows[numeric])
    _year_axis(fig)
    all_years = sorted({int(y) for y in rows["year"].dropna()})
    if all_years:
        fig.update_xaxes(range=[all_years[0] - 0.5, all_years[-1] + 0.5])
    if len(panels) > 1:
        notes.insert(0, PANEL_NOTE)
    height = 200 + sum(int(340 * h) for h in heights)
    _layout(fig, title, height=height, subtitle="；".join(notes) or None,
            top_extra=24 if len(panels) > 1 else 0)
    # Long document titles wrap in the legend instead of squeezing the plot.
    fig.update_layout(legend={"font": {"size": 12}, "tracegroupgap": 6})
    return fig


# Zero is where "none" is for rates and counts, so their axis starts there: a target of 75%
# against a baseline of 66% then looks like the step it is, not a leap across the chart. Ages
# and indices have no meaningful zero (no one's life expectancy is 0): their axis spans at least
# a tenth of the values' size, so half a year does not fill the chart either. How large each
# change is, in its own units (百分点 for rates), is the change chart's job below.
ARBITRARY_ZERO_UNITS = {"岁", "", "分"}


def value_axis(values: pd.Series, unit: str | None) -> dict:
    """Keyword arguments for update_yaxes of a value panel (see ARBITRARY_ZERO_UNITS)."""
    values = pd.to_numeric(values, errors="coerce").dropna()
    if values.empty:
        return {}
    low, high = float(values.min()), float(values.max())
    if (unit or "") not in ARBITRARY_ZERO_UNITS:
        return {"rangemode": "tozero"} if low >= 0 else {}
    span = max(high - low, 0.1 * max(abs(low), abs(high)), 1e-9)
    middle = (low + high) / 2
    return {"range": [middle - 0.6 * span, middle + 0.6 * span]}


# Legend lines: a region and its document's title, in lines of this many characters.
LEGEND_WIDTH = 15
LEGEND_LINES = 3


def legend_name(region: str, doc_title: str) -> str:
    """“明州市｜…title…” in up to three escaped lines; longer titles end in “…” in the legend
    (the hover label carries the full title)."""
    return _wrapped_html(f"{region}｜{doc_title}", LEGEND_WIDTH, LEGEND_LINES)


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
    """Change each target asks for from its baseline, coloured by whether it is already met.

    The change is drawn in its own units from zero, so a small step stays small; a rate's
    change is in 百分点 (axis, labels and hover), never “%”. One panel per unit.
    """
    direction = captions.first_direction(changes)
    title = captions.change_title(changes, indicator_label, direction)
    note = captions.change_note(changes)
    changes = changes.dropna(subset=["change_abs"])
    if changes.empty:
        return empty_figure(f"{indicator_label}：各目标相对基线需变化量")
    if len(changes) > MAX_CHANGE_BARS:
        # One bar per target stops being readable long before thousands; the table lists all.
        title += f"（共 {len(changes):,} 个目标，图中显示前 {MAX_CHANGE_BARS} 个，全部见下表）"
        changes = changes.head(MAX_CHANGE_BARS)
    units = list(dict.fromkeys(changes["unit"]))
    fig = make_subplots(rows=len(units), cols=1, vertical_spacing=0.12,
                        row_heights=[int((changes["unit"] == u).sum()) for u in units],
                        subplot_titles=[html.escape(f"单位：{u or '无'}") for u in units] if len(units) > 1 else None)
    legend_seen = set()
    for index, unit in enumerate(units, start=1):
        part = changes[changes["unit"] == unit]
        part = part.assign(label=[_escape(f"{r}｜{y}年 {t}") for r, y, t in
                                  zip(part["region"], part["target_year"], part["value_text"])])
        for status, bars in part.groupby("status", sort=False):
            name = STATUS_LABELS.get(status, status)
            fig.add_trace(go.Bar(
                x=bars["change_abs"], y=bars["label"], orientation="h", name=name,
                legendgroup=name, showlegend=name not in legend_seen,
                marker_color=STATUS_COLOURS.get(status, "#999999"),
                text=[captions.format_change(v, unit) for v in bars["change_abs"]],
                textposition="outside", cliponaxis=False,
                customdata=_change_hover(bars, unit),
                hovertemplate=("%{y}<br>基线 %{customdata[0]}：%{customdata[1]}<br>目标：%{customdata[2]}<br>"
                               "需变化 %{customdata[3]}，年均 %{customdata[4]}<extra>%{fullData.name}</extra>"),
            ), row=index, col=1)
            legend_seen.add(name)
        fig.update_xaxes(title_text=html.escape(change_axis_title(unit)), zeroline=True,
                         zerolinecolor="#444444", range=_change_range(part["change_abs"]),
                         row=index, col=1)
        fig.update_yaxes(title_text="地区｜目标年份 目标", autorange="reversed", row=index, col=1)
    return _layout(fig, title, height=200 + 36 * len(changes), subtitle=note,
                   top_extra=24 if len(units) > 1 else 0)


def change_axis_title(unit: str | None) -> str:
    """需变化（百分点） for a rate in %, else in the values' own unit."""
    return f"需变化{_unit_text(captions.change_unit(unit))}"


def _change_hover(bars: pd.DataFrame, unit: str | None) -> list[list[str]]:
    return [[f"{int(y)}年" if pd.notna(y) else "", _escape(b), _escape(t),
             captions.format_change(c, unit), captions.format_change(p, unit)]
            for y, b, t, c, p in zip(bars["baseline_year"], bars["baseline_text"], bars["value_text"],
                                     bars["change_abs"], bars["change_per_year"])]


def _change_range(values: pd.Series) -> list[float]:
    """From zero (or the largest fall) to the largest rise, with room for the bars' labels."""
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    room = 0.35 * ((high - low) or 1.0)
    return [low - (room if low < 0 else 0), high + (room if high > 0 else 0)]


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
                          title=captions.theme_matrix_title(matrix),
                          x_title="省份" if by_province else "地区", y_title="主题", z_title="目标数（条）",
                          x_order=None if by_province else region_order, y_order=theme_order)


def coverage_heatmap(coverage: pd.DataFrame, theme_order: list[str], by: str, measure: str) -> go.Figure:
    """Theme × region (or province, or document): clauses addressing the theme, as a count or a share."""
    column_title = GROUPING_TITLES.get(_grouping(coverage, by), "地区")
    as_share = measure == "share"
    return heatmap_figure(
        coverage, x="group_label", y="theme", z="share" if as_share else "n_clauses",
        title=captions.coverage_title(coverage, column_title, as_share),
        x_title=column_title, y_title="主题",
        z_title="占该处全部条目的比例（%）" if as_share else "条目数（条）",
        y_order=theme_order, as_percent=as_share)


def presence_heatmap(presence: pd.DataFrame, region_order: list[str],
                     definitions: dict[str, str] | None = None) -> go.Figure:
    """Indicator × region: each cell the region's latest target, coloured by how it stands
    against the other regions' targets for the same indicator, by the indicator's direction
    (queries.rank_against_direction): blue better, vermilion worse, no fill when nothing
    compares.

    Summed to provinces (by the query), each cell counts the province's regions stating it.
    `definitions` (indicator key -> definition) go to the hover label."""
    title = captions.presence_title(presence) if not presence.empty else "指标 × 地区"
    if _grouping(presence) == "province":
        return heatmap_figure(presence, x="region", y="indicator_label", z="n_rows",
                              title=title, x_title="省份", y_title="指标",
                              z_title="提出该指标的地区（个）", text="latest_text")
    if presence.empty:
        return empty_figure(title)
    regions = _ordered(presence["region"], region_order)
    indicators = list(dict.fromkeys(presence["indicator_key"]))
    score, grey, text, hover = _presence_cells(presence, indicators, regions, definitions or {})
    labels = presence.drop_duplicates("indicator_key").set_index("indicator_key")
    common = dict(x=[_escape(r) for r in regions], customdata=hover, hoverongaps=False,
                  y=[_indicator_axis_label(labels.loc[k, "indicator_label"], labels.loc[k, "direction"])
                     for k in indicators],
                  xgap=2, ygap=2, texttemplate="%{text}", hovertemplate="%{customdata}<extra></extra>")
    # Two layers, each drawing the text of its own cells only.
    fig = go.Figure([
        go.Heatmap(z=grey, text=np.where(np.isnan(grey), "", text), showscale=False, name="无从比较",
                   colorscale=[[0, NOT_COMPARED_COLOUR], [1, NOT_COMPARED_COLOUR]],
                   textfont={"size": 11, "color": NOT_COMPARED_TEXT}, **common),
        go.Heatmap(z=score, text=np.where(np.isnan(score), "", text), colorscale=RANK_SCALE, zmin=0, zmax=1,
                   textfont={"size": 11}, name="相对其他地区", colorbar={
                       "title": {"text": "与其他地区相比<br>（按指标方向）"},
                       "tickvals": [0, 0.5, 1], "ticktext": ["较差", "居中", "较好"]}, **common),
    ])
    fig.update_xaxes(title_text="地区", side="bottom", type="category", showgrid=False)
    fig.update_yaxes(title_text="指标（↑越高越好，↓越低越好）", autorange="reversed", type="category",
                     showgrid=False)
    note = PRESENCE_NOTE + ("；地区较多，格内不写数值，请悬停查看" if len(regions) > CELL_TEXT_MAX_REGIONS else "")
    row_height = 48 if len(regions) <= CELL_YEAR_MAX_REGIONS else 36
    return _layout(fig, title, height=max(340, 160 + row_height * len(indicators)), subtitle=note)


# Cells keep their text readable: the year goes below the value up to this many columns, the
# value alone up to the next limit, and past it the hover label says everything.
CELL_YEAR_MAX_REGIONS = 12
CELL_TEXT_MAX_REGIONS = 24
PRESENCE_NOTE = ("按各地最新数值目标在同一指标内排名；无底色的格无从比较：只有定性表述或基线、"
                 "单位不同、只有一个地区提出，或数量随地区规模而异")


def _presence_cells(presence: pd.DataFrame, indicators: list[str], regions: list[str],
                    definitions: dict[str, str]):
    """The matrix as arrays: scores, the cells with no score, cell text and hover labels."""
    shape = (len(indicators), len(regions))
    score, grey = np.full(shape, np.nan), np.full(shape, np.nan)
    text, hover = np.full(shape, "", dtype=object), np.full(shape, "", dtype=object)
    cells = presence.set_index(["indicator_key", "region"])
    with_year, with_text = len(regions) <= CELL_YEAR_MAX_REGIONS, len(regions) <= CELL_TEXT_MAX_REGIONS
    for i, key in enumerate(indicators):
        for j, region in enumerate(regions):
            if (key, region) not in cells.index:
                continue
            cell = cells.loc[(key, region)]
            if pd.notna(cell["score"]):
                score[i, j] = cell["score"]
            else:
                grey[i, j] = 1.0
            text[i, j] = _cell_text(cell, with_year) if with_text else ""
            hover[i, j] = _cell_hover(cell, region, definitions.get(key))
    return score, grey, text, hover


def _cell_text(cell: pd.Series, with_year: bool) -> str:
    if pd.isna(cell["target_value"]):
        return html.escape(_short_title(str(cell["latest_text"]), 6))
    value = format_value(cell["target_value"], cell["target_value_high"], cell["target_unit"],
                         cell["target_comparator"])
    return html.escape(value) + (f"<br>{int(cell['target_year'])}年" if with_year else "")


def _cell_hover(cell: pd.Series, region: str, definition: str | None) -> str:
    lines = [f"<b>{_escape(cell['indicator_label'])}</b>｜{_escape(region)}",
             f"最新原文：{_escape(cell['latest_text'])}（{int(cell['latest_year'])}年）"]
    if pd.notna(cell["score"]):
        lines.append(f"{int(cell['n_compared'])}个地区中排第{int(cell['rank'])}"
                     f"（{DIRECTION_LABELS.get(cell['direction'], '')}，第1为最好）")
    elif cell.get("compare_note"):
        lines.append(_escape(cell["compare_note"]))
    if definition:
        lines.append(_wrapped(f"定义：{definition}", 30))
    return "<br>".join(lines)


def _indicator_axis_label(label: str, direction: str | None) -> str:
    arrow = {"up": " ↑", "down": " ↓"}.get(direction, "")
    return _wrapped_html(str(label), 14, 3) + arrow


# -- 主题覆盖 bars -------------------------------------------------------------------------------
# Plans drawn as panels in the quantified-vs-qualitative bars; the rest are left to the table.
MAX_PLANS_DRAWN = 12


def coverage_bars_figure(coverage: pd.DataFrame, theme_order: list[str]) -> go.Figure:
    """Per plan: clauses of each theme with a number (quantified) and without (qualitative)."""
    title = captions.coverage_bars_title(coverage)
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
    return _layout(fig, title, top_extra=24, height=160 + sum(
        40 + 26 * coverage[coverage["group_label"] == g]["theme"].nunique() for g in groups))


# -- 城市对比 ----------------------------------------------------------------------------------
def cross_city_figure(values: pd.DataFrame, indicator_label: str, year: int | None = None) -> go.Figure:
    """One bar per region, largest at the top, coloured by level (市 / 区县).

    Each bar is labelled with its comparator, value, unit, year and level; a hollow ▲/▼ at the
    bar's end repeats the comparator, and a range shows as a bar to its upper bound. Targets
    for another year than most regions' are hatched and say so in their label. Different units
    go to separate panels. `year` is the year chosen (None: each region's latest target).
    """
    if values.empty:
        return empty_figure(f"{indicator_label}：各地区目标对比")
    title = captions.cross_city_title(values, indicator_label, year, captions.first_direction(values))
    common_year = captions.main_year(values) if values["year"].nunique() > 1 else None
    units = list(dict.fromkeys(values["unit"]))
    fig = make_subplots(rows=len(units), cols=1, vertical_spacing=0.12,
                        subplot_titles=[html.escape(f"单位：{u or '无'}") for u in units] if len(units) > 1 else None)
    for index, unit in enumerate(units, start=1):
        part = values[values["unit"] == unit].sort_values(["value", "region"], ascending=[False, True])
        regions = [_escape(r) for r in part["region"]]
        off_year = [common_year is not None and int(y) != common_year for y in part["year"]]
        # An em space keeps the label clear of the ▲/▼ drawn at the bar's end.
        labels = [f"\u2003{format_value(v, h, u, c)} · {y}年{'（年份不同）' if odd else ''} · {lvl}"
                  for v, h, u, c, y, lvl, odd in zip(part["value"], part["value_high"], part["unit"],
                                                    part["comparator"], part["year"],
                                                    part["region_level"], off_year)]
        part = part.assign(_region=regions, _label=labels, _off_year=off_year)
        for level, level_part in part.groupby("region_level", sort=False):
            error = None
            if (level_part["comparator"] == "range").any():
                error = {"type": "data", "symmetric": False, "arrayminus": [0] * len(level_part),
                         "array": (level_part["value_high"] - level_part["value"]).fillna(0).tolist(),
                         "color": "#333333"}
            fig.add_trace(go.Bar(
                x=level_part["value"], y=level_part["_region"], orientation="h",
                name=html.escape(level), legendgroup=level, showlegend=index == 1,
                marker={"color": LEVEL_COLOURS.get(level, "#999999"),
                        "pattern": {"shape": ["/" if odd else "" for odd in level_part["_off_year"]],
                                    "fgcolor": "#222222", "solidity": 0.3}},
                error_x=error,
                text=[_escape(t) for t in level_part["_label"]], textposition="outside",
                cliponaxis=False,
                customdata=list(zip([_escape(t) for t in level_part["value_text"]],
                                    [_escape(t) for t in level_part["doc_title"]],
                                    [_wrapped(t) for t in level_part["source_text"]],
                                    [f"{int(y)}年" for y in level_part["year"]])),
                hovertemplate=("<b>%{y}</b>：%{customdata[0]}（%{customdata[3]}目标）<br>%{customdata[1]}<br>"
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
                         range=[0, upper * 1.6], row=index, col=1)
    notes = []
    if len(units) > 1:
        notes.append("单位不同的数值分图显示")
    if common_year is not None:
        notes.append(captions.off_year_note(values))
    fig.update_layout(barmode="overlay", bargap=0.35)
    return _layout(fig, title, subtitle="；".join(notes) or None,
                   top_extra=24 if len(units) > 1 else 0,
                   height=200 + sum(60 + 44 * int((values["unit"] == u).sum()) for u in units))
