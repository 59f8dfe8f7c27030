"""The canonical indicator dictionary: indicator text as the extractors produce it -> id."""
from __future__ import annotations

import pytest

from etl.tagging.indicators import (
    IndicatorMatch,
    load_dictionary,
    map_indicator,
    validate_dictionary,
)

# The appendix indicator table of the 2024 嘉兴 实施意见, names as the table parser gives them
# (unit brackets removed) with the unit of the row.
TABLE_ROWS = [
    ("人均预期寿命", "岁", "life_expectancy"),
    ("人均健康预期寿命", "岁", "healthy_life_expectancy"),
    ("孕产妇死亡率", "/10万", "maternal_mortality_rate"),
    ("婴儿死亡率", "‰", "infant_mortality_rate"),
    ("国民体质合格率", "%", "physical_fitness_pass_rate"),
    ("居民健康素养水平", "%", "health_literacy_rate"),
    ("新增省级及以上重点学科(专科)", "", "new_provincial_key_disciplines"),
    ("国家医疗健康信息互联互通标准化成熟度评价(达四级以上的县(市、区))", "个",
     "interoperability_level4_counties"),
    ("国家医疗健康信息互联互通标准化成熟度评价(达四级以上的医疗机构)", "个",
     "interoperability_level4_institutions"),
    ("省级及以上卫生高端人才", "名", "senior_health_talents"),
    ("千人床位数", "张", "hospital_beds_per_1000"),
    ("千人医师数", "人", "physicians_per_1000"),
    ("千人护士数", "人", "nurses_per_1000"),
    ("疾控机构规范化率", "%", "cdc_standardization_rate"),
    ("县级公立医院中三级医院占比", "%", "county_public_hospitals_tertiary_share"),
    ("镇(街道)卫生院(社区卫生服务中心)服务能力达到国家标准占比", "%",
     "primary_care_basic_standard_share"),
    ("每千名老年人医疗机构康复护理床位数", "张", "elderly_rehab_nursing_beds_per_1000"),
    ("每千人口拥有3岁以下婴幼儿托位数", "个", "childcare_places_per_1000"),
    ("全国三级公立医院绩效考核排名(西医类)", "个", "public_hospital_performance_western"),
    ("全国三级公立医院绩效考核排名(中医类)", "名", "public_hospital_performance_tcm_rank"),
    ("县域就诊率", "%", "county_treatment_rate"),
    ("重点人群家庭医生签约覆盖率", "%", "family_doctor_key_population_rate"),
    ("适龄儿童国家免疫规划疫苗接种率(以镇〔街道〕为单位)", "%", "immunization_coverage_rate"),
    ("重大慢性病过早死亡率", "%", "premature_ncd_mortality_rate"),
    ("总体癌症五年生存率", "%", "cancer_five_year_survival_rate"),
    ("个人卫生支出占卫生总费用比重", "%", "out_of_pocket_share"),
    ("人均基本公共卫生服务经费", "元", "per_capita_basic_public_health_funding"),
    ("城乡居民基本医疗保险政策范围内住院报销比例(含大病保险)", "%", "inpatient_reimbursement_rate"),
    ("异地结算医疗机构开通率", "%", "cross_region_settlement_rate"),
    ("健康嘉兴发展指数", "", "healthy_city_development_index"),
    ("中医药发展指数", "", "tcm_development_index"),
]

