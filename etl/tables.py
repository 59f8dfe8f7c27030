"""Find indicator tables (指标体系 / 主要指标) in document text and read one row per year value.

Readers hand tables over in one of two layouts:
- flattened: every cell on its own line starting with a tab (an empty cell is a line holding
  just the tab), rows separated by blank lines. Merged cells are printed once, so a row can
  hold fewer value cells than the header has year columns;
- pasted: one row per line, cells separated by tabs, the header on the first line.

A table is read by its layout, never by its row numbers: the header says which columns hold
the category, sequence number, indicator, unit, year values and nature; each row is then read
as [类别?] [序号?] 指标 [sub-label?] values… [性质?].
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from etl.extraction.sentences import read_targets

# --- Types ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str  # the cell as printed, surrounding whitespace removed
    start: int  # offsets of `text` in the document text
    end: int


@dataclass(frozen=True)
class TableBlock:
    start: int  # from the header row's first character ...
    end: int  # ... to the end of the last row
    header: list[str]  # header labels, inner whitespace removed ("指  标" -> "指标")
    rows: list[list[Cell]]  # the body rows, header excluded
    title: str  # nearest title line above the header ("" if none)
    notes: str = ""  # notes printed under the table (注:…), which may name the base year


@dataclass(frozen=True)
class TableRow:
    category: str | None
    seq: str
    indicator: str
    unit: str
    role: str  # "baseline" or "target"
    year: int
    value: float | None
    value_high: float | None
    comparator: str | None
    kind: str
    value_text: str  # the value cell exactly as printed
    nature: str | None
    source_text: str  # the printed row, non-empty cells joined by " | "
    span_start: int  # offsets of the value cell in the document text
    span_end: int
    confidence: float


# --- Vocabulary of table headers and cells ----------------------------------------------------
# Column labels as printed in the indicator tables of national, provincial and city health
# plans (十四五 plans, 健康中国/健康城市 action plans, 卫生健康现代化 implementation opinions).

_CATEGORY_LABELS = {"类别", "领域", "分类", "维度", "方面", "类型", "一级指标", "指标类别", "指标类型"}
_SEQ_LABELS = {"序号", "编号", "序"}
_INDICATOR_LABEL = re.compile(r"^(?:主要|重点|核心|具体|二级|三级)?指标(?:名称|内容|项目)?(?:\(单位\))?$")
_UNIT_LABELS = {"单位", "计量单位", "指标单位"}
_NATURE_LABELS = {"性质", "属性", "指标属性", "指标性质"}
_YEAR_IN_LABEL = re.compile(r"((?:19|20)\d{2})年?")
# What may follow (or replace) the year in a year column label, and the role it gives.
_BASELINE_WORDS = {"基期", "基期值", "基期水平", "基数", "基准", "基准值", "基年", "基线", "基线值",
                   "基线水平", "现状", "现状值", "现状水平", "现值", "现有水平", "目前水平", "当前值",
                   "实际", "实际值", "完成值", "完成情况", "基期年",
                   # 2026年预计 beside 2027年目标: this year's expected outcome is the base.
                   "预计", "预计值", "预计数", "预计完成", "预计完成值", "预计完成数"}
_TARGET_WORDS = {"目标", "目标值", "目标水平", "预期", "预期值", "预期目标", "规划目标", "规划值",
                 "规划目标值", "期末目标", "期末值", "末期", "末期值", "目标年"}
_NEUTRAL_YEAR_WORDS = {"", "底", "末", "年底", "年末"}

_NATURES = {"预期性": "预期性", "预期": "预期性", "预期性指标": "预期性",
            "约束性": "约束性", "约束": "约束性", "约束性指标": "约束性",
            "倡导性": "倡导性", "倡导": "倡导性", "倡导性指标": "倡导性"}

# Bracketed units printed at the end of indicator names: (岁) (%) (‰) (1/10万) (张) (人)...
_UNITS = {
    "岁", "%", "‰", "个", "家", "名", "项", "张", "人", "元", "万元", "亿元", "万人", "人次",
    "万人次", "所", "床", "辆", "台", "套", "部", "支", "次", "件", "篇", "天", "日", "小时",
    "分钟", "年", "平方米", "公里", "分", "百分点", "个百分点", "倍", "户", "例",
    "万张", "万个", "万家", "万名", "万床", "万所", "万户", "万例", "万次", "亿人次", "亿", "万",
    "亿人", "万亿元", "亿元", "千亿元", "平方米/人", "岁/人",
    "千克", "克", "毫升", "立方米", "人年", "元/人", "次/人",
}
_COUNT_UNITS = {"个", "家", "名", "项", "张", "所", "床", "辆", "台", "套", "部", "支", "件", "篇",
                "人", "万人", "人次", "万人次", "次", "户", "例", "万张", "万个", "万家", "万名", "万床",
                "万所", "万户", "万例", "万次", "亿人次"}
# Names that count things built or added: 新增省级重点学科, 建设区域医疗中心, 培育...
_COUNT_NAME = re.compile(r"^(?:新增|新建|建设|建成|培育|创建|打造|引进|累计|新设|新培养|培养)")
_RANK_NAME = re.compile(r"排名|排位|位次")

# Cells that say "no value for this column".
_PLACEHOLDER = re.compile(r"^(?:[—–\-/一…·]+|无|空|暂无|\\)?$")
# Words of a qualitative target (同比例提高, 持续巩固在历史低水平, 稳步提升); a cell without
# digits and without any of these is a sub-label such as 西医类 / 中医类.
_TARGET_PHRASE = re.compile(
    r"提高|提升|巩固|保持|下降|降低|增长|增加|减少|达到|力争|持续|稳步|逐步|稳定|完成|实现|覆盖|"
    r"不低于|不高于|不超过|高于|低于|控制|优于|好于|进入|前列|领先|明显|有所|显著|同比例|同步|"
    r"达标|消除|清零|全部|逐年|稳中|改善|位居"
)
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SIMPLE_VALUE = re.compile(
    r"^(?P<cmp>≥|≤|>=|<=|>|<|不低于|不少于|不超过|不高于|至少|超过)?\s*(?P<sign>[-−])?(?P<num>" + _NUMBER + r")\s*"
    r"(?P<unit>%|‰)?\s*(?P<suffix>及以上|以上|以下|以内|左右)?$"
)
_RANGE_VALUE = re.compile(
    r"^(?P<low>" + _NUMBER + r")\s*(?P<unit1>%|‰)?\s*[-~—–至到]\s*(?P<high>" + _NUMBER + r")\s*(?P<unit>%|‰)?$"
)
_RANK_VALUE = re.compile(r"^前\s*(?P<num>\d+)\s*(?:名|位)?$")
_PREFIX_COMPARATORS = {"≥": ">=", ">=": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=",
                       "≤": "<=", "<=": "<=", "不超过": "<=", "不高于": "<=",
                       ">": ">", "超过": ">", "<": "<"}
_SUFFIX_COMPARATORS = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "左右": "="}

_TITLE = re.compile(r"(?:指标体系|指标表|主要指标|重点指标|指标一览表|目标表|指标)\s*(?:\([^()]*\))?$")
# Rows that are prose or notes under a table, not indicator rows.
_NOTE = re.compile(r"^(?:注|备注|说明|抄送|资料来源|数据来源)\s*[:：]")

_CONFIDENCE_CELL = 0.95  # one value printed in its own column
_CONFIDENCE_SPREAD = 0.9  # a merged cell given to every year it spans
_CONFIDENCE_QUALITATIVE = 0.8
_CONFIDENCE_READ_IN_WORDS = 0.85  # a number found inside words by the sentence reader


# --- Finding blocks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    kind: str  # "row", "blank" or "text"
    cells: tuple[Cell, ...]
    text: str
    start: int
    end: int
    # Columns aligned by spaces (text from a PDF): the display column where each cell starts.
    columns: tuple[int, ...] | None = None


def _split_lines(text: str) -> list[tuple[str, int]]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        lines.append((raw.rstrip("\r\n"), pos))
        pos += len(raw)
    return lines


def _make_cell(text: str, start: int, end: int) -> Cell:
    """Trim whitespace from a cell, keeping offsets pointing at the trimmed text."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left:
        return Cell("", start + left, start + left)
    return Cell(piece[left:right], start + left, start + right)


