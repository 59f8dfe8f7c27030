"""原文对照: a document's text with every extracted number highlighted, and the row behind a number."""
import streamlit as st

from board import queries, reader
from board.exports import readable_frame
from board import data_io, frame
from board.markup import md, web_address

frame.ensure_routed(__file__)

filters = data_io.active_filters()
st.title("原文对照")

documents = data_io.query("document_choices", filters, queries.LISTED_DOCUMENTS + 1)
if documents.empty:
    st.info("当前筛选条件下没有规划文件。请放宽左侧的筛选条件。")
    st.stop()
labels = data_io.doc_labels()
choices = documents["doc_id"].tolist()[:queries.LISTED_DOCUMENTS]
if len(documents) > queries.LISTED_DOCUMENTS:
    st.caption(f"文件较多，下拉框列出前 {queries.LISTED_DOCUMENTS:,} 份；在左侧选择地区可找到其他文件。")
# A document opened by a link (?read=…) stays offered even past the listed ones.
linked = {label: doc_id for doc_id, label in labels.items()}.get(st.query_params.get("read"))
if linked and linked not in choices:
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

highlights = data_io.query("document_highlights", doc_id)
numbers = reader.highlight_numbers(highlights, len(document["text"]))
text_column, side = st.columns([3, 2])
with text_column:
    st.html(reader.legend_html())
    with st.container(height=700, key="reader_text"):
        st.html(reader.render_document(document["text"], highlights))
with side:
    st.markdown(f"**文中数字 {len(highlights)} 个**（{int((highlights['mark'] == 'unmatched').sum()) if not highlights.empty else 0} 个未生成目标）")
    if highlights.empty:
        st.info("该文件没有提取到数字。")
    else:
        choices = list(range(len(highlights)))

        def describe(i: int) -> str:
            row = highlights.iloc[i]
            number = numbers[i]
            prefix = f"[{number}] " if number else ""
            if row["mark"] == "unmatched":
                return f"{prefix}{row['value_text']}（未生成目标）"
            year = f"{int(row['year'])}年" if row["year"] == row["year"] and row["year"] is not None else ""
            return f"{prefix}{row['value_text']} · {row['indicator_label']} · {year}"

        picked = st.selectbox("选择一个数字查看其数据行", choices, format_func=describe, key="read_number")
        row = highlights.iloc[picked]
        if row["mark"] == "unmatched":
            note = row.get("note")
            st.warning("这个数字没有生成目标，已列入待核查清单。" + (f"说明：{md(note)}" if isinstance(note, str) and note else ""))
        else:
            record = data_io.query("target_row", row["target_id"], doc_id)
            if not record.empty:
                readable = readable_frame(record, for_spreadsheet=False).iloc[0]
                shown = readable.map(lambda v: "—" if v is None or v != v else str(v))
                st.dataframe(shown.rename("内容").to_frame(), key="reader_row",
                             column_config={"_index": "字段"})
