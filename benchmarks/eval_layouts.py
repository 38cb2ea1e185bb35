"""`reviewer eval detection` split by crawl layout: the reviewer runs once on the whole batch (copy
and cross-year checks need every report), then each report's findings are scored against its
truth in the group of every layout it carries (a report in several layouts counts in each), plus
"canonical" for reports with none.

    PYTHONPATH=. python -m reviewer.cli generate OUT --realistic --organs 40 --years 2017,2018,2020,2022,2023,2024
    PYTHONPATH=. python benchmarks/eval_layouts.py OUT
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reviewer.generate.batch import read_truth
from reviewer.generate.evaluate import KindStats, Pred, _offset_map, score_document
from reviewer.model import KINDS
from reviewer.pipeline import Options, review


def groups(row: dict) -> list[str]:
    lay = row.get("layout") or {}
    out = [f"{k}={v}" if k in ("body", "tables") else k for k in lay for v in [lay[k]] if k != "attachment_of"]
    if row.get("doc_type") == "attachment":
        out = ["attachment file"] + [g for g in out if g != "attachment"]
    return out or ["canonical"]


def main(folder: Path) -> None:
    rows = read_truth(folder)
    manifest = {str(r["file"]): (r["organ"], r["year"]) for r in rows}
    results, docs = review([r["file"] for r in rows], Options(jobs=0, manifest=manifest))
    by_path = {str(Path(r.path)): r for r in results}
    texts = {str(Path(d.path)): d.text for d in docs}
    stats: dict[str, dict[str, KindStats]] = {}
    counts: dict[str, int] = {}
    on_chrome: dict[str, int] = {}  # findings overlapping page chrome, by kind: all false alarms
    for row in rows:
        key = str(Path(row["file"]))
        res = by_path.get(key)
        preds: list[Pred] = []
        if res is not None and not res.error:
            f = _offset_map(texts.get(key, ""), row.get("text", texts.get(key, "")))
            preds = [Pred(x.kind, f(x.start), f(x.end), x.section, x.rule,
                          x.message + " " + json.dumps(x.evidence, ensure_ascii=False, default=str)) for x in res.findings]
        for p in preds:
            if any(p.start < b and a < p.end for a, b, _ in row.get("chrome", ())):
                on_chrome[p.kind] = on_chrome.get(p.kind, 0) + 1
        for g in groups(row):
            counts[g] = counts.get(g, 0) + 1
            score_document(preds, row["truth"], stats.setdefault(g, {}), row.get("shared_wording"))
    for g in sorted(stats, key=lambda g: (g != "canonical", g)):
        st = stats[g]
        print(f"\n{g} ({counts[g]} files)")
        print(f"  {'kind':22} {'truth':>6} {'found':>6} {'pred':>6} {'tp':>6}")
        for k in KINDS:
            s = st.get(k)
            if s and (s.truth or s.pred):
                print(f"  {k:22} {s.truth:6d} {s.found:6d} {s.pred:6d} {s.correct:6d}")
    print("\nfindings overlapping page chrome (false alarms): "
          + (", ".join(f"{k} {v}" for k, v in sorted(on_chrome.items())) or "none"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
