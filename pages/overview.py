"""总览: how many documents, regions and targets are in view, themes by region, the documents."""
import streamlit as st

from board import captions, queries
from board.labels import column_label
from board.chart_toolbar import chart_config
from board.markup import md
from board.queries import doc_label
from board import data_io, frame

frame.ensure_routed(__file__)

filters = data_io.active_filters()
st.title("总览")
data_io.filters_caption(filters)

kpis = data_io.query("overview_kpis", filters)
columns = st.columns(4)
columns[0].metric("规划文件", f"{kpis['n_documents']} 份")
columns[1].metric("地区", f"{kpis['n_regions']} 个")
columns[2].metric("目标", f"{kpis['n_targets']} 条", help=f"另有基线 {kpis['n_baselines']} 条")
share = kpis["share_quantified"]
columns[3].metric("量化目标占比", "—" if share is None else f"{share:.0%}",
                  help="写有具体数字的目标占全部目标的比例（定性表述和“全覆盖”不算量化）")

matrix = data_io.query("theme_region_matrix", filters)
if matrix.empty:
    st.info("当前筛选条件下没有目标。请放宽左侧的筛选条件。")
else:
    st.plotly_chart(data_io.figure("theme_region_heatmap", matrix, data_io.themes(),
                                   data_io.ordered_region_labels()),
                    theme=None, key="overview_heatmap", config=chart_config("总览_主题与地区"))
    st.caption("目标数：规划写明的目标条数，不含基线；一条目标可同时属于几个主题。"
               + ("所选范围内地区较多，热力图按省份汇总；在左侧“地区”中选择地区可逐个查看。"
                  if matrix["grouping"].iloc[0] == "province" else ""))
    st.caption(md(captions.query_source_line(
        data_io.query("target_sources", filters, None, "target"), data_io.build_date())))

st.subheader("规划文件")
documents = data_io.query("document_list", filters, queries.LISTED_DOCUMENTS)
if documents.empty:
    st.info("当前筛选条件下没有规划文件。")
else:
    if kpis["n_documents"] > len(documents):
        st.caption(f"共 {kpis['n_documents']:,} 份文件，表中列出前 {len(documents):,} 份；"
                   "在左侧选择地区可列出该地区的全部文件。")
    table = documents.assign(
        reader=[data_io.link_to("reader", read=doc_label(r, t))
                for r, t in zip(documents["region"], documents["title"])])
    # A plan without a stated issuer or date shows a dash, as everywhere else, not "None".
    table[["issuer", "date"]] = table[["issuer", "date"]].fillna("—")
    shown = ["region", "region_level", "plan_year", "title", "issuer", "date", "n_targets",
             "n_baselines", "reader"]
    st.dataframe(
        captions.shown(table[shown]), hide_index=True, key="overview_documents",
        column_config={
            **{c: st.column_config.TextColumn(column_label(c)) for c in
               ("region", "region_level", "title", "issuer", "date")},
            "plan_year": st.column_config.NumberColumn(column_label("plan_year"), format="%d"),
            "n_targets": st.column_config.NumberColumn("目标数", format="%d"),
            "n_baselines": st.column_config.NumberColumn("基线数", format="%d"),
            "reader": st.column_config.LinkColumn("原文", display_text="打开原文对照"),
        })
