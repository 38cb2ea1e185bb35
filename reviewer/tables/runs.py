"""Digit runs in plain text: the values of a table row whose cells were flattened into text.

A run is a stretch of digits whose cells may be separated by spaces, tabs, full-width spaces or
line breaks (one cell per line), or not separated at all (run together). ``read_run`` turns a run
into the row's cells:

- separators give exactly the number of cells → read as printed ("cells");
- one cell per line with an empty line where a cell is blank → the blank is placed ("cells");
- fewer digits than cells, or digits that add up only with some cells blank → blank cells whose
  place is unknown ("short", spec §4 C5);
- a dash (「/」「—」) between figures is a cell of its own, missing (C5): read when separators and
  dashes make the cells, else blank cells whose place is unknown ("short");
- otherwise the digits are split: every split in which each block's last cell is the sum of the
  others (C3/C4) is kept (``alts``); when no split is consistent, every split into the right number
  of cells is kept (``plain``, bounded) so the table's other equations can pick the candidate.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from reviewer.tables.numbers import split_run
from reviewer.tables.values import _CJK, Value

_RUN = re.compile(r"\d(?:[\d \t\u3000\n/／—－]*\d)?")  # a dash between figures is a cell (C5)
_DASH = re.compile(r"[/／—－]+")
_SEP = re.compile(r"[ \t\u3000\n]+")
MAX_PLAIN = 200  # splits of one run kept when none is consistent; more: too many to name a candidate


@dataclass
class RunRead:
    values: list[Value]
    how: str  # "cells", "split-by-arithmetic", "ambiguous", "none", "short"
    alts: list[list[Value]] = field(default_factory=list)  # consistent splits (several: ambiguous)
    plain: list[list[Value]] = field(default_factory=list)  # any splits, when none is consistent


def _runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Digit runs (spaces, tabs and line breaks allowed inside) in text[lo:hi] with the label text
    before each; a digit glued to a following 「.」「、」 is the next row's item number, not a value."""
    out: list[tuple[int, int, str]] = []
    prev = lo
    for m in _RUN.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        nxt = text[e : e + 2]
        if len(nxt) == 2 and nxt[0] in ".、．" and _CJK.match(nxt[1]):
            e -= 1  # peel the item number
            while e > s and text[e - 1] in " \t\u3000\n":
                e -= 1
        if e <= s:
            continue
        if s > 0 and text[s - 1] in "（(第":
            continue
        out.append((s, e, text[prev:s]))
        prev = e
    return out


def _vals(text: str, s: int, spans: list[tuple[int, int]], note: str = "") -> list[Value]:
    return [Value(int(text[s + a : s + b]), text[s + a : s + b], s + a, s + b, False, note) for a, b in spans]


