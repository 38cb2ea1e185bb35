"""Sentences a fresh report repeats by accident of the clause pools: don't-care regions of the truth.

The generator writes each organ's fresh paragraphs from per-organ slots (its topics, its account
names), so an organ can write next year the very sentence it wrote this year with only the figures
different, and two organs of one type can write the same sentence. The copying rules (spec §7) treat a sentence
repeated with only the year or figures changed as copied, so a detector is right to find them; but
no copy was injected there, so they are neither hits nor false alarms: each such sentence gets a
benign ``template-text`` item whose ``ignore_kinds`` are the copy kinds it could be taken for, and
template-text itself when the sentence recurs in the reports of three or more organs.
Found by exact comparison of normalised sentences and of their clauses (figures, years, the
organ's name and the wording variant each report picks folded), never by a detector.
"""

from __future__ import annotations

import re
from typing import Any

from reviewer.generate.pools import SYNONYMS
from reviewer.generate.truth import TruthItem

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_CLAUSE = re.compile(r"[^，,：:。；！？\n]+[，,：:。；！？]?")
_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?%?")
_PUNCT = re.compile(r"[\s，,、：:；;。！？“”\"（）()]+")
MIN_CHARS = 14  # normalised characters (figures excluded): a shorter sentence is a set phrase
OWN_KINDS = ["copied-from-own-past", "repeated-problem"]
OTHER_KINDS = ["copied-from-other"]
# wording (figures folded) in the reports of this many organs is template text by document
# frequency, as the batch's shared wording is: a template-text prediction there is not false
TEMPLATE_ORGANS = 3
TEMPLATE_KINDS = ["template-text"]


# each report picks one variant of every wording group (``pools.SYNONYMS``): a pool sentence written
# again next year may differ only in that choice, and is folded to the group's first variant
_VARIANT = {v: vs[0] for _, vs in SYNONYMS for v in vs}
_VARIANTS = re.compile("|".join(sorted(map(re.escape, _VARIANT), key=len, reverse=True)))


def _key(piece: str, organ: str) -> str:
    folded = _VARIANTS.sub(lambda m: _VARIANT[m.group()], piece.replace(organ, "§"))
    return _PUNCT.sub("", _FIGURE.sub("#", folded))


def _sentences(text: str, organ: str) -> list[tuple[int, int, str]]:
    """Sentences, and the clauses of each: sentences are composed clause by clause from the pools,
    so a clause can come back next year inside an otherwise new sentence."""
    out = []
    for m in _SENTENCE.finditer(text):
        key = _key(m.group(), organ)
        if len(key.replace("#", "")) >= MIN_CHARS:
            out.append((m.start(), m.end(), key))
        clauses = list(_CLAUSE.finditer(text, m.start(), m.end()))
        if len(clauses) > 1:
            for c in clauses:
                ck = _key(c.group(), organ)
                if len(ck.replace("#", "")) >= MIN_CHARS:
                    out.append((c.start(), c.end(), "clause:" + ck))
    return out


def mark_incidental(reports: list[Any]) -> None:
    """Add the don't-care items to ``r.truth`` for every report (same organ: earlier years; other
    organs: the same or earlier years). Sentences inside an injected copy are left alone."""
    sents = {id(r): _sentences(r.text, r.organ) for r in reports}
    by_organ: dict[str, list[Any]] = {}
    for r in reports:
        by_organ.setdefault(r.organ, []).append(r)
    where: dict[str, dict[str, int]] = {}  # key -> organ -> earliest year
    for r in reports:
        for _, _, k in sents[id(r)]:
            d = where.setdefault(k, {})
            d[r.organ] = min(d.get(r.organ, r.year), r.year)
    for r in reports:
        copies = [(t.start, t.end) for t in r.truth if t.kind.startswith("copied-from") and not t.benign]
        marked: list[tuple[int, int, list[str]]] = []
        for a, b, k in sents[id(r)]:
            if any(a < e and s < b for s, e in copies):
                continue
            d = where[k]
            kinds = []
            if d.get(r.organ, r.year) < r.year:
                kinds += OWN_KINDS
            if any(o != r.organ and y <= r.year for o, y in d.items()):
                kinds += OTHER_KINDS
            if len(d) >= TEMPLATE_ORGANS:
                kinds += TEMPLATE_KINDS
            if kinds and any(s <= a and b <= e and set(kinds) <= set(ks) for s, e, ks in marked):
                continue  # a clause of a sentence already marked for the same kinds
            if kinds:
                marked.append((a, b, kinds))
                r.truth.append(TruthItem("template-text", a, b, None, {
                    "benign": True, "ignore_kinds": kinds,
                    "reason": "sentence repeated by the clause pools with only figures, years or the name changed"}))
