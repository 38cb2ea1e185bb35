"""Reading numbers out of table cells and prose, and recovering cells that ran together.

A blank, 「/」, 「—」 or 「-」 is a *missing* value (spec §4 C5), never zero: an organ that leaves a
cell empty has not reported zero. Flattened tables (cell values concatenated without separators, as
in archived pages) are split only where exactly one split satisfies the row's own sum; anything
else stays unknown, so no number is ever guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

DASHES = frozenset({"/", "／", "-", "—", "–", "－", "——", "--", "―", "\\", "无", "空", "×", "x", "X", "*"})
_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_UNIT = re.compile(r"(?:万元|元|件|条|个|项|次|人次|%)$")


@lru_cache(maxsize=8192)  # a report reads each cell several times; the texts repeat ("0", "", "/")
def parse_cell(raw: str) -> tuple[float | int | None, str]:
    """(number, note) for a cell's text. ``note`` is "" for a readable number, else "blank",
    "dash" or "unparsed"; numbers keep thousand separators, full-width digits and a trailing unit
    out of the way (4,970 → 4970; ４５.６万元 → 45.6)."""
    if raw.isascii() and raw.isdigit():
        return int(raw), ""
    s = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if not s:
        return None, "blank"
    if s in DASHES or set(s) <= set("-—–/／－―_"):
        return None, "dash"
    s = _UNIT.sub("", s).replace(",", "").replace("，", "")
    if _NUM.match(s):
        return (float(s) if "." in s else int(s)), ""
    return None, "unparsed"


def parse_prose_number(s: str) -> int | float | None:
    """A number as written in prose: 4,970 / 4970 / ４９７０ / 45.6."""
    t = unicodedata.normalize("NFKC", s).replace(",", "").replace("，", "").strip()
    if _NUM.match(t):
        return float(t) if "." in t else int(t)
    return None


def split_run(chunk: str, blocks: tuple[int, ...]) -> tuple[list[list[tuple[int, int]]], bool]:
    """Split a run of digits (spaces = known cell boundaries) into ``sum(blocks)`` cells, where each
    block's last cell is the sum of its others (a row of table 三 is one block of 7; table 四 is
    three blocks of 5). Returns (solutions as spans into ``chunk``, exact) — ``exact`` when the
    separators alone determined the cells."""
    total = sum(blocks)
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", chunk)]
    if len(groups) == total:
        return [groups], True
    digits = "".join(chunk[s:e] for s, e in groups)
    # map positions in ``digits`` back to ``chunk``
    back: list[int] = []
    cuts: set[int] = set()
    for s, e in groups:
        if back:
            cuts.add(len(back))
        back.extend(range(s, e))
    if len(digits) == total:
        return [[(back[i], back[i] + 1) for i in range(total)]], True
    if len(digits) > total * 7 or len(digits) < total:
        return [], False
    sols: list[list[tuple[int, int]]] = []
    fixed = frozenset(cuts)

    def rec(pos: int, bi: int, acc: list[tuple[int, int]]) -> None:
        if len(sols) > 8:
            return
        if bi == len(blocks):
            if pos == len(digits):
                sols.append(list(acc))
            return
        # the block's last cell is the sum of the others, so it is not enumerated: it must read
        # exactly str(sum) (no leading zero, at most 7 digits, no separator inside) — the one
        # length the full enumeration would have accepted, in the same order
        for head in _block_parts(digits, pos, blocks[bi] - 1, fixed, 1 + sum(blocks[bi + 1 :])):
            start = head[-1][1] if head else pos
            last = str(sum(int(digits[s:e]) for s, e in head))
            end = start + len(last)
            if len(last) > 7 or digits[start:end] != last or any(start < c < end for c in fixed):
                continue
            rec(end, bi + 1, [*acc, *head, (start, end)])

    rec(0, 0, [])
    return [[(back[s], back[e - 1] + 1) for s, e in sol] for sol in sols], False


def _block_parts(digits: str, start: int, n: int, cuts: frozenset[int], after: int = 0) -> Iterator[list[tuple[int, int]]]:
    """Cut ``n`` parts from ``start`` (not necessarily to the end); the block must end on a cut
    position or a digit boundary (any position, as blocks are adjacent). ``after`` cells of one
    to seven digits must still follow: cuts that leave too few or too many digits for them are
    not tried (they could never complete a split)."""
    if n == 0:
        yield []
        return
    for length in range(1, min(7, len(digits) - start) + 1):
        end = start + length
        if length > 1 and digits[start] == "0":
            break
        if any(start < c < end for c in cuts):
            break
        cells, left = n - 1 + after, len(digits) - end
        if left < cells:
            break
        if left > 7 * cells:
            continue
        for rest in _block_parts(digits, end, n - 1, cuts, after):
            yield [(start, end), *rest]
