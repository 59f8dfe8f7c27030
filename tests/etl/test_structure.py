"""Sections, clauses and sentences, including damaged clause numbering."""
from etl.layout.sections import split_document, split_sentences
from etl.reading import read_document
from store import paths


def test_sentences_keep_offsets():
    text = "前言\n1.提升能力。新增站点10个；完成培训。\n"
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
    assert [s.text for s in split_sentences(text)] == ["前言", "1.提升能力。", "新增站点10个；", "完成培训。"]


def test_numbered_clauses_under_sections():
    text = ("一、全面推进健康促进\n"
            "1.提升健康水平。新增健康科普作品100部以上。\n"
            "2.推进慢病防治。80%以上基层医疗机构建成门诊。\n"
            "二、加强疾病防控\n"
            "(一)完善防控体系。建立监测预警机制。\n")
    clauses = split_document(text)
    assert [(c.section, c.clause, c.clause_title) for c in clauses] == [
        ("一、全面推进健康促进", "1", "提升健康水平"),
        ("一、全面推进健康促进", "2", "推进慢病防治"),
        ("二、加强疾病防控", "(一)", "完善防控体系"),
    ]
    for clause in clauses:
        assert text[clause.start:clause.end] == clause.text


def test_subsection_heading_alone_on_its_line_heads_the_clauses():
    text = "二、重点任务\n(一)实施医学高峰攀登行动。\n1.建设重点学科。新增重点学科15个。\n"
    clauses = split_document(text)
    assert [(c.section, c.clause) for c in clauses] == [("实施医学高峰攀登行动", "1")]


def test_damaged_numbering_of_a_scraped_work_plan():
    """003 lost markers and repeats "(十": clauses still split, and bare numerals that continue
    the sequence are read as markers."""
    text = read_document(paths.SOURCES_DIR / "003_12e7a73b8ed4ed9f.txt")
    clauses = split_document(text)
    numbers = [c.clause for c in clauses]
    # The preamble, then ")优化整合…", the unnumbered "完善区级服务功能。…", "(三)…"
    assert numbers[:6] == ["", ")", "", "(三)", ")", ")"]
    assert "十六" in numbers and "十九" in numbers and "二十二" in numbers
    titles = {c.clause_title for c in clauses}
    assert {"做实家医签约服务", "大力开展爱国卫生行动", "严格卫生监督执法"} <= titles
    sections = {c.section for c in clauses}
    assert "筑牢疾病预防控制防线,保障人民身体健康" in sections


def test_a_numeral_that_does_not_continue_the_sequence_is_prose():
    text = "(十三)夯实基本公卫服务。完成任务。\n十四五时期要持续推进。\n"
    clauses = split_document(text)
    assert [c.clause for c in clauses] == ["(十三)", ""]
