"""Exact comparison of one report with one source report, clause by clause.

A clause counts as copied when most of its masked characters lie inside common substrings of at least
``N`` characters with the source (n-gram hits, template n-grams excluded). Each clause also records
where in the source its text comes from, so adjacent copied clauses can merge into passages only when
their sources are adjacent too (a reordered copy yields several passages, each with its true source).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewer.similarity.fingerprint import Fingerprint
from reviewer.similarity.shingle import N, sorted_unique

_AR = np.arange(0, dtype=np.int64)


def covered_chars(positions: np.ndarray, length: int, n: int = N) -> np.ndarray:
    """Boolean mask of the characters inside the n-grams starting at ``positions``: a character is
    covered when the last n-gram starting at or before it reaches it."""
    global _AR
    if length == 0:
        return np.zeros(0, dtype=bool)
    if len(positions) and int(positions.max()) >= length:
        positions = positions[positions < length]
    if len(_AR) < length:
        _AR = np.arange(max(length, 2 * len(_AR)), dtype=np.int64)
    last = np.full(length, -n, dtype=np.int64)  # start of the last n-gram at or before each character
    last[positions] = positions
    return np.maximum.accumulate(last) + n > _AR[:length]


def unit_sums(chars: np.ndarray, m0: np.ndarray, m1: np.ndarray) -> np.ndarray:
    """Number of characters set in ``chars`` (boolean) within each unit ``[m0, m1)``: the set
    positions before each end less those before each start."""
    nz = np.flatnonzero(chars)
    return np.searchsorted(nz, m1) - np.searchsorted(nz, m0)


def unit_fraction(chars: np.ndarray, m0: np.ndarray, m1: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Share of each unit's characters set in ``chars``; ``weight`` marks the characters that count."""
    if weight is None:
        return unit_sums(chars, m0, m1) / np.maximum(m1 - m0, 1)
    return unit_sums(chars & weight, m0, m1) / np.maximum(unit_sums(weight, m0, m1), 1)


