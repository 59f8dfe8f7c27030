"""Documents in the shapes real ones arrive in, each read to exactly the rows an analyst writes,
with every number that is not a target sent to review with its reason.

The texts are written for these tests (invented regions' numbers), in the shapes of real pages:
news reposts with headlines that repeat a target, page footers with phone numbers and adverts,
performance lists with last year's figures in brackets, reviews of the past year, budgets and
estimates, traditional-character reposts.
"""
from etl.pipeline import extract_document
from etl.sources import SourceMeta


def meta(plan_year=2024, horizon_year=None, title="测试文件"):
    return SourceMeta(doc_id="doc", file="doc.txt", region="测试市", region_level="市", province="测试省",
                      parent_region=None, plan_year=plan_year, horizon_year=horizon_year or plan_year,
                      doc_type=None, title=title, issuer=None, date=None, url=None)


def rows_of(text, **kwargs):
    result = extract_document(text, meta(**kwargs))
    rows = [(r["indicator"], r["value"], r["unit"], r["comparator"], r["year"]) for r in result.targets
            if r["kind"] != "full_coverage"]
    reasons = {r["number_text"]: r["note"] for r in result.review if r["reason"] == "number_without_target"}
    return rows, reasons, result


NEWS_REPOST = """临川新闻网 > 民生
临川:到2025年每千人口床位数将达6.8张
2022-03-02 09:12  来源:临川日报  阅读量:3120

日前,《临川区“十四五”卫生健康发展规划》印发。

每千人口床位数将达6.8张

规划提出,到2025年,全区每千人口医疗卫生机构床位数从2020年的5.9张提高到6.8张,每万人口全科医生数达到4名;孕产妇死亡率控制在十万分之十以下。

据了解,2021年全区新建村卫生室12个,已完成年度任务。

相关链接:
· 临川区召开卫生健康工作会议
· 我区新增两家二级医院

全国统一客服热线:400-612-3345  联系电话:0794-8223456
Copyright © 2012-2022 临川新闻网 版权所有 赣ICP备12004567号-1
"""


def test_a_news_repost_gives_each_target_once_on_its_body_sentence():
    rows, reasons, result = rows_of(NEWS_REPOST, plan_year=2022, horizon_year=2025)
    assert rows == [
        ("每千人口医疗卫生机构床位数", 6.8, "张", "=", 2025),
        ("每万人口全科医生数", 4.0, "名", "=", 2025),
        ("孕产妇死亡率", 10.0, "/10万", "<=", 2025),
    ]
    sources = {r["source_text"] for r in result.targets}
    assert all(s.startswith("规划提出") for s in sources)
    assert reasons["5.9"] == "文中的起点数值（从……提高到……）"
    assert reasons["12个"] == "已完成的工作，不是目标"
    assert reasons["2020"] == "年份"
    assert reasons["6.8张"] == "同一目标在文中已经写过（标题或重复表述）"


PERFORMANCE_LIST = """2024年基本公共卫生服务项目绩效目标
1.适龄儿童国家免疫规划疫苗接种率≥90%
2.7岁以下儿童健康管理率≥90%(2023年:88%)
3.0-6岁儿童眼保健和视力检查覆盖率≥91%
4.高血压患者管理人数26万人
5.严重精神障碍患者规范管理率≥85%(上年:83%)
6.孕产妇系统管理率较上年提高
"""


def test_a_numbered_performance_list_reads_each_line_and_keeps_last_years_figures_out():
    rows, reasons, _ = rows_of(PERFORMANCE_LIST)
    assert rows == [
        ("适龄儿童国家免疫规划疫苗接种率", 90.0, "%", ">=", 2024),
        ("7岁以下儿童健康管理率", 90.0, "%", ">=", 2024),
        ("0-6岁儿童眼保健和视力检查覆盖率", 91.0, "%", ">=", 2024),
        ("高血压患者管理人数", 26.0, "万人", "=", 2024),
        ("严重精神障碍患者规范管理率", 85.0, "%", ">=", 2024),
    ]
    assert reasons["88"] == reasons["83"] == "括号中的往年数值（对照值，不是目标）"


REVIEW_AND_PLAN = """一、2023年工作成效
全年新建社区医院3家,家庭医生签约服务覆盖率达到45%,门诊量同比增长8.2%。
二、2024年主要目标
新建社区医院2家,家庭医生签约服务覆盖率达到48%以上。
三、资金保障
项目资金合计1260万元,其中区级财政安排480万元;预计服务群众12万人次。
"""


