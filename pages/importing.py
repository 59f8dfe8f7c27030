"""导入文件: an official adds plans — upload, check the metadata read from each document, preview
its rows and highlighted text, then 加入看板; or removes a document. Nothing is written before
the button, and a failed build changes nothing."""
import tempfile
from pathlib import Path

import streamlit as st

import etl
from board import data_io, frame, import_view, reader
from board.exports import readable_frame
from board.markup import md
from store import connection

frame.ensure_routed(__file__)

st.title("导入文件")
directory = connection.data_dir()
disabled = etl.importing_disabled(directory)
if disabled:
    st.info(disabled)
    st.stop()

st.caption(f"支持 PDF、Word（.docx、.doc）、网页（.html）和文本（.txt）文件，单个文件不超过 {etl.MAX_UPLOAD_MB} MB。"
           "系统先从文件中读出地区、年份、标题等信息并预览将加入的数据；核对无误后点“加入看板”才会写入。")


@st.cache_data(show_spinner="正在读取文件…", max_entries=32)
def read_upload(file_name: str, data: bytes, region: str | None = None, level: str | None = None,
                year: int | None = None, horizon: int | None = None):
    """(preview, error): the document read as the build reads it, with the metadata given."""
    with tempfile.TemporaryDirectory(prefix="health-targets-upload-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        try:
            return etl.preview_file(path, region=region, level=level, year=year, horizon=horizon), None
        except Exception as error:  # noqa: BLE001 - shown to the official in one line
            return None, str(error).splitlines()[0] if str(error) else type(error).__name__


codes, region_labels = import_view.region_choices()
uploads = st.file_uploader("选择规划文件", type=["pdf", "docx", "doc", "html", "htm", "txt"],
                           accept_multiple_files=True, key="import_files")
ready: list = []
for upload in uploads or []:
    data = upload.getvalue()
    key = import_view.content_key(upload.name, data)
    with st.expander(f"{upload.name}（{len(data) / 1024:,.0f} KB）", expanded=True):
        if len(data) > etl.MAX_UPLOAD_MB * 1024 * 1024:
            st.error(f"{md(upload.name)}：文件过大（上限 {etl.MAX_UPLOAD_MB} MB），未读取。")
            continue
        first, error = read_upload(upload.name, data)
        if error:
            st.error(md(error))
            continue
        defaults = import_view.initial_fields(first.facts, upload.name)
        st.markdown("**文件信息**（已从文件中读出，可修改）")
        left, right = st.columns(2)
        region_code = left.selectbox(
            "地区", codes, index=codes.index(defaults["region_code"]) if defaults["region_code"] in codes else None,
            format_func=region_labels.get, key=f"{key}_region", placeholder="输入地区名称搜索",
            help="按行政区划代码区分同名地区（如多个鼓楼区）")
        title = right.text_input("标题", defaults["title"], key=f"{key}_title")
        plan_year = left.number_input("规划年份", 1990, 2100, defaults["plan_year"], key=f"{key}_year")
        horizon_year = right.number_input("目标年份（未写年份的目标归入此年）", 1990, 2100,
                                          max(defaults["horizon_year"], int(plan_year)), key=f"{key}_horizon")
        doc_type = left.text_input("文件类型", defaults["doc_type"], key=f"{key}_type",
                                   placeholder="工作要点、实施方案、规划……")
        issuer = right.text_input("发文机关", defaults["issuer"], key=f"{key}_issuer")
        issued = left.text_input("发布日期", defaults["date"], key=f"{key}_date", placeholder="2025-03-18")
        url = right.text_input("原文网址", defaults["url"], key=f"{key}_url", placeholder="https://…")
        doc_id = left.text_input("文件编号", import_view.suggested_doc_id(region_code, int(plan_year), upload.name),
                                 key=f"{key}_doc_id", help="看板内部使用的编号，不可与已有文件重复")
        row = import_view.metadata_row({
            "region_code": region_code, "plan_year": int(plan_year), "horizon_year": int(horizon_year),
            "doc_type": doc_type, "title": title, "issuer": issuer, "date": issued, "url": url, "doc_id": doc_id})
        try:
            etl.check_new_row(row, upload.name)
        except Exception as problem:  # noqa: BLE001 - the form says what to fix
            st.warning("请补全或修改文件信息：" + md(str(problem).split(": ", 1)[-1]))
            continue

        preview, error = read_upload(upload.name, data, row["region"], row["region_level"], int(plan_year),
                                     int(horizon_year))
        if error:
            st.error(md(error))
            continue
        rows = import_view.preview_rows(preview)
        review = import_view.preview_review(preview)
        st.markdown(f"**预览**：将加入目标与基线 **{len(rows)}** 行；另有 {len(review)} 个数字未生成目标，列入待核查。")
        for note in preview.notes:
            st.caption(md(note))
        table_tab, text_tab, review_tab = st.tabs(["将加入的数据", "原文对照", "待核查的数字"])
        with table_tab:
            st.dataframe(readable_frame(rows, for_spreadsheet=False), hide_index=True, key=f"{key}_rows")
        with text_tab:
            st.html(reader.legend_html())
            with st.container(height=500):
                st.html(reader.render_document(preview.text, import_view.preview_highlights(preview)))
        with review_tab:
            st.dataframe(review.rename(columns={"number_text": "原文数字", "note": "说明", "source_text": "原文句子"}),
                         hide_index=True, key=f"{key}_review")
        ready.append(etl.NewDocument(upload.name, data, row))

if ready:
    if st.button(f"加入看板（{len(ready)} 个文件）", type="primary", icon=":material/add_circle:", key="import_add"):
        with st.status("正在加入文件并重新生成数据…", expanded=True) as status:
            bar, label = st.progress(0.0), st.empty()
            try:
                summary = etl.add_documents(directory, ready, progress=frame.progress_reporter(bar, label),
                                            on_wait=lambda: label.info("另一位用户正在导入文件，正在排队等待…"))
            except Exception as error:  # noqa: BLE001 - one line, nothing changed
                status.update(label="未能加入，看板数据没有任何改动", state="error", expanded=True)
                st.error(md(str(error).splitlines()[0] if str(error) else type(error).__name__))
            else:
                status.update(label="已加入", state="complete", expanded=False)
                st.session_state[frame.NOTICE] = (f"已加入 {len(ready)} 个文件；看板现有 {summary['documents']} 份文件、"
                                                   f"{summary['targets']} 行目标与基线。")
                st.session_state.pop("import_files", None)
                st.switch_page("pages/overview.py")

st.divider()
st.subheader("移除文件")
labels = data_io.doc_labels()
if labels:
    removing = st.selectbox("选择要移除的文件", list(labels), format_func=labels.get, index=None,
                            key="remove_doc", placeholder="选择一份文件")
    confirmed = st.checkbox("确认移除：该文件及其数据将从看板中删除", key="remove_confirm")
    if st.button("移除", icon=":material/delete:", disabled=not (removing and confirmed), key="remove_button"):
        with st.status("正在移除文件并重新生成数据…", expanded=True) as status:
            bar, label = st.progress(0.0), st.empty()
            try:
                etl.remove_document(directory, removing, progress=frame.progress_reporter(bar, label),
                                    on_wait=lambda: label.info("另一位用户正在导入文件，正在排队等待…"))
            except Exception as error:  # noqa: BLE001 - one line, nothing changed
                status.update(label="未能移除，看板数据没有任何改动", state="error", expanded=True)
                st.error(md(str(error).splitlines()[0] if str(error) else type(error).__name__))
            else:
                status.update(label="已移除", state="complete", expanded=False)
                st.session_state[frame.NOTICE] = f"已移除：{labels.get(removing, removing)}"
                st.session_state.pop("remove_doc", None)
                st.session_state.pop("remove_confirm", None)
                st.rerun()
