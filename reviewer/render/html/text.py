"""The full report text with flagged passages highlighted and tables drawn as tables.

Everything that comes from the report is passed through ``html.escape``: reports are untrusted
input and a ``<script>`` in one must show as text. Positions come from the findings' spans (never
re-found by searching); overlapping findings split the text into segments, each coloured by its
most specific (shortest) finding and linked to it. Page chrome (crawler headers, toolbars, download
lines, footers; reviewer/chrome.py) is shown grey, titled with its kind.
"""

from __future__ import annotations

from html import escape

from reviewer.model import Chrome, Document, Finding, Table

CHROME_LABELS = {
    "crawler-header": "抓取页头", "separator": "分隔线", "breadcrumb": "导航路径", "toolbar": "工具栏",
    "download": "附件/下载", "qr-footer": "二维码/微信页脚", "site-footer": "网站页脚",
}


def _covering(findings: list[Finding], a: int, b: int) -> list[int]:
    return [i for i, f in enumerate(findings) if f.start < f.end and f.start <= a and f.end >= b]


def highlight(text: str, base: int, findings: list[Finding], anchored: set[int], chrome: list[Chrome] | None = None) -> str:
    """``text`` is ``doc.text[base:base+len(text)]``. Emits a passage anchor ``p-i`` at the start of
    each finding (once per page, tracked in ``anchored``) and zero-width findings as pins; text
    inside a ``chrome`` span is wrapped grey."""
    end = base + len(text)
    cuts = {base, end}
    for f in findings:
        for x in (f.start, f.end):
            if base < x < end:
                cuts.add(x)
    spans = [c for c in chrome or () if c.start < end and c.end > base]
    for c in spans:
        for x in (c.start, c.end):
            if base < x < end:
                cuts.add(x)
    points = sorted(cuts)
    out: list[str] = []
    for a, b in zip(points, points[1:], strict=False):
        out.extend(_pins(findings, a, anchored))
        seg = escape(text[a - base : b - base])
        grey = next((c for c in spans if c.start <= a and b <= c.end), None)
        if grey is not None:
            seg = f'<span class="chrome" title="页面附加内容 page chrome: {escape(CHROME_LABELS.get(grey.kind, grey.kind))} ({escape(grey.kind)})">{seg}</span>'
        cov = _covering(findings, a, b)
        if not cov:
            out.append(seg)
            continue
        main = min(cov, key=lambda i: (findings[i].end - findings[i].start, i))
        ids = ""
        for i in cov:
            if findings[i].start == a and i not in anchored:
                anchored.add(i)
                ids += f'<span id="p-{i}"></span>'
        title = " | ".join(f"{findings[i].rule} {findings[i].kind}: {findings[i].message}" for i in cov)
        out.append(f'{ids}<a class="hl k-{escape(findings[main].kind)}" href="#f-{main}" title="{escape(title)}">{seg}</a>')
    out.extend(_pins(findings, end, anchored))
    return "".join(out)


def _pins(findings: list[Finding], at: int, anchored: set[int]) -> list[str]:
    """Zero-width findings (e.g. a missing item located at a point) as a small labelled pin."""
    out = []
    for i, f in enumerate(findings):
        if f.start == f.end == at and i not in anchored:
            anchored.add(i)
            out.append(
                f'<a class="pin k-{escape(f.kind)}" id="p-{i}" href="#f-{i}" '
                f'title="{escape(f.rule)}: {escape(f.message)}">▲{escape(f.rule)}</a>'
            )
    return out


def _table_html(t: Table, findings: list[Finding], anchored: set[int]) -> str:
    rows = []
    for row in t.rows:
        cells = []
        for c in row:
            hit = [i for i, f in enumerate(findings) if f.start < c.end and f.end > c.start or (f.start == f.end and c.start <= f.start < c.end)]
            inner = highlight(c.text, c.start, findings, anchored)
            if hit:
                main = min(hit, key=lambda i: (findings[i].end - findings[i].start, i))
                cells.append(f'<td class="cell-err k-{escape(findings[main].kind)}" title="{escape(findings[main].message)}">{inner}</td>')
            else:
                cells.append(f"<td>{inner}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="doc">' + "".join(rows) + "</table>"


def full_text(doc: Document, findings: list[Finding]) -> str:
    anchored: set[int] = set()
    tables = sorted((t for t in doc.tables if t.rows and t.start < t.end), key=lambda t: t.start)
    out: list[str] = []
    pos = 0
    for t in tables:
        if t.start < pos:
            continue
        out.append(highlight(doc.text[pos : t.start], pos, findings, anchored, doc.chrome))
        grey = next((c for c in doc.chrome if c.start <= t.start and t.end <= c.end), None)
        table = _table_html(t, findings, anchored)
        if grey is not None:  # a portal's page-information grid
            table = f'<div class="chrome" title="页面附加内容 page chrome: {escape(CHROME_LABELS.get(grey.kind, grey.kind))} ({escape(grey.kind)})">{table}</div>'
        out.append(table)
        # findings inside the table but outside any cell (separators) still get an anchor
        for i, f in enumerate(findings):
            if t.start <= f.start < t.end and i not in anchored:
                anchored.add(i)
                out.append(f'<span id="p-{i}"></span>')
        pos = t.end
        if doc.text[pos : pos + 1] == "\n":
            pos += 1
    out.append(highlight(doc.text[pos:], pos, findings, anchored, doc.chrome))
    # findings pointing past the text (should not happen) still get a target
    for i in range(len(findings)):
        if i not in anchored:
            out.append(f'<span id="p-{i}"></span>')
    return "".join(out)
