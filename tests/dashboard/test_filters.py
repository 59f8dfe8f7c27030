from hypothesis import given, strategies as st

from board.filters import Filters
from board import data


def test_no_filters_means_no_condition():
    assert Filters().targets_where("t") == ("TRUE", [])
    assert Filters().documents_where("d") == ("TRUE", [])


def test_values_travel_as_parameters_in_field_order():
    filters = Filters(themes=["中医药"], regions=["明州市"], levels=["市"], year_min=2025,
                      year_max=2027, doc_ids=["a"], natures=["约束性"], roles=["target"],
                      quantified_only=True)
    sql, params = filters.targets_where("t")
    assert sql == (
        "(list_contains(t.themes, ?)) AND t.region IN (?) AND t.region_level IN (?) AND "
        "t.doc_id IN (?) AND t.nature IN (?) AND t.role IN (?) AND "
        "t.year >= ? AND t.year <= ? AND t.kind NOT IN ('qualitative', 'full_coverage')")
    assert params == ["中医药", "明州市", "市", "a", "约束性", "target", 2025, 2027]


def test_several_themes_or_regions_each_get_a_placeholder():
    sql, params = Filters(themes=["中医药", "疾控"], regions=["甲市", "乙市", "丙区"]).targets_where("t")
    assert sql == ("(list_contains(t.themes, ?) OR list_contains(t.themes, ?)) AND "
                   "t.region IN (?, ?, ?)")
    assert params == ["中医药", "疾控", "甲市", "乙市", "丙区"]


def test_hostile_values_stay_out_of_the_sql_text():
    hostile = "x'); DROP TABLE targets; --"
    sql, params = Filters(regions=[hostile], themes=[hostile]).targets_where("t")
    assert hostile not in sql
    assert params == [hostile, hostile]


def test_hostile_region_matches_nothing_and_breaks_nothing(con):
    sql, params = Filters(regions=["明州市' OR '1'='1"]).targets_where("t")
    assert data.fetch_rows(con, f"SELECT count(*) FROM targets t WHERE {sql}", params) == [(0,)]


def test_lists_become_tuples_so_filters_can_be_cache_keys():
    assert Filters(themes=["疾控"]) == Filters(themes=("疾控",))
    assert hash(Filters(themes=["疾控"])) == hash(Filters(themes=("疾控",)))


def test_query_params_of_a_shared_link():
    params = {"theme": ["中医药", "疾控"], "region": "东湖区", "years": ["2025", "2027"],
              "role": ["目标"], "quant": "true", "doc": ["东湖区｜计划"]}
    filters = Filters.from_query_params(params, doc_ids_by_label={"东湖区｜计划": "donghu"})
    assert filters == Filters(themes=("中医药", "疾控"), regions=("东湖区",), year_min=2025,
                              year_max=2027, roles=("target",), quantified_only=True,
                              doc_ids=("donghu",))


def test_malformed_query_params_are_ignored():
    filters = Filters.from_query_params({"years": ["abc"], "role": ["老板"], "quant": "maybe"})
    assert filters == Filters()


names = st.lists(st.text(min_size=1, max_size=8).filter(lambda s: s.strip() == s), max_size=3, unique=True)


@given(themes=names, regions=names, natures=names,
       years=st.one_of(st.none(), st.tuples(st.integers(1990, 2100), st.integers(1990, 2100))),
       roles=st.lists(st.sampled_from(["target", "baseline"]), unique=True), quantified=st.booleans())
def test_query_params_round_trip(themes, regions, natures, years, roles, quantified):
    year_min, year_max = (min(years), max(years)) if years else (None, None)
    filters = Filters(themes=themes, regions=regions, natures=natures, year_min=year_min,
                      year_max=year_max, roles=roles, quantified_only=quantified)
    assert Filters.from_query_params(filters.to_query_params()) == filters


def test_file_name_says_what_the_file_holds():
    filters = Filters(themes=["中医药"], year_min=2025, year_max=2027)
    assert filters.file_stem() == "卫生健康规划目标_中医药_2025-2027"
    assert Filters().file_stem() == "卫生健康规划目标"
    assert Filters(regions=["a/b"], roles=["baseline"], quantified_only=True).file_stem() == \
        "卫生健康规划目标_a-b_基线_仅量化"


def test_description_for_the_explanation_sheet():
    text = Filters(themes=["疾控"], doc_ids=["d1"], year_min=2025, year_max=2025).describe({"d1": "某文件"})
    assert text == ("主题：疾控；地区：全部；层级：全部；年份：2025；文件：某文件；性质：全部；"
                    "类型：目标和基线；仅量化目标：否")
