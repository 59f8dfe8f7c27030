"""城市对比: the same indicator across cities and districts, and who states which indicator."""
import streamlit as st

from board import charts, queries
from board.exports import readable_frame
from board import data_io, frame

frame.ensure_routed(__file__)

filters = data_io.active_filters()
st.title("城市对比")
data_io.filters_caption(filters)

indicators = data_io.query("indicator_list", filters)
targets_only = indicators[indicators["n_targets"] > 0]
if targets_only.empty:
    st.info("当前筛选条件下没有带数值的目标。请放宽左侧的筛选条件。")
    st.stop()
# Indicators stated by several regions first: those are the ones worth comparing.
targets_only = targets_only.sort_values(["n_regions", "n_targets"], ascending=False, kind="stable")
names = dict(zip(targets_only["indicator_key"],
                 [f"{label}（{n}个地区）" for label, n in
                  zip(targets_only["indicator_label"], targets_only["n_regions"])]))
controls = st.columns([3, 1])
indicator_key = controls[0].selectbox("指标（可输入文字搜索）", list(names), format_func=names.get,
                                      key="cmp_indicator", bind="query-params")
label = targets_only.set_index("indicator_key").loc[indicator_key, "indicator_label"]
years = data_io.query("target_years", filters, indicator_key)
year_choice = controls[1].selectbox("目标年份", ["latest"] + [str(y) for y in years],
                                    format_func=lambda v: "各地最新目标" if v == "latest" else f"{v}年",
                                    key="cmp_year")
year = None if year_choice == "latest" else int(year_choice)

values = data_io.query("cross_city", filters, indicator_key, year)
st.plotly_chart(charts.cross_city_figure(values, label), theme=None, key="compare_bars")
if not values.empty:
    st.caption("颜色区分层级（市 / 区县）；每条柱旁标注比较方式、数值、目标年份和层级。")
    st.dataframe(readable_frame(values[["region", "region_level", "year", "value_text", "doc_title",
                                        "source_text"]], for_spreadsheet=False),
                 hide_index=True, key="compare_table")

st.subheader("指标 × 地区")
presence = data_io.query("presence_matrix", filters)
if presence.empty:
    st.info("当前筛选条件下没有映射到标准指标的数值。")
else:
    st.plotly_chart(charts.presence_heatmap(presence, data_io.ordered_region_labels()), theme=None,
                    key="presence_heatmap")
    notes = [f"显示提出地区最多的 {queries.MAX_PRESENCE_INDICATORS} 个标准指标"] \
        if presence["indicator_key"].nunique() >= queries.MAX_PRESENCE_INDICATORS else []
    if presence["grouping"].iloc[0] == "province":
        notes.append("地区较多，按省份汇总，格内为该省提出该指标的地区数；在左侧“地区”中选择地区可逐个查看")
    if notes:
        st.caption("；".join(notes) + "。")
