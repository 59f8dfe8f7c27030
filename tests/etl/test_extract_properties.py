"""Properties of the sentence extractor that must hold for any text (hypothesis)."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extraction.numbers import find_numbers
from etl.extraction.sentences import analyse_sentence

# Text built from the pieces plans are made of, so that the generator reaches real readings.
_PIECES = ["达到", "以上", "以下", "不低于", "不少于", "控制在", "分别", "均", "各", "、", "，", "。",
           "%", "‰", "/10万", "个", "家", "万人", "个百分点", "千分之", "十万分之", "一半", "前三",
           "全覆盖", "所有", "“", "”", "《", "》", "(", ")", "2027年", "到", "新增", "建设", "率",
           "下降", "提升", "一", "五", "十", "3-5", "12.5", "80", "0", "—", "岁", "号", "+", "A"]
plan_like_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), plan_like_text))
def test_never_raises_and_spans_hold_their_numbers(sentence):
    readings, skipped = analyse_sentence(sentence, default_year=2025, plan_year=2025)
    for reading in readings:
        assert 0 <= reading.start < reading.end <= len(sentence)
        assert sentence[reading.start:reading.end] == reading.value_text
        if reading.kind != "full_coverage":
            assert find_numbers(reading.value_text), reading
        assert 0 < reading.confidence <= 1
        assert reading.comparator in (">=", "<=", "=", ">", "<", "range")
        assert (reading.comparator == "range") == (reading.value_high is not None)
    for skip in skipped:
        assert 0 <= skip.start < skip.end <= len(sentence)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["个", "家", "人", "%", "张", "名"]),
       st.sampled_from(["以上", "以下", "", "左右"]))
def test_any_stated_count_reads_back(number, unit, suffix):
    sentence = f"全市新增社区卫生服务站{number}{unit}{suffix}。"
    readings, _ = analyse_sentence(sentence, default_year=2025)
    assert len(readings) == 1
    assert readings[0].value == number
    assert readings[0].unit == unit
    assert readings[0].value_text == f"{number}{unit}{suffix}"
    assert re.search(str(number), readings[0].value_text)
