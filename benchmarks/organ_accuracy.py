"""Organ and year detection on the annotated real reports (``corpus/reading/split.tsv``), dev and
test parts apart; for the test part only the aggregate is printed (it is never tuned on).

Expected organ and year come from ``../shared/reports/<collection>/index.tsv`` (column ``organ`` or
``agency``, and ``year``). An organ counts as right when its canonical name equals the expected one
(``reviewer.metadata.same_organ``); unknown counts as wrong.

    PYTHONPATH=. python benchmarks/organ_accuracy.py [--show-dev] [--with-test]

"key" counts an organ right when its linking key (``reviewer.organs.organ_key``) equals the
expected one's: the same organ for pairing across years, even where the printed name differs.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reports"
SPLIT = ROOT / "corpus" / "reading" / "split.tsv"


def expected() -> dict[tuple[str, str], tuple[str, int]]:
    out: dict[tuple[str, str], tuple[str, int]] = {}
    for coll in ("real", "hebei"):
        with (SHARED / coll / "index.tsv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out[(coll, row["file"])] = (row.get("organ") or row.get("agency") or "", int(row["year"]))
    return out


def split() -> list[tuple[str, str, str]]:
    with SPLIT.open(encoding="utf-8", newline="") as fh:
        return [(r["collection"], r["file"], r["part"]) for r in csv.DictReader(fh, delimiter="\t")]


def main(show_dev: bool = False, with_test: bool = False) -> None:
    from reviewer.io import read_document

    try:
        from reviewer.organs import organ_key, same_organ
    except ImportError:  # measured before the normaliser existed
        from reviewer.similarity.organs import organ_key

        def same_organ(a: str | None, b: str | None) -> bool:
            return bool(a and b and (a == b or b.startswith(a) or a.startswith(b)))

    exp = expected()
    tally: dict[str, list[int]] = {}
    for coll, name, part in split():
        if part == "test" and not with_test:
            continue
        organ, year = exp[(coll, name)]
        doc = read_document(SHARED / coll / name)
        ok_o, ok_y = same_organ(doc.organ, organ), doc.year == year
        ok_k = bool(doc.organ) and organ_key(doc.organ) == organ_key(organ)
        t = tally.setdefault(part, [0, 0, 0, 0])
        t[0] += 1
        t[1] += ok_o
        t[2] += ok_y
        t[3] += ok_k
        if part == "dev" and show_dev and not (ok_o and ok_y):
            print(f"  dev miss {coll}/{name}: organ={doc.organ!r} (want {organ}) year={doc.year} (want {year})")
    for part in ("dev", "test"):
        n, o, y, k = tally.get(part, [0, 0, 0, 0])
        if n:
            print(f"{part}: {n} files, organ right {o}/{n} = {o / n:.1%} (key {k}/{n} = {k / n:.1%}), year right {y}/{n} = {y / n:.1%}")


if __name__ == "__main__":
    main(show_dev="--show-dev" in sys.argv, with_test="--with-test" in sys.argv)
