"""Build the sentence units of the real vagueness set (standoff: file + code-point offsets into the raw
UTF-8 file), from the section annotations of corpus/reading/sections.tsv: every sentence of slot 五 and
a seeded sample of six sentences of slot 一 per report. A sentence ends at 。！？； or at a line or
full-width-space paragraph break; units with fewer than six Chinese characters or that look like table
rows are left out. 180 units, stratified by part, are marked for the second reader (double = 1).

    python corpus/vague/real_set/make_units.py ../shared/reports > corpus/vague/real_set/units.tsv
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
READING = HERE.parent.parent / "reading"
_UNIT = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’」』）)]*)?")


def _rows(name: str) -> list[dict[str, str]]:
    with open(READING / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _UNIT.finditer(text, start, end):
        for piece in re.finditer(r"[^　]+", m.group(0)):
            s = m.start() + piece.start()
            e = m.start() + piece.end()
            seg = text[s:e]
            ls = len(seg) - len(seg.lstrip(" \t　"))
            rs = len(seg.rstrip(" \t　"))
            s, e = s + ls, s + rs
            seg = text[s:e]
            han = sum(1 for ch in seg if "\u4e00" <= ch <= "\u9fff")
            if han < 6 or "|" in seg or sum(ch.isdigit() for ch in seg) > max(8, len(seg) // 3):
                continue
            out.append((s, e))
    return out


def main(reports: Path) -> None:
    part = {(r["collection"], r["file"]): r["part"] for r in _rows("split.tsv")}
    docs = {(r["collection"], r["file"]): r for r in _rows("docs.tsv")}
    slots: dict[tuple[str, str], dict[str, tuple[str, int, int]]] = {}
    for r in _rows("sections.tsv"):
        if r["status"] != "absent":
            slots.setdefault((r["collection"], r["file"]), {})[r["slot"]] = (r["status"], int(r["start"]), int(r["end"]))
    rows = []
    for key in sorted(slots):
        if docs[key]["doc_type"] != "report":
            continue
        text = (reports / key[0] / key[1]).read_text(encoding="utf-8")
        marks = slots[key]
        starts = sorted(v[1] for v in marks.values())
        for slot in ("五", "一"):
            if slot not in marks:
                continue
            status, s, e = marks[slot]
            body_start = e if status == "heading" else s
            end = min([x for x in starts if x > s] + [len(text)])
            if status != "heading":
                end = max(end, e) if e > body_start else end
            us = units(text, body_start, end)
            if slot == "一":
                us = sorted(random.Random(f"{key[1]}:一").sample(us, min(6, len(us))))
            rows.extend((key[0], key[1], slot, s_, e_, part[key]) for s_, e_ in us)
    rng = random.Random(20261207)
    double = set()
    for p in ("dev", "test"):
        idx = [i for i, r in enumerate(rows) if r[5] == p]
        double.update(rng.sample(idx, min(90, len(idx))))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["unit", "collection", "file", "section", "start", "end", "part", "double"])
    for i, r in enumerate(rows):
        w.writerow([f"u{i:04d}", *r, int(i in double)])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