def _plain_splits(chunk: str, n: int) -> list[list[tuple[int, int]]]:
    """Every split of the run into ``n`` cells (separators are cell boundaries; a cell has one to
    seven digits and no leading zero), at most MAX_PLAIN."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", chunk)]
    out: list[list[tuple[int, int]]] = []

    def rec(gi: int, pos: int, left: int, acc: list[tuple[int, int]]) -> None:
        if len(out) >= MAX_PLAIN:
            return
        if gi == len(groups):
            if left == 0:
                out.append(list(acc))
            return
        gs, ge = groups[gi]
        start = pos if pos >= gs else gs
        if start == ge:
            rec(gi + 1, ge, left, acc)
            return
        rest_digits = sum(b - a for a, b in groups[gi + 1 :])
        for length in range(1, min(7, ge - start) + 1):
            if length > 1 and chunk[start] == "0":
                break
            end = start + length
            need_after = left - 1
            digits_after = (ge - end) + rest_digits
            if need_after < 0 or digits_after < need_after or digits_after > 7 * need_after:
                continue
            acc.append((start, end))
            if end == ge:
                rec(gi + 1, ge, need_after, acc)
            else:
                rec(gi, end, need_after, acc)
            acc.pop()

    rec(0, 0, n, [])
    return out


def _blank_lines(text: str, s: int, e: int, n: int) -> list[Value] | None:
    """One cell per line: an empty line between two numbers is a blank cell. The cells when the
    numbers plus the empty lines make exactly ``n``."""
    chunk = text[s:e]
    cells: list[Value] = []
    pos = 0
    for m in re.finditer(r"\d+", chunk):
        sep = chunk[pos : m.start()]
        if cells and sep.count("\n") >= 2:
            for _ in range(sep.count("\n") - 1):
                at = s + pos + sep.index("\n") + 1
                cells.append(Value(None, "", at, at, True, "blank"))
        elif cells and not _SEP.fullmatch(sep):
            return None
        cells.append(Value(int(m.group()), m.group(), s + m.start(), s + m.end(), False))
        pos = m.end()
    return cells if len(cells) == n and any(v.missing for v in cells) else None


def _blank_reading(chunk: str, blocks: tuple[int, ...]) -> bool:
    """Whether the run adds up when some cells of each block are blank (each block keeps two to
    all of its cells, at least one block fewer)."""
    if sum(ch.isdigit() for ch in chunk) > 40:
        return False
    choices = [range(2, b + 1) for b in blocks]
    for kept in itertools.product(*choices):
        if kept != blocks and split_run(chunk, tuple(kept))[0]:
            return True
    return False


def read_run(text: str, s: int, e: int, blocks: tuple[int, ...]) -> RunRead:
    """The cells of one row (``blocks``: 7 for table 三, 5+5+5 for table 四) from a digit run."""
    chunk = text[s:e]
    n = sum(blocks)
    if _DASH.search(chunk):
        return _dashed(text, s, e, n)
    sols, exact = split_run(chunk, blocks)
    if exact:
        return RunRead(_vals(text, s, sols[0]), "cells")
    if "\n" in chunk:
        lines = _blank_lines(text, s, e, n)
        if lines is not None:
            return RunRead(lines, "cells")
    digits = sum(ch.isdigit() for ch in chunk)
    if digits < n:
        return RunRead([Value(None, chunk, s, e, True, "short") for _ in range(n)], "short")
    if len(sols) == 1:
        return RunRead(_vals(text, s, sols[0]), "split-by-arithmetic")
    if sols:
        alts = [_vals(text, s, sol) for sol in sols]
        vals: list[Value] = []
        for i in range(n):
            spans = {sol[i] for sol in sols}
            if len(spans) == 1:
                a, b = next(iter(spans))
                vals.append(Value(int(chunk[a:b]), chunk[a:b], s + a, s + b, False))
            else:
                vals.append(Value(None, chunk, s, e, True, "ambiguous"))
        return RunRead(vals, "ambiguous", alts=alts)
    if _blank_reading(chunk, blocks):
        # a reading with blank cells adds up where no full one does: the cells are blank (C5),
        # not a wrong total — 「1234」「1234」 with five empty cells between them, run together
        return RunRead([Value(None, chunk, s, e, True, "short") for _ in range(n)], "short")
    spans = _plain_splits(chunk, n)
    plain = [_vals(text, s, sp) for sp in spans] if len(spans) < MAX_PLAIN else []
    return RunRead([Value(None, chunk, s, e, True, "ambiguous") for _ in range(n)], "none", plain=plain)


def _dashed(text: str, s: int, e: int, n: int) -> RunRead:
    """A run with a dash standing for a cell (「100/001」): the dash is a missing value (C5). The
    cells are read when the figures' separators and the dashes make exactly ``n`` cells; otherwise
    the row has blank cells whose place is unknown ("short")."""
    chunk = text[s:e]
    toks = list(re.finditer(r"\d+|[/／—－]", chunk))
    if len(toks) == n:
        return RunRead([Value(None, m.group(), s + m.start(), s + m.end(), True, "dash") if not m.group().isdigit()
                        else Value(int(m.group()), m.group(), s + m.start(), s + m.end(), False) for m in toks], "cells")
    return RunRead([Value(None, chunk, s, e, True, "short") for _ in range(n)], "short")


def _text_values(text: str, s: int, e: int, blocks: tuple[int, ...]) -> list[Value]:
    return read_run(text, s, e, blocks).values
