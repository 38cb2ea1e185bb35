"""PDF reports via pdfplumber: prose lines outside tables, ruled tables as tables, one table even
when it runs over a page break, page numbers and running headers/footers dropped.

pdfplumber also "finds" tables in prose that sits inside a page frame; a row whose only cell spans
the full width is treated as a line of text, so such frames dissolve back into paragraphs while
the real rows around them stay a table.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from reviewer.blocks import RawDocument, TableBlock, TextBlock
from reviewer.io.limits import MAX_PDF_PAGES, LimitExceeded, check_pdf_streams

# '- 1 -', '— 2 —', '第1页', '第 1 页 共 5 页' anywhere; a bare '3', '1/5' or 'iv' only at a page edge
_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
_BARE_PAGE_NO = re.compile(r"^\s*(?:\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-—–－]?\s*[ivxIVX]{1,5}\s*[-—–－]?)\s*$")
_DIGITS = re.compile(r"\d+")
# a continuation fragment of a merged label cell starts without an item marker
_ITEM_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[一二三四五六七八九十]+、)")
MAX_PAGES = MAX_PDF_PAGES

Rows = list[list[str | None]]


def _is_text_row(row: list[str | None], ncols: int) -> bool:
    """A full-width single cell (others covered by its span) is prose or a caption, not data."""
    if ncols == 1:
        return True
    filled = [i for i, c in enumerate(row) if c is not None and c.strip()]
    return filled == [0] and all(c is None for c in row[1:])


def _page_items(page) -> list[tuple[float, str, object]]:
    """(top, kind, payload) in reading order: kind 'line' (text, x0, size) or 'table' (rows)."""
    items: list[tuple[float, str, object]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for t in page.find_tables():
        texts = t.extract()
        ncols = max((len(r) for r in texts), default=0)
        seg: Rows = []
        seg_box: list[float] | None = None
        col_x = _column_x(t, ncols)

        def close(col_x: list[float] = col_x) -> None:
            nonlocal seg, seg_box
            if seg and seg_box is not None:
                items.append((seg_box[1], "table", (seg, col_x)))
                boxes.append(tuple(seg_box))  # type: ignore[arg-type]
            seg, seg_box = [], None

        for row_obj, row in zip(t.rows, texts, strict=False):
            if _is_text_row(row, ncols):
                close()  # its text is read with the page's prose lines below
                continue
            seg.append(row)
            x0, top, x1, bottom = row_obj.bbox
            if seg_box is None:
                seg_box = [x0, top, x1, bottom]
            else:
                seg_box = [min(seg_box[0], x0), min(seg_box[1], top), max(seg_box[2], x1), max(seg_box[3], bottom)]
        close()

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    prose = page.filter(outside) if boxes else page
    for ln in prose.extract_text_lines(return_chars=True):
        text = ln["text"]
        if not text.strip():
            continue
        sizes = [c.get("size", 0) for c in ln["chars"]]
        size = sorted(sizes)[len(sizes) // 2] if sizes else 10.0
        items.append((ln["top"], "line", (text, ln["x0"], size)))
    items.sort(key=lambda x: (x[0], x[1] != "line"))
    return items


def _column_x(t, ncols: int) -> list[float]:
    """Left edge of each grid column (from the cells that start in it)."""
    xs: list[float | None] = [None] * ncols
    for row in t.rows:
        for j, cell in enumerate(row.cells[:ncols]):
            if cell is not None and (xs[j] is None or cell[0] < xs[j]):
                xs[j] = cell[0]
    out: list[float] = []
    for j, x in enumerate(xs):
        out.append(x if x is not None else (out[-1] + 1 if out else 0.0) if j else 0.0)
    return out


def _regrid(rows: Rows, col_x: list[float], union: list[float]) -> Rows:
    """Place a table's cells on a finer column grid: columns a merged label covered on one page
    but split on the next become explicit covered (None) positions."""
    idx = [min(range(len(union)), key=lambda k: abs(union[k] - x)) for x in col_x]
    out: Rows = []
    for row in rows:
        new: list[str | None] = [None] * len(union)
        for j, val in enumerate(row):
            if j < len(idx) and val is not None:
                new[idx[j]] = val
        out.append(new)
    return out


def _union_x(a: list[float], b: list[float], tol: float = 3.0) -> list[float]:
    out: list[float] = []
    for x in sorted(a + b):
        if not out or x - out[-1] > tol:
            out.append(x)
    return out


def _running_lines(pages: list[list[tuple[float, str, object]]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (digits masked): running headers/footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for items in pages:
        lines = [p[0] for _, k, p in items if k == "line"]  # type: ignore[index]
        edge = {_DIGITS.sub("#", x.strip()) for x in lines[:2] + lines[-2:]}
        counts.update(edge)
    return {k for k, n in counts.items() if n >= max(3, 0.6 * len(pages))}


def _join_table(prev: Rows, cont: Rows) -> Rows:
    """Append a table's continuation from the next page. A repeated header is dropped; a label
    cell cut by the page break ('（四）无' | '法提供') is glued back to its first part."""
    k = 0
    while k < len(cont) and k < len(prev) and cont[k] == prev[k]:
        k += 1
    cont = [list(r) for r in cont[k:]]
    if cont and prev:
        first = cont[0]
        for c, frag in enumerate(first):
            if not frag or not frag.strip() or _ITEM_MARK.match(frag) or _is_number(frag):
                continue
            # the column's last started cell must run to the bottom of the previous part
            for r in range(len(prev) - 1, -1, -1):
                cell = prev[r][c] if c < len(prev[r]) else None
                if cell is None:
                    continue
                if cell.strip() and not _is_number(cell):
                    prev[r][c] = cell + frag
                    first[c] = None
                break
    return prev + cont


def _is_number(s: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+]?\d[\d,.]*\s*%?\s*", s))


def read(data: bytes, path: Path) -> RawDocument:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from reviewer.io import ReadError

    if b"%PDF" not in data[:1024]:
        raise ReadError("not a PDF file (no %PDF header)")
    try:
        check_pdf_streams(data)
    except LimitExceeded as e:
        raise ReadError(str(e)) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as e:  # pdfminer raises a zoo of types on broken files
        raise ReadError(f"corrupt PDF: {type(e).__name__}: {e}") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ReadError(f"too many pages ({len(pdf.pages)} > {MAX_PAGES})")
        pages = [_page_items(p) for p in pdf.pages]
        meta = {}
        info = pdf.metadata or {}
        if isinstance(info.get("Title"), str) and info["Title"].strip():
            meta["title"] = info["Title"].strip()
    running = _running_lines(pages)
    blocks: list[TextBlock | TableBlock] = []
    lines: list[str] = []
    table: Rows | None = None  # the open table, still joinable across a page break
    table_x: list[float] = []
    indents = 0
    margin = min((p[1] for items in pages for _, k, p in items if k == "line"), default=0.0)  # type: ignore[index]
    for items in pages:
        page_start = True
        line_idx = [i for i, it in enumerate(items) if it[1] == "line"]
        edges = set(line_idx[:2] + line_idx[-2:])  # running headers/footers sit at the page edges
        for i, (_, kind, payload) in enumerate(items):
            if kind == "line":
                text, x0, size = payload  # type: ignore[misc]
                if _PAGE_NO.match(text) or (
                    i in edges and (_BARE_PAGE_NO.match(text) or _DIGITS.sub("#", text.strip()) in running)
                ):
                    continue
                if table is not None:
                    blocks.append(TableBlock(_cells(table), source="pdf"))
                    table = None
                if x0 - margin >= 1.5 * size and lines:
                    lines.append("")  # first-line indent: a new paragraph
                    indents += 1
                lines.append(text)
                page_start = False
            else:
                rows, col_x = payload  # type: ignore[misc]
                if table is not None and page_start:
                    if _width(table) != _width(rows) and len(col_x) == _width(rows) and len(table_x) == _width(table):
                        union = _union_x(table_x, col_x)
                        table, rows = _regrid(table, table_x, union), _regrid(rows, col_x, union)
                        col_x = union
                    if _width(table) == _width(rows):
                        table = _join_table(table, rows)
                        table_x = col_x
                        page_start = False
                        continue
                if table is not None:
                    blocks.append(TableBlock(_cells(table), source="pdf"))
                if lines:
                    blocks.append(TextBlock(lines, wrapped=True, indented=indents >= 3))
                    lines = []
                table = [list(r) for r in rows]
                table_x = col_x
                page_start = False
    if table is not None:
        blocks.append(TableBlock(_cells(table), source="pdf"))
    if lines:
        blocks.append(TextBlock(lines, wrapped=True, indented=indents >= 3))
    return RawDocument(blocks, format="pdf", meta=meta)


def _width(rows: Rows) -> int:
    return max((len(r) for r in rows), default=0)


def _cells(rows: Rows) -> list[list[str]]:
    """None (covered by a merged cell) becomes ''; columns empty in every row (a page frame's
    extra grid lines) are dropped."""
    out = [[(c or "").replace("\n", "") for c in r] for r in rows if any(c and c.strip() for c in r)]
    width = max((len(r) for r in out), default=0)
    keep = [i for i in range(width) if any(i < len(r) and r[i].strip() for r in out)]
    if len(keep) == width:
        return out
    return [[r[i] if i < len(r) else "" for i in keep] for r in out]
