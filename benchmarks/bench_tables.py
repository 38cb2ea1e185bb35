"""Speed of table extraction and the T1xx rules per document.

    python benchmarks/bench_tables.py                # bundled example + synthetic variants
    python benchmarks/bench_tables.py ../shared/reports/real   # plus the real reports, if present

Prints milliseconds per document for ``extract_tables`` and for all table rules together (sharing
one analysis per document, as in the pipeline), best of ``--repeat`` runs (best-of is robust to other work on the cores).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.io import read_document  # noqa: E402
from reviewer.rules.registry import Context  # noqa: E402
from reviewer.rules.runner import load_rules  # noqa: E402
from reviewer.tables import extract_tables  # noqa: E402
from reviewer.tables.sample import doc_from_text, sample_report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    docs = [read_document(ROOT / "examples" / "qinghe_jiaotong_2024.txt"), doc_from_text(sample_report())]
    for p in args.paths:
        for f in sorted(Path(p).glob("*.txt")):
            docs.append(read_document(f))
    rules = [r for r in load_rules().values() if r.family in ("tables", "text_table")]

    def extract() -> None:
        for d in docs:
            extract_tables(d)

    def check() -> None:
        for d in docs:
            ctx = Context()  # one analysis per document, as the pipeline gives the rules
            for r in rules:
                r.check(d, ctx)

    for name, fn in (("extract_tables", extract), ("all T1xx rules", check)):
        best = min(_timed(fn) for _ in range(args.repeat))
        print(f"{name:16} {best / len(docs) * 1000:6.2f} ms/doc over {len(docs)} documents")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
