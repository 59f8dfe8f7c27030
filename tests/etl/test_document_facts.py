"""What a document says about itself, read from where Chinese notices and news pages print it.
The texts are written for these tests."""
from etl.layout.document_facts import read_facts

NOTICE = """首页 > 政务公开 > 通知公告
发布日期:2024-03-12 14:20  信息来源:区卫生健康局  浏览次数:

鼓楼区卫生健康局关于印发《2024年鼓楼区卫生健康工作要点》的通知
榕鼓卫〔2024〕7号

各社区卫生服务中心,局属各单位:
现将《2024年鼓楼区卫生健康工作要点》印发给你们,请认真贯彻落实。

福州市鼓楼区卫生健康局
2024年3月8日
"""


def test_a_notice_gives_its_title_year_region_issuer_date_and_number():
    facts = read_facts(NOTICE)
    assert facts.title == "鼓楼区卫生健康局关于印发《2024年鼓楼区卫生健康工作要点》的通知"
    assert (facts.plan_year, facts.horizon_year) == (2024, None)
    # 鼓楼区 is a district of four cities; the issuer line names 福州市.
    assert (facts.region, facts.region_code, facts.region_level, facts.parent_region, facts.province) == (
        "鼓楼区", "350102", "区县", "福州市", "福建省")
    assert facts.issuer == "福州市鼓楼区卫生健康局"  # the signature, not the short 信息来源 field
    assert facts.date == "2024-03-12"
    assert facts.doc_number == "榕鼓卫〔2024〕7号"


def test_a_multi_year_plan_gives_its_period():
    facts = read_facts("泉州市卫生健康事业高质量发展行动方案(2025—2027年)\n一、总体目标\n到2027年,……")
    assert (facts.plan_year, facts.horizon_year, facts.region_level) == (2025, 2027, "市")
    facts = read_facts("关于印发《晋江市“十四五”卫生健康发展规划》的通知\n")
    assert (facts.plan_year, facts.horizon_year) == (2021, 2025)


def test_a_news_headline_names_its_place_and_the_year_it_aims_at():
    facts = read_facts("遂宁:到2026年每千人口床位数将达7.2张\n2024-05-06 08:30 来源:遂宁日报\n正文……")
    assert (facts.title, facts.region, facts.horizon_year, facts.date) == (
        "遂宁:到2026年每千人口床位数将达7.2张", "遂宁市", 2026, "2024-05-06")
    assert facts.plan_year == 2024


def test_a_page_that_never_says_its_year_gives_none():
    assert read_facts("加大重点人群健康保障\n为老年人提供健康体检服务。").plan_year is None
