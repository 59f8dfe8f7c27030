"""卫生健康规划目标看板: the router. Every page runs inside it, framed by the data check and the
sidebar filters shared by all pages (board.frame); the filters live in the URL, so a copied link
restores the view. Pages hold layout only; data comes through board.data_io.
"""
from __future__ import annotations

import streamlit as st

from board import frame

st.set_page_config(page_title="卫生健康规划目标看板", page_icon=":material/monitoring:",
                   layout="wide")

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
frame.draw()
with frame.routed():
    navigation.run()
