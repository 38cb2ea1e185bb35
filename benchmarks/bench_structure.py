"""Section detection and paragraph-classifier speed.

    python benchmarks/bench_structure.py            # bundled example, a few seconds
    python benchmarks/bench_structure.py --real     # also the real reports in ../shared

Detection runs on every document; the classifier only when a heading is missing, so both are
reported: documents/s for detection and paragraphs/s for the classifier.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "reports" / "real"


def main() -> None:
    from reviewer.io import read_document
    from reviewer.normalise import normalise_line
    from reviewer.structure.classifier import load_model
    from reviewer.structure.detect import detect_sections

    ap = argparse.ArgumentParser()
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    files = [ROOT / "examples" / "qinghe_jiaotong_2024.txt"]
    if args.real and REAL.is_dir():
        files += sorted(REAL.glob("*.txt"))
    docs = [read_document(f) for f in files]
    t = time.perf_counter()
    for _ in range(args.rounds):
        for d in docs:
            detect_sections(d)
    dt = time.perf_counter() - t
    print(
        f"detect_sections: {args.rounds * len(docs) / dt:.0f} documents/s ({len(docs)} documents x {args.rounds})"
    )
    model = load_model()
    paras = [normalise_line(d.text[p.start : p.end]) for d in docs for p in d.paragraphs]
    t = time.perf_counter()
    for _ in range(max(1, args.rounds // 4)):
        model.proba(paras)
    dt = time.perf_counter() - t
    print(
        f"classifier: {max(1, args.rounds // 4) * len(paras) / dt:.0f} paragraphs/s ({len(paras)} paragraphs)"
    )


if __name__ == "__main__":
    main()
