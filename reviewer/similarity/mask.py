"""Normalisation before shingling: a copied sentence must hash the same after its year, figures or
organ name were changed, so those are folded to placeholders; punctuation and spaces are dropped so
re-punctuated copies still match."""

from __future__ import annotations

import re

import numpy as np

NUM = "#"  # any number, year or date figure
NAME = "§"  # the organ's own name (or a short form of it)

_CN_YEAR = r"[〇零一二三四五六七八九]{4}(?=年)"
_NUMBER = r"\d+(?:[.,，]\d+)*%?"
_KEEP = r"[\u3400-\u9fffA-Za-z]+"


_TOKENS = re.compile(f"(?P<num>{_CN_YEAR}|{_NUMBER})|(?P<keep>{_KEEP})")


def _name_spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Occurrences of the names, longest first, not overlapping (str.find: no regex per organ)."""
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        i = text.find(name)
        while i != -1:
            e = i + len(name)
            if not any(s < e and i < t for s, t in taken):
                taken.append((i, e))
            i = text.find(name, e)
    return sorted(taken)


def mask(text: str, names: tuple[str, ...] = ()) -> tuple[str, np.ndarray, np.ndarray]:
    """Return the masked string and, for each of its characters, the start and end offsets in
    ``text`` (placeholders span the whole name or number they replace)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for ns, ne in [*_name_spans(text, names), (len(text), len(text))]:
        for m in _TOKENS.finditer(text, pos, ns):
            s, e = m.span()
            if m.lastgroup == "keep":
                out.append(m.group().lower())
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
            else:
                out.append(NUM)
                starts.append(s)
                ends.append(e)
        if ne > ns:
            out.append(NAME)
            starts.append(ns)
            ends.append(ne)
        pos = ne
    return "".join(out), np.asarray(starts, dtype=np.int32), np.asarray(ends, dtype=np.int32)
