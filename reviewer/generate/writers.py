"""Writers: the same composed report as txt, html, docx or pdf.

The txt layout is chosen so the project's reader gives back exactly the composed text: a blank
line between paragraphs (so hard-wrap joining never merges two), table rows written with outer
pipes (``| a | b |``) so leading and trailing empty cells survive, no blank line inside a table.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any


def _blocks(text: str) -> list[tuple[str, Any]]:
    """Split canonical text into ("p", line) and ("t", rows) blocks."""
    out: list[tuple[str, Any]] = []
    for line in text.rstrip("\n").split("\n"):
        if " | " in line:
            cells = line.split(" | ")
            if out and out[-1][0] == "t":
                out[-1][1].append(cells)
            else:
                out.append(("t", [cells]))
        else:
            out.append(("p", line))
    return out


def to_txt(text: str) -> str:
    parts: list[str] = []
    for kind, val in _blocks(text):
        if kind == "p":
            parts.append(val + "\n\n")
        else:
            parts.append("".join("| " + " | ".join(r) + " |\n" for r in val) + "\n")
    return "".join(parts)


def write_report(report: Any, path: Path) -> None:
    fmt = report.format
    if fmt == "txt" and getattr(report, "raw", False):  # a crawl layout: the text as the crawler saved it
        path.write_text(report.text, encoding="utf-8")
    elif fmt == "txt":
        path.write_text(to_txt(report.text), encoding="utf-8")
    elif fmt == "html":
        # a third of the pages are GBK-family, labelled gb2312 as many portals do (by name, not by chance)
        if zlib.crc32(report.name.encode()) % 3 == 0:
            path.write_bytes(to_html(report.text, report.name, charset="gb2312").encode("gb18030"))
        else:
            path.write_text(to_html(report.text, report.name), encoding="utf-8")
    elif fmt == "docx":
        write_docx(report.text, path)
    elif fmt == "pdf":
        write_pdf(report.text, path)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def merges(rows: list[list[str]]) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]:
    """Spans (row, col, rowspan, colspan) of non-empty cells over the empty cells right of and below
    them — how the official forms look when typeset (after benchmarks/make_examples.py)."""
    n, w = len(rows), max(len(r) for r in rows)
    grid = [r + [""] * (w - len(r)) for r in rows]
    covered: set[tuple[int, int]] = set()
    spans = []
    for r in range(n):
        for c in range(w):
            if (r, c) in covered or not grid[r][c].strip():
                continue
            cs = 1
            while c + cs < w and not grid[r][c + cs].strip() and (r, c + cs) not in covered:
                cs += 1
            rs = 1
            while r + rs < n and all(not grid[r + rs][c + k].strip() and (r + rs, c + k) not in covered for k in range(cs)):
                rs += 1
            spans.append((r, c, rs, cs))
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
    return spans, covered


def _is_heading(line: str) -> bool:
    return len(line) < 40 and len(line) > 2 and line[1] == "、" and line[0] in "一二三四五六七八九十"


def to_html(text: str, title: str = "", charset: str = "utf-8") -> str:
    """A portal-like page: navigation and footer around the article, tables with merged cells."""
    import html

    esc = html.escape
    blocks = _blocks(text)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head>',
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{esc(blocks[0][1] if blocks else title)}</title>",
        "<style>td{border:1px solid #000}</style>",
        "</head><body>",
        '<nav><a href="/">首页</a> &gt; <a href="/gk">政务公开</a> &gt; 年度报告</nav>',
        '<div class="article">',
    ]
    for i, (kind, val) in enumerate(blocks):
        if kind == "p":
            tag = "h1" if i == 0 else "h2" if _is_heading(val) else "p"
            out.append(f"<{tag}>{esc(val)}</{tag}>")
            continue
        spans, covered = merges(val)
        at = {(r, c): (rs, cs) for r, c, rs, cs in spans}
        w = max(len(r) for r in val)
        out.append('<table border="1" cellspacing="0">')
        for r, row in enumerate(val):
            tds = []
            for c in range(w):
                if (r, c) in covered:
                    continue
                rs, cs = at.get((r, c), (1, 1))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{attrs}>{esc(row[c] if c < len(row) else '')}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
    out += ["</div>", "<footer>主办单位：本级人民政府办公室</footer>", "</body></html>"]
    return "\n".join(out) + "\n"


def write_docx(text: str, path: Path) -> None:
    import datetime as _dt

    import docx
    from docx.shared import Pt

    d = docx.Document()
    for kind, val in _blocks(text):
        if kind == "p":
            d.add_paragraph(val)
            continue
        w = max(len(r) for r in val)
        t = d.add_table(rows=len(val), cols=w)
        t.style = "Table Grid"
        spans, _ = merges(val)
        for r, c, rs, cs in spans:
            cell = t.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
            cell.text = val[r][c]
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(7)
    fixed = _dt.datetime(2025, 1, 1)  # no timestamps: the same report gives the same document
    cp = d.core_properties
    cp.title, cp.author, cp.created, cp.modified, cp.last_modified_by, cp.revision = "", "reviewer", fixed, fixed, "reviewer", 1
    d.save(str(path))


_PDF_STYLES: dict | None = None


def require_pdf() -> None:
    """reportlab writes the PDF reports; it is the optional extra ``pdf``, not a runtime dependency."""
    try:
        import reportlab  # noqa: F401
    except ImportError:
        from reviewer.errors import missing_extra

        raise missing_extra("reportlab", "pdf", "PDF 输出") from None


def _pdf_styles() -> dict:
    global _PDF_STYLES
    if _PDF_STYLES is None:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK", firstLineIndent=22)
        head = ParagraphStyle("head", parent=body, firstLineIndent=0, fontSize=12, leading=20)
        _PDF_STYLES = {
            "body": body,
            "head": head,
            "title": ParagraphStyle("title", parent=head, fontSize=15, leading=24, alignment=1),
            "cell": ParagraphStyle("cell", fontName="STSong-Light", fontSize=6.5, leading=8, wordWrap="CJK"),
        }
    return _PDF_STYLES


def pdf_table(rows: list[list[str]], width: float, cell_style: Any) -> Any:
    """A reportlab Table drawn like the official forms: grid, merged cells, wide label columns."""
    import html

    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    w = max(len(r) for r in rows)
    spans, _ = merges(rows)
    data = [[Paragraph(html.escape(x), cell_style) for x in r + [""] * (w - len(r))] for r in rows]
    label_cols = 3 if w == 10 else 1
    if w == 15 or w <= 4:
        widths = [width / w] * w
    else:
        rest = (width * 0.55) / (w - label_cols)
        widths = [width * 0.45 / label_cols] * label_cols + [rest] * (w - label_cols)
    t = Table(data, colWidths=widths, repeatRows=0)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, c, rs, cs in spans:
        if rs > 1 or cs > 1:
            style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
    t.setStyle(TableStyle(style))
    return t


def write_pdf(text: str, path: Path) -> None:
    """A4 pages in the built-in CID font STSong-Light, tables drawn as real grids with merged cells."""
    import html

    require_pdf()
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    st = _pdf_styles()

    def footer(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    story = []
    width = A4[0] - 120
    for i, (kind, val) in enumerate(_blocks(text)):
        if kind == "p":
            style = st["title"] if i == 0 else st["head"] if (_is_heading(val) or val.startswith("第二十条")) else st["body"]
            story.append(Paragraph(html.escape(val), style))
            continue
        story += [Spacer(1, 4), pdf_table(val, width, st["cell"]), Spacer(1, 6)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60,
                            title="", author="reviewer", creator="reviewer", producer="reviewer", invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
