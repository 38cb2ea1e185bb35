"""How each subscore spreads over a batch (min / median / max and a small histogram), so a
reviewer sees at a glance whether a subscore separates reports or gives everyone the same points
(docs/scoring.md "Consistency that discriminates"). Only assessed subscores count: a subscore with
nothing assessed on a report (legacy report without a 统计表, table unreadable) is left out."""

from __future__ import annotations

from typing import Any

from reviewer.model import Result

NAMES_ZH = {"completeness": "完整性", "consistency": "数据一致", "originality": "原创性", "specificity": "具体性", "format": "格式"}
N_BINS = 5
_SUB_KEYS = {f"sub-{k}" for k in NAMES_ZH}


def _full() -> dict[str, float]:
    from reviewer.scoring.score import load_rubric

    try:
        return {k: float(v) for k, v in load_rubric()["subscores"].items()}
    except Exception:  # a custom rubric was used upstream: scale each subscore by its own maximum
        return {}


def _median(xs: list[float]) -> float:
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2


def subscore_distribution(results: list[Result]) -> dict[str, dict[str, Any]]:
    """subscore -> {n, min, median, max, distinct, full, bins: [(lo, hi, count), ...]}; empty
    subscores (no report assessed) are omitted."""
    from reviewer.scoring.score import SUBSCORES

    full = _full()
    out: dict[str, dict[str, Any]] = {}
    for s in SUBSCORES:
        xs = sorted(float(v) for r in results if r.error is None and isinstance(v := r.subscores.get(s), int | float))
        if not xs:
            continue
        top = full.get(s) or max(xs) or 1.0
        width = top / N_BINS
        counts = [0] * N_BINS
        for x in xs:
            counts[min(N_BINS - 1, max(0, int(x / width)))] += 1
        out[s] = {
            "n": len(xs), "min": xs[0], "median": round(_median(xs), 2), "max": xs[-1], "distinct": len(set(xs)), "full": top,
            "bins": [(round(i * width, 2), round((i + 1) * width, 2), c) for i, c in enumerate(counts)],
        }
    return out


def distribution_lines(stats: dict[str, dict[str, Any]], lang: str = "zh") -> list[str]:
    """Plain-text lines for table/terminal summaries: one line per subscore, in ``lang``."""
    from reviewer.messages import ui

    lines = []
    for s, st in stats.items():
        top = max(c for *_, c in st["bins"]) or 1
        bars = " ".join(f"{'█' * round(6 * c / top):<6}{c:>3}" for *_, c in st["bins"])
        name = ui(f"sub-{s}", lang) if f"sub-{s}" in _SUB_KEYS else s
        lines.append(ui("distribution-line", lang, name=name, full=st["full"], min=st["min"], median=st["median"],
                        max=st["max"], distinct=st["distinct"], n=st["n"], bars=bars))
    return lines