# Indicators as the text extractor names them in the seed plans.
SEED_TEXT = [
    ("儿童免疫规划疫苗接种率", "%", "immunization_coverage_rate"),
    ("千人献血率", "‰", "blood_donation_rate"),
    ("城乡居民免费健康体检", "万人", "health_checkups"),
    ("年体检人数", "万", "health_checkups"),
    ("县级医院出院患者手术占比", "%", "inpatient_surgery_share"),
    ("县级医院出院患者微创手术占比", "%", "minimally_invasive_surgery_share"),
    ("县级医院出院患者三四级手术占比", "%", "grade34_surgery_share"),
    ("市级综合医院四级手术占比", "%", "grade4_surgery_share"),
    ("镇卫生院(社区卫生服务中心)达到国家推荐标准比例", "%", "primary_care_recommended_standard_share"),
    ("镇(街道)卫生院(社区卫生服务中心)服务能力达到国家推荐标准比例", "%",
     "primary_care_recommended_standard_share"),
    ("镇卫生院和社区卫生服务中心达到国家优质服务基层行基本标准", "%", "primary_care_basic_standard_share"),
    ("0—3岁婴幼儿发育监测筛查率", "%", "child_development_screening_rate"),
    ("0—3岁儿童发育筛查率", "%", "child_development_screening_rate"),
    ("新增省级标准化安宁疗护病区", "个", "hospice_wards"),
    ("每个县(市、区)建有标准化安宁疗护病区", "家", "hospice_wards"),
    ("镇卫生院(社区卫生服务中心)提供安宁疗护服务比例", "%", "hospice_provision_share"),
    ("公民中医药健康文化素养水平", "%", "tcm_health_literacy_rate"),
    ("建成A+等级规范化疾控中心", "家", "cdc_graded_centres"),
    ("市、县(市、区)疾控机构规范化率", "%", "cdc_standardization_rate"),
    ("新增急救站点", "个", "emergency_stations_new"),
    ("新增救护车", "辆", "ambulances_new"),
    ("县域就诊率", "%", "county_treatment_rate"),
    ("基层门诊占比", "%", "primary_care_visit_share"),
    ("公立医院医疗服务收入占比", "%", "medical_service_revenue_share"),
    ("公立医院医疗服务收入占医疗总收入比例", "%", "medical_service_revenue_share"),
    ("健康素养", "百分点", "health_literacy_rate"),
    ("儿童青少年近视率", "百分点", "child_myopia_rate"),
    ("新增托位", "个", "childcare_places_new"),
    ("普惠性托位数占比", "%", "inclusive_childcare_place_share"),
    ("新增3岁以下婴幼儿照护服务机构", "家", "childcare_institutions_new"),
    ("打造示范性托育机构", "家", "childcare_demonstration_institutions"),
    ("城镇社区建有普惠性托育机构比例", "%", "community_childcare_coverage"),
    ("主要病种出生缺陷发生率", "‰", "birth_defect_incidence_rate"),
    ("严重致残出生缺陷发生率", "‰", "severe_birth_defect_rate"),
    ("孕产妇死亡率", "/10万", "maternal_mortality_rate"),
    ("婴幼儿死亡率", "‰", "infant_mortality_rate"),
    ("家庭医生签约率", "%", "family_doctor_contract_rate"),
    ("家庭医生签约服务覆盖率", "%", "family_doctor_contract_rate"),
    ("签约服务覆盖率", "%", "family_doctor_contract_rate"),
    ("全人群签约覆盖率", "%", "family_doctor_contract_rate"),
    ("家庭医生重点人群签约率", "%", "family_doctor_key_population_rate"),
    ("65岁及以上老年人签约覆盖率", "%", "family_doctor_elderly_contract_rate"),
    ("高血压患者规范管理服务率", "%", "hypertension_management_rate"),
    ("2型糖尿病患者规范管理服务率", "%", "diabetes_management_rate"),
    ("居民电子健康档案开放率", "%", "ehr_open_rate"),
    ("每千名儿童拥有儿科执业(助理)医师数", "人", "pediatricians_per_1000_children"),
    ("每千名老年人康复护理床位", "张", "elderly_rehab_nursing_beds_per_1000"),
    ("每千常住人口基层卫生人员数", "人", "primary_health_workers_per_1000"),
    ("建成基层“旗舰”中医馆", "家", "tcm_clinic_centres"),
    ("建成“中医阁”", "家", "tcm_pavilions"),
    ("新建社区卫生服务站(村卫生室)中医阁", "家", "tcm_pavilions"),
    ("建设慢性病综合防控金牌示范区", "家", "ncd_demonstration_areas"),
    ("人员支出占业务支出比例", "%", "personnel_expenditure_share"),
    ("社会办医疗机构床位占比", "%", "social_hospital_bed_share"),
    ("基层医疗卫生机构公共卫生人员占专业技术人员比例", "%", "public_health_staff_share"),
    ("工作场所职业病危害因素监测合格率", "%", "occupational_hazard_monitoring_pass_rate"),
    ("住培结业考核首考通过率", "%", "residency_exam_pass_rate"),
    ("基层医疗卫生机构提供儿科服务比例", "%", "pediatric_service_share"),
    ("儿童友好医院比例", "%", "child_friendly_hospital_share"),
    ("老年人健康评估", "万人", "elderly_health_assessments"),
    ("建成“医防护”儿童健康管理中心", "家", "child_health_management_centres"),
    ("乡村医生中具备执业(助理)医师资格的人员比例", "%", "village_doctor_licensed_share"),
    ("镇(街道)卫生院(社区卫生服务中心)熟练开展中医药适宜技术服务", "项", "tcm_appropriate_techniques"),
    ("二甲综合(中医)医院重症床位比例", "%", "icu_bed_share"),
]

