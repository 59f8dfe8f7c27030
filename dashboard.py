"""卫生健康规划目标看板: the router. Every page runs inside it, framed by the data check and the
sidebar filters shared by all pages (board.frame); the filters live in the URL, so a copied link
restores the view. Pages hold layout only; data comes through board.data_io.
"""
from __future__ import annotations

import streamlit as st

from board import frame

# The tab icon drawn inline (Streamlit sends it as a data: address): a :material/…: icon would
# be fetched from Google's font host, which officials' networks often cannot reach.
PAGE_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
             '<rect width="24" height="24" rx="4" fill="#0072B2"/>'
             '<path d="M5 18h14M7 16v-4M11 16V8M15 16v-6M19 16V6" stroke="#fff" stroke-width="2.2" '
             'stroke-linecap="round"/></svg>')
st.set_page_config(page_title="卫生健康规划目标看板", page_icon=PAGE_ICON, layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="总览", icon=":material/dashboard:",
            default=True),
    st.Page("pages/trajectory.py", title="目标轨迹", icon=":material/timeline:"),
    st.Page("pages/coverage.py", title="主题覆盖", icon=":material/grid_on:"),
    st.Page("pages/compare.py", title="城市对比", icon=":material/bar_chart:"),
    st.Page("pages/details.py", title="数据明细与下载", icon=":material/table_view:"),
    st.Page("pages/reader.py", title="原文对照", icon=":material/article:"),
    st.Page("pages/importing.py", title="导入文件", icon=":material/upload_file:"),
]

navigation = st.navigation(PAGES)
frame.continue_to_page_asked_for()
frame.run_page(navigation)
