"""`reviewer eval real`: dev precision per rule on the real published reports, from an expert audit.

Users complain most about false positives, and a rule's precision on real reports is the number
that tells. The audit (``corpus/real_findings/verdicts.tsv``) is a standoff annotation: each
finding judged ``tp``/``fp`` by file, rule and character span into ``Document.text``, plus ``fn``
rows for defects the reviewer missed. Re-running the reviewer and matching by file + rule +
overlapping span gives precision on the judged findings; findings no verdict matches are
``unjudged`` (new since the audit) and are reported, never counted as right or wrong. Each row
carries the document's sha256 prefix so an audit against a changed file is reported as stale.

The figure is a *dev* precision: the rules were changed after reading the audited errors, so the
audited reports were used while developing and the figure is not a held-out estimate (``PART``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from reviewer.paths import ROOT, real_reports

VERDICTS = ROOT / "corpus" / "real_findings" / "verdicts.tsv"
REAL = real_reports()
PART = "dev precision (audited real reports, used while developing)"


@dataclass(frozen=True)
class Verdict:
    file: str
    sha256: str
    rule: str
    kind: str
    start: int
    end: int
    verdict: str  # tp | fp | fn
    note: str


def load_verdicts(path: Path = VERDICTS) -> list[Verdict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Verdict(r["file"], r["sha256"], r["rule"], r["kind"], int(r["start"]), int(r["end"]), r["verdict"], r["note"])
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    # zero-width spans (a missing section at the end of a document) match on equal position
    if a0 == a1 or b0 == b1:
        return a0 <= b1 and b0 <= a1
    return a0 < b1 and b0 < a1


def _key(path: str, real: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(real.resolve()).as_posix()
    except ValueError:
        return p.name


def evaluate(real: Path = REAL, verdicts: list[Verdict] | None = None) -> dict[str, Any]:
    """Per rule: findings, judged tp/fp, precision on judged, unjudged, misses still missed."""
    from reviewer.pipeline import Options, review

    verdicts = load_verdicts() if verdicts is None else verdicts
    results, _ = review([real], Options(jobs=1))
    by_file: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_file[v.file].append(v)
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict(findings=0, tp=0, fp=0, unjudged=0, fn=0, fn_missed=0))
    stale: list[str] = []
    errors: list[str] = []
    for r in results:
        if r.error:
            errors.append(f"{r.path}: {r.error}")
            continue
        key = _key(r.path, real)
        vs = by_file.get(key, [])
        if vs and r.sha256 and not r.sha256.startswith(vs[0].sha256):
            stale.append(key)
        for f in r.findings:
            row = rows[f.rule]
            row["findings"] += 1
            hits = [v for v in vs if v.rule == f.rule and v.verdict in ("tp", "fp") and _overlaps(f.start, f.end, v.start, v.end)]
            if not hits:
                row["unjudged"] += 1
            elif any(v.verdict == "tp" for v in hits):
                row["tp"] += 1
            else:
                row["fp"] += 1
        for v in vs:
            if v.verdict != "fn":
                continue
            rows[v.rule]["fn"] += 1
            # a miss counts as found when any finding of the same kind now overlaps its span
            if not any(f.kind == v.kind and _overlaps(f.start, f.end, v.start, v.end) for f in r.findings):
                rows[v.rule]["fn_missed"] += 1
    out = {}
    for rule in sorted(rows):
        row = rows[rule]
        judged = row["tp"] + row["fp"]
        out[rule] = {**row, "precision": round(row["tp"] / judged, 3) if judged else None}
    return {"part": PART, "rules": out, "stale": sorted(set(stale)), "errors": errors}


def precision(res: dict[str, Any], prefixes: tuple[str, ...]) -> float | None:
    """Pooled precision of the rules whose code starts with one of ``prefixes``."""
    tp = sum(v["tp"] for k, v in res["rules"].items() if k.startswith(prefixes))
    fp = sum(v["fp"] for k, v in res["rules"].items() if k.startswith(prefixes))
    return tp / (tp + fp) if tp + fp else None


def format_table(res: dict[str, Any]) -> str:
    lines = ["| rule | findings | judged tp | judged fp | precision | unjudged | known misses still missed |", "|---|---:|---:|---:|---:|---:|---:|"]
    tot = defaultdict(int)
    for rule, v in res["rules"].items():
        p = "—" if v["precision"] is None else f"{v['precision']:.2f}"
        miss = f"{v['fn_missed']}/{v['fn']}" if v["fn"] else "—"
        lines.append(f"| {rule} | {v['findings']} | {v['tp']} | {v['fp']} | {p} | {v['unjudged']} | {miss} |")
        for k in ("findings", "tp", "fp", "unjudged", "fn", "fn_missed"):
            tot[k] += v[k]
    judged = tot["tp"] + tot["fp"]
    p = f"{tot['tp'] / judged:.2f}" if judged else "—"
    lines.append(f"| all | {tot['findings']} | {tot['tp']} | {tot['fp']} | {p} | {tot['unjudged']} | {tot['fn_missed']}/{tot['fn']} |")
    return "\n".join(lines)


@click.command(name="real")
@click.option("--real", "real_dir", type=click.Path(path_type=Path), default=REAL, show_default=True, help="folder of real reports")
def cli(real_dir: Path) -> None:
    """真实报告（已人工审核，dev）上各规则的查准率。

    Dev precision per rule on the audited real reports (corpus/real_findings/verdicts.tsv)."""
    if not real_dir.is_dir():
        click.echo(f"skipped: {real_dir} not present (the real reports live outside the repository)")
        return
    res = evaluate(real_dir)
    click.echo(f"{PART}; not a held-out estimate")
    click.echo(format_table(res))
    click.echo("unjudged = findings no audit verdict matches: new since the audit, or V301 sentences outside the audited sample;"
               " precision is over judged findings only")
    for s in res["stale"]:
        click.echo(f"stale: {s} changed since the audit (sha256 differs); its verdicts may not match")
    for e in res["errors"]:
        click.echo(f"error: {e}")
