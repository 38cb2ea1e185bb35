"""Inline SVG charts: a picture where it reads faster than a table. Every label is escaped —
organ names come from the reports, which are untrusted."""

from __future__ import annotations

from html import escape

from reviewer.render.html.style import SUBSCORE_COLOURS
from reviewer.scoring.summary import Summary


def _svg(w: int, h: int, body: list[str], label: str) -> str:
    return (
        f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def score_histogram(summ: Summary, axis: str = "得分") -> str:
    """Reports per score bin (0-9 … 90-100)."""
    w, h, left, bottom, top = 460, 230, 34, 40, 14
    bins = list(summ.distribution.items())
    peak = max((n for _, n in bins), default=0) or 1
    bw = (w - left - 10) / len(bins)
    out = [f'<line x1="{left}" y1="{h - bottom}" x2="{w - 6}" y2="{h - bottom}" stroke="#888"/>']
    for i, (label, n) in enumerate(bins):
        bh = (h - bottom - top) * n / peak
        x = left + i * bw
        lo = int(label.split("-")[0])
        colour = "#c62828" if lo < 60 else "#f9a825" if lo < 85 else "#2e7d32"
        out.append(f'<rect x="{x + 3:.1f}" y="{h - bottom - bh:.1f}" width="{bw - 6:.1f}" height="{bh:.1f}" fill="{colour}" rx="2"><title>{escape(label)}: {n}</title></rect>')
        if n:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom - bh - 3:.1f}" font-size="12" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 15}" font-size="11" text-anchor="middle">{escape(label)}</text>')
    out.append(f'<text x="{w / 2:.0f}" y="{h - 6}" font-size="12" text-anchor="middle">{escape(axis)}</text>')
    out.append(f'<text x="10" y="{top + 4}" font-size="12">n</text>')
    return _svg(w, h, out, "score distribution")


def subscore_bars(summ: Summary, labels: dict[int, str], links: dict[int, str], full: dict[str, float]) -> str:
    """One stacked bar per scored report (ranked): each segment is a subscore's points kept, the
    grey rest is what was lost. Bars link to the report page."""
    scored = [r for r in summ.ranking if r.score is not None]
    row, left, w = 22, 230, 760
    h = 30 + row * len(scored)
    scale = (w - left - 60) / 100
    out = []
    x = left
    for s, c in SUBSCORE_COLOURS.items():
        out.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{c}"/><text x="{x + 14}" y="13" font-size="11">{escape(s)}</text>')
        x += 100
    for i, r in enumerate(scored):
        y = 24 + i * row
        key = id(r)
        label = labels.get(key, r.path)
        out.append(f'<a href="{escape(links.get(key, "#"))}"><text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">{escape(label[:24])}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{100 * scale:.1f}" height="{row - 6}" fill="#e6e9ef"/>')
        x = float(left)
        for s, c in SUBSCORE_COLOURS.items():
            v = float(r.subscores.get(s) or 0)
            if v <= 0:
                continue
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{v * scale:.1f}" height="{row - 6}" fill="{c}"><title>{escape(s)} {v:g}/{full.get(s, 0):g}</title></rect>')
            x += v * scale
        out.append(f'<text x="{left + 100 * scale + 6:.1f}" y="{y + 13}" font-size="12">{r.score:g}</text></a>')
    return _svg(w, h, out, "subscores per report")


def copy_heatmap(summ: Summary) -> str:
    """Copied share (own earlier years + other organs) per organ and year; darker = more copied."""
    grid = summ.copy_grid
    if not grid:
        return ""
    years = sorted({y for row in grid.values() for y in row})
    organs = sorted(grid)
    cw, ch, left, top = 46, 24, 230, 24
    w, h = left + cw * len(years) + 10, top + ch * len(organs) + 8
    out = []
    for j, y in enumerate(years):
        out.append(f'<text x="{left + j * cw + cw / 2:.0f}" y="{top - 8}" font-size="11" text-anchor="middle">{y}</text>')
    for i, organ in enumerate(organs):
        ty = top + i * ch
        out.append(f'<text x="{left - 6}" y="{ty + 16}" font-size="12" text-anchor="end">{escape(organ[:20])}</text>')
        for j, y in enumerate(years):
            v = grid[organ].get(y)
            x = left + j * cw
            if v is None:
                out.append(f'<rect x="{x + 1}" y="{ty + 1}" width="{cw - 2}" height="{ch - 2}" fill="#f3f4f7" stroke="#e0e3ea"/>')
                continue
            # white (0 %) to deep orange (100 %)
            g = int(245 - 160 * v)
            b = int(235 - 220 * v)
            fill = f"rgb(255,{g},{b})" if v > 0 else "#ffffff"
            out.append(f'<rect x="{x + 1}" y="{ty + 1}" width="{cw - 2}" height="{ch - 2}" fill="{fill}" stroke="#e0e3ea"><title>{escape(organ)} {y}: {v:.0%}</title></rect>')
            out.append(f'<text x="{x + cw / 2:.0f}" y="{ty + 16}" font-size="11" text-anchor="middle">{v:.0%}</text>')
    return _svg(w, h, out, "copied share per organ and year")
