"""The shared sidebar filters: one frozen value, turned into SQL conditions and words.

Values always travel as bound parameters, never formatted into the SQL text.
An empty selection means "no restriction".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from board.labels import ROLE_LABELS, UNQUANTIFIED_KINDS

# URL parameter names; the sidebar widgets use the same names as their keys.
PARAM_THEMES = "theme"
PARAM_REGIONS = "region"
PARAM_LEVELS = "level"
PARAM_YEARS = "years"
PARAM_DOCS = "doc"
PARAM_NATURES = "nature"
PARAM_ROLES = "role"
PARAM_QUANTIFIED = "quant"

_QUANTIFIED_SQL = "{a}.kind NOT IN (" + ", ".join(f"'{k}'" for k in UNQUANTIFIED_KINDS) + ")"


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # GB/T 2260 codes: names repeat across the country
    levels: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    doc_ids: tuple[str, ...] = ()
    natures: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    quantified_only: bool = False

    def __post_init__(self):
        # Accept lists from callers but keep the value hashable (cache keys, equality).
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                object.__setattr__(self, f.name, tuple(value))

    # -- SQL -------------------------------------------------------------------------------
    def targets_where(self, alias: str = "t") -> tuple[str, list]:
        """WHERE condition (without the keyword) and parameters for rows of `targets`."""
        conditions, params = [], []
        _add_themes(conditions, params, f"{alias}.themes", self.themes)
        return self._row_conditions(alias, conditions, params, _QUANTIFIED_SQL.format(a=alias))

    def theme_sets_where(self, alias: str, theme_sets: Sequence[str] | None,
                         counted: bool = False) -> tuple[str, list]:
        """The targets_where condition for relations that code each row's themes as `theme_set`
        (targets and the relations of store.relations): `theme_sets` are the codes of the theme
        lists holding a chosen theme, looked up once per query (None without a theme filter), so
        a scan compares one small code per row instead of searching every row's list.
        `counted`: the rows say `quantified` instead of their kind (target_counts)."""
        conditions, params = [], []
        if self.themes:
            if theme_sets is None:
                raise ValueError("a theme filter needs the codes of its theme lists")
            if theme_sets:
                conditions.append(f"{alias}.theme_set IN ({_placeholders(theme_sets)})")
                params += list(theme_sets)
            else:
                conditions.append("FALSE")  # no row holds a chosen theme
        quantified_sql = f"{alias}.quantified" if counted else _QUANTIFIED_SQL.format(a=alias)
        return self._row_conditions(alias, conditions, params, quantified_sql)

    def theme_counts_where(self, alias: str = "c") -> tuple[str, list]:
        """The same condition for `target_theme_counts` (targets counted per theme, document,
        year, nature, role and quantified or not; see store.database): a row there is one theme."""
        conditions, params = [], []
        if self.themes:
            conditions.append(f"{alias}.theme IN ({_placeholders(self.themes)})")
            params += list(self.themes)
        return self._row_conditions(alias, conditions, params, f"{alias}.quantified")

    def _row_conditions(self, alias: str, conditions: list[str], params: list,
                        quantified_sql: str) -> tuple[str, list]:
        _add_in(conditions, params, f"{alias}.region_code", self.regions)
        _add_in(conditions, params, f"{alias}.region_level", self.levels)
        _add_in(conditions, params, f"{alias}.doc_id", self.doc_ids)
        _add_in(conditions, params, f"{alias}.nature", self.natures)
        _add_in(conditions, params, f"{alias}.role", self.roles)
        if self.year_min is not None:
            conditions.append(f"{alias}.year >= ?")
            params.append(int(self.year_min))
        if self.year_max is not None:
            conditions.append(f"{alias}.year <= ?")
            params.append(int(self.year_max))
        if self.quantified_only:
            conditions.append(quantified_sql)
        return _joined(conditions), params

    def documents_where(self, alias: str = "d", with_themes: bool = True) -> tuple[str, list]:
        """Condition for rows of `documents`: region, level, document, years and themes.

        A document passes the year filter when its planning period overlaps the years or when
        it states any value for one of them (a 2024 plan reporting a 2023 baseline); it passes
        the theme filter when one of its clauses or values carries a chosen theme.
        """
        conditions, params = [], []
        if with_themes and self.themes:
            # touched_themes: every theme of a document's clauses and values (store.relations).
            _add_themes(conditions, params, f"{alias}.touched_themes", self.themes)
        _add_in(conditions, params, f"{alias}.region_code", self.regions)
        _add_in(conditions, params, f"{alias}.region_level", self.levels)
        _add_in(conditions, params, f"{alias}.doc_id", self.doc_ids)
        if self.year_min is not None or self.year_max is not None:
            low = int(self.year_min) if self.year_min is not None else 0
            high = int(self.year_max) if self.year_max is not None else 9999
            # stated_years: every year a document's values state (store.relations).
            conditions.append(
                f"(({alias}.horizon_year >= ? AND {alias}.plan_year <= ?) OR "
                f"len(list_filter({alias}.stated_years, lambda y: y BETWEEN ? AND ?)) > 0)")
            params += [low, high, low, high]
        return _joined(conditions), params

    def clauses_where(self, clause_alias: str = "c", document_alias: str = "d") -> tuple[str, list]:
        """Condition for `clauses` joined to `documents`; only-quantified keeps clauses with a number."""
        condition, params = self.documents_where(document_alias, with_themes=False)
        conditions = [condition]
        _add_themes(conditions, params, f"{clause_alias}.themes", self.themes)
        if self.quantified_only:
            conditions.append(f"{clause_alias}.n_quantified > 0")
        return _joined(conditions), params

    # -- words -----------------------------------------------------------------------------
    def describe(self, doc_titles: Mapping[str, str] | None = None,
                 region_labels: Mapping[str, str] | None = None) -> str:
        """The filters in words, for the explanation sheet of a download."""
        doc_titles = doc_titles or {}
        region_labels = region_labels or {}
        parts = [
            "主题：" + ("、".join(self.themes) or "全部"),
            "地区：" + ("、".join(region_labels.get(r, r) for r in self.regions) or "全部"),
            "层级：" + ("、".join(self.levels) or "全部"),
            "年份：" + self.years_text(),
            "文件：" + ("、".join(doc_titles.get(d, d) for d in self.doc_ids) or "全部"),
            "性质：" + ("、".join(self.natures) or "全部"),
            "类型：" + ("、".join(ROLE_LABELS.get(r, r) for r in self.roles) or "目标和基线"),
            "仅量化目标：" + ("是" if self.quantified_only else "否"),
        ]
        return "；".join(parts)

    def years_text(self) -> str:
        if self.year_min is None and self.year_max is None:
            return "全部"
        if self.year_min == self.year_max:
            return f"{self.year_min}"
        return f"{self.year_min if self.year_min is not None else ''}-{self.year_max if self.year_max is not None else ''}"

    def file_stem(self, prefix: str = "卫生健康规划目标", region_labels: Mapping[str, str] | None = None) -> str:
        """A download name that says what it holds: 卫生健康规划目标_中医药_嘉兴市_2025-2027."""
        region_labels = region_labels or {}
        parts = [prefix]
        if self.themes:
            parts.append("+".join(self.themes))
        if self.regions:
            parts.append("+".join(region_labels.get(r, r) for r in self.regions))
        if self.levels:
            parts.append("+".join(self.levels))
        if self.year_min is not None or self.year_max is not None:
            parts.append(self.years_text())
        if self.roles and len(self.roles) == 1:
            parts.append(ROLE_LABELS.get(self.roles[0], self.roles[0]))
        if self.quantified_only:
            parts.append("仅量化")
        stem = "_".join(parts)
        # Keep names portable across file systems.
        return "".join("-" if ch in '\\/:*?"<>|' else ch for ch in stem)


def document_options(documents, regions, chosen, max_options: int) -> list[str]:
    """Document ids the 文件 picker offers, in the documents' order: all of them while they fit
    a list (max_options), else those of the chosen regions; ids in `chosen` always.

    Thousands of plans make a list nobody can use, and slow every page to draw.
    """
    if len(documents) <= max_options:
        return documents["doc_id"].tolist()
    keep = documents["region_code"].isin(list(regions)) | documents["doc_id"].isin(list(chosen))
    return documents.loc[keep, "doc_id"].tolist()


def _add_in(conditions: list[str], params: list, column: str, values: tuple[str, ...]) -> None:
    # A plain IN list reaches the table scan, which skips blocks by their min/max values.
    if values:
        conditions.append(f"{column} IN ({_placeholders(values)})")
        params += list(values)


def _add_themes(conditions: list[str], params: list, column: str, themes: tuple[str, ...]) -> None:
    # One list_contains per theme is several times faster than list_has_any over a list.
    if themes:
        conditions.append("(" + " OR ".join(f"list_contains({column}, ?)" for _ in themes) + ")")
        params += list(themes)


def _placeholders(values) -> str:
    return ", ".join("?" for _ in values)


def _joined(conditions: list[str]) -> str:
    conditions = [c for c in conditions if c and c != "TRUE"]
    return " AND ".join(conditions) if conditions else "TRUE"
