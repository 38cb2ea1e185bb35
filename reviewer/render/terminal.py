"""Rich summary for ``reviewer score`` on a terminal: the ranking with colour-coded subscores,
then the score distribution, finding counts per kind and missing organ-years."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from reviewer.model import Result
from reviewer.render import renderer
from reviewer.render.safe import terminal
from reviewer.scoring import SUBSCORES
from reviewer.summary import is_attachment, linked_label, summarise, year_ranges

SHORT = {"completeness": "compl", "consistency": "data", "originality": "orig", "specificity": "spec", "format": "fmt"}


def _style(score: float | None, full: float = 100.0) -> str:
    if score is None:
        return "dim"
    frac = score / full if full else 1.0
    return "green" if frac >= 0.85 else "yellow" if frac >= 0.6 else "bold red"


def render_rich(results: list[Result], width: int | None = None, color: bool = True) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reviewer.scoring import load_rubric

    try:
        full = {k: float(v) for k, v in load_rubric()["subscores"].items()}
    except Exception:  # a custom rubric was used upstream; colours fall back to 0-100 fractions
        full = {}
    summ = summarise(results)
    buf = io.StringIO()
    con = Console(file=buf, width=width or max(100, shutil.get_terminal_size((140, 40)).columns), force_terminal=color, color_system="truecolor" if color else None, highlight=False)
    atts = f", {len(summ.attachments)} 附件 attachment(s)" if summ.attachments else ""
    t = Table(title=f"{summ.n_reports} report(s), {summ.n_scored} scored, {summ.n_errors} failed{atts}", title_justify="left")
    t.add_column("#", justify="right")
    t.add_column("score", justify="right")
    t.add_column("覆盖率", justify="right")
    for s in SUBSCORES:
        t.add_column(SHORT[s], justify="right")
    t.add_column("year", justify="right")
    t.add_column("organ")
    t.add_column("findings", justify="right")
    t.add_column("file", overflow="fold")
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
        score = Text("附件", "cyan") if is_attachment(r) else Text("-" if r.score is None else f"{r.score:.1f}", _style(r.score))
        t.add_row(
            str(rank or ""), score,
            Text("-" if r.coverage is None else f"{r.coverage:.0%}", "dim" if r.review_status == "needs-review" else ""), *subs,
            str(r.year or ""), Text(terminal(r.organ or "?")), f"{len(r.findings)}" + (f" ({errs}E)" if errs else ""),
            Text(terminal(Path(r.path).name)),
        )
    con.print(t)
    if summ.n_scored:
        con.print(f"mean {summ.mean:g}, median {summ.median:g}")
        top = max(summ.distribution.values()) or 1
        for label, n in summ.distribution.items():
            con.print(f"  {label:>6} │ {'█' * round(20 * n / top):<20} {n}")
    from reviewer.render.table import review_lines

    for line in review_lines(summ):
        con.print(Text(line))
    if summ.kinds:
        con.print("findings by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(summ.kinds.items(), key=lambda kv: -kv[1])))
    if summ.attachments:
        con.print("附件 attachments (not scored or ranked):")
        for r in summ.attachments:
            con.print(Text(terminal(f"  {Path(r.path).name} → {linked_label(r) or '未找到同机关同年度的报告 / no report of the same organ and year'}")))
    if summ.missing:
        con.print(f"no report in {summ.years[0]}–{summ.years[-1]}:")
        for organ, ys in summ.missing.items():
            con.print(Text(f"  {terminal(organ)}: {year_ranges(ys)}"))
    return buf.getvalue()


@renderer("terminal")
def render_terminal(results: list[Result]) -> str:
    return render_rich(results)
