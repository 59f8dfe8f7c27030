"""Words Chinese health plans use around their numbers.

The lists come from reading how 卫生健康工作要点, 工作计划 and 实施意见 of provinces, cities and
districts phrase commitments (and from TARGETS.md's reading rules). They are grammar, not facts
about any one document, so they live beside the extractor rather than in data/reference/.
"""
import re

# Comparator words before a number, longest first (TARGETS.md: comparator words).
PREFIX_COMPARATORS = [
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("≥", ">="), (">=", ">="),
    ("大于", ">"), ("超过", ">"), ("高于", ">"), ("多于", ">"), ("逾", ">"),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("≤", "<="), ("<=", "<="),
    ("低于", "<"), ("小于", "<"), ("不足", "<"), ("少于", "<"), (">", ">"), ("<", "<"),
]
PREFIX_COMPARATORS.sort(key=lambda pair: len(pair[0]), reverse=True)
# Comparator words after the number and its unit, longest first.
SUFFIX_COMPARATORS = [
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
    ("之内", "<="), ("左右", "="),
]
# A verb right before the number that makes the value a change rather than a level.
CHANGE_VERBS = ["提升", "提高", "下降", "降低", "增加", "减少", "增长", "上升", "缩小", "缩短"]
# A verb that puts a ceiling on the value even without 以内/以下. Verbs of reaching a level
# (降至, 下降到, 提高到) say "=" like 达到 (TARGETS.md: no qualifier → "="); a control verb caps.
CEILING_VERBS = ["控制在", "控制到", "低于"]

# Units as printed after a number, longest first; the value keeps the unit as written.
UNITS = [
    "个百分点", "百分点", "%", "‰", "万人次", "万人", "万元", "亿元", "万名", "万例", "万份", "万户",
    "万个", "万张", "万家", "万次", "万件", "万台", "万套", "万所", "万册",
    "万", "人次", "场次", "班次", "批次", "人", "名", "家", "个", "所", "张", "项", "部", "辆", "支",
    "场", "次", "台", "套", "类", "条", "批", "座", "间", "户", "例", "种", "篇", "册", "期", "处",
    "床", "位", "周岁", "岁", "元", "天", "日", "小时", "分钟", "分", "倍", "公里", "平方米", "份", "本",
    "亿人次", "亿元", "万颗", "颗", "粒", "剂次", "剂", "人份", "盒", "瓶", "万剂", "万人份", "幅",
    "万亩", "亩", "公顷", "吨", "千克", "公斤", "℃", "°C", "mmHg", "mmol/L",
    "组", "对", "队", "级", "型", "号", "届", "代", "年", "月", "季度",
]
UNITS += ["个月", "月龄", "周", "周年", "起", "万剂次", "管", "万管", "万份次", "人日", "学时", "课时", "轮",
          "万平方米", "平方千米"]
