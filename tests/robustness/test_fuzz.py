"""Whatever bytes or text arrive, reading and extraction end in text, rows or one SourceError.

Hypothesis feeds arbitrary bytes (and bytes shaped like text, web pages and Word files) to the
readers, and arbitrary text built from the words plans are made of to the extraction. Every
row produced points at its own value: text[span_start:span_end] == value_text.
"""
from __future__ import annotations

import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.pipeline import extract_document
from etl.reading import SourceError, read_document
from etl.reading.errors import Unreadable
from etl.reading.normalize import normalize_text
from etl.reading.text import decode_text
from etl.sources import SourceMeta

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

META = SourceMeta(doc_id="fuzz", file="fuzz.txt", region="某市", region_level="市", province="某省",
                  parent_region=None, plan_year=2025, horizon_year=2027, doc_type="工作要点",
                  title="2025年某市卫生健康工作要点", issuer=None, date=None, url=None)

# Pieces plans are made of: headings, clause numbers, indicators, verbs, numbers, units,
# comparators, table cells and line breaks, so random text still reaches the readers' rules.
WORDS = [
    "一、", "(一)", "1.", "2.", "十四五", "2023年", "2025年", "2027年", "到2025年,", "指标", "性质",
    "预期性", "约束性", "类别", "序号", "\t", "\n", "\n\n", "\t\n", "。", ",", "、", ";", ":", "(", ")",
    "达到", "达", "保持", "提高到", "下降", "提升", "降低", "增加", "减少", "控制在", "不低于", "不少于",
    "不超过", "至少", "超过", "逾", "≥", "≤", ">", "<", "以上", "及以上", "以下", "以内", "左右", "内",
    "%", "‰", "/10万", "1/10万", "个百分点", "百分点", "人", "万人", "家", "个", "张", "项", "名", "岁",
    "千分之五", "一半", "前三", "前50", "全覆盖", "全部达到", "同比例提高", "3-5个", "-", "−", "~", "至",
    "0", "1", "5", "12", "80", "85.5", "9.5", "100", "2,000", "0.5", "一", "两", "三", "十", "百", "千",
    "人均预期寿命", "婴儿死亡率", "孕产妇死亡率", "中医馆", "托位", "每千人口", "疫苗接种率",
    "高血压患者规范管理率", "医疗机构", "建成", "新增", "完成", "实现", "覆盖率", "全市", "各区",
    "<script>", "=SUM(1)", "|", " ",
]
plan_like_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=120).map("".join)


def check_rows(text: str) -> None:
    try:
        result = extract_document(text, META)
    except SourceError:
        return
    for row in result.targets:
        start, end = row["span_start"], row["span_end"]
        assert 0 <= start < end <= len(text), (row["value_text"], start, end, len(text))
        assert text[start:end] == row["value_text"], (text[start:end], row["value_text"])
    for row in result.review:
        start, end = row["span_start"], row["span_end"]
        assert 0 <= start <= end <= len(text)


@FUZZ
@given(st.binary(max_size=4096))
def test_decode_text_gives_text_or_says_unreadable(data):
    try:
        text = decode_text(data)
    except Unreadable as problem:
        assert problem.reason
        return
    assert isinstance(text, str)


# Text as documents hold it: letters, digits, punctuation, spaces and line breaks (control
# characters make short files look binary or UTF-16, which the readers rightly guess at).
document_text = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"),
                                      whitelist_characters="\n\t"), max_size=400)


@FUZZ
@given(document_text, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_decode_text_reads_back_any_text_saved_as_utf(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        decoded = decode_text(data)
    except Unreadable:
        return
    if encoding.startswith("utf") and text and not text.startswith("\ufeff"):
        assert decoded == text


def read_bytes_as(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"来源{suffix}"
        path.write_bytes(data)
        try:
            text = read_document(path)
        except SourceError as problem:
            assert str(problem).startswith(path.name + ": ")
            assert "\n" not in str(problem)
            return
    assert text.strip()
    assert normalize_text(text) == text


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".html", ".docx"]))
def test_read_document_on_arbitrary_bytes(data, suffix):
    read_bytes_as(data, suffix)


tag = st.sampled_from(["p", "div", "td", "th", "tr", "table", "span", "br", "li", "ul", "nav",
                       "footer", "header", "script", "style", "h1", "b"])
attribute = st.sampled_from(["", ' rowspan="3"', ' colspan="2"', ' rowspan="999999999"',
                             ' colspan="-4"', ' rowspan="x"', ' class="nav"', ' id="footer"'])
html_piece = (st.tuples(tag, attribute).map(lambda t: f"<{t[0]}{t[1]}>")
              | tag.map(lambda t: f"</{t}>") | st.sampled_from(WORDS) | st.text(max_size=6))
html_like = st.lists(html_piece, max_size=80).map("".join)


@FUZZ
@given(html_like, st.sampled_from(["utf-8", "gb18030"]))
def test_read_document_on_page_like_html(markup, encoding):
    read_bytes_as(markup.encode(encoding, errors="replace"), ".html")


def xml_safe(text: str) -> str:
    """What a Word file can hold: no control characters or lone surrogates."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


xml_safe_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@FUZZ
@given(st.lists(st.one_of(xml_safe_text, plan_like_text.map(xml_safe)), max_size=8),
       st.lists(st.lists(xml_safe_text, min_size=1, max_size=4), max_size=4))
def test_read_document_on_word_files(paragraphs, table):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, cells in enumerate(table):
            for c, value in enumerate(cells):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    read_bytes_as(buffer.getvalue(), ".docx")


@FUZZ
@given(st.binary(max_size=2048))
def test_read_document_on_word_packages_with_a_damaged_body(body):
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(buffer)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = body if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, content)
    read_bytes_as(damaged.getvalue(), ".docx")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_like_text)
def test_extraction_on_plan_like_text_points_every_row_at_its_value(raw):
    check_rows(normalize_text(raw))


@FUZZ
@given(st.text(max_size=600))
def test_extraction_on_arbitrary_text_points_every_row_at_its_value(raw):
    check_rows(normalize_text(raw))