def _read_lines(text: str) -> list[_Line]:
    """Group lines into table rows, blanks and text.

    Rows come as flattened cells (one per line, tab-led, a blank line after each row), cells
    one per line ending in " |" (web copies), tab-separated lines, or "|"-separated lines.
    Runs of one-cell lines are kept as one row here; `_rows_of_stream` cuts them into rows
    once the header says how wide a row is.
    """
    items: list[_Line] = []
    flat: list[Cell] = []
    flat_start = 0

    def flush() -> None:
        if flat:
            items.append(_Line("row", tuple(flat), "", flat_start, flat[-1].end))
            flat.clear()

    for line, pos in _split_lines(text):
        bar_cells = _bar_cells(text, line, pos)
        if (line.startswith("\t") and "\t" not in line[1:]) or (bar_cells is not None and len(bar_cells) == 1):
            # One cell per line; the row starts at its first line.
            if not flat:
                flat_start = pos
            flat.append(bar_cells[0] if bar_cells else _make_cell(text, pos + 1, pos + len(line)))
            continue
        flush()
        if bar_cells == []:
            items.append(_Line("blank", (), "", pos, pos + len(line)))  # "||||", "|---|---|"
        elif bar_cells is not None:
            items.append(_Line("row", tuple(bar_cells), line, pos, pos + len(line)))
        elif "\t" in line:
            cells, cursor = [], pos
            for piece in line.split("\t"):
                cells.append(_make_cell(text, cursor, cursor + len(piece)))
                cursor += len(piece) + 1
            items.append(_Line("row", tuple(cells), line, pos, pos + len(line)))
        elif len(line) <= _MAX_ALIGNED_LINE and len(_ALIGNING_GAP_RE.findall(line.strip())) >= 2:
            # Columns aligned by runs of spaces, as text taken from a PDF keeps them.
            matches = list(re.finditer(r"\S+(?: \S+)*", line))
            cells = [_make_cell(text, pos + m.start(), pos + m.end()) for m in matches]
            columns, width, done = [], 0, 0
            for m in matches:
                width += _display_width(line[done:m.start()])
                done = m.start()
                columns.append(width)
            items.append(_Line("row", tuple(cells), line, pos, pos + len(line), tuple(columns)))
        elif line.strip():
            items.append(_Line("text", (), line.strip(), pos, pos + len(line)))
        else:
            items.append(_Line("blank", (), "", pos, pos + len(line)))
    flush()
    return items


_ALIGNING_GAP_RE = re.compile(r"\S(?: {2,}|\u3000{2,})(?=\S)")
_MAX_ALIGNED_LINE = 400  # a table row on a page is far shorter


