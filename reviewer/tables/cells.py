"""Rows of reader cells (HTML/DOCX/PDF/pipe/tab tables) as candidate table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from reviewer.model import Cell, Document
from reviewer.tables.labels import t3_row_key
from reviewer.tables.numbers import parse_cell
from reviewer.tables.values import _CJK, Value


@dataclass
class _Cand:
    label: str
    values: list[Value]
    start: int  # start of the row (label or first value)
    end: int
    context: str = ""  # text before the row (for table 四 block names)
    alts: list[list[Value]] = field(default_factory=list)  # every consistent split of run-together digits
    plain: list[list[Value]] = field(default_factory=list)  # any split, when none is consistent
    how: str = "cells"  # how the values were read (runs.RunRead.how)
    raw: str = ""  # the digit run, for text rows


@lru_cache(maxsize=8192)  # cell texts repeat across rows and reports ("0", "自然人", …)
def _is_label(text: str) -> bool:
    """A cell text that names a row (Chinese, not a number) rather than holding a value."""
    if not _CJK.search(text):
        return False
    _, note = parse_cell(text)
    return note == "unparsed"


def _cell_value(c: Cell) -> Value:
    num, note = parse_cell(c.text)
    return Value(num, c.text, c.start, c.end, num is None, note)


def _parsed_rows(doc: Document) -> list[tuple[int, list[Cell], list[Value]]]:
    """Every table row once: (table index, label cells, values right of the last label cell)."""
    out: list[tuple[int, list[Cell], list[Value]]] = []
    for ti, t in enumerate(doc.tables):
        for row in t.rows:
            last_label = -1
            for i, c in enumerate(row):
                if _is_label(c.text):
                    last_label = i
            out.append((ti, row[: last_label + 1], [_cell_value(c) for c in row[last_label + 1 :]]))
    return out


def _fit(values: list[Value], width: int, pad: bool = False) -> list[Value] | None:
    """Exactly ``width`` values from the right of a row: layout blanks at either end are dropped.
    With ``pad``, a row one value short gets a blank last value: a reader that takes a trailing
    「|」 for a closing pipe drops an empty last cell (a blank 总计)."""
    lo, hi = 0, len(values)
    if hi < width - 1 or (hi == width - 1 and not pad):
        return None  # too short even with a blank last value
    while hi - lo > width and not values[hi - 1].raw.strip():
        hi -= 1
    while hi - lo > width and not values[lo].raw.strip():
        lo += 1
    vals = values[lo:hi]
    if pad and len(vals) == width - 1 and vals:
        end = vals[-1].end
        vals = [*vals, Value(None, "", end, end, True, "blank")]
    return vals if len(vals) == width else None


def _cell_candidates(doc: Document, width: int, parsed: list[tuple[int, list[Cell], list[Value]]]) -> list[_Cand]:
    full: dict[int, int] = {}
    fits = [_fit(values, width) for _ti, _labels, values in parsed]
    for (ti, _labels, _values), fit in zip(parsed, fits, strict=True):
        if fit is not None:
            full[ti] = full.get(ti, 0) + 1
    out: list[_Cand] = []
    for (ti, labels, values), fit in zip(parsed, fits, strict=True):
        # a row that fits as it is fits the same with padding allowed (padding only adds a value to a
        # row one short), so only the rows that did not fit are tried again
        vals = fit if fit is not None else _fit(values, width, pad=full.get(ti, 0) >= 3 or width == 15)
        if vals is None:
            continue
        label = "".join([c.text for c in labels])
        if vals[0].missing and all(v.missing for v in vals) and (width != 7 or t3_row_key(label) is None):
            continue  # a spacer or header row
        if width == 15 and labels:
            continue  # table 四's row of numbers has no label
        start = labels[0].start if labels else vals[0].start
        out.append(_Cand(label, vals, start, max(v.end for v in vals)))
    return out
