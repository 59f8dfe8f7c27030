"""A document's text as HTML with every extracted number highlighted.

All document text is escaped with html.escape before it is wrapped: markup inside a source
document is shown as text, never rendered. Numbers that yielded a value are coloured by kind;
numbers the build found but could not read as a target are marked with a dashed outline;
numbers outside the sidebar filters are greyed; the number chosen beside the text is outlined
and carries the id the page scrolls to (chosen_id).
"""
from __future__ import annotations

import hashlib
import html

import pandas as pd

from board.labels import KIND_LABELS, ROLE_LABELS, format_value

# Background colours by kind (Okabe–Ito tints, legible in black-and-white print as greys).
KIND_COLOURS = {
    "level": "#cce3f0", "count": "#fde7b8", "change": "#c7ebdf", "rank": "#f3d0e3",
    "full_coverage": "#d9ecfa", "qualitative": "#eeeeee",
}
UNMATCHED_STYLE = "background:#ffffff;border:1px dashed #D55E00;"
# Numbers outside the filters stay in the text (it must read whole) but step back.
OTHER_STYLE = "background:#f4f4f4;color:#8a8a8a;"
OTHER_UNMATCHED_STYLE = "background:#ffffff;color:#8a8a8a;border:1px dashed #bbbbbb;"
# Only the chosen number's mark carries an id; it names the document and the number, so the
# page's scrolling script can tell the new text from the one still on screen.
CHOSEN_ID_PREFIX = "reader-chosen-"

# The reader's scrolling script (a JavaScript-only st.components.v2 component: no <script>
# element enters the page). It scrolls the text's own box so that the chosen mark stands in
# its upper third, and the page only if the mark is still out of the window; once per chosen
# id, so that reading on is not interrupted.
SCROLL_TO_CHOSEN_JS = """
export default function ({ data }) {
  let tries = 0;
  const scroll = () => {
    const mark = document.getElementById(data.id);
    const box = mark && mark.closest("." + data.box);
    if (!box) {
      if (tries++ < 120) requestAnimationFrame(scroll);  // the new text is not drawn yet
      return;
    }
    if (box.dataset.scrolledTo === data.id) return;
    box.dataset.scrolledTo = data.id;
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop = Math.max(0, box.scrollTop + offset - box.clientHeight / 3);
    // The box may reach below the window: move the page too, only as far as needed.
    mark.scrollIntoView({ block: "nearest", inline: "nearest" });
  };
  scroll();
}
"""


def scroll_data(anchor: str, box_key: str) -> dict:
    """What the scrolling script needs: the chosen mark's id and the class Streamlit gives the
    text's box (st-key-<key> for a container made with key=<key>)."""
    return {"id": anchor, "box": f"st-key-{box_key}"}


STYLE = """
<style>
.doc-reader{white-space:pre-wrap;line-height:1.9;font-size:1rem;
  font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif;}
.doc-reader mark{padding:0 2px;border-radius:3px;color:inherit;}
.doc-reader mark.hl-baseline{border-bottom:3px solid #555555;}
.doc-reader mark sup{font-size:0.7em;color:#444444;margin-left:1px;}
.doc-reader mark.hl-chosen{outline:3px solid #0072B2;outline-offset:1px;scroll-margin:3rem;}
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


def chosen_id(doc_id: str, number: int) -> str:
    """The id of a document's chosen mark (letters, digits and dashes only)."""
    return f"{CHOSEN_ID_PREFIX}{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:10]}-{int(number)}"


def render_document(text: str, highlights: pd.DataFrame, chosen: int | None = None,
                    chosen_anchor: str | None = None) -> str:
    """Escaped document text with <mark> around each highlighted span, numbered in reading order.

    Overlapping spans (two values read from one expression) keep the first; the later one still
    appears in the list of numbers beside the text. `chosen` is the number of the mark to
    outline, with the id `chosen_anchor` (see chosen_id).
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
        anchor = (chosen_anchor or "") if number == chosen else None
        pieces.append(_mark(text[start:end], row, number, anchor))
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


def shown_mark(highlights: pd.DataFrame, position: int, text_length: int) -> int | None:
    """The number of the mark that shows the highlight at row `position`: its own, or for one
    hidden by an overlap the mark drawn over it."""
    numbers = highlight_numbers(highlights, text_length)
    if numbers[position] is not None:
        return numbers[position]
    start, end = highlights.iloc[position][["span_start", "span_end"]]
    for i, number in enumerate(numbers):
        row = highlights.iloc[i]
        if number is not None and row["span_start"] < end and start < row["span_end"]:
            return number
    return None


def legend_html(with_other: bool = False) -> str:
    """Explains the highlight colours (and the grey of numbers outside the filters)."""
    items = [f'<mark style="background:{colour}">{html.escape(KIND_LABELS[kind])}</mark>'
             for kind, colour in KIND_COLOURS.items()]
    items.append('<mark class="hl-baseline" style="background:#eeeeee">基线（下划线）</mark>')
    items.append(f'<mark style="{UNMATCHED_STYLE}">未生成目标的数字</mark>')
    if with_other:
        items.append(f'<mark style="{OTHER_STYLE}">不在当前筛选范围的数字</mark>')
    return STYLE + '<div class="doc-reader" style="white-space:normal">' + " ".join(items) + "</div>"


def _mark(fragment: str, row: pd.Series, number: int, anchor: str | None = None) -> str:
    title = html.escape(highlight_title(row), quote=True)
    outside = _outside_filters(row)
    if row.get("mark") == "unmatched":
        style = OTHER_UNMATCHED_STYLE if outside else UNMATCHED_STYLE
        css = "hl hl-unmatched"
    else:
        style = OTHER_STYLE if outside else f"background:{KIND_COLOURS.get(row.get('kind'), '#eeeeee')};"
        css = f"hl hl-{html.escape(str(row.get('kind')), quote=True)}"
        if row.get("role") == "baseline":
            css += " hl-baseline"
    if outside:
        css += " hl-other"
    identity = ""
    if anchor is not None:
        css += " hl-chosen"
        identity = f' id="{html.escape(anchor, quote=True)}"' if anchor else ""
    return (f'<mark class="{css}"{identity} style="{style}" title="{title}">{html.escape(fragment)}'
            f"<sup>{number}</sup></mark>")


def _outside_filters(row: pd.Series) -> bool:
    # Highlights made without filters carry no in_view: every number is in view.
    in_view = _none(row.get("in_view"))
    return in_view is not None and not bool(in_view)


def _none(value):
    return None if value is None or (isinstance(value, float) and value != value) or value is pd.NA else value
