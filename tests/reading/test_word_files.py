"""Word files as Microsoft Office, WPS Office and LibreOffice write them, old .doc files, and
hostile packages: each read to the exact lines an official sees, or refused in one line."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import docx
import pytest

from etl.reading import SourceError, read_document
from etl.reading.word import MAX_COMPRESSION_RATIO, MAX_PART_BYTES, MAX_XML_DEPTH
from tests.reading.word_packages import (
    CELL,
    CELL_PARAGRAPH,
    MAIN_CONTENT_TYPE,
    OFFICE_DOCUMENT,
    OFFICE_DOCUMENT_STRICT,
    PARAGRAPH,
    R_STRICT,
    ROW,
    W_STRICT,
    cell,
    content_types,
    document_xml,
    ole_file,
    paragraph,
    relationships,
    row,
    table,
    word97_streams,
    word_package,
    write_package,
)

CORRUPT = "无法打开 Word 文件（文件已损坏，或并不是 Word 文件）"
TOO_LARGE = f"Word 文件过大（解压后超过 {MAX_PART_BYTES // 1024 // 1024} MB），无法读取；请拆分后再导入"
ZIP_BOMB = f"Word 文件的压缩比异常（解压后膨胀超过 {MAX_COMPRESSION_RATIO} 倍，疑似压缩炸弹），拒绝读取"
TOO_DEEP = f"Word 文件的结构嵌套过深（超过 {MAX_XML_DEPTH} 层，疑似恶意构造），拒绝读取"
ENCRYPTED = "Word 文件设置了打开密码，请在 Word 中去掉密码并另存为 .docx 后再导入"
DAMAGED_DOC = "无法打开旧版 Word（.doc）文件（文件已损坏）；请在 Word 中另存为 .docx 后再导入"
OLD_VERSION = "这是 Word 95 或更早版本的 .doc 文件，无法读取；请在 Word 中另存为 .docx 后再导入"

BODY = (paragraph("某县2025年卫生健康工作要点")
        + table(row(cell(paragraph("指标")), cell(paragraph("目标"))),
                row(cell(paragraph("每千人口床位数")), cell(paragraph("6.5张"))))
        + paragraph("二、保障措施"))
BODY_READ = "某县2025年卫生健康工作要点\n\n\t指标\n\t目标\n\n\t每千人口床位数\n\t6.5张\n\n二、保障措施"


def _reason(path) -> str:
    with pytest.raises(SourceError) as raised:
        read_document(path)
    return raised.value.reason


# --- packages from other office suites ---------------------------------------------------------


def test_a_strict_package_reads_like_a_transitional_one(tmp_path):
    body = BODY.replace("<w:tcPr/>", '<w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>')
    path = write_package(tmp_path / "strict.docx", {
        "[Content_Types].xml": content_types(("/word/document.xml", MAIN_CONTENT_TYPE)),
        "_rels/.rels": relationships(("rId1", OFFICE_DOCUMENT_STRICT, "word/document.xml")),
        "word/document.xml": document_xml(body, w=W_STRICT, r=R_STRICT),
    })
    assert read_document(path) == BODY_READ


def test_a_wps_package_reads(tmp_path):
    # WPS writes directory entries, a custom-properties part, its own relationship ids and
    # often no styles part.
    path = write_package(tmp_path / "wps.docx", {
        "[Content_Types].xml": content_types(("/word/document.xml", MAIN_CONTENT_TYPE),
                                             ("/docProps/custom.xml", "application/xml")),
        "_rels/.rels": relationships(
            ("rId4", OFFICE_DOCUMENT, "word/document.xml"),
            ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
             "docProps/custom.xml")),
        "docProps/custom.xml": '<?xml version="1.0"?><Properties xmlns:vt="urn:vt"><property '
                               'name="KSOProductBuildVer"><vt:lpwstr>2052-11.8.2</vt:lpwstr>'
                               "</property></Properties>",
        "word/_rels/document.xml.rels": relationships(),
        "word/document.xml": document_xml(BODY),
    }, directories=("_rels/", "docProps/", "word/", "word/_rels/"))
    assert read_document(path) == BODY_READ


def test_a_libreoffice_package_with_an_absolute_target_reads(tmp_path):
    path = write_package(tmp_path / "libreoffice.docx", {
        "_rels/.rels": relationships(("rId1", OFFICE_DOCUMENT, "/word/document.xml")),
        "word/document.xml": document_xml(BODY),
        "[Content_Types].xml": "<Types>not the usual content</Types",
    })
    assert read_document(path) == BODY_READ


def test_the_main_part_is_found_through_the_relationship_whatever_its_name(tmp_path):
    path = write_package(tmp_path / "renamed-part.docx", {
        "_rels/.rels": relationships(("R7f", OFFICE_DOCUMENT, "Word/Main.XML")),
        "word/main.xml": document_xml(BODY),
        "word/document.xml": document_xml(paragraph("不是正文")),
    })
    assert read_document(path) == BODY_READ


def test_a_package_without_relationships_or_content_types_falls_back_to_the_usual_part(tmp_path):
    path = write_package(tmp_path / "bare.docx", {"word/document.xml": document_xml(BODY)})
    assert read_document(path) == BODY_READ


def test_a_package_whose_relationship_points_nowhere_falls_back_to_the_usual_part(tmp_path):
    path = write_package(tmp_path / "dangling.docx", {
        "_rels/.rels": relationships(("rId1", OFFICE_DOCUMENT, "word/missing.xml")),
        "word/document.xml": document_xml(BODY),
    })
    assert read_document(path) == BODY_READ


def test_a_spreadsheet_named_docx_is_not_a_word_file(tmp_path):
    path = write_package(tmp_path / "表格.docx", {
        "_rels/.rels": relationships(("rId1", OFFICE_DOCUMENT, "xl/workbook.xml")),
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    })
    assert _reason(path) == CORRUPT


def test_a_package_with_malformed_document_xml_is_reported(tmp_path):
    path = write_package(tmp_path / "坏.docx", {"word/document.xml": "<w:document><w:body><w:p>"})
    assert _reason(path) == CORRUPT


# --- what the body holds -------------------------------------------------------------------------


def test_a_text_box_is_read_once_after_its_paragraph(tmp_path):
    box = paragraph("框内：目标95%")
    anchored = (
        '<w:p><w:r><w:t>正文在前</w:t></w:r><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{box}</w:txbxContent>'
        "</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>正文在后</w:t></w:r></w:p>"
    )
    vml_only = f"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{paragraph('旧式文本框')}" \
               "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    path = word_package(tmp_path / "文本框.docx", anchored + vml_only + paragraph("下一段"))
    assert read_document(path) == "正文在前正文在后\n框内:目标95%\n旧式文本框\n下一段"


def test_a_table_inside_a_cell_keeps_its_text_in_the_cell(tmp_path):
    inner = table(row(cell(paragraph("人均预期寿命")), cell(paragraph("80岁"))),
                  row(cell(paragraph("床位数")), cell(paragraph("6.5张"))))
    body = table(row(cell(paragraph("健康水平")),
                     cell(paragraph("主要指标") + inner + paragraph("均为预期性"))))
    path = word_package(tmp_path / "嵌套.docx", body)
    assert read_document(path) == "\t健康水平\n\t主要指标;人均预期寿命 80岁;床位数 6.5张;均为预期性"


def test_content_controls_at_every_level_are_read(tmp_path):
    def control(content: str) -> str:
        return f'<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'

    run_level = ('<w:p><w:r><w:t>填报单位：</w:t></w:r>'
                 + control("<w:r><w:t>某县卫健局</w:t></w:r>") + "</w:p>")
    cell_level = row(cell(paragraph("床位数")), control(cell(paragraph("6.5"))))
    body = (control(paragraph("块级控件")) + run_level
            + table(row(cell(paragraph("指标")), cell(paragraph("目标"))), control(cell_level)))
    path = word_package(tmp_path / "控件.docx", body)
    assert read_document(path) == "块级控件\n填报单位:某县卫健局\n\n\t指标\n\t目标\n\n\t床位数\n\t6.5"


def test_tracked_changes_read_as_accepted(tmp_path):
    body = (
        '<w:p><w:r><w:t>孕产妇死亡率控制在</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>12</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>10</w:t></w:r></w:ins>'
        '<w:r><w:t>/10万以下</w:t></w:r>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom></w:p>'
        '<w:p><w:moveTo w:id="4" w:author="a"><w:r><w:t>移来的句子</w:t></w:r></w:moveTo></w:p>'
        + table(row(cell(paragraph("保留"))),
                '<w:tr><w:trPr><w:del w:id="5" w:author="a"/></w:trPr><w:tc><w:p><w:del w:id="6" '
                'w:author="a"><w:r><w:delText>删除的行</w:delText></w:r></w:del></w:p></w:tc></w:tr>')
    )
    path = word_package(tmp_path / "修订.docx", body)
    assert read_document(path) == "孕产妇死亡率控制在10/10万以下\n移来的句子\n\n\t保留"


def test_fields_show_their_result_not_their_instruction(tmp_path):
    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    nested = (run('<w:fldChar w:fldCharType="begin"/>') + run("<w:instrText> IF </w:instrText>")
              + run('<w:fldChar w:fldCharType="begin"/>') + run("<w:instrText> PAGE </w:instrText>")
              + run('<w:fldChar w:fldCharType="separate"/>') + run("<w:t>7</w:t>")
              + run('<w:fldChar w:fldCharType="end"/>') + run('<w:instrText> = 7 "是" "否"</w:instrText>')
              + run('<w:fldChar w:fldCharType="separate"/>') + run("<w:t>是</w:t>")
              + run('<w:fldChar w:fldCharType="end"/>'))
    body = (
        "<w:p>" + run("<w:t>详见</w:t>") + run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> HYPERLINK "http://x.cn" </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>') + run("<w:t>附件1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>') + run("<w:t>。</w:t>") + "</w:p>"
        + '<w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>2025年3月1日</w:t></w:r></w:fldSimple></w:p>'
        + "<w:p>" + nested + "</w:p>"
        + "<w:p>" + run('<w:fldChar w:fldCharType="begin"/>') + run("<w:instrText>TOC</w:instrText>")
        + "</w:p>" + paragraph("损坏的域之后仍有正文")
    )
    path = word_package(tmp_path / "域.docx", body)
    assert read_document(path) == "详见附件1。\n2025年3月1日\n是\n损坏的域之后仍有正文"


def test_hyperlinks_symbols_hyphens_and_tabs(tmp_path):
    body = (
        '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>健康中国行动</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:t>覆盖率</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>'
        '<w:r><w:t>90%</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>'
        '<w:p><w:r><w:t>2021</w:t><w:noBreakHyphen/><w:t>2025年，健</w:t><w:softHyphen/>'
        "<w:t>康</w:t><w:tab/><w:t>规划</w:t></w:r></w:p>"
    )
    path = word_package(tmp_path / "符号.docx", body)
    assert read_document(path) == "健康中国行动\n覆盖率≥90%\n2021-2025年,健康 规划"


def test_breaks_start_lines_and_a_page_break_is_no_line(tmp_path):
    body = (
        paragraph("第一页")
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + '<w:p><w:r><w:t>上半句</w:t><w:br/><w:t>下半句</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p>'
        + '<w:p><w:r><w:t>分页前</w:t><w:br w:type="page"/><w:t>分页后</w:t></w:r></w:p>'
        + table(row(cell('<w:p><w:r><w:t>单元格</w:t><w:br/><w:t>换行</w:t></w:r></w:p>')))
    )
    path = word_package(tmp_path / "分页.docx", body)
    assert read_document(path) == "第一页\n上半句\n下半句\n第三行\n分页前\n分页后\n\n\t单元格换行"


def test_images_are_ignored(tmp_path):
    picture = ('<w:p><w:r><w:t>图1</w:t></w:r><w:r><w:drawing><wp:inline><wp:docPr id="1" '
               'name="图片 1" descr="不是正文"/><a:graphic><a:graphicData><pic:pic><pic:blipFill>'
               '<a:blip r:embed="rId5"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
               "</wp:inline></w:drawing></w:r></w:p>")
    path = word_package(tmp_path / "图片.docx", picture + paragraph("图后文字"),
                        {"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(200)})
    assert read_document(path) == "图1\n图后文字"


def test_an_html_chunk_is_read_in_place(tmp_path):
    html = ("<html><head><meta charset='gbk'></head><body><p>嵌入的网页段落</p>"
            "<table><tr><td>指标</td><td>目标</td></tr><tr><td>床位数</td><td>6.5</td></tr></table>"
            "</body></html>").encode("gbk")
    path = word_package(
        tmp_path / "嵌入.docx",
        paragraph("前文") + '<w:altChunk r:id="htmlChunk"/>' + '<w:altChunk r:id="textChunk"/>'
        + paragraph("后文"),
        {"word/_rels/document.xml.rels": relationships(
            ("htmlChunk", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk",
             "/word/afchunk.htm"),
            ("textChunk", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk",
             "chunk2.txt")),
         "word/afchunk.htm": html,
         "word/chunk2.txt": "纯文本块：床位数达到6.5张".encode("utf-16")},
    )
    assert read_document(path) == (
        "前文\n\n嵌入的网页段落\n\n\t指标\n\t目标\n\n\t床位数\n\t6.5\n\n"
        "纯文本块:床位数达到6.5张\n后文"
    )


def test_headers_footers_footnotes_and_comments_are_not_document_text(tmp_path):
    body = ('<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
            '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>')
    path = word_package(
        tmp_path / "页眉.docx", body,
        {"word/_rels/document.xml.rels": relationships(
            ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
             "header1.xml")),
         "word/header1.xml": f'<w:hdr xmlns:w="{W_STRICT}">{paragraph("某市卫生健康委员会")}</w:hdr>',
         "word/footer1.xml": f'<w:ftr xmlns:w="{W_STRICT}">{paragraph("第 1 页")}</w:ftr>',
         "word/footnotes.xml": f'<w:footnotes xmlns:w="{W_STRICT}"><w:footnote w:id="1">'
                               f'{paragraph("脚注")}</w:footnote></w:footnotes>'},
    )
    assert read_document(path) == "正文"


def test_merged_cells_and_columns_skipped_before_a_row(tmp_path):
    restart = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc>'
    carry_on = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    body = table(
        row(restart.format(paragraph("健康水平")), cell(paragraph("人均预期寿命")), cell(paragraph("80"))),
        row(carry_on, '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + paragraph("同比例提高") + "</w:tc>"),
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + cell(paragraph("床位数"))
        + cell(paragraph("6.5")) + "</w:tr>",
    )
    path = word_package(tmp_path / "合并.docx", body)
    assert read_document(path) == (
        "\t健康水平\n\t人均预期寿命\n\t80\n\n\t\n\t同比例提高\n\n\t床位数\n\t6.5"
    )


def test_a_python_docx_document_still_reads(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、主要目标")
    table_ = document.add_table(rows=1, cols=2)
    table_.cell(0, 0).text, table_.cell(0, 1).text = "婴儿死亡率", "5‰以下"
    path = tmp_path / "python-docx.docx"
    document.save(path)
    assert read_document(path) == "一、主要目标\n\n\t婴儿死亡率\n\t5‰以下"


# --- hostile packages ----------------------------------------------------------------------------


def _streamed_document(path, size: int, filler: bytes = b"<w:p/>") -> None:
    """A package whose document.xml inflates to about `size` bytes of repeated filler."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as part:
            part.write(document_xml("").split("<w:body>")[0].encode() + b"<w:body>")
            block = filler * (1024 * 1024 // len(filler))
            for _ in range(size // len(block)):
                part.write(block)
            part.write(b"</w:body></w:document>")


def test_a_document_part_above_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "过大.docx"
    _streamed_document(path, MAX_PART_BYTES + 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    assert _reason(path) == TOO_LARGE


def test_a_zip_bomb_below_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "炸弹.docx"
    _streamed_document(path, 8 * 1024 * 1024)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
        assert info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
    assert _reason(path) == ZIP_BOMB


def test_a_header_that_understates_the_size_does_not_inflate_the_part(tmp_path):
    path = tmp_path / "谎报.docx"
    _streamed_document(path, 8 * 1024 * 1024)
    data = bytearray(path.read_bytes())
    # Claim 4 KB uncompressed in the local header and the central directory alike.
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        struct.pack_into("<I", data, data.index(header) + size_at, 4096)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size == 4096 != info.file_size
    assert _reason(path) == CORRUPT


@pytest.mark.parametrize("depth", [MAX_XML_DEPTH + 1, 300])
def test_nesting_deeper_than_the_limit_is_refused(tmp_path, depth):
    nested = "<w:sdt><w:sdtContent>" * depth + paragraph("深处") + "</w:sdtContent></w:sdt>" * depth
    path = word_package(tmp_path / "嵌套过深.docx", nested)
    assert _reason(path) == TOO_DEEP


def test_nesting_within_the_limit_reads(tmp_path):
    depth = MAX_XML_DEPTH // 2 - 10
    nested = "<w:sdt><w:sdtContent>" * depth + paragraph("深处") + "</w:sdtContent></w:sdt>" * depth
    path = word_package(tmp_path / "嵌套.docx", nested)
    assert read_document(path) == "深处"


def test_entities_are_neither_expanded_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("服务器上的文件", encoding="utf-8")
    doctype = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈">'
               '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
               f'<!ENTITY file SYSTEM "{secret.as_uri()}">]>')
    document = document_xml(paragraph("正文&c;") + paragraph("其余&file;")).split("\n", 1)[1]
    path = write_package(tmp_path / "实体.docx", {"word/document.xml": doctype + document})
    assert read_document(path) == "正文\n其余"


# --- old binary .doc ---------------------------------------------------------------------------

DOC_PARAGRAPHS = [
    ("某县2025年卫生健康工作要点", PARAGRAPH),
    ("详见\x13 HYPERLINK \"http://x.cn\" \x14附件1\x15。", PARAGRAPH),
    ("指标", CELL), ("目标", CELL), ("", ROW),
    ("每千人口床位数", CELL_PARAGRAPH), ("（张）", CELL), ("≥6.5", CELL), ("", ROW),
    ("", CELL), ("说明\x0b见附件", CELL), ("", ROW),
    ("二、保障措施\x0c", PARAGRAPH), ("\x01\x08加强组织领导\x1e落实\x1f责任", PARAGRAPH),
]
DOC_READ = (
    "Plan 2025 – cost €5\n某县2025年卫生健康工作要点\n详见附件1。\n"
    "\n\t指标\n\t目标\n\n\t每千人口床位数(张)\n\t≥6.5\n\n\t\n\t说明见附件\n\n"
    "二、保障措施\n加强组织领导-落实责任"
)


def _old_word_file(tmp_path, name: str, **options) -> Path:
    path = tmp_path / name
    streams = word97_streams(DOC_PARAGRAPHS, eight_bit_first="Plan 2025 – cost €5\r", **options)
    path.write_bytes(ole_file(streams))
    return path


def test_an_old_doc_file_reads_with_its_table(tmp_path):
    path = _old_word_file(tmp_path, "要点.doc")
    assert read_document(path) == DOC_READ


def test_a_doc_file_named_docx_reads_as_doc(tmp_path):
    path = _old_word_file(tmp_path, "改名.docx")
    assert read_document(path) == DOC_READ


def test_a_docx_package_named_doc_reads_as_docx(tmp_path):
    path = word_package(tmp_path / "改名.doc", BODY)
    assert read_document(path) == BODY_READ


def test_a_word_95_file_says_to_save_as_docx(tmp_path):
    assert _reason(_old_word_file(tmp_path, "旧.doc", version=0x65)) == OLD_VERSION


def test_an_encrypted_doc_says_to_remove_the_password(tmp_path):
    assert _reason(_old_word_file(tmp_path, "加密.doc", flags=0x0100)) == ENCRYPTED


def test_a_password_protected_docx_says_to_remove_the_password(tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(ole_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(64)}))
    assert _reason(path) == ENCRYPTED


def test_another_ole_file_named_doc_is_not_a_word_file(tmp_path):
    path = tmp_path / "表格.doc"
    path.write_bytes(ole_file({"Workbook": bytes(64)}))
    assert _reason(path) == CORRUPT


def test_a_truncated_doc_is_reported_as_damaged(tmp_path):
    path = _old_word_file(tmp_path, "截断.doc")
    path.write_bytes(path.read_bytes()[:3000])
    assert _reason(path) == DAMAGED_DOC


def test_an_ole_directory_chained_thousands_deep_is_refused(tmp_path):
    path = tmp_path / "目录链.doc"
    path.write_bytes(ole_file({f"stream{index}": b"" for index in range(3000)}))
    assert _reason(path) == DAMAGED_DOC
