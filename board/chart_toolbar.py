"""The plotly toolbar above every chart, in Chinese and without the plotly logo.

plotly.js takes a locale's dictionary in the chart's own config (`locales`), so nothing is
fetched or registered in the page. The strings are plotly.js's own English texts (its modebar
buttons and notices); any not listed here stay English.
"""
from __future__ import annotations

LOCALE = "zh-CN"

MODEBAR_TEXTS = {
    "Download plot as a PNG": "下载图片（PNG）",
    "Download plot": "下载图片",
    "Download plot as JSON": "下载图表数据（JSON）",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载",
    "Sorry, there was a problem downloading your image!": "图片下载失败，请重试",
    "Zoom": "框选放大",
    "Pan": "平移",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "还原坐标轴",
    "Reset view": "还原视图",
    "Box Select": "框选",
    "Lasso Select": "套索选择",
    "Toggle Spike Lines": "显示/隐藏参考线",
    "Show closest data on hover": "悬停显示最近的数据",
    "Compare data on hover": "悬停比较数据",
    "Double-click to zoom back out": "双击还原",
    "Toggle show closest data on hover": "切换悬停显示",
}

# Selection tools draw nothing useful on these charts (the coverage matrix selects by click).
REMOVED_BUTTONS = ["select2d", "lasso2d"]


def chart_config(filename: str) -> dict:
    """Config for st.plotly_chart: Chinese toolbar, no logo, images named after the chart."""
    return {
        "displaylogo": False,
        "locale": LOCALE,
        "locales": {LOCALE: {"dictionary": MODEBAR_TEXTS}},
        "modeBarButtonsToRemove": REMOVED_BUTTONS,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
