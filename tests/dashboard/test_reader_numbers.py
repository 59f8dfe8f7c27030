"""Which numbers the reader marks: document-number years and dates never count as misses, and
the sidebar filters decide which numbers are listed (the others are greyed in the text)."""
from __future__ import annotations

import pytest

from board import queries, reader
from board.filters import Filters
from store import connection, database
from tests.fixtures.reader_data import DOC_ID, ISSUE_LINE, LAST_NUMBER, write_reader_data


@pytest.fixture(scope="module", params=["parquet", "database"])
def reader_con(request, tmp_path_factory):
    directory = write_reader_data(tmp_path_factory.mktemp("reader_numbers"))
    if request.param == "database":
        database.write_serving_database_atomically(directory)
    return connection.connect(directory)


def test_document_number_years_and_dates_are_not_misses(reader_con):
    # The build files 〔2025〕 as "inside quotes or a title"; its shape settles it all the same.
    highlights = queries.document_highlights(reader_con, DOC_ID)
    unmatched = highlights[highlights["mark"] == "unmatched"]
    assert unmatched["value_text"].tolist() == [LAST_NUMBER]
    text = queries.document(reader_con, DOC_ID)["text"]
    assert ISSUE_LINE in reader.render_document(text, highlights)


def test_numbers_outside_the_theme_are_marked_out_of_view(con):
    highlights = queries.document_highlights(con, "mingzhou-2025-work-points", Filters(themes=["心理健康"]))
    in_view = dict(zip(highlights["value_text"], highlights["in_view"]))
    # 12356 stands in the clause tagged 心理健康; the values there are 健康促进's.
    assert in_view == {"5家以上": False, "稳步提升": False, "20万人以上": False, "70%以上": False,
                       "38%": False, "12356": True}
    page = reader.render_document(queries.document(con, "mingzhou-2025-work-points")["text"], highlights)
    assert page.count("hl-other") == 5


def test_without_filters_every_number_is_in_view(con):
    highlights = queries.document_highlights(con, "mingzhou-2025-work-points")
    assert highlights["in_view"].all()


def test_year_and_role_filters_apply_to_values(con):
    highlights = queries.document_highlights(con, "qinghe-2024-plan", Filters(roles=["baseline"]))
    listed = highlights[highlights["in_view"]]
    assert listed["value_text"].tolist() == ["2.1", "98", "66"]