def test_a_review_section_reports_the_past_and_budgets_and_estimates_are_no_targets():
    rows, reasons, _ = rows_of(REVIEW_AND_PLAN)
    assert rows == [
        ("新建社区医院", 2.0, "家", "=", 2024),
        ("家庭医生签约服务覆盖率", 48.0, "%", ">=", 2024),
    ]
    past = {"所在部分回顾已完成的工作", "已完成的工作，不是目标"}
    assert {reasons["3家"], reasons["45%"], reasons["增长8.2%"]} <= past
    assert reasons["1260"] == reasons["480"] == "资金安排（投入，不是目标）"
    assert reasons["12"] == "预计或测算的数值，不是目标"


def test_a_traditional_character_repost_reads_like_the_simplified_original():
    text = "到2025年,全市居民健康素養水平達到30%以上,每千人口執業(助理)醫師數達到3.4人。"
    rows, _, result = rows_of(text, plan_year=2023)
    assert rows == [("居民健康素养水平", 30.0, "%", ">=", 2025), ("每千人口执业(助理)医师数", 3.4, "人", "=", 2025)]
    # What an official is shown is the document's own text.
    assert [r["value_text"] for r in result.targets] == ["30%以上", "3.4人"]
    assert result.targets[0]["source_text"] == text


def test_people_served_are_counted_and_places_served_are_a_scope():
    rows, reasons, _ = rows_of("一是为5000名65岁以上老年人提供免费体检。二是为3个乡镇建设标准化村卫生室。")
    assert rows == [("为65岁以上老年人提供免费体检", 5000.0, "名", "=", 2024)]
    assert reasons["3个"] == "服务覆盖的范围（如“为4个县……”），不是目标"


def test_years_named_in_pairs_go_to_their_values():
    rows, _, _ = rows_of("到2025年和2030年,全区居民健康素养水平分别不低于25%和30%。", plan_year=2023)
    assert rows == [("居民健康素养水平", 25.0, "%", ">=", 2025), ("居民健康素养水平", 30.0, "%", ">=", 2030)]


def test_a_year_holds_over_semicolons_to_the_end_of_its_sentence():
    rows, _, _ = rows_of("力争到2026年使居民健康素养水平达到32%;经常参加体育锻炼人数达到60万人;"
                         "人均体育场地面积达到2.6平方米。", plan_year=2023)
    assert [row[-1] for row in rows] == [2026, 2026, 2026]


def test_a_value_without_its_own_subject_measures_what_the_value_before_it_did():
    rows, _, _ = rows_of("到2025年,人均预期寿命比2020年提高1岁,达到79.5岁;到2030年,进一步提高到80.5岁。",
                         plan_year=2022)
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("人均预期寿命", 1.0, 2025), ("人均预期寿命", 79.5, 2025), ("人均预期寿命", 80.5, 2030)]


# A county's performance list as offices print it: last year's figure after each target,
# a ratio to reach, and a rule for sharing costs that is no target.
COUNTY_PERFORMANCE_LIST = """清平县2024年基本公共卫生服务绩效目标

一、服务数量
1.城乡居民电子健康档案建档率≥90%(上年89.2%)
2.高血压患者规范管理人数≥5.2万人(上年5.0万人)
3.全县医护比达到1:1.2,乡镇卫生院床护比不低于1∶0.6。
4.乡村医生岗位培训累计培训时间不少于2周。
二、资金保障
县财政安排专项资金800万元,各乡镇按照1:1比例落实配套资金。
"""


def test_a_performance_list_reads_targets_not_last_years_figures_or_cost_shares():
    rows, reasons, _ = rows_of(COUNTY_PERFORMANCE_LIST, plan_year=2024)
    assert rows == [
        ("城乡居民电子健康档案建档率", 90.0, "%", ">=", 2024),
        ("高血压患者规范管理人数", 5.2, "万人", ">=", 2024),
        ("医护比", 1.2, "", "=", 2024),
        ("乡镇卫生院床护比", 0.6, "", ">=", 2024),
        ("乡村医生岗位培训累计培训时间", 2.0, "周", ">=", 2024),
    ]
    assert reasons["89.2"] == reasons["5.0"] == "括号中的往年数值（对照值，不是目标）"
    assert reasons["1:1"] == "配套或分担比例（如“按1:1比例配套”），不是目标"
    assert reasons["800"] == "资金安排（投入，不是目标）"


