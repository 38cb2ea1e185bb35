"""Overview cards for coverage: the 需人工复核 list and the distribution of each subscore."""

from __future__ import annotations

from html import escape
from pathlib import Path

from reviewer.messages import DEFAULT_LANG, ui
from reviewer.messages.labels import UI
from reviewer.model import Result
from reviewer.scoring.summary import Summary


def _head(key: str, lang: str, numeric: set[int]) -> str:
    """A header row from a ``|``-separated label; the columns in ``numeric`` are right-aligned."""
    cols = ui(key, lang).split("|")
    return "<tr>" + "".join(f'<th class="num">{c}</th>' if i in numeric else f"<th>{c}</th>" for i, c in enumerate(cols)) + "</tr>"


def review_cards(summ: Summary, links: dict[int, str], lang: str = DEFAULT_LANG) -> str:
    parts: list[str] = []
    if summ.subscore_stats:
        rows = []
        for s, st in summ.subscore_stats.items():
            top = max(c for *_, c in st["bins"]) or 1
            bars = "".join(
                f'<span title="{lo:g}–{hi:g}: {c}" style="display:inline-block;width:14px;margin-right:2px;'
                f'height:{max(1, round(24 * c / top))}px;background:#4a7fb5;vertical-align:bottom"></span>'
                for lo, hi, c in st["bins"]
            )
            rows.append(
                f'<tr><td>{escape(ui("sub-" + s, lang) if "sub-" + s in UI else s)} <span class="muted">{escape(s)}</span></td><td class="num">{st["full"]:g}</td>'
                f'<td class="num">{st["min"]:g}</td><td class="num">{st["median"]:g}</td><td class="num">{st["max"]:g}</td>'
                f'<td class="num">{st["distinct"]}</td><td class="num">{st["n"]}</td><td>{bars}</td></tr>'
            )
        parts.append(
            f'<div class="card"><h2>{ui("html-dist-head", lang)}</h2><table class="data">'
            + _head("html-dist-cols", lang, {1, 2, 3, 4, 5, 6})
            + f'{"".join(rows)}</table></div>'
        )
    if summ.needs_review:
        items = []
        for r in summ.needs_review:
            link = links.get(id(r))
            name = escape(r.organ or Path(r.path).stem)
            name = f'<a href="{escape(link)}">{name}</a>' if link else name
            cov = "–" if r.coverage is None else f"{r.coverage:.0%}"
            score = "–" if r.score is None else f"{r.score:g}"
            why = "；".join(sorted({c["reason"] for c in r.criteria if c.get("status") == "not-assessed" and c.get("reason")}))
            items.append(f'<tr><td>{name}<div class="muted">{escape(Path(r.path).name)}</div></td><td class="num">{cov}</td>'
                         f'<td class="num">{score}</td><td>{escape(why)}</td></tr>')
        parts.append(
            f'<h2>{ui("html-review-head", lang)}</h2><div class="card"><p class="muted">{ui("html-review-note", lang)}</p>'
            '<table class="data">' + _head("html-review-cols", lang, {1, 2})
            + f'{"".join(items)}</table></div>'
        )
    return "".join(parts)


def _lost(c: dict) -> str:
    return f"−{c['lost']:g}" if c.get("lost") else ""


def criteria_card(r: Result, lang: str = DEFAULT_LANG) -> str:
    """Coverage and every criterion's status on a report page."""
    if not r.criteria:
        return ""
    rows = "".join(
        f'<tr><td>{escape(c.get("label", c["id"]))} <span class="muted">{escape(c["id"])}</span></td><td>{escape(c["subscore"])}</td>'
        f'<td>{escape(ui("status-" + c["status"], lang) if "status-" + c["status"] in UI else c["status"])}</td><td class="num">{c["points"]:g}</td>'
        f'<td class="num">{_lost(c)}</td><td>{escape(c.get("reason", ""))}</td></tr>'
        for c in r.criteria if c["status"] != "not-applicable"
    )
    cov = "–" if r.coverage is None else f"{r.coverage:.0%}"
    note = ui("html-coverage-low", lang) if r.review_status == "needs-review" else ""
    head = _head("html-criteria-cols", lang, {3, 4})
    return f'<h2>{ui("html-coverage-head", lang, cov=cov, note=escape(note))}</h2><table class="data">{head}{rows}</table>'
