"""HTML pages: decoding by the page's own declaration, dropping navigation and footers, and
flattening data tables (etl.reading.layout)."""
from __future__ import annotations

import re

from etl.reading.errors import HTML_TOO_DEEP, UNKNOWN_ENCODING, Unreadable
from etl.reading.layout import LineWriter, cell_span, flatten_rows, join_cell_lines
from etl.reading.text import BOMS, decode_text

_SAMPLE_CHARS = 65536

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Pages declaring GBK or GB2312 often hold characters only GB18030 has.
_ENCODING_ALIASES = dict.fromkeys(("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936"), "gb18030")


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: byte-order mark first, then the page's <meta charset> when the text
    it gives is plausible, then the same detection as plain text.

    A declaration can lie and still decode without error (GBK bytes read as Latin-1, UTF-8
    bytes read as GBK): bytes that are valid UTF-8 are UTF-8 whatever the page says (by chance
    a long GBK text never is), and a declared decode is kept only when it reads as Chinese.
    """
    if not data.startswith(tuple(bom for bom, _ in BOMS)):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            encoding = _ENCODING_ALIASES.get(encoding, encoding)
            try:
                text = data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                text = None  # a wrong declaration is common; fall back to detection
            if text is not None and (_is_utf8(encoding) or not _valid_utf8(data)) and _reads_as_chinese(text):
                return text
    text = decode_text(data)
    if not _reads_as_chinese(text):
        raise Unreadable(UNKNOWN_ENCODING)
    return text


def _is_utf8(encoding: str) -> bool:
    return encoding.replace("_", "-") in ("utf-8", "utf8")


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


# Besides ASCII, a Chinese page holds Chinese characters and full-width punctuation; text
# decoded with the wrong table fills with accented Latin letters, symbols and rare characters.
_CHINESE_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026\u00a0\u00b7]")
_MIN_CHINESE_SHARE = 0.6
_MIN_FOREIGN_TO_JUDGE = 20  # a © or an é in an English footer decides nothing


def _reads_as_chinese(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    foreign = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if foreign < _MIN_FOREIGN_TO_JUDGE:
        return True  # (nearly) nothing but ASCII: no encoding question to answer
    return len(_CHINESE_RE.findall(sample)) >= _MIN_CHINESE_SHARE * foreign


# Elements that are never document text.
_ALWAYS_DROPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "svg",
    "canvas", "button", "select", "head", "title",
})
# Search boxes and login forms are chrome, but old portals wrap the whole page in one <form>:
# a form is dropped only when it holds no paragraphs, headings or tables.
_DOCUMENT_BLOCKS = "p, table, h1, h2, h3, h4, article"
# id/class words of navigation bars, breadcrumbs (often named "position"/"location" on Chinese
# portals), share bars, lists of related articles (相关新闻: "related", "xgxw") and footers.
_CHROME_NAME = re.compile(
    r"nav|menu|footer|breadcrumb|crumb|share|toolbar|tool-bar|sidebar|copyright|"
    r"topbar|top-bar|location|position|related|relate-|xgxw|xgwz",
    re.IGNORECASE,
)
# Containers never dropped by name, however they are classed (they hold the document).
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
_ARTICLE_TAGS = frozenset({"main", "article"})
# Above this much text an element named like chrome is a page wrapper, unless most of its text
# is links (a long menu).
_MAX_CHROME_TEXT = 600
_MIN_MENU_LINK_SHARE = 0.5
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
    "center", "tr", "td", "th", "table", "caption", "hr", "body", "html", "fieldset", "legend",
    "details", "summary", "header",
})
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")  # HTML whitespace only: &nbsp; survives


def html_to_text(html: str) -> str:
    """Text of an HTML page, one block per line, tables flattened."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body
    if root is None:
        return ""
    _check_depth(root)
    _drop_chrome_elements(root)
    lines = LineWriter()
    _render_block(root, lines)
    return lines.text()


# Real pages nest a few dozen elements deep; the readers below walk the tree recursively.
MAX_DEPTH = 400


def _check_depth(root) -> None:
    """Refuse a page nested deeper than any real one (built to exhaust the reader)."""
    depth = {root.mem_id: 0}
    for node in root.traverse(include_text=False):
        parent = node.parent
        level = depth.get(parent.mem_id, 0) + 1 if parent is not None else 0
        if level > MAX_DEPTH:
            raise Unreadable(HTML_TOO_DEEP.format(limit=MAX_DEPTH))
        depth[node.mem_id] = level


def _drop_chrome_elements(node) -> None:
    # Top-down, never looking inside an element once it is dropped.
    for child in list(node.iter()):
        if _is_chrome_element(child):
            child.decompose()
        else:
            _drop_chrome_elements(child)


def _is_chrome_element(node) -> bool:
    if node.tag in _ALWAYS_DROPPED:
        return True
    if node.tag in _CONTENT_TAGS:
        return False
    if node.tag == "form":
        return node.css_first(_DOCUMENT_BLOCKS) is None
    if node.tag == "header":
        # A page's header is the site banner; an article's own header holds its title.
        return not _inside(node, _ARTICLE_TAGS) and _is_small_or_menu(node)
    return _has_chrome_name(node) and _is_small_or_menu(node)


def _is_small_or_menu(node) -> bool:
    text_length = len(node.text(deep=True, strip=True))
    if text_length <= _MAX_CHROME_TEXT:
        return True
    link_length = sum(len(link.text(deep=True, strip=True)) for link in node.css("a"))
    return link_length >= _MIN_MENU_LINK_SHARE * text_length


def _inside(node, tags: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _has_chrome_name(node) -> bool:
    attributes = node.attributes or {}
    names = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
    return bool(_CHROME_NAME.search(names))


def _render_block(node, lines: LineWriter) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            lines.write(_WHITESPACE_RUN.sub(" ", child.text(deep=False)))
        elif tag == "br":
            lines.end_line()
        elif tag == "table" and not _is_layout_table(child):
            lines.add_raw_lines(flatten_rows(_html_table_rows(child)))
        elif tag in _BLOCK_TAGS:
            lines.end_line()
            _render_block(child, lines)
            lines.end_line()
        elif tag.startswith("-"):
            continue  # comments, doctype
        else:
            _render_block(child, lines)


def _is_layout_table(table) -> bool:
    # Old portals lay out whole pages with tables; only grids of short cells are data tables.
    rows = _direct_rows(table)
    if not rows or max(len(_row_cells(row)) for row in rows) < 2:
        return True
    if len(table.css("table")) > 1:  # the list includes the table itself
        return True
    for row in rows:
        for cell in _row_cells(row):
            if cell.css_first("h1, h2, h3") or len(cell.css("p")) > 5:
                return True
    return False


def _direct_rows(table) -> list:
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child.iter() if row.tag == "tr")
    return rows


def _row_cells(row) -> list:
    return [cell for cell in row.iter() if cell.tag in ("td", "th")]


def _html_table_rows(table) -> list[list[tuple[str, int, int]]]:
    """Rows of (cell text, colspan, rowspan)."""
    rows = []
    for row in _direct_rows(table):
        cells = []
        for cell in _row_cells(row):
            attributes = cell.attributes or {}
            cells.append((
                _cell_text(cell),
                cell_span(attributes.get("colspan")),
                cell_span(attributes.get("rowspan")),
            ))
        rows.append(cells)
    return rows


def _cell_text(cell) -> str:
    writer = LineWriter()
    _render_block(cell, writer)
    return join_cell_lines(writer.text().split("\n"))

