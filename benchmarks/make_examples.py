"""Render the bundled example report (examples/*.txt) as HTML, GBK HTML, DOCX and PDF.

Every format is drawn from the same reader blocks, so tests can require that all formats read back
to the same sections, sentences and table values. Merged cells are derived from the text table:
a label followed by empty cells spans them (colspan), and a span whose cells below are empty grows
downwards (rowspan) — how the official forms look when typeset.

    python benchmarks/make_examples.py            # rewrites examples/qinghe_jiaotong_2024.{html,docx,pdf}
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.blocks import TableBlock, TextBlock  # noqa: E402
from reviewer.generate.writers import merges, pdf_table  # noqa: E402
from reviewer.io.text import read as read_text  # noqa: E402


def _is_heading(line: str) -> bool:
    return len(line) < 30 and line[:2] in {f"{x}、" for x in "一二三四五六"}


def to_html(blocks, title: str, charset: str = "utf-8") -> str:
    out = [
        "<!DOCTYPE html>",
        "<html lang=\"zh-CN\"><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{html.escape(title)}</title>",
        '<link rel="stylesheet" href="https://example.invalid/site.css">',
        '<script src="https://example.invalid/track.js"></script>',
        "<style>td{border:1px solid #000}</style>",
        "</head><body>",
        '<nav><a href="/">首页</a> &gt; <a href="/gk">政务公开</a> &gt; 年度报告</nav>',
        '<div class="article">',
    ]
    first = True
    for b in blocks:
        if isinstance(b, TextBlock):
            for line in b.lines:
                if not line.strip():
                    continue
                if first:
                    out.append(f"<h1>{html.escape(line)}</h1>")
                    first = False
                elif _is_heading(line):
                    out.append(f"<h2>{html.escape(line)}</h2>")
                else:
                    out.append(f"<p>{html.escape(line)}</p>")
        else:
            spans, covered = merges(b.rows)
            at = {(r, c): (rs, cs) for r, c, rs, cs in spans}
            out.append('<table border="1" cellspacing="0">')
            w = max(len(r) for r in b.rows)
            for r, row in enumerate(b.rows):
                tds = []
                for c in range(w):
                    if (r, c) in covered:
                        continue
                    text = row[c] if c < len(row) else ""
                    rs, cs = at.get((r, c), (1, 1))
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    tds.append(f"<td{attrs}>{html.escape(text)}</td>")
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</table>")
    out += ['<img src="https://example.invalid/qr.png" alt="二维码">', "</div>", "<footer>主办单位：青禾县人民政府办公室</footer>", "</body></html>"]
    return "\n".join(out) + "\n"


def to_docx(blocks, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.title = ""
    d.core_properties.author = "reviewer"
    for b in blocks:
        if isinstance(b, TextBlock):
            for line in b.lines:
                if line.strip():
                    d.add_paragraph(line)
        else:
            w = max(len(r) for r in b.rows)
            t = d.add_table(rows=len(b.rows), cols=w)
            t.style = "Table Grid"
            spans, _ = merges(b.rows)
            for r, c, rs, cs in spans:
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = b.rows[r][c]
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(7)
    # fixed metadata so regenerating gives the same bytes apart from the zip timestamps
    import datetime as _dt

    fixed = _dt.datetime(2025, 1, 1)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.last_modified_by = "reviewer"
    d.core_properties.revision = 1
    d.save(str(path))


def to_pdf(blocks, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK", firstLineIndent=22)
    head = ParagraphStyle("head", parent=body, firstLineIndent=0, fontSize=12, leading=20)
    title = ParagraphStyle("title", parent=head, fontSize=15, leading=24, alignment=1)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6.5, leading=8, wordWrap="CJK")

    def footer(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.drawString(60, A4[1] - 40, "青禾县交通运输局政务公开专栏")  # running header, every page

    story = []
    first = True
    width = A4[0] - 120
    for b in blocks:
        if isinstance(b, TextBlock):
            for line in b.lines:
                if not line.strip():
                    continue
                style = title if first else head if (_is_heading(line) or line.startswith("第二十条")) else body
                first = False
                story.append(Paragraph(html.escape(line), style))
        else:
            story += [Spacer(1, 4), pdf_table(b.rows, width, cell), Spacer(1, 6)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60,
                            title="", author="reviewer", creator="reviewer", producer="reviewer", invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def main(src: Path = ROOT / "examples" / "qinghe_jiaotong_2024.txt") -> list[Path]:
    raw = read_text(src.read_bytes(), src)
    blocks = [b for b in raw.blocks if isinstance(b, (TextBlock, TableBlock))]
    title = next(line for b in blocks if isinstance(b, TextBlock) for line in b.lines if line.strip())
    stem = src.with_suffix("")
    written = []
    p = stem.with_suffix(".html")
    p.write_text(to_html(blocks, title), encoding="utf-8")
    written.append(p)
    p = stem.parent / (stem.name + "_gbk.html")
    p.write_bytes(to_html(blocks, title, charset="gb2312").encode("gbk"))
    written.append(p)
    p = stem.with_suffix(".docx")
    to_docx(blocks, p)
    written.append(p)
    p = stem.with_suffix(".pdf")
    to_pdf(blocks, p)
    written.append(p)
    return written


if __name__ == "__main__":
    for path in main():
        print(path.relative_to(ROOT), path.stat().st_size)
