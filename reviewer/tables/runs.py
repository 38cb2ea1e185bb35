"""Digit runs in plain text: the values of a table row whose cells were flattened into text."""

from __future__ import annotations

import re

from reviewer.tables.numbers import split_run
from reviewer.tables.values import _CJK, Value

_RUN = re.compile(r"\d(?:[\d ]*\d)?")


def _runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Digit runs (spaces allowed inside) in text[lo:hi] with the label text before each; a digit
    glued to a following 「.」「、」 is the next row's item number, not a value."""
    out: list[tuple[int, int, str]] = []
    prev = lo
    for m in _RUN.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        nxt = text[e : e + 2]
        if len(nxt) == 2 and nxt[0] in ".、．" and _CJK.match(nxt[1]):
            e -= 1  # peel the item number
            while e > s and text[e - 1] == " ":
                e -= 1
        if e <= s:
            continue
        if s > 0 and text[s - 1] in "（(第":
            continue
        out.append((s, e, text[prev:s]))
        prev = e
    return out


def _text_alternatives(text: str, s: int, e: int, blocks: tuple[int, ...]) -> list[list[Value]]:
    """Every way the run splits (more than one only when digits ran together)."""
    chunk = text[s:e]
    sols, _exact = split_run(chunk, blocks)
    return [[Value(int(chunk[a:b]), chunk[a:b], s + a, s + b, False) for a, b in sol] for sol in sols]


def _text_values(text: str, s: int, e: int, blocks: tuple[int, ...]) -> list[Value] | None:
    chunk = text[s:e]
    sols, _exact = split_run(chunk, blocks)
    n = sum(blocks)
    if not sols:
        return [Value(None, chunk, s, e, True, "ambiguous") for _ in range(n)]
    vals: list[Value] = []
    for i in range(n):
        spans = {sol[i] for sol in sols}
        if len(spans) == 1:
            a, b = next(iter(spans))
            vals.append(Value(int(chunk[a:b]), chunk[a:b], s + a, s + b, False))
        else:
            vals.append(Value(None, chunk, s, e, True, "ambiguous"))
    return vals

