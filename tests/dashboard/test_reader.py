"""The reader: document text escaped, numbers highlighted with what they yielded."""
import pandas as pd

from board import queries, reader


def test_markup_in_documents_is_shown_as_text(con):
    document = queries.document(con, "donghu-2025-work-plan")
    page = reader.render_document(document["text"], queries.document_highlights(con, "donghu-2025-work-plan"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page


def test_every_number_is_highlighted_with_its_reading(con):
    document = queries.document(con, "mingzhou-2025-work-points")
    highlights = queries.document_highlights(con, "mingzhou-2025-work-points")
    page = reader.render_document(document["text"], highlights)
    assert page.count("<mark") == 6
    assert ('<mark class="hl hl-count" style="background:#fde7b8;" '
            'title="新增中医馆｜目标 2025年｜≥5家｜数量">5家以上<sup>1</sup></mark>') in page
    assert 'title="数字未生成目标（待核查）">12356<sup>6</sup></mark>' in page
    assert "hl-unmatched" in page


def test_baselines_are_underlined(con):
    document = queries.document(con, "qinghe-2024-plan")
    page = reader.render_document(document["text"], queries.document_highlights(con, "qinghe-2024-plan"))
    assert page.count("hl-baseline") == 3 + 1  # three table baselines, plus the style rule


def test_overlapping_spans_keep_the_first_and_text_stays_whole():
    text = "达到<b>85%</b>以上"
    highlights = pd.DataFrame([
        {"span_start": 5, "span_end": 8, "mark": "target", "kind": "level", "role": "target",
         "indicator_label": "甲", "value": 85.0, "value_high": None, "unit": "%", "comparator": ">=",
         "year": 2025, "value_text": "85%"},
        {"span_start": 6, "span_end": 8, "mark": "target", "kind": "level", "role": "target",
         "indicator_label": "乙", "value": 5.0, "value_high": None, "unit": "%", "comparator": "=",
         "year": 2025, "value_text": "5%"},
    ])
    page = reader.render_document(text, highlights)
    assert page.endswith('达到&lt;b&gt;<mark class="hl hl-level" style="background:#cce3f0;" '
                         'title="甲｜目标 2025年｜≥85%｜水平值">85%<sup>1</sup></mark>&lt;/b&gt;以上</div>')
    assert reader.highlight_numbers(highlights, len(text)) == [1, None]


def test_titles_escape_quotes():
    highlights = pd.DataFrame([{"span_start": 0, "span_end": 1, "mark": "target", "kind": "count",
                                "role": "target", "indicator_label": '"><img src=x>', "value": 1.0,
                                "value_high": None, "unit": "个", "comparator": "=", "year": 2025,
                                "value_text": "1"}])
    page = reader.render_document("1", highlights)
    assert "<img" not in page and "&quot;&gt;&lt;img src=x&gt;" in page
