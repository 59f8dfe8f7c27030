"""原文对照: a document's text with every extracted number highlighted, and the row behind a number."""
import pandas as pd
import streamlit as st

from board import queries, reader
from board.exports import cell_text, page_frame
from board import data_io, frame
from board.markup import md, web_address

frame.ensure_routed(__file__)

# Registered on every run with the same script: Streamlit keeps one definition.
scroll_to_chosen = st.components.v2.component("reader_scroll_to_chosen", js=reader.SCROLL_TO_CHOSEN_JS)

TEXT_BOX_KEY = "reader_text"  # the scrollable box the text stands in

filters = data_io.active_filters()
st.title("原文对照")

documents = data_io.query("document_choices", filters, queries.LISTED_DOCUMENTS + 1)
if documents.empty:
    st.info("当前筛选条件下没有规划文件。请放宽左侧的筛选条件。")
    st.stop()
labels = data_io.doc_labels()
choices = documents["doc_id"].tolist()[:queries.LISTED_DOCUMENTS]
listed_all = len(documents) <= queries.LISTED_DOCUMENTS
if not listed_all:
    st.caption(f"文件较多，下拉框列出前 {queries.LISTED_DOCUMENTS:,} 份；在左侧选择地区可找到其他文件。")
# A document opened by a link (?read=…) stays offered when the list is cut short; one the
# filters leave out (another theme, say) is not shown, and the page says so.
linked = {label: doc_id for doc_id, label in labels.items()}.get(st.query_params.get("read"))
if linked and linked not in choices:
    if listed_all:
        st.caption(f"链接中的文件“{md(labels[linked])}”不符合当前筛选条件，下拉框只列出符合条件的文件。")
    else:
        choices.insert(0, linked)
doc_id = st.selectbox("文件", choices, format_func=labels.get, key="read", bind="query-params")
document = data_io.query("document", doc_id)
if document is None:
    st.info("找不到该文件。")
    st.stop()

meta = [document["region"], f"{document['plan_year']}年", document["doc_type"], document["issuer"],
        document["date"]]
st.caption(" · ".join(md(m) for m in meta if m))
address = web_address(document.get("url"))
if address:
    st.link_button("原文网址", address, icon=":material/open_in_new:")

highlights = data_io.query("document_highlights", doc_id, filters)
numbers = reader.highlight_numbers(highlights, len(document["text"]))
# The side list holds the numbers under the filters; the text shows them all, the rest greyed.
in_view = [i for i in range(len(highlights)) if highlights.iloc[i]["in_view"]]
filtered = len(in_view) < len(highlights)


def describe(i: int) -> str:
    row = highlights.iloc[i]
    number = numbers[i]
    prefix = f"[{number}] " if number else ""
    if row["mark"] == "unmatched":
        return f"{prefix}{row['value_text']}（未生成目标）"
    year = f"{int(row['year'])}年" if pd.notna(row["year"]) else ""
    return f"{prefix}{row['value_text']} · {row['indicator_label']} · {year}"


def counts_line() -> str:
    unmatched = int((highlights["mark"] == "unmatched").sum()) if not highlights.empty else 0
    line = f"**文中数字 {len(highlights)} 个**（{unmatched} 个未生成目标）"
    if filtered:
        line += f"，符合当前筛选的 **{len(in_view)}** 个列在下面，其余在文中以灰色显示"
    return line


text_column, side = st.columns([3, 2])
with side:
    st.markdown(counts_line())
    picked = None
    if highlights.empty:
        st.info("该文件没有提取到数字。")
    elif not in_view:
        st.info("该文件中没有符合当前筛选条件的数字；文中的数字以灰色显示。")
    else:
        picked = st.selectbox("选择一个数字，在原文中定位并查看其数据行", in_view, format_func=describe,
                              key="read_number")
chosen = reader.shown_mark(highlights, picked, len(document["text"])) if picked is not None else None
anchor = reader.chosen_id(doc_id, chosen) if chosen is not None else None

with text_column:
    st.html(reader.legend_html(with_other=filtered))
    with st.container(height=700, key=TEXT_BOX_KEY):
        st.html(reader.render_document(document["text"], highlights, chosen, anchor))

with side:
    if picked is not None:
        row = highlights.iloc[picked]
        if row["mark"] == "unmatched":
            note = row.get("note")
            st.warning("这个数字没有生成目标，已列入待核查清单。" + (f"说明：{md(note)}" if isinstance(note, str) and note else ""))
        else:
            record = data_io.query("target_row", row["target_id"], doc_id)
            if not record.empty:
                shown = page_frame(record).iloc[0].map(cell_text)
                st.dataframe(shown.rename("内容").to_frame(), key="reader_row", height="content",
                             column_config={"_index": "字段"})
    if anchor:
        # Brings the chosen number into view inside the text's box.
        scroll_to_chosen(data=reader.scroll_data(anchor, TEXT_BOX_KEY), key="reader_scroll", height=0)
