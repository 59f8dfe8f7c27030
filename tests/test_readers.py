import codecs
import os

import pytest
from docx import Document

from etl.reading import SourceError, read_document
from store.paths import SOURCES_DIR

SEED_FILES = sorted(SOURCES_DIR.glob("*.txt"))
SAMPLE = "２０２５年全县卫生健康工作计划\n一、婴儿死亡率控制在5‰以下。\n二、每千人口床位数达到6.5张。\n"
SAMPLE_READ = "2025年全县卫生健康工作计划\n一、婴儿死亡率控制在5‰以下。\n二、每千人口床位数达到6.5张。"


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -----------------------------------------------------------------------------

# GBK has no code for the no-break and em spaces some portals use for indentation (a GBK
# editor saves them as plain spaces, which read the same) nor for "•" (saved as "·").
_GBK_STAND_INS = str.maketrans({"\xa0": " ", "\u2003": " ", "•": "·"})


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name)
@pytest.mark.parametrize(
    "encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"]
)
def test_every_encoding_of_a_seed_reads_like_the_original(tmp_path, seed, encoding):
    original = seed.read_text(encoding="utf-8")
    expected = read_document(seed)
    if encoding == "gbk":
        original = original.translate(_GBK_STAND_INS)
        expected = expected.replace("•", "·")
    copy = _write(tmp_path, seed.name, original.encode(encoding))
    assert read_document(copy) == expected


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
        SAMPLE.encode("utf-8"),
        SAMPLE.replace("\n", "\r\n").encode("gbk"),
    ],
    ids=["utf-8 bom", "utf-16-le bom", "utf-16-be bom", "utf-32-le bom", "utf-8", "gbk crlf"],
)
def test_byte_order_marks_and_line_ends_do_not_change_the_text(tmp_path, data):
    assert read_document(_write(tmp_path, "计划.txt", data)) == SAMPLE_READ


@pytest.mark.parametrize("text", ["提高", "人均预期寿命达到82岁。", "孕产妇死亡率"])
def test_short_gbk_texts_are_not_mistaken_for_other_encodings(tmp_path, text):
    assert read_document(_write(tmp_path, "短.txt", text.encode("gbk"))) == text


def test_nul_bytes_inside_text_are_dropped(tmp_path):
    data = "一、目标\n全区\x00婴儿死亡率\x00\x00控制在3‰以下。\n".encode("utf-8")
    assert read_document(_write(tmp_path, "a.txt", data)) == "一、目标\n全区婴儿死亡率控制在3‰以下。"


def test_full_width_digits_become_ascii(tmp_path):
    data = "高血压患者规范管理率达到６５％以上（约束性）。".encode("gb18030")
    assert read_document(_write(tmp_path, "a.txt", data)) == "高血压患者规范管理率达到65%以上(约束性)。"


def test_a_twenty_megabyte_single_line_reads(tmp_path):
    line = "全面推进健康促进行动，居民健康素养水平达到４０％。" * 800_000
    path = _write(tmp_path, "长.txt", line.encode("utf-8"))
    assert path.stat().st_size > 20_000_000
    text = read_document(path)
    assert "\n" not in text
    assert text[:25] == "全面推进健康促进行动,居民健康素养水平达到40%。"
    assert len(text) == len(line)


# --- bad input -----------------------------------------------------------------------------


def _reason(path) -> str:
    with pytest.raises(SourceError) as raised:
        read_document(path)
    assert str(raised.value) == f"{path.name}: {raised.value.reason}"
    assert raised.value.path == path
    return raised.value.reason


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\t\n", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
)
def test_empty_and_blank_files_are_reported_as_empty(tmp_path, data):
    assert _reason(_write(tmp_path, "空白.txt", data)) == "文件为空"


def test_an_image_saved_as_text_is_reported_as_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    assert _reason(_write(tmp_path, "图片.txt", png)) == "不是文本文件（看起来是二进制数据）"


def test_random_bytes_are_reported_as_binary(tmp_path):
    data = bytes((index * 7919 + index // 3) % 256 for index in range(4000))
    assert _reason(_write(tmp_path, "数据.txt", data)) == "不是文本文件（看起来是二进制数据）"


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "不存在的计划.txt"
    assert _reason(path) == "文件不存在"
    with pytest.raises(SourceError, match="^不存在的计划.txt: 文件不存在$"):
        read_document(path)


def test_missing_word_file_names_the_file(tmp_path):
    assert _reason(tmp_path / "不存在.docx") == "文件不存在"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("规划.xlsx", "不支持 .xlsx 格式的文件（支持的格式：.txt、.text、.md、.html、.htm、.docx、.doc、.pdf）"),
        ("规划", "文件没有扩展名，无法判断格式（支持的格式：.txt、.text、.md、.html、.htm、.docx、.doc、.pdf）"),
    ],
)
def test_unsupported_formats_say_what_is_supported(tmp_path, name, reason):
    path = _write(tmp_path, name, b"%PDF-1.7 whatever")
    assert _reason(path) == reason


@pytest.mark.parametrize(("name", "reason"), [
    ("规划.pdf", "无法打开 PDF 文件（文件已损坏，或并不是 PDF 格式）"),
    ("规划.doc", "无法打开 Word 文件（文件已损坏，或并不是 Word 文件）"),
])
def test_damaged_pdf_and_doc_files_say_so(tmp_path, name, reason):
    assert _reason(_write(tmp_path, name, b"%PDF-1.7 whatever")) == reason


