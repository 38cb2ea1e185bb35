"""Organ history pages of the HTML report: for every organ with reports of two or more years in the
batch, one page with the score, the subscores and the copied share per year side by side, and the
findings that persist from one year to the next (same rule, same section, same normalised passage —
the fingerprint the baseline uses), so an evaluator sees at a glance what an organ never fixed.

Pure functions of the results; ``write_html`` places the pages next to the report pages.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path

from reviewer.baseline import fingerprint
from reviewer.messages import DEFAULT_LANG, ui
from reviewer.model import Result
from reviewer.organs import organ_key
from reviewer.scoring.score import SUBSCORES
from reviewer.scoring.summary import is_attachment


def organ_groups(results: list[Result]) -> dict[str, list[Result]]:
    """Reports (not attachments, not failed) grouped by organ key, each group sorted by year; only
    organs with at least two distinct years."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.error or is_attachment(r) or r.year is None or not r.organ:
            continue
        groups[organ_key(r.organ, r.path)].append(r)
    out = {}
    for key, rs in groups.items():
        rs.sort(key=lambda r: (r.year, r.path))
        if len({r.year for r in rs}) >= 2:
            out[key] = rs
    return dict(sorted(out.items(), key=lambda kv: kv[1][0].organ or kv[0]))


def organ_slug(i: int) -> str:
    return f"organ-{i:03d}.html"


def persistent_findings(rs: list[Result]) -> list[tuple[str, str, str | None, str, list[int]]]:
    """(rule, kind, section, text, years) of every finding fingerprint seen in two or more years."""
    seen: dict[str, dict] = {}
    for r in rs:
        for f in r.findings:
            if f.severity == "info" or not f.text.strip():
                continue
            fp = fingerprint(f)
            item = seen.setdefault(fp, {"rule": f.rule, "kind": f.kind, "section": f.section, "text": f.text, "years": set()})
            item["years"].add(r.year)
    rows = [(v["rule"], v["kind"], v["section"], v["text"], sorted(v["years"])) for v in seen.values() if len(v["years"]) >= 2]
    return sorted(rows, key=lambda x: (-len(x[4]), x[0], x[3]))


def _num(v: float | None, fmt: str = "{:g}") -> str:
    return "–" if v is None else fmt.format(v)


def _copied(r: Result) -> float | None:
    c = r.metrics.get("copy") or {}
    vals = [c.get(k) for k in ("own_share", "other_share")]
    vals = [v for v in vals if isinstance(v, int | float)]
    return sum(vals) if vals else None


def organ_page(rs: list[Result], report_links: dict[int, str], lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """(title, body html) of one organ's history page, in ``lang``."""
    organ = rs[0].organ or "?"
    head = "".join(f"<th class=\"num\">{r.year}</th>" for r in rs)

    def row(label: str, cells: list[str]) -> str:
        return f"<tr><th>{escape(label)}</th>" + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>"

    rows = [
        row(ui("hist-report", lang), [f'<a href="{escape(report_links[id(r)])}">{escape(Path(r.path).name)}</a>' if id(r) in report_links
                          else escape(Path(r.path).name) for r in rs]),
        row(ui("hist-score", lang), [_num(r.score) + (" · " + ui("html-needs-review", lang) if r.review_status == "needs-review" else "")
                                     for r in rs]),
        row(ui("hist-coverage", lang), [_num(r.coverage, "{:.0%}") for r in rs]),
        *(row(s, [_num(r.subscores.get(s)) for r in rs]) for s in SUBSCORES),
        row(ui("hist-copied", lang), [_num(_copied(r), "{:.0%}") for r in rs]),
        row(ui("hist-findings", lang), [str(len(r.findings)) for r in rs]),
    ]
    table = f'<table class="data"><tr><th></th>{head}</tr>{"".join(rows)}</table>'
    persist = persistent_findings(rs)
    if persist:
        items = "".join(
            f"<tr><td>{escape(rule)}</td><td>{escape(kind)}</td><td>{escape(sec or '–')}</td>"
            f"<td>{escape(text[:160])}{'…' if len(text) > 160 else ''}</td><td>{', '.join(map(str, years))}</td></tr>"
            for rule, kind, sec, text, years in persist
        )
        head = "".join(f"<th>{c}</th>" for c in ui("hist-persist-cols", lang).split("|"))
        persist_html = f'<table class="data"><tr>{head}</tr>{items}</table>'
    else:
        persist_html = f'<span class="muted">{ui("hist-no-persist", lang)}</span>'
    body = (
        f"<main><p><a href=\"../index.html\">{ui('html-back', lang)}</a></p><h1>{escape(ui('hist-title', lang, organ=organ))}</h1>"
        f'<div class="card">{table}</div>'
        f"<h2>{ui('hist-persist-head', lang)}</h2><div class=\"card\">{persist_html}</div></main>"
    )
    return ui("hist-title", lang, organ=organ), body


def history_index(groups: dict[str, list[Result]], organ_links: dict[str, str], lang: str = DEFAULT_LANG) -> str:
    """The overview's list of organ history pages (empty when no organ has two years)."""
    if not groups:
        return ""
    items = "".join(
        f'<li><a href="{escape(organ_links[k])}">{escape(rs[0].organ or k)}</a> '
        f'<span class="muted">{", ".join(str(r.year) for r in rs)}</span></li>'
        for k, rs in groups.items()
    )
    return f'<h2>{ui("hist-index-head", lang)}</h2><div class="card"><ul>{items}</ul></div>'