# A traditional-character repost of a five-year plan: the headline's colon introduces its gist,
# undated targets are for the plan's last year, and 「十三五」期間 reviews the past.
TRADITIONAL_REPOST = """【轉載】閩東印發衛生健康「十四五」規劃：到2025年每千人口床位數達6.5張
發佈時間：2022-03-11 09:20　來源：閩東日報

規劃提出，到2025年，全市每千人口醫療衛生機構床位數達到6.5張。所有鄉鎮衛生院設置發熱門診，80%以上的村衛生室能夠提供中醫藥服務。

「十三五」期間，全市二級醫院由12家增加到18家。
"""


def test_a_traditional_repost_dates_its_targets_by_the_plan_period():
    from etl.preview import preview_text

    preview = preview_text(TRADITIONAL_REPOST, "repost.txt", region="宁德市", level="市", year=2022)
    rows = [(r["value_text"], r["year"]) for r in preview.rows if r["kind"] != "full_coverage"]
    assert rows == [("6.5張", 2025), ("80%以上", 2025)]
    notes = {r["number_text"]: r["note"] for r in preview.result.review}
    assert notes["18家"] == "已完成的工作，不是目标"
    assert notes["12"] == "文中的起点数值（从……提高到……）"
    assert notes["6.5張"] == "同一目标在文中已经写过（标题或重复表述）"


# A 民生实事 list laid out as a Word table: numbered rows whose 目标任务 cell holds the targets;
# an opening that looks back at last year; a pointer to the indicator table.
LIVELIHOOD_TABLE = """2026年青州市卫生健康民生实事项目

主要指标见表1。回顾2025:去年,全市新增托位860个。

\t序号
\t项目
\t目标任务
\t责任单位

\t1
\t普惠托育扩容
\t新增普惠性托位1200个,每千人口拥有3岁以下婴幼儿托位数达到4.6个。
\t市卫生健康委

\t2
\t基层能力提升
\t每个村卫生室至少配备1名执业(助理)医师的比例达到75%,乡村医生至少掌握6类中医药适宜技术。
\t市卫生健康委
"""


def test_a_livelihood_table_reads_the_targets_in_its_cells_and_not_its_row_numbers():
    rows, reasons, result = rows_of(LIVELIHOOD_TABLE, plan_year=2026)
    assert rows == [
        ("新增普惠性托位", 1200.0, "个", "=", 2026),
        ("每千人口拥有3岁以下婴幼儿托位数", 4.6, "个", "=", 2026),
        ("每个村卫生室至少配备1名执业(助理)医师的比例", 75.0, "%", "=", 2026),
        ("乡村医生至少掌握中医药适宜技术", 6.0, "类", ">=", 2026),
    ]
    ones = sorted(r["note"] for r in result.review if r["number_text"] == "1")
    assert ones == ["名称中的数字（如热线号码）", "序号", "表格单元格中单独的数字（所在表格没有年份列）"]
    assert reasons["2"] == "表格单元格中单独的数字（所在表格没有年份列）"
    assert reasons["860个"] == "已完成的工作，不是目标"
    assert reasons["2025"] == "年份"


# A province plan's goals: the section opens with the year, its undated items follow it; a
# performance list's "指标：值" lines; tenths; incidents; a value sent to the next line.
GOALS_AND_LIST = """三、发展目标
到2025年,覆盖城乡的优质高效医疗卫生服务体系基本建成。
——医疗服务能力持续提高。建成省级区域医疗中心10个,县域内就诊率达到九成。
——突发事件处置更加有力。较大级别食品安全事故控制在5起以内。

四、绩效指标
孕产妇系统管理率：≥90%
高血压患者基层规范管理人数：3.6万人
项目资金：2860万元（省、市、县三级财政共同承担）
全市甲乙类法定传染病报告发病率控制在
220/10万以内,流感疫苗接种10万剂次。
"""


