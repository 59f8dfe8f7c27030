"""Every column of every output table, defined once: name, type, Chinese label, description and
allowed values (in the manner of pudl's field metadata).

The contract the build validates (store.schema), the dtypes frames are built with, the labels
the dashboard and the downloads show, the ENUM types of the dashboard database and the code
lists (kinds, roles, natures …) are all derived from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

# ---------------------------------------------------------------- code lists

# code -> label shown to officials
ROLES = {"target": "目标", "baseline": "基线"}
COMPARATORS = {">=": "不低于（≥）", "<=": "不高于（≤）", "=": "达到（=）", ">": "高于（>）", "<": "低于（<）",
               "range": "区间"}
KINDS = {"level": "水平值", "count": "数量", "change": "变化量", "rank": "排名", "qualitative": "定性表述",
         "full_coverage": "全覆盖"}
# Kinds that carry no printed number: a qualitative wording, or 全覆盖 with no digit.
UNQUANTIFIED_KINDS = ("qualitative", "full_coverage")
ORIGINS = {"text": "正文", "table": "指标表"}
DIRECTIONS = {"up": "越高越好", "down": "越低越好"}
# Administrative levels (GB/T 2260): province, prefecture-level city, county-level division.
REGION_LEVELS = {"省": "省", "市": "市", "区县": "区县"}
# 指标属性 as indicator tables print them (倡导性: indicators that call on society to act).
NATURES = {"预期性": "预期性", "约束性": "约束性", "倡导性": "倡导性"}
REVIEW_REASONS = {"low_confidence": "低置信度", "number_without_target": "未抽出目标"}
# Decisions (review.decision) a number's own shape settles — a year, a phone number, a document
# number: the reader does not flag them as numbers that might have been missed.
SETTLED_BY_SHAPE = ("year", "date", "time of day", "document number", "phone number", "web address",
                    "registration number", "long code", "ordinal", "list marker", "clause number",
                    "contact details or advertising", "grade", "age", "part of a name or code")

# Rows whose confidence falls below this are listed for review.
REVIEW_THRESHOLD = 0.6
YEAR_RANGE = (1990, 2100)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "text", "integer", "number", "text_list"
    label: str  # Chinese, as officials read it
    description: str
    allowed: tuple[str, ...] | None = None
    nullable: bool = False
    unique: bool = False
    min_length: int | None = None  # for text
    minimum: float | None = None
    maximum: float | None = None
    enum: str | None = None  # the dashboard database stores the column as this ENUM type
    technical: bool = False  # an id or offset: listed after what an official reads


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    checks: tuple[str, ...] = field(default=())  # names of table checks in store.schema

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _code(name, label, description, codes, nullable=False, enum=None):
    return Field(name, "text", label, description, allowed=tuple(codes), nullable=nullable, enum=enum)


_YEAR = dict(minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1])

# Fields shared by several tables are written once and reused.
DOC_ID = Field("doc_id", "text", "文件编号", "The source document's id (sources.csv).", enum="doc_key",
               technical=True)
REGION = Field("region", "text", "地区", "Region name for display: 嘉兴市, 奉贤区.", min_length=1,
               enum="region_name")
REGION_CODE = Field("region_code", "text", "地区代码",
                    "6-digit GB/T 2260 code of the region (data/reference/regions.csv); regions are "
                    "keyed, grouped and ordered by it.", min_length=6, enum="region_code", technical=True)
REGION_LEVEL = _code("region_level", "层级", "省 / 市 / 区县.", REGION_LEVELS, enum="level_name")
PROVINCE = Field("province", "text", "省份", "The region's province (for a province, itself).",
                 enum="province_name")
PARENT_REGION = Field("parent_region", "text", "上级地区", "The city above a district, the province "
                      "above a city; null for a province.", nullable=True, enum="region_name")
PLAN_YEAR = Field("plan_year", "integer", "规划年份", "The year the document plans for.", **_YEAR)
SPAN_START = Field("span_start", "integer", "原文起点", "Where the value (or clause) starts in the "
                   "document's text.", minimum=0, technical=True)
SPAN_END = Field("span_end", "integer", "原文终点", "Where it ends.", minimum=0, technical=True)
THEMES = Field("themes", "text_list", "主题", "Theme names from data/reference/themes.yaml.")
SOURCE_TEXT = Field("source_text", "text", "原文句子", "The verbatim sentence (or table row) that states "
                    "the value.", min_length=1)
CONFIDENCE = Field("confidence", "number", "置信度", "0–1; rows below the review threshold are listed "
                   "for review.", minimum=0, maximum=1, technical=True)

TARGETS = Table("targets", "One row per stated value: a target the plan commits to, or a baseline.", (
    Field("target_id", "text", "目标编号", "Stable across rebuilds for the same document text.",
          unique=True, min_length=1, technical=True),
    DOC_ID,
    Field("doc_title", "text", "文件标题", "The source document's title.", enum="doc_title_text"),
    REGION, REGION_LEVEL, PROVINCE, PLAN_YEAR,
    Field("section", "text", "章节", "Section heading the value stands under."),
    Field("clause", "text", "条目编号", "Clause number as printed (\"\" if none)."),
    Field("clause_title", "text", "条目标题", "Clause title."),
    Field("indicator", "text", "指标（原文）", "The indicator as the document names it, cleaned.",
          min_length=1),
    Field("indicator_id", "text", "指标代码", "Canonical indicator (data/reference/indicators.yaml); "
          "null when not mapped.", nullable=True, enum="indicator_id_text", technical=True),
    Field("indicator_name", "text", "标准指标", "The canonical indicator's name.", nullable=True,
          enum="indicator_name_text"),
    _code("role", "类型", "target or baseline.", ROLES, enum="role_name"),
    Field("year", "integer", "年份", "The year the value is for.", **_YEAR),
    Field("value", "number", "数值", "The number as written (80 for 80万人); null when qualitative.",
          nullable=True),
    Field("value_high", "number", "区间上限", "Upper end of a range (5 for 3-5个).", nullable=True),
    Field("unit", "text", "单位", "Normalised as written: % ‰ /10万 人 万人 家 个 …", enum="unit_text"),
    _code("comparator", "比较方式", ">= <= = > < range; null when qualitative.", COMPARATORS,
          nullable=True, enum="comparator_name"),
    _code("kind", "值的种类", "level count change rank qualitative full_coverage.", KINDS, enum="kind_name"),
    Field("value_text", "text", "原文数值", "The value exactly as printed: ≥15, 9.5/10万以下.", min_length=1),
    _code("nature", "性质", "预期性 / 约束性 / 倡导性 where the document gives it.", NATURES, nullable=True,
          enum="nature_name"),
    Field("category", "text", "类别", "The indicator table's 类别 or group row.", nullable=True,
          enum="category_name"),
    THEMES,
    _code("direction", "方向", "up / down (is higher better), from the dictionary.", DIRECTIONS,
          nullable=True, enum="direction_name"),
    _code("origin", "来源位置", "text or table.", ORIGINS, enum="origin_name"),
    SOURCE_TEXT, SPAN_START, SPAN_END, CONFIDENCE,
    PARENT_REGION,
    Field("clause_id", "text", "条目编号（内部）", "The clause the value stands in (clauses table).",
          technical=True),
    REGION_CODE,
), primary_key=("target_id",), checks=("span_is_ordered", "numbers_have_comparators",
                                       "ranges_have_high_values"))

DOCUMENTS = Table("documents", "One row per source document, with its metadata and text.", (
    Field("doc_id", "text", "文件编号", "The source document's id (sources.csv).", unique=True,
          enum="doc_key", technical=True),
    Field("file", "text", "文件名", "The file in the sources folder.", technical=True),
    REGION, REGION_LEVEL, PROVINCE, PARENT_REGION, PLAN_YEAR,
    Field("horizon_year", "integer", "目标年份", "The year undated targets are for.", **_YEAR),
    Field("doc_type", "text", "文件类型", "工作要点, 实施意见 …", nullable=True),
    Field("title", "text", "文件标题", "Title."),
    Field("issuer", "text", "发文机关", "Issuing body.", nullable=True),
    Field("date", "text", "发布日期", "Publication or signing date.", nullable=True),
    Field("url", "text", "网址", "Where the document was published.", nullable=True),
    Field("text", "text", "全文", "The document's text as read (every span points into it).",
          technical=True),
    Field("n_chars", "integer", "字数", "Length of the text.", minimum=0, technical=True),
    Field("sha256", "text", "内容哈希", "SHA-256 of the text.", technical=True),
    REGION_CODE,
), primary_key=("doc_id",))

CLAUSES = Table("clauses", "One row per clause, so theme coverage counts commitments without numbers.", (
    Field("clause_id", "text", "条目编号（内部）", "doc_id:NNN or doc_id:tableN.", unique=True, technical=True),
    DOC_ID,
    Field("section", "text", "章节", "Section heading."),
    Field("clause", "text", "条目编号", "Clause number as printed."),
    Field("clause_title", "text", "条目标题", "Clause title."),
    Field("text", "text", "条目原文", "The clause's text."),
    THEMES, SPAN_START, SPAN_END,
    Field("n_targets", "integer", "目标数", "Values read from the clause.", minimum=0),
    Field("n_quantified", "integer", "量化条目数", "Of which carry a number.", minimum=0),
), primary_key=("clause_id",))

REVIEW = Table("review", "Rows to check by hand: low-confidence readings, and every number that "
               "gave no target with the decision taken on it.", (
    DOC_ID,
    _code("reason", "复核原因", "low_confidence or number_without_target.", REVIEW_REASONS),
    Field("decision", "text", "判断", "Why a number gave no target (year, phone number, past "
          "achievement …; etl.extraction.lexicon).", nullable=True),
    Field("target_id", "text", "目标编号", "The low-confidence target.", nullable=True, technical=True),
    Field("number_text", "text", "原文数字", "The number as printed."),
    replace(SOURCE_TEXT, min_length=None),
    SPAN_START, SPAN_END,
    Field("confidence", "number", "置信度", "The reading's confidence.", nullable=True, technical=True),
    Field("note", "text", "说明", "The reason in words an official reads."),
))

TABLES = {table.name: table for table in (TARGETS, DOCUMENTS, CLAUSES, REVIEW)}

# Labels of columns the dashboard derives (not stored in the tables).
DERIVED_LABELS = {
    "indicator_key": "指标代码", "indicator_label": "指标", "region_label": "地区", "group_label": "分组", "n_documents": "文件数", "n_regions": "地区数",
    "n_baselines": "基线数", "baseline_year": "基线年份", "baseline_value": "基线值",
    "target_year": "目标年份", "target_value": "目标值", "change_abs": "需变化量",
    "change_per_year": "年均需变化", "status": "判断", "n_clauses": "条目数",
}


def column_label(column: str) -> str:
    """The Chinese label of a column of any table (the first table defining it wins)."""
    for table in TABLES.values():
        for f in table.fields:
            if f.name == column:
                return f.label
    return DERIVED_LABELS.get(column, column)


def enum_columns() -> dict[str, list[tuple[str, str]]]:
    """ENUM type -> the (table, column) pairs stored as it in the dashboard database."""
    types: dict[str, list[tuple[str, str]]] = {}
    for table in TABLES.values():
        for f in table.fields:
            if f.enum:
                types.setdefault(f.enum, []).append((table.name, f.name))
    return types
