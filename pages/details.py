"""数据明细与下载: the filtered rows, searchable, and exactly those rows as Excel or CSV."""
import streamlit as st

from board import exports, queries
from board.labels import column_label
from board import data_io, frame

frame.ensure_routed(__file__)

SHOWN_ROWS = queries.DETAIL_PAGE_ROWS
# The table grows with its rows up to this many, then scrolls inside itself: a short view
# is not a small box over a blank page, a long one does not push the page out of reach.
VISIBLE_ROWS = 25
ROW_HEIGHT = 35  # Streamlit's default row height, in pixels (the header row is as high)


def table_height(rows: int) -> int:
    return (min(rows, VISIBLE_ROWS) + 1) * ROW_HEIGHT + 3  # 3: the table's border


filters = data_io.active_filters()
st.title("数据明细与下载")
data_io.filters_caption(filters)

search = st.text_input("搜索（指标、原文、文件、章节）", key="q", bind="query-params",
                       placeholder="例如：托育、死亡率、中医馆")
total = data_io.query("detail_count", filters, search or None)
# The page shows the first rows; the downloads hold every selected row.
rows = data_io.query("detail_rows", filters, search or None, None, SHOWN_ROWS)
shown_note = f"，下表显示前 {SHOWN_ROWS:,} 行，下载文件包含全部行" if total > SHOWN_ROWS else ""
st.markdown(f"共 **{total:,}** 行{shown_note}")
if rows.empty:
    st.info("没有符合条件的数据。请修改搜索词或放宽左侧的筛选条件。")
    st.stop()

stem = filters.file_stem(region_labels=data_io.region_labels()) + (f"_搜索-{search.strip()}" if search and search.strip() else "")
description = filters.describe(data_io.doc_labels(), data_io.region_labels()) + (f"；搜索：{search.strip()}" if search else "")
buttons = st.columns([1, 1, 4])
too_many = total > data_io.MAX_DOWNLOAD_ROWS
if too_many:
    buttons[2].caption(f"下载上限为 {data_io.MAX_DOWNLOAD_ROWS:,} 行，请缩小筛选范围后下载。")
else:
    buttons[2].caption("下载文件包含全部字段；编号、原文位置等技术字段排在最后几列。")


def file_data(kind: str):
    return b"" if too_many else data_io.download_data(kind, filters, search or None, description, total)


buttons[0].download_button(
    "下载 Excel", file_data("xlsx"), disabled=too_many,
    file_name=exports.file_name(stem, "xlsx"), icon=":material/download:", key="download_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
buttons[1].download_button(
    "下载 CSV", file_data("csv"), disabled=too_many,
    file_name=exports.file_name(stem, "csv"), icon=":material/download:", key="download_csv",
    mime="text/csv", on_click="ignore")

show_technical = st.toggle("显示技术字段", key="show_technical",
                           help="文件编号、目标编号、地区代码、原文位置和置信度，核对数据来源时使用")
shown = exports.page_frame(rows, show_technical=show_technical)
st.dataframe(
    shown, hide_index=True, key="detail_table", height=table_height(len(shown)),
    placeholder=exports.MISSING,
    column_config={
        column_label("plan_year"): st.column_config.NumberColumn(format="%d"),
        column_label("year"): st.column_config.NumberColumn(format="%d"),
        column_label("value"): st.column_config.NumberColumn(format="%.4g"),
        column_label("value_high"): st.column_config.NumberColumn(format="%.4g"),
        column_label("confidence"): st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f"),
        column_label("source_text"): st.column_config.TextColumn(width="large"),
    })
