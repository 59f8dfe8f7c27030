"""A document's text as HTML with every extracted number highlighted.

All document text is escaped with html.escape before it is wrapped: markup inside a source
document is shown as text, never rendered. Numbers that yielded a value are coloured by kind;
numbers the build found but could not read as a target are marked with a dashed outline.
"""
from __future__ import annotations

import html

import pandas as pd

from board.labels import KIND_LABELS, ROLE_LABELS, format_value

# Background colours by kind (Okabe–Ito tints, legible in black-and-white print as greys).
KIND_COLOURS = {
    "level": "#cce3f0", "count": "#fde7b8", "change": "#c7ebdf", "rank": "#f3d0e3",
    "full_coverage": "#d9ecfa", "qualitative": "#eeeeee",
}
UNMATCHED_STYLE = "background:#ffffff;border:1px dashed #D55E00;"

STYLE = """
<style>
.doc-reader{white-space:pre-wrap;line-height:1.9;font-size:1rem;
  font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif;}
.doc-reader mark{padding:0 2px;border-radius:3px;color:inherit;}
.doc-reader mark.hl-baseline{border-bottom:3px solid #555555;}
.doc-reader mark sup{font-size:0.7em;color:#444444;margin-left:1px;}
</style>
"""


def highlight_title(row: pd.Series) -> str:
    """Tooltip for one highlighted number: indicator, value, unit, year, role."""
    if row.get("mark") == "unmatched":
        return "数字未生成目标（待核查）"
    value = format_value(_none(row.get("value")), _none(row.get("value_high")), row.get("unit"),
                         row.get("comparator")) or str(row.get("value_text") or "")
    year = row.get("year")
    year_text = f"{int(year)}年" if year is not None and pd.notna(year) else ""
    kind = KIND_LABELS.get(row.get("kind"), row.get("kind") or "")
    role = ROLE_LABELS.get(row.get("role"), row.get("role") or "")
    return f"{row.get('indicator_label') or row.get('indicator') or ''}｜{role} {year_text}｜{value}｜{kind}"


def render_document(text: str, highlights: pd.DataFrame) -> str:
    """Escaped document text with <mark> around each highlighted span, numbered in reading order.

    Overlapping spans (two values read from one expression) keep the first; the later one still
    appears in the list of numbers beside the text.
    """
    pieces = [STYLE, '<div class="doc-reader">']
    position = 0
    number = 0
    ordered = highlights.sort_values(["span_start", "span_end"]) if not highlights.empty else highlights
    for _, row in ordered.iterrows():
        start, end = int(row["span_start"]), int(row["span_end"])
        if start < position or end > len(text) or start >= end:
            continue
        number += 1
        pieces.append(html.escape(text[position:start]))
        pieces.append(_mark(text[start:end], row, number))
        position = end
    pieces.append(html.escape(text[position:]))
    pieces.append("</div>")
    return "".join(pieces)


def highlight_numbers(highlights: pd.DataFrame, text_length: int) -> list[int | None]:
    """The number shown beside each highlight (None for one hidden by an overlap), in row order."""
    numbers: dict[int, int] = {}
    position, number = 0, 0
    ordered = highlights.sort_values(["span_start", "span_end"]) if not highlights.empty else highlights
    for index, row in ordered.iterrows():
        start, end = int(row["span_start"]), int(row["span_end"])
        if start < position or end > text_length or start >= end:
            continue
        number += 1
        numbers[index] = number
        position = end
    return [numbers.get(index) for index in highlights.index]


def legend_html() -> str:
    """Explains the highlight colours."""
    items = [f'<mark style="background:{colour}">{html.escape(KIND_LABELS[kind])}</mark>'
             for kind, colour in KIND_COLOURS.items()]
    items.append('<mark class="hl-baseline" style="background:#eeeeee">基线（下划线）</mark>')
    items.append(f'<mark style="{UNMATCHED_STYLE}">未生成目标的数字</mark>')
    return STYLE + '<div class="doc-reader" style="white-space:normal">' + " ".join(items) + "</div>"


def _mark(fragment: str, row: pd.Series, number: int) -> str:
    title = html.escape(highlight_title(row), quote=True)
    if row.get("mark") == "unmatched":
        style, css = UNMATCHED_STYLE, "hl hl-unmatched"
    else:
        style = f"background:{KIND_COLOURS.get(row.get('kind'), '#eeeeee')};"
        css = f"hl hl-{html.escape(str(row.get('kind')), quote=True)}"
        if row.get("role") == "baseline":
            css += " hl-baseline"
    return (f'<mark class="{css}" style="{style}" title="{title}">{html.escape(fragment)}'
            f"<sup>{number}</sup></mark>")


def _none(value):
    return None if value is None or (isinstance(value, float) and value != value) or value is pd.NA else value
