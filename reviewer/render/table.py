"""Plain-text summary table (the terminal renderer adds colour on top of this)."""

from __future__ import annotations

from collections import Counter

from reviewer.model import Result
from reviewer.render import renderer


@renderer("table")
def render_table(results: list[Result]) -> str:
    lines = [f"{'score':>5}  {'year':>4}  {'findings':>8}  {'organ':<24}  path"]
    for r in results:
        if r.error:
            lines.append(f"{'ERR':>5}  {'':>4}  {'':>8}  {'':<24}  {r.path}: {r.error}")
            continue
        score = "-" if r.score is None else f"{r.score:.0f}"
        lines.append(f"{score:>5}  {r.year or '':>4}  {len(r.findings):>8}  {(r.organ or '?')[:24]:<24}  {r.path}")
    kinds = Counter(f.kind for r in results for f in r.findings)
    if kinds:
        lines.append("")
        lines.append("findings by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    return "\n".join(lines) + "\n"
