"""Normalisation before shingling: a copied sentence must hash the same after its year, figures or
organ name were changed, so those are folded to placeholders; punctuation and spaces are dropped so
re-punctuated copies still match."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from reviewer.similarity.shingle import sorted_unique

NUM = "#"  # any number, year or date figure
NAME = "§"  # the organ's own name (or a short form of it)

_CN_YEAR = r"[〇零一二三四五六七八九]{4}(?=年)"
_NUMBER = r"\d+(?:[.,，]\d+)*%?"
_KEEP = r"[\u3400-\u9fffA-Za-z]+"


_TOKENS = re.compile(f"(?P<num>{_CN_YEAR}|{_NUMBER})|(?P<keep>{_KEEP})")  # what ``mask`` computes
# character classes of the Basic Multilingual Plane, looked up once per text (a character beyond it
# is none of them: it is looked up as U+FFFF)
_KEPT, _DIGIT, _SEP, _YEAR = 1, 2, 4, 8
_CLASS = np.zeros(0x10000, dtype=np.uint8)
_CLASS[0x3400:0xA000] |= _KEPT
_CLASS[ord("A") : ord("Z") + 1] |= _KEPT
_CLASS[ord("a") : ord("z") + 1] |= _KEPT
_CLASS[ord("0") : ord("9") + 1] |= _DIGIT
_CLASS[[ord(c) for c in ".,，"]] |= _SEP
_CLASS[[ord(c) for c in "〇零一二三四五六七八九"]] |= _YEAR


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


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    """``_CLASS`` with every decimal digit of the Basic Multilingual Plane marked ``_DIGIT`` (none
    of them is a kept character), built once per process (about 65,000 look-ups)."""
    table = _CLASS.copy()
    table[[c for c in range(128, 0x10000) if chr(c).isdecimal()]] |= _DIGIT
    return table


def _digits(cp: np.ndarray, cls: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Characters ``\\d`` matches: ASCII digits and any other Unicode decimal digit (the ones of the
    Basic Multilingual Plane marked in ``cls``; one beyond it, rare, is looked up among the distinct
    such characters)."""
    digit = (cls & _DIGIT) > 0
    other = cp > 0xFFFF
    if other.any():
        dec = [c for c in sorted_unique(cp[other]).tolist() if chr(c).isdecimal()]
        if dec:
            digit |= np.isin(cp, dec)
    return digit


def _runs(flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of set values."""
    edge = np.diff(np.concatenate(([0], flag.view(np.int8), [0])))
    return np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)


def mask(text: str, names: tuple[str, ...] = ()) -> tuple[str, np.ndarray, np.ndarray]:
    """Return the masked string and, for each of its characters, the start and end offsets in
    ``text`` (placeholders span the whole name or number they replace).

    The result is that of scanning the text between the names with ``_TOKENS`` (a figure, else a
    run of kept characters, else skip one character), computed on whole arrays: a figure of digits
    is a maximal run of digits joined by single separators, plus a following ``%``; a
    Chinese-numeral year (four numerals before 年) is one only where the scan reaches it, i.e. not
    in the middle of a run of kept characters; every kept character that no figure or name covers
    is kept."""
    n = len(text)
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    names_sp = _name_spans(text, names)
    cls = _classes()[np.minimum(cp, 0xFFFF)]
    kept = (cls & _KEPT) > 0  # the characters of _KEEP
    free = np.ones(n, dtype=bool)  # outside the names: the scan runs between them
    if names_sp:
        ns = np.array(names_sp, dtype=np.int64)
        edge = np.zeros(n + 1, dtype=np.int32)
        edge[ns[:, 0]] += 1
        edge[ns[:, 1]] -= 1
        free = np.cumsum(edge[:-1]) == 0
    kept_free = kept & free
    # figures of digits: \d+(?:[.,，]\d+)*%?
    digit = _digits(cp, cls, kept) & free
    joins = np.zeros(n, dtype=bool)
    if n > 2:
        joins[1:-1] = (cls[1:-1] & _SEP > 0) & free[1:-1] & digit[:-2] & digit[2:]
    fs, fe = _runs(digit | joins)
    pct = fe < n
    pct[pct] = (cp[fe[pct]] == 37) & free[fe[pct]]
    fe = fe + pct
    # Chinese-numeral years: [〇…九]{4}(?=年), where the scan reaches the first numeral
    year = (cls & _YEAR > 0) & free
    if n >= 5:
        at = year[:-4] & year[1:-3] & year[2:-2] & year[3:-1] & (cp[4:] == ord("年")) & free[4:]
        at[1:] &= ~kept_free[: n - 5] | ~kept[1 : n - 4]  # p - 1 not kept, or p not kept (〇)
        ys = np.flatnonzero(at)
    else:
        ys = np.zeros(0, dtype=np.int64)
    starts_all = np.concatenate((fs, ys, ns[:, 0] if names_sp else np.zeros(0, dtype=np.int64)))
    ends_all = np.concatenate((fe, ys + 4, ns[:, 1] if names_sp else np.zeros(0, dtype=np.int64)))
    place = np.concatenate((np.full(len(fs) + len(ys), ord(NUM), dtype=np.uint32), np.full(len(names_sp), ord(NAME), dtype=np.uint32)))
    end = np.where(kept, np.arange(1, n + 1, dtype=np.int64), 0)
    if len(starts_all):
        cover = np.zeros(n + 1, dtype=np.int32)
        cover[starts_all] += 1  # tokens do not overlap: starts are distinct, and so are ends
        cover[ends_all] -= 1
        end[np.cumsum(cover[:-1]) > 0] = 0
        end[starts_all] = ends_all
    starts = np.flatnonzero(end)
    chars = cp[starts]
    chars = chars + ((chars >= 65) & (chars <= 90)).astype(np.uint32) * 32  # lower(): ASCII letters only
    if len(starts_all):
        chars[np.searchsorted(starts, starts_all)] = place
    masked = chars.astype("<u4").tobytes().decode("utf-32-le")
    return masked, starts.astype(np.int32), end[starts].astype(np.int32)
