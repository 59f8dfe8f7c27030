"""目标轨迹: one indicator from its baseline to its targets, and the change each target requires."""
import streamlit as st

from board import charts
from board.labels import STATUS_LABELS, column_label
from board.queries import default_indicator
from board import data_io, frame

frame.ensure_routed(__file__)

filters = data_io.active_filters()
st.title("目标轨迹")
data_io.filters_caption(filters)

indicators = data_io.query("indicator_list", filters)
if indicators.empty:
    st.info("当前筛选条件下没有带数值的指标。请放宽左侧的筛选条件。")
    st.stop()

names = dict(zip(indicators["indicator_key"],
                 [f"{label}（{units}）" if units else label
                  for label, units in zip(indicators["indicator_label"], indicators["units"])]))
keys = list(names)
default = default_indicator(indicators)
indicator_key = st.selectbox("指标（可输入文字搜索）", keys, index=keys.index(default),
                             format_func=names.get, key="indicator", bind="query-params")
label = indicators.set_index("indicator_key").loc[indicator_key, "indicator_label"]

rows = data_io.query("trajectory", filters, indicator_key, charts.MAX_SERIES_DRAWN)
st.plotly_chart(charts.trajectory_figure(rows, label), theme=None, key="trajectory_chart")
st.caption("实心圆为基线，空心符号为目标：▲ 不低于，▼ 不高于，○ 达到，□ 加竖线为区间；"
           "◇ 为没有数值的定性表述或全覆盖承诺。鼠标悬停可查看原文数值、文件和原句。")

st.subheader("各目标需要的变化")
changes = data_io.query("change_required", filters, indicator_key)
if changes.empty:
    st.info("该指标没有可与基线比较的目标（只比较水平值、数量和排名）。")
else:
    st.plotly_chart(charts.change_figure(changes, label), theme=None, key="change_chart")
    table = changes.assign(status=changes["status"].map(lambda s: STATUS_LABELS.get(s, "无基线")))
    shown = ["region", "doc_title", "baseline_year", "baseline_text", "target_year", "value_text",
             "unit", "change_abs", "change_per_year", "status"]
    st.dataframe(
        table[shown], hide_index=True, key="change_table",
        column_config={
            "region": column_label("region"), "doc_title": column_label("doc_title"),
            "baseline_year": st.column_config.NumberColumn("基线年份", format="%d"),
            "baseline_text": "基线（原文）",
            "target_year": st.column_config.NumberColumn("目标年份", format="%d"),
            "value_text": "目标（原文）", "unit": column_label("unit"),
            "change_abs": st.column_config.NumberColumn("需变化量", format="%.4g"),
            "change_per_year": st.column_config.NumberColumn("年均需变化", format="%.4g"),
            "status": st.column_config.TextColumn(
                "判断", help="按指标方向判断：越高越好的指标基线已不低于目标、越低越好的指标基线已不高于目标，"
                             "即为“基线已达到目标”"),
        })