def test_a_folder_is_not_a_document(tmp_path):
    folder = tmp_path / "资料.txt"
    folder.mkdir()
    assert _reason(folder) == "这是一个文件夹，不是文件"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_reported(tmp_path):
    path = _write(tmp_path, "锁定.txt", SAMPLE.encode("utf-8"))
    path.chmod(0)
    assert _reason(path) == "没有读取这个文件的权限"


def test_a_page_of_only_chrome_is_reported(tmp_path):
    path = _write(tmp_path, "页.txt", "当前位置:首页\n分享:\n关闭 打印\n".encode("utf-8"))
    assert _reason(path) == "文件中只有网页导航和页脚，没有正文"


# --- HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某区卫生健康局</title>
<style>.zoom {{ font-size: 16px; }}</style>
<script>var visits = 1024; document.write("浏览次数");</script></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<nav><ul><li>机构概况</li><li>通知公告</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 规划计划</div>
<div class="article">
  <h1>某区卫生健康局2025年工作计划</h1>
  <div class="info">发布日期：2025-02-10　浏览次数：</div>
  <p>　　一、加强基层卫生服务。推进社区卫生服务中心<b>提档升级</b>，</p>
  <p>新建村卫生室１２个。</p>
  <p>二、强化疾病预防控制<br>完成适龄儿童免疫规划疫苗接种率95%以上。</p>
  <table border="1">
    <tr><th>类别</th><th>指标</th><th>2024年</th><th>2025年</th></tr>
    <tr><td rowspan="2">妇幼健康</td><td>孕产妇死亡率（1/10万）</td><td colspan="2">保持在10以下</td></tr>
    <tr><td>婴儿死亡率（‰）</td><td>2.1</td><td></td></tr>
  </table>
  <p>三、保障措施</p>
  <div class="bdsharebuttonbox">分享到：<a>微信</a><a>微博</a></div>
</div>
<footer><p>主办单位：某区人民政府</p><p>某ICP备00000000号</p></footer>
<div id="footer">技术支持：某网络公司</div>
</body></html>
"""

PAGE_TEXT = (
    "某区卫生健康局2025年工作计划\n"
    "  一、加强基层卫生服务。推进社区卫生服务中心提档升级,\n"
    "新建村卫生室12个。\n"
    "二、强化疾病预防控制\n"
    "完成适龄儿童免疫规划疫苗接种率95%以上。\n"
    "\n"
    "\t类别\n\t指标\n\t2024年\n\t2025年\n"
    "\n"
    "\t妇幼健康\n\t孕产妇死亡率(1/10万)\n\t保持在10以下\n\t\n"
    "\n"
    "\t\n\t婴儿死亡率(‰)\n\t2.1\n\t\n"
    "\n"
    "三、保障措施"
)


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_page_reads_as_its_article_with_the_table_flattened(tmp_path, charset):
    path = _write(tmp_path, "计划.html", PAGE.format(charset=charset).encode(charset))
    assert read_document(path) == PAGE_TEXT


def test_html_layout_tables_are_read_as_paragraphs(tmp_path):
    page = (
        "<html><body><table><tr><td>"
        "<h2>关于印发某县卫生健康工作要点的通知</h2>"
        "<p>各乡镇卫生院:</p><p>现将工作要点印发给你们,请认真贯彻落实。</p>"
        "</td></tr></table></body></html>"
    )
    path = _write(tmp_path, "通知.htm", page.encode("utf-8"))
    assert read_document(path) == (
        "关于印发某县卫生健康工作要点的通知\n各乡镇卫生院:\n现将工作要点印发给你们,请认真贯彻落实。"
    )


# --- Word ----------------------------------------------------------------------------------


def test_word_document_reads_paragraphs_and_tables_in_order(tmp_path):
    document = Document()
    document.add_paragraph("某县2025年卫生健康工作要点")
    document.add_paragraph("")
    document.add_paragraph("一、主要指标")
    table = document.add_table(rows=4, cols=3)
    cells = [
        ["类别", "指标", "2025年目标"],
        ["健康水平", "人均预期寿命（岁）", "80.5"],
        ["", "孕产妇死亡率", ""],
        ["医疗服务", "每千人口床位数（张）", "6.2"],
    ]
    for row_index, row in enumerate(cells):
        for column_index, value in enumerate(row):
            table.cell(row_index, column_index).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge: 健康水平 covers two rows
    merged = table.cell(2, 1).merge(table.cell(2, 2))  # horizontal merge
    merged.text = "孕产妇死亡率持续下降"
    document.add_paragraph("二、保障措施\t加强组织领导。")
    path = tmp_path / "要点.docx"
    document.save(path)

    assert read_document(path) == (
        "某县2025年卫生健康工作要点\n"
        "一、主要指标\n"
        "\n"
        "\t类别\n\t指标\n\t2025年目标\n"
        "\n"
        "\t健康水平\n\t人均预期寿命(岁)\n\t80.5\n"
        "\n"
        "\t\n\t孕产妇死亡率持续下降\n"
        "\n"
        "\t医疗服务\n\t每千人口床位数(张)\n\t6.2\n"
        "\n"
        "二、保障措施 加强组织领导。"
    )


def test_a_damaged_word_file_is_reported(tmp_path):
    path = _write(tmp_path, "损坏.docx", b"PK\x03\x04 this is not a complete package")
    assert _reason(path) == "无法打开 Word 文件（文件已损坏，或并不是 Word 文件）"


def test_a_text_file_named_docx_is_reported(tmp_path):
    path = _write(tmp_path, "改名.docx", SAMPLE.encode("utf-8"))
    assert _reason(path) == "无法打开 Word 文件（文件已损坏，或并不是 Word 文件）"