# Longest first, so that 万颗 is not read as 万 followed by a name.
UNIT_RE = re.compile("|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)))
# Units that never carry a target: grades, models, document numbers, dates.
NON_TARGET_UNITS = {"级": "grade", "型": "name", "号": "document number", "届": "name", "周年": "date",
                    "代": "name", "年": "year", "月": "date", "季度": "date",
                    "℃": "measurement in a definition", "°C": "measurement in a definition",
                    "mmHg": "measurement in a definition", "mmol/L": "measurement in a definition"}
# Durations name a service standard (24小时, 15分钟服务圈) unless the sentence sets a time limit.
DURATION_UNITS = {"天", "日", "小时", "分钟", "个月", "周"}
AGE_UNITS = {"岁", "周岁"}
LEVEL_UNITS = {"%", "‰", "/10万", "/万", "百分点", "个百分点", "岁", "周岁", "平方米", "公里", "倍"}
# Units of people: "为2000名适龄儿童…提供…" counts people served; "为4个贫困县…" names where.
PERSON_UNITS = {"名", "人", "万", "万名", "万人", "人次", "万人次", "户", "万户", "例", "万例"}
# "3次/月", "24元/人", "2.5张/千人": a unit per period or per head.
PER_UNIT_RE = re.compile(r"/(?:月|年|周|日|天|季度|人|千人|万人|百人|床|户|次|例)")

# Verbs that make a number before a noun a commitment to build or do that many things
# (创建65家无烟机关); after other verbs (落实18项核心制度) the number names a fixed set.
COUNT_VERBS = [
    "新增", "新建", "建设", "建成", "建立", "创建", "创成", "争创", "打造", "培育", "培养", "培训",
    "组建", "设立", "设置", "开设", "引进", "招引", "招录", "招聘", "招收", "选派", "遴选", "评选",
    "选拔", "举办", "开展", "完成", "推广", "认定", "配置", "配备", "增加", "增设", "扩增", "储备",
    "发放", "改造", "提供", "建", "办好", "开办", "实施", "申报", "创作", "制作", "讲好", "展示",
    "新培育", "新认定", "扶持", "支持", "命名", "推进", "做好", "建强", "吸纳", "集聚", "争取",
    # verbs of reaching a number of places or people: 扩展到200家医院, 覆盖30个乡镇, 惠及10万人
    "扩展到", "扩展至", "扩大到", "扩大至", "延伸到", "延伸至", "覆盖", "惠及", "增至",
    "增加到", "接入", "帮扶", "筛查", "救治", "签约",
]
COUNT_VERB_RE = re.compile("|".join(sorted(map(re.escape, COUNT_VERBS), key=len, reverse=True)))

# Leading words that say how or where, not what; dropped from indicator names.
LEADING_FILLERS = [
    # bounds printed before the verb (至少组织2次): the comparator is read, not the name;
    # listed before 至 so that 至少 goes whole
    "至少", "最少", "不少于", "不低于",
    "力争", "争取", "确保", "实现", "推动", "全年", "年内", "年底前", "进一步", "持续", "积极", "努力",
    "基本", "全面", "同时", "其中", "并且", "并", "且", "要", "将", "使", "每年", "当年", "稳步",
    "全市", "全区", "全省", "全县", "全镇", "在", "的", "和", "及", "与", "以及", "还", "再", "使得",
    "至", "到", "累计", "完成", "辖区", "着力", "切实", "有效", "加快", "逐步", "大力", "控制", "向",
]
LEADING_YEAR_RE = re.compile(r"^(?:到|至|在|于)?20\d\d年(?:底|末|前|内|度)?(?:前)?")
# Trailing verbs between an indicator and its number (达85%, 控制在9.5/10万以下).
TRAILING_VERBS = [
    "保持在", "稳定在", "维持在", "控制在", "控制到", "提高到", "提高至", "提升到", "提升至", "降低到",
    "降低至", "下降到", "下降至", "增加到", "增加至", "增长到", "扩大到", "扩大至", "达到", "达", "保持",
    "降至", "降到", "增至", "提至", "为", "在", "至", "到", "实现", "超过", "均", "各", "都", "分别",
    "的", "是", "要", "同比", "较上年", "比上年", "较去年", "比去年",
]
# Phrase separators inside a sentence.
PHRASE_SEPARATORS = "，,；;：:。！!？?"
LIST_SEPARATORS = "、"
# "65岁及以上老年人" is one name: 及 before 以上/以下 is part of the bound, not a list.
# (及时, 及早, 普及, 涉及 are words, not 及 joining two names.)
CONJUNCTION_RE = re.compile(r"[、和与]|以及|(?<![普涉波危顾])及(?!以上|以下|其|时|早|格)")
# Quotes and title marks: numbers inside them are names and slogans (“1+6”模式, 《…2024-2035年》).
QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "〈": "〉", '"': '"'}
# Words after 全覆盖 that show it describes a past result or a manner, not a commitment.
COVERAGE_NOT_COMMITMENT = ("成果", "基础", "的基础", "经验", "提档", "提质", "升级", "工作")
# 所有/全部/均 + these verbs, with no number, commit to full coverage.
FULL_COVERAGE_RE = re.compile(
    r"(?:全部|均能|均|都)(?P<verb>达到|达|实现|提供|开展|建有|设置|配备|完成|接入|具备|能提供|纳入|覆盖)"
)
# A count right after a programme's name gives the size of that named set
# (健康中国行动15项, 健康湖北29项指标), not something to do.
PROGRAMME_NOUN_RE = re.compile(r"(行动|工程|计划|制度|规范|举措|任务|指标|清单|实事|实事项目|事项)$")
# Leading generic verbs dropped from counted things: "做好58个…培育" → "…培育".
GENERIC_VERBS_RE = re.compile(r"^(做好|推动|完成|抓好|落实好)")
# Where an indicator's own words start after a governing verb in a full-coverage phrase.
COVERAGE_VERB_RE = re.compile(r"^(全面落实|落实|深化)|基本实现|实现|推动|推进|确保|力争")
# Words that show a sentence reports the past rather than commits to the future.
PAST_MARKERS = ("已经", "已完成", "已建成", "已实现", "累计完成", "共完成", "圆满完成", "顺利完成",
                "较好完成", "以来", "取得了", "完成了", "实现了")
