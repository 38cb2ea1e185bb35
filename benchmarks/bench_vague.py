"""Throughput of the vagueness classifier: sentences per second, and section-五 scoring per report.

    python benchmarks/bench_vague.py [--repeat N] [--reports DIR]

Loads the model once (as the pipeline does per process), then scores the corpus sentences in one
batch, in batches of 20 (a typical section 五), and one at a time (the worst case); with --reports
(default ../shared/reports/real when present) it also times ``analyse`` on whole documents.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.vagueness.corpus import load_corpus, real_dir  # noqa: E402
from reviewer.vagueness.model import MODEL_FILE, load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reports", type=Path, default=None)
    args = ap.parse_args()

    t0 = time.perf_counter()
    model = load(ROOT / "models" / MODEL_FILE)
    print(f"model load: {time.perf_counter() - t0:.3f} s")
    sents = [e.sentence for e in load_corpus(ROOT / "corpus")]
    model.predict_proba(sents[:10])  # warm the segmenter

    def rate(batch: int) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for i in range(0, len(sents), batch):
                model.predict_proba(sents[i : i + batch])
            best = min(best, time.perf_counter() - t)
        return len(sents) / best

    for batch, name in ((len(sents), "one batch"), (20, "batches of 20 (a section 五)"), (1, "one at a time")):
        print(f"{name:32} {rate(batch):8.0f} sentences/s  ({len(sents)} sentences, best of {args.repeat})")

    reports = args.reports or real_dir()
    if reports.is_dir():
        from reviewer.io import read_document
        from reviewer.vagueness.section import analyse

        docs = [read_document(p) for p in sorted(reports.glob("*.txt"))]
        t = time.perf_counter()
        n = sum(len(a.sentences) for d in docs if (a := analyse(d, model)) is not None)
        dt = time.perf_counter() - t
        print(f"section 五 analysis: {len(docs) / dt:8.1f} reports/s  ({len(docs)} reports, {n} sentences, {dt:.2f} s)")


if __name__ == "__main__":
    main()
