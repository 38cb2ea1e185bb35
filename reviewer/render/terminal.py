"""Rich summary for ``reviewer score`` on a terminal: the ranking with colour-coded subscores,
then the score distribution, finding counts per kind and missing organ-years."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from reviewer.messages import DEFAULT_LANG, localise, ui
from reviewer.model import Result
from reviewer.render import renderer
from reviewer.render.safe import terminal
from reviewer.scoring.score import SUBSCORES
from reviewer.scoring.summary import is_attachment, linked_label, summarise, year_ranges


def _style(score: float | None, full: float = 100.0) -> str:
    if score is None:
        return "dim"
    frac = score / full if full else 1.0
    return "green" if frac >= 0.85 else "yellow" if frac >= 0.6 else "bold red"


def render_rich(results: list[Result], width: int | None = None, color: bool = True, lang: str = DEFAULT_LANG) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reviewer.scoring.score import load_rubric

    try:
        full = {k: float(v) for k, v in load_rubric()["subscores"].items()}
    except Exception:  # a custom rubric was used upstream; colours fall back to 0-100 fractions
        full = {}
    summ = summarise(localise(results, lang))
    buf = io.StringIO()
    con = Console(file=buf, width=width or max(100, shutil.get_terminal_size((140, 40)).columns), force_terminal=color, color_system="truecolor" if color else None, highlight=False)
    atts = ui("rich-title-atts", lang, n=len(summ.attachments)) if summ.attachments else ""
    t = Table(title=ui("rich-title", lang, n=summ.n_reports, scored=summ.n_scored, failed=summ.n_errors, atts=atts), title_justify="left")
    t.add_column(ui("col-rank", lang), justify="right")
    t.add_column(ui("col-score", lang), justify="right")
    t.add_column(ui("col-coverage", lang), justify="right")
    for s in SUBSCORES:
        t.add_column(ui(f"col-{s}", lang), justify="right")
    t.add_column(ui("col-year", lang), justify="right")
    t.add_column(ui("col-organ", lang))
    t.add_column(ui("col-findings", lang), justify="right")
    t.add_column(ui("col-file", lang), overflow="fold")
    for r in summ.ranking:
        rank = summ.rank_of(r)
        if r.error:
            t.add_row("", Text("ERR", "bold red"), "", *[""] * len(SUBSCORES), "", "", "", Text(terminal(f"{r.path}: {r.error}"), "red"))
            continue
        subs = [
            Text("-" if r.subscores.get(s) is None else f"{r.subscores[s]:g}", _style(r.subscores.get(s), full.get(s, 100.0)))
            for s in SUBSCORES
        ]
        errs = sum(f.severity == "error" for f in r.findings)
        score = Text(ui("attachment-cell", lang), "cyan") if is_attachment(r) else Text("-" if r.score is None else f"{r.score:.1f}", _style(r.score))
        t.add_row(
            str(rank or ""), score,
            Text("-" if r.coverage is None else f"{r.coverage:.0%}", "dim" if r.review_status == "needs-review" else ""), *subs,
            str(r.year or ""), Text(terminal(r.organ or "?")), f"{len(r.findings)}" + (f" ({errs}E)" if errs else ""),
            Text(terminal(Path(r.path).name)),
        )
    con.print(t)
    if summ.n_scored:
        con.print(ui("mean-median", lang, mean=summ.mean, median=summ.median))
        top = max(summ.distribution.values()) or 1
        for label, n in summ.distribution.items():
            con.print(f"  {label:>6} │ {'█' * round(20 * n / top):<20} {n}")
    from reviewer.render.table import review_lines

    for line in review_lines(summ, lang):
        con.print(Text(line))
    if summ.kinds:
        con.print(ui("kinds-line", lang) + ", ".join(f"{k} {n}" for k, n in sorted(summ.kinds.items(), key=lambda kv: -kv[1])))
    if summ.attachments:
        con.print(ui("attachments-head", lang))
        for r in summ.attachments:
            con.print(Text(terminal(f"  {Path(r.path).name} → {linked_label(r) or ui('no-linked-report', lang)}")))
    if summ.missing:
        con.print(ui("missing-head", lang, start=summ.years[0], end=summ.years[-1]))
        for organ, ys in summ.missing.items():
            con.print(Text(f"  {terminal(organ)}: {year_ranges(ys)}"))
    return buf.getvalue()


@renderer("terminal")
def render_terminal(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    return render_rich(results, lang=lang)
