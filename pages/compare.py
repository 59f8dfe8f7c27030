"""城市对比: the same indicator across cities and districts, and who states which indicator."""
import streamlit as st

from board import captions, queries
from board.exports import readable_frame
from board.chart_toolbar import chart_config
from board.markup import md
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
build_date = data_io.build_date()
entries = captions.dictionary()

values = data_io.query("cross_city", filters, indicator_key, year)
info = captions.indicator_info(entries, indicator_key, label, captions.first_direction(values))
st.caption(md(captions.definition_line(info)))
st.plotly_chart(data_io.figure("cross_city_figure", values, label, year), theme=None, key="compare_bars",
                config=chart_config("城市对比"))
# Regions that state the indicator but have no bar are named, with the reason.
not_drawn = data_io.query("cross_city_not_drawn", filters, indicator_key, year)
for note in (captions.not_drawn_note(not_drawn, year),
             captions.mixed_years_note(values) if year is None else None):
    if note:
        st.markdown(":material/info: " + md(note))
if not values.empty:
    st.caption("颜色区分层级（市 / 区县）；每条柱旁标注比较方式、数值、目标年份和层级。")
    st.caption(md(captions.frame_source_line(values, build_date)))
    st.dataframe(captions.shown(readable_frame(values[["region", "region_level", "year", "value_text",
                                                        "doc_title", "source_text"]], for_spreadsheet=False)),
                 hide_index=True, key="compare_table")

st.subheader("指标 × 地区")
presence = data_io.query("presence_matrix", filters)
if presence.empty:
    st.info("当前筛选条件下没有映射到标准指标的数值。")
else:
    labels = presence.drop_duplicates("indicator_key")
    definitions = {key: captions.indicator_info(entries, key, name, direction).definition
                   for key, name, direction in zip(labels["indicator_key"], labels["indicator_label"],
                                                   labels["direction"] if "direction" in labels else [None] * len(labels))}
    st.plotly_chart(data_io.figure("presence_heatmap", presence, data_io.ordered_region_labels(), definitions),
                    theme=None, key="presence_heatmap", config=chart_config("指标覆盖"))
    notes = ["每格为该地区该指标的最新目标；颜色按指标方向（↑越高越好，↓越低越好）与其他地区的目标比较，"
             "蓝色较好、橙色较差、浅灰居中；只比较比率、人均数、年龄、指数和排名，"
             "数量多少与地区规模有关，不比较好坏；各指标的定义见悬停提示"]
    if presence["indicator_key"].nunique() >= queries.MAX_PRESENCE_INDICATORS:
        notes.append(f"显示提出地区最多的 {queries.MAX_PRESENCE_INDICATORS} 个标准指标")
    if presence["grouping"].iloc[0] == "province":
        notes = ["地区较多，按省份汇总，格内为该省提出该指标的地区数；在左侧“地区”中选择地区可逐个查看"] + notes[1:]
    st.caption("；".join(notes) + "。")
    st.caption(md(captions.query_source_line(
        data_io.query("target_sources", filters, None, None, True), build_date)))
