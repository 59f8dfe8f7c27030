from board.filters import Filters
from store import connection


def test_no_filters_means_no_condition():
    assert Filters().targets_where("t") == ("TRUE", [])
    assert Filters().documents_where("d") == ("TRUE", [])


def test_values_travel_as_parameters_in_field_order():
    filters = Filters(themes=["中医药"], regions=["990100"], levels=["市"], year_min=2025,
                      year_max=2027, doc_ids=["a"], natures=["约束性"], roles=["target"],
                      quantified_only=True)
    sql, params = filters.targets_where("t")
    assert sql == (
        "(list_contains(t.themes, ?)) AND t.region_code IN (?) AND t.region_level IN (?) AND "
        "t.doc_id IN (?) AND t.nature IN (?) AND t.role IN (?) AND "
        "t.year >= ? AND t.year <= ? AND t.kind NOT IN ('qualitative', 'full_coverage')")
    assert params == ["中医药", "990100", "市", "a", "约束性", "target", 2025, 2027]


def test_several_themes_or_regions_each_get_a_placeholder():
    sql, params = Filters(themes=["中医药", "疾控"], regions=["110100", "120100", "130102"]).targets_where("t")
    assert sql == ("(list_contains(t.themes, ?) OR list_contains(t.themes, ?)) AND "
                   "t.region_code IN (?, ?, ?)")
    assert params == ["中医药", "疾控", "110100", "120100", "130102"]


def test_hostile_values_stay_out_of_the_sql_text():
    hostile = "x'); DROP TABLE targets; --"
    sql, params = Filters(regions=[hostile], themes=[hostile]).targets_where("t")
    assert hostile not in sql
    assert params == [hostile, hostile]


def test_hostile_region_matches_nothing_and_breaks_nothing(con):
    sql, params = Filters(regions=["990100' OR '1'='1"]).targets_where("t")
    assert connection.fetch_rows(con, f"SELECT count(*) FROM targets t WHERE {sql}", params) == [(0,)]


def test_lists_become_tuples_so_filters_can_be_cache_keys():
    assert Filters(themes=["疾控"]) == Filters(themes=("疾控",))
    assert hash(Filters(themes=["疾控"])) == hash(Filters(themes=("疾控",)))


def test_file_name_says_what_the_file_holds():
    filters = Filters(themes=["中医药"], year_min=2025, year_max=2027)
    assert filters.file_stem() == "卫生健康规划目标_中医药_2025-2027"
    assert Filters().file_stem() == "卫生健康规划目标"
    assert Filters(regions=["990202"], roles=["baseline"], quantified_only=True).file_stem(
        region_labels={"990202": "东湖区（明/州市）"}) == "卫生健康规划目标_东湖区（明-州市）_基线_仅量化"


def test_description_for_the_explanation_sheet():
    text = Filters(themes=["疾控"], doc_ids=["d1"], year_min=2025, year_max=2025).describe({"d1": "某文件"})
    assert text == ("主题：疾控；地区：全部；层级：全部；年份：2025；文件：某文件；性质：全部；"
                    "类型：目标和基线；仅量化目标：否")


def test_regions_are_described_by_the_labels_shown():
    text = Filters(regions=["320106", "350102"]).describe(
        region_labels={"320106": "鼓楼区（南京市）", "350102": "鼓楼区（福州市）"})
    assert text.split("；")[1] == "地区：鼓楼区（南京市）、鼓楼区（福州市）"
