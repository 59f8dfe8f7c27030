"""PDF plans read like their text: wrapped lines joined, page furniture dropped, ruled tables
flattened with their merged cells, and files that cannot be read refused in one line.

The PDFs are laid out here the way Word and WPS lay out a notice: A4, a Chinese CID font,
justified lines with a two-character first-line indent, a running header and page numbers.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from etl.pipeline import extract_document
from etl.reading import SourceError, errors, pdf, read_document, read_raw_text
from etl.sources import DOCUMENT_SUFFIXES, SourceMeta
from etl.tables import find_table_blocks, parse_indicator_table
from store.paths import SOURCES_DIR

FONT = "STSong-Light"  # one of the CID fonts every PDF reader knows; nothing to embed
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 80.0, 515.0
TOP, BOTTOM = 760.0, 90.0
BODY = 16.0
PITCH = 28.0
# Real published PDFs of the development set, beside the project when it is checked out there.
REAL_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "devset" / "real-files"


# --- Laying out a plan -----------------------------------------------------------------------


class PlanPdf:
    """A plan laid out as a word processor prints it."""

    def __init__(self, path: Path, header: str | None = None, footer=lambda n: f"- {n} -",
                 indent: bool = True, encrypt=None):
        self.path = path
        self.canvas = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
        self.header, self.footer, self.indent = header, footer, indent
        self.page = 0
        self._start_page()

    def _start_page(self) -> None:
        self.page += 1
        self.y = TOP
        if self.header:
            self._draw_centred(self.header, 10.5, PAGE_HEIGHT - 50)
        if self.footer:
            self._draw_centred(self.footer(self.page), 14, 50)

    def new_page(self) -> None:
        self.canvas.showPage()
        self._start_page()

    def _draw_centred(self, text: str, size: float, y: float, color=(0, 0, 0)) -> None:
        self.canvas.setFillColorRGB(*color)
        self.canvas.setFont(FONT, size)
        self.canvas.drawCentredString(PAGE_WIDTH / 2, y, text)
        self.canvas.setFillColorRGB(0, 0, 0)

    def _room_for(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def paragraph(self, text: str, size: float = BODY, centred: bool = False) -> None:
        first_indent = 2 * size if self.indent and not centred else 0.0
        for number, (tokens, last) in enumerate(_wrap(text, size, first_indent)):
            self._room_for(PITCH)
            self.y -= PITCH
            if centred:
                self._draw_centred("".join(tokens), size, self.y)
                continue
            start = LEFT + (first_indent if number == 0 else 0.0)
            _draw_justified(self.canvas, tokens, size, start, self.y, justify=not last)

    def red_header(self, issuer: str) -> None:
        self.y -= 60
        self._draw_centred(issuer, 30, self.y, color=(0.9, 0.05, 0.05))
        self.y -= 20

    def red_rule(self) -> None:
        self.y -= 12
        self.canvas.setFillColorRGB(0.9, 0.05, 0.05)
        self.canvas.rect(LEFT - 10, self.y, RIGHT - LEFT + 20, 2.5, stroke=0, fill=1)
        self.canvas.setFillColorRGB(0, 0, 0)

    def table(self, widths: list[float], rows: list[list[tuple[str, int, int]]], size: float = 10.5):
        """A ruled table; rows hold (text, colspan, rowspan), cells covered from above left out."""
        height = 2.2 * size
        self._room_for(height * len(rows) + 10)
        self.y -= 10
        edges = [LEFT + sum(widths[:i]) for i in range(len(widths) + 1)]
        occupied: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            column = 0
            for text, colspan, rowspan in row:
                while (r, column) in occupied:
                    column += 1
                x0, x1 = edges[column], edges[column + colspan]
                top = self.y - r * height
                self.canvas.rect(x0, top - rowspan * height, x1 - x0, rowspan * height, stroke=1, fill=0)
                self.canvas.setFont(FONT, size)
                self.canvas.drawString(x0 + 3, top - rowspan * height / 2 - size / 3, text)
                occupied.update((r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan))
                column += colspan
        self.y -= height * len(rows) + 4

    def save(self) -> Path:
        self.canvas.save()
        return self.path


def _tokens(text: str) -> list[str]:
    # Latin words and numbers are never broken across lines, as in Word.
    return re.findall(r"[\x21-\x7e]+|.", text)


def _width(token: str, size: float) -> float:
    return pdfmetrics.stringWidth(token, FONT, size)


def _wrap(text: str, size: float, first_indent: float):
    """Lines of tokens; closing punctuation may hang past the margin rather than start a line."""
    lines, line, used, room = [], [], 0.0, RIGHT - LEFT - first_indent
    for token in _tokens(text):
        width = _width(token, size)
        if line and used + width > room and token not in "，。、；：！？）》”":
            lines.append(line)
            line, used, room = [], 0.0, RIGHT - LEFT
        line.append(token)
        used += width
    lines.append(line)
    return [(tokens, index == len(lines) - 1) for index, tokens in enumerate(lines)]


def _draw_justified(pdf_canvas, tokens: list[str], size: float, x: float, y: float, justify: bool):
    natural = sum(_width(token, size) for token in tokens)
    gaps = max(len(tokens) - 1, 1)
    extra = max(0.0, (RIGHT - x - natural) / gaps) if justify else 0.0
    pdf_canvas.setFont(FONT, size)
    for token in tokens:
        pdf_canvas.drawString(x, y, token)
        x += _width(token, size) + extra


def _png(width: int = 400, height: int = 300) -> bytes:
    image = Image.new("L", (width, height), 255)
    ImageDraw.Draw(image).rectangle((40, 40, width - 40, 80), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _reason(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_document(path)
    return caught.value.reason


PARAGRAPH_ONE = ("加强基层卫生服务能力建设，推进社区卫生服务中心和乡镇卫生院提档升级，新建村卫生室12个，"
                 "实现每千常住人口执业(助理)医师数达到3.2人以上，基层医疗卫生机构诊疗量占比达到60%以上。")
PARAGRAPH_TWO = ("强化疾病预防控制，适龄儿童免疫规划疫苗接种率保持在95%以上，高血压、糖尿病患者规范管理率"
                 "分别达到65%和66%，严重精神障碍患者规范管理率达到92%。")

PARAGRAPH_THREE = ("实施中医药传承创新工程，每个县级中医医院建成2个以上中医优势专科，基层中医馆实现全覆盖，"
                   "中医药服务量占比达到35%左右。")


# --- Running text ----------------------------------------------------------------------------


def test_a_wrapped_paragraph_comes_out_as_one_line(tmp_path):
    plan = PlanPdf(tmp_path / "计划.pdf")
    plan.paragraph("2025年全区卫生健康工作计划", size=22, centred=True)
    plan.paragraph("一、基层卫生")
    plan.paragraph(PARAGRAPH_ONE)
    plan.paragraph("二、疾病预防控制")
    plan.paragraph(PARAGRAPH_TWO)
    path = plan.save()
    assert len(_wrap(PARAGRAPH_ONE, BODY, 2 * BODY)) == 4
    assert read_document(path).split("\n") == [
        "2025年全区卫生健康工作计划", "一、基层卫生", _read(PARAGRAPH_ONE), "二、疾病预防控制",
        _read(PARAGRAPH_TWO),
    ]


# An indented first line holds 25 characters, a full line 27.
SENTENCE_FILLING_A_FIRST_LINE = "完善分级诊疗制度，全面推进紧密型县域医共体的建设。"
SENTENCE_FILLING_A_LINE = "完善分级诊疗制度，推进紧密型县域医共体建设，就诊率稳。"


def test_a_full_line_that_ends_a_sentence_inside_an_indented_paragraph_goes_on(tmp_path):
    assert [len(tokens) for tokens, _ in _wrap(SENTENCE_FILLING_A_FIRST_LINE + "加", BODY, 2 * BODY)] == [25, 1]
    paragraph = SENTENCE_FILLING_A_FIRST_LINE + "加强基层人才队伍建设，每万人口全科医生数达到4.5人。"
    plan = PlanPdf(tmp_path / "计划.pdf")
    plan.paragraph(paragraph)
    plan.paragraph("下一段从缩进开始。")
    assert read_document(plan.save()).split("\n") == [_read(paragraph), "下一段从缩进开始。"]


def test_without_indents_a_full_line_ending_a_sentence_ends_the_paragraph(tmp_path):
    assert [len(tokens) for tokens, _ in _wrap(SENTENCE_FILLING_A_LINE + "加", BODY, 0)] == [27, 1]
    plan = PlanPdf(tmp_path / "计划.pdf", indent=False)
    plan.paragraph(SENTENCE_FILLING_A_LINE)
    plan.paragraph(PARAGRAPH_ONE)
    plan.paragraph(PARAGRAPH_TWO)
    lines = read_document(plan.save()).split("\n")
    assert lines == [_read(SENTENCE_FILLING_A_LINE), _read(PARAGRAPH_ONE), _read(PARAGRAPH_TWO)]


@pytest.mark.parametrize(
    "footer",
    [lambda n: f"- {n} -", lambda n: f"— {n} —", lambda n: f"第{n}页", lambda n: f"{n}/3",
     lambda n: f"第 {n} 页 共 3 页"],
    ids=["dashes", "em dashes", "第N页", "N/3", "第N页共M页"],
)
def test_running_header_footer_and_page_numbers_are_dropped(tmp_path, footer):
    plan = PlanPdf(tmp_path / "计划.pdf", header="某市卫生健康委员会文件", footer=footer)
    plan.paragraph("一、基层卫生")
    for _ in range(8):
        plan.paragraph(PARAGRAPH_ONE)
    plan.paragraph("二、疾病预防控制")
    for _ in range(8):
        plan.paragraph(PARAGRAPH_TWO)
    path = plan.save()
    assert plan.page == 3
    lines = read_document(path).split("\n")
    # Paragraphs broken by a page end come out whole: nothing but the paragraphs is left.
    assert lines == ["一、基层卫生", *[_read(PARAGRAPH_ONE)] * 8, "二、疾病预防控制", *[_read(PARAGRAPH_TWO)] * 8]


def test_a_header_with_the_page_number_in_it_is_dropped(tmp_path):
    plan = PlanPdf(tmp_path / "计划.pdf", footer=None)
    pages = [[PARAGRAPH_ONE, PARAGRAPH_TWO], [PARAGRAPH_TWO, PARAGRAPH_ONE], [PARAGRAPH_THREE]]
    for number, paragraphs in enumerate(pages, start=1):
        if number > 1:
            plan.new_page()
        plan._draw_centred(f"2025年工作要点 · {number}", 10.5, PAGE_HEIGHT - 50)
        for paragraph in paragraphs:
            plan.paragraph(paragraph)
    lines = read_document(plan.save()).split("\n")
    assert lines == [_read(paragraph) for paragraphs in pages for paragraph in paragraphs]


def test_the_red_header_of_a_notice_is_dropped_and_its_title_and_number_kept(tmp_path):
    plan = PlanPdf(tmp_path / "通知.pdf")
    plan.red_header("某市卫生健康委员会文件")
    plan.paragraph("某卫发〔2025〕12号", centred=True)
    plan.red_rule()
    plan.paragraph("关于印发2025年全市卫生健康工作要点的通知", size=22, centred=True)
    plan.paragraph("各区卫生健康局：")
    plan.paragraph(PARAGRAPH_TWO)
    lines = read_document(plan.save()).split("\n")
    assert lines == ["某卫发〔2025〕12号", "关于印发2025年全市卫生健康工作要点的通知", "各区卫生健康局:",
                     _read(PARAGRAPH_TWO)]


def _read(text: str) -> str:
    from etl.reading.normalize import normalize_text

    return normalize_text(text)


# --- Tables ----------------------------------------------------------------------------------

HEADER = [("指标", 1, 1), ("2023年", 1, 1), ("2025年", 1, 1), ("2027年", 1, 1), ("属性", 1, 1)]
WIDTHS = [170, 62, 62, 62, 70]
ROWS = [
    [("人均预期寿命(岁)", 1, 1), ("82.4", 1, 1), ("82.5", 1, 1), ("82.7", 1, 1), ("预期性", 1, 1)],
    [("每千人口医疗卫生机构床位数(张)", 1, 1), ("5.6", 1, 1), ("≥6.1", 2, 1), ("预期性", 1, 1)],
    [("孕产妇死亡率(1/10万)", 1, 1), ("<8", 3, 1), ("约束性", 1, 1)],
    [("婴儿死亡率(‰)", 1, 1), ("2.1", 1, 1), ("<3", 1, 1), ("<3", 1, 1), ("约束性", 1, 1)],
]
FLATTENED = [
    "\t指标", "\t2023年", "\t2025年", "\t2027年", "\t属性", "",
    "\t人均预期寿命(岁)", "\t82.4", "\t82.5", "\t82.7", "\t预期性", "",
    # A value merged over several year columns is written once; the columns it spans stay empty.
    "\t每千人口医疗卫生机构床位数(张)", "\t5.6", "\t≥6.1", "\t", "\t预期性", "",
    "\t孕产妇死亡率(1/10万)", "\t<8", "\t", "\t", "\t约束性", "",
    "\t婴儿死亡率(‰)", "\t2.1", "\t<3", "\t<3", "\t约束性", "",
]
EXPECTED_TABLE_VALUES = {
    ("人均预期寿命", 2023, 82.4), ("人均预期寿命", 2025, 82.5), ("人均预期寿命", 2027, 82.7),
    ("每千人口医疗卫生机构床位数", 2023, 5.6), ("每千人口医疗卫生机构床位数", 2025, 6.1),
    ("每千人口医疗卫生机构床位数", 2027, 6.1),
    ("孕产妇死亡率", 2023, 8.0), ("孕产妇死亡率", 2025, 8.0), ("孕产妇死亡率", 2027, 8.0),
    ("婴儿死亡率", 2023, 2.1), ("婴儿死亡率", 2025, 3.0), ("婴儿死亡率", 2027, 3.0),
}


def _table_values(text: str) -> set[tuple[str, int, float]]:
    (block,) = find_table_blocks(text)
    return {(row.indicator, row.year, row.value) for row in parse_indicator_table(block, plan_year=2025)}


def test_a_ruled_indicator_table_with_merged_cells_is_flattened_in_place(tmp_path):
    plan = PlanPdf(tmp_path / "指标.pdf")
    plan.paragraph("附件")
    plan.paragraph("全市卫生健康事业发展主要指标", size=18, centred=True)
    plan.table(WIDTHS, [HEADER, *ROWS])
    plan.paragraph("注：约束性指标须按期完成。")
    path = plan.save()
    raw = read_raw_text(path).split("\n")
    assert raw == ["附件", "全市卫生健康事业发展主要指标", "", *FLATTENED, "注：约束性指标须按期完成。"]
    text = read_document(path)
    assert _table_values(text) == EXPECTED_TABLE_VALUES
    assert find_table_blocks(text)[0].title == "全市卫生健康事业发展主要指标"


def test_a_category_cell_spanning_rows_keeps_the_rows_in_shape(tmp_path):
    header = [("类别", 1, 1), *HEADER]
    rows = [[("健康水平", 1, 2), *ROWS[0]], ROWS[3], [("健康资源", 1, 1), *ROWS[1]]]
    plan = PlanPdf(tmp_path / "指标.pdf")
    plan.table([56, 180, 50, 50, 50, 50], [header, *rows])
    raw = read_raw_text(plan.save()).split("\n")
    second_row = raw[raw.index("\t婴儿死亡率(‰)") - 1: raw.index("\t婴儿死亡率(‰)") + 5]
    assert second_row == ["\t", "\t婴儿死亡率(‰)", "\t2.1", "\t<3", "\t<3", "\t约束性"]
    (block,) = find_table_blocks(read_document(plan.path))
    categories = {row.indicator: row.category for row in parse_indicator_table(block, plan_year=2025)}
    assert categories["婴儿死亡率"] == "健康水平"
    assert categories["每千人口医疗卫生机构床位数"] == "健康资源"


@pytest.mark.parametrize("repeat_header", [False, True], ids=["no header on page 2", "header repeated"])
def test_a_table_split_across_two_pages_is_one_table(tmp_path, repeat_header):
    plan = PlanPdf(tmp_path / "指标.pdf", header="某市卫生健康委员会文件")
    plan.paragraph("全市卫生健康事业发展主要指标", size=18, centred=True)
    for _ in range(4):
        plan.paragraph(PARAGRAPH_TWO)
    plan.table(WIDTHS, [HEADER, *ROWS[:2]])
    plan.new_page()
    plan.table(WIDTHS, [HEADER, *ROWS[2:]] if repeat_header else ROWS[2:])
    plan.paragraph("注：约束性指标须按期完成。")
    path = plan.save()
    raw = read_raw_text(path)
    assert raw.count("\t指标\n") == 1
    text = read_document(path)
    assert _table_values(text) == EXPECTED_TABLE_VALUES
    (block,) = find_table_blocks(text)
    assert len(block.rows) == len(ROWS)


def test_table_text_does_not_come_out_again_as_running_text(tmp_path):
    plan = PlanPdf(tmp_path / "指标.pdf")
    plan.table(WIDTHS, [HEADER, *ROWS])
    raw = read_raw_text(plan.save())
    untabbed = [line for line in raw.split("\n") if line and not line.startswith("\t")]
    assert untabbed == []
    assert Counter(raw.split("\n"))["\t预期性"] == 2


def test_a_box_drawn_around_a_paragraph_is_not_a_table(tmp_path):
    plan = PlanPdf(tmp_path / "计划.pdf")
    plan.paragraph(PARAGRAPH_ONE)
    plan.canvas.rect(LEFT - 5, plan.y - 10, RIGHT - LEFT + 10, TOP - plan.y + 30, stroke=1, fill=0)
    assert read_document(plan.save()) == _read(PARAGRAPH_ONE)


def test_records_printed_one_per_paragraph_with_the_same_labels_become_a_table(tmp_path):
    plan = PlanPdf(tmp_path / "纲要.pdf")
    plan.paragraph("主要指标")
    plan.paragraph("领域：健康水平 指标：人均预期寿命(岁) 2015 年：76.34 2020 年：77.3 2030 年：79.0")
    plan.paragraph("领域：健康水平 指标：婴儿死亡率(‰) 2015 年：8.1 2020 年：7.5 2030 年：5.0")
    plan.paragraph("领域：健康生活 指标：居民健康素养水平(%) 2015 年：10 2020 年：20 2030 年：30")
    plan.paragraph("下一段。")
    text = read_document(plan.save())
    (block,) = find_table_blocks(text)
    assert block.header == ["领域", "指标", "2015年", "2020年", "2030年"]
    assert block.title == "主要指标"
    values = {(row.indicator, row.year, row.value) for row in parse_indicator_table(block, plan_year=2016)}
    assert ("婴儿死亡率", 2030, 5.0) in values and ("居民健康素养水平", 2015, 10.0) in values
    assert len(values) == 9
    assert text.endswith("\n下一段。")


# --- Files that cannot be read ---------------------------------------------------------------


def test_a_scanned_pdf_is_refused_in_one_line(tmp_path):
    path = tmp_path / "扫描件.pdf"
    scan = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        scan.drawImage(ImageReader(io.BytesIO(_png(595, 842))), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
        scan.showPage()
    scan.save()
    with pytest.raises(SourceError) as caught:
        read_document(path)
    assert caught.value.reason == errors.SCANNED_PDF
    assert str(caught.value) == f"扫描件.pdf: {errors.SCANNED_PDF}" and "\n" not in str(caught.value)


def test_a_scan_with_a_typed_cover_page_is_refused(tmp_path):
    plan = PlanPdf(tmp_path / "扫描件.pdf")
    plan.paragraph("2025年全区卫生健康工作计划", size=22, centred=True)
    for _ in range(2):
        plan.new_page()
        plan.canvas.drawImage(ImageReader(io.BytesIO(_png(595, 842))), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
    assert _reason(plan.save()) == errors.SCANNED_PDF


def test_a_scanned_signature_page_after_the_text_is_left_out(tmp_path):
    plan = PlanPdf(tmp_path / "计划.pdf", footer=None)
    plan.paragraph(PARAGRAPH_ONE)
    plan.paragraph(PARAGRAPH_TWO)
    plan.new_page()
    plan.canvas.drawImage(ImageReader(io.BytesIO(_png())), 100, 400, 300, 200)
    assert read_document(plan.save()) == f"{_read(PARAGRAPH_ONE)}\n{_read(PARAGRAPH_TWO)}"


def test_a_pdf_of_drawings_only_says_it_has_no_text(tmp_path):
    path = tmp_path / "图.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.rect(100, 100, 300, 300, stroke=1, fill=0)
    drawing.save()
    assert _reason(path) == errors.PDF_WITHOUT_TEXT


@pytest.mark.parametrize(
    ("data", "kind"),
    [(_png(), "PNG"), (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "JPEG")],
    ids=["png", "jpeg"],
)
def test_image_bytes_named_pdf_are_refused_in_one_line(tmp_path, data, kind):
    path = tmp_path / "规划.pdf"
    path.write_bytes(data)
    assert _reason(path) == errors.IMAGE_NAMED_PDF.format(kind=kind)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 whatever", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"<html>not a pdf</html>"],
    ids=["header only", "truncated", "not a pdf"],
)
def test_a_damaged_pdf_is_refused_in_one_line(tmp_path, data):
    path = tmp_path / "规划.pdf"
    path.write_bytes(data)
    assert _reason(path) == errors.CORRUPT_PDF


def test_a_pdf_cut_short_is_refused_in_one_line(tmp_path):
    plan = PlanPdf(tmp_path / "full.pdf")
    plan.paragraph(PARAGRAPH_ONE)
    data = plan.save().read_bytes()
    path = tmp_path / "规划.pdf"
    path.write_bytes(data[: len(data) // 3])
    assert _reason(path) == errors.CORRUPT_PDF


def test_a_pdf_that_needs_a_password_is_refused_in_one_line(tmp_path):
    encryption = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    plan = PlanPdf(tmp_path / "加密.pdf", encrypt=encryption)
    plan.paragraph(PARAGRAPH_ONE)
    assert _reason(plan.save()) == errors.ENCRYPTED_PDF


def test_a_pdf_that_only_restricts_copying_reads(tmp_path):
    # Many notices are published with an owner password that forbids editing; they open
    # without a password, and their text is read.
    path = tmp_path / "限制.pdf"
    restricted = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(
        "", ownerPassword="owner", canModify=0, canCopy=0))
    restricted.setFont("Helvetica", 12)
    restricted.drawString(80, 700, "Health plan 2025: 95% coverage.")
    restricted.save()
    assert read_document(path) == "Health plan 2025: 95% coverage."


def test_an_empty_file_named_pdf_is_reported_empty(tmp_path):
    path = tmp_path / "空.pdf"
    path.write_bytes(b"")
    assert _reason(path) == errors.EMPTY_FILE


def test_a_missing_pdf_is_reported_missing(tmp_path):
    assert _reason(tmp_path / "不存在.pdf") == errors.NOT_FOUND


def test_the_page_and_size_limits_are_stated_in_the_message(tmp_path, monkeypatch):
    plan = PlanPdf(tmp_path / "长.pdf")
    for _ in range(3):
        plan.paragraph(PARAGRAPH_ONE)
        plan.new_page()
    path = plan.save()
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2)
    assert _reason(path) == errors.PDF_TOO_MANY_PAGES.format(pages=4, limit=2)
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1024)
    assert _reason(path) == errors.PDF_TOO_LARGE.format(size=0, limit=0)


def test_pdf_is_a_source_suffix():
    assert ".pdf" in DOCUMENT_SUFFIXES


# --- The first seed document as a PDF --------------------------------------------------------

SEED = SOURCES_DIR / "000_c2891e936343edea.txt"
SEED_META = SourceMeta(
    doc_id="jiaxing-2025-work-points", file=SEED.name, region="嘉兴市", region_level="市",
    province="浙江省", parent_region="浙江省", plan_year=2025, horizon_year=2025, doc_type="工作要点",
    title="2025年全市卫生健康工作要点", issuer="嘉兴市卫生健康委员会", date="2025-04-02", url=None,
)


def _value_pairs(text: str) -> Counter:
    targets = extract_document(text, SEED_META).targets
    return Counter((row["value_text"], row["value"]) for row in targets)


def seed_value_share(tmp_path: Path) -> tuple[float, int]:
    plan = PlanPdf(tmp_path / "seed.pdf", header="嘉兴市卫生健康委员会")
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            plan.paragraph(line.strip())
    path = plan.save()
    expected = _value_pairs(read_document(SEED))
    found = _value_pairs(read_document(path))
    kept = sum(min(count, found[pair]) for pair, count in expected.items())
    return kept / sum(expected.values()), plan.page


def test_the_first_seed_document_printed_to_pdf_gives_its_target_values(tmp_path):
    share, pages = seed_value_share(tmp_path)
    assert pages >= 8  # wrapped at the page width over many pages, with page numbers
    assert share >= 0.95


# --- Real PDFs of the development set (skipped where the set is not at hand) ------------------

NATIONAL = REAL_FILES / "national-healthy-china-2030-outline.pdf"
FOSHAN = REAL_FILES / "foshan-2025-dengue-surveillance.pdf"
GUANGDONG_SCAN = REAL_FILES / "guangdong-2025-dengue-notice.pdf"


@pytest.mark.skipif(not NATIONAL.exists(), reason="development set not at hand")
def test_the_national_outline_reads_and_its_indicator_table_is_found():
    text = read_document(NATIONAL)
    blocks = [block for block in find_table_blocks(text)
              if {"2015年", "2020年", "2030年"} <= set(block.header)]
    assert len(blocks) == 1
    (block,) = blocks
    # Thirteen indicators, each with its field, name and three year values.
    assert len(block.rows) == 13
    assert all(len(row) == 5 and all(cell.text for cell in row) for row in block.rows)
    rows = parse_indicator_table(block, plan_year=2016)
    # Three baselines date their own figure: 89.6(2014 年), 3.6(2014 年), 19.1(2013 年).
    assert {row.year for row in rows} == {2013, 2014, 2015, 2020, 2030}
    assert sorted((row.value, row.year) for row in rows if row.year < 2015) == [(3.6, 2014), (19.1, 2013), (89.6, 2014)]
    assert len({row.indicator for row in rows}) == 13


@pytest.mark.skipif(not FOSHAN.exists(), reason="development set not at hand")
def test_the_foshan_notice_reads_without_its_red_header():
    import pdfplumber

    with pdfplumber.open(FOSHAN) as document:
        first_page = document.pages[0]
        red_header = "".join(char["text"] for char in first_page.chars
                             if pdf._is_red(char["non_stroking_color"]) and char["size"] > 20)
        largest_black = max(char["size"] for char in first_page.chars
                            if not pdf._is_red(char["non_stroking_color"]))
        title = "".join(char["text"] for char in first_page.chars if char["size"] == largest_black)
    assert red_header
    text = read_document(FOSHAN)
    lines = text.split("\n")
    # The notice opens with its number and its title (on one line); the issuer's name in red
    # above them is gone (it comes back only in black, as the signature at the end).
    assert "〔2025〕" in lines[0]
    assert re.sub(r"\s", "", lines[1]) == re.sub(r"\s", "", title)
    assert not re.sub(r"\s", "", lines[0]).startswith(red_header)
    assert [re.sub(r"\s", "", line) for line in lines].count(red_header) == 1
    assert not any(re.fullmatch(r"[-—\s]*\d+[-—\s]*", line) for line in lines)  # no page numbers


@pytest.mark.skipif(not GUANGDONG_SCAN.exists(), reason="development set not at hand")
def test_the_scanned_provincial_notice_is_refused_in_one_line():
    assert _reason(GUANGDONG_SCAN) == errors.SCANNED_PDF
