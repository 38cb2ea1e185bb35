"""Rewrite a composed text into one or more output texts while keeping every offset mappable.

A rewrite walks the old text left to right: each step copies a range, replaces a range with new
text (dropping it when the new text is empty) or inserts text, into one of the outputs (0: the
report, 1: its attachment). Offsets of the old text then map onto the outputs: inside a copied
range linearly, inside a replaced range to the start (or, for a span's end, the end) of its
replacement. Truth spans written while composing stay exact after any crawl layout.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass


@dataclass(slots=True)
class Seg:
    a: int  # old range [a, b)
    b: int
    out: int
    new: str | None  # None: copy old[a:b]
    tag: str = ""  # chrome kind of inserted text ("" for content)
    na: int = 0  # start in the output, set by finish()
    nb: int = 0


class Rewrite:
    def __init__(self, old: str) -> None:
        self.old = old
        self.pos = 0
        self.segs: list[Seg] = []
        self.outs: list[str] = []
        self._keys: list[int] = []
        self._live: list[Seg] = []

    def copy(self, b: int, out: int = 0) -> None:
        assert b >= self.pos
        if b > self.pos:
            self.segs.append(Seg(self.pos, b, out, None))
        self.pos = b

    def replace(self, b: int, new: str, out: int = 0) -> None:
        assert b >= self.pos
        self.segs.append(Seg(self.pos, b, out, new))
        self.pos = b

    def insert(self, new: str, out: int = 0, tag: str = "") -> Seg:
        seg = Seg(self.pos, self.pos, out, new, tag)
        self.segs.append(seg)
        return seg

    def finish(self, n_out: int = 1) -> list[str]:
        """Assemble the outputs; the whole old text must have been walked."""
        assert self.pos == len(self.old), (self.pos, len(self.old))
        parts: list[list[str]] = [[] for _ in range(n_out)]
        lens = [0] * n_out
        for s in self.segs:
            t = self.old[s.a : s.b] if s.new is None else s.new
            s.na = lens[s.out]
            lens[s.out] += len(t)
            s.nb = lens[s.out]
            parts[s.out].append(t)
        self._live = [s for s in self.segs if s.b > s.a]
        self._keys = [s.a for s in self._live]
        self.outs = ["".join(p) for p in parts]
        return self.outs

    def at(self, x: int, end: bool = False) -> tuple[int, int]:
        """(output, offset) of old offset ``x``; ``end``: ``x`` ends a span (maps after a replacement)."""
        live = self._live
        if not live or x >= len(self.old):
            return 0, len(self.outs[0])
        i = (bisect_left(self._keys, x) if end else bisect_right(self._keys, x)) - 1
        if i < 0:
            s = live[0]
            return s.out, s.na
        s = live[i]
        if end and x > s.b or not end and x >= s.b:  # cannot happen: segments cover the old text
            return s.out, s.nb
        if s.new is None:
            return s.out, s.na + (x - s.a)
        return s.out, s.nb if end else s.na

    def span(self, a: int, b: int) -> tuple[int, int, int]:
        """(output, start, end) of the old span [a, b); an empty span maps to a point."""
        out, s = self.at(a)
        if b <= a:
            return out, s, s
        out2, e = self.at(b, end=True)
        if out2 != out or e < s:
            e = s if out2 != out else e
        return out, s, max(s, e)

    def tagged(self) -> list[tuple[int, int, int, str]]:
        """(output, start, end, tag) of every tagged insertion (page chrome)."""
        return [(s.out, s.na, s.nb, s.tag) for s in self.segs if s.tag]