def _clip(x: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``np.clip`` of an integer array without its Python-level dispatch (the same values)."""
    return np.minimum(np.maximum(x, lo), hi)


def sorted_search(sh: np.ndarray, keys: np.ndarray, order: np.ndarray, side: str = "left",
                  only: np.ndarray | None = None) -> np.ndarray:
    """``np.searchsorted(sh, keys, side)``, the keys looked up in their sorted order (``order``:
    their argsort, kept in the fingerprint): numpy's binary search starts each sorted key where the
    previous one ended, about twice as fast as keys in text order. ``only``: look up just the keys
    where it is set (the other entries of the result are left undefined)."""
    ks = order if only is None else order[only[order]]
    out = np.empty(len(keys), dtype=np.intp)
    out[ks] = np.searchsorted(sh, keys[ks], side=side)  # type: ignore[call-overload]
    return out


@dataclass
class UnitMatch:
    """Per target clause against one source: copied fraction and the source span it came from."""

    cover: np.ndarray  # fraction of the clause's masked characters found in the source
    src_unit: np.ndarray  # index of the source clause (-1: none / outside the source's body)
    src_start: np.ndarray  # span in the source text (meaningful where cover > 0)
    src_end: np.ndarray
    # where the clause's locating n-gram sits among the source's sorted n-grams, and how often it
    # occurs there: text found more than once lets a passage pick the occurrence next to its
    # previous clause's source (see ``alternatives``)
    raw: np.ndarray | None = None  # cover counting template characters too
    junction: np.ndarray | None = None  # junction[u]: the text across the boundary before clause u is copied too
    raw_unit: np.ndarray | None = None  # source clause of each clause's text, template text included (-1: none)
    occ_lo: np.ndarray | None = None
    occ_n: np.ndarray | None = None
    order: np.ndarray | None = None
    src_u_m0: np.ndarray | None = None

    def alternatives(self, u: int) -> np.ndarray | None:
        if self.occ_n is None or self.occ_n[u] <= 1 or self.src_u_m0 is None or not len(self.src_u_m0):
            return None
        pos = self.order[self.occ_lo[u] : self.occ_lo[u] + self.occ_n[u]]
        return sorted_unique(np.clip(np.searchsorted(self.src_u_m0, pos, side="right") - 1, 0, len(self.src_u_m0) - 1))


JUNCTION = 6  # characters each side of a clause boundary that must match in sequence


class Target:
    """What ``compare`` reads of the compared report that is the same for every source: its hashes
    in sorted order, its clause bounds, the junction positions and the per-clause character counts
    the shares divide by, computed once for all the sources of one report."""

    def __init__(self, t: Fingerprint) -> None:
        self.t = t
        self.keys = t.hashes[t.order]  # the hashes in sorted order (``sorted_search``)
        self.nu = len(t.u_m0)
        self.bounds = np.concatenate((t.u_m0, t.u_m1))  # one search finds the start and end of each clause
        self._den: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._junction: dict[tuple[int, int], tuple[np.ndarray, ...]] = {}

    def den(self, weight: np.ndarray | None) -> np.ndarray:
        """``unit_fraction``'s divisor for ``weight`` (kept while the report is aligned)."""
        t = self.t
        if weight is None:
            return np.maximum(t.u_m1 - t.u_m0, 1)
        got = self._den.get(id(weight))
        if got is None or got[0] is not weight:
            got = self._den[id(weight)] = (weight, np.maximum(unit_sums(weight, t.u_m0, t.u_m1), 1))
        return got[1]

    def fraction(self, chars: np.ndarray, weight: np.ndarray | None) -> np.ndarray:
        """``unit_fraction(chars, t.u_m0, t.u_m1, weight)``."""
        return self.sums(chars if weight is None else chars & weight) / self.den(weight)

    def sums(self, chars: np.ndarray) -> np.ndarray:
        """``unit_sums(chars, t.u_m0, t.u_m1)``, both ends found in one search."""
        k = np.searchsorted(np.flatnonzero(chars), self.bounds)
        return k[self.nu :] - k[: self.nu]

    def junctions(self, junction_ok: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
        """(boundaries that may show order, n-gram before, n-gram after, their distance)."""
        key = (id(junction_ok), n)
        got = self._junction.get(key)
        if got is None or got[0] is not junction_ok:
            t = self.t
            b = t.u_m0[1:].astype(np.int64)
            i1, i2 = b - JUNCTION, b + JUNCTION - n
            ok = (i1 >= 0) & (i2 >= 0) & (i2 < len(t.hashes)) & junction_ok[np.minimum(b, len(junction_ok) - 1)]
            i1c, i2c = _clip(i1, 0, len(t.hashes) - 1), _clip(i2, 0, len(t.hashes) - 1)
            got = self._junction[key] = (junction_ok, ok, i1c, i2c, i2c - i1c)
        return got[1:]


def _raw_units(p: Target, s: Fingerprint, mr: np.ndarray, idx: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Per clause of the target: the source clause the middle of its hits (``mr``: every found
    n-gram, template included) lies in (-1: none)."""
    unit = np.full(p.nu, -1)
    if not len(mr) or not len(s.u_m0):
        return unit
    k = np.searchsorted(mr, p.bounds)
    k0, k1 = k[: p.nu], k[p.nu :]
    has = k1 > k0
    sp = order[idx[mr[_clip((k0 + k1 - 1) // 2, 0, len(mr) - 1)]]]
    j = _clip(np.searchsorted(s.u_m0, sp, side="right") - 1, 0, len(s.u_m0) - 1)
    ok = has & (s.u_m0[j] <= sp) & (sp < s.u_m1[j])
    unit[ok] = j[ok]
    return unit


def compare(t: Fingerprint, s: Fingerprint, skip: np.ndarray, exclude: np.ndarray, weight: np.ndarray, n: int = N,
            min_hits: int = 4, junction_ok: np.ndarray | None = None, figures: np.ndarray | None = None,
            runs: bool = False, target: Target | None = None) -> UnitMatch:
    """``skip``: template flag of each of ``t``'s n-grams; ``exclude``: template characters (never
    copied); ``weight``: characters that count (figures do not).

    Template sentences copied in the same order are still copying (a paragraph of stock sentences
    taken whole from another report): the text across a clause boundary shows the order, so each
    boundary whose ``JUNCTION`` characters on both sides match the source consecutively is recorded
    (``junction_ok`` marks the boundaries that are neither figures, prescribed wording nor common
    across organs). ``runs``: also record each clause's raw cover and source clause (``raw_unit``),
    for runs of whole sentences copied in order whatever their wording. ``target``: ``Target(t)``,
    shared by the comparisons of ``t`` with several sources."""
    nu = len(t.u_m0)
    empty = UnitMatch(np.zeros(nu), np.full(nu, -1), np.zeros(nu, np.int64), np.zeros(nu, np.int64))
    if len(t.hashes) == 0 or len(s.hashes) == 0 or nu == 0:
        return empty
    p = target if target is not None and target.t is t else Target(t)
    sh, order = s.sorted_hashes()
    idx = np.empty(len(t.hashes), dtype=np.intp)
    idx[t.order] = np.minimum(np.searchsorted(sh, p.keys), len(sh) - 1)
    found_raw = sh[idx] == t.hashes
    junction = raw = mr = None
    if junction_ok is not None and nu > 1:
        ok, i1c, i2c, dist = p.junctions(junction_ok, n)
        ok = ok & found_raw[i1c] & found_raw[i2c] & (order[idx[i2c]] - order[idx[i1c]] == dist)
        junction = np.concatenate(([False], ok))
        if junction.any():
            mr = np.flatnonzero(found_raw)
            raw = p.fraction(covered_chars(mr, t.n_masked, n), figures)
    raw_unit = None
    if runs:
        if raw is None:
            mr = np.flatnonzero(found_raw)
            raw = p.fraction(covered_chars(mr, t.n_masked, n), figures)
        raw_unit = _raw_units(p, s, mr, idx, order)
    found = found_raw & ~skip
    mi = np.flatnonzero(found)
    if len(mi) < min_hits:  # too few shared n-grams to make any passage
        empty.raw, empty.raw_unit = raw, raw_unit
        if junction is not None and junction.any():
            empty.junction = junction
            _locate_by_junction(empty, s, order[idx[i1c]] + JUNCTION, junction)
        return empty
    src_pos = order[idx[mi]]
    cover = p.fraction(covered_chars(mi, t.n_masked, n) & ~exclude, weight)
    k = np.searchsorted(mi, p.bounds)
    k0, k1 = k[:nu], k[nu:]
    has = k1 > k0
    # per clause, the matched n-gram with the fewest occurrences in the source locates it best
    fo = found[t.order]
    right = np.empty(len(t.hashes), dtype=np.intp)
    right[t.order[fo]] = np.searchsorted(sh, p.keys[fo], side="right")
    occ = right[mi] - idx[mi]
    mid = _clip((k0 + k1 - 1) // 2, 0, len(mi) - 1)
    hu = np.flatnonzero(has)
    if len(hu):
        key = np.minimum(occ, 1 << 20).astype(np.int64) * (1 << 32) + np.arange(len(mi))
        key = np.append(key, np.iinfo(np.int64).max)  # sentinel: k1 of the last clause may be len(mi)
        bounds = np.column_stack((k0[hu], k1[hu])).ravel()
        best = np.minimum.reduceat(key, bounds)[::2]  # reduce over [k0, k1) of each clause
        mid[hu] = (best & ((1 << 32) - 1)).astype(mid.dtype)
    occ_lo = idx[mi[mid]]
    occ_n = np.where(has, occ[mid], 0)
    sp = src_pos[mid]
    j = _clip(np.searchsorted(s.u_m0, sp, side="right") - 1, 0, max(len(s.u_m0) - 1, 0))
    inside = has & (len(s.u_m0) > 0)
    if len(s.u_m0):
        inside &= (s.u_m0[j] <= sp) & (sp < s.u_m1[j])
    src_unit = np.where(inside, j, -1)
    a = s.u_start[j].astype(np.int64) if len(s.u_m0) else np.zeros(nu, np.int64)
    b = s.u_end[j].astype(np.int64) if len(s.u_m0) else np.zeros(nu, np.int64)
    outside = has & ~inside
    if outside.any():  # matched outside the source's clauses (a heading, a table): the n-gram's own span
        last = s.n_masked - 1
        a = np.where(outside, s.mstart[np.minimum(sp, last)], a)
        b = np.where(outside, s.mend[np.minimum(sp + n - 1, last)], b)
    cover = np.where(has, cover, 0.0)
    m = UnitMatch(cover, src_unit, a.astype(np.int64), b.astype(np.int64), raw, junction, raw_unit, occ_lo, occ_n, order, s.u_m0)
    if junction is not None and junction.any():
        _locate_by_junction(m, s, order[idx[i1c]] + JUNCTION, junction)
    return m


def _locate_by_junction(m: UnitMatch, s: Fingerprint, src_at_boundary: np.ndarray, junction: np.ndarray) -> None:
    """Clauses located by no n-gram of their own (template) get their source from a copied boundary."""
    if not len(s.u_m0):
        return
    for u in np.flatnonzero(junction).tolist():
        sb = int(src_at_boundary[u - 1])  # source position of the first character of clause u
        for v, pos in ((u, sb), (u - 1, sb - 1)):
            if m.src_unit[v] >= 0 or pos < 0:
                continue
            j = int(np.searchsorted(s.u_m0, pos, side="right") - 1)
            if 0 <= j < len(s.u_m0) and s.u_m0[j] <= pos < s.u_m1[j]:
                m.src_unit[v], m.src_start[v], m.src_end[v] = j, int(s.u_start[j]), int(s.u_end[j])
