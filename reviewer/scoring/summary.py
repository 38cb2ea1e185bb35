"""Batch summary: what a reviewer reads first — the ranking, how scores spread, which defects
dominate, and (when the batch spans years) which organs have no report for a year.

Every renderer (terminal, CSV, XLSX, HTML) takes its batch numbers from here, so they agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.model import KINDS, Result

BINS = tuple(range(0, 100, 10))  # score bins [0,10) … [90,100]


@dataclass
class Summary:
    ranking: list[Result]  # scored reports, best first, then unscored, then attachments (附件), then errors
    distribution: dict[str, int]  # "0-9" … "90-100" -> count of scored reports
    kinds: dict[str, int]  # finding kind -> count (KINDS order, zero kinds omitted)
    missing: dict[str, list[int]]  # organ -> years of the batch span with no report
    years: list[int]
    n_reports: int
    n_scored: int
    n_errors: int
    mean: float | None
    median: float | None
    copy_grid: dict[str, dict[int, float]] = field(default_factory=dict)  # organ -> year -> copied share
    attachments: list[Result] = field(default_factory=list)  # stand-alone 统计表: listed, never ranked
    subscore_stats: dict[str, dict[str, Any]] = field(default_factory=dict)  # reviewer.scoring.distribution
    needs_review: list[Result] = field(default_factory=list)  # coverage under the threshold: 需人工复核
    # organs publishing the same text (C202 evidence "group"): {"organs", "members", "earliest_year", "reports"},
    # and "reports_total" when the group is larger than the reports listed (similarity.groups.GROUP_LIST)
    copy_clusters: list[dict[str, Any]] = field(default_factory=list)

    def rank_of(self, r: Result) -> int | None:
        """1-based rank among the ranked reports; None for 需人工复核, unscored and failed ones."""
        i = 0
        for x in self.ranking:
            if x.score is None or x.review_status == "needs-review":
                continue
            i += 1
            if x is r:
                return i
        return None


def bin_label(lo: int) -> str:
    return f"{lo}-{lo + 9}" if lo < 90 else "90-100"


def _bin(score: float) -> int:
    return min(90, int(score // 10) * 10)


def rank(results: list[Result]) -> list[Result]:
    """Best first, then the reports that need manual review (需人工复核: coverage under the
    threshold, docs/scoring.md), then attachments (``doc_type == "attachment"``, never ranked), then
    unscored, then failed; ties broken by fewer error findings, then path, so the order is stable."""

    def key(r: Result) -> tuple[Any, ...]:
        errs = sum(f.severity == "error" for f in r.findings)
        return (r.error is not None, is_attachment(r), r.score is None, r.review_status == "needs-review", -(r.score or 0.0), errs, r.path)

    return sorted(results, key=key)


def copied_share(r: Result) -> float | None:
    """own + other copied share from the similarity metrics, None when not measured."""
    c = r.metrics.get("copy") if isinstance(r.metrics, dict) else None
    if not isinstance(c, dict):
        return None
    vals = [c.get(k) for k in ("own_share", "other_share")]
    nums = [float(v) for v in vals if isinstance(v, int | float) and not isinstance(v, bool)]
    return min(1.0, sum(nums)) if nums else None


def is_attachment(r: Result) -> bool:
    return getattr(r, "doc_type", "report") == "attachment"


def organ_label(r: Result) -> str:
    return r.organ or Path(r.path).stem


def subscore_stats(results: list[Result]) -> dict[str, dict[str, Any]]:
    from reviewer.scoring.distribution import subscore_distribution

    return subscore_distribution(results)


def summarise(results: list[Result]) -> Summary:
    ranking = rank(results)
    scored = [r.score for r in results if r.score is not None]
    dist = {bin_label(b): 0 for b in BINS}
    for s in scored:
        dist[bin_label(_bin(s))] += 1
    counts = Counter(f.kind for r in results for f in r.findings)
    kinds = {k: counts[k] for k in KINDS if counts[k]}
    kinds.update({k: n for k, n in counts.items() if k not in KINDS})
    years = sorted({r.year for r in results if r.year is not None and not r.error and not is_attachment(r)})
    missing: dict[str, list[int]] = {}
    if len(years) > 1:
        span = range(years[0], years[-1] + 1)
        have: dict[str, set[int]] = {}
        for r in results:
            if r.organ and r.year is not None and not r.error and not is_attachment(r):
                have.setdefault(r.organ, set()).add(r.year)
        for organ, ys in sorted(have.items()):
            gap = [y for y in span if y not in ys]
            if gap:
                missing[organ] = gap
    grid: dict[str, dict[int, float]] = {}
    for r in results:
        share = copied_share(r)
        if share is not None and r.year is not None:
            grid.setdefault(organ_label(r), {})[r.year] = share
    ss = sorted(scored)
    median = None
    if ss:
        m = len(ss) // 2
        median = ss[m] if len(ss) % 2 else (ss[m - 1] + ss[m]) / 2
    return Summary(
        ranking=ranking, distribution=dist, kinds=kinds, missing=missing, years=years,
        n_reports=len(results), n_scored=len(scored), n_errors=sum(r.error is not None for r in results),
        mean=round(sum(ss) / len(ss), 2) if ss else None, median=median, copy_grid=grid,
        attachments=[r for r in ranking if is_attachment(r) and not r.error],
        subscore_stats=subscore_stats(results),
        needs_review=[r for r in ranking if r.review_status == "needs-review" and r.error is None],
        copy_clusters=copy_clusters(results),
    )


def copy_clusters(results: list[Result]) -> list[dict[str, Any]]:
    """Groups of organs publishing the same text, largest first (from the ``group`` evidence of
    copied-from-other findings)."""
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in results:
        for f in r.findings:
            g = (f.evidence or {}).get("group") if f.rule == "C202" else None
            if isinstance(g, dict) and g.get("reports"):
                seen.setdefault((*g["reports"], g.get("reports_total")),
                                {k: g.get(k) for k in ("organs", "members", "earliest_year", "reports", "reports_total") if k in g or k != "reports_total"})
    return sorted(seen.values(), key=lambda g: (-(g.get("organs") or 0), g.get("earliest_year") or 0))


def summary_rows(results: list[Result]) -> list[dict[str, Any]]:
    """One flat row per report, ranked: the summary sheet/CSV and the terminal table."""
    from reviewer.scoring.score import SUBSCORES

    summ = summarise(results)
    rows = []
    for r in summ.ranking:
        c = r.metrics.get("copy") if isinstance(r.metrics.get("copy"), dict) else {}
        v = r.metrics.get("vagueness") if isinstance(r.metrics.get("vagueness"), dict) else {}
        kinds = Counter(f.kind for f in r.findings)
        row: dict[str, Any] = {
            "rank": summ.rank_of(r),
            "path": r.path,
            "organ": r.organ,
            "year": r.year,
            "era": r.era,
            "score": r.score,
            "coverage": r.coverage,
            "review_status": "需人工复核" if r.review_status == "needs-review" else r.review_status,
        }
        for s in SUBSCORES:
            row[s] = r.subscores.get(s)
        row.update({
            "findings": len(r.findings),
            "errors": sum(f.severity == "error" for f in r.findings),
            "warnings": sum(f.severity == "warning" for f in r.findings),
            "own_share": c.get("own_share"),
            "other_share": c.get("other_share"),
            "share_vague": v.get("share_vague"),
            "top_kinds": ", ".join(f"{k} {n}" for k, n in kinds.most_common(3)),
            "error": r.error,
            "doc_type": getattr(r, "doc_type", "report"),
            "linked": linked_label(r),
        })
        rows.append(row)
    return rows


def linked_label(r: Result) -> str | None:
    """The report an attachment belongs to, or the attachments of a report (paths, ``; ``-joined)."""
    m = r.metrics if isinstance(r.metrics, dict) else {}
    if m.get("attachment_of"):
        return str(m["attachment_of"])
    atts = m.get("attachments")
    return "; ".join(map(str, atts)) if isinstance(atts, list) and atts else None


def finding_rows(results: list[Result]) -> list[dict[str, Any]]:
    """One flat row per finding (ranked report order): the findings sheet/CSV."""
    from reviewer.baseline import fingerprint

    rows = []
    for r in rank(results):
        cited: dict[int, str] = {}
        for d in r.deductions:
            for i in d.get("findings", []):
                cited.setdefault(i, d["subscore"])
        for i, f in enumerate(r.findings):
            src = source_of(f)
            rows.append({
                "path": r.path,
                "organ": r.organ,
                "year": r.year,
                "score": r.score,
                "index": i,
                "rule": f.rule,
                "kind": f.kind,
                "severity": f.severity,
                "section": f.section,
                "line": f.line,
                "start": f.start,
                "end": f.end,
                "message": f.message,
                "text": f.text,
                "source_path": src.get("path"),
                "source_year": src.get("year"),
                "deducted_from": cited.get(i),
                "fingerprint": fingerprint(f),
            })
    return rows


def source_of(f: Any) -> dict[str, Any]:
    """Where a copied passage came from, read tolerantly from the finding's evidence (the similarity
    analyzer's keys: ``source_path``/``source_year``/``source_text``/``source_organ``, or a nested
    ``source`` dict). Empty dict when the finding names no source."""
    ev = f.evidence if isinstance(getattr(f, "evidence", None), dict) else {}
    nested = ev.get("source") if isinstance(ev.get("source"), dict) else {}
    out: dict[str, Any] = {}
    for key, names in (
        ("path", ("source_path", "source_file", "path")),
        ("year", ("source_year", "year")),
        ("organ", ("source_organ", "organ")),
        ("text", ("source_text", "source_passage", "text", "passage")),
        ("start", ("source_start", "src_start", "start")),
        ("end", ("source_end", "src_end", "end")),
        ("similarity", ("similarity", "score", "ratio")),
    ):
        for n in names:
            v = nested.get(n) if n in nested else (ev.get(n) if n.startswith(("source_", "src_")) or n == "similarity" else None)
            if v is not None:
                out[key] = v
                break
    if "path" not in out and isinstance(ev.get("source"), str):
        out["path"] = ev["source"]
    return out


def year_ranges(years: list[int]) -> str:
    """[2014, 2015, 2016, 2019] -> "2014–2016, 2019": long gaps read as one span."""
    out: list[str] = []
    ys = sorted(years)
    i = 0
    while i < len(ys):
        j = i
        while j + 1 < len(ys) and ys[j + 1] == ys[j] + 1:
            j += 1
        out.append(str(ys[i]) if i == j else f"{ys[i]}–{ys[j]}")
        i = j + 1
    return ", ".join(out)
