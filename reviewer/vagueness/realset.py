"""The labelled real vagueness set: standoff sentence units of ../shared/reports/{real,hebei}.

``corpus/vague/real_set/units.tsv`` holds one row per sentence unit (collection, file, section 五 or
一, code-point offsets into the raw UTF-8 file, ``part`` dev|test split by organ, ``double`` for the
units read twice). The gold label of a unit is the first reader's (``labels_a_*.tsv``) unless
``adjudication.tsv`` overrules it for a unit the two readers disagreed on. No sentence text is stored
in the corpus: the text is read from the reports when they are present.

The ``test`` part is sealed: it is scored only in aggregate by ``reviewer eval vagueness`` and never
used to choose features, thresholds or training sentences.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from reviewer.paths import shared_reports
from reviewer.vagueness.corpus import LABELS, span_text

REAL_SET = Path("vague") / "real_set"
COLLECTIONS = ("real", "hebei")


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    collection: str
    file: str
    section: str
    start: int
    end: int
    part: str
    double: bool
    label: str
    text: str = ""


def reports_root() -> Path:
    """Folder holding real/ and hebei/ (``REVIEWER_REPORTS_ROOT`` or ../shared/reports)."""
    return shared_reports()


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def gold_labels(corpus: Path) -> dict[str, str]:
    """unit → gold label: the first reader's, overruled by the adjudication of disagreements."""
    base = corpus / REAL_SET
    gold: dict[str, str] = {}
    for path in sorted(base.glob("labels_a*.tsv")):
        for r in _tsv(path):
            if r["label"] not in LABELS:
                raise ValueError(f"{path.name}: {r['unit']}: bad label {r['label']!r}")
            gold[r["unit"]] = r["label"]
    adj = base / "adjudication.tsv"
    if adj.exists():
        for r in _tsv(adj):
            if r["label"] not in LABELS:
                raise ValueError(f"adjudication.tsv: {r['unit']}: bad label {r['label']!r}")
            gold[r["unit"]] = r["label"]
    return gold


def kappa(corpus: Path) -> tuple[float, int, int]:
    """Cohen's κ between the first and the second reader on the double units: (κ, n, disagreements)."""
    base = corpus / REAL_SET
    a: dict[str, str] = {}
    for path in sorted(base.glob("labels_a*.tsv")):
        a.update((r["unit"], r["label"]) for r in _tsv(path))
    pairs = [(a[r["unit"]], r["label"]) for r in _tsv(base / "labels_b.tsv") if r["unit"] in a]
    n = len(pairs)
    if not n:
        return 0.0, 0, 0
    po = sum(x == y for x, y in pairs) / n
    pe = sum((sum(x == lab for x, _ in pairs) / n) * (sum(y == lab for _, y in pairs) / n) for lab in LABELS)
    k = (po - pe) / (1 - pe) if pe < 1 else 1.0
    return k, n, sum(x != y for x, y in pairs)


def file_parts(corpus: Path) -> dict[str, str]:
    """Report file name → part (dev|test) as the real set splits them by organ."""
    path = corpus / REAL_SET / "units.tsv"
    return {r["file"]: r["part"] for r in _tsv(path)} if path.exists() else {}


def load_units(corpus: Path, reports: Path | None = None, part: str | None = None) -> list[Unit]:
    """Every labelled unit (of ``part`` when given) with its text; empty when the reports are absent."""
    reports = reports or reports_root()
    path = corpus / REAL_SET / "units.tsv"
    if not path.exists() or not all((reports / c).is_dir() for c in COLLECTIONS):
        return []
    gold = gold_labels(corpus)
    texts: dict[tuple[str, str], str] = {}
    out: list[Unit] = []
    for r in _tsv(path):
        if part is not None and r["part"] != part:
            continue
        if r["unit"] not in gold:
            continue
        key = (r["collection"], r["file"])
        if key not in texts:
            texts[key] = (reports / key[0] / key[1]).read_text(encoding="utf-8")
        s, e = int(r["start"]), int(r["end"])
        out.append(Unit(r["unit"], r["collection"], r["file"], r["section"], s, e, r["part"], r["double"] == "1",
                        gold[r["unit"]], span_text(texts[key], s, e)))
    return out


def dedupe(units: list[Unit]) -> tuple[list[Unit], int]:
    """Units whose text repeats verbatim an earlier unit of the same part and section are dropped
    (organs copy their own earlier years); returns the kept units and how many were dropped."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[Unit] = []
    for u in units:
        key = (u.part, u.section, u.text)
        if key in seen:
            continue
        seen.add(key)
        kept.append(u)
    return kept, len(units) - len(kept)
