import pytest

from etl.reading.chrome import removed_chrome_lines, strip_page_chrome
from etl.reading.normalize import normalize_text
from store.paths import SOURCES_DIR


@pytest.mark.parametrize(
    "line",
    [
        "当前位置:首页 > 政务公开 > 规划计划",
        "发布日期:2023-06-18 浏览次数:126",
        "信息来源: 县卫生健康局",
        "分享:",
        "分享到: 微信 微博 QQ空间",
        "关闭 打印",
        "【打印本页】【关闭窗口】",
        "字号:【大 中 小】",
        "今天是2024年3月5日 星期二 智能问答无障碍浏览长者模式",
        "上一篇:关于开展爱国卫生月活动的通知",
        "浙ICP备10000001号-2    浙公网安备 33000002000001号    网站标识码:3300000001",
        "主办单位:某县人民政府    承办:某县人民政府办公室    网站地图",
        "网站技术支持电话:0571-00000000    地址:某县某街道1号    点击总量:",
        "扫一扫在手机打开当前页",
        "版权所有 某县人民政府",
        "首页 | 机构概况 | 政务公开 | 办事服务 | 专题专栏",
        "网站地图 | 联系我们 | 隐私声明",
        "Copyright © 2024 某县卫生健康局 All Rights Reserved",
        "Baidu",
        "map",
        "抄送:县委各部门,县人大常委会办公室,县政协办公室。",
    ],
)
def test_chrome_lines_are_recognised(line):
    assert removed_chrome_lines(line) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "(三)推进无障碍环境建设",
        "加强经验分享,打印并发放健康宣传资料5000份。",
        "信息来源于各医疗机构报送数据,按月汇总分析。",
        "发布日期后30日内完成公示。",
        "地址:某县某街道1号",
        "日期:2024年12月31日",
        "技术支持:由县疾控中心提供技术支持,确保监测数据质量。",
        "关于印发《2024年某县卫生健康工作要点》的通知",
        "中",
        "疾控 | 妇幼 | 老年健康",
    ],
)
def test_content_lines_stay(line):
    assert removed_chrome_lines(line) == []


def test_table_rows_and_the_blank_lines_between_them_are_untouched():
    text = "指标体系\n\n\t类别\n\t分享\n\n\n\t\n\t2\n\n正文"
    assert strip_page_chrome(text) == text


def test_blank_runs_collapse_and_chrome_lines_leave_no_gap():
    text = "当前位置:首页\n\n\n一、总体要求\n\n\n\n二、主要任务\n分享:\n关闭 打印\n"
    assert strip_page_chrome(text) == "一、总体要求\n\n二、主要任务"


def test_whitespace_only_lines_count_as_blank():
    assert strip_page_chrome("一、目标\n \n  \n二、任务") == "一、目标\n\n二、任务"


# Every line the stripper takes out of each seed document, in order: only page furniture.
SEED_CHROME = {
    "000_c2891e936343edea.txt": [
        "当前位置:",
        "发布日期:2025-04-02 浏览次数:",
        "信息来源: 市卫生健康委",
        "分享:",
        "关闭 打印",
    ],
    "001_3340ccc55046799e.txt": [],
    "002_0fb9e7b9b40adc34.txt": [],
    "003_12e7a73b8ed4ed9f.txt": [
        "今天是 智能问答无障碍浏览长者模式",
        "信息来源:鄂城区卫生健康局 日期:2025-01-27",
        "ICP备案号:鄂ICP备17005283号-1    鄂公网安备 42070402000191号    网站标识:4207040001",
        "主办单位:鄂城区人民政府    承办:鄂城区人民政府办公室    网站地图    系统管理入口",
        "网站技术支持电话:027-60896105    地址:鄂州市鄂城区凤凰街道办明塘路70号    点击总量:",
    ],
    "004_d5ba40e950fad47a.txt": ["字号:", "分享:", "Baidu", "map"],
}

# The first line left after stripping (001 has no title line; it opens with its preamble).
SEED_FIRST_LINE = {
    "000_c2891e936343edea.txt": "2025年全市卫生健康工作要点",
    "002_0fb9e7b9b40adc34.txt": "嘉政办发〔2024〕5号",
    "003_12e7a73b8ed4ed9f.txt": "鄂城区卫生健康局2025年工作计划",
    "004_d5ba40e950fad47a.txt": "关于印发《2024年奉贤区卫生健康工作要点》的通知",
}


def _seed_text(name: str) -> str:
    return normalize_text((SOURCES_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SEED_CHROME))
def test_seed_documents_lose_only_their_page_furniture(name):
    assert removed_chrome_lines(_seed_text(name)) == SEED_CHROME[name]


@pytest.mark.parametrize("name", sorted(SEED_CHROME))
def test_seed_documents_keep_every_other_line(name):
    text = _seed_text(name)
    chrome = set(SEED_CHROME[name])
    content_lines = [line for line in text.split("\n") if line.strip() and line not in chrome]
    stripped_lines = [line for line in strip_page_chrome(text).split("\n") if line.strip()]
    assert stripped_lines == content_lines


@pytest.mark.parametrize("name", sorted(SEED_FIRST_LINE))
def test_seed_documents_start_with_their_title(name):
    assert strip_page_chrome(_seed_text(name)).split("\n")[0] == SEED_FIRST_LINE[name]