# Wordings of the same indicators as other cities' plans and tables put them.
VARIANTS = [
    ("全市人均预期寿命", "岁", "life_expectancy"),
    ("居民人均预期寿命", "岁", "life_expectancy"),
    ("婴儿死亡率", "‰", "infant_mortality_rate"),
    ("5岁以下儿童死亡率", "‰", "under5_mortality_rate"),
    ("五岁以下儿童死亡率", "‰", "under5_mortality_rate"),
    ("孕产妇死亡率", "1/10万", "maternal_mortality_rate"),
    ("每千人口医疗卫生机构床位数", "张", "hospital_beds_per_1000"),
    ("每千常住人口执业(助理)医师数", "人", "physicians_per_1000"),
    ("每千人口注册护士数", "人", "nurses_per_1000"),
    ("每万人口全科医生数", "人", "gps_per_10000"),
    ("每万常住人口拥有全科医生数", "名", "gps_per_10000"),
    ("每千人口中医类别执业(助理)医师数", "人", "tcm_physicians_per_1000"),
    ("每千人口公立中医类医院床位数", "张", "tcm_hospital_beds_per_1000"),
    ("每千人口拥有3岁以下婴幼儿托位数", "个", "childcare_places_per_1000"),
    ("千人口托位数", "个", "childcare_places_per_1000"),
    ("二级以上公立医院预约诊疗率", "%", "appointment_rate"),
    ("居民电子健康档案调阅率", "%", "ehr_open_rate"),
    ("无偿献血率", "‰", "blood_donation_rate"),
    ("每千人口献血率", "‰", "blood_donation_rate"),
    ("产前筛查率", "%", "prenatal_screening_rate"),
    ("以乡镇为单位适龄儿童免疫规划疫苗接种率", "%", "immunization_coverage_rate"),
    ("65岁及以上老年人健康管理率", "%", "elderly_health_management_rate"),
    ("65岁及以上老年人中医药健康管理率", "%", "elderly_tcm_health_management_rate"),
    ("0—36个月儿童中医药健康管理率", "%", "child_tcm_health_management_rate"),
    ("高血压患者规范管理率", "%", "hypertension_management_rate"),
    ("糖尿病患者基层规范管理服务率", "%", "diabetes_management_rate"),
    ("严重精神障碍患者规范管理率", "%", "severe_mental_disorder_management_rate"),
    ("孕产妇系统管理率", "%", "maternal_system_management_rate"),
    ("3岁以下儿童系统管理率", "%", "child_system_management_rate"),
    ("0—6岁儿童健康管理率", "%", "child_health_management_rate"),
    ("总体癌症5年生存率", "%", "cancer_five_year_survival_rate"),
    ("个人卫生支出占卫生总费用的比重", "%", "out_of_pocket_share"),
    ("30—70岁人群四类慢性病过早死亡率", "%", "premature_ncd_mortality_rate"),
    ("重大慢性病过早死亡率", "‰", "premature_ncd_mortality_rate"),
    ("全区家庭医生签约服务覆盖率", "%", "family_doctor_contract_rate"),
    ("常住人口家庭医生签约率", "%", "family_doctor_contract_rate"),
    ("重点人群签约服务覆盖率", "%", "family_doctor_key_population_rate"),
    ("县域内就诊率", "%", "county_treatment_rate"),
    ("基层医疗卫生机构诊疗量占比", "%", "primary_care_visit_share"),
    ("出院患者三、四级手术占比", "%", "grade34_surgery_share"),
    ("三级公立医院出院患者四级手术比例", "%", "grade4_surgery_share"),
    ("城乡居民健康体检人数", "万人", "health_checkups"),
    ("中医药健康文化素养水平", "%", "tcm_health_literacy_rate"),
    ("居民健康素养水平", "百分点", "health_literacy_rate"),
    ("15岁以上人群吸烟率", "%", "adult_smoking_rate"),
    ("儿童青少年总体近视率", "%", "child_myopia_rate"),
    ("二级及以上综合医院设立老年医学科的比例", "%", "geriatrics_department_share"),
    ("社区卫生服务中心和乡镇卫生院提供中医药服务的比例", "%", "primary_tcm_service_share"),
    ("甲乙类法定传染病报告发病率", "/10万", "notifiable_disease_incidence_rate"),
    ("肺结核发病率", "/10万", "tuberculosis_incidence_rate"),
    ("院前急救平均反应时间", "分钟", "emergency_response_time"),
    ("每万人口救护车数", "辆", "ambulances_per_10000"),
    ("新增急救分站", "个", "emergency_stations_new"),
    ("疾控中心规范化建设达标率", "%", "cdc_standardization_rate"),
    ("健康绍兴发展指数", "", "healthy_city_development_index"),
    ("国民体质监测合格率", "%", "physical_fitness_pass_rate"),
    ("新增普惠性托位", "个", "childcare_places_new"),
    ("开展安宁疗护服务的社区卫生服务中心比例", "%", "hospice_provision_share"),
    ("建设安宁疗护病房", "个", "hospice_wards"),
    ("建成中医阁", "个", "tcm_pavilions"),
    ("建成星级中医馆", "个", "tcm_clinic_centres"),
    ("城乡居民医保政策范围内住院费用基金支付比例", "%", "inpatient_reimbursement_rate"),
    ("异地就医直接结算定点医疗机构开通率", "%", "cross_region_settlement_rate"),
    ("住院医师规范化培训结业考核通过率", "%", "residency_exam_pass_rate"),
]

