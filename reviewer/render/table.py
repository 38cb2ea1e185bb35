"""Plain-text summary table for pipes and logs (the terminal renderer adds colour on top of the
same rows). Ranked best first; columns padded by display width so CJK organ names line up."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reviewer.messages import DEFAULT_LANG, localise, ui
from reviewer.model import Result
from reviewer.render import renderer
from reviewer.render.safe import terminal
from reviewer.scoring.summary import Summary, summarise, summary_rows, year_ranges

SHORT = ("completeness", "consistency", "originality", "specificity", "format")


def _w(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _cut(s: str, width: int) -> str:
    out, w = "", 0
    for ch in s:
        cw = _w(ch)
        if w + cw > width:
            break
        out, w = out + ch, w + cw
    return out + " " * (width - w)


def _r(s: str, width: int) -> str:
    """``s`` right-aligned in ``width`` display columns."""
    return " " * max(0, width - _w(s)) + s


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def review_lines(summ: Summary, lang: str = DEFAULT_LANG) -> list[str]:
    """需人工复核 list and the subscore distributions (shared with the terminal renderer)."""
    from reviewer.scoring.distribution import distribution_lines

    out: list[str] = []
    if summ.needs_review:
        out += ["", ui("needs-review-head", lang, n=len(summ.needs_review))]
        for r in summ.needs_review:
            cov = "-" if r.coverage is None else f"{r.coverage:.0%}"
            out.append(ui("needs-review-row", lang, cov=cov, score=_num(r.score), organ=terminal(r.organ or "?"), file=terminal(Path(r.path).name)))
    if summ.subscore_stats:
        out += ["", ui("distribution-head", lang), *distribution_lines(summ.subscore_stats, lang)]
    return out


def _cov(v: float | None) -> str:
    return "-" if v is None else f"{v:.0%}"


@renderer("table")
def render_table(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    results = localise(results, lang)
    head = (f"{_r(ui('col-rank', lang), 3)}  {_r(ui('col-score', lang), 6)}  {_r(ui('col-cov', lang), 4)}  "
            + "  ".join(_r(ui(f"col-{s}", lang), 5) for s in SHORT)
            + f"  {_r(ui('col-year', lang), 4)}  {_r(ui('col-finds', lang), 5)}  {_cut(ui('col-organ', lang), 24)}  {ui('col-file', lang)}")
    lines = [head]
    for row in summary_rows(results):
        name = terminal(Path(row["path"]).name)
        if row["error"]:
            lines.append(f"{'':>3}  {'ERR':>6}  {'':>4}  " + "  ".join(f"{'':>5}" for _ in SHORT) + f"  {'':>4}  {'':>5}  {_cut('', 24)}  {terminal(row['path'])}: {terminal(row['error'])}")
            continue
        subs = "  ".join(f"{_num(row[k]):>5}" for k in SHORT)
        score = ui("attachment-cell", lang) if row["doc_type"] == "attachment" else _num(row["score"])
        lines.append(
            f"{row['rank'] or '':>3}  {score:>{6 - _w(score) + len(score)}}  {_cov(row['coverage']):>4}  {subs}  {row['year'] or '':>4}  {row['findings']:>5}  "
            f"{_cut(terminal(row['organ'] or '?'), 24)}  {name}"
        )
    summ = summarise(results)
    lines.extend(review_lines(summ, lang))
    if summ.kinds:
        lines.append("")
        lines.append(ui("kinds-line", lang) + ", ".join(f"{k} {n}" for k, n in sorted(summ.kinds.items(), key=lambda kv: -kv[1])))
    if summ.attachments:
        lines.append(ui("attachments-line", lang) + "; ".join(terminal(f"{Path(r.path).name} → {r.metrics.get('attachment_of') or '?'}") for r in summ.attachments))
    if summ.missing:
        lines.append(ui("missing-years", lang, start=summ.years[0], end=summ.years[-1]) + "; ".join(f"{terminal(o)} {year_ranges(ys)}" for o, ys in summ.missing.items()))
    return "\n".join(lines) + "\n"