def _display_width(text: str) -> int:
    """Columns text takes in a fixed-width layout: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _aligned_rows(text: str, header: _Line, items: list[_Line]) -> list[list[Cell]]:
    """Rows under a space-aligned header, each cell put in the column it stands under.

    A PDF leaves merged cells (a 领域 printed once) empty, so cells are placed by where they
    stand, not by their order; a line holding only the rest of a wrapped name continues the
    row above.
    """
    starts = list(header.columns or ())
    rows: list[list[Cell]] = []
    for item in items:
        if item.kind == "row" and item.columns is not None:
            placed, columns = item.cells, item.columns
        elif item.kind == "text":
            raw = text[item.start:item.end]
            indent = len(raw) - len(raw.lstrip())
            placed = (Cell(item.text, item.start + indent, item.start + indent + len(item.text)),)
            columns = (_display_width(raw[:indent]),)
        else:
            continue
        row: list[Cell | None] = [None] * len(starts)
        for cell, column in zip(placed, columns):
            index = max((i for i, start in enumerate(starts) if start <= column + 2), default=0)
            row[index] = cell if row[index] is None else Cell(row[index].text + cell.text, row[index].start, cell.end)
        filled = [i for i, cell in enumerate(row) if cell is not None]
        if rows and len(filled) == 1 and not _is_value_like(row[filled[0]].text):
            # "托位数" under the name of the row above: its name wrapped.
            above = rows[-1][filled[0]]
            rows[-1][filled[0]] = Cell(above.text + row[filled[0]].text, above.start, row[filled[0]].end)
            continue
        if not rows and not any(_is_label(row[i].text) for i in filled if i < len(starts)):
            continue  # a note printed under the header ("(2025 年为预计值)")
        rows.append([cell if cell is not None else Cell("", item.start, item.start) for cell in row])
    return rows
# "||||" and Markdown rules ("|---|:---:|") hold no cells.
_RULE_LINE_RE = re.compile(r"^[\s|]*$|^[\s|:]*-{3,}[\s|:\-]*$")


def _bar_cells(text: str, line: str, pos: int) -> list[Cell] | None:
    """Cells of a "|"-separated line ("| 指标 | 2023年 |", "中医医院(所) |"); None if it is not one.

    An empty list is a rule or a line of bars only.
    """
    if "|" not in line or line.startswith("\t"):
        return None
    stripped = line.strip()
    if _RULE_LINE_RE.match(stripped):
        return []
    if stripped.count("|") < 2 and not stripped.endswith("|"):
        return None
    cells, cursor = [], pos
    for piece in line.split("|"):
        cells.append(_make_cell(text, cursor, cursor + len(piece)))
        cursor += len(piece) + 1
    # The bars at both ends of "| a | b |" and "a | b |" open and close the row, not cells.
    if cells and not cells[0].text and stripped.startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1].text and stripped.endswith("|"):
        cells = cells[:-1]
    return cells


def _clean_label(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _year_column(label: str) -> tuple[int | None, str | None] | None:
    """(year, role hint) for a year column label such as 2023年, 2020年(基期), 目标值; else None."""
    match = _YEAR_IN_LABEL.search(label)
    year = int(match.group(1)) if match else None
    rest = _YEAR_IN_LABEL.sub("", label, count=1) if match else label
    rest = re.sub(r"[()\[\]【】]", "", rest)
    if year is not None:
        # 到2026年目标值, 至2030年底: the words around the year that only say "by then".
        rest = re.sub(r"^(?:到|至|截至|截止)", "", rest)
        rest = re.sub(r"^(?:年底|年末|底|末)(?=.)", "", rest)
    if rest in _BASELINE_WORDS:
        return year, "baseline"
    if rest in _TARGET_WORDS:
        return year, "target"
    if rest in _NEUTRAL_YEAR_WORDS and year is not None:
        return year, None
    return None


def _column_roles(header: list[str]) -> list[str]:
    roles = []
    for label in header:
        if _year_column(label) is not None:
            roles.append("year")
        elif _INDICATOR_LABEL.match(label):
            roles.append("indicator")
        elif label in _CATEGORY_LABELS:
            roles.append("category")
        elif label in _SEQ_LABELS:
            roles.append("seq")
        elif label in _UNIT_LABELS:
            roles.append("unit")
        elif label in _NATURE_LABELS:
            roles.append("nature")
        else:
            roles.append("other")
    # With 一级指标 / 二级指标 columns, the last indicator column names the indicator and
    # the ones before it group indicators like a category.
    indicator_positions = [i for i, role in enumerate(roles) if role == "indicator"]
    for i in indicator_positions[:-1]:
        roles[i] = "category"
    return roles


def _is_header(cells: tuple[Cell, ...]) -> bool:
    roles = _column_roles([_clean_label(c.text) for c in cells])
    return "indicator" in roles and roles.count("year") >= 2


def _is_note_row(cells: tuple[Cell, ...]) -> bool:
    """A note under the table (注:…, 抄送:…) or a lone sentence of prose."""
    texts = [c.text for c in cells if c.text]
    return bool(texts) and (bool(_NOTE.match(texts[0])) or (len(texts) == 1 and texts[0].endswith("。")))


def _title_above(items: list[_Line], header_index: int) -> str:
    """The nearest title-like text line above the header, looking past at most three lines."""
    seen = 0
    for item in reversed(items[:header_index]):
        if item.kind == "blank":
            continue
        if item.kind != "text" or seen >= 3:
            break
        seen += 1
        line = item.text.strip()
        if len(line) <= 60 and "。" not in line and _TITLE.search(line):
            return line
    return ""


def _header_at(items: list[_Line], i: int) -> tuple[tuple[Cell, ...] | None, int]:
    """The header starting at item i, and the index of its last line.

    Besides one-line headers, reads the two-line form of web and Word tables:
    "指标 | 年度指标值" over "(merged) | 2025年 | 2026年目标", where the first line's merged
    cells are written once and the second line names the year columns.
    """
    item = items[i]
    if item.kind != "row":
        return None, i
    top = item.cells
    if "indicator" not in _column_roles([_clean_label(c.text) for c in top]):
        return None, i
    # The lines below that only name periods and years (中期 | 期末, then 2027年 | 2030年).
    lines, last = [top], i
    j = _next_row(items, i)
    while j is not None and _is_sub_header(items[j].cells):
        lines.append(items[j].cells)
        last = j
        j = _next_row(items, j)
    if len(lines) == 1:
        if _is_header(top):
            return top, i
        if j is None:
            return None, i
        lines, last = [top, items[j].cells], j  # "指标 | 年度指标值" over "| 2025年 | 2026年目标"
    merged = _merged_header(lines)
    return (merged, last) if _is_header(merged) else (None, i)


def _next_row(items: list[_Line], i: int) -> int | None:
    j = i + 1
    while j < len(items) and items[j].kind == "blank":
        j += 1
    return j if j < len(items) and items[j].kind == "row" else None


def _merged_header(lines: list[tuple[Cell, ...]]) -> tuple[Cell, ...]:
    """One label per column from a header of several lines: the lowest label that names a
    year column (2027年 under 中期 under 目标值), else the lowest label written at all."""
    width = max(len(line) for line in lines)
    merged = []
    for k in range(width):
        cells = [line[k] for line in lines if k < len(line) and line[k].text]
        dated = [c for c in cells if _year_column(_clean_label(c.text)) is not None]
        pick = (dated or cells or [next(line[k] for line in lines if k < len(line))])[-1]
        merged.append(pick)
    return tuple(merged)


_PERIOD_WORDS = {"中期", "期末", "近期", "远期", "中期目标", "期末目标", "阶段目标", "年度目标"}


def _is_sub_header(cells: tuple[Cell, ...]) -> bool:
    """A lower line of a header: years or periods under a merged 目标值 / 规划目标, every
    other cell left empty by the merges above it."""
    labels = [_clean_label(c.text) for c in cells if c.text]
    return bool(labels) and all(_year_column(label) is not None or label in _PERIOD_WORDS
                                for label in labels) and any(_year_column(label) is not None
                                                             or label in _PERIOD_WORDS for label in labels) \
        and (len(labels) >= 2 or labels[0] in _PERIOD_WORDS)


def find_table_blocks(text: str) -> list[TableBlock]:
    """Every indicator table in the text: a header with an indicator column and 2+ year columns."""
    items = _expand_streams(text, _read_lines(text))
    blocks: list[TableBlock] = []
    i = 0
    while i < len(items):
        item = items[i]
        header_cells, header_end = _header_at(items, i)
        if header_cells is None:
            i += 1
            continue
        rows: list[list[Cell]] = []
        end = item.end
        blanks = 0
        j = header_end + 1
        while j < len(items):
            nxt = items[j]
            if nxt.kind == "blank":
                blanks += 1
                # Two blank lines in a row close the table (a blank line separates rows).
                if blanks >= 2:
                    break
                j += 1
                continue
            if nxt.kind == "text" and _EXPLANATION_RE.match(nxt.text):
                j += 1  # "说明:…" / "计算方法:…" between rows explain the row above
                continue
            if nxt.kind == "text" and _is_group_line(nxt.text) and _row_follows(items, j):
                # "(一)健康知识普及行动" on a line of its own groups the rows below it.
                cell = Cell(nxt.text, nxt.end - len(nxt.text), nxt.end)
                rows.append([cell])
                blanks = 0
                j += 1
                continue
            if nxt.kind != "row" or _is_header(nxt.cells) or _is_note_row(nxt.cells):
                break
            blanks = 0
            if any(c.text for c in nxt.cells):
                rows.append(list(nxt.cells))
                end = nxt.end
            j += 1
        if items[header_end].columns is not None:
            rows = _aligned_rows(text, items[header_end], _aligned_body(items, header_end + 1))
            end = max([end] + [cell.end for row in rows for cell in row])
        header = [_clean_label(c.text) for c in header_cells]
        blocks.append(TableBlock(item.start, max(end, items[header_end].end), header, rows,
                                 _title_above(items, i), _notes_below(items, j)))
        i = max(j, _aligned_end(items, header_end + 1)) if items[header_end].columns is not None else j
    return blocks


def _is_group_line(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。；;,，:：]", text) and _is_label(text) \
        and not _NOTE_START_RE.match(text)


def _row_follows(items: list[_Line], j: int) -> bool:
    nxt = next((item for item in items[j + 1:j + 3] if item.kind != "blank"), None)
    return nxt is not None and nxt.kind == "row" and not _is_header(nxt.cells)


def _aligned_body(items: list[_Line], first: int) -> list[_Line]:
    return items[first:_aligned_end(items, first)]


def _aligned_end(items: list[_Line], first: int) -> int:
    """Where the rows of a space-aligned table end: at a note, prose or two blank lines."""
    j, blanks = first, 0
    while j < len(items):
        item = items[j]
        if item.kind == "blank":
            blanks += 1
            if blanks >= 2:
                break
        elif item.kind == "text" and (_NOTE_START_RE.match(item.text) or len(item.text) > _MAX_STREAM_CELL
                                      or re.search(r"[。；;]", item.text)):
            break
        elif item.kind == "row" and item.columns is None:
            break
        else:
            blanks = 0
        j += 1
    return j


_EXPLANATION_RE = re.compile(r"^(?:[(（]?\d{1,2}[)）.、]?\s*)?(?:指标)?(?:说明|计算方法|解释|释义|口径)\s*[:：]")
_NOTE_START_RE = re.compile(r"^(?:注|备注|说明|数据来源|资料来源)\s*\d*\s*[:：]")


def _notes_below(items: list[_Line], j: int) -> str:
    """The notes printed under a table (注:基期为2020年数据 …), which may date its columns."""
    notes = []
    for item in items[j:j + 6]:
        if item.kind == "blank":
            continue
        texts = [item.text] if item.kind == "text" else [c.text for c in item.cells if c.text]
        if not texts or not (notes or _NOTE_START_RE.match(texts[0])):
            break
        notes.extend(texts)
    return "\n".join(notes)


# --- Cells one per line ---------------------------------------------------------------------------

_MAX_STREAM_CELL = 40  # a line longer than this is prose, not a table cell


def _expand_streams(text: str, items: list[_Line]) -> list[_Line]:
    """Cut runs of one-cell lines into rows, using the header at their start.

    Web copies of tables give one cell per line (with or without a trailing " |") and no
    mark where a row ends; the header says how many columns a row has and which hold values.
    """
    out: list[_Line] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind == "row" and len(item.cells) > 3:
            expanded = _expanded_row(item.cells)
            if expanded:
                out.extend(expanded)
                i += 1
                continue
        if item.kind == "text":
            run, next_index = _text_cell_run(text, items, i)
            expanded = _expanded_row(tuple(run)) if len(run) > 3 else None
            if expanded:
                out.extend(expanded)
                i = next_index
                continue
        out.append(item)
        i += 1
    return out


def _text_cell_run(text: str, items: list[_Line], i: int) -> tuple[list[Cell], int]:
    """Short text lines from item i on (single blank lines between them allowed) as cells."""
    cells: list[Cell] = []
    j = i
    while j < len(items):
        item = items[j]
        if item.kind == "blank":
            if j + 1 < len(items) and items[j + 1].kind == "text":
                j += 1
                continue
            break
        if item.kind != "text" or len(item.text) > _MAX_STREAM_CELL or re.search(r"[。；;]$", item.text):
            break
        raw = text[item.start:item.end]
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(item.text, item.start + lead, item.start + lead + len(item.text)))
        j += 1
    return cells, j


def _expanded_row(cells: tuple[Cell, ...]) -> list[_Line] | None:
    """Title cells, the header row and the body rows of a run of cells that holds a header."""
    for start in range(0, min(4, len(cells))):
        width = _header_width(cells[start:])
        # A stream holds at least one body row after its header; a header row whose merged
        # cells were left empty (目标值 | | | 属性) is one row, not a stream.
        if width:
            if len(cells) - start - width >= width:
                break
            return None
    else:
        return None
    roles = _column_roles([_clean_label(c.text) for c in cells[start:start + width]])
    lines = [_Line("text", (), c.text, c.start, c.end) for c in cells[:start] if c.text]
    lines.append(_row_line(cells[start:start + width]))
    for row in _rows_of_stream(list(cells[start + width:]), roles):
        lines.append(_Line("blank", (), "", row[0].start, row[0].start))
        lines.append(_row_line(row))
    return lines


def _row_line(cells) -> _Line:
    cells = tuple(cells)
    return _Line("row", cells, "", cells[0].start, cells[-1].end)


def _header_width(cells: tuple[Cell, ...]) -> int:
    """How many leading cells form a table header (0 if they do not)."""
    width = 0
    for cell in cells:
        label = _clean_label(cell.text)
        if not _is_header_label(label):
            break
        width += 1
    if width < 3:
        return 0
    roles = _column_roles([_clean_label(c.text) for c in cells[:width]])
    if "indicator" in roles and roles.count("year") >= 2:
        return width
    return 0


_OTHER_COLUMN_RE = re.compile(r"年均|累计|增长|增幅|增速|变化|责任|牵头|备注|说明|来源|口径|计算|类型|单位")


def _is_header_label(label: str) -> bool:
    roles = _column_roles([label])
    return roles[0] != "other" or bool(_OTHER_COLUMN_RE.search(label)) and len(label) <= 14


def _rows_of_stream(cells: list[Cell], roles: list[str]) -> list[list[Cell]]:
    """Body cells cut into rows of the header's width; a lone label is a group row
    (健康水平 spanning the table), a row shortened by merged cells ends where the next row fits.

    A row whose first cells were merged down from the rows above (一级指标 | 二级指标 printed
    once) holds the header's right-hand columns; it is padded on the left with empty cells, so
    it continues the merged values like a row copied cell by cell."""
    width, rows, i = len(roles), [], 0
    while i < len(cells):
        if _fits(cells[i:i + width], roles):
            rows.append(cells[i:i + width])
            i += width
            continue
        merged_down = next((w for w in range(width - 1, 1, -1)
                            if roles[width - w] in ("indicator", "category")
                            and _fits(cells[i:i + w], roles[width - w:]) and _starts_row(cells, i + w, roles)),
                           None)
        if merged_down:
            padding = [Cell("", cells[i].start, cells[i].start) for _ in range(width - merged_down)]
            rows.append(padding + cells[i:i + merged_down])
            i += merged_down
            continue
        if _is_label(cells[i].text) and (i + 1 >= len(cells) or _fits(cells[i + 1:i + 1 + width], roles)):
            rows.append([cells[i]])
            i += 1
            continue
        shorter = next((w for w in range(width - 1, 1, -1) if _fits(cells[i + w:i + w + width], roles)), None)
        step = shorter or width
        rows.append(cells[i:i + step])
        i += step
    return rows


def _starts_row(cells: list[Cell], j: int, roles: list[str]) -> bool:
    """Whether a row (full, or with its first cells merged down) can start at cells[j]."""
    width = len(roles)
    if j >= len(cells) or _fits(cells[j:j + width], roles) or _NOTE.match(cells[j].text):
        return True  # the stream ends, a full row, or the note under the table
    return any(roles[width - w] in ("indicator", "category") and _fits(cells[j:j + w], roles[width - w:])
               for w in range(width - 1, 1, -1))


def _fits(cells: list[Cell], roles: list[str]) -> bool:
    """Whether cells line up with the header's columns as one full row."""
    if len(cells) != len(roles):
        return False
    for cell, role in zip(cells, roles):
        text = cell.text
        if role == "indicator" and not _is_label(text):
            return False
        if role == "year" and not (_is_value_like(text) or not text):
            return False
        if role == "nature" and text and _clean_name(text) not in _NATURES:
            return False
        if role == "seq" and text and not _is_seq(text):
            return False
    return True


