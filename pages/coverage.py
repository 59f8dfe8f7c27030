"""主题覆盖: which themes each region or plan addresses, and how many of those commitments carry a number."""
import streamlit as st

from board import captions, charts, queries
from board.exports import readable_frame
from board import data_io, frame
from board.chart_toolbar import chart_config
from board.markup import md

frame.ensure_routed(__file__)

filters = data_io.active_filters()
st.title("主题覆盖")
data_io.filters_caption(filters)

controls = st.columns(2)
by = controls[0].radio("列", ["region", "document"], format_func={"region": "按地区", "document": "按文件"}.get,
                       horizontal=True, key="cov_by", bind="query-params")
measure = controls[1].radio("数值", ["count", "share"], format_func={"count": "条目数", "share": "占比"}.get,
                            horizontal=True, key="cov_measure", bind="query-params")

coverage = data_io.query("theme_coverage", filters, by)
if coverage.empty:
    st.info("当前筛选条件下没有涉及所选主题的条目。请放宽左侧的筛选条件。")
    st.stop()

themes = data_io.themes()
# Many regions are summed to provinces, many documents cut to those with the most clauses.
grouping = coverage["grouping"].iloc[0]
if grouping == "province":
    st.caption("所选范围内地区较多，热力图按省份汇总；在左侧“地区”中选择地区可逐个查看。")
elif grouping == "document" and coverage["group"].nunique() >= queries.MAX_DOCUMENT_COLUMNS:
    st.caption(f"所选范围内文件较多，热力图显示条目最多的 {queries.MAX_DOCUMENT_COLUMNS} 份文件。")
event = st.plotly_chart(data_io.figure("coverage_heatmap", coverage, themes, by, measure), theme=None,
                        key="coverage_heatmap", on_select="rerun", selection_mode="points",
                        config=chart_config("主题覆盖"))
st.caption("条目：文件中的一项工作任务或目标，可同时涉及几个主题；占比＝涉及该主题的条目数÷该处全部条目数。"
           "点击格子可在下方查看其条目。")
sources_line = md(captions.query_source_line(data_io.query("sources_in_view", filters), data_io.build_date()))
st.caption(sources_line)

# A clicked cell chooses the theme and column below; the pickers remain for keyboard use.
theme_options = [t for t in themes if t in set(coverage["theme"])] + \
    sorted(set(coverage["theme"]) - set(themes))
group_labels = dict(zip(coverage["group"], coverage["group_label"]))
group_by_label = {label: group for group, label in group_labels.items()}
points = (event.selection.points if event and getattr(event, "selection", None) else []) or []
if points:
    picked_theme, picked_group = points[0].get("y"), group_by_label.get(points[0].get("x"))
    if picked_theme in theme_options and picked_group is not None:
        st.session_state["cov_theme"], st.session_state["cov_group"] = picked_theme, picked_group

st.subheader("所选格子的条目与目标")
pickers = st.columns(2)
theme = pickers[0].selectbox("主题", theme_options, key="cov_theme")
group = pickers[1].selectbox(charts.GROUPING_TITLES.get(grouping, "地区"), list(group_labels),
                             format_func=group_labels.get, key="cov_group")
clauses = data_io.query("clauses_for_cell", filters, theme, grouping, group)
targets = data_io.query("targets_for_cell", filters, theme, grouping, group)
cut = "（各显示前 {:,} 条）".format(queries.CELL_ROWS) if max(len(clauses), len(targets)) >= queries.CELL_ROWS else ""
st.markdown(f"**{md(theme)} · {md(group_labels.get(group, group))}**：条目 {len(clauses)} 条，数值 {len(targets)} 条{cut}")
if clauses.empty:
    st.info("该格子没有条目。")
else:
    st.dataframe(captions.shown(readable_frame(clauses[["region", "doc_title", "section", "clause", "clause_title",
                                                        "text", "n_targets", "n_quantified"]], for_spreadsheet=False)
                                .rename(columns={"text": "条目原文"})), hide_index=True, key="coverage_clauses")
if not targets.empty:
    st.dataframe(captions.shown(readable_frame(targets[["region", "doc_title", "indicator", "role", "year",
                                                        "value_text", "kind", "source_text"]], for_spreadsheet=False)),
                 hide_index=True, key="coverage_targets")

st.subheader("量化与定性")
by_document = data_io.query("theme_coverage", filters, "document")
st.plotly_chart(data_io.figure("coverage_bars_figure", by_document, themes), theme=None, key="coverage_bars",
                config=chart_config("主题覆盖_按文件"))
st.caption("“有数字的条目”指至少写有一个具体数值目标的条目；其余为只作定性表述的条目。")
st.caption(sources_line)
