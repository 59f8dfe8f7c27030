"""A contract-conforming data set at national scale: targets, documents, clauses and review.

Thousands of regions (31 provinces × cities and districts), several plans each (annual work
points, implementation opinions, five-year plans) for 2016–2030, every theme of the taxonomy,
the dictionary's indicators plus long-tail ones. Rows are laid out as the build lays them out:
sorted by document id (opaque, so a region's plans are spread through the file), then by
position in the text; every span points at its value in the document's text.

Vectorised with numpy and pyarrow; seeded, so a size and a seed always give the same data.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench import phrasing
from bench.regions import generate_regions
from etl.extraction.lexicon import SKIP_REASONS_ZH
from store import fields

# (doc_type, title pattern, years from plan year to horizon, share of documents, is a plan with a table)
DOC_TYPES = [
    ("工作要点", "{y}年{r}卫生健康工作要点", 0, 0.50, False),
    ("工作计划", "{r}卫生健康局{y}年工作计划", 0, 0.20, False),
    ("实施意见", "{r}关于推进卫生健康现代化建设的实施意见（{y}—{h}年）", 3, 0.15, True),
    ("十四五规划", "{r}“十四五”卫生健康事业发展规划", 4, 0.10, True),
    ("十五五规划", "{r}“十五五”卫生健康事业发展规划", 4, 0.05, True),
]
TARGETS_PER_CLAUSE = 3
CLAUSES_PER_SECTION = 5


@dataclass
class BenchTables:
    targets: pa.Table
    documents: pa.Table
    clauses: pa.Table
    review: pa.Table


def regions_for(n_rows: int) -> int:
    """Cities and districts per province: 100 at 3 million rows, fewer for small runs."""
    return int(min(100, max(4, n_rows // 30_000)))


def generate_tables(n_rows: int, seed: int = 2030) -> BenchTables:
    rng = np.random.default_rng(seed)
    themes = phrasing.theme_names()
    catalogue = phrasing.load_catalogue()
    docs = _documents(rng, regions_for(n_rows))
    rows_per_doc = _rows_per_doc(rng, docs, n_rows)
    layout = _layout(rng, docs, rows_per_doc, themes)
    rows = _rows(rng, docs, layout, catalogue, themes)
    texts = _texts(rng, docs, layout, rows)
    return _tables(docs, layout, rows, texts, themes)


def write_dataset(out_dir: Path, n_rows: int, seed: int = 2030) -> dict:
    """Write targets/documents/clauses/review parquet files the way the build writes them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = generate_tables(n_rows, seed)
    for name in ("targets", "documents", "clauses", "review"):
        # Same writer settings as the build (zstd, default row groups, no pandas metadata).
        pq.write_table(getattr(tables, name), out_dir / f"{name}.parquet", compression="zstd")
    return {name: getattr(tables, name).num_rows for name in ("targets", "documents", "clauses", "review")}


# ---------------------------------------------------------------- documents

def _documents(rng, per_province: int) -> dict:
    regions = generate_regions(per_province)
    per_region = 2 + rng.poisson(4, len(regions))
    region_of = np.repeat(np.arange(len(regions)), per_region)
    n = len(region_of)
    shares = np.array([t[3] for t in DOC_TYPES])
    type_of = rng.choice(len(DOC_TYPES), n, p=shares / shares.sum())
    plan_year = rng.integers(2017, 2027, n)
    plan_year = np.where(type_of == 3, 2021, np.where(type_of == 4, 2026, plan_year))
    plan_year = np.where(type_of == 2, np.minimum(plan_year, 2026), plan_year)
    horizon = plan_year + np.array([t[2] for t in DOC_TYPES])[type_of]
    # Opaque ids, as the build's slugs are: sorting by id scatters regions and years.
    doc_id = np.array([f"d{h:012x}" for h in rng.integers(0, 2**48, n)])
    order = np.argsort(doc_id, kind="stable")
    region_of, type_of, plan_year, horizon, doc_id = (
        region_of[order], type_of[order], plan_year[order], horizon[order], doc_id[order])
    names = [regions[i].name for i in region_of]
    titles = [DOC_TYPES[t][1].format(y=y, r=r, h=h) for t, y, r, h in zip(type_of, plan_year, names, horizon)]
    return {
        "n": n, "regions": regions, "region_of": region_of, "type_of": type_of,
        "plan_year": plan_year, "horizon": horizon, "doc_id": doc_id, "title": np.array(titles),
        "is_plan": np.array([t[4] for t in DOC_TYPES])[type_of],
        "region": np.array(names),
        "level": np.array([regions[i].level for i in region_of]),
        "province": np.array([regions[i].province for i in region_of]),
        "code": np.array([regions[i].code for i in region_of]),
        "parent": np.array([regions[i].parent for i in region_of]),
    }