# Text that must not map, or must not map to a near neighbour.
NEGATIVES = [
    ("新增入省库健康科普作品", "部"),
    ("二级以上综合医院体重门诊设置率", "%"),
    ("智慧化免疫规划接种门诊A+级比例", "%"),
    ("基层中医馆完成服务内涵提升比例", "%"),
    ("乡村振兴监测对象签约覆盖率", "%"),
    ("县级中医医院达到国家中医医院医疗服务能力推荐标准", "%"),
    ("村卫生室达到国家服务能力评价标准比例", "%"),
    ("急救平均时间全省排名", "名"),
    ("签约居民健康评估", "%"),
    ("12356心理援助热线", "%"),
    ("流感疫苗接种率", "%"),
    ("医疗纠纷调解结案率", "%"),
    ("医疗卫生机构与养老机构签约率", "%"),
    ("", None),
]

# Same words, wrong kind of number: the unit rules the entry out.
UNIT_MISMATCHES = [
    ("孕产妇死亡率", "人"),         # a count of deaths is not the rate
    ("县域就诊率", "家"),
    ("新增托位", "%"),              # a share is not the count of places
    ("人均预期寿命", "%"),
    ("新增急救站点", "%"),
]


def _id(indicator: str, unit: str | None) -> str | None:
    match = map_indicator(indicator, unit)
    return match.indicator_id if match else None


