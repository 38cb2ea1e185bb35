"""Plain text and Markdown: encoding detection, pipe/tab table rows, hard-wrapped lines."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.blocks import RawDocument, TableBlock, TextBlock
from reviewer.io.encoding import decode

_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_INDENT = re.compile("\u3000{2,}")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str] | None:
    """Cells of a tab- or pipe-separated row. ' | a | b' has an empty first cell; only a
    Markdown row written edge to edge ('| a | b |') has border pipes to drop."""
    if "\t" in line:
        cells = line.split("\t")
        # an indent or a stray trailing tab does not make a prose line a table row
        return cells if sum(1 for c in cells if c.strip()) >= 2 else None
    if "|" in line:
        parts = line.split("|")
        if line.startswith("|") and line.endswith("|"):
            parts = parts[1:-1]
        return [c.strip() for c in parts]
    return None


def read(data: bytes, path: Path) -> RawDocument:
    text = decode(data, path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[TextBlock | TableBlock] = []
    buf: list[str] = []
    rows: list[list[str]] = []
    for line in lines:
        if _PAGE_FOOTER.match(line) or _MD_RULE.match(line):
            continue
        cells = _cells(line)
        if cells is not None and len(cells) >= 2:
            if buf:
                blocks.append(TextBlock(buf, wrapped=True))
                buf = []
            rows.append(cells)
            continue
        if rows:
            blocks.append(TableBlock(rows, source="pipe"))
            rows = []
        # a crawled page keeps its paragraphs on one line, each opened by the 「　　」 indent
        for i, piece in enumerate(_INDENT.split(line) if "\u3000\u3000" in line else [line]):
            if i:
                buf.append("")
            buf.append(piece.lstrip("#").strip() if piece.lstrip().startswith("#") else piece)
    if rows:
        blocks.append(TableBlock(rows, source="pipe"))
    if buf:
        blocks.append(TextBlock(buf, wrapped=True))
    return RawDocument(blocks, format="md" if path.suffix.lower() == ".md" else "txt")
