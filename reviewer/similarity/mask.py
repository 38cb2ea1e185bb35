"""Normalisation before shingling: a copied sentence must hash the same after its year, figures or
organ name were changed, so those are folded to placeholders; punctuation and spaces are dropped so
re-punctuated copies still match."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

NUM = "#"  # any number, year or date figure
NAME = "§"  # the organ's own name (or a short form of it)

_CN_YEAR = r"[〇零一二三四五六七八九]{4}(?=年)"
_NUMBER = r"\d+(?:[.,，]\d+)*%?"
_KEEP = r"[\u3400-\u9fffA-Za-z]+"


@lru_cache(maxsize=4096)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    name_part = f"(?P<name>{alts})|" if alts else ""
    return re.compile(f"{name_part}(?P<num>{_CN_YEAR}|{_NUMBER})|(?P<keep>{_KEEP})")


def mask(text: str, names: tuple[str, ...] = ()) -> tuple[str, np.ndarray, np.ndarray]:
    """Return the masked string and, for each of its characters, the start and end offsets in
    ``text`` (placeholders span the whole name or number they replace)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _pattern(tuple(names)).finditer(text):
        s, e = m.span()
        kind = m.lastgroup
        if kind == "keep":
            out.append(m.group().lower())
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
        else:
            out.append(NAME if kind == "name" else NUM)
            starts.append(s)
            ends.append(e)
    return "".join(out), np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