@pytest.mark.parametrize("indicator, unit, expected", TABLE_ROWS + SEED_TEXT + VARIANTS)
def test_maps_to_the_canonical_id(indicator, unit, expected):
    assert _id(indicator, unit) == expected


@pytest.mark.parametrize("indicator, unit", NEGATIVES + UNIT_MISMATCHES)
def test_does_not_map(indicator, unit):
    assert _id(indicator, unit) is None


def test_the_table_has_31_distinct_ids():
    """30 numbered rows, row 8 with two sub-rows; rows 18/19 (西医类/中医类) stay apart too."""
    assert len({expected for _, _, expected in TABLE_ROWS}) == 31


@pytest.mark.parametrize("pair", [
    ("家庭医生签约服务覆盖率", "重点人群家庭医生签约覆盖率"),
    ("孕产妇死亡率", "婴儿死亡率"),
    ("婴儿死亡率", "5岁以下儿童死亡率"),
    ("出生缺陷发生率", "严重致残出生缺陷发生率"),
    ("三四级手术占比", "四级手术占比"),
    ("人均预期寿命", "人均健康预期寿命"),
    ("居民健康素养水平", "中医药健康文化素养水平"),
    ("每千人口执业(助理)医师数", "每千人口中医类别执业(助理)医师数"),
    ("65岁及以上老年人健康管理率", "65岁及以上老年人中医药健康管理率"),
    ("新增托位", "每千人口托位数"),
])
def test_neighbours_stay_apart(pair):
    first, second = (_id(text, None) for text in pair)
    assert first is not None and second is not None and first != second


def test_match_carries_dictionary_fields():
    assert map_indicator("重点人群家庭医生签约覆盖率", "%") == IndicatorMatch(
        indicator_id="family_doctor_key_population_rate",
        indicator_name="重点人群家庭医生签约覆盖率",
        unit="%",
        direction="up",
        themes=["基层卫生"],
    )
    assert map_indicator("婴幼儿死亡率", "‰").direction == "down"
    assert map_indicator("每千人口拥有3岁以下婴幼儿托位数", "个").themes == ["一老一小"]


def test_full_width_text_and_spaces_are_read_like_half_width():
    assert _id("每千人口拥有3岁以下婴幼儿托位数 （个）", None) == "childcare_places_per_1000"
    assert _id("县级公立医院中三级医院占比", "％") == "county_public_hospitals_tertiary_share"


def test_dictionary_is_valid():
    assert validate_dictionary() == []


def test_dictionary_size():
    assert len(load_dictionary()) == 100


def test_validation_reports_each_kind_of_problem(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        "indicators:\n"
        "  - {id: a_rate, name: 甲, unit: '%', direction: up, themes: [疾控], patterns: ['甲']}\n"
        "  - {id: a_rate, name: 乙, unit: '%', direction: higher, themes: [不存在], patterns: ['(']}\n"
        "  - {id: BadId, name: 丙, unit: '%', direction: down, themes: [疾控]}\n",
        encoding="utf-8",
    )
    assert validate_dictionary(bad) == [
        "a_rate: duplicate id",
        "a_rate: direction 'higher' is not up or down",
        "a_rate: theme '不存在' is not in the taxonomy",
        "a_rate: pattern '(' does not compile (missing ), unterminated subpattern at position 0)",
        "'BadId': id is not snake_case",
        "BadId: no patterns or synonyms",
    ]
