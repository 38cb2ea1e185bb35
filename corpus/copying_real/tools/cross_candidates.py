"""Candidate passages shared by reports of different organs, for the cross-organ copy gold (cross.tsv).

Stand-alone (not the reviewer): each raw file is reduced to its Chinese characters, every run of
Arabic digits (with its decimal point, % or ‰) taken as one equal token '#'. Every 12-token
k-gram shared by two files of different organs seeds a match; matches on one diagonal are merged
into maximal shared stretches, and stretches following each other in both files with gaps of at most
``GAP`` tokens (a swapped name, a changed word) are chained into one passage. Passages of at least
``MIN_HAN`` shared Chinese characters are written, one row per file side (both orientations), with
raw code-point offsets (first to last shared character) and simple features for labelling.
No report text is written.

    python corpus/copying_real/tools/cross_candidates.py OUT.tsv
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared" / "reports"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/reports")
COLLECTIONS = ("real", "hebei")
LEFT_OUT = {"hebei_jiaoyuting_2018_tongjibiao.txt"}  # a statistics table on its own page
K, GAP, MIN_HAN = 12, 8, 30
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUM = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％‰]?")
_YEAR = re.compile(r"^(?P<organ>.+)_(?P<year>\d{4})$")


def organ(name: str) -> str:
    m = _YEAR.match(Path(name).stem)
    return m.group("organ") if m else Path(name).stem


def tokens(raw: str) -> tuple[str, list[int], list[int]]:
    """The token string, each token's raw start and raw end."""
    out, starts, ends = [], [], []
    i = 0
    while i < len(raw):
        m = _NUM.match(raw, i)
        if m:
            out.append("#")
            starts.append(i)
            ends.append(m.end())
            i = m.end()
            continue
        if _HAN.match(raw[i]):
            out.append(raw[i])
            starts.append(i)
            ends.append(i + 1)
        i += 1
    return "".join(out), starts, ends


def stretches(a: str, b: str, grams_b: dict[str, list[int]]) -> list[tuple[int, int, int, int]]:
    """Maximal shared stretches (a_start, a_end, b_start, b_end) in tokens, at least K long."""
    seen: set[tuple[int, int]] = set()
    out = []
    for i in range(len(a) - K + 1):
        for j in grams_b.get(a[i:i + K], ()):
            if (i, j) in seen:
                continue
            s, t = i, j
            while s > 0 and t > 0 and a[s - 1] == b[t - 1]:
                s, t = s - 1, t - 1
            e, f = i + K, j + K
            while e < len(a) and f < len(b) and a[e] == b[f]:
                e, f = e + 1, f + 1
            for d in range(e - s - K + 1):
                seen.add((s + d, t + d))
            out.append((s, e, t, f))
    return sorted(set(out))


def chain(st: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Chain stretches following each other in both files with small gaps."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for s in sorted(st):
        for g in groups:
            last = g[-1]
            if 0 <= s[0] - last[1] <= GAP and 0 <= s[2] - last[3] <= GAP:
                g.append(s)
                break
        else:
            groups.append([s])
    return groups


def main(out_path: str) -> None:
    files = []
    for coll in COLLECTIONS:
        for p in sorted((SHARED / coll).glob("*.txt")):
            if p.name in LEFT_OUT:
                continue
            raw = p.open(encoding="utf-8").read()
            toks, starts, ends = tokens(raw)
            files.append((coll, p.name, raw, toks, starts, ends))
    grams = []
    for f in files:
        g: dict[str, list[int]] = defaultdict(list)
        toks = f[3]
        for i in range(len(toks) - K + 1):
            g[toks[i:i + K]].append(i)
        grams.append(g)
    rows = []
    for x in range(len(files)):
        for y in range(x + 1, len(files)):
            fa, fb = files[x], files[y]
            if organ(fa[1]) == organ(fb[1]):
                continue
            if not set(grams[x]).intersection(grams[y]):
                continue
            for g in chain(stretches(fa[3], fb[3], grams[y])):
                han = sum(e - s - fa[3][s:e].count("#") for s, e, _t, _f in g)
                if han < MIN_HAN:
                    continue
                a0, a1 = fa[4][g[0][0]], fa[5][g[-1][1] - 1]
                b0, b1 = fb[4][g[0][2]], fb[5][g[-1][3] - 1]
                for (c1, n1, r1, s1, e1), (n2, s2, e2) in (((fa[0], fa[1], fa[2], a0, a1), (fb[1], b0, b1)),
                                                            ((fb[0], fb[1], fb[2], b0, b1), (fa[1], a0, a1))):
                    seg = r1[s1:e1]
                    rows.append((c1, n1, s1, e1, n2, s2, e2, han, seg.count("|"), seg.count("\n"), len(g)))
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write("collection\tfile\tstart\tend\tother_file\tother_start\tother_end\than\tpipes\tlines\tpieces\n")
        for r in sorted(rows):
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} rows, {len({(r[1], r[4]) for r in rows}) // 2} pairs of files", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
