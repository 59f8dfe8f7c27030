"""Tricky sentences, table-driven: each states exactly the rows an analyst would write.

The first block is TARGETS.md's own reading table; the rest are shapes met in the seed and
held-out documents (lists, shared numbers, ranks, coverage, exclusions).
"""
import pytest

from etl.extraction.sentences import analyse_sentence

# (sentence, [(indicator, value, value_high, unit, comparator, kind, value_text), ...])
CASES = [
    # TARGETS.md: how values read
    ("新增入省库健康科普作品100部以上。", [("新增入省库健康科普作品", 100, None, "部", ">=", "count", "100部以上")]),
    ("食品抽检合格率达85%以上。", [("食品抽检合格率", 85, None, "%", ">=", "level", "85%以上")]),
    ("食品抽检合格率不低于85%。", [("食品抽检合格率", 85, None, "%", ">=", "level", "不低于85%")]),
    ("打造样板2个。", [("打造样板", 2, None, "个", "=", "count", "2个")]),
    ("80%以上基层医疗机构建成慢病一体化门诊。",
     [("基层医疗机构建成慢病一体化门诊比例", 80, None, "%", ">=", "level", "80%以上")]),
    ("完成城乡居民健康体检80万人以上。", [("城乡居民健康体检", 80, None, "万人", ">=", "count", "80万人以上")]),
    ("孕产妇死亡率控制在9.5/10万以下。", [("孕产妇死亡率", 9.5, None, "/10万", "<=", "level", "9.5/10万以下")]),
    ("出生缺陷发生率控制在15‰以内。", [("出生缺陷发生率", 15, None, "‰", "<=", "level", "15‰以内")]),
    ("控制婴幼儿死亡率千分之五以下和孕产妇死亡率十万分之九以下。", [
        ("婴幼儿死亡率", 5, None, "‰", "<=", "level", "千分之五以下"),
        ("孕产妇死亡率", 9, None, "/10万", "<=", "level", "十万分之九以下")]),
    ("力争健康素养水平提升一个百分点以上。",
     [("健康素养水平", 1, None, "百分点", ">=", "change", "提升一个百分点以上")]),
    ("儿童青少年近视率下降0.5个百分点。",
     [("儿童青少年近视率", 0.5, None, "百分点", "=", "change", "下降0.5个百分点")]),
    ("遴选30-40名越医人才培养对象。", [("遴选越医人才培养对象", 30, 40, "名", "range", "count", "30-40名")]),
    ("巡回服务覆盖一半以上服务站。", [("巡回服务覆盖服务站比例", 50, None, "%", ">=", "level", "一半以上")]),
    ("力争绩效考核进入全国前50。", [("绩效考核全国排名", 50, None, "名", "<=", "rank", "前50")]),
    # one sentence, several targets
    ("县级医院出院患者手术占比、微创手术占比、三四级手术占比分别达35%、15%、15%以上。", [
        ("县级医院出院患者手术占比", 35, None, "%", ">=", "level", "35%"),
        ("县级医院出院患者微创手术占比", 15, None, "%", ">=", "level", "15%"),
        ("县级医院出院患者三四级手术占比", 15, None, "%", ">=", "level", "15%以上")]),
    ("高血压和2型糖尿病患者规范管理服务率均达到70%以上。", [
        ("高血压患者规范管理服务率", 70, None, "%", ">=", "level", "70%以上"),
        ("2型糖尿病患者规范管理服务率", 70, None, "%", ">=", "level", "70%以上")]),
    ("建成社区护理中心、健康管理中心、标准化口腔诊室各3-5个。", [
        ("建成社区护理中心", 3, 5, "个", "range", "count", "3-5个"),
        ("建成健康管理中心", 3, 5, "个", "range", "count", "3-5个"),
        ("建成标准化口腔诊室", 3, 5, "个", "range", "count", "3-5个")]),
    ("新增急救站点10个、救护车18辆。", [
        ("新增急救站点", 10, None, "个", "=", "count", "10个"),
        ("新增救护车", 18, None, "辆", "=", "count", "18辆")]),
    ("门诊和住院次均费用增幅均控制在3%以内。", [
        ("门诊次均费用增幅", 3, None, "%", "<=", "level", "3%以内"),
        ("住院次均费用增幅", 3, None, "%", "<=", "level", "3%以内")]),
    # full coverage, with no digit
    ("推动公办托育综合服务中心市县全覆盖。",
     [("公办托育综合服务中心市县", 100, None, "%", "=", "full_coverage", "全覆盖")]),
    ("力争所有镇卫生院均能提供安宁疗护服务。",
     [("镇卫生院提供安宁疗护服务", 100, None, "%", "=", "full_coverage", "所有")]),
    ("巩固健康促进县全覆盖成果。", []),
    # time limits, scores, negative values
    ("三级公立医院平均住院日控制在8天以内。", [("三级公立医院平均住院日", 8, None, "天", "<=", "level", "8天以内")]),
    ("患者满意度调查平均得分保持在90分以上。", [("患者满意度调查平均得分", 90, None, "分", ">=", "level", "90分以上")]),
    ("常住人口自然增长率控制在-1.2‰以内。", [("常住人口自然增长率", -1.2, None, "‰", "<=", "level", "-1.2‰以内")]),
    # changes named only by their comparison measure the value before them
    ("全市三级医院平均住院日控制在8.2天以内,较上年缩短0.3天。", [
        ("三级医院平均住院日", 8.2, None, "天", "<=", "level", "8.2天以内"),
        ("三级医院平均住院日", 0.3, None, "天", "=", "change", "缩短0.3天")]),
    ("孕产妇系统管理率达到90%,较上年提高2个百分点。", [
        ("孕产妇系统管理率", 90, None, "%", "=", "level", "90%"),
        ("孕产妇系统管理率", 2, None, "百分点", "=", "change", "提高2个百分点")]),
    # a bound before the verb covers each count joined to the first
    ("每个县至少建成1个医学影像中心和1个心电诊断中心。", [
        ("建成医学影像中心", 1, None, "个", ">=", "count", "1个"),
        ("建成心电诊断中心", 1, None, "个", ">=", "count", "1个")]),
    # a level in digits reached is a target; grades in names are not
    ("二级以上公立医院电子病历系统应用水平平均级别达到4级以上。",
     [("二级以上公立医院电子病历系统应用水平平均级别", 4, None, "级", ">=", "level", "4级以上")]),
    ("创建二级甲等医院,推动县医院达到三级医院服务能力。", []),
    # what is not a target
    ("项目资金由市、区两级财政按照6∶4的比例分担。", []),
    ("分担比例为5:3:2。", []),
    ("推动各地12356心理援助热线建设,完善“1+6”医防融合新模式。", []),
    ("全面落实18项核心制度,确保医疗安全。", []),
    ("为0—6岁儿童免费开展孤独症筛查,开设24小时儿科门诊。", []),
    ("推进二级以上医院和2型糖尿病防治,落实嘉政办发〔2024〕5号文件。", []),
    ("2023年,全区新建和改扩建村卫生室12个。", []),
    ("实施基层卫生人才能力提升行动(2024—2026年),每千人口基层医疗卫生机构床位数达到1.6张。",
     [("每千人口基层医疗卫生机构床位数", 1.6, None, "张", "=", "level", "1.6张")]),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_sentence_reads_as_an_analyst_would(sentence, expected):
    readings, _ = analyse_sentence(sentence, default_year=2025, plan_year=2025)
    got = [(r.indicator, r.value, r.value_high, r.unit, r.comparator, r.kind, r.value_text) for r in readings]
    assert got == [tuple(row) for row in expected]
    for reading in readings:
        assert reading.year == 2025
        assert sentence[reading.start:reading.end] == reading.value_text


def test_a_named_target_year_wins_over_the_plan_year():
    readings, _ = analyse_sentence("到2027年底,新增省级重点学科15个。", default_year=2025, plan_year=2024)
    assert [(r.indicator, r.year) for r in readings] == [("新增省级重点学科", 2027)]
