"""The cleaned view the extractor reads, and its map back to the document's own characters."""
import pytest

from etl.layout.text_view import text_view


def test_traditional_characters_read_as_simplified_with_the_same_offsets():
    original = "孕產婦死亡率控制在10/10萬以下，婦幼衛生機構達標。"
    view = text_view(original)
    assert view.text == "孕产妇死亡率控制在10/10万以下，妇幼卫生机构达标。"
    start = view.text.index("10/10万以下")
    assert view.original_text(start, start + len("10/10万以下")) == "10/10萬以下"


def test_pinyin_glosses_inside_words_are_dropped_and_spans_still_point_at_the_document():
    original = "肺结核患者成功治疗率达(dá)到92%，儿童龋(qǔ)齿封闭。"
    view = text_view(original)
    assert view.text == "肺结核患者成功治疗率达到92%，儿童龋齿封闭。"
    start = view.text.index("92%")
    assert view.original_text(start, start + 3) == "92%"
    # A span over the dropped gloss gives the document's characters, gloss included.
    assert view.original_text(view.text.index("达到"), view.text.index("达到") + 2) == "达(dá)到"


def test_spaces_a_pdf_puts_between_digits_and_characters_go():
    original = "到 2025 年，居民健康素养水平提高到 28 %以上，15 岁以上人群吸烟率下降。" * 3
    view = text_view(original)
    assert "2025年" in view.text and "28%以上" in view.text and "15岁以上" in view.text


def test_a_space_between_two_phrases_of_a_web_headline_parts_them():
    view = text_view("人均预期寿命提高到77.5岁 三甲医院增至12家\n")
    assert view.text == "人均预期寿命提高到77.5岁，三甲医院增至12家\n"


def test_a_line_broken_inside_a_sentence_is_joined():
    original = "关于印发《新平县2024年\n\n卫生健康工作要点》的通知\n一、总体要求\n"
    assert text_view(original).text == "关于印发《新平县2024年卫生健康工作要点》的通知\n一、总体要求\n"


def test_a_number_set_on_a_line_of_its_own_by_a_pdf_joins_its_sentence():
    assert text_view("(二)全县\n\n15 岁以上人群吸烟率低于20%。").text == "(二)全县15岁以上人群吸烟率低于20%。"


def test_table_rows_and_numbered_lines_keep_their_lines():
    original = "指标\t2023年\t2025年\n床位数(张)\t5.2\t6.0\n1.第一项,\n2.第二项。"
    assert text_view(original).text == original


def test_doubled_marks_and_full_stops():
    view = text_view("提高到25。4%,,并完成任务。。分别提高到 26%以上.城乡居民")
    assert view.text == "提高到25.4%,并完成任务。分别提高到26%以上。城乡居民"


@pytest.mark.parametrize("original", ["", "abc", "\n\n", "第一行\n\t单元格\n"])
def test_the_map_has_one_entry_per_character_and_one_past_the_end(original):
    view = text_view(original)
    assert len(view.origin) == len(view.text) + 1
    assert view.origin[-1] == len(original)
