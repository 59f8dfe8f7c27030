"""目标轨迹: one indicator from its baseline to its targets, and the change each target requires."""
import streamlit as st

from board import captions, charts
from board.labels import column_label
from board.chart_toolbar import chart_config
from board.markup import md
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
build_date = data_io.build_date()

rows = data_io.query("trajectory", filters, indicator_key, charts.MAX_SERIES_DRAWN)
info = captions.indicator_info(captions.dictionary(), indicator_key, label, captions.first_direction(rows))
st.caption(md(captions.definition_line(info)))
st.plotly_chart(data_io.figure("trajectory_figure", rows, label), theme=None, key="trajectory_chart",
                config=chart_config("目标轨迹"))
st.caption("实心圆为基线，空心符号为目标：▲ 不低于，▼ 不高于，○ 达到，□ 加竖线为区间；"
           "◇ 为没有数值的定性表述或全覆盖承诺。纵轴从0开始（年龄、指数除外），不放大小的变化。"
           "鼠标悬停可查看原文数值、文件和原句。")
st.caption(md(captions.frame_source_line(rows, build_date)))

st.subheader("各目标需要的变化")
changes = data_io.query("change_required", filters, indicator_key)
if changes.empty:
    st.info("该指标没有可与基线比较的目标（只比较水平值、数量和排名）。")
else:
    drawn = changes.dropna(subset=["change_abs"])
    if drawn.empty:
        st.info("这些目标都没有可比的基线（同一地区、同一单位、更早年份），无法计算需变化量；目标见下表。")
    else:
        st.caption(md(captions.change_explanation(info)))
        st.plotly_chart(data_io.figure("change_figure", changes, label), theme=None, key="change_chart",
                        config=chart_config("目标轨迹_变化"))
        st.caption(md(captions.frame_source_line(drawn, build_date, "doc_title", "baseline_doc_title")))
    st.dataframe(
        captions.change_table(changes), hide_index=True, key="change_table",
        column_config={
            "region": column_label("region"), "doc_title": column_label("doc_title"),
            "baseline_year": "基线年份", "baseline_text": "基线（原文）",
            "target_year": "目标年份", "value_text": "目标（原文）", "unit": column_label("unit"),
            "change_abs": st.column_config.TextColumn(
                "需变化", help="目标值减基线值；百分比指标以百分点计"),
            "change_per_year": st.column_config.TextColumn("年均需变化"),
            "status": st.column_config.TextColumn(
                "判断", help="按指标方向判断：越高越好的指标基线已不低于目标、越低越好的指标基线已不高于目标，"
                             "即为“基线已达到目标”"),
        })