def test_goals_take_the_year_their_section_opens_with_and_labelled_values_keep_their_label():
    rows, reasons, _ = rows_of(GOALS_AND_LIST, plan_year=2021, horizon_year=2021)
    assert rows == [
        ("建成省级区域医疗中心", 10.0, "个", "=", 2025),
        ("县域内就诊率", 90.0, "%", "=", 2025),
        ("较大级别食品安全事故", 5.0, "起", "<=", 2025),
        ("孕产妇系统管理率", 90.0, "%", ">=", 2021),
        ("高血压患者基层规范管理人数", 3.6, "万人", "=", 2021),
        ("甲乙类法定传染病报告发病率", 220.0, "/10万", "<=", 2021),
        ("流感疫苗接种", 10.0, "万剂次", "=", 2021),
    ]
    assert reasons["2860"] == "资金安排（投入，不是目标）"


# A WeChat repost: a look back at last year under one heading, this year's list under another;
# a hotline after its label; devices named in English; an amount that describes what is counted.
WECHAT_REPOST = """重磅！今年我市将新增中医馆20个

原创 清江卫健 2025年03月06日 17:30

📌回顾2024

2024年,全市新建基层中医馆18个,乡镇卫生院中医馆覆盖率达到96.5%。

📌2025年这样干

①新增基层中医馆20个;
②全区法定传染病报告率、报告及时率均达到98%以上;
③新增配置AED300台,培育年产值超10亿元的中药企业5家;
④全年至少组织2次应急演练,乡村医生年度培训不少于40学时。

(三)基层医疗卫生机构中医诊疗量占比不低于三成,每个社区卫生服务中心能够规范开展8类以上中医适宜技术。

全国统一托育服务热线:12356。
"""


def test_a_repost_reads_this_years_list_after_last_years_review():
    rows, reasons, _ = rows_of(WECHAT_REPOST, plan_year=2025)
    assert rows == [
        ("新增基层中医馆", 20.0, "个", "=", 2025),
        ("法定传染病报告率", 98.0, "%", ">=", 2025),
        ("报告及时率", 98.0, "%", ">=", 2025),
        ("新增配置AED", 300.0, "台", "=", 2025),
        ("培育年产值超10亿元的中药企业", 5.0, "家", "=", 2025),
        ("组织应急演练", 2.0, "次", ">=", 2025),
        ("乡村医生年度培训", 40.0, "学时", ">=", 2025),
        ("基层医疗卫生机构中医诊疗量占比", 30.0, "%", ">=", 2025),
        ("开展中医适宜技术", 8.0, "类", ">=", 2025),
    ]
    assert reasons["18个"] == "已完成的工作，不是目标"
    assert reasons["10"] == "名称中的数字（如热线号码）"
    assert reasons["12356"] == "电话号码"


def test_a_document_number_and_its_bracketed_year_go_to_review_as_a_document_number():
    text = "2025年某市卫生健康工作要点\n根据《关于印发某方案的通知》(某卫发〔2024〕12号)要求，全市家庭医生签约率达到80%。\n"
    rows, _, result = rows_of(text, plan_year=2025)
    assert rows == [("家庭医生签约率", 80.0, "%", "=", 2025)]
    decisions = {r["number_text"]: r["decision"] for r in result.review}
    assert decisions["2024"] == decisions["12"] == "document number"


PROMOTED_POST = """今年,城东区要新增普惠托位800个!这份清单请收好👇
城东卫健  2025-02-18 08:30
【推广】体检套餐限时特惠 低至199元/人 | 城东某口腔门诊 种植牙4980元起

2025年,我们这样做
① 新增普惠托位800个,每千人口拥有3岁以下婴幼儿托位数达到4.5个。
② 托育机构卫生评价合格率达到95%以上。
项目资金由区、街道两级财政按照6∶4的比例分担。
"""


def test_a_promoted_post_reads_its_list_not_its_adverts_headline_or_cost_shares():
    rows, reasons, result = rows_of(PROMOTED_POST, plan_year=2025)
    assert rows == [
        ("新增普惠托位", 800.0, "个", "=", 2025),
        ("每千人口拥有3岁以下婴幼儿托位数", 4.5, "个", "=", 2025),
        ("托育机构卫生评价合格率", 95.0, "%", ">=", 2025),
    ]
    # The headline repeats the first item: the row is traced to the item, the headline reviewed.
    assert next(r for r in result.targets if r["value"] == 800.0)["source_text"].startswith("① 新增")
    assert reasons["800个"] == "同一目标在文中已经写过（标题或重复表述）"
    assert reasons["199"] == reasons["4980"] == "联系方式、版权或广告"
    assert reasons["6∶4"] == "配套或分担比例（如“按1:1比例配套”），不是目标"