def _rows_per_doc(rng, docs: dict, n_rows: int) -> np.ndarray:
    weight = rng.gamma(2.0, 1.0, docs["n"]) * np.where(docs["is_plan"], 2.5, 1.0)
    exact = n_rows * weight / weight.sum()
    counts = np.floor(exact).astype(np.int64)
    # Largest remainders make the total exactly n_rows.
    short = n_rows - counts.sum()
    counts[np.argsort(exact - counts)[::-1][:short]] += 1
    return counts


# ---------------------------------------------------------------- clause layout

def _layout(rng, docs: dict, rows_per_doc: np.ndarray, themes: list[str]) -> dict:
    """Clauses of each document: target clauses (three values each), a clause without numbers
    after every second one, and, for plans, one indicator table of baseline + two target years."""
    n_table = np.where(docs["is_plan"], 3 * ((rows_per_doc * 0.35).astype(np.int64) // 3), 0)
    n_text = rows_per_doc - n_table
    target_clauses = -(-n_text // TARGETS_PER_CLAUSE)
    text_clauses = target_clauses + target_clauses // 2
    has_table = n_table > 0
    per_doc = text_clauses + has_table
    clause_doc = np.repeat(np.arange(docs["n"]), per_doc)
    first = np.concatenate([[0], np.cumsum(per_doc)[:-1]])
    ordinal = np.arange(len(clause_doc)) - first[clause_doc]
    is_table = ordinal >= text_clauses[clause_doc]
    is_qualitative = ~is_table & (ordinal % 3 == 2)
    section = np.where(is_table, -1, ordinal // CLAUSES_PER_SECTION)
    # A section is about one theme; most of its clauses too.
    weights = np.array([phrasing.THEME_WEIGHTS.get(t, 1) for t in themes], dtype=float)
    weights /= weights.sum()
    section_key = clause_doc * 1000 + section
    _, section_index = np.unique(section_key, return_inverse=True)
    section_theme = rng.choice(len(themes), section_index.max() + 1, p=weights)[section_index]
    own_theme = rng.choice(len(themes), len(clause_doc), p=weights)
    clause_theme = np.where(rng.random(len(clause_doc)) < 0.7, section_theme, own_theme)
    second_theme = np.where(rng.random(len(clause_doc)) < 0.15,
                            rng.choice(len(themes), len(clause_doc), p=weights), -1)
    second_theme = np.where(second_theme == clause_theme, -1, second_theme)
    return {
        "n_text": n_text, "n_table": n_table, "text_clauses": text_clauses, "first_clause": first,
        "clause_doc": clause_doc, "ordinal": ordinal, "is_table": is_table,
        "is_qualitative": is_qualitative, "section": section, "section_theme": section_theme,
        "clause_theme": clause_theme, "second_theme": second_theme, "rows_per_doc": rows_per_doc,
    }


# ---------------------------------------------------------------- rows

def _rows(rng, docs: dict, layout: dict, catalogue: list, themes: list[str]) -> dict:
    n_per_doc = layout["rows_per_doc"]
    doc = np.repeat(np.arange(docs["n"]), n_per_doc)
    n = len(doc)
    start = np.concatenate([[0], np.cumsum(n_per_doc)[:-1]])
    pos = np.arange(n) - start[doc]
    n_text = layout["n_text"][doc]
    is_table = pos >= n_text
    j = pos // TARGETS_PER_CLAUSE
    text_ordinal = j + j // 2
    clause = layout["first_clause"][doc] + np.where(is_table, layout["text_clauses"][doc], text_ordinal)
    table_pos = np.where(is_table, pos - n_text, 0)
    column = table_pos % 3                      # 0 baseline, 1 and 2 targets
    anchor = np.where(is_table, np.arange(n) - column, np.arange(n))

    # Indicators: a text row measures its clause's theme; a table row's theme is drawn per row.
    weights = np.array([phrasing.THEME_WEIGHTS.get(t, 1) for t in themes], dtype=float)
    row_theme = np.where(is_table, rng.choice(len(themes), n, p=weights / weights.sum()),
                         layout["clause_theme"][clause])
    row_theme = row_theme[anchor]
    indicator = _pick_indicators(rng, catalogue, themes, row_theme)[anchor]
    cat = _catalogue_arrays(catalogue, themes)

    unit = cat["unit"][indicator]
    direction = cat["direction"][indicator]
    is_rate = np.isin(unit, ["%", "‰", "/10万", "岁"])
    low, high, decimals = cat["low"][indicator], cat["high"][indicator], cat["decimals"][indicator]

    # Values: tables step from the baseline in the better direction.
    u = rng.random(n)
    base = low + (high - low) * u[anchor]
    step = (high - low) * 0.04 * np.where(direction == "down", -1.0, 1.0)
    value = np.where(is_table, base + step * column, low + (high - low) * u)
    value = np.where(decimals == 0, np.maximum(1, np.round(value)), np.round(value, 1))

    # Kind and comparator.
    r = rng.random(n)[anchor]
    kind = np.where(is_rate, "level", "count").astype(object)
    comparator = np.where(direction == "down", np.where(r < 0.8, "<=", "="),
                          np.where(r < 0.65, ">=", "=")).astype(object)
    qualitative = r >= 0.96
    full_coverage = ~is_table & (r >= 0.92) & (r < 0.96)
    change = ~is_table & (r >= 0.88) & (r < 0.92) & is_rate
    rank = ~is_table & (r >= 0.86) & (r < 0.88)
    ranged = ~is_table & (r >= 0.83) & (r < 0.86) & ~is_rate
    baseline_text = ~is_table & (r < 0.05)
    kind[qualitative], kind[full_coverage], kind[change], kind[rank] = (
        "qualitative", "full_coverage", "change", "rank")
    comparator[qualitative] = None
    comparator[full_coverage | rank] = np.where(full_coverage, "=", "<=")[full_coverage | rank]
    comparator[ranged] = "range"
    comparator[is_table & (column == 0)] = "="
    comparator[baseline_text] = "="
    comparator[change] = np.where((direction != "down") & (r < 0.5), ">=", "=")[change]
    comparator[qualitative] = None
    change_value = np.array([0.5, 1.0, 2.0])[rng.integers(0, 3, n)]
    rank_value = np.array([3.0, 5.0, 10.0, 50.0])[rng.integers(0, 4, n)]
    value = np.where(change, change_value, value)
    value = np.where(rank, rank_value, value)
    value = np.where(full_coverage, 100.0, value)
    value = np.where(qualitative, np.nan, value)
    value_high = np.where(ranged, value + rng.integers(2, 6, n), np.nan)
    unit = np.where(change, "百分点", np.where(rank, "名", np.where(full_coverage, "%", unit)))

    role = np.where(is_table & (column == 0), "baseline", "target")
    role = np.where(baseline_text, "baseline", role)
    plan_year, horizon = docs["plan_year"][doc], docs["horizon"][doc]
    table_years = np.stack([plan_year - 1, np.maximum(plan_year + 1, horizon - 2), horizon], axis=1)
    year = np.where(is_table, table_years[np.arange(n), column], horizon)
    year = np.where(baseline_text, plan_year - 1, year)

    confidence = np.round(np.where(rng.random(n) < 0.015, rng.uniform(0.35, 0.59, n),
                                   rng.uniform(0.8, 1.0, n)), 2)
    value_text = _value_texts(rng, n, value, value_high, unit, comparator, kind, is_table, change,
                              rank, qualitative, full_coverage, ranged, direction)
    return {
        "n": n, "doc": doc, "clause": clause, "is_table": is_table, "column": column,
        "anchor": anchor, "indicator": indicator, "cat": cat, "unit": unit, "value": value,
        "value_high": value_high, "kind": kind, "comparator": comparator, "role": role,
        "year": year, "confidence": confidence, "value_text": value_text, "row_theme": row_theme,
        "change": change, "rank": rank, "full_coverage": full_coverage, "qualitative": qualitative,
        "table_pos": table_pos,
    }


def _pick_indicators(rng, catalogue, themes, row_theme) -> np.ndarray:
    """An indicator of the row's theme; popular ones (the dictionary's) come up most."""
    by_theme = []
    for theme in themes:
        members = [i for i, ind in enumerate(catalogue) if theme in ind.themes]
        by_theme.append(np.array(members or list(range(len(catalogue)))))
    lengths = np.array([len(m) for m in by_theme])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    flat = np.concatenate(by_theme)
    u = rng.random(len(row_theme)) ** 1.6
    return flat[offsets[row_theme] + (u * lengths[row_theme]).astype(np.int64)]


def _catalogue_arrays(catalogue, themes) -> dict:
    first_theme = [themes.index(ind.themes[0]) if ind.themes[0] in themes else len(themes) - 1
                   for ind in catalogue]
    return {
        "id": np.array([ind.indicator_id for ind in catalogue], dtype=object),
        "mapped": np.array([ind.indicator_id is not None for ind in catalogue]),
        "name": np.array([ind.name for ind in catalogue], dtype=object),
        "unit": np.array([ind.unit for ind in catalogue], dtype=object),
        "direction": np.array([ind.direction for ind in catalogue], dtype=object),
        "low": np.array([ind.low for ind in catalogue]),
        "high": np.array([ind.high for ind in catalogue]),
        "decimals": np.array([ind.decimals for ind in catalogue]),
        "theme": np.array(first_theme),
    }


def _strings(values) -> pa.Array:
    return pa.array(values, type=pa.string())


def _take(pool: list[str], index: np.ndarray) -> pa.Array:
    return pc.take(_strings(pool), pa.array(index))


def _value_texts(rng, n, value, value_high, unit, comparator, kind, is_table, change, rank,
                 qualitative, full_coverage, ranged, direction) -> pa.Array:
    """value_text as printed: 85%以上, 不超过9.5/10万, 3-5个, 提高1个百分点以上, 前三, ≥15, 全覆盖."""
    number = pc.cast(pa.array(np.nan_to_num(value)), pa.string())
    high = pc.cast(pa.array(np.nan_to_num(value_high)), pa.string())
    ge = comparator == ">="
    le = comparator == "<="
    frame = rng.integers(0, 1000, n)
    prefix = np.full(n, "", dtype=object)
    suffix = np.full(n, "", dtype=object)
    ge_frames, le_frames = phrasing.GE_FRAMES, phrasing.LE_FRAMES
    prefix[ge] = np.array([f[0] for f in ge_frames], dtype=object)[frame[ge] % len(ge_frames)]
    suffix[ge] = np.array([f[1] for f in ge_frames], dtype=object)[frame[ge] % len(ge_frames)]
    prefix[le] = np.array([f[0] for f in le_frames], dtype=object)[frame[le] % len(le_frames)]
    suffix[le] = np.array([f[1] for f in le_frames], dtype=object)[frame[le] % len(le_frames)]
    # Table cells: the unit stands in the indicator's header; ≥/≤ are written as symbols.
    prefix[is_table] = np.where(ge, "≥", np.where(le, "≤", ""))[is_table]
    suffix[is_table] = ""
    shown_unit = np.where(is_table, "", unit).astype(object)
    # Changes: a verb and 个百分点.
    falls = direction == "down"
    prefix[change] = np.where(falls, "下降", "提高")[change]
    shown_unit[change] = "个百分点"
    suffix[change] = np.where(ge, "以上", "")[change]
    number = pc.if_else(pa.array(change & (value == 1.0)), "一", number)
    # Ranges: low-high and the unit once.
    number = pc.if_else(pa.array(ranged), pc.binary_join_element_wise(number, "-", high, ""), number)
    prefix[ranged], suffix[ranged] = "", ""
    text = pc.binary_join_element_wise(_strings(prefix), number, _strings(shown_unit),
                                       _strings(suffix), "")
    rank_text = _take(["前三", "前5", "前十", "前50"],
                      np.searchsorted([3, 5, 10, 50], np.nan_to_num(value)).clip(0, 3))
    text = pc.if_else(pa.array(rank), rank_text, text)
    text = pc.if_else(pa.array(full_coverage), "全覆盖", text)
    qual = _take(phrasing.QUALITATIVE_TEXTS, frame % len(phrasing.QUALITATIVE_TEXTS))
    return pc.if_else(pa.array(qualitative), qual, text)


# ---------------------------------------------------------------- texts and spans

def _texts(rng, docs: dict, layout: dict, rows: dict) -> dict:
    """Sentences and table lines, clause texts, document texts, and every span."""
    n = rows["n"]
    cat = rows["cat"]
    name = cat["name"][rows["indicator"]]
    is_table = rows["is_table"]
    comparator = rows["comparator"]

    # Sentence = lead + indicator + verb + value_text + "。"
    pick = rng.integers(0, 1000, n)
    lead_pick = pick % len(phrasing.YEAR_LEADS)
    year_lead = pc.binary_join_element_wise(
        _take([b for b, _ in phrasing.YEAR_LEADS], lead_pick),
        pc.cast(pa.array(rows["year"]), pa.string()),
        _take([a for _, a in phrasing.YEAR_LEADS], lead_pick), "")
    plain_lead = _take(phrasing.PLAIN_LEADS, pick % len(phrasing.PLAIN_LEADS))
    lead = pc.if_else(pa.array(pick % 5 < 2), year_lead, plain_lead)
    lead = pc.if_else(pa.array(rows["role"] == "baseline"),
                      pc.binary_join_element_wise(pc.cast(pa.array(rows["year"]), pa.string()),
                                                  pa.scalar("年，"), ""), lead)
    verb = np.where(comparator == "<=", np.array(phrasing.LE_VERBS, dtype=object)[pick % 3],
                    np.where(comparator == ">=", np.array(phrasing.GE_VERBS, dtype=object)[pick % 5],
                             np.array(phrasing.EQ_VERBS, dtype=object)[pick % 5]))
    verb[rows["change"]] = ""
    verb[rows["rank"]] = "力争进入全省"
    verb[rows["full_coverage"]] = "基本实现"
    verb[rows["qualitative"]] = ""
    verb[rows["role"] == "baseline"] = "为"
    verb = _strings(verb)
    indicator_text = _strings(name)
    value_text = rows["value_text"]
    sentence = pc.binary_join_element_wise(lead, indicator_text, verb, value_text, pa.scalar("。"), "")
    sentence_offset = (np.asarray(pc.utf8_length(lead)) + np.asarray(pc.utf8_length(indicator_text))
                       + np.asarray(pc.utf8_length(verb)))

    # Table line: 类别 | 序号 | 指标（单位） | v0 | v1 | v2 | 性质, on the first row of each triple.
    anchor = rows["anchor"]
    seq = rows["table_pos"] // 3 + 1
    category = _take(phrasing.CATEGORIES, (rows["indicator"] + seq) % len(phrasing.CATEGORIES))
    nature = np.where(pick[anchor] % 4 == 0, "约束性", "预期性")
    unit_shown = pc.if_else(pc.equal(_strings(cat["unit"][rows["indicator"]]), ""), "",
                            pc.binary_join_element_wise("（", _strings(cat["unit"][rows["indicator"]]), "）", ""))
    header = pc.binary_join_element_wise(category, pc.cast(pa.array(seq), pa.string()),
                                         pc.binary_join_element_wise(indicator_text, unit_shown, ""),
                                         " | ")
    cells = [pc.take(value_text, pa.array(np.minimum(anchor + k, n - 1))) for k in range(3)]
    table_line = pc.binary_join_element_wise(header, *cells, _strings(nature), " | ")
    cell_len = [np.asarray(pc.utf8_length(c)) for c in cells]
    header_len = np.asarray(pc.utf8_length(header)) + 3
    column = rows["column"]
    table_offset = header_len + np.where(column >= 1, cell_len[0] + 3, 0) + np.where(column >= 2, cell_len[1] + 3, 0)

    source_text = pc.if_else(pa.array(is_table), table_line, sentence)
    value_offset = np.where(is_table, table_offset, sentence_offset)
    # The text each row adds to its clause: a sentence, or a table line once per triple.
    owns_piece = ~is_table | (column == 0)
    piece_len = np.where(owns_piece, np.asarray(pc.utf8_length(source_text)) + is_table, 0)
    before = np.cumsum(piece_len) - piece_len

    clause_texts, clause_starts, clause_ends, review_fillers, doc_texts = _assemble(
        rng, docs, layout, rows, source_text, owns_piece, is_table)
    clause = rows["clause"]
    # Rows are in clause order, so a clause's first row is found by binary search.
    within = before - before[np.searchsorted(clause, clause, side="left")]
    head_len = np.array([len(h) for h in clause_texts["head"]])
    span_start = clause_starts[clause] + head_len[clause] + within[anchor] + value_offset
    span_end = span_start + np.asarray(pc.utf8_length(value_text))
    return {
        "source_text": source_text, "span_start": span_start, "span_end": span_end,
        "category": pc.if_else(pa.array(is_table), category, pa.nulls(n, pa.string())),
        "nature": pc.if_else(pa.array(is_table), _strings(nature), pa.nulls(n, pa.string())),
        "seq": seq, "clause_texts": clause_texts, "clause_starts": clause_starts,
        "clause_ends": clause_ends, "review_fillers": review_fillers, "doc_texts": doc_texts,
        "indicator_text": indicator_text,
    }


def _assemble(rng, docs, layout, rows, source_text, owns_piece, is_table):
    """Clause texts (head + sentences) and document texts, with every clause's offsets."""
    pieces = source_text.to_pylist()
    n_clauses = len(layout["clause_doc"])
    clause = rows["clause"]
    bounds = np.searchsorted(clause, np.arange(n_clauses + 1))
    fillers = phrasing.FILLER_SENTENCES
    filler_pick = rng.integers(0, len(fillers), (n_clauses, 2))
    themes = phrasing.theme_names()
    heads, bodies, section_lines, titles_out, numbers_out = [], [], [], [], []
    review_fillers = []        # (clause, offset in body, number_text, sentence)
    plan_years, horizons = docs["plan_year"], docs["horizon"]
    for c in range(n_clauses):
        d = layout["clause_doc"][c]
        ordinal = layout["ordinal"][c]
        theme = themes[layout["clause_theme"][c]]
        if layout["is_table"][c]:
            years = [plan_years[d] - 1, max(plan_years[d] + 1, horizons[d] - 2), horizons[d]]
            title = f"{docs['region'][d]}卫生健康发展主要指标"
            heads.append(f"附件\n{title}\n类别 | 序号 | 指标 | {years[0]}年 | {years[1]}年 | {years[2]}年 | 性质\n")
            section_lines.append("")
            titles_out.append(title)
            numbers_out.append("")
        else:
            titles = phrasing.CLAUSE_TITLES[theme]
            title = titles[(ordinal + d) % len(titles)]
            number = (f"（{phrasing.CN_NUMERALS[ordinal % CLAUSES_PER_SECTION]}）" if docs["is_plan"][d]
                      else f"{ordinal + 1}.")
            heads.append(f"{number}{title}。")
            titles_out.append(title)
            numbers_out.append(number.rstrip("."))
            section = layout["section"][c]
            if ordinal % CLAUSES_PER_SECTION == 0:
                section_theme = themes[layout["section_theme"][c]]
                section_titles = phrasing.SECTION_TITLES[section_theme]
                section_lines.append(f"{phrasing.CN_NUMERALS[min(section, 19)]}、"
                                     f"{section_titles[d % len(section_titles)]}\n")
            else:
                section_lines.append("")
        body = "".join(p for p, own in zip(pieces[bounds[c]:bounds[c + 1]],
                                           owns_piece[bounds[c]:bounds[c + 1]]) if own)
        if layout["is_table"][c]:
            body = "\n".join(p for p, own in zip(pieces[bounds[c]:bounds[c + 1]],
                                                 owns_piece[bounds[c]:bounds[c + 1]]) if own) + "\n"
        if layout["is_qualitative"][c]:
            for k in filler_pick[c]:
                sentence, number = fillers[k]
                if number:
                    review_fillers.append((c, len(body) + sentence.index(number), number, sentence))
                body += sentence
        bodies.append(body)
    # Documents: title, blank line, then every clause block on its own line.
    block_len = np.array([len(s) + len(h) + len(b) + 1 for s, h, b in zip(section_lines, heads, bodies)])
    header = [f"{t}\n\n" for t in docs["title"]]
    header_len = np.array([len(h) for h in header])
    doc_first = layout["first_clause"]
    cum = np.cumsum(block_len) - block_len
    block_start = header_len[layout["clause_doc"]] + cum - cum[doc_first[layout["clause_doc"]]]
    section_len = np.array([len(s) for s in section_lines])
    clause_starts = block_start + section_len
    clause_ends = clause_starts + np.array([len(h) + len(b) for h, b in zip(heads, bodies)])
    doc_texts = []
    doc_last = np.concatenate([doc_first[1:], [n_clauses]])
    for d in range(docs["n"]):
        parts = [header[d]]
        for c in range(doc_first[d], doc_last[d]):
            parts += [section_lines[c], heads[c], bodies[c], "\n"]
        doc_texts.append("".join(parts))
    section_text = ["" for _ in range(n_clauses)]
    current = {}
    for c in range(n_clauses):
        if section_lines[c]:
            current[layout["clause_doc"][c]] = section_lines[c].strip()
        section_text[c] = current.get(layout["clause_doc"][c], "")
    return ({"head": heads, "body": bodies, "section": section_text, "title": titles_out,
             "number": numbers_out}, clause_starts, clause_ends,
            review_fillers, doc_texts)


# ---------------------------------------------------------------- tables

def _tables(docs, layout, rows, texts, themes) -> BenchTables:
    n = rows["n"]
    doc, clause = rows["doc"], rows["clause"]
    cat = rows["cat"]
    ind = rows["indicator"]
    clause_ids = np.array([f"{docs['doc_id'][d]}:table1" if t else f"{docs['doc_id'][d]}:{o + 1:03d}"
                           for d, o, t in zip(layout["clause_doc"], layout["ordinal"], layout["is_table"])])
    section = np.array(texts["clause_texts"]["section"], dtype=object)
    table_title = np.array([f"{r}卫生健康发展主要指标" for r in docs["region"]], dtype=object)
    clause_titles = np.array(texts["clause_texts"]["title"], dtype=object)
    clause_numbers = np.array(texts["clause_texts"]["number"], dtype=object)
    is_table = rows["is_table"]
    row_section = np.where(is_table, table_title[doc], section[clause])
    row_clause = np.where(is_table, pc.cast(pa.array(texts["seq"]), pa.string()).to_numpy(zero_copy_only=False),
                          clause_numbers[clause])
    row_clause_title = np.where(is_table, cat["name"][ind], clause_titles[clause])

    # Themes: the clause's (table rows: the indicator's own), then the indicator's if another.
    clause_theme = np.where(is_table, rows["row_theme"], layout["clause_theme"][clause])
    indicator_theme = cat["theme"][ind]
    two = indicator_theme != clause_theme
    offsets = np.concatenate([[0], np.cumsum(1 + two)])
    values = np.empty(offsets[-1], dtype=np.int64)
    values[offsets[:-1]] = np.minimum(clause_theme, indicator_theme)
    values[offsets[:-1][two] + 1] = np.maximum(clause_theme, indicator_theme)[two]
    theme_names = _strings(themes)
    row_themes = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)),
                                          pc.take(theme_names, pa.array(values)))

    target_ids = _hex_ids(np.random.default_rng(len(docs["doc_id"]) * 7 + n), n)
    targets = pa.table({
        "target_id": target_ids,
        "doc_id": _strings(docs["doc_id"][doc]),
        "doc_title": _strings(docs["title"][doc]),
        "region": _strings(docs["region"][doc]),
        "region_level": _strings(docs["level"][doc]),
        "province": _strings(docs["province"][doc]),
        "plan_year": pa.array(docs["plan_year"][doc].astype(np.int64)),
        "section": _strings(row_section),
        "clause": _strings(row_clause),
        "clause_title": _strings(row_clause_title),
        "indicator": texts["indicator_text"],
        "indicator_id": _strings(cat["id"][ind]),
        "indicator_name": _strings(np.where(cat["mapped"][ind], cat["name"][ind], None)),
        "role": _strings(rows["role"]),
        "year": pa.array(rows["year"].astype(np.int64)),
        "value": pa.array(rows["value"], from_pandas=True),
        "value_high": pa.array(rows["value_high"], from_pandas=True),
        "unit": _strings(rows["unit"]),
        "comparator": _strings(rows["comparator"]),
        "kind": _strings(rows["kind"]),
        "value_text": rows["value_text"],
        "nature": texts["nature"],
        "category": texts["category"],
        "themes": row_themes,
        "direction": _strings(cat["direction"][ind]),
        "origin": _strings(np.where(is_table, "table", "text")),
        "source_text": texts["source_text"],
        "span_start": pa.array(texts["span_start"].astype(np.int64)),
        "span_end": pa.array(texts["span_end"].astype(np.int64)),
        "confidence": pa.array(rows["confidence"]),
        "parent_region": _strings(docs["parent"][doc]),
        "clause_id": _strings(clause_ids[clause]),
        "region_code": _strings(docs["code"][doc]),
    })
    assert targets.column_names == fields.TARGETS.columns

    n_clauses = len(clause_ids)
    quantified = ~np.isin(rows["kind"], ["qualitative", "full_coverage"])
    clause_list = [[themes[layout["clause_theme"][c]]] + ([themes[layout["second_theme"][c]]]
                   if layout["second_theme"][c] >= 0 else []) for c in range(n_clauses)]
    clauses = pa.table({
        "clause_id": _strings(clause_ids),
        "doc_id": _strings(docs["doc_id"][layout["clause_doc"]]),
        "section": _strings(np.where(layout["is_table"], table_title[layout["clause_doc"]], section)),
        "clause": _strings(clause_numbers),
        "clause_title": _strings(clause_titles),
        "text": _strings([h + b for h, b in zip(texts["clause_texts"]["head"], texts["clause_texts"]["body"])]),
        "themes": pa.array(clause_list, type=pa.list_(pa.string())),
        "span_start": pa.array(texts["clause_starts"].astype(np.int64)),
        "span_end": pa.array(texts["clause_ends"].astype(np.int64)),
        "n_targets": pa.array(np.bincount(clause, minlength=n_clauses).astype(np.int64)),
        "n_quantified": pa.array(np.bincount(clause, weights=quantified, minlength=n_clauses).astype(np.int64)),
    })
    assert clauses.column_names == fields.CLAUSES.columns

    doc_texts = texts["doc_texts"]
    types = [DOC_TYPES[t][0] for t in docs["type_of"]]
    documents = pa.table({
        "doc_id": _strings(docs["doc_id"]),
        "file": _strings([f"{i}.txt" for i in docs["doc_id"]]),
        "region": _strings(docs["region"]),
        "region_level": _strings(docs["level"]),
        "province": _strings(docs["province"]),
        "parent_region": _strings(docs["parent"]),
        "plan_year": pa.array(docs["plan_year"].astype(np.int64)),
        "horizon_year": pa.array(docs["horizon"].astype(np.int64)),
        "doc_type": _strings(types),
        "title": _strings(docs["title"]),
        "issuer": _strings([f"{r}卫生健康{'委员会' if lv == '市' else '局'}"
                            for r, lv in zip(docs["region"], docs["level"])]),
        "date": _strings([f"{y}-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}" for i, y in enumerate(docs["plan_year"])]),
        "url": pa.nulls(docs["n"], pa.string()),
        "text": _strings(doc_texts),
        "n_chars": pa.array(np.array([len(t) for t in doc_texts], dtype=np.int64)),
        "sha256": _strings([hashlib.sha256(t.encode("utf-8")).hexdigest() for t in doc_texts]),
        "region_code": _strings(docs["code"]),
    })
    assert documents.column_names == fields.DOCUMENTS.columns

    review = _review(docs, layout, rows, texts, targets)
    return BenchTables(targets=targets, documents=documents, clauses=clauses, review=review)


def _review(docs, layout, rows, texts, targets) -> pa.Table:
    low = np.flatnonzero(rows["confidence"] < fields.REVIEW_THRESHOLD)
    fillers = texts["review_fillers"]
    filler_clause = np.array([f[0] for f in fillers], dtype=np.int64)
    body_start = texts["clause_starts"] + np.array([len(h) for h in texts["clause_texts"]["head"]])
    filler_start = body_start[filler_clause] + np.array([f[1] for f in fillers], dtype=np.int64)
    filler_doc = docs["doc_id"][layout["clause_doc"][filler_clause]]
    n_low, n_fill = len(low), len(fillers)
    review = pa.table({
        "doc_id": pa.concat_arrays([targets["doc_id"].combine_chunks().take(pa.array(low)),
                                    _strings(filler_doc)]),
        "reason": _strings(["low_confidence"] * n_low + ["number_without_target"] * n_fill),
        "decision": pa.concat_arrays([pa.nulls(n_low, pa.string()),
                                      _strings(["number names a fixed set"] * n_fill)]),
        "target_id": pa.concat_arrays([targets["target_id"].combine_chunks().take(pa.array(low)),
                                       pa.nulls(n_fill, pa.string())]),
        "number_text": pa.concat_arrays([targets["value_text"].combine_chunks().take(pa.array(low)),
                                         _strings([f[2] for f in fillers])]),
        "source_text": pa.concat_arrays([targets["source_text"].combine_chunks().take(pa.array(low)),
                                         _strings([f[3] for f in fillers])]),
        "span_start": pa.array(np.concatenate([texts["span_start"][low], filler_start]).astype(np.int64)),
        "span_end": pa.array(np.concatenate([texts["span_end"][low],
                                             filler_start + np.array([len(f[2]) for f in fillers], dtype=np.int64)]).astype(np.int64)),
        "confidence": pa.concat_arrays([pa.array(rows["confidence"][low]), pa.nulls(n_fill, pa.float64())]),
        "note": _strings(["读取把握不大，请核对指标名称与数值"] * n_low
                         + [SKIP_REASONS_ZH["number names a fixed set"]] * n_fill),
    })
    order = pc.sort_indices(review, [("doc_id", "ascending"), ("span_start", "ascending"), ("reason", "ascending")])
    review = review.take(order)
    assert review.column_names == fields.REVIEW.columns
    return review


def _hex_ids(rng, n: int) -> pa.Array:
    """n 16-digit hexadecimal ids (like the build's), without a Python loop."""
    pairs = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")
    digits = np.ascontiguousarray(pairs[rng.integers(0, 256, (n, 8), dtype=np.uint8)])
    return pc.cast(pa.array(digits.view("S16").ravel(), type=pa.binary()), pa.string())


def contract_frames(tables: BenchTables):
    """The tables as the build's pandas frames (nullable integers, None for missing text), so
    that the contract's own validation can check them."""
    from etl.pipeline import Tables

    def frame(table: pa.Table):
        df = table.to_pandas()
        for column in df.columns:
            if df[column].dtype.kind == "i":
                df[column] = df[column].astype("Int64")
            elif column == "themes":
                df[column] = df[column].map(list)
            elif df[column].dtype.kind != "f":
                df[column] = df[column].astype(object).where(df[column].notna(), None)
        return df

    return Tables(documents=frame(tables.documents), clauses=frame(tables.clauses),
                  targets=frame(tables.targets), review=frame(tables.review))
