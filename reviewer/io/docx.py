"""Word (.docx) reports: paragraphs and tables in body order, a merged cell's text once.

python-docx repeats a merged cell's object at every grid position it covers (horizontally via
gridSpan, vertically via vMerge); we keep the text at the first position and leave the covered
ones empty, so table arithmetic never counts a value twice.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reviewer.blocks import RawDocument, TableBlock, TextBlock

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _table_rows(table) -> list[list[str]]:
    seen: set = set()  # the <w:tc> elements themselves: holding them keeps lxml's proxies unique
    rows: list[list[str]] = []
    for row in table.rows:
        out: list[str] = []
        for cell in row.cells:
            key = cell._tc
            if key in seen:
                out.append("")
                continue
            seen.add(key)
            out.append("".join(p.text for p in cell.paragraphs).replace("\n", ""))
        rows.append(out)
    return [r for r in rows if any(c.strip() for c in r)]


def read(data: bytes, path: Path) -> RawDocument:
    from docx import Document as open_docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from reviewer.io import ReadError

    if not data.startswith(b"PK"):
        raise ReadError("not a DOCX file (no zip signature); old binary .doc is not supported")
    try:
        d = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, EOFError) as e:
        raise ReadError(f"corrupt or truncated DOCX (zip archive unreadable: {e})") from None
    except ValueError as e:
        raise ReadError(f"not a Word document: {e}") from None
    blocks: list[TextBlock | TableBlock] = []
    lines: list[str] = []
    for child in d.element.body.iterchildren():
        if child.tag == f"{_W}p":
            text = Paragraph(child, d).text
            lines.extend(x for x in text.split("\n") if x.strip())
        elif child.tag == f"{_W}tbl":
            if lines:
                blocks.append(TextBlock(lines))
                lines = []
            rows = _table_rows(Table(child, d))
            if rows:
                blocks.append(TableBlock(rows, source="docx"))
    if lines:
        blocks.append(TextBlock(lines))
    meta: dict[str, str] = {}
    title = d.core_properties.title
    if title:
        meta["title"] = title
    return RawDocument(blocks, format="docx", meta=meta)
