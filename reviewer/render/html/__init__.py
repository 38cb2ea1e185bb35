"""Self-contained static HTML report: ``index.html`` (ranking, charts, counts) and one page per
report under ``reports/`` with the flagged passages highlighted in the full text, copied passages
side by side with their source, table cells in error marked, and links between all of them.

No scripts, no external fonts or styles: every page inlines its CSS and SVG, so the folder can be
mailed or archived as is. All report text is escaped (reports are untrusted input).
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from pathlib import Path

from reviewer.messages import DEFAULT_LANG, localise, ui
from reviewer.model import Document, Result
from reviewer.render import writer
from reviewer.render.html import charts
from reviewer.render.html.style import KIND_COLOURS, SUBSCORE_COLOURS, SUBSCORE_LABELS, css, kind_colour
from reviewer.render.html.text import full_text
from reviewer.scoring.score import SUBSCORES
from reviewer.scoring.summary import is_attachment, organ_label, source_of, summarise, year_ranges


def _page(title: str, body: str, lang: str = DEFAULT_LANG) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang=\"{ui('html-lang', lang)}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        # belt and braces: even if something slipped through escaping, nothing may run or load
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{css()}</style></head><body>{body}</body></html>\n"
    )


def _slug(r: Result, i: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(r.path).stem).strip("-.")[:60] or "report"
    return f"{i:03d}-{stem}.html"


def _cls(score: float | None, full: float = 100) -> str:
    if score is None:
        return ""
    f = score / full if full else 1
    return "good" if f >= 0.85 else "mid" if f >= 0.6 else "bad"


def _label(r: Result) -> str:
    return f"{organ_label(r)} {r.year or ''}".strip()


def _legend(kinds: list[str]) -> str:
    items = [f'<span><span class="sw sw-{escape(k)}"></span>{escape(k)}</span>' for k in kinds]
    return '<div class="legend">' + "".join(items) + "</div>"


def _full(rubric_full: dict[str, float], s: str) -> float:
    return rubric_full.get(s, 0.0)


def _rubric_full() -> dict[str, float]:
    from reviewer.scoring.score import load_rubric

    return {k: float(v) for k, v in load_rubric()["subscores"].items()}


def overview(results: list[Result], links: dict[int, str], history: str = "", lang: str = DEFAULT_LANG) -> str:
    summ = summarise(results)
    full = _rubric_full()
    labels = {id(r): _label(r) for r in results}
    parts = [
        f'<header class="top"><h1>{ui("html-h1", lang)}</h1>'
        f'<div class="sub">{ui("html-sub", lang, n=summ.n_reports, scored=summ.n_scored, failed=summ.n_errors)}'
        + (ui("html-sub-atts", lang, n=len(summ.attachments)) if summ.attachments else "")
        + (ui("html-sub-mean", lang, mean=summ.mean, median=summ.median) if summ.n_scored else "")
        + "</div></header><main>"
    ]
    parts.append('<div class="grid">')
    parts.append(f'<div class="card"><h2>{ui("html-score-dist", lang)}</h2>{charts.score_histogram(summ, ui("chart-score-axis", lang))}</div>')
    kinds_rows = "".join(
        f'<tr><td><span class="sw sw-{escape(k)}"></span>{escape(k)}</td><td class="num">{n}</td></tr>'
        for k, n in sorted(summ.kinds.items(), key=lambda kv: -kv[1])
    )
    parts.append(
        f'<div class="card"><h2>{ui("html-kinds", lang)}</h2>'
        + (f'<table class="data"><tr><th>{ui("html-th-kind", lang)}</th><th class="num">{ui("col-findings", lang)}</th></tr>{kinds_rows}</table>'
           if kinds_rows else f'<p class="muted">{ui("html-no-findings", lang)}</p>')
        + "</div>"
    )
    parts.append("</div>")
    parts.append(f'<div class="card"><h2>{ui("html-subscores", lang)}</h2>{charts.subscore_bars(summ, labels, links, full)}</div>')
    heat = charts.copy_heatmap(summ)
    parts.append(
        f'<div class="card"><h2>{ui("html-copy-share", lang)}</h2>'
        + (heat or f'<p class="muted">{ui("html-no-copy", lang)}</p>')
        + "</div>"
    )
    if summ.copy_clusters:
        items = "".join(
            f"<li>{ui('html-cluster-item', lang, n=g.get('organs'), year=g.get('earliest_year') or '?', members=escape('、'.join(g.get('members') or [])))}</li>"
            for g in summ.copy_clusters[:20])
        parts.append(f'<div class="card"><h2>{ui("html-clusters", lang)}</h2><ul>{items}</ul></div>')
    head = "".join(f'<th class="num" title="{escape(SUBSCORE_LABELS[s])}">{escape(ui("sub-" + s, lang))}</th>' for s in SUBSCORES)
    rows = []
    for r in summ.ranking:
        rank = summ.rank_of(r)
        link = links.get(id(r))
        name = f'<a href="{escape(link)}">{escape(_label(r))}</a>' if link else escape(_label(r))
        if r.error:
            rows.append(f'<tr><td></td><td class="score bad">ERR</td>{"<td></td>" * len(SUBSCORES)}<td>{escape(r.path)}</td><td colspan="2" class="bad">{escape(r.error)}</td></tr>')
            continue
        subs = "".join(
            f'<td class="num {_cls(r.subscores.get(s), _full(full, s))}">{"" if r.subscores.get(s) is None else f"{r.subscores[s]:g}"}</td>' for s in SUBSCORES
        )
        top = ", ".join(f"{k} {n}" for k, n in Counter(f.kind for f in r.findings).most_common(3))
        score = ui("attachment-cell", lang) if is_attachment(r) else "–" if r.score is None else f"{r.score:g}"
        if r.coverage is not None and not is_attachment(r):
            review = " · " + ui("html-needs-review", lang) if r.review_status == "needs-review" else ""
            score += f'<div class="muted">{ui("html-coverage", lang, cov=f"{r.coverage:.0%}")}{review}</div>'
        rows.append(
            f'<tr><td class="num">{rank or ""}</td><td class="num score {_cls(r.score)}">{score}</td>{subs}'
            f'<td>{name}<div class="muted">{escape(Path(r.path).name)}</div></td><td class="num">{len(r.findings)}</td><td>{escape(top)}</td></tr>'
        )
    parts.append(
        f'<h2>{ui("html-ranking", lang)}</h2><table class="data"><tr><th class="num">#</th><th class="num">{ui("col-score", lang)}</th>'
        f'{head}<th>{ui("html-th-report", lang)}</th><th class="num">{ui("col-findings", lang)}</th><th>{ui("html-th-kinds", lang)}</th></tr>{"".join(rows)}</table>'
    )
    if summ.attachments:
        by_path = {x.path: x for x in results}
        items = []
        for r in summ.attachments:
            own = f'<a href="{escape(links[id(r)])}">{escape(Path(r.path).name)}</a>' if id(r) in links else escape(Path(r.path).name)
            rep = by_path.get(str(r.metrics.get("attachment_of") or ""))
            to = (f'<a href="{escape(links[id(rep)])}">{escape(_label(rep))}</a>' if rep is not None and id(rep) in links
                  else f'<span class="muted">{ui("html-no-linked-report", lang)}</span>')
            items.append(f"<li>{own} → {to}</li>")
        parts.append(f'<h2>{ui("html-attachments", lang)}</h2><div class="card"><ul>' + "".join(items) + "</ul></div>")
    from reviewer.render.html.review import review_cards

    parts.append(review_cards(summ, links, lang))
    if summ.missing:
        items = "".join(f"<li>{escape(o)}: {year_ranges(ys)}</li>" for o, ys in summ.missing.items())
        parts.append(f'<h2>{ui("html-missing", lang, start=summ.years[0], end=summ.years[-1])}</h2><div class="card"><ul>{items}</ul></div>')
    if history:
        parts.append(history)
    parts.append(f'<h2>{ui("html-legend", lang)}</h2><div class="card">{_legend(list(KIND_COLOURS))}</div></main>')
    return _page(ui("html-overview-title", lang), "".join(parts), lang)


def _source_text(src: dict, docs_by_path: dict[str, Document]) -> str:
    """The source passage: from the evidence, else sliced from the source document when it is in
    the batch (the similarity analyzer may record only its span)."""
    if src.get("text"):
        return str(src["text"])
    sp = str(src.get("path") or "")
    d = docs_by_path.get(sp) or next((x for x in docs_by_path.values() if sp and Path(x.path).with_suffix("") == Path(sp)), None)
    a, b = src.get("start"), src.get("end")
    if d is not None and isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(d.text):
        return d.text[a:b]
    return _NO_SOURCE


_NO_SOURCE = "(source passage not recorded)"


def diff_pair(a: str, b: str, limit: int = 4000) -> tuple[str, str]:
    """Both passages escaped, with what differs marked: a copy "with only the year changed" shows
    as two identical texts with the years in red. Long passages are shown unmarked (quadratic)."""
    if len(a) > limit or len(b) > limit:
        return escape(a), escape(b)
    from difflib import SequenceMatcher

    sm = SequenceMatcher(None, a, b, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out_a.append(escape(a[i1:i2]))
            out_b.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            out_a.append(f'<b class="chg">{escape(a[i1:i2])}</b>')
        if j2 > j1:
            out_b.append(f'<b class="chg">{escape(b[j1:j2])}</b>')
    return "".join(out_a), "".join(out_b)


def report_page(r: Result, doc: Document | None, links_by_path: dict[str, str], here: str,
                docs_by_path: dict[str, Document] | None = None, nav: tuple[str | None, str | None] = (None, None),
                lang: str = DEFAULT_LANG) -> str:
    full = _rubric_full()
    fs = r.findings
    parts = [
        f'<header class="top"><a href="../index.html">{ui("html-back", lang)}</a>'
        + (f' · <a href="{escape(nav[0])}">{ui("html-better", lang)}</a>' if nav[0] else "")
        + (f' · <a href="{escape(nav[1])}">{ui("html-worse", lang)}</a>' if nav[1] else "")
        + f'<h1>{escape(_label(r))}</h1>'
        f'<div class="sub">{ui("html-page-sub", lang, path=escape(r.path), era=escape(str(r.era or "?")), n=len(fs))}</div></header><main>'
    ]
    if r.error:
        parts.append(f'<div class="card bad">{ui("html-error", lang, error=escape(r.error))}</div></main>')
        return _page(_label(r), "".join(parts), lang)
    if is_attachment(r):
        of = str(r.metrics.get("attachment_of") or "")
        target = links_by_path.get(of) if of else None
        to = f'<a href="{escape(target)}">{escape(of)}</a>' if target else escape(of or ui("no-linked-report", lang))
        parts.append(f'<div class="card">{ui("html-attachment-card", lang)}{to}</div>')
    elif r.metrics.get("attachments"):
        atts = " ".join(
            f'<a href="{escape(links_by_path[a])}">{escape(Path(a).name)}</a>' if a in links_by_path else escape(Path(a).name)
            for a in r.metrics["attachments"]
        )
        parts.append(f'<div class="card">{ui("html-attachments-of", lang)}{atts}</div>')
    # score and subscores
    bar = "".join(
        f'<div title="{escape(s)} {float(r.subscores.get(s) or 0):g}" style="width:{float(r.subscores.get(s) or 0):.2f}%;background:{SUBSCORE_COLOURS[s]}"></div>'
        for s in SUBSCORES
    )
    subs = " · ".join(
        f'<span><span class="sw" style="background:{SUBSCORE_COLOURS[s]}"></span>{escape(ui("sub-" + s, lang))} '
        f'<b class="{_cls(r.subscores.get(s), _full(full, s))}">{float(r.subscores.get(s) or 0):g}</b>/{_full(full, s):g}</span>'
        for s in SUBSCORES
    )
    score = "–" if r.score is None else f"{r.score:g}"
    parts.append(
        f'<div class="card"><div style="display:flex;gap:26px;align-items:center"><div class="bigscore {_cls(r.score)}">{score}</div>'
        f'<div><div class="subbar">{bar}</div><div class="legend" style="margin-top:6px">{subs}</div></div></div></div>'
    )
    from reviewer.render.html.review import criteria_card

    parts.append(criteria_card(r, lang))
    if r.deductions:
        rows = []
        for d in r.deductions:
            refs = " ".join(f'<a href="#f-{i}">#{i + 1}</a>' for i in d.get("findings", []))
            rows.append(
                f'<tr><td><span class="sw" style="background:{SUBSCORE_COLOURS.get(d["subscore"], "#999")}"></span>{escape(d["subscore"])}</td>'
                f'<td class="num">−{d["points"]:g}</td><td>{escape(d["reason"])}</td><td>{refs}</td></tr>'
            )
        parts.append(
            f'<h2>{ui("html-deductions", lang)}</h2><table class="data"><tr><th>{ui("html-th-subscore", lang)}</th><th class="num">{ui("html-th-points", lang)}</th>'
            f'<th>{ui("html-th-reason", lang)}</th><th>{ui("col-findings", lang)}</th></tr>'
            + "".join(rows) + "</table>"
        )
    # copied passages side by side
    pairs = []
    for i, f in enumerate(fs):
        if f.kind not in ("copied-from-own-past", "copied-from-other", "template-text", "repeated-problem"):
            continue
        src = source_of(f)
        if not (src.get("path") or src.get("text")):
            continue
        spath = str(src.get("path") or "")
        target = links_by_path.get(spath) or links_by_path.get(Path(spath).name) or links_by_path.get(Path(spath).stem)
        sname = escape(" ".join(str(x) for x in (src.get("organ") or Path(spath).stem, src.get("year") or "") if x))
        if target:
            sname = f'<a href="{escape(target)}">{sname}</a>'
        stext = _source_text(src, docs_by_path or {})
        mine, theirs = diff_pair(f.text, stext) if stext != _NO_SOURCE else (escape(f.text), escape(stext))
        sim = src.get("similarity")
        sim_s = ui("html-similarity", lang, sim=float(sim)) if isinstance(sim, int | float) else ""
        pairs.append(
            f'<div class="pair" style="margin-bottom:8px"><div><h4><a href="#p-{i}">#{i + 1}</a> {ui("html-this-report", lang)} {escape(str(r.year or ""))} · {ui("html-line", lang, line=f.line)} · {escape(f.rule)}</h4>'
            f'<span class="k-{escape(f.kind)}">{mine}</span></div>'
            f'<div><h4>{ui("html-source", lang)}{sname}{sim_s}</h4>{theirs}</div></div>'
        )
    if pairs:
        parts.append(f'<h2>{ui("html-copied", lang)}</h2>' + "".join(pairs))
    present = [k for k in KIND_COLOURS if any(f.kind == k for f in fs)]
    parts.append(f'<h2>{ui("html-full-text", lang)}</h2><div class="card">'
                 + (_legend(present) if present else f'<span class="muted">{ui("html-no-findings-short", lang)}</span>') + "</div>")
    items = []
    for i, f in enumerate(fs):
        src = source_of(f)
        extra = ""
        if src.get("path") or src.get("year"):
            extra = f'<div class="meta">{ui("html-source", lang)}{escape(str(src.get("organ") or Path(str(src.get("path") or "")).stem))} {escape(str(src.get("year") or ""))}</div>'
        items.append(
            f'<div class="finding" id="f-{i}" style="border-left-color:{kind_colour(f.kind)}">'
            f'<div><a href="#p-{i}">#{i + 1}</a> <b>{escape(f.rule)}</b> <span class="sw sw-{escape(f.kind)}"></span>{escape(f.kind)} '
            f'<span class="sev-{escape(f.severity)}">{escape(f.severity)}</span></div>'
            f'<div class="meta">{ui("html-finding-meta", lang, section=escape(f.section or "–"), line=f.line, start=f.start, end=f.end)}</div>'
            f'<div>{escape(f.message)}</div>'
            + (f'<div class="passage">{escape(f.text[:300])}{"…" if len(f.text) > 300 else ""}</div>' if f.text else "")
            + extra + "</div>"
        )
    aside = (f'<aside><h2 style="margin-top:0">{ui("html-findings", lang)}</h2>'
             + ("".join(items) or f'<p class="muted">{ui("html-no-findings", lang)}</p>') + "</aside>")
    if doc is not None:
        body = f'<div class="fulltext">{full_text(doc, fs)}</div>'
    else:
        body = f'<div class="card muted">{ui("html-no-text", lang)}</div>' + "".join(
            f'<span id="p-{i}"></span>' for i in range(len(fs))
        )
    parts.append(f'<div class="layout"><div>{body}</div>{aside}</div></main>')
    return _page(_label(r), "".join(parts), lang)


@writer("html")
def write_html(results: list[Result], output: str | Path, docs: list[Document] | None = None, lang: str = DEFAULT_LANG) -> Path:
    """Write ``output/index.html``, ``output/reports/*.html`` (one page per report, one history page
    per organ with two or more years: ``history.py``) in ``lang``; returns the index path."""
    results = localise(results, lang)
    out = Path(output)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    by_path = {d.path: d for d in docs or []}
    summ = summarise(results)
    names = {id(r): _slug(r, i) for i, r in enumerate(summ.ranking, 1)}
    links = {k: f"reports/{v}" for k, v in names.items()}
    links_by_path: dict[str, str] = {}
    for r in results:
        links_by_path.setdefault(r.path, names[id(r)])
        links_by_path.setdefault(Path(r.path).name, names[id(r)])
        links_by_path.setdefault(Path(r.path).stem, names[id(r)])
    from reviewer.render.html.history import history_index, organ_groups, organ_page, organ_slug

    groups = organ_groups(results)
    organ_names = {k: organ_slug(i) for i, k in enumerate(groups, 1)}
    for k, rs in groups.items():
        title, body = organ_page(rs, {id(r): names[id(r)] for r in rs}, lang)
        (out / "reports" / organ_names[k]).write_text(_page(title, body, lang), encoding="utf-8")
    history = history_index(groups, {k: f"reports/{v}" for k, v in organ_names.items()}, lang)
    (out / "index.html").write_text(overview(results, links, history, lang), encoding="utf-8")
    order = summ.ranking
    for k, r in enumerate(order):
        nav = (names[id(order[k - 1])] if k > 0 else None, names[id(order[k + 1])] if k + 1 < len(order) else None)
        page = report_page(r, by_path.get(r.path), links_by_path, names[id(r)], by_path, nav, lang)
        (out / "reports" / names[id(r)]).write_text(page, encoding="utf-8")
    return out / "index.html"