REGION_WORDS_RE = re.compile(r"全市|全区|全省|全县|全镇|全国")
RANK_CONTEXT_RE = re.compile(r"(进入|位居|位列|跻身|保持|排名|排在|稳居|列)?(全国|全省|全市|全球|省内|市内|国内)?$")

# Why a number yielded no target, in the words shown to officials on the review list.
SKIP_REASONS_ZH = {
    "inside quotes or a title": "引号或书名号内的名称、口号",
    "ordinal": "序数（第几）",
    "part of a name or code": "名称或代码的一部分（如 5G、DRG2.0、1+X）",
    "list marker": "序号",
    "clause number": "条目编号",
    "year": "年份",
    "date": "日期",
    "grade": "等级（如二级、A级）",
    "name": "名称中的数字",
    "document number": "文号",
    "age": "年龄或年龄段",
    "duration in a name": "服务时段（如24小时、15分钟服务圈）",
    "number inside a name": "名称中的数字（如热线号码）",
    "not a rank": "不是排名",
    "past achievement": "已完成的工作，不是目标",
    "number names a fixed set": "固定提法中的数量（如“落实18项核心制度”）",
    "size of a named programme": "专项行动自身的项目数",
    "web address": "网址或邮箱",
    "phone number": "电话号码",
    "time of day": "时刻",
    "registration number": "备案号、索引号、邮编等编号",
    "long code": "编码或长串数字",
    "contact details or advertising": "联系方式、版权或广告",
    "past figure in brackets": "括号中的往年数值（对照值，不是目标）",
    "baseline in text": "文中的起点数值（从……提高到……）",
    "estimate": "预计或测算的数值，不是目标",
    "impossible percentage": "超过100%的比例（多半是小数点丢失），请核对原文",
    "table not read": "指标表未能按年份读出，请人工核对整张表",
    "measurement in a definition": "病例定义或诊断标准中的测量值（如体温≥38℃）",
    "budget": "资金安排（投入，不是目标）",
    "sharing ratio": "配套或分担比例（如“按1:1比例配套”），不是目标",
    "count summarising a list": "概括列举事项的数量（“共N项”“等N项”）",
    "number names a set": "所指事项的数量（“做好N类……”，不是要新增的数量）",
    "scope of a service": "服务覆盖的范围（如“为4个县……”），不是目标",
    "restated": "同一目标在文中已经写过（标题或重复表述）",
    "number alone in a table cell": "表格单元格中单独的数字（所在表格没有年份列）",
    "report of the past": "所在部分回顾已完成的工作",
}
