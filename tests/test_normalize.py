from hypothesis import given
from hypothesis import strategies as st

from etl.reading.normalize import normalize_text


def test_full_width_digits_letters_and_punctuation_become_ascii():
    assert normalize_text("２０２５年达到８５．５％（预期性），：ＡＢＣ") == "2025年达到85.5%(预期性),:ABC"


def test_chinese_punctuation_without_single_character_form_stays():
    text = "要求。提升、“健康”《规划》〔2024〕—5‰≥15≤20"
    assert normalize_text(text) == text


def test_circled_list_markers_and_superscripts_stay():
    # "①" as "1" would glue a digit to the clause text; "10⁵" as "105" changes the value.
    assert normalize_text("①加强领导 10⁵ m²") == "①加强领导 10⁵ m²"


def test_bom_nul_and_control_characters_are_dropped():
    assert normalize_text("\ufeff婴儿\x00死亡率\x07控制\u200b在5‰") == "婴儿死亡率控制在5‰"


def test_windows_and_old_mac_line_ends_become_newlines():
    assert normalize_text("一、目标\r\n二、任务\r三、保障\n") == "一、目标\n二、任务\n三、保障\n"


def test_tabs_and_newlines_stay():
    assert normalize_text("\t类别\n\t\n") == "\t类别\n\t\n"


def test_special_spaces_become_plain_spaces():
    assert normalize_text("\u3000\u3000全面\xa0推进\u2003工作") == "  全面 推进 工作"


def test_form_feed_between_pages_ends_a_line():
    assert normalize_text("第一页末尾\x0c第二页开头") == "第一页末尾\n第二页开头"


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_output_is_never_longer_and_has_no_carriage_returns(text):
    result = normalize_text(text)
    assert len(result) <= len(text)
    assert "\r" not in result


@given(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cf", "Cs"])))
def test_offsets_stay_aligned_when_nothing_is_dropped(text):
    assert len(normalize_text(text)) == len(text)