def _is_value_like(text: str) -> bool:
    if _is_placeholder(text) or re.search(r"\d", text):
        return True
    return bool(_TARGET_PHRASE.search(text)) and len(text) <= 16


def _is_label(text: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 and not re.fullmatch(r"[\d.,%‰≥≤<>~\-—–\s]+", text) \
        and _clean_name(text) not in _NATURES and not _is_placeholder(text)


def table_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every indicator table, so sentence reading can skip table regions."""
    return [(block.start, block.end) for block in find_table_blocks(text)]


# --- Reading names and units --------------------------------------------------------------------


def _clean_name(text: str) -> str:
    """Drop whitespace except between two ASCII letters or digits (keeps "DRG 2.0" readable)."""
    text = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])", "\x00", text.strip())
    return re.sub(r"\s+", "", text).replace("\x00", " ")


def _normalise_unit(unit: str) -> str:
    unit = _clean_name(unit)
    # (1/10万) and (1/万) are rates per population: printed as /10万 like 9.5/10万.
    return re.sub(r"^1(?=/)", "", unit)


def _looks_like_unit(content: str) -> bool:
    content = _clean_name(content)
    if content in _UNITS:
        return True
    # Rates and ratios: 1/10万, 张/千人, 元/人, 人/万人.
    if "/" in content and "、" not in content and len(content) <= 7:
        return all(0 < len(side) <= 4 for side in content.split("/"))
    return False


def _split_trailing_bracket(name: str) -> tuple[str, str] | None:
    """("name", "content") when the name ends with a balanced (...) group."""
    if not name.endswith(")"):
        return None
    depth = 0
    for pos in range(len(name) - 1, -1, -1):
        if name[pos] == ")":
            depth += 1
        elif name[pos] == "(":
            depth -= 1
            if depth == 0:
                return name[:pos], name[pos + 1:-1]
    return None


def split_unit(name: str) -> tuple[str, str]:
    """Indicator name and unit: "婴儿死亡率(‰)" -> ("婴儿死亡率", "‰"); "学科(专科)" keeps its bracket."""
    name = _clean_name(name)
    parts = _split_trailing_bracket(name)
    if parts and parts[0] and _looks_like_unit(parts[1]):
        return parts[0], _normalise_unit(parts[1])
    return name, ""


# --- Reading cells ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CellValue:
    value: float | None
    value_high: float | None
    comparator: str | None
    kind: str | None  # None: decided from the indicator and its unit
    unit: str
    confidence: float


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text))


def _is_sub_label(text: str) -> bool:
    """A cell between the indicator and its values that names a part of the indicator."""
    if not text or _is_placeholder(text):
        return False
    parts = _split_trailing_bracket(_clean_name(text))
    if parts and _looks_like_unit(parts[1]) and len(re.findall(r"[\u4e00-\u9fff]", parts[0])) >= 2:
        return True  # a name with its own unit: 达四级以上的医疗机构(个)
    if re.search(r"\d|[≥≤<>]", text):
        return False
    return not _TARGET_PHRASE.search(text)


def _read_in_words(text: str) -> _CellValue | None:
    """A number inside words (A+级力争保持在2个及以上, 力争进入全国前50), read like a sentence
    (in the cleaned view: "比 2015 年降低 10%" from a PDF reads as 比2015年降低10%)."""
    from etl.layout.text_view import text_view

    for reading in read_targets(text_view(text).text, in_table_cell=True):
        if reading.value is None:
            continue
        return _CellValue(
            value=float(reading.value),
            value_high=None if reading.value_high is None else float(reading.value_high),
            comparator=reading.comparator,
            kind=reading.kind,
            unit=reading.unit or "",
            confidence=min(_CONFIDENCE_READ_IN_WORDS, float(reading.confidence)),
        )
    return None


def _read_cell(text: str) -> _CellValue:
    compact = _clean_name(text)
    match = _SIMPLE_VALUE.match(compact)
    if match:
        comparator = "="
        if match.group("cmp"):
            comparator = _PREFIX_COMPARATORS[match.group("cmp")]
        elif match.group("suffix"):
            comparator = _SUFFIX_COMPARATORS[match.group("suffix")]
        # A printed minus is part of the value (人口自然增长率 -1.5‰), not a dash to skip.
        value = -_number(match.group("num")) if match.group("sign") else _number(match.group("num"))
        return _CellValue(value, None, comparator, None, match.group("unit") or "", _CONFIDENCE_CELL)
    match = _RANGE_VALUE.match(compact)
    if match:
        return _CellValue(_number(match.group("low")), _number(match.group("high")), "range", None,
                          match.group("unit") or match.group("unit1") or "", _CONFIDENCE_CELL)
    match = _RANK_VALUE.match(compact)
    if match:
        return _CellValue(_number(match.group("num")), None, "<=", "rank", "名", _CONFIDENCE_CELL)
    in_words = _read_in_words(text)
    if in_words is not None:
        return in_words
    return _CellValue(None, None, None, "qualitative", "", _CONFIDENCE_QUALITATIVE)


def _kind_for(indicator: str, unit: str) -> str:
    if unit in {"百分点", "个百分点"}:
        return "change"
    if _RANK_NAME.search(indicator):
        return "rank"
    if _COUNT_NAME.match(indicator) and (unit in _COUNT_UNITS or unit == ""):
        return "count"
    return "level"


# --- Reading rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearColumn:
    year: int | None
    role: str


def _year_columns(header: list[str], roles: list[str], plan_year: int | None,
                  base_year: int | None = None) -> list[_YearColumn]:
    read = [_year_column(label) for label, role in zip(header, roles) if role == "year"]
    has_explicit_baseline = any(hint == "baseline" for _, hint in read)
    columns = []
    for position, (year, hint) in enumerate(read):
        role = hint or ("baseline" if position == 0 and not has_explicit_baseline else "target")
        if year is None and role == "target":
            year = plan_year  # 目标值 with no year: the plan's own target year
        if year is None and role == "baseline":
            year = base_year  # 基期水平 dated by a note under the table or the plan period
        columns.append(_YearColumn(year, role))
    return columns


_BASE_YEAR_RES = (
    re.compile(r"(?:基期|基线|现状|基准|基数)[^。;；\n]{0,14}?((?:19|20)\d\d)\s*年"),
    re.compile(r"((?:19|20)\d\d)\s*年(?:底|末)?(?:数据|数值)?(?:为|是|作为)?(?:基期|基线|基准)"),
)
# A five-year plan's base year is the last year of the one before it.
_PLAN_PERIODS = {"十一五": 2005, "十二五": 2010, "十三五": 2015, "十四五": 2020, "十五五": 2025}


def base_year(block: TableBlock) -> int | None:
    """The year of a base column printed without one: from the notes, else the plan period."""
    for source in (block.notes, block.title):
        for pattern in _BASE_YEAR_RES:
            m = pattern.search(source or "")
            if m:
                return int(m.group(1))
    return next((year for word, year in _PLAN_PERIODS.items() if word in (block.title or "")), None)


def _is_seq(text: str) -> bool:
    return bool(re.fullmatch(r"\(?\d{1,3}[).、]?", text))


def _split_row(cells: list[Cell], roles: list[str]) -> tuple[dict[str, Cell], list[Cell], str | None]:
    """Prefix cells by header role, the middle cells (sub-labels and values), and the nature."""
    first_year = roles.index("year")
    last_year = len(roles) - 1 - roles[::-1].index("year")
    prefix_roles, suffix_roles = roles[:first_year], roles[last_year + 1:]
    cells = list(cells)

    nature = None
    suffix: list[Cell] = []
    if len(cells) >= len(roles):
        # A full-width row: the trailing columns are all there.
        suffix = cells[len(cells) - len(suffix_roles):] if suffix_roles else []
        cells = cells[: len(cells) - len(suffix_roles)]
    else:
        # Merged cells shorten the row: take only what recognisably belongs to a trailing
        # column: a nature word, an empty cell (a 性质 merged down from the row above) or a
        # label such as a 责任单位 - never a value.
        for role in reversed(suffix_roles):
            if not cells:
                break
            last = cells[-1].text
            if _clean_name(last) in _NATURES or not last or (role != "nature" and _is_sub_label(last)):
                suffix.insert(0, cells.pop())
    for cell in suffix:
        if _clean_name(cell.text) in _NATURES:
            nature = _NATURES[_clean_name(cell.text)]

    prefix: dict[str, Cell] = {}
    position = 0
    for index, role in enumerate(prefix_roles):
        if position >= len(cells):
            break
        cell = cells[position]
        # A merged category printed once leaves later rows starting at the sequence number.
        if (role == "category" and index + 1 < len(prefix_roles) and prefix_roles[index + 1] == "seq"
                and _is_seq(cell.text)):
            continue
        # A sub-row label printed between the name and its unit column (名称 | 常住人口 | %):
        # the label joins the middle cells and the unit is the next cell.
        if (role == "unit" and not _looks_like_unit(cell.text) and not _is_placeholder(cell.text)
                and position + 1 < len(cells) and _looks_like_unit(cells[position + 1].text)):
            prefix[role] = cells[position + 1]
            labels = [cell]
            rest = cells[position + 2:]
            return prefix, labels + rest, nature
        prefix[role] = cell
        position += 1
    return prefix, cells[position:], nature


_GROUP_MARKER_RE = re.compile(r"^(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.]|\d+[.、])")


def _split_labels(middle: list[Cell], n_years: int) -> tuple[list[Cell], list[Cell]]:
    """Sub-label cells, then value cells; the last cell is always a value."""
    split = 0
    while split < len(middle) - 1 and (len(middle) - split > n_years or _is_sub_label(middle[split].text)):
        split += 1
    return middle[:split], middle[split:]


def _spread(values: list[Cell], n_years: int) -> list[tuple[Cell, list[int], bool]]:
    """(cell, year column indexes, is_spread) for the value cells of a row.

    A row shortened by merged cells gives its last cell the columns left. A table copied cell
    by cell keeps the merged columns as empty cells ("58 | ≥60 | | | 约束性"): an empty cell
    after a value continues that value (real plans merge a baseline into its target too:
    ≥90 over 2023 | 2025).
    """
    values = values[:n_years]
    if len(values) < n_years:
        values = values + [None] * (n_years - len(values))  # the columns a short row lacks
    pairs: list[tuple[Cell, list[int], bool]] = []
    for index, cell in enumerate(values):
        continues = cell is None or not cell.text
        if continues and pairs and pairs[-1][0].text and not _is_placeholder(pairs[-1][0].text):
            previous, indexes, _ = pairs[-1]
            pairs[-1] = (previous, indexes + [index], True)
        elif cell is not None:
            pairs.append((cell, [index], False))
    return pairs


_CELL_YEAR_RE = re.compile(r"[(（]\s*((?:19|20)\d\d)\s*年?\s*[)）]")


def parse_indicator_table(block: TableBlock, plan_year: int | None = None) -> list[TableRow]:
    """One TableRow per (indicator, year column) that a value cell covers."""
    roles = _column_roles(block.header)
    columns = _year_columns(block.header, roles, plan_year, base_year(block))
    out: list[TableRow] = []
    # Category, indicator and nature cells merged down over several rows are printed once,
    # leaving empty cells below: an empty cell continues the value above it.
    category: str | None = None
    nature: str | None = None
    indicator, indicator_unit, seq = "", "", ""

    for cells in block.rows:
        filled = [c for c in cells if c.text]
        if len(filled) == 1 and _is_label(filled[0].text) and len(cells) < len(roles) \
                and "category" not in roles[:1] + roles[:2] or (len(filled) == 1 and len(cells) == 1):
            # A group row spanning the table ("(一)健康知识普及行动", "健康水平").
            category = _GROUP_MARKER_RE.sub("", _clean_name(filled[0].text)) or category
            continue
        prefix, middle, row_nature = _split_row(cells, roles)
        nature = row_nature or nature
        if prefix.get("category") and prefix["category"].text:
            category = _clean_name(prefix["category"].text)
        indicator_cell = prefix.get("indicator")
        seq_cell = prefix.get("seq")
        if indicator_cell is not None and indicator_cell.text:
            indicator, indicator_unit = split_unit(indicator_cell.text)
            seq = _clean_name(seq_cell.text) if seq_cell is not None else ""
        elif seq_cell is not None and seq_cell.text:
            seq = _clean_name(seq_cell.text)  # same indicator name, a new numbered row
        if not indicator or not middle:
            continue

        name, unit = indicator, indicator_unit
        unit_cell = prefix.get("unit")
        if unit_cell is not None and unit_cell.text and not _is_placeholder(unit_cell.text):
            unit = _normalise_unit(unit_cell.text)
        labels, values = _split_labels(middle, len(columns))
        for label in labels:
            if label.text:
                label_name, label_unit = split_unit(label.text)
                name = f"{name}({label_name})"
                unit = label_unit or unit

        source_text = " | ".join(c.text for c in cells if c.text)
        # With no unit column or bracket, a unit printed in the row's other cells (33.5%, 32%)
        # is the indicator's, so a qualitative cell beside them (稳步提升) keeps it too.
        printed_units = {_read_cell(c.text).unit for c in values if not _is_placeholder(c.text)} - {""}
        row_default_unit = unit or (printed_units.pop() if len(printed_units) == 1 else "")
        for cell, column_indexes, is_spread in _spread(values, len(columns)):
            if _is_placeholder(cell.text):
                continue
            read = _read_cell(cell.text)
            # A unit printed in the cell (≥35%, 2个及以上) is the value's own.
            row_unit = read.unit or row_default_unit
            kind = read.kind or _kind_for(name, row_unit)
            if kind == "count" and _kind_for(name, row_unit) == "level":
                # A printed "4.1个" under 每千人口…托位数 is a per-capita level, not things to add.
                kind = "level"
            if kind == "rank":
                row_unit = row_unit or "名"
            confidence = read.confidence
            if is_spread:
                confidence = min(confidence, _CONFIDENCE_SPREAD)
            # "89.6(2014年)": the cell dates its own figure (the base year's data came later).
            own_year = _CELL_YEAR_RE.search(cell.text)
            for index in column_indexes:
                column = columns[index]
                year = int(own_year.group(1)) if own_year and not is_spread else column.year
                if year is None:
                    continue  # a baseline with no year printed cannot be placed in time
                out.append(TableRow(
                    category=category, seq=seq, indicator=name, unit=row_unit, role=column.role,
                    year=year, value=read.value, value_high=read.value_high,
                    comparator=read.comparator, kind=kind, value_text=cell.text, nature=nature,
                    source_text=source_text, span_start=cell.start, span_end=cell.end,
                    confidence=confidence,
                ))
    return out
