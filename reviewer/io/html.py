"""HTML pages as published on government portals: GBK/GB2312 or UTF-8, navigation around the
report, layout tables around data tables.

Nothing is fetched: lxml parses the bytes with ``no_network`` and we never resolve src/href. The
report body is found by descending into the child that holds most of the page's text, so menus,
breadcrumbs and footers fall away without site-specific selectors.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from reviewer.blocks import RawDocument, TableBlock, TextBlock
from reviewer.io.encoding import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WS = re.compile(r"[ \t\r\n\f\v]+")
_PUBLISHED = re.compile(r"(?:公开日期|发布日期|发布时间|成文日期|发文日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")

# Elements that never carry report text (and must never trigger a fetch).
_DROP = frozenset(
    "script style noscript nav header footer iframe frame frameset object embed img svg canvas video "
    "audio source picture link meta head template input select option button textarea map area".split()
)
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article aside main address "
    "center form fieldset figure figcaption caption hr tbody thead tfoot tr td th body html".split()
)
MAX_SPAN = 64  # a colspan of 1000 in broken HTML must not allocate a huge grid


def _drop_ws(text: str) -> str:
    """``_WS.sub("", text)``: one C-level replace per whitespace character beats the regex on a
    whole page."""
    for ch in " \t\r\n\f\v":
        if ch in text:
            text = text.replace(ch, "")
    return text


def _charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", "replace") if m else None


def _span(el: etree._Element, name: str) -> int:
    return _span_value(el.get(name))


def _spans(el: etree._Element) -> tuple[int, int]:
    """(rowspan, colspan) of a cell; one look at the attributes, as most cells have none."""
    attrs = el.items()
    if not attrs:
        return 1, 1
    get = dict(attrs).get
    return _span_value(get("rowspan")), _span_value(get("colspan"))


def _span_value(raw: str | None) -> int:
    if raw is None:
        return 1
    try:
        v = int(str(raw).strip() or 1)
    except ValueError:
        return 1
    return min(max(v, 1), MAX_SPAN)


@lru_cache(maxsize=8192)  # cell texts repeat across rows and pages ("0", "自然人", …)
def _squeezed(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _cell_text(el: etree._Element) -> str:
    if not len(el):  # most cells hold bare text: the walk below would return exactly this
        text = el.text  # (each read of .text builds a new string)
        return _squeezed(text) if text else ""
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROP:
            continue
        if node is not el and tag in ("br", "p", "div") and parts:
            parts.append(" ")
        if node.text and tag and tag not in _DROP:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return _WS.sub(" ", "".join(parts)).strip()


def table_rows(table: etree._Element) -> list[tuple[bool, list[str]]]:
    """Rows of a data table on a grid: a merged cell's text sits at its top-left position only;
    the positions it covers are empty strings, so a value is never counted twice. Each row comes
    with a flag: True when its one cell spans the full width (a caption like 第二十条第（一）项)."""
    rows = [tr for tr in table.iter("tr") if _own_table(tr) is table]
    grid: list[dict[int, str]] = [{} for _ in rows]  # row -> column -> text; covered positions ""
    full: dict[int, int] = {}  # row -> colspan of its only cell
    width = 0
    for r, tr in enumerate(rows):
        line = grid[r]
        c = 0
        cells = [x for x in tr if x.tag in ("td", "th")]
        for cell in cells:
            while c in line:
                c += 1
            rs, cs = _spans(cell)
            line[c] = _cell_text(cell)
            if rs > 1 or cs > 1:
                for below in grid[r : r + rs]:  # a rowspan past the last row covers nothing shown
                    for dc in range(cs):
                        if below is not line or dc:
                            below[c + dc] = ""
            c += cs
            if c > width:
                width = c
        if len(cells) == 1:
            full[r] = _span(cells[0], "colspan")
    out: list[tuple[bool, list[str]]] = []
    for r, line in enumerate(grid):
        row = [line.get(c, "") for c in range(width)]
        if any(x.strip() for x in row):
            out.append((width > 1 and full.get(r, 0) >= width, row))
    return out


def _own_table(el: etree._Element) -> etree._Element | None:
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _text_lengths(root: etree._Element) -> dict[etree._Element, int]:
    """Visible text length of every element, in one pass (descending the page asks for each
    candidate's length; recounting per candidate was quadratic on deep portal pages)."""
    lengths: dict[etree._Element, int] = {}

    def visit(el: etree._Element) -> int:  # .tag, .text and .tail each build a new string: read once
        tag = el.tag
        n = 0
        if isinstance(tag, str) and tag and tag not in _DROP:
            text = el.text
            if text:
                n = len(text.strip())
            for child in el:
                n += visit(child)
                tail = child.tail
                if tail:
                    n += len(tail.strip())
        lengths[el] = n
        return n

    visit(root)
    return lengths


LAYOUT_CELL_CHARS = 150  # a data-table cell never holds a paragraph; a layout cell holds the article


def is_layout_table(table: etree._Element) -> bool:
    """Portals still lay pages out with tables. A table holding another table, or a cell with a
    paragraph's worth of text, is layout: its cells are read as prose, not as table cells."""
    if any(True for _ in table.iterdescendants("table")):
        return True
    return any(len(_all_text(td).strip()) > LAYOUT_CELL_CHARS for td in table.iter("td", "th"))


def _all_text(el: etree._Element) -> str:
    """``"".join(el.itertext())``, without the iterator for an element that has no children."""
    return "".join(el.itertext()) if len(el) else (el.text or "")


def _is_layout(table: etree._Element, seen: dict[etree._Element, bool]) -> bool:
    """``is_layout_table``, once per table of a page (the descent to the content and the walk both ask)."""
    got = seen.get(table)
    if got is None:
        got = seen[table] = is_layout_table(table)
    return got


def _inside_data_table(el: etree._Element, seen: dict[etree._Element, bool]) -> bool:
    node: etree._Element | None = el
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node is not None and not _is_layout(node, seen)


def _has_title(node: etree._Element) -> bool:
    """The report's own heading sits beside its body; stop descending once we reach it."""
    for child in node:
        if child.tag in ("h1", "h2", "h3") and "报告" in "".join(child.itertext()):
            return True
    return False


def _content_root(body: etree._Element, seen: dict[etree._Element, bool]) -> etree._Element:
    """Descend while one child holds most of the text (the article inside the page chrome).
    Never descend into a data table: a report that is mostly one table keeps its prose."""
    lengths = _text_lengths(body)
    node = body
    while True:
        total = lengths.get(node, 0)
        if total < 200 or _has_title(node):
            return node
        best, best_len = None, 0
        for child in node:
            if not isinstance(child.tag, str) or child.tag in _DROP:
                continue
            if child.tag in ("table", "tr", "td", "th", "tbody") and _inside_data_table(child, seen):
                continue
            n = lengths.get(child, 0)
            if n > best_len:
                best, best_len = child, n
        if best is None or best_len < 0.85 * total:
            return node
        node = best


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop columns empty in every row (left over when caption rows set the grid width)."""
    width = max(len(r) for r in rows)
    keep = [i for i in range(width) if any(r[i].strip() for r in rows)]
    return rows if len(keep) == width else [[r[i] for i in keep] for r in rows]


class _Walker:
    def __init__(self, seen: dict[etree._Element, bool]) -> None:
        self.seen = seen  # each table's is_layout_table
        self.blocks: list[TextBlock | TableBlock] = []
        self.lines: list[str] = []
        self.cur: list[str] = []

    def newline(self) -> None:
        if self.cur:
            line = _WS.sub(" ", "".join(self.cur)).strip()
            if line:
                self.lines.append(line)
            self.cur = []

    def flush(self) -> None:
        self.newline()
        if self.lines:
            self.blocks.append(TextBlock(self.lines))
            self.lines = []

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP:
            return
        if tag == "table" and not _is_layout(el, self.seen):
            rows = table_rows(el)
            if not rows:
                return
            self.flush()
            if all(len([c for c in r if c]) <= 1 for _, r in rows):
                # a one-column "table" is layout: keep its lines as paragraphs
                self.lines.extend(c for _, r in rows for c in r if c)
                self.flush()
                return
            seg: list[list[str]] = []
            for caption, row in rows:
                if caption:  # a full-width caption row splits the table, as in PDF and text
                    if seg:
                        self.blocks.append(TableBlock(_trim(seg), source="html"))
                        seg = []
                    self.lines.append(next(c for c in row if c))
                    self.flush()
                else:
                    seg.append(row)
            if seg:
                self.blocks.append(TableBlock(_trim(seg), source="html"))
            return
        block = tag in _BLOCK
        if tag == "br":
            self.newline()
            return
        if block:
            self.newline()
        if el.text:
            self.cur.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.cur.append(child.tail)
        if block:
            self.newline()


def read(data: bytes, path: Path) -> RawDocument:
    text = decode(data, path, declared=_charset(data))
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    root = etree.fromstring(text, parser) if text.strip() else None
    if root is None:
        return RawDocument([], format="html")
    meta: dict[str, str] = {}
    title = root.findtext(".//title")
    if title and title.strip():
        meta["title"] = _WS.sub(" ", title).strip()
    # the text serialiser concatenates the same text nodes as itertext(), in C; the spaces a join
    # would put between them are dropped with the rest
    page_text = _drop_ws(etree.tostring(root, method="text", encoding="unicode", with_tail=False))
    pm = _PUBLISHED.search(page_text)
    if pm:
        meta["published"] = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    body = root.find("body")
    if body is None:
        body = root
    seen: dict[etree._Element, bool] = {}
    w = _Walker(seen)
    w.walk(_content_root(body, seen))
    w.flush()
    return RawDocument(w.blocks, format="html", meta=meta)
